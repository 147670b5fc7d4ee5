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

Each kind of frame reads these roles its own way (`FRAME_READERS`), and what it gives is data
(frames.tsv).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .rules import RelationRules
from .skeleton import PERSON, SLOT, Group, Skeleton, Slot, Trigger  # noqa: F401 - SLOT re-exported

# Words before a clause's first name that leave it the clause's subject: time, place of the
# statement, discourse markers, adverbs.
SUBJECT_LEAD = re.compile(
    r"^(?:[\s“”\"]|其中|同时|此外|另外|另据[^，,]{0,8}|据[^，,]{0,6}?(?:介绍|悉|了解|统计)|目前|近年来|近年|今年以来|今年|去年|"
    r"当天|同日|同期|同年|随后|之后|此前|截至[^，,<>]{0,12}|[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:以来)?|[0-9]{1,2}月(?:[0-9]{1,2}日)?|"
    r"[一二三四五六七八九十]是|（[一二三四五六七八九十]+）|【[^】<>]{1,10}】|◆|■|●|[0-9]+[.、．]|[一二三四五六七八九十]+、|并|还|也|且|而|则|但|更|又|已|均|"
    r"先后|分别|首批|全年|上半年|下半年|近期|日前|近日|[上下]午|期间|会上|活动中|仪式上|现场|当日|本次|此次|"
    # a short place modifier before the subject: 园内的乙, 新区内的乙
    r"[\u4e00-\u9fff]{1,4}?[内外里中]的(?=[“\"]?<))*"
)
# Words after which a name is what a verb acts on, not who acts.
VERBISH_BEFORE = re.compile(r"(?:为|对|向|把|将|给|让|使)$")
# Frames of things done together: the partners of an earlier clause carry into them.
TOGETHER = frozenset({"joint", "cobuild", "undertake"})
# Frames whose agent acts: a 由-agent of an earlier clause goes on acting in them.
ACTIONS = frozenset({"coagent", "found", "cobuild", "lead", "joint", "undertake"})
AWARD_ENDS = ("奖", "大赛", "竞赛", "赛")
BRANCH_HEAD = re.compile(r"(?:分园|分院|分中心|分所|分公司|分部|分基地|分站|分校|校区)$")
# A slot that begins a longer name the recogniser missed: the name runs on to a head noun.
TRUNCATED = re.compile(r"[\u4e00-\u9fff]{2,24}?(?:研究院|研究中心|创新中心|中心|实验室|基地|平台|学院|园区|科技园|产业园|"
                       r"联盟|联合体|工作站|孵化器|众创空间)(?=[，。；、,;（(]|$)")
# 将 before a thing moved or given, not before a verb: 将研发中心迁址至…, 将<乙>纳入…
BA = re.compile(r"将(?=<[A-Z]\d+>|(?:其|该)?[\u4e00-\u9fff]{0,6}?(?:中心|总部|基地|项目|团队|业务|生产线|产线|研发|工厂)"
                r"(?:整体|全部|正式)?(?:迁|搬|落户|入驻|纳入|列入|转移))")
# 甲(与乙)共同出资建设的|丙: a relative phrase from the clause's first name to the name it describes
# (甲共建的玉米深加工丙: a field word the recogniser left outside the name may stand after 的)
DESCRIBED_GAP = re.compile(
    r"(?:[与和及同]<[A-Z]\d+>(?:[、和及与]<[A-Z]\d+>)*)?[^<>，。；,;]{1,14}的[“\"]?[^<>，。；,;与和及同为是在向对将把]{0,6}"
)
HOST_WORDS = re.compile(r"依托|利用|通过|借助|在|以")
# a name that begins with a rank: 国家…, 省级…, 陕西省…, 浙江省…, 宁夏回族自治区…, 重庆市…
RANK_NAME = re.compile(r"^(?:国家|省级|市级|省|[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,8}自治区|北京市|天津市|上海市|重庆市)")
# 牵头单位分别为甲和乙: the leaders named after the verb
LEADER_NAMED = re.compile(r"单位(分别)?(?:为|是)[：:]?[“\"]?")
# 从杭州(整体)迁入: the place a move starts from
FROM_PLACE = re.compile(r"(?:从|由|自)[\u4e00-\u9fff]{2,8}$")
# 获得立项支持, 获批资助: what is won is support from a program named before
SUPPORT_AFTER = re.compile(r"(?:立项)?(?:支持|资助|立项)")
# 由甲牵头(承担)的丙: the program a relative phrase after the verb names
LED_BY = re.compile(r"由<[A-Z]\d+>(?:[、和与]<[A-Z]\d+>)*(?:牵头|负责|主持)(?:承担|实施|组织)?的[“\"]?<[PD](\d+)>")
# 我校甲学院: the speaker's own body, before a name of its part
OWN_BODY = re.compile(r"^(?:我校|本校|我院|本院|我所|本所)")
# 依托甲和乙|联合组建: hosts that build together
JOINTLY_BUILT = re.compile(r"(?:联合|共同|合作)(?:组建|建设|共建|打造)|共建|合建")
# 甲申报的…项目, 甲与乙合作的…项目: the name before is a maker of the project
MAKER_OF_PROJECT = re.compile(r"(?:[与和]<[A-Z]\d+>)?(?:联合|合作|共同)?(?:申报|承担|实施|完成|合作|研发|牵头)?的[^<>，。；,;：:、]{0,20}?(?:项目|课题)")
# 甲、乙等23家…: a count that closes a list
LIST_COUNT = re.compile(r"等[0-9一二三四五六七八九十百余多]+(?:家|个|所|位|名)")
# 丙1项、丁: a count and a comma between two things won
COUNTED_AND = re.compile(r"[”\"]?[0-9一二三四五六七八九十两]+(?:项|个|家|次|件)[、和及与][“\"]?")
# 获一等奖, 分获二等奖、三等奖: a grade of an award named before
PRIZE_GRADE = re.compile(r"[^<>，。；,;]{0,8}?(?:[一二三特金银铜]等?奖|优胜奖|优秀奖|总决赛|决赛)")
# 入驻企业42家, 入孵项目12个: a count of unnamed things right after a verb
COUNTED_AFTER = re.compile(r"(?:了)?[\u4e00-\u9fff]{0,6}?(?:企业|单位|项目|团队|机构|主体)[^<>，。；,;]{0,4}?[0-9一二两三四五六七八九十百余多]+(?:家|个|支|项)")
# 园内企业, 区内的企业: the unnamed members of the place just named
MEMBERS_OF = re.compile(r"(?:内|内的|区内|园内|辖区|旗下|下属)(?:的)?(?:各|相关|部分|重点|骨干)?(?:企业|单位|机构|高校|院所)")
# 依托甲建设(的乙): what follows the host is a verb of building
BUILT_AFTER_HOST = re.compile(r"[^<>，。；,;]{0,6}?(?:建设|组建|成立|设立|建立|共建|创建|筹建|打造|建成|成立的|运营)")
RELATIVE = re.compile(r"^[^<>，。；,;：:]{0,4}?的[“\"]?$")
# …获批组建 / 获准建设 / 正式揭牌: what was applied for came to be built
BUILT_LATER = re.compile(r"(?:[^<>。；;]|<G\d+>){0,20}?(?:批复组建|获批组建|获批建设|获准建设|批准建设|批准组建|揭牌|挂牌|成立)")
HELPERS_THEN_HEAD = re.compile(r"[、，,]<[A-Z]\d+>(?:[、和及]<[A-Z]\d+>)*[^<>，。；,;]{0,3}(?:参与|协同|配合|联合)[^<>，。；,;]{0,6}的[“\"]?")
SETTLED_MEMBER = re.compile(r"<[A-Z](\d+)>(?:系|是|为|作为)<[A-Z](\d+)>的?(?:首批|第一批|首家|重点)?$")
AS_ROLE = re.compile(r"作为[^<>，。；,;]{0,10}$")
RELATIVE_TAIL = re.compile(r"的[“\"]?[^<>，。；,;：:与和及同为是在向对将把的]{0,6}[“\"]?$")
PROJECT_REF = re.compile(r"的[^<>，。；,;：:]{0,24}?$")


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
    makers: list = field(default_factory=list)  # who did the work the last sentence told of
    recent_awards: list = field(default_factory=list)  # awards named in the last sentences
    own: list = field(default_factory=list)  # the firm the report calls 公司 (a note, or its title)


