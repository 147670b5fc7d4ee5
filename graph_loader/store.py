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

SCHEMA_VERSION = 1
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
CREATE TABLE IF NOT EXISTS aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX IF NOT EXISTS aliases_key ON aliases(key);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    sentence INTEGER, start INTEGER, "end" INTEGER,
    text TEXT, name TEXT, label TEXT, confidence REAL, source TEXT,
    generic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY,
    head_id TEXT NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL,
    tail_id TEXT NOT NULL REFERENCES entities(id),
    UNIQUE (head_id, type, tail_id)
);
CREATE INDEX IF NOT EXISTS relations_tail ON relations(tail_id);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    relation_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence INTEGER, text TEXT,
    head_start INTEGER, head_end INTEGER, tail_start INTEGER, tail_end INTEGER,
    cue TEXT, rule TEXT, confidence REAL
);
CREATE INDEX IF NOT EXISTS evidence_relation ON evidence(relation_id);
CREATE INDEX IF NOT EXISTS evidence_doc ON evidence(doc_id);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    detail TEXT,
    at REAL
);
CREATE TABLE IF NOT EXISTS conflicts (
    entity_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    label TEXT NOT NULL,
    chosen TEXT NOT NULL,
    PRIMARY KEY (entity_id, doc_id, label)
);
-- The cleaned text of each document (zlib-compressed UTF-8), so that a store can extract
-- its reports again when the extractor changes, without their files.
CREATE TABLE IF NOT EXISTS document_texts (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text BLOB NOT NULL
);
"""


class StoreError(RuntimeError):
    """The store file is unusable (not a store, a newer schema, corrupt)."""


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
            self.conn.executescript(SCHEMA)
            version = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable innokg store ({e})") from e
        if version is None:
            self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(version[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema {version[0]} is newer than this innokg ({SCHEMA_VERSION})")
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

        `lexicon` (default: the process-wide one) decides which names are one entity.
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
            Resolver(conn, lexicon).add(extraction)
            conn.execute("DELETE FROM failures WHERE path=?", (doc.path,))
        return True

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
