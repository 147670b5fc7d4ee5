"""The explorer's duplicates view and the entity page's split, rename and retype (Streamlit AppTest)."""

from __future__ import annotations

from explorer_app import data_names, english_words, go, run_app, visible_texts
from resolution_data import build_store, names_of, report

from explorer import i18n
from graph_loader.curation import curation_path
from graph_loader.graph import build_graph
from graph_loader.queries import KnowledgeGraph
from graph_loader.resolve import ABBREVIATION, ALIAS, ANALYST, CORE, PLACE
from graph_loader.review import SIGNAL_TEXT, WHY_FULL, WHY_REFUSED, WHY_SEVERAL, duplicates, explain
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


# Reports whose store holds every kind of evidence a pair can have, every reason a merge
# records and every kind of written form.
WALK_REPORTS = [
    *REPORTS,
    report("platform", "温州澜屿光电有限公司获批市级众创空间。", [("温州澜屿光电有限公司", "Platform")], region="温州市"),
    report("old", "鄞江创新园与甬城大学共建孵化平台。", [("鄞江创新园", "Platform"), ("甬城大学", "University")],
           [("鄞江创新园", "CO_BUILDS", "甬城大学")], region="宁波市"),
    report("new", "鄞江科创中心(原鄞江创新园)与晶岚科技签订合作协议。",
           [("鄞江科创中心", "Platform"), ("晶岚科技", "Enterprise")], [("鄞江科创中心", "PARTNERS_WITH", "晶岚科技")],
           region="宁波市", aliases={"鄞江科创中心": ["鄞江创新园"]}),
    report("firm", "宁波晶岚科技有限公司获批省级企业研究院。", [("宁波晶岚科技有限公司", "Enterprise")], region="宁波市"),
    report("bureau", "市科技局与中科院宁波材料所、镇海区科学技术局签订合作协议。",
           [("市科技局", "Government"), ("中科院宁波材料所", "ResearchInstitute"), ("镇海区科学技术局", "Government")],
           [("市科技局", "PARTNERS_WITH", "中科院宁波材料所")], region="宁波市"),
    report("named", "宁波市科学技术局、中国科学院宁波材料所和宁波市镇海区科学技术局共建平台。",
           [("宁波市科学技术局", "Government"), ("中国科学院宁波材料所", "ResearchInstitute"),
            ("宁波市镇海区科学技术局", "Government")], region="宁波市"),
]


def test_the_curation_words_are_in_both_catalogues():
    for lang in i18n.LANGS:
        for key in (*(f"curation.signal.{s}" for s in SIGNAL_TEXT),
                    *(f"curation.why.{w}" for w in (WHY_SEVERAL, WHY_REFUSED, WHY_FULL)),
                    *(f"curation.reason.{r}" for r in (ABBREVIATION, PLACE, ALIAS, CORE, ANALYST)),
                    *(f"curation.form_kind.{k}" for k in ("name", "alias", "short", "relative"))):
            assert i18n.has(lang, key), (lang, key)
    for signal, text in SIGNAL_TEXT.items():
        assert i18n.placeholders(i18n.CATALOGUES["zh"][f"curation.signal.{signal}"]) == i18n.placeholders(text), signal


def test_no_english_in_the_chinese_duplicates_view_and_entity_pages(tmp_path, monkeypatch):
    """The duplicates view and every entity page's curation sections, in Chinese, with every
    kind of evidence, merge reason and written form on show: no English but names."""
    store = build_store(tmp_path, WALK_REPORTS)
    kg = KnowledgeGraph(store)
    # the store shows every piece of evidence, merge reason and kind of form
    assert {s["signal"] for p in duplicates(kg) for s in p["signals"]} == set(SIGNAL_TEXT)
    assert {p["why"] for p in duplicates(kg)} >= {WHY_SEVERAL, WHY_FULL}
    merges = {r for n in kg.graph for m in explain(store, n)["merges"] for r in m["reason"].split(", ")}
    assert merges == {ABBREVIATION, PLACE, ALIAS, CORE}
    assert {f["kind"] for n in kg.graph for f in explain(store, n)["forms"]} == {"name", "alias", "relative"}
    names = data_names(kg)
    store.close()

    found = {}

    def read(where, at):
        assert not at.exception, (where, at.exception)
        for kind, text in visible_texts(at):
            words = english_words(text, names) if kind != "code" and kind != "radio:lang" else []
            if words:
                found.setdefault(where, set()).add(f"{kind}: {text[:120]!r} -> {words}")

    at = go(run_app(tmp_path, monkeypatch, lang=None), "duplicates")
    read("duplicates", at)
    at.button(key="dup_merge_0").click().run()
    read("after a merge", at)
    assert any(s.value.startswith("已合并") for s in at.success)
    g = build_graph(Store(tmp_path, create=False))
    assert ANALYST in {m["reason"] for n in g for m in explain(Store(tmp_path, create=False), n)["merges"]}
    for eid, node in g.nodes(data=True):
        read(f"entity page of {node['name']}", _open_entity(at, eid))
    assert found == {}
