"""Links open a page of the explorer directly, the address follows the page, and the
"copy link" control gives the link of what is shown."""

from __future__ import annotations

import pytest
from explorer_app import charts, go, run_app, texts

from explorer.network import network_view
from graph_loader.queries import PARTNERSHIP_TYPES, KnowledgeGraph


@pytest.fixture
def kg(built_store):
    return KnowledgeGraph(built_store)


def test_entity_link_opens_its_page_in_chinese(built_store, kg, monkeypatch):
    eid = kg.find("合肥工业大学")
    at = run_app(built_store.path, monkeypatch, lang=None, params={"entity": eid})
    assert at.sidebar.radio(key="view").value == "entity"
    assert [h.value for h in at.header] == ["合肥工业大学"]
    assert [s.value for s in at.subheader] == ["关系", "提到它的报告"]
    assert any(e.label.startswith("与 精达集团 合作（企业）") for e in at.expander)
    marks = [m.value for m in at.markdown if 'class="entity"' in m.value]
    assert any("合肥工业大学与精达集团联合申报" in m.replace("\n", "") or "精达集团" in m for m in marks)
    # The copy-link control shows the same link; the address keeps it.
    assert at.code[0].value == f"?entity={eid}"
    assert at.query_params == {"entity": eid}


def test_entity_link_takes_an_exact_name_not_a_guess(built_store, kg, monkeypatch):
    at = run_app(built_store.path, monkeypatch, params={"entity": "精达集团"})
    assert [h.value for h in at.header] == ["精达集团"]
    assert at.query_params == {"entity": kg.find("精达集团")}  # the address now holds the id
    at = run_app(built_store.path, monkeypatch, lang=None, params={"entity": "精达"})
    assert at.sidebar.radio(key="view").value == "overview"
    assert [w.value for w in at.warning] == ["链接中的“精达”不在本图谱中。"]


def test_program_link_opens_its_participation(built_store, kg, monkeypatch):
    pid = kg.find("国家重点研发计划")
    at = run_app(built_store.path, monkeypatch, lang=None, params={"program": pid})
    assert at.sidebar.radio(key="view").value == "programs"
    assert at.selectbox(key="program").value == pid
    assert any(m.value.startswith("#### 国家重点研发计划 · 1 家参与单位，2 条关系") for m in at.markdown)
    spec, rows = charts(at)["participants_by_year"]
    assert [r["type"] for r in rows] == ["科研院所"]
    assert at.code[0].value == f"?program={pid}"
    # A program that the filters leave without participants stays chosen (and says so).
    at = run_app(built_store.path, monkeypatch, lang="en", params={"program": kg.find("国家火炬计划")})
    assert at.selectbox(key="program").value == kg.find("国家火炬计划")


def test_network_link_opens_the_ego_network_at_its_depth(built_store, kg, monkeypatch):
    centre = kg.find("镇海区人民政府")
    params = {"view": "network", "centre": centre, "depth": "2"}
    at = run_app(built_store.path, monkeypatch, params=params)
    assert at.sidebar.radio(key="view").value == "network"
    assert at.slider(key="net_depth").value == 2
    expected = network_view(kg.graph, centre=centre, depth=2, types=PARTNERSHIP_TYPES).node_ids
    assert at.session_state["net_nodes"] == expected
    assert len(expected) > len(network_view(kg.graph, centre=centre, depth=1, types=PARTNERSHIP_TYPES).node_ids)
    assert "Centred on **镇海区人民政府**" in texts(at)
    assert at.query_params == params
    assert at.code[0].value == f"?view=network&centre={centre}&depth=2"
    # Depths out of range are brought within 1..3; a centre not in the graph is said.
    at = run_app(built_store.path, monkeypatch, params={"view": "network", "centre": centre, "depth": "9"})
    assert at.slider(key="net_depth").value == 3
    at = run_app(built_store.path, monkeypatch, params={"view": "network", "centre": "nobody"})
    assert any("nobody" in w.value for w in at.warning)
    assert at.query_params == {"view": "network"}


@pytest.mark.parametrize("view", ["overview", "search", "programs", "relations", "documents", "export"])
def test_every_view_has_a_link(built_store, monkeypatch, view):
    at = run_app(built_store.path, monkeypatch, params={"view": view})
    assert at.sidebar.radio(key="view").value == view
    expected = {} if view == "overview" else {"view": view}
    if view == "programs":  # the first program is chosen, and the address names it
        expected = {"program": at.selectbox(key="program").value}
    assert at.query_params == expected


def test_scope_travels_in_the_link(built_store, kg, monkeypatch):
    params = {"view": "relations", "region": "宁波市", "years": "2019-2023"}
    at = run_app(built_store.path, monkeypatch, params=params)
    assert at.selectbox(key="scope_region").value == "宁波市"
    assert at.slider(key="scope_years").value == (2019, 2023)
    docs = kg.scope_documents("宁波市", (2019, 2023))
    assert len(at.dataframe[0].value) == len(kg.relations(docs))
    assert at.query_params == params
    # Values the store does not have are ignored rather than failing.
    at = run_app(built_store.path, monkeypatch, params={"view": "relations", "region": "火星", "years": "abc"})
    assert at.selectbox(key="scope_region").value == ""
    assert at.query_params == {"view": "relations"}


def test_the_address_follows_the_page(built_store, kg, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    assert at.query_params == {}
    go(at, "search")
    at.text_input(key="q").input("合肥工大").run()
    next(b for b in at.button if b.key == f"hit_{kg.find('合肥工业大学')}").click().run()
    assert at.query_params == {"entity": kg.find("合肥工业大学")}
    at.button(key="ent_net").click().run()
    assert at.query_params == {"view": "network", "centre": kg.find("合肥工业大学"), "depth": "1"}
    go(at, "overview")
    at.selectbox(key="scope_region").set_value("宁波市").run()
    assert at.query_params == {"region": "宁波市"}
    assert at.code[0].value == "?region=%E5%AE%81%E6%B3%A2%E5%B8%82"
