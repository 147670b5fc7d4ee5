"""Nested firms: a platform named after the complete firm that hosts it
(贵州黔岭药业股份有限公司技术中心, 山西龙城新材料有限公司院士工作站) names the firm as well.

SCHEMA.md: nested names are separate entities when both are named. A firm's full legal name
(…有限公司) inside a platform's name is named; the name of a university before its school
(浙江大学宁波研究院) is only the structure of the school's name, so only firms count here.
The firm becomes a name of its own over the same characters, after the platform in `names`.
"""

from __future__ import annotations

from .work import Candidate, SentenceWork

HOSTED = frozenset({"Platform", "ResearchInstitute"})
# A firm's head this sure is a complete legal name (有限公司, 股份有限公司), not a brand.
FIRM_CONFIDENCE = 0.95
FIRM_ENDS = frozenset("司")  # the last character of such heads, a cheap test before head_of


def nested_candidates(work: SentenceWork) -> None:
    """Step: a name for the complete firm that begins a platform's or institute's name."""
    lex = work.lex
    out: list[Candidate] = []
    for c in work.names:
        out.append(c)
        if c.generic:
            continue
        head = lex.head_of(work.span(c))
        if head is None or head.label not in HOSTED:
            continue
        end = _firm_end(work, c, len(head.suffix))
        if end:
            firm = lex.head_of(work.text[c.start : end])
            assert firm is not None
            out.append(Candidate(c.start, end, "grammar", "Enterprise", firm.confidence))
    work.names = out


def _firm_end(work: SentenceWork, c: Candidate, head_len: int) -> int:
    """End of the longest complete firm's name that begins `c` and leaves a unit after it, or 0.
    (The model often reads the whole platform's name as one word: characters, not tokens.)"""
    lex, text = work.lex, work.text
    for end in range(c.end - head_len, c.start + 4, -1):
        if text[end - 1] not in FIRM_ENDS:
            continue
        firm = lex.head_of(text[c.start : end])
        if firm is not None and firm.label == "Enterprise" and firm.confidence >= FIRM_CONFIDENCE:
            return end
    return 0
