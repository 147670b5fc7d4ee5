"""Loading the graph into Neo4j 5 with the official driver.

Every statement is one of a fixed set built here from the schema's labels and types:
`UNWIND $rows AS row MERGE …`, values always passed as parameters. Labels and relationship
types are interpolated only after checking them against ner.model's fixed tuples.
"""

from __future__ import annotations

import networkx as nx

from ner.model import ENTITY_LABELS, RELATION_TYPES

CONSTRAINTS = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
)


def _check_label(label: str) -> str:
    if label not in ENTITY_LABELS:
        raise ValueError(f"not a schema label: {label!r}")
    return label


def _check_type(rtype: str) -> str:
    if rtype not in RELATION_TYPES:
        raise ValueError(f"not a schema relationship type: {rtype!r}")
    return rtype


def node_statement(label: str) -> str:
    """MERGE a batch of entities of one schema label."""
    return (
        f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET e:{_check_label(label)} "
        "SET e.name = row.name, e.label = row.label, e.aliases = row.aliases, e.mentions = row.mentions, "
        "e.documents = row.documents, e.regions = row.regions, e.years = row.years"
    )


def relationship_statement(rtype: str) -> str:
    """MERGE a batch of relationships of one schema type between existing entities."""
    return (
        "UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
        f"MERGE (a)-[r:{_check_type(rtype)}]->(b) "
        "SET r.evidence = row.evidence, r.first_year = row.first_year, r.last_year = row.last_year, "
        "r.documents = row.documents, r.cues = row.cues, r.rules = row.rules"
    )


def node_rows(g: nx.MultiDiGraph, label: str) -> list[dict]:
    """Parameter rows for the entities of one label, sorted by id."""
    _check_label(label)
    rows = []
    for n, d in sorted(g.nodes(data=True)):
        if d["label"] != label:
            continue
        rows.append({
            "id": n, "name": d["name"], "label": d["label"], "aliases": list(d["aliases"]),
            "mentions": int(d["mentions"]), "documents": list(d["documents"]),
            "regions": list(d["regions"]), "years": [int(y) for y in d["years"]],
        })
    return rows


def relationship_rows(g: nx.MultiDiGraph, rtype: str) -> list[dict]:
    """Parameter rows for the relationships of one type."""
    _check_type(rtype)
    rows = []
    for a, b, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if k != rtype:
            continue
        rows.append({
            "source": a, "target": b, "evidence": int(d["evidence"]),
            "first_year": d["first_year"], "last_year": d["last_year"],
            "documents": list(d["documents"]), "cues": list(d["cues"]), "rules": list(d["rules"]),
        })
    return rows


def batches(rows: list[dict], size: int):
    """Consecutive slices of `rows` of at most `size` rows."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def load_graph(driver, g: nx.MultiDiGraph, database: str = "neo4j", batch_size: int = 2000) -> dict:
    """Write `g` into Neo4j through `driver`: constraints, then nodes, then relationships.

    Each batch runs in a managed write transaction, which the driver retries on transient
    errors. Returns the number of rows sent per label and type.
    """
    sent: dict[str, int] = {}
    with driver.session(database=database) as session:
        for stmt in CONSTRAINTS:
            session.run(stmt).consume()
        for label in ENTITY_LABELS:
            rows = node_rows(g, label)
            stmt = node_statement(label)
            for chunk in batches(rows, batch_size):
                session.execute_write(lambda tx, s=stmt, c=chunk: tx.run(s, rows=c).consume())
            sent[label] = len(rows)
        for rtype in RELATION_TYPES:
            rows = relationship_rows(g, rtype)
            stmt = relationship_statement(rtype)
            for chunk in batches(rows, batch_size):
                session.execute_write(lambda tx, s=stmt, c=chunk: tx.run(s, rows=c).consume())
            sent[rtype] = len(rows)
    return sent
