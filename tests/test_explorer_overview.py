"""The overview: four charts of the store, a region and years they all follow, and under
each a link to the view that lists what the chart counts."""

from __future__ import annotations

from collections import Counter

import pytest
from explorer_app import chart_titles, charts, go, run_app, texts

from explorer import i18n
from graph_loader.queries import KnowledgeGraph
from ner.model import ORGANISATION_LABELS

CHARTS = ("entities_by_type", "relations_by_year", "top_programs", "best_partnered")


@pytest.fixture
def kg(built_store):
    return KnowledgeGraph(built_store)


# -- the queries behind the charts --------------------------------------------------------------
def test_a_region_takes_the_reports_of_the_places_inside_it(kg):
    meta = {d["id"]: (d["region"], d["year"]) for d in kg.store.documents()}
    ningbo = kg.scope_documents("宁波市")
    assert ningbo == {d for d, (r, _) in meta.items() if r and r.startswith("宁波市")}
    assert any(meta[d][0] == "宁波市镇海区" for d in ningbo)  # a district of the city
    assert kg.scope_documents(None, (2023, 2023)) == {d for d, (_, y) in meta.items() if y == 2023}
    assert kg.scope_documents() is None


def test_counts_agree_with_the_lists(kg):
    for docs in (None, kg.scope_documents("宁波市"), kg.scope_documents(None, (2019, 2019))):
        rels = kg.relations(docs)
        assert Counter((r["type"], r["first_year"]) for r in rels) == {
            (r["type"], r["year"]): r["relations"] for r in kg.relation_counts(docs)}
        assert sum(kg.label_counts(docs).values()) == len(kg.browse(limit=None, docs=docs))
        for p in kg.programs(docs=docs):
            assert p["participants"] == len({x["id"] for x in kg.participants(p["id"], docs=docs)})
        # Partners as the partnership graph counts them (the entity page's figure).
        u = kg.partnership_graph(docs)
        assert kg.partner_counts(docs) == {n: u.degree(n) for n in u if u.degree(n)}
        expected = sorted((-u.degree(n), kg.graph.nodes[n]["name"], n) for n in u
                          if u.degree(n) and kg.graph.nodes[n]["label"] in ORGANISATION_LABELS)
        best = kg.best_partnered(docs, top=None)
        assert [(r["id"], r["partners"]) for r in best] == [(n, -neg) for neg, _, n in expected]
        assert kg.best_partnered(docs, top=3) == best[:3]


def test_a_scope_keeps_only_what_its_reports_state(kg):
    docs = kg.scope_documents("温州市")
    rels = kg.relations(docs)
    assert rels and all(set(kg.graph[r["head_id"]][r["tail_id"]][r["type"]]["documents"]) & docs for r in rels)
    assert len(rels) < len(kg.relations())


# -- the page ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_draws_four_charts_of_the_store(built_store, kg, monkeypatch, lang):
    at = run_app(built_store.path, monkeypatch, lang=lang)
    found = charts(at)
    assert set(found) == set(CHARTS)
    _, types = found["entities_by_type"]
    assert {r["name"]: r["count"] for r in types} == {i18n.label_name(lang, k): v for k, v in kg.label_counts().items()}
    _, years = found["relations_by_year"]
    assert sum(r["count"] for r in years) == sum(1 for *_, d in kg.edges if d["first_year"])
    assert {r["type"] for r in years} == {i18n.relation_name(lang, k) for _, _, k, d in kg.edges if d["first_year"]}
    _, progs = found["top_programs"]
    expected = [p for p in kg.programs() if p["participants"]][:15]
    assert [(r["name"], r["count"]) for r in progs] == [(p["name"], p["participants"]) for p in expected]
    _, partners = found["best_partnered"]
    assert [(r["name"], r["count"]) for r in partners] == [(r["name"], r["partners"]) for r in kg.best_partnered()]
    # Axis, legend and tooltip titles come from the catalogue of the language.
    spec, _ = found["relations_by_year"]
    assert set(chart_titles(spec)) == {i18n.text(lang, k) for k in (
        "chart.year_first_stated", "chart.relations", "chart.relation_type", "chart.year")}
    assert {m.label for m in at.metric} == {i18n.text(lang, k) for k in (
        "overview.reports", "overview.entities", "overview.relations", "overview.programs_joined")}


def test_every_chart_follows_the_region_and_years(built_store, kg, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    at.selectbox(key="scope_region").set_value("宁波市").run()
    at.slider(key="scope_years").set_value((2019, 2023)).run()
    docs = kg.scope_documents("宁波市", (2019, 2023))
    found = charts(at)
    assert {r["name"]: r["count"] for r in found["entities_by_type"][1]} == {
        i18n.label_name("en", k): v for k, v in kg.label_counts(docs).items()}
    assert sum(r["count"] for r in found["relations_by_year"][1]) == len(kg.relations(docs))
    assert [r["name"] for r in found["top_programs"][1]] == [
        p["name"] for p in kg.programs(docs=docs) if p["participants"]][:15]
    assert [r["name"] for r in found["best_partnered"][1]] == [r["name"] for r in kg.best_partnered(docs)]
    assert {m.label: m.value for m in at.metric}["Reports"] == str(len(docs))
    # A region and years with no report say so instead of drawing empty charts.
    at.selectbox(key="scope_region").set_value("温州市").run()
    at.slider(key="scope_years").set_value((2012, 2015)).run()
    assert [i.value for i in at.info] == ["No report of this region in these years."]
    assert charts(at) == {}


def test_each_chart_links_to_the_list_of_what_it_counts(built_store, kg, monkeypatch):
    at = run_app(built_store.path, monkeypatch)
    at.selectbox(key="scope_region").set_value("宁波市").run()
    docs = kg.scope_documents("宁波市")
    counted = {r["name"]: r["count"] for r in charts(at)["entities_by_type"][1]}
    # Entities by type -> the search view, browsing the same scope: as many entities as the bars.
    at.button(key="ov_go_search").click().run()
    assert at.sidebar.radio(key="view").value == "search"
    assert f"{sum(counted.values())} entities, most connected first" in texts(at)
    at.selectbox(key="f_label").set_value("Enterprise").run()
    assert f"{counted['Enterprise']} entities, most connected first" in texts(at)
    # Relations by type and year -> the relations view: as many rows as the bars add up to.
    go(at, "overview")
    dated = sum(r["count"] for r in charts(at)["relations_by_year"][1])
    at.button(key="ov_go_relations").click().run()
    assert at.sidebar.radio(key="view").value == "relations"
    rows = at.dataframe[0].value
    assert len(rows) == len(kg.relations(docs)) and rows["first year"].notna().sum() == dated
    # Programs with most participants -> the programs table, same order and counts.
    go(at, "overview")
    top = [(r["name"], r["count"]) for r in charts(at)["top_programs"][1]]
    at.button(key="ov_go_programs").click().run()
    table = at.dataframe[0].value
    assert list(zip(table["program"], table["participants"], strict=False))[: len(top)] == top
    # Organisations with most partners -> the partnership network and its list of partners.
    go(at, "overview")
    best = [(r["name"], r["count"]) for r in charts(at)["best_partnered"][1]]
    at.button(key="ov_go_network").click().run()
    assert at.sidebar.radio(key="view").value == "network"
    table = next(d.value for d in at.dataframe if "partners" in d.value.columns)
    assert list(zip(table["name"], table["partners"], strict=False))[: len(best)] == best
