"""The relations the chosen reports state: by type and by the year they are first stated, as
the overview counts them, with the evidence of the one chosen. Planned relations are marked
(the status column) and their plan sentences labelled."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import KnowledgeGraph
from ner.model import RELATION_TYPES

from .. import scope, state
from ..lang import label, pinned, relation, t
from ..render import planned_mark, show_evidence, table

ANY = ""
TYPE_KEY, YEAR_KEY, PICK_KEY = "rel_type", "rel_year", "rel_pick"
PICKABLE = 200


def render(kg: KnowledgeGraph, path: str) -> None:
    """Type and year filters with the scope, the table, and one relation's evidence."""
    facets = state.facets(path)
    f1, f2 = st.columns(2)
    rtype = f1.selectbox(t("relations.type"), [ANY, *RELATION_TYPES], key=TYPE_KEY,
                         format_func=pinned(lambda v: relation(v) if v else t("common.any")))
    year = f2.selectbox(t("relations.year"), [0, *facets["years"]], key=YEAR_KEY,
                        format_func=pinned(lambda y: str(y) if y else t("common.any")))
    sc = scope.controls(path)
    rows = kg.relations(sc.docs(path), rtype=rtype or None, year=year or None)
    st.caption(t("relations.count", n=f"{len(rows):,}"))
    if not rows:
        st.info(t("relations.none"))
        return
    table([{"head": r["head"], "head_label": r["head_label"], "relation": r["type"], "tail": r["tail"],
            "tail_label": r["tail_label"], "first_year": r["first_year"], "last_year": r["last_year"],
            "evidence": r["evidence"], "planned": r["planned"]} for r in rows], t("relations.table_title"),
          key="rel_table", height=360)
    if not state.show_planned():
        st.caption(t("planned.hidden"))

    shown = {r["relation_id"]: r for r in rows[:PICKABLE]}
    pick = st.selectbox(t("relations.pick"), [None, *shown], key=PICK_KEY,
                        format_func=pinned(lambda i: "—" if i is None else
                        f"{shown[i]['head']} —{relation(shown[i]['type'])}→ {shown[i]['tail']}"
                        f"{planned_mark(shown[i]['planned'])}"))
    if len(rows) > PICKABLE:
        st.caption(t("relations.pick_cut", n=PICKABLE))
    if pick is None or pick not in shown:
        return
    r = shown[pick]
    for ev in kg.evidence(r["relation_id"]):
        show_evidence(ev, r["head_label"], r["tail_label"], t(
            "evidence.source_short", title=ev["title"] or ev["path"], path=ev["path"],
            year=ev["year"] or t("common.year_unknown"), cue=ev["cue"]))
    b1, b2 = st.columns(2)
    b1.button(t("entity.open", name=r["head"]) + f" ({label(r['head_label'])})", key="rel_open_head",
              on_click=state.open_entity, args=(r["head_id"],))
    b2.button(t("entity.open", name=r["tail"]) + f" ({label(r['tail_label'])})", key="rel_open_tail",
              on_click=state.open_entity, args=(r["tail_id"],))
