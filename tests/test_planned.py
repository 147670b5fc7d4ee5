"""Planned relations downstream of extraction (issue 12, "Modality").

The store keeps each sentence's `planned`; an edge is planned only when every sentence that
states it states a plan, whatever the order the reports came in; the queries, the command
line and every export format say which edges are planned, and `--stated-only` /
KnowledgeGraph.stated() leave them out. The reports are tests/fixtures/planned/: a 2025 work
plan and a 2024 summary that states one of the plan's relations as done.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3

import networkx as nx
import pytest

from graph_loader.build import BuildOptions, build
from graph_loader.cli import main
from graph_loader.export import export
from graph_loader.graph import build_graph
from graph_loader.neo4j_rows import evidence_rows, relationship_rows
from graph_loader.queries import KnowledgeGraph
from graph_loader.store import SCHEMA, Store
from ner.model import SYMMETRIC_RELATIONS

GOVERNMENT, UNIVERSITY, INSTITUTE = "赣州市人民政府", "江澜大学", "赣州新材料研究院"
FIRM, ELECTRIC, LAB = "赣州晶芯科技有限公司", "赣州华锐电气有限公司", "智能电网联合实验室"
GIANT, HIGH_TECH = "国家级专精特新“小巨人”企业", "高新技术企业"
# Stated as done in the 2024 summary (the first two planned in 2025 too): facts.
STATED = [(GOVERNMENT, "CO_BUILDS", INSTITUTE), (UNIVERSITY, "CO_BUILDS", INSTITUTE),
          (GOVERNMENT, "PARTNERS_WITH", UNIVERSITY), (FIRM, "JOINED", HIGH_TECH)]
# Only in the 2025 plan: planned.
PLANNED = [(FIRM, "JOINED", GIANT), (ELECTRIC, "CO_BUILDS", LAB), (UNIVERSITY, "CO_BUILDS", LAB),
           (ELECTRIC, "PARTNERS_WITH", UNIVERSITY)]


@pytest.fixture(scope="module")
def pkg(planned_store) -> KnowledgeGraph:
    return KnowledgeGraph(planned_store)


def edge(kg: KnowledgeGraph, head: str, rtype: str, tail: str, g: nx.MultiDiGraph | None = None) -> dict:
    """The data of the edge `head` -rtype-> `tail` (either way round for a symmetric type)."""
    g = kg.graph if g is None else g
    a, b = kg.find(head), kg.find(tail)
    if g.has_edge(a, b, rtype):
        return g[a][b][rtype]
    if rtype in SYMMETRIC_RELATIONS and g.has_edge(b, a, rtype):
        return g[b][a][rtype]
    raise AssertionError(f"no edge {head} -{rtype}-> {tail}")


def flags(kg: KnowledgeGraph) -> dict[tuple[str, str, str], bool]:
    """Every edge, by its ends' names and type, with its planned flag."""
    names = kg.graph.nodes
    return {(names[a]["name"], k, names[b]["name"]): d["planned"] for a, b, k, d in kg.graph.edges(keys=True, data=True)}


# -- the store and the graph -------------------------------------------------------------------------
def test_each_evidence_row_keeps_whether_its_sentence_is_a_plan(planned_store, planned_paths):
    rows = planned_store.conn.execute(
        "SELECT d.path, e.planned, COUNT(*) FROM evidence e JOIN documents d ON d.id = e.doc_id GROUP BY 1, 2"
    ).fetchall()
    by = {(r[0].rsplit("/", 1)[-1], r[1]): r[2] for r in rows}
    plan, summary = planned_paths["plan"].name, planned_paths["summary"].name
    assert by.get((plan, 1), 0) >= 6 and (plan, 0) not in by  # every relation the plan gives is planned
    assert by.get((summary, 0), 0) >= 4 and (summary, 1) not in by


def test_an_edge_is_planned_only_when_all_its_evidence_is(pkg):
    for head, rtype, tail in PLANNED:
        d = edge(pkg, head, rtype, tail)
        assert d["planned"] is True, (head, rtype, tail)
        assert [ev["planned"] for ev in pkg.evidence(d["relation_id"])] == [1] * d["evidence"]
    for head, rtype, tail in STATED:
        assert edge(pkg, head, rtype, tail)["planned"] is False, (head, rtype, tail)
    # Planned in 2025 and stated in 2024: a fact, each sentence keeping its own flag.
    built = edge(pkg, GOVERNMENT, "CO_BUILDS", INSTITUTE)
    evidence = pkg.evidence(built["relation_id"])
    assert built["evidence"] == 2 and sorted((ev["year"], ev["planned"]) for ev in evidence) == [(2024, 0), (2025, 1)]


