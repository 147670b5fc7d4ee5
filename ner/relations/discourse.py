"""What a sentence borrows from the text before it: anaphors, the paragraph's topic, plans.

- An anaphor (该实验室, 研究院, 双方, 前者) stands for the nearest named organisation of its
  kind before it, in the sentence or the sentences before (anaphors.tsv says which kinds);
  双方 for the two sides of the last agreement.
- The paragraph's topic is the organisation its last sentence with a subject was about; a
  sentence that names no subject of its own (同时，牵头组建…) is about the topic.
- A sentence under a heading of a plan (2025年工作打算, 下一步工作计划), or in a report whose
  title says it is a plan, states plans: there 支持, 推动 and 鼓励 mark a planned relation.
- 其中… after a sentence whose event had no named subject (共有9个项目获批国家重点研发计划)
  continues that event: its members join what the earlier sentence named.
"""

from __future__ import annotations

import re

from ..model import Mention, Sentence
from .roles import Context, Frame, RoleFinder
from .rules import COUNTED, PLURAL, Anaphor
from .skeleton import KIND, Group, Skeleton, Slot

# （以下简称“公司”或“泰和化工”）: the short names a note declares
DECLARED = re.compile(r"[（(](?:以下简称|下称|简称)[“\"]?([^”\"）)或]{1,8})[”\"]?(?:或[“\"]?([^”\"）)]{1,8})[”\"]?)?[）)]")
# 注：本节所称“公司”指甲 / 本报告中“公司”是指甲: a note, anywhere in the report, that says what a
# common noun stands for (it may come after the noun's first use)
DEFINED_BEFORE = re.compile(r"(?:所称|中的?|里的?|下文)?[“\"]([^”\"]{1,6})[”\"](?:一词)?(?:均|皆)?(?:系|是|专)?(?:指|即)(?:的是)?$")
NUMBERED_ITEM = re.compile(r"^\s*(?:[0-9]{1,2}\s*[.、．)）]|[(（][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+、)")
# the words before a colon that introduces a list of measures (我们将着力…：)
PLAN_INTRO = re.compile(r"^([^：:]{2,60})[：:](?=.)")
NOT_PLANNED = re.compile(r"(?:科技|研发|人才|创新|重点)?计划(?:项目|专项|类别|名单|任务|管理)|(?:科技|研发|人才)计划"
                         r"|(?:现|特|兹|今|并)将|将(?:以下|有关|下列|上述|本|该|其|<)")  # 现将…公布如下: 将 moves, plans nothing
OWN_REPORT = re.compile(r"(?:年度报告|工作报告|工作总结|年报|总结|简介|概况|情况介绍)(?:[（(][^）)]*[）)])?\s*$")
DEMONSTRATIVES = ("该", "此", "这")
LIST_WORD = re.compile(r"名单|榜单|名录|目录")
SELF_LABELS = frozenset({"Enterprise", "University", "ResearchInstitute", "Platform"})
# 丙“智能酿造关键技术”项目, 丙重点专项“…”项目: a project named as one of a program's
PROJECT_OF = re.compile(r"(?:[“\"][^”\"]{1,30}[”\"])?(?:重点专项|专项)?[“\"][^”\"]{2,40}[”\"](?:项目|课题)")
# 释义: 公司、本公司、东润生物　指　甲 (a definitions table of an annual report)
DEFINITION_LINE = re.compile(r"\s*((?:[^\s指、，,。；;：:]{1,12})(?:\s*[、，,]\s*[^\s指、，,。；;：:]{1,12})*)\s*指\s*")
# “…”项目获批2024年度丙: the program the project just won
PROJECT_WON = re.compile(r"(?:项目|课题)(?:成功)?(?:获批|列入|入选|纳入|获得)(?:了)?[^<>，。；,;\s]{0,8}$")
PLAN_HEADING = re.compile(r"(?:计划|打算|安排|要点|思路|展望|目标任务|重点工作|下一步|实施意见|实施方案|行动方案)")
NOT_PLAN = re.compile(r"(?:总结|完成情况|成效|回顾)")
# ——访甲总经理张三 (the byline of an interview, under its headline)
INTERVIEWED = re.compile(r"\s*[—－-]*\s*(?:专)?访")
# A firm's own filing (甲2024年年度报告, 甲关于…的公告): there 公司 is always the issuer, however
# many subsidiaries the text names in between.
FILING_TITLE = re.compile(r"(?:年度报告|年报|报告书|公告|招股说明书|募集说明书|社会责任报告)")
# How far back an anaphor may look for its name, in sentences.
ANAPHOR_REACH = 8


