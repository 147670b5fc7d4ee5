"""Plain text, read as a stream of lines so that memory follows the line, not the file."""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..clean import SENTENCE_END, clean_line, clean_lines, remove_controls
from .base import MAX_BAD_SHARE, SAMPLE_BYTES, IngestError, Source
from .charsets import encoding_candidates

# Lines longer than this are cut at a sentence end, so one giant line cannot fill memory.
_MAX_LINE = 64 * 1024

def _raw_lines(stream: BinaryIO, encoding: str, errors: str) -> Iterator[str]:
    """Decoded lines of a byte stream, each at most _MAX_LINE characters (cut at a sentence end)."""
    text = io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline=None)
    carry = ""
    while True:
        chunk = text.readline(_MAX_LINE - len(carry))
        if not chunk:
            if carry:
                yield carry
            return
        chunk = carry + chunk
        carry = ""
        if chunk.endswith("\n") or len(chunk) < _MAX_LINE:
            yield chunk.rstrip("\n")
            continue
        cut = max(chunk.rfind(ch) for ch in SENTENCE_END + "，,")
        if cut < len(chunk) // 2:
            cut = len(chunk) - 1
        yield chunk[: cut + 1]
        carry = chunk[cut + 1:]


def _scan_text(open_: Callable[[], BinaryIO], encoding: str) -> tuple[bool, str, list[str], int]:
    """One pass over a text file: (fits, raw head, last cleaned lines, bad characters)."""
    head: list[str] = []
    head_len = 0
    tail: deque[str] = deque(maxlen=40)
    bad = chars = 0
    with open_() as f:
        for line in _raw_lines(f, encoding, "replace"):
            chars += len(line) + 1
            bad += line.count("\ufffd")
            if head_len < 4000:
                head.append(line)
                head_len += len(line) + 1
            if line.strip():
                tail.append(line[:400])
    fits = bad <= max(2, chars * MAX_BAD_SHARE)
    cleaned = [ln for ln in map(clean_line, tail) if ln][-12:]
    return fits, "\n".join(head), cleaned, bad


def read(open_: Callable[[], BinaryIO], size: int, path: str | Path) -> Source:
    """A plain-text report as a Source whose lines are read (and cleaned) when iterated.

    The encoding is the first candidate that decodes the whole file (one pass over it).
    """
    with open_() as f:
        sample = f.read(SAMPLE_BYTES)
    encoding = None
    for enc in encoding_candidates(sample, final=size <= len(sample)):
        fits, header, tail, bad = _scan_text(open_, enc)
        if fits:
            encoding = enc
            break
    if encoding is None:
        raise IngestError(path, "undecodable", "no encoding among UTF-8, UTF-16, GB18030 or Big5 fits")
    if not header.strip("\ufeff \t\r\n\u3000"):
        raise IngestError(path, "empty file", "only white space")
    errors = "replace" if bad else "strict"

    def lines() -> Iterator[str]:
        with open_() as f:
            first = True
            for line in _raw_lines(f, encoding, errors):
                if first:
                    line, first = line.lstrip("\ufeff"), False
                yield line

    return Source("txt", encoding, clean_lines(lines()), remove_controls(header), tail)
