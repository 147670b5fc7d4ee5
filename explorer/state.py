"""What the explorer loads once and how it moves between views.

The graph and the NER pipeline are cached with st.cache_resource, so moving around the
app, or opening it in a second tab, does not reload them; derived tables are cached with
st.cache_data. Adding a report calls `refresh()`, which drops both caches so the next run
reads the grown store. The caches show no spinner of their own (its text could not follow
the session's language): callers wrap slow first loads in st.spinner(t(...)).

The SQLite connection is not shared: each thread (Streamlit runs every script run of a
session in its own thread) opens its own, and gets its own KnowledgeGraph over the shared
graph. Two sessions adding a report at once then each write in their own transaction, which
SQLite serialises, instead of one BEGIN landing inside the other's transaction.

Planned relations (every report states them only as plans) are shown, marked, unless the
sidebar's switch hides them: then every view gets the graph without them
(KnowledgeGraph.stated), and the cached tables are kept apart for each choice.
"""

from __future__ import annotations

import copy
import gc
import os
import threading

import networkx as nx
import streamlit as st

from graph_loader.queries import KnowledgeGraph
from graph_loader.store import Store

STORE_ENV = "INNOKG_STORE"
DEFAULT_STORE = "data/graph"

# The views, by the identifiers links use (?view=network); their names are in the catalogues (view.<id>).
OVERVIEW, SEARCH, ENTITY, NETWORK, PROGRAMS, RELATIONS, DOCUMENTS, DUPLICATES, EXPORT, CYPHER = (
    "overview", "search", "entity", "network", "programs", "relations", "documents", "duplicates", "export", "cypher",
)
VIEWS = (OVERVIEW, SEARCH, ENTITY, NETWORK, PROGRAMS, RELATIONS, DOCUMENTS, DUPLICATES, EXPORT)
VIEW_ICONS = {OVERVIEW: ":material/insights:", SEARCH: ":material/search:", ENTITY: ":material/label:",
              NETWORK: ":material/hub:", PROGRAMS: ":material/assignment:", RELATIONS: ":material/share:",
              DOCUMENTS: ":material/description:", DUPLICATES: ":material/join:", EXPORT: ":material/download:",
              CYPHER: ":material/terminal:"}

# Session keys shared by several views.
VIEW_KEY = "view"
ENTITY_KEY = "entity"
NETWORK_CENTRE_KEY = "net_centre"
NETWORK_NODES_KEY = "net_nodes"
NETWORK_DEPTH_KEY = "net_depth"
PROGRAM_KEY = "program"
FLASH_KEY = "flash"
PENDING_KEY = "pending_navigation"
SHOW_PLANNED_KEY = "show_planned"


def store_path() -> str:
    """The store the explorer reads: $INNOKG_STORE, else data/graph."""
    return os.environ.get(STORE_ENV, DEFAULT_STORE)


_local = threading.local()


def load_store(path: str) -> Store:
    """This thread's connection to the store, opened on first use and closed with the thread."""
    stores = _local.__dict__.setdefault("stores", {})
    if path not in stores:
        stores[path] = Store(path, create=False)
    return stores[path]


@st.cache_resource(show_spinner=False)
def shared_kg(path: str) -> KnowledgeGraph:
    """The store's graph and search index, built once per process and store version."""
    # Building the graph allocates a few hundred thousand objects, and the cycle collector would
    # walk them all (with everything else alive) several times on the way: on 10,000 entities
    # most of the build. The graph is kept for the life of the process, so nothing is collected
    # while it is built, and once built it is put out of the collector's sight (gc.freeze), so
    # later full collections do not walk it either. refresh() gives it back to the collector.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with Store(path, create=False) as store:
            kg = KnowledgeGraph(store).prepare()
            _ = kg._search_index
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return kg


def show_planned() -> bool:
    """Whether this session shows planned relations (the sidebar's switch; on by default)."""
    return bool(st.session_state.get(SHOW_PLANNED_KEY, True))


def load_kg(path: str, planned: bool | None = None) -> KnowledgeGraph:
    """The shared graph with its queries, over this thread's connection to the store; without
    its planned relations when `planned` is False (None: as this session shows them)."""
    if planned is None:
        planned = show_planned()
    shared = shared_kg(path)
    if not planned:
        shared = shared.stated()  # built once per process, like the whole graph
    key = (path, planned)
    cached = _local.__dict__.setdefault("kgs", {}).get(key)
    if cached is None or cached[0] is not shared:
        kg = copy.copy(shared)  # the graph and search index are shared, read-only
        kg.store = load_store(path)
        cached = _local.kgs[key] = (shared, kg)
    return cached[1]


