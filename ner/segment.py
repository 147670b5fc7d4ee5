"""Segmentation: a document's text into sentences, and a sentence into clauses.

Chinese reports end sentences with 。！？ (and ；, which joins statements that never share a
relation), and write ASCII ,;() as often as their full-width forms. Splitting never happens
inside brackets or quotes, except that an unclosed quote stops protecting the text after
a while, because reports do leave quotes open (国家“863方案支持).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Document, Sentence

SENTENCE_END = set("。！？；!?;")
CLAUSE_END = set("，,：:")
ROW_END = set("。！？!?")
# A line of a table: cells apart by tabs, full-width spaces or two spaces.
TABLE_ROW = re.compile(r"\S(?:\t|\u3000|  )+\S")
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】", "[": "]"}
CLOSERS = {v: k for k, v in OPENERS.items()}
# Beyond this many characters an unclosed bracket or quote no longer blocks a split.
MAX_PROTECTED = 80
# Sentences longer than this are cut at clause boundaries, then hard, to bound NER cost.
MAX_SENTENCE = 400

_TRAILING_CLOSERS = set("”’」』）)》】]\"'")


def _boundaries(text: str, enders: set[str]) -> Iterator[int]:
    """Offsets just after each split point in `text` (outside brackets and quotes)."""
    stack: list[tuple[str, int]] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        while stack and i - stack[-1][1] > MAX_PROTECTED:
            stack.pop()
        if ch in OPENERS:
            stack.append((OPENERS[ch], i))
        elif ch in CLOSERS:
            while stack and stack[-1][0] != ch:
                stack.pop()
            if stack:
                stack.pop()
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                stack.pop()
            else:
                stack.append(('"', i))
        elif ch in enders and stack and not _closes_soon(text, i, stack[-1][0]):
            # An opener that never closes in the next stretch of text (国家“863方案支持。)
            # protects nothing: the sentence ends here.
            stack.clear()
            continue
        elif ch in enders and not stack:
            j = i + 1
            # Keep a run of enders and closing quotes with the sentence they end.
            while j < n and (text[j] in enders or text[j] in _TRAILING_CLOSERS):
                j += 1
            yield j
            i = j
            continue
        i += 1


def _closes_soon(text: str, i: int, closer: str) -> bool:
    window = text[i : i + MAX_PROTECTED]
    nl = window.find("\n")
    return closer in (window if nl < 0 else window[:nl])


def _cut_long(start: int, piece: str) -> Iterator[tuple[int, str]]:
    if len(piece) <= MAX_SENTENCE:
        yield start, piece
        return
    cuts = [0, *_boundaries(piece, CLAUSE_END)]
    chunk_start = 0
    last = 0
    for c in cuts[1:] + [len(piece)]:
        if c - chunk_start > MAX_SENTENCE and last > chunk_start:
            yield start + chunk_start, piece[chunk_start:last]
            chunk_start = last
        last = c
    rest = piece[chunk_start:]
    for k in range(0, len(rest), MAX_SENTENCE):
        yield start + chunk_start + k, rest[k : k + MAX_SENTENCE]


def split_sentences(doc: Document) -> list[Sentence]:
    """The sentences of a document with their offsets; empty pieces are skipped."""
    sentences: list[Sentence] = []
    text = doc.text
    line_start = 0
    for line in text.split("\n"):
        prev = 0
        # a table row keeps its cells together: 天津港湾物流装备有限公司；河北张北新能源汽车有限公司
        # are two names of one cell, not two sentences
        enders = ROW_END if TABLE_ROW.search(line) and len(line) <= MAX_SENTENCE else SENTENCE_END
        for end in [*_boundaries(line, enders), len(line)]:
            piece = line[prev:end]
            offset = line_start + prev
            prev = end
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            for start, chunk in _cut_long(offset + lead, stripped):
                sentences.append(
                    Sentence(doc_id=doc.id, index=len(sentences), start=start, end=start + len(chunk), text=chunk)
                )
        line_start += len(line) + 1
    return sentences


def clause_spans(text: str, enders: set[str] = CLAUSE_END) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, split at ，,：: (or `enders`) outside brackets
    and quotes (a quote left open does not hold the rest of the sentence together)."""
    spans = []
    prev = 0
    for end in [*_boundaries(text, enders), len(text)]:
        if end > prev:
            spans.append((prev, end))
        prev = end
    return spans


_HEADING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十]+[)）、.．]|[(（]\d+[)）]|\d+[、.．](?!\d))")


def heading_length(text: str) -> int:
    """Length of a list marker such as （三）, 2. or 一、 at the start of a sentence."""
    m = _HEADING.match(text)
    return m.end() if m else 0
