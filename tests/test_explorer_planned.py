"""Planned relations in the explorer, driven with AppTest over the store of
tests/fixtures/planned (a 2025 work plan, a 2024 summary).

Shown apart (a group of their own on an entity page, a status column in the tables, dashed
in the network with the legend saying so, plan sentences labelled), hidden everywhere by the
sidebar's switch (and by a link's `planned=hide`); and a walk through the views that show
them finds no English in the Chinese interface and no Chinese interface text in the English.
"""

from __future__ import annotations

import json

import pytest
from explorer_app import (
    chinese_left_in_english,
    data_names,
    english_words,
    go,
    run_app,
    texts,
    visible_texts,
)
from test_planned import ELECTRIC, FIRM, GIANT, GOVERNMENT, INSTITUTE, LAB, UNIVERSITY

from explorer import i18n
from explorer.network import cytoscape, network_view
from graph_loader.queries import KnowledgeGraph

PLAN_LABEL = "Stated as a plan"


@pytest.fixture(scope="module")
def pkg(planned_store) -> KnowledgeGraph:
    return KnowledgeGraph(planned_store)


def _plan_sentences(at) -> list[str]:
    """The evidence sentences shown with the plan label (the label and the sentence are one block)."""
    return [m.value for m in at.markdown if PLAN_LABEL in m.value and 'class="entity"' in m.value]


def _component_args(at) -> dict:
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if getattr(node, "type", None) == "component_instance" or type(proto).__name__ == "ComponentInstance":
            return json.loads(proto.json_args)
    raise AssertionError("no network drawn")


def test_entity_page_lists_planned_relations_apart(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch, params={"entity": pkg.find(UNIVERSITY)})
    heads = [s.value for s in at.subheader]
    assert heads.index("Relations") < heads.index("Planned relations") < heads.index("Reports naming it")
    relations = [e.label for e in at.expander if " · " in e.label]
    stated, planned = relations[:2], relations[2:]
    assert [x.split(" (")[0] for x in stated] == [f"co-builds {INSTITUTE}", f"partners with {GOVERNMENT}"]
    assert [x.split(" (")[0] for x in planned] == [f"co-builds {LAB}", f"partners with {ELECTRIC}"]
    assert all(x.endswith(" (planned)") for x in planned) and not any("(planned)" in x for x in stated)
    # Each plan sentence is labelled: the lab's two, and the 2025 one of the institute's (a fact by 2024's).
    assert len(_plan_sentences(at)) == 4
    assert all("拟与" in s or "计划推动" in s for s in _plan_sentences(at))


def test_an_entity_with_only_plans_says_so(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch, params={"entity": pkg.find(ELECTRIC)})
    assert "No report says it has any relation yet" in texts(at)
    assert "Planned relations" in [s.value for s in at.subheader]


def test_the_switch_hides_planned_relations_everywhere(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch, params={"entity": pkg.find(UNIVERSITY)})
    assert at.sidebar.toggle(key="show_planned").value is True
    at.sidebar.toggle(key="show_planned").set_value(False).run()
    assert "Planned relations" not in [s.value for s in at.subheader]
    assert not any(e.label.endswith("(planned)") for e in at.expander)
    assert at.query_params["planned"] == "hide"
    assert any("hidden" in c.value for c in at.sidebar.caption)
    assert at.metric[2].value == "2"  # its relations: the two stated ones
    go(at, "relations")
    table = at.dataframe[0].value
    assert len(table) == len(pkg.edges) - pkg.stats()["planned_edges"] and set(table["status"]) == {""}
    go(at, "programs")
    counts = dict(zip(at.dataframe[0].value["program"], at.dataframe[0].value["participants"], strict=True))
    assert counts[GIANT] == 0
    at.sidebar.toggle(key="show_planned").set_value(True).run()
    counts = dict(zip(at.dataframe[0].value["program"], at.dataframe[0].value["participants"], strict=True))
    assert counts[GIANT] == 1 and "planned" not in at.query_params


def test_a_link_can_hide_planned_relations(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch, params={"entity": pkg.find(UNIVERSITY), "planned": "hide"})
    assert at.sidebar.toggle(key="show_planned").value is False
    assert "Planned relations" not in [s.value for s in at.subheader]
    assert at.query_params["planned"] == "hide" and at.code[0].value.endswith("planned=hide")


def test_relations_view_marks_planned_rows_and_labels_their_sentences(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch)
    go(at, "relations")
    table = at.dataframe[0].value
    status = {(h, t): s for h, t, s in zip(table["from"], table["to"], table["status"], strict=True)}
    assert status[(FIRM, GIANT)] == "planned" and status[(GOVERNMENT, INSTITUTE)] == ""
    joined = next(r for r in pkg.relations() if r["tail"] == GIANT)
    pick = at.selectbox(key="rel_pick")
    assert pick.format_func(joined["relation_id"]).endswith(" (planned)")
    pick.set_value(joined["relation_id"]).run()
    assert [s for s in _plan_sentences(at) if "力争" in s]


