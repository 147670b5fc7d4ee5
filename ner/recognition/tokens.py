"""Token repair: cut the cue words the NER model glues onto names out of its tokens.

联合县/LOC -> 联合 + 县; 获批国家企业技术中心/v -> 获批 + 国家企业技术中心;
杭州市人民政府共建之江实验室/ORG -> 杭州市人民政府 + 共建 + 之江实验室.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..model import Token
from .work import SentenceWork

_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_OR_NOT = re.compile(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+")
# Whitespace parts cells of a table rendered as lines (tabs, full-width or runs of spaces) and
# words of a heading; only a space inside a Latin name (Micro Focus) is part of a word.
_GAP = re.compile(r"\s+")
# Punctuation the model sometimes glues into a word.
_PUNCT = re.compile(r"[（）()“”‘’「」《》【】、，。；：！？]+")
_PUNCT_OR_NOT = re.compile(_PUNCT.pattern + r"|[^（）()“”‘’「」《》【】、，。；：！？]+")


def repair_tokens(work: SentenceWork) -> None:
    """Step: replace the sentence's tokens by their repaired form."""
    out: list[Token] = []
    for t in work.tokens:
        out.extend(split_token(t, work.lex))
    work.tokens = join_phrases(work.text, own_words(out, work.lex), work.lex)


