"""The relation rules as data: triggers, frames, role words and anaphors, compiled once.

Everything here comes from the Lexicon's tables (triggers.tsv, frames.tsv, anaphors.tsv,
columns.tsv, and the role kinds of words.tsv: with, by, host, negation, planned…); this
module only compiles them into lookups. A Pipeline builds `RelationRules` from its own
Lexicon, so two pipelines may run with different rules in one process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import Lexicon, get_lexicon

# The kinds of words.tsv that give a name its role in a statement, or change what it means.
ROLE_KINDS = ("with", "by", "host", "at", "pivot", "awarder", "each", "negation", "not_negation", "planned",
              "weak_plan", "project")


@dataclass(frozen=True)
class FrameSpec:
    """What one frame gives: relations by role pair, the kinds its object may be, roles it needs."""

    name: str
    emits: tuple[tuple[str, str, str, str], ...]  # (type, from role, to role, object kind filter)
    objects: frozenset[str]
    needs: frozenset[str]


@dataclass(frozen=True)
class Anaphor:
    word: str
    refers: tuple[str, ...]  # suffixes, labels, or one of parties/first/last
    bare: bool


class RelationRules:
    """Compiled relation tables; see the module docstring."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or get_lexicon()
        tables = self.lexicon.table
        rows = tables("triggers.tsv")
        self.trigger_frames: list[str] = [r["frame"] for r in rows]
        try:
            source = "|".join(f"(?P<t{i}>{r['pattern']})" for i, r in enumerate(rows))
            chars = _first_chars(source)
            # a trigger can only start at one of a few dozen characters: test that first
            self.trigger_re = re.compile(f"(?=[{re.escape(''.join(sorted(chars)))}])(?:{source})" if chars else source)
        except re.error as e:
            raise ValueError(f"triggers.tsv: bad pattern: {e}") from e
        self.frames: dict[str, FrameSpec] = {}
        for r in tables("frames.tsv"):
            emits = []
            for item in filter(None, (x.strip() for x in r["emits"].split(","))):
                rtype, pair = item.split(" ")
                pair, _, only = pair.partition(":")
                a, b = pair.split(">")
                emits.append((rtype, a, b, only))
            self.frames[r["frame"]] = FrameSpec(
                r["frame"], tuple(emits), frozenset(r["objects"].split()), frozenset(r["needs"].split())
            )
        missing = set(self.trigger_frames) - set(self.frames)
        if missing:
            raise ValueError(f"triggers.tsv: frames without a row in frames.tsv: {sorted(missing)}")
        self.roles: dict[str, set[str]] = {role: set(self.lexicon.words(role)) for role in ROLE_KINDS}
        self.surnames = self.lexicon.surnames
        self.anaphors = {
            r["word"]: Anaphor(r["word"], tuple(r["refers"].split("|")), r["bare"] == "yes")
            for r in tables("anaphors.tsv")
        }
        self.columns = {r["column"]: r["role"] for r in tables("columns.tsv")}
        self._ends = {role: _suffix_re(words) for role, words in self.roles.items()}
        self.negation_re = _any_re(self.roles.get("negation", ()))
        self.planned_re = _any_re(self.roles.get("planned", ()))
        self.weak_plan_re = _any_re(self.roles.get("weak_plan", ()))
        self.project_re = _any_re(self.roles.get("project", ()))
        # After a demonstrative any head noun refers back (该分所, 该孵化器, 本联合体), to names
        # with that head; anaphors.tsv adds bare nouns and the special references (双方, 前者).
        for suffix, head in self.lexicon.heads.items():
            if head.label != "-" and len(suffix) >= 2 and suffix not in self.anaphors:
                self.anaphors[suffix] = Anaphor(suffix, (suffix,), False)
        words = sorted(self.anaphors, key=len, reverse=True)
        alt = "|".join(map(re.escape, words))
        # 两家平台, 3个中心: a count of a kind refers back to the list of that many named before;
        # 该产业学院: a word or two before the head says which of its kind
        self.anaphor_re = re.compile(
            rf"(?:该(?![市省县区镇乡村])(?P<mod>[\u4e00-\u9fff]{{2,3}}?)(?={alt})|该|本|此|这一|这个|这家|这所|这座|{PLURAL_BEFORE}|"
            rf"(?:这|上述|以上)?{COUNT}(?:家|个|所))(?P<n>{alt})|(?P<bare>{alt})"
        )

    def ends_with(self, text: str, role: str) -> str:
        """The word of `role` that ends `text`, or ''."""
        pattern = self._ends.get(role)
        if pattern is None:
            return ""
        m = pattern.search(text)
        return m.group(0) if m else ""

    def frame_of(self, m: re.Match[str]) -> str:
        """The frame of a trigger match (the first named group that matched)."""
        return self.trigger_frames[int(m.lastgroup[1:])]

    def words(self, role: str) -> set[str]:
        """The words of one role (a kind of words.tsv)."""
        return self.roles.get(role, set())


