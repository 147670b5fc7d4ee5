"""The first screen: the three uses one click away, and search over names and aliases."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import state
from ..render import LABEL_NAMES, legend, remember_table, show_html

ANY = "any"
RESULT_LIMIT = 20


def render(kg: KnowledgeGraph, path: str) -> None:
    """Entry cards for the three uses, then the search box with its filters and results."""
    st.markdown("Explore the innovation entities named in the science-and-technology reports: "
                "**who works with whom**, **which firms joined which programs**, and **take the graph away**.")
    c1, c2, c3 = st.columns(3)
    with c1, st.container(border=True):
        st.markdown("#### :material/hub: Partnership networks")
        st.caption("Partners and co-builders, ego networks to depth 3, communities.")
        st.button("Open the network", key="go_network", on_click=state.go, args=(state.NETWORK,))
    with c2, st.container(border=True):
        st.markdown("#### :material/assignment: Programs")
        st.caption("Which firms joined which programs, with the evidence; and one firm's programs.")
        st.button("Open the programs", key="go_programs", on_click=state.go, args=(state.PROGRAMS,))
    with c3, st.container(border=True):
        st.markdown("#### :material/download: Export")
        st.caption("GraphML, GEXF, JSON and CSV for Gephi, Cytoscape, Neo4j or a spreadsheet.")
        st.button("Open the exports", key="go_export", on_click=state.go, args=(state.EXPORT,))

    st.subheader("Find an entity")
    query = st.text_input(
        "Name, alias or short form (typos are fine)", key="q", placeholder="e.g. 合肥工大, 宁波材料所, 东方理工"
    )
    facets = state.facets(path)
    f1, f2, f3 = st.columns(3)
    label = f1.selectbox("Type", [ANY, *facets["labels"]], key="f_label",
                         format_func=lambda v: LABEL_NAMES.get(v, v))
    region = f2.selectbox("Region", [ANY, *facets["regions"]], key="f_region")
    year = f3.selectbox("Year of a report", [ANY, *facets["years"]], key="f_year")
    filters = {"label": None if label == ANY else label, "region": None if region == ANY else region,
               "year": None if year == ANY else int(year)}

    if query.strip():
        hits = kg.search(query, limit=RESULT_LIMIT, **filters)
        heading = f"{len(hits)} match(es) for “{query.strip()}”"
    elif any(filters.values()):
        hits = kg.browse(limit=RESULT_LIMIT, **filters)
        heading = "Most connected entities for these filters"
    else:
        return
    if not hits:
        st.info("No entity matches. Try a shorter form of the name, or clear the filters.")
        return
    st.caption(heading + " · click one to open its page")
    show_html(legend(sorted({h["label"] for h in hits})))
    remember_table(
        [{"name": h["name"], "label": h["label"], "aliases": h["aliases"], "mentions": h["mentions"],
          "relations": h["degree"], "regions": h["regions"], "years": h["years"], "score": h.get("score", "")}
         for h in hits],
        f"search {query.strip() or 'filters'}",
    )
    for h in hits:
        cols = st.columns([3, 5])
        cols[0].button(f"{h['name']} · {h['label']}", key=f"hit_{h['id']}", on_click=state.open_entity,
                       args=(h["id"],), width="stretch")
        bits = [f"{h['degree']} relation(s)", f"{h['mentions']} mention(s)"]
        if h["aliases"]:
            bits.append("also " + "、".join(h["aliases"][:4]))
        if h["years"]:
            bits.append("years " + ", ".join(map(str, h["years"])))
        if "score" in h:
            bits.append(f"match {h['score']:.0f}")
        cols[1].caption(" · ".join(bits))
