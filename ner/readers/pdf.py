"""PDF: the text layer, paragraphs rejoined from printed lines, running headers and footers dropped."""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..clean import running_furniture
from .base import IngestError

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


def read(data: bytes, path: str | Path, max_bytes: int) -> tuple[str, str, str]:
    """(raw text, format, encoding) of a PDF."""
    return _pdf_text(data, path), "pdf", ""