class RoleFinder:
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
            if PERSON in gap or self.person_before(g.end, gap):
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
            if t is not None and g.role != "pivot" and t.frame not in ("lead", "part", "own_branch"):
                continue
            relative = re.match(r"^[^<>，。；]{0,3}?的", self.s.text[trig.end :]) and len(gap) <= 2
            if VERBISH_BEFORE.search(self.s.text[self.s.clauses[c][0] : g.start]) and g.role != "pivot" and not relative:
                continue  # 为乙揭牌 (but 为乙牵头组建的丙揭牌: 乙 leads 丙)
            if re.match(r"^[^<>]{0,3}?(?:均|都)", gap) and self.is_relative_head(g):
                # 由甲组建的乙、依托丙建设的丁均被认定为…: every head of the list of relative phrases
                heads = [h for h in before if self.is_relative_head(h) and h.role == "" and _org(h)]
                return heads, partners, False
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
                return g
        return None

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
        if frame.name != "agree" and re.match(r"(?:<[A-Z]\d+>)?[^<>，。；,;]{0,6}?(?:的)?(?:意向|意愿|打算)", self.s.text[trig.end :]):
            return "planned"  # 表达了落户意向: an intention, not a fact
        return "stated"


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
    frame.co_partners = any((t := f.object_of_trigger(g)) is not None and t.frame == "coagent" for g in partners)
    # partners an earlier 联合/携手 of the sentence gave these agents
    for prev in f.frames:
        same = prev.agents and [s.id for s in prev.agents] == [s.id for s in frame.agents]
        if prev.name == "coagent" and same and not frame.partners:
            # 甲联合乙攻克…并获批丙 (not 甲联手乙攻关，并与丙共建丁: 丙 is the partner there)
            frame.partners = list(prev.partners)
            frame.co_partners = True
            frame.partners_counted = prev.partners_counted


def read_two_sided(f: RoleFinder, frame: Frame) -> bool:
    """agree, cooperate, joint: the agents and those they act with.

    A list of pairs (甲与乙、丙与丁分别签署) pairs each with its own; so do clauses that state a
    pair and leave the verb to a later clause (甲与乙就…，丙与丁就…达成合作意向)."""
    _read_agents(f, frame)
    trig = frame.trigger
    cs, _ = f.s.clauses[trig.clause]
    seg = f.s.text[cs : trig.start]
    pairs = _pair_list(seg) if re.search(r"<[A-Z]\d+>与<[A-Z]\d+>、<[A-Z]\d+>与<", seg) else []
    k = trig.clause - 1
    while k >= 0 and not any(t.clause == k for t in f.s.triggers):
        ks, ke = f.s.clauses[k]
        m = re.match(r"^[^<>]{0,12}?<[A-Z](\d+)>与<[A-Z](\d+)>[^<>]{0,3}就", f.s.text[ks:ke])
        if not m:
            break
        pairs.insert(0, (m.group(1), m.group(2)))
        k -= 1
    if pairs:
        if re.match(r"^[^<>]{0,12}?<[A-Z](\d+)>与<[A-Z](\d+)>", seg) and not _pair_list(seg):
            pass
        own = re.search(r"<[A-Z](\d+)>与<[A-Z](\d+)>", seg)
        if own and (own.group(1), own.group(2)) not in pairs:
            pairs.append((own.group(1), own.group(2)))
        frame.pairs = [(f.s.slots[int(a)], f.s.slots[int(b)]) for a, b in pairs]
    if frame.name == "undertake":
        # 乙、丙共同承担该项目 (甲牵头承担的): they work with its leader
        end = f.s.clauses[trig.clause][1]
        for s in f.s.slots:
            makers = s.kind == "A" and s.anaphor is not None and s.anaphor.refers[0] == "makers"
            if makers and trig.end <= s.start < end and s.refs:
                frame.partners.append(s)
        frame.objects = f.objects(trig, {"P", "D"}, "clause")
        if not frame.objects:
            for prev in reversed(f.frames):
                progs = [s for s in prev.objects if _fits(s, {"P"})]
                if progs:
                    frame.objects = progs  # 乙、丙共同承担该项目 / 课题研究
                    break
    elif frame.name in ("agree", "cooperate"):
        # 甲、乙等高校达成合作意向 (with whom is not said) is no agreement between 甲 and 乙
        frame.mutual = len(frame.agents) == 2 and not frame.counted
    elif frame.name == "joint" and trig.cue.endswith(("申报", "申建", "筹建")):
        # 甲、乙、丙联合申报的丙联合体获批组建: a platform applied for together is built together
        head = f.relative_head_after(trig)
        built = [s for s in head.slots if s.kind == "F"] if head is not None else []
        if built and BUILT_LATER.match(f.s.text, head.end):
            frame.name, frame.objects = "cobuild", built
    return bool(frame.agents or frame.pairs)


