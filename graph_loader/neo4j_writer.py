"""Loading the graph into Neo4j 5 with the official driver.

`plan` turns the networkx view and the store into ordered steps (constraints first, then
documents, entities by label, mentions, relationships by type, evidence); `load` reads the
row hashes of what innokg wrote in the database, then sends each step's other rows in
batches, each batch in a managed write transaction (`session.execute_write`), which the
driver retries on transient errors. The statements are in neo4j_statements.py, the rows in
neo4j_rows.py.

Then `load` mirrors: of the rows it read, those the steps no longer hold are deleted —
relationships, mentions, then nodes — so an entity merged away since the last load leaves
no node, edge or evidence behind. Deleting comes after writing, so an interrupted load
leaves extra rows at worst, never missing ones.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx
from tqdm import tqdm

from ner.model import ENTITY_LABELS, RELATION_TYPES

from .neo4j_rows import (
    document_rows,
    evidence_rows,
    loadable_entities,
    mention_rows,
    node_rows,
    relationship_rows,
)
from .neo4j_statements import (
    AWAIT_INDEXES,
    CONSTRAINTS,
    DELETE_MENTIONS,
    DOCUMENT,
    ENTITY,
    EVIDENCE,
    HELD_HASHES,
    MENTIONED_IN,
    MIRROR_NODE_LABELS,
    ROW_HASH,
    delete_nodes_statement,
    delete_relationships_statement,
    detach_statement,
    document_statement,
    evidence_statement,
    mention_statement,
    node_statement,
    relationship_statement,
)
from .store import Store

DEFAULT_BATCH_SIZE = 2000
# The summary counters a load adds up; a second load of the same store leaves all at 0.
COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set", "labels_added", "labels_removed", "constraints_added", "indexes_added")
DATA_COUNTERS = COUNTERS[:7]

__all__ = ["CONSTRAINTS", "DEFAULT_BATCH_SIZE", "LoadReport", "MIRROR_NODE_LABELS", "Step", "batches", "load",
           "load_graph", "mirror_steps",
           "node_rows", "node_statement", "plan", "relationship_rows", "relationship_statement"]


@dataclass
class Step:
    """One statement and the rows it is sent with; `rows` is None for a schema statement."""

    name: str
    statement: str
    rows: list[dict] | None = None


@dataclass
class LoadReport:
    """What a load sent and what Neo4j reported doing."""

    rows: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0  # rows not sent: the database held them with the same hash
    step_seconds: dict[str, float] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    batches: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rate(self) -> float:
        """Rows sent per second."""
        return self.total_rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def wrote_data(self) -> bool:
        """Whether Neo4j changed any node, relationship, property or label."""
        return any(self.counters.get(k, 0) for k in DATA_COUNTERS)


def plan(g: nx.MultiDiGraph, store: Store | None = None) -> list[Step]:
    """The steps that load `g` (and, given the store, its documents, mentions and evidence).

    Without a store only entities and relationships are written, and relationships carry
    no evidence ids. Entities whose label is not a schema label are left out, with every
    link to them; evidence only of the relations `g` holds (a graph without its planned
    relations, or part of one, brings none of the others' sentences).
    """
    entities = loadable_entities(g)
    steps = [Step(f"constraint {i + 1}", c) for i, c in enumerate(CONSTRAINTS)]
    steps.append(Step("await indexes", AWAIT_INDEXES))
    relations = {d["relation_id"] for *_, d in g.edges(keys=True, data=True) if d.get("relation_id") is not None}
    evidence, evidence_ids = evidence_rows(store, entities, relations) if store is not None else ([], {})
    if store is not None:
        steps.append(Step(DOCUMENT, document_statement(), document_rows(store)))
    steps += [Step(f"{ENTITY}:{label}", node_statement(label), node_rows(g, label)) for label in ENTITY_LABELS]
    if store is not None:
        steps.append(Step(MENTIONED_IN, mention_statement(), mention_rows(store, entities)))
    steps += [Step(rtype, relationship_statement(rtype), relationship_rows(g, rtype, evidence_ids, entities))
              for rtype in RELATION_TYPES]
    if store is not None:
        steps.append(Step(EVIDENCE, evidence_statement(), evidence))
    return steps


def batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    """Consecutive slices of `rows` of at most `size` rows."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _run(tx, statement: str, rows: list[dict] | None) -> dict[str, int]:
    # The driver may call this again after a transient error, so it only reads its
    # arguments and returns the counters; the caller adds them up once it has succeeded.
    result = tx.run(statement) if rows is None else tx.run(statement, rows=rows)
    counters = result.consume().counters
    return {k: int(getattr(counters, k, 0) or 0) for k in COUNTERS}


def _kind(step_name: str) -> str:
    """The kind of row a data step writes, as held_hashes() groups them (HELD_HASHES' keys)."""
    if step_name == MENTIONED_IN:
        return MENTIONED_IN
    if step_name in RELATION_TYPES:
        return "relationships"
    return ENTITY if step_name.startswith(f"{ENTITY}:") else step_name


def _row_key(step_name: str, row: dict) -> tuple:
    """The key under which held_hashes() finds the database's copy of a row."""
    kind = _kind(step_name)
    if kind == MENTIONED_IN:
        return kind, (row["entity"], row["document"])
    if kind == "relationships":
        return kind, (row["source"], step_name, row["target"])
    return kind, row["id"]


def _read_pairs(tx, query: str, params: dict) -> list:
    return [(r["key"], r["hash"]) for r in tx.run(query, **params)]


def held_hashes(driver, database: str) -> dict[tuple, str]:
    """The row hash of every node and relationship innokg wrote in the database, by row key."""
    held = {}
    # Into an empty database Neo4j would warn that the labels and keys asked for do not exist yet.
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        for kind, query in HELD_HASHES.items():
            params = {"types": list(RELATION_TYPES)} if kind == "relationships" else {}
            for key, h in session.execute_read(_read_pairs, query, params):
                held[(kind, tuple(key) if isinstance(key, list) else key)] = h
    return held


def mirror_steps(held: dict[tuple, str], steps: list[Step]) -> list[Step]:
    """Steps deleting what innokg wrote earlier (the keys of `held`) and `steps` no longer hold.

    Only kinds `steps` load are compared: a plan without the store (no documents, mentions or
    evidence) leaves those alone.
    """
    data = [s for s in steps if s.rows is not None]
    kinds = {_kind(s.name) for s in data}
    planned = {_row_key(s.name, r) for s in data for r in s.rows}
    stale = sorted(k for k in held if k[0] in kinds and k not in planned)
    rels: dict[str, list[dict]] = {}
    mentions: list[dict] = []
    nodes: dict[str, list[dict]] = {}
    for kind, key in stale:
        if kind == "relationships":
            source, rtype, target = key
            rels.setdefault(rtype, []).append({"source": source, "target": target})
        elif kind == MENTIONED_IN:
            mentions.append({"entity": key[0], "document": key[1]})
        elif kind in MIRROR_NODE_LABELS:
            nodes.setdefault(kind, []).append({"id": key})
    out = [Step(f"delete {rtype}", delete_relationships_statement(rtype), rows) for rtype, rows in rels.items()]
    if mentions:
        out.append(Step(f"delete {MENTIONED_IN}", DELETE_MENTIONS, mentions))
    for label in (EVIDENCE, ENTITY, DOCUMENT):
        if label in nodes:
            out += [Step(f"detach {label}", detach_statement(label), nodes[label]),
                    Step(f"delete {label}", delete_nodes_statement(label), nodes[label])]
    return out


def load(driver, steps: list[Step], database: str = "neo4j", batch_size: int = DEFAULT_BATCH_SIZE,
         progress: bool = True, skip_unchanged: bool = True, mirror: bool = True) -> LoadReport:
    """Run `steps` through `driver`, batch by batch, with a progress bar (rows/s) on stderr.

    With `skip_unchanged`, rows the database already holds with the same hash are not sent
    (they would change nothing), so loading an unchanged store reads and writes little. With
    `mirror`, what innokg wrote before and the steps no longer hold is deleted afterwards.
    """
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    report = LoadReport()
    total = sum(len(s.rows) for s in steps if s.rows is not None)
    start = time.perf_counter()
    with (driver.session(database=database) as session,
          tqdm(total=total, unit="rows", desc="neo4j", file=sys.stderr,
               disable=not progress, mininterval=0.5) as bar):
        held = held_hashes(driver, database) if skip_unchanged or mirror else {}
        for step in steps:
            step_start = time.perf_counter()
            rows = step.rows
            if rows is not None and skip_unchanged and held:
                rows = [r for r in rows if held.get(_row_key(step.name, r)) != r[ROW_HASH]]
                report.unchanged += len(step.rows) - len(rows)
                bar.update(len(step.rows) - len(rows))
            _send(session, step, rows, batch_size, report, bar)
            report.step_seconds[step.name] = time.perf_counter() - step_start
        if mirror:
            for step in mirror_steps(held, steps):
                bar.total += len(step.rows)
                step_start = time.perf_counter()
                _send(session, step, step.rows, batch_size, report, bar)
                report.step_seconds[step.name] = time.perf_counter() - step_start
    report.seconds = time.perf_counter() - start
    return report


def _send(session, step: Step, rows: list[dict] | None, batch_size: int, report: LoadReport, bar) -> None:
    """Send `rows` (those of `step` worth sending) in batches; the step's rows count as loaded."""
    bar.set_postfix_str(step.name, refresh=False)
    chunks = [None] if rows is None else batches(rows, batch_size)
    for chunk in chunks:
        done = session.execute_write(_run, step.statement, chunk)
        for k, v in done.items():
            report.counters[k] = report.counters.get(k, 0) + v
        report.batches += 1
        if chunk is not None:
            bar.update(len(chunk))
    if step.rows is not None:
        report.rows[step.name] = len(step.rows)


def load_graph(driver, g: nx.MultiDiGraph, store: Store | None = None, database: str = "neo4j",
               batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = False, skip_unchanged: bool = True,
               mirror: bool = True) -> LoadReport:
    """Plan and load `g` (with the store's documents and evidence when given) in one call."""
    return load(driver, plan(g, store), database=database, batch_size=batch_size, progress=progress,
                skip_unchanged=skip_unchanged, mirror=mirror)
