"""What an analyst reviews and decides about entities, for the CLI and the explorer alike.

- `explain`: why an entity is what it is: its atoms, each merge with its reason, the forms
  its reports write it in.
- `duplicates`: pairs of entities that may be one organisation, with the evidence (names,
  types, regions, shared partners, a sentence naming each), best first. Candidates come
  from name cores (graph_loader/names.py): a name written alone whose core matches the
  full names of two or more entities, or of one that the resolver refused (types or regions
  differ), and full names of different entities that share a core
  (宁波晶钻科技股份有限公司, 杭州晶钻科技有限公司). Pairs an analyst kept apart are left out.
- `decide`: turn "merge these", "this form is not that entity", "rename", "change type",
  given as names or entity ids, into a decision of the curation file, and apply it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from ner.normalize import canonical_key, match_key, strip_note

from .curation import Curation, CurationError, Decision
from .names import places
from .queries import KnowledgeGraph
from .resolve import ALIAS, SCOPE
from .store import Store

# How much each piece of evidence adds to a pair's score (0..100).
SCORE = {"short form": 40, "same core": 15, "same label": 20, "other label": -30, "regions agree": 15,
         "regions differ": -25, "shared partner": 10, "shared partners max": 30}
# Each piece of evidence as the command line writes it; a pair's `signals` carry the key and the
# values, so the explorer writes them in its user's language (explorer/i18n: curation.signal.*).
SIGNAL_TEXT = {"short form": "{core} is written alone", "same core": "same core", "same label": "same label",
               "other label": "labels differ: {a_label} / {b_label}", "regions agree": "regions agree",
               "regions differ": "regions differ", "shared partner": "{n} shared partner(s)"}
# Why a pair is a candidate (the same words are keys of the explorer's catalogues: curation.why.*).
WHY_SEVERAL, WHY_REFUSED, WHY_FULL = ("several entities have this core", "not merged",
                                      "full names with the same core")


class NameNotFound(LookupError):
    """No atom or entity answers to the name given (or several do)."""


# -- explaining an entity ------------------------------------------------------------------------
def explain(store: Store, eid: str) -> dict:
    """Atoms (all, and those reports use), merges (key, other, reason, detail, and the title
    of the report whose note made a shared alias) and forms (form, kind, count) of an entity."""
    c = store.conn
    rows = c.execute("SELECT m.key, EXISTS (SELECT 1 FROM atom_votes v WHERE v.key = m.key) FROM members m"
                     " WHERE m.entity_id=? ORDER BY m.key", (eid,)).fetchall()
    atoms = [r[0] for r in rows]
    named = [r[0] for r in rows if r[1]]
    merges = [dict(r) for r in c.execute(
        "SELECT key, other, reason, detail FROM merges WHERE entity_id=? ORDER BY reason, key, other", (eid,))]
    forms = [dict(r) for r in c.execute(
        "SELECT f.form, f.kind, SUM(f.count) AS count FROM forms f JOIN members m ON m.key = f.key"
        " WHERE m.entity_id=? GROUP BY f.form, f.kind ORDER BY count DESC, f.form", (eid,))]
    titles = dict(c.execute("SELECT id, COALESCE(NULLIF(title, ''), path) FROM documents"))
    for m in merges:  # a shared alias's detail is the report that wrote the note
        m["document"] = titles.get(m["detail"]) if m["reason"] == ALIAS else None
    return {"atoms": atoms, "named": named, "merges": merges, "forms": forms}


# -- possible duplicates -------------------------------------------------------------------------
@dataclass
class _Names:
    """The cores of the store's names and the entities holding them."""

    full: dict[str, set[str]]  # core -> entities with a full name of that core
    short: dict[str, set[str]]  # core -> entities holding it as a name written alone
    atoms_of: dict[str, set[str]]  # entity -> its atoms (of the entities above)
    places_of: dict[str, set[str]]  # entity -> region codes its full names state


def _names(store: Store) -> _Names:
    c = store.conn
    full: dict[str, set[str]] = defaultdict(set)
    atoms_of: dict[str, set[str]] = defaultdict(set)
    places_of: dict[str, set[str]] = defaultdict(set)
    for key, core, place, eid in c.execute(
        "SELECT a.key, a.core, a.place, m.entity_id FROM atoms a JOIN members m ON m.key = a.key WHERE a.core <> ''"
    ):
        full[core].add(eid)
        atoms_of[eid].add(key)
        if place:
            places_of[eid].add(place)
    short: dict[str, set[str]] = defaultdict(set)
    cores = sorted(full)
    for i in range(0, len(cores), 500):
        chunk = cores[i : i + 500]
        for key, eid in c.execute(
            "SELECT a.key, m.entity_id FROM atoms a JOIN members m ON m.key = a.key"
            f" WHERE a.scoped = 0 AND EXISTS (SELECT 1 FROM atom_votes v WHERE v.key = a.key)"
            f" AND a.key IN ({','.join('?' * len(chunk))})", chunk
        ):
            short[key].add(eid)
            atoms_of[eid].add(key)
    return _Names(full, short, atoms_of, places_of)