def _pair_list(seg: str) -> list[tuple[str, str]]:
    """甲与乙、丙与丁: each 与-pair of a list of pairs."""
    out = []
    for item in re.split(r"、", seg):
        m = re.search(r"<[A-Z](\d+)>与<[A-Z](\d+)>", item)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def read_coagent(f: RoleFinder, frame: Frame) -> bool:
    """联合/携手 乙: 乙 works with the subject."""
    trig = frame.trigger
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    if not after or f.s.text[trig.end : after[0].start].strip("“\"了") != "":
        return False
    _read_agents(f, frame)
    frame.partners = _slots([after[0]])
    frame.partners_counted = bool(after[0].count or LIST_COUNT.match(f.s.text, after[0].end))
    return bool(frame.agents)


def read_cobuild(f: RoleFinder, frame: Frame) -> bool:
    """Built together: builders are the agents and partners; the object follows or is the subject."""
    _read_agents(f, frame)
    spec = f.rules.frames[frame.name]
    head = f.relative_head_after(frame.trigger)
    copula = _copula_subject(f, frame.trigger, head)
    if copula is not None:
        # 丙是甲与乙合作共建的省级科技园: they build 丙, and 丙 holds the rank
        frame.objects = [s for s in copula.slots if s.is_org]
        extra = Frame("join", frame.trigger, frame.sentence, agents=list(frame.objects), objects=list(head.slots))
        extra.modality = f.modality(extra)
        f.frames.append(extra)
    elif head is not None and any(_fits(s, spec.objects) for s in head.slots):
        frame.objects = [s for s in head.slots if _fits(s, spec.objects)]
    else:
        frame.objects = f.objects(frame.trigger, spec.objects, "clause")
    if not frame.objects:
        frame.objects = _passive_object(f, frame, spec.objects)
        k = _by_clause(f, frame.trigger.clause)
        if frame.objects and not frame.by and k is not None and k != frame.trigger.clause:
            # 丙由甲牵头，乙、丁共同组建: the leader builds it with them
            leader = [s for g in f.clause_groups(k) if g.role == "by" for s in g.slots]
            frame.partners += [s for s in leader if s not in frame.agents and s not in frame.partners]
    if not frame.objects and frame.agents and all(_fits(a, {"F"}) for a in frame.agents):
        # 丙依托甲，与乙共建: 丙 is what is built, by its host and the partner
        host = next((g for g in f.s.groups if g.role == "host" and g.end <= frame.trigger.start and _org(g)), None)
        if host is not None:
            frame.objects, frame.agents = list(frame.agents), _slots([host])
    # a builder is not what it builds
    return not (frame.objects and frame.agents and any(a in frame.objects for a in frame.agents))


def _copula_subject(f: RoleFinder, trig: Trigger, head: Group | None) -> Group | None:
    """丙 in 丙是(由)甲与乙共建的<designation>: the subject a copula gives a rank."""
    if head is None or not head.slots or any(s.kind != "D" for s in head.slots):
        return None
    cs = f.s.clauses[trig.clause][0]
    m = re.match(r"[^<>]{0,12}?(<[A-Z]\d+>)(?:（[^）]*）)?(?:也|则|已|即)?是", f.s.text[cs : trig.start])
    if not m:
        return None
    return next((g for g in f.s.groups if g.start == cs + m.start(1) and _org(g)), None)


def _passive_object(f: RoleFinder, frame: Frame, kinds) -> list[Slot]:
    """丙由甲与乙共建 / 该基地由甲投资建设: what the clause (or sentence) is about."""
    trig = frame.trigger
    rest = f.s.text[trig.end : f.s.clauses[trig.clause][1]]
    if "<" in rest:
        return []
    c = trig.clause
    by_clause = _by_clause(f, c)
    if by_clause is not None and by_clause != c:
        c = by_clause  # 丙由甲牵头，联合乙、丁共同组建: the 由 of an earlier clause
        trig = Trigger(trig.frame, f.s.clauses[c][1], f.s.clauses[c][1], trig.cue, c)
    cs = f.s.clauses[c][0]
    before = [g for g in f.clause_groups(c) if g.end <= trig.start]
    by = [g for g in before if g.role == "by"]
    if by:
        first = [g for g in before if g.start < by[0].start and g.role == "" and any(_fits(s, kinds) for s in g.slots)]
        if first:
            return [s for s in first[0].slots if _fits(s, kinds)]
        if c > 0 and not re.search(r"[\u4e00-\u9fff]{4,}", f.s.text[cs : by[0].start]):
            # 甲在临港设立乙分中心，由该中心与丙共同建设: what the clause before just set up
            prev = [g for g in f.clause_groups(c - 1) if f.object_of_trigger(g) is not None]
            if prev and f.object_of_trigger(prev[-1]).frame in ("branch", "found", "cobuild"):
                fit = [s for s in prev[-1].slots if _fits(s, kinds)]
                if fit:
                    return fit
        if not re.search(r"[\u4e00-\u9fff]{4,}", f.s.text[cs : by[0].start]):
            for k in range(c - 1, -1, -1):
                subj = f.subject(k)
                if subj is not None:
                    return [s for s in subj.slots if _fits(s, kinds)]
            return [s for s in f.ctx.topic if _fits(s, kinds)]
    return []


