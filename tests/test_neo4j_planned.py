"""Planned relations in a real Neo4j (tests/neo4j_live.py: `make test` starts one).

A load writes `planned` on each relationship and each Evidence node, as the store has them;
a report that states a planned relation as done turns it into a fact on the next load (its
row hash changed), and a bulk import of the neo4j-admin files holds the same booleans.
"""

from __future__ import annotations

import pytest
from neo4j_live import DATABASE, bulk_imported, needs_neo4j, snapshot
from neo4j_live import one as _one
from neo4j_live import rows as _rows
from test_planned import GOVERNMENT, INSTITUTE, LAB, UNIVERSITY

from graph_loader import cli
from graph_loader.build import BuildOptions, build
from graph_loader.neo4j_writer import load_graph
from graph_loader.queries import KnowledgeGraph
from graph_loader.store import Store
from ner.model import RELATION_TYPES

pytestmark = needs_neo4j

RELATIONSHIPS = ("MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $types "
                 "RETURN a.id AS a, type(r) AS type, b.id AS b, r.planned AS planned")


@pytest.fixture(scope="module")
def pkg(planned_store) -> KnowledgeGraph:
    return KnowledgeGraph(planned_store)


def _held(driver) -> dict[tuple[str, str, str], bool]:
    return {(r["a"], r["type"], r["b"]): r["planned"]
            for r in _rows(driver, RELATIONSHIPS, types=list(RELATION_TYPES))}


def test_relationships_and_evidence_carry_planned(neo4j_db, planned_store, pkg):
    load_graph(neo4j_db, pkg.graph, planned_store, database=DATABASE)
    want = {(a, k, b): d["planned"] for a, b, k, d in pkg.graph.edges(keys=True, data=True)}
    assert _held(neo4j_db) == want and any(want.values()) and not all(want.values())

    # Each sentence keeps its own flag: compared with the store's evidence table.
    stored = sorted((r["head_id"], r["type"], r["tail_id"], r["doc_id"], r["sentence"], bool(r["planned"]))
                    for r in planned_store.conn.execute(
                        "SELECT r.head_id, r.type, r.tail_id, e.doc_id, e.sentence, e.planned"
                        " FROM evidence e JOIN relations r ON r.id = e.relation_id"))
    got = _rows(neo4j_db, """
        MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $types
        MATCH (v:Evidence)-[:STATED_IN]->(d:Document) WHERE v.id IN r.evidence_ids
        RETURN a.id AS a, type(r) AS type, b.id AS b, d.id AS doc, v.sentence AS sentence, v.planned AS planned""",
                types=list(RELATION_TYPES))
    assert sorted((r["a"], r["type"], r["b"], r["doc"], r["sentence"], r["planned"]) for r in got) == stored

    # The relations stated as done, as a user asks for them.
    stated = _one(neo4j_db, "MATCH (:Entity)-[r]->(:Entity) WHERE r.innokg AND NOT r.planned RETURN count(r) AS n")
    assert stated == len(want) - sum(want.values())


def test_a_report_stating_the_plan_turns_it_into_a_fact_on_reload(neo4j_db, tmp_path, planned_paths):
    store = Store(tmp_path / "store")
    build([planned_paths["plan"]], store, BuildOptions(progress=False))
    kg = KnowledgeGraph(store)
    load_graph(neo4j_db, kg.graph, store, database=DATABASE)
    key = (kg.find(GOVERNMENT), "CO_BUILDS", kg.find(INSTITUTE))
    lab = (kg.find(UNIVERSITY), "CO_BUILDS", kg.find(LAB))
    assert _held(neo4j_db)[key] is True and _held(neo4j_db)[lab] is True

    build([planned_paths["summary"]], store, BuildOptions(progress=False))
    kg = KnowledgeGraph(store)
    report = load_graph(neo4j_db, kg.graph, store, database=DATABASE)
    assert report.counters["properties_set"] > 0
    held = _held(neo4j_db)
    assert held[key] is False and held[lab] is True
    assert held == {(a, k, b): d["planned"] for a, b, k, d in kg.graph.edges(keys=True, data=True)}
    assert not load_graph(neo4j_db, kg.graph, store, database=DATABASE).wrote_data  # and then nothing to change
    store.close()




def test_a_bulk_import_holds_the_same_planned_booleans(neo4j_db, planned_store, pkg, own_tmp):
    load_graph(neo4j_db, pkg.graph, planned_store, database=DATABASE)
    loaded = snapshot(neo4j_db)
    out = own_tmp / "admin"
    assert cli.main(["export", str(out), "--format", "neo4j-admin", "--store", str(planned_store.path)]) == 0
    with bulk_imported(out, own_tmp / "bulk") as imported:
        assert _held(imported) == _held(neo4j_db)
        kinds = _rows(imported, "MATCH (v:Evidence) RETURN DISTINCT valueType(v.planned) AS t")
        assert [r["t"] for r in kinds] == ["BOOLEAN NOT NULL"]
        assert snapshot(imported) == loaded