def duplicates(kg: KnowledgeGraph, limit: int = 50, curation: Curation | None = None) -> list[dict]:
    """Candidate pairs of entities, best first (see the module docstring)."""
    curation = curation if curation is not None else kg.store.curation
    g = kg.graph
    names = _names(kg.store)
    pairs: dict[tuple[str, str], dict] = {}
    for core in sorted(set(names.full) | set(names.short)):
        fulls = names.full.get(core, set())
        shorts = names.short.get(core, set()) - fulls
        ents = sorted((fulls | shorts) & set(g.nodes))
        if len(ents) < 2:
            continue
        for a, b in combinations(ents, 2):
            if (a, b) in pairs or _kept_apart(curation, names.atoms_of[a], names.atoms_of[b]):
                continue
            short = a in shorts or b in shorts
            why = (WHY_SEVERAL if len(fulls & set(g.nodes)) > 1 else WHY_REFUSED) if short else WHY_FULL
            pairs[(a, b)] = {"core": core, "short": short, "why": why}
    rows = [_candidate(kg, names, a, b, info) for (a, b), info in pairs.items()]
    rows.sort(key=lambda r: (-r["score"], r["a_name"], r["b_name"]))
    return rows[:limit]


def _kept_apart(curation: Curation, a: set[str], b: set[str]) -> bool:
    return any(curation.apart.get(x, set()) & b for x in a)


