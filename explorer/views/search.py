"""Search over names and aliases; without a query, the entities of the scope, most connected first."""

from __future__ import annotations

import streamlit as st

from graph_loader.queries import KnowledgeGraph

from .. import scope, state
from ..lang import label, pinned, t
from ..render import legend, remember_table, show_html, table

ANY = ""
RESULT_LIMIT = 20
QUERY_KEY, LABEL_KEY = "q", "f_label"


def render(kg: KnowledgeGraph, path: str) -> None:
    """The search box, the type filter and the scope, then the hits (or the scope's entities)."""
    query = st.text_input(t("search.query"), key=QUERY_KEY, placeholder=t("search.placeholder"))
    facets = state.facets(path)
    f1, f2, f3 = st.columns(3)
    lab = f1.selectbox(t("search.type"), [ANY, *facets["labels"]], key=LABEL_KEY,
                       format_func=pinned(lambda v: label(v) if v else t("common.any")))
    sc = scope.controls(path, (f2, f3))
    docs = sc.docs(path)

    if query.strip():
        hits = kg.search(query, limit=RESULT_LIMIT, label=lab or None, docs=docs)
        heading = t("search.matches", n=len(hits), query=query.strip())
    else:
        hits = kg.browse(label=lab or None, limit=None, docs=docs)
        heading = t("search.browse", n=f"{len(hits):,}")
    if not hits:
        st.info(t("search.none"))
        return
    st.caption(heading)
    show_html(legend(sorted({h["label"] for h in hits})))
    rows = [{"name": h["name"], "label": h["label"], "aliases": h["aliases"], "mentions": h["mentions"],
             "relations": h["degree"], "regions": h["regions"], "years": h["years"]}
            | ({"score": h["score"]} if "score" in h else {}) for h in hits]
    for h in hits[:RESULT_LIMIT]:
        cols = st.columns([3, 5])
        cols[0].button(f"{h['name']} · {label(h['label'])}", key=f"hit_{h['id']}", on_click=state.open_entity,
                       args=(h["id"],), width="stretch")
        bits = [t("search.n_relations", n=h["degree"]), t("search.n_mentions", n=h["mentions"])]
        if h["aliases"]:
            bits.append(t("search.also", names="、".join(h["aliases"][:4])))
        if h["years"]:
            bits.append(t("search.years", years=", ".join(map(str, h["years"]))))
        if "score" in h:
            bits.append(t("search.score", score=f"{h['score']:.0f}"))
        cols[1].caption(" · ".join(bits))
    if len(hits) > RESULT_LIMIT:
        st.caption(t("search.all_below", n=f"{len(hits):,}", shown=RESULT_LIMIT))
        table(rows, t("search.table_title"), key="search_all", height=320)
    else:
        remember_table(rows, t("search.query_title", query=query.strip()) if query.strip() else t("search.table_title"))
