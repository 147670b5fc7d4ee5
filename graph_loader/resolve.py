"""Entity resolution across reports: one node per organisation, whatever the order of reports.

Two levels. An *atom* is one way a name is written, as a key (ner.normalize.match_key):
宁波晶钻科技股份有限公司, 晶钻科技, 中科院宁波材料所. A relative name (市科技局) is written
with its report's region (宁波市科技局, graph_loader/names.py); when the report's region does
not say which body it is, its atom belongs to that report alone (市科技局@<report id>); when
the recogniser cut it off the place written right before it (疏附|县人民政府), it is that place's.
Short forms a report ties to a full name it also uses (东方理工 for 宁波东方理工大学) count
as that full name and are kept as its forms. An *entity* is a set of atoms joined by
edges, each recorded with its reason (table `merges`):

- abbreviation table: well-known abbreviations expanded and lexicon aliases mapped
  (中科院宁波材料所 -> 中国科学院宁波材料所), or the place written in full (镇海区… ->
  宁波市镇海区…);
- shared alias: a note such as (原…), (暂名) or (简称…) in some report names both;
- unique core: a name written alone (晶钻科技) is the core of one entity's full name
  (宁波晶钻科技股份有限公司: place and legal form removed) and of no other's, the types agree
  and the regions of the reports naming it do not contradict the full name's place. Two or
  more such entities: no merge; `innokg query duplicates` lists the pair for review;
- analyst decision: `innokg curate merge` (graph_loader/curation.py); `curate split`
  keeps two atoms apart whatever the other edges say.

Names that merely share a prefix (宁波大学, 宁波大学科技学院; 中国科学院, 中国科学院大学) have
different keys and no core, so they stay apart; masked names never reach here.

`partition` computes the entities from atoms, links and decisions alone: edges are applied
in a fixed order, and every unique-core merge is decided on the entities before any of
them, so reports added in any order, or in several builds, give the same entities. An
entity's id is the hash of its anchor (its longest key, not of one report), so the same
reports give the same ids. A report re-resolves only the atoms it can change: those it
names, atoms tied to them by an edge, a decision or a shared core, and the entities they
were in, closed under the same rule; only entities whose atoms changed are rewritten.

An entity's label is the one most of its mentions carry (disagreements show in the view
`conflicts`); its display name is its most frequent form, or the lexicon's full name.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ner.lexicon import Lexicon, get_lexicon
from ner.marks import is_masked
from ner.model import SYMMETRIC_RELATIONS, Extraction, Mention
from ner.normalize import canonical_key, display_name, match_key, strip_note

from .curation import Curation
from .names import Relative, cut_place, full_place, name_core, places, relative_name

# The reasons a merge records, in the order partition() applies them.
ANALYST = "analyst decision"
ABBREVIATION = "abbreviation table"
PLACE = "place written in full"
ALIAS = "shared alias"
CORE = "unique core"
# Separates a report-scoped atom's name from its report's id.
SCOPE = "@"
_CHUNK = 500


def entity_id(key: str) -> str:
    """The id of the entity whose anchor is `key`."""
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


# -- the partition, a pure function ------------------------------------------------------------
@dataclass
class Atom:
    """One written form of a name, with what the resolver needs to know about it."""

    key: str
    canon: str = ""  # the key it expands to (abbreviations, place in full), '' if itself
    canon_reason: str = ""
    core: str = ""  # names.name_core
    place: str = ""  # region code of the place its name states
    scoped: bool = False  # belongs to one report (a relative name of unknown region)
    votes: dict[str, int] = field(default_factory=dict)  # label -> mentions
    # region of the naming report -> mentions (partition's default source of regions)
    regions: dict[str, int] = field(default_factory=dict)

    @property
    def mentions(self) -> int:
        return sum(self.votes.values())

    def label(self) -> str:
        return majority(self.votes)


@dataclass(frozen=True)
class Link:
    """Two atoms one report names as one: a note such as (原…) after a name."""

    key: str
    other: str
    doc_id: str
    label: str  # the label of the mention that carried the note


@dataclass(frozen=True)
class Edge:
    key: str
    other: str
    reason: str
    detail: str = ""


@dataclass
class Cluster:
    """One entity: its atoms, id and the edges that joined them."""

    keys: list[str]
    id: str
    anchor: str
    edges: list[Edge]


@dataclass
class Review:
    """A unique-core merge not made: the short name, the candidates and why."""

    key: str
    candidates: list[str]
    why: str


def majority(votes: dict[str, int]) -> str:
    """The label with most votes (ties: the first in sorted order), '' for none."""
    return max(sorted(votes), key=lambda k: votes[k]) if votes else ""


class _Unions:
    """Union-find over atoms that refuses to join two atoms an analyst keeps apart."""

    def __init__(self, keys: Iterable[str], apart: dict[str, set[str]]):
        self.parent = {k: k for k in keys}
        self.members = {k: {k} for k in self.parent}
        self.apart = {k: v for k, v in apart.items() if k in self.parent}
        self.edges: list[Edge] = []

    def find(self, k: str) -> str:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def allowed(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.apart:
            small, other = (ra, rb) if len(self.members[ra]) <= len(self.members[rb]) else (rb, ra)
            for x in self.members[small]:
                for y in self.apart.get(x, ()):
                    if y in self.parent and self.find(y) == other:
                        return False
        return True

    def union(self, edge: Edge) -> bool:
        if not self.allowed(edge.key, edge.other):
            return False
        ra, rb = self.find(edge.key), self.find(edge.other)
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self.edges.append(edge)
        return True


def _edges(atoms: dict[str, Atom], links: list[Link], curation: Curation) -> list[Edge]:
    """The first-phase edges in the order they are applied: decisions, tables, notes."""
    out = []
    for d in curation.decisions:
        if d.action == "merge" and d.name in atoms and d.other in atoms:
            out.append(Edge(d.name, d.other, ANALYST, d.note))
    for key in sorted(atoms):
        a = atoms[key]
        if a.canon and a.canon in atoms:
            out.append(Edge(key, a.canon, a.canon_reason))
    for link in sorted(links, key=lambda x: (x.key, x.other, x.doc_id)):
        other = atoms.get(link.other)
        if other is None or link.key not in atoms:
            continue
        # A former name of its own standing (mentioned by other reports) must agree in type.
        if other.mentions == 0 or (len(other.key) >= 4 and other.label() == link.label):
            out.append(Edge(link.key, link.other, ALIAS, link.doc_id))
    return out


def partition(atoms: dict[str, Atom], links: list[Link], curation: Curation | None = None,
              review: list[Review] | None = None,
              regions: Callable[[str], Iterable[str]] | None = None) -> list[Cluster]:
    """The entities of `atoms` (see the module docstring); unique-core merges not made are
    appended to `review` when given. Depends only on its arguments, not on their order.

    `regions(key)` gives the regions of the reports naming an atom (default: its `regions`);
    only the few atoms a unique-core decision looks at are asked.
    """
    curation = curation or Curation()
    uf = _Unions(atoms, curation.apart)
    for e in _edges(atoms, links, curation):
        uf.union(e)
    for e in _core_edges(atoms, uf, curation, review, regions or (lambda k: atoms[k].regions)):
        uf.union(e)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in atoms:
        groups[uf.find(k)].append(k)
    edges_of: dict[str, list[Edge]] = defaultdict(list)
    for e in uf.edges:
        edges_of[uf.find(e.key)].append(e)
    out = []
    for root, keys in groups.items():
        keys.sort()
        anchor = min([k for k in keys if not atoms[k].scoped] or keys, key=lambda k: (-len(k), k))
        out.append(Cluster(keys, entity_id(anchor), anchor, sorted(edges_of[root], key=lambda e: (e.key, e.other))))
    return sorted(out, key=lambda c: c.id)


def _core_edges(atoms: dict[str, Atom], uf: _Unions, curation: Curation, review: list[Review] | None,
                regions: Callable[[str], Iterable[str]]) -> list[Edge]:
    """Unique-core merges, all decided on the first-phase entities (no chains of them)."""
    by_core: dict[str, list[str]] = defaultdict(list)
    for k, a in atoms.items():
        if a.core:
            by_core[a.core].append(k)
    if not by_core:
        return []
    groups: dict[str, list[str]] = defaultdict(list)
    for k in atoms:
        groups[uf.find(k)].append(k)
    pl = places()
    labels: dict[str, str] = {}

    def label(root: str) -> str:
        if root not in labels:
            votes: dict[str, int] = defaultdict(int)
            for k in groups[root]:
                for lab, n in atoms[k].votes.items():
                    votes[lab] += n
            labels[root] = curation.overrides(groups[root])[1] or majority(votes)
        return labels[root]

    def doc_regions(root: str) -> set[str]:
        out = set()
        for k in groups[root]:
            for region in regions(k):
                codes = pl.region_codes(region)
                if codes:
                    out.add(codes[0])
        return out

    def contradicts(short_root: str, full_root: str) -> bool:
        mine = doc_regions(short_root)
        stated = {atoms[k].place for k in groups[full_root] if atoms[k].place}
        theirs = stated or doc_regions(full_root)
        return any(not any(pl.compatible(r, t) for t in theirs) for r in mine) if mine and theirs else False

    planned: dict[str, list[Edge]] = defaultdict(list)
    for s in sorted(atoms):
        a = atoms[s]
        fulls = [k for k in by_core.get(s, ()) if k != s]
        if not fulls or a.scoped or a.core or a.canon or a.mentions == 0:
            continue
        root = uf.find(s)
        if any(uf.find(k) == root for k in fulls):
            continue  # already one entity
        candidates = sorted({uf.find(k) for k in fulls})
        why = ""
        if len(candidates) > 1:
            why = "several entities have this core"
        elif label(root) != label(candidates[0]):
            why = "types differ"
        elif contradicts(root, candidates[0]):
            why = "regions differ"
        if why:
            if review is not None:
                review.append(Review(s, sorted(k for k in fulls), why))
            continue
        full = min((k for k in fulls if uf.find(k) == candidates[0]), key=lambda k: (-len(k), k))
        planned[root].append(Edge(s, full, CORE, s))
    out = []
    for _, edges in sorted(planned.items()):
        targets = {uf.find(e.other) for e in edges}
        if len(targets) == 1:
            out.extend(edges)
        elif review is not None:  # one entity whose names point to two others: ask
            review.extend(Review(e.key, [e.other], "its entity's other names point elsewhere") for e in edges)
    return out


# -- writing one report --------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def _written_as(name: str, label: str, codes: tuple[str, ...], place: str,
                lex: Lexicon) -> tuple[str, str, str | None, bool]:
    """(key, stored name, form as written if different, kept to its report) of a name."""
    if place:
        return match_key(strip_note(place + name)), place + name, name, False
    rel = relative_name(name, label, list(codes), lex)
    if rel is None:
        return match_key(strip_note(name)), name, None, False
    kind, qualified = rel
    if kind is Relative.QUALIFIED:
        return match_key(qualified), qualified, name, False
    return match_key(strip_note(name)), name, None, True


@lru_cache(maxsize=200_000)
def atom_facts(key: str, lex: Lexicon) -> tuple[str, str, str, str]:
    """What a key says by itself: (canon, why, core, place); a report names the same keys often."""
    c = canonical_key(key, lex)
    placed = full_place(c)
    reasons = [r for r, changed in ((ABBREVIATION, c != key), (PLACE, placed != c)) if changed]
    core = name_core(key, lex)
    return (placed if placed != key else ""), ", ".join(reasons), core.core, core.place

@dataclass
class _Seen:
    """What one report says about one atom before it is written."""

    atom: Atom
    forms: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))


def _chunks(items: list, n: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Resolver:
    """Writes one extraction (or a change of decisions) and re-resolves what it touches,
    inside the caller's open transaction."""

    def __init__(self, conn: sqlite3.Connection, curation: Curation | None = None, lexicon: Lexicon | None = None):
        self.conn = conn
        self.curation = curation or Curation()
        self.lexicon = lexicon or get_lexicon()
        self.current: dict[str, str] = {}  # atoms of the report being added -> its region

    # -- atoms of a report ---------------------------------------------------------------------
    def _atom(self, name: str, label: str, doc_id: str, codes: list[str],
              before: str = "") -> tuple[Atom, str, str | None]:
        """The atom a name is written as in a report: (atom, stored name, form as written if
        different). Relative names are written with the report's region or kept to it, unless
        the text right before them is the place they belong to (`before`, see cut_place)."""
        key, stored, written, scoped = _written_as(name, label, tuple(codes), cut_place(before, name), self.lexicon)
        if scoped:
            return Atom(key + SCOPE + doc_id, scoped=True), stored, written
        return self._new_atom(key), stored, written

    def _new_atom(self, key: str) -> Atom:
        canon, reason, core, place = atom_facts(key, self.lexicon)
        return Atom(key, canon=canon, canon_reason=reason, core=core, place=place)

    def add(self, extraction: Extraction) -> None:
        """Store one report's mentions, names and evidence, and resolve what they touch."""
        doc = extraction.document
        codes = places().region_codes(doc.region)
        texts = {s.index: s.text for s in extraction.sentences}
        seen: dict[str, _Seen] = {}
        links: set[Link] = set()
        by_span: dict[tuple[int, int, int], str] = {}
        by_name: dict[str, str] = {}
        rows = []

        def note(atom: Atom, form: str, kind: str, n: int) -> _Seen:
            s = seen.setdefault(atom.key, _Seen(atom))
            s.forms[(form, kind)] += n
            return s

        for m in extraction.mentions:
            if is_masked(m.name):
                continue  # an anonymised name is no organisation we can identify
            before = texts.get(m.sentence, "")[max(0, m.start - 6) : m.start] if m.text.startswith(m.name[:1]) else ""
            atom, name, written = self._atom(m.name, m.label, doc.id, codes, before)
            s = note(atom, name, "name", 1)
            s.atom.votes[m.label] = s.atom.votes.get(m.label, 0) + 1
            if written is not None:
                note(atom, written, "relative", 1)
            for short in _short_forms(m):
                note(atom, short, "short", 1 if _is_short_mention(m, short) else 0)
            for alias in m.aliases:
                a = strip_note(alias)
                if len(match_key(a)) < 2 or is_masked(a):
                    continue
                other, other_name, _ = self._atom(a, m.label, doc.id, codes)
                if other.key != atom.key:
                    note(other, other_name, "alias", 0)
                    links.add(Link(atom.key, other.key, doc.id, m.label))
            by_span[(m.sentence, m.start, m.end)] = atom.key
            by_name.setdefault(m.name, atom.key)
            rows.append((doc.id, atom.key, m.sentence, m.start, m.end, m.text, name, m.label, m.confidence, m.source,
                         int(m.generic)))
        self._store_atoms(seen)
        self.conn.executemany("INSERT OR IGNORE INTO links (key, other, doc_id, label) VALUES (?,?,?,?)",
                              [(x.key, x.other, x.doc_id, x.label) for x in links])
        ev_rows = []
        for r in extraction.relations:
            ev = r.evidence
            head = by_span.get((ev.sentence, ev.head_start, ev.head_end)) or by_name.get(r.head)
            tail = by_span.get((ev.sentence, ev.tail_start, ev.tail_end)) or by_name.get(r.tail)
            if head is None or tail is None or head == tail:
                continue
            ev_rows.append((doc.id, r.type, head, tail, ev.sentence, ev.text, ev.head_start, ev.head_end,
                            ev.tail_start, ev.tail_end, ev.cue, ev.rule, r.confidence, int(r.planned)))
        self.conn.executemany(
            "INSERT INTO evidence (doc_id, type, head_key, tail_key, sentence, text, head_start, head_end, tail_start,"
            " tail_end, cue, rule, confidence, planned) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ev_rows)
        # Mentions go in once their entities are known; the unique-core rule reads this
        # report's region from `self.current` meanwhile.
        self.current = {k: doc.region for k in seen} if doc.region else {}
        self.resolve(set(seen))
        entity_of: dict[str, str] = {}
        for chunk in _chunks(sorted(seen)):
            entity_of.update(self.conn.execute(
                f"SELECT key, entity_id FROM members WHERE key IN ({_marks(len(chunk))})", chunk))
        self.conn.executemany(
            'INSERT INTO mentions (doc_id, key, entity_id, sentence, start, "end", text, name, label, confidence,'
            " source, generic) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(r[0], r[1], entity_of[r[1]], *r[2:]) for r in rows])
        new_evidence = [r[0] for r in self.conn.execute("SELECT id FROM evidence WHERE doc_id=?", (doc.id,))]
        self._relate(new_evidence)

    def _store_atoms(self, seen: dict[str, _Seen]) -> None:
        """Insert new atoms (and the keys they expand to), add votes and forms."""
        c = self.conn
        todo = [s.atom for s in seen.values()]
        known: set[str] = set()
        while todo:
            fresh = [a for a in todo if a.key not in known]
            known.update(a.key for a in fresh)
            c.executemany("INSERT OR IGNORE INTO atoms (key, canon, canon_reason, core, place, scoped)"
                          " VALUES (?,?,?,?,?,?)",
                          [(a.key, a.canon, a.canon_reason, a.core, a.place, int(a.scoped)) for a in fresh])
            todo = [self._new_atom(a.canon) for a in fresh if a.canon and a.canon not in known]
        c.executemany("INSERT INTO atom_votes (key, label, n) VALUES (?,?,?)"
                      " ON CONFLICT (key, label) DO UPDATE SET n = n + excluded.n",
                      [(k, label, n) for k, s in seen.items() for label, n in s.atom.votes.items()])
        c.executemany(
            "INSERT INTO forms (key, form, kind, count) VALUES (?,?,?,?)"
            " ON CONFLICT (key, form, kind) DO UPDATE SET count = count + excluded.count",
            [(k, form, kind, n) for k, s in seen.items() for (form, kind), n in s.forms.items()])

    # -- re-resolving ----------------------------------------------------------------------------
    def resolve(self, seeds: set[str]) -> None:
        """Re-resolve the atoms `seeds` can affect and rewrite the entities that changed."""
        closure = self._closure(seeds)
        if not closure:
            return
        atoms, links = self._load(closure)
        clusters = partition(atoms, links, self.curation, regions=self._regions)
        changed = self._write(clusters, atoms, seeds)
        if changed:
            self._relate(self._evidence_of(changed))

    def _closure(self, seeds: set[str]) -> set[str]:
        """`seeds` and every atom whose entity can change with theirs (see the module docstring)."""
        c = self.conn
        seen: set[str] = set()
        frontier = self._existing(seeds)
        while frontier:
            seen |= frontier
            nxt: set[str] = set()
            for chunk in _chunks(sorted(frontier)):
                marks = _marks(len(chunk))
                for canon, core in c.execute(f"SELECT canon, core FROM atoms WHERE key IN ({marks})", chunk):
                    nxt.update(x for x in (canon, core) if x)
                # `<> ''` lets SQLite use the partial indexes on canon and core.
                for sql in (f"SELECT key FROM atoms WHERE canon IN ({marks}) AND canon <> ''",
                            f"SELECT key FROM atoms WHERE core IN ({marks}) AND core <> ''",
                            f"SELECT other FROM links WHERE key IN ({marks})",
                            f"SELECT key FROM links WHERE other IN ({marks})",
                            "SELECT b.key FROM members a JOIN members b ON b.entity_id = a.entity_id"
                            f" WHERE a.key IN ({marks})"):
                    nxt.update(r[0] for r in c.execute(sql, chunk))
            for k in frontier:
                nxt |= self.curation.partners(k)
            frontier = self._existing(nxt - seen)
        return seen

    def _existing(self, keys: set[str]) -> set[str]:
        out: set[str] = set()
        for chunk in _chunks(sorted(keys)):
            out.update(r[0] for r in self.conn.execute(
                f"SELECT key FROM atoms WHERE key IN ({_marks(len(chunk))})", chunk))
        return out

    def _load(self, keys: set[str]) -> tuple[dict[str, Atom], list[Link]]:
        atoms: dict[str, Atom] = {}
        links: list[Link] = []
        for chunk in _chunks(sorted(keys)):
            marks = _marks(len(chunk))
            for r in self.conn.execute(
                f"SELECT key, canon, canon_reason, core, place, scoped FROM atoms WHERE key IN ({marks})", chunk
            ):
                atoms[r[0]] = Atom(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            for key, label, n in self.conn.execute(
                    f"SELECT key, label, n FROM atom_votes WHERE key IN ({marks})", chunk):
                atoms[key].votes[label] = n
            links += [Link(*r) for r in self.conn.execute(
                f"SELECT key, other, doc_id, label FROM links WHERE key IN ({marks})", chunk)]
        return atoms, [x for x in links if x.other in keys]

    def _regions(self, key: str) -> list[str]:
        """The regions of the reports that name an atom (this report's included)."""
        found = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT d.region FROM mentions m JOIN documents d ON d.id = m.doc_id"
            " WHERE m.key = ? AND d.region <> ''", (key,))}
        if key in self.current:
            found.add(self.current[key])
        return sorted(found)

    def _write(self, clusters: list[Cluster], atoms: dict[str, Atom], touched: set[str]) -> set[str]:
        """Rewrite the entities whose atoms changed or were `touched` (named again, or named
        by a decision); returns the atoms whose entity id changed."""
        c = self.conn
        old: dict[str, str] = {}
        for chunk in _chunks(sorted(atoms)):
            old.update(c.execute(f"SELECT key, entity_id FROM members WHERE key IN ({_marks(len(chunk))})", chunk))
        new = {k: cl.id for cl in clusters for k in cl.keys}
        changed = {k for k in atoms if old.get(k) != new[k]}
        # An entity that lost an atom keeps its id but not its merges, forms and votes: rewrite it too.
        left = {old[k] for k in changed if k in old}
        dirty = [cl for cl in clusters if cl.id in left or any(k in changed or k in touched for k in cl.keys)]
        gone = set(old.values()) - {cl.id for cl in clusters}
        for chunk in _chunks(sorted(gone | {cl.id for cl in dirty})):
            c.execute(f"DELETE FROM merges WHERE entity_id IN ({_marks(len(chunk))})", chunk)
        for chunk in _chunks(sorted(gone)):
            c.execute(f"DELETE FROM entities WHERE id IN ({_marks(len(chunk))})", chunk)
        for chunk in _chunks(sorted(changed)):
            c.execute(f"DELETE FROM members WHERE key IN ({_marks(len(chunk))})", chunk)
        c.executemany("INSERT INTO members (key, entity_id) VALUES (?,?)", [(k, new[k]) for k in sorted(changed)])
        c.executemany("UPDATE mentions SET entity_id=? WHERE key=?", [(new[k], k) for k in sorted(changed) if k in old])
        self._settle(dirty, atoms)
        c.executemany("INSERT INTO merges (entity_id, key, other, reason, detail) VALUES (?,?,?,?,?)",
                      [(cl.id, e.key, e.other, e.reason, e.detail) for cl in dirty for e in cl.edges])
        return changed

    def _settle(self, clusters: list[Cluster], atoms: dict[str, Atom]) -> None:
        """Write each entity's label (most votes, or an analyst's), display name and votes."""
        c = self.conn
        forms: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        keys = sorted({k for cl in clusters for k in cl.keys})
        for chunk in _chunks(keys):
            for key, form, kind, n in c.execute(
                    f"SELECT key, form, kind, count FROM forms WHERE key IN ({_marks(len(chunk))})", chunk):
                forms[key].append((form, kind, n))
        rows, empty = [], []
        for cl in clusters:
            votes: dict[str, int] = defaultdict(int)
            for k in cl.keys:
                for label, n in atoms[k].votes.items():
                    votes[label] += n
            if not votes:  # only names no report uses (an analyst split off a former name)
                empty.append(cl.id)
                continue
            rows.append((cl.id, *self._name_and_label(cl, forms, votes),
                         json.dumps(dict(sorted(votes.items())), sort_keys=True)))
        c.executemany("INSERT OR REPLACE INTO entities (id, name, label, label_votes) VALUES (?,?,?,?)", rows)
        for chunk in _chunks(empty):
            c.execute(f"DELETE FROM entities WHERE id IN ({_marks(len(chunk))})", chunk)

    def _name_and_label(self, cl: Cluster, forms: dict[str, list[tuple[str, str, int]]],
                        votes: dict[str, int]) -> tuple[str, str]:
        """The most frequent name form (else any form; the lexicon's full name for a known
        one), the label with most votes; an analyst's rename or retype wins."""
        counts: dict[str, int] = defaultdict(int)
        for k in cl.keys:
            for form, kind, n in forms.get(k, ()):
                if kind == "name":
                    counts[form] += n
        if not counts:
            for k in cl.keys:
                for form, _, n in forms.get(k, ()):
                    counts[form] += n
        ranked = sorted(counts, key=lambda f: (-counts[f], -len(f), f))
        name = ranked[0] if ranked else cl.anchor
        known = next((self.lexicon.known[f] for f in ranked if f in self.lexicon.known), None)
        if known is not None:
            name = known.canonical  # 中科院 is shown as 中国科学院
        new_name, new_label = self.curation.overrides(cl.keys)
        return new_name or name, new_label or majority(votes)

    # -- relations ---------------------------------------------------------------------------------
    def _evidence_of(self, keys: set[str]) -> list[int]:
        out: set[int] = set()
        for chunk in _chunks(sorted(keys)):
            marks = _marks(len(chunk))
            for sql in (f"SELECT id FROM evidence WHERE head_key IN ({marks})",
                        f"SELECT id FROM evidence WHERE tail_key IN ({marks})"):
                out.update(r[0] for r in self.conn.execute(sql, chunk))
        return sorted(out)

    def _relate(self, evidence_ids: list[int]) -> None:
        """(Re)attach evidence to the relation between its atoms' entities; relations left
        without evidence are deleted. Evidence inside one entity has no relation."""
        c = self.conn
        before: set[int] = set()
        for chunk in _chunks(evidence_ids):
            marks = _marks(len(chunk))
            rows = c.execute(
                "SELECT e.id, e.relation_id, e.type, h.entity_id, t.entity_id FROM evidence e"
                " JOIN members h ON h.key = e.head_key JOIN members t ON t.key = e.tail_key"
                f" WHERE e.id IN ({marks})", chunk).fetchall()
            for ev_id, rel_id, rtype, head, tail in rows:
                if rel_id is not None:
                    before.add(rel_id)
                if head == tail:
                    new_id = None
                else:
                    if rtype in SYMMETRIC_RELATIONS and tail < head:
                        head, tail = tail, head
                    c.execute("INSERT OR IGNORE INTO relations (head_id, type, tail_id) VALUES (?,?,?)",
                              (head, rtype, tail))
                    new_id = c.execute("SELECT id FROM relations WHERE head_id=? AND type=? AND tail_id=?",
                                       (head, rtype, tail)).fetchone()[0]
                if new_id != rel_id:
                    c.execute("UPDATE evidence SET relation_id=? WHERE id=?", (new_id, ev_id))
        for chunk in _chunks(sorted(before)):
            c.execute(f"DELETE FROM relations WHERE id IN ({_marks(len(chunk))})"
                      " AND NOT EXISTS (SELECT 1 FROM evidence WHERE relation_id = relations.id)", chunk)


def _short_forms(m: Mention) -> list[str]:
    return [s for s in m.short_forms if s != m.name and not is_masked(s)]


def _is_short_mention(m: Mention, short: str) -> bool:
    """Whether this mention was written as `short` (rather than carrying it as a known form)."""
    return match_key(display_name(m.text)) == match_key(short)