def _by_clause(f: RoleFinder, c: int) -> int | None:
    """The clause of the 由-phrase that governs clause `c`: itself, or an earlier one of its chain."""
    for k in range(c, -1, -1):
        if any(g.role == "by" for g in f.clause_groups(k)):
            return k
        if k < c and f.head(k)[0] != "omitted":
            return None
    return None


def read_lead(f: RoleFinder, frame: Frame) -> bool:
    """牵头: the leader and what it leads (further on in the sentence, or the passive subject)."""
    named = LEADER_NAMED.match(f.s.text, frame.trigger.end)
    if named:
        # 丙、丁获批，牵头单位分别为甲和乙: the leaders of what the sentence just named
        after = next((g for g in f.clause_groups(frame.trigger.clause) if g.start >= named.end()), None)
        led = next((p.agents for p in reversed(f.frames) if p.agents and all(_fits(s, {"F", "R", "P"}) for s in p.agents)), [])
        if after is None or not led or after.start != named.end():
            return False
        frame.agents, frame.objects = _slots([after]), list(led)
        frame.each = bool(named.group(1))  # 分别: one each, in order
        return True
    _read_agents(f, frame)
    spec = f.rules.frames[frame.name]
    head = f.relative_head_after(frame.trigger)
    helped = HELPERS_THEN_HEAD.match(f.s.text, frame.trigger.end)
    if head is None and helped:
        # 由甲牵头、乙参与共建的丙: the relative phrase names the helpers before what it describes
        head = next((g for g in f.s.groups if g.start == helped.end()), None)
    if head is not None and any(_fits(s, spec.objects) for s in head.slots):
        frame.objects = [s for s in head.slots if _fits(s, spec.objects)]
    else:
        frame.objects = f.objects(frame.trigger, spec.objects, "clause")
    if not frame.objects:
        # 甲牵头项目获批丙 / 甲牵头，乙、丙参与的“…”项目列入丙: what the project it leads wins
        for t in f.s.triggers:
            if t.start <= frame.trigger.end or t.frame != "join":
                continue
            between = f.s.text[frame.trigger.end : t.start]
            if re.search(r"[。；;]", between) or not re.search(r"项目|课题|专项|成果", between):
                continue
            frame.objects = [s for s in f.objects(t, {"P"}, "clause")]
            if frame.objects:
                break
    if not frame.objects:
        frame.objects = _built_later(f, frame, spec.objects)
    if not frame.objects:
        frame.objects = _passive_object(f, frame, spec.objects)
    if not frame.objects and f.ctx.inherited_object:
        frame.objects = [s for s in f.ctx.inherited_object if _fits(s, spec.objects)]
    return True


def _built_later(f: RoleFinder, frame: Frame, kinds) -> list[Slot]:
    """甲牵头，联合乙、丙组建丁: what a later clause of the same event builds."""
    for k in range(frame.trigger.clause + 1, len(f.s.clauses)):
        ks, ke = f.s.clauses[k]
        if not re.match(r"^(?:并|共同|一起)?(?:联合|会同|携手|协同|组织|带领|组建|建设|成立|筹建|打造|共建|承担|实施)", f.s.text[ks:ke]):
            return []
        for t in f.s.triggers:
            if t.clause == k and t.frame in ("found", "cobuild", "join", "undertake"):
                head = f.relative_head_after(t)
                if head is not None:
                    return [s for s in head.slots if _fits(s, kinds)]
                fit = f.objects(t, kinds, "clause")
                if fit:
                    return fit
    return []


def read_host(f: RoleFinder, frame: Frame) -> bool:
    """依托甲建设的乙 / 乙依托甲建设 / 甲依托自建的乙: the host leads what is built."""
    trig = frame.trigger
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    spec = f.rules.frames[frame.name]
    gap = OWN_BODY.sub("", f.s.text[trig.end : after[0].start]).strip("“\"") if after else "x"
    host = after[0] if after and gap == "" else None  # 依托甲, 依托我校甲学院
    built_later = re.match(r"[，,](?:并)?[与和]<[A-Z]\d+>(?:[、和]<[A-Z]\d+>)*(?:合作|联合|共同)?(?:共建|建设|组建)", f.s.text[host.end :]) if host else None
    if host is not None and not trig.cue.startswith("挂靠") and not BUILT_AFTER_HOST.match(f.s.text, host.end) \
            and not built_later:
        return False  # 依托分院开展成果中试: relying on, not building (丙依托甲，与乙共建 builds)
    if host is not None:
        frame.agents = _slots([host])
        if trig.cue.startswith("挂靠"):
            frame.name = "attached"  # 该中心挂靠乙: affiliated to 乙, a part of it
            spec = f.rules.frames["attached"]
        if len({m.name for s in frame.agents for m in s.names()}) >= 2 and JOINTLY_BUILT.match(f.s.text, host.end):
            # 依托甲和乙联合组建: two hosts that build it together co-build it
            frame.name = "cobuild"
            spec = f.rules.frames["cobuild"]
        built = f.relative_head_after(trig, host.end)
        if built is not None:
            frame.objects = [s for s in built.slots if _fits(s, spec.objects)]
        else:
            agents, _, _ = f.agents(trig)
            frame.objects = [s for s in _slots(agents) if _fits(s, spec.objects)]
            frame.each = any(g.each for g in agents)  # 两家平台分别依托甲和乙建设: one host each
    else:
        if not re.match(r"(?:自建|自主建设|建设|组建)的", f.s.text[trig.end :]):
            return False
        _read_agents(f, frame)
        built = f.relative_head_after(trig)
        frame.objects = [s for s in built.slots if _fits(s, spec.objects)] if built else []
    return True


