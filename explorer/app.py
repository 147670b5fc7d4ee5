"""innokg explorer: partnership networks, who joined which programs, and exports, in a browser.

Run with `innokg explore` (or `streamlit run explorer/app.py`); the store comes from
$INNOKG_STORE (default data/graph). Every question goes through graph_loader.queries;
each view lives in explorer/views/. With a Neo4j URI (sidebar or $NEO4J_URI) a read-only
Cypher view appears as well.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run explorer/app.py` puts explorer/ on the path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from explorer import state  # noqa: E402
from explorer.views import cypher as cypher_view  # noqa: E402
from explorer.views import documents, entity, export, network, programs, search  # noqa: E402
from graph_loader.store import StoreError  # noqa: E402

RENDERERS = {
    state.SEARCH: search.render,
    state.ENTITY: entity.render,
    state.NETWORK: network.render,
    state.PROGRAMS: programs.render,
    state.DOCUMENTS: documents.render,
    state.EXPORT: export.render,
}


def _from_url() -> None:
    """Open the entity named in the URL (?entity=ID) on a fresh session."""
    if "url_read" in st.session_state:
        return
    st.session_state["url_read"] = True
    eid = st.query_params.get("entity")
    if eid:
        st.session_state[state.ENTITY_KEY] = eid
        st.session_state[state.VIEW_KEY] = state.ENTITY


def main() -> None:
    st.set_page_config(page_title="innokg explorer", page_icon=":material/hub:", layout="wide")
    path = state.store_path()
    try:
        kg = state.load_kg(path)
    except StoreError as e:
        st.title("innokg explorer")
        st.error(f"{e}. Set INNOKG_STORE or pass --store to `innokg explore`.")
        return
    _from_url()
    state.apply_pending_navigation()

    nav = st.sidebar.container()
    neo4j = cypher_view.settings_from_sidebar()
    views = [*state.VIEWS, state.CYPHER] if neo4j else list(state.VIEWS)
    if st.session_state.get(state.VIEW_KEY) not in views:
        st.session_state[state.VIEW_KEY] = state.SEARCH
    with nav:
        st.title(":material/hub: innokg")
        view = st.radio("View", views, key=state.VIEW_KEY, format_func=lambda v: f"{state.VIEW_ICONS[v]} {v}")
        stats = kg.stats()
        st.caption(f"{stats['documents']} reports · {stats['nodes']:,} entities · {stats['edges']:,} relations")
        st.caption(f"store `{path}`")
    if view != state.ENTITY and "entity" in st.query_params:
        del st.query_params["entity"]

    st.title(f"{state.VIEW_ICONS[view]} {view}" if view != state.SEARCH else "innokg explorer")
    state.show_flash()
    if view == state.CYPHER:
        cypher_view.render(neo4j)
    else:
        RENDERERS[view](kg, path)
    state.warm_up()


main()
