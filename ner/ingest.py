"""Ingestion: a file on disk becomes one or more Documents (text, format, encoding, metadata).

The readers of ner/readers/ (one module per format, picked by `read_source`) turn a file
into cleaned lines; this module cuts them into parts and makes Documents of them.

The format is decided by the bytes, not the file name, because report collections hold
GBK files named .txt, Word files that are really HTML (or MHTML) and PDFs without an
extension. Every problem is raised as an IngestError that names the file and one reason
from REASONS, so a batch can record it and go on.

Memory stays bounded: plain text is read as a stream of lines and cut into parts of at
most `chunk_chars` characters at paragraph boundaries, each part its own Document; other
formats are parsed whole, which the file size limit bounds, and then cut the same way.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .clean import SENTENCE_END
from .metadata import Metadata, extract_metadata
from .model import Document
from .readers import REASONS, IngestError, decode_bytes, read_source, sniff_format

__all__ = [
    "DEFAULT_CHUNK_CHARS", "DEFAULT_MAX_BYTES", "REASONS", "SUPPORTED_SUFFIXES", "IngestError", "decode_bytes",
    "iter_documents", "iter_report_paths", "read_bytes", "read_document", "sniff_format",
]

# Files larger than this are refused unless the caller raises the limit: a 200 MB dump is
# almost certainly not one report, and parsing a PDF or Word file that big costs memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A report longer than this is cut into parts, so the NER never holds more than a part.
DEFAULT_CHUNK_CHARS = 200_000
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".docx", ".pdf", ".html", ".htm", ".xhtml", ".mht", ".mhtml", ""}
_HEAD_BYTES = 64 * 1024


# -- parts ------------------------------------------------------------------------------------
def _split_long_line(line: str, limit: int) -> Iterator[str]:
    while len(line) > limit:
        cut = max(line.rfind(ch, 0, limit) for ch in SENTENCE_END)
        if cut < limit // 2:
            cut = limit - 1
        yield line[: cut + 1]
        line = line[cut + 1:]
    yield line


def _parts(lines: Iterable[str], chunk_chars: int | None) -> Iterator[str]:
    """Join cleaned lines into texts of at most `chunk_chars`, cut at paragraph boundaries."""
    if not chunk_chars:
        text = _finish("\n".join(lines))
        if text:
            yield text
        return
    part: list[str] = []
    size = 0
    last_blank = -1
    for line in lines:
        pieces = _split_long_line(line, chunk_chars) if len(line) > chunk_chars else [line]
        for piece in pieces:
            if part and size + len(piece) + 1 > chunk_chars:
                # Cut at the last paragraph break if it keeps at least half of the part.
                cut = last_blank if last_blank >= len(part) // 2 else len(part)
                text = _finish("\n".join(part[:cut]))
                if text:
                    yield text
                part = part[cut:]
                size = sum(len(x) + 1 for x in part)
                last_blank = -1
            if not piece and part:
                last_blank = len(part)
            part.append(piece)
            size += len(piece) + 1
    text = _finish("\n".join(part))
    if text:
        yield text


_PAGE_NO = re.compile(r"^(\d{1,3})、")


def _previous_line(lines: list[str], i: int) -> int:
    j = i - 1
    while j >= 0 and not lines[j]:
        j -= 1
    return j


def _finish(text: str) -> str:
    """Whole-text repairs after line cleaning: pages of document-sharing sites are re-joined.

    Those sites number the text of each page (1、… 2、… 3、…) and cut sentences at the page
    end. When such numbers run 1, 2, 3… down long paragraphs that mostly follow a cut
    sentence, the numbers are removed and a page that ends mid-sentence is joined to the
    next. A numbered list in a report (short items, whole sentences) is left alone.
    """
    lines = text.strip("\n").split("\n")
    numbered = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := _PAGE_NO.match(ln))]
    run = [i for k, (i, n) in enumerate(numbered) if n == k + 1]
    if len(run) < 3 or len(run) != len(numbered):
        return "\n".join(lines).strip("\n")
    prevs = [_previous_line(lines, i) for i in run[1:]]
    cut = sum(1 for j in prevs if j >= 0 and lines[j][-1] not in SENTENCE_END)
    if sum(len(lines[i]) for i in run) < 300 * len(run) or cut * 2 < len(prevs):
        return "\n".join(lines).strip("\n")
    for i in reversed(run):
        lines[i] = _PAGE_NO.sub("", lines[i], count=1)
        j = _previous_line(lines, i)
        if i != run[0] and j >= 0 and lines[j][-1] not in SENTENCE_END:
            lines[j] += lines[i]
            del lines[j + 1 : i + 1]
    return "\n".join(lines).strip("\n")


# -- documents --------------------------------------------------------------------------------
def _document(text: str, path: str | Path, fmt: str, encoding: str, meta: Metadata, part: int, more: bool) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = meta.title
    if part > 1 or more:
        title = f"{title}（第{part}部分）"
    return Document(id=digest[:16], path=str(path), text=text, content_hash=digest, format=fmt, encoding=encoding,
                    title=title, issuer=meta.issuer, date=meta.date, region=meta.region, year=meta.year)


def _emit(parts: Iterator[str], path: str | Path, fmt: str, encoding: str, header: str,
          tail: list[str] | None) -> Iterator[Document]:
    """Documents for the parts of one file; metadata from the first part (and the file's end)."""
    current = next(parts, None)
    if current is None:
        raise IngestError(path, "no text", "nothing left after removing page furniture")
    following = next(parts, None)
    sample = current if following is None or not tail else current[:20000] + "\n" + "\n".join(tail)
    meta = extract_metadata(sample, Path(str(path)).name, header=header)
    n = 1
    while current is not None:
        yield _document(current, path, fmt, encoding, meta, n, following is not None)
        current, following = following, (next(parts, None) if following is not None else None)
        n += 1


def _iter_source(open_: Callable[[], BinaryIO], head: bytes, size: int, path: str | Path, max_bytes: int,
                 chunk_chars: int | None) -> Iterator[Document]:
    if size > max_bytes:
        raise IngestError(path, "too large", f"{size} bytes, limit {max_bytes}")
    if size == 0 or (size <= len(head) and not head.strip()):
        raise IngestError(path, "empty file")
    source = read_source(open_, head, path, size, max_bytes)
    yield from _emit(_parts(source.lines, chunk_chars), path, source.format, source.encoding, source.header,
                     source.tail)


def iter_documents(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                   chunk_chars: int | None = DEFAULT_CHUNK_CHARS) -> Iterator[Document]:
    """The Documents of one report file: one, or several parts of at most `chunk_chars` characters.

    Problems with the file raise IngestError (naming the file and the reason) before the
    first Document is yielded. Parts share the file's metadata; their titles are numbered.
    """
    p = Path(path)
    size = _file_size(p)
    try:
        with p.open("rb") as f:
            head = f.read(_HEAD_BYTES)
        yield from _iter_source(lambda: p.open("rb"), head, size, p, max_bytes, chunk_chars)
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e
    except UnicodeDecodeError as e:  # the file changed between the encoding check and the reading
        raise IngestError(p, "undecodable", str(e)) from e


def _file_size(p: Path) -> int:
    try:
        size = p.stat().st_size
    except FileNotFoundError as e:
        raise IngestError(p, "not found", "no such file") from e
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e
    if p.is_dir():
        raise IngestError(p, "unreadable", "a folder, not a file")
    return size


def read_report_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one report file, for reading elsewhere (iter_bytes_documents); IngestError
    as iter_documents would raise it for a missing, unreadable or too large file."""
    p = Path(path)
    size = _file_size(p)
    if size > max_bytes:
        raise IngestError(p, "too large", f"{size} bytes, limit {max_bytes}")
    try:
        with p.open("rb") as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e


def iter_bytes_documents(data: bytes, path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                         chunk_chars: int | None = DEFAULT_CHUNK_CHARS) -> Iterator[Document]:
    """iter_documents over a file's bytes read elsewhere: the same Documents, named by `path`."""
    try:
        yield from _iter_source(lambda: io.BytesIO(data), data[:_HEAD_BYTES], len(data), path, max_bytes,
                                chunk_chars)
    except UnicodeDecodeError as e:
        raise IngestError(path, "undecodable", str(e)) from e


def read_bytes(data: bytes, path: str | Path = "<upload>", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Turn the bytes of one report into a cleaned Document with metadata (never cut into parts)."""
    docs = _iter_source(lambda: io.BytesIO(data), data[:_HEAD_BYTES], len(data), path, max_bytes, None)
    return next(docs)


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report file into a Document; raises IngestError naming the file and the problem."""
    return next(iter_documents(path, max_bytes, chunk_chars=None))


def iter_report_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into a list of report files (folders sorted, hidden files skipped).

    A path that does not exist is kept, so that reading it fails with a message that names it.
    """
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    out.append(f)
        else:
            out.append(p)
    return out
