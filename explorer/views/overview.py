"""The first screen: the store at a glance, as charts that follow one region and span of years.

Entities by type, relations by type and year, the programs with most participants and the
organisations with most partners; under each chart a link to the view that lists what it
counts, for the same scope.
"""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import charts, scope, state
from ..lang import t
from .relations import TYPE_KEY as RELATION_TYPE_KEY
from .relations import YEAR_KEY as RELATION_YEAR_KEY
from .search import LABEL_KEY as SEARCH_LABEL_KEY
from .search import QUERY_KEY as SEARCH_QUERY_KEY


def render(kg: KnowledgeGraph, path: str) -> None:
    """Scope controls, four figures and four charts with their links."""
    st.caption(t("overview.intro"))
    sc = scope.controls(path)
    data = state.overview(path, sc.region, sc.years)
    docs = sc.docs(path)
    n_entities = sum(data["labels"].values())
    n_relations = sum(r["relations"] for r in data["relations"])
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("overview.reports"), state.stats(path)["documents"] if docs is None else len(docs))
    m2.metric(t("overview.entities"), f"{n_entities:,}")
    m3.metric(t("overview.relations"), f"{n_relations:,}")
    m4.metric(t("overview.programs_joined"), sum(1 for p in state.programs(path, None, sc.region, sc.years)
                                                 if p["participants"]))
    if not n_entities:
        st.info(t("overview.empty"))
        return

    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader(t("overview.by_type"), anchor=False)
        charts.show(charts.entities_by_type(data["labels"]), key="ov_chart_types")
        st.button(t("overview.by_type_link"), key="ov_go_search", icon=":material/search:", on_click=_list_entities)
    with right, st.container(border=True):
        st.subheader(t("overview.by_year"), anchor=False)
        undated = sum(r["relations"] for r in data["relations"] if not r["year"])
        charts.show(charts.relations_by_year(data["relations"]), key="ov_chart_years")
        if undated:
            st.caption(t("overview.undated", n=undated))
        st.button(t("overview.by_year_link"), key="ov_go_relations", icon=":material/share:",
                  on_click=_list_relations)
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader(t("overview.top_programs"), anchor=False)
        if data["programs"]:
            charts.show(charts.top_programs(data["programs"]), key="ov_chart_programs")
        else:
            st.info(t("overview.no_programs"))
        st.button(t("overview.top_programs_link"), key="ov_go_programs", icon=":material/assignment:",
                  on_click=state.go, args=(state.PROGRAMS,))
    with right, st.container(border=True):
        st.subheader(t("overview.best_partnered"), anchor=False)
        if data["partners"]:
            charts.show(charts.best_partnered(data["partners"]), key="ov_chart_partners")
        else:
            st.info(t("overview.no_partners"))
        st.button(t("overview.best_partnered_link"), key="ov_go_network", icon=":material/hub:",
                  on_click=state.open_network, args=(None,))


def _list_entities() -> None:
    st.session_state[SEARCH_QUERY_KEY] = ""
    st.session_state[SEARCH_LABEL_KEY] = ""
    state.go(state.SEARCH)


def _list_relations() -> None:
    st.session_state[RELATION_TYPE_KEY] = ""
    st.session_state[RELATION_YEAR_KEY] = 0
    state.go(state.RELATIONS)
