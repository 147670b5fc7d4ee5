"""The keep/drop decision: an ordered table of checks, the first that decides wins.

Each check looks at one name (a `Judged`) and says KEEP, DROP, GENERIC (keep it, marked as a
designation such as 市级重点实验室) or None (no opinion: the next check decides). A name no
check decides is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..lexicon import Head, Lexicon
from ..marks import is_masked, masked_before
from .heads import JOINT_HEAD
from .patterns import patterns
from .specificity import Specificity, place_designation, specificity
from .trade import is_trade_name
from .work import Candidate, SentenceWork

KEEP, DROP, GENERIC = "keep", "drop", "generic"

_PUNCTUATION = re.compile(r"[，。；,;！？!?、：:\n+＋/／→~]|--|——")
# A dash joins two founders' names (湖南工程技术大学–湘江轨交联合实验室) when a complete or
# known name stands before it; otherwise it parts things (苗圃—孵化器—加速器).
_DASH = re.compile(r"[–—]")
_NO_HAN = re.compile(r"[\d\W_a-zA-Z]+")
# 香港科技大学(广州): a campus in brackets after the head noun.
_TRAILING_BRACKET = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]$")
# Two bare levels in a row (县区, 区市, 省市) refer to the bodies of several levels.
_STACKED_LEVELS = re.compile(r"[省市县区][省市县区]")
# A count right before a name-like phrase makes it a class of things: 两项重难点人才工程.
_QUANTITY_BEFORE = re.compile(r"[0-9一二两三四五六七八九十百余多几]+[家个所项批位类]$")
# 等三家创投公司, 等2家省级院士工作站: a class of the things listed, not a name.
_COUNT_BEFORE = re.compile(r"等[0-9一二两三四五六七八九十百余多]*[家个所项批位]$")


class Judged:
    """One name under judgement, with what the checks ask about it computed once."""

    __slots__ = ("work", "c", "name", "bare", "stem", "head", "_spec")

    def __init__(self, work: SentenceWork, c: Candidate):
        self.work, self.c = work, c
        self.name = name = work.span(c)
        # the name without enclosing quotes
        self.bare = bare = name[1:-1] if len(name) > 2 and name[0] in "“\"" and name[-1] in "”\"" else name
        # `bare` without a campus in brackets when only that hides the head (香港科技大学(广州))
        head = work.lex.head_of(bare)
        self.stem = stem = bare if head is not None else _TRAILING_BRACKET.sub("", bare)
        self.head: Head | None = head if stem is bare else work.lex.head_of(stem)
        self._spec: Specificity | None = None

    @property
    def spec(self) -> Specificity:
        if self._spec is None:
            assert self.head is not None
            self._spec = specificity(self.work, self.c, self.stem, self.head.suffix)
        return self._spec

    def before(self, n: int) -> str:
        return self.work.text[max(0, self.c.start - n) : self.c.start]


def _masked(j: Judged) -> str | None:
    if len(j.bare) < 2 or is_masked(j.name) or masked_before(j.work.text, j.c.start):
        return DROP
    return None


def _punctuated(j: Judged) -> str | None:
    if _PUNCTUATION.search(j.bare):
        return DROP
    dashes = _DASH.findall(j.bare)
    if dashes:
        first, rest = _DASH.split(j.bare, 1)[0], _DASH.split(j.bare, 1)[-1]
        # 力晶—中原理工金刚石联合实验室: a short trade name before a joint platform's name
        paired = 2 <= len(first) <= 6 and JOINT_HEAD.search(rest) is not None
        if len(dashes) > 1 or (j.work.lex.head_of(first) is None and first not in j.work.lex.known and not paired):
            return DROP
    return None


def _no_chinese(j: Judged) -> str | None:
    return DROP if _NO_HAN.fullmatch(j.bare) else None


def _unbalanced(j: Judged) -> str | None:
    """Brackets and quotes must balance inside a name."""
    for o, cl in (("(", ")"), ("（", "）"), ("“", "”")):
        if j.bare.count(o) != j.bare.count(cl):
            return DROP
    return None


@cache
def _endings(lex: Lexicon, kind: str) -> tuple[str, ...]:
    return tuple(lex.words(kind))


def _apposition(j: Judged) -> str | None:
    """罗浮山新能源全资子公司 says what a name after it is, it names nothing."""
    return DROP if j.bare.endswith(_endings(j.work.lex, "apposition")) else None


def _in_title(j: Judged) -> str | None:
    """A name inside a policy's title (《吉林省科技企业孵化器认定和管理办法》) is part of the title."""
    text, c = j.work.text, j.c
    opening = text.rfind("《", 0, c.start)
    return DROP if opening >= 0 and text.rfind("》", opening, c.start) < 0 and text.find("》", c.end) >= 0 else None


def _known(j: Judged) -> str | None:
    return KEEP if j.c.source == "lexicon" else None


def _headless_grammar(j: Judged) -> str | None:
    return DROP if j.head is None and j.c.source == "grammar" else None


