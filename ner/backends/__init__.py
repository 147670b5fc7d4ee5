"""NER backends: sentences in, words with tags out.

Every backend returns, for each sentence, a list of Tokens covering the sentence: a word
with a part-of-speech tag, or an entity with one of the tags PER, LOC, ORG, TIME. The
domain grammar (ner/recognition/) reads these tokens; it never needs to know which model
produced them.
"""

from __future__ import annotations

from typing import Protocol

from ..model import Token

ENTITY_TAGS = frozenset({"PER", "LOC", "ORG", "TIME"})


class Backend(Protocol):
    """The interface every NER backend implements."""

    name: str

    def analyse(self, texts: list[str]) -> list[list[Token]]:
        """Tokens for each text, in order; offsets are into that text."""
        ...


class BackendUnavailable(RuntimeError):
    """A backend that cannot run here (package or model missing), with what to do about it."""


_CACHE: dict[tuple[str, str], Backend] = {}


def get_backend(name: str = "lac", model: str | None = None) -> Backend:
    """The backend called `name` ('lac' or 'hanlp'), loaded once per process.

    `model` is a local model directory (or, for HanLP, an identifier already in its cache).
    """
    key = (name, model or "")
    if key in _CACHE:
        return _CACHE[key]
    if name == "lac":
        from .lac import LacBackend

        backend: Backend = LacBackend(model)
    elif name == "hanlp":
        from .hanlp import HanlpBackend

        backend = HanlpBackend(model)
    else:
        raise BackendUnavailable(f"unknown NER backend {name!r}: choose 'lac' (default) or 'hanlp'")
    _CACHE[key] = backend
    return backend


def tokens_from_words(words: list[tuple[str, str]]) -> list[Token]:
    """Attach offsets to (word, tag) pairs that concatenate to the analysed text."""
    out: list[Token] = []
    pos = 0
    for word, tag in words:
        out.append(Token(word, pos, pos + len(word), tag))
        pos += len(word)
    return out
