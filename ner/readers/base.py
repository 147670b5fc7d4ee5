"""What every reader shares: the reasons a report can fail, the error that names them, and
the Source a reader hands to ingestion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The reasons a report can fail, as recorded in the store's failures table.
REASONS = {
    "not found": "the path does not exist",
    "unreadable": "the operating system refused to read the file",
    "empty file": "the file holds no bytes, or only white space",
    "too large": "the file (or the document part inside a .docx) exceeds the size limit",
    "unsupported format": "a format innokg does not read (legacy .doc, RTF, images, archives...)",
    "corrupt archive": "a .docx whose zip container or XML is damaged",
    "corrupt pdf": "a PDF that cannot be parsed",
    "encrypted": "a password-protected PDF",
    "no text layer": "a PDF without extractable text (a scan)",
    "undecodable": "text in no encoding innokg knows (or binary data)",
    "no text": "nothing left once page furniture is removed",
    "timeout": "the NER call ran past the per-document time limit",
    "extraction error": "an unexpected error while extracting the report",
}

# How much of a file the encoding detection reads.
SAMPLE_BYTES = 256 * 1024
# A decoding may replace at most this share of characters (damaged bytes) and still count.
MAX_BAD_SHARE = 1 / 2000


class IngestError(Exception):
    """A report that could not be read; `reason` is one of REASONS, `detail` says more."""

    def __init__(self, path: str | Path, reason: str, detail: str = ""):
        self.path = str(path)
        self.reason = reason
        self.detail = detail
        super().__init__(f"{self.path}: {reason}" + (f" ({detail})" if detail else ""))


@dataclass
class Source:
    """A report file as a reader hands it on: cleaned lines and what metadata reads.

    `header` is the raw start of the text; `tail` the last cleaned lines of a text read as a
    stream (its signature block), None when `lines` holds the whole text anyway.
    """

    format: str
    encoding: str
    lines: Iterable[str]
    header: str
    tail: list[str] | None = None
