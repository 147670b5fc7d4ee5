"""Tables rendered as lines: a heading row (序号 企业名称 平台名称; 项目名称 承担单位 合作单位)
gives each column a role (columns.tsv, or the head noun of 某某名称); every row then relates its
cells: members join what the table is about, hosts lead the row's platform, co-builders
build it, a park column says where the member settled, a stake column which firms the
report's firm holds, a category column which program the row joined."""

from __future__ import annotations

import re

from ..model import Mention
from .skeleton import Skeleton, mention_kind

# Cells of a table rendered as a line: tabs, full-width spaces, or spaces (Chinese names hold none).
CELL_BREAK = re.compile(r"\s*[|｜]\s*|[\t\u3000]+|(?<=[^\x00-\x7f]) +|(?<=[0-9]) +(?=[^\x00-\x7f])| {2,}")
# The column role of a heading that names a kind of thing by its head noun (…中心名称).
HEAD_COLUMN_ROLES = {"Platform": "platform", "Enterprise": "member", "University": "member", "ResearchInstitute": "member"}


# A status cell: the row's tie has ended, or is still to come
ENDED = re.compile(r"终止|取消|中止|撤销|退出|解除")
PENDING = re.compile(r"洽谈|拟|计划|筹备|意向|待签")


class TableRows:
    """The table part of the list reader (ner/relations/lists.py), which holds the state."""

    table_owner: list[Mention]

    def _table_header(self, text: str) -> list[tuple[str, str]]:
        cells = [c.strip() for c in CELL_BREAK.split(text.strip()) if c.strip()]
        roles = [(c, self._column_role(c)) for c in cells]
        known = [r for _, r in roles if r]
        if len(cells) >= 2 and len(known) >= 2 and any(r in ("member", "leader", "host", "platform") for r in known):
            return roles
        return []

    def _column_role(self, heading: str) -> str:
        """The role of a column by its heading (columns.tsv); a heading that names a park
        among other places (所属县区/园区) is where the row's member is."""
        heading = re.sub(r"[(（].*", "", heading)
        role = self.column_roles.get(heading, "") or self.column_roles.get(re.sub(r"^拟", "", heading), "")
        if not role and "/" in heading:
            # 依托/共建单位: the units that build the row's platform, whichever way the row says
            parts = heading.split("/")
            tail = re.sub(r"^[^单主]*", "", parts[-1])  # 单位, 主体
            roles = {self.column_roles.get(p if p.endswith(tail) else p + tail, "") for p in parts}
            role = "builder" if roles <= {"host", "cobuilder"} and roles != {""} else ""
        if not role and re.search(r"(?:所在|所属|入驻)[^|]{0,6}园区|园区$", heading):
            role = "park"
        if not role and heading.endswith("名称"):
            # 工程技术研究中心名称, 新型研发机构名称: the heading names a kind of thing by its
            # head noun, so the type of that head says what the column holds
            role = HEAD_COLUMN_ROLES.get(self._head_label(heading[:-2]), "")
        return role

    def _head_label(self, word: str) -> str:
        heads = self.rules.lexicon.heads
        for k in range(len(word), 1, -1):
            head = heads.get(word[-k:])
            if head is not None:
                return head.label
        return ""

    def _table_row(self, idx: int, skel: Skeleton) -> None:
        text = self.sentences[idx].text
        spans = _cells(text, self.cell_break)
        cells: dict[str, list[Mention]] = {}
        stake = None
        for (start, end), (_, role) in zip(spans, self.columns, strict=False):
            # 本公司 in a cell is the report's firm, as anywhere in it
            names = [m for s in skel.slots if start <= s.src_start < end for m in s.names()]
            if role and names:
                cells.setdefault(role, []).extend(names)
            if role == "stake":
                share = re.search(r"\d+(?:\.\d+)?", text[start:end])
                stake = float(share.group(0)) if share else None
        if stake is not None and stake >= 50:
            # a table of holdings (名称 持股比例) in the firm's own report: a majority-held firm is
            # part of the firm the report calls 公司 (a minority stake makes none)
            for m in cells.get("member", []):
                for owner in self.discourse.own_firm():
                    if owner is not m:
                        self.emitter.relate("PART_OF", m, owner, idx, "持股比例", "table")
        status = next((text[a:b] for (a, b), (_, role) in zip(spans, self.columns, strict=False) if role == "status"), "")
        if ENDED.search(status):
            return  # 已终止, 已取消: the row states no tie
        p = self.pending
        targets = [n for s in (p.objects if p else []) for n in s.names()]
        if "category" in dict(self.columns).values():
            targets = self._row_category(text, spans, skel, targets)
        # a host with no platform named in its row (依托单位 | 类别) is what joins
        platform_column = any(role == "platform" for _, role in self.columns)
        joiners = cells.get("platform") or cells.get("member", []) + cells.get("leader", []) + (
            [] if platform_column else cells.get("host", []))
        planned = bool(p and p.planned) or bool(PENDING.search(status))
        cue = p.cue if p else ""
        settled = bool(p and p.frame == "settle")  # a list of those who settled in a park
        for m in joiners:
            for t in targets:
                self.emitter.relate("SETTLED_IN" if settled else "JOINED", m, t, idx, cue, "table", planned)
        for m in cells.get("leader", []):
            for t in targets:
                self.emitter.relate("LEADS", m, t, idx, cue, "table", planned)
        for m in cells.get("setter", []):  # 发榜单位: it partners whoever took its task
            for o in cells.get("member", []) + cells.get("leader", []):
                self.emitter.relate("PARTNERS_WITH", o, m, idx, "发榜", "table", planned)
        for m in cells.get("partner", []):
            # a partner works on the project, so it joins a program; a platform's rank (院士专家
            # 工作站) goes to the unit that set the platform up
            for t in targets:
                if t.label == "Program":
                    self.emitter.relate("JOINED", m, t, idx, cue, "table", planned)
            for o in cells.get("member", []) + cells.get("leader", []) + cells.get("host", []):
                self.emitter.relate("PARTNERS_WITH", o, m, idx, "合作单位", "table", planned)
            for pl in cells.get("platform", []):  # 站点名称 | 建站单位 | 合作单位: it builds the station too
                self.emitter.relate("CO_BUILDS", m, pl, idx, "合作单位", "table", planned)
        for m in cells.get("member", []) + cells.get("leader", []) + cells.get("platform", []):
            for park in cells.get("park", []):  # 所在园区: where the row's member is
                self.emitter.relate("SETTLED_IN", m, park, idx, "所在园区", "table", planned)
        owner = [] if cells.get("host") else self.table_owner
        for o in owner:  # the table lists the platforms its owner hosts, with their partners
            for pl in cells.get("platform", []):
                self.emitter.relate("LEADS", o, pl, idx, "拥有", "table", planned)
            for m in cells.get("partner", []):
                self.emitter.relate("PARTNERS_WITH", o, m, idx, "合作单位", "table", planned)
        for h in cells.get("host", []):
            for pl in cells.get("platform", []):
                self.emitter.relate("LEADS", h, pl, idx, "依托单位", "table", planned)
        how = next((text[a:b] for (a, b), (_, role) in zip(spans, self.columns, strict=False) if role == "how"), "")
        if cells.get("platform") and (how or cells.get("builder")):
            self._built_how(how, cells, idx, planned)
        builders = cells.get("cobuilder", [])
        for h in cells.get("host", []):  # 建设主体 | 共建单位: the host works with those who build with it
            for b in builders:
                self.emitter.relate("PARTNERS_WITH", h, b, idx, "共建单位", "table", planned)
        for k, b in enumerate(builders):
            for pl in cells.get("platform", []):
                self.emitter.relate("CO_BUILDS", b, pl, idx, "共建单位", "table", planned)
            for other in builders[k + 1 :]:
                self.emitter.relate("PARTNERS_WITH", b, other, idx, "共建单位", "table", planned)

    def _built_how(self, how: str, cells: dict[str, list[Mention]], idx: int, planned: bool) -> None:
        """A 建设方式 cell says how the row's builders (依托/共建单位, or names in the cell itself)
        built its platform: 自建 (they lead it), 校企共建 (they build it together), 甲牵头，联合乙
        组建 (the first leads, the others build with it). Hosts and partners of their own
        columns keep their roles."""
        units = [m for m in cells.get("builder", []) + cells.get("how", []) if m.label != "Program"]
        units = [m for k, m in enumerate(units) if all(m is not o for o in units[:k])]
        hosts = cells.get("host", [])
        owner = list(self.table_owner or self.discourse.own_firm())
        if (not units and not hosts) or re.match(r"\s*(?:与|同|和)", how):
            # 自建, 与乙共建 in a firm's own table: the firm the table is of built it
            units = [*owner, *[m for m in units if all(m is not o for o in owner)]]
        words = self.rules.lexicon.words
        led = any(w in how for w in words("how_led"))
        joint = any(w in how for w in words("how_joint"))
        alone = any(w in how for w in words("how_alone"))
        for pl in cells["platform"]:
            for k, u in enumerate(units):
                if u is pl:
                    continue
                lead = alone or (led and k == 0 and not hosts) or (not joint and not led and len(units) == 1)
                self.emitter.relate("LEADS" if lead else "CO_BUILDS", u, pl, idx, how.strip(), "table", planned)
        if joint or led:
            sides = [*hosts, *[m for m in units if all(m is not h for h in hosts)]]
            for k, u in enumerate(sides):
                for o in sides[k + 1 :]:
                    self.emitter.relate("PARTNERS_WITH", u, o, idx, how.strip(), "table", planned)

    def _row_category(self, text: str, spans: list[tuple[int, int]], skel: Skeleton,
                      targets: list[Mention]) -> list[Mention]:
        """What a row joins where a column says its kind (计划类别, 类别): the program the cell
        names, or the one of the table's targets the cell's word ends (孵化器 / 星创天地)."""
        for (start, end), (_, role) in zip(spans, self.columns, strict=False):
            if role != "category":
                continue
            named = [s.mention for s in skel.slots if s.mention is not None and start <= s.src_start < end
                     and s.mention.label in ("Program", "Platform")]
            if named:
                return named
            word = text[start:end].strip()
            fitting = [t for t in targets if word and t.name.endswith(word)]
            return fitting or targets
        return targets


_kind = mention_kind


def _header_break(header: str) -> re.Pattern[str]:
    """How a table's cells are parted, as its header parts them: rows split the same way, so
    that a space inside a cell (张某 院士) is no cell break where tabs part the columns."""
    for sep in (r"\s*[|｜]\s*", r"\t+", r"\u3000+"):
        if re.search(sep, header.strip()):
            return re.compile(sep)
    return CELL_BREAK


def _cells(text: str, cell_break: re.Pattern[str] = CELL_BREAK) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row."""
    spans, pos = [], 0
    if not cell_break.search(text.strip()):
        cell_break = CELL_BREAK  # a row written with other gaps than its header
    for m in cell_break.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
