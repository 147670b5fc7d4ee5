"""An entity's page: who it is, where it is named, its programs on a timeline, and each
relation with its evidence."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from graph_loader.queries import PROGRAM_TYPES, KnowledgeGraph, NotFound

from .. import charts, state
from ..lang import label, phrase, relation, t
from ..render import label_color, planned_mark, show_evidence, show_html, table
from . import curation

EVIDENCE_SHOWN = 25


def render(kg: KnowledgeGraph, path: str) -> None:
    """The page of the entity chosen in the session (or named in the link)."""
    eid = st.session_state.get(state.ENTITY_KEY)
    if not eid:
        st.info(t("entity.none"))
        st.button(t("entity.go_search"), on_click=state.go, args=(state.SEARCH,))
        return
    try:
        node = kg.node(eid)
    except NotFound:
        st.warning(t("entity.gone"))
        return

    st.header(node["name"], anchor=False)
    show_html(
        f'<span style="background:{label_color(node["label"])};padding:0.2em 0.6em;border-radius:0.3em">'
        f'{label(node["label"])}</span>'
    )
    rels = kg.relations_of(eid)
    docs = kg.documents_of(eid)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("entity.mentions"), node["mentions"])
    m2.metric(t("entity.reports"), len(docs))
    m3.metric(t("entity.relations"), len(rels))
    partners = state.partnership_graph(path)
    m4.metric(t("entity.partners"), partners.degree(eid) if eid in partners else 0)
    if node["aliases"]:
        st.markdown(t("entity.aliases", names="、".join(node["aliases"])))
    facts = []
    if node["regions"]:
        facts.append(t("entity.regions", regions="、".join(node["regions"])))
    if node["years"]:
        facts.append(t("entity.years", years=", ".join(map(str, node["years"]))))
    if facts:
        st.caption(" · ".join(facts))
    with st.container(horizontal=True):
        st.button(t("entity.show_network"), icon=":material/hub:", key="ent_net", on_click=state.open_network,
                  args=(eid,))
        if any(r["type"] in PROGRAM_TYPES and r["direction"] == "in" for r in rels):
            st.button(t("entity.show_participation"), icon=":material/assignment:", key="ent_prog",
                      on_click=state.open_program, args=(eid,))
        st.button(t("entity.back"), icon=":material/search:", key="ent_back", on_click=state.go,
                  args=(state.SEARCH,))
    curation.entity_panel(kg, eid, node)

    progs = kg.programs_of(eid)
    if progs:
        st.subheader(t("entity.programs_timeline"), anchor=False)
        if any(p["first_year"] for p in progs):
            charts.show(charts.programs_timeline(progs), key="ent_timeline")
        undated = [p["name"] for p in progs if not p["first_year"]]
        if undated:
            st.caption(t("entity.undated_programs", names="、".join(undated)))

    st.subheader(t("entity.relations_heading"), anchor=False)
    stated = [r for r in rels if not r["planned"]]
    planned = [r for r in rels if r["planned"]]
    if not rels:
        st.info(t("entity.no_relations"))
    elif not stated:
        st.caption(t("entity.only_planned"))
    _relations(kg, node, stated, "ent_rel")
    if planned:
        # Apart from what happened: what the reports only plan (拟共建, 力争入选).
        st.subheader(t("entity.planned_heading"), anchor=False)
        st.caption(t("entity.planned_caption"))
        _relations(kg, node, planned, "ent_plan")

    st.subheader(t("entity.reports_heading"), anchor=False)
    table(docs, t("entity.reports_title", name=node["name"]), key="ent_docs")


def _relations(kg: KnowledgeGraph, node: dict, rels: list[dict], key: str) -> None:
    """Relations grouped by type, each with its evidence (a table too for a hub's many)."""
    for rtype, group in groupby(rels, key=lambda r: r["type"]):
        group = list(group)
        st.markdown(f"**{relation(rtype)}** · {len(group)}")
        if len(group) > EVIDENCE_SHOWN:
            # A hub can have hundreds of edges: all are listed, the evidence of the best attested is opened.
            st.caption(t("entity.many", n=EVIDENCE_SHOWN))
            table([{"relation": r["type"], "direction": r["direction"], "other": r["other_name"],
                    "label": r["other_label"], "evidence": r["evidence"], "first_year": r["first_year"],
                    "last_year": r["last_year"], "planned": r["planned"]} for r in group],
                  t("entity.relations_title", rel=relation(rtype), name=node["name"]), key=f"{key}_{rtype}",
                  height=250)
        for r in group[:EVIDENCE_SHOWN]:
            _relation(kg, node, r)


def _relation(kg: KnowledgeGraph, node: dict, r: dict) -> None:
    years = ""
    if r["first_year"]:
        years = f" · {r['first_year']}" + (f"–{r['last_year']}" if r["last_year"] != r["first_year"] else "")
    title = t("entity.relation_title", phrase=phrase(r["type"], r["direction"], r["other_name"]),
              label=label(r["other_label"]), evidence=r["evidence"], years=years) + planned_mark(r["planned"])
    with st.expander(title):
        head_label, tail_label = (
            (node["label"], r["other_label"]) if r["direction"] == "out" else (r["other_label"], node["label"])
        )
        for ev in kg.evidence(r["relation_id"]):
            show_evidence(ev, head_label, tail_label, t(
                "evidence.source", title=ev["title"] or ev["path"], path=ev["path"],
                year=ev["year"] or t("common.year_unknown"), sentence=ev["sentence"], cue=ev["cue"], rule=ev["rule"]))
        st.button(t("entity.open", name=r["other_name"]), key=f"open_{r['type']}_{r['direction']}_{r['other_id']}",
                  on_click=state.open_entity, args=(r["other_id"],))
