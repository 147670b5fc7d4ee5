"""Normalisation: display names, aliases, comparison keys and short forms within a report.

Three levels of sameness, from strict to loose:
- `display_name`: the name as written, without enclosing quotes or notes such as (暂名);
- `match_key`: the comparison of SCHEMA.md (NFKC, no whitespace or quote marks, Latin in
  lower case), so 中石化（宁波） and 中石化(宁波) are one name;
- `canonical_key`: `match_key` with well-known abbreviations expanded (中科院 -> 中国科学院)
  and known aliases mapped to their full name; graph_loader/resolve.py merges on it.
Within one report, `link_short_forms` points a short form (东方理工) back to the full name
it abbreviates (宁波东方理工大学).
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, get_lexicon
from .marks import QUOTE_MARKS, is_masked, narrow, strip_note
from .model import Mention, Sentence, Token


def match_key(name: str) -> str:
    """The comparison form of SCHEMA.md: NFKC, no whitespace or quotes, lower-case Latin."""
    s = narrow(name or "")
    s = "".join(ch for ch in s if not ch.isspace() and ch not in QUOTE_MARKS)
    return s.lower()


def display_name(surface: str) -> str:
    """The name as written, without enclosing quotes, notes or stray spaces."""
    s = surface.strip()
    while len(s) >= 2 and s[0] in QUOTE_MARKS and s[-1] in QUOTE_MARKS:
        s = s[1:-1].strip()
    if s and s[0] in "“‘\"" and s.count(s[0]) == 1 and "”" not in s:
        s = s[1:]
    s = strip_note(s)
    return re.sub(r"\s+", "", s)


def canonical_key(name: str, lexicon: Lexicon | None = None) -> str:
    """The key names are merged on across reports (see the module docstring)."""
    lex = lexicon or get_lexicon()
    key = match_key(strip_note(name))
    known = lex.known.get(key) or lex.known.get(name)
    if known is not None:
        return match_key(known.canonical)
    for short, full, scope in lex.abbreviations:
        if scope == "whole" and key == short:
            key = full
        elif scope == "prefix" and key.startswith(short) and not key.startswith(full):
            key = full + key[len(short) :]
        elif scope == "any" and short in key and full not in key:
            key = key.replace(short, full)
    known = lex.known.get(key)
    if known is not None:
        return match_key(known.canonical)
    return key


def _is_abbreviation(short: str, full: str) -> bool:
    """True when `short` reads as a short form of `full` (东方理工 of 宁波东方理工大学)."""
    if len(short) < 2 or len(short) >= len(full) or is_masked(short):
        return False
    if short in full:
        # A substring must not just be the head noun or the place (大学, 宁波).
        return len(short) >= 3 or full.startswith(short)
    # 合工大 of 合肥工业大学: characters in order, same first character.
    if short[0] != full[0] or len(short) < 3:
        return False
    pos = 0
    for ch in short:
        pos = full.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def link_short_forms(mentions: list[Mention], lexicon: Lexicon | None = None) -> None:
    """Point short forms in one report at the full name they abbreviate, in place.

    A short form is a mention with no head noun of its own (a bare model span, a quoted
    name), or one whose name ends a longer name with the same head and label
    (东方理工大学 of 宁波东方理工大学). It takes the full name that abbreviates it and was
    named before it (else after it), preferring the nearest. Work is per distinct name,
    so long reports with many repeated names stay cheap.
    """
    lex = lexicon or get_lexicon()
    first_seen: dict[str, int] = {}
    label_of: dict[str, str] = {}
    for i, m in enumerate(mentions):
        first_seen.setdefault(m.name, i)
        label_of.setdefault(m.name, m.label)
    heads = {n: lex.head_of(n) for n in first_seen}
    names = sorted(first_seen, key=first_seen.get)
    target: dict[str, str] = {}
    for short in names:
        if short in lex.known:
            continue  # 中科院 names an organisation of its own, not a part of 中科院合肥研究院
        own = heads[short]
        best = None
        for full in names:
            if len(full) <= len(short) or full == short:
                continue
            if own is not None:
                other = heads[full]
                if other is None or other.suffix != own.suffix or label_of[full] != label_of[short]:
                    continue
                if not (full.endswith(short) and len(short) - len(own.suffix) >= 2):
                    continue
            elif not _is_abbreviation(short, full):
                continue
            before = first_seen[full] < first_seen[short]
            rank = (0 if before else 1, abs(first_seen[full] - first_seen[short]))
            if best is None or rank < best[0]:
                best = (rank, full)
        if best is not None:
            target[short] = best[1]
    if not target:
        return
    by_name = {m.name: m for m in mentions}
    for m in mentions:
        full = target.get(m.name)
        if full is None:
            continue
        o = by_name[full]
        if m.name not in o.short_forms:
            o.short_forms.append(m.name)
        m.short_forms.append(m.name)
        m.name = full
        m.label = o.label
        m.confidence = max(m.confidence, 0.6)
    for m in mentions:  # every mention of a full name carries its short forms
        if m.name in by_name:
            for a in by_name[m.name].short_forms:
                if a not in m.short_forms and a != m.name:
                    m.short_forms.append(a)


def short_core(name: str, lexicon: Lexicon | None = None) -> str:
    """The distinctive core of a full name (宁波东方理工大学 -> 东方理工), or ''.

    Leading places and level words and the trailing head noun are removed; a core shorter
    than three characters, generic, or itself a place is no usable short form.
    """
    lex = lexicon or get_lexicon()
    head = lex.head_of(name)
    if head is None or "(" in name or "（" in name:
        return ""
    core = name[: -len(head.suffix)]
    changed = True
    while changed:
        changed = False
        for n in (3, 2):
            if len(core) - n >= 3 and (lex.is_place(core[:n]) or core[:n] in lex.level_words):
                core = core[n:]
                changed = True
                break
    if len(core) < 3 or core in lex.generic_words or lex.is_place(core) or core in lex.known:
        return ""
    return core


def find_short_forms(
    sentences: list[Sentence], tokens: list[list[Token]], mentions: list[list[Mention]], lexicon: Lexicon | None = None
) -> int:
    """Add mentions for short forms of names named earlier in the report; returns how many.

    The model often does not mark a short form (支持东方理工申报…) that the report uses
    after naming 宁波东方理工大学 in full. A short form counts only on word boundaries and
    outside other names.
    """
    lex = lexicon or get_lexicon()
    cores: dict[str, Mention] = {}
    added = 0
    for sent, toks, ms in zip(sentences, tokens, mentions, strict=True):
        if cores:
            starts = {t.start for t in toks}
            ends = {t.end for t in toks}
            for core, full in cores.items():
                pos = sent.text.find(core)
                while pos >= 0:
                    end = pos + len(core)
                    inside = any(m.start < end and pos < m.end for m in ms)
                    if pos in starts and end in ends and not inside:
                        ms.append(Mention(sentence=sent.index, start=pos, end=end, text=core, label=full.label,
                                          name=full.name, confidence=0.6, source="shortform", short_forms=[core]))
                        added += 1
                    pos = sent.text.find(core, end)
            ms.sort(key=lambda m: m.start)
        for m in ms:
            core = short_core(m.name, lex)
            if core and core not in cores:
                cores[core] = m
    return added
