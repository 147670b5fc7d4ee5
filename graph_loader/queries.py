"""The questions analysts ask of the graph, answered in one place for the CLI and the explorer.

- which organisations joined or lead a program (filter by label, year, region), and the
  reverse: the programs one organisation joined;
- the partners of an organisation (PARTNERS_WITH, and co-builders of the same platform);
- its ego network to depth N, the shortest path between two organisations;
- partnership communities (Louvain) and centrality rankings;
- search over names and aliases that forgives typos and short forms (rapidfuzz);
- the picture of a scope (the reports of a region and span of years): entities by type,
  relations by type and year, the programs with most participants, the best-partnered.

A scope is a set of document ids (`docs`, from `scope_documents`): an entity is in it when
one of those reports names it, a relation when one of them states it. None means no scope.

Rows about relations carry `planned` (every sentence stating the relation states a plan);
`KnowledgeGraph.stated()` is the same graph without the planned relations, for every question.
"""

from __future__ import annotations

import copy
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
from rapidfuzz import fuzz, process

from ner.model import ORGANISATION_LABELS
from ner.normalize import canonical_key, match_key

from .graph import build_graph
from .store import Store

PARTNERSHIP_TYPES = ("PARTNERS_WITH", "CO_BUILDS")
PROGRAM_TYPES = ("JOINED", "LEADS")


class NotFound(LookupError):
    """No entity matches the name given."""


class Ambiguous(NotFound):
    """Several entities match the name given about equally well; `candidates` lists them, best first."""

    def __init__(self, name: str, candidates: list[dict]):
        self.name = name
        self.candidates = candidates
        listed = "; ".join(f"{c['name']} ({c['label']}, score {c['score']})" for c in candidates)
        super().__init__(f"{name!r} matches {len(candidates)} entities about equally well: {listed}; "
                         "give the one you mean")


# A fuzzy match needs this score (0..100); candidates within CLOSE points of the best are
# too close to choose between.
MIN_SCORE = 80.0
CLOSE = 5.0


@dataclass(frozen=True)
class Match:
    """The entity a name was taken to mean, and how: its id or name, an alias, or a fuzzy match."""

    query: str
    id: str
    name: str
    label: str
    score: float
    how: str  # "id", "name", "alias" or "fuzzy"

    @property
    def exact(self) -> bool:
        """True when the name given is the entity's own id or name."""
        return self.how in ("id", "name")

    def note(self) -> str:
        """'matched 省重点研发计划 for 重点研发计划 (score 98.6)', for a match that is not exact."""
        how = "alias, " if self.how == "alias" else ""
        return f"matched {self.name} for {self.query} ({how}score {self.score:g})"

    def as_dict(self) -> dict:
        return {"for": self.query, "id": self.id, "name": self.name, "label": self.label, "score": self.score,
                "how": self.how}


