"""The region and span of years that the overview's charts and the lists behind them follow.

One pair of widgets, drawn by whichever view is shown (overview, search, programs,
relations, network): their values outlive the views, so a chart and the list it links to
count the same reports. A scope is turned into a set of document ids by
graph_loader.queries.KnowledgeGraph.scope_documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from . import state
from .lang import pinned, t

REGION_KEY, YEARS_KEY = "scope_region", "scope_years"
ALL_REGIONS = ""


@dataclass(frozen=True)
class Scope:
    """The reports of `region` (None: every region) issued in `years` (None: any year)."""

    region: str | None = None
    years: tuple[int, int] | None = None

    def docs(self, path: str) -> frozenset[str] | None:
        """The ids of the reports in scope (None: all reports)."""
        return state.scope_documents(path, self.region, self.years)

    def params(self) -> dict[str, str]:
        """The scope as link parameters (?region=宁波市&years=2019-2023)."""
        out = {}
        if self.region:
            out["region"] = self.region
        if self.years:
            out["years"] = f"{self.years[0]}-{self.years[1]}"
        return out


def set_from_params(params, path: str) -> None:
    """Take a scope from link parameters; values the store does not have are ignored."""
    facets = state.facets(path)
    region = params.get("region")
    if region in facets["regions"]:
        st.session_state[REGION_KEY] = region
    span = _parse_years(params.get("years"))
    years = facets["years"]
    if span and len(years) >= 2:
        lo, hi = max(span[0], years[0]), min(span[1], years[-1])
        if lo <= hi:
            st.session_state[YEARS_KEY] = (lo, hi)


def _parse_years(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    first, _, last = value.partition("-")
    try:
        lo, hi = int(first), int(last or first)
    except ValueError:
        return None
    return (lo, hi) if lo <= hi else None


def current(path: str) -> Scope:
    """The scope chosen in this session (the widgets need not be drawn in this run)."""
    years = state.facets(path)["years"]
    region = st.session_state.get(REGION_KEY) or None
    span = st.session_state.get(YEARS_KEY)
    if not span or len(years) < 2 or tuple(span) == (years[0], years[-1]):
        span = None
    return Scope(region, tuple(span) if span else None)


def controls(path: str, places=None) -> Scope:
    """The region box and the year slider, side by side (or in the two containers given);
    returns the scope they set."""
    facets = state.facets(path)
    years = facets["years"]
    c1, c2 = places or st.columns(2)
    c1.selectbox(t("scope.region"), [ALL_REGIONS, *facets["regions"]], key=REGION_KEY, persist_state="page",
                 format_func=pinned(lambda r: r or t("scope.all_regions")), help=t("scope.region_help"))
    if len(years) >= 2:
        if YEARS_KEY not in st.session_state:
            st.session_state[YEARS_KEY] = (years[0], years[-1])
        c2.slider(t("scope.years"), years[0], years[-1], key=YEARS_KEY, persist_state="page",
                  help=t("scope.years_help"))
    elif years:
        c2.caption(t("scope.one_year", year=years[0]))
    return current(path)
