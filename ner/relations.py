"""Relation extraction: cue rules over a sentence skeleton, kept as data in cues.tsv.

Each sentence is rewritten as a skeleton in which every recognised name is a placeholder
<Xn> (X: the kind of name, n: its index). The rules of data/lexicons/cues.tsv are regular
expressions over that skeleton; their named groups say which names are heads, tails and
partners, and their `emits` column which relations follow. Every relation keeps its
evidence: document, sentence, offsets of both names, cue word and rule id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import Tables
from .marks import CLOSE_QUOTES, NOTE, OPEN_QUOTES
from .model import Evidence, Mention, Relation, Sentence
from .resources import load_table
from .segment import clause_spans

KIND = {
    "Enterprise": "E",
    "University": "U",
    "ResearchInstitute": "R",
    "Government": "G",
    "Platform": "F",
    "Program": "P",
}
_Q_OPEN = OPEN_QUOTES
_Q_CLOSE = CLOSE_QUOTES
MACROS = {
    "ORG": rf"[{_Q_OPEN}]?<[EURGFB]\d+>[{_Q_CLOSE}]?",
    "PROG": rf"[{_Q_OPEN}]?<P\d+>[{_Q_CLOSE}]?",
    "TARGET": rf"[{_Q_OPEN}]?<[PD]\d+>[{_Q_CLOSE}]?",
    "PLAT": rf"[{_Q_OPEN}]?<[FB]\d+>[{_Q_CLOSE}]?",
    "BUILT": rf"[{_Q_OPEN}]?<[FRUBDE]\d+>[{_Q_CLOSE}]?",
    # Gaps never cross a name, nor a person (⟨人⟩): 某局高级工程师张三被评为… is no award to 某局.
    "GAP": r"[^<>⟨。；;]{0,60}?",
    "CGAP": r"[^<>⟨。；;，,]{0,24}?",
}
MACROS["ORGS"] = rf"{MACROS['ORG']}(?:(?:、|和|及|与|以及|/){MACROS['ORG']})*"
_COUNT = r"(?:等[^<>⟨，。；,;]{0,20})?"
# A list continues over a comma only after a segment closed by 等…: 甲、乙等9家企业,丙等2家平台.
MACROS["LIST"] = rf"{MACROS['ORGS']}(?:等[^<>⟨，。；,;]{{0,20}}[,，]{MACROS['ORGS']})*{_COUNT}"
MACROS["BRANCH"] = rf"[{_Q_OPEN}]?<B\d+>[{_Q_CLOSE}]?"
PERSON = "⟨人⟩"
BRANCH = re.compile(r"(分中心|分院|分所|分公司|分部|分园|分站|分基地)$")
PLACEHOLDER = re.compile(r"<[A-Z](\d+)>")


@dataclass(frozen=True)
class Rule:
    id: str
    emits: tuple[tuple[str, str, str], ...]
    scope: str
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None


def _expand(pattern: str) -> str:
    # Longest macro names first so {ORGS} is not read as {ORG}S.
    for name in sorted(MACROS, key=len, reverse=True):
        pattern = pattern.replace("{" + name + "}", f"(?:{MACROS[name]})")
    return pattern


@cache
def load_rules(tables: Tables = load_table) -> tuple[Rule, ...]:
    """The rules of cues.tsv (as `tables` loads it: data/lexicons/ by default), compiled, in file order."""
    rules = []
    for row in tables("cues.tsv"):
        emits = []
        for item in row["emits"].split(","):
            rtype, pair = item.strip().split(" ")
            a, b = pair.split(">")
            emits.append((rtype, a, b))
        source = row["pattern"]
        if row["scope"] == "carry":
            # Carry rules are matched at each clause start already (re.match anchors there).
            source = source.removeprefix("^")
        try:
            pattern = re.compile(_expand(source))
            # `requires` is matched at the end of the rule's match (re.match anchors there).
            requires = re.compile(row["requires"].strip().removeprefix("^")) if row["requires"].strip() else None
        except re.error as e:
            raise ValueError(f"cues.tsv rule {row['rule']}: bad pattern: {e}") from e
        rules.append(Rule(row["rule"], tuple(emits), row["scope"], pattern, requires))
    return tuple(rules)


# A negation right before a cue (没有入选, 未获批, 尚未落户) states that the relation does not hold.
NEGATED = re.compile(r"(?:未能|尚未|没有|未曾|未|不|无法)$")


class Skeleton:
    """A sentence with its mentions replaced by placeholders, and the way back.

    `persons` are spans of people's names; they become ⟨人⟩ so no rule's gap crosses them.
    """

    def __init__(self, text: str, mentions: list[Mention], persons: list[tuple[int, int]] = ()):
        self.mentions = mentions
        items = [(m.start, m.end, i) for i, m in enumerate(mentions)]
        items += [(s, e, -1) for s, e in persons if not any(s < m.end and m.start < e for m in mentions)]
        parts: list[str] = []
        pos = 0
        for start, end, i in sorted(items):
            if start < pos:
                continue
            parts.append(text[pos:start])
            if i < 0:
                parts.append(PERSON)
            else:
                m = mentions[i]
                kind = "D" if m.generic else KIND.get(m.label, "X")
                if kind in "FRE" and BRANCH.search(m.name):
                    kind = "B"
                parts.append(f"<{kind}{i}>")
                # A note after a name is part of the name's slot, so 甲（以下简称“乙”）与丙
                # reads as 甲与丙.
                note = NOTE.match(text[end : end + 40])
                if note:
                    end += note.end()
            pos = end
        parts.append(text[pos:])
        self.text = "".join(parts)

    def mentions_in(self, s: str) -> list[int]:
        return [int(x) for x in PLACEHOLDER.findall(s)]


def _subject(skel: Skeleton, clauses: list[tuple[int, int]], before: int) -> int | None:
    """The subject of the nearest earlier clause: a name of an organisation at its start."""
    for cs, ce in reversed([c for c in clauses if c[1] <= before]):
        m = re.match(r"\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])?[“\"]?<([EURG])(\d+)>", skel.text[cs:ce])
        if m:
            return int(m.group(2))
    return None


def extract_relations(sentence: Sentence, mentions: list[Mention], persons: list[tuple[int, int]] = (),
                      rules: tuple[Rule, ...] | None = None) -> list[Relation]:
    """Relations stated by one sentence between its mentions.

    `persons` are the spans of people's names in the sentence (they block rule gaps);
    `rules` default to those of data/lexicons/cues.tsv.
    """
    if len(mentions) < 2:
        return []
    skel = Skeleton(sentence.text, mentions, persons)
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    used_cues: set[int] = set()
    clauses = clause_spans(skel.text)
    for rule in load_rules() if rules is None else rules:
        for cue_pos, groups in _matches(rule, skel, clauses):
            if cue_pos in used_cues:
                continue
            if NEGATED.search(skel.text, max(0, cue_pos - 3), cue_pos):
                used_cues.add(cue_pos)  # 没有入选, 未获批: the sentence denies it, for every rule
                continue
            emitted = False
            for rtype, a, b in rule.emits:
                for i in groups.get(a, []):
                    for j in groups.get(b, []):
                        if i == j:
                            continue
                        rel = _relation(sentence, skel, rule, rtype, i, j, groups.get("cue_text", ""))
                        if rel is None:
                            continue
                        key = (rel.head, rel.type, rel.tail)
                        if rtype == "PARTNERS_WITH":
                            key = (min(rel.head, rel.tail), rtype, max(rel.head, rel.tail))
                        if key in seen:
                            continue
                        seen.add(key)
                        out.append(rel)
                        emitted = True
            if emitted:
                used_cues.add(cue_pos)
    return out


def _matches(rule: Rule, skel: Skeleton, clauses: list[tuple[int, int]]):
    if rule.scope == "carry":
        for cs, ce in clauses:
            m = rule.pattern.match(skel.text, cs, ce)
            if not m:
                continue
            subj = _subject(skel, clauses, cs)
            if subj is None:
                continue
            groups = _groups(m, skel)
            groups["h"] = [subj]
            yield m.start("cue"), groups
        return
    pos = 0
    while True:
        m = rule.pattern.search(skel.text, pos)
        if not m:
            return
        if rule.requires is None or rule.requires.match(skel.text, m.end()):
            yield m.start("cue"), _groups(m, skel)
        # Resume just after the first placeholder so overlapping statements are all seen.
        nxt = skel.text.find(">", m.start())
        pos = max(m.start() + 1, nxt + 1)


def _groups(m: re.Match[str], skel: Skeleton) -> dict:
    groups: dict = {}
    for name in ("h", "t", "p"):
        if name in m.re.groupindex and m.group(name):
            groups[name] = skel.mentions_in(m.group(name))
    groups["cue_text"] = m.group("cue") if "cue" in m.re.groupindex else ""
    return groups


def _relation(sentence: Sentence, skel: Skeleton, rule: Rule, rtype: str, i: int, j: int, cue: str) -> Relation | None:
    head, tail = skel.mentions[i], skel.mentions[j]
    if head.name == tail.name:
        return None
    ev = Evidence(
        doc_id=sentence.doc_id,
        sentence=sentence.index,
        text=sentence.text,
        head_start=head.start,
        head_end=head.end,
        tail_start=tail.start,
        tail_end=tail.end,
        cue=cue,
        rule=rule.id,
    )
    conf = min(head.confidence, tail.confidence, 0.9)
    return Relation(head.name, head.label, rtype, tail.name, tail.label, ev, round(conf, 3))
