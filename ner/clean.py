"""Cleaning: remove page furniture from report text and tidy its whitespace.

The patterns are data (data/lexicons/boilerplate.tsv). A line is dropped only when a
`line` pattern matches all of it, so report prose that merely mentions 下载 or 版权 stays.
Control characters are removed here, once, so that no later stage (names, evidence,
XML exports) ever sees one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache

from .resources import load_table

# Invisible characters that break matching but carry no text, and every control character
# except tab and the line breaks: a report never means them, and XML 1.0 cannot carry them.
_DROP = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\uffff"
    + "".join(map(chr, range(0x00, 0x09)))
    + "\x0b\x0e\x0f"
    + "".join(map(chr, range(0x10, 0x20)))
    + "".join(map(chr, range(0x7F, 0xA0)))
)
_INVISIBLE = dict.fromkeys(map(ord, _DROP), None)
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
# Chinese needs no spaces; PDF extraction and web pages insert them between characters.
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
SENTENCE_END = "。！？；!?;"
# A line that starts a new item even when the line before it looks wrapped.
_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]\D|第[一二三四五六七八九十\d]+[章节条部分]"
    r"|[①-⑳]|[●○■□◆◇▲△★☆•·-]\s*)"
)


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    by_scope: dict[str, list[re.Pattern[str]]] = {"line": [], "inline": [], "title": [], "page": []}
    for row in load_table("boilerplate.tsv"):
        if row["scope"] == "selector":
            continue
        by_scope[row["scope"]].append(re.compile(row["pattern"]))
    return by_scope


@cache
def html_selectors() -> tuple[str, ...]:
    """CSS selectors of web-page furniture (share bars, navigation, footers) to drop from HTML."""
    return tuple(row["pattern"] for row in load_table("boilerplate.tsv") if row["scope"] == "selector")


def remove_controls(text: str) -> str:
    """`text` without control characters (tab and line breaks kept), invisibles or lone surrogates."""
    text = text.translate(_INVISIBLE)
    return _SURROGATES.sub("", text) if _SURROGATES.search(text) else text


def is_boilerplate(line: str) -> bool:
    """True when a stripped line is page furniture (share banner, page counter...)."""
    s = line.strip()
    return bool(s) and any(p.fullmatch(s) for p in _patterns()["line"])


def clean_line(raw: str) -> str:
    """One line without inline markers, control characters and spurious spaces ('' if furniture)."""
    line = remove_controls(raw).replace("\f", "").replace("\r", "")
    for p in _patterns()["inline"]:
        line = p.sub("", line)
    spaced = _SPACES.sub(" ", line).strip()
    joined = _CJK_GAP.sub("", spaced)
    if is_boilerplate(joined):
        return ""
    return joined if _letter_spaced(spaced) else spaced


def _letter_spaced(line: str) -> bool:
    """True when spaces stand between most Chinese characters (科 技 局 from a PDF or a
    web page's layout), so they carry nothing. A space between words is kept: it is often the
    only separator between two names (江西省科学技术厅 江西省财政厅) or two phrases."""
    gaps = len(_CJK_GAP.findall(line))
    return gaps > 0 and gaps * 3 >= len(_CJK_CHAR.findall(line))


def clean_lines(lines: Iterable[str]) -> Iterator[str]:
    """Cleaned lines of a stream of raw lines; runs of blank lines shrink to one.

    Works line by line so that a long text can be cleaned without holding it whole.
    Leading blank lines are dropped; a trailing blank line may remain.
    """
    blank = True
    for raw in lines:
        line = clean_line(raw)
        if not line:
            if not blank:
                yield ""
                blank = True
            continue
        yield line
        blank = False


def clean_text(text: str) -> str:
    """Drop boilerplate lines and inline markers, normalise newlines and spacing.

    Runs of blank lines shrink to one, so paragraphs stay visible to the segmenter.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = list(clean_lines(text.split("\n")))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def clean_title(title: str) -> str:
    """A title without site names and listing furniture (【精选6篇】, _XX人民政府门户网站, .docx)."""
    t = clean_line(title)
    for p in _patterns()["title"]:
        t = p.sub("", t).strip()
    return t


def running_furniture(pages: list[list[str]]) -> list[set[int]]:
    """Indices of the running headers, footers and page numbers on each printed page.

    A line counts as running furniture when it is among the first or last two lines of at
    least half of the pages (and of two pages at least), or when it matches a `page`
    pattern (a bare page number, 第3页) at the top or bottom of a page.
    """
    page_patterns = _patterns()["page"]
    stripped = [[ln.strip() for ln in lines] for lines in pages]
    edges: Counter[str] = Counter()
    for lines in stripped:
        content = [ln for ln in lines if ln]
        edges.update(set(content[:2] + content[-2:]))
    threshold = max(2, (len(pages) + 1) // 2)
    running = {ln for ln, n in edges.items() if n >= threshold and len(ln) <= 60}
    out = []
    for lines in stripped:
        idx = [i for i, ln in enumerate(lines) if ln]
        edge = set(idx[:2] + idx[-2:])
        out.append({i for i in edge if lines[i] in running or any(p.fullmatch(lines[i]) for p in page_patterns)})
    return out


def strip_running_lines(pages: list[str]) -> list[str]:
    """The pages of a printed document without running headers, footers and page numbers."""
    split = [page.split("\n") for page in pages]
    drop = running_furniture(split)
    return ["\n".join(ln for i, ln in enumerate(lines) if i not in d) for lines, d in zip(split, drop, strict=True)]

