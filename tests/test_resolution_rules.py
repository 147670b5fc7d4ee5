"""Each merge and non-merge rule of graph_loader/resolve.py, in both orders of reports."""

from __future__ import annotations

from resolution_data import FULL, OTHER_CITY, SHORT, all_orders, build_store, names_of, report, signature

from graph_loader.graph import build_graph
from graph_loader.names import name_core, places, relative_name
from graph_loader.queries import KnowledgeGraph
from graph_loader.review import duplicates, explain
from graph_loader.store import Store


def test_core_of_a_name():
    pl = places()
    assert name_core("宁波澜屿光电股份有限公司").core == "澜屿光电"
    assert name_core("澜屿光电(宁波)有限公司").core == "澜屿光电"  # a place in brackets
    assert name_core("浙江宁波澜屿光电有限公司").place == pl.full["宁波市"][0]
    assert name_core("宁波精达集团有限公司").core == "精达集团"
    # no core: a place that is part of the name, a branch, generic words, a known organisation
    for name in ("宁波大学", "宁波东方理工大学", "宁波澜屿光电股份有限公司杭州分公司", "宁波市科技创业投资有限公司",
                 "中国科学院大学", "宁波市科学技术局"):
        assert name_core(name).core == "", name


def test_a_short_form_joins_its_only_full_name_in_either_order(tmp_path):
    orders = all_orders(tmp_path, [SHORT, FULL])
    assert orders[0] == orders[1]
    store = build_store(tmp_path / "x", [SHORT, FULL])
    g = build_graph(store)
    node = names_of(g)["宁波澜屿光电股份有限公司"]
    assert "澜屿光电" in node["aliases"] and node["documents"] == ["full", "short"]
    assert "甬城大学" in {g.nodes[x]["name"] for x in g.successors(node["id"])} | \
        {g.nodes[x]["name"] for x in g.predecessors(node["id"])}
    reasons = {(m["key"], m["other"], m["reason"]) for m in explain(store, node["id"])["merges"]}
    assert ("澜屿光电", "宁波澜屿光电股份有限公司", "unique core") in reasons


def test_two_full_names_with_one_core_merge_nothing_and_are_listed_for_review(tmp_path):
    orders = all_orders(tmp_path, [SHORT, FULL, OTHER_CITY])
    assert all(o == orders[0] for o in orders)
    store = build_store(tmp_path / "x", [SHORT, FULL, OTHER_CITY])
    by_name = names_of(build_graph(store))
    assert {"澜屿光电", "宁波澜屿光电股份有限公司", "杭州澜屿光电有限公司"} <= set(by_name)
    pairs = {frozenset((r["a_name"], r["b_name"])): r for r in duplicates(KnowledgeGraph(store))}
    short_pair = pairs[frozenset(("澜屿光电", "宁波澜屿光电股份有限公司"))]
    assert short_pair["why"] == "several entities have this core"
    assert frozenset(("澜屿光电", "杭州澜屿光电有限公司")) in pairs
    # the short form's report is of 宁波: the pair with the 宁波 firm ranks first
    ranked = duplicates(KnowledgeGraph(store))
    assert {ranked[0]["a_name"], ranked[0]["b_name"]} == {"澜屿光电", "宁波澜屿光电股份有限公司"}


def test_a_later_report_undoes_a_merge_that_became_ambiguous(tmp_path):
    """Incremental: SHORT+FULL merged; OTHER_CITY arrives; the graph equals one built with all three."""
    store = build_store(tmp_path / "inc", [SHORT, FULL])
    assert "澜屿光电" not in names_of(build_graph(store))
    store.add_extraction(OTHER_CITY)
    at_once = build_store(tmp_path / "once", [OTHER_CITY, SHORT, FULL])
    assert signature(build_graph(store)) == signature(build_graph(at_once))
    # the full name's entity, which kept its id, no longer says it merged the short form
    assert _merges(store) == _merges(at_once)
    assert not explain(store, names_of(build_graph(store))["宁波澜屿光电股份有限公司"]["id"])["merges"]
    # the short form's partner went back with it
    g = build_graph(store)
    short = names_of(g)["澜屿光电"]["id"]
    assert {g.nodes[x]["name"] for x in g.successors(short)} | {g.nodes[x]["name"] for x in g.predecessors(short)} \
        == {"甬城大学"}
    assert store.conn.execute("SELECT COUNT(*) FROM relations r WHERE NOT EXISTS"
                              " (SELECT 1 FROM evidence e WHERE e.relation_id = r.id)").fetchone()[0] == 0


