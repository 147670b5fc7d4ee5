"""How reports mark the text around names, defined once for every stage.

Quote marks and brackets, the notes a report writes after a name ((暂名), (原…), (以下简称…)),
the masks of anonymised names (xx有色公司, 某公司) and full-width characters. Recognition,
typing, normalisation, relations and metadata all import these; none defines its own.
"""

from __future__ import annotations

import re
import unicodedata

# Quote marks a name may be wrapped in (“千人计划”); stripped from a name's ends when it is typed.
QUOTES = "“”‘’\"'「」『』"
# Book-title marks: not quotes inside a name, but no part of its comparison form either.
TITLE_MARKS = "《》〈〉"
QUOTE_MARKS = QUOTES + TITLE_MARKS
# The opening and closing quotes that may enclose a name in a sentence.
OPEN_QUOTES = "“‘\"「"
CLOSE_QUOTES = "”’\"」"

# Opening bracket or quote -> its closing one.
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】", "[": "]"}
# The pairs that may stand inside a name (中石化(宁波)…, 省“双创团队”); " closes itself.
NAME_PAIRS = {o: PAIRS.get(o, o) for o in "(（“‘「《\""}
# Join two founders' names into one (TCL-华工联合实验室, 辽东科技大学–鞍山钢联集团…联合实验室);
# a doubled dash (——) is punctuation.
HYPHENS = frozenset({"-", "－", "–", "—", "‐", "‑"})

# A note right after a name: (暂名), (筹), (原<former name>), (以下简称<short name>), (简称…).
# Groups: 2 the former name, 3 and 4 the short name.
NOTE = re.compile(
    r"^[(（](暂名|筹|筹建|暂定名|试运行|原([^)）]{2,30})|以下简称[“\"]?([^)）”\"]{2,20})[”\"]?|简称[“\"]?([^)）”\"]{2,20})[”\"]?)[)）]"
)
_TRAILING_NOTE = re.compile(NOTE.pattern.removeprefix("^") + "$")

# One of these anywhere masks a name (某公司, ***研究院, ×× 县).
MASKS = "某*＊×"
# These mask when doubled (〇〇研究院); a single one glued before a name masks it as well.
PAIRED_MASKS = "〇○"
# x or X standing alone (not inside a Latin word such as Xilinx), or doubled, masks a name part.
_MASKED = re.compile(
    f"[{re.escape(MASKS)}]|" + "|".join(ch * 2 for ch in PAIRED_MASKS) + r"|(?<![A-Za-z])[xX]+(?![A-Za-z])|[xX]{2,}"
)


def strip_note(name: str) -> str:
    """The name without a trailing note such as (暂名), (筹) or (原…)."""
    return _TRAILING_NOTE.sub("", name).strip()


def is_masked(name: str) -> bool:
    """True for anonymised names (xx有色公司, XX县区, 某公司, 〇〇研究院)."""
    return bool(_MASKED.search(name))


def masked_before(text: str, start: int) -> bool:
    """True when a mask glues onto the name starting at `start` (x明正变电, xxxx省科技型中小企业)."""
    if start == 0:
        return False
    ch = text[start - 1]
    if ch in MASKS or ch in PAIRED_MASKS:
        return True
    before = text[start - 2] if start >= 2 else ""
    return ch in "xX" and (not before or not before.isascii() or not before.isalpha() or before in "xX")


def narrow(text: str) -> str:
    """`text` with full-width forms made plain (ＡＢＣ１２３ -> ABC123, （ -> (): Unicode NFKC."""
    return unicodedata.normalize("NFKC", text)