class Discourse:
    """Carries the state of a document from sentence to sentence; see the module docstring."""

    def __init__(self, text: str, sentences: list[Sentence], title: str = "", anaphor_words=(),
                 planned_re: re.Pattern[str] | None = None):
        self.sentences = sentences
        # 2025年，我们将…：支持甲…；推动乙…: what a planned introduction lists is planned
        self.planned_re = planned_re
        self.plan_para, self.plan_from = -1, -1
        # paragraph of each sentence: sentences on one line share a paragraph
        self.paragraph: list[int] = []
        para = 0
        prev_end = 0
        for s in sentences:
            if "\n" in text[prev_end : s.start]:
                para += 1
            self.paragraph.append(para)
            prev_end = s.end
        self.history: list[Mention] = []  # every mention so far, in text order
        self.anaphor_words = frozenset(anaphor_words)
        self.declared: dict[str, list[Mention]] = {}  # 公司 -> the firm a note said it stands for
        self.self_org: Mention | None = None  # what the title is about: 发行人, 我们
        self.self_report = False  # the report is the self_org's own (its annual report, its summary)
        self.topic_intro = False  # the topic's sentence ends with a colon: numbered items follow
        self.topic_described = False  # the topic is what a leading relative phrase described
        self.topic: list[Slot] = []
        self.topic_para = -1
        self.parties: list[Mention] = []
        self.makers: list[Mention] = []
        self.award_slots: list[Slot] = []
        self.list_slots: list[Slot] = []  # the program a sentence published a list of (公布丙名单)
        self.makers_sentence = -10
        self.parties_sentence = -10
        self.last_groups: list[Group] = []
        self.plan = bool(title and PLAN_HEADING.search(title) and not NOT_PLAN.search(title))
        self.orphan: list[Slot] = []  # objects of the last sentence's events without a named subject
        self.inherited: list[Slot] = []  # what the current sentence inherited

    # -- before a sentence ---------------------------------------------------------------------
    def prepare(self, idx: int, skel: Skeleton) -> Context:
        """Resolve the sentence's anaphors and give the context its roles may borrow from."""
        sent = self.sentences[idx]
        if self._is_heading(sent.text):
            self.plan = bool(PLAN_HEADING.search(sent.text)) and not NOT_PLAN.search(sent.text)
        self._declare(skel)
        for slot in skel.slots:
            if slot.kind == "A" and slot.anaphor is not None:
                slot.refs = self.declared.get(slot.anaphor.word) or self._resolve(slot, idx, skel)
        if self.topic_intro and NUMBERED_ITEM.match(sent.text):
            self.topic_para = self.paragraph[idx]  # 甲与下列单位开展合作：1．与乙签订…: items go on about 甲
        topic = self.topic if self.topic_para == self.paragraph[idx] else []
        continues = idx > 0 and self.sentences[idx - 1].text.rstrip().endswith(("；", ";")) and self.inherited
        inherited = self.orphan if re.match(r"\s*(?:其中|这些|上述|以上)", sent.text) or continues else []
        self.inherited = inherited
        plan_all = self.paragraph[idx] == self.plan_para and idx > self.plan_from
        intro = PLAN_INTRO.match(skel.text)  # names are placeholders: 科技计划 in a name plans nothing
        plan_after = -1
        if intro and self.planned_re is not None and self.planned_re.search(NOT_PLANNED.sub("", intro.group(1))):
            self.plan_para, self.plan_from = self.paragraph[idx], idx
            plan_after = skel.source_span(intro.end(), intro.end())[0]
        if not topic and self.self_report and self.self_org is not None:
            topic = [Slot(-1, "A", 0, 0, text=self.self_org.name, refs=[self.self_org])]
        return Context(topic=topic, inherited_object=inherited, plan=self.plan, plan_all=plan_all,
                       plan_after=plan_after,
                       makers=self.makers if idx - self.makers_sentence <= 1 else [],
                       recent_awards=[s for s in self.award_slots if idx - s.mention.sentence <= 2],
                       recent_list=[s for s in self.list_slots if idx - s.mention.sentence <= 1],
                       own=self._own())

    def own_firm(self) -> list[Mention]:
        """The firm the report calls 公司 (see _own), for readers of tables."""
        return self._own()

    def _own(self) -> list[Mention]:
        """The firm the report calls 公司: a note says which, or the title names it."""
        for word in ("公司", "本公司", "发行人", "集团", "本集团"):
            if self.declared.get(word):
                return self.declared[word]
        return [self.self_org] if self.self_org is not None and self.self_org.label == "Enterprise" else []

    def read_notes(self, mentions: list[list[Mention]]) -> None:
        """Notes defining a common noun (注：本节所称“公司”指甲) hold for the whole report; the
        organisation the title is about is who 发行人 and 我们 are (no government body: a
        bureau's 我们 stays unnamed)."""
        title = self.sentences[0].text if self.sentences else ""
        if mentions and not re.search(r"[。；;！？]", title):
            self.self_org = next((m for m in mentions[0] if m.label in SELF_LABELS and not m.generic), None)
            # 南昌航空大学2024年科技工作年度报告: what its sentences leave without a subject it did
            self.self_report = self.self_org is not None and self.self_org.start <= 2 and \
                bool(OWN_REPORT.search(title)) and self.self_org.label != "Platform"
        for k in range(1, min(3, len(mentions))):
            if self.self_org is None and INTERVIEWED.match(self.sentences[k].text):
                # 【对话企业家】“…” / ——访甲总经理: the firm of the one interviewed speaks as 我们
                self.self_org = next((m for m in mentions[k] if m.label in SELF_LABELS and not m.generic), None)
        for sent, ms in zip(self.sentences, mentions, strict=True):
            for m in ms:
                found = DEFINED_BEFORE.search(sent.text[max(0, m.start - 16) : m.start])
                if found and found.group(1) in self.anaphor_words:
                    self.declared.setdefault(found.group(1), [m])
                table = DEFINITION_LINE.fullmatch(sent.text[: m.start])
                for term in re.split(r"[、，,\s]+", table.group(1)) if table else ():
                    if term in self.anaphor_words:  # 释义: 公司、本公司　指　甲
                        self.declared.setdefault(term, [m])
        if self.self_org is not None and self.self_org.label == "Enterprise" and FILING_TITLE.search(title):
            for word in ("公司", "本公司"):
                self.declared.setdefault(word, [self.self_org])

    def _declare(self, skel: Skeleton) -> None:
        """甲（以下简称“公司”）: the report calls 甲 by a common noun; that noun means 甲 throughout."""
        for slot in skel.slots:
            if slot.mention is None:
                continue
            m = DECLARED.match(skel.source, slot.mention.end)
            if not m:
                continue
            for word in filter(None, m.groups()):
                if word in self.anaphor_words:
                    self.declared[word] = [slot.mention]

    def _is_heading(self, text: str) -> bool:
        """A title or heading line: short, and no sentence (四、2025年工作打算; 一、创新平台建设)."""
        return len(text) <= 40 and not re.search(r"[。；;！？]", text)

    def resolve_owner(self, ana: Anaphor, part: Mention, idx: int, skel: Skeleton) -> list[Mention]:
        """The university 学校/我校/该校 stands for where it begins a school's name."""
        at = next((s.start for s in skel.slots if s.mention is part), 0)
        slot = Slot(-1, "A", at, at, anaphor=ana, text=ana.word)
        return [m for m in self._resolve(slot, idx, skel) if m is not part and m.label == "University"]

    def _resolve(self, slot: Slot, idx: int, skel: Skeleton) -> list[Mention]:
        refers = slot.anaphor.refers
        here = [s.mention for s in skel.slots if s.mention is not None and s.start < slot.start]
        if refers[0] == "parties":
            # 双方 two sides, 三方 three: the sides of the last agreement, when they are that many
            want = {"双": 2, "两": 2, "三": 3, "四": 4}.get(slot.anaphor.word[0], 0)
            groups = [g for g in skel.groups if g.end <= slot.start]
            for g in groups:
                partner = next((p for p in groups if p.role == "with" and p.start > g.start), None)
                # (支持甲与乙、丙组成…，三方…: those a pivot verb moves count as well)
                if g.role in ("", "pivot") and partner is not None and len(g.names() + partner.names()) == want:
                    return g.names() + partner.names()
            for g in reversed(groups):  # 甲和乙签了协议，双方…: the sides named as one list
                if g.role in ("", "pivot") and len(g.names()) == want and all(m.label != "Program" for m in g.names()):
                    return g.names()
            ok = idx - self.parties_sentence <= 3 and len(self.parties) == want
            return list(self.parties) if ok else []
        counted = COUNTED.match(slot.text)
        if counted:
            count = counted.group(1)
            size = int(count) if count.isdigit() else "一二三四五六七八九十".find(count) + 1 or 2
            return self._last_list(refers, skel, slot, size)
        if PLURAL.match(slot.text):
            listed = self._last_list(refers, skel, slot)
            if listed:
                return listed
        # 该公司 is the firm just named; 公司, 本公司 in a firm's own text (案例：甲…) is 甲
        own = refers[0] == "self" and not slot.text.startswith(DEMONSTRATIVES)
        if refers[0] == "self" and not own:
            refers = refers[1:]
        if own:
            speaker = _speaker(skel, slot)
            if speaker is not None and (len(refers) == 1 or _refers_to(refers[1:], speaker)):
                return [speaker]  # “我们与甲的合作…”乙副院长张三说: 我们 is 乙
            if self.self_org is not None and (len(refers) == 1 or _refers_to(refers[1:], self.self_org)):
                return [self.self_org]  # 我校 in a university's news is the university
            if len(refers) == 1:
                return []
            refers = refers[1:]
        if refers[0] == "makers":
            # 国家重点研发计划“…”项目启动。该项目由甲牵头…: a project named as one of a program's
            # stands for the program; otherwise those who made it, filled by the role finder
            return self._program_of_project(slot, idx, skel) if "项目" in slot.anaphor.word else []
        if refers[0] in ("first", "last"):
            groups = [g for g in skel.groups if g.end <= slot.start and len(g.slots) >= 2] or [
                g for g in self.last_groups if len(g.slots) >= 2
            ]
            # 甲与乙签订协议，后者…: the two sides of 与 are a list of two as well
            sides = [g for g in skel.groups if g.end <= slot.start and g.role in ("", "with", "pivot")]
            pair = [m for g in sides for m in g.names()]
            if not groups and len(pair) >= 2 and any(g.role == "with" for g in sides):
                return pair[:1] if refers[0] == "first" else pair[-1:]
            if not groups:
                return []
            names = groups[-1].names()
            return names[:1] if refers[0] == "first" else names[-1:]
        candidates = list(reversed(here))
        first_idx = max(0, idx - ANAPHOR_REACH)
        candidates += [m for m in reversed(self.history) if m.sentence >= first_idx]
        if self.self_org is not None and all(m is not self.self_org for m in candidates):
            candidates.append(self.self_org)  # 孵化器 in the incubator's own bulletin, however far its title
        # what the last sentence was about, where a relative phrase made it so, comes first
        # (…共同出资设立的丙揭牌，其中甲出资70%。该公司… is 丙)
        if self.topic_para == self.paragraph[idx] and self.topic_described:
            for m in (m for s in self.topic for m in s.names()):
                if not m.generic and any(_refers_to((r,), m) for r in refers):
                    return [m]
        # 该产业学院: names ending in the whole phrase come before others of the kind
        if slot.text.startswith("该") and len(slot.text) > len(slot.anaphor.word) + 1:
            refers = (slot.text[1:], *refers)
        # refers is in order of preference (学校: a 大学 before any University)
        for r in refers:
            fitting = [m for m in candidates if not m.generic and _refers_to((r,), m)]
            if own:  # 我校 is the university, not one of its schools (甲大学机电学院 after 甲大学)
                whole = [m for m in fitting if not any(o.name != m.name and m.name.startswith(o.name) for o in fitting)]
                fitting = whole or fitting
            # 甲在临港设立乙分中心，由该中心与丙共同建设: 该中心 is 甲, what the text is about,
            # before 乙, what it names last; this sentence's subject comes first, then a name of
            # this sentence (甲与乙共建丙研究院，…，研究院获批…: 丙), then the last one's subject
            for m in fitting:
                if m.sentence == idx and self._subject_position(m, idx, skel):
                    return [m]
            here = [m for m in fitting if m.sentence == idx]
            if here:
                return here[:1]
            for m in fitting:
                if m.sentence >= idx - 1 and self._subject_position(m, idx, skel):
                    return [m]
            if fitting:
                return fitting[:1]
        return []

    def _last_list(self, refers: tuple[str, ...], skel: Skeleton, slot: Slot, size: int = 0) -> list[Mention]:
        """两家平台 (size 2), 上述单位 (any size from two): every name of the last list of names of
        the kind, in this sentence or the last."""
        groups = [g for g in skel.groups if g.end <= slot.start]
        for g in [*reversed(groups), *reversed(self.last_groups)]:
            names = [m for m in g.names() if not m.generic]
            if (len(names) == size if size else len(names) >= 2) and all(
                    any(_refers_to((r,), m) for r in refers) for m in names):
                return names
        return []

    def _program_of_project(self, slot: Slot, idx: int, skel: Skeleton) -> list[Mention]:
        """The program whose project the last sentence (or this one) named: 丙“…”项目."""
        here = [(s.mention, skel.source) for s in skel.slots if s.mention is not None and s.start < slot.start]
        before = [(m, self.sentences[m.sentence].text) for m in self.history if m.sentence == idx - 1]
        for m, text in reversed(here + before):
            if m.label == "Program" and (PROJECT_OF.match(text, m.end) or PROJECT_WON.search(text, 0, m.start)):
                return [m]
        return []

    def _subject_position(self, m: Mention, idx: int, skel: Skeleton) -> bool:
        """True when a mention opens its clause: what the clause is about."""
        text = skel.source if m.sentence == idx else self.sentences[m.sentence].text
        # 明光新材旗下的乙: a name that qualifies the next is no subject; nor is 甲 in 甲与乙共同
        # 出资设立的丙揭牌, where 丙, what the relative phrase describes, is
        if MODIFIER_AFTER.match(text, m.end) or BUILDER_OF_NEXT.match(text, m.end):
            return False
        return bool(SUBJECT_BEFORE.search(text[: m.start]) or DESCRIBED_BEFORE.search(text[: m.start]))

    # -- after a sentence ----------------------------------------------------------------------
    def update(self, idx: int, skel: Skeleton, finder: RoleFinder, frames: list[Frame]) -> None:
        """Remember the sentence's names, its subject (the topic), the sides of its agreements."""
        for s in skel.slots:
            if s.mention is not None:
                self.history.append(s.mention)
                # 甲公司院士工作站获批…。该公司…: the firm a platform's name begins with is named too
                self.history += [m for m in skel.mentions if m is not s.mention
                                 and s.mention.start <= m.start and m.end <= s.mention.end]
        # the topic is the first organisation a clause of the sentence opens with; a subject
        # that is no organisation (全市, 项目) ends it; a sentence that names none keeps it
        items = self.topic_intro and NUMBERED_ITEM.match(self.sentences[idx].text)
        for k in range(len(skel.clauses) if not items else 0):  # the items of an intro keep its topic
            kind, group = finder.head(k)
            if kind == "org" and group is not None:
                described = finder.described(group)  # 甲与乙共同设立的丙揭牌: the sentence is about 丙
                self.topic_described = described is not None
                group = described or group
                slots = [s for s in group.slots if s.is_org or (s.kind == "A" and s.refs)]
                # a list of several firms is an enumeration, not what the paragraph is about
                self.topic = slots if len(slots) == 1 else []
                self.topic_para = self.paragraph[idx]
                self.topic_intro = bool(re.search(r"[：:]\s*$", skel.source))
                break
            cs, ce = skel.clauses[k]
            if kind == "other" and ce - cs <= 8 and not finder.clause_groups(k):
                continue  # 报告期内，甲…: a short adverbial clause leads up to the subject
            if kind == "other":
                self.topic = []
                break
        for f in frames:
            if f.name in ("agree", "joint", "cobuild") and f.modality != "negated":
                names = [m for s in f.agents + f.partners for m in s.names()]
                if len(names) >= 2:
                    self.parties = names
                    self.parties_sentence = idx
        for f in frames:
            if f.name in ("joint", "undertake", "cobuild", "lead") and f.modality != "negated":
                names = [m for s in f.agents + f.partners for m in s.names()]
                if names:
                    self.makers, self.makers_sentence = names, idx
        awards = [s for s in skel.slots if s.kind == "P" and s.mention is not None
                  and s.mention.name.endswith(("奖", "大赛", "竞赛", "赛"))]
        if awards:
            self.award_slots = awards  # (the last is the default; a grade's words may name another)
        # 公布2023年丙名单。甲、乙榜上有名: a list published, its members named next
        if LIST_WORD.search(skel.text) and not any(f.name in ("join", "listed") and f.agents for f in frames):
            self.list_slots = [s for s in skel.slots if s.kind in ("P", "D") and s.mention is not None][-1:]
        self.last_groups = list(skel.groups)
        # a sentence that inherited an event hands it on to its ；-continuation
        self.orphan = list(self.inherited)
        for f in frames:
            if f.objects and f.name in ("join", "lead") and not any(s.names() for s in f.agents):
                self.orphan = list(f.objects)


