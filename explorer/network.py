"""The partnership network component: which part of the graph to draw, and drawing it.

`network_view` picks the nodes (an ego network to depth 1–3, or the whole graph), caps
them so the browser stays responsive, colours them by label or by Louvain community and
sizes them by degree; a planned relation is drawn dashed and lighter (render.EDGE_LINE).
`draw` hands the result to st-link-analysis (Cytoscape.js in a
Streamlit component, shipped inside its wheel, so it works offline), with the names and
fields of the clicked element's details in the user's language.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import networkx as nx

from ner.model import RELATION_TYPES, SYMMETRIC_RELATIONS

from . import i18n
from .render import EDGE_LINE, label_color

# More nodes than this make the force layout slow and the picture unreadable.
DEFAULT_CAP = 250
MAX_CAP = 1000
# Distinct colours for communities (Tableau 10, then greys for the small ones).
COMMUNITY_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)
SMALL_COMMUNITY_COLOR = "#dee2e6"


@dataclass
class NetworkView:
    """What to draw and what was left out."""

    elements: dict
    node_ids: list[str]
    total_nodes: int
    total_edges: int
    capped: bool
    centred: bool
    communities: list[list[str]] = field(default_factory=list)

    @property
    def shown_nodes(self) -> int:
        return len(self.elements["nodes"])

    @property
    def shown_edges(self) -> int:
        return len(self.elements["edges"])

    def cap_message(self, lang: str = "en") -> str:
        """Why not everything is drawn ("" when nothing was left out)."""
        if not self.capped:
            return ""
        return i18n.text(lang, "network.capped_centre" if self.centred else "network.capped_whole",
                         nodes=f"{self.total_nodes:,}", edges=f"{self.total_edges:,}", shown=f"{self.shown_nodes:,}")


def select_graph(g: nx.MultiDiGraph, centre: str | None, depth: int, types: tuple[str, ...],
                 docs: frozenset[str] | None = None) -> tuple[nx.MultiDiGraph, dict]:
    """The candidate subgraph (edges of `types` only, stated in `docs` if given) and each
    node's distance from the centre.

    Without a centre it is the whole graph less the nodes that have no edge of those types.
    """
    sub = nx.MultiDiGraph()
    sub.add_edges_from((a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True)
                       if k in types and (docs is None or not docs.isdisjoint(d["documents"])))
    if centre is not None:
        sub.add_node(centre)
        dist = nx.single_source_shortest_path_length(sub.to_undirected(as_view=True), centre, cutoff=depth)
        sub = sub.subgraph(dist).copy()
    else:
        dist = {}
    for n in sub:
        sub.nodes[n].update(g.nodes[n])
    return sub, dist


def grow_from_hubs(sub: nx.MultiDiGraph, cap: int) -> list[str]:
    """Up to `cap` nodes grown outwards from the best-connected ones.

    Taking the `cap` nodes of highest degree draws many hubs with few edges between them;
    growing from the top hub through its best-connected neighbours (then from the next hub
    when a cluster is used up) draws connected clusters instead.
    """
    und = sub.to_undirected(as_view=True)
    deg = dict(und.degree())
    order = sorted(und.nodes, key=lambda n: (-deg[n], n))
    kept: list[str] = []
    seen: set[str] = set()
    frontier: list[tuple[int, str]] = []
    seeds = iter(order)
    while len(kept) < min(cap, len(order)):
        if not frontier:
            seed = next(n for n in seeds if n not in seen)
            seen.add(seed)
            heapq.heappush(frontier, (-deg[seed], seed))
        _, n = heapq.heappop(frontier)
        kept.append(n)
        for m in und.neighbors(n):
            if m not in seen:
                seen.add(m)
                heapq.heappush(frontier, (-deg[m], m))
    return kept


def network_view(
    g: nx.MultiDiGraph,
    centre: str | None = None,
    depth: int = 1,
    types: tuple[str, ...] = RELATION_TYPES,
    color_by: str = "label",
    cap: int = DEFAULT_CAP,
    seed: int = 7,
    docs: frozenset[str] | None = None,
) -> NetworkView:
    """Choose, cap and style the nodes to draw (see the module docstring); with `docs`, only
    the relations those reports state."""
    if not 1 <= depth <= 3:
        raise ValueError("depth must be 1, 2 or 3")
    if color_by not in ("label", "community"):
        raise ValueError("color_by must be 'label' or 'community'")
    sub, dist = select_graph(g, centre, depth, types, docs)
    total_nodes, total_edges = sub.number_of_nodes(), sub.number_of_edges()
    degree = dict(g.degree())
    if centre is not None:
        # The centre and its closest neighbours first, the most connected first within a ring:
        # every kept node then has its path to the centre kept too.
        keep = sorted(sub.nodes, key=lambda n: (dist[n], -degree.get(n, 0), g.nodes[n]["name"], n))[:cap]
    else:
        keep = grow_from_hubs(sub, cap)
    capped = len(keep) < total_nodes
    shown = sub.subgraph(keep)

    communities: list[list[str]] = []
    community_of: dict[str, int] = {}
    if color_by == "community" and shown.number_of_edges():
        und = nx.Graph()
        und.add_nodes_from(shown.nodes)
        for a, b, d in shown.edges(data=True):
            w = d.get("evidence", 1) or 1
            und.add_edge(a, b, weight=und[a][b]["weight"] + w if und.has_edge(a, b) else w)
        parts = nx.community.louvain_communities(und, weight="weight", seed=seed)
        communities = [sorted(p) for p in sorted(parts, key=lambda p: (-len(p), min(p)))]
        community_of = {n: i for i, part in enumerate(communities) for n in part}

    nodes = []
    for n in keep:
        d = g.nodes[n]
        deg = degree.get(n, 0)
        if color_by == "community":
            ci = community_of.get(n, -1)
            color = COMMUNITY_COLORS[ci] if 0 <= ci < len(COMMUNITY_COLORS) else SMALL_COMMUNITY_COLOR
        else:
            color = label_color(d["label"])
        data = {
            "id": n,
            "label": d["label"],
            "name": d["name"],
            "degree": deg,
            "mentions": d["mentions"],
            "color": color,
            # Area grows with degree; the square root keeps hubs from swamping the picture.
            "size": round(18 + 10 * math.sqrt(deg), 1),
        }
        if color_by == "community":
            data["community"] = community_of.get(n, -1) + 1
        if n == centre:
            data["centre"] = "yes"
        nodes.append({"data": data})
    edges = []
    for i, (a, b, k, d) in enumerate(sorted(shown.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        edges.append({"data": {"id": f"r{i}", "source": a, "target": b, "label": k,
                               "evidence": d.get("evidence", 0), "planned": bool(d.get("planned", False))}})

    return NetworkView(
        elements={"nodes": nodes, "edges": edges},
        node_ids=list(keep),
        total_nodes=total_nodes,
        total_edges=total_edges,
        capped=capped,
        centred=centre is not None,
        communities=communities,
    )


def cytoscape(view: NetworkView, lang: str) -> tuple[dict, list[dict]]:
    """The component's elements and styles for `view`, in `lang`.

    The component's details panel lists every data field of a clicked element under its
    key, so the fields shown are named from the catalogue and carry readable values; colour
    and size travel as classes (Cytoscape maps data fields to styles only by ASCII names).
    """
    field = {k: i18n.text(lang, f"network.field.{k}") for k in ("type", "degree", "mentions", "community",
                                                                  "evidence", "status")}
    nodes, styles, seen = [], [], set()
    for n in view.elements["nodes"]:
        d = n["data"]
        color_class, size_class = "c" + d["color"].lstrip("#"), f"s{round(d['size'])}"
        data = {"id": d["id"], "label": d["name"], field["type"]: i18n.label_name(lang, d["label"]),
                field["degree"]: d["degree"], field["mentions"]: d["mentions"]}
        if "community" in d:
            data[field["community"]] = d["community"]
        classes = [color_class, size_class] + (["centre"] if d.get("centre") else [])
        nodes.append({"data": data, "classes": " ".join(classes)})
        if color_class not in seen:
            seen.add(color_class)
            styles.append({"selector": f"node.{color_class}", "style": {"background-color": d["color"]}})
        if size_class not in seen:
            seen.add(size_class)
            size = round(d["size"])
            styles.append({"selector": f"node.{size_class}", "style": {"width": size, "height": size}})
    edges = []
    for e in view.elements["edges"]:
        d = e["data"]
        data = {"id": d["id"], "source": d["source"], "target": d["target"],
                "label": i18n.relation_name(lang, d["label"]), field["evidence"]: d["evidence"]}
        classes = [d["label"]]
        if d.get("planned"):
            data["label"] += i18n.text(lang, "planned.mark")
            data[field["status"]] = i18n.text(lang, "value.planned")
            classes.append("planned")
        edges.append({"data": data, "classes": " ".join(classes)})
    base = [
        {"selector": "node", "style": {"label": "data(label)", "font-size": 11}},
        {"selector": "node.centre", "style": {"border-width": 4, "border-color": "#212529"}},
        {"selector": "edge", "style": {"label": "data(label)", "font-size": 9, "curve-style": "bezier"}},
        {"selector": "edge.planned", "style": {"line-style": EDGE_LINE["planned"], "opacity": 0.6}},
    ]
    arrows = [{"selector": f"edge.{t}", "style": {"target-arrow-shape": "triangle"}}
              for t in RELATION_TYPES if t not in SYMMETRIC_RELATIONS]
    return {"nodes": nodes, "edges": edges}, base + styles + arrows


def draw(view: NetworkView, key: str, lang: str, height: int = 620) -> str | None:
    """Draw the view with st-link-analysis (Cytoscape.js); returns the id of a double-clicked node."""
    from st_link_analysis import Event, NodeStyle, st_link_analysis
    from st_link_analysis.component.layouts import LAYOUTS

    class RawStyle(NodeStyle):
        """A Cytoscape style given as selector and properties (the component's own styles select by label)."""

        def __init__(self, rule: dict) -> None:
            super().__init__(label="*")
            self.rule = rule

        def dump(self) -> dict:
            return self.rule

    elements, styles = cytoscape(view, lang)
    layout = {**LAYOUTS["fcose"], "animate": False}
    value = st_link_analysis(elements, layout=layout, node_styles=[RawStyle(s) for s in styles],
                             height=height, key=key, events=[Event("open", "dblclick dbltap", "node")])
    if isinstance(value, dict) and value.get("action") == "open":
        return _fresh_event(key, value)
    return None


def _fresh_event(key: str, value: dict) -> str | None:
    """The component repeats its last value on every rerun; act on each event once."""
    import streamlit as st

    seen = f"{key}_seen"
    stamp = value.get("timestamp")
    if st.session_state.get(seen) == stamp:
        return None
    st.session_state[seen] = stamp
    return (value.get("data") or {}).get("target_id")
