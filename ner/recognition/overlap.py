"""Overlap resolution: of overlapping candidates the longest wins, then the surest source."""

from __future__ import annotations

from .work import Candidate, SentenceWork

# Among candidates of one length: a quote, a known name, a head-noun name, then the rest.
PRIORITY = {"quote": 4, "lexicon": 3, "grammar": 2, "list": 1, "lac": 1}


def resolve_overlaps(work: SentenceWork) -> None:
    """Step: `names` becomes the non-overlapping candidates, in text order."""
    join_branches(work)
    work.names = choose(work.candidates)


def join_branches(work: SentenceWork) -> None:
    """A branch (…大庆分中心, …东莞分院) named after a parent that another candidate found
    whole, overlapping it, is one name from the parent's start: the parent's full name may
    hold words the branch's own growth stopped at (国家油气田提高/v 采收率…中心 + 大庆分中心)."""
    lex = work.lex
    branches = []
    for b in work.candidates:
        head = lex.head_of(work.span(b)) if b.source == "grammar" else None
        if head is not None and head.suffix.startswith("分"):
            branches.append((b, b.end - len(head.suffix)))
    for b, head_start in branches:
        for p in list(work.candidates):
            if p.start < b.start < p.end <= head_start and p.source in ("grammar", "lexicon"):
                work.candidates.append(Candidate(p.start, b.end, "grammar", b.label, b.confidence))


def choose(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first, in text order; single characters never."""
    chosen: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.length, -PRIORITY.get(c.source, 0), c.start)):
        if c.length <= 1:
            continue
        if any(c.start < o.end and o.start < c.end for o in chosen):
            continue
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
