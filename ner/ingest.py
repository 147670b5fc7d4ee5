"""Ingestion: a file on disk becomes one or more Documents (text, format, encoding, metadata).

The format is decided by the bytes, not the file name, because report collections hold
GBK files named .txt, Word files that are really HTML (or MHTML) and PDFs without an
extension. Every problem is raised as an IngestError that names the file and one reason
from REASONS, so a batch can record it and go on.

Memory stays bounded: plain text is read as a stream of lines and cut into parts of at
most `chunk_chars` characters at paragraph boundaries, each part its own Document; other
formats are parsed whole, which the file size limit bounds, and then cut the same way.
"""

from __future__ import annotations

import codecs
import contextlib
import email
import email.policy
import hashlib
import io
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import BinaryIO

from .clean import (
    SENTENCE_END,
    clean_line,
    clean_lines,
    clean_title,
    html_selectors,
    remove_controls,
    running_furniture,
)
from .metadata import Metadata, extract_metadata
from .model import Document

# Files larger than this are refused unless the caller raises the limit: a 200 MB dump is
# almost certainly not one report, and parsing a PDF or Word file that big costs memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A report longer than this is cut into parts, so the NER never holds more than a part.
DEFAULT_CHUNK_CHARS = 200_000
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".docx", ".pdf", ".html", ".htm", ".xhtml", ".mht", ".mhtml", ""}

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

_HEAD_BYTES = 64 * 1024
_SAMPLE_BYTES = 256 * 1024
# Lines longer than this are cut at a sentence end, so one giant line cannot fill memory.
_MAX_LINE = 64 * 1024
# A decoding may replace at most this share of characters (damaged bytes) and still count.
_MAX_BAD_SHARE = 1 / 2000


class IngestError(Exception):
    """A report that could not be read; `reason` is one of REASONS, `detail` says more."""

    def __init__(self, path: str | Path, reason: str, detail: str = ""):
        self.path = str(path)
        self.reason = reason
        self.detail = detail
        super().__init__(f"{self.path}: {reason}" + (f" ({detail})" if detail else ""))


# -- formats ----------------------------------------------------------------------------------
_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"{\\rtf", "RTF document; save it as .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy binary Office file (.doc/.xls/.ppt) or a password-protected "
                                           "Office file; save it as .docx"),
)


def sniff_format(data: bytes) -> str:
    """Guess the format of a report from its first bytes.

    One of pdf, docx (any zip), html, mhtml, txt, or `unsupported:<what>` (legacy .doc,
    RTF, images, archives). The legacy OLE container is `unsupported:…`; callers that only
    want to know "Word 97" can test for "Office" in it.
    """
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return "unsupported:" + what
    probe = head.lower()
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if probe.startswith(bom):
            probe = probe[len(bom):]
    probe = probe.replace(b"\x00", b"").lstrip()
    if probe.startswith((b"mime-version:", b"from:", b"content-type: multipart")) and b"multipart/related" in probe:
        return "mhtml"
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in probe or b"<head" in probe:
        return "html"
    return "txt"


# -- encodings --------------------------------------------------------------------------------
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


def _declared_charset(head: bytes) -> str | None:
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
    return text if text.count("\ufffd") <= max(2, len(text) * _MAX_BAD_SHARE) else None


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
    for enc in encoding_candidates(data[:_SAMPLE_BYTES], final=len(data) <= _SAMPLE_BYTES, declared=declared):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = data.decode(enc, errors="replace")
            if text.count("\ufffd") > max(2, len(text) * _MAX_BAD_SHARE):
                continue
        if enc == "utf-8-sig" or enc == "utf-16":
            text = text.lstrip("\ufeff")
        return text, enc
    raise IngestError(path, "undecodable", "no encoding among UTF-8, UTF-16, GB18030 or Big5 fits")


