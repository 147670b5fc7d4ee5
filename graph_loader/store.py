"""The embedded store: one SQLite file holding documents, mentions, entities, aliases,
relations with their evidence, and the reports that could not be read.

Each report is written in one transaction, so an interrupted build leaves the store at its
last whole report. A report is identified by the hash of its cleaned text: adding it again
changes nothing. SQLite needs no server and ships with Python.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ner.fingerprint import Fingerprint
from ner.lexicon import Lexicon
from ner.model import Document, Extraction

from .curation import Curation, Decision, curation_path

SCHEMA_VERSION = 2
DB_NAME = "innokg.sqlite"
# Where a store's reports are extracted again for a new extractor, before it replaces the store.
REEXTRACT_SUFFIX = ".reextract"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT UNIQUE NOT NULL,
    path TEXT, format TEXT, encoding TEXT,
    title TEXT, issuer TEXT, date TEXT, region TEXT, year INTEGER,
    n_chars INTEGER, n_sentences INTEGER, added_at REAL
);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    label_votes TEXT NOT NULL DEFAULT '{}'
);
-- Resolution (graph_loader/resolve.py): atoms are written forms of names as keys, members
-- say which entity each is in, merges why. mentions.entity_id, relations and
-- evidence.relation_id follow from members and are rewritten when an entity changes.
CREATE TABLE IF NOT EXISTS atoms (
    key TEXT PRIMARY KEY,
    canon TEXT NOT NULL DEFAULT '',
    canon_reason TEXT NOT NULL DEFAULT '',
    core TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    scoped INTEGER NOT NULL DEFAULT 0
);
-- How many mentions of an atom carry each label.
CREATE TABLE IF NOT EXISTS atom_votes (
    key TEXT NOT NULL, label TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, label)
);
CREATE INDEX IF NOT EXISTS atoms_canon ON atoms(canon) WHERE canon <> '';
CREATE INDEX IF NOT EXISTS atoms_core ON atoms(core) WHERE core <> '';
CREATE TABLE IF NOT EXISTS forms (
    key TEXT NOT NULL,
    form TEXT NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, form, kind)
);
CREATE TABLE IF NOT EXISTS links (
    key TEXT NOT NULL,
    other TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    PRIMARY KEY (key, other, doc_id)
);
CREATE INDEX IF NOT EXISTS links_other ON links(other);
CREATE TABLE IF NOT EXISTS members (
    key TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS members_entity ON members(entity_id);
CREATE TABLE IF NOT EXISTS merges (
    entity_id TEXT NOT NULL,
    key TEXT NOT NULL,
    other TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS merges_entity ON merges(entity_id);
-- The decisions of curation.tsv last applied to this store, to see what a changed file changes.
CREATE TABLE IF NOT EXISTS curation (
    seq INTEGER PRIMARY KEY,
    action TEXT NOT NULL, name TEXT NOT NULL, other TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''
);
CREATE VIEW IF NOT EXISTS aliases AS
    SELECT m.entity_id AS entity_id, f.form AS alias, MIN(f.kind) AS kind, SUM(f.count) AS count
    FROM forms f JOIN members m ON m.key = f.key GROUP BY m.entity_id, f.form;
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    entity_id TEXT,
    sentence INTEGER, start INTEGER, "end" INTEGER,
    text TEXT, name TEXT, label TEXT, confidence REAL, source TEXT,
    generic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key);
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY,
    head_id TEXT NOT NULL,
    type TEXT NOT NULL,
    tail_id TEXT NOT NULL,
    UNIQUE (head_id, type, tail_id)
);
CREATE INDEX IF NOT EXISTS relations_tail ON relations(tail_id);
-- Evidence names its atoms; relation_id is null for evidence inside one entity. `planned`
-- is 1 where the sentence states the relation as a plan (拟共建, 力争入选); a relation is
-- planned when all its evidence is: one sentence stating it as done makes it a fact.
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    relation_id INTEGER,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL, head_key TEXT NOT NULL, tail_key TEXT NOT NULL,
    sentence INTEGER, text TEXT,
    head_start INTEGER, head_end INTEGER, tail_start INTEGER, tail_end INTEGER,
    cue TEXT, rule TEXT, confidence REAL,
    planned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS evidence_relation ON evidence(relation_id);
CREATE INDEX IF NOT EXISTS evidence_doc ON evidence(doc_id);
CREATE INDEX IF NOT EXISTS evidence_head ON evidence(head_key);
CREATE INDEX IF NOT EXISTS evidence_tail ON evidence(tail_key);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    detail TEXT,
    at REAL
);
-- Reports whose mentions carry another label than the one their entity was given.
CREATE VIEW IF NOT EXISTS conflicts AS
    SELECT DISTINCT m.entity_id AS entity_id, m.doc_id AS doc_id, m.label AS label, e.label AS chosen
    FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.label <> e.label;
-- The cleaned text of each document (zlib-compressed UTF-8), so that a store can extract
-- its reports again when the extractor changes, without their files.
CREATE TABLE IF NOT EXISTS document_texts (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text BLOB NOT NULL
);
"""