def _candidate(kg: KnowledgeGraph, names: _Names, a: str, b: str, info: dict) -> dict:
    g = kg.graph
    na, nb = g.nodes[a], g.nodes[b]
    pl = places()
    score, signals = 0, []

    def add(what: str, times: int = 1, **values) -> None:
        nonlocal score
        score += SCORE[what] * times
        signals.append({"signal": what, **values})

    add("short form", core=info["core"]) if info["short"] else add("same core")
    if na["label"] == nb["label"]:
        add("same label")
    else:
        add("other label", a_label=na["label"], b_label=nb["label"])
    ra, rb = _regions(na, names.places_of.get(a)), _regions(nb, names.places_of.get(b))
    if ra and rb:
        if any(pl.compatible(x, y) for x in ra for y in rb):
            add("regions agree")
        else:
            add("regions differ")
    shared = sorted(set(_neighbours(g, a)) & set(_neighbours(g, b)) - {a, b})
    if shared:
        add("shared partner", min(len(shared), SCORE["shared partners max"] // SCORE["shared partner"]),
            n=len(shared))
    evidence = [SIGNAL_TEXT[x["signal"]].format(**x) for x in signals]
    return {
        "a": a, "b": b, "a_name": na["name"], "b_name": nb["name"], "a_label": na["label"], "b_label": nb["label"],
        "a_regions": na["regions"], "b_regions": nb["regions"], "core": info["core"], "why": info["why"],
        "score": max(0, min(100, score)), "evidence": evidence, "signals": signals,
        "shared_partners": [g.nodes[x]["name"] for x in shared],
        "a_sentence": _sentence(kg, a), "b_sentence": _sentence(kg, b),
    }


def _regions(node: dict, stated: set[str] | None) -> set[str]:
    if stated:
        return set(stated)
    pl = places()
    return {codes[0] for r in node["regions"] if (codes := pl.region_codes(r))}


def _neighbours(g, n: str) -> set[str]:
    return set(g.successors(n)) | set(g.predecessors(n))


def _sentence(kg: KnowledgeGraph, eid: str) -> str:
    rows = kg.mentions(eid, limit=1)
    return (rows[0].get("sentence_text") or "") if rows else ""


# -- decisions -----------------------------------------------------------------------------------
def find_atom(store: Store, name: str) -> tuple[str, str]:
    """(entity id, atom key) for a name as written, a display name or an entity id."""
    c = store.conn
    for key in (match_key(strip_note(name)), canonical_key(name)):
        row = c.execute("SELECT entity_id FROM members WHERE key=?", (key,)).fetchone()
        if row:
            return row[0], key
    ids = [r[0] for r in c.execute("SELECT id FROM entities WHERE id=? OR name=?", (name, name))]
    if not ids:  # a form as reports write it: a short form, a relative name as written
        found = c.execute("SELECT DISTINCT m.entity_id, f.key FROM forms f JOIN members m ON m.key = f.key"
                          " WHERE f.form=? ORDER BY m.entity_id, f.key", (name,)).fetchall()
        if len({r[0] for r in found}) == 1:
            return found[0][0], found[0][1]
        ids = sorted({r[0] for r in found})
    if len(ids) > 1:
        raise NameNotFound(f"{len(ids)} entities are named {name!r}; give one of their ids: {', '.join(ids[:5])}")
    if not ids:
        raise NameNotFound(f"no entity or name {name!r} in the store (innokg query search finds near names)")
    return ids[0], _main_atom(store, ids[0], name)


def _main_atom(store: Store, eid: str, name: str = "") -> str:
    """The atom that stands for an entity: the one written as its name, else its longest."""
    c = store.conn
    row = c.execute("SELECT f.key FROM forms f JOIN members m ON m.key = f.key WHERE m.entity_id=? AND f.form=?"
                    " ORDER BY f.count DESC, f.key LIMIT 1", (eid, name)).fetchone()
    if row:
        return row[0]
    keys = [r[0] for r in c.execute("SELECT key FROM members WHERE entity_id=?", (eid,))]
    own = [k for k in keys if SCOPE not in k] or keys
    return min(own, key=lambda k: (-len(k), k))


def form_atoms(store: Store, eid: str, form: str) -> list[str]:
    """The atoms of entity `eid` written as `form` (a key, or a form as the reports write it)."""
    c = store.conn
    key = match_key(strip_note(form))
    rows = c.execute("SELECT DISTINCT m.key FROM members m LEFT JOIN forms f ON f.key = m.key"
                     " WHERE m.entity_id=? AND (m.key=? OR f.form=?) AND f.kind IS NOT 'short' ORDER BY m.key",
                     (eid, key, form)).fetchall()
    return [r[0] for r in rows]


def decide(store: Store, action: str, name: str, other: str, note: str = "") -> list[Decision]:
    """Record and apply an analyst's decision given as names or ids; returns the decisions written.

    merge NAME OTHER: one entity. split NAME OTHER: OTHER (a form of NAME's entity, or another
    entity) is not NAME. rename NAME NEW. retype NAME LABEL.
    """
    eid, atom = find_atom(store, name)
    if action == "merge":
        other_eid, other_atom = find_atom(store, other)
        if other_eid == eid:
            raise CurationError(f"{name} and {other} are one entity already")
        decisions = [Decision("merge", atom, other_atom, note)]
    elif action == "split":
        targets = form_atoms(store, eid, other)
        if not targets:
            other_eid, other_atom = find_atom(store, other)
            if other_eid == eid:
                raise CurationError(f"{other} is only ever written as a short form of {name} inside reports that"
                                    " name both; there is no separate name to split off")
            targets = [other_atom]
        decisions = [Decision("split", atom if t != atom else _other_atom(store, eid, t), t, note) for t in targets]
    elif action in ("rename", "retype"):
        decisions = [Decision(action, atom, other, note)]
    else:
        raise CurationError(f"unknown action {action!r}")
    cur = Curation(list(store.curation.decisions))
    for d in decisions:
        cur.add(d)
    store.save_curation(cur)
    return decisions


def _other_atom(store: Store, eid: str, not_this: str) -> str:
    keys = [r[0] for r in store.conn.execute("SELECT key FROM members WHERE entity_id=? AND key<>?", (eid, not_this))]
    if not keys:
        raise CurationError(f"{not_this} is the entity's only name: nothing to split it from")
    own = [k for k in keys if SCOPE not in k] or keys
    return min(own, key=lambda k: (-len(k), k))


def status(store: Store, curation: Curation | None = None) -> list[dict]:
    """Each decision with whether it is in effect now (as `innokg curate list` shows them)."""
    cur = curation if curation is not None else store.curation
    c = store.conn
    rows = []
    for i, d in enumerate(cur.decisions, 1):
        ea = c.execute("SELECT entity_id FROM members WHERE key=?", (d.name,)).fetchone()
        eb = c.execute("SELECT entity_id FROM members WHERE key=?", (d.other,)).fetchone()
        if ea is None or (d.action in ("merge", "split") and eb is None):
            state = "waiting: a name is not in the store"
        elif d.action == "merge":
            state = "in effect" if ea[0] == eb[0] else "not in effect: a split keeps them apart"
        elif d.action == "split":
            state = "in effect" if ea[0] != eb[0] else "not in effect"
        else:
            state = "in effect"
        rows.append({"n": i, "action": d.action, "name": d.name, "other": d.other, "note": d.note, "state": state})
    return rows
