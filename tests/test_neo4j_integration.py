"""The loader against a real Neo4j 5: runs when NEO4J_URI is set, skips (with the reason) otherwise.

    export NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=...
    .venv/bin/python -m pytest tests/test_neo4j_integration.py

Point it at a scratch database (`docker compose up -d --wait` gives one; NEO4J_DATABASE
picks another than `neo4j`): every test starts by deleting the database's Entity, Document
and Evidence nodes, and the tests refuse to run when the database holds any other node.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from neo4j_data import extraction, make_store

from graph_loader.graph import build_graph
from graph_loader.neo4j_writer import DATA_COUNTERS, load, load_graph, plan

URI = os.environ.get("NEO4J_URI")
USER = os.environ.get("NEO4J_USER", "neo4j")
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
README_STATEMENTS = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint" / "statements.py"

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not URI, reason="NEO4J_URI is not set: no Neo4j server to load into "
                                       "(set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to run these)"),
]
OURS = "n:Entity OR n:Document OR n:Evidence"


@pytest.fixture(scope="module")
def driver():
    from neo4j import GraphDatabase

    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not")
    with GraphDatabase.driver(URI, auth=(USER, password)) as d:
        d.verify_connectivity()
        foreign = _one(d, f"MATCH (n) WHERE NOT ({OURS}) RETURN count(n) AS c")
        if foreign:
            pytest.fail(f"database {DATABASE} at {URI} holds {foreign} nodes that are not innokg's; "
                        "the integration tests delete data, so give them a scratch database")
        yield d


@pytest.fixture
def db(driver):
    """The driver, with innokg's nodes deleted before the test."""
    clear(driver)
    return driver


def clear(driver) -> None:
    with driver.session(database=DATABASE) as s:
        # The tests load a few thousand nodes at most: one transaction deletes them.
        s.execute_write(lambda tx: tx.run(f"MATCH (n) WHERE {OURS} DETACH DELETE n").consume())


def _rows(driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, database_=DATABASE)
    return [r.data() for r in records]


def _one(driver, query: str, **params):
    rows = _rows(driver, query, **params)
    return next(iter(rows[0].values())) if rows else None


def snapshot(driver) -> dict:
    """Every innokg node and relationship with all its labels and properties, in a fixed order."""
    nodes = _rows(driver, f"MATCH (n) WHERE {OURS} RETURN labels(n) AS labels, properties(n) AS props")
    rels = _rows(driver, f"MATCH (a)-[r]->(b) WHERE {OURS.replace('n:', 'a:')} "
                         "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")

    def norm(rows):
        return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows)

    return {"nodes": norm([{**r, "labels": sorted(r["labels"])} for r in nodes]), "relationships": norm(rels)}


