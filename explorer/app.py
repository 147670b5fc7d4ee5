"""innokg explorer: the picture of the store first, then partnership networks, who joined
which programs, and exports, in a browser, in Chinese (default) or English.

Run with `innokg explore` (or `streamlit run explorer/app.py`); the store comes from
$INNOKG_STORE (default data/graph), the language from $INNOKG_LANG (zh or en) or the
sidebar switch. Every question goes through graph_loader.queries; each view lives in
explorer/views/, every text in explorer/i18n/. Links open a page directly (explorer/links.py).
With a Neo4j URI (sidebar or $NEO4J_URI) a read-only Cypher view appears as well. Planned
relations are shown marked (dashed in the network) unless the sidebar's switch hides them.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run explorer/app.py` puts explorer/ on the path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from explorer import lang, links, state  # noqa: E402
from explorer.lang import pinned, t  # noqa: E402
from explorer.views import (  # noqa: E402
    curation,
    documents,
    entity,
    export,
    network,
    overview,
    programs,
    relations,
    search,
)
from explorer.views import cypher as cypher_view  # noqa: E402
from graph_loader.store import StoreError  # noqa: E402

RENDERERS = {
    state.OVERVIEW: overview.render,
    state.SEARCH: search.render,
    state.ENTITY: entity.render,
    state.NETWORK: network.render,
    state.PROGRAMS: programs.render,
    state.RELATIONS: relations.render,
    state.DOCUMENTS: documents.render,
    state.DUPLICATES: curation.render,
    state.EXPORT: export.render,
}


def main() -> None:
    st.set_page_config(page_title="innokg", page_icon=":material/hub:", layout="wide")
    lang.start(st.query_params.get("lang"))
    path = state.store_path()
    try:
        with st.spinner(t("app.loading")):
            kg = state.load_kg(path)
    except StoreError as e:
        st.title(t("app.title"))
        st.error(t("app.store_error", path=path))
        st.caption(t("app.error_detail", detail=str(e)))
        return
    links.read(kg, path)
    state.apply_pending_navigation()
    if state.SHOW_PLANNED_KEY not in st.session_state:
        st.session_state[state.SHOW_PLANNED_KEY] = True
    kg = state.load_kg(path)  # with or without planned relations, as the switch (or the link) says

    nav = st.sidebar.container()
    lang.switch()
    st.sidebar.toggle(t("planned.show"), key=state.SHOW_PLANNED_KEY, help=t("planned.show_help"))
    neo4j = cypher_view.settings_from_sidebar()
    views = [*state.VIEWS, state.CYPHER] if neo4j else list(state.VIEWS)
    if st.session_state.get(state.VIEW_KEY) not in views:
        st.session_state[state.VIEW_KEY] = state.OVERVIEW
    with nav:
        st.title(":material/hub: innokg")
        view = st.radio(t("app.views"), views, key=state.VIEW_KEY,
                        format_func=pinned(lambda v: f"{state.VIEW_ICONS[v]} {t('view.' + v)}"))
        stats = state.stats(path)
        st.caption(t("app.counts", documents=stats["documents"], entities=f"{stats['nodes']:,}",
                     relations=f"{stats['edges']:,}"))
        if stats["planned_edges"]:
            st.caption(t("app.planned", n=f"{stats['planned_edges']:,}")
                       + ("" if state.show_planned() else " · " + t("planned.hidden")))
        st.caption(t("app.store", path=path))

    head, link_slot = st.columns([5, 1], vertical_alignment="bottom")
    head.title(f"{state.VIEW_ICONS[view]} {t('view.' + view)}")
    state.show_flash()
    if view == state.CYPHER:
        cypher_view.render(neo4j)
    else:
        RENDERERS[view](kg, path)
    links.sync(view, path)
    links.copy_control(view, path, link_slot)
    state.warm_up()


main()
