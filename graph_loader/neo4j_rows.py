"""Parameter rows for the Neo4j statements, read from the networkx view and the store.

Entities and relationships come from the networkx view (graph.py); documents, mentions and
evidence sentences are read from the SQLite store with SQL. Each row holds plain values
Neo4j can store (strings, numbers, homogeneous lists, null) and a `row_hash` over them, so an
unchanged row is recognised on the next load. Rows come sorted by their key, so the same
store always gives the same rows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

import networkx as nx

from ner.model import ENTITY_LABELS, RELATION_TYPES

from .neo4j_statements import ROW_HASH, check_label, check_type
from .store import Store

# Part of every row hash: bump it when a statement maps rows differently, so that the next
# load rewrites every row instead of skipping the ones whose values did not change.
LOADER_VERSION = "3"  # 2: empty lists are no property; 3: every node and relationship marked innokg


def with_hash(row: dict) -> dict:
    """`row` with `row_hash`: a digest of its other values and the loader version."""
    body = {k: v for k, v in row.items() if k != ROW_HASH}
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    row[ROW_HASH] = hashlib.sha1(f"{LOADER_VERSION}\n{blob}".encode()).hexdigest()[:20]
    return row


def evidence_id(relation_type: str, source: str, target: str, doc_id: str, sentence, head_start, head_end,
                tail_start, tail_end, cue, rule) -> str:
    """A stable id for one piece of evidence, the same in every store that holds it.

    The store's own evidence ids are row numbers that differ between stores; entity and
    document ids are content hashes, so this id is one too.
    """
    key = "\x1f".join(str(x) for x in (relation_type, source, target, doc_id, sentence, head_start, head_end,
                                        tail_start, tail_end, cue, rule))
    return "v" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


def loadable_entities(g: nx.MultiDiGraph) -> set[str]:
    """Ids of the entities whose label is a schema label (the others are not loaded)."""
    return {n for n, d in g.nodes(data=True) if d.get("label") in ENTITY_LABELS}


def _list(values) -> list | None:
    # An empty list is no property, as after neo4j-admin's CSV import (which cannot write one),
    # so that a load and a bulk import give the same graph.
    return list(values) or None


def _text(value) -> str | None:
    # An empty string means "not stated" in the store; null keeps the property off the node.
    return value if value not in ("", None) else None


def document_rows(store: Store) -> list[dict]:
    """One row per document, sorted by id."""
    rows = []
    for r in store.conn.execute(
        "SELECT id, title, path, format, issuer, date, region, year, n_chars, n_sentences, content_hash"
        " FROM documents ORDER BY id"
    ):
        rows.append(with_hash({
            "id": r["id"], "title": _text(r["title"]), "path": _text(r["path"]), "format": _text(r["format"]),
            "issuer": _text(r["issuer"]), "date": _text(r["date"]), "region": _text(r["region"]),
            "year": r["year"], "n_chars": r["n_chars"], "n_sentences": r["n_sentences"],
            "content_hash": r["content_hash"],
        }))
    return rows


def node_rows(g: nx.MultiDiGraph, label: str) -> list[dict]:
    """One row per entity of one schema label, sorted by id."""
    check_label(label)
    rows = []
    for n, d in sorted(g.nodes(data=True)):
        if d["label"] != label:
            continue
        rows.append(with_hash({
            "id": n, "name": d["name"], "label": d["label"], "aliases": _list(str(a) for a in d["aliases"]),
            "mentions": int(d["mentions"]), "documents": _list(str(x) for x in d["documents"]),
            "regions": _list(str(x) for x in d["regions"]), "years": _list(int(y) for y in d["years"]),
        }))
    return rows


def mention_rows(store: Store, entities: set[str] | None = None) -> list[dict]:
    """One row per (entity, document) with mention count, sentence indexes and surface forms.

    With `entities`, only rows of those entity ids (a link to an unloaded entity would be
    dropped by Neo4j's MATCH anyway; leaving it out keeps the row counts honest).
    """
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for eid, doc_id, sentence, text in store.conn.execute(
        "SELECT entity_id, doc_id, sentence, text FROM mentions ORDER BY entity_id, doc_id, sentence, id"
    ):
        if entities is None or eid in entities:
            grouped[(eid, doc_id)].append((sentence, text))
    rows = []
    for (eid, doc_id), found in grouped.items():
        rows.append(with_hash({
            "entity": eid, "document": doc_id, "count": len(found),
            "sentences": _list(sorted({int(s) for s, _ in found if s is not None})),
            "forms": _list(sorted({t for _, t in found if t})),
        }))
    return rows


def evidence_rows(store: Store, entities: set[str] | None = None,
                  relations: set[int] | None = None) -> tuple[list[dict], dict[int, list[str]]]:
    """Evidence rows (one per distinct piece of evidence) and the evidence ids of each relation.

    The second value maps the store's relation id to the sorted ids of its evidence; the
    relationship rows carry them as `evidence_ids`. With `relations` (store relation ids),
    only their evidence: a graph without some relations (the planned ones) leaves out their
    sentences too.
    """
    rows: dict[str, dict] = {}
    by_relation: dict[int, set[str]] = defaultdict(set)
    for r in store.conn.execute(
        "SELECT e.relation_id, e.doc_id, e.sentence, e.text, e.head_start, e.head_end, e.tail_start, e.tail_end,"
        " e.cue, e.rule, e.confidence, e.planned, r.head_id, r.type, r.tail_id"
        " FROM evidence e JOIN relations r ON r.id = e.relation_id ORDER BY e.id"
    ):
        if r["type"] not in RELATION_TYPES:
            continue
        if entities is not None and (r["head_id"] not in entities or r["tail_id"] not in entities):
            continue
        if relations is not None and r["relation_id"] not in relations:
            continue
        vid = evidence_id(r["type"], r["head_id"], r["tail_id"], r["doc_id"], r["sentence"], r["head_start"],
                          r["head_end"], r["tail_start"], r["tail_end"], r["cue"], r["rule"])
        by_relation[r["relation_id"]].add(vid)
        if vid in rows:  # the same sentence twice: a plan only if it is a plan both times
            rows[vid]["planned"] = rows[vid]["planned"] and bool(r["planned"])
            continue
        text = r["text"] or ""
        rows[vid] = {
            "id": vid, "type": r["type"], "source": r["head_id"], "target": r["tail_id"], "document": r["doc_id"],
            "sentence": r["sentence"], "text": _text(text),
            "head": _span(text, r["head_start"], r["head_end"]), "tail": _span(text, r["tail_start"], r["tail_end"]),
            "head_start": r["head_start"], "head_end": r["head_end"],
            "tail_start": r["tail_start"], "tail_end": r["tail_end"],
            "cue": _text(r["cue"]), "rule": _text(r["rule"]), "confidence": r["confidence"],
            "planned": bool(r["planned"]),
        }
    out = [with_hash(rows[k]) for k in sorted(rows)]
    return out, {rid: sorted(ids) for rid, ids in by_relation.items()}


def _span(text: str, start, end) -> str | None:
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return text[start:end]


def relationship_rows(g: nx.MultiDiGraph, rtype: str, evidence_ids: dict[int, list[str]] | None = None,
                      entities: set[str] | None = None) -> list[dict]:
    """One row per relationship of one schema type, sorted by (source, target).

    `evidence_ids` (from evidence_rows) links each relationship to its Evidence nodes;
    without it the rows carry none.
    """
    check_type(rtype)
    rows = []
    for a, b, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if k != rtype or (entities is not None and (a not in entities or b not in entities)):
            continue
        ids = (evidence_ids or {}).get(d.get("relation_id"), [])
        rows.append(with_hash({
            "source": a, "target": b, "evidence": int(d["evidence"]), "evidence_ids": _list(ids),
            "first_year": d["first_year"], "last_year": d["last_year"],
            "documents": _list(str(x) for x in d["documents"]), "cues": _list(str(x) for x in d["cues"]),
            "rules": _list(str(x) for x in d["rules"]), "confidence": float(d.get("confidence") or 0.0),
            "planned": bool(d.get("planned", False)),
        }))
    return rows
