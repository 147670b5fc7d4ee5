"""The partnership network: an ego network or the whole graph, capped, coloured, sized, for
the chosen region and years; and the organisations with most partners there."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import PARTNERSHIP_TYPES, KnowledgeGraph
from ner.model import RELATION_TYPES

from .. import lang, scope, state
from ..lang import label, pinned, t
from ..network import COMMUNITY_COLORS, DEFAULT_CAP, MAX_CAP, network_view
from ..network import draw as draw_network
from ..render import edge_legend, legend, show_html, table

TYPE_CHOICES = {"partnerships": PARTNERSHIP_TYPES, "all": RELATION_TYPES}
COLOR_CHOICES = ("label", "community")
TYPES_KEY, QUERY_KEY = "net_types", "net_q"


def render(kg: KnowledgeGraph, path: str) -> None:
    """Controls, the capped picture, the communities found in it and the best-partnered."""
    centre = st.session_state.get(state.NETWORK_CENTRE_KEY)
    if centre and centre not in kg.graph:
        centre = None
    c1, c2 = st.columns([3, 2])
    with c1:
        if centre:
            node = kg.graph.nodes[centre]
            st.markdown(t("network.centred", name=node["name"], label=label(node["label"])))
            st.button(t("network.whole"), key="net_clear", on_click=_set_centre, args=(None,))
        else:
            st.markdown(t("network.whole_caption"))
        query = st.text_input(t("network.centre_on"), key=QUERY_KEY, placeholder=t("network.centre_placeholder"))
        if query.strip():
            hits = kg.search(query, limit=5)
            if not hits:
                st.caption(t("network.no_match"))
            for h in hits:
                st.button(t("network.centre_hit", name=h["name"], label=label(h["label"])), key=f"net_hit_{h['id']}",
                          on_click=_set_centre, args=(h["id"],))
        sc = scope.controls(path)
    with c2:
        kinds = st.radio(t("network.relations"), list(TYPE_CHOICES), key=TYPES_KEY,
                         format_func=pinned(lambda k: t(f"network.types.{k}")))
        if state.NETWORK_DEPTH_KEY not in st.session_state:
            st.session_state[state.NETWORK_DEPTH_KEY] = 1
        depth = st.slider(t("network.depth"), 1, 3, key=state.NETWORK_DEPTH_KEY, disabled=not centre)
        color_by = st.radio(t("network.colour_by"), COLOR_CHOICES, key="net_color", horizontal=True,
                            format_func=pinned(lambda v: t(f"network.colour.{v}")))
        cap = st.slider(t("network.cap"), 20, MAX_CAP, DEFAULT_CAP, step=10, key="net_cap")

    docs = sc.docs(path)
    view = network_view(kg.graph, centre=centre, depth=depth, types=TYPE_CHOICES[kinds], color_by=color_by, cap=cap,
                        docs=docs)
    st.session_state[state.NETWORK_NODES_KEY] = view.node_ids
    if view.capped:
        st.warning(view.cap_message(lang.current()), icon=":material/content_cut:")
    if not view.shown_nodes:
        st.info(t("network.nothing_centre") if centre else t("network.nothing"))
    else:
        _picture(kg, view, centre, depth, kinds, color_by, cap, sc)
    if not centre and kinds == "partnerships":
        st.subheader(t("network.best_partnered"), anchor=False)
        table([{"name": r["name"], "label": r["label"], "partners": r["partners"]}
               for r in kg.best_partnered(docs, top=None)], t("network.best_partnered"), key="net_best", height=300)


def _picture(kg: KnowledgeGraph, view, centre, depth, kinds, color_by, cap, sc) -> None:
    st.caption(t("network.drawn", nodes=view.shown_nodes, edges=view.shown_edges))
    if color_by == "label":
        show_html(legend())
    elif len(view.communities) > len(COMMUNITY_COLORS):
        st.caption(t("network.many_communities", n=len(view.communities), coloured=len(COMMUNITY_COLORS)))
    if view.shown_edges:
        show_html(edge_legend() if state.show_planned() else t("planned.hidden"))
    opened = draw_network(view, key=f"net_{centre}_{depth}_{kinds}_{color_by}_{cap}_{sc}_{lang.current()}"
                                    f"_{state.show_planned()}",
                          lang=lang.current())
    if opened and opened in kg.graph:
        state.navigate_later(state.ENTITY, entity=opened)
        st.rerun()

    names = {n["data"]["id"]: n["data"] for n in view.elements["nodes"]}
    pick = st.selectbox(t("network.open_drawn"), ["", *view.node_ids], key="net_open",
                        format_func=pinned(lambda n: f"{names[n]['name']} · {label(names[n]['label'])}" if n else "—"))
    if pick:
        st.button(t("network.open", name=names[pick]["name"]), key="net_open_btn", on_click=_open_and_reset,
                  args=(pick,))
    if view.communities:
        st.subheader(t("network.communities"), anchor=False)
        rows = [{"community": i + 1, "size": len(part),
                 "members": [kg.graph.nodes[n]["name"] for n in part[:30]]} for i, part in enumerate(view.communities)]
        table(rows, t("network.communities"), key="net_comm")


def _set_centre(eid: str | None) -> None:
    st.session_state[state.NETWORK_CENTRE_KEY] = eid
    st.session_state[QUERY_KEY] = ""


def _open_and_reset(eid: str) -> None:
    st.session_state["net_open"] = ""
    state.open_entity(eid)