# -- formats to raw text ----------------------------------------------------------------------
def _docx_text(data: bytes, path: str | Path, max_bytes: int) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            if "word/document.xml" not in infos:
                kind = "a spreadsheet (.xlsx)" if "xl/workbook.xml" in infos else (
                    "a presentation (.pptx)" if "ppt/presentation.xml" in infos else "a zip archive")
                raise IngestError(path, "unsupported format", f"{kind}, not a Word document")
            unpacked = infos["word/document.xml"].file_size
            if unpacked > max_bytes:
                raise IngestError(path, "too large", f"word/document.xml unpacks to {unpacked} bytes, limit {max_bytes}")
            bad = zf.testzip()
            if bad is not None:
                raise IngestError(path, "corrupt archive", f"damaged member {bad}")
        document = docx.Document(io.BytesIO(data))
    except IngestError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, EOFError) as e:
        raise IngestError(path, "corrupt archive", str(e) or type(e).__name__) from e
    except KeyError as e:
        raise IngestError(path, "corrupt archive", f"missing part {e}") from e
    except Exception as e:  # zlib and lxml errors on damaged members
        raise IngestError(path, "corrupt archive", f"{type(e).__name__}: {e}") from e
    lines: list[str] = []
    # Body order matters: a table between two paragraphs belongs there, not at the end.
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if cell.text not in cells:  # merged cells repeat their text
                        cells.append(cell.text)
                lines.append(" | ".join(cells))
        elif child.tag == qn("w:sdt"):
            lines += [Paragraph(p, document).text for p in child.iter(qn("w:p"))]
    return "\n".join(lines)


_CID = re.compile(r"\(cid:\d+\)")


def _pdf_pages(data: bytes, path: str | Path) -> list[list[tuple[str, float, float, float]]]:
    """The text lines of each page with their geometry: (text, left x, right x, height)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    pages = []
    try:
        for layout in extract_pages(io.BytesIO(data)):
            lines = []
            for box in layout:
                if isinstance(box, LTTextContainer):
                    for line in box:
                        if isinstance(line, LTTextLine):
                            lines.append((line.get_text().strip("\n"), line.x0, line.x1, line.height))
            pages.append(lines)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise IngestError(path, "encrypted", "the PDF needs a password") from e
    except PDFSyntaxError as e:
        raise IngestError(path, "corrupt pdf", str(e)) from e
    except Exception as e:  # pdfminer raises many private error types on damaged files
        raise IngestError(path, "corrupt pdf", f"{type(e).__name__}: {e}") from e
    return pages


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))] if values else 0.0


def _pdf_text(data: bytes, path: str | Path) -> str:
    """The text of a PDF, one paragraph a line.

    Running headers, footers and page numbers are dropped. A printed line is joined to the
    one before it when that one reaches the right edge of the text block and this one is
    not indented: that is how a paragraph wraps, within a page and across pages.
    """
    pages = _pdf_pages(data, path)
    n_cid = sum(len(_CID.findall(t)) for lines in pages for t, *_ in lines)
    pages = [[(_CID.sub("", t), x0, x1, h) for t, x0, x1, h in lines] for lines in pages]
    pages = [[ln for ln in lines if ln[0].strip()] for lines in pages]
    if not any(pages):
        detail = "its fonts carry no Unicode map" if n_cid else "the PDF has no extractable text (a scan?)"
        raise IngestError(path, "no text layer", detail)
    drop = running_furniture([[t for t, *_ in lines] for lines in pages])
    paragraphs: list[str] = []
    prev_full = False
    for lines, dropped in zip(pages, drop, strict=True):
        lines = [ln for i, ln in enumerate(lines) if i not in dropped]
        if not lines:
            continue
        left = _quantile([x0 for _, x0, _, _ in lines], 0.1)
        right = _quantile([x1 for _, _, x1, _ in lines], 0.9)
        char = _quantile([h for *_, h in lines], 0.5) or 10.0
        for text, x0, x1, _ in lines:
            text = text.strip()
            indented = x0 > left + 0.8 * char
            if paragraphs and prev_full and not indented:
                paragraphs[-1] += text
            else:
                paragraphs.append(text)
            prev_full = x1 >= right - 1.2 * char
    return "\n".join(paragraphs)


_BLOCK_TAGS = [
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody",
    "thead", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "center", "address", "figure",
    "figcaption", "hr", "body", "header",
]


def _drop_link_lists(soup) -> None:
    """Remove blocks that are mostly links (menus, related-article lists), innermost first."""
    for el in reversed(soup.find_all(["ul", "ol", "dl", "table", "div", "p", "section", "td"])):
        if getattr(el, "decomposed", False) or el.parent is None:
            continue
        links = el.find_all("a")
        if len(links) < 3:
            continue
        total = re.sub(r"\s", "", el.get_text())
        linked = sum(len(re.sub(r"\s", "", a.get_text())) for a in links)
        rest = len(total) - linked
        if rest <= max(10, 0.25 * len(total)) and "。" not in total:
            el.decompose()


def _is_prose(el) -> bool:
    text = el.get_text()
    return len(text) >= 200 and text.count("。") >= 2


def _html_text(text: str) -> tuple[str, str]:
    """Visible text of an HTML page without its furniture, and its <title>."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    title = clean_title(soup.title.get_text(" ", strip=True)) if soup.title else ""
    for sel in html_selectors():
        guarded = "class" in sel or "id*" in sel
        for el in soup.select(sel):
            if getattr(el, "decomposed", False) or (guarded and _is_prose(el)):
                continue
            el.decompose()
    _drop_link_lists(soup)
    body = soup.body or soup
    for br in body.find_all("br"):
        br.replace_with("\n")
    for cell in body.find_all(["td", "th"]):
        cell.append(" | ")
    for el in body.find_all(_BLOCK_TAGS):
        el.insert_before("\n")
        el.insert_after("\n")
    lines = []
    for line in body.get_text().split("\n"):
        line = line.strip()
        if line.strip("| "):
            lines.append(line.rstrip("| ").strip() if line.endswith(" |") and line.count("|") == 1 else line)
    out = "\n".join(lines)
    if title and title not in out[:500]:
        out = title + "\n" + out
    return out, title


