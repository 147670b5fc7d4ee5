"""Which organisations joined which programs, with the evidence, at a glance (participants by
year and type beside the list); and the reverse, one organisation's programs on a timeline."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import KnowledgeGraph
from ner.model import ORGANISATION_LABELS

from .. import charts, scope, state
from ..lang import label, pinned, relation, t
from ..render import planned_mark, show_evidence, table

ANY = ""
EVIDENCE_SHOWN = 25
LABEL_KEY = "p_label"


def render(kg: KnowledgeGraph, path: str) -> None:
    """The programs table, one program's participants, and one organisation's programs."""
    f1, f2, f3 = st.columns(3)
    lab = f1.selectbox(t("programs.participant_type"), [ANY, *sorted(ORGANISATION_LABELS)], key=LABEL_KEY,
                       format_func=pinned(lambda v: label(v) if v else t("common.any")))
    sc = scope.controls(path, (f2, f3))
    progs = state.programs(path, lab or None, sc.region, sc.years)

    tab_programs, tab_reverse = st.tabs([t("programs.tab_participants"), t("programs.tab_reverse")])
    with tab_programs:
        joined = [p for p in progs if p["participants"]]
        st.caption(t("programs.count", n=len(progs), joined=len(joined)))
        table([{"program": p["name"], "label": p["label"], "participants": p["participants"],
                "by_label": p["by_label"]} for p in progs], t("programs.table_title"), key="prog_table", height=300)
        ids = [p["id"] for p in joined]
        names = {p["id"]: f"{p['name']} ({p['participants']})" for p in joined}
        chosen = st.session_state.get(state.PROGRAM_KEY)
        if chosen and chosen not in names and chosen in kg.graph:
            # A link or a chart opened a program these filters leave without participants: keep it listed.
            ids.insert(0, chosen)
            names[chosen] = f"{kg.graph.nodes[chosen]['name']} (0)"
        if ids:
            pid = st.selectbox(t("programs.choose"), ids, key=state.PROGRAM_KEY, format_func=names.__getitem__)
            _participants(kg, pid, lab, sc.docs(path))
    with tab_reverse:
        _programs_of(kg)


def _participants(kg: KnowledgeGraph, pid: str, lab: str, docs) -> None:
    prog = kg.node(pid)
    parts = kg.participants(pid, label=lab or None, docs=docs)
    st.markdown("#### " + t("programs.heading", name=prog["name"], n=len({p["id"] for p in parts}),
                            relations=len(parts)))
    if not parts:
        st.info(t("programs.no_participants"))
        return
    chart, listing = st.columns([2, 3])
    with chart:
        st.caption(t("programs.chart_caption"))
        charts.show(charts.participants_by_year(parts), key="prog_chart")
    with listing:
        table([{"participant": p["name"], "label": p["label"], "relation": p["type"], "first_year": p["first_year"],
                "last_year": p["last_year"], "evidence": p["evidence"], "planned": p["planned"]} for p in parts],
              t("programs.participants_title", name=prog["name"]), key="prog_parts", height=260)
        for p in parts[:EVIDENCE_SHOWN]:
            with st.expander(f"{p['name']} · {label(p['label'])} · {relation(p['type'])} · "
                             f"{p['first_year'] or t('common.year_unknown')}{planned_mark(p['planned'])}"):
                _evidence(kg, p["relation_id"], p["label"], prog["label"])
                st.button(t("entity.open", name=p["name"]), key=f"prog_open_{p['type']}_{p['id']}",
                          on_click=state.open_entity, args=(p["id"],))
        if len(parts) > EVIDENCE_SHOWN:
            st.caption(t("programs.evidence_cut", shown=EVIDENCE_SHOWN, n=len(parts)))


def _programs_of(kg: KnowledgeGraph) -> None:
    query = st.text_input(t("programs.org_query"), key="org_q", placeholder=t("programs.org_placeholder"))
    if not query.strip():
        st.caption(t("programs.org_hint"))
        return
    hits = [h for h in kg.search(query, limit=10) if h["label"] in ORGANISATION_LABELS]
    if not hits:
        st.info(t("programs.no_org"))
        return
    names = {h["id"]: f"{h['name']} · {label(h['label'])}" for h in hits}
    oid = st.selectbox(t("programs.org"), list(names), key="org_pick", format_func=names.__getitem__)
    org = kg.node(oid)
    progs = kg.programs_of(oid)
    st.markdown("#### " + t("programs.org_heading", name=org["name"], n=len(progs)))
    if not progs:
        return
    if any(p["first_year"] for p in progs):
        charts.show(charts.programs_timeline(progs), key="org_timeline")
    table([{"program": p["name"], "label": p["label"], "relation": p["type"], "first_year": p["first_year"],
            "last_year": p["last_year"], "evidence": p["evidence"], "planned": p["planned"]} for p in progs],
          t("programs.org_title", name=org["name"]), key="org_progs")
    for p in progs:
        with st.expander(f"{p['name']} · {relation(p['type'])} · {p['first_year'] or t('common.year_unknown')}"
                         f"{planned_mark(p['planned'])}"):
            _evidence(kg, p["relation_id"], org["label"], p["label"])


def _evidence(kg: KnowledgeGraph, relation_id: int, head_label: str, tail_label: str) -> None:
    for ev in kg.evidence(relation_id):
        show_evidence(ev, head_label, tail_label, t(
            "evidence.source_short", title=ev["title"] or ev["path"], path=ev["path"],
            year=ev["year"] or t("common.year_unknown"), cue=ev["cue"]))
