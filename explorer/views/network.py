"""The partnership network: an ego network or the whole graph, capped, coloured, sized."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import PARTNERSHIP_TYPES, KnowledgeGraph
from ner.model import RELATION_TYPES

from .. import state
from ..network import COMMUNITY_COLORS, DEFAULT_CAP, MAX_CAP, network_view
from ..network import draw as draw_network
from ..render import legend, show_html, table

TYPE_CHOICES = {
    "Partnerships (PARTNERS_WITH, CO_BUILDS)": PARTNERSHIP_TYPES,
    "All relations": RELATION_TYPES,
}


def render(kg: KnowledgeGraph, path: str) -> None:
    """Controls, the capped picture, and the communities found in it."""
    centre = st.session_state.get(state.NETWORK_CENTRE_KEY)
    if centre and centre not in kg.graph:
        centre = None
    c1, c2 = st.columns([3, 2])
    with c1:
        if centre:
            st.markdown(f"Centred on **{kg.graph.nodes[centre]['name']}** ({kg.graph.nodes[centre]['label']})")
            st.button("Show the whole network instead", key="net_clear", on_click=_set_centre, args=(None,))
        else:
            st.markdown("The whole network (entities with at least one relation of the chosen types)")
        query = st.text_input("Centre on an entity", key="net_q", placeholder="name or short form")
        if query.strip():
            hits = kg.search(query, limit=5)
            if not hits:
                st.caption("No entity matches.")
            for h in hits:
                st.button(f"Centre on {h['name']} · {h['label']}", key=f"net_hit_{h['id']}",
                          on_click=_set_centre, args=(h["id"],))
    with c2:
        kinds = st.radio("Relations", list(TYPE_CHOICES), key="net_types")
        depth = st.slider("Depth around the centre", 1, 3, 1, key="net_depth", disabled=not centre)
        color_by = st.radio("Colour by", ["label", "community"], key="net_color", horizontal=True,
                            format_func=lambda v: {"label": "entity type", "community": "community (Louvain)"}[v])
        cap = st.slider("Most nodes to draw", 20, MAX_CAP, DEFAULT_CAP, step=10, key="net_cap")

    view = network_view(kg.graph, centre=centre, depth=depth, types=TYPE_CHOICES[kinds], color_by=color_by, cap=cap)
    st.session_state[state.NETWORK_NODES_KEY] = view.node_ids
    if view.capped:
        st.warning(view.message, icon=":material/content_cut:")
    if not view.shown_nodes:
        st.info("Nothing to draw: no relation of these types" + (" around this entity." if centre else "."))
        return
    st.caption(f"{view.shown_nodes} entities and {view.shown_edges} relations drawn; size grows with the number "
               "of relations. Drag to move, scroll to zoom, click for details, double-click to open an entity's page.")
    if color_by == "label":
        show_html(legend())
    elif len(view.communities) > len(COMMUNITY_COLORS):
        st.caption(f"{len(view.communities)} communities: the {len(COMMUNITY_COLORS)} largest are coloured, "
                   "the others grey.")
    opened = draw_network(view, key=f"net_{centre}_{depth}_{kinds}_{color_by}_{cap}")
    if opened and opened in kg.graph:
        state.navigate_later(state.ENTITY, entity=opened)
        st.rerun()

    names = {n["data"]["id"]: n["data"] for n in view.elements["nodes"]}
    pick = st.selectbox("Open the page of a drawn entity", ["", *view.node_ids], key="net_open",
                        format_func=lambda n: names[n]["name"] + f" · {names[n]['label']}" if n else "—")
    if pick:
        st.button(f"Open {names[pick]['name']}", key="net_open_btn", on_click=_open_and_reset, args=(pick,))
    if view.communities:
        st.subheader("Communities in this picture")
        rows = [{"community": i + 1, "size": len(part),
                 "members": [kg.graph.nodes[n]["name"] for n in part[:30]]} for i, part in enumerate(view.communities)]
        table(rows, "network communities", key="net_comm")


def _set_centre(eid: str | None) -> None:
    st.session_state[state.NETWORK_CENTRE_KEY] = eid
    st.session_state["net_q"] = ""


def _open_and_reset(eid: str) -> None:
    st.session_state["net_open"] = ""
    state.open_entity(eid)

