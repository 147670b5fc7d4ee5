"""An entity's page: who it is, where it is named, and each relation with its evidence."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from graph_loader.queries import KnowledgeGraph, NotFound

from .. import state
from ..render import LABEL_NAMES, highlight_html, label_color, show_html, table

EVIDENCE_SHOWN = 25
RELATION_TITLES = {
    "JOINED": ("joined", "joined by"),
    "LEADS": ("leads", "led by"),
    "CO_BUILDS": ("co-builds", "co-built by"),
    "PARTNERS_WITH": ("partners with", "partners with"),
    "SETTLED_IN": ("settled in", "hosts"),
    "PART_OF": ("part of", "has part"),
}


def render(kg: KnowledgeGraph, path: str) -> None:
    """The page of the entity chosen in the session (or named in the URL)."""
    eid = st.session_state.get(state.ENTITY_KEY)
    if not eid:
        st.info("No entity chosen yet: search for one first.")
        st.button("Go to search", on_click=state.go, args=(state.SEARCH,))
        return
    try:
        node = kg.node(eid)
    except NotFound:
        st.warning("That entity is no longer in the store.")
        return
    st.query_params["entity"] = eid

    st.header(node["name"], anchor=False)
    show_html(
        f'<span style="background:{label_color(node["label"])};padding:0.2em 0.6em;border-radius:0.3em">'
        f'{LABEL_NAMES.get(node["label"], node["label"])}</span>'
    )
    rels = kg.relations_of(eid)
    docs = kg.documents_of(eid)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Mentions", node["mentions"])
    m2.metric("Reports", len(docs))
    m3.metric("Relations", len(rels))
    partners = state.partnership_graph(path)
    m4.metric("Partners", partners.degree(eid) if eid in partners else 0)
    if node["aliases"]:
        st.markdown("**Also written:** " + "、".join(node["aliases"]))
    if node["regions"] or node["years"]:
        st.caption(" · ".join(filter(None, ["regions " + "、".join(node["regions"]) if node["regions"] else "",
                                            "years " + ", ".join(map(str, node["years"])) if node["years"] else ""])))
    b1, b2 = st.columns(2)
    b1.button("Show its network", icon=":material/hub:", key="ent_net", on_click=state.open_network, args=(eid,))
    b2.button("Back to search", icon=":material/search:", key="ent_back", on_click=state.go, args=(state.SEARCH,))

    st.subheader("Relations")
    if not rels:
        st.info("No relation recorded for this entity: the reports name it without stating a link.")
    for rtype, group in groupby(rels, key=lambda r: r["type"]):
        group = list(group)
        st.markdown(f"**{rtype}** · {len(group)}")
        if len(group) > EVIDENCE_SHOWN:
            # A hub can have hundreds of edges: all are listed, the evidence of the best attested is opened.
            st.caption(f"The {EVIDENCE_SHOWN} with most evidence have their sentences below; the table lists all.")
            table([{"relation": r["type"], "direction": r["direction"], "other": r["other_name"],
                    "label": r["other_label"], "evidence": r["evidence"], "first year": r["first_year"],
                    "last year": r["last_year"]} for r in group],
                  f"{rtype} relations of {node['name']}", key=f"ent_rel_{rtype}", height=250)
        for r in group[:EVIDENCE_SHOWN]:
            _relation(kg, node, r)

    st.subheader("Reports naming it")
    table(docs, f"reports naming {node['name']}", key="ent_docs")


def _relation(kg: KnowledgeGraph, node: dict, r: dict) -> None:
    out_word, in_word = RELATION_TITLES.get(r["type"], (r["type"], r["type"]))
    verb = out_word if r["direction"] == "out" else in_word
    years = ""
    if r["first_year"]:
        years = f" · {r['first_year']}" + (f"–{r['last_year']}" if r["last_year"] != r["first_year"] else "")
    title = f"{verb} {r['other_name']} ({r['other_label']}) · {r['evidence']} evidence{years}"
    with st.expander(title):
        head_label, tail_label = (
            (node["label"], r["other_label"]) if r["direction"] == "out" else (r["other_label"], node["label"])
        )
        for ev in kg.evidence(r["relation_id"]):
            show_html(highlight_html(ev["text"], [(ev["head_start"], ev["head_end"], head_label),
                                                  (ev["tail_start"], ev["tail_end"], tail_label)]))
            source = ev["title"] or ev["path"]
            st.caption(f":material/description: {source} ({ev['path']}) · {ev['year'] or 'year ?'} · sentence {ev['sentence']}"
                       f" · cue “{ev['cue']}” · rule {ev['rule']}")
        st.button(f"Open {r['other_name']}", key=f"open_{r['type']}_{r['direction']}_{r['other_id']}",
                  on_click=state.open_entity, args=(r["other_id"],))
