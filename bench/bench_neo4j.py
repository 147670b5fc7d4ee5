"""Rows per second of the Neo4j loader: row building always, the load itself when NEO4J_URI is set.

    python bench/bench_neo4j.py [--scale 20] [--repeat 3] [--batch-size 2000] [--store DIR]

Row building is measured on the store of the sample reports and on a store `--scale`
times larger, made from copies of the sample extractions with every name made distinct
(so entities, mentions and evidence all grow). With NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE) set, the larger store is loaded twice: a first load and a second one that
finds nothing to change. The load MERGEs into that database and deletes nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_loader.graph import build_graph  # noqa: E402
from graph_loader.neo4j_writer import load, plan  # noqa: E402
from graph_loader.store import Store  # noqa: E402
from ner.model import Extraction  # noqa: E402


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=20, help="copies of the sample reports in the larger store")
    ap.add_argument("--repeat", type=int, default=3, help="row-building runs; the fastest counts")
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--store", help="measure this store instead of the sample ones")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
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
            print("load: skipped (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to measure it)")
        else:
            bench_load(store, args.batch_size)
        for s in stores.values():
            s.close()
    return 0


def bench_load(store: Store, batch_size: int) -> None:
    from neo4j import GraphDatabase

    uri, user = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j")
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        print("load: skipped (NEO4J_PASSWORD is not set)")
        return
    steps = plan(build_graph(store), store)
    print(f"load into {uri} database {database}, batch size {batch_size}")
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.verify_connectivity()
        for attempt in ("first load", "second load"):
            report = load(driver, steps, database=database, batch_size=batch_size, progress=False)
            changed = "wrote data" if report.wrote_data else "nothing changed"
            print(f"  {attempt}: {report.total_rows} rows in {report.batches} transactions, "
                  f"{report.seconds:.2f} s, {report.rate:,.0f} rows/s ({changed})")


if __name__ == "__main__":
    sys.exit(main())