def read_found(f: RoleFinder, frame: Frame) -> bool:
    """One organisation builds or runs a platform: 由甲组建的乙, 乙由甲组建, 甲组建的乙."""
    if re.search(r"(?:依托|挂靠)(?:于)?<[A-Z]\d+>[^<>]{0,4}$", f.s.text[: frame.trigger.start]):
        return False  # 依托甲建设的乙: the host frame reads it
    _read_agents(f, frame)
    spec = f.rules.frames[frame.name]
    head = f.relative_head_after(frame.trigger)
    if frame.partners or len({m.name for s in frame.agents for m in s.names()}) >= 2:
        frame.name = "cobuild"  # 甲携手乙，投资打造丙; 双方成立丙
        spec = f.rules.frames["cobuild"]
    if head is not None and f.s.text[frame.trigger.end : head.start].strip("“\"") == "的":
        frame.objects = [s for s in head.slots if _fits(s, spec.objects)]
    elif frame.by:
        frame.objects = _passive_object(f, frame, spec.objects)
    elif frame.name == "cobuild":
        frame.objects = f.objects(frame.trigger, spec.objects, "clause")
    return bool(frame.objects)


def _built_is_ranked(f: RoleFinder, frame: Frame) -> None:
    """甲与乙共同建设丙，力争获批国家级技术创新中心: a platform's rank, won in a clause without a
    subject of its own, goes to the platform the clause before built, not to its builders."""
    trig = frame.trigger
    own = [g for g in f.clause_groups(trig.clause) if g.end <= trig.start and g.role == "" and _org(g)]
    if own or not frame.objects or not all(s.mention is not None and s.mention.label == "Platform"
                                           for s in frame.objects):
        return
    for prev in reversed(f.frames):
        if prev.trigger.clause == trig.clause - 1 and prev.name in ("cobuild", "found", "lead"):
            built = [s for s in prev.objects if s.mention is not None and s.mention.label == "Platform"]
            if built:
                frame.agents, frame.partners = built, []
            return


def read_join(f: RoleFinder, frame: Frame) -> bool:
    """A program, award or designation joined: the subject (or a project's makers) and what follows."""
    _read_agents(f, frame)
    trig = frame.trigger
    frame.objects = f.objects(trig, f.rules.frames[frame.name].objects, "clause")
    frame.objects += _counted_more(f, frame.objects, f.rules.frames[frame.name].objects)
    _built_is_ranked(f, frame)
    led = LED_BY.match(f.s.text, trig.end)
    if not frame.objects and led:
        # 参与了由甲牵头的丙: what 甲 leads is what is taken part in
        frame.objects = [f.s.slots[int(led.group(1))]]
    # …甲与乙联合申报的项目获批丙: the makers of the project join what it won
    cs = f.s.clauses[trig.clause][0]
    lead = f.s.text[cs : trig.start]
    last = lead.rfind(">")
    tail = lead[last + 1 :] if last >= 0 else lead
    if last >= 0 and PROJECT_REF.search(tail) and f.rules.project_re.search(tail):
        for prev in reversed(f.frames):
            if prev.trigger.clause == trig.clause and prev.trigger.end <= trig.start:
                frame.agents = list(prev.agents)
                frame.partners = list(prev.partners)
                break
        # 甲与乙合作的…项目、丙申报的…项目也同时立项: every maker of a project the list names
        makers = [g for g in f.clause_groups(trig.clause) if g.end <= trig.start and g.role in ("", "with")
                  and _org(g) and MAKER_OF_PROJECT.match(f.s.text, g.end)]
        known = {s.id for s in frame.agents + frame.partners}
        frame.agents += [s for g in makers if g.role == "" for s in _slots([g]) if s.id not in known]
    if not frame.objects and trig.cue.startswith(("获批", "获准", "通过")):
        # 联合乙申报省级企校联合创新中心获批: what was applied for, named before the verb
        cs = f.s.clauses[trig.clause][0]
        m = re.search(r"申报(?:的)?[“\"]?<([PD])(\d+)>[^<>]{0,6}$", f.s.text[cs : trig.start])
        if m:
            frame.objects = [f.s.slots[int(m.group(2))]]
    if not frame.objects:
        # 在第十三届中国创新创业大赛中晋级全国赛: the program a 在…中 phrase names before the verb
        cs = f.s.clauses[trig.clause][0]
        m = re.search(r"在[^<>，。；,;]{0,8}?[“\"]?<([PD])(\d+)>[^<>]{0,16}?中[^<>]{0,4}$", f.s.text[cs : trig.start])
        if m:
            frame.objects = [f.s.slots[int(m.group(2))]]
    bare = not re.match(r"[^，。；,;]{0,6}<", f.s.text[trig.end :])  # …项目同时获批。: nothing named after
    if not frame.objects and f.ctx.inherited_object and (trig.cue.startswith(("参与", "承担")) or trig.cue.endswith("立项")
                                                          or (trig.cue.endswith("获批") and bare)):
        frame.objects = list(f.ctx.inherited_object)
    if not frame.objects and trig.cue in ("入选", "入围", "上榜", "获批", "通过"):
        # 科技部公布…孵化器名单，甲、乙成功入选: the list named before in the sentence
        for g in reversed([g for g in f.s.groups if g.end <= trig.start]):
            if re.match(r"[“”\"]?(?:项目)?(?:拟认定|认定|入选|推荐|立项|拟立项|资助|支持|入库|建设|备案|培育)?(?:项目)?名单", f.s.text[g.end :]):
                frame.objects = [s for s in g.slots if _fits(s, {"P", "D"})]
                break
    support = SUPPORT_AFTER.match(f.s.text, trig.end)
    if not frame.objects and support and re.match(r"[“\"]?<[PD](\d+)>", f.s.text[support.end() :]):
        frame.objects = [f.s.slots[int(re.match(r"[“\"]?<[PD](\d+)>", f.s.text[support.end() :]).group(1))]]  # 获批立项丙
    if not frame.objects and ("名单" in trig.cue or (support and not re.match(r"[^，。；,;]{0,6}<", f.s.text[trig.end :]))):
        # 新增丙9家，甲、乙都在这次名单里 / 丙项目公布，我市5个项目获得立项支持: the program named before
        progs = [s for g in f.s.groups if g.end <= trig.start for s in g.slots if _fits(s, {"P", "D"})]
        frame.objects = progs[-1:]
    if not frame.objects and PRIZE_GRADE.match(f.s.text, trig.end):
        # …科技创新奖获奖单位颁奖，甲、乙获一等奖: the award named before the grade
        for g in reversed([g for g in f.s.groups if g.end <= trig.start]):
            awards = [s for s in g.slots if s.kind == "P" and s.mention is not None and s.mention.name.endswith(AWARD_ENDS)]
            if awards:
                frame.objects = awards
                break
        else:
            frame.objects = [s for s in f.ctx.recent_awards]
    if not frame.objects and trig.cue.startswith(("获批", "获评", "被认定为", "认定为", "入选", "获得", "成为")):
        # 乙获批陕西省“四主体一联合”校企联合研究中心: a platform named by its rank right after
        # the verb is a rank the subject won, whatever else its name says
        after = next((g for g in f.clause_groups(trig.clause) if g.start >= trig.end), None)
        if after is not None and not f.s.text[trig.end : after.start].strip("“\"") and any(
                s.kind == "F" and s.mention is not None and RANK_NAME.match(s.mention.name) for s in after.slots):
            frame.objects = [s for s in after.slots if s.kind == "F"]
    if not frame.objects and trig.cue.startswith(("参与", "承担")):
        # 乙、丙作为参与单位共同承担课题研究: the program an earlier frame of the sentence named
        for prev in reversed(f.frames):
            progs = [s for s in prev.objects if _fits(s, {"P"})]
            if progs:
                frame.objects = progs
                break
    return True


