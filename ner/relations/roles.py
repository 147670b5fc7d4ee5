"""Arguments by role: for each trigger of a sentence, who acts, with whom, on what.

A trigger (ner/relations/rules.py) decides the kind of event; its arguments are found by
their place in the sentence, not by a fixed gap:

- agents: the organisations governing the clause before the trigger: a 由-phrase (由甲组建),
  else the nearest name before the trigger that no other word claims (not 与乙, 在乙, 依托乙,
  nor the object of an earlier verb); else the subject of an earlier clause of the sentence
  (carried over commas and 其中/同时/此外 clauses); else, where the sentence names no subject
  at all, the paragraph's topic (ner/relations/discourse.py);
- partners: names after 与/同/跟 between the agents and the trigger, the name after 联合/携手,
  and partners an earlier 联合 gave the same agents in the sentence;
- the object: the nearest name of a fitting kind after the trigger (after 的 in a relative
  clause: 甲与乙共建的丙), or, in a passive (丙由甲与乙共建), the subject the clause is about.

Each kind of frame reads these roles its own way (`FRAME_READERS`, one module per kind of
event under ner/relations/readers/), and what it gives is data (frames.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import RELATIVE_TAIL, ClauseReader, _fits, _is_org_label, _kind_of, _org, _slots  # noqa: F401 - readers use them
from .rules import RelationRules
from .skeleton import PERSON, SLOT, Group, Skeleton, Slot, Trigger  # noqa: F401 - SLOT re-exported

# Words after which a name is what a verb acts on, not who acts.
VERBISH_BEFORE = re.compile(r"(?:为|对|向|把|将|给|让|使)$")
# Frames of things done together: the partners of an earlier clause carry into them.
TOGETHER = frozenset({"joint", "cobuild", "undertake"})
# Frames whose agent acts: a 由-agent of an earlier clause goes on acting in them.
ACTIONS = frozenset({"coagent", "found", "cobuild", "lead", "joint", "undertake"})
# A slot that begins a longer name the recogniser missed: the name runs on to a head noun.
TRUNCATED = re.compile(r"[\u4e00-\u9fff]{2,24}?(?:研究院|研究中心|创新中心|中心|实验室|基地|平台|学院|园区|科技园|产业园|"
                       r"联盟|联合体|工作站|孵化器|众创空间)(?=[，。；、,;（(]|$)")
# 将 before a thing moved or given, not before a verb: 将研发中心迁址至…, 将<乙>纳入…
BA = re.compile(r"将(?=<[A-Z]\d+>|(?:其|该)?[\u4e00-\u9fff]{0,6}?(?:中心|总部|基地|项目|团队|业务|生产线|产线|研发|工厂)"
                r"(?:整体|全部|正式)?(?:迁|搬|落户|入驻|纳入|列入|转移))")
# 甲、乙等23家…: a count that closes a list
LIST_COUNT = re.compile(r"等[0-9一二三四五六七八九十百余多]+(?:家|个|所|位|名)")
# 园内企业, 区内的企业: the unnamed members of the place just named
SIDES_TOGETHER = re.compile(r"(?:等)?[三四五六七八九]方")
# 甲材料学院张三教授团队与乙合作…: a team of 甲 acts for 甲
TEAM_OF = re.compile(r"[^<>，。；,;]{0,10}?⟨人⟩[^<>，。；,;]{0,4}?(?:团队|课题组)")
# 丙与丁共建的戊 right after a list: its last name begins a relative phrase of its own
NEXT_RELATIVE = re.compile(r"(?:与|和|同)[“\"]?<[A-Z]\d+>[”\"]?[^<>，。；,;]{0,12}?的")
MEMBERS_OF = re.compile(r"(?:内|内的|区内|园内|辖区|旗下|下属)(?:的)?(?:各|相关|部分|重点|骨干)?(?:企业|单位|机构|高校|院所)")
AS_ROLE = re.compile(r"作为[^<>，。；,;]{0,10}$")


@dataclass
class Frame:
    """One stated event: its kind, trigger, and the slots in each role."""

    name: str
    trigger: Trigger
    sentence: int
    agents: list[Slot] = field(default_factory=list)
    partners: list[Slot] = field(default_factory=list)
    objects: list[Slot] = field(default_factory=list)
    pairs: list[tuple[Slot, Slot]] = field(default_factory=list)  # 甲与乙、丙与丁分别签署
    modality: str = "stated"  # stated, planned or negated
    by: bool = False  # the agents came from a 由-phrase
    mutual: bool = True  # coordinated agents act with each other (a>a in frames.tsv)
    each: bool = False  # 分别: each agent acts on its own with the partners
    co_partners: bool = False  # the partners came after 联合/携手: they all act together
    counted: bool = False  # the agents are a list closed by a count (甲、乙等12家企业)
    carried: bool = False  # the partners came from an earlier clause
    partners_counted: bool = False  # 联合甲、乙等23家单位: a long list, each with the agent


@dataclass
class Context:
    """What the sentence's roles may borrow from the text before it."""

    topic: list[Slot] = field(default_factory=list)  # the paragraph's subject
    inherited_object: list[Slot] = field(default_factory=list)  # 其中…: the object of the last sentence
    plan: bool = False  # the sentence is part of a plan (工作计划, 工作打算)
    plan_all: bool = False  # an item of a planned introduction's list (我们将…：甲；乙)
    plan_after: int = -1  # where this sentence's planned list begins, if it introduces one
    makers: list = field(default_factory=list)  # who did the work the last sentence told of
    recent_awards: list = field(default_factory=list)  # awards named in the last sentences
    recent_list: list = field(default_factory=list)  # the program whose list the last sentence published
    own: list = field(default_factory=list)  # the firm the report calls 公司 (a note, or its title)


