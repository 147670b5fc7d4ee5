"""A fresh build that cannot cost the store it is meant to replace.

`innokg build --fresh` builds into a new SQLite file beside the store (innokg.fresh.sqlite
next to innokg.sqlite) and puts it in the store's place only once the build succeeded. The
swap copies the new file over the old one with SQLite's backup API, in one transaction on
the old file: a reader (an open explorer) sees the old graph or the new one, never a mix,
and a crash during the copy leaves the old store as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .store import Store

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def fresh_path(db: Path) -> Path:
    """Where the fresh build of the store file `db` is made: beside it, on the same disk."""
    return db.with_name(f"{db.stem}.fresh{db.suffix}")


def remove_store_file(db: Path) -> None:
    """Delete a store file with its WAL and shared-memory files."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def replace_store(new: Store, db: Path) -> None:
    """Copy the store `new` over the store file `db` in one transaction, then delete `new`'s file."""
    target = sqlite3.connect(db, timeout=30)
    try:
        new.conn.backup(target)
    finally:
        target.close()
    new_file = new.path
    new.close()
    remove_store_file(new_file)
