"""What a name says about which organisation it is, beyond its spelling.

- `Places` reads the administrative divisions of regions.tsv: the places a name starts with
  (宁波, 宁波市镇海区, 浙江宁波), the regions of a report, and whether two regions can be one
  place (one contains the other).
- `relative_name`: 市科技局, 区委区政府, 我市科技局 name a body of the report's region; written
  with that region they become a name (宁波市科技局), without it they stay the report's own.
- `full_place`: a name opening with a county written without its city gets the city
  (镇海区科学技术局 -> 宁波市镇海区科学技术局), so both spellings are one key.
- `name_core`: the core of a firm's registered name, its place prefix and legal form removed
  (宁波晶钻科技股份有限公司 -> 晶钻科技, 晶钻科技（宁波）有限公司 -> 晶钻科技): the trade
  name another report writes alone.

Names arrive here as keys (ner.normalize.match_key: NFKC, so （ is already "(").
The rules are data: legal_forms.tsv and relative_names.tsv in data/lexicons/, read through
the Lexicon's tables like the other lexicons; regions.tsv is geography, read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache

from ner.lexicon import Lexicon, get_lexicon
from ner.marks import is_masked
from ner.metadata import find_regions
from ner.resources import load_table

# Level of a division, most general first.
LEVELS = ("province", "city", "county")
_SHORT = re.compile(r"(?:(?:[^族]{1,3}族|维吾尔)*自治(?:区|州|县|旗)|特别行政区|地区|[省市区县盟旗])$")
_BRACKET = re.compile(r"\(([^()]{2,12})\)")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent: str


class Places:
    """Lookups over regions.tsv: full names (宁波市), short names (宁波), parents."""

    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        self.full: dict[str, list[str]] = {}
        self.short: dict[str, list[str]] = {}
        for row in load_table("regions.tsv"):
            r = Region(row["adcode"], row["name"], row["level"], row.get("parent", ""))
            self.by_code[r.code] = r
            self.full.setdefault(r.name, []).append(r.code)
            short = _SHORT.sub("", r.name)
            if len(short) >= 2 and short != r.name:
                self.short.setdefault(short, []).append(r.code)
        self.max_len = max(map(len, self.full))

    def ancestors(self, code: str) -> list[str]:
        """`code` and the divisions containing it, most specific first."""
        out = []
        while code and code in self.by_code and code not in out:
            out.append(code)
            code = self.by_code[code].parent
        return out

    def compatible(self, a: str, b: str) -> bool:
        """Whether regions `a` and `b` can be the same place: one contains the other."""
        return a in self.ancestors(b) or b in self.ancestors(a)

    def _word(self, text: str, pos: int, within: str) -> tuple[int, str] | None:
        """The place word at `pos` (a full name, or a short one), below `within` if given."""
        for n in range(min(self.max_len, len(text) - pos), 1, -1):
            w = text[pos : pos + n]
            for table, short in ((self.full, False), (self.short, True)):
                codes = table.get(w)
                if not codes:
                    continue
                if within:
                    codes = [c for c in codes if c != within and within in self.ancestors(c)]
                elif short:
                    # A county's short name (东方, 普陀) is a common word; it counts only after its city.
                    codes = [c for c in codes if self.by_code[c].level != "county"]
                if not codes:
                    continue
                if len(codes) == 1:
                    return n, codes[0]
                # 吉林 is a province and a city: the province is the safer reading.
                best = min(codes, key=lambda c: LEVELS.index(self.by_code[c].level))
                return n, best if not within and short else ""
        return None

    def prefix(self, text: str) -> tuple[int, str]:
        """Length of the places `text` opens with (宁波市镇海区, 浙江宁波) and the most specific
        one's code ('' when none or ambiguous, such as 朝阳区 alone)."""
        pos, code = 0, ""
        while pos < len(text):
            step = self._word(text, pos, code)
            if step is None:
                break
            pos += step[0]
            code = step[1] or code
        return pos, code

    def opens(self, text: str) -> bool:
        """Whether `text` begins with the name of any division, short names of counties too
        (镇海科创平台 begins with 镇海, not with the level word 镇)."""
        return any(text[:n] in self.full or text[:n] in self.short for n in range(2, min(self.max_len, len(text)) + 1))

    def region_codes(self, region: str) -> list[str]:
        """A report's region (宁波市镇海区) as codes, most specific first."""
        if not region:
            return []
        n, code = self.prefix(region)
        if not code:
            found = find_regions(region)
            code = found[-1] if found else ""
        return self.ancestors(code)

    def written(self, code: str) -> str:
        """A division as a name starts with it: a county with its city (宁波市镇海区)."""
        r = self.by_code[code]
        if r.level == "county" and r.parent in self.by_code:
            return self.by_code[r.parent].name + r.name
        return r.name