@dataclass
class KnowledgeGraph:
    """A store with its networkx view and the shared queries."""

    store: Store

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        self.store.sync_curation()  # analysts' decisions edited since the last build count now
        return build_graph(self.store)

    def stated(self) -> KnowledgeGraph:
        """The same questions over the graph without its planned relations (see graph.py);
        the entities stay, with the relations stated as done. Built once, then kept."""
        kg = self.__dict__.get("_stated")
        if kg is None:
            g = self.graph
            if not any(d.get("planned") for _, _, d in g.edges(data=True)):
                return self
            h = nx.MultiDiGraph()
            h.add_nodes_from(g.nodes(data=True))
            h.add_edges_from((a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True) if not d.get("planned"))
            kg = KnowledgeGraph(self.store)
            kg.__dict__["graph"] = h
            if "_search_index" in self.__dict__:
                kg.__dict__["_search_index"] = self._search_index  # the same nodes and names
        elif kg.store is not self.store:  # a copy of this graph over another connection (the explorer's threads)
            kg = copy.copy(kg)
            kg.store = self.store
        self.__dict__["_stated"] = kg
        return kg

    def planned_count(self) -> int:
        """How many relations of the graph are planned only."""
        return sum(1 for *_, d in self.edges if d.get("planned"))

    def prepare(self) -> KnowledgeGraph:
        """Build the graph and the edge lists now rather than on the first question."""
        _ = self.graph, self.edges, self._edges_by_type
        return self

    @cached_property
    def edges(self) -> list[tuple[str, str, str, dict]]:
        """Every edge as (head, tail, type, data), listed once: the whole-graph questions walk
        this list, several times faster than networkx's edge views."""
        return list(self.graph.edges(keys=True, data=True))

    @cached_property
    def _edges_by_type(self) -> dict[str, list[tuple[str, str, str, dict]]]:
        by_type: dict[str, list] = defaultdict(list)
        for e in self.edges:
            by_type[e[2]].append(e)
        return by_type

    def edges_of_type(self, *types: str) -> Iterator[tuple[str, str, str, dict]]:
        """The edges of the given relation types, as (head, tail, type, data)."""
        for rtype in types:
            yield from self._edges_by_type.get(rtype, ())

    @cached_property
    def _search_index(self) -> tuple[list[str], list[str]]:
        keys, ids = [], []
        for eid, data in self.graph.nodes(data=True):
            for form in {data["name"], *data["aliases"]}:
                keys.append(match_key(form))
                ids.append(eid)
        return keys, ids

    # -- finding entities -----------------------------------------------------------------
    def node(self, eid: str) -> dict:
        if eid not in self.graph:
            raise NotFound(eid)
        return {"id": eid, **self.graph.nodes[eid]}

    def search(
        self,
        query: str,
        label: str | None = None,
        region: str | None = None,
        year: int | None = None,
        limit: int = 20,
        docs: frozenset[str] | None = None,
    ) -> list[dict]:
        """Entities whose name or an alias matches `query`, best first, with a score 0..100."""
        q = match_key(query)
        if not q:
            return []
        keys, ids = self._search_index
        best: dict[str, float] = {}
        ck = canonical_key(query)
        for k, eid in zip(keys, ids, strict=True):
            if k in (q, ck):
                best[eid] = 100.0
            elif q in k:
                best[eid] = max(best.get(eid, 0), 90.0 + 10.0 * len(q) / len(k) - 0.01)
        for _, score, idx in process.extract(q, keys, scorer=fuzz.WRatio, limit=limit * 5, score_cutoff=60):
            eid = ids[idx]
            best[eid] = max(best.get(eid, 0), float(score) * 0.95)
        out = []
        for eid, score in sorted(best.items(), key=lambda kv: (-kv[1], self.graph.nodes[kv[0]]["name"])):
            n = self.node(eid)
            if not _passes(n, label, region, year) or not _named_in(n, docs):
                continue
            out.append(n | {"score": round(score, 1), "degree": self.graph.degree(eid)})
            if len(out) >= limit:
                break
        return out

    def match(self, name: str) -> Match:
        """The entity `name` means: its id, its name, one alias, or one clearly best fuzzy match.

        Raises NotFound when nothing scores MIN_SCORE, Ambiguous when several entities hold the
        name as an alias or score within CLOSE points of the best.
        """
        if name in self.graph:
            d = self.graph.nodes[name]
            return Match(name, name, d["name"], d["label"], 100.0, "id")
        hits = self.search(name, limit=10)
        if not hits or hits[0]["score"] < MIN_SCORE:
            raise NotFound(f"no entity matches {name!r}")
        own = [h for h in hits if match_key(h["name"]) == match_key(name)]
        if len(own) == 1:
            return _match(name, own[0], "name")
        best = hits[0]["score"]
        close = [h for h in hits if h["score"] >= max(best - CLOSE, MIN_SCORE)] if best < 100 else \
            [h for h in hits if h["score"] == 100]
        if len(close) > 1:
            raise Ambiguous(name, [{k: h[k] for k in ("id", "name", "label", "score")} for h in close])
        return _match(name, hits[0], "alias" if best == 100 else "fuzzy")

    def find(self, name: str) -> str:
        """The id of the entity `name` means (see match())."""
        return self.match(name).id

    # -- edges and evidence -------------------------------------------------------------------
    def relations_of(self, eid: str) -> list[dict]:
        """Every edge touching `eid`, with the other end and counts, grouped by type."""
        g = self.graph
        rows = []
        for _, other, key, d in g.out_edges(eid, keys=True, data=True):
            rows.append(self._edge_row(eid, other, key, d, "out"))
        for other, _, key, d in g.in_edges(eid, keys=True, data=True):
            rows.append(self._edge_row(eid, other, key, d, "in"))
        return sorted(rows, key=lambda r: (r["type"], r["direction"], -r["evidence"], r["other_name"]))

    def _edge_row(self, eid: str, other: str, key: str, d: dict, direction: str) -> dict:
        o = self.graph.nodes[other]
        return {
            "type": key,
            "direction": direction,
            "other_id": other,
            "other_name": o["name"],
            "other_label": o["label"],
            "evidence": d["evidence"],
            "first_year": d["first_year"],
            "last_year": d["last_year"],
            "planned": d["planned"],
            "relation_id": d["relation_id"],
        }

    def evidence(self, relation_id: int) -> list[dict]:
        """The sentences that state a relation, with the document, the names' offsets and
        `planned` (this sentence states it as a plan)."""
        rows = self.store.conn.execute(
            "SELECT e.*, d.title, d.path, d.year, d.region, r.type, h.name AS head, t.name AS tail"
            " FROM evidence e JOIN documents d ON d.id = e.doc_id JOIN relations r ON r.id = e.relation_id"
            " JOIN entities h ON h.id = r.head_id JOIN entities t ON t.id = r.tail_id"
            " WHERE e.relation_id = ? ORDER BY d.year, d.path, e.sentence",
            (relation_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def mentions(self, eid: str, limit: int = 50) -> list[dict]:
        rows = self.store.conn.execute(
            "SELECT m.*, d.title, d.path, s.text AS sentence_text FROM mentions m"
            " JOIN documents d ON d.id = m.doc_id"
            " LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.idx = m.sentence"
            " WHERE m.entity_id = ? ORDER BY d.path, m.sentence LIMIT ?",
            (eid, limit),
        ).fetchall()
        return [dict(r) for r in rows]

    # -- programs -------------------------------------------------------------------------------
    def programs(
        self,
        label: str | None = None,
        year: int | None = None,
        region: str | None = None,
        docs: frozenset[str] | None = None,
    ) -> list[dict]:
        """Programs (and designations joined like programs) with their participant counts.

        Unfiltered, every Program is listed (with 0 participants if none is recorded); with a
        filter, only programs with a participant that passes it.
        """
        g = self.graph
        # One pass over the edges: an organisation that both joined and leads a program counts once.
        orgs_of: dict[str, dict[str, str]] = defaultdict(dict)
        nodes = g.nodes
        filtered = bool(label or year or region) or docs is not None
        for org, pid, _, d in self.edges_of_type(*PROGRAM_TYPES):
            if not filtered or _participates(nodes[org], d, label, year, region, docs):
                orgs_of[pid][org] = nodes[org]["label"]
        out = []
        for pid, data in g.nodes(data=True):
            orgs = orgs_of.get(pid)
            if not orgs and (filtered or data["label"] != "Program"):
                continue
            orgs = orgs or {}
            out.append({"id": pid, "name": data["name"], "label": data["label"], "participants": len(orgs),
                        "by_label": dict(Counter(orgs.values()))})
        return sorted(out, key=lambda r: (-r["participants"], r["name"]))

    def participants(
        self,
        program_id: str,
        label: str | None = None,
        year: int | None = None,
        region: str | None = None,
        docs: frozenset[str] | None = None,
    ) -> list[dict]:
        """Organisations that joined or lead a program, with year and evidence count.

        With a scope, the years are those of the scope's reports that state the relation.
        """
        g = self.graph
        rows = []
        for org, _, key, d in g.in_edges(program_id, keys=True, data=True):
            if key not in PROGRAM_TYPES:
                continue
            o = g.nodes[org]
            if not _participates(o, d, label, year, region, docs):
                continue
            rows.append(_program_row(org, o, key, d, self._years_in(d, docs)))
        return sorted(rows, key=lambda r: (r["name"], r["type"]))

    def programs_of(self, eid: str) -> list[dict]:
        """The programs (and designations) an organisation joined or leads."""
        g = self.graph
        rows = []
        for _, prog, key, d in g.out_edges(eid, keys=True, data=True):
            if key not in PROGRAM_TYPES:
                continue
            rows.append(_program_row(prog, g.nodes[prog], key, d))
        return sorted(rows, key=lambda r: (r["name"], r["type"]))

    # -- partnership network -----------------------------------------------------------------
    def partnership_graph(self, docs: frozenset[str] | None = None) -> nx.Graph:
        """Undirected graph of who works with whom: partners, and co-builders of one thing.

        An edge is `planned` when every relation behind it is (co-builders: when one of the two
        only plans to build).
        """
        g = self.graph
        u = nx.Graph()
        for a, b, _, d in self.edges_of_type("PARTNERS_WITH"):
            if _stated_in(d, docs):
                _add_weight(u, a, b, d["evidence"], d["planned"])
        builders: dict[str, list[tuple[str, bool]]] = {}
        for a, built, _, d in self.edges_of_type("CO_BUILDS"):
            if _stated_in(d, docs):
                builders.setdefault(built, []).append((a, d["planned"]))
        for built, orgs in builders.items():
            for i, (a, a_planned) in enumerate(orgs):
                _add_weight(u, a, built, 1, a_planned)
                for b, b_planned in orgs[i + 1 :]:
                    _add_weight(u, a, b, 1, a_planned or b_planned)
        for n in u:
            u.nodes[n].update(g.nodes[n])
        return u

    def partners(self, eid: str) -> list[dict]:
        """Organisations that partner with `eid` or co-build something with it."""
        u = self.partnership_graph()
        if eid not in u:
            return []
        rows = []
        for other in u.neighbors(eid):
            o = self.graph.nodes[other]
            rows.append({"id": other, "name": o["name"], "label": o["label"], "weight": u[eid][other]["weight"],
                         "planned": u[eid][other]["planned"]})
        return sorted(rows, key=lambda r: (-r["weight"], r["name"]))

    def ego(self, eid: str, depth: int = 1, types: tuple[str, ...] | None = None) -> nx.MultiDiGraph:
        """The subgraph within `depth` hops of `eid` (edges of `types` only, if given)."""
        g = self.graph
        if types:
            g = nx.MultiDiGraph(((a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True) if k in types))
            g.add_nodes_from((n, self.graph.nodes[n]) for n in g.nodes)
            if eid not in g:
                g.add_node(eid, **self.graph.nodes[eid])
        nodes = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), eid, cutoff=depth)
        return g.subgraph(nodes).copy()

    def path(self, a: str, b: str) -> list[dict]:
        """The shortest chain of relations between two entities (any direction)."""
        g = self.graph
        try:
            nodes = nx.shortest_path(g.to_undirected(as_view=True), a, b)
        except nx.NetworkXNoPath:
            return []
        steps = []
        for x, y in zip(nodes, nodes[1:], strict=False):
            if g.has_edge(x, y):
                key = next(iter(g[x][y]))
                direction = "->"
            else:
                key = next(iter(g[y][x]))
                direction = "<-"
            data = g[x][y][key] if direction == "->" else g[y][x][key]
            steps.append({"from": g.nodes[x]["name"], "type": key, "direction": direction, "to": g.nodes[y]["name"],
                          "planned": data["planned"]})
        return steps

    def communities(self, seed: int = 7) -> list[list[dict]]:
        """Partnership communities (Louvain on the partnership graph), largest first."""
        u = self.partnership_graph()
        if u.number_of_edges() == 0:
            return []
        parts = nx.community.louvain_communities(u, weight="weight", seed=seed)
        out = []
        for part in sorted(parts, key=lambda p: (-len(p), min(p))):
            out.append(sorted(({"id": n, "name": u.nodes[n]["name"], "label": u.nodes[n]["label"]} for n in part),
                              key=lambda r: r["name"]))
        return out

    def centrality(self, kind: str = "degree", top: int = 20, partnership: bool = True) -> list[dict]:
        """The most central entities by degree, betweenness or pagerank."""
        g = self.partnership_graph() if partnership else nx.Graph(self.graph.to_undirected())
        if g.number_of_nodes() == 0:
            return []
        if kind == "degree":
            scores = nx.degree_centrality(g)
        elif kind == "betweenness":
            scores = nx.betweenness_centrality(g, weight=None)
        elif kind == "pagerank":
            scores = nx.pagerank(g, weight="weight")
        else:
            raise ValueError(f"unknown centrality {kind!r}: degree, betweenness or pagerank")
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return [{"id": n, "name": self.graph.nodes[n]["name"], "label": self.graph.nodes[n]["label"],
                 "score": round(s, 4)} for n, s in ranked]

    def stats(self) -> dict:
        counts = self.store.counts()
        g = self.graph
        counts["nodes"] = g.number_of_nodes()
        counts["edges"] = len(self.edges)
        counts["planned_edges"] = self.planned_count()
        return counts

    # -- for the explorer's views ---------------------------------------------------------------
    def facets(self) -> dict:
        """The labels, regions and years present in the graph, for the search filters."""
        labels, regions, years = set(), set(), set()
        for _, d in self.graph.nodes(data=True):
            labels.add(d["label"])
            regions.update(d["regions"])
            years.update(d["years"])
        return {"labels": sorted(labels), "regions": sorted(regions), "years": sorted(years)}

    def browse(
        self,
        label: str | None = None,
        region: str | None = None,
        year: int | None = None,
        limit: int | None = 50,
        docs: frozenset[str] | None = None,
    ) -> list[dict]:
        """Entities matching the filters without a query: most connected first, then most mentioned
        (all of them when `limit` is None)."""
        g = self.graph
        rows = []
        for eid, d in g.nodes(data=True):
            if not _passes(d, label, region, year) or not _named_in(d, docs):
                continue
            rows.append((-g.degree(eid), -d["mentions"], d["name"], eid))
        rows.sort()
        return [self.node(eid) | {"degree": -neg_degree} for neg_degree, _, _, eid in rows[:limit]]

    # -- the picture of a scope (the overview) ---------------------------------------------------
    @cached_property
    def _documents_meta(self) -> dict[str, tuple[str, int | None]]:
        return {r["id"]: (r["region"] or "", r["year"])
                for r in self.store.conn.execute("SELECT id, region, year FROM documents")}

    def scope_documents(
        self, region: str | None = None, years: tuple[int, int] | None = None
    ) -> frozenset[str] | None:
        """The reports of `region` issued in `years` (first, last), or None when neither is given.

        A region takes the reports of the places inside it (宁波市 takes 宁波市镇海区's); with a
        span of years, reports without a year are left out.
        """
        if not region and not years:
            return None
        keep = set()
        for doc, (doc_region, doc_year) in self._documents_meta.items():
            if region and not doc_region.startswith(region):
                continue
            if years and not (doc_year and years[0] <= doc_year <= years[1]):
                continue
            keep.add(doc)
        return frozenset(keep)

    def label_counts(self, docs: frozenset[str] | None = None) -> dict[str, int]:
        """How many entities of each type the scope's reports name."""
        counts = Counter(d["label"] for _, d in self.graph.nodes(data=True) if _named_in(d, docs))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def _years_in(self, edge: dict, docs: frozenset[str] | None) -> tuple[int | None, int | None]:
        """The first and last year a relation is stated, within the scope's reports."""
        if docs is None:
            return edge["first_year"], edge["last_year"]
        meta = self._documents_meta
        years = [meta[x][1] for x in edge["documents"] if x in docs and x in meta and meta[x][1]]
        return (min(years), max(years)) if years else (None, None)

    def _relations_in(self, docs: frozenset[str] | None) -> Iterator[tuple[str, str, str, dict, int | None]]:
        """(head, tail, type, edge data, first year in scope) of each relation the scope states."""
        if docs is None:
            for a, b, key, d in self.edges:
                yield a, b, key, d, d["first_year"]
            return
        for a, b, key, d in self.edges:
            if not docs.isdisjoint(d["documents"]):
                yield a, b, key, d, self._years_in(d, docs)[0]

    def relations(
        self, docs: frozenset[str] | None = None, rtype: str | None = None, year: int | None = None
    ) -> list[dict]:
        """The relations the scope states (of one type, first stated in one year), most evidence first."""
        g = self.graph
        rows = []
        for a, b, key, d, first in self._relations_in(docs):
            if (rtype and key != rtype) or (year and first != year):
                continue
            h, t = g.nodes[a], g.nodes[b]
            rows.append({"head_id": a, "head": h["name"], "head_label": h["label"], "type": key,
                         "tail_id": b, "tail": t["name"], "tail_label": t["label"], "first_year": first,
                         "last_year": self._years_in(d, docs)[1], "evidence": d["evidence"],
                         "planned": d["planned"], "relation_id": d["relation_id"]})
        return sorted(rows, key=lambda r: (r["type"], -r["evidence"], r["head"], r["tail"]))

    def relation_counts(self, docs: frozenset[str] | None = None) -> list[dict]:
        """Relations by type and the year the scope first states them (None: no dated report)."""
        if docs is None:
            counts = Counter((key, d["first_year"]) for _, _, key, d in self.edges)
        else:
            counts = Counter((key, first) for _, _, key, _, first in self._relations_in(docs))
        return [{"type": k, "year": y, "relations": n}
                for (k, y), n in sorted(counts.items(), key=lambda kv: (kv[0][1] or 0, kv[0][0]))]

    def partner_counts(self, docs: frozenset[str] | None = None) -> dict[str, int]:
        """Each entity's number of partners: its degree in `partnership_graph(docs)`, without building it."""
        partners: dict[str, set[str]] = defaultdict(set)
        builders: dict[str, set[str]] = defaultdict(set)
        for a, b, key, d in self.edges_of_type(*PARTNERSHIP_TYPES):
            if not _stated_in(d, docs):
                continue
            if key == "PARTNERS_WITH":
                partners[a].add(b)
                partners[b].add(a)
            else:
                builders[b].add(a)
        for built, orgs in builders.items():
            partners[built] |= orgs
            for a in orgs:
                partners[a] |= orgs
                partners[a].add(built)
        return {n: len(p) - (n in p) for n, p in partners.items()}

    def best_partnered(self, docs: frozenset[str] | None = None, top: int | None = 15) -> list[dict]:
        """The organisations with most partners in the scope, most first (all when `top` is None)."""
        nodes = self.graph.nodes
        counts = {n: k for n, k in self.partner_counts(docs).items() if k and nodes[n]["label"] in ORGANISATION_LABELS}
        if top is not None and len(counts) > top:
            # Only those reaching the top-th count can be in the top (ties broken by name below).
            least = heapq.nlargest(top, counts.values())[-1]
            counts = {n: k for n, k in counts.items() if k >= least}
        ranked = sorted(counts, key=lambda n: (-counts[n], nodes[n]["name"], n))
        return [{"id": n, "name": nodes[n]["name"], "label": nodes[n]["label"], "partners": counts[n]}
                for n in ranked[:top]]

    def documents_of(self, eid: str) -> list[dict]:
        """The reports that mention an entity, with their metadata and its number of mentions there."""
        rows = self.store.conn.execute(
            "SELECT d.id, d.title, d.path, d.issuer, d.date, d.region, d.year, COUNT(*) AS mentions"
            " FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ?"
            " GROUP BY d.id ORDER BY d.year, d.path",
            (eid,),
        ).fetchall()
        return [dict(r) for r in rows]

    def document_summaries(self) -> list[dict]:
        """Every stored report with its metadata and the entities and relations it gave."""
        conn = self.store.conn
        entities = dict(conn.execute("SELECT doc_id, COUNT(DISTINCT entity_id) FROM mentions GROUP BY doc_id"))
        relations = dict(conn.execute("SELECT doc_id, COUNT(DISTINCT relation_id) FROM evidence GROUP BY doc_id"))
        return [
            {"id": d["id"], "title": d["title"], "issuer": d["issuer"], "date": d["date"], "region": d["region"],
             "year": d["year"], "format": d["format"], "sentences": d["n_sentences"], "characters": d["n_chars"],
             "entities": entities.get(d["id"], 0), "relations": relations.get(d["id"], 0), "path": d["path"]}
            for d in self.store.documents()
        ]


