"""Short trade names among organisations: items of a list of firms (明正变电、赣电电气、伊发电力),
the partner joined to a recognised organisation by 与/和/及 (钱江摩托与浙江大学…), and the
subject of a relation verb (博纳激光入驻…): what joins, settles or leads is an organisation."""

from __future__ import annotations

import re

from .patterns import patterns
from .trade import breaks_trade_name, is_trade_name, trade_prefix
from .work import Candidate, SentenceWork

ORG_HINTS = frozenset({"Enterprise", "University", "ResearchInstitute", "Government"})
_LIST = re.compile(r"[^，。；、,;：:“”()（）\s]{2,16}(?:、[^，。；、,;：:“”()（）\s]{2,16})+")


def list_candidates(work: SentenceWork) -> None:
    """Step: items of a 、-list that look like short trade names (brand + industry word).

    Only lists that are lists of organisations count: closed by 等N家企业, or holding
    names found by the earlier steps. 铜基新材料、新能源汽车等多个产业领域 lists industries.
    """
    text, lex = work.text, work.lex
    p = patterns(lex)
    found = list(work.candidates)
    for m in _LIST.finditer(text):
        items = []
        pos = m.start()
        for part in m.group(0).split("、"):
            items.append([pos, pos + len(part)])
            pos += len(part) + 1
        # The last item runs on into the sentence (…万泰铝业均与高校…): cut it after
        # its industry word.
        last = items[-1]
        cut = trade_prefix(text[last[0] : last[1]], lex)
        if cut:
            last[1] = last[0] + cut
        close = text[last[1] : last[1] + 24]
        if p.fields_close.match(close):
            continue
        inside = [c for c in found if c.start >= m.start() and c.end <= last[1]]
        org_list = (
            bool(p.count_class.match(close))
            or any(c.source in ("grammar", "lexicon") and c.label in ORG_HINTS for c in inside)
            or sum(1 for c in inside if c.source == "lac" and is_trade_name(text[c.start : c.end], lex)) >= 2
        )
        if not org_list:
            continue
        for k, (s, e) in enumerate(items):
            if k == 0:
                # The first item starts after the list's introducing words.
                lead = _first_item_start(work, s, e)
                if lead is None:
                    continue
                s = lead
            if any(c.start == s and c.end < e and c.source in ("grammar", "lexicon") for c in found):
                continue  # 云南大学开展技术: a whole name begins the item, the verb after it is no brand
            if is_trade_name(text[s:e], lex):
                work.candidates.append(Candidate(s, e, "list", "Enterprise", 0.6))


def _first_item_start(work: SentenceWork, s: int, e: int) -> int | None:
    """Start of the shortest trade name ending the run-in text (其中明正变电 -> 明正变电)."""
    for t in sorted((t for t in work.tokens if s <= t.start < e), key=lambda t: -t.start):
        if t.tag in ("p", "c", "u", "w"):
            continue
        if is_trade_name(work.text[t.start : e], work.lex):
            return t.start
    return None


def coordinated_candidates(work: SentenceWork) -> None:
    """Step: short trade names joined by 与/和/及 to a recognised organisation: the partner
    of an organisation is one too."""
    text, tokens, lex = work.text, work.tokens, work.lex
    found = list(work.candidates)
    for c in found:
        if c.source not in ("grammar", "lexicon") or c.label not in ORG_HINTS:
            continue
        if c.start >= 3 and text[c.start - 1] in "与和及":
            e = c.start - 1
            # the shortest trade name ending at the conjunction, not reaching over a verb
            for t in sorted((t for t in tokens if e - 12 <= t.start < e), key=lambda t: -t.start):
                if breaks_trade_name(t, lex):
                    break
                if is_trade_name(text[t.start : e], lex):
                    work.candidates.append(Candidate(t.start, e, "list", "Enterprise", 0.6))
                    break
        if text[c.end : c.end + 1] in ("与", "和", "及"):
            after = [t for t in tokens if t.start > c.end][:4]
            for k, t in enumerate(after[1:], start=1):
                # the name ends where a verb, a preposition or punctuation begins
                if breaks_trade_name(after[k - 1], lex):
                    break
                if breaks_trade_name(t, lex) and is_trade_name(text[c.end + 1 : t.start], lex):
                    work.candidates.append(Candidate(c.end + 1, t.start, "list", "Enterprise", 0.6))
                    break


def cue_subject_candidates(work: SentenceWork) -> None:
    """Step: a short trade name right before a relation verb (博纳/PER 激光/n 入驻, 同年，凯里酸汤
    食品落户…) is a firm: it acts. The name runs back from the verb to a word no trade name
    spans (punctuation, a particle, a verb), over three words at most."""
    text, tokens, lex = work.text, work.tokens, work.lex
    for v, verb in enumerate(tokens):
        if lex.role.get(verb.text) not in ("verb", "cue") or verb.text not in lex.words("relation"):
            continue
        for k in range(v - 1, max(-1, v - 4), -1):
            if tokens[k].start < work.floor or breaks_trade_name(tokens[k], lex):
                break
            before = tokens[k - 1] if k > 0 else None
            if (before is None or before.start < work.floor or breaks_trade_name(before, lex)) and is_trade_name(
                text[tokens[k].start : verb.start], lex
            ):
                work.candidates.append(Candidate(tokens[k].start, verb.start, "list", "Enterprise", 0.6))
                break