@cache
def places() -> Places:
    """The process-wide Places."""
    return Places()


# -- relative names ------------------------------------------------------------------------------
class Relative(Enum):
    QUALIFIED = "qualified"  # written with the report's region
    REPORT = "report"  # kept to its report: the region does not say which body it is


@dataclass(frozen=True)
class RelativeRules:
    prefixes: tuple[tuple[str, frozenset[str]], ...]
    owners: tuple[str, ...]
    words: tuple[str, ...]
    national: tuple[str, ...]
    national_end: tuple[str, ...]


@lru_cache(maxsize=8)
def relative_rules(lex: Lexicon) -> RelativeRules:
    """relative_names.tsv as read by `lex`'s tables."""
    rows = lex.table("relative_names.tsv")

    def forms(kind: str) -> tuple[str, ...]:
        return tuple(sorted((r["form"] for r in rows if r["kind"] == kind), key=len, reverse=True))

    prefixes = tuple(
        (r["form"], frozenset(filter(None, r.get("levels", "").split("|"))))
        for r in sorted((r for r in rows if r["kind"] == "prefix"), key=lambda r: -len(r["form"]))
    )
    return RelativeRules(prefixes, forms("owner"), forms("word"), forms("national"), forms("national_end"))


def relative_name(name: str, label: str, region_codes: list[str],
                  lexicon: Lexicon | None = None) -> tuple[Relative, str] | None:
    """How a relative name reads in a report of the given region, or None for a name.

    市科技局 in a report of 宁波市镇海区 -> (QUALIFIED, 宁波市科技局); 区委区政府 there ->
    (QUALIFIED, 宁波市镇海区委区政府); 区科技局 in a report of 宁波市, or any relative name
    in a report of unknown region -> (REPORT, name). A government name with no place in it
    (统计局, 高新区管委会) is the report's own as well.
    """
    return _relative_name(name, label, tuple(region_codes), lexicon or get_lexicon())


@lru_cache(maxsize=100_000)
def _relative_name(name: str, label: str, region_codes: tuple[str, ...], lex: Lexicon) -> tuple[Relative, str] | None:
    rules = relative_rules(lex)
    pl = places()
    s = name
    for owner in rules.owners:
        if s.startswith(owner) and any(s[len(owner):].startswith(p) for p, _ in rules.prefixes):
            s = s[len(owner):]
            break
    if s.startswith(rules.words) or pl.opens(s):
        return None  # 市场监管局, 镇海区人民政府: a word or a place, not a level
    for prefix, levels in rules.prefixes:
        if not s.startswith(prefix) or len(s) <= len(prefix):
            continue
        rest = s[len(prefix):]
        if any(rest.startswith(p) for p, _ in rules.prefixes):
            return Relative.REPORT, name  # 省市委, 市区科技局: two levels at once
        for code in region_codes:
            r = pl.by_code[code]
            if r.level in levels and r.name.endswith(prefix):
                return Relative.QUALIFIED, pl.written(code) + rest
        return Relative.REPORT, name
    if label == "Government" and _local_body(name, lex):
        return Relative.REPORT, name
    return None


def cut_place(before: str, name: str) -> str:
    """The place a recogniser cut off a relative-looking name: in 疏附县人民政府 a mention
    县人民政府 is 疏附县's, not the report's county. `before` is the text before the mention."""
    pl = places()
    if not name or name[0] not in "省市区县州旗":
        return ""
    for n in range(min(6, len(before)), 1, -1):
        if before[-n:] + name[0] in pl.full:
            return before[-n:]
    return ""


