"""Downloads: the graph (or the part drawn in the network view) and the current table."""

from __future__ import annotations

from functools import partial

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import lang, state
from ..exports import FILES, export_bytes, export_zip
from ..lang import pinned, t
from ..render import CURRENT_TABLE, frame_to_csv, readable_frame, slug

WHOLE, DRAWN = "whole", "drawn"
BUTTONS = ("graphml", "gexf", "json", "nodes.csv", "relationships.csv", "cypher")


def render(kg: KnowledgeGraph, path: str) -> None:
    """Download buttons; the files are written when a button is clicked, not on every visit."""
    drawn = st.session_state.get(state.NETWORK_NODES_KEY) or []
    if drawn:
        scope = st.radio(t("export.what"), [WHOLE, DRAWN], key="exp_scope", horizontal=True,
                         format_func=pinned(lambda v: t(f"export.scope.{v}")))
    else:
        scope = WHOLE
        st.caption(t("export.whole_hint"))
    g = kg.graph if scope == WHOLE else kg.graph.subgraph(drawn).copy()
    st.caption(t("export.size", nodes=f"{g.number_of_nodes():,}", edges=f"{g.number_of_edges():,}"))
    if not state.show_planned():
        st.caption(t("planned.hidden"))
    st.subheader(t("export.graph"), anchor=False)
    cols = st.columns(3)
    for i, key in enumerate(BUTTONS):
        _, name, mime = FILES[key]
        # A callable is run only when the user clicks, so a 10,000-entity graph is not
        # serialised six times each time this view is shown.
        cols[i % 3].download_button(t(f"export.file.{key}"), partial(export_bytes, g, key, kg.store, lang.current()),
                                    file_name=name, mime=mime, key=f"exp_{key}", on_click="ignore", width="stretch")
    cols[0].download_button(t("export.file.neo4j-admin"), partial(export_zip, g, "neo4j-admin"),
                            file_name="innokg-neo4j-admin.zip", mime="application/zip", key="exp_admin",
                            on_click="ignore", width="stretch")
    st.caption(t("export.identifiers"))

    st.subheader(t("export.current"), anchor=False)
    current = st.session_state.get(CURRENT_TABLE)
    if not current:
        st.info(t("export.no_table"))
        return
    st.markdown(t("export.table", title=current["title"], n=len(current["rows"])))
    st.download_button(t("export.table_button"), partial(frame_to_csv, readable_frame(current["rows"], lang.current())),
                       file_name=f"{slug(current['title'])}.csv", mime="text/csv", key="exp_table", on_click="ignore")