def test_programs_view_marks_a_planned_participant(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch, params={"program": pkg.find(GIANT)})
    parts = at.dataframe[1].value
    assert list(parts["participant"]) == [FIRM] and list(parts["status"]) == ["planned"]
    assert any(e.label.endswith(" (planned)") for e in at.expander)


def test_network_draws_planned_relations_dashed_with_a_legend(planned_store, pkg, monkeypatch):
    at = run_app(planned_store.path, monkeypatch, params={"view": "network", "centre": pkg.find(UNIVERSITY)})
    at.radio(key="net_types").set_value("all").run()
    args = _component_args(at)
    drawn = {(e["data"]["source"], e["data"]["target"]): e for e in args["elements"]["edges"]}
    lab = drawn[(pkg.find(UNIVERSITY), pkg.find(LAB))]
    institute = drawn[(pkg.find(UNIVERSITY), pkg.find(INSTITUTE))]
    assert "planned" in lab["classes"].split() and lab["data"]["status"] == "planned"
    assert "planned" not in institute["classes"].split() and "status" not in institute["data"]
    assert {"selector": "edge.planned", "style": {"line-style": "dashed", "opacity": 0.6}} in args["style"]
    legend = [m.value for m in at.markdown if "dashed" in m.value]
    assert len(legend) == 1 and "planned relations" in legend[0] and "solid" in legend[0]
    at.sidebar.toggle(key="show_planned").set_value(False).run()
    assert not any("planned" in e["classes"] for e in _component_args(at)["elements"]["edges"])
    assert "Planned relations are hidden" in texts(at)


def test_network_styles_follow_the_edges(pkg):
    view = network_view(pkg.graph)
    planned = {e["data"]["id"] for e in view.elements["edges"] if e["data"]["planned"]}
    assert len(planned) == pkg.stats()["planned_edges"]
    elements, _ = cytoscape(view, "zh")
    for e in elements["edges"]:
        assert ("planned" in e["classes"].split()) == (e["data"]["id"] in planned)
        assert e["data"]["label"].endswith("（计划）") == (e["data"]["id"] in planned)


# -- both languages ------------------------------------------------------------------------------------
def walk(at, kg):
    """The views where planned relations show, in the states a user meets them."""
    yield "overview", at
    at.session_state["entity"] = kg.find(UNIVERSITY)
    go(at, "entity")
    yield "entity with planned relations", at
    at.session_state["entity"] = kg.find(ELECTRIC)
    go(at, "entity")
    yield "entity with plans only", at
    at.session_state["entity"] = kg.find(FIRM)
    go(at, "entity")
    yield "entity with a planned program", at
    at.button(key="ent_net").click().run()
    at.radio(key="net_types").set_value("all").run()
    yield "network with planned relations", at
    go(at, "relations")
    joined = next(r for r in kg.relations() if r["tail"] == GIANT)
    at.selectbox(key="rel_pick").set_value(joined["relation_id"]).run()
    yield "a planned relation's evidence", at
    at.session_state["program"] = kg.find(GIANT)
    go(at, "programs")
    yield "a program's planned participant", at
    at.sidebar.toggle(key="show_planned").set_value(False).run()
    yield "programs, planned hidden", at
    at.session_state["net_centre"] = kg.find(UNIVERSITY)
    go(at, "network")
    yield "network, planned hidden", at
    go(at, "export")
    yield "export, planned hidden", at


def test_no_english_in_the_chinese_planned_views(planned_store, pkg, monkeypatch):
    names = data_names(pkg)
    app = run_app(planned_store.path, monkeypatch, lang=None)
    seen, found = [], {}
    for where, at in walk(app, pkg):
        assert not at.exception, (where, at.exception)
        seen.append(where)
        for kind, text in visible_texts(at):
            if kind in ("code", "radio:lang"):
                continue
            words = english_words(text, names)
            if words:
                found.setdefault(where, set()).add(f"{kind}: {text[:120]!r} -> {words}")
    assert len(seen) == 10 and found == {}
    # The walk saw the planned marks it is meant to check.
    assert i18n.text("zh", "planned.show") in [t.label for t in app.sidebar.toggle]


def test_no_chinese_interface_text_in_the_english_planned_views(planned_store, pkg, monkeypatch):
    zh, en = i18n.CATALOGUES["zh"], i18n.CATALOGUES["en"]
    planned_keys = [k for k in zh if "planned" in k]
    fixed = {zh[k] for k in planned_keys if not i18n.placeholders(zh[k]) and len(zh[k]) > 2}
    names = data_names(pkg)
    app = run_app(planned_store.path, monkeypatch, lang="en")
    problems, english = chinese_left_in_english(walk(app, pkg), fixed, en, names)
    assert problems == {}
    assert {"planned", "Planned", "status"} <= english  # the same reading finds the English marks
