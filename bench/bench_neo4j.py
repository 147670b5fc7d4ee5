"""Rows per second of the Neo4j loader: row building always, the load itself when NEO4J_URI is set.

    make bench-neo4j                         # the 10M-character corpus into a throw-away Neo4j
    python bench/bench_neo4j.py --corpus 10 [--batch-sizes 2000,500,10000] [--clear]
    python bench/bench_neo4j.py [--scale 20] [--store DIR]

The store measured is, by choice: the store of the bench corpus of `--corpus` million
characters (bench/make_corpus.py; corpus and store are kept under bench/out/ and reused),
`--store DIR`, or the sample reports copied `--scale` times with every name made distinct.
Row building (plan over the networkx view and the store) is always timed. With NEO4J_URI
(NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) set, the store is loaded into an empty database
with the constraints in place: a first load, timed per kind of row (nodes, relationships,
evidence), a second load of the same store (nothing to write), and a first load again at
each further batch size. `make bench-neo4j` runs it inside `tools/neo4j/server.py run`, a
throw-away server; against another server, --clear deletes innokg's nodes first (the bench
refuses to start on a database that holds some without it).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_loader.graph import build_graph  # noqa: E402
from graph_loader.neo4j_writer import LoadReport, load, plan  # noqa: E402
from graph_loader.store import Store  # noqa: E402
from ner.model import RELATION_TYPES, Extraction  # noqa: E402

OUT = ROOT / "bench" / "out"
OURS = "n:Entity OR n:Document OR n:Evidence"


def sample_extractions() -> list[Extraction]:
    from ner.ingest import read_document
    from ner.pipeline import Pipeline

    pipeline = Pipeline()
    return [pipeline(read_document(p)) for p in sorted((ROOT / "data" / "reports").glob("*.txt"))]


def renamed(ex: Extraction, copy: int) -> Extraction:
    """A copy of `ex` as a different report whose every entity name is new."""
    prefix = f"甲{copy}号"
    doc = ex.document
    digest = hashlib.sha256(f"{copy}\n{doc.content_hash}".encode()).hexdigest()
    document = dataclasses.replace(doc, id=digest[:16], content_hash=digest, path=f"{doc.path}#{copy}")
    mentions = [dataclasses.replace(m, name=prefix + m.name, text=prefix + m.text,
                                    aliases=[prefix + a for a in m.aliases]) for m in ex.mentions]
    relations = [dataclasses.replace(r, head=prefix + r.head, tail=prefix + r.tail,
                                     evidence=dataclasses.replace(r.evidence, doc_id=document.id))
                 for r in ex.relations]
    sentences = [dataclasses.replace(s, doc_id=document.id) for s in ex.sentences]
    return Extraction(document, sentences, mentions, relations)


def make_store(folder: Path, extractions: list[Extraction], copies: int) -> Store:
    store = Store(folder)
    for k in range(copies):
        for ex in extractions:
            store.add_extraction(renamed(ex, k) if k else ex)
    return store


def corpus_store(size_m: float) -> Store:
    """The store of the bench corpus of `size_m` million characters, built once (2 workers)."""
    from bench.run import corpus

    path, chars = corpus(size_m)
    folder = OUT / f"store-{size_m:g}M"
    if not (folder / ".done").exists():
        print(f"building the store of {chars:,} characters into {folder} (once) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "graph_loader.cli", "build", str(path), "--store", str(folder),
                        "--quiet", "--workers", "2"], check=True, stdout=subprocess.DEVNULL)
        (folder / ".done").write_text("ok")
    return Store(folder, create=False)


def time_rows(store: Store, repeat: int) -> tuple[int, float, float]:
    """(rows, seconds of the fastest plan, seconds of build_graph + plan)."""
    g = build_graph(store)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        steps = plan(g, store)
        best = min(best, time.perf_counter() - t)
    t = time.perf_counter()
    plan(build_graph(store), store)
    whole = time.perf_counter() - t
    return sum(len(s.rows) for s in steps if s.rows is not None), best, whole


def kind(step_name: str) -> str:
    """nodes, relationships or evidence: the three kinds of row the table reports."""
    if step_name == "Evidence":
        return "evidence"  # an Evidence node and its STATED_IN link per row
    if step_name == "MENTIONED_IN" or step_name in RELATION_TYPES:
        return "relationships"
    return "nodes"  # Document and Entity:<label>


def by_kind(report: LoadReport) -> dict[str, tuple[int, float]]:
    """Rows and seconds of each kind (schema steps, constraints and index waits, count under all)."""
    out = {k: [0, 0.0] for k in ("nodes", "relationships", "evidence")}
    for name, rows in report.rows.items():
        out[kind(name)][0] += rows
        out[kind(name)][1] += report.step_seconds[name]
    result = {k: (n, s) for k, (n, s) in out.items()}
    result["all"] = (report.total_rows, report.seconds)
    return result


def clear(driver, database: str) -> None:
    """Delete innokg's nodes in transactions of 10,000 (the constraints stay)."""
    with driver.session(database=database) as s:
        s.run(f"MATCH (n) WHERE {OURS} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS").consume()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=float, help="measure the store of the bench corpus of this many million characters")
    ap.add_argument("--store", help="measure this store")
    ap.add_argument("--scale", type=int, default=20, help="copies of the sample reports (without --corpus/--store)")
    ap.add_argument("--repeat", type=int, default=3, help="row-building runs; the fastest counts")
    ap.add_argument("--batch-sizes", default="2000,500,10000",
                    help="batch sizes of the loads; the first is measured in detail")
    ap.add_argument("--batch-size", type=int, help="one batch size only (same as --batch-sizes N)")
    ap.add_argument("--clear", action="store_true", help="delete innokg's nodes in the database first")
    args = ap.parse_args()
    sizes = [args.batch_size] if args.batch_size else [int(x) for x in args.batch_sizes.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus:
            stores = {f"bench corpus {args.corpus:g}M characters": corpus_store(args.corpus)}
        elif args.store:
            stores = {args.store: Store(args.store, create=False)}
        else:
            t = time.perf_counter()
            extractions = sample_extractions()
            stores = {"sample (5 reports)": make_store(Path(tmp) / "x1", extractions, 1),
                      f"sample x{args.scale} ({5 * args.scale} reports)": make_store(Path(tmp) / "xn", extractions,
                                                                                     args.scale)}
            print(f"stores built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        print("row building (graph_loader.neo4j_writer.plan over the networkx view and the store)")
        for name, store in stores.items():
            c = store.counts()
            rows, best, whole = time_rows(store, args.repeat)
            print(f"  {name}: {c['documents']} documents, {sum(c['entities'].values())} entities, "
                  f"{sum(c['relations'].values())} relations, {c['evidence']} evidence -> {rows} rows")
            print(f"    plan: {best * 1000:.1f} ms, {rows / best:,.0f} rows/s;"
                  f" with build_graph: {whole * 1000:.1f} ms, {rows / whole:,.0f} rows/s")
        store = list(stores.values())[-1]
        if not os.environ.get("NEO4J_URI"):
            print("load: skipped (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to measure it, or run make bench-neo4j)")
        else:
            code = bench_load(store, sizes, args.clear)
            if code:
                return code
        for s in stores.values():
            s.close()
    return 0


def bench_load(store: Store, sizes: list[int], clear_first: bool) -> int:
    from neo4j import GraphDatabase

    uri, user = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j")
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        print("load: skipped (NEO4J_PASSWORD is not set)")
        return 0
    steps = plan(build_graph(store), store)
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.verify_connectivity()
        held = driver.execute_query(f"MATCH (n) WHERE {OURS} RETURN count(n) AS c", database_=database).records[0]["c"]
        if held and not clear_first:
            print(f"error: database {database} at {uri} already holds {held} innokg nodes; a first load needs an "
                  "empty one: pass --clear to delete them, or use make bench-neo4j", file=sys.stderr)
            return 2
        # A new server plans each statement and compiles its hot code on first use: warm it with
        # a tenth of every step's rows, so that the loads below measure a running server.
        t = time.perf_counter()
        load(driver, [dataclasses.replace(s, rows=s.rows[: len(s.rows) // 10 + 1]) if s.rows else s for s in steps],
             database=database, progress=False)
        clear(driver, database)
        print(f"\nload into {uri} database {database} (Neo4j on this machine; constraints in place; "
              f"warmed up in {time.perf_counter() - t:.0f} s; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores)")
        first = load(driver, steps, database=database, batch_size=sizes[0], progress=True)
        second = load(driver, steps, database=database, batch_size=sizes[0], progress=False)
        print(f"\nfirst load, batch size {sizes[0]:,} ({first.batches:,} transactions):\n")
        print("| rows | count | seconds | rows/s |\n|---|---:|---:|---:|")
        for k, (n, s) in by_kind(first).items():
            print(f"| {k} | {n:,} | {s:.1f} | {n / s if s else 0:,.0f} |")
        changed = "wrote data" if second.wrote_data else f"nothing written, {second.unchanged:,} rows not sent"
        print(f"\nsecond load of the same store: {second.seconds:.1f} s, {second.rate:,.0f} rows/s, "
              f"{second.seconds / first.seconds:.0%} of the first ({changed})")
        results = [(sizes[0], first)]
        for size in sizes[1:]:
            clear(driver, database)
            results.append((size, load(driver, steps, database=database, batch_size=size, progress=True)))
        print("\n| batch size | transactions | first load, s | rows/s |\n|---:|---:|---:|---:|")
        for size, r in sorted(results, key=lambda x: x[0]):
            print(f"| {size:,} | {r.batches:,} | {r.seconds:.1f} | {r.rate:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
