"""Entity resolution across reports: one node per real organisation.

Mentions are merged on `ner.normalize.canonical_key` (NFKC, quotes removed, well-known
abbreviations expanded, lexicon aliases mapped to the full name) and on the alias table:
a name seen as an alias of an entity (宁波东方理工大学(暂名), 原鄞州科技信息园) resolves to
that entity in every later report. Two names that merely share a prefix (宁波大学,
宁波大学科技学院) have different keys and stay apart; masked names never reach here.

Short forms a report links to a full name (东方理工 for 宁波东方理工大学) are kept as
aliases of kind `short` for display, but never looked up: a short form is unambiguous only
inside its report, and merging on it would chain unrelated entities (县科技局 of one county
with 县科技局 of another).

An entity's label is the one most of its mentions carry; a disagreement is recorded in
the `conflicts` table. Its display name is its most frequent surface form.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from ner.lexicon import Lexicon, get_lexicon
from ner.marks import is_masked
from ner.model import SYMMETRIC_RELATIONS, Extraction, Mention
from ner.normalize import canonical_key, match_key, strip_note


def entity_id(key: str) -> str:
    """A stable id for the entity first seen under `key`."""
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


class Resolver:
    """Resolves and writes one extraction inside an open transaction."""

    def __init__(self, conn: sqlite3.Connection, lexicon: Lexicon | None = None):
        self.conn = conn
        self.lex = lexicon or get_lexicon()
        self.redirect: dict[str, str] = {}  # entities merged away during this report

    def _final(self, eid: str) -> str:
        while eid in self.redirect:
            eid = self.redirect[eid]
        return eid

    def add(self, extraction: Extraction) -> None:
        doc_id = extraction.document.id
        by_name: dict[str, str] = {}
        touched: set[str] = set()
        for m in extraction.mentions:
            if is_masked(m.name):
                continue  # an anonymised name is no organisation we can identify
            eid = self._resolve(m)
            by_name.setdefault(m.name, eid)
            touched.add(eid)
            self.conn.execute(
                'INSERT INTO mentions (doc_id, entity_id, sentence, start, "end", text, name, label, confidence, source,'
                " generic) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, eid, m.sentence, m.start, m.end, m.text, m.name, m.label, m.confidence, m.source,
                 int(m.generic)),
            )
            self._vote(eid, m.label)
        for eid in sorted({self._final(e) for e in touched}):
            self._settle(eid, doc_id)
        for r in extraction.relations:
            head, tail = by_name.get(r.head), by_name.get(r.tail)
            if head is None or tail is None:
                continue
            head, tail = self._final(head), self._final(tail)
            if head == tail:
                continue
            if r.type in SYMMETRIC_RELATIONS and tail < head:
                head, tail = tail, head
            self.conn.execute(
                "INSERT OR IGNORE INTO relations (head_id, type, tail_id) VALUES (?,?,?)", (head, r.type, tail)
            )
            rel_id = self.conn.execute(
                "SELECT id FROM relations WHERE head_id=? AND type=? AND tail_id=?", (head, r.type, tail)
            ).fetchone()[0]
            ev = r.evidence
            self.conn.execute(
                "INSERT INTO evidence (relation_id, doc_id, sentence, text, head_start, head_end, tail_start,"
                " tail_end, cue, rule, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (rel_id, doc_id, ev.sentence, ev.text, ev.head_start, ev.head_end, ev.tail_start, ev.tail_end,
                 ev.cue, ev.rule, r.confidence),
            )

    # -- steps --------------------------------------------------------------------------------
    def _lookup(self, key: str) -> str | None:
        row = self.conn.execute(
            "SELECT entity_id FROM aliases WHERE key=? AND kind IN ('name', 'alias')"
            " ORDER BY kind='name' DESC, count DESC, entity_id LIMIT 1",
            (key,),
        ).fetchone()
        return row[0] if row else None

    def _resolve(self, m: Mention) -> str:
        key = canonical_key(m.name, self.lex)
        alias_keys = []
        for a in m.aliases:
            k = canonical_key(a, self.lex)
            if k != key and len(match_key(strip_note(a))) >= 2 and not is_masked(a):
                alias_keys.append((a, k))
        eid = self._lookup(key)
        if eid is None:
            for _, k in alias_keys:
                eid = self._lookup(k)
                if eid is not None:
                    break
        if eid is None:
            eid = entity_id(key)
            self.conn.execute(
                "INSERT OR IGNORE INTO entities (id, name, label, label_votes) VALUES (?,?,?,?)",
                (eid, m.name, m.label, "{}"),
            )
        self._alias(eid, m.name, key, "name")
        for a in m.short_forms:
            if a != m.name and not is_masked(a):
                self._alias(eid, a, canonical_key(a, self.lex), "short")
        for a, k in alias_keys:
            owner = self._lookup(k)
            if owner is not None and owner != eid and len(k) >= 4 and self._label(owner) == m.label:
                # This report names two entities as one (鄞州科技孵化创业中心(原鄞州科技信息园)):
                # earlier reports that knew only one of the names join this entity.
                self.merge(eid, owner)
                owner = None
            if owner is None or owner == eid:
                self._alias(eid, a, k, "alias")
        return eid

    def _label(self, eid: str) -> str:
        row = self.conn.execute("SELECT label FROM entities WHERE id=?", (eid,)).fetchone()
        return row[0] if row else ""

    def merge(self, keep: str, drop: str) -> None:
        """Fold entity `drop` into `keep`: mentions, aliases, votes, relations and evidence."""
        c = self.conn
        c.execute("UPDATE mentions SET entity_id=? WHERE entity_id=?", (keep, drop))
        for alias, key, kind, count in c.execute(
            "SELECT alias, key, kind, count FROM aliases WHERE entity_id=?", (drop,)
        ).fetchall():
            c.execute(
                "INSERT INTO aliases (entity_id, alias, key, kind, count) VALUES (?,?,?,?,?)"
                " ON CONFLICT (entity_id, alias) DO UPDATE SET count = count + excluded.count,"
                " kind = CASE WHEN 'name' IN (kind, excluded.kind) THEN 'name'"
                " WHEN 'alias' IN (kind, excluded.kind) THEN 'alias' ELSE kind END",
                (keep, alias, key, kind, count),
            )
        c.execute("DELETE FROM aliases WHERE entity_id=?", (drop,))
        votes = json.loads(c.execute("SELECT label_votes FROM entities WHERE id=?", (keep,)).fetchone()[0])
        for label, n in json.loads(c.execute("SELECT label_votes FROM entities WHERE id=?", (drop,)).fetchone()[0]).items():
            votes[label] = votes.get(label, 0) + n
        c.execute("UPDATE entities SET label_votes=? WHERE id=?", (json.dumps(votes, sort_keys=True), keep))
        for rel_id, head, rtype, tail in c.execute(
            "SELECT id, head_id, type, tail_id FROM relations WHERE head_id=? OR tail_id=?", (drop, drop)
        ).fetchall():
            head = keep if head == drop else head
            tail = keep if tail == drop else tail
            if head == tail:
                c.execute("DELETE FROM relations WHERE id=?", (rel_id,))
                continue
            if rtype in SYMMETRIC_RELATIONS and tail < head:
                head, tail = tail, head
            existing = c.execute(
                "SELECT id FROM relations WHERE head_id=? AND type=? AND tail_id=? AND id<>?", (head, rtype, tail, rel_id)
            ).fetchone()
            if existing:
                c.execute("UPDATE evidence SET relation_id=? WHERE relation_id=?", (existing[0], rel_id))
                c.execute("DELETE FROM relations WHERE id=?", (rel_id,))
            else:
                c.execute("UPDATE relations SET head_id=?, tail_id=? WHERE id=?", (head, tail, rel_id))
        c.execute("UPDATE OR IGNORE conflicts SET entity_id=? WHERE entity_id=?", (keep, drop))
        c.execute("DELETE FROM conflicts WHERE entity_id=?", (drop,))
        c.execute("DELETE FROM entities WHERE id=?", (drop,))
        self.redirect[drop] = keep

    def _alias(self, eid: str, alias: str, key: str, kind: str) -> None:
        """Record a surface form; `count` counts the mentions written exactly so."""
        used = 1 if kind == "name" else 0
        self.conn.execute(
            "INSERT INTO aliases (entity_id, alias, key, kind, count) VALUES (?,?,?,?,?)"
            " ON CONFLICT (entity_id, alias) DO UPDATE SET count = count + excluded.count,"
            " kind = CASE WHEN 'name' IN (kind, excluded.kind) THEN 'name'"
                " WHEN 'alias' IN (kind, excluded.kind) THEN 'alias' ELSE kind END",
            (eid, alias, key, kind, used),
        )

    def _vote(self, eid: str, label: str) -> None:
        row = self.conn.execute("SELECT label_votes FROM entities WHERE id=?", (eid,)).fetchone()
        votes = json.loads(row[0])
        votes[label] = votes.get(label, 0) + 1
        self.conn.execute("UPDATE entities SET label_votes=? WHERE id=?", (json.dumps(votes, sort_keys=True), eid))

    def _settle(self, eid: str, doc_id: str) -> None:
        """Choose the entity's label (most votes) and display name (most frequent form)."""
        votes = json.loads(self.conn.execute("SELECT label_votes FROM entities WHERE id=?", (eid,)).fetchone()[0])
        label = max(sorted(votes), key=lambda k: votes[k])
        forms = self.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id=? AND kind='name'"
            " ORDER BY count DESC, length(alias) DESC, alias",
            (eid,),
        ).fetchall()
        name = forms[0][0]
        known = next((self.lex.known[f[0]] for f in forms if f[0] in self.lex.known), None)
        if known is not None:
            name = known.canonical  # 中科院 is shown as 中国科学院
        self.conn.execute("UPDATE entities SET label=?, name=? WHERE id=?", (label, name, eid))
        if len(votes) > 1:
            for other in votes:
                if other != label:
                    self.conn.execute(
                        "INSERT OR IGNORE INTO conflicts (entity_id, doc_id, label, chosen) VALUES (?,?,?,?)",
                        (eid, doc_id, other, label),
                    )
