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
from functools import lru_cache

from .lexicon import Lexicon, get_lexicon
from .marks import QUOTE_MARKS, is_masked, masked_before, narrow, strip_note
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


def is_abbreviation(short: str, full: str) -> bool:
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

    A short form is a name a note declares ((以下简称“汉大”), (椰风生物)), a mention with no
    head noun of its own (a bare model span, a quoted name), or one whose name ends a longer
    name with the same head and label (东方理工大学 of 宁波东方理工大学), but never a
    designation (市级重点实验室); a core of a full name (龙凤石化工程 of 大庆龙凤石化工程有限公司)
    is one unless its own head is sure. It takes the full name that abbreviates it and was
    named before it (else after it), preferring the nearest. Work is per distinct name,
    so long reports with many repeated names stay cheap.
    """
    lex = lexicon or get_lexicon()
    first_seen: dict[str, int] = {}
    label_of: dict[str, str] = {}
    declared: dict[str, str] = {}  # a short name a note declares -> the full name
    cores: dict[str, str] = {}  # a core of a full name (龙凤石化工程) -> the full name
    generic: set[str] = set()
    for i, m in enumerate(mentions):
        if m.name not in first_seen:
            for form, is_declared in written_forms(m, lex):
                (declared if is_declared else cores).setdefault(form, m.name)
        first_seen.setdefault(m.name, i)
        label_of.setdefault(m.name, m.label)
        if m.generic:
            generic.add(m.name)
    heads = {n: lex.head_of(n) for n in first_seen}
    names = sorted(first_seen, key=first_seen.get)
    target: dict[str, str] = {}
    for short in names:
        if declared.get(short, short) != short:
            target[short] = declared[short]
            continue
        if short in lex.known or short in generic:
            # 中科院 names an organisation of its own, not a part of 中科院合肥研究院; a
            # designation (省级企业研究院) is no short form of a name ending the same way
            continue
        own = heads[short]
        if cores.get(short, short) != short and (own is None or own.confidence < 0.8):
            # 龙凤石化工程 after 大庆龙凤石化工程有限公司: the firm, though 工程 may end a program
            target[short] = cores[short]
            continue
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
            elif not is_abbreviation(short, full):
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


def short_cores(name: str, lexicon: Lexicon | None = None) -> list[str]:
    """The distinctive cores of a full name, longest first (湖州吴兴精密电机有限公司 ->
    吴兴精密电机; 宁波东方理工大学 -> 东方理工), or [].

    The trailing head noun is removed, then leading places and level words one by one; each
    step leaves a core. A core shorter than three characters, made of generic and industry
    words only (精密电机, 科技企业), itself a place or a known name, or a name of another
    kind (兰州新区 of 兰州新区管委会) is no usable short form.
    """
    lex = lexicon or get_lexicon()
    head = lex.head_of(name)
    if head is None or "(" in name or "（" in name:
        return []
    core = name[: -len(head.suffix)]
    out = []
    while True:
        if _usable_core(core, head.label, lex):
            out.append(core)
        n = next((n for n in range(min(7, len(core) - 3), 1, -1)
                  if lex.is_place(core[:n]) or core[:n] in lex.level_words), 0)
        if not n:
            return out
        core = core[n:]


def short_core(name: str, lexicon: Lexicon | None = None) -> str:
    """The shortest distinctive core of a full name (宁波东方理工大学 -> 东方理工), or ''."""
    cores = short_cores(name, lexicon)
    return cores[-1] if cores else ""


def _usable_core(core: str, label: str, lex: Lexicon) -> bool:
    if len(core) < 3 or lex.is_place(core) or core in lex.known or _brandless(core, lex):
        return False
    own = lex.head_of(core)
    return own is None or own.label == label or own.confidence < 0.8  # 龙凤石化|工程 is no program


def _brandless(word: str, lex: Lexicon) -> bool:
    """True for generic, industry and level words only, with a firm's head or not (钢铁集团)."""
    head = lex.head_of(word)
    if head is not None and len(head.suffix) < len(word):
        word = word[: -len(head.suffix)]
    return bool(lex.common_re.fullmatch(word))


def trade_core(core: str, lexicon: Lexicon | None = None) -> str:
    """A firm's core without its industry word, as reports write it later (绵州智控科技 ->
    绵州智控, 伊河轴承集团 -> 伊河轴承), or ''. What remains is a brand and a trade of four
    characters or more, not generic and industry words only (新材料科技 gives nothing), not a place."""
    lex = lexicon or get_lexicon()
    rest = core
    for _ in range(2):
        head = lex.head_of(rest)
        word = lex.industry_suffix(rest) or (head.suffix if head is not None and head.label == "Enterprise" else "")
        if not word or len(rest) - len(word) < 4:
            break
        rest = rest[: -len(word)]
    if rest == core or lex.common_re.match(rest[:2]) or _brandless(rest, lex) or lex.is_place(rest):
        return ""
    return rest


def declared_forms(m: Mention) -> list[str]:
    """The short names a note after the mention declares ((以下简称“汉大”), (琼州种业))."""
    return [a for a in m.aliases if 2 <= len(a) < len(m.name) and _DECLARED.fullmatch(a) and not is_masked(a)]


_DECLARED = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")
# The opening of a note after a name, up to where the short name stands in it.
_NOTE_OPENING = re.compile(r"[(（](?:以下简称|简称|下称|原)?[“\"]?$")


