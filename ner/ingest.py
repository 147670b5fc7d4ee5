"""Ingestion: a file on disk becomes a Document (text, format, encoding, metadata).

The format is decided by the bytes, not the file name, because report collections hold
GBK files named .txt, Word files that are really HTML and PDFs without an extension.
Every problem is raised as an IngestError that names the file and the reason, so a batch
can record it and go on.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from .clean import clean_text
from .metadata import extract_metadata
from .model import Document

# Files larger than this are refused unless the caller raises the limit: a 200 MB dump is
# almost certainly not one report, and reading it whole would cost the machine's memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".docx", ".pdf", ".html", ".htm", ".xhtml", ".doc", ""}


class IngestError(Exception):
    """A report that could not be read; `reason` is a short machine-friendly code."""

    def __init__(self, path: str | Path, reason: str, detail: str = ""):
        self.path = str(path)
        self.reason = reason
        self.detail = detail
        super().__init__(f"{self.path}: {reason}" + (f" ({detail})" if detail else ""))


def sniff_format(data: bytes) -> str:
    """Guess the format of a report from its first bytes: pdf, docx, ole, html or txt."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    probe = head.lower()
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if probe.startswith(bom):
            probe = probe[len(bom):]
    probe = probe.replace(b"\x00", b"").lstrip()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in probe or b"<head" in probe:
        return "html"
    return "txt"


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes to text; returns (text, encoding).

    BOMs decide first (UTF-8, UTF-16); then strict UTF-8; then charset-normalizer's best
    guess, widened to GB18030 when it says GB2312/GBK because GB18030 is their superset and
    reports in the GBK family often hold characters outside GB2312.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise IngestError(path, "undecodable", f"UTF-16 BOM but invalid data: {e.reason}") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-16 file without BOM shows NUL bytes in every other position.
    if data[:200].count(b"\x00") > 40:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    candidates = []
    if best is not None:
        enc = best.encoding.lower().replace("_", "-")
        candidates.append("gb18030" if enc in {"gb2312", "gbk", "gb18030", "hz"} else enc)
    candidates += ["gb18030", "big5"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, enc
    raise IngestError(path, "undecodable", "no encoding among UTF-8, UTF-16, GB18030 or Big5 fits")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:5000] if (ord(ch) < 32 and ch not in "\r\n\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / min(len(text), 5000) < 0.02


def _docx_text(data: bytes, path: str | Path) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise IngestError(path, "unsupported format", "a zip archive that is not a Word document")
            bad = zf.testzip()
            if bad is not None:
                raise IngestError(path, "corrupt archive", f"damaged member {bad}")
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise IngestError(path, "corrupt archive", str(e)) from e
    except PackageNotFoundError as e:
        raise IngestError(path, "corrupt archive", str(e)) from e
    except KeyError as e:
        raise IngestError(path, "corrupt archive", f"missing part {e}") from e
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text not in cells:
                    cells.append(cell.text)
            paragraphs.append("\t".join(cells))
    return "\n".join(paragraphs)


def _pdf_text(data: bytes, path: str | Path) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(io.BytesIO(data))
    except PDFSyntaxError as e:
        raise IngestError(path, "corrupt pdf", str(e)) from e
    except Exception as e:  # pdfminer raises many private error types on damaged files
        raise IngestError(path, "corrupt pdf", f"{type(e).__name__}: {e}") from e
    if not text.strip():
        raise IngestError(path, "no text layer", "the PDF has no extractable text (scanned?)")
    return text


def _html_text(data: bytes, path: str | Path) -> str:
    from bs4 import BeautifulSoup

    text, _ = decode_bytes(data, path)
    soup = BeautifulSoup(text, "lxml")
    # Page furniture is never report text.
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    body = soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").splitlines()]
    out = "\n".join(line for line in lines if line)
    if title and title not in out[:500]:
        out = title + "\n" + out
    return out


def read_bytes(data: bytes, path: str | Path = "<upload>", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Turn the bytes of one report into a cleaned Document with metadata."""
    if len(data) > max_bytes:
        raise IngestError(path, "too large", f"{len(data)} bytes, limit {max_bytes}")
    if not data.strip():
        raise IngestError(path, "empty file")
    fmt = sniff_format(data)
    encoding = ""
    if fmt == "pdf":
        raw = _pdf_text(data, path)
    elif fmt == "docx":
        raw = _docx_text(data, path)
    elif fmt == "ole":
        raise IngestError(path, "unsupported format", "legacy binary Word/Excel (.doc/.xls); save it as .docx")
    elif fmt == "html":
        raw = _html_text(data, path)
    else:
        raw, encoding = decode_bytes(data, path)
    text = clean_text(raw)
    if not text.strip():
        raise IngestError(path, "no text", "nothing left after removing page furniture")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(
        id=digest[:16],
        path=str(path),
        text=text,
        content_hash=digest,
        format=fmt,
        encoding=encoding,
    )
    meta = extract_metadata(text, Path(str(path)).name)
    doc.title, doc.issuer, doc.date, doc.region, doc.year = (
        meta.title,
        meta.issuer,
        meta.date,
        meta.region,
        meta.year,
    )
    return doc


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report file into a Document; raises IngestError naming the file and the problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e
    if size > max_bytes:
        raise IngestError(p, "too large", f"{size} bytes, limit {max_bytes}")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e
    return read_bytes(data, p, max_bytes)


def iter_report_paths(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into a sorted list of report files (hidden files skipped)."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    out.append(f)
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    return out