def _counted_more(f: RoleFinder, objects: list[Slot], kinds) -> list[Slot]:
    """斩获丙一等奖1项、丁2项: the names after the first object, each after a count and 、."""
    if not objects:
        return []
    more: list[Slot] = []
    end = max(s.end for s in objects)
    for g in f.s.groups:
        if g.start < end:
            continue
        if not COUNTED_AND.fullmatch(f.s.text[end : g.start]):
            break
        fit = [s for s in g.slots if _fits(s, kinds)]
        if not fit:
            break
        more += fit
        end = g.end
    return more


def read_designate(f: RoleFinder, frame: Frame) -> bool:
    """认定甲、乙为丙: those named between the verb and 为 join 丙 (none named: a list follows)."""
    trig = frame.trigger
    m = re.compile(r"(?:[^。；;<>为]|<[A-Z]\d+>){0,40}?为").match(f.s.text, trig.end)
    if not m:
        return False
    frame.agents = _slots([g for g in f.s.groups if trig.end <= g.start and g.end <= m.end()])
    for g in f.s.groups:
        if g.start >= m.end():
            fit = [s for s in g.slots if _fits(s, {"P", "D"})]
            if fit:
                frame.objects = fit
            break
    return bool(frame.objects)


def read_listed(f: RoleFinder, frame: Frame) -> bool:
    """甲在丙中榜上有名 / 甲入选的丙名单中位列其中: 丙 is named before the verb, after the subject."""
    _read_agents(f, frame)
    trig = frame.trigger
    cs = f.s.clauses[trig.clause][0]
    if trig.clause > 0 and re.search(r"名单[”\"]?[，,]$", f.s.text[: cs]):
        cs = f.s.clauses[trig.clause - 1][0]  # …公布…名单，甲榜上有名
    for g in reversed([g for g in f.s.groups if cs <= g.start and g.end <= trig.start]):
        fit = [s for s in g.slots if _fits(s, {"P", "D"})]
        if fit:
            frame.objects = fit
            break
    frame.agents = [s for s in frame.agents if s not in frame.objects]
    return True


def read_build_approved(f: RoleFinder, frame: Frame) -> bool:
    """获批建设 a named platform: the subject leads it; a designation is joined instead."""
    _read_agents(f, frame)
    frame.objects = f.objects(frame.trigger, {"F", "R", "D"}, "clause")
    if any(s.kind == "D" or (s.mention is not None and s.mention.generic) for s in frame.objects):
        frame.name = "join"
    elif frame.partners:
        frame.name = "cobuild"  # 甲携手乙，获批组建丙: they build it together
    return True


def read_settle(f: RoleFinder, frame: Frame) -> bool:
    """落户/入驻: the settlers and the platform they settle in."""
    trig = frame.trigger
    if COUNTED_AFTER.match(f.s.text, trig.end):
        return False  # 累计入驻企业42家: those who settled are counted, not named
    member = SETTLED_MEMBER.search(f.s.text, 0, trig.start)
    if member and re.match(r"的?(?:企业|单位|机构|项目|团队)", f.s.text[trig.end :]):
        # 甲系丙首批入驻企业: the subject is one of those who settled in 丙
        frame.agents = [f.s.slots[int(member.group(1))]]
        frame.objects = [s for s in [f.s.slots[int(member.group(2))]] if _fits(s, {"F"})]
        return bool(frame.objects)
    _read_agents(f, frame)
    frame.objects = f.objects(trig, {"F"}, "clause", allow=("", "at"))
    moved = _ba_object(f, trig)
    if moved is not None:
        # 甲将乙迁至丙: a named 乙 is what settles; 甲将研发中心迁入丙 brings 甲 itself there.
        # Either way only what follows the verb is where.
        if _org(moved):
            frame.agents = _slots([moved])
        return bool(frame.objects and frame.agents)
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    if not frame.objects and after and _org(after[0]) and "<" not in f.s.text[trig.end : after[0].start]:
        # 首批入驻甲、乙: those after the verb settle, in what the clause is about
        host = [s for s in frame.agents if _fits(s, {"F"})]
        if not host:
            host = _host_before(f, trig)
        frame.agents = _slots([after[0]])
        frame.objects = host
    head = f.relative_head_after(trig, (frame.objects[-1].end if frame.objects else trig.end))
    if head is not None and not _own_agents(f, trig):
        frame.agents = _slots([head])  # 落户园区的乙: 乙 settled there
    if not frame.objects:
        frame.objects = _host_before(f, trig)
    return True


