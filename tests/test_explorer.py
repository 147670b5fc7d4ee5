"""The explorer's views, driven with Streamlit's AppTest over a store built from the samples.

These tests read the English interface (INNOKG_LANG=en) where they match texts;
tests/test_explorer_i18n.py walks every view in both languages.
"""

from __future__ import annotations

import importlib.util

import pytest
from explorer_app import ROOT, charts, copy_store, go, run_app, texts

from explorer.network import network_view
from graph_loader.queries import PARTNERSHIP_TYPES


@pytest.fixture
def store_copy(built_store, tmp_path):
    """A private copy of the sample store, for tests that add to it."""
    return copy_store(built_store, tmp_path)


def _kg(built_store):
    from graph_loader.queries import KnowledgeGraph

    return KnowledgeGraph(built_store)


def test_first_screen_is_the_overview(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    assert at.sidebar.radio(key="view").value == "overview"
    assert "5 reports" in "\n".join(c.value for c in at.sidebar.caption)
    assert {m.label for m in at.metric} >= {"Reports", "Entities", "Relations"}
    at.button(key="ov_go_programs").click().run()
    assert at.sidebar.radio(key="view").value == "programs"


def test_search_forgives_short_forms_and_filters(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "search")
    at.text_input(key="q").input("合肥工大").run()  # a short form, not the full name
    hits = [b.label for b in at.button if b.key and b.key.startswith("hit_")]
    assert hits and hits[0] == "合肥工业大学 · University"
    # A type filter that excludes the university leaves it out.
    at.selectbox(key="f_label").set_value("Enterprise").run()
    assert all(b.label.endswith("· Enterprise") for b in at.button if b.key and b.key.startswith("hit_"))
    # Without a query, the entities of that type, most connected first.
    at.text_input(key="q").input("").run()
    at.selectbox(key="f_label").set_value("University").run()
    browsed = [b.label for b in at.button if b.key and b.key.startswith("hit_")]
    assert browsed and all(b.endswith("· University") for b in browsed)
    assert "合肥工业大学 · University" in browsed
    kg = _kg(built_store)
    n = kg.label_counts()["University"]
    assert f"{n} entities, most connected first" in texts(at)


def test_entity_page_groups_relations_and_highlights_evidence(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "search")
    at.text_input(key="q").input("合肥工业大学").run()
    hit = next(b for b in at.button if b.label == "合肥工业大学 · University")
    hit.click().run()
    assert at.sidebar.radio(key="view").value == "entity"
    assert [h.value for h in at.header] == ["合肥工业大学"]
    page = texts(at)
    assert "**co-builds** · 1" in page and "**partners with** · 2" in page
    labels = [e.label for e in at.expander]
    assert any(lab.startswith("partners with 精达集团 (Enterprise)") for lab in labels)
    marks = [m.value for m in at.markdown if 'class="entity"' in m.value]
    # Both names of an edge are marked, with their types, in the sentence that states it.
    assert any("合肥工业大学" in m and "精达集团" in m and "University" in m and "Enterprise" in m for m in marks)
    assert any("001_356c60abb3feb7ae.txt" in c.value for c in at.caption)  # the source document
    # Moving to the other end of an edge opens its page, and the address follows.
    next(b for b in at.button if b.label == "Open 精达集团").click().run()
    assert [h.value for h in at.header] == ["精达集团"]
    assert at.query_params["entity"] == _kg(built_store).find("精达集团")


def test_network_view_ego_depth_communities_and_cap(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "search")
    at.text_input(key="q").input("合肥工业大学").run()
    next(b for b in at.button if b.label == "合肥工业大学 · University").click().run()
    at.button(key="ent_net").click().run()
    assert at.sidebar.radio(key="view").value == "network"
    assert "Centred on **合肥工业大学** (University)" in texts(at)
    drawn = at.session_state["net_nodes"]
    assert len(drawn) == 4  # the university, its two partners and the institute it co-builds
    # Centre elsewhere from the view itself; with all relation types, depth widens the ego network.
    at.text_input(key="net_q").input("东方理工大学").run()
    next(b for b in at.button if b.label == "Centre on 宁波东方理工大学 · University").click().run()
    at.radio(key="net_types").set_value("all").run()
    kg = _kg(built_store)
    eid = kg.find("宁波东方理工大学")
    sizes = []
    for depth in (1, 2):
        at.slider(key="net_depth").set_value(depth).run()
        sizes.append(len(at.session_state["net_nodes"]))
        assert sizes[-1] == kg.ego(eid, depth=depth).number_of_nodes()
    assert sizes[1] > sizes[0]
    assert at.query_params == {"view": "network", "centre": eid, "depth": "2"}
    at.radio(key="net_color").set_value("community").run()
    assert any(s.value.startswith("Communities") for s in at.subheader)
    # The whole graph with a small cap: the cap is said, and only that many are drawn.
    at.button(key="net_clear").click().run()
    at.radio(key="net_types").set_value("all").run()
    at.slider(key="net_cap").set_value(20).run()
    assert len(at.session_state["net_nodes"]) == 20
    assert any("too many to draw" in w.value for w in at.warning)


def test_network_lists_the_best_partnered(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "network")
    kg = _kg(built_store)
    table = next(d.value for d in at.dataframe if "partners" in d.value.columns)
    expected = kg.best_partnered(top=None)
    assert list(table["name"]) == [r["name"] for r in expected]
    assert list(table["partners"]) == [r["partners"] for r in expected]
    # Each count is the entity's number of partners, as its page shows it.
    u = kg.partnership_graph()
    assert all(r["partners"] == u.degree(r["id"]) for r in expected)


def test_programs_view_lists_participants_with_a_chart_and_the_reverse(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "programs")
    options = at.selectbox(key="program").options
    assert any(o.startswith("国家重点研发计划") for o in options)
    kg = _kg(built_store)
    pid = kg.find("国家重点研发计划")
    at.selectbox(key="program").set_value(pid).run()
    assert at.query_params["program"] == pid
    # 中乌新材料产业技术研究院 both joined and leads it: one participant, two relations.
    assert any(m.value.startswith("#### 国家重点研发计划 · 1 participant(s), 2 relation(s)") for m in at.markdown)
    parts = {e.label.split(" · ")[0] for e in at.expander if "joined" in e.label or "leads" in e.label}
    assert parts == {p["name"] for p in kg.participants(pid)}
    assert any('class="entity"' in m.value for m in at.markdown)  # the evidence, highlighted
    spec, rows = charts(at)["participants_by_year"]
    assert rows == [{"year": "2023", "type": "Research institute", "name": "中乌新材料产业技术研究院"}]
    # The reverse: one organisation's programs, on a timeline.
    at.tabs[1].text_input(key="org_q").input("中乌新材料研究院").run()
    org = kg.node(at.selectbox(key="org_pick").value)
    assert org["name"] == "中乌新材料产业技术研究院"
    expected = kg.programs_of(org["id"])
    assert "国家重点研发计划" in {p["name"] for p in expected}
    assert any(m.value.startswith(f"#### {org['name']} · {len(expected)} program(s)") for m in at.markdown)
    spec, rows = charts(at)["programs_timeline"]
    assert sorted((r["name"], r["type"]) for r in rows) == sorted(
        (p["name"], {"JOINED": "joined / selected for", "LEADS": "leads"}[p["type"]]) for p in expected)


def test_relations_view_lists_and_shows_evidence(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "relations")
    kg = _kg(built_store)
    table = at.dataframe[0].value
    assert len(table) == kg.graph.number_of_edges()
    at.selectbox(key="rel_type").set_value("PARTNERS_WITH").run()
    table = at.dataframe[0].value
    assert set(table["relation"]) == {"partners with"}
    assert len(table) == sum(1 for r in kg.relations() if r["type"] == "PARTNERS_WITH") > 0
    first = kg.relations(rtype="PARTNERS_WITH")[0]
    at.selectbox(key="rel_pick").set_value(first["relation_id"]).run()
    assert any('class="entity"' in m.value and first["head"] in m.value for m in at.markdown)
    at.button(key="rel_open_head").click().run()
    assert [h.value for h in at.header] == [first["head"]]


NEW_REPORT = (
    "宁波市科技局2024年工作总结\n"
    "2024年，宁波晶钻科技股份有限公司与浙江大学签订战略合作协议，共建宁波先进材料联合实验室。"
    "宁波晶钻科技股份有限公司入选国家火炬计划。\n"
)


def test_upload_shows_entities_then_adds_the_report(store_copy, monkeypatch):
    at = run_app(store_copy, monkeypatch)
    go(at, "documents")
    assert "**5 report(s) in the store**" in texts(at)
    at.file_uploader(key="upload").upload("新报告.txt", NEW_REPORT.encode("utf-8"), "text/plain").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    marked = [m.value for m in at.markdown if 'class="entity"' in m.value]
    assert any("宁波晶钻科技股份有限公司" in m for m in marked)
    assert any(m.value.startswith("**宁波晶钻科技股份有限公司** —joined / selected for→ **国家火炬计划**")
               for m in at.markdown)
    at.button(key="upload_add").click().run()
    assert not at.exception, at.exception
    assert any("Added 新报告.txt" in s.value for s in at.success)
    assert "**6 report(s) in the store**" in texts(at)
    assert "6 reports" in "\n".join(c.value for c in at.sidebar.caption)  # the cached graph was refreshed
    # The new report's entity is now searchable.
    go(at, "search")
    at.text_input(key="q").input("宁波晶钻科技").run()
    next(b for b in at.button if b.label == "宁波晶钻科技股份有限公司 · Enterprise").click().run()
    assert any(e.label.startswith("joined 国家火炬计划") for e in at.expander)


def test_upload_refuses_wrong_type_and_size_before_parsing(store_copy, monkeypatch):
    at = run_app(store_copy, monkeypatch)
    go(at, "documents")
    at.file_uploader(key="upload").upload("报告.pdf", NEW_REPORT.encode("utf-8"), "application/pdf").run()
    assert any("报告.pdf: named .pdf but its content is plain text" in e.value for e in at.error)
    monkeypatch.setenv("INNOKG_MAX_UPLOAD_MB", "0.0001")
    at.file_uploader(key="upload").clear().upload("大报告.txt", NEW_REPORT.encode("utf-8") * 20, "text/plain").run()
    assert any("大报告.txt" in e.value and "upload limit" in e.value for e in at.error)
    assert "upload_analysis" not in at.session_state  # nothing was parsed
    assert "**5 report(s) in the store**" in texts(at)


def test_export_view_offers_every_format_and_the_current_table(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    go(at, "export")
    labels = [b.label for b in at.download_button]
    for fmt in ("GraphML", "GEXF", "JSON", "CSV: entities", "CSV: relations"):
        assert any(lab.startswith(fmt) for lab in labels), fmt
    assert not any(lab == "Current table (CSV)" for lab in labels)
    go(at, "programs")
    go(at, "export")
    assert any(b.label == "Current table (CSV)" for b in at.download_button)
    title = at.session_state["current_table"]["title"]
    assert title.startswith("participants of") or title == "programs"
    # After drawing a network, its part of the graph can be exported instead of the whole.
    go(at, "network")
    go(at, "export")
    assert "The entities drawn in the network view" in at.radio(key="exp_scope").options


def test_large_store_stays_usable_and_the_network_is_capped(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_explorer", ROOT / "bench" / "bench_explorer.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    counts = bench.generate_store(tmp_path / "big", n_entities=3000, n_documents=50)
    assert counts["entities"] == 3000
    at = run_app(tmp_path / "big", monkeypatch)
    assert "3,000 entities" in "\n".join(c.value for c in at.sidebar.caption)
    go(at, "network")
    assert len(at.session_state["net_nodes"]) == 250
    assert any("too many to draw" in w.value for w in at.warning)
    go(at, "programs")
    assert at.selectbox(key="program").options


def test_network_view_follows_the_scope(built_store, monkeypatch):
    """With a region chosen, only the relations its reports state are drawn."""
    at = run_app(built_store.path, monkeypatch)
    go(at, "network")
    everything = set(at.session_state["net_nodes"])
    at.selectbox(key="scope_region").set_value("宁波市").run()
    kg = _kg(built_store)
    docs = kg.scope_documents("宁波市")
    expected = network_view(kg.graph, types=PARTNERSHIP_TYPES, docs=docs).node_ids
    assert at.session_state["net_nodes"] == expected
    assert set(expected) < everything
