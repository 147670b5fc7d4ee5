"""Lines of labelled fields: a record over lines (发榜单位：甲；揭榜单位：乙；合作单位：丙;
企业名称：甲；所在园区：丙), an alliance's council a line an office (理事长单位：甲), and lines
that pair two names (一、甲——乙). The list reader (ner/relations/lists.py) holds the state."""

from __future__ import annotations

import re

from ..model import Mention
from .rules import ALLIANCE
from .skeleton import Skeleton
from .tables import ENDED

# 一、甲——乙 / 3. 甲（丙派出机构）—乙: a line that pairs two names
PAIR_LINE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[0-9]{1,2}[.．、]|[（(][一二三四五六七八九十0-9]{1,3}[）)])?\s*"
    r"<[A-Z](\d+)>(?:[（(][^（）()]{0,20}[）)])?\s*(?:——|—|－－|--)\s*<[A-Z](\d+)>(?:[（(][^（）()]{0,20}[）)])?\s*[。；;]?\s*$"
)
# The offices of an alliance's council, a line each (理事长单位：甲; 成员单位（部分）：乙、丙)
ROSTER_FIELD = re.compile(r"\s*(?:[一二三四五六七八九十0-9]+[、.．]\s*)?(理事长|副理事长|秘书长|常务理事|理事|成员|会员)单位"
                          r"(?:[（(][^（）()]{0,6}[）)])?[：:]\s*")
# 资助经费：50万元 among a record's lines: a field of the item, no end of the list
# (榜单二：, 项目3： begin the next item: a numbered label is no field)
ANY_FIELD = re.compile(r"\s*(?![^：:]{0,10}[一二三四五六七八九十0-9])[\u4e00-\u9fff（）()]{2,10}[：:]")
CATEGORY_FIELD = re.compile(r"(?:计划|项目|专项)?类(?:别|型)[：:]")
# the same offices stated in running text (甲当选理事长单位; 乙等18家单位为成员单位)
ROSTER_STATED = re.compile(r"(?:当选(?:为)?|为|担任|成为)(?:联盟)?(?:首批)?(理事长|副理事长|秘书长|常务理事|理事|成员|会员)单位")
RECORD_FIELD = re.compile(r"(发榜单位|联合揭榜单位|揭榜单位|项目承担单位|承担单位|协作单位|合作单位|参与单位|牵头单位)[：:为是]\s*"
                          r"|(企业名称|单位名称|企业|所在园区|入驻园区|所在载体|所在地区|所在地|所属地区)[：:]\s*")