def counts(driver) -> dict:
    labels = _rows(driver, f"MATCH (n) WHERE {OURS} UNWIND labels(n) AS label RETURN label, count(*) AS c")
    types = _rows(driver, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS c")
    return {"labels": {r["label"]: r["c"] for r in labels}, "types": {r["type"]: r["c"] for r in types}}


@pytest.fixture
def handmade(tmp_path):
    store = make_store(tmp_path / "store", "AB")
    yield store
    store.close()


# -- tests ---------------------------------------------------------------------------------------
def test_constraints_come_first_and_exist(db, handmade):
    load_graph(db, build_graph(handmade), handmade, database=DATABASE)
    with db.session(database=DATABASE) as s:  # SHOW commands run in an auto-commit transaction
        found = {(tuple(r["labelsOrTypes"]), tuple(r["properties"]))
                 for r in s.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties")}
    assert {(("Entity",), ("id",)), (("Document",), ("id",)), (("Evidence",), ("id",))} <= found


def test_counts_match_the_sample_store(db, built_store, kg):
    report = load_graph(db, kg.graph, built_store, database=DATABASE, batch_size=100)
    store = built_store.counts()
    c = counts(db)
    for label, n in store["entities"].items():
        assert c["labels"][label] == n, label
    assert c["labels"]["Entity"] == sum(store["entities"].values())
    assert c["labels"]["Document"] == store["documents"]
    for rtype, n in store["relations"].items():
        assert c["types"][rtype] == n, rtype
    assert c["types"]["MENTIONED_IN"] == report.rows["MENTIONED_IN"]
    assert c["labels"]["Evidence"] == c["types"]["STATED_IN"] == report.rows["Evidence"]
    assert report.counters["nodes_created"] == c["labels"]["Entity"] + c["labels"]["Document"] + c["labels"]["Evidence"]


def test_loading_twice_is_a_noop(db, built_store, kg):
    steps = plan(kg.graph, built_store)
    first = load(db, steps, database=DATABASE, batch_size=150, progress=False)
    assert first.wrote_data
    before = snapshot(db)
    second = load(db, plan(kg.graph, built_store), database=DATABASE, batch_size=150, progress=False)
    assert {k: second.counters[k] for k in DATA_COUNTERS} == dict.fromkeys(DATA_COUNTERS, 0)
    assert not second.wrote_data
    assert snapshot(db) == before


def test_loading_after_new_reports_writes_only_the_new(db, tmp_path):
    store = make_store(tmp_path / "grow", "AB")
    try:
        load_graph(db, build_graph(store), store, database=DATABASE)
        before = counts(db)
        assert store.add_extraction(extraction("C"))
        grown = load_graph(db, build_graph(store), store, database=DATABASE)
        after = counts(db)
        incremental = snapshot(db)
        new_nodes = sum(after["labels"][k] - before["labels"].get(k, 0) for k in ("Entity", "Document", "Evidence"))
        new_rels = sum(after["types"].values()) - sum(before["types"].values())
        assert grown.counters["nodes_created"] == new_nodes == 1 + 1 + 3  # 宁波材料产业创新中心, report C, its 3 evidence sentences
        assert grown.counters["relationships_created"] == new_rels
        assert grown.counters["labels_removed"] == 0
        clear(db)
        load_graph(db, build_graph(store), store, database=DATABASE)
        assert snapshot(db) == incremental, "an incremental load ends where a fresh load of the whole store does"
    finally:
        store.close()


def test_an_edge_leads_to_the_sentences_that_state_it(db, tmp_path):
    store = make_store(tmp_path / "s", "ABC")
    try:
        load_graph(db, build_graph(store), store, database=DATABASE)
    finally:
        store.close()
    rows = _rows(db, """
        MATCH (a:Entity {name: $firm})-[r:JOINED]->(p:Program {name: $program})
        MATCH (v:Evidence)-[:STATED_IN]->(d:Document) WHERE v.id IN r.evidence_ids
        RETURN v.text AS text, v.cue AS cue, v.head AS head, d.title AS title ORDER BY title""",
                 firm="宁波晶钻科技股份有限公司", program="国家重点研发计划")
    assert rows == [
        {"text": "宁波晶钻科技股份有限公司获批国家重点研发计划。", "cue": "获批", "head": "宁波晶钻科技股份有限公司", "title": "报告A"},
        {"text": "宁波晶钻科技股份有限公司入选国家重点研发计划。", "cue": "入选", "head": "宁波晶钻科技股份有限公司", "title": "报告C"},
    ]
    mentions = _rows(db, "MATCH (e:Entity {name: $n})-[m:MENTIONED_IN]->(d:Document) "
                         "RETURN d.title AS title, m.count AS count ORDER BY title", n="清华大学")
    assert mentions == [{"title": "报告A", "count": 2}, {"title": "报告B", "count": 1}]


def test_readme_queries_answer_on_the_handmade_graph(db, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("cypher_lint_statements", README_STATEMENTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    queries = list(module.readme_queries().values())
    store = make_store(tmp_path / "s", "ABC")
    try:
        load_graph(db, build_graph(store), store, database=DATABASE)
    finally:
        store.close()
    firms, partners, platforms, evidence = (_rows(db, q) for q in queries[:4])
    assert [r["firm"] for r in firms] == ["宁波晶钻科技股份有限公司"], "a research institute is not a firm"
    assert firms[0]["since"] == 2021 and firms[0]["evidence"] == 2
    assert sorted((r["partner"], r["how"]) for r in partners) == sorted([
        ("宁波大学", "partners with"), ("精达集团", "partners with"), ("宁波市人民政府", "co-builds 甬江实验室")])
    assert sorted((r["government"], r["platform"]) for r in platforms) == [
        ("宁波市人民政府", "宁波材料产业创新中心"), ("宁波市人民政府", "甬江实验室")]
    assert sorted(r["who"] for r in evidence) == ["宁波智能装备研究院", "宁波晶钻科技股份有限公司", "宁波晶钻科技股份有限公司"]


def test_a_relabelled_entity_is_corrected_on_the_next_load(db, handmade):
    g = build_graph(handmade)
    load_graph(db, g, handmade, database=DATABASE)
    # As if an earlier load had typed 清华大学 as a firm: a wrong label and an outdated hash.
    db.execute_query("MATCH (e:Entity {name: $n}) SET e:Enterprise SET e.row_hash = 'old'", {"n": "清华大学"},
                     database_=DATABASE)
    report = load_graph(db, g, handmade, database=DATABASE)
    labels = _one(db, "MATCH (e:Entity {name: $n}) RETURN labels(e) AS l", n="清华大学")
    assert sorted(labels) == ["Entity", "University"]
    assert report.counters["labels_removed"] == 1


def test_a_transient_error_is_retried_by_the_driver(db, handmade, monkeypatch):
    """The first attempt of every fifth transaction raises TransientError after running its
    statement; the driver rolls it back and runs the batch again."""
    from neo4j.exceptions import TransientError

    from graph_loader import neo4j_writer

    real = neo4j_writer._run
    calls = {"n": 0, "failed": 0}

    def flaky(tx, statement, rows):
        result = real(tx, statement, rows)
        calls["n"] += 1
        if calls["n"] % 5 == 1:
            calls["failed"] += 1
            raise TransientError("injected by the test")
        return result

    g = build_graph(handmade)
    monkeypatch.setattr(neo4j_writer, "_run", flaky)
    report = load_graph(db, g, handmade, database=DATABASE, batch_size=3)
    monkeypatch.undo()
    assert calls["failed"] > 1
    got = snapshot(db)
    clear(db)
    clean = load_graph(db, g, handmade, database=DATABASE, batch_size=3)
    assert snapshot(db) == got
    assert {k: report.counters[k] for k in DATA_COUNTERS} == {k: clean.counters[k] for k in DATA_COUNTERS}


def test_cli_load_twice(db, handmade, monkeypatch, capsys):
    from graph_loader import cli

    monkeypatch.setenv("NEO4J_PASSWORD", os.environ["NEO4J_PASSWORD"])
    folder = str(handmade.path.parent)
    args = ["load", "--uri", URI, "--user", USER, "--database", DATABASE, "--store", folder, "--quiet"]
    assert cli.main(args) == 0
    first = capsys.readouterr()
    assert "nodes created" in first.out
    assert cli.main(args) == 0
    second = capsys.readouterr()
    assert "nothing changed" in second.out
    assert os.environ["NEO4J_PASSWORD"] not in first.out + first.err + second.out + second.err
