"""Which format a report is, decided by its first bytes, not its name."""

from __future__ import annotations

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