COUNT = r"(?:[两二三四五六七八九十]|[0-9]{1,2})"
# the name of an alliance of members (产业技术创新战略联盟, 创新联合体): members build it
ALLIANCE = re.compile(r"(?:联盟|联合体|共同体)$")
COUNTED = re.compile(rf"^(?:这|上述|以上)?({COUNT})(?:家|个|所)")
# 上述单位, 以上企业, 这些高校: the words that make a noun refer back to a whole list
PLURAL_BEFORE = "上述|以上|前述|这些|这批|上列"
PLURAL = re.compile(rf"^(?:{PLURAL_BEFORE})(?!{COUNT}(?:家|个|所))")


def _first_chars(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can begin with, or None when that is not simple."""
    from re import _constants as c  # noqa: PLC0415 - the parser is stable across 3.11+
    from re import _parser as p  # noqa: PLC0415

    def first(items) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            if op is c.LITERAL:
                return out | {chr(av)}, False
            if op is c.IN:
                if any(o is not c.LITERAL for o, _ in av):
                    return None, False
                return out | {chr(a) for _, a in av}, False
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue
            if op is c.SUBPATTERN:
                alts, nullable = [av[-1]], False
            elif op is c.BRANCH:
                alts, nullable = av[1], False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                alts, nullable = [av[2]], av[0] == 0
            else:
                return None, False
            for alt in alts:
                f, n = first(alt)
                if f is None:
                    return None, False
                out |= f
                nullable = nullable or n
            if not nullable:
                return out, False
        return out, True

    chars, nullable = first(p.parse(pattern))
    return None if nullable else chars


def trigger_words(pattern: str, limit: int = 400) -> set[str]:
    """The literal words a trigger pattern begins with, up to its first non-literal part.

    获批(?:建设|组建) gives 获批建设 and 获批组建; 签(?:订|署)(?:了)?[^<>]{0,24}? gives 签订, 签署, 签订了,
    签署了. words.tsv's `relation` words are kept in step with these (tests/test_lexicons.py).
    """
    from re import _constants as c  # noqa: PLC0415
    from re import _parser as p  # noqa: PLC0415

    def expand(items) -> tuple[set[str], bool]:
        """(words, complete): complete is False where a non-literal part cut the expansion."""
        words = {""}
        for op, av in items:
            if op is c.LITERAL:
                words = {w + chr(av) for w in words}
                continue
            if op in (c.ASSERT, c.ASSERT_NOT):
                continue
            if op is c.IN and all(o is c.LITERAL for o, _ in av):
                words = {w + chr(a) for w in words for _, a in av}
                continue
            if op is c.SUBPATTERN:
                alts = [av[-1]]
                optional = False
            elif op is c.BRANCH:
                alts, optional = av[1], False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] == 1:
                alts, optional = [av[2]], av[0] == 0
            else:
                return words, False
            tails: set[str] = {""} if optional else set()
            complete = True
            for alt in alts:
                t, done = expand(alt)
                tails |= t
                complete = complete and done
            words = {w + t for w in words for t in tails}
            if len(words) > limit or not complete:
                return words, False
        return words, True

    return {w for w in expand(p.parse(pattern))[0] if w}


def _suffix_re(words) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")$")


def _any_re(words) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@cache
def default_rules() -> RelationRules:
    """The rules of the process-wide Lexicon (data/lexicons/)."""
    return RelationRules(get_lexicon())
