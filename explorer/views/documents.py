"""The reports in the store, and adding one: upload, see what was found, then store it."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import state
from ..render import highlight_html, legend, show_html, table
from ..upload import ACCEPTED, UploadRefused, analyse, check_content, check_name_and_size, document_spans

ANALYSIS_KEY = "upload_analysis"


def render(kg: KnowledgeGraph, path: str) -> None:
    """The documents table, failures if any, and the upload panel."""
    docs = kg.document_summaries()
    st.markdown(f"**{len(docs)} report(s) in the store** `{path}`")
    table(docs, "documents", key="docs_table")
    failures = kg.store.failures()
    if failures:
        with st.expander(f"{len(failures)} report(s) could not be read"):
            table(failures, "failed reports", key="docs_failures")
    st.subheader("Add a report")
    _upload(kg, path)


def _upload(kg: KnowledgeGraph, path: str) -> None:
    up = st.file_uploader("A report: .txt, .docx, .pdf or .html", type=[s.lstrip(".") for s in ACCEPTED],
                          key="upload")
    if up is None:
        st.session_state.pop(ANALYSIS_KEY, None)
        return
    try:
        # Size and type are checked on what the browser declared and the first bytes,
        # before the whole file is read or any parser sees it.
        check_name_and_size(up.name, up.size)
        check_content(up.name, up.read(4096))
        up.seek(0)
    except UploadRefused as e:
        st.error(str(e))
        return
    cached = st.session_state.get(ANALYSIS_KEY)
    if cached is None or cached[0] != up.file_id:
        try:
            with st.spinner(f"Reading {up.name} and finding its entities…"):
                result = analyse(up.name, up.getvalue(), state.load_pipeline())
        except UploadRefused as e:
            st.error(str(e))
            return
        cached = (up.file_id, result)
        st.session_state[ANALYSIS_KEY] = cached
    _show(cached[1])
    ex = cached[1].extraction
    if kg.store.has_document(ex.document.content_hash):
        st.info(f"{up.name} is already in the store (same text).")
        return
    st.button(f"Add {up.name} to the store", key="upload_add", type="primary", icon=":material/add:", on_click=_add, args=(path,))


def _show(analysis) -> None:
    ex = analysis.extraction
    doc = ex.document
    st.markdown(f"**{doc.title or analysis.name}** · {doc.format} · {len(doc.text):,} characters · "
                f"{len(ex.sentences)} sentences")
    meta = {k: v for k, v in doc.meta().items() if k in ("issuer", "date", "region", "year") and v}
    if meta:
        st.caption(" · ".join(f"{k} {v}" for k, v in meta.items()))
    counts = Counter(m.label for m in ex.mentions)
    st.markdown(f"**{len(ex.mentions)} mentions** of {len({(m.name, m.label) for m in ex.mentions})} entities "
                f"({', '.join(f'{k} {v}' for k, v in counts.most_common())}) and **{len(ex.relations)} relations**")
    show_html(legend(sorted(counts)))
    with st.container(height=420 if len(doc.text) > 1500 else "content", border=True):
        show_html(highlight_html(doc.text, document_spans(ex)))
    tab_e, tab_r = st.tabs(["Entities", "Relations"])
    with tab_e:
        rows = Counter((m.name, m.label) for m in ex.mentions)
        table([{"name": n, "label": lab, "mentions": c} for (n, lab), c in rows.most_common()],
              f"entities in {analysis.name}", key="up_entities", height=300)
    with tab_r:
        if not ex.relations:
            st.info("No relation found in this report.")
        for r in ex.relations:
            ev = r.evidence
            st.markdown(f"**{r.head}** —{r.type}→ **{r.tail}** · cue “{ev.cue}”")
            show_html(highlight_html(ev.text, [(ev.head_start, ev.head_end, r.head_label),
                                               (ev.tail_start, ev.tail_end, r.tail_label)]))


def _add(path: str) -> None:
    cached = st.session_state.get(ANALYSIS_KEY)
    if not cached:
        return
    analysis = cached[1]
    ex = analysis.extraction
    try:
        added = state.load_store(path).add_extraction(ex)
    except Exception as e:  # the store rolls back the whole report; tell the user why
        state.flash(f"{analysis.name} was not added: {e}", "error")
        return
    state.refresh()
    if added:
        state.flash(f"Added {analysis.name}: {len(ex.mentions)} mentions, {len(ex.relations)} relations. "
                    "The graph has been reloaded.")
    else:
        state.flash(f"{analysis.name} is already in the store (same text).", "info")
