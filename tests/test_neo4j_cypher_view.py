"""The explorer's read-only Cypher box against a real Neo4j 5 (tests/neo4j_live.py).

Reads return the rows of the loaded graph; a write that slips past the app's own check is
refused by the server itself, because the box runs queries in READ access mode.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j_data import make_store
from neo4j_live import DATABASE, URI, USER, counts, needs_neo4j
from streamlit.testing.v1 import AppTest

from explorer import cypher
from explorer.cypher import EXAMPLES, WriteRefused, run_read
from explorer.state import CYPHER
from graph_loader.graph import build_graph
from graph_loader.neo4j_writer import load_graph

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")

pytestmark = needs_neo4j


@pytest.fixture
def loaded(neo4j_db, tmp_path):
    """The hand-made reports A, B and C, loaded; the store stays open for the app."""
    store = make_store(tmp_path / "store", "ABC")
    load_graph(neo4j_db, build_graph(store), store, database=DATABASE)
    yield neo4j_db, store
    store.close()


def test_examples_read_the_loaded_graph(loaded):
    driver, _ = loaded
    firms = run_read(driver, EXAMPLES[0].query, EXAMPLES[0].params, database=DATABASE)
    assert firms.columns == ["firm", "relation", "year", "evidence"]
    assert firms.rows == [{"firm": "宁波晶钻科技股份有限公司", "relation": "JOINED", "year": 2021, "evidence": 2}]
    partners = run_read(driver, EXAMPLES[1].query, EXAMPLES[1].params, database=DATABASE)
    assert sorted((r["partner"], r["how"]) for r in partners.rows) == sorted([
        ("宁波大学", "partner"), ("精达集团", "partner"), ("宁波市人民政府", "co-builds 甬江实验室")])
    platforms = run_read(driver, EXAMPLES[2].query, database=DATABASE)
    assert [(r["government"], r["platform"], sorted(r["together_with"])) for r in platforms.rows] == [
        ("宁波市人民政府", "宁波材料产业创新中心", ["宁波大学"]), ("宁波市人民政府", "甬江实验室", ["清华大学"])]


def test_nodes_come_back_as_plain_values_and_rows_are_capped(loaded):
    driver, _ = loaded
    result = run_read(driver, "MATCH (e:Entity) RETURN e ORDER BY e.name", database=DATABASE, limit=3)
    assert result.truncated and len(result.rows) == 3
    assert all({"labels", "id", "name"} <= r["e"].keys() and "Entity" in r["e"]["labels"] for r in result.rows)


@pytest.mark.parametrize("write", [
    "CREATE (n:Entity {id: 'sneaked-in', name: 'x'}) RETURN n",
    "MATCH (n:Entity) SET n.name = 'overwritten' RETURN count(n)",
    "MATCH (n) DETACH DELETE n",
    "CREATE CONSTRAINT sneaky IF NOT EXISTS FOR (n:Sneaky) REQUIRE n.id IS UNIQUE",
])
def test_the_server_refuses_a_write_the_app_check_missed(loaded, monkeypatch, write):
    """With the app's check switched off, the query reaches Neo4j in a read transaction and
    Neo4j itself refuses it: nothing changes."""
    from neo4j.exceptions import ClientError

    driver, _ = loaded
    before = counts(driver)
    with pytest.raises(WriteRefused):
        run_read(driver, write, database=DATABASE)
    monkeypatch.setattr(cypher, "check_read_only", lambda query: None)
    with pytest.raises(ClientError) as refused:
        run_read(driver, write, database=DATABASE)
    assert refused.value.code == "Neo.ClientError.Statement.AccessMode", refused.value
    assert counts(driver) == before
    assert not driver.execute_query("SHOW CONSTRAINTS YIELD name WHERE name = 'sneaky' RETURN name").records


def test_cypher_view_runs_an_example_against_the_server(loaded, monkeypatch):
    """The Streamlit view, with the server from the environment: an example answers with its
    rows, and a write is refused on screen before it is sent."""
    import os

    _, store = loaded
    monkeypatch.setenv("INNOKG_STORE", str(store.path))
    monkeypatch.setenv("NEO4J_URI", URI)
    monkeypatch.setenv("NEO4J_USER", USER)
    monkeypatch.setenv("NEO4J_DATABASE", DATABASE)
    monkeypatch.setenv("INNOKG_LANG", "en")  # the messages below are the English catalogue's
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.sidebar.radio(key="view").set_value(CYPHER).run()
    assert not at.exception, at.exception
    at.button(key="cy_ex_1").click().run()
    at.button(key="cy_run").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any(s.value.startswith("3 row(s)") for s in at.success), [s.value for s in at.success]
    shown = at.dataframe[0].value
    assert sorted(shown["partner"]) == ["宁波大学", "宁波市人民政府", "精达集团"]

    at.text_area(key="cypher_query").input("MATCH (n:Entity) SET n.name = 'x'").run()
    at.button(key="cy_run").click().run()
    assert any("Refused" in e.value and "SET" in e.value for e in at.error)
    page = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert os.environ["NEO4J_PASSWORD"] not in page
