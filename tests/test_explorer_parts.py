"""The explorer's plain parts: upload checks, the network selection and cap, highlighting, exports."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import networkx as nx
import pytest

from explorer.exports import FILES, export_bytes, export_zip
from explorer.network import cytoscape, network_view
from explorer.render import frame_to_csv, highlight_html, readable_frame
from explorer.upload import UploadRefused, analyse, check_content, check_name_and_size, document_spans

PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
DOCX_HEAD = b"PK\x03\x04\x14\x00\x06\x00"
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8


# -- upload ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["a.txt", "A.TXT", "b.docx", "c.pdf", "d.html", "e.htm"])
def test_accepted_types(name):
    check_name_and_size(name, 100, max_bytes=1000)


@pytest.mark.parametrize("name,problem", [
    ("a.doc", "unsupported file type '.doc'"),
    ("a.xlsx", "unsupported file type '.xlsx'"),
    ("noext", "unsupported file type '(none)'"),
])
def test_refused_types_name_the_file(name, problem):
    with pytest.raises(UploadRefused, match="^" + re.escape(f"{name}: {problem}")):
        check_name_and_size(name, 100, max_bytes=1000)


def test_size_is_checked_before_reading():
    with pytest.raises(UploadRefused, match="over the 1 MB upload limit"):
        check_name_and_size("big.pdf", 3 * 1024 * 1024, max_bytes=1024 * 1024)
    with pytest.raises(UploadRefused, match="empty"):
        check_name_and_size("empty.txt", 0, max_bytes=1024)


@pytest.mark.parametrize("name,head,ok", [
    ("r.pdf", PDF_HEAD, True),
    ("r.docx", DOCX_HEAD, True),
    ("r.txt", "科技局工作总结".encode(), True),
    ("r.html", b"<!DOCTYPE html><html><body>x</body></html>", True),
    ("r.txt", b"<html><body>x</body></html>", True),
    ("r.pdf", "科技局工作总结".encode(), False),
    ("r.docx", OLE_HEAD, False),
    ("r.txt", PDF_HEAD, False),
    ("r.html", DOCX_HEAD, False),
])
def test_content_must_match_the_suffix(name, head, ok):
    if ok:
        check_content(name, head)
    else:
        with pytest.raises(UploadRefused, match=f"^{name}: named "):
            check_content(name, head)


class ExplodingPipeline:
    def __call__(self, document):  # pragma: no cover - reaching it is the failure
        raise AssertionError("a refused upload must not be parsed")


def test_refused_upload_never_reaches_the_pipeline():
    with pytest.raises(UploadRefused):
        analyse("fake.pdf", "不是PDF".encode(), ExplodingPipeline(), max_bytes=1000)
    with pytest.raises(UploadRefused):
        analyse("big.txt", "字".encode() * 1000, ExplodingPipeline(), max_bytes=100)


def test_unreadable_docx_is_refused_with_the_reader_s_reason():
    with pytest.raises(UploadRefused, match=r"^broken\.docx: "):
        analyse("broken.docx", DOCX_HEAD + b"\x00" * 100, ExplodingPipeline(), max_bytes=10_000)


def test_analyse_gives_mentions_at_document_offsets(pipeline):
    text = "宁波市科技局2024年工作总结\n2024年，宁波晶钻科技股份有限公司入选国家火炬计划。\n"
    result = analyse("新.txt", text.encode("utf-8"), pipeline, max_bytes=10_000)
    doc = result.extraction.document
    spans = document_spans(result.extraction)
    found = {(doc.text[s:e], label) for s, e, label in spans}
    assert ("宁波晶钻科技股份有限公司", "Enterprise") in found
    assert ("国家火炬计划", "Program") in found


# -- highlighting -----------------------------------------------------------------------------------
def test_highlight_marks_both_names_and_escapes_text():
    text = "<b>合肥工业大学</b>与精达集团联合申报"
    html = highlight_html(text, [(3, 9, "University"), (14, 18, "Enterprise")])
    assert html.count('<mark class="entity"') == 2
    assert "合肥工业大学" in html and "精达集团" in html and "University" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "\n" not in html


def test_highlight_drops_overlapping_and_out_of_range_spans():
    html = highlight_html("甬江实验室研究院", [(0, 5, "Platform"), (2, 8, "ResearchInstitute"), (5, 99, "Program")])
    assert html.count('<mark class="entity"') == 1


def test_highlight_captions_marks_with_the_names_given():
    html = highlight_html("合肥工业大学与精达集团", [(0, 6, "University"), (7, 11, "Enterprise")],
                          {"University": "高校", "Enterprise": "企业"})
    assert "高校" in html and "企业" in html and "University" not in html
    assert "#ff922b" in html  # the university's colour, found under its Chinese name


def test_csv_keeps_chinese_and_lists():
    table = [{"name": "清华大学", "aliases": ["清华", "THU"], "label": "University", "n": 3}]
    data = frame_to_csv(readable_frame(table, "zh"))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [{"名称": "清华大学", "别称": "清华 | THU", "类型": "高校", "n": "3"}]


# -- network ----------------------------------------------------------------------------------------
def _star(n_leaves: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("hub", name="中心大学", label="University", mentions=5)
    for i in range(n_leaves):
        g.add_node(f"f{i}", name=f"企业{i}", label="Enterprise", mentions=1)
        g.add_edge("hub", f"f{i}", key="PARTNERS_WITH", evidence=1)
        if i:
            g.add_node(f"p{i}", name=f"平台{i}", label="Platform", mentions=1)
            g.add_edge(f"f{i}", f"p{i}", key="CO_BUILDS", evidence=1)
    g.add_node("alone", name="孤立", label="Program", mentions=1)
    return g


def test_network_whole_graph_drops_isolated_nodes_and_sizes_by_degree():
    view = network_view(_star(5), types=("PARTNERS_WITH", "CO_BUILDS"))
    ids = {n["data"]["id"] for n in view.elements["nodes"]}
    assert "alone" not in ids and len(ids) == 1 + 5 + 4
    size = {n["data"]["id"]: n["data"]["size"] for n in view.elements["nodes"]}
    assert size["hub"] > size["f1"] > size["p1"]
    color = {n["data"]["id"]: n["data"]["color"] for n in view.elements["nodes"]}
    assert color["hub"] != color["f1"]  # coloured by label
    assert not view.capped and view.cap_message() == ""


def test_network_ego_depth():
    g = _star(5)
    assert set(network_view(g, centre="f1", depth=1).node_ids) == {"f1", "hub", "p1"}
    # f1 -> hub, p1 -> the other four firms -> their platforms
    assert len(network_view(g, centre="f1", depth=2).node_ids) == 3 + 4
    assert len(network_view(g, centre="f1", depth=3).node_ids) == 3 + 4 + 3
    with pytest.raises(ValueError):
        network_view(g, centre="f1", depth=4)


def test_network_cap_keeps_the_centre_and_says_so():
    g = _star(400)
    view = network_view(g, centre="f7", depth=3, cap=50)
    assert view.capped and len(view.node_ids) == 50
    assert view.node_ids[0] == "f7" and "hub" in view.node_ids
    assert "too many to draw" in view.cap_message() and "800 entities and 799 relations" in view.cap_message()
    assert "800 个实体、799 条关系" in view.cap_message("zh")
    # Edges are drawn only between drawn nodes.
    drawn = set(view.node_ids)
    assert all(e["data"]["source"] in drawn and e["data"]["target"] in drawn for e in view.elements["edges"])


def test_network_component_speaks_the_users_language():
    """The component's details panel lists every data field: they carry readable names and values."""
    view = network_view(_star(3), centre="hub", types=("PARTNERS_WITH", "CO_BUILDS"))
    elements, styles = cytoscape(view, "zh")
    hub = next(n for n in elements["nodes"] if n["data"]["id"] == "hub")
    assert hub["data"] == {"id": "hub", "label": "中心大学", "类型": "高校", "关系数": 3, "提及次数": 5}
    assert "centre" in hub["classes"].split()
    edge = next(e for e in elements["edges"] if e["classes"] == "PARTNERS_WITH")
    assert edge["data"]["label"] == "合作" and edge["data"]["证据数"] == 1
    # Colour and size travel as classes, each with its style; directed types get arrows.
    selectors = {s["selector"]: s["style"] for s in styles}
    for cls in hub["classes"].split():
        assert f"node.{cls}" in selectors
    assert selectors["node." + hub["classes"].split()[0]]["background-color"] == hub_color(view)
    assert "edge.CO_BUILDS" in selectors and "edge.PARTNERS_WITH" not in selectors
    english, _ = cytoscape(view, "en")
    assert next(n for n in english["nodes"] if n["data"]["id"] == "hub")["data"]["type"] == "University"