class StoreError(RuntimeError):
    """The store file is unusable (not a store, a newer schema, corrupt)."""


class OlderStore(StoreError):
    """A store made by an older innokg, whose schema this one does not read: build it afresh."""


def db_path(store: str | Path) -> Path:
    """The SQLite file of a store given as a folder (data/graph) or as the file itself."""
    p = Path(store)
    if p.suffix in (".sqlite", ".db", ".sqlite3"):
        return p
    return p / DB_NAME


def reextract_path(store: str | Path) -> Path:
    """The file where a store's reports are extracted again (innokg.sqlite -> innokg.reextract.sqlite)."""
    p = db_path(store)
    return p.with_name(p.stem + REEXTRACT_SUFFIX + p.suffix)


class Store:
    """A connection to one store; use as a context manager or call close()."""

    def __init__(self, path: str | Path, create: bool = True):
        self.path = db_path(path)
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no store here; build one with `innokg build`")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # A fixed page cache (64 MB) keeps the indexes of a large store in memory; the
            # store's size on disk does not change how much memory a build takes.
            self.conn.execute("PRAGMA cache_size = -65536")
            # Checkpoint the WAL every 40 MB rather than 4 MB: on a large store each
            # checkpoint rewrites pages all over the file, and per-document commits are many.
            self.conn.execute("PRAGMA wal_autocheckpoint = 10000")
            has_meta = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
            version = has_meta and self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if version and int(version[0]) != SCHEMA_VERSION:
                self.conn.close()
                if int(version[0]) > SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: store schema {version[0]} is newer than this innokg"
                                     f" ({SCHEMA_VERSION})")
                raise OlderStore(f"{self.path}: store schema {version[0]} was made by an older innokg; rebuild it"
                                 " from the reports with `innokg build --fresh`")
            _add_missing_columns(self.conn)
            self.conn.executescript(SCHEMA)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable innokg store ({e})") from e
        if not version:
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._curation: tuple[tuple, Curation] | None = None
        # Names this store for its re-extraction file, which must come from this store and
        # no other (a store made anew under the same path gets a new id).
        if self.meta("store_id") is None:  # read first: opening a store to read it writes nothing
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error (including KeyboardInterrupt)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- documents ----------------------------------------------------------------------------
    def has_document(self, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE content_hash=?", (content_hash,)).fetchone()
        return row is not None

    def add_extraction(self, extraction: Extraction, lexicon: Lexicon | None = None) -> bool:
        """Store one report's extraction in a single transaction; False if already stored.

        `lexicon` (default: the process-wide one) decides which names are one entity. The
        curation file's decisions are applied first if it changed.
        """
        from .resolve import Resolver

        doc = extraction.document
        with self.transaction() as conn:
            if self.has_document(doc.content_hash):
                return False
            _insert_document(conn, doc, len(extraction.sentences))
            conn.execute("INSERT INTO document_texts (doc_id, text) VALUES (?,?)",
                         (doc.id, zlib.compress(doc.text.encode("utf-8"))))
            conn.executemany(
                'INSERT INTO sentences (doc_id, idx, start, "end", text) VALUES (?,?,?,?,?)',
                [(doc.id, s.index, s.start, s.end, s.text) for s in extraction.sentences],
            )
            self._sync_curation(conn, lexicon)
            Resolver(conn, self.curation, lexicon).add(extraction)
            conn.execute("DELETE FROM failures WHERE path=?", (doc.path,))
        return True

    # -- curation -----------------------------------------------------------------------------
    @property
    def curation_file(self) -> Path:
        """The analysts' decisions file next to the store (graph_loader/curation.py)."""
        return curation_path(self.path)

    @property
    def curation(self) -> Curation:
        """The decisions in the curation file, re-read when the file changes."""
        f = self.curation_file
        try:
            st = f.stat()
            stamp: tuple = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = ()
        if self._curation is None or self._curation[0] != stamp:
            self._curation = (stamp, Curation.read(f))
        return self._curation[1]

    def sync_curation(self) -> bool:
        """Apply the curation file if it changed since it was last applied; True if it did."""
        if self._applied() == self.curation.fingerprint():
            return False
        with self.transaction() as conn:
            return self._sync_curation(conn)

    def _applied(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key='curation'").fetchone()
        return row[0] if row else Curation().fingerprint()

    def _sync_curation(self, conn: sqlite3.Connection, lexicon: Lexicon | None = None) -> bool:
        from .resolve import Resolver

        cur = self.curation
        if self._applied() == cur.fingerprint():
            return False
        before = {Decision(*r) for r in conn.execute("SELECT action, name, other, note FROM curation")}
        changed = before.symmetric_difference(cur.decisions)
        seeds = {d.name for d in changed} | {d.other for d in changed if d.action in ("merge", "split")}
        Resolver(conn, cur, lexicon).resolve(seeds)
        conn.execute("DELETE FROM curation")
        conn.executemany("INSERT INTO curation (seq, action, name, other, note) VALUES (?,?,?,?,?)",
                         [(i, d.action, d.name, d.other, d.note) for i, d in enumerate(cur.decisions)])
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('curation', ?)", (cur.fingerprint(),))
        return True

    def save_curation(self, curation: Curation) -> None:
        """Write `curation` to the decisions file and apply it to the store at once."""
        curation.write(self.curation_file)
        self._curation = None
        self.sync_curation()

    def record_failure(self, path: str, reason: str, detail: str = "") -> None:
        """Remember a report that could not be read, with the reason."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO failures (path, reason, detail, at) VALUES (?,?,?,?)",
                (str(path), reason, detail, time.time()),
            )

    # -- the extractor that made the graph ---------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)", (key, value))

    def fingerprint(self) -> Fingerprint | None:
        """The fingerprint of the extractor that made this store's graph (None: not recorded)."""
        return Fingerprint.from_json(self.meta("fingerprint"))

    def set_fingerprint(self, fp: Fingerprint) -> None:
        self.set_meta("fingerprint", fp.to_json())

    def document_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def stored_sources(self) -> Iterator[tuple[str, str, int, bool]]:
        """(document id, path, characters, text kept?) of every document, in the order they were added."""
        rows = self.conn.execute(
            "SELECT d.id, d.path, d.n_chars, t.doc_id IS NOT NULL FROM documents d"
            " LEFT JOIN document_texts t ON t.doc_id = d.id ORDER BY d.rowid")
        for doc_id, path, n_chars, kept in rows:
            yield doc_id, path, n_chars or 0, bool(kept)

    def stored_document(self, doc_id: str) -> Document:
        """A stored document with its text (which the store must keep: see stored_sources)."""
        row = self.conn.execute(
            "SELECT d.*, t.text AS body FROM documents d JOIN document_texts t ON t.doc_id = d.id WHERE d.id=?",
            (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return Document(id=row["id"], path=row["path"], text=zlib.decompress(row["body"]).decode("utf-8"),
                        content_hash=row["content_hash"], format=row["format"] or "txt",
                        encoding=row["encoding"] or "", title=row["title"] or "", issuer=row["issuer"] or "",
                        date=row["date"] or "", region=row["region"] or "", year=row["year"])

    def content_hashes(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT content_hash FROM documents")]

    def replace_with(self, other: Path) -> None:
        """Put the store file `other` (closed, not in WAL mode) in this store's place, atomically.

        This store's WAL is emptied first, so that whenever the process stops, the file in
        place is either the old store whole or the new one, never the new one with the old
        one's log."""
        busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            raise StoreError(f"{self.path}: another process has the store open (the explorer?); "
                             "close it and run the build again to finish")
        self.conn.close()
        os.replace(other, self.path)
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        self.__init__(self.path, create=False)

    # -- reading ------------------------------------------------------------------------------
    def documents(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM documents ORDER BY path, id")]

    def failures(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM failures ORDER BY path")]

    def counts(self) -> dict:
        """Documents, entities by label, relations by type, failures."""
        c = self.conn
        return {
            "documents": c.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "mentions": c.execute("SELECT COUNT(*) FROM mentions").fetchone()[0],
            "entities": dict(c.execute("SELECT label, COUNT(*) FROM entities GROUP BY label ORDER BY label").fetchall()),
            "relations": dict(c.execute("SELECT type, COUNT(*) FROM relations GROUP BY type ORDER BY type").fetchall()),
            "evidence": c.execute("SELECT COUNT(*) FROM evidence").fetchone()[0],
            "failures": c.execute("SELECT COUNT(*) FROM failures").fetchone()[0],
        }

    def entities(self) -> list[dict]:
        rows = self.conn.execute("SELECT * FROM entities ORDER BY id").fetchall()
        return [dict(r) | {"label_votes": json.loads(r["label_votes"])} for r in rows]


# Columns added to a table after stores were made with it: (table, column, definition). An
# older store gets them, with their default, when it is opened; its rows were extracted
# without them, and a changed extractor extracts a store again anyway (reextract.py).
ADDED_COLUMNS = (
    ("evidence", "planned", "INTEGER NOT NULL DEFAULT 0"),
)


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, column, definition in ADDED_COLUMNS:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if have and column not in have:  # no columns: the table is not made yet, SCHEMA makes it whole
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def _insert_document(conn: sqlite3.Connection, doc: Document, n_sentences: int) -> None:
    conn.execute(
        "INSERT INTO documents (id, content_hash, path, format, encoding, title, issuer, date, region, year,"
        " n_chars, n_sentences, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc.id,
            doc.content_hash,
            doc.path,
            doc.format,
            doc.encoding,
            doc.title,
            doc.issuer,
            doc.date,
            doc.region,
            doc.year,
            len(doc.text),
            n_sentences,
            time.time(),
        ),
    )