def _local_body(name: str, lex: Lexicon) -> bool:
    """A government name with no place and no national word: 统计局, 科技局, 管委会."""
    rules = relative_rules(lex)
    if name.startswith(rules.national) or name.endswith(rules.national_end):
        return False
    return not (name in lex.known or places().prefix(name)[0] or find_regions(name))


# -- full places --------------------------------------------------------------------------------
def full_place(key: str) -> str:
    """`key` with its place written in full: a county gets its city (镇海区… -> 宁波市镇海区…),
    a province before its own city or county is dropped (浙江省宁波市… -> 宁波市…)."""
    pl = places()
    for n in range(min(pl.max_len, len(key) - 1), 1, -1):
        codes = pl.full.get(key[:n])
        if not codes:
            continue
        if len(codes) != 1:
            return key  # 朝阳区 of Beijing or of Changchun: only the text can say
        r = pl.by_code[codes[0]]
        if r.level == "county" and r.parent in pl.by_code:
            return pl.written(r.code) + key[n:]
        if r.level == "province":
            step = pl._word(key, n, r.code)
            if step and step[1] and key[n : n + step[0]] in pl.full:
                return full_place(key[n:])
        return key
    return key


# -- cores --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Core:
    core: str  # the trade name (晶钻科技), '' when the name has none
    place: str  # code of the place the name states (宁波 -> 宁波市), '' when none


@lru_cache(maxsize=8)
def _legal_forms(lex: Lexicon) -> tuple[tuple[str, str], ...]:
    rows = lex.table("legal_forms.tsv")
    return tuple(sorted(((r["form"], r["kind"]) for r in rows), key=lambda fk: -len(fk[0])))


def name_core(key: str, lexicon: Lexicon | None = None) -> Core:
    """The core of a firm's name (see the module docstring), with the place it states.

    A name has a core when removing a legal form (有限公司) or a leading place leaves a
    trade name: three characters or more, with a brand of its own before the industry
    word (晶钻 of 晶钻科技), not a place, a known organisation or generic words alone.
    Without a legal form, the place must be followed by a firm's name (宁波晶钻科技, 宁波精达集团):
    宁波大学 and 宁波智能装备研究院 keep their place, which is part of the name. A branch
    (…杭州分公司) has no core.
    """
    lex = lexicon or get_lexicon()
    pl = places()
    place = ""

    def bracket(m: re.Match[str]) -> str:
        nonlocal place
        n, code = pl.prefix(m.group(1))
        if n != len(m.group(1)):
            return m.group(0)
        place = place or code
        return ""

    k = _BRACKET.sub(bracket, key)
    legal = ""
    for form, kind in _legal_forms(lex):
        if k.endswith(form) and len(k) > len(form):
            if kind == "branch":
                return Core("", "")
            legal = form
            break
    stem = k[: len(k) - len(legal)]
    n, code = pl.prefix(stem)
    place = place or code
    core = stem[n:]
    if not legal and not n:
        return Core("", place)
    if not legal:
        head = lex.head_of(core)
        if not (lex.industry_suffix(core) and head is None) and not (head is not None and head.label == "Enterprise"):
            return Core("", place)
    if not _usable_core(core, lex):
        return Core("", place)
    return Core(core, place)


def _usable_core(core: str, lex: Lexicon) -> bool:
    if len(core) < 3 or "(" in core or is_masked(core) or lex.is_place(core) or core in lex.known:
        return False
    brand = core[:-2] if core.endswith("集团") else core
    for _ in range(2):
        suffix = lex.industry_suffix(brand)
        if not suffix or len(brand) - len(suffix) < 2:
            break
        brand = brand[: -len(suffix)]
    if len(brand) < 2 or lex.is_place(brand) or brand in lex.industry:
        return False
    return not _generic_only(brand, lex)


def _generic_only(text: str, lex: Lexicon) -> bool:
    """Whether `text` is made of generic, level and industry words alone (科技创业投资)."""
    words = lex.generic_words | lex.level_words | lex.industry
    longest = max(map(len, words))
    ok = [True] + [False] * len(text)
    for i in range(len(text)):
        if ok[i]:
            for n in range(1, min(longest, len(text) - i) + 1):
                if text[i : i + n] in words:
                    ok[i + n] = True
    return ok[len(text)]
