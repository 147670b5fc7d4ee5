"""The data that flows between innokg's stages, defined once.

A report goes file -> Document -> Sentence* -> Token* -> Mention* -> Relation*, and the
whole result of one report is an Extraction. Every stage takes and returns these plain
dataclasses, so a reader can follow a report by reading the stage functions in order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The six scored labels of ../shared/SCHEMA.md, in a fixed order. Neo4j labels and
# relationship types are only ever taken from these tuples.
ENTITY_LABELS: tuple[str, ...] = (
    "Enterprise",
    "University",
    "ResearchInstitute",
    "Platform",
    "Program",
    "Government",
)
RELATION_TYPES: tuple[str, ...] = (
    "JOINED",
    "LEADS",
    "CO_BUILDS",
    "PARTNERS_WITH",
    "SETTLED_IN",
    "PART_OF",
)
SYMMETRIC_RELATIONS = frozenset({"PARTNERS_WITH"})
# Labels that act as organisations: they can partner, co-build, join, lead and settle.
ORGANISATION_LABELS = frozenset({"Enterprise", "University", "ResearchInstitute", "Government", "Platform"})


@dataclass
class Document:
    """One report, read and cleaned, with the metadata it states about itself."""

    id: str
    path: str
    text: str
    content_hash: str
    format: str = "txt"
    encoding: str = ""
    title: str = ""
    issuer: str = ""
    date: str = ""
    region: str = ""
    year: int | None = None

    def meta(self) -> dict:
        """The document's metadata without its text."""
        d = asdict(self)
        d.pop("text")
        return d


@dataclass
class Sentence:
    """A sentence of a document; start/end are character offsets into Document.text."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Token:
    """A word from the NER backend; start/end are offsets into the sentence text."""

    text: str
    start: int
    end: int
    tag: str


@dataclass
class Mention:
    """A named entity found in one sentence.

    `start`/`end` are offsets into the sentence text, `text` is the surface form as
    written, `name` the canonical name after normalisation, `aliases` other names the
    report gives the same entity (with a note such as (暂名), a former name (原…)).
    """

    sentence: int
    start: int
    end: int
    text: str
    label: str
    name: str = ""
    confidence: float = 0.5
    source: str = "grammar"
    aliases: list[str] = field(default_factory=list)
    # A designation rather than a proper name (市级重点实验室, 省级科技孵化器).
    generic: bool = False
    # How this report also wrote the name (东方理工 for 宁波东方理工大学): shown as aliases,
    # never used to merge entities across reports, because a short form is only
    # unambiguous inside the report that uses it.
    short_forms: list[str] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Evidence:
    """Where a relation was stated: the sentence, the offsets of both names and the cue."""

    doc_id: str
    sentence: int
    text: str
    head_start: int
    head_end: int
    tail_start: int
    tail_end: int
    cue: str
    rule: str


@dataclass
class Relation:
    """A typed edge between two canonical names with the evidence that states it."""

    head: str
    head_label: str
    type: str
    tail: str
    tail_label: str
    evidence: Evidence
    confidence: float = 0.8
    # The text states it as a plan (拟共建, 力争入选, 将支持…牵头组建), not as done.
    planned: bool = False


@dataclass
class Extraction:
    """Everything innokg extracted from one document."""

    document: Document
    sentences: list[Sentence]
    mentions: list[Mention]
    relations: list[Relation]