def test_a_report_stating_a_planned_relation_makes_it_a_fact_in_any_order(tmp_path, planned_paths, pkg):
    store = Store(tmp_path / "plan_first")
    build([planned_paths["plan"]], store, BuildOptions(progress=False))
    first = KnowledgeGraph(store)
    assert edge(first, GOVERNMENT, "CO_BUILDS", INSTITUTE)["planned"] is True
    assert all(flags(first).values())  # the plan alone: everything planned
    build([planned_paths["summary"]], store, BuildOptions(progress=False))
    assert flags(KnowledgeGraph(store)) == flags(pkg)
    store.close()

    other = Store(tmp_path / "summary_first")
    build([planned_paths["summary"]], other, BuildOptions(progress=False))
    assert not any(flags(KnowledgeGraph(other)).values())
    build([planned_paths["plan"]], other, BuildOptions(progress=False))
    assert flags(KnowledgeGraph(other)) == flags(pkg)
    other.close()


def test_an_older_store_gets_the_column_when_opened(tmp_path):
    older = SCHEMA.replace("cue TEXT, rule TEXT, confidence REAL,\n    planned INTEGER NOT NULL DEFAULT 0\n",
                           "cue TEXT, rule TEXT, confidence REAL\n")
    assert older != SCHEMA
    path = tmp_path / "innokg.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(older)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    conn.execute("INSERT INTO documents (id, content_hash, path) VALUES ('d1', 'h1', 'old.txt')")
    conn.execute("INSERT INTO evidence (relation_id, doc_id, type, head_key, tail_key) VALUES (1, 'd1', 'JOINED', 'a', 'b')")
    conn.commit()
    conn.close()
    with Store(path, create=False) as store:
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(evidence)")}
        assert "planned" in columns
        assert [tuple(r) for r in store.conn.execute("SELECT planned FROM evidence")] == [(0,)]
        build_graph(store)  # reads the column
    with Store(path, create=False) as store:  # opening it again changes nothing
        assert [r[1] for r in store.conn.execute("PRAGMA table_info(evidence)")].count("planned") == 1


# -- queries ------------------------------------------------------------------------------------------
def test_relation_rows_carry_planned(pkg):
    rows = {(r["type"], r["other_name"]): r["planned"] for r in pkg.relations_of(pkg.find(UNIVERSITY))}
    assert rows[("CO_BUILDS", INSTITUTE)] is False and rows[("CO_BUILDS", LAB)] is True
    assert rows[("PARTNERS_WITH", GOVERNMENT)] is False and rows[("PARTNERS_WITH", ELECTRIC)] is True
    listed = {(r["head"], r["type"], r["tail"]): r["planned"] for r in pkg.relations()}
    assert listed[(FIRM, "JOINED", GIANT)] is True and listed[(FIRM, "JOINED", HIGH_TECH)] is False
    programs = {p["name"]: p["planned"] for p in pkg.programs_of(pkg.find(FIRM))}
    assert programs == {GIANT: True, HIGH_TECH: False}
    assert [p["planned"] for p in pkg.participants(pkg.find(GIANT))] == [True]
    partners = {p["name"]: p["planned"] for p in pkg.partners(pkg.find(UNIVERSITY))}
    assert partners[GOVERNMENT] is False and partners[ELECTRIC] is True
    assert pkg.stats()["planned_edges"] == sum(flags(pkg).values()) >= len(PLANNED)


def test_the_stated_graph_leaves_planned_relations_out(pkg):
    stated = pkg.stated()
    assert stated.stated() is stated and pkg.stated() is stated  # built once
    assert set(stated.graph.nodes) == set(pkg.graph.nodes)  # the entities stay
    assert not any(d["planned"] for *_, d in stated.edges)
    assert len(stated.edges) == len(pkg.edges) - pkg.stats()["planned_edges"]
    assert {r["other_name"] for r in stated.relations_of(stated.find(UNIVERSITY))} == {GOVERNMENT, INSTITUTE}
    # The co-builders of the institute, and the institute itself; not the lab's planned co-builder.
    assert sorted(p["name"] for p in stated.partners(stated.find(UNIVERSITY))) == sorted([GOVERNMENT, INSTITUTE])
    assert [p["name"] for p in stated.programs_of(stated.find(FIRM))] == [HIGH_TECH]
    counts = {p["name"]: p["participants"] for p in stated.programs()}
    assert counts[GIANT] == 0 and counts[HIGH_TECH] == 1
    assert stated.path(stated.find(ELECTRIC), stated.find(UNIVERSITY)) == []
    assert pkg.path(pkg.find(ELECTRIC), pkg.find(UNIVERSITY))[0]["planned"] is True