def _match(query: str, hit: dict, how: str) -> Match:
    return Match(query, hit["id"], hit["name"], hit["label"], hit["score"], how)


def _passes(node: dict, label: str | None, region: str | None, year: int | None) -> bool:
    """Whether a node's attributes meet the label, region and year filters (None: any)."""
    if label and node["label"] != label:
        return False
    if region and region not in node["regions"]:
        return False
    return not (year and year not in node["years"])


def _named_in(node: dict, docs: frozenset[str] | None) -> bool:
    """Whether one of the scope's reports names the entity (always, without a scope)."""
    return docs is None or not docs.isdisjoint(node["documents"])


def _stated_in(edge: dict, docs: frozenset[str] | None) -> bool:
    """Whether one of the scope's reports states the relation (always, without a scope)."""
    return docs is None or not docs.isdisjoint(edge["documents"])


def _participates(org: dict, edge: dict, label: str | None, year: int | None, region: str | None,
                  docs: frozenset[str] | None) -> bool:
    """Whether a JOINED/LEADS edge from `org` passes the label, year, region and scope filters."""
    if label and org["label"] != label:
        return False
    if year and not (edge["first_year"] and edge["first_year"] <= year <= edge["last_year"]):
        return False
    if region and region not in org["regions"]:
        return False
    return _stated_in(edge, docs)


def _add_weight(g: nx.Graph, a: str, b: str, w: int, planned: bool = False) -> None:
    if g.has_edge(a, b):
        g[a][b]["weight"] += w
        g[a][b]["planned"] = g[a][b]["planned"] and planned  # one stated tie makes the pair a fact
    else:
        g.add_edge(a, b, weight=w, planned=planned)


def _program_row(node_id: str, node: dict, rtype: str, edge: dict,
                 years: tuple[int | None, int | None] | None = None) -> dict:
    """One row of a program table: the entity on the other end of a JOINED/LEADS edge."""
    first, last = years or (edge["first_year"], edge["last_year"])
    return {"id": node_id, "name": node["name"], "label": node["label"], "type": rtype,
            "first_year": first, "last_year": last,
            "evidence": edge["evidence"], "planned": edge["planned"], "relation_id": edge["relation_id"]}
