"""What recognition passes between its steps: candidates and the one working object of a sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..model import Token


@dataclass
class Candidate:
    """A possible name in a sentence: offsets, where it came from, a label hint."""

    start: int
    end: int
    source: str
    label: str | None = None
    confidence: float = 0.5
    aliases: list[str] = field(default_factory=list)
    generic: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class SentenceWork:
    """One sentence on its way through the steps of recognition.

    Generators add to `candidates` (later ones read what earlier ones found); the overlap
    step fills `names`, which the later steps narrow down; `notes` are the spans of notes
    such as (原…) after a name.
    """

    text: str
    tokens: list[Token]
    lex: Lexicon
    floor: int = 0  # where the sentence's text begins after a list marker such as （三）
    candidates: list[Candidate] = field(default_factory=list)
    names: list[Candidate] = field(default_factory=list)
    notes: list[tuple[int, int]] = field(default_factory=list)

    def span(self, c: Candidate) -> str:
        return self.text[c.start : c.end]
