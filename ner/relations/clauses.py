"""How a sentence's clauses hang together: what each clause is about, where a relative phrase
describes a name, and which names of a clause are claimed by other words. The role finder
(ner/relations/roles.py) asks these questions of one sentence's skeleton."""

from __future__ import annotations

import re

from .skeleton import Group, Skeleton, Slot, Trigger

# Words before a clause's first name that leave it the clause's subject: time, place of the
# statement, discourse markers, adverbs.
SUBJECT_LEAD = re.compile(
    r"(?:[\s“”\"]|[\u4e00-\u9fff]{0,8}?讯\s*(?:[（(][^）)]{0,24}[）)])?|其中|同时|此外|另外|另据[^，,]{0,8}|据[^，,]{0,6}?(?:介绍|悉|了解|统计)|目前|近年来|近年|今年以来|今年|去年|"
    r"当天|同日|同期|同年|随后|之后|此前|报告期内|本报告期内|报告期|期内|截至[^，,<>]{0,12}|[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:以来)?|[0-9]{1,2}月(?:[0-9]{1,2}日)?|"
    r"[一二三四五六七八九十]是|（[一二三四五六七八九十]+）|【[^】<>]{1,10}】|◆|■|●|[0-9]+[.、．]|[一二三四五六七八九十]+、|并|还|也|且|而|则|但|更|又|已|均|"
    r"先后|分别|首批|全年|上半年|下半年|近期|日前|近日|[上下]午|期间|会上|活动中|仪式上|现场|当日|本次|此次|"
    # a short place modifier before the subject: 园内的乙, 新区内的乙
    r"[\u4e00-\u9fff]{1,4}?[内外里中]的(?=[“\"]?<))*"
)
# 甲(与乙)共同出资建设的|丙: a relative phrase from the clause's first name to the name it describes
# (甲共建的玉米深加工丙: a field word the recogniser left outside the name may stand after 的)
DESCRIBED_GAP = re.compile(
    r"(?:[与和及同]<[A-Z]\d+>(?:[、和及与]<[A-Z]\d+>)*)?[^<>，。；,;]{1,14}的[“\"]?[^<>，。；,;与和及同为是在向对将把]{0,6}"
)
# the subject's own premises opening a clause (总部位于…, 注册地址为…)
OWN_PART = re.compile(r"(?:公司|企业|集团)?(?:总部|注册地址|注册地|厂址|办公地址|厂区|生产基地)(?=设在|位于|落户|迁至|在|为|是)")
# a record line's head: 1．<乙>：…
RECORD_HEAD = re.compile(r"\s*(?:[0-9一二三四五六七八九十]{1,2}[.．、]|[（(][一二三四五六七八九十0-9]{1,3}[）)])?\s*<[A-Z]\d+>(?=\s*[：:])")
HOST_WORDS = re.compile(r"依托|利用|通过|借助|在|以")
# 从杭州(整体)迁入: the place a move starts from
FROM_PLACE = re.compile(r"(?:从|由|自)[\u4e00-\u9fff]{2,8}$")
RELATIVE = re.compile(r"^[^<>，。；,;：:]{0,4}?的[“\"]?$")
RELATIVE_TAIL = re.compile(r"的[“\"]?[^<>，。；,;：:与和及同为是在向对将把的]{0,6}[“\"]?$")


