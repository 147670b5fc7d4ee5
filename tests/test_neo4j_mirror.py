"""A load leaves Neo4j equal to the store: what resolution or an analyst merged away since the
last load is deleted, and nothing else (against the live server of tests/neo4j_live.py, which
`make test` starts)."""

from __future__ import annotations

import pytest
from neo4j_live import DATABASE, clear, needs_neo4j, rows, snapshot
from resolution_data import build_store, names_of, report

from graph_loader.graph import build_graph
from graph_loader.neo4j_writer import load_graph
from graph_loader.review import decide

pytestmark = needs_neo4j

OLD = report("old", "鄞江创新园与甬城大学共建孵化平台。", [("鄞江创新园", "Platform"), ("甬城大学", "University")],
             [("鄞江创新园", "CO_BUILDS", "甬城大学")], region="宁波市")
NEW = report("new", "鄞江科创中心(原鄞江创新园)与澜屿光电签订合作协议。",
             [("鄞江科创中心", "Platform"), ("澜屿光电", "Enterprise")],
             [("鄞江科创中心", "PARTNERS_WITH", "澜屿光电")], region="宁波市",
             aliases={"鄞江科创中心": ["鄞江创新园"]})
FIRM = report("firm", "宁波澜屿光电股份有限公司获批省级企业研究院。", [("宁波澜屿光电股份有限公司", "Enterprise")],
              region="宁波市")
RIVAL = report("rival", "杭州澜屿光电有限公司获批省级研发中心。", [("杭州澜屿光电有限公司", "Enterprise")], region="杭州市")


@pytest.fixture
def db(neo4j_db):
    return neo4j_db


def load(db, store, **options):
    return load_graph(db, build_graph(store), store, database=DATABASE, **options)


def fresh_snapshot(db, store) -> dict:
    """What loading `store` into an empty database gives."""
    clear(db)
    load(db, store)
    return snapshot(db)


def test_an_entity_merged_away_by_a_new_report_leaves_no_node_edge_or_evidence(db, tmp_path):
    store = build_store(tmp_path, [OLD])
    load(db, store)
    old_id = names_of(build_graph(store))["鄞江创新园"]["id"]
    assert rows(db, "MATCH (e:Entity {id: $id})-[:CO_BUILDS]->() RETURN count(*) AS n", id=old_id)[0]["n"] == 1
    store.add_extraction(NEW)  # its note makes 鄞江创新园 a former name of 鄞江科创中心
    g = build_graph(store)
    new_id = names_of(g)["鄞江科创中心"]["id"]
    assert new_id != old_id and old_id not in g
    report_ = load(db, store)
    assert report_.counters["nodes_deleted"] >= 1 and report_.counters["relationships_deleted"] >= 2
    assert report_.unchanged > 0  # rows that did not change are not sent, and are not deleted either
    assert rows(db, "MATCH (e:Entity {id: $id}) RETURN count(e) AS n", id=old_id)[0]["n"] == 0
    assert rows(db, "MATCH (e:Entity {id: $id})-[r]->(:Entity) RETURN type(r) AS t ORDER BY t", id=new_id) == [
        {"t": "CO_BUILDS"}, {"t": "PARTNERS_WITH"}]
    # every evidence node belongs to a relationship that lists it
    assert rows(db, "MATCH (v:Evidence) WHERE NOT EXISTS { MATCH ()-[r]->() WHERE v.id IN r.evidence_ids }"
                    " RETURN count(v) AS n")[0]["n"] == 0
    mirrored = snapshot(db)
    assert mirrored == fresh_snapshot(db, store)
    assert load(db, store).wrote_data is False  # and a second load changes nothing


def test_an_analyst_merge_and_split_are_mirrored(db, tmp_path):
    store = build_store(tmp_path, [NEW, FIRM, RIVAL])
    load(db, store)
    assert rows(db, "MATCH (e:Entity {name: '澜屿光电'}) RETURN count(e) AS n")[0]["n"] == 1
    decide(store, "merge", "澜屿光电", "宁波澜屿光电股份有限公司")
    load(db, store)
    assert rows(db, "MATCH (e:Entity {name: '澜屿光电'}) RETURN count(e) AS n")[0]["n"] == 0
    assert rows(db, "MATCH (:Entity {name: '宁波澜屿光电股份有限公司'})-[r:PARTNERS_WITH]-(p) RETURN p.name AS p") \
        == [{"p": "鄞江科创中心"}]
    assert snapshot(db) == fresh_snapshot(db, store)
    decide(store, "split", "宁波澜屿光电股份有限公司", "澜屿光电")
    load(db, store)
    assert rows(db, "MATCH (:Entity {name: '澜屿光电'})-[r:PARTNERS_WITH]-(p) RETURN p.name AS p") \
        == [{"p": "鄞江科创中心"}]
    assert snapshot(db) == fresh_snapshot(db, store)


