"""Queries shared by the CLI and the explorer, and exports read back."""

from __future__ import annotations

import csv
import json

import networkx as nx

from graph_loader.export import export


def test_search_forgives_short_forms(kg):
    hits = kg.search("合肥工业大学")
    assert hits and hits[0]["name"] == "合肥工业大学"
    assert kg.search("合肥工业大")[0]["name"] == "合肥工业大学"


def test_programs_have_participants(kg):
    progs = {p["name"]: p for p in kg.programs()}
    assert progs["省科技小巨人企业"]["participants"] == 2
    pid = progs["省科技小巨人企业"]["id"]
    # 晶钻科技 is the short form of 宁波晶钻科技股份有限公司, named in full later in the report.
    assert {p["name"] for p in kg.participants(pid)} == {"招宝磁业", "宁波晶钻科技股份有限公司"}


def test_exports_round_trip(kg, tmp_path):
    g = kg.graph
    for fmt in ("graphml", "gexf", "json", "csv"):
        export(g, fmt, tmp_path / fmt)
    h = nx.read_graphml(tmp_path / "graphml" / "innokg.graphml", force_multigraph=True)
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    some = next(iter(g.nodes))
    assert h.nodes[some]["name"] == g.nodes[some]["name"]
    x = nx.read_gexf(tmp_path / "gexf" / "innokg.gexf")
    assert x.number_of_nodes() == g.number_of_nodes()
    data = json.loads((tmp_path / "json" / "innokg.json").read_text(encoding="utf-8"))
    j = nx.node_link_graph(data, edges="links")
    assert j.number_of_edges() == g.number_of_edges()
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == g.number_of_nodes()
