"""Enumerations: the names of a list take part in the event its heading states.

- A count, then the list: 共有6家企业被认定为高新技术企业…这6家企业分别是：甲、乙…; an event
  whose subject is only a count (共有9个项目获批…, 湖州市共有8家入选) waits for its members.
- A list after a colon or a list word: 名单如下：, 分别为：, 包括：, in the same sentence or on the
  lines that follow, one name per line or numbered (1. （一） 一、).
- Tables rendered as lines: a heading row gives each column a role; every row then relates
  its cells (ner/relations/tables.py).
- Rows that name a platform's host: 甲中心  依托单位：乙 (乙 leads 甲; two hosts that 共建 it
  co-build it).
- A tally with its members in brackets: 新增自治区级科技企业孵化器3家（甲、乙、丙）.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Mention, Sentence
from .discourse import Discourse
from .emit import Emitter
from .records import ANY_FIELD, RECORD_FIELD, FieldLines
from .roles import Frame
from .rules import RelationRules
from .skeleton import Group, Skeleton, Slot
from .tables import CELL_BREAK, ENDED, TableRows, _header_break, _kind

# A heading that announces a list after it.
LIST_INTRO = re.compile(r"(?:名单如下|如下|分别是|分别为|依次为|包括|有|为|是)[：:]\s*$|[：:]\s*$")
IN_SENTENCE_LIST = re.compile(r"(?:名单如下|如下|分别是|分别为|依次为|包括|名单为|的(?:单位|企业|高校|机构|院所|平台)?(?:有|为|是|包括))[：:]?|[，,]即(?=[“\"]?<)")
NUMBERING = re.compile(r"^\s*(?:序号)?\s*(?:[0-9]{1,3}\s*[.、．)）]?|[(（][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.．])\s*")
TALLY = re.compile(r"(?:新增|新认定|新获批|新入选|新培育|获批|认定|入选)(?:了)?(?P<obj><[PDF]\d+>)[0-9一二两三四五六七八九十百]+[家个所项](?P<list>[(（][^()（）]*[)）])")


# 公司拥有的主要研发平台情况如下： a table of what the organisation named before owns
OWNED_TABLE = re.compile(r"(?:拥有|建有|设有)的?[^<>，。；,;]{0,12}(?:平台|中心|实验室|机构|载体)[^<>，。；,;]{0,8}(?:如下|见下表)[：:]?\s*$")

# 丙2024年度新入驻企业名单, 丙新入孵企业情况: the list's members settled in 丙
SETTLERS_LIST = re.compile(r"<F(\d+)>[^<>，。；,;]{0,16}?(?:新)?(入驻|入园|入孵|落户|引进)(?:的)?(?:在孵)?"
                           r"(?:企业|项目|团队|单位)(?:名单|情况|如下|一览)")


# 二、拟认定市级众创空间 / （三）拟立项项目: a section heading naming what its items join
SETTLE_INTRO = re.compile(r"\s*[^<>，。；]{0,8}?((?:新)?(?:入孵|入驻|在孵|引进))(?:的)?(?:企业|项目|团队|单位)(?:名单)?"
                          r"(?:为|有|包括|如下|分别为|分别是)[：:]?\s*(?=[“\"]?<)")
OTHER_COUNT = re.compile(r"[0-9一二两三四五六七八九十百]+(?:家|个|所|项|名)")
TITLE_FIELD = re.compile(r"(?:项目|课题|成果)名称[：:][^；;。]*")
SECTION_OF = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*(?:拟)?(认定|立项|入选|获批|新增|支持)?"
                        r"[^。；;：:]{0,30}$")

# The role words of a list row: 依托单位：甲, ——依托甲, 共建单位：乙, 运营单位：丙.
ROW_ROLE = re.compile(r"(依托单位|共建单位|建设单位|建设主体|共建主体|运营单位|运营主体|运营机构|举办单位|完成单位|承担单位|获奖单位|申报单位|所在园区|合作单位|依托)"
                      r"[：:为是]?\s*")
ROW_MEMBER = frozenset({"完成单位", "承担单位", "获奖单位", "申报单位"})
OWNER_OF_COUNT = re.compile(r"(?:的)?[\u4e00-\u9fff]{0,6}?(?:企业|单位|机构|公司|团队|项目)[0-9一二两三四五六七八九十百]+[家个项]")
TALLY_OPEN = re.compile(r"(?:新增|新认定|新获批|新入选|新培育|新建)(?:了)?(?P<obj><[PDF]\d+>)[0-9一二两三四五六七八九十百]+[家个所项](?![(（])")
SCHEME_END = re.compile(r"(?:计划|专项|基金|工程|项目|奖|大赛)$")
# 新入驻企业22家, 已入驻返乡创业主体36家, 累计引进项目12个
SETTLE_TALLY = re.compile(r"(入驻|入孵|在孵|入园|落户|引进)(?:了)?[^<>，。；,;]{0,12}?(?:<X\d+>)?[0-9一二两三四五六七八九十百]+(?:家|个)")
# Between two members of a list after 其中: a count and a separator (甲6项、乙2项).
LIST_GOES_ON = re.compile(r"[0-9一二两三四五六七八九十百]*[家个项所名人]?[、，,和及]")
COUNT_SUBJECT = re.compile(r"(?:共有|共计|共|有|合计|新增)?[0-9一二两三四五六七八九十百]+(?:家|个|所|项|位)")


@dataclass
class Pending:
    """An event waiting for its members: what they join (or settle in, or lead), and how."""

    frame: str
    objects: list[Slot]
    sentence: int
    cue: str
    planned: bool


class ListReader(TableRows, FieldLines):
    """Reads a document's lists and tables, sentence by sentence; see the module docstring."""

    def __init__(self, sentences: list[Sentence], discourse: Discourse, emitter: Emitter, rules: RelationRules):
        self.sentences = sentences
        self.discourse = discourse
        self.emitter = emitter
        self.rules = rules
        self.pending: Pending | None = None
        self.pending_age = 0
        self.items_seen = False
        self.columns: list[tuple[str, str]] = []  # (heading, role) of the current table
        self.cell_break: re.Pattern[str] = CELL_BREAK  # how the current table parts its cells
        self.item_platform: list[Slot] = []  # 1. 甲中心 on a line of its own, its fields below
        self.item_roles: dict[str, list[Mention]] = {}
        self.roster_chair: list[Mention] = []  # 理事长单位：甲 of the alliance the text is about
        self.table_owner: list[Mention] = []  # 公司拥有的研发平台如下: whose platforms the table lists
        self.skeletons: dict[int, list[Slot]] = {}
        self.settle_next: Pending | None = None
        self.record: dict[str, list[Mention]] = {}
        self.record_undertaken = False  # the record names who undertakes a project (承担单位)
        self.record_own_program = False  # the record says which program it is of (计划类别)
        self.record_para = -1
        self.column_roles = rules.columns

    def read(self, idx: int, skel: Skeleton, frames: list[Frame]) -> None:
        """Relations the sentence's place in a list gives; then what it announces."""
        text = self.sentences[idx].text
        self.skeletons[idx] = skel.slots
        header = self._table_header(text)
        if header:
            self.columns = header
            self.cell_break = _header_break(text)
            self.table_owner = self._owner_above(idx)
            if any(role == "stake" for _, role in header):
                self.pending = None  # a table of holdings lists no winners of anything
            elif self.pending is None:
                self.pending = self._program_above(idx)
            return
        if self.columns and CELL_BREAK.search(text.strip()):
            self._table_row(idx, skel)
            self.items_seen = True
            return
        if self.columns:  # the table ended: what follows (the issuer's signature) is no row of it
            self.columns, self.pending, self.items_seen = [], None, False
        item = self._is_item(skel)
        field = ROW_ROLE.match(skel.text.lstrip())
        if item or (self.item_platform and field and field.group(1) != "依托"):
            self._row_hosts(idx, skel)
        if item:
            self._pair_line(idx, skel)
        if self.pending is not None and (item or self._announced_here(skel)):
            for g in self._members(skel, item):
                self._apply(self.pending, g, idx)
            if item:
                self.pending_age = 0
                self.items_seen = True
        self._tally(idx, skel)
        self._settled_tally(idx, skel)
        self._record(idx, skel)
        self._roster(idx, skel)
        self._update_pending(idx, skel, frames, item)

    # -- what a sentence announces ----------------------------------------------------------------
    def _update_pending(self, idx: int, skel: Skeleton, frames: list[Frame], item: bool) -> None:
        text = self.sentences[idx].text
        new: Pending | None = None
        for f in frames:
            if f.name not in ("join", "lead", "settle", "designate") or not f.objects or f.modality == "negated":
                continue
            orphan = not any(s.names() for s in f.agents)
            if orphan or LIST_INTRO.search(text) or IN_SENTENCE_LIST.search(text[f.trigger.end :]):
                new = Pending(f.name, f.objects, idx, f.trigger.cue, f.modality == "planned")
                if orphan and not LIST_INTRO.search(text):
                    # the members may follow after a colon, or 其中, in this very sentence
                    self._apply_after_colon(new, idx, skel, f)
                    self._apply_among(new, idx, skel, f.trigger.end)
        # 甲、乙被列入丙名单: the list came before the word, it announces none to follow
        stated = any(f.name == "join" and f.modality != "negated" and any(s.names() for s in f.agents)
                     for f in frames)
        if new is None and (LIST_INTRO.search(text) or (re.search(r"名单", text) and not stated)):
            objs = [s for s in skel.slots if s.kind in ("P", "D")]
            named = [s for s in objs if s.mention is not None and SCHEME_END.search(s.mention.name)]
            if named or (objs and not LIST_INTRO.search(text)):
                new = Pending("join", (named or objs)[:1], idx, "名单", "拟" in text)
            elif LIST_INTRO.search(text):
                # 名单如下： under a sentence (or a title) that names it
                new = self._program_above(idx + 1)
        section = SECTION_OF.match(text) if new is None else None
        if section and ENDED.search(text):
            self.pending = None  # 二、项目终止: what follows left the list
            return
        if section:  # 二、拟认定市级众创空间 (a section heading): its items join what it names
            objs = [s for s in skel.slots if s.kind in ("P", "D")]
            if objs:
                new = Pending("join", objs[-1:], idx, section.group(1) or "", "拟" in text)
        settlers = SETTLERS_LIST.search(skel.text) if new is None else None
        if settlers:  # 丙2024年度新入驻企业名单 (a title, or 现将丙…名单公布如下：)
            new = Pending("settle", [skel.slots[int(settlers.group(1))]], idx, settlers.group(2), "拟" in text)
        if new is not None:
            self.pending, self.pending_age, self.items_seen = new, 0, False
        elif not item and not (NUMBERING.match(text) and not skel.groups) and not RECORD_FIELD.match(text.lstrip()) \
                and not (self.record and ANY_FIELD.match(text)):
            # a list ends at the first line that is no item (特此公告。 and the signature after it);
            # an announcement waits one sentence for its list (这6家企业分别是：…); a numbered
            # title without names (1. 项目名称：…) heads the item lines that follow it
            self.pending_age += 1
            if self.pending_age > 1 or self.items_seen:
                self.pending, self.items_seen = None, False

    def _announced_here(self, skel: Skeleton) -> bool:
        """这6家企业分别是：…, 名单如下：… at the start of the sentence after the count."""
        return bool(re.match(r"^\s*(?:这|上述|以上|其中)?(?:[^<>。；]|<[A-Z]\d+>){0,16}?(?:分别是|分别为|依次为|包括|名单如下|如下|是|为)[：:]",
                             skel.text))

    def _members(self, skel: Skeleton, item: bool) -> list[Group]:
        field = ROW_ROLE.match(skel.text.lstrip())
        if item and self.item_platform and field and field.group(1) != "依托":
            return []  # 依托单位：乙 under 1. 甲中心: 甲 joined, not its host
        if item:
            park = re.search(r"所在园区[：:]", skel.text)
            title = TITLE_FIELD.search(skel.text)  # 项目名称：乙平台研发；: a name in a title is no member
            groups = [g for g in skel.groups if any(s.is_org for s in g.slots) and not (park and g.start >= park.end())
                      and not (title and title.start() <= g.start < title.end())]
            return groups[:1]
        m = re.search(r"[：:]", skel.text)
        start = m.end() if m else 0
        return [g for g in skel.groups if g.start >= start and any(s.is_org for s in g.slots)]

    def _apply_after_colon(self, p: Pending, idx: int, skel: Skeleton, f: Frame) -> None:
        m = IN_SENTENCE_LIST.search(skel.text, f.trigger.end)
        if not m:
            return
        for g in skel.groups:
            if g.start >= m.end() and any(s.is_org for s in g.slots):
                self._apply(p, g, idx)

    def _apply_among(self, p: Pending, idx: int, skel: Skeleton, after: int, platform_rank: bool | None = None,
                     marker: str = r"其中") -> None:
        """…获得国家自然科学基金资助项目9项，其中甲6项、乙2项: the members named after 其中 join.

        Where the event is a platform's rank (新增省级重点实验室6家，其中由甲牵头组建的乙…), only
        platforms named there join it, not the bodies that built them."""
        m = re.compile(marker).search(skel.text, after)
        if not m:
            return
        if platform_rank is None:
            platform_rank = all(o.mention is not None and o.mention.label == "Platform" for o in p.objects)
        stop = skel.text.find("。", m.end())
        last: Group | None = None
        for g in skel.groups:
            if g.start < m.end() or (stop >= 0 and g.start > stop) or g.role not in ("", "pivot"):
                continue
            if last is not None and not LIST_GOES_ON.fullmatch(skel.text[last.end : g.start]):
                break  # 其中甲为乙的全资子公司: 乙 is no member, the list is 甲
            if OWNER_OF_COUNT.match(skel.text, g.end):
                continue  # 其中宁波大学科技园孵化企业12家: the members are its firms, unnamed
            slots = [s for s in g.slots if s.is_org and (not platform_rank or s.kind in ("F", "R"))]
            if slots:
                self._apply(p, g, idx, slots)
                last = g

    def _apply(self, p: Pending, g: Group, idx: int, slots: list[Slot] | None = None) -> None:
        spec = self.rules.frames[p.frame]
        for s in slots or g.slots:
            if not s.is_org:
                continue
            for head in s.names():
                for obj in p.objects:
                    for tail in obj.names():
                        for rtype, a, b, only in spec.emits:
                            if a == "a" and b == "o" and (not only or _kind(tail) in only):
                                self.emitter.relate(rtype, head, tail, idx, p.cue, "list", p.planned)

    def _owner_above(self, idx: int) -> list[Mention]:
        """甲拥有的主要研发平台情况如下： the organisation whose platforms the table lists."""
        skel = self.skeletons.get(idx - 1, [])
        m = OWNED_TABLE.search(self.sentences[idx - 1].text) if idx > 0 else None
        if not m:
            return []
        before = [s for s in skel if s.src_end <= m.start() and (s.is_org or s.kind == "A")]
        return before[-1].names()[:1] if before else []

    def _program_above(self, idx: int) -> Pending | None:
        """What a table under a title joins: the nearest program or designation named above it,
        a named scheme (…计划, …专项) before a bare title (揭榜挂帅) named nearer."""
        found: list[tuple[int, Slot]] = []
        for k in range(idx - 1, max(-1, idx - 8), -1):
            found += [(k, s) for s in self.skeletons.get(k, []) if s.kind in ("P", "D")]
            if k == idx - 1 and re.search(r"(?:情况|概况|基本信息)(?:如下|见下表)[：:]?\s*$", self.sentences[k].text) and not found:
                return None  # 公司拥有的研发平台情况如下： announces the table and names no program
        if not found:
            return None
        named = [(k, s) for k, s in found if s.mention is not None and SCHEME_END.search(s.mention.name)]
        k, slot = (named or found)[0]
        return Pending("join", [slot], k, "", "拟" in self.sentences[k].text)

    # -- list items and tables --------------------------------------------------------------------
    def _is_item(self, skel: Skeleton) -> bool:
        """A line that is a list item: numbered, or names and notes only (甲（柳北区）). A line
        that ends with a colon addresses someone (各县区科技局：); one of government bodies only
        signs or addresses the document."""
        text = skel.text
        if not skel.groups or text.rstrip().endswith(("：", ":")):
            return False
        kinds = [s.kind for g in skel.groups for s in g.slots if s.mention is not None]
        if kinds and all(k == "G" for k in kinds):
            return False
        numbered = bool(NUMBERING.match(text)) and len(self.sentences) > 1
        field = ROW_ROLE.match(text.lstrip())
        if field and skel.groups and field.group(1) != "依托":  # 依托甲建设的乙: a sentence, no field
            # 承担单位：甲； a field line of the record above (所在园区：丙 says where, it names no member)
            return field.group(1) not in ("所在园区", "合作单位")  # a partner joins as the record says
        role = ROW_ROLE.search(text)
        if numbered and role and any(g.start >= role.end() for g in skel.groups):
            return True  # 1.某技术  完成单位：甲、乙: a titled row whose role word names its members
        rest = NUMBERING.sub("", text, count=1)
        rest = re.sub(r"<[A-Z]\d+>", "", rest)
        rest = re.sub(r"[(（][^()（）]{0,24}[)）]", "", rest)
        rest = re.sub(r"(?:依托单位|共建单位|建设单位|运营单位)[：:]|依托|(?:联合|共同)?(?:共建|组建|建设)|[、，,；;。：:\s—–\-]|等|和|及", "", rest)
        return (numbered and len(rest) <= 12) or not rest

    def _row_hosts(self, idx: int, skel: Skeleton) -> None:
        """甲中心  依托单位：乙 (、丙，联合共建; 共建单位：丁): the host leads the platform; two
        hosts that 共建 it, and its 共建单位, co-build it and partner each other. 完成单位：甲
        (a list of prizes or projects): 甲 joins what the list is about."""
        if not skel.groups:
            return
        field_line = ROW_ROLE.match(skel.text.lstrip()) is not None  # 承担单位：甲 on a line of its own
        platform = [] if field_line else [s for s in skel.groups[0].slots if s.kind in ("F", "R", "D")]
        roles: dict[str, list[Mention]] = {}
        field = ROW_ROLE.match(skel.text.lstrip())
        if field_line and self.item_platform and field.group(1) != "依托":
            # 1. 甲中心 / 依托单位：乙； / 共建单位：丙 (the fields of a numbered platform, a line each)
            platform, roles = self.item_platform, self.item_roles
        elif not field_line:
            # (1.平台名称：甲中心: the field's label says what the line names)
            rest = re.sub(r"<[A-Z]\d+>|[\s，,；;。.、：:]|^(?:平台|中心|机构|载体|基地|实验室|孵化器|众创空间)名称", "",
                          NUMBERING.sub("", skel.text, count=1).lstrip())
            only = NUMBERING.match(skel.text) and len(skel.groups) == 1 and platform and not rest
            self.item_platform, self.item_roles = (platform, {}) if only else ([], {})
        for m in ROW_ROLE.finditer(skel.text):
            if m.start() < skel.groups[0].end and not field_line:
                continue
            g = next((g for g in skel.groups if g.start >= m.end()), None)
            if g is None or skel.text[m.end() : g.start].strip():
                continue
            names = [n for s in g.slots if s.is_org or (m.group(1) == "所在园区" and s.kind == "D") for n in s.names()]
            role = ("cobuilder" if m.group(1) == "共建单位" or (m.group(1) in ("建设主体", "共建主体") and len(names) >= 2)
                    else "park" if m.group(1) == "所在园区" else "member" if m.group(1) in ROW_MEMBER
                    else "partner" if m.group(1) == "合作单位" else "host")
            roles.setdefault(role, []).extend(names)
        if roles.get("member") and self.pending is not None:
            # 1.某技术  完成单位：甲、乙: those the row names join what the list is about
            for m in roles["member"]:
                for obj in self.pending.objects:
                    for tail in obj.names():
                        self.emitter.relate("JOINED", m, tail, idx, self.pending.cue, "list", self.pending.planned)
        for p in platform:  # 1. 甲研究院，…，所在园区：丙
            for pm in p.names():
                for park in roles.get("park", []):
                    self.emitter.relate("SETTLED_IN", pm, park, idx, "所在园区", "list")
        if platform and roles.get("member") and not roles.get("host"):
            roles["host"] = list(roles["member"])  # 某平台——承担单位：甲: 甲 builds and runs it
        if not platform or not (roles.get("host") or roles.get("cobuilder")):
            return
        hosts, builders = roles.get("host", []), roles.get("cobuilder", [])
        for b in roles.get("partner", []):  # 依托单位：甲；合作单位：乙: 乙 works with 甲 on its platform
            for h in hosts:
                self.emitter.relate("PARTNERS_WITH", h, b, idx, "合作单位", "list")
            for p in platform:
                for pm in p.names():
                    self.emitter.relate("CO_BUILDS", b, pm, idx, "合作单位", "list")
        if len(hosts) >= 2 and re.search(r"共建|合建|(?:共同|联合)(?:建设|组建)", skel.source):
            hosts, builders = [], hosts + builders  # 依托单位：甲、乙（联合共建）
        for p in platform:
            for pm in p.names():
                for h in hosts:
                    self.emitter.relate("LEADS", h, pm, idx, "依托单位", "list")
                for b in builders:
                    self.emitter.relate("CO_BUILDS", b, pm, idx, "共建单位", "list")
        # 依托单位：甲，共建单位：乙: 甲 hosts it and works with 乙, who co-builds it
        sides = builders + [h for h in hosts if builders]
        for k, a in enumerate(sides):
            for b in sides[k + 1 :]:
                self.emitter.relate("PARTNERS_WITH", a, b, idx, "共建单位", "list")

    def _settled_tally(self, idx: int, skel: Skeleton) -> None:
        """乙园区新入驻企业22家，其中甲、丙…: the members named after 其中 (in the sentence, or
        the next) settled in what the clause (or the text) is about."""
        if self.settle_next is not None and re.match(r"\s*其中", skel.text):
            self._apply_among(self.settle_next, idx, skel, 0, platform_rank=False)
        self.settle_next = None
        intro = SETTLE_INTRO.match(skel.text)
        if intro:  # 新入孵企业为：甲、乙 (in the incubator the text is about)
            host = [s for s in self.discourse.topic if s.kind in ("F", "A")]
            own = self.discourse.self_org
            if not host and own is not None and own.label == "Platform":
                host = [Slot(-1, "A", 0, 0, text=own.name, refs=[own])]
            if host:
                p = Pending("settle", host, idx, intro.group(1), False)
                for g in skel.groups:
                    if g.start >= intro.end() and any(s.is_org for s in g.slots):
                        self._apply(p, g, idx)
            return
        m = SETTLE_TALLY.search(skel.text)
        if not m:
            return
        before = [g for g in skel.groups if g.end <= m.start() and g.role in ("", "at")]
        host: list[Slot] = []
        for g in reversed(before):  # 丙获批省级孵化器，目前在孵企业32家: the rank is no host
            host = [s for s in g.slots if s.kind == "F" or (s.kind == "A" and s.refs)]
            if host or any(s.kind != "D" for s in g.slots):
                break
        if not host and self.discourse.topic:
            host = [s for s in self.discourse.topic if s.kind in ("F", "A")]
        if host:
            p = Pending("settle", host, idx, m.group(1), False)
            among = re.search(r"其中|包括", skel.text[m.end() :])
            if among and OTHER_COUNT.search(skel.text, m.end(), m.end() + among.start()):
                pass  # 在孵企业35家，新毕业企业6家，其中甲…: the members of another count
            elif among:  # 在孵企业14家，包括甲、乙等
                self._apply_among(p, idx, skel, m.end(), platform_rank=False, marker=r"其中|包括")
            elif re.match(r"[^<>，。；,;]{0,6}?[：:]", skel.text[m.end() :]):  # 新入驻企业4家：甲、乙
                self._apply_among(p, idx, skel, m.end(), platform_rank=False, marker=r"[：:]")
            else:
                self.settle_next = p

    def _tally(self, idx: int, skel: Skeleton) -> None:
        """新增丙3家（甲、乙、丁）: each bracketed name joins 丙; 新增丙6家，其中…乙: 乙 does."""
        for m in TALLY_OPEN.finditer(skel.text):
            obj = skel.slot_at(m.start("obj"))
            if obj is None:
                continue
            planned = bool(self.rules.planned_re.search(skel.text[: m.start()]))
            p = Pending("join", [obj], idx, m.group(0)[:2], planned)
            among = re.search(r"其中", skel.text[m.end() :])
            listed = re.match(r"[：:]|[，,](?:分别为|分别是|依次为|即|包括)[：:]?", skel.text[m.end() :])
            if among and not OTHER_COUNT.search(skel.text, m.end(), m.end() + among.start()):
                self._apply_among(p, idx, skel, m.end())  # (not 新毕业企业6家，其中…: another count's)
            elif listed:
                # 新认定市级工程技术研究中心11家：甲、乙、丙等; 新增丙4家，分别为甲、乙 (the list
                # runs to the end of its clause: 即丙，由丁运营 names no other member)
                first = next((g for g in skel.groups if g.start > m.end() and any(s.is_org for s in g.slots)), None)
                for g in skel.groups:
                    if first is not None and g.clause == first.clause and g.start >= first.start and \
                            any(s.is_org for s in g.slots) and (g is first or g.role == ""):
                        self._apply(p, g, idx)
        for m in TALLY.finditer(skel.text):
            obj = skel.slot_at(m.start("obj"))
            if obj is None:
                continue
            inner = [g for g in skel.groups if m.start("list") <= g.start and g.end <= m.end("list")]
            planned = bool(self.rules.planned_re.search(skel.text[: m.start()]))
            p = Pending("join", [obj], idx, m.group(0)[:2], planned)
            for g in inner:
                self._apply(p, g, idx)
            if not inner:
                self.pending, self.pending_age = p, 0