def _merges(store) -> list[tuple]:
    return sorted(tuple(r) for r in store.conn.execute(
        "SELECT e.name, m.key, m.other, m.reason FROM merges m JOIN entities e ON e.id = m.entity_id"))


def test_types_must_agree(tmp_path):
    program = report("p", "澜屿光电计划支持企业攻关。", [("澜屿光电", "Program")], region="宁波市")
    store = build_store(tmp_path, [program, FULL])
    by_name = names_of(build_graph(store))
    assert {"澜屿光电", "宁波澜屿光电股份有限公司"} <= set(by_name)
    (row,) = duplicates(KnowledgeGraph(store))
    assert "labels differ" in " ".join(row["evidence"])


def test_regions_must_not_contradict(tmp_path):
    far = report("km", "澜屿光电与滇池学院签订合作协议。", [("澜屿光电", "Enterprise"), ("滇池学院", "University")],
                 region="昆明市")
    store = build_store(tmp_path / "far", [far, FULL])
    assert "澜屿光电" in names_of(build_graph(store))
    # a report of the province containing 宁波 does not contradict it
    province = report("zj", "澜屿光电入选省级名单。", [("澜屿光电", "Enterprise")], region="浙江省")
    store = build_store(tmp_path / "near", [province, FULL])
    assert "澜屿光电" not in names_of(build_graph(store))


def test_names_that_only_share_a_prefix_stay_apart(tmp_path):
    pairs = [("宁波理工大学", "University"), ("宁波理工大学科技学院", "University"),
             ("中国科学院", "ResearchInstitute"), ("中国科学院大学", "University"),
             ("甬城大学", "University"), ("甬城大学先进光电实验室", "Platform"),
             ("宁波软件园", "Platform"), ("宁波软件园北仑分园", "Platform"),
             ("澜屿光电", "Enterprise"), ("宁波澜屿光电股份有限公司杭州分公司", "Enterprise")]
    reports = [report(f"r{i}", f"{name}推进科技创新。", [(name, label)], region="宁波市")
               for i, (name, label) in enumerate(pairs)]
    g = build_graph(build_store(tmp_path, reports))
    assert g.number_of_nodes() == len(pairs)
    assert set(names_of(g)) == {n for n, _ in pairs}


def test_abbreviations_and_places_written_in_full_join_with_their_reason(tmp_path):
    a = report("a", "中科院宁波材料所牵头攻关。", [("中科院宁波材料所", "ResearchInstitute")], region="宁波市")
    b = report("b", "中国科学院宁波材料所牵头攻关。", [("中国科学院宁波材料所", "ResearchInstitute")], region="宁波市")
    c = report("c", "镇海区科学技术局组织申报。", [("镇海区科学技术局", "Government")], region="宁波市镇海区")
    d = report("d", "宁波市镇海区科学技术局组织申报。", [("宁波市镇海区科学技术局", "Government")], region="宁波市镇海区")
    store = build_store(tmp_path, [a, b, c, d])
    g = build_graph(store)
    assert g.number_of_nodes() == 2
    reasons = {m["reason"] for n in g for m in explain(store, n)["merges"]}
    assert reasons == {"abbreviation table", "place written in full"}


def test_a_note_merges_with_the_shared_alias_reason(tmp_path):
    old = report("old", "鄞江创新园新增孵化企业。", [("鄞江创新园", "Platform")], region="宁波市")
    new = report("new", "鄞江智造中心(原鄞江创新园)加快建设。", [("鄞江智造中心", "Platform")], region="宁波市",
                 aliases={"鄞江智造中心": ["鄞江创新园"]})
    for first, second in ((old, new), (new, old)):
        store = build_store(tmp_path / first.document.id, [first, second])
        g = build_graph(store)
        (eid,) = g.nodes
        assert g.nodes[eid]["name"] == "鄞江智造中心"
        assert [m["reason"] for m in explain(store, eid)["merges"]] == ["shared alias"]


def test_relative_names_take_the_report_region():
    pl = places()
    assert relative_name("市科技局", "Government", pl.region_codes("昆明市"))[1] == "昆明市科技局"
    assert relative_name("我市科技局", "Government", pl.region_codes("宁波市镇海区"))[1] == "宁波市科技局"
    assert relative_name("区委区政府", "Government", pl.region_codes("宁波市镇海区"))[1] == "宁波市镇海区委区政府"
    assert relative_name("省政府", "Government", pl.region_codes("曲靖市"))[1] == "云南省政府"
    assert relative_name("市场监督管理局", "Government", pl.region_codes("宁波市")) is None
    assert relative_name("市级重点实验室", "Platform", pl.region_codes("宁波市")) is None
    assert relative_name("镇海区人民政府", "Government", pl.region_codes("宁波市")) is None


