"""The reports in the store, and adding one: upload, see what was found, then store it."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import lang, state
from ..lang import label, relation, t
from ..render import evidence_html, legend, planned_mark, show_html, table
from ..upload import ACCEPTED, UploadRefused, analyse, check_content, check_name_and_size, document_spans

ANALYSIS_KEY = "upload_analysis"
META_FIELDS = ("issuer", "date", "region", "year")


def render(kg: KnowledgeGraph, path: str) -> None:
    """The documents table, failures if any, and the upload panel."""
    docs = kg.document_summaries()
    st.markdown(t("documents.count", n=len(docs), path=path))
    table(docs, t("documents.table_title"), key="docs_table")
    failures = kg.store.failures()
    if failures:
        with st.expander(t("documents.failures", n=len(failures))):
            table([{"path": f["path"], "reason": f["reason"], "detail": f["detail"]} for f in failures],
                  t("documents.failures_title"), key="docs_failures")
    st.subheader(t("documents.add"), anchor=False)
    _upload(kg, path)


def _upload(kg: KnowledgeGraph, path: str) -> None:
    up = st.file_uploader(t("documents.uploader"), type=[s.lstrip(".") for s in ACCEPTED], key="upload",
                          help=t("documents.uploader_help"))
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
        st.error(lang.error(e))
        return
    cached = st.session_state.get(ANALYSIS_KEY)
    if cached is None or cached[0] != up.file_id:
        try:
            with st.spinner(t("documents.reading", name=up.name)):
                result = analyse(up.name, up.getvalue(), state.load_pipeline())
        except UploadRefused as e:
            st.error(lang.error(e))
            return
        cached = (up.file_id, result)
        st.session_state[ANALYSIS_KEY] = cached
    _show(cached[1])
    ex = cached[1].extraction
    if kg.store.has_document(ex.document.content_hash):
        st.info(t("documents.already", name=up.name))
        return
    st.button(t("documents.add_button", name=up.name), key="upload_add", type="primary", icon=":material/add:",
              on_click=_add, args=(path,))


def _show(analysis) -> None:
    ex = analysis.extraction
    doc = ex.document
    st.markdown(t("documents.read", title=doc.title or analysis.name, format=doc.format, chars=f"{len(doc.text):,}",
                  sentences=len(ex.sentences)))
    meta = {k: v for k, v in doc.meta().items() if k in META_FIELDS and v}
    if meta:
        st.caption(" · ".join(f"{lang.column(k)} {v}" for k, v in meta.items()))
    counts = Counter(m.label for m in ex.mentions)
    st.markdown(t("documents.found", mentions=len(ex.mentions), entities=len({(m.name, m.label) for m in ex.mentions}),
                  by_type="、".join(f"{label(k)} {v}" for k, v in counts.most_common()), relations=len(ex.relations)))
    show_html(legend(sorted(counts)))
    with st.container(height=420 if len(doc.text) > 1500 else "content", border=True):
        show_html(evidence_html(doc.text, document_spans(ex)))
    tab_e, tab_r = st.tabs([t("documents.tab_entities"), t("documents.tab_relations")])
    with tab_e:
        rows = Counter((m.name, m.label) for m in ex.mentions)
        table([{"name": n, "label": lab, "mentions": c} for (n, lab), c in rows.most_common()],
              t("documents.entities_title", name=analysis.name), key="up_entities", height=300)
    with tab_r:
        if not ex.relations:
            st.info(t("documents.no_relations"))
        for r in ex.relations:
            ev = r.evidence
            st.markdown(t("documents.relation", head=r.head, rel=relation(r.type), tail=r.tail, cue=ev.cue)
                        + planned_mark(r.planned))
            show_html(evidence_html(ev.text, [(ev.head_start, ev.head_end, r.head_label),
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
        state.flash(t("documents.not_added", name=analysis.name, detail=str(e)), "error")
        return
    state.refresh()
    if added:
        state.flash(t("documents.added", name=analysis.name, mentions=len(ex.mentions), relations=len(ex.relations)))
    else:
        state.flash(t("documents.already", name=analysis.name), "info")
