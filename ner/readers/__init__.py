"""Readers: one module per format, behind `read_source`, which picks the reader by the bytes.

sniff.py decides the format (pdf, docx, html, mhtml, txt or unsupported) and charsets.py
the encoding of text; plain.py streams plain text; word.py, pdf.py and web.py parse a
whole .docx, PDF or web page. Each reader raises IngestError naming the file and one
reason of REASONS.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..clean import clean_lines
from . import pdf, plain, web, word
from .base import REASONS, IngestError, Source
from .charsets import decode_bytes, encoding_candidates
from .sniff import sniff_format

__all__ = ["REASONS", "IngestError", "Source", "decode_bytes", "encoding_candidates", "read_source", "sniff_format"]

# Readers of a format parsed whole: (bytes, path, size limit) -> (raw text, format, encoding).
WHOLE_READERS: dict[str, Callable[[bytes, str | Path, int], tuple[str, str, str]]] = {
    "pdf": pdf.read,
    "docx": word.read,
    "html": web.read_html,
    "mhtml": web.read_mhtml,
}


def read_source(open_: Callable[[], BinaryIO], head: bytes, path: str | Path, size: int, max_bytes: int) -> Source:
    """The Source of one report file, read by the reader of its format (sniffed from `head`)."""
    fmt = sniff_format(head)
    if fmt.startswith("unsupported:"):
        raise IngestError(path, "unsupported format", fmt.split(":", 1)[1])
    if fmt == "txt":
        return plain.read(open_, size, path)
    with open_() as f:
        data = f.read(max_bytes + 1)
    raw, fmt, encoding = WHOLE_READERS[fmt](data, path, max_bytes)
    lines = list(clean_lines(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    return Source(fmt, encoding, lines, raw[:4000])