def _bare_head(j: Judged) -> str | None:
    return DROP if j.head is not None and len(j.stem) <= len(j.head.suffix) else None


def _head_of_other_word(j: Judged) -> str | None:
    """市政府中心|工作: the head was the first half of another word."""
    if j.head is None:
        return None
    at = j.c.end - len(j.head.suffix)
    return DROP if any(j.work.text.startswith(b, at) for b in j.work.lex.blocked_after.get(j.head.suffix, ())) else None


def _industry_not_firm(j: Judged) -> str | None:
    """A trade name needs a brand (新能源汽车 and 铜基新材料 are industries) and ends where a
    noun phrase ends (新时代科技铁军, 前沿科技的探索 are no firms)."""
    lex, c = j.work.lex, j.c
    if c.source not in ("lac", "list") or j.head is not None or not lex.industry_suffix(j.stem):
        return None
    if not is_trade_name(j.stem, lex) or _compound_follows(j.work, c.end) or _noun_follows(j.work, c.end):
        return DROP
    return None


def _headless(j: Judged) -> str | None:
    if j.head is None:
        return DROP if j.stem in j.work.lex.generic_words else KEEP
    return None


def _counted_class(j: Judged) -> str | None:
    return DROP if _COUNT_BEFORE.search(j.before(8)) else None


def _listed_designation(j: Judged) -> str | None:
    """广东省工程技术研究中心 before 名单 is the province's designation, not one centre."""
    assert j.head is not None
    if (j.spec.proper and patterns(j.work.lex).list_title.match(j.work.text, j.c.end)
            and place_designation(j.work.lex, j.stem, j.head.suffix)):
        return GENERIC
    return None


def _stacked_levels(j: Judged) -> str | None:
    """县区科技局, 区市科技局: the bodies of several levels, no one body."""
    return DROP if _STACKED_LEVELS.match(j.stem) and j.spec.specific <= 2 else None


def _proper(j: Judged) -> str | None:
    return KEEP if j.spec.proper else None


def _quantity(j: Judged) -> str | None:
    return DROP if not j.spec.level and _QUANTITY_BEFORE.search(j.before(6)) else None


def _specific(j: Judged) -> str | None:
    """Enough characters beyond generic and level words: 2 before a strong head, 5 before a weak one."""
    assert j.head is not None
    return KEEP if j.spec.specific >= (2 if j.head.confidence >= 0.85 else 5) else None


def _level_designation(j: Judged) -> str | None:
    assert j.head is not None
    if not (j.spec.level and j.spec.specific <= 2):
        return None
    if j.head.label == "Government" or j.head.body:
        return KEEP  # 区科技局, 省科技厅, 市政府, 省农科院: a real body named by its level
    if j.head.confidence >= 0.7 or j.head.label == "Program":
        return GENERIC  # a designation (市级重点实验室, 省级科技孵化器) or a level's program (市科技创新奖)
    return None


Check = Callable[[Judged], str | None]
# In order; a check after `_headless` may rely on the name having a head.
CHECKS: list[tuple[str, Check]] = [
    ("masked or too short", _masked),
    ("punctuation inside", _punctuated),
    ("no Chinese", _no_chinese),
    ("unbalanced brackets", _unbalanced),
    ("ends in an apposition", _apposition),
    ("inside a policy title", _in_title),
    ("known name", _known),
    ("head-noun name without a head", _headless_grammar),
    ("only a head", _bare_head),
    ("head begins another word", _head_of_other_word),
    ("industry, not a firm", _industry_not_firm),
    ("no head: not a generic word", _headless),
    ("a class after 等N家", _counted_class),
    ("designation in a list title", _listed_designation),
    ("several levels", _stacked_levels),
    ("proper part", _proper),
    ("a counted class", _quantity),
    ("specific enough", _specific),
    ("level designation", _level_designation),
]


def judge(work: SentenceWork, c: Candidate) -> str:
    """KEEP, DROP or GENERIC for one name: the verdict of the first check that has one."""
    j = Judged(work, c)
    for _, check in CHECKS:
        verdict = check(j)
        if verdict is not None:
            return verdict
    return DROP


def keep_names(work: SentenceWork) -> None:
    """Step: drop masked, generic and malformed names; mark level designations as generic."""
    kept = []
    for c in work.names:
        verdict = judge(work, c)
        if verdict == GENERIC:
            c.generic = True
        if verdict != DROP:
            kept.append(c)
    work.names = kept


def _noun_follows(work: SentenceWork, end: int) -> bool:
    nxt = next((t for t in work.tokens if t.start == end), None)
    return nxt is not None and (nxt.tag in ("n", "nz", "vn", "an") or nxt.text == "的")


def _compound_follows(work: SentenceWork, end: int) -> bool:
    """True when the industry word ending a span starts a compound (清华帮科技|成果)."""
    return bool(patterns(work.lex).compound.match(work.text[end : end + 3]))