def find_short_forms(
    sentences: list[Sentence], tokens: list[list[Token]], mentions: list[list[Mention]], lexicon: Lexicon | None = None
) -> int:
    """Add mentions for short forms of names named earlier in the report; returns how many.

    The model often does not mark a short form (支持东方理工申报…) that the report uses
    after naming 宁波东方理工大学 in full. The forms of a full name: the short names its
    note declares (汉大 of 湖北汉江大学（以下简称“汉大”）), its cores (东方理工) and, for a
    firm, a core without its industry word (绵州智控 of 四川绵州智控科技有限公司). A form
    counts after the full name, outside other names and notes, not masked and not the start
    of a longer name (海洋科技|创业园); a core on word boundaries, a declared form on one
    of them at least (汉大牵头 may be one word for the model). Longer forms go first.
    """
    lex = lexicon or get_lexicon()
    forms: dict[str, tuple[Mention, bool]] = {}  # form -> (full name's mention, declared)
    added = 0
    for sent, toks, ms in zip(sentences, tokens, mentions, strict=True):
        new = False
        for m in ms:
            for form, declared in written_forms(m, lex):
                if form not in forms:
                    forms[form] = (m, declared)
                    new = True
        if not forms:
            continue
        if new:
            order = sorted(forms, key=len, reverse=True)
        text = sent.text
        starts = {t.start: t for t in toks}
        ends = {t.end for t in toks}
        found: list[Mention] = []
        for form in order:
            full, declared = forms[form]
            pos = text.find(form)
            while pos >= 0:
                end = pos + len(form)
                edges = (pos in starts) + (end in ends)
                if (
                    # (a declared 公司 is the firm only as a word of its own, not in 子公司)
                    (edges == 2 or (declared and edges == 1 and form not in lex.heads))
                    and (full.sentence < sent.index or pos >= full.end)
                    and not any(m.start < end and pos < m.end for m in [*ms, *found])
                    and not _in_note(text, pos, ms)
                    and not masked_before(text, pos)
                    and not _masked_word_before(toks, pos)
                    and not _head_follows(text, starts.get(end), lex)
                ):
                    found.append(Mention(sentence=sent.index, start=pos, end=end, text=form, label=full.label,
                                         name=full.name, confidence=0.6, source="shortform", short_forms=[form]))
                pos = text.find(form, end)
        if found:
            ms.extend(found)
            ms.sort(key=lambda m: m.start)
            added += len(found)
    return added


def written_forms(m: Mention, lex: Lexicon) -> list[tuple[str, bool]]:
    """(form, declared) for each short form the full name of `m` may be written in later."""
    if m.source == "shortform" or m.generic:
        return []
    out = [(f, True) for f in declared_forms(m)]
    if m.label == "Government":
        return out  # the core of 兰州新区管委会 names the area it governs, not the body
    return out + [(form, False) for form in _name_forms(m.name, m.label == "Enterprise", lex)] + [
        (form, False) for form in contracted_forms(m.name, lex)]


@lru_cache(maxsize=8192)
def contracted_forms(name: str, lex: Lexicon) -> tuple[str, ...]:
    """A name written with its common contractions (肇庆新区科技创新中心 -> 肇庆新区科创中心,
    科创中心), with and without its leading places: abbreviations.tsv read backwards."""
    contracted = name
    for short, full, scope in lex.abbreviations:
        if scope == "any" and full in contracted:
            contracted = contracted.replace(full, short)
    if contracted == name:
        return ()
    out = [contracted]
    while True:
        n = next((n for n in range(min(7, len(contracted) - 3), 1, -1)
                  if lex.is_place(contracted[:n]) or contracted[:n] in lex.level_words), 0)
        if not n:
            break
        contracted = contracted[n:]
        # 肇庆|新区|科创中心: the area a place names is part of the place
        area = next((a for a in AREA_WORDS if contracted.startswith(a) and len(contracted) - len(a) >= 3), "")
        contracted = contracted[len(area) :]
        if len(contracted) >= 3:
            out.append(contracted)
    return tuple(out)


AREA_WORDS = ("高新区", "经开区", "开发区", "新区", "自贸区")


@lru_cache(maxsize=8192)
def _name_forms(name: str, firm: bool, lex: Lexicon) -> tuple[str, ...]:
    """The cores of a full name and, for a firm, its trade form (cached: a report repeats its names)."""
    cores = short_cores(name, lex)
    # the shortest core that gives one gives the trade form (柳江智造, not 广西柳江智造)
    if firm:
        for i in range(len(cores) - 1, -1, -1):
            trade = trade_core(cores[i], lex)
            # the place a firm is registered in, with a common word, is no brand (浙江精密);
            # a place after it may be one (江苏龙城储能科技 -> 龙城储能)
            if trade and not (i == 0 and _place_and_common(trade, lex)):
                return (*cores, trade)
    return tuple(cores)


def _place_and_common(word: str, lex: Lexicon) -> bool:
    return any(lex.is_place(word[:n]) and lex.common_re.fullmatch(word[n:]) for n in (2, 3))


def _in_note(text: str, pos: int, ms: list[Mention]) -> bool:
    """True when `pos` stands in the note right after a name: 甲（以下简称“乙”）."""
    opening = _NOTE_OPENING.search(text, max(0, pos - 8), pos)
    return opening is not None and any(m.end == opening.start() for m in ms)


def _masked_word_before(toks: list[Token], pos: int) -> bool:
    """True when the word before `pos` is masked (xx市|海洋科技创业园): the form is part of a hidden name."""
    return any(t.end == pos and is_masked(t.text) for t in toks)


def _head_follows(text: str, nxt: Token | None, lex: Lexicon) -> bool:
    """True when the word after a form is a head noun: the form begins a longer name
    (宝丰能源|控股的 is a verb, not the head 控股)."""
    if nxt is None:
        return False
    head = lex.heads.get(nxt.text)
    if head is None or head.label == "-":
        return False
    return not any(text.startswith(b, nxt.start) for b in lex.blocked_after.get(nxt.text, ()))
