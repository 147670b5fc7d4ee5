"""The explorer's views, driven with Streamlit's AppTest over a store built from the samples."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "explorer" / "app.py")


def _app(store_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("INNOKG_STORE", str(store_path))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def _go(at: AppTest, view: str) -> AppTest:
    at.sidebar.radio(key="view").set_value(view).run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.fixture
def store_copy(built_store, tmp_path):
    """A private copy of the sample store, for tests that add to it."""
    dst = tmp_path / "innokg.sqlite"
    target = sqlite3.connect(dst)
    built_store.conn.backup(target)
    target.close()
    return dst


def test_first_screen_offers_the_three_uses(built_store, monkeypatch):
    at = _app(built_store.path, monkeypatch)
    labels = {b.label for b in at.button}
    assert {"Open the network", "Open the programs", "Open the exports"} <= labels
    assert "5 reports" in "\n".join(c.value for c in at.sidebar.caption)
    at.button(key="go_programs").click().run()
    assert at.sidebar.radio(key="view").value == "Programs"


def test_search_forgives_short_forms_and_filters(built_store, monkeypatch):
    at = _app(built_store.path, monkeypatch)
    at.text_input(key="q").input("合肥工大").run()  # a short form, not the full name
    hits = [b.label for b in at.button if b.key and b.key.startswith("hit_")]
    assert hits and hits[0] == "合肥工业大学 · University"
    # A type filter that excludes the university leaves it out.
    at.selectbox(key="f_label").set_value("Enterprise").run()
    assert all(b.label.endswith("· Enterprise") for b in at.button if b.key and b.key.startswith("hit_"))
    # Filters alone browse the most connected entities of that type.
    at.text_input(key="q").input("").run()
    at.selectbox(key="f_label").set_value("University").run()
    browsed = [b.label for b in at.button if b.key and b.key.startswith("hit_")]
    assert browsed and all(b.endswith("· University") for b in browsed)
    assert "合肥工业大学 · University" in browsed


def test_entity_page_groups_relations_and_highlights_evidence(built_store, monkeypatch):
    at = _app(built_store.path, monkeypatch)
    at.text_input(key="q").input("合肥工业大学").run()
    hit = next(b for b in at.button if b.label == "合肥工业大学 · University")
    hit.click().run()
    assert at.sidebar.radio(key="view").value == "Entity"
    assert [h.value for h in at.header] == ["合肥工业大学"]
    texts = _texts(at)
    assert "**CO_BUILDS** · 1" in texts and "**PARTNERS_WITH** · 2" in texts
    labels = [e.label for e in at.expander]
    assert any(lab.startswith("partners with 精达集团") for lab in labels)
    marks = [m.value for m in at.markdown if 'class="entity"' in m.value]
    # Both names of an edge are marked, with their labels, in the sentence that states it.
    assert any("合肥工业大学" in m and "精达集团" in m and "University" in m and "Enterprise" in m for m in marks)
    assert any("001_356c60abb3feb7ae.txt" in c.value for c in at.caption)  # the source document
    # Moving to the other end of an edge opens its page.
    next(b for b in at.button if b.label == "Open 精达集团").click().run()
    assert [h.value for h in at.header] == ["精达集团"]


def test_network_view_ego_depth_communities_and_cap(built_store, monkeypatch):
    at = _app(built_store.path, monkeypatch)
    at.text_input(key="q").input("合肥工业大学").run()
    next(b for b in at.button if b.label == "合肥工业大学 · University").click().run()
    at.button(key="ent_net").click().run()
    assert at.sidebar.radio(key="view").value == "Network"
    assert "Centred on **合肥工业大学**" in _texts(at)
    drawn = at.session_state["net_nodes"]
    assert len(drawn) == 4  # the university, its two partners and the institute it co-builds
    # Centre elsewhere from the view itself; with all relation types, depth widens the ego network.
    at.text_input(key="net_q").input("东方理工大学").run()
    next(b for b in at.button if b.label == "Centre on 宁波东方理工大学 · University").click().run()
    at.radio(key="net_types").set_value("All relations").run()
    kg = _kg(built_store)
    eid = kg.find("宁波东方理工大学")
    sizes = []
    for depth in (1, 2):
        at.slider(key="net_depth").set_value(depth).run()
        sizes.append(len(at.session_state["net_nodes"]))
        assert sizes[-1] == kg.ego(eid, depth=depth).number_of_nodes()
    assert sizes[1] > sizes[0]
    at.radio(key="net_color").set_value("community").run()
    assert any(s.value.startswith("Communities") for s in at.subheader)
    # The whole graph with a small cap: the cap is said, and only that many are drawn.
    at.button(key="net_clear").click().run()
    at.radio(key="net_types").set_value("All relations").run()
    at.slider(key="net_cap").set_value(20).run()
    assert len(at.session_state["net_nodes"]) == 20
    assert any("too many to draw" in w.value for w in at.warning)


def test_programs_view_lists_participants_and_the_reverse(built_store, monkeypatch):
    at = _app(built_store.path, monkeypatch)
    _go(at, "Programs")
    options = at.selectbox(key="program").options
    assert any(o.startswith("国家重点研发计划") for o in options)
    kg = _kg(built_store)
    at.selectbox(key="program").set_value(kg.find("国家重点研发计划")).run()
    # 中乌新材料产业技术研究院 both joined and leads it: one participant, two relations.
    assert any(m.value.startswith("#### 国家重点研发计划 · 1 participant(s), 2 relation(s)") for m in at.markdown)
    parts = {e.label.split(" · ")[0] for e in at.expander if "JOINED" in e.label or "LEADS" in e.label}
    assert parts == {p["name"] for p in kg.participants(kg.find("国家重点研发计划"))}
    assert any('class="entity"' in m.value for m in at.markdown)  # the evidence, highlighted
    # The reverse: one organisation's programs.
    at.text_input(key="org_q").input("中乌新材料研究院").run()
    org = kg.node(at.selectbox(key="org_pick").value)
    assert org["name"] == "中乌新材料产业技术研究院"
    expected = kg.programs_of(org["id"])
    assert "国家重点研发计划" in {p["name"] for p in expected}
    assert any(m.value.startswith(f"#### {org['name']} · {len(expected)} program(s)") for m in at.markdown)


def _kg(built_store):
    from graph_loader.queries import KnowledgeGraph

    return KnowledgeGraph(built_store)


NEW_REPORT = (
    "宁波市科技局2024年工作总结\n"
    "2024年，宁波晶钻科技股份有限公司与浙江大学签订战略合作协议，共建宁波先进材料联合实验室。"
    "宁波晶钻科技股份有限公司入选国家火炬计划。\n"
)


def test_upload_shows_entities_then_adds_the_report(store_copy, monkeypatch):
    at = _app(store_copy, monkeypatch)
    _go(at, "Documents")
    assert "**5 report(s) in the store**" in _texts(at)
    at.file_uploader(key="upload").upload("新报告.txt", NEW_REPORT.encode("utf-8"), "text/plain").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    marked = [m.value for m in at.markdown if 'class="entity"' in m.value]
    assert any("宁波晶钻科技股份有限公司" in m for m in marked)
    assert any(m.value.startswith("**宁波晶钻科技股份有限公司** —JOINED→ **国家火炬计划**") for m in at.markdown)
    at.button(key="upload_add").click().run()
    assert not at.exception, at.exception
    assert any("Added 新报告.txt" in s.value for s in at.success)
    assert "**6 report(s) in the store**" in _texts(at)
    assert "6 reports" in "\n".join(c.value for c in at.sidebar.caption)  # the cached graph was refreshed
    # The new report's entity is now searchable.
    _go(at, "Search")
    at.text_input(key="q").input("宁波晶钻科技").run()
    next(b for b in at.button if b.label == "宁波晶钻科技股份有限公司 · Enterprise").click().run()
    assert any(e.label.startswith("joined 国家火炬计划") for e in at.expander)


def test_upload_refuses_wrong_type_and_size_before_parsing(store_copy, monkeypatch):
    at = _app(store_copy, monkeypatch)
    _go(at, "Documents")
    at.file_uploader(key="upload").upload("报告.pdf", NEW_REPORT.encode("utf-8"), "application/pdf").run()
    assert any("报告.pdf: named .pdf but its content is plain text" in e.value for e in at.error)
    monkeypatch.setenv("INNOKG_MAX_UPLOAD_MB", "0.0001")
    at.file_uploader(key="upload").clear().upload("大报告.txt", NEW_REPORT.encode("utf-8") * 20, "text/plain").run()
    assert any("大报告.txt" in e.value and "upload limit" in e.value for e in at.error)
    assert "upload_analysis" not in at.session_state  # nothing was parsed
    assert "**5 report(s) in the store**" in _texts(at)


def test_export_view_offers_every_format_and_the_current_table(built_store, monkeypatch):
    at = _app(built_store.path, monkeypatch)
    _go(at, "Export")
    labels = [b.label for b in at.download_button]
    for fmt in ("GraphML", "GEXF", "JSON", "CSV: nodes", "CSV: relationships"):
        assert any(lab.startswith(fmt) for lab in labels), fmt
    assert not any(lab == "Current table (CSV)" for lab in labels)
    _go(at, "Programs")
    _go(at, "Export")
    assert any(b.label == "Current table (CSV)" for b in at.download_button)
    title = at.session_state["current_table"]["title"]
    assert title.startswith("participants of") or title == "programs"
    # After drawing a network, its part of the graph can be exported instead of the whole.
    _go(at, "Network")
    _go(at, "Export")
    assert "The entities drawn in the network view" in at.radio(key="exp_scope").options


def test_large_store_stays_usable_and_the_network_is_capped(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_explorer", ROOT / "bench" / "bench_explorer.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    counts = bench.generate_store(tmp_path / "big", n_entities=3000, n_documents=50)
    assert counts["entities"] == 3000
    at = _app(tmp_path / "big", monkeypatch)
    assert "3,000 entities" in "\n".join(c.value for c in at.sidebar.caption)
    _go(at, "Network")
    assert len(at.session_state["net_nodes"]) == 250
    assert any("too many to draw" in w.value for w in at.warning)
    _go(at, "Programs")
    assert at.selectbox(key="program").options
