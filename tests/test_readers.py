"""ner/readers/: read_source picks the reader of a file's format from its bytes."""

from __future__ import annotations

import io

import pytest

from ner.readers import WHOLE_READERS, IngestError, read_source

HTML = "<html><head><title>宁波市科技局</title></head><body><p>宁波市科技局发布通知。</p></body></html>"
MHTML = (
    "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\n"
    "Content-Type: text/html; charset=\"utf-8\"\n\n" + HTML + "\n--b--\n"
)


def source(data: bytes, name: str = "report"):
    return read_source(lambda: io.BytesIO(data), data[:65536], name, len(data), 1 << 20)


@pytest.mark.parametrize(
    ("data", "fmt", "encoding"),
    [
        ("宁波市科技局发布通知。\n".encode("gb18030"), "txt", "gb18030"),
        (HTML.encode("utf-8"), "html", "utf-8"),
        (MHTML.encode("utf-8"), "html", "utf-8"),  # the HTML part of a "single file web page"
    ],
)
def test_the_reader_follows_the_bytes(data, fmt, encoding):
    src = source(data, "named.txt")
    assert (src.format, src.encoding) == (fmt, encoding)
    assert "宁波市科技局发布通知。" in list(src.lines)


def test_every_format_parsed_whole_has_a_reader():
    assert set(WHOLE_READERS) == {"pdf", "docx", "html", "mhtml"}


def test_unsupported_and_broken_formats_name_the_file():
    with pytest.raises(IngestError, match=r"^scan\.png: unsupported format \(PNG image\)"):
        source(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png")
    with pytest.raises(IngestError, match=r"^a\.docx: corrupt archive"):
        source(b"PK\x03\x04" + b"\0" * 64, "a.docx")
