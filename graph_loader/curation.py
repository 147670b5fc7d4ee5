"""Analysts' decisions about entities, kept in a plain file next to the store.

The file (curation.tsv beside innokg.sqlite) is a tab-separated list, one decision a line,
in the order they were taken; it is meant to be read in a review and shared in git:

    action  name                    other               note
    merge   宁波晶钻科技股份有限公司    晶钻科技
    split   中国科学院               中国科学院大学        a university, not the academy
    rename  宁波市科学技术局          宁波市科技局
    retype  海邦基金                 Enterprise

`name` and `other` are written forms of names as keys (ner.normalize.match_key), so a
decision outlives the store: a rebuild from the same or more reports applies it again,
and a decision naming something not (yet) in the store waits for it. `merge` joins the
entities of two names; `split` keeps two names in different entities (and takes `other`
out of the entity of `name`); `rename` sets the display name of the entity holding `name`;
`retype` its label. graph_loader/resolve.py applies them whenever it resolves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ner.model import ENTITY_LABELS

FILE_NAME = "curation.tsv"
ACTIONS = ("merge", "split", "rename", "retype")
HEADER = "action\tname\tother\tnote"
PREAMBLE = (
    "# innokg curation: analysts' decisions, applied on every build and load (innokg curate --help).\n"
    "# merge A B: one entity. split A B: never one entity. rename A NAME: display name.\n"
    "# retype A LABEL: entity label. Names are written as keys; lines are applied in order.\n"
)


class CurationError(ValueError):
    """A decision that cannot be taken (unknown action or label, a name against itself)."""


@dataclass(frozen=True)
class Decision:
    action: str
    name: str
    other: str
    note: str = ""

    def line(self) -> str:
        return "\t".join((self.action, self.name, self.other, self.note.replace("\t", " ").replace("\n", " ")))

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.name, self.other))


def check(decision: Decision) -> Decision:
    """`decision` if it is well formed, else CurationError saying why."""
    if decision.action not in ACTIONS:
        raise CurationError(f"unknown action {decision.action!r} (one of {', '.join(ACTIONS)})")
    if not decision.name or not decision.other:
        raise CurationError(f"{decision.action} needs two values")
    if decision.action in ("merge", "split") and decision.name == decision.other:
        raise CurationError(f"{decision.action} of {decision.name!r} with itself")
    if decision.action == "retype" and decision.other not in ENTITY_LABELS:
        raise CurationError(f"unknown label {decision.other!r} (one of {', '.join(ENTITY_LABELS)})")
    return decision


def curation_path(store_file: str | Path) -> Path:
    """The decisions file of the store whose SQLite file is `store_file`."""
    return Path(store_file).parent / FILE_NAME


@dataclass
class Curation:
    """The decisions in force, with lookups for the resolver."""

    decisions: list[Decision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self.together: dict[str, set[str]] = {}
        self.apart: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for d in self.decisions:
            if d.action == "merge":
                self.together.setdefault(d.name, set()).add(d.other)
                self.together.setdefault(d.other, set()).add(d.name)
            elif d.action == "split":
                self.apart.setdefault(d.name, set()).add(d.other)
                self.apart.setdefault(d.other, set()).add(d.name)
            elif d.action == "rename":
                self.names[d.name] = d.other
            elif d.action == "retype":
                self.labels[d.name] = d.other

    # -- reading and writing -------------------------------------------------------------------
    @classmethod
    def read(cls, path: str | Path) -> Curation:
        """The decisions in `path` (none if it does not exist); a bad line is skipped and
        described in `problems` (file, line number, what is wrong)."""
        p = Path(path)
        if not p.exists():
            return cls()
        decisions, problems = [], []
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            return cls([], [f"{p}: cannot read the curation file ({e})"])
        for n, raw in enumerate(text.splitlines(), 1):
            if not raw.strip() or raw.startswith("#") or raw.strip() == HEADER.replace("\t", " ") or raw == HEADER:
                continue
            cells = [c.strip() for c in raw.split("\t")]
            if len(cells) < 3:
                problems.append(f"{p}:{n}: expected action, name and other separated by tabs")
                continue
            try:
                decisions.append(check(Decision(cells[0], cells[1], cells[2], cells[3] if len(cells) > 3 else "")))
            except CurationError as e:
                problems.append(f"{p}:{n}: {e}")
        return cls(decisions, problems)

    def text(self) -> str:
        return PREAMBLE + HEADER + "\n" + "".join(d.line() + "\n" for d in self.decisions)

    def write(self, path: str | Path) -> None:
        """Write the decisions to `path` atomically (a crash leaves the old file whole)."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(self.text(), encoding="utf-8")
        tmp.replace(p)

    def fingerprint(self) -> str:
        """A digest of the decisions in force (not of comments or spacing)."""
        body = "\n".join(d.line() for d in self.decisions)
        return hashlib.sha1(body.encode("utf-8")).hexdigest()

    # -- changing ------------------------------------------------------------------------------
    def add(self, decision: Decision) -> list[Decision]:
        """Add a decision; returns the earlier ones it replaces (a merge replaces a split of
        the same pair and the reverse, a rename or retype the earlier one of the name)."""
        check(decision)
        if decision.action in ("merge", "split"):
            gone = [d for d in self.decisions if d.action in ("merge", "split") and d.pair == decision.pair]
        else:
            gone = [d for d in self.decisions if d.action == decision.action and d.name == decision.name]
        self.decisions = [d for d in self.decisions if d not in gone] + [decision]
        self._index()
        return gone

    def extend(self, decisions: Iterable[Decision]) -> int:
        """Add decisions not already present (an import); returns how many were new."""
        n = 0
        for d in decisions:
            if d not in self.decisions:
                self.add(d)
                n += 1
        return n

    def remove(self, index: int) -> Decision:
        """Drop the decision at 1-based `index` (as `innokg curate list` numbers them)."""
        if not 1 <= index <= len(self.decisions):
            raise CurationError(f"no decision number {index} (there are {len(self.decisions)})")
        d = self.decisions.pop(index - 1)
        self._index()
        return d

    def overrides(self, keys: Iterable[str]) -> tuple[str, str]:
        """The display name and label analysts gave the entity holding `keys` ('' if none);
        when decisions disagree, the later one in the file wins."""
        keys = set(keys)
        name = label = ""
        for d in self.decisions:
            if d.name in keys:
                if d.action == "rename":
                    name = d.other
                elif d.action == "retype":
                    label = d.other
        return name, label

    def keys(self) -> set[str]:
        """Every name a decision mentions as a key (not new names or labels)."""
        out: set[str] = set()
        for d in self.decisions:
            out.add(d.name)
            if d.action in ("merge", "split"):
                out.add(d.other)
        return out

    def partners(self, key: str) -> set[str]:
        """Names a merge or split ties to `key`."""
        return self.together.get(key, set()) | self.apart.get(key, set())
