"""The first screen: the store at a glance, as charts that follow one region and span of years.

Entities by type, relations by type and year, the programs with most participants and the
organisations with most partners; under each chart a link to the view that lists what it
counts, for the same scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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

    # Relations stated only in reports without a year cannot stand on the year axis: said apart.
    undated = sum(r["relations"] for r in data["relations"] if not r["year"])
    tables = {**data, "relations": [r for r in data["relations"] if r["year"]]}
    notes = {"relations": t("overview.undated", n=undated) if undated else ""}
    for row in (PANELS[:2], PANELS[2:]):
        for place, panel in zip(st.columns(2), row, strict=True):
            with place, st.container(border=True):
                _panel(panel, tables[panel.data], notes.get(panel.data, ""))


def _panel(panel: Panel, rows, note: str) -> None:
    st.subheader(t(f"overview.{panel.name}"), anchor=False)
    if rows:
        charts.show(panel.chart(rows), key=f"ov_chart_{panel.name}")
    else:
        st.info(t(f"overview.{panel.name}_empty"))
    if note:
        st.caption(note)
    st.button(t(f"overview.{panel.name}_link"), key=panel.button, icon=panel.icon, on_click=panel.opens)


def _list_entities() -> None:
    st.session_state[SEARCH_QUERY_KEY] = ""
    st.session_state[SEARCH_LABEL_KEY] = ""
    state.go(state.SEARCH)


def _list_relations() -> None:
    st.session_state[RELATION_TYPE_KEY] = ""
    st.session_state[RELATION_YEAR_KEY] = 0
    state.go(state.RELATIONS)


def _list_programs() -> None:
    state.go(state.PROGRAMS)


def _whole_network() -> None:
    state.open_network(None)


@dataclass(frozen=True)
class Panel:
    """One chart of the overview: its texts (overview.<name>, _link, _empty), the table it
    draws (a key of state.overview), the chart, and the link to the view listing what it counts."""

    name: str
    data: str
    chart: Callable[[object], dict]
    button: str
    icon: str
    opens: Callable[[], None]


PANELS = (
    Panel("by_type", "labels", charts.entities_by_type, "ov_go_search", ":material/search:", _list_entities),
    Panel("by_year", "relations", charts.relations_by_year, "ov_go_relations", ":material/share:", _list_relations),
    Panel("top_programs", "programs", charts.top_programs, "ov_go_programs", ":material/assignment:", _list_programs),
    Panel("best_partnered", "partners", charts.best_partnered, "ov_go_network", ":material/hub:", _whole_network),
)
