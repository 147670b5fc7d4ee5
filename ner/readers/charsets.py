"""Which encoding a report's bytes are in: UTF-8, UTF-16, GB18030 (GB2312/GBK) or Big5,
ranked by how much the decoded text looks like Chinese."""

from __future__ import annotations

import codecs
import contextlib
import re
from functools import cache
from pathlib import Path

from .base import MAX_BAD_SHARE, SAMPLE_BYTES, IngestError


@cache
def _common_hanzi() -> frozenset[str]:
    """The common characters of Chinese text: GB2312 level 1 and Big5's frequent set."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """How much `text` looks like a Chinese report: +1 a common hanzi, down to -2 a control."""
    common = _common_hanzi()
    score = 0.0
    for ch in text:
        o = ord(ch)
        if ch in common or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or ch in "“”‘’—…·":
            score += 1
        elif o < 128:
            score += 0.5 if (ch.isprintable() or ch in "\r\n\t") else -2
        elif 0x4E00 <= o <= 0x9FFF:
            score -= 0.25  # a rare hanzi: possible, but a wrong decoding produces many
        elif ch == "\ufffd" or (o < 0xA0) or 0xE000 <= o <= 0xF8FF:
            score -= 2
        else:
            score -= 1
    return score / max(len(text), 1)


def declared_charset(head: bytes) -> str | None:
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", head[:4096], re.I)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if name in {"gb2312", "gbk", "hz", "euc_cn"} else name


def _decode_prefix(sample: bytes, encoding: str, final: bool, lenient: bool = False) -> str | None:
    """`sample` decoded, or None if it does not fit; `lenient` lets a few damaged bytes through."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=final)
    except LookupError:
        return None
    except UnicodeDecodeError:
        if not lenient:
            return None
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample, final=final)
    return text if text.count("\ufffd") <= max(2, len(text) * MAX_BAD_SHARE) else None


def encoding_candidates(sample: bytes, final: bool = True, declared: str | None = None) -> list[str]:
    """Encodings that decode `sample` (a file's first bytes), most plausible first.

    A BOM decides alone. Then a declared charset (HTML) and strict UTF-8 come first when they
    fit; then GB18030 (the superset of GB2312/GBK), UTF-16 without BOM, Big5 and
    charset-normalizer's guess, ranked by how much the result looks like Chinese text.
    `final` is False when `sample` is only the start of the file.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    first: list[str] = []
    if declared and _decode_prefix(sample, declared, final) is not None:
        first.append(declared)
    utf8 = _decode_prefix(sample, "utf-8", final)
    if utf8 is not None and "utf-8" not in first:
        first.append("utf-8")
    if utf8 is not None and _plausibility(utf8[:4000]) > 0.5:
        # Strict UTF-8 that reads as Chinese is UTF-8: scoring the other decodings of every
        # report would cost more than the rest of ingestion together.
        return first + [e for e in ("gb18030", "utf-16-le", "utf-16-be", "big5") if e not in first]
    scored: list[tuple[float, int, str]] = []

    def score(encodings: list[str]) -> None:
        for enc in encodings:
            if enc in first or any(e == enc for _, _, e in scored):
                continue
            # UTF-16 needs an even number of bytes; a sample may cut a pair in two.
            part = sample if final or not enc.startswith("utf-16") else sample[: len(sample) // 2 * 2]
            text = _decode_prefix(part, enc, final, lenient=True)
            if text:
                plausible = _plausibility(text[:20000])
                if plausible > 0.3:
                    scored.append((-plausible, len(scored), enc))

    score(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "big5"])
    if not first and not any(-s > 0.8 for s, _, _ in scored):
        # Neither UTF-8 nor clearly Chinese: ask charset-normalizer for a guess as well.
        from charset_normalizer import from_bytes

        best = from_bytes(sample[:65536]).best()
        if best is not None:
            try:
                guess = codecs.lookup(best.encoding).name
            except LookupError:
                guess = ""
            if guess:
                score(["gb18030" if guess in {"gb2312", "gbk", "hz"} else guess])
    return first + [enc for _, _, enc in sorted(scored)]


def decode_bytes(data: bytes, path: str | Path = "<bytes>", declared: str | None = None) -> tuple[str, str]:
    """Decode report bytes to text; returns (text, encoding). Raises IngestError('undecodable').

    See encoding_candidates for the order; a candidate that leaves a few damaged bytes
    (at most one character in 2000) is accepted with those bytes replaced by U+FFFD.
    """
    for enc in encoding_candidates(data[:SAMPLE_BYTES], final=len(data) <= SAMPLE_BYTES, declared=declared):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = data.decode(enc, errors="replace")
            if text.count("\ufffd") > max(2, len(text) * MAX_BAD_SHARE):
                continue
        if enc == "utf-8-sig" or enc == "utf-16":
            text = text.lstrip("\ufeff")
        return text, enc
    raise IngestError(path, "undecodable", "no encoding among UTF-8, UTF-16, GB18030 or Big5 fits")