def test_a_users_own_data_is_never_touched(db, tmp_path):
    store = build_store(tmp_path, [OLD])
    load(db, store)
    old_id = names_of(build_graph(store))["鄞江创新园"]["id"]
    try:
        # the user's own nodes (one even with innokg's label and an id innokg will not have),
        # their own relationship to an innokg node that is about to be merged away, and their
        # own relationship between two innokg nodes of a schema type
        db.execute_query(
            "CREATE (:Person {name: 'analyst'})-[:VISITED]->(:Place {name: '甬江'}) "
            "CREATE (:Entity {id: 'user-entity', name: 'mine'}) "
            "WITH 1 AS x MATCH (e:Entity {id: $old}), (u:Entity {name: '甬城大学'}) "
            "CREATE (p:Person {name: 'reviewer'})-[:NOTED]->(e) CREATE (e)-[:PARTNERS_WITH {by: 'user'}]->(u)",
            {"old": old_id}, database_=DATABASE)
        store.add_extraction(NEW)
        load(db, store)
        assert rows(db, "MATCH (p:Person)-[:VISITED]->(:Place) RETURN p.name AS p") == [{"p": "analyst"}]
        assert rows(db, "MATCH (e:Entity {id: 'user-entity'}) RETURN e.name AS n") == [{"n": "mine"}]
        # the stale node stays while the user's relationships point to it; innokg's are gone
        kept = rows(db, "MATCH (e:Entity {id: $old})-[r]-() RETURN type(r) AS t, r.by AS by ORDER BY t", old=old_id)
        assert kept == [{"t": "NOTED", "by": None}, {"t": "PARTNERS_WITH", "by": "user"}]
    finally:
        db.execute_query("MATCH (n) WHERE n:Person OR n:Place DETACH DELETE n", database_=DATABASE)


def test_a_graph_loaded_before_the_mark_is_marked_then_mirrored(db, tmp_path):
    """A database an earlier loader filled (no innokg mark, an older row hash) is rewritten by
    the next load, which marks what it writes; after that a merge is mirrored as usual."""
    store = build_store(tmp_path, [OLD])
    load(db, store)
    old_id = names_of(build_graph(store))["鄞江创新园"]["id"]
    db.execute_query("MATCH (n) WHERE n.innokg REMOVE n.innokg SET n.row_hash = 'loader 2'", database_=DATABASE)
    db.execute_query("MATCH ()-[r]->() WHERE r.innokg REMOVE r.innokg "
                     "SET r.row_hash = CASE WHEN r.row_hash IS NULL THEN NULL ELSE 'loader 2' END", database_=DATABASE)
    assert rows(db, "MATCH (n) WHERE n.innokg OR EXISTS { ()-[r]-() WHERE r.innokg } RETURN count(n) AS n")[0][
        "n"] == 0
    assert load(db, store).wrote_data
    assert rows(db, "MATCH (n) WHERE (n:Entity OR n:Document OR n:Evidence) AND n.innokg IS NULL "
                    "RETURN count(n) AS n")[0]["n"] == 0
    assert rows(db, "MATCH ()-[r]->() WHERE r.innokg IS NULL RETURN count(r) AS n")[0]["n"] == 0
    store.add_extraction(NEW)
    load(db, store)
    assert rows(db, "MATCH (e:Entity {id: $id}) RETURN count(e) AS n", id=old_id)[0]["n"] == 0
    assert snapshot(db) == fresh_snapshot(db, store)


def test_a_load_without_skipping_mirrors_too(db, tmp_path):
    store = build_store(tmp_path, [OLD])
    load(db, store)
    old_id = names_of(build_graph(store))["鄞江创新园"]["id"]
    store.add_extraction(NEW)
    report_ = load(db, store, skip_unchanged=False)
    assert report_.unchanged == 0 and report_.counters["nodes_deleted"] >= 1
    assert rows(db, "MATCH (e:Entity {id: $id}) RETURN count(e) AS n", id=old_id)[0]["n"] == 0
    assert snapshot(db) == fresh_snapshot(db, store)
