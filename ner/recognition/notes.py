"""Notes after names: (暂名), (原…) and (以下简称…) give aliases; a campus in brackets
(香港科技大学(广州)) belongs to the name."""

from __future__ import annotations

import re

from ..marks import NOTE, is_masked
from ..normalize import is_abbreviation
from .work import Candidate, SentenceWork

_PLACE_IN_BRACKETS = re.compile(r"[(（]([\u4e00-\u9fff]{2,4})[)）]")
# A short name in brackets with no 简称 before it: 琼州种业科技有限公司（琼州种业）.
_BRACKETED = re.compile(r"[(（]([\u4e00-\u9fff]{2,8})[)）]")


def attach_notes(work: SentenceWork) -> None:
    """Step: record the notes of the names as aliases; a name inside a note is dropped.

    A former name inside a note ((原鄞州科技信息园)) is an alias, not a second mention.
    """
    for c in work.names:
        length = attach_note(work, c)
        if length:
            work.notes.append((c.end, c.end + length))
    work.names = [c for c in work.names if not any(s <= c.start and c.end <= e for s, e in work.notes)]


def attach_note(work: SentenceWork, c: Candidate) -> int:
    """Add the note after `c` to its aliases; returns the note's length (0: none)."""
    text, lex = work.text, work.lex
    defined = DEFINITION.fullmatch(text[work.floor : c.start])
    if defined:
        # 释义: 东润生物、东润股份　指　烟台东润海洋生物科技股份有限公司: the terms are its short names
        for term in re.split(r"[、，,\s]+", defined.group(1)):
            if _short_name_term(term, c.end - c.start, lex):
                c.aliases.append(term)
    place = _PLACE_IN_BRACKETS.match(text[c.end : c.end + 8])
    if place and lex.is_place(place.group(1)) and lex.head_of(text[c.start : c.end]):
        c.end += place.end()
        return 0
    m = NOTE.match(text[c.end : c.end + 40])
    if not m:
        short = _BRACKETED.match(text[c.end : c.end + 10])
        name = text[c.start : c.end]
        if short and not lex.is_place(short.group(1)) and bracketed_short_name(short.group(1), name):
            c.aliases.append(short.group(1))
            return short.end()
        return 0
    c.aliases.append(text[c.start : c.end + m.end()])
    former = m.group(2) or ""
    short = m.group(3) or m.group(4) or ""
    for extra in (former, short):
        extra = extra.strip("“”\"")
        if extra and not is_masked(extra):
            c.aliases.append(extra)
    return m.end()


def bracketed_short_name(short: str, name: str) -> bool:
    """True when `short`, in brackets after `name`, abbreviates it: a part of it
    (琼州种业 of 琼州种业科技有限公司), or its characters in order, ending as it ends
    (襄阳产研院 of 汉大襄阳产业技术研究院) or beginning with two of its characters in a row
    (雅砻食品 of 西藏雅砻青稞食品有限公司)."""
    if is_abbreviation(short, name):
        return True
    if len(short) < 3 or len(short) >= len(name):
        return False
    pos = 0
    for ch in short:
        pos = name.find(ch, pos) + 1
        if not pos:
            return False
    return short[-1] == name[-1] or short[:2] in name


def _short_name_term(term: str, name_length: int, lex) -> bool:
    """True for a term of a 释义 line that is a short name (东润生物), not a common noun the
    report uses for the firm (公司, 本公司, 发行人, 本集团: those refer, they name nothing)."""
    if not 2 <= len(term) < name_length or is_masked(term) or term in lex.generic_words:
        return False
    if term.startswith(("本", "我", "该")) or term in ("发行人", "报告期"):
        return False
    head = lex.head_of(term)
    return head is None or len(head.suffix) < len(term) - 1


# A line of a 释义 (definitions) table: terms, 指, the full name.
DEFINITION = re.compile(r"\s*((?:[^\s指、，,。；;：:]{2,12})(?:\s*[、，,]\s*[^\s指、，,。；;：:]{2,12})*)\s*指\s*")
