"""innokg explorer: search entities and read the evidence behind every edge.

Run with `innokg explore` (or `streamlit run explorer/app.py`); the store comes from
$INNOKG_STORE (default data/graph). All questions go through graph_loader.queries.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_loader.queries import KnowledgeGraph  # noqa: E402
from graph_loader.store import Store, StoreError  # noqa: E402

STORE = os.environ.get("INNOKG_STORE", "data/graph")


@st.cache_resource(show_spinner="Loading the graph…")
def load_graph(path: str) -> KnowledgeGraph:
    kg = KnowledgeGraph(Store(path, create=False))
    _ = kg.graph  # build the networkx view once
    return kg


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """HTML of `text` with the given (start, end, css class) spans marked."""
    out, pos = [], 0
    for s, e, cls in sorted(spans):
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f'<mark class="{cls}">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def main() -> None:
    st.set_page_config(page_title="innokg explorer", layout="wide")
    st.markdown(
        "<style>mark.head{background:#ffd8a8} mark.tail{background:#b2f2bb}</style>", unsafe_allow_html=True
    )
    st.title("innokg explorer")
    try:
        kg = load_graph(STORE)
    except StoreError as e:
        st.error(str(e))
        return
    stats = kg.stats()
    st.caption(f"{stats['documents']} reports · {stats['nodes']} entities · {stats['edges']} relations · store {STORE}")

    query = st.text_input("Search an entity (name, alias, short form; typos are fine)", key="q")
    if not query:
        return
    hits = kg.search(query, limit=20)
    if not hits:
        st.info("No entity matches.")
        return
    options = {f"{h['name']} · {h['label']}": h["id"] for h in hits}
    choice = st.radio("Matches", list(options), key="hit")
    eid = options[choice]
    node = kg.node(eid)
    st.subheader(f"{node['name']}  ·  {node['label']}")
    if node["aliases"]:
        st.write("Also written: " + "、".join(node["aliases"]))
    st.write(f"{node['mentions']} mentions in {len(node['documents'])} report(s)")
    rels = kg.relations_of(eid)
    if not rels:
        st.info("No relations recorded for this entity.")
    for r in rels:
        arrow = "→" if r["direction"] == "out" else "←"
        with st.expander(f"{r['type']} {arrow} {r['other_name']} ({r['other_label']}) · {r['evidence']} evidence"):
            for ev in kg.evidence(r["relation_id"]):
                text = ev["text"]
                marked = highlight(text, [(ev["head_start"], ev["head_end"], "head"),
                                          (ev["tail_start"], ev["tail_end"], "tail")])
                st.markdown(marked, unsafe_allow_html=True)
                st.caption(f"{ev['title'] or ev['path']} · cue {ev['cue']} · rule {ev['rule']}")


main()
