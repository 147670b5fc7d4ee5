"""Row building, batching and the statements of the Neo4j loader (no server needed)."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from neo4j_data import ENTITIES, extraction, make_store

from graph_loader.graph import build_graph
from graph_loader.neo4j_rows import (
    LOADER_VERSION,
    document_rows,
    evidence_rows,
    mention_rows,
    node_rows,
    relationship_rows,
    with_hash,
)
from graph_loader.neo4j_statements import (
    all_statements,
    node_statement,
    relationship_statement,
    row_keys,
)
from graph_loader.neo4j_writer import batches, plan
from ner.model import ENTITY_LABELS, RELATION_TYPES


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = make_store(tmp_path_factory.mktemp("handmade"), "ABC")
    yield s
    s.close()


@pytest.fixture(scope="module")
def g(store) -> nx.MultiDiGraph:
    return build_graph(store)


def _by_name(g: nx.MultiDiGraph) -> dict[str, str]:
    return {d["name"]: n for n, d in g.nodes(data=True)}


# -- rows ----------------------------------------------------------------------------------------
def test_document_rows(store):
    rows = document_rows(store)
    docs = {extraction(r).document.id: r for r in "ABC"}
    assert [r["id"] for r in rows] == sorted(docs)
    by_report = {docs[r["id"]]: r for r in rows}
    assert by_report["A"]["title"] == "报告A" and by_report["A"]["year"] == 2021
    assert by_report["A"]["region"] == "宁波市"
    assert by_report["B"]["region"] is None, "an empty region is left off the node"
    assert by_report["B"]["n_sentences"] == 3
    assert by_report["C"]["content_hash"] == extraction("C").document.content_hash


def test_node_rows_one_per_entity_of_the_label(g):
    ids = _by_name(g)
    for label in ENTITY_LABELS:
        rows = node_rows(g, label)
        assert sorted(r["name"] for r in rows) == sorted(n for n, lab in ENTITIES.items() if lab == label)
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    (tsinghua,) = [r for r in node_rows(g, "University") if r["name"] == "清华大学"]
    assert tsinghua["id"] == ids["清华大学"]
    assert tsinghua["mentions"] == 3
    assert tsinghua["years"] == [2021, 2022]
    assert tsinghua["documents"] == sorted([extraction("A").document.id, extraction("B").document.id])


def test_mention_rows_group_by_entity_and_document(store, g):
    ids = _by_name(g)
    rows = mention_rows(store)
    assert len(rows) == len({(r["entity"], r["document"]) for r in rows}) == 16
    (row,) = [r for r in rows if r["entity"] == ids["清华大学"] and r["document"] == extraction("A").document.id]
    assert row["count"] == 2 and row["sentences"] == [1, 2] and row["forms"] == ["清华大学"]
    only = mention_rows(store, {ids["清华大学"]})
    assert {r["entity"] for r in only} == {ids["清华大学"]} and len(only) == 2


def test_evidence_rows_carry_the_sentence_names_and_offsets(store, g):
    ids = _by_name(g)
    rows, by_relation = evidence_rows(store)
    assert len(rows) == 10 == len({r["id"] for r in rows})
    settled = [r for r in rows if r["type"] == "SETTLED_IN"]
    assert len(settled) == 1
    ev = settled[0]
    assert ev["source"] == ids["精达集团"] and ev["target"] == ids["甬江实验室"]
    assert ev["text"] == '据"quote"与\\记录,精达集团入驻甬江实验室。'
    assert (ev["head"], ev["tail"], ev["cue"], ev["sentence"]) == ("精达集团", "甬江实验室", "入驻", 2)
    assert ev["text"][ev["head_start"]:ev["head_end"]] == "精达集团"
    assert ev["document"] == extraction("B").document.id
    assert sorted(v for ids_ in by_relation.values() for v in ids_) == sorted(r["id"] for r in rows)


def test_evidence_ids_are_the_same_in_another_store(tmp_path, store):
    """The store numbers evidence rows in insertion order; the loader's ids must not depend on it."""
    other = make_store(tmp_path, "CBA")
    try:
        mine = {r["id"]: r for r in evidence_rows(store)[0]}
        theirs = {r["id"]: r for r in evidence_rows(other)[0]}
        assert mine.keys() == theirs.keys()
        assert all(mine[k]["row_hash"] == theirs[k]["row_hash"] for k in mine)
        store_ids = [r[0] for r in store.conn.execute("SELECT id FROM evidence ORDER BY doc_id, sentence, id")]
        other_ids = [r[0] for r in other.conn.execute("SELECT id FROM evidence ORDER BY doc_id, sentence, id")]
        assert store_ids != other_ids, "the two stores should number their evidence differently"
    finally:
        other.close()