class FieldLines:
    """The field-line part of the list reader (ner/relations/lists.py)."""

    record: dict[str, list[Mention]]
    roster_chair: list[Mention]

    def _pair_line(self, idx: int, skel: Skeleton) -> None:
        """一、甲——乙 (a list of pairs: 结对共建, 校企对接): the two of a line work together."""
        m = PAIR_LINE.match(skel.text)
        if not m:
            return
        a, b = skel.slots[int(m.group(1))], skel.slots[int(m.group(2))]
        if a.is_org and b.is_org:
            for x in a.names():
                for y in b.names():
                    self.emitter.relate("PARTNERS_WITH", x, y, idx, "——", "list")

    def _line_of(self, idx: int) -> str:
        """The text of the paragraph (a line) sentence idx stands in."""
        para, k, j = self.discourse.paragraph, idx, idx
        while k > 0 and para[k - 1] == para[idx]:
            k -= 1
        while j + 1 < len(self.sentences) and para[j + 1] == para[idx]:
            j += 1
        return "".join(s.text for s in self.sentences[k : j + 1])

    def _record(self, idx: int, skel: Skeleton) -> None:
        """发榜单位：甲；揭榜单位：乙，协作单位：丙 (one line, maybe several sentences): those who
        set the task, take it and help work together."""
        para = self.discourse.paragraph[idx]
        # a record goes on over lines that each begin with a field (发榜单位：甲\n揭榜单位：乙)
        # (资助经费：35万元 between a record's fields goes on with the record)
        field_line = RECORD_FIELD.match(skel.text.lstrip()) or (self.record and ANY_FIELD.match(skel.text))
        if para != self.record_para and not (field_line and self.record and para == self.record_para + 1):
            self.record, self.record_undertaken, self.record_own_program = {}, False, False
        self.record_para = para
        for m in RECORD_FIELD.finditer(skel.text):
            g = next((g for g in skel.groups if g.start >= m.end()), None)
            if g is None or skel.text[m.end() : g.start].strip():
                continue
            role = self.rules.columns.get(m.group(1) or m.group(2), "")
            # (a park may read as a designation: 梧州高新技术产业开发区)
            names = [n for s in g.slots if s.is_org or s.kind == "A" or (role == "park" and s.kind == "D")
                     for n in s.names()]
            self.record.setdefault(role, []).extend(names)
        taker = self.record.get("member", []) + self.record.get("leader", [])
        for a in taker:  # 企业名称：甲；所在园区：丙
            for park in self.record.get("park", []):
                self.emitter.relate("SETTLED_IN", a, park, idx, "所在园区", "list")
        for a in taker:
            for b in self.record.get("partner", []) + self.record.get("setter", []):
                self.emitter.relate("PARTNERS_WITH", a, b, idx, "揭榜", "list")
        p = self.pending
        self.record_undertaken = self.record_undertaken or "承担单位" in skel.text
        # 计划类别：市重点研发计划 says which program the row is of; 予以终止, 取消 ends it
        if taker and not self.record_own_program:
            self.record_own_program = bool(CATEGORY_FIELD.search(self._line_of(idx)))
        ended = ENDED.search(self.sentences[idx].text)
        if self.record_undertaken and taker and p is not None and not self.record_own_program and not ended and all(
                o.mention is not None and o.mention.label == "Program" for o in p.objects):
            # 承担单位：甲；合作单位：乙 under a program's list: the partner works on the project too
            for b in taker + self.record.get("partner", []):
                for obj in p.objects:
                    for tail in obj.names():
                        self.emitter.relate("JOINED", b, tail, idx, p.cue, "list", p.planned)
        if taker:  # who set the task works with all who took it, the co-takers too
            for a in self.record.get("setter", []):
                for b in self.record.get("partner", []):
                    self.emitter.relate("PARTNERS_WITH", a, b, idx, "揭榜", "list")

    def _roster(self, idx: int, skel: Skeleton) -> None:
        """理事长单位：甲 / 副理事长单位：乙、丙 / 成员单位：丁 under an alliance the text is about:
        the chair leads it, the others build it with the chair."""
        text = self.sentences[idx].text
        m = ROSTER_FIELD.match(text)
        stated = None if m else ROSTER_STATED.search(text)
        if not m and not stated:
            return
        alliance = next((h for h in reversed(self.discourse.history) if ALLIANCE.search(h.name)), None)
        if alliance is None:
            return
        if stated:  # 甲当选理事长单位；乙、丙等18家单位为成员单位: the names before the office
            m = stated
            clause = max(text.rfind(c, 0, m.start()) for c in "，,；;。") + 1
            names = [n for s in skel.slots if s.is_org and clause <= s.src_start and s.src_end <= m.start()
                     for n in s.names() if n is not alliance]
        else:
            names = [n for s in skel.slots if s.is_org and s.src_start >= m.end() for n in s.names()]
        if m.group(1) == "理事长":
            self.roster_chair = names
            for n in names:
                self.emitter.relate("LEADS", n, alliance, idx, m.group(0).rstrip("：: "), "list")
            return
        for n in names:
            self.emitter.relate("CO_BUILDS", n, alliance, idx, m.group(0).rstrip("：: "), "list")
            for chair in self.roster_chair:
                self.emitter.relate("PARTNERS_WITH", chair, n, idx, m.group(0).rstrip("：: "), "list")
