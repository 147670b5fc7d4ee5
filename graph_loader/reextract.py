"""A store follows its extractor: stored reports are extracted again when the extractor changed.

A store records the fingerprint of the extractor that made its graph (ner/fingerprint.py:
the ner package's source, the lexicons, the model). When `innokg build` runs with another
one, it extracts every stored report again before adding new ones. The work goes into a
new store file beside the old one (innokg.reextract.sqlite), in the order the reports were
first added, so that resolution meets them in the same order as before and the graph is
the one a fresh build with the new extractor makes. Only when every report is done does
the new file replace the old one (one atomic rename): until then the explorer and queries
see the old graph whole. An interrupted re-extraction keeps its file, and the next build
resumes it, skipping what it holds by content hash like any build; the file belongs to one
store (its id) and one fingerprint, and is started over when either differs.

Texts come from the store, which keeps every document's cleaned text. A document stored
by an older innokg, without its text, is read again from its file; if that file is gone,
the build stops before any work and says which files to put back (or to build anew with
--fresh). A re-extracted text is the text as it was read then: a change in how files are
read and cleaned applies to reports read again from their files.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ner.fingerprint import Fingerprint

from .build import TASK_BYTES, TASK_FILES, BuildReport, Runner, Task
from .store import Store, StoreError, reextract_path


class SourcesMissing(RuntimeError):
    """Stored reports without a stored text whose files are gone: the store cannot follow."""


def check_sources(store: Store) -> None:
    """Raise SourcesMissing if some stored document has neither its text in the store nor its file."""
    missing = sorted({path for _, path, _, kept in store.stored_sources() if not kept and not Path(path).is_file()})
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise SourcesMissing(
            f"{store.path}: the extractor changed, but {len(missing)} stored report(s) kept no text and their "
            f"files are gone ({shown}): put the files back, or build the store anew with --fresh")


def follow(store: Store, current: Fingerprint, runner: Runner,
           committer: Callable[[Store, BuildReport], object]) -> tuple[int, list[tuple[str, str]]]:
    """Extract `store`'s documents again with the `current` extractor and put the result in
    its place; returns the documents re-extracted and the reports that failed."""
    target = _open_target(store, current)
    groups = _plan(store, runner.workers)
    done = target.document_count()
    total = sum(len(g) if isinstance(g, list) else 1 for g in groups)
    was = store.fingerprint()
    changed = ", ".join(current.changed(was))
    print(f"the extractor changed ({changed}; {was.digest if was else 'not recorded'} -> {current.digest}): "
          f"extracting the {store.document_count()} stored report(s) again"
          + (f", resuming after {done}" if done else ""), file=sys.stderr)
    sub = BuildReport()
    try:
        committer(target, sub).run(_tasks(store, groups), total, runner, "re-extract")
        _finish(store, target)
    finally:
        target.close()
    return store.document_count(), sub.failed


def _open_target(store: Store, current: Fingerprint) -> Store:
    """The re-extraction file of `store` for `current`: the one left by an interrupted run, or a new one."""
    path = reextract_path(store.path)
    store_id = store.meta("store_id") or ""
    if path.exists():
        try:
            target = Store(path, create=False)
            if target.meta("source_store") == store_id and target.fingerprint() == current:
                return target
            target.close()
        except StoreError:
            pass
        _remove(path)
    target = Store(path)
    target.set_meta("source_store", store_id)
    target.set_fingerprint(current)
    return target


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _plan(store: Store, workers: int) -> list[list[str] | Path]:
    """The stored documents in the order they were added: groups of ids whose text the store
    keeps (about TASK_BYTES of text each, and small enough that every worker gets several,
    as in build.plan_tasks), and files to read again (once per file)."""
    max_docs = max(1, min(TASK_FILES, -(-store.document_count() // (4 * workers))))
    groups: list[list[str] | Path] = []
    group: list[str] = []
    size = 0
    files: set[str] = set()
    for doc_id, path, n_chars, kept in store.stored_sources():
        if kept:
            group.append(doc_id)
            size += 3 * n_chars
            if size >= TASK_BYTES or len(group) >= max_docs:
                groups.append(group)
                group, size = [], 0
            continue
        if path in files:
            continue  # a later part of a file already planned
        files.add(path)
        if group:
            groups.append(group)
            group, size = [], 0
        groups.append(Path(path))
    if group:
        groups.append(group)
    return groups


def _tasks(store: Store, groups: list[list[str] | Path]) -> Iterator[Task]:
    """Tasks for the groups, each read from the store only when it is sent (memory follows the window)."""
    for g in groups:
        if isinstance(g, Path):
            yield Task([g])
        else:
            yield Task(documents=[store.stored_document(doc_id) for doc_id in g])


def _finish(store: Store, target: Store) -> None:
    """Carry over what is not extracted (the failures of reports never stored), then put the
    re-extracted store in the old one's place."""
    stored_paths = {d["path"] for d in target.documents()}
    with target.transaction() as conn:
        for f in store.failures():
            if f["path"] not in stored_paths:
                conn.execute("INSERT OR IGNORE INTO failures (path, reason, detail, at) VALUES (?,?,?,?)",
                             (f["path"], f["reason"], f["detail"], f["at"]))
        conn.execute("UPDATE meta SET value=? WHERE key='store_id'", (store.meta("store_id"),))
        conn.execute("DELETE FROM meta WHERE key='source_store'")
    # One file, no log beside it, so that the rename moves the whole store.
    try:
        target.conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as e:
        raise StoreError(f"{target.path}: another process has it open ({e}); close it and run the build "
                         "again to finish") from e
    target.close()
    store.replace_with(target.path)