class RoleFinder(ClauseReader):
    """Finds the frames of one sentence; see the module docstring."""

    def __init__(self, skel: Skeleton, sentence: int, rules: RelationRules, context: Context):
        self.s = skel
        self.sentence = sentence
        self.rules = rules
        self.ctx = context
        self.frames: list[Frame] = []
        self._subjects: dict[int, Group | None] = {}
        self.carried = False  # set by agents(): the partners it gave came from an earlier clause

    # -- the frames ------------------------------------------------------------------------
    def find(self) -> list[Frame]:
        for trig in self.s.triggers:
            self._resolve_makers(trig)
            reader = FRAME_READERS.get(trig.frame)
            if reader is None:
                continue
            frame = Frame(trig.frame, trig, self.sentence)
            if reader(self, frame) is False:
                continue
            frame.modality = self.modality(frame)
            self.frames.append(frame)
        return self.frames

    def _resolve_makers(self, trig: Trigger) -> None:
        """该项目, 相关成果 before a trigger: those who did the work told of just before."""
        for slot in self.s.slots:
            if slot.kind != "A" or slot.anaphor is None or slot.anaphor.refers[0] != "makers" or slot.refs:
                continue
            if slot.start >= self.s.clauses[trig.clause][1]:
                continue  # 共同承担该项目: an anaphor in the trigger's own clause is resolved too
            for prev in reversed(self.frames):
                if prev.name in ("joint", "undertake", "cobuild", "lead", "agree") and prev.trigger.end <= slot.start:
                    slot.refs = [m for s in prev.agents + prev.partners for m in s.names()]
                    break
            else:
                slot.refs = list(self.ctx.makers)

    # -- roles -----------------------------------------------------------------------------
    def agents(self, trig: Trigger) -> tuple[list[Group], list[Group], bool]:
        """(agent groups, partner groups, by) for a trigger; see the module docstring."""
        c = trig.clause
        before = [g for g in self.clause_groups(c) if g.end <= trig.start and not self.in_note(g, trig.start)]
        partners: list[Group] = []
        for g in reversed(before):
            gap = self.s.text[g.end : trig.start]
            if g.role == "by":
                # 由甲与乙共建 (the 由 governs this trigger; 由甲组建的乙… governs its own verb)
                partners = [p for p in before if p.role == "with" and p.start > g.start]
                return [g], partners, True
            if (PERSON in gap or self.person_before(g.end, gap)) and not TEAM_OF.match(gap):
                return [], [], False  # 某局高级工程师张三被评为…: a person is awarded, not the body
            if g.role == "with":
                partners.insert(0, g)
                continue
            if all(s.kind == "X" for s in g.slots) and AS_ROLE.search(self.s.text[self.s.clauses[c][0] : g.start]):
                continue  # 并作为全市唯一一家企业被列入丙: what the subject is counted as, not who acts
            if g.role in ("at", "host", "awarder"):
                continue
            if gap.startswith("的") and not any(t.start >= g.end and t.end <= trig.start for t in self.s.triggers
                                               if t is not trig):
                return [], [], False  # 甲的中试线落地园区: 甲 owns what acts, it does not act
            if MEMBERS_OF.match(gap):
                return [], [], False  # 产业园内企业与乙共建…: the park's firms act, unnamed
            if not _org(g):
                continue
            t = self.object_of_trigger(g)
            if t is not None and t.frame == "coagent" and not self.s.text[t.end : g.start].strip("“\""):
                partners.insert(0, g)  # 联合乙 (not 会同市卫健委推动乙: 乙 is the pivot's, 推动's object)
                continue
            if t is not None and g.role != "pivot" and t.frame not in ("lead", "part", "own_branch", "inside"):
                continue
            relative = re.match(r"^[^<>，。；]{0,3}?的", self.s.text[trig.end :]) and len(gap) <= 2
            if VERBISH_BEFORE.search(self.s.text[self.s.clauses[c][0] : g.start]) and g.role != "pivot" and not relative:
                continue  # 为乙揭牌 (but 为乙牵头组建的丙揭牌: 乙 leads 丙)
            if re.match(r"^[^<>]{0,3}?(?:均|都)", gap) and self.is_relative_head(g):
                # 由甲组建的乙、依托丙建设的丁均被认定为…: every head of the list of relative phrases
                heads = [h for h in before if self.is_relative_head(h) and h.role == "" and _org(h)]
                return heads, partners, False
            if len(g.slots) > 1 and partners and RELATIVE_TAIL.search(self.s.text, self.s.clauses[c][0], g.start) \
                    and NEXT_RELATIVE.match(self.s.text, g.end):
                # 依托甲建设的乙、丙与丁共建的戊: 乙 ends the phrase before, 丙 acts with 丁
                g = Group(g.slots[-1:], g.slots[-1].start, g.end, g.clause, g.marker, g.role)
            return [g], partners, False
        # no agent in the clause: what the clause chain is about, unless a name the recogniser
        # missed stands right before the trigger (支持金城生物牵头组建…)
        kind, _ = self.head(c, trig.start)
        if kind == "other" or self.unnamed_before(trig) or self.pivot_without_name(trig):
            return [], partners, False
        if trig.frame in ACTIONS:
            # 由甲牵头，联合乙共同组建的丙: the agent of 由 goes on acting in the clauses after it
            for k in range(c - 1, -1, -1):
                by = [g for g in self.clause_groups(k) if g.role == "by"]
                heads = [g for g in self.clause_groups(k) if self.is_relative_head(g) and by and g.start > by[0].start]
                if by and not heads:
                    with_by = [p for p in self.clause_groups(k) if p.role == "with" and p.start > by[0].start]
                    return [by[0]], partners or with_by, True
                if self.head(k)[0] != "omitted":
                    break
        subj = self.subject(c - 1) if c > 0 else self.sentence_topic()
        if subj is None:
            return [], partners, False
        if subj.clause >= 0 and trig.frame in ACTIONS:
            # 丙由甲牵头，联合乙组建: the agent of 由 goes on acting
            by = [g for g in self.clause_groups(subj.clause) if g.role == "by"]
            if by:
                with_by = [p for p in self.clause_groups(subj.clause) if p.role == "with" and p.start > by[0].start]
                return [by[0]], partners or with_by, True
        if subj.clause >= 0 and trig.frame in TOGETHER and not partners:
            # 甲与乙开展合作，联合攻克… / 甲与乙签订协议，共建丙: those who act together go on doing so
            partners = [p for p in self.clause_groups(subj.clause) if p.role == "with" and p.start > subj.start]
            self.carried = bool(partners)
        return [subj], partners, False

    def objects(self, trig: Trigger, kinds: set[str] | frozenset[str], scope: str = "clause",
                allow: tuple[str, ...] = ("",)) -> list[Slot]:
        """The slots of the first fitting group after a trigger (within its clause or sentence)."""
        end = self.s.clauses[trig.clause][1] if scope == "clause" else len(self.s.text)
        for g in self.s.groups:
            if g.start < trig.end or g.start >= end:
                continue
            if g.role not in allow:
                if scope == "clause":
                    return []
                continue
            t = self.object_of_trigger(g)
            if t is not None and t is not trig and t.frame in ("coagent", "settle", "join", "agree"):
                continue
            if all(s.anaphor is not None and s.anaphor.refers[0] == "parties" for s in g.slots):
                return []  # 共建“…”（双方已签订协议）: the sides who act, never what is built
            fit = [s for s in g.slots if _fits(s, kinds)]
            if fit and TRUNCATED.match(self.s.text, g.end):
                return []  # 共建浙西南大学丽水…研究院: the name runs on past the slot, unrecognised
            if fit:
                return fit
            if scope == "clause" and any(s.kind == "X" for s in g.slots):
                return []  # a masked or generic name stands where the object would
        return []

    def relative_head_after(self, trig: Trigger, start: int | None = None) -> Group | None:
        """乙 in …组建的乙 / 落户园区的乙: the group right after 的 that follows the trigger."""
        pos = trig.end if start is None else start
        m = re.compile(r"[^<>，。；,;：:]{0,12}?的[“\"]?").match(self.s.text, pos)
        if not m:
            return None
        for g in self.s.groups:
            if g.start == m.end():
                return self._own_part(g)
        return None

    def _own_part(self, g: Group) -> Group:
        """依托甲建设的乙、丙与丁共建的戊: of the list after 的 only 乙 is the head, 丙 begins
        the next relative phrase (it acts with 丁)."""
        if len(g.slots) > 1 and NEXT_RELATIVE.match(self.s.text, g.end):
            return Group(g.slots[:-1], g.start, g.slots[-2].end, g.clause, g.marker, g.role)
        return g

    @staticmethod
    def _without_ba(span: str) -> str:
        """The span without a 将 that marks an object (将研发中心迁址至…: 将 as 把, no plan)."""
        return BA.sub("", span)

    def modality(self, frame: Frame) -> str:
        """negated, planned or stated, from the words between the clause's start and the trigger."""
        trig = frame.trigger
        cs = self.s.clauses[trig.clause][0]
        starts = [cs] + [g.slots[0].start for g in () if g]
        span = self.s.text[min(starts) : trig.start]
        span_clean = span
        for w in self.rules.words("not_negation"):
            span_clean = span_clean.replace(w, "")
        after = self.s.text[trig.end : trig.end + 3]
        denied_after = after.startswith(("未", "不")) and not any(after.startswith(w) for w in self.rules.words("not_negation"))
        if self.rules.negation_re.search(span_clean) or denied_after:
            return "negated"
        if frame.name in ("lead", "joint", "cobuild") and frame.objects:
            # 甲牵头申报的丙未获批: what the relative phrase describes was denied, and so is its making
            last = max(s.end for s in frame.objects)
            rest = self.s.text[last : self.s.clauses[self.s.clause_of(last)][1]]
            if re.match(r"[^<>，。；,;]{0,4}?(?:未|没有|没能|未能)(?:获批|获得|通过|入选|立项|批准|认定)", rest) \
                    and re.match(r"[^<>，。；,;]{0,12}?的[“\"]?$", self.s.text[trig.end : min(s.start for s in frame.objects)]):
                return "negated"
        # the verb goes along so that BA sees what 将 governs; it is cut off again after
        unplanned = self._without_ba(self.s.text[min(starts) : trig.end])[: -(trig.end - trig.start) or None]
        if self.rules.planned_re.search(unplanned):
            return "planned"
        for s in frame.objects:
            if "拟" in (s.mention.text if s.mention else s.text):
                return "planned"
        if re.search(r"拟(?:认定|入选|立项|支持|推荐|列入)", self.s.text[trig.start : trig.end + 30]):
            return "planned"
        if self.ctx.plan and self.rules.weak_plan_re.search(self.s.text[: trig.start]):
            return "planned"
        if self.ctx.plan_all or 0 <= self.ctx.plan_after <= self.s.source_span(trig.start, trig.end)[0]:
            return "planned"  # 我们将着力…：支持甲牵头建设…；推动乙…
        if frame.name != "agree" and re.match(r"(?:<[A-Z]\d+>)?[^<>，。；,;]{0,6}?(?:的)?(?:意向|意愿|打算)", self.s.text[trig.end :]):
            return "planned"  # 表达了落户意向: an intention, not a fact
        return "stated"


