"""The model's own ORG spans, repaired when truncated (中金石化高 -> 中金石化) and joined with a
following industry word (新宏/ORG 液压 -> 新宏液压)."""

from __future__ import annotations

from ..lexicon import Lexicon
from ..model import Token
from .heads import cut_inside_stop
from .work import Candidate, SentenceWork


def model_candidates(work: SentenceWork) -> None:
    """Step: a candidate for every ORG span of the model."""
    text, tokens, lex, floor = work.text, work.tokens, work.lex, work.floor
    for i, tok in enumerate(tokens):
        if tok.tag != "ORG" or tok.end <= floor:
            continue
        start, end = tok.start, tok.end
        name = tok.text
        if lex.head_of(name) is None and not lex.industry_suffix(name):
            # 新宏/ORG 液压/n, 恒丰泰/ORG 减速机/n 制造/v: the trade name runs on through
            # product nouns into an industry word.
            end = _trade_tail(tokens, i, lex) or _repair_truncated(tok, lex)
        trade = lex.industry_suffix(text[tok.start : end]) and lex.head_of(text[tok.start : end]) is None
        if trade and i > 0 and tokens[i - 1].tag == "LOC" and tokens[i - 1].start >= floor:
            start = tokens[i - 1].start  # 浙江/LOC 恒丰泰减速机制造
        start = cut_inside_stop(work, start, end)  # 科创中心运营/ORG 方衢州…有限公司/ORG
        work.candidates.append(Candidate(start, end, "lac", None, 0.6))


def _trade_tail(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """End of an industry word within two nouns after tokens[i], or 0."""
    for k in range(i + 1, min(i + 4, len(tokens))):
        t = tokens[k]
        if t.text in lex.industry and t.tag in ("n", "nz", "vn", "v"):
            return t.end
        if t.tag not in ("n", "nz"):
            return 0
    return 0


def _repair_truncated(tok: Token, lex: Lexicon) -> int:
    """Cut what the model ran on past a name: 中金石化高 -> 中金石化, 阿尔法药业石利平 -> 阿尔法药业."""
    name = tok.text
    for cut in (1, 2, 3):
        stem, rest = name[:-cut], name[-cut:]
        if len(stem) < 3 or not (lex.industry_suffix(stem) or lex.head_of(stem)):
            continue
        if cut <= 2 or rest[0] in lex.surnames:
            return tok.end - cut
    return tok.end
