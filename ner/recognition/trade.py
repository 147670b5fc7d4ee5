"""Short trade names: a brand and an industry word (新宏液压, 浙江恒丰泰减速机制造)."""

from __future__ import annotations

import re

from ..lexicon import STOP_ROLES, Lexicon
from ..model import Token

# Tags of words a short trade name never spans: verbs, prepositions, conjunctions, adverbs.
NAME_BREAK_TAGS = frozenset({"v", "vd", "p", "c", "u", "w", "d", "ad"})


def is_trade_name(seg: str, lex: Lexicon) -> bool:
    """Brand + industry word (新宏液压, 浙江恒丰泰减速机制造), the brand not a common word."""
    word = lex.industry_suffix(seg)
    if not word:
        return False
    brand = seg[: -len(word)]
    for n in (3, 2):
        if len(brand) - n >= 2 and lex.is_place(brand[:n]):
            brand = brand[n:]  # the place a firm is registered in is not its brand
            break
    if not 2 <= len(brand) <= 6 or len(seg) > 14:
        return False
    if brand in lex.generic_words or brand in lex.industry or brand in lex.level_words:
        return False
    if lex.industry_suffix(brand) and len(brand) <= 3:
        return False
    return not re.search(r"[的了和与及等在是为对从把被将以之其这那各该]", brand) and not re.match(r"^[0-9]", brand)


def trade_prefix(seg: str, lex: Lexicon) -> int:
    """Length of a leading trade name in `seg` (万泰铝业均与… -> 4), or 0."""
    for n in range(min(len(seg), 10), 2, -1):
        if is_trade_name(seg[:n], lex) and n < len(seg):
            return n
    return 0


def breaks_trade_name(t: Token, lex: Lexicon) -> bool:
    """A word no short trade name spans: a verb, a particle, punctuation, a generic noun (企业)."""
    return t.tag in NAME_BREAK_TAGS or lex.role.get(t.text) in STOP_ROLES or t.text in lex.generic_words