SUBJECT_BEFORE = re.compile(
    r"(?:^|[，,；;：:。])(?:\s|其中|同时|此外|另外|据[^，,]{0,6}?(?:介绍|悉|了解)|目前|近年来|[0-9]{4}年(?:[0-9]{1,2}月)?|"
    r"[0-9]{1,2}月[0-9]{1,2}日|[一二三四五六七八九十]是|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、．])*"
    # the head of a subject that names its owner first: 明光新材旗下的乙, 其控股子公司乙
    r"(?:(?:其|[\u4e00-\u9fffA-Za-z（）()]{2,20}?)(?:旗下|下属|所属|控股|全资)(?:的)?(?:子公司)?)?$"
)


# 甲|与乙共同出资设立的丙 / 由甲组建的|丙: a relative phrase that describes the next name
BUILDER_OF_NEXT = re.compile(r"(?:[与和][^，,。；;]{2,30}?)?(?:共同|联合|合作|合资)?(?:出资)?(?:设立|成立|组建|共建|建设|创办)的")
DESCRIBED_BEFORE = re.compile(r"(?:^|[，,；;：:。])[^，,；;。]{2,60}?(?:设立|成立|组建|共建|建设|创办)的[“\"]?$")
MODIFIER_AFTER = re.compile(r"(?:（[^）]{0,20}）)?(?:旗下|下属|所属|控股|全资|的)")


