"""The explorer's duplicates view and the entity page's split, rename and retype (Streamlit AppTest)."""

from __future__ import annotations

from explorer_app import go, run_app
from resolution_data import build_store, names_of, report

from graph_loader.curation import curation_path
from graph_loader.graph import build_graph
from graph_loader.store import Store

REPORTS = [
    report("short", "澜屿光电与甬城大学签订合作协议。", [("澜屿光电", "Enterprise"), ("甬城大学", "University")],
           [("澜屿光电", "PARTNERS_WITH", "甬城大学")], region="宁波市"),
    report("full", "宁波澜屿光电股份有限公司与甬城大学共建实验室。",
           [("宁波澜屿光电股份有限公司", "Enterprise"), ("甬城大学", "University")],
           [("宁波澜屿光电股份有限公司", "CO_BUILDS", "甬城大学")], region="宁波市"),
    report("other", "杭州澜屿光电有限公司获批省级研发中心。", [("杭州澜屿光电有限公司", "Enterprise")], region="杭州市"),
]


def _open_entity(at, eid: str):
    at.session_state["entity"] = eid
    return go(at, "entity")


def test_duplicates_side_by_side_and_merge(tmp_path, monkeypatch):
    build_store(tmp_path, REPORTS).close()
    at = go(run_app(tmp_path, monkeypatch), "duplicates")
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    # the short form's pair with the firm of its own city, and the shared partner, come first
    assert headings[:2] == ["#### 澜屿光电", "#### 宁波澜屿光电股份有限公司"]
    assert any("shared partners: 甬城大学" in c.value for c in at.caption)
    at.button(key="dup_merge_0").click().run()
    assert not at.exception, at.exception
    assert any("Merged 澜屿光电 and 宁波澜屿光电股份有限公司" in s.value for s in at.success)
    g = build_graph(Store(tmp_path, create=False))
    assert "澜屿光电" not in names_of(g)
    assert "merge\t" in curation_path(Store(tmp_path).path).read_text(encoding="utf-8")
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert "#### 澜屿光电" not in headings  # the view shows the graph as it is now


def test_entity_page_explains_splits_and_renames(tmp_path, monkeypatch):
    store = build_store(tmp_path, REPORTS[:2])
    eid = names_of(build_graph(store))["宁波澜屿光电股份有限公司"]["id"]
    store.close()
    at = _open_entity(run_app(tmp_path, monkeypatch), eid)
    texts = "\n".join(m.value for m in at.markdown)
    assert "澜屿光电 \u2194 宁波澜屿光电股份有限公司: unique core" in texts
    at.selectbox(key=f"split_form_{eid}").set_value("澜屿光电").run()
    at.button(key=f"split_{eid}").click().run()
    assert not at.exception, at.exception
    g = build_graph(Store(tmp_path, create=False))
    assert {"澜屿光电", "宁波澜屿光电股份有限公司"} <= set(names_of(g))
    eid = names_of(g)["宁波澜屿光电股份有限公司"]["id"]
    at = _open_entity(at, eid)
    # widgets of a form count when the form is submitted: set both, then press Save once
    at.text_input(key=f"edit_name_{eid}").input("澜屿光电(宁波)")
    at.selectbox(key=f"edit_label_{eid}").set_value("Platform")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception, at.exception
    node = build_graph(Store(tmp_path, create=False)).nodes[eid]
    assert (node["name"], node["label"]) == ("澜屿光电(宁波)", "Platform")
    assert [h.value for h in at.header] == ["澜屿光电(宁波)"]
