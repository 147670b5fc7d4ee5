"""Helpers for the build tests: a corpus of many small reports, and a comparable picture of a store's graph."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from graph_loader.graph import build_graph
from graph_loader.store import Store, db_path

ROOT = Path(__file__).resolve().parent.parent


def write_many_reports(folder: Path, sample_paths: list[Path], n: int) -> Path:
    """`n` small reports from the samples' paragraphs, each different so their hashes differ."""
    paragraphs = [p for path in sample_paths for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 60]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        chosen = [paragraphs[(i * 5 + k) % len(paragraphs)] for k in range(5)]
        (folder / f"r{i:02d}.txt").write_text(f"第{i + 1}期科技工作简报\n\n" + "\n\n".join(chosen), encoding="utf-8")
    return folder


def graph_snapshot(store_dir: Path) -> dict:
    """Documents, nodes and edges (with their attributes) of a store, after an integrity check."""
    with Store(store_dir, create=False) as store:
        g = build_graph(store)
        docs = sorted(d["content_hash"] for d in store.documents())
        nodes = {n: dict(d) for n, d in g.nodes(data=True)}
        edges = {(a, b, k): {x: v for x, v in d.items() if x != "relation_id"} for a, b, k, d in g.edges(keys=True, data=True)}
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return {"documents": docs, "nodes": nodes, "edges": edges}


def build_cmd(reports: Path, store_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "graph_loader.cli", "build", str(reports), "--out", str(store_dir), "--quiet", *extra]


def committed(db_file: Path) -> int:
    """Documents committed in a store file so far (0 while it is not there or has no schema yet)."""
    if not db_file.exists():
        return 0
    try:
        # Closed at once: an open reader of a WAL store would keep the build from finishing it.
        with closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def interrupt(cmd: list[str], watch: Path, sig: int, after: int = 3, env: dict | None = None,
              ) -> subprocess.CompletedProcess:
    """Start `cmd`, send `sig` once `after` documents are committed in the store file `watch`."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    while proc.poll() is None and committed(watch) < after:
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(sig)
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


__all__ = ["build_cmd", "committed", "db_path", "graph_snapshot", "interrupt", "write_many_reports"]
