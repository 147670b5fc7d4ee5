"""How many merges resolution made, by reason, with a sample to check by hand.

    python bench/resolution_check.py STORE [--sample 30] [--reason "unique core"]
    python bench/resolution_check.py --build REPORTS... --store /tmp/store   # build first
    python bench/resolution_check.py --units ../shared/eval/dev/units_rel1.jsonl --store /tmp/dev

A merge counts when it joins two sets of names that reports actually use (an edge whose
removal would leave mentions on both sides); joining a name to the key it expands to
(中科院 -> 中国科学院, nobody writing the latter) is no merge. Relative names written with
their report's region (市科技局 -> 宁波市科技局) are counted apart: how many reports' bureaus
became one node (each such name is one merge in the sample), and how many joined a name
written in full elsewhere. The sample prints,
for each merge, both sides' names and a sentence naming each, for a reader to judge.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_loader.build import BuildOptions, build  # noqa: E402
from graph_loader.store import Store  # noqa: E402


def joins(store: Store) -> list[dict]:
    """Every merge edge whose two sides both carry mentions."""
    c = store.conn
    mentioned = {r[0] for r in c.execute("SELECT DISTINCT key FROM mentions")}
    by_entity: dict[str, list[tuple]] = defaultdict(list)
    for eid, key, other, reason, detail in c.execute("SELECT entity_id, key, other, reason, detail FROM merges"):
        by_entity[eid].append((key, other, reason, detail))
    out = []
    for eid, edges in by_entity.items():
        for i, (key, other, reason, detail) in enumerate(edges):
            rest = edges[:i] + edges[i + 1 :]
            side = _component(key, rest)
            other_side = _component(other, rest)
            if side & mentioned and other_side & mentioned:
                out.append({"entity": eid, "key": key, "other": other, "reason": reason, "detail": detail,
                            "side": sorted(side & mentioned), "other_side": sorted(other_side & mentioned)})
    return out


def _component(start: str, edges: list[tuple]) -> set[str]:
    adj: dict[str, set[str]] = defaultdict(set)
    for a, b, *_ in edges:
        adj[a].add(b)
        adj[b].add(a)
    seen, todo = {start}, [start]
    while todo:
        for n in adj[todo.pop()]:
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def relative_stats(store: Store) -> dict:
    c = store.conn
    rows = c.execute(
        "SELECT f.key, COUNT(DISTINCT m.doc_id) FROM forms f JOIN mentions m ON m.key = f.key"
        " WHERE f.kind = 'relative' GROUP BY f.key").fetchall()
    qualified = {k: n for k, n in rows}
    entity_of = dict(c.execute("SELECT key, entity_id FROM members"))
    mentioned = defaultdict(set)
    for key, eid in c.execute("SELECT DISTINCT key, entity_id FROM mentions"):
        mentioned[eid].add(key)
    joined_full = sum(1 for k in qualified if len(mentioned[entity_of[k]] - {k}) > 0)
    scoped = c.execute("SELECT COUNT(*) FROM atoms WHERE scoped = 1").fetchone()[0]
    return {"relative names written with the region (atoms)": len(qualified),
            "of which named in 2+ reports (one node for them)": sum(1 for n in qualified.values() if n > 1),
            "of which joined a name written otherwise": joined_full,
            "relative names kept to their report (atoms)": scoped}


RELATIVE = "relative name with the report's region"


def relative_joins(store: Store) -> list[dict]:
    """Relative names written with the region that two or more reports use: one node for them."""
    c = store.conn
    out = []
    for key, docs in c.execute(
        "SELECT f.key, GROUP_CONCAT(DISTINCT m.doc_id) FROM forms f JOIN mentions m ON m.key = f.key"
        " WHERE f.kind = 'relative' GROUP BY f.key HAVING COUNT(DISTINCT m.doc_id) > 1"
    ):
        first, second = sorted(docs.split(","))[:2]
        out.append({"reason": RELATIVE, "side": [key], "other_side": [key], "docs": (first, second)})
    return out


def sentence(store: Store, key: str, doc: str | None = None) -> str:
    row = store.conn.execute(
        "SELECT s.text, d.region, m.text FROM mentions m"
        " JOIN sentences s ON s.doc_id = m.doc_id AND s.idx = m.sentence"
        " JOIN documents d ON d.id = m.doc_id WHERE m.key = ? AND (? IS NULL OR m.doc_id = ?) ORDER BY m.id LIMIT 1",
        (key, doc, doc)).fetchone()
    if not row:
        return ""
    text = row[0] if len(row[0]) <= 90 else row[0][:90] + "…"
    return f"[{row[1] or 'region ?'}] «{row[2]}» {text}"


def units_to_files(units: Path, folder: Path) -> list[Path]:
    """Each evaluation unit as a text file, so the build reads its metadata like a report's."""
    paths = []
    for line in units.read_text(encoding="utf-8").splitlines():
        if line.strip():
            u = json.loads(line)
            p = folder / f"{u['id']}.txt"
            p.write_text(u["text"], encoding="utf-8")
            paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", nargs="?")
    ap.add_argument("--store", dest="store_opt")
    ap.add_argument("--build", nargs="*", help="report files or folders to build the store from first")
    ap.add_argument("--units", type=Path, help="an evaluation units file to build the store from first")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--reason", action="append", help="only merges of this reason in the sample")
    ap.add_argument("--seed", type=int, default=15)
    a = ap.parse_args()
    path = a.store or a.store_opt
    if not path:
        ap.error("give the store")
    store = Store(path)
    paths = list(a.build or [])
    if a.units:
        paths += units_to_files(a.units, Path(tempfile.mkdtemp(prefix="units-")))
    if paths:
        report = build(paths, store, BuildOptions(progress=False))
        print(f"built: {report.added} reports added", file=sys.stderr)
    merged = joins(store) + relative_joins(store)
    edges = Counter(r[0] for r in store.conn.execute("SELECT reason FROM merges"))
    counted = Counter(m["reason"] for m in merged)
    docs = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"store {path}: {docs} reports, {store.conn.execute('SELECT COUNT(*) FROM entities').fetchone()[0]} entities")
    print(f"{'reason':<44} {'edges':>7} {'merges':>7}")
    for reason in sorted(edges):
        print(f"{reason:<44} {edges[reason]:>7} {counted[reason]:>7}")
    for k, v in relative_stats(store).items():
        print(f"{k:<52} {v:>7}")
    pool = [m for m in merged if not a.reason or m["reason"] in a.reason]
    random.Random(a.seed).shuffle(pool)
    print(f"\nsample of {min(a.sample, len(pool))} merge(s) of {len(pool)}:")
    for i, m in enumerate(pool[: a.sample], 1):
        print(f"{i:>3}. [{m['reason']}] {' / '.join(m['side'])}  <->  {' / '.join(m['other_side'])}")
        docs = m.get("docs", (None, None))
        print(f"       {sentence(store, m['side'][0], docs[0])}")
        print(f"       {sentence(store, m['other_side'][0], docs[1])}")


if __name__ == "__main__":
    main()
