"""The domain knowledge the recogniser and the typer share, compiled once per process.

Everything here is read from data/lexicons/*.tsv; this module only turns the tables into
fast lookups (suffix tables, alternation patterns, sets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from .resources import load_table, load_words

MASK_CHARS = "xX×某*＊"


@dataclass(frozen=True)
class Head:
    suffix: str
    label: str
    confidence: float
    requires: re.Pattern[str] | None
    min_len: int


@dataclass(frozen=True)
class KnownName:
    name: str
    label: str
    canonical: str
    kind: str = ""


class Lexicon:
    """Lookups over the data tables: heads, known names, industry and generic words."""

    def __init__(self) -> None:
        self.heads: dict[str, Head] = {}
        for row in load_table("heads.tsv"):
            req = row.get("requires") or ""
            self.heads[row["suffix"]] = Head(
                suffix=row["suffix"],
                label=row["label"],
                confidence=float(row["confidence"] or 0),
                requires=re.compile(req) if req else None,
                min_len=int(row.get("min_len") or 0),
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
        for row in load_table("organisations.tsv"):
            for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
                self.known.setdefault(form, KnownName(form, row["label"], row["name"]))
        for row in load_table("programs.tsv"):
            for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
                self.known.setdefault(form, KnownName(form, "Program", row["name"], row["kind"]))
        self.program_titles = sorted(
            (k for k, v in self.known.items() if v.label == "Program" and len(k) >= 3), key=len, reverse=True
        )
        self.industry = load_words("industry_words.tsv")
        self.max_industry = max(map(len, self.industry))
        generic_rows = load_table("generic_words.tsv")
        self.level_words = frozenset(r["word"] for r in generic_rows if r["kind"] == "level")
        self.generic_words = frozenset(r["word"] for r in generic_rows if r["kind"] != "level")
        self.abbreviations = [
            (r["short"], r["full"], r["scope"])
            for r in sorted(load_table("abbreviations.tsv"), key=lambda r: -len(r["short"]))
        ]
        self.place_names = _place_names()

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

    def is_place(self, word: str) -> bool:
        return word in self.place_names


@cache
def _place_names() -> frozenset[str]:
    """Full and short names of administrative divisions (宁波市 and 宁波)."""
    names: set[str] = set()
    suffixes = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "盟", "旗")
    for row in load_table("regions.tsv"):
        n = row["name"]
        names.add(n)
        for s in suffixes:
            if n.endswith(s) and len(n) - len(s) >= 2:
                names.add(n[: -len(s)])
                break
    return frozenset(names)


@cache
def get_lexicon() -> Lexicon:
    """The process-wide Lexicon."""
    return Lexicon()


def is_masked(name: str) -> bool:
    """True for anonymised names (xx有色公司, XX县区, 某公司, 〇〇研究院)."""
    if "某" in name or "*" in name or "＊" in name or "×" in name or "〇〇" in name or "○○" in name:
        return True
    # x or X standing alone (not inside a Latin word such as Xilinx) masks a name part.
    return bool(re.search(r"(?<![A-Za-z])[xX]+(?![A-Za-z])|[xX]{2,}", name))
