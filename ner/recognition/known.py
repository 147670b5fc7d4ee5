"""Known names: the organisations and programs of the lexicons, and their aliases."""

from __future__ import annotations

from .work import Candidate, SentenceWork


def known_candidates(work: SentenceWork) -> None:
    """Step: a candidate for every known name or alias that ends on a word boundary."""
    text, tokens, lex = work.text, work.tokens, work.lex
    ends = {t.end for t in tokens}
    starts = {t.start: t for t in tokens}
    for m in lex.known_pattern.finditer(text):
        s, e = m.span()
        if e not in ends:
            continue
        known = lex.known[m.group(0)]
        if len(m.group(0)) <= 2:
            tok = starts.get(s)
            if tok is None or tok.end != e or tok.tag != "ORG":
                continue
        if known.label == "Program":
            s = extend_prefix(work, s)
        work.candidates.append(Candidate(s, e, "lexicon", known.label, 0.95))


def extend_prefix(work: SentenceWork, s: int) -> int:
    """Grow a program leftwards from `s` over level words and places (省, 宁波市, 国家级)."""
    lex = work.lex
    before = [t for t in work.tokens if t.end <= s]
    while before and before[-1].end == s:
        t = before.pop()
        if not (t.text in lex.level_words or t.tag == "LOC" or lex.is_place(t.text)) or t.text in lex.words("batch"):
            break  # 第一批国家科技型中小企业: the batch is no part of the name
        if before and before[-1].text in lex.words("pronoun"):
            break  # 我县高新技术企业: "our county's", not a county program
        if any(m.start() < t.start < m.end() for m in lex.inside_stop_re.finditer(work.text, max(0, t.start - 2), t.end)):
            break  # 新/ad 晋/LOC 国家级…: the place is the end of a verb (新晋)
        s = t.start
    return s