class ClauseReader:
    """Questions about one sentence's clauses; the role finder is one (ner/relations/roles.py)."""

    s: Skeleton
    _subjects: dict[int, Group | None]

    def name_before(self, trig: Trigger) -> Group | None:
        """The group that ends right where a trigger begins (丙|内的甲, 丙|运营方乙), or None."""
        return next((g for g in reversed(self.s.groups) if g.end == trig.start), None)

    def name_after(self, trig: Trigger) -> Group | None:
        """The group right after a trigger, with at most a quote between (建有“乙”), or None."""
        return next((g for g in self.s.groups if g.start >= trig.end
                     and not self.s.text[trig.end : g.start].strip("“\"")), None)

    def record_head(self) -> Group | None:
        """The name a record line is about: 1．乙：公司全资子公司，注册于丙 (before its colon)."""
        head = RECORD_HEAD.match(self.s.text)
        return next((g for g in self.s.groups if head and g.end == head.end()), None)

    def clause_groups(self, clause: int) -> list[Group]:
        return [g for g in self.s.groups if g.clause == clause]

    def object_of_trigger(self, g: Group) -> Trigger | None:
        """The trigger right before a group whose object it is (入驻甲, 联合乙), or None."""
        for t in reversed(self.s.triggers):
            if t.end <= g.start and t.clause == g.clause:
                gap = self.s.text[t.end : g.start]
                if "<" not in gap and not RELATIVE.match(gap) and len(gap) <= 14 and "的" not in gap:
                    return t
                return None
        return None

    def is_relative_head(self, g: Group) -> bool:
        """True for 乙 in 由甲组建的乙 / 甲与乙共建的乙: a name a relative clause describes."""
        cs = self.s.clauses[g.clause][0]
        before = self.s.text[cs : g.start]
        # 甲共建的玉米深加工乙: a field word the recogniser left out may stand after 的
        m = RELATIVE_TAIL.search(before)
        if not m:
            return False
        tail = cs + m.start()
        return any(cs <= t.start and t.end <= tail + 1 for t in self.s.triggers) and not any(
            tail < t.start < g.start for t in self.s.triggers
        )

    def pivot_without_name(self, trig: Trigger) -> bool:
        """吸引博士团队3个入驻: a pivot verb whose object is no name; nobody named acts."""
        cs = self.s.clauses[trig.clause][0]
        seg = self.s.text[cs : trig.start]
        for word in self.rules.words("pivot"):
            k = seg.rfind(word)
            if k >= 0 and "<" not in seg[k:]:
                return True
        return False

    def unnamed_before(self, trig: Trigger) -> bool:
        """True when a noun the recogniser did not take for a name stands right before a trigger."""
        pos = trig.start
        cs = self.s.clauses[trig.clause][0]
        while pos > cs:
            if any(g.start < pos <= g.end for g in self.clause_groups(trig.clause)):
                return False  # 与甲、乙等16家企业签订: the count closes a list of names
            ch = self.s.text[pos - 1]
            if ch in "<>“”\"":
                return False
            tag, word = self.s.tag_at(pos - 1)
            if tag in ("d", "ad", "p", "u", "c") or word in ("已", "还", "也", "并", "均", "都", "将", "拟", "整体"):
                pos -= max(1, len(word)) if word else 1
                continue
            if FROM_PLACE.search(self.s.text, cs, pos):
                return False  # 从杭州整体迁入: where from, not who
            if OWN_PART.match(self.s.text, max(cs, pos - 6)) or OWN_PART.search(self.s.text, cs, pos + 2):
                return False  # 总部位于: the subject's own premises, the subject still acts
            return tag in ("ORG", "nz", "nw", "n", "PER", "LOC") and len(word) >= 2
        return False

    def person_before(self, pos: int, gap: str) -> bool:
        """True when a gap is a person's name the model ran into an organisation's span
        (阿尔法药业石利平入围…): three characters, a surname first, inside a name token."""
        if not re.fullmatch(r"[\u4e00-\u9fff]{3}", gap) or gap[0] not in self.rules.surnames:
            return False
        return self.s.tag_at(pos)[0] in ("ORG", "PER", "nz", "nr")

    def head(self, clause: int, upto: int | None = None) -> tuple[str, Group | None]:
        """How a clause begins: ('org', group) with an organisation as subject, ('omitted', None)
        with its predicate (a verb, an adverb, a role word: 已与…, 牵头…), or ('other', None)
        with a subject that is no organisation (全市, 项目, 超算中心, 我们)."""
        cs, ce = self.s.clauses[clause]
        end = min(len(self.s.text), ce if upto is None else min(ce, upto))
        lead = SUBJECT_LEAD.match(self.s.text, cs, end)
        pos = lead.end() if lead else cs
        while pos < end:
            ch = self.s.text[pos]
            if ch == "<":
                g = next((g for g in self.s.groups if g.start <= pos < g.end), None)
                if g is None:
                    return "other", None
                if g.role in ("with", "by", "host", "at"):
                    return "omitted", None
                return ("org", g) if _org(g) else ("other", None)
            if ch in " “”\"‘’「」（）()[]【】，,；;：:" or not ch.isalnum():
                pos += 1  # punctuation, bullets and emoji (◆, 👉) open no subject
                continue
            if any(t.start <= pos < t.end for t in self.s.triggers):
                return "omitted", None
            if OWN_PART.match(self.s.text, pos):
                return "omitted", None  # 甲成立于2016年，总部位于乙: the clause is still about 甲
            tag, word = self.s.tag_at(pos)
            if tag in ("TIME", "m", "q", "w", "f") or word in ("其",):
                pos += max(1, len(word))
                continue
            if tag in ("v", "vd", "d", "ad", "p", "c", "a", "u"):
                return "omitted", None
            return "other", None
        return "omitted", None

    def subject(self, clause: int) -> Group | None:
        """The organisation a clause, and the clauses after it that name none, are about.

        A clause that is only a relative phrase (依托甲建设的乙，…) is about its head; one that
        begins with its predicate is about what the clause before it was about."""
        if clause in self._subjects:
            return self._subjects[clause]
        self._subjects[clause] = None  # guards the recursion
        kind, group = self.head(clause)
        found: Group | None = None
        pivots = [g for g in self.clause_groups(clause) if g.role == "pivot" and _org(g)]
        if kind == "org":
            found = self.described(group) or group
        elif pivots and (kind == "other" or kind == "omitted" and re.search(
                r"[\u4e00-\u9fff]", self.s.text[pivots[0].end : self.s.clauses[clause][1]])):
            # (我局)支持甲与乙联合攻关，共同承担…: 甲 acts on in the clauses after (not 新引进甲:
            # what is brought in does nothing in its clause)
            found = pivots[0]
        elif kind == "omitted":
            heads = [g for g in self.clause_groups(clause) if self.is_relative_head(g) and g.role == "" and _org(g)]
            ce = self.s.clauses[clause][1]
            if heads and not re.search(r"[\u4e00-\u9fff<]", self.s.text[heads[-1].end : ce]):
                found = heads[-1]  # 依托甲建设的乙，
            elif clause > 0:
                found = self.subject(clause - 1)
            elif self.predicate_is_relation(self.first_content_clause()):
                found = self.sentence_topic()
        self._subjects[clause] = found
        return found

    def described(self, group: Group) -> Group | None:
        """丙 in 甲与乙共同出资建设的丙投入运行: the clause opens with a relative phrase, and what
        it describes is what the clause is about."""
        for h in self.clause_groups(group.clause):
            if h.start <= group.start or h.role != "" or not _org(h) or not self.is_relative_head(h):
                continue
            gap = self.s.text[group.end : h.start]
            rest = self.s.text[h.end : self.s.clauses[group.clause][1]]
            if DESCRIBED_GAP.fullmatch(gap) and not HOST_WORDS.search(gap) and re.search(r"[\u4e00-\u9fff]", rest):
                return h
            return None
        return None

    def first_content_clause(self) -> int:
        """The first clause that holds more than time and discourse words (同时，牵头… -> 1)."""
        for k, (cs, ce) in enumerate(self.s.clauses):
            lead = SUBJECT_LEAD.match(self.s.text, cs, ce)
            if self.s.text[lead.end() if lead else cs : ce].strip("，,；;：: "):
                return k
        return 0

    def predicate_is_relation(self, clause: int) -> bool:
        """True when a clause without a subject begins with a relation's own words (同时，牵头组建…;
        近年来，已与…签订…), the way a paragraph goes on about its topic; a sentence that begins
        with the reporting body's own doings (加快推进…, 组织…) is about that body instead."""
        cs, ce = self.s.clauses[clause]
        lead = SUBJECT_LEAD.match(self.s.text, cs, ce)
        pos = lead.end() if lead else cs
        rest = self.s.text[pos:ce]
        rest = re.sub(r"^(?:已经|已|还|也|并|先后|分别|正式|积极|主动|成功|于[0-9]{4}年)+", "", rest)
        if any(t.start == ce - len(rest) for t in self.s.triggers):
            return True
        return bool(re.match(r"(?:与|同|跟|联合|携手|依托|牵头)", rest))

    def in_note(self, g: Group, upto: int) -> bool:
        """True for a group inside brackets that close before `upto`: 乙（公司持股20%）获评…"""
        cs = self.s.clauses[g.clause][0]
        before, after = self.s.text[cs : g.start], self.s.text[g.end : upto]
        return before.rfind("（") > before.rfind("）") and "）" in after

    def sentence_topic(self) -> Group | None:
        """The paragraph's topic, as a group of its own, when the sentence names no subject."""
        if not self.ctx.topic:
            return None
        return Group(list(self.ctx.topic), -1, -1, -1)


def _org(g: Group) -> bool:
    return any(s.is_org or s.kind == "X" or (s.kind == "A" and any(_is_org_label(m.label) for m in s.refs)) for s in g.slots)


def _is_org_label(label: str) -> bool:
    return label in ("Enterprise", "University", "ResearchInstitute", "Government", "Platform")


def _fits(slot: Slot, kinds) -> bool:
    if slot.kind in kinds:
        return True
    if slot.kind == "D" and "F" in kinds and slot.mention is not None and slot.mention.label == "Platform":
        return True  # 郑州高新区, 国家级孵化器: a platform named by its rank is still a place to settle
    if slot.kind == "A":
        return any(_kind_of(m) in kinds for m in slot.refs)
    return False


def _kind_of(m) -> str:
    from .skeleton import KIND

    return "D" if m.generic else KIND.get(m.label, "Y")


def _slots(groups: list[Group], only_org: bool = True) -> list[Slot]:
    out: list[Slot] = []
    for g in groups:
        for s in g.slots:
            if not only_org or s.is_org or s.kind in ("A", "X"):
                out.append(s)
    return out


# -- one reader per kind of frame --------------------------------------------------------------
