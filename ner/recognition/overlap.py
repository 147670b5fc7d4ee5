"""Overlap resolution: of overlapping candidates the longest wins, then the surest source."""

from __future__ import annotations

from .work import Candidate, SentenceWork

# Among candidates of one length: a quote, a known name, a head-noun name, then the rest.
PRIORITY = {"quote": 4, "lexicon": 3, "grammar": 2, "list": 1, "lac": 1}


def resolve_overlaps(work: SentenceWork) -> None:
    """Step: `names` becomes the non-overlapping candidates, in text order."""
    work.names = choose(work.candidates)


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
