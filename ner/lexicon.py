"""The domain knowledge recognition, typing, normalisation and relations share.

Everything here is read from the tables of data/lexicons/ (through `load_table`, or another
loader given to Lexicon); this module only turns them into fast lookups (suffix tables,
alternation patterns, sets). A Pipeline passes its Lexicon to every stage; `get_lexicon()`,
the process-wide default, is only what they fall back to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from .resources import load_table

Tables = Callable[[str], tuple[dict[str, str], ...]]
# The kinds of words.tsv that say where a name begins (one at most per word).
NAME_ROLES = ("inner", "stop", "cue", "verb", "prefix", "apposition")
# The roles of words that never stand inside a name.
STOP_ROLES = frozenset({"stop", "cue", "verb", "apposition"})
# 恩施土家族苗族自治州: a place, its peoples, and the kind of autonomous division
AUTONOMOUS = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:[\u4e00-\u9fff]{1,3}族)+自治(州|县|旗)$")


@dataclass(frozen=True)
class Head:
    suffix: str
    label: str
    confidence: float
    requires: re.Pattern[str] | None
    min_len: int
    body: bool = False  # a level before it names one body (省农科院), not a designation


@dataclass(frozen=True)
class KnownName:
    name: str
    label: str
    canonical: str
    kind: str = ""


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, longest first."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


class Lexicon:
    """Lookups over the data tables: heads, known names, the words of words.tsv by kind.

    `tables` loads one table by file name (default: data/lexicons/ through load_table).
    """

    def __init__(self, tables: Tables = load_table) -> None:
        self.table = tables
        self.heads: dict[str, Head] = {}
        for row in tables("heads.tsv"):
            req = row.get("requires") or ""
            self.heads[row["suffix"]] = Head(
                suffix=row["suffix"],
                label=row["label"],
                confidence=float(row["confidence"] or 0),
                requires=re.compile(req) if req else None,
                min_len=int(row.get("min_len") or 0),
                body=(row.get("body") or "") == "1",
            )
        self.max_head = max(map(len, self.heads))
        # Non-head words that begin with a head (中心工作 begins with 中心): after that
        # head, such a word means the head was not the end of a name.
        self.blocked_after: dict[str, list[str]] = {}
        for suffix, h in self.heads.items():
            if h.label != "-":
                continue
            for k in range(len(suffix) - 1, 0, -1):
                if suffix[:k] in self.heads and self.heads[suffix[:k]].label != "-":
                    self.blocked_after.setdefault(suffix[:k], []).append(suffix)
                    break
        self.known: dict[str, KnownName] = {}
        for row in tables("organisations.tsv"):
            for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
                self.known.setdefault(form, KnownName(form, row["label"], row["name"]))
        for row in tables("programs.tsv"):
            for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
                self.known.setdefault(form, KnownName(form, "Program", row["name"], row["kind"]))
        self.program_titles = sorted(
            (k for k, v in self.known.items() if v.label == "Program" and len(k) >= 3), key=len, reverse=True
        )
        kinds_of: dict[str, set[str]] = {}
        self.class_label: dict[str, str] = {}
        self.role: dict[str, str] = {}
        for row in tables("words.tsv"):
            word, kinds = row["word"], row["kinds"].split()
            for kind in kinds:
                kinds_of.setdefault(kind, set()).add(word)
            roles = [k for k in kinds if k in NAME_ROLES]
            if len(roles) > 1:
                raise ValueError(f"words.tsv: {word} has two name roles ({', '.join(roles)})")
            if roles:
                self.role[word] = roles[0]
            if row.get("label"):
                self.class_label[word] = row["label"]
        self._words = {kind: frozenset(words) for kind, words in kinds_of.items()}
        self.industry = self.words("industry")
        self.max_industry = max(map(len, self.industry))
        self.level_words = self.words("level")
        self.generic_words = self.words("generic")
        self.surnames = self.words("surname")
        self.abbreviations = [
            (r["short"], r["full"], r["scope"])
            for r in sorted(tables("abbreviations.tsv"), key=lambda r: -len(r["short"]))
        ]
        self.place_names = self._place_names()

    def words(self, kind: str) -> frozenset[str]:
        """The words of words.tsv that have `kind`."""
        return self._words.get(kind, frozenset())

    def pattern(self, kind: str) -> str:
        """A regular expression (no group) matching any word of `kind`, longest first."""
        return alternation(self.words(kind))

    def head_of(self, name: str) -> Head | None:
        """The longest head suffix of `name` that applies, or None (also for `-` rows)."""
        for k in range(min(self.max_head, len(name)), 0, -1):
            head = self.heads.get(name[-k:])
            if head is None:
                continue
            if head.label == "-":
                return None
            if len(name) < head.min_len:
                return None
            if head.requires is not None and not head.requires.search(name):
                continue
            return head
        return None

    def ends_in_head(self, word: str) -> bool:
        """True when `word` ends in a head noun, whatever the rest (湄潭分所, not 所在)."""
        for k in range(min(self.max_head, len(word) - 1), 1, -1):
            head = self.heads.get(word[-k:])
            if head is not None:
                return head.label != "-"
        return False

    def industry_suffix(self, name: str) -> str:
        """The industry word that ends a trade name (新宏液压 -> 液压), or ''."""
        for k in range(min(self.max_industry, len(name) - 1), 0, -1):
            if name[-k:] in self.industry:
                return name[-k:]
        return ""

    @cached_property
    def known_pattern(self) -> re.Pattern[str]:
        forms = sorted((k for k in self.known if len(k) >= 2), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, forms)))

    @cached_property
    def level_re(self) -> re.Pattern[str]:
        """A level word (国家级, 省, 市级)."""
        return re.compile(alternation(self.level_words))

    @cached_property
    def generic_re(self) -> re.Pattern[str]:
        """A generic or level word."""
        return re.compile(alternation(self.generic_words | self.level_words))

    @cached_property
    def inside_stop_re(self) -> re.Pattern[str]:
        """A word that, found inside a name's text, ends what stands before the name: a relation
        verb (闽海大共建…), an apposition (全资子公司…, 运营方…) or a cue that is no generic word
        (依托). Stop words such as 建设 or 合作 do stand inside names (宁波建设集团)."""
        words = {w for w, r in self.role.items() if r in ("verb", "apposition")}
        words |= {w for w, r in self.role.items() if r == "cue" and w not in self.generic_words}
        return re.compile(alternation(words))

    @cached_property
    def joined_re(self) -> re.Pattern[str] | None:
        """A phrase of kind `joined` (工业和信息化), or None when there is none."""
        words = self.words("joined")
        return re.compile(alternation(words)) if words else None

    @cached_property
    def common_re(self) -> re.Pattern[str]:
        """A run of generic, industry and level words (精密电机, 科技企业): no brand in it."""
        return re.compile(f"(?:{alternation(self.generic_words | self.level_words | self.industry)})+")

    def is_place(self, word: str) -> bool:
        return word in self.place_names

    def _place_names(self) -> frozenset[str]:
        """Full and short names of administrative divisions (宁波市 and 宁波)."""
        names: set[str] = set()
        suffixes = sorted(self.words("place_suffix"), key=len, reverse=True)
        for row in self.table("regions.tsv"):
            n = row["name"]
            names.add(n)
            autonomous = AUTONOMOUS.match(n)
            if autonomous:  # 阿坝藏族羌族自治州 is written 阿坝州 and 阿坝
                names.update({autonomous.group(1), autonomous.group(1) + autonomous.group(2)})
            for s in suffixes:
                if n.endswith(s) and len(n) - len(s) >= 2:
                    names.add(n[: -len(s)])
                    break
        return frozenset(names)


@cache
def get_lexicon() -> Lexicon:
    """The process-wide default Lexicon, read from data/lexicons/."""
    return Lexicon()