def _ba_object(f: RoleFinder, trig: Trigger) -> Group | None:
    """The group a 将/把 puts before the verb (将研发中心迁至…), if the clause has one."""
    for g in f.clause_groups(trig.clause):
        if g.end <= trig.start and re.search(r"[将把]$", f.s.text[max(0, g.start - 1) : g.start]) \
                and len(f.s.text[g.end : trig.start]) <= 4:
            return g
    cs = f.s.clauses[trig.clause][0]
    if re.search(r"把[^<>]{1,12}$", f.s.text[cs : trig.start]) or BA.search(f.s.text[cs : trig.end]):
        return Group([], trig.start, trig.start, trig.clause)  # a thing moved the recogniser did not name
    return None


def _own_agents(f: RoleFinder, trig: Trigger) -> bool:
    before = [g for g in f.clause_groups(trig.clause) if g.end <= trig.start and g.role in ("", "pivot")]
    return bool(before)


def _host_before(f: RoleFinder, trig: Trigger) -> list[Slot]:
    """The platform a settling clause is about: 在乙，… / 乙…首批入驻 / the clause subject."""
    for g in reversed([g for g in f.s.groups if g.end <= trig.start]):
        if g.role in ("at", "") and any(_fits(s, {"F"}) for s in g.slots):
            return [s for s in g.slots if _fits(s, {"F"})]
    return [s for s in f.ctx.topic if _fits(s, {"F"})]


def read_branch(f: RoleFinder, frame: Frame) -> bool:
    """甲在某地设立乙(分中心): the new unit is a part of who set it up."""
    _read_agents(f, frame)
    trig = frame.trigger
    after = next((g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause), None)
    if after is None or f.s.text[trig.end : after.start].strip("“\"的了") != "":
        return False
    frame.objects = [s for s in after.slots if s.kind in ("E", "U", "R", "F") or (s.kind == "A" and s.refs)]
    return bool(frame.objects)


def read_own_branch(f: RoleFinder, frame: Frame) -> bool:
    """…科技园运营良好，其天元分园新入驻…: a branch (分园, 分院, 分中心…) of what the clause is about."""
    trig = frame.trigger
    after = next((g for g in f.s.groups if g.start >= trig.end), None)
    if after is None:
        return False
    owner = f.subject(trig.clause - 1) if trig.clause > 0 else f.sentence_topic()
    frame.agents = [s for s in owner.slots if s.is_org] if owner is not None else []
    school = any(s.kind == "U" or any(m.label == "University" for m in s.names()) for s in frame.agents)
    frame.objects = [s for s in after.slots if s.mention is not None and (
        BRANCH_HEAD.search(s.mention.name) or (school and s.mention.name.endswith("学院")))]
    return bool(frame.objects and frame.agents)


def read_part(f: RoleFinder, frame: Frame) -> bool:
    """甲下属的乙, 甲（的）控股子公司乙, 其全资子公司乙: 乙 is part of 甲."""
    trig = frame.trigger
    within = next((g for g in f.s.groups if g.start < trig.start and trig.end < g.end), None)
    if within is not None:  # 甲及控股子公司乙, one list: 乙 is 甲's
        owner = [s for s in within.slots if s.end <= trig.start][-1:]
        owned = [s for s in within.slots if s.start >= trig.end][:1]
        frame.agents, frame.objects = owned, owner
        return bool(owner and owned)
    before = [g for g in f.s.groups if g.end <= trig.start and g.clause == trig.clause]
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    cs = f.s.clauses[trig.clause][0]
    if not before and after and not f.s.text[cs : trig.start].strip(" 　其该"):
        # 全资子公司乙荣获… opening its clause: a subsidiary of what the text is about
        owner = (f.subject(trig.clause - 1) if trig.clause > 0 else None) or f.sentence_topic()
        if owner is None or f.s.text[trig.end : after[0].start].strip("“\"的") != "":
            return False
        frame.agents = _slots([after[0]])
        frame.objects = [s for s in owner.slots if s.is_org or (s.kind == "A" and s.refs)]
        return bool(frame.objects)
    if before and re.fullmatch(r"(?:作为|是|为|系)其", f.s.text[before[-1].end : trig.start]):
        # 乙作为其下属机构: 其 is what the clause before was about
        owner = (f.subject(trig.clause - 1) if trig.clause > 0 else None) or f.sentence_topic()
        frame.agents = _slots([before[-1]])
        ids = {s.id for s in frame.agents}
        frame.objects = [s for s in owner.slots if s.is_org and s.id not in ids] if owner is not None else []
        return bool(frame.objects)
    if before and not after and f.s.text[before[-1].end : trig.start].strip("“\"的") == "" \
            and COPULA_BEFORE.search(f.s.text, 0, before[-1].start):
        # 乙系甲下属事业单位: the subject of the copula is part of 甲
        subject = before[-2] if len(before) >= 2 and COPULA_BEFORE.fullmatch(
            f.s.text[before[-2].end : before[-1].start]) else _subject_of_copula(f, trig.clause)
        frame.agents = _slots([subject]) if subject is not None and subject is not before[-1] else []
        frame.objects = _slots([before[-1]])
        return bool(frame.agents)
    if not before or not after:
        return False
    if PART_NOTE.sub("", f.s.text[trig.end : after[0].start]).strip("“\"的") != "":
        return False
    owner = _part_owner(f, trig, before)
    frame.agents = _slots([after[0]])
    frame.objects = owner
    return bool(owner)


# 控股子公司（持股65%）乙: a note between the word and the name
PART_NOTE = re.compile(r"[（(][^（()）]{0,16}[)）]")
# 甲通过全资子公司乙…: the owner acts through the subsidiary
PART_THROUGH = re.compile(r"(?:通过|以|依托|拥有|设有|下设)(?:其)?")


def _part_owner(f: RoleFinder, trig: Trigger, before: list[Group]) -> list[Slot]:
    """Whose part the name after a part word is: the name right before (甲控股子公司乙), the
    subject acting through it (甲通过全资子公司乙), or, in a list of subsidiaries (甲通过全资子公司
    乙、控股子公司丙), the owner of the one before."""
    gap = f.s.text[before[-1].end : trig.start].strip("“\"的")
    if gap == "":
        return _slots([before[-1]])
    if PART_THROUGH.fullmatch(gap):
        return _slots([before[-1]])
    if gap == "、":
        last = before[-1]
        prior = next((t for t in reversed(f.s.triggers) if t.frame == "part" and t.end <= last.start
                      and PART_NOTE.sub("", f.s.text[t.end : last.start]).strip("“\"的") == ""), None)
        if prior is not None:
            earlier = [g for g in f.s.groups if g.end <= prior.start and g.clause == prior.clause]
            return _part_owner(f, prior, earlier) if earlier else []
    return []


