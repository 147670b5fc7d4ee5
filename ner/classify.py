"""Typing: decide the schema label of each recognised name of a sentence, with a confidence.

In order: a known name from the lexicons; a name that ends with a known program or title
(省科技小巨人企业 ends with 科技小巨人企业); the label its context gives it (a list closed by
等三家创投公司 types its members, unless a strong head noun says otherwise); the label
recognition found for it; its head noun; a trade name's industry word. A name with no
evidence for any label gets None and is dropped.
"""

from __future__ import annotations

from .lexicon import Lexicon, get_lexicon
from .marks import QUOTES
from .recognition import Candidate
from .recognition.patterns import patterns


def type_names(text: str, cands: list[Candidate], lexicon: Lexicon | None = None) -> list[tuple[str | None, float]]:
    """(label, confidence) for each candidate of the sentence `text`, in order."""
    lex = lexicon or get_lexicon()
    context = context_labels(text, cands, lex)
    return [classify(text[c.start : c.end], c, lex, context.get(k)) for k, c in enumerate(cands)]


def context_labels(text: str, cands: list[Candidate], lexicon: Lexicon | None = None) -> dict[int, str]:
    """{index: label} of the candidates a list closed by 等N家企业/高校/院所 types.

    A weak head (基金, 中心) yields to the list's class; a strong one (研究院) does not.
    """
    lex = lexicon or get_lexicon()
    count_class = patterns(lex).count_class
    out: dict[int, str] = {}
    for idx, c in enumerate(cands):
        m = count_class.match(text[c.end : c.end + 16])
        if not m:
            continue
        label = lex.class_label.get(m.group(2))
        if label is None:
            continue
        members = [idx]
        k = idx - 1
        while k >= 0 and text[cands[k].end : cands[members[-1]].start] in ("、", "和", "及", "与", ","):
            members.append(k)
            k -= 1
        for mem in members:
            cand = cands[mem]
            head = lex.head_of(text[cand.start : cand.end])
            if cand.source in ("lac", "list", "quote") or head is None or head.confidence < 0.9:
                out[mem] = label
    return out


def classify(name: str, cand: Candidate, lexicon: Lexicon | None = None, context: str | None = None) -> tuple[str | None, float]:
    """(label, confidence) for a candidate whose text is `name`; `context` is the label its
    sentence gives it (see context_labels)."""
    lex = lexicon or get_lexicon()
    bare = name.strip(QUOTES)
    known = lex.known.get(bare) or lex.known.get(bare.replace("“", "").replace("”", ""))
    if known is not None:
        return known.label, 0.95
    for title in lex.program_titles:
        if bare.endswith(title) and (len(title) >= 4 or bare == title):
            return "Program", 0.85
    if context is not None:
        return context, max(cand.confidence, 0.9)
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