def hub_color(view) -> str:
    return next(n["data"]["color"] for n in view.elements["nodes"] if n["data"]["id"] == "hub")


def test_network_community_colouring():
    g = nx.MultiDiGraph()
    for group in ("a", "b"):
        for i in range(5):
            g.add_node(f"{group}{i}", name=f"{group}{i}", label="Enterprise", mentions=1)
        for i in range(5):
            for j in range(i + 1, 5):
                g.add_edge(f"{group}{i}", f"{group}{j}", key="PARTNERS_WITH", evidence=1)
    g.add_edge("a0", "b0", key="PARTNERS_WITH", evidence=1)
    view = network_view(g, color_by="community")
    assert len(view.communities) == 2
    color = {n["data"]["id"]: n["data"]["color"] for n in view.elements["nodes"]}
    assert color["a1"] == color["a2"] != color["b1"]


# -- exports ----------------------------------------------------------------------------------------
def test_every_export_file_reads_back(kg):
    g = kg.graph
    graphml = nx.read_graphml(io.BytesIO(export_bytes(g, "graphml")))
    assert graphml.number_of_nodes() == g.number_of_nodes()
    gexf = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf")))
    assert gexf.number_of_edges() == g.number_of_edges()
    data = json.loads(export_bytes(g, "json"))
    assert len(data["nodes"]) == g.number_of_nodes()
    nodes = list(csv.DictReader(io.StringIO(export_bytes(g, "nodes.csv").decode("utf-8"))))
    rels = list(csv.DictReader(io.StringIO(export_bytes(g, "relationships.csv").decode("utf-8"))))
    assert len(nodes) == g.number_of_nodes() and len(rels) == g.number_of_edges()
    # The identifiers stay; the readable columns name the types in the interface's language.
    assert {(n["label"], n["label_name"]) for n in nodes if n["label"] == "University"} == {("University", "高校")}
    assert {r["type_name"] for r in rels if r["type"] == "PARTNERS_WITH"} == {"合作"}
    english = list(csv.DictReader(io.StringIO(export_bytes(g, "relationships.csv", lang="en").decode("utf-8"))))
    assert {r["type_name"] for r in english if r["type"] == "PARTNERS_WITH"} == {"partners with"}
    assert "MERGE" in export_bytes(g, "cypher").decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(export_zip(g, "neo4j-admin"))) as z:
        assert sorted(z.namelist()) == ["admin_import.txt", "admin_nodes.csv", "admin_relationships.csv"]
    assert set(FILES) == {"graphml", "gexf", "json", "nodes.csv", "relationships.csv", "cypher"}


