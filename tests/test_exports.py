"""Every export format is read back and compared with the graph it was written from."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from graph_loader.export import ADMIN_ARRAY_DELIMITER, LIST_SEP, export
from graph_loader.neo4j_writer import node_rows, relationship_rows
from ner.model import ENTITY_LABELS, RELATION_TYPES


@pytest.fixture(scope="module")
def exported(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    files = {fmt: export(kg.graph, fmt, out / fmt) for fmt in ("graphml", "gexf", "json", "csv", "cypher", "neo4j-admin")}
    return kg.graph, files


def _edges(g) -> list[tuple[str, str, str]]:
    return sorted((a, b, k) for a, b, k in g.edges(keys=True))


def test_graphml(exported):
    g, files = exported
    h = nx.read_graphml(files["graphml"][0], force_multigraph=True)
    assert sorted(h.nodes) == sorted(g.nodes)
    assert sorted((a, b, d["type"]) for a, b, d in h.edges(data=True)) == _edges(g)
    for n, d in g.nodes(data=True):
        assert h.nodes[n]["name"] == d["name"] and h.nodes[n]["label"] == d["label"]
        assert h.nodes[n]["mentions"] == d["mentions"]
        assert (h.nodes[n].get("aliases") or "") == LIST_SEP.join(d["aliases"])


def test_gexf_keeps_names_as_labels_and_types(exported):
    g, files = exported
    h = nx.read_gexf(files["gexf"][0])
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    for n, d in g.nodes(data=True):
        assert h.nodes[n]["label"] == d["name"]  # what Gephi shows
        assert h.nodes[n]["type"] == d["label"]


def test_node_link_json(exported):
    g, files = exported
    data = json.loads(files["json"][0].read_text(encoding="utf-8"))
    h = nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    assert _edges(h) == _edges(g)
    for n, d in g.nodes(data=True):
        assert h.nodes[n] == d


def test_csv(exported):
    g, files = exported
    nodes_csv, rels_csv = files["csv"]
    with nodes_csv.open(encoding="utf-8") as f:
        nodes = {r["id"]: r for r in csv.DictReader(f)}
    with rels_csv.open(encoding="utf-8") as f:
        rels = list(csv.DictReader(f))
    assert set(nodes) == set(g.nodes)
    for n, d in g.nodes(data=True):
        assert nodes[n]["name"] == d["name"] and nodes[n]["label"] == d["label"]
    assert sorted((r["source"], r["target"], r["type"]) for r in rels) == _edges(g)
    for r in rels:
        assert int(r["evidence"]) == g[r["source"]][r["target"]][r["type"]]["evidence"]


def test_neo4j_admin_csv(exported):
    g, files = exported
    nodes_csv, rels_csv, howto = files["neo4j-admin"]
    with nodes_csv.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r, strict=True)) for r in reader]
    assert header[0] == "id:ID" and header[-1] == ":LABEL"
    by_id = {r["id:ID"]: r for r in rows}
    assert set(by_id) == set(g.nodes)
    for n, d in g.nodes(data=True):
        r = by_id[n]
        assert r[":LABEL"].split(ADMIN_ARRAY_DELIMITER) == ["Entity", d["label"]]
        aliases = r["aliases:string[]"].split(ADMIN_ARRAY_DELIMITER) if r["aliases:string[]"] else []
        assert aliases == d["aliases"]
    with rels_csv.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rels = [dict(zip(header, r, strict=True)) for r in reader]
    assert header[:2] == [":START_ID", ":END_ID"] and header[-1] == ":TYPE"
    assert sorted((r[":START_ID"], r[":END_ID"], r[":TYPE"]) for r in rels) == _edges(g)
    assert "--array-delimiter" in howto.read_text(encoding="utf-8")


def _param_rows(line: str) -> list[dict]:
    literal = line.removeprefix(":param rows => ").rstrip(";")
    return json.loads(re.sub(r"`(\w+)`:", r'"\1":', literal))


def test_cypher_script_carries_every_row_as_a_parameter(exported):
    g, files = exported
    lines = files["cypher"][0].read_text(encoding="utf-8").splitlines()
    params = [_param_rows(x) for x in lines if x.startswith(":param rows => ")]
    sent = [row for batch in params for row in batch]
    expected = [r for lab in ENTITY_LABELS for r in node_rows(g, lab)]
    expected += [r for t in RELATION_TYPES for r in relationship_rows(g, t)]
    assert sent == expected
    statements = [x for x in lines if x.startswith("UNWIND")]
    assert all("$rows" in s for s in statements) and len(statements) == len(params)
