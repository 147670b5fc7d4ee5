"""The extraction pipeline: named components run in order over a batch of reports.

    segment -> analyse -> recognise -> type -> link -> relate

Like a spaCy pipeline, each component is a function that reads and fills the working
objects (`Work`, one per report) of a batch; `run_many` runs them in the order of
`Pipeline.components`, and a component can be replaced by name. `analyse` sends the
sentences of every report of the batch to the NER backend in one call, because the backend
batches sentences of equal length. The Pipeline's Lexicon (and the relation rules read
through it) reaches every component.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from .backends import Backend, get_backend
from .classify import type_names
from .lexicon import Lexicon, get_lexicon
from .model import Document, Extraction, Mention, Relation, Sentence, Token
from .normalize import display_name, find_short_forms, link_short_forms
from .recognition import Candidate, Recognizer
from .relations import RelationRules, extract_document_relations
from .segment import split_sentences


@dataclass
class Work:
    """What the components know about one report so far."""

    document: Document
    timeout: float | None = None  # seconds the NER call may take for this report
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[list[Token]] = field(default_factory=list)
    candidates: list[list[Candidate]] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def extraction(self) -> Extraction:
        flat = [m for ms in self.mentions for m in ms]
        return Extraction(self.document, self.sentences, flat, self.relations)


Component = Callable[[list[Work]], None]


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
    """Turns Documents into Extractions; see the module docstring.

    `lexicon` defaults to the process-wide one; `rules` (the relation rules) to those the
    lexicon's tables hold (triggers.tsv, frames.tsv, anaphors.tsv, columns.tsv).
    """

    def __init__(self, backend: str | Backend = "lac", model: str | None = None, lexicon: Lexicon | None = None,
                 rules: RelationRules | None = None):
        self.backend = get_backend(backend, model) if isinstance(backend, str) else backend
        self.lexicon = lexicon or get_lexicon()
        self.rules = RelationRules(self.lexicon) if rules is None else rules
        self.recognizer = Recognizer(self.lexicon)
        self.components: list[tuple[str, Component]] = [
            ("segment", self.segment),
            ("analyse", self.analyse),
            ("recognise", self.recognise),
            ("type", self.classify),
            ("link", self.link),
            ("relate", self.relate),
        ]

    # -- components -----------------------------------------------------------------------
    def segment(self, works: list[Work]) -> None:
        """Sentences of each report."""
        for work in works:
            work.sentences = split_sentences(work.document)

    def analyse(self, works: list[Work]) -> None:
        """Tokens of every sentence of the batch, in one backend call (within the reports' time limits)."""
        todo = [w for w in works if not w.tokens]
        budget = sum(w.timeout for w in todo if w.timeout) or None
        with time_limit(budget):
            tokens = self.backend.analyse([s.text for w in todo for s in w.sentences])
        pos = 0
        for w in todo:
            w.tokens = tokens[pos : pos + len(w.sentences)]
            pos += len(w.sentences)

    def recognise(self, works: list[Work]) -> None:
        """Candidate names of each sentence."""
        for work in works:
            work.candidates = [
                self.recognizer.recognize(sent.text, toks) for sent, toks in zip(work.sentences, work.tokens, strict=True)
            ]

    def classify(self, works: list[Work]) -> None:
        """Candidates -> typed Mentions with display names; untyped ones are dropped."""
        for work in works:
            work.mentions = [self._mentions(sent, cands) for sent, cands in zip(work.sentences, work.candidates, strict=True)]

    def _mentions(self, sent: Sentence, cands: list[Candidate]) -> list[Mention]:
        mentions: list[Mention] = []
        for cand, (label, conf) in zip(cands, type_names(sent.text, cands, self.lexicon), strict=True):
            surface = sent.text[cand.start : cand.end]
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
        return mentions

    def link(self, works: list[Work]) -> None:
        """Short forms of names named earlier in a report point back to the full name."""
        for work in works:
            find_short_forms(work.sentences, work.tokens, work.mentions, self.lexicon)
            link_short_forms([m for ms in work.mentions for m in ms], self.lexicon)

    def relate(self, works: list[Work]) -> None:
        """Relations each report states, by the pipeline's rules and lexicon."""
        for work in works:
            work.relations = extract_document_relations(
                work.document, work.sentences, work.mentions, work.tokens, self.rules, self.lexicon
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
        """Extract several documents, running each component over all of them in turn.

        `timeout` limits the NER call to that many seconds per document.
        """
        works = [Work(d, timeout) for d in documents]
        for _, component in self.components:
            component(works)
        return [w.extraction() for w in works]
