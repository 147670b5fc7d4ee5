"""Analysts fix the graph: possible duplicates side by side with a merge button, and on an
entity's page why it is what it is, "not the same as…" (split) and rename / change type.

Every decision goes through graph_loader.review.decide: it is written to curation.tsv
next to the store and applied at once; the caches are then dropped, so every view and
export shows it on the next run. The texts are in the catalogues under `curation.`.
"""

from __future__ import annotations

import streamlit as st

from graph_loader.curation import CurationError
from graph_loader.queries import KnowledgeGraph
from graph_loader.resolve import ANALYST
from graph_loader.review import NameNotFound, decide, duplicates, explain
from ner.model import ENTITY_LABELS
from ner.normalize import match_key

from .. import state
from ..lang import label, pinned, t

PAIRS_SHOWN = 30


def render(kg: KnowledgeGraph, path: str) -> None:
    """The possible-duplicates view."""
    st.caption(t("curation.intro", file=kg.store.curation_file))
    pairs = duplicates(kg, limit=PAIRS_SHOWN)
    if not pairs:
        st.info(t("curation.none"))
        return
    for i, p in enumerate(pairs):
        with st.container(border=True):
            st.markdown(f"**{t('curation.score', score=p['score'])}** · "
                        + t("curation.core", core=p["core"], why=t(f"curation.why.{p['why']}")))
            left, right = st.columns(2)
            for col, side in ((left, "a"), (right, "b")):
                with col:
                    st.markdown(f"#### {p[side + '_name']}")
                    regions = p[side + "_regions"]
                    st.caption(" · ".join([label(p[side + "_label"]),
                                           t("curation.regions", regions="、".join(regions)) if regions
                                           else t("curation.no_region")]))
                    if p[side + "_sentence"]:
                        st.markdown(f"> {p[side + '_sentence']}")
                    st.button(t("curation.open", name=p[side + "_name"]), key=f"dup_open_{side}_{i}",
                              on_click=state.open_entity, args=(p[side],))
            st.caption(" · ".join(_signal(x) for x in p["signals"]))
            if p["shared_partners"]:
                st.caption(t("curation.shared", names="、".join(p["shared_partners"])))
            b1, b2 = st.columns(2)
            b1.button(t("curation.merge"), key=f"dup_merge_{i}", type="primary", on_click=_decide,
                      args=(kg, "merge", p["a"], p["b"], t("curation.merged", a=p["a_name"], b=p["b_name"])))
            b2.button(t("curation.apart"), key=f"dup_apart_{i}", on_click=_decide,
                      args=(kg, "split", p["a"], p["b"], t("curation.kept_apart", a=p["a_name"], b=p["b_name"])))


def entity_panel(kg: KnowledgeGraph, eid: str, node: dict) -> None:
    """On an entity's page: why it is one node, and the analyst's split, rename and retype."""
    why = explain(kg.store, eid)
    with st.expander(t("curation.why")):
        if why["merges"]:
            for m in why["merges"]:
                st.markdown("- " + _merge_line(m))
        else:
            st.caption(t("curation.own"))
        forms = [t("curation.form", form=f["form"], kind=t(f"curation.form_kind.{f['kind']}"), n=f["count"])
                 for f in why["forms"]]
        st.caption(t("curation.forms", forms="、".join(forms)))
    with st.expander(t("curation.split")):
        others = [a for a in why["named"] if a != match_key(node["name"])]
        if len(why["named"]) < 2 or not others:
            st.caption(t("curation.split_none"))
        else:
            st.caption(t("curation.split_help"))
            form = st.selectbox(t("curation.split"), others, key=f"split_form_{eid}", label_visibility="collapsed")
            st.button(t("curation.split_do"), key=f"split_{eid}", on_click=_decide,
                      args=(kg, "split", eid, form, t("curation.split_done", form=form, name=node["name"])))
    with st.expander(t("curation.edit")), st.form(key=f"edit_{eid}"):
        name = st.text_input(t("curation.name"), value=node["name"], key=f"edit_name_{eid}")
        new_label = st.selectbox(t("curation.label"), ENTITY_LABELS, key=f"edit_label_{eid}",
                                 index=ENTITY_LABELS.index(node["label"]) if node["label"] in ENTITY_LABELS else 0,
                                 format_func=pinned(label))
        if st.form_submit_button(t("curation.save")):
            _edit(kg, eid, node, name.strip(), new_label)


def _signal(signal: dict) -> str:
    """One piece of a pair's evidence (graph_loader.review.SIGNAL_TEXT) in the session's language."""
    values = {k: label(v) if k.endswith("_label") else v for k, v in signal.items() if k != "signal"}
    return t(f"curation.signal.{signal['signal']}", **values)


def _merge_line(m: dict) -> str:
    """One merge of an entity's atoms with its reason(s), and the report or note behind it."""
    reasons = "、".join(t(f"curation.reason.{r}") for r in m["reason"].split(", "))
    line = t("curation.merge_line", name=m["key"], other=m["other"], reason=reasons)
    if m["document"]:
        return line + t("curation.note_in", title=m["document"])
    if m["reason"] == ANALYST and m["detail"]:
        return line + t("curation.analyst_note", note=m["detail"])
    return line


def _edit(kg: KnowledgeGraph, eid: str, node: dict, name: str, new_label: str) -> None:
    done = []
    try:
        if name and name != node["name"]:
            decide(kg.store, "rename", eid, name)
            done.append(f"{node['name']} \u2192 {name}")
        if new_label != node["label"]:
            decide(kg.store, "retype", eid, new_label)
            done.append(f"{label(node['label'])} \u2192 {label(new_label)}")
    except (CurationError, NameNotFound) as e:
        st.error(t("curation.failed", detail=str(e)))
        return
    if not done:
        st.info(t("curation.nothing"))
        return
    state.refresh()
    state.flash(t("curation.saved", what="; ".join(done)))
    st.rerun()


def _decide(kg: KnowledgeGraph, action: str, name: str, other: str, message: str) -> None:
    """A button's callback: record the decision, follow the entity if its id changed."""
    try:
        decisions = decide(kg.store, action, name, other)
    except (CurationError, NameNotFound) as e:
        state.flash(t("curation.failed", detail=str(e)), "error")
        return
    state.refresh()
    state.flash(message)
    row = kg.store.conn.execute("SELECT entity_id FROM members WHERE key=?", (decisions[0].name,)).fetchone()
    if row and st.session_state.get(state.ENTITY_KEY) == name:
        st.session_state[state.ENTITY_KEY] = row[0]
