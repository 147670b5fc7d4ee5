"""Quoted names: programs in quotes (“千人计划”, 省“双创团队”) and quoted firms (“伏尔肯”等2家)."""

from __future__ import annotations

import re

from .known import extend_prefix
from .patterns import patterns
from .work import Candidate, SentenceWork

_QUOTED = re.compile(r"[“\"]([^“”\"，。；,;！？]{2,30})[”\"]")


def quoted_candidates(work: SentenceWork) -> None:
    """Step: a candidate for every quoted name that is a program, a title or a firm."""
    text, lex = work.text, work.lex
    p = patterns(lex)
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        qs, qe = m.start(), m.end()
        head = lex.head_of(inner)
        if head is not None:
            start = extend_prefix(work, qs) if head.label == "Program" else qs
            if start < qs:  # 省“特支计划”: the level belongs to the program's name
                work.candidates.append(Candidate(start, qe, "quote", None, 0.85))
            else:
                work.candidates.append(Candidate(m.start(1), m.end(1), "quote", None, 0.85))
            continue
        before = text[max(0, qs - 6) : qs]
        after = text[qe : qe + 12]
        level = p.level_before.search(before)
        cue = p.award_before.search(before)
        if level and (cue or re.search(f"({p.award})(了)?{level.group(1)}$", text[max(0, qs - 10) : qs])):
            work.candidates.append(Candidate(qs - len(level.group(1)), qe, "quote", "Program", 0.7))
        elif cue and not p.count_list.match(after):
            work.candidates.append(Candidate(qs, qe, "quote", "Program", 0.6))
        elif (p.org_count.match(after) or p.count_class.match(after) or p.attract_before.search(before)) and (
            len(inner) <= 10 and not re.search(r"[的了着]", inner)
        ):
            work.candidates.append(Candidate(m.start(1), m.end(1), "quote", "Enterprise", 0.55))
