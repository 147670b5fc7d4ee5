"""Word documents (.docx): paragraphs and tables in body order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .base import IngestError


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


def read(data: bytes, path: str | Path, max_bytes: int) -> tuple[str, str, str]:
    """(raw text, format, encoding) of a .docx."""
    return _docx_text(data, path, max_bytes), "docx", ""