def partnership_graph(path: str) -> nx.Graph:
    """Who works with whom (partners and co-builders), as this session shows relations."""
    return _partnership_graph(path, show_planned())


@st.cache_resource(show_spinner=False)
def _partnership_graph(path: str, planned: bool) -> nx.Graph:
    return load_kg(path, planned).partnership_graph()


@st.cache_data(show_spinner=False)
def stats(path: str) -> dict:
    """How many reports, entities and relations (planned ones too) the store holds."""
    return load_kg(path, planned=True).stats()


@st.cache_data(show_spinner=False)
def facets(path: str) -> dict:
    """Labels, regions and years for the filter boxes."""
    return load_kg(path).facets()


@st.cache_data(show_spinner=False)
def scope_documents(path: str, region: str | None, years: tuple[int, int] | None) -> frozenset[str] | None:
    """The reports of a region and span of years (None: all reports)."""
    return load_kg(path).scope_documents(region, years)


def programs(path: str, label: str | None, region: str | None, years: tuple[int, int] | None) -> list[dict]:
    """The programs table for one choice of filters."""
    return _programs(path, label, region, years, show_planned())


@st.cache_data(show_spinner=False)
def _programs(path: str, label: str | None, region: str | None, years: tuple[int, int] | None,
              planned: bool) -> list[dict]:
    return load_kg(path, planned).programs(label=label, docs=scope_documents(path, region, years))


def overview(path: str, region: str | None, years: tuple[int, int] | None) -> dict:
    """The tables behind the overview's charts, for one scope."""
    return _overview(path, region, years, show_planned())


@st.cache_data(show_spinner=False)
def _overview(path: str, region: str | None, years: tuple[int, int] | None, planned: bool) -> dict:
    kg = load_kg(path, planned)
    docs = scope_documents(path, region, years)
    return {
        "labels": kg.label_counts(docs),
        "relations": kg.relation_counts(docs),
        "programs": [p for p in _programs(path, None, region, years, planned) if p["participants"]][:15],
        "partners": kg.best_partnered(docs, top=15),
    }


@st.cache_resource(show_spinner=False)
def load_pipeline():
    """The extraction pipeline; loaded on the first upload, not at start-up."""
    from ner.pipeline import Pipeline

    return Pipeline()


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Import spaCy's displaCy in the background once the first page is out.

    Importing spaCy takes over a second; doing it while the user reads the first page
    spares that wait on the first entity page.
    """
    def work() -> None:
        from spacy import displacy  # noqa: F401

    thread = threading.Thread(target=work, name="innokg-warm-up", daemon=True)
    thread.start()
    return thread


def refresh() -> None:
    """Forget the cached graph and tables after the store changed."""
    gc.unfreeze()
    shared_kg.clear()
    _partnership_graph.clear()
    st.cache_data.clear()


# -- navigation (used as widget callbacks, which may set other widgets' state) ---------------------
def go(view: str) -> None:
    """Switch to a view."""
    st.session_state[VIEW_KEY] = view


def open_entity(eid: str) -> None:
    """Open an entity's page."""
    st.session_state[ENTITY_KEY] = eid
    st.session_state[VIEW_KEY] = ENTITY


def open_network(eid: str | None, depth: int | None = None) -> None:
    """Open the network view centred on an entity (the whole network for None)."""
    st.session_state[NETWORK_CENTRE_KEY] = eid
    if depth:
        st.session_state[NETWORK_DEPTH_KEY] = depth
    st.session_state[VIEW_KEY] = NETWORK


def open_program(pid: str) -> None:
    """Open the programs view on one program's participants."""
    st.session_state[PROGRAM_KEY] = pid
    st.session_state[VIEW_KEY] = PROGRAMS


def navigate_later(view: str, entity: str | None = None) -> None:
    """Ask for a view from outside a callback (the view widget is already drawn); then st.rerun()."""
    st.session_state[PENDING_KEY] = (view, entity)


def apply_pending_navigation() -> None:
    """Carry out navigate_later(); called before the view widget is drawn."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending:
        view, entity = pending
        if entity:
            st.session_state[ENTITY_KEY] = entity
        st.session_state[VIEW_KEY] = view


def flash(message: str, kind: str = "success") -> None:
    """A message shown once at the top of the next run."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    """Show and forget the pending message, if any."""
    pending = st.session_state.pop(FLASH_KEY, None)
    if pending:
        kind, message = pending
        getattr(st, kind)(message)