def _mhtml_html(data: bytes, path: str | Path) -> tuple[bytes, str | None]:
    """The HTML part of an MHTML file (what Word writes for 'single file web page')."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise IngestError(path, "unsupported format", "an MHTML file without an HTML part")


# -- streaming plain text ---------------------------------------------------------------------
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
    fits = bad <= max(2, chars * _MAX_BAD_SHARE)
    cleaned = [ln for ln in map(clean_line, tail) if ln][-12:]
    return fits, "\n".join(head), cleaned, bad


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
    fmt = sniff_format(head)
    if fmt.startswith("unsupported:"):
        raise IngestError(path, "unsupported format", fmt.split(":", 1)[1])
    if fmt == "txt":
        yield from _iter_txt(open_, head, size, path, chunk_chars)
        return
    with open_() as f:
        data = f.read(max_bytes + 1)
    encoding = ""
    if fmt == "pdf":
        raw = _pdf_text(data, path)
    elif fmt == "docx":
        raw = _docx_text(data, path, max_bytes)
    else:
        declared = None
        if fmt == "mhtml":
            data, declared = _mhtml_html(data, path)
            fmt = "html"
        text, encoding = decode_bytes(data, path, declared=declared or _declared_charset(data))
        raw, _ = _html_text(text)
    header = raw[:4000]
    yield from _emit(_parts(_text_lines(raw), chunk_chars), path, fmt, encoding, header, None)


def _text_lines(raw: str) -> list[str]:
    return list(clean_lines(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")))


def _iter_txt(open_: Callable[[], BinaryIO], head: bytes, size: int, path: str | Path,
              chunk_chars: int | None) -> Iterator[Document]:
    with open_() as f:
        sample = f.read(_SAMPLE_BYTES)
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

    yield from _emit(_parts(clean_lines(lines()), chunk_chars), path, "txt", encoding, remove_controls(header), tail)


def iter_documents(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                   chunk_chars: int | None = DEFAULT_CHUNK_CHARS) -> Iterator[Document]:
    """The Documents of one report file: one, or several parts of at most `chunk_chars` characters.

    Problems with the file raise IngestError (naming the file and the reason) before the
    first Document is yielded. Parts share the file's metadata; their titles are numbered.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as e:
        raise IngestError(p, "not found", "no such file") from e
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e
    if p.is_dir():
        raise IngestError(p, "unreadable", "a folder, not a file")
    try:
        with p.open("rb") as f:
            head = f.read(_HEAD_BYTES)
        yield from _iter_source(lambda: p.open("rb"), head, size, p, max_bytes, chunk_chars)
    except OSError as e:
        raise IngestError(p, "unreadable", e.strerror or str(e)) from e
    except UnicodeDecodeError as e:  # the file changed between the encoding check and the reading
        raise IngestError(p, "undecodable", str(e)) from e


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
