"""One graph across many reports: resolution, incremental builds, type conflicts."""

from __future__ import annotations

import networkx as nx

from graph_loader.build import BuildOptions, build
from graph_loader.graph import build_graph
from graph_loader.store import Store
from ner.model import Document, Evidence, Extraction, Mention, Relation
from ner.units import unit_document


def add_text(store: Store, pipeline, doc_id: str, text: str) -> None:
    doc = unit_document({"id": doc_id, "text": text})
    assert store.add_extraction(pipeline(doc))


def graph_signature(g: nx.MultiDiGraph) -> tuple:
    nodes = sorted((d["name"], d["label"], d["mentions"], tuple(d["documents"]), tuple(sorted(d["aliases"])))
                   for _, d in g.nodes(data=True))
    edges = sorted((g.nodes[a]["name"], k, g.nodes[b]["name"], d["evidence"], tuple(d["documents"]))
                   for a, b, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def test_two_halves_give_the_same_graph_as_all_at_once(tmp_path, sample_paths):
    whole = Store(tmp_path / "whole")
    build(sample_paths, whole, BuildOptions(progress=False))
    halves = Store(tmp_path / "halves")
    build(sample_paths[:2], halves, BuildOptions(progress=False))
    build(sample_paths[2:], halves, BuildOptions(progress=False))
    g1, g2 = build_graph(whole), build_graph(halves)
    assert g1.number_of_nodes() > 100
    assert graph_signature(g1) == graph_signature(g2)
    assert sorted(g1.nodes) == sorted(g2.nodes)


def test_abbreviated_and_full_names_are_one_node(tmp_path, pipeline):
    store = Store(tmp_path)
    add_text(store, pipeline, "d1", "中国科学院宁波材料所获批筹建磁性材料领域首个国家级知识产权运营中心。")
    add_text(store, pipeline, "d2", "中科院宁波材料所与宁波大学签订战略合作协议。")
    add_text(store, pipeline, "d3", "宁波大学科技学院与宁波大学共建实验室。")
    g = build_graph(store)
    by_name = {d["name"]: d for _, d in g.nodes(data=True)}
    cas = [d for d in by_name.values() if "宁波材料" in d["name"]]
    assert len(cas) == 1, by_name.keys()
    assert {"中国科学院宁波材料所", "中科院宁波材料所"} <= {cas[0]["name"], *cas[0]["aliases"]}
    assert cas[0]["documents"] == ["d1", "d2"]
    # a shared prefix is no reason to merge
    assert "宁波大学" in by_name and "宁波大学科技学院" in by_name


def test_a_note_in_one_report_bridges_names_of_others(tmp_path, pipeline):
    store = Store(tmp_path)
    add_text(store, pipeline, "old", "鄞州科技信息园新增孵化企业53家。")
    add_text(store, pipeline, "new", "鄞州科技孵化创业中心加快建设。")
    assert build_graph(store).number_of_nodes() == 2
    add_text(store, pipeline, "bridge", "鄞州科技孵化创业中心(原鄞州科技信息园)加快建设。")
    g = build_graph(store)
    assert g.number_of_nodes() == 1
    (node,) = g.nodes.values()
    assert node["name"] == "鄞州科技孵化创业中心" and "鄞州科技信息园" in node["aliases"]
    assert node["documents"] == ["bridge", "new", "old"]


def _extraction(doc_id: str, names: list[tuple[str, str]], relations=()) -> Extraction:
    doc = Document(id=doc_id, path=doc_id, text="x", content_hash=doc_id * 4)
    mentions = [Mention(sentence=0, start=0, end=len(n), text=n, label=lab, name=n) for n, lab in names]
    rels = [Relation(h, hl, t, tt, tl, Evidence(doc_id, 0, "x", 0, 1, 0, 1, "cue", "rule"))
            for h, hl, t, tt, tl in relations]
    return Extraction(doc, [], mentions, rels)


def test_masked_names_never_become_nodes(tmp_path):
    store = Store(tmp_path)
    store.add_extraction(_extraction("m1", [("xx有色公司", "Enterprise"), ("合肥工业大学", "University")],
                                     [("xx有色公司", "Enterprise", "PARTNERS_WITH", "合肥工业大学", "University")]))
    store.add_extraction(_extraction("m2", [("xx有色公司", "Enterprise"), ("XX县区科技局", "Government")]))
    names = {r["name"] for r in store.entities()}
    assert names == {"合肥工业大学"}
    assert store.counts()["relations"] == {}


def test_a_type_conflict_goes_to_the_majority_and_is_recorded(tmp_path):
    store = Store(tmp_path)
    store.add_extraction(_extraction("t1", [("海邦基金", "Program")]))
    store.add_extraction(_extraction("t2", [("海邦基金", "Enterprise")]))
    store.add_extraction(_extraction("t3", [("海邦基金", "Enterprise")]))
    (entity,) = store.entities()
    assert entity["label"] == "Enterprise" and entity["label_votes"] == {"Enterprise": 2, "Program": 1}
    conflicts = store.conn.execute("SELECT label, chosen FROM conflicts").fetchall()
    assert ("Program", "Enterprise") in {tuple(r) for r in conflicts}


def test_lexicon_full_name_is_displayed(tmp_path, pipeline):
    store = Store(tmp_path)
    add_text(store, pipeline, "a", "与中科院、清华大学等一批重点高校院所合作深入推进。")
    names = {r["name"] for r in store.entities()}
    assert "中国科学院" in names and "中科院" not in names


def test_designations_are_marked(kg):
    g = kg.graph
    flags = {d["name"]: d["designation"] for _, d in g.nodes(data=True)}
    assert flags["市级重点实验室"] is True
    assert flags["甬江实验室"] is False


def test_short_forms_do_not_merge_across_reports(tmp_path, pipeline):
    """县科学技术局 is 泰顺县's bureau in one report and 双柏县's in the other: two nodes."""
    store = Store(tmp_path)
    add_text(store, pipeline, "a", "泰顺县科学技术局组织企业申报省级项目。县科学技术局牵头召开推进会。")
    add_text(store, pipeline, "b", "双柏县科学技术局组织企业申报省级项目。县科学技术局牵头召开推进会。")
    g = build_graph(store)
    by_name = {d["name"]: d for _, d in g.nodes(data=True)}
    assert {"泰顺县科学技术局", "双柏县科学技术局"} <= set(by_name)
    assert "县科学技术局" in by_name["泰顺县科学技术局"]["aliases"]
    assert by_name["泰顺县科学技术局"]["documents"] == ["a"]
    assert by_name["双柏县科学技术局"]["documents"] == ["b"]


def test_relative_names_of_two_cities_are_two_bureaus(tmp_path):
    """Two one-line reports, of 昆明 and of 曲靖, each saying 市科技局与…签订合作协议: each report's
    市科技局 is its city's bureau, the one its title names in full, in either order."""
    kunming, qujing = tmp_path / "kunming.txt", tmp_path / "qujing.txt"
    kunming.write_text("昆明市科学技术局2023年工作总结\n\n市科技局与云南大学签订合作协议。\n", encoding="utf-8")
    qujing.write_text("曲靖市科学技术局2023年工作总结\n\n市科技局与曲靖师范学院签订合作协议。\n", encoding="utf-8")
    signatures = []
    for i, order in enumerate(([kunming, qujing], [qujing, kunming])):
        store = Store(tmp_path / f"store{i}")
        for path in order:
            build([path], store, BuildOptions(progress=False))
        g = build_graph(store)
        by_name = {d["name"]: n for n, d in g.nodes(data=True)}
        assert "市科技局" not in by_name
        for bureau, university in (("昆明市科学技术局", "云南大学"), ("曲靖市科学技术局", "曲靖师范学院")):
            node = by_name[bureau]
            assert "市科技局" in g.nodes[node]["aliases"]
            partners = {g.nodes[x]["name"] for x in (*g.successors(node), *g.predecessors(node))}
            assert partners == {university}
        signatures.append(graph_signature(g))
    assert signatures[0] == signatures[1]
