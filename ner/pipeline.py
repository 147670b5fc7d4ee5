"""The extraction pipeline: named components run in order over one report.

    segment -> analyse -> recognise -> type -> link -> relate

Like a spaCy pipeline, each component is a function that reads and fills one working
object (`Work`); components can be replaced or removed by name. `Pipeline.run_many`
sends the sentences of several reports to the NER backend in one call, because the
backend batches sentences of equal length.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from .backends import Backend, get_backend
from .classify import classify
from .lexicon import Lexicon, get_lexicon
from .model import Document, Extraction, Mention, Relation, Sentence, Token
from .normalize import display_name, find_short_forms, link_short_forms
from .recognize import Recognizer
from .relations import extract_document_relations
from .segment import split_sentences


@dataclass
class Work:
    """What the components know about one report so far."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[list[Token]] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def extraction(self) -> Extraction:
        flat = [m for ms in self.mentions for m in ms]
        return Extraction(self.document, self.sentences, flat, self.relations)


Component = Callable[[Work], None]


class ExtractionTimeout(RuntimeError):
    """The NER call for one report ran past its time limit."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise ExtractionTimeout if the body runs longer than `seconds` (main thread only)."""
    if not seconds or seconds <= 0:
        yield
        return
    try:
        old = signal.signal(signal.SIGALRM, _raise_timeout)
    except ValueError:  # not in the main thread: no alarm available, run unguarded
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _raise_timeout(signum, frame):
    raise ExtractionTimeout("time limit reached")


class Pipeline:
    """Turns Documents into Extractions; see the module docstring."""

    def __init__(self, backend: str | Backend = "lac", model: str | None = None, lexicon: Lexicon | None = None):
        self.backend = get_backend(backend, model) if isinstance(backend, str) else backend
        self.lexicon = lexicon or get_lexicon()
        self.recognizer = Recognizer(self.lexicon)
        self.components: list[tuple[str, Component]] = [
            ("segment", self.segment),
            ("analyse", self.analyse),
            ("recognise", self.recognise),
            ("link", self.link),
            ("relate", self.relate),
        ]

    # -- components -----------------------------------------------------------------------
    def segment(self, work: Work) -> None:
        work.sentences = split_sentences(work.document)

    def analyse(self, work: Work) -> None:
        if not work.tokens:
            work.tokens = self.backend.analyse([s.text for s in work.sentences])

    def recognise(self, work: Work) -> None:
        """Candidates -> typed, normalised Mentions (recognise and type in one pass)."""
        work.mentions = []
        for sent, toks in zip(work.sentences, work.tokens, strict=True):
            mentions: list[Mention] = []
            for cand in self.recognizer.recognize(sent.text, toks):
                surface = sent.text[cand.start : cand.end]
                label, conf = classify(surface, cand, self.lexicon)
                name = display_name(surface)
                if label is None or len(name) < 2:
                    continue
                aliases = sorted({a for a in [*cand.aliases, surface] if a and a != name})
                mentions.append(
                    Mention(
                        sentence=sent.index,
                        start=cand.start,
                        end=cand.end,
                        text=surface,
                        label=label,
                        name=name,
                        confidence=round(conf, 3),
                        source=cand.source,
                        aliases=aliases,
                        generic=cand.generic,
                    )
                )
            work.mentions.append(mentions)

    def link(self, work: Work) -> None:
        """Short forms of names named earlier in the report point back to the full name."""
        find_short_forms(work.sentences, work.tokens, work.mentions, self.lexicon)
        link_short_forms([m for ms in work.mentions for m in ms], self.lexicon)

    def relate(self, work: Work) -> None:
        work.relations = extract_document_relations(
            work.document, work.sentences, work.mentions, work.tokens, lexicon=self.lexicon
        )

    # -- running --------------------------------------------------------------------------
    def replace(self, name: str, component: Component) -> None:
        """Swap the component called `name` for another."""
        for k, (n, _) in enumerate(self.components):
            if n == name:
                self.components[k] = (name, component)
                return
        raise KeyError(name)

    def __call__(self, document: Document, timeout: float | None = None) -> Extraction:
        return self.run_many([document], timeout=timeout)[0]

    def run_many(self, documents: Iterable[Document], timeout: float | None = None) -> list[Extraction]:
        """Extract several documents, sharing one backend call for all their sentences."""
        works = [Work(d) for d in documents]
        for w in works:
            self.segment(w)
        sentences = [s.text for w in works for s in w.sentences]
        with time_limit(timeout * len(works) if timeout else None):
            tokens = self.backend.analyse(sentences)
        pos = 0
        for w in works:
            w.tokens = tokens[pos : pos + len(w.sentences)]
            pos += len(w.sentences)
            for name, comp in self.components:
                if name not in ("segment",):
                    comp(w)
        return [w.extraction() for w in works]