def read_attract(f: RoleFinder, frame: Frame) -> bool:
    """丙新引进甲、乙: those a platform brings in settle there (甲引进乙 between firms is no settling;
    丙引进甲入驻 is left to 入驻)."""
    trig = frame.trigger
    after = next((g for g in f.clause_groups(trig.clause) if g.start >= trig.end), None)
    if after is None or not _org(after):
        return False
    if any(t.frame == "settle" and t.clause == trig.clause and t.start >= after.end for t in f.s.triggers):
        return False
    subject = f.subject(trig.clause)
    if subject is None:
        return False
    frame.objects = [s for s in subject.slots if _fits(s, {"F"})]
    frame.agents = _slots([after])
    return bool(frame.objects)


def read_assist(f: RoleFinder, frame: Frame) -> bool:
    """甲牵头承担丙，乙、丙作为协作单位参与: the assistants join what the leader before leads,
    and work with the leader."""
    _read_agents(f, frame)
    listed = re.match(r"<X\d+>(?:有|为|是|包括)[：:]?", f.s.text[frame.trigger.end :])
    if listed:
        # 参与单位有乙和丁: those named after the verb take part
        after = next((g for g in f.s.groups if g.start == frame.trigger.end + listed.end()), None)
        frame.agents = _slots([after]) if after is not None else []
    lead = next((p for p in reversed(f.frames) if p.name == "lead" and p.objects and p.agents), None)
    if lead is None:
        return False
    frame.partners = [s for s in lead.agents if s.id not in {a.id for a in frame.agents}]
    frame.objects = list(lead.objects)
    # those who take part in building a platform co-build it with each other; a program's
    # participants each work with the leader
    frame.mutual = any(_fits(s, {"F", "R"}) for s in frame.objects)
    return bool(frame.agents)


def read_belongs(f: RoleFinder, frame: Frame) -> bool:
    """乙隶属于甲: 乙 (the subject) is part of the name right after the verb."""
    _read_agents(f, frame)
    after = next((g for g in f.clause_groups(frame.trigger.clause) if g.start >= frame.trigger.end), None)
    if after is None or f.s.text[frame.trigger.end : after.start].strip("“\""):
        return False
    frame.objects = _slots([after])
    return bool(frame.agents)


def read_owned(f: RoleFinder, frame: Frame) -> bool:
    """乙，系公司全资子公司: 乙 (what the clause is about) is part of the firm the report is of."""
    trig = frame.trigger
    if not f.ctx.own:
        return False
    subject = f.subject(trig.clause)
    if subject is None:  # 蓬莱海藻　指　乙，系公司控股子公司: the name a 释义 line defines
        subject = next((g for g in f.s.groups if re.search(r"指\s*$", f.s.text[: g.start])), None)
    if subject is None:
        return False
    frame.agents = [s for s in subject.slots if s.is_org]
    src = f.s.source_span(trig.start, trig.end)
    frame.objects = [Slot(-1, "A", trig.start, trig.end, src[0], src[1], text=trig.cue, refs=list(f.ctx.own))]
    return bool(frame.agents) and not any(m in f.ctx.own for s in frame.agents for m in s.names())


def read_subsidiary(f: RoleFinder, frame: Frame) -> bool:
    """乙是甲的全资子公司: 乙 is part of 甲."""
    trig = frame.trigger
    before = [g for g in f.s.groups if g.end <= trig.start and g.clause == trig.clause]
    if not before or not _subsidiary_gap(f.s.text[before[-1].end : trig.start]):
        return False
    frame.objects = _slots([before[-1]])
    if COPULA_BEFORE.search(f.s.text, 0, before[-1].start):
        # 乙，…，系甲全资子公司 / 乙是甲的子公司: the subject of the copula is the subsidiary
        subject = before[-2] if len(before) >= 2 and COPULA_BEFORE.fullmatch(
            f.s.text[before[-2].end : before[-1].start]) else _subject_of_copula(f, trig.clause)
        frame.agents = _slots([subject]) if subject is not None and subject is not before[-1] else []
    elif len(before) >= 2:
        frame.agents = _slots([before[-2]])
    return bool(frame.agents)


COPULA_BEFORE = re.compile(r"(?:系|是|为)$")


def _subject_of_copula(f: RoleFinder, clause: int) -> Group | None:
    """Who a clause that opens with 系/是 is about: the clause chain's subject, or the name the
    sentence opens with (乙，统一社会信用代码：…，系甲全资子公司)."""
    found = f.subject(clause)
    if found is None:
        kind, group = f.head(0)
        found = group if kind == "org" else None
    return found


def _subsidiary_gap(gap: str) -> bool:
    """的, or 在渝设立的 (乙系甲在渝设立的全资子公司): what stands between an owner and 子公司."""
    return gap in ("的", "") or bool(re.fullmatch(r"(?:在[^<>，。；]{1,8})?(?:投资)?(?:设立|成立|组建|注册|新设)的", gap))


FRAME_READERS: dict[str, Callable[[RoleFinder, Frame], bool]] = {
    "agree": read_two_sided,
    "cooperate": read_two_sided,
    "joint": read_two_sided,
    "undertake": read_two_sided,
    "coagent": read_coagent,
    "cobuild": read_cobuild,
    "lead": read_lead,
    "host": read_host,
    "found": read_found,
    "join": read_join,
    "build_approved": read_build_approved,
    "designate": read_designate,
    "listed": read_listed,
    "settle": read_settle,
    "part": read_part,
    "branch": read_branch,
    "own_branch": read_own_branch,
    "subsidiary": read_subsidiary,
    "assist": read_assist,
    "owned": read_owned,
    "belongs": read_belongs,
    "attract": read_attract,
}


def slot_ids(slots: list[Slot]) -> list[int]:
    return [s.id for s in slots]


__all__ = ["Context", "Frame", "RoleFinder", "SLOT"]