def test_a_graph_without_plans_is_its_own_stated_graph(tmp_path):
    from neo4j_data import make_store

    store = make_store(tmp_path, "AB")  # hand-made reports, nothing planned
    kg = KnowledgeGraph(store)
    assert kg.stats()["planned_edges"] == 0 and kg.graph.number_of_edges() > 0
    assert kg.stated() is kg
    store.close()


# -- the command line -----------------------------------------------------------------------------------
def _query(capsys, store, *args) -> list[str]:
    assert main(["query", *args, "--store", str(store.path)]) == 0
    return capsys.readouterr().out.splitlines()


def _line(lines: list[str], name: str) -> str:
    found = [x for x in lines if name in x]
    assert len(found) == 1, (name, lines)
    return found[0]


def test_query_marks_planned_relations(planned_store, capsys):
    lines = _query(capsys, planned_store, "relations", UNIVERSITY)
    assert lines[0].split()[-1] == "planned"
    assert _line(lines, LAB).endswith("planned") and _line(lines, ELECTRIC).endswith("planned")
    assert not _line(lines, INSTITUTE).endswith("planned") and not _line(lines, GOVERNMENT).endswith("planned")
    zh = _query(capsys, planned_store, "relations", UNIVERSITY, "--lang", "zh")
    assert zh[0].split()[-1] == "状态"
    assert _line(zh, LAB).endswith("计划") and not _line(zh, INSTITUTE).endswith("计划")
    en = _query(capsys, planned_store, "relations", UNIVERSITY, "--lang", "en")
    assert en[0].split()[-1] == "status" and _line(en, LAB).endswith("planned")
    assert not _line(en, INSTITUTE).endswith("planned")


def test_query_json_carries_planned_as_a_boolean(planned_store, capsys):
    out = json.loads("\n".join(_query(capsys, planned_store, "joined", FIRM, "--json")))
    assert {r["name"]: r["planned"] for r in out["rows"]} == {GIANT: True, HIGH_TECH: False}


@pytest.mark.parametrize("question, gone, kept", [
    (["relations", UNIVERSITY], LAB, INSTITUTE),
    (["partners", UNIVERSITY], ELECTRIC, GOVERNMENT),
    (["joined", FIRM], GIANT, HIGH_TECH),
    (["programs"], GIANT, HIGH_TECH),
    (["ego", UNIVERSITY], LAB, INSTITUTE),
], ids=lambda x: x[0] if isinstance(x, list) else None)
def test_stated_only_leaves_planned_relations_out(planned_store, capsys, question, gone, kept):
    everything = "\n".join(_query(capsys, planned_store, *question))
    assert gone in everything and kept in everything
    stated = _query(capsys, planned_store, *question, "--stated-only")
    shown = "\n".join(stated[2:])  # below the header
    assert kept in shown and "planned" not in shown
    if question == ["programs"]:  # a program stays listed, with no participant left
        assert re.search(r"\s0\s*$", _line(stated, gone))
    else:
        assert gone not in shown


def test_stats_says_how_many_relations_are_planned(planned_store, pkg, capsys):
    assert main(["stats", "--store", str(planned_store.path)]) == 0
    n = pkg.stats()["planned_edges"]
    assert f"edges ({n} of them planned" in capsys.readouterr().out


# -- exports ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def exported(pkg, tmp_path_factory):
    out = tmp_path_factory.mktemp("planned_exports")
    files = {fmt: export(pkg.graph, fmt, out / fmt, store=pkg.store)
             for fmt in ("graphml", "gexf", "json", "csv", "cypher", "neo4j-admin")}
    return pkg.graph, files


def _planned_by_edge(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], bool]:
    return {(a, b, k): d["planned"] for a, b, k, d in g.edges(keys=True, data=True)}


def test_graphml_gexf_and_json_carry_planned(exported):
    g, files = exported
    want = _planned_by_edge(g)
    assert any(want.values()) and not all(want.values())
    graphml = nx.read_graphml(files["graphml"][0], force_multigraph=True)
    assert {(a, b, d["type"]): d["planned"] for a, b, d in graphml.edges(data=True)} == want
    gexf = nx.read_gexf(files["gexf"][0])  # no two edges share their ends here: read as a DiGraph
    assert {(a, b): d["planned"] for a, b, d in gexf.edges(data=True)} == {(a, b): p for (a, b, _), p in want.items()}
    data = json.loads(files["json"][0].read_text(encoding="utf-8"))
    assert _planned_by_edge(nx.node_link_graph(data, edges="links", multigraph=True, directed=True)) == want


