"""The `innokg` command line: build, extract, stats, query, export, load, explore.

Results go to stdout (or files), progress and errors to stderr. The exit code is 0 when
everything worked, 1 when some reports failed, 2 for usage errors or an unusable store.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_STORE = os.environ.get("INNOKG_STORE", "data/graph")


def _print_table(rows: list[dict], columns: list[str] | None = None, out=None) -> None:
    out = out or sys.stdout
    if not rows:
        print("(nothing)", file=out)
        return
    cols = columns or list(rows[0])

    def cell(v) -> str:
        if isinstance(v, list | tuple):
            return ", ".join(map(str, v))
        if isinstance(v, dict):
            return ", ".join(f"{k}:{x}" for k, x in v.items())
        return "" if v is None else str(v)

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    table = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(width(c), *(width(row[i]) for row in table)) for i, c in enumerate(cols)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    print(line(cols), file=out)
    print(line(["-" * w for w in widths]), file=out)
    for row in table:
        print(line(row), file=out)


def _summary(counts: dict) -> str:
    lines = [f"documents: {counts['documents']}  mentions: {counts['mentions']}  evidence: {counts['evidence']}"]
    lines.append("entities: " + (", ".join(f"{k} {v}" for k, v in counts["entities"].items()) or "none")
                 + f"  (total {sum(counts['entities'].values())})")
    lines.append("relations: " + (", ".join(f"{k} {v}" for k, v in counts["relations"].items()) or "none")
                 + f"  (total {sum(counts['relations'].values())})")
    if counts.get("failures"):
        lines.append(f"failed reports: {counts['failures']} (innokg stats --failures lists them)")
    return "\n".join(lines)


def _open_store(path: str, create: bool = False):
    from .store import Store, StoreError

    try:
        return Store(path, create=create)
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)


# -- commands -----------------------------------------------------------------------------------
def cmd_build(args) -> int:
    """Build or extend the store; exit 0 when every report went in, 1 when any failed, 130 on Ctrl-C."""
    from ner.backends import BackendUnavailable

    from .build import BuildOptions, StrictFailure, build

    store_dir = Path(args.out)
    if args.max_size <= 0 or (args.chunk_chars is not None and args.chunk_chars < 1000) or (
            args.timeout is not None and args.timeout < 0):
        print("error: --max-size must be positive, --chunk-chars at least 1000, --timeout not negative",
              file=sys.stderr)
        return 2
    if args.fresh:
        from .store import db_path

        for suffix in ("", "-wal", "-shm"):
            p = Path(str(db_path(store_dir)) + suffix)
            if p.exists():
                p.unlink()
    store = _open_store(str(store_dir), create=True)
    opts = BuildOptions(
        backend=args.ner,
        model=args.model,
        max_bytes=int(args.max_size * 1024 * 1024),
        chunk_chars=args.chunk_chars,
        timeout=args.timeout or None,
        strict=args.strict,
        progress=not args.quiet,
        workers=args.workers,
    )
    try:
        report = build(args.paths, store, opts)
    except StrictFailure as e:
        print(f"error: stopped at the first failure (--strict): {e}", file=sys.stderr)
        return 1
    except BackendUnavailable as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the store keeps every report finished so far; run the same build to resume",
              file=sys.stderr)
        return 130
    counts = store.counts()
    store.close()
    rate = report.chars / report.seconds if report.seconds else 0.0
    parts = f" (long reports cut into {report.parts} more parts)" if report.parts else ""
    print(f"store: {store_dir}")
    print(f"reports added: {report.added}, already in the store: {report.unchanged}, failed: {len(report.failed)}"
          f"{parts}  ({report.seconds:.1f} s, {rate:,.0f} chars/s, {report.workers} worker(s))")
    print(_summary(counts))
    if report.failed:
        print(f"{len(report.failed)} report(s) failed; see the messages above (innokg stats --failures lists them)",
              file=sys.stderr)
        return 1
    return 0


def cmd_extract(args) -> int:
    from ner.backends import BackendUnavailable
    from ner.pipeline import Pipeline
    from ner.units import extract_units

    try:
        n = extract_units(args.units, args.out, Pipeline(args.ner, args.model))
    except (ValueError, OSError, BackendUnavailable) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{n} units -> {args.out}", file=sys.stderr)
    return 0


def _kg(args):
    from .queries import KnowledgeGraph

    return KnowledgeGraph(_open_store(args.store))


def cmd_stats(args) -> int:
    kg = _kg(args)
    if args.failures:
        _print_table(kg.store.failures(), ["path", "reason", "detail"])
        return 0
    stats = kg.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        print(_summary(stats))
        print(f"graph: {stats['nodes']} nodes, {stats['edges']} edges")
    return 0


def cmd_export(args) -> int:
    from .export import export

    kg = _kg(args)
    for fmt in args.format:
        for path in export(kg.graph, fmt, args.dir, store=kg.store, lang=args.lang):
            print(path)
    return 0


def cmd_query(args) -> int:
    from .queries import NotFound

    kg = _kg(args)
    try:
        rows, cols = _run_query(kg, args)
    except NotFound as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    elif args.lang:
        # Readable headers and type names; the identifiers stay in --json output.
        from explorer.i18n import localise_rows

        keep = cols or (list(rows[0]) if rows else [])
        readable = localise_rows(args.lang, [{c: r.get(c) for c in keep} for r in rows])
        _print_table(readable, list(readable[0]) if readable else None)
    else:
        _print_table(rows, cols)
    return 0


def _run_query(kg, args) -> tuple[list[dict], list[str] | None]:
    from .queries import NotFound

    q = args.question
    if q == "search":
        return kg.search(" ".join(args.names), label=args.label, region=args.region, year=args.year), [
            "name", "label", "score", "degree", "aliases"]
    if q == "programs":
        if args.names:
            pid = kg.find(" ".join(args.names))
            return kg.participants(pid, label=args.label, year=args.year, region=args.region), [
                "name", "label", "type", "first_year", "last_year", "evidence"]
        return kg.programs(label=args.label, year=args.year, region=args.region), [
            "name", "label", "participants", "by_label"]
    if q == "joined":
        return kg.programs_of(kg.find(" ".join(args.names))), ["name", "label", "type", "first_year", "evidence"]
    if q == "partners":
        return kg.partners(kg.find(" ".join(args.names))), ["name", "label", "weight"]
    if q == "relations":
        return kg.relations_of(kg.find(" ".join(args.names))), [
            "type", "direction", "other_name", "other_label", "evidence", "first_year"]
    if q == "path":
        if len(args.names) != 2:
            raise NotFound("path needs two names")
        return kg.path(kg.find(args.names[0]), kg.find(args.names[1])), ["from", "type", "direction", "to"]
    if q == "ego":
        sub = kg.ego(kg.find(" ".join(args.names)), depth=args.depth)
        rows = [{"from": sub.nodes[a]["name"], "type": k, "to": sub.nodes[b]["name"]} for a, b, k in sub.edges(keys=True)]
        return rows, ["from", "type", "to"]
    if q == "communities":
        rows = [{"community": i + 1, "size": len(c), "members": [m["name"] for m in c]}
                for i, c in enumerate(kg.communities())]
        return rows, ["community", "size", "members"]
    if q == "central":
        return kg.centrality(args.kind, top=args.top), ["name", "label", "score"]
    raise NotFound(f"unknown question {q}")


def _neo4j_password(user: str) -> str | None:
    """NEO4J_PASSWORD, or a prompt on the terminal; never a command-line flag (shell history)."""
    import getpass

    password = os.environ.get("NEO4J_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Neo4j password for {user}: ") or None


def cmd_load(args) -> int:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

    from .neo4j_writer import load, plan

    if args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    kg = _kg(args)
    password = _neo4j_password(args.user)
    if password is None:
        print("error: no Neo4j password: set NEO4J_PASSWORD or run in a terminal to be asked for it",
              file=sys.stderr)
        return 2
    steps = plan(kg.graph, kg.store)
    skipped = kg.graph.number_of_nodes() - sum(len(s.rows) for s in steps if s.name.startswith("Entity:"))
    if skipped:
        print(f"warning: {skipped} entities have a label outside the schema and are not loaded", file=sys.stderr)
    # The password only ever goes to the driver: no message below names it.
    try:
        with GraphDatabase.driver(args.uri, auth=(args.user, password),
                                  max_transaction_retry_time=args.retry_time) as driver:
            driver.verify_connectivity()
            report = load(driver, steps, database=args.database, batch_size=args.batch_size,
                          progress=not args.quiet)
    except AuthError:
        print(f"error: Neo4j at {args.uri} refused the credentials of user {args.user}", file=sys.stderr)
        return 2
    except ServiceUnavailable as e:
        print(f"error: no Neo4j reachable at {args.uri}: {e}", file=sys.stderr)
        return 2
    except Neo4jError as e:
        print(f"error: Neo4j at {args.uri} refused a statement: {e.code}: {e.message}", file=sys.stderr)
        return 1
    except (DriverError, ValueError) as e:
        print(f"error: cannot load into {args.uri}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the batches already committed stay; run the same load again to finish "
              "(unchanged rows are skipped)", file=sys.stderr)
        return 130
    for name, n in report.rows.items():
        print(f"{name}\t{n}")
    if report.wrote_data:
        print("neo4j: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.counters.items() if v))
    else:
        print("neo4j: nothing changed (the database already held this store)")
    print(f"loaded {report.total_rows} rows in {report.batches} transactions, {report.seconds:.1f} s"
          f" ({report.rate:,.0f} rows/s) into {args.uri} database {args.database}", file=sys.stderr)
    return 0


def cmd_explore(args) -> int:
    import subprocess

    app = Path(__file__).resolve().parent.parent / "explorer" / "app.py"
    env = dict(os.environ, INNOKG_STORE=str(Path(args.store).resolve()))
    if args.lang:
        env["INNOKG_LANG"] = args.lang
    # toolbarMode minimal: no developer menu ("Deploy", "Rerun"…) in front of the analysts.
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"]
    print(f"innokg explorer on http://localhost:{args.port} (store {args.store}); Ctrl-C stops it", file=sys.stderr)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="innokg", description="A knowledge graph of innovation entities from "
                                "Chinese science-and-technology work reports.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read reports (files or folders) into the store")
    b.add_argument("paths", nargs="+", help="report files or folders (txt, docx, pdf, html)")
    b.add_argument("--out", default=DEFAULT_STORE, help=f"store folder (default {DEFAULT_STORE})")
    b.add_argument("--ner", default="lac", choices=["lac", "hanlp"], help="NER backend (default lac, offline)")
    b.add_argument("--model", help="local model directory for the NER backend")
    b.add_argument("--fresh", action="store_true", help="start a new store instead of adding to it")
    b.add_argument("--strict", action="store_true", help="stop at the first report that fails")
    b.add_argument("--max-size", type=float, default=50, help="largest report file in MB (default 50)")
    b.add_argument("--workers", type=int, default=0,
                   help="processes that extract in parallel (default 0: one per core, at most 4)")
    b.add_argument("--chunk-chars", type=int, default=200_000,
                   help="cut longer reports into parts of at most this many characters (default 200000)")
    b.add_argument("--timeout", type=float, default=120,
                   help="NER time limit per report (or part) in seconds; 0 for none (default 120)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("extract", help="predictions for an evaluation units file (SCHEMA.md)")
    e.add_argument("units")
    e.add_argument("--out", required=True)
    e.add_argument("--ner", default="lac", choices=["lac", "hanlp"])
    e.add_argument("--model")
    e.set_defaults(func=cmd_extract)

    s = sub.add_parser("stats", help="counts of documents, entities and relations")
    s.add_argument("--store", default=DEFAULT_STORE)
    s.add_argument("--json", action="store_true")
    s.add_argument("--failures", action="store_true", help="list the reports that failed")
    s.set_defaults(func=cmd_stats)

    x = sub.add_parser("export", help="write the graph as graphml, gexf, json, csv, cypher or neo4j-admin CSV")
    x.add_argument("dir", help="output folder")
    x.add_argument("--format", action="append", required=True,
                   choices=["graphml", "gexf", "json", "csv", "cypher", "neo4j-admin"])
    x.add_argument("--store", default=DEFAULT_STORE)
    x.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the CSV files' readable type names (label_name, type_name; default zh)")
    x.set_defaults(func=cmd_export)

    q = sub.add_parser("query", help="ask the graph: programs, joined, partners, path, ego, communities, central, search")
    q.add_argument("question", choices=["programs", "joined", "partners", "relations", "path", "ego", "communities",
                                        "central", "search"])
    q.add_argument("names", nargs="*", help="entity name(s); a typo or short form is fine")
    q.add_argument("--store", default=DEFAULT_STORE)
    q.add_argument("--label", help="only entities of this label")
    q.add_argument("--year", type=int)
    q.add_argument("--region")
    q.add_argument("--depth", type=int, default=1)
    q.add_argument("--kind", default="degree", choices=["degree", "betweenness", "pagerank"])
    q.add_argument("--top", type=int, default=20)
    q.add_argument("--json", action="store_true")
    q.add_argument("--lang", choices=["zh", "en"],
                   help="print headers and type names in Chinese or English (default: the schema's identifiers)")
    q.set_defaults(func=cmd_query)

    ld = sub.add_parser("load", help="load the store into Neo4j (password from NEO4J_PASSWORD or a prompt)")
    ld.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://localhost:7687"))
    ld.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    ld.add_argument("--database", default=os.environ.get("NEO4J_DATABASE", "neo4j"))
    ld.add_argument("--batch-size", type=int, default=2000, help="rows per transaction (default 2000)")
    ld.add_argument("--retry-time", type=float, default=30.0,
                    help="seconds the driver keeps retrying a batch after transient errors (default 30)")
    ld.add_argument("--store", default=DEFAULT_STORE)
    ld.add_argument("--quiet", action="store_true", help="no progress bar")
    ld.set_defaults(func=cmd_load)

    ex = sub.add_parser("explore", help="open the explorer (Streamlit) on the store")
    ex.add_argument("--store", default=DEFAULT_STORE)
    ex.add_argument("--port", type=int, default=8501)
    ex.add_argument("--lang", choices=["zh", "en"],
                    help="interface language (default $INNOKG_LANG, else zh); the sidebar switches it too")
    ex.set_defaults(func=cmd_explore)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
