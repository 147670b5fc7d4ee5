"""Links that open one page of the explorer directly, and the control that copies them.

    ?entity=ID              an entity's page (an exact name or alias works too)
    ?program=ID             a program with its participants
    ?view=network&centre=ID&depth=2
    ?view=<view>            any other view (overview, search, programs, relations, documents, duplicates,
                            export)
    &region=宁波市&years=2019-2023   the scope, for the views that follow it
    &lang=en                the interface language, when it is not the default
    &planned=hide           planned relations hidden (the sidebar's switch)

The link is read once, when a session starts; afterwards the address bar follows what the
page shows, so copying it from the browser or from the "copy link" control gives the same.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from . import i18n, lang, scope, state
from .lang import t

URL_READ_KEY = "url_read"
# The views whose lists follow the region and years chosen on the overview.
SCOPED_VIEWS = frozenset({state.OVERVIEW, state.SEARCH, state.NETWORK, state.PROGRAMS, state.RELATIONS})
MAX_DEPTH = 3
# Link parameters naming one entity: how to open its page, and what to say when it is not found.
PAGES = {"entity": (state.open_entity, "link.no_entity"), "program": (state.open_program, "link.no_program")}


def resolve(kg: KnowledgeGraph, value: str | None) -> str | None:
    """The entity a link names: its id, or a name or alias written exactly (no fuzzy guess)."""
    if not value:
        return None
    if value in kg.graph:
        return value
    hits = kg.search(value, limit=1)
    return hits[0]["id"] if hits and hits[0]["score"] >= 100 else None


def read(kg: KnowledgeGraph, path: str) -> None:
    """Open what the link of a new session asks for (once per session)."""
    if st.session_state.get(URL_READ_KEY):
        return
    st.session_state[URL_READ_KEY] = True
    params = st.query_params
    scope.set_from_params(params, path)
    if params.get("planned") == "hide":
        st.session_state[state.SHOW_PLANNED_KEY] = False
    view = params.get("view")
    page = next((p for p in PAGES if p in params), None)
    if page:
        opens, missing = PAGES[page]
        found = resolve(kg, params[page])
        if found:
            opens(found)
        else:
            state.flash(t(missing, value=params[page]), "warning")
    elif view == state.NETWORK:
        centre = resolve(kg, params.get("centre"))
        if params.get("centre") and not centre:
            state.flash(t("link.no_entity", value=params["centre"]), "warning")
        state.open_network(centre, _depth(params.get("depth")))
    elif view in (*state.VIEWS, state.CYPHER):
        state.go(view)


def _depth(value: str | None) -> int | None:
    try:
        return min(max(int(value), 1), MAX_DEPTH) if value else None
    except ValueError:
        return None


def params_for(view: str, path: str) -> dict[str, str]:
    """The link parameters of what `view` shows now."""
    ss = st.session_state
    if view == state.ENTITY and ss.get(state.ENTITY_KEY):
        params = {"entity": ss[state.ENTITY_KEY]}
    elif view == state.PROGRAMS and ss.get(state.PROGRAM_KEY):
        params = {"program": ss[state.PROGRAM_KEY]}
    elif view == state.NETWORK:
        params = {"view": state.NETWORK}
        if ss.get(state.NETWORK_CENTRE_KEY):
            params["centre"] = ss[state.NETWORK_CENTRE_KEY]
            params["depth"] = str(ss.get(state.NETWORK_DEPTH_KEY, 1))
    elif view == state.OVERVIEW:
        params = {}
    else:
        params = {"view": view}
    if view in SCOPED_VIEWS:
        params.update(scope.current(path).params())
    if not state.show_planned():
        params["planned"] = "hide"
    return params


def sync(view: str, path: str) -> dict[str, str]:
    """Make the address bar show the current page (and the language, when not the default)."""
    params = params_for(view, path)
    if lang.current() != i18n.env_lang():
        params["lang"] = lang.current()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    return params


def url(params: dict[str, str]) -> str:
    """The full link (relative when the browser's address is unknown, as in tests)."""
    base = st.context.url or ""
    if base and not urlsplit(base).path:
        base += "/"
    query = urlencode({k: v for k, v in params.items() if k != "lang"})
    return f"{base}?{query}" if query else (base or "?")


def copy_control(view: str, path: str, slot) -> None:
    """A "copy link" button in `slot` that shows the page's link with a copy icon."""
    link = url(params_for(view, path))
    with slot.container(), st.popover(t("link.copy"), icon=":material/link:"):
        st.caption(t("link.copy_help"))
        st.code(link, language=None, wrap_lines=True)