def test_relationship_rows_link_their_evidence(store, g):
    ids = _by_name(g)
    evidence, by_relation = evidence_rows(store)
    rows = relationship_rows(g, "JOINED", by_relation)
    (firm,) = [r for r in rows if r["source"] == ids["宁波晶钻科技股份有限公司"]]
    assert firm["target"] == ids["国家重点研发计划"]
    assert firm["evidence"] == 2 and (firm["first_year"], firm["last_year"]) == (2021, 2023)
    texts = sorted(v["text"] for v in evidence if v["id"] in firm["evidence_ids"])
    assert texts == ["宁波晶钻科技股份有限公司入选国家重点研发计划。", "宁波晶钻科技股份有限公司获批国家重点研发计划。"]
    assert sorted(firm["cues"]) == ["入选", "获批"]
    assert all(r["evidence_ids"] is None for r in relationship_rows(g, "JOINED")), "no store, no evidence ids"
    assert relationship_rows(g, "PART_OF", by_relation) == []


def test_row_hash_follows_the_values_only():
    a = with_hash({"id": "x", "names": ["甲", "乙"], "year": 2020})
    b = with_hash({"year": 2020, "names": ["甲", "乙"], "id": "x"})
    assert a["row_hash"] == b["row_hash"], "key order does not matter"
    assert with_hash(dict(a))["row_hash"] == a["row_hash"], "an existing row_hash is not hashed in"
    assert with_hash({"id": "x", "names": ["乙", "甲"], "year": 2020})["row_hash"] != a["row_hash"]
    assert with_hash({"id": "x", "names": ["甲", "乙"], "year": 2021})["row_hash"] != a["row_hash"]
    assert LOADER_VERSION


def _storable(value) -> bool:
    scalar = (str, int, float, bool)
    if value is None or isinstance(value, scalar):
        return True
    if isinstance(value, list):
        return all(v is not None for v in value) and len({type(v) for v in value}) <= 1 and all(
            isinstance(v, scalar) for v in value)
    return False


def test_every_row_fits_its_statement_and_neo4j(store, g):
    """Each row has exactly the keys its statement reads, and only values Neo4j can store."""
    keys = row_keys()
    statements = all_statements()
    seen = set()
    for step in plan(g, store):
        if step.rows is None:
            assert "$rows" not in step.statement
            continue
        assert step.statement == statements[step.name]
        read = set(re.findall(r"\brow\.(\w+)", step.statement))
        assert read == set(keys[step.name]), step.name
        for row in step.rows:
            assert set(row) == read, (step.name, row)
            assert all(_storable(v) for v in row.values()), (step.name, row)
        seen.add(step.name)
    assert seen == set(keys)


# -- plan ----------------------------------------------------------------------------------------
def test_plan_order_and_counts(store, g):
    steps = plan(g, store)
    names = [s.name for s in steps]
    assert names[:4] == ["constraint 1", "constraint 2", "constraint 3", "await indexes"]
    assert names[4:] == ["Document", *(f"Entity:{x}" for x in ENTITY_LABELS), "MENTIONED_IN", *RELATION_TYPES,
                         "Evidence"]
    rows = {s.name: len(s.rows) for s in steps if s.rows is not None}
    counts = store.counts()
    assert rows["Document"] == counts["documents"]
    assert {k: rows[f"Entity:{k}"] for k in counts["entities"]} == counts["entities"]
    assert {k: rows[k] for k in counts["relations"]} == counts["relations"]
    assert rows["Evidence"] == counts["evidence"]


def test_plan_without_store_writes_entities_and_relationships_only(g):
    names = [s.name for s in plan(g)]
    assert "Document" not in names and "MENTIONED_IN" not in names and "Evidence" not in names
    assert "Entity:University" in names and "JOINED" in names


