"""Cleaning: remove page furniture from report text and tidy its whitespace.

The patterns are data (data/lexicons/boilerplate.tsv). A line is dropped only when a
`line` pattern matches all of it, so report prose that merely mentions 下载 or 版权 stays.
"""

from __future__ import annotations

import re
from functools import cache

from .resources import load_table

# Invisible characters that break matching but carry no text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
# Chinese needs no spaces; PDF extraction and web pages insert them between characters.
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


@cache
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    line, inline = [], []
    for row in load_table("boilerplate.tsv"):
        pat = re.compile(row["pattern"])
        (line if row["scope"] == "line" else inline).append(pat)
    return line, inline


def is_boilerplate(line: str) -> bool:
    """True when a stripped line is page furniture (share banner, page counter...)."""
    line_patterns, _ = _patterns()
    s = line.strip()
    return bool(s) and any(p.fullmatch(s) for p in line_patterns)


def clean_text(text: str) -> str:
    """Drop boilerplate lines and inline markers, normalise newlines and spacing.

    Runs of blank lines shrink to one, so paragraphs stay visible to the segmenter.
    """
    _, inline_patterns = _patterns()
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = raw
        for p in inline_patterns:
            line = p.sub("", line)
        line = _CJK_GAP.sub("", _SPACES.sub(" ", line)).strip()
        if not line or is_boilerplate(line):
            if out and not blank:
                out.append("")
                blank = True
            continue
        out.append(line)
        blank = False
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def join_wrapped_lines(text: str, min_width: int = 25) -> str:
    """Re-join lines that a PDF wrapped at the page edge.

    A line is a continuation when the one before it is long and does not end a sentence;
    short lines (headings, list items) keep their break.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and len(out[-1]) >= min_width and out[-1][-1] not in "。！？；：!?;:":
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