def own_words(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """我/r 校茶学院/n -> 我校 + 茶学院: a speaker's word for its own body (我校, 我院, 本所) that
    the model split so that its second character begins the next name."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if t.text in ("我", "本") and nxt is not None and nxt.start == t.end and lex.role.get(t.text + nxt.text[0]) == "stop":
            out.append(Token(t.text + nxt.text[0], t.start, t.end + 1, "r"))
            if len(nxt.text) > 1:
                out.append(Token(nxt.text[1:], nxt.start + 1, nxt.end, nxt.tag))
            k += 2
            continue
        if t.tag in ("v", "vd") and nxt is not None and nxt.start == t.end and nxt.tag in ("ORG", "LOC") \
                and len(t.text) >= 5 and t.text[:-1] in lex.words("relation") and _HAN.match(t.text[-1]) \
                and t.text[-1] not in "为于到在了给向至成入和与及":
            # 合作共建关/v 中理工大学…/ORG -> 合作共建 + 关中理工大学…: the verb took the name's first character
            out.append(Token(t.text[:-1], t.start, t.end - 1, t.tag))
            out.append(Token(t.text[-1] + nxt.text, t.end - 1, nxt.end, nxt.tag))
            k += 2
            continue
        out.append(t)
        k += 1
    return out


def join_phrases(text: str, tokens: list[Token], lex: Lexicon) -> list[Token]:
    """The tokens over a phrase with a conjunction that is one word of a department's name
    (省工业/ORG 和/c 信息化厅/vn -> 省工业和信息化厅) joined into one."""
    pattern = lex.joined_re
    if pattern is None or not any(t.text in "和与及" for t in tokens):
        return tokens
    for m in pattern.finditer(text):
        inside = [k for k, t in enumerate(tokens) if t.start < m.end() and m.start() < t.end]
        if len(inside) < 2:
            continue
        first, last = tokens[inside[0]], tokens[inside[-1]]
        tag = "ORG" if any(tokens[k].tag == "ORG" for k in inside) else "n"
        tokens = [*tokens[: inside[0]], Token(text[first.start : last.end], first.start, last.end, tag), *tokens[inside[-1] + 1 :]]
    return tokens


def split_token(t: Token, lex: Lexicon) -> list[Token]:
    """One model token, cut into the words it glued together (or itself)."""
    w = t.text
    if _GAP.search(w) and (cells := _split_gaps(t, lex)):
        return cells
    if t.tag != "w" and len(w) > 1 and _PUNCT.search(w):
        # a bracket or quote inside a word (凯里）茶业有限公司/LOC): the words apart from it
        out = []
        for m in _PUNCT_OR_NOT.finditer(w):
            piece = Token(m.group(), t.start + m.start(), t.start + m.end(), t.tag)
            out.extend([Token(piece.text, piece.start, piece.end, "w")] if _PUNCT.match(m.group()) else split_token(piece, lex))
        return out
    if t.tag == "w" and len(w) > 1 and _HAN.search(w):
        # punctuation and words in one token (）有限公司/w): split them, the words tagged n
        return [Token(m.group(), t.start + m.start(), t.start + m.end(), "n" if _HAN.match(m.group()) else "w")
                for m in _HAN_OR_NOT.finditer(w)]
    if len(w) <= 2 or t.tag == "w":
        return [t]
    rest_tag = "n" if t.tag in ("v", "vn", "vd") else t.tag
    # a relation verb anywhere inside
    for i in range(len(w) - 1):
        for k in (2, 3):
            verb = w[i : i + k]
            if lex.role.get(verb) == "verb" and (i == 0 or i >= 2) and len(w) - i - k >= 2:
                parts = []
                if i:
                    parts.append(Token(w[:i], t.start, t.start + i, t.tag))
                parts.append(Token(verb, t.start + i, t.start + i + k, "v"))
                rest = Token(w[i + k :], t.start + i + k, t.end, rest_tag)
                return parts + split_token(rest, lex)
    # a cue verb glued onto the end of a complete name (湖北九峰山实验室联合/ORG 华中科技大学),
    # or standing between two (杭州市科技局联合市经信局/ORG)
    if t.tag in ("ORG", "n", "nz"):
        for i in range(4, len(w) - 1):
            for k in (2, 3):
                name, verb, rest = w[:i], w[i : i + k], w[i + k :]
                if lex.role.get(verb) in ("verb", "cue") and lex.head_of(name) and (not rest or lex.head_of(rest)):
                    parts = [Token(name, t.start, t.start + i, t.tag), Token(verb, t.start + i, t.start + i + k, "v")]
                    return parts + ([Token(rest, t.start + i + k, t.end, t.tag)] if rest else [])
    # a conjunction glued onto the end of a name (安徽大学与/ORG 区管委会), or a preposition or
    # copula after a complete one (湄潭分所在/LOC 我县, 甲有限公司系/ORG 乙…的全资子公司)
    if len(w) >= 4 and t.tag in ("ORG", "LOC", "n", "nz") and (
        w[-1] in "与和及" or (w[-1] in "在于系" and lex.ends_in_head(w[:-1]))
    ):
        tag = "c" if w[-1] in "与和及" else "v" if w[-1] == "系" else "p"
        return [Token(w[:-1], t.start, t.end - 1, t.tag), Token(w[-1], t.end - 1, t.end, tag)]
    # a cue or preposition glued onto the front of a place or level word
    prepositions = lex.words("preposition")
    for k in (1, 2, 3):
        head, rest = w[:k], w[k:]
        role = lex.role.get(head)
        if role == "cue" and len(rest) >= 2:
            return [Token(head, t.start, t.start + k, "v"), Token(rest, t.start + k, t.end, rest_tag)]
        glue = role in ("stop", "cue") or (k == 1 and head in prepositions)
        if glue and rest and (
            any(rest.startswith(p) for p in lex.level_words) or lex.is_place(rest[:2]) or lex.is_place(rest[:3])
        ):
            return [Token(head, t.start, t.start + k, "v"), Token(rest, t.start + k, t.end, rest_tag)]
    return [t]


def _split_gaps(t: Token, lex: Lexicon) -> list[Token] | None:
    """A token cut at its whitespace (孵化器\t九江庐山科技发展有限公司/n): the whitespace a
    `w` token, which no name spans; a space between two Latin letters or digits stays."""
    w, out, pos = t.text, [], 0
    for m in _GAP.finditer(w):
        s, e = m.span()
        if s > 0 and e < len(w) and w[s - 1].isascii() and w[e].isascii() and w[s - 1].isalnum() and w[e].isalnum():
            continue
        if s > pos:
            out.extend(split_token(Token(w[pos:s], t.start + pos, t.start + s, t.tag), lex))
        out.append(Token(w[s:e], t.start + s, t.start + e, "w"))
        pos = e
    if pos == 0:
        return None
    if pos < len(w):
        out.extend(split_token(Token(w[pos:], t.start + pos, t.end, t.tag), lex))
    return out
