"""A sentence as the relation rules see it: names as slots, coordinated names as groups,
clauses, and the role each group's preceding word gives it.

Every recognised name becomes a placeholder `<Kn>` in the skeleton text (K its kind, n the
slot's number), so rules read 由<E0>与<U1>共建的<F2> instead of the words. Three kinds of
slot hold no scored name but still fill a role, so that a rule does not reach past them to
the wrong name: masked names (xx公司, 某高校: `X`), generic references (相关高校, 9所高校: `X`)
and anaphors (该实验室, 双方: `A`, resolved by ner/relations/discourse.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..marks import NOTE
from ..model import Mention, Token
from ..segment import clause_spans
from .designations import is_designation
from .rules import COUNTED, Anaphor, RelationRules

KIND = {
    "Enterprise": "E",
    "University": "U",
    "ResearchInstitute": "R",
    "Government": "G",
    "Platform": "F",
    "Program": "P",
}


def _owns_schools(ana: Anaphor) -> bool:
    """学校, 我校, 该校: a word that refers back to a university."""
    return "University" in ana.refers or "大学" in ana.refers


def mention_kind(m: Mention) -> str:
    """The slot letter of a mention; a designation counts as D (frames.tsv: JOINED a>o:P asks
    for a program, and a designation is one)."""
    return "D" if m.generic else KIND.get(m.label, "Y")
# Kinds that act: they partner, build, lead, join and settle.
ORG_KINDS = frozenset("EURGF")
QUOTE_OPEN = "“‘\"「『"
QUOTE_CLOSE = "”’\"」』"
PERSON = "⟨人⟩"
SLOT = re.compile(r"<([A-Z])(\d+)>")
_Q = f"[{QUOTE_OPEN}{QUOTE_CLOSE}]?"
_SLOT_Q = rf"{_Q}<[A-Z]\d+>{_Q}"
# Names joined into one group: 甲、乙和丙, 甲/乙, closed by 等N家企业 or 等单位.
CONJ = r"(?:、|和|及|以及|暨|或|/|／)"
COUNT_TAIL = r"(?:等(?:[0-9一二两三四五六七八九十百余多几]+[家个所项位批名]?)?[^<>，。；,;：:、]{0,12}?(?=[^<>，。；,;：:]|$))?"
# 甲及控股子公司乙: a firm and its subsidiary, named as one list (the part frame says whose it is)
SUBSIDIARY = r"(?:其?(?:全资|控股|下属|旗下)(?:子公司|孙公司))?"
GROUP = re.compile(rf"{_SLOT_Q}(?:{CONJ}{SUBSIDIARY}{_SLOT_Q})*")
COUNT_AFTER = re.compile(
    r"等(?:[0-9一二两三四五六七八九十百余多几]+[家个所项位批名])?(?:[\u4e00-\u9fff]{0,8}?(?:企业|公司|单位|高校|院校|院所|机构|平台|"
    r"科研院所|研究院|研究所|大学|学校|实验室|孵化器|园区|基地|部门|团队|成员))?"
)
# A count of a kind standing right after a list: 甲、乙、丙三家单位
COUNTED_KIND = re.compile(r"^[0-9一二两三四五六七八九十]+[家个所名]")
# Not a name, but an organisation of a kind (相关高校, 9所高校, 区内企业, 入园企业): it fills a
# role and gives no relation.
GENERIC_ORG = re.compile(
    r"(?:多方|各方|各单位|多家单位|成员单位|参建单位)|(?:(?:相关|有关|多家|部分|各|其他|其它|区内|县内|市内|省内|园区|园内|辖区|本地|当地|重点|骨干|龙头|规上|"
    r"科技型|高新技术|[0-9一二两三四五六七八九十百余多几]+[家所个])+)"
    r"(?:企业|高校院所|高校|院所|科研院所|科研机构|单位|机构|院校|大学|研究院|研究所|种业企业|公司)"
)
# A masked name that recognition dropped (xx海工装备公司, 某高校, 北京中关村某科技公司).
MASKED = re.compile(
    r"[\u4e00-\u9fffA-Za-z（）()]{0,12}?(?:[xX×*＊]{2,}|某)[\u4e00-\u9fff（）()]{0,14}?"
    r"(?:公司|企业|集团|高校|大学|学院|研究院|研究所|单位|机构|中心|实验室|团队|政府|管委会|局|厅|委员会|园区|园|基地|平台)"
)
# A bare kind of organisation after a preposition (与高校开展合作, 同企业签约): a partner of no name.
BARE_GENERIC = re.compile(r"(?<=[与同跟和])(?:高校院所|科研院所|高校|企业|院所|科研机构|大学|单位|机构|院校|政府部门)(?![\u4e00-\u9fff]?(?:名|公司|集团))")
# (a table row's cells are clauses of their own: | and tabs part them)
CLAUSE_CHARS = set("，,；;：:|｜\t")
SHORT_NOTE = re.compile(r"[（(][\u4e00-\u9fffA-Za-z0-9]{2,10}[）)]")
# Words of one character that begin a phrase, never a name.
FUNCTION_CHARS = frozenset("由与和同跟在被为对向从经及并还也将把于")
# A bare noun (实验室, 研究院) refers back only where a name could stand: at a clause's start,
# after a role word or a settling verb.
BARE_BEFORE = re.compile(r"(?:^|…|^[0-9０-９]{1,2}[.．、]|^[（(][一二三四五六七八九十0-9]{1,3}[）)]|[，,；;：:。、\s（(“】]|与|和|同|由|在|于|并|还|也|已|均|将|依托|入驻|落户|进驻|年|月|日|来|目前|同时|其中|此外|帮|帮助|跟)$")


@dataclass
class Slot:
    """One name-like thing of a sentence: a mention, a masked or generic organisation, an anaphor."""

    id: int
    kind: str
    start: int  # offsets into the skeleton text
    end: int
    src_start: int = 0  # offsets into the sentence text
    src_end: int = 0
    mention: Mention | None = None
    anaphor: Anaphor | None = None
    text: str = ""  # as written
    refs: list[Mention] = field(default_factory=list)  # what an anaphor stands for

    @property
    def is_org(self) -> bool:
        return self.kind in ORG_KINDS

    def names(self) -> list[Mention]:
        """The scored names this slot stands for (none for masked and generic ones)."""
        if self.mention is not None:
            return [self.mention]
        return list(self.refs)


@dataclass
class Group:
    """Names coordinated by 、和及 (甲、乙和丙等9家企业), with the word that gives their role."""

    slots: list[Slot]
    start: int
    end: int
    clause: int
    marker: str = ""  # the role word before the group (与, 由, 依托, 在…) or ''
    role: str = ""  # its role word's kind in words.tsv (with, by, host, at, pivot, awarder) or ''
    count: str = ""  # 等16家企业
    each: bool = False  # 分别 follows: each member acts alone with the partner

    def names(self) -> list[Mention]:
        out: list[Mention] = []
        for s in self.slots:
            for m in s.names():
                if all(m is not o for o in out):
                    out.append(m)
        return out

    @property
    def kinds(self) -> set[str]:
        return {s.kind for s in self.slots}

    @property
    def is_org(self) -> bool:
        return any(s.is_org for s in self.slots) or any(
            m.label in ("Enterprise", "University", "ResearchInstitute", "Government", "Platform") for m in self.names()
        )


@dataclass
class Trigger:
    """A word that states a relation, and the kind of event (frame) it opens."""

    frame: str
    start: int
    end: int
    cue: str
    clause: int


class Skeleton:
    """A sentence with its names as slots; see the module docstring."""

    def __init__(self, text: str, mentions: list[Mention], rules: RelationRules, tokens: list[Token] = (),
                 lexicon: Lexicon | None = None):
        self.source = text
        self.rules = rules
        self.tokens = list(tokens)
        persons = [(t.start, t.end) for t in self.tokens if t.tag == "PER"]
        self.slots: list[Slot] = []
        spans: list[tuple[int, int, str, object]] = []
        titles = [(t.start(), t.end()) for t in re.finditer(r"《[^《》]{1,80}》", text)]
        # a name inside a policy's title (《宁夏回族自治区科技创新平台管理办法》) is part of the title
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in titles)]
        self.mentions = mentions  # nested ones too (the firm that begins a platform's name)
        for m in mentions:
            spans.append((m.start, m.end, "m", m))
        taken = [(m.start, m.end) for m in mentions]
        masked = any(ch in text for ch in "某xX×*＊")
        for pattern, kind in ((MASKED, "masked"), (GENERIC_ORG, "generic"), (BARE_GENERIC, "generic")):
            if kind == "masked" and not masked:
                continue
            for g in pattern.finditer(text):
                if kind == "generic" and re.search(r"等(?:首批|第一批|第[一二三四五六七八九十]批|一批|新|共)?$", text[: g.start()]):
                    continue  # 甲、乙等16家企业: the count closes the list, it names nobody else
                if kind == "generic" and rules.anaphor_re.match(text, max(0, g.start() - 2)) and \
                        text[max(0, g.start() - 2) : g.start()] in ("上述", "以上"):
                    continue  # 上述两家单位 refers back: an anaphor, not an unnamed body
                start = g.start()
                while start < g.end() - 2 and text[start] in FUNCTION_CHARS:
                    start += 1  # 由xx区政府: the 由 is no part of the masked name
                if not _overlaps((start, g.end()), taken):
                    spans.append((start, g.end(), kind, text[start : g.end()]))
                    taken.append((start, g.end()))
        for g in rules.anaphor_re.finditer(text):
            if _overlaps(g.span(), taken):
                continue
            word = g.group("n") or g.group("bare")
            ana = rules.anaphors[word]
            if COUNTED.match(g.group(0)) and (text[: g.start()].endswith("等") or any(
                    m.end == g.start() for m in mentions)):
                continue  # 甲等17家企业, 甲、乙、丙3个项目: the count closes a list, it refers to nothing before
            if g.group("bare") and not (ana.bare and BARE_BEFORE.search(text, 0, g.start())):
                continue
            if g.group("bare") and re.match(r"\s*(?:[：:]|名称)", text[g.end() :]):
                continue  # 所在园区：丙, 平台名称: a field's label, not a reference
            if g.group("bare") and re.match(r"(?:管委会|管理委员会|管理局|办公室|运营公司)", text[g.end() :]):
                continue  # 园区管委会: the body that runs it, not the park
            spans.append((g.start(), g.end(), "anaphor", ana))
            taken.append(g.span())
        for s, e in persons:
            if not _overlaps((s, e), taken):
                spans.append((s, e, "person", None))
        parts: list[str] = []
        pos = 0
        out_len = 0
        self._src: list[int] = []  # source offset of each skeleton character
        # 我校计算机学院: the speaker's own body before a name only says whose the name is
        # (学校材料学院, 该校医学院: the school the text is about owns it: PART_OF, see owned())
        self.owners: list[tuple[Anaphor, Mention]] = []
        kept = []
        for sp in spans:
            after = next((o for o in spans if o[0] == sp[1] and o[2] == "m"), None)
            if sp[2] == "anaphor" and after is not None and (
                    re.match(r"[我本]", sp[3].word) or (_owns_schools(sp[3]) and text[sp[0]] in "学该")):
                if _owns_schools(sp[3]) and after[3].label in ("University", "ResearchInstitute"):
                    self.owners.append((sp[3], after[3]))
                continue
            kept.append(sp)
        spans = kept
        for start, end, kind, obj in sorted(spans, key=lambda x: (x[0], -x[1])):
            if start < pos:
                continue
            parts.append(text[pos:start])
            self._src.extend(range(pos, start))
            out_len += start - pos
            if kind == "person":
                token = PERSON
            else:
                sid = len(self.slots)
                if kind == "m":
                    m: Mention = obj  # type: ignore[assignment]
                    designation = m.generic or (lexicon is not None and is_designation(m, lexicon))
                    letter = "D" if designation else KIND.get(m.label, "Y")
                    # A note after a name belongs to its slot: 甲（以下简称“乙”）与丙 reads 甲与丙, and
                    # so does a short form or place in brackets: 甲（晋鞋集团）、乙; 甲（柳北区）
                    note = NOTE.match(text[end : end + 40])
                    if note:
                        end += note.end()
                    else:
                        short = SHORT_NOTE.match(text, end)
                        # （联合共建） says how it was built; it names nobody
                        if short and not rules.trigger_re.search(short.group(0)):
                            end = short.end()
                    slot = Slot(sid, letter, 0, 0, start, end, mention=m, text=text[start:end])
                elif kind == "anaphor":
                    slot = Slot(sid, "A", 0, 0, start, end, anaphor=obj, text=text[start:end])  # type: ignore[arg-type]
                else:
                    slot = Slot(sid, "X", 0, 0, start, end, text=text[start:end])
                token = f"<{slot.kind}{sid}>"
                slot.start, slot.end = out_len, out_len + len(token)
                self.slots.append(slot)
            parts.append(token)
            self._src.extend([start] * len(token))
            out_len += len(token)
            pos = end
        parts.append(text[pos:])
        self._src.extend(range(pos, len(text) + 1))
        self.text = "".join(parts)
        self.clauses = _clauses(self.text)
        self.groups = self._groups()
        self.triggers = self._triggers()

    # -- structure -----------------------------------------------------------------------------
    def clause_of(self, pos: int) -> int:
        for k, (s, e) in enumerate(self.clauses):
            if s <= pos < e:
                return k
        return len(self.clauses) - 1

    def slot_at(self, pos: int) -> Slot | None:
        m = SLOT.match(self.text, pos)
        return self.slots[int(m.group(2))] if m else None

    def _groups(self) -> list[Group]:
        groups: list[Group] = []
        absorbed = -1
        for g in GROUP.finditer(self.text):
            if g.start() < absorbed:
                continue
            slots = [self.slots[int(x.group(2))] for x in SLOT.finditer(g.group(0))]
            end = g.end()
            count = COUNT_AFTER.match(self.text, end)
            count_text = ""
            if count and count.end() > end:
                count_text = count.group(0)
                end = count.end()
            apposed = SLOT.match(self.text, end)
            if not count_text and len(slots) >= 2 and apposed and apposed.group(1) == "X" \
                    and COUNTED_KIND.match(self.slots[int(apposed.group(2))].text):
                # 甲、乙、丙三家单位联合申报: the count after the list is the list, not another body
                count_text = self.slots[int(apposed.group(2))].text
                end = absorbed = apposed.end()
            group = Group(slots, g.start(), end, self.clause_of(g.start()), count=count_text)
            before = self.text[self.clauses[group.clause][0] : g.start()]
            for role in ("with", "by", "host", "at", "pivot", "awarder"):
                word = self.rules.ends_with(_strip_adverbs(before), role)
                if word:
                    group.marker, group.role = word, role
                    break
            else:
                place = re.search(r"(?:^|(?<=[>，,\s们司校院所]))(与|和|跟|同)[\u4e00-\u9fff]{2,3}的$", before)
                if place and self.rules.ends_with(before[: place.start() + 1], "with"):
                    group.marker, group.role = place.group(1), "with"  # 跟沈阳的乙: where 乙 is, and 乙 partners
                elif re.search(r"[^>、，。；,;：:\s]和$", before) and "<" in before or re.search(
                        r"^[，,]?(?:[0-9]{4}年)?(?:又|还|也|再|并|已|先后|同时)*和$", before):
                    # 甲2020年和乙共建: 和 after words, not right after a name, is 与 (as at a
                    # clause's start: 还有甲，和乙搞合作)
                    group.marker, group.role = "和", "with"
            group.each = bool(re.match(r"[^<>，。；,;]{0,3}?(?:分别|各自)", self.text[end:]))
            groups.append(group)
        return groups

    def _triggers(self) -> list[Trigger]:
        out = []
        for m in self.rules.trigger_re.finditer(self.text):
            if "<" in m.group(0) or ">" in m.group(0):
                continue
            out.append(Trigger(self.rules.frame_of(m), m.start(), m.end(), m.group(0), self.clause_of(m.start())))
        return out

    # -- questions the role finder asks -----------------------------------------------------------
    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Sentence offsets of the skeleton span [start, end)."""
        return self._src[min(start, len(self._src) - 1)], self._src[min(end, len(self._src) - 1)]

    def tag_at(self, pos: int) -> tuple[str, str]:
        """(tag, word) of the backend's token that covers skeleton offset `pos`, or ('', '')."""
        if pos >= len(self._src):
            return "", ""
        src = self._src[pos]
        for t in self.tokens:
            if t.start <= src < t.end:
                return t.tag, t.text
        return "", ""

    def groups_in(self, start: int, end: int) -> list[Group]:
        return [g for g in self.groups if start <= g.start and g.end <= end]

    def between(self, a: int, b: int) -> str:
        return self.text[a:b]


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans of a skeleton: split at ，；： outside brackets and quotes. The last clause
    runs one past the text's end, so every offset of the text falls in a clause."""
    spans = clause_spans(text, CLAUSE_CHARS) or [(0, len(text))]
    last_start, _ = spans[-1]
    return [*spans[:-1], (last_start, len(text) + 1)]


_ADVERBS = re.compile(r"(?:已经|已|还|也|并|均|都|先后|分别|正式|积极|主动|进一步|共同|首次|率先|近日|今年|去年|同年|当天|"
                      r"再次|成功|又|则|即|曾|将|拟|计划|有望|[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?|"
                      r"我校|本校|我院|本院|我所|本所|(?:区|园|园区|省|市|县)内的|本地的|当地的)+$")
# (依托我校|计算机学院: whose, not a role; 跟区内的|乙: where 乙 is, not a role)


def _strip_adverbs(text: str) -> str:
    """`text` without the adverbs and dates that may stand between a role word and its name."""
    text = text.rstrip(QUOTE_OPEN)
    return _ADVERBS.sub("", text)
