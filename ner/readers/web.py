"""Web pages: HTML, and MHTML (what Word writes for "single file web page"), without page furniture."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from ..clean import clean_title, html_selectors
from .base import IngestError
from .charsets import declared_charset, decode_bytes

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


def read_html(data: bytes, path: str | Path, max_bytes: int, declared: str | None = None) -> tuple[str, str, str]:
    """(raw text, format, encoding) of an HTML page."""
    text, encoding = decode_bytes(data, path, declared=declared or declared_charset(data))
    raw, _ = _html_text(text)
    return raw, "html", encoding


def read_mhtml(data: bytes, path: str | Path, max_bytes: int) -> tuple[str, str, str]:
    """(raw text, format, encoding) of the HTML part of an MHTML file."""
    html, declared = _mhtml_html(data, path)
    return read_html(html, path, max_bytes, declared)