def test_plan_leaves_out_entities_outside_the_schema(store, g):
    h = g.copy()
    h.add_node("p1", name="张三", label="Person", aliases=[], mentions=1, documents=[], regions=[], years=[])
    target = _by_name(g)["清华大学"]
    h.add_edge("p1", target, key="PARTNERS_WITH", type="PARTNERS_WITH", relation_id=None, evidence=1,
               documents=[], first_year=None, last_year=None, cues=[], rules=[], confidence=0.5)
    steps = {s.name: s for s in plan(h, store)}
    assert all(r["id"] != "p1" for name, s in steps.items() if name.startswith("Entity:") for r in s.rows)
    assert all("p1" not in (r["source"], r["target"]) for r in steps["PARTNERS_WITH"].rows)
    assert len(steps["PARTNERS_WITH"].rows) == 2


def test_plan_of_the_sample_store_matches_its_counts(built_store, kg):
    steps = plan(kg.graph, built_store)
    rows = {s.name: len(s.rows) for s in steps if s.rows is not None}
    counts = built_store.counts()
    assert rows["Document"] == counts["documents"] == 5
    assert {k: rows[f"Entity:{k}"] for k in counts["entities"]} == counts["entities"]
    assert {k: rows[k] for k in counts["relations"]} == counts["relations"]
    pairs = built_store.conn.execute("SELECT COUNT(DISTINCT entity_id || '/' || doc_id) FROM mentions").fetchone()[0]
    assert rows["MENTIONED_IN"] == pairs
    assert 0 < rows["Evidence"] <= counts["evidence"]


# -- statements ----------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["Person", "Entity", "Enterprise) DETACH DELETE (x", "enterprise", ""])
def test_node_statement_takes_schema_labels_only(bad):
    with pytest.raises(ValueError, match="not a schema label"):
        node_statement(bad)
    with pytest.raises(ValueError):
        node_rows(nx.MultiDiGraph(), bad)


@pytest.mark.parametrize("bad", ["KNOWS", "JOINED]->(b) DETACH DELETE b //", "joined", "MENTIONED_IN"])
def test_relationship_statement_takes_schema_types_only(bad):
    with pytest.raises(ValueError, match="not a schema relationship type"):
        relationship_statement(bad)
    with pytest.raises(ValueError):
        relationship_rows(nx.MultiDiGraph(), bad)


def test_statements_name_only_fixed_labels_and_types():
    allowed = {*ENTITY_LABELS, *RELATION_TYPES, "Entity", "Document", "Evidence", "MENTIONED_IN", "STATED_IN"}
    everywhere = set()
    for name, stmt in all_statements().items():
        used = set(re.findall(r"[(\[]\w*((?::\w+)+)", stmt)) | set(re.findall(r"(?:SET|REMOVE) \w+((?::\w+)+)", stmt))
        labels = {x for group in used for x in group.split(":") if x}
        assert labels <= allowed, (name, labels - allowed)
        everywhere |= labels
        if "$rows" in stmt:
            assert stmt.startswith("UNWIND $rows AS row\nMERGE") or stmt.startswith("UNWIND $rows AS row\nMATCH")
            assert "MERGE" in stmt
        assert "'" not in stmt and '"' not in stmt, "values come as parameters, never as literals"
    assert everywhere == allowed, "every label and type is written by some statement"


def test_a_relabelled_entity_loses_its_other_schema_labels():
    stmt = node_statement("University")
    removed = re.search(r"REMOVE e((?::\w+)+)", stmt).group(1).split(":")[1:]
    assert sorted(removed) == sorted(x for x in ENTITY_LABELS if x != "University")
    assert stmt.index("REMOVE") < stmt.index("SET e:University")


# -- batching ------------------------------------------------------------------------------------
def test_batches_slices_in_order():
    rows = [{"i": i} for i in range(5)]
    assert list(batches(rows, 2)) == [rows[0:2], rows[2:4], rows[4:5]]
    assert list(batches(rows, 5)) == [rows]
    assert list(batches(rows, 100)) == [rows]
    assert list(batches([], 3)) == []
    with pytest.raises(ValueError):
        list(batches(rows, 0))


@given(n=st.integers(min_value=0, max_value=500), size=st.integers(min_value=1, max_value=60))
def test_batches_cover_every_row_once(n, size):
    rows = [{"i": i} for i in range(n)]
    chunks = list(batches(rows, size))
    assert [r for c in chunks for r in c] == rows
    assert all(len(c) == size for c in chunks[:-1])
    assert all(0 < len(c) <= size for c in chunks)
    assert len(chunks) == -(-n // size)
