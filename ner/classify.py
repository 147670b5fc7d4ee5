"""Typing: decide the schema label of a recognised name, with a confidence.

In order: a known name from the lexicons; a name that ends with a known program or title
(省科技小巨人企业 ends with 科技小巨人企业); the label its context gave it (a list closed by
等三家创投公司); its head noun; a trade name's industry word. A name with no evidence
for any label gets None and is dropped.
"""

from __future__ import annotations

from .lexicon import Lexicon, get_lexicon
from .recognize import Candidate

QUOTES = "“”‘’\"'「」『』"


def classify(name: str, cand: Candidate, lexicon: Lexicon | None = None) -> tuple[str | None, float]:
    """(label, confidence) for a candidate whose text is `name`."""
    lex = lexicon or get_lexicon()
    bare = name.strip(QUOTES)
    known = lex.known.get(bare) or lex.known.get(bare.replace("“", "").replace("”", ""))
    if known is not None:
        return known.label, 0.95
    for title in lex.program_titles:
        if bare.endswith(title) and (len(title) >= 4 or bare == title):
            return "Program", 0.85
    head = lex.head_of(bare)
    if cand.label and (head is None or cand.confidence >= 0.9 or (cand.source != "grammar" and cand.confidence >= 0.7)):
        return cand.label, cand.confidence
    if head is not None:
        return head.label, head.confidence
    if cand.label:
        return cand.label, cand.confidence
    if lex.industry_suffix(bare):
        return "Enterprise", 0.6
    return None, 0.0
