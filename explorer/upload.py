"""Checking an uploaded report before anything parses it, then extracting from it.

The type is checked twice, by the file name and by the first bytes (a PDF renamed .txt,
or an old binary .doc renamed .docx, is refused with a message saying so), and the size
is checked before the bytes are read, so a wrong or huge file never reaches the parsers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath

from ner.ingest import IngestError, read_bytes, sniff_format
from ner.model import Extraction

from .i18n import LocalisedError, Term

# The formats the explorer takes, by file suffix, and what their bytes may look like.
ACCEPTED: dict[str, tuple[str, ...]] = {
    ".txt": ("txt", "html"),
    ".docx": ("docx",),
    ".pdf": ("pdf",),
    ".html": ("html", "txt"),
    ".htm": ("html", "txt"),
}
# The formats sniff_format names that have a readable name in the catalogues (upload.format.<format>).
NAMED_FORMATS = ("txt", "html", "mhtml", "docx", "pdf")
MAX_UPLOAD_ENV = "INNOKG_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 20.0


class UploadRefused(LocalisedError):
    """An upload that will not be parsed; the message names the file and the problem."""


@dataclass
class Analysis:
    """An uploaded report read and extracted, not yet stored."""

    name: str
    size: int
    extraction: Extraction


def max_upload_bytes() -> int:
    """The upload size limit: $INNOKG_MAX_UPLOAD_MB, else 20 MB."""
    try:
        mb = float(os.environ.get(MAX_UPLOAD_ENV, DEFAULT_MAX_UPLOAD_MB))
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return int(mb * 1024 * 1024)


def check_name_and_size(name: str, size: int, max_bytes: int | None = None) -> str:
    """Refuse a file by its name or size before reading it; returns its suffix."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise UploadRefused("upload.unsupported", name=name, suffix=suffix or "(none)")
    if size <= 0:
        raise UploadRefused("upload.empty", name=name)
    if size > limit:
        raise UploadRefused("upload.too_large", name=name, size=f"{size / 1024 / 1024:.1f}",
                            limit=f"{limit / 1024 / 1024:.0f}")
    return suffix


def check_content(name: str, head: bytes) -> str:
    """Refuse a file whose first bytes do not match its suffix; returns the sniffed format."""
    suffix = PurePath(name).suffix.lower()
    fmt = sniff_format(head)
    if fmt not in ACCEPTED.get(suffix, ()):
        # sniff_format says "unsupported:<what>" for legacy Office files, images and archives.
        found = Term(f"upload.format.{fmt}") if fmt in NAMED_FORMATS else fmt.partition(":")[2] or fmt
        raise UploadRefused("upload.mismatch", name=name, suffix=suffix, found=found,
                            expected=Term(f"upload.expect.{suffix.lstrip('.')}"))
    return fmt


def analyse(name: str, data: bytes, pipeline, max_bytes: int | None = None) -> Analysis:
    """Check, read and extract one uploaded report (nothing is stored)."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    check_name_and_size(name, len(data), limit)
    check_content(name, data[:4096])
    try:
        document = read_bytes(data, name, max_bytes=limit)
    except IngestError as e:
        raise UploadRefused("upload.unreadable", name=name, reason=Term(f"value.reason.{e.reason}"),
                            detail=e.detail or e.reason) from e
    return Analysis(name=name, size=len(data), extraction=pipeline(document))


def document_spans(extraction: Extraction) -> list[tuple[int, int, str]]:
    """The mentions as (start, end, label) offsets into the document text."""
    starts = {s.index: s.start for s in extraction.sentences}
    spans = []
    for m in extraction.mentions:
        base = starts.get(m.sentence)
        if base is not None:
            spans.append((base + m.start, base + m.end, m.label))
    return spans