def test_csv_carries_planned(exported):
    g, files = exported
    with files["csv"][1].open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {(r["source"], r["target"], r["type"]): r["planned"] for r in rows} == {
        k: "true" if v else "false" for k, v in _planned_by_edge(g).items()}


def _param_rows(lines: list[str]) -> list[tuple[str, list[dict]]]:
    """(statement, rows) for each batch of a Cypher script."""
    out = []
    for i, line in enumerate(lines):
        if line.startswith(":param rows => "):
            literal = line.removeprefix(":param rows => ").rstrip(";")
            end = next(j for j in range(i + 1, len(lines)) if lines[j].endswith(";"))
            out.append(("\n".join(lines[i + 1 : end + 1]), json.loads(re.sub(r"`(\w+)`:", r'"\1":', literal))))
    return out


def test_cypher_script_carries_planned_on_relationships_and_evidence(exported, planned_store):
    g, files = exported
    batches = _param_rows(files["cypher"][0].read_text(encoding="utf-8").splitlines())
    rels = {(r["source"], r["target"]): r["planned"] for s, rows in batches if "MERGE (a)-[r:" in s for r in rows}
    assert rels == {(a, b): p for (a, b, _), p in _planned_by_edge(g).items()}
    evidence = [r for s, rows in batches if "MERGE (v:Evidence" in s for r in rows]
    stored = planned_store.conn.execute("SELECT planned, COUNT(*) FROM evidence GROUP BY planned").fetchall()
    assert sorted((r["planned"], 1) for r in evidence) == sorted(
        (bool(p), 1) for p, n in stored for _ in range(n))


def test_neo4j_admin_files_carry_planned_as_booleans(exported):
    g, files = exported
    by_name = {p.name: p for p in files["neo4j-admin"]}

    def read(name: str) -> list[dict]:
        with by_name[name].open(encoding="utf-8") as f:
            return list(csv.DictReader(f))

    rels = read("admin_relationships.csv")
    assert {(r[":START_ID"], r[":END_ID"], r[":TYPE"]): r["planned:boolean"] for r in rels} == {
        k: "true" if v else "false" for k, v in _planned_by_edge(g).items()}
    assert {r["planned:boolean"] for r in read("admin_evidence.csv")} == {"true", "false"}


def test_an_export_without_planned_relations_leaves_their_sentences_out(pkg, tmp_path):
    stated = pkg.stated()
    path = export(stated.graph, "cypher", tmp_path, store=pkg.store)[0]
    batches = _param_rows(path.read_text(encoding="utf-8").splitlines())
    rels = [r for s, rows in batches if "MERGE (a)-[r:" in s for r in rows]
    evidence = [r for s, rows in batches if "MERGE (v:Evidence" in s for r in rows]
    assert rels and not any(r["planned"] for r in rels)
    linked = {i for r in rels for i in r["evidence_ids"]}
    # Only the sentences of the relations exported (a 2025 plan sentence of a fact among them).
    assert {v["id"] for v in evidence} == linked
    assert any(v["planned"] for v in evidence)


# -- Neo4j rows ------------------------------------------------------------------------------------------------
def test_neo4j_rows_carry_planned_and_change_hash_with_it(pkg):
    g = pkg.graph
    rows = {(r["source"], r["target"]): r for r in relationship_rows(g, "CO_BUILDS")}
    lab = (pkg.find(ELECTRIC), pkg.find(LAB))
    institute = (pkg.find(GOVERNMENT), pkg.find(INSTITUTE))
    assert rows[lab]["planned"] is True and rows[institute]["planned"] is False
    h = g.copy()
    h[lab[0]][lab[1]]["CO_BUILDS"]["planned"] = False
    again = {(r["source"], r["target"]): r for r in relationship_rows(h, "CO_BUILDS")}
    assert again[lab]["row_hash"] != rows[lab]["row_hash"]  # a reload rewrites it
    assert again[institute]["row_hash"] == rows[institute]["row_hash"]
    evidence, ids = evidence_rows(pkg.store)
    by_id = {v["id"]: v for v in evidence}
    built = edge(pkg, GOVERNMENT, "CO_BUILDS", INSTITUTE)
    assert sorted(by_id[i]["planned"] for i in ids[built["relation_id"]]) == [False, True]
