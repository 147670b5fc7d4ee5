"""Which firms joined which programs, with the evidence; and the reverse, one firm's programs."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import KnowledgeGraph
from ner.model import ORGANISATION_LABELS

from .. import state
from ..render import LABEL_NAMES, highlight_html, show_html, table

ANY = "any"
EVIDENCE_SHOWN = 25


def render(kg: KnowledgeGraph, path: str) -> None:
    """The programs table, one program's participants, and one organisation's programs."""
    facets = state.facets(path)
    f1, f2, f3 = st.columns(3)
    label = f1.selectbox("Participants of type", [ANY, *sorted(ORGANISATION_LABELS)], key="p_label",
                         format_func=lambda v: LABEL_NAMES.get(v, v))
    year = f2.selectbox("Year", [ANY, *facets["years"]], key="p_year")
    region = f3.selectbox("Participants' region", [ANY, *facets["regions"]], key="p_region")
    progs = state.programs(path, None if label == ANY else label, None if year == ANY else int(year),
                           None if region == ANY else region)

    tab_programs, tab_reverse = st.tabs(["Program → participants", "Organisation → programs"])
    with tab_programs:
        joined = [p for p in progs if p["participants"]]
        st.caption(f"{len(progs)} programs and designations, {len(joined)} with participants recorded.")
        table([{"program": p["name"], "label": p["label"], "participants": p["participants"],
                "by type": p["by_label"]} for p in progs], "programs", key="prog_table", height=300)
        if joined:
            ids = [p["id"] for p in joined]
            names = {p["id"]: f"{p['name']} ({p['participants']})" for p in joined}
            pid = st.selectbox("Choose a program to list its participants", ids, key="program",
                               format_func=names.__getitem__)
            _participants(kg, pid, label, year, region)
    with tab_reverse:
        _programs_of(kg)


def _participants(kg: KnowledgeGraph, pid: str, label: str, year, region: str) -> None:
    prog = kg.node(pid)
    parts = kg.participants(pid, label=None if label == ANY else label, year=None if year == ANY else int(year),
                            region=None if region == ANY else region)
    st.markdown(f"#### {prog['name']} · {len({p['id'] for p in parts})} participant(s), {len(parts)} relation(s)")
    table([{"participant": p["name"], "label": p["label"], "relation": p["type"], "first year": p["first_year"],
            "last year": p["last_year"], "evidence": p["evidence"]} for p in parts],
          f"participants of {prog['name']}", key="prog_parts")
    for p in parts[:EVIDENCE_SHOWN]:
        with st.expander(f"{p['name']} · {p['label']} · {p['type']} · {p['first_year'] or 'year ?'}"):
            _evidence(kg, p["relation_id"], p["label"], prog["label"])
            st.button(f"Open {p['name']}", key=f"prog_open_{p['type']}_{p['id']}", on_click=state.open_entity, args=(p["id"],))
    if len(parts) > EVIDENCE_SHOWN:
        st.caption(f"Evidence shown for the first {EVIDENCE_SHOWN}; the table lists all {len(parts)}.")


def _programs_of(kg: KnowledgeGraph) -> None:
    query = st.text_input("Organisation (name or short form)", key="org_q", placeholder="e.g. 宁波材料所")
    if not query.strip():
        st.caption("Type an organisation to list the programs it joined or leads.")
        return
    hits = [h for h in kg.search(query, limit=10) if h["label"] in ORGANISATION_LABELS]
    if not hits:
        st.info("No organisation matches.")
        return
    oid = st.selectbox("Organisation", [h["id"] for h in hits], key="org_pick",
                       format_func=lambda i: next(f"{h['name']} · {h['label']}" for h in hits if h["id"] == i))
    org = kg.node(oid)
    progs = kg.programs_of(oid)
    st.markdown(f"#### {org['name']} · {len(progs)} program(s)")
    table([{"program": p["name"], "label": p["label"], "relation": p["type"], "first year": p["first_year"],
            "last year": p["last_year"], "evidence": p["evidence"]} for p in progs],
          f"programs of {org['name']}", key="org_progs")
    for p in progs:
        with st.expander(f"{p['name']} · {p['type']} · {p['first_year'] or 'year ?'}"):
            _evidence(kg, p["relation_id"], org["label"], p["label"])


def _evidence(kg: KnowledgeGraph, relation_id: int, head_label: str, tail_label: str) -> None:
    for ev in kg.evidence(relation_id):
        show_html(highlight_html(ev["text"], [(ev["head_start"], ev["head_end"], head_label),
                                              (ev["tail_start"], ev["tail_end"], tail_label)]))
        st.caption(f":material/description: {ev['title'] or ev['path']} ({ev['path']}) · {ev['year'] or 'year ?'} · cue “{ev['cue']}”")