def test_a_relative_name_is_one_body_per_region_not_one_for_all(tmp_path):
    km = report("km", "市科技局与滇池学院签订合作协议。", [("市科技局", "Government"), ("滇池学院", "University")],
                [("市科技局", "PARTNERS_WITH", "滇池学院")], region="昆明市")
    km_title = report("km_title", "昆明市科学技术局2023年工作总结", [("昆明市科学技术局", "Government")], region="昆明市")
    qj = report("qj", "市科技局与珠源学院签订合作协议。", [("市科技局", "Government"), ("珠源学院", "University")],
                [("市科技局", "PARTNERS_WITH", "珠源学院")], region="曲靖市")
    nowhere = [report(f"n{i}", "市科技局牵头召开推进会。", [("市科技局", "Government")]) for i in range(2)]
    store = build_store(tmp_path, [km, km_title, qj, *nowhere])
    g = build_graph(store)
    by_name = names_of(g)
    kunming = by_name["昆明市科学技术局"]
    assert kunming["documents"] == ["km", "km_title"] and "市科技局" in kunming["aliases"]
    assert {g.nodes[x]["name"] for x in g.neighbors(kunming["id"])} | \
        {g.nodes[x]["name"] for x in g.predecessors(kunming["id"])} == {"滇池学院"}
    assert by_name["曲靖市科技局"]["documents"] == ["qj"]
    # two reports of unknown region: one bureau each
    assert sum(1 for _, d in g.nodes(data=True) if d["name"] == "市科技局") == 2


def test_ids_are_the_same_in_every_order(tmp_path):
    a = report("a", "宁波澜屿光电股份有限公司与甬城大学共建实验室。",
               [("宁波澜屿光电股份有限公司", "Enterprise"), ("甬城大学", "University")],
               [("宁波澜屿光电股份有限公司", "CO_BUILDS", "甬城大学")], region="宁波市")
    b = report("b", "中科院宁波材料所与甬城大学签订合作协议。",
               [("中科院宁波材料所", "ResearchInstitute"), ("甬城大学", "University")],
               [("中科院宁波材料所", "PARTNERS_WITH", "甬城大学")], region="宁波市")
    c = report("c", "澜屿光电获评市级企业研究院。", [("澜屿光电", "Enterprise")], region="宁波市")
    d = report("d", "中国科学院宁波材料所与澜屿光电签订合作协议。",
               [("中国科学院宁波材料所", "ResearchInstitute"), ("澜屿光电", "Enterprise")],
               [("中国科学院宁波材料所", "PARTNERS_WITH", "澜屿光电")], region="宁波市")
    orders = all_orders(tmp_path, [a, b, c, d])
    assert len(orders) == 24 and all(o == orders[0] for o in orders)
    nodes, edges = orders[0]
    assert len(nodes) == 3 and len(edges) == 3


def test_evidence_inside_one_entity_is_kept_without_a_relation(tmp_path):
    both = report("both", "澜屿光电与甬城大学签订合作协议。", [("澜屿光电", "Enterprise"), ("甬城大学", "University")],
                  [("澜屿光电", "PARTNERS_WITH", "甬城大学")], region="宁波市")
    store = build_store(tmp_path, [both])
    from graph_loader.review import decide

    decide(store, "merge", "澜屿光电", "甬城大学")  # wrong on purpose: the relation folds into one node
    assert build_graph(Store(tmp_path)).number_of_edges() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM evidence WHERE relation_id IS NULL").fetchone()[0] == 1
    decide(store, "split", "甬城大学", "澜屿光电")
    assert build_graph(store).number_of_edges() == 1


def test_a_relative_name_cut_off_its_place_is_that_places(tmp_path):
    """The recogniser may leave 疏附 out of 疏附县人民政府: that 县人民政府 is not the report's county."""
    cut = report("cut", "疏附县人民政府印发了若干意见。", [("县人民政府", "Government")], region="黔西南布依族苗族自治州晴隆县")
    own = report("own", "县人民政府印发了若干意见。", [("县人民政府", "Government")], region="黔西南布依族苗族自治州晴隆县")
    g = build_graph(build_store(tmp_path, [cut, own]))
    assert g.number_of_nodes() == 2
    docs = {d["name"]: d["documents"] for d in names_of(g).values()}
    assert docs["疏附县人民政府"] == ["cut"]
    assert docs["黔西南布依族苗族自治州晴隆县人民政府"] == ["own"]