SAID = r"(?:说|表示|介绍|谈到|坦言|告诉记者|指出|感慨)"
SPEAKER_AFTER = re.compile(rf"[，,]?\s*<[A-Z](\d+)>[^<>“”\"。，,]{{0,10}}?(?:⟨人⟩)?[^<>“”\"。，,]{{0,4}}?{SAID}")
SPEAKER_BEFORE = re.compile(rf"<[A-Z](\d+)>[^<>“”\"。]{{0,10}}?(?:⟨人⟩)?[^<>“”\"。]{{0,4}}?{SAID}[：:，,]?\s*$")


def _speaker(skel: Skeleton, slot: Slot) -> Mention | None:
    """The organisation whose spokesman says the quote a slot stands in, if the sentence names it."""
    text = skel.text
    opened = text.rfind("“", 0, slot.start)
    if opened < 0 or "”" in text[opened : slot.start]:
        return None
    closed = text.find("”", slot.end)
    m = SPEAKER_AFTER.match(text, closed + 1) if closed >= 0 else None
    m = m or SPEAKER_BEFORE.search(text, 0, opened)
    if m is None:
        return None
    mention = skel.slots[int(m.group(1))].mention
    return mention if mention is not None and mention.label in SELF_LABELS and not mention.generic else None


def _refers_to(refers: tuple[str, ...], m: Mention) -> bool:
    for r in refers:
        if r in KIND:  # a label
            if m.label == r:
                return True
        elif m.name.endswith(r):
            return True
    return False
