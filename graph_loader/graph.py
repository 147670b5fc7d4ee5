"""The networkx view of a store: a MultiDiGraph derived from it, never the source of truth.

Nodes are entities with: label, name, aliases, mentions (count), documents, regions,
years, designation (a generic designation such as 市级重点实验室, not a named body). Edges are relations keyed by type with: type, evidence (count), first_year,
last_year, documents, cues, rules, confidence, planned.

An edge is `planned` when every sentence that states it states a plan (拟共建, 力争入选):
one sentence stating it as done makes it a fact. Each piece of evidence keeps its own flag
(KnowledgeGraph.evidence).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

import networkx as nx

from .store import Store


def build_graph(store: Store) -> nx.MultiDiGraph:
    """Read the whole store into a MultiDiGraph (see the module docstring), as one snapshot.

    The reads share one read transaction, so a report committed meanwhile (by a build, or by
    another explorer session) is wholly in the graph or not at all: never an edge whose
    entities were read before they existed.
    """
    conn = store.conn
    if conn.in_transaction:
        return _read_graph(conn)
    conn.execute("BEGIN")
    try:
        return _read_graph(conn)
    finally:
        conn.execute("COMMIT")


def _read_graph(conn: sqlite3.Connection) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    docs = {r["id"]: dict(r) for r in conn.execute("SELECT id, year, region, title FROM documents")}
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute("SELECT entity_id, alias FROM aliases ORDER BY count DESC, alias"):
        aliases[r[0]].append(r[1])
    mention_docs: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    named: dict[str, bool] = defaultdict(bool)
    for eid, doc_id, n, proper in conn.execute(
        "SELECT entity_id, doc_id, COUNT(*), MIN(generic) = 0 FROM mentions GROUP BY entity_id, doc_id"
    ):
        mention_docs[eid][doc_id] += n
        named[eid] = named[eid] or bool(proper)
    for r in conn.execute("SELECT id, name, label FROM entities ORDER BY id"):
        eid = r["id"]
        dmap = mention_docs.get(eid, {})
        doc_ids = sorted(dmap)
        g.add_node(
            eid,
            name=r["name"],
            label=r["label"],
            aliases=[a for a in aliases.get(eid, []) if a != r["name"]],
            mentions=sum(dmap.values()),
            documents=doc_ids,
            regions=sorted({docs[d]["region"] for d in doc_ids if docs.get(d, {}).get("region")}),
            years=sorted({docs[d]["year"] for d in doc_ids if docs.get(d, {}).get("year")}),
            # A designation (市级重点实验室) rather than a named organisation.
            designation=bool(dmap) and not named[eid],
        )
    evidence: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for e in conn.execute("SELECT relation_id, doc_id, cue, rule, confidence, planned FROM evidence ORDER BY id"):
        evidence[e["relation_id"]].append(e)
    for r in conn.execute("SELECT id, head_id, type, tail_id FROM relations ORDER BY id"):
        evs = evidence.get(r["id"], [])
        doc_ids = sorted({e["doc_id"] for e in evs})
        years = [docs[d]["year"] for d in doc_ids if docs.get(d, {}).get("year")]
        g.add_edge(
            r["head_id"],
            r["tail_id"],
            key=r["type"],
            type=r["type"],
            relation_id=r["id"],
            evidence=len(evs),
            documents=doc_ids,
            first_year=min(years) if years else None,
            last_year=max(years) if years else None,
            cues=sorted({e["cue"] for e in evs if e["cue"]}),
            rules=sorted({e["rule"] for e in evs if e["rule"]}),
            confidence=max((e["confidence"] or 0 for e in evs), default=0.0),
            planned=bool(evs) and all(e["planned"] for e in evs),
        )
    return g