def test_export_of_a_part(kg):
    eid = kg.find("合肥工业大学")
    part = kg.graph.subgraph(network_view(kg.graph, centre=eid, depth=1).node_ids).copy()
    rels = list(csv.DictReader(io.StringIO(export_bytes(part, "relationships.csv").decode("utf-8"))))
    assert len(rels) == part.number_of_edges() > 0


def test_whole_graph_cap_draws_connected_clusters():
    g = nx.MultiDiGraph()
    # Ten hubs of degree 3 that do not touch each other, and one cluster of twelve.
    for h in range(10):
        g.add_node(f"h{h}", name=f"h{h}", label="Platform", mentions=1)
        for i in range(3):
            g.add_node(f"h{h}l{i}", name=f"h{h}l{i}", label="Enterprise", mentions=1)
            g.add_edge(f"h{h}l{i}", f"h{h}", key="CO_BUILDS", evidence=1)
    for i in range(12):
        g.add_node(f"c{i}", name=f"c{i}", label="Enterprise", mentions=1)
    for i in range(12):
        g.add_edge(f"c{i}", f"c{(i + 1) % 12}", key="PARTNERS_WITH", evidence=1)
        g.add_edge(f"c{i}", f"c{(i + 5) % 12}", key="PARTNERS_WITH", evidence=1)
    view = network_view(g, types=("PARTNERS_WITH", "CO_BUILDS"), cap=8)
    assert view.capped and len(view.node_ids) == 8
    drawn = g.subgraph(view.node_ids).to_undirected()
    assert nx.is_connected(drawn)  # one cluster grown from a hub, not eight unconnected hubs