def _read_agents(f: RoleFinder, frame: Frame) -> None:
    f.carried = False
    agents, partners, by = f.agents(frame.trigger)
    frame.carried = f.carried
    frame.agents = _slots(agents)
    # 甲、乙等12家企业与丙共建…: a counted list with a partner acts one by one, not together
    frame.counted = any(g.count for g in agents)
    frame.each = any(g.each for g in agents) or bool(re.search(r"分别|各自", f.s.text[
        f.s.clauses[frame.trigger.clause][0] : frame.trigger.start]))
    frame.partners = _slots(partners)
    frame.partners_counted = any(g.count or LIST_COUNT.match(f.s.text, g.end) for g in partners)
    frame.by = by
    # 甲联合乙、丙共同攻克…: those 联合 brought in act together with each other too
    frame.co_partners = any((t := f.object_of_trigger(g)) is not None and t.frame == "coagent" for g in partners) \
        or any(SIDES_TOGETHER.match(f.s.text, g.end) for g in partners)  # 甲与乙、丙三方签约: all three
    # partners an earlier 联合/携手 of the sentence gave these agents
    for prev in f.frames:
        same = prev.agents and [s.id for s in prev.agents] == [s.id for s in frame.agents]
        if prev.name == "coagent" and same and not frame.partners:
            # 甲联合乙攻克…并获批丙 (not 甲联手乙攻关，并与丙共建丁: 丙 is the partner there)
            frame.partners = list(prev.partners)
            frame.co_partners = True
            frame.partners_counted = prev.partners_counted


def slot_ids(slots: list[Slot]) -> list[int]:
    return [s.id for s in slots]


# The readers import this module's finder and helpers, so they come in once those are defined.
from .readers import FRAME_READERS  # noqa: E402

__all__ = ["FRAME_READERS", "Context", "Frame", "RoleFinder", "SLOT"]
