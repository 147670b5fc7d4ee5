"""How specific a head-noun name is: what stands before its head beyond level and generic
words (国家企业技术中心 is a designation, 宁波企业技术中心 a name)."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..lexicon import Lexicon
from .heads import placeish
from .work import Candidate, SentenceWork


class Specificity(NamedTuple):
    specific: int  # characters before the head not covered by generic or level words
    level: bool  # the part before the head starts with a level word
    proper: bool  # it holds a proper part: a place, a proper name, a number, a quote


def specificity(work: SentenceWork, c: Candidate, name: str, head: str) -> Specificity:
    """The Specificity of candidate `c`, whose name (without quotes) is `name`."""
    text, lex = work.text, work.lex
    rest = name[: len(name) - len(head)]
    rest_end = c.start + (len(text[c.start : c.end]) - len(head))
    proper = bool(re.search(r"[“”\"0-9A-Za-z(（]", rest))
    whole_org = False
    for t in work.tokens:
        if t.start >= c.start and t.end <= rest_end and t.tag in ("ORG", "LOC", "PER", "nz", "nw"):
            proper = proper or t.text not in lex.generic_words
        elif c.start <= t.start < rest_end < t.end and t.tag in ("ORG", "LOC"):
            # the model marks a place or organisation over the head too (准格尔基地/LOC)
            proper = proper or not lex.common_re.fullmatch(text[t.start : rest_end])
        if t.tag == "ORG" and t.start <= c.start and t.end >= c.end and c.end - c.start > len(head) + 1:
            whole_org = True
        if t.start >= c.start and t.end <= rest_end and (
            placeish(t, lex) or (t.tag == "f" and lex.role.get(t.text) == "inner")
        ):
            proper = True  # a place, or a region named by its direction (西北, 华东)
    if any(len(k.group(0)) >= 3 for k in lex.known_pattern.finditer(rest)):
        proper = True
    core = re.sub(r"[“”\"()（）·]", "", rest)
    level = False
    while core:
        m = lex.level_re.match(core)
        if not m:
            break
        g = lex.generic_re.match(core)
        if g and len(g.group(0)) > len(m.group(0)):
            break  # 区域性 is a word, not the level 区
        core = core[m.end() :]
        level = True
    i = specific = 0
    while i < len(core):
        m = lex.generic_re.match(core, i)
        if m:
            i = m.end()
            continue
        if core[i] not in "与和及之的":
            specific += 1
        i += 1
    # The model read the whole span as one organisation (海邦基金): proper, if anything
    # in it is more than level and generic words (国家企业技术中心 stays a designation).
    proper = proper or (whole_org and specific > 0)
    return Specificity(specific, level, proper)


def place_designation(lex: Lexicon, name: str, head: str) -> bool:
    """True when all before the head is a place and level words (广东省, 宁波市级)."""
    rest = name[: len(name) - len(head)]
    for n in range(len(rest), 1, -1):
        if lex.is_place(rest[:n]):
            tail = rest[n:]
            while tail and (m := lex.level_re.match(tail)):
                tail = tail[m.end() :]
            return not tail
    return False
