"""Downloads: the graph (or the part drawn in the network view) and the current table."""

from __future__ import annotations

from functools import partial

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import state
from ..exports import FILES, export_bytes, export_zip
from ..render import CURRENT_TABLE, rows_to_csv, slug

WHOLE, DRAWN = "The whole graph", "The entities drawn in the network view"
BUTTONS = (
    ("graphml", "GraphML (Gephi, yEd, Cytoscape)"),
    ("gexf", "GEXF (Gephi)"),
    ("json", "JSON (node-link)"),
    ("nodes.csv", "CSV: nodes"),
    ("relationships.csv", "CSV: relationships"),
    ("cypher", "Cypher script (cypher-shell)"),
)


def render(kg: KnowledgeGraph, path: str) -> None:
    """Download buttons; the files are written when a button is clicked, not on every visit."""
    drawn = st.session_state.get(state.NETWORK_NODES_KEY) or []
    if drawn:
        scope = st.radio("What to export", [WHOLE, DRAWN], key="exp_scope", horizontal=True)
    else:
        scope = WHOLE
        st.caption("The whole graph. Draw a network first to export just the entities it shows.")
    g = kg.graph if scope == WHOLE else kg.graph.subgraph(drawn).copy()
    st.caption(f"{g.number_of_nodes():,} entities and {g.number_of_edges():,} relations, with aliases, "
               "documents, years, evidence counts and cues.")
    st.subheader("The graph")
    cols = st.columns(3)
    for i, (key, label) in enumerate(BUTTONS):
        _, name, mime = FILES[key]
        # A callable is run only when the user clicks, so a 10,000-entity graph is not
        # serialised six times each time this view is shown.
        cols[i % 3].download_button(label, partial(export_bytes, g, key, kg.store), file_name=name, mime=mime,
                                    key=f"exp_{key}", on_click="ignore", width="stretch")
    cols[0].download_button("neo4j-admin import CSVs (zip)", partial(export_zip, g, "neo4j-admin"),
                            file_name="innokg-neo4j-admin.zip", mime="application/zip", key="exp_admin",
                            on_click="ignore", width="stretch")

    st.subheader("The current table")
    current = st.session_state.get(CURRENT_TABLE)
    if not current:
        st.info("No table yet: the last table you looked at (search results, programs, participants…) "
                "is offered here as CSV.")
        return
    st.markdown(f"**{current['title']}** · {len(current['rows'])} rows")
    st.download_button("Current table (CSV)", rows_to_csv(current["rows"]), file_name=f"{slug(current['title'])}.csv",
                       mime="text/csv", key="exp_table", on_click="ignore")
