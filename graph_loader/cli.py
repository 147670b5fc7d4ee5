"""The `innokg` command line: build, extract, stats, query, curate, export, load, explore.

Results go to stdout (or files), progress and errors to stderr. A mistake on the command
line or in the input is one line on stderr naming the thing and the problem, never a
traceback (`--debug` shows it). Exit codes: 0 when everything worked; 1 when some reports
failed or a name matched nothing; 2 for a usage error (a bad option or value, an unusable
store or output path, a name that matches several entities); 130 after Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
from pathlib import Path

from ner.model import ENTITY_LABELS, RELATION_TYPES

DEFAULT_STORE = os.environ.get("INNOKG_STORE", "data/graph")
EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "cypher", "neo4j-admin")
CENTRALITIES = ("degree", "betweenness", "pagerank")
BACKENDS = ("lac", "hanlp")


class UsageError(Exception):
    """A mistake on the command line (a path, a value): one line on stderr and exit 2."""


# -- output ---------------------------------------------------------------------------------------
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


# -- paths given on the command line ----------------------------------------------------------------
def _store_file(path: str) -> Path:
    """The SQLite file of the store at `path`, refusing a path that cannot hold one."""
    from .store import db_path

    p = Path(path)
    db = db_path(p)
    if db != p and p.exists() and not p.is_dir():
        raise UsageError(f"{p}: is a file, not a store folder (give a folder, or a store file ending in .sqlite)")
    if db.exists() and not db.is_file():
        raise UsageError(f"{db}: is a folder, not a store file")
    return db


def _open_store(path: str, create: bool = False):
    from .store import Store, StoreError

    db = _store_file(path)
    try:
        return Store(db, create=create)
    except StoreError as e:
        raise UsageError(str(e)) from e


def _output_folder(path: str) -> Path:
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UsageError(f"{p}: is a file; give a folder to write into")
    return p


# -- build ------------------------------------------------------------------------------------------
def cmd_build(args) -> int:
    """Build or extend the store; exit 0 when every report went in, 1 when any failed, 130 on Ctrl-C."""
    cluster = _connect_cluster(args.scheduler) if args.scheduler else None
    try:
        return _build_store(args, cluster)
    finally:
        if cluster is not None:
            cluster.close()


def _connect_cluster(address: str):
    """The Dask cluster to extract on; reached before anything touches the store, so that a
    cluster that is not there leaves the store as it was."""
    from .cluster import ClusterError, connect

    try:
        cluster = connect(address)
    except ClusterError as e:
        raise UsageError(str(e)) from e
    print(f"dask: {cluster.describe()}", file=sys.stderr)
    return cluster


def _build_store(args, cluster) -> int:
    from .store import OlderStore

    db = _store_file(args.store)
    if db.exists():
        try:
            _open_store(str(db)).close()  # an existing file must be a store before anything touches it
        except UsageError as e:
            if not (args.fresh and isinstance(e.__cause__, OlderStore)):  # --fresh replaces an older store
                raise UsageError(f"{e}; innokg build leaves it alone") from e
    if args.fresh and db.exists():
        return _build_fresh(args, db, cluster)
    store = _open_store(str(db), create=True)
    try:
        return _build_into(args, store, cluster=cluster)[0]
    finally:
        store.close()


def _build_fresh(args, db: Path, cluster) -> int:
    """Build into a new store beside `db`; it replaces `db` only if the build succeeded (or you say so)."""
    from .fresh import fresh_path, remove_store_file, replace_store

    new_db = fresh_path(db)
    remove_store_file(new_db)  # what an earlier fresh build that did not finish left behind
    new = _open_store(str(new_db), create=True)
    try:
        code, report = _build_into(args, new, shown=f"{new_db} (the fresh build)", cluster=cluster)
        verdict = _fresh_verdict(code, report, db)
        if verdict == "replace":
            replace_store(new, db)
            print(f"the fresh build replaced the store {args.store}", file=sys.stderr)
            return code
    finally:
        new.close()
    if verdict == "keep":
        print(f"the store {args.store} is unchanged; the fresh build is kept at {new_db} "
              f"(innokg stats --store {new_db} shows it)", file=sys.stderr)
    else:
        remove_store_file(new_db)
        print(f"the store {args.store} is unchanged; the fresh build was discarded", file=sys.stderr)
    return code or 1


def _fresh_verdict(code: int, report, old_db: Path) -> str:
    """'replace' the old store by the fresh build, 'keep' the fresh build beside it, or 'drop' it."""
    if report is None or not report.added:
        return "drop"  # interrupted, stopped (--strict, a backend missing), or nothing read
    if code == 0:
        return "replace"
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return "keep"
    had = _counts(str(old_db))["documents"]
    print(f"{len(report.failed)} report(s) failed; replace the store {old_db} ({had} documents) with the fresh "
          f"build ({report.added} documents)? [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline().strip().lower()
    except KeyboardInterrupt:
        print(file=sys.stderr)
        answer = ""
    return "replace" if answer in ("y", "yes") else "keep"


def _build_into(args, store, shown: str | None = None, cluster=None):
    """Run the build into an open store: (exit code, BuildReport, or None when it stopped early)."""
    from ner.backends import BackendUnavailable

    from .build import BuildOptions, StrictFailure, build
    from .cluster import ClusterError
    from .reextract import SourcesMissing
    from .store import StoreError

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
        report = build(args.paths, store, opts, cluster=cluster)
    except (SourcesMissing, StoreError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2, None
    except StrictFailure as e:
        print(f"error: stopped at the first failure (--strict): {e}", file=sys.stderr)
        return 1, None
    except BackendUnavailable as e:
        print(f"error: {e}", file=sys.stderr)
        return 2, None
    except KeyboardInterrupt:
        print("interrupted" if args.fresh else
              "interrupted: the store keeps every report finished so far; run the same build to resume",
              file=sys.stderr)
        return 130, None
    except ClusterError as e:
        print(f"error: {e}; the store keeps every report finished so far: run the same build to resume",
              file=sys.stderr)
        return 2, None
    rate = report.chars / report.seconds if report.seconds else 0.0
    parts = f" (long reports cut into {report.parts} more parts)" if report.parts else ""
    print(f"store: {shown or args.store}")
    if report.reextracted:
        print(f"re-extracted for the new extractor: {report.reextracted} stored report(s)")
    print(f"reports added: {report.added}, already in the store: {report.unchanged}, failed: {len(report.failed)}"
          f"{parts}  ({report.seconds:.1f} s, {rate:,.0f} chars/s, {report.workers} worker(s))")
    print(_summary(store.counts()))
    if report.failed:
        print(f"{len(report.failed)} report(s) failed; see the messages above (innokg stats --failures lists them)",
              file=sys.stderr)
        return 1, report
    return 0, report


def _counts(path: str) -> dict:
    store = _open_store(path)
    try:
        return store.counts()
    finally:
        store.close()


# -- extract, stats, export ---------------------------------------------------------------------------
def cmd_extract(args) -> int:
    from ner.backends import BackendUnavailable
    from ner.pipeline import Pipeline
    from ner.units import extract_units

    units, out = Path(args.units), Path(args.out)
    if not units.is_file():
        raise UsageError(f"{units}: no such units file")
    if out.exists() and (out.is_dir() or out.resolve() == units.resolve()):
        raise UsageError(f"{out}: is {'a folder' if out.is_dir() else 'the units file itself'}; "
                         "give a new file for the predictions")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: no such folder for the predictions")
    try:
        n = extract_units(units, out, Pipeline(args.ner, args.model))
    except BackendUnavailable as e:
        raise UsageError(str(e)) from e
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{n} units -> {out}", file=sys.stderr)
    return 0


def _kg(args):
    from .queries import KnowledgeGraph

    return KnowledgeGraph(_open_store(args.store))


def cmd_stats(args) -> int:
    kg = _kg(args)
    if args.failures:
        failures = kg.store.failures()
        if args.json:
            print(json.dumps(failures, ensure_ascii=False, indent=1))
        else:
            _print_table(failures, ["path", "reason", "detail"])
        return 0
    stats = kg.stats()
    stats["extractor"] = _extractor(kg.store)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        print(_summary(stats))
        print(f"graph: {stats['nodes']} nodes, {stats['edges']} edges ({stats['planned_edges']} of them planned:"
              " stated only as plans)")
        print(_extractor_line(stats["extractor"]))
    return 0


def _extractor(store) -> dict:
    """The fingerprint the graph was built with, and whether this innokg's rules and lexicons match it."""
    from ner.fingerprint import lexicons_digest, rules_digest

    fp = store.fingerprint()
    if fp is None:
        return {"digest": None, "current": False}
    return {"digest": fp.digest, "rules": fp.rules, "lexicons": fp.lexicons, "model": fp.model,
            "current": fp.rules == rules_digest() and fp.lexicons == lexicons_digest()}


def _extractor_line(ex: dict) -> str:
    if ex["digest"] is None:
        return "extractor: not recorded (an older store): the next build extracts its reports again"
    line = (f"extractor: {ex['digest']} (rules {ex['rules'][:12]}, lexicons {ex['lexicons'][:12]}, "
            f"model {ex['model']})")
    if not ex["current"]:
        line += "\n  this innokg's rules or lexicons differ: the next build extracts the stored reports again"
    return line


def cmd_export(args) -> int:
    from .export import export

    out = _output_folder(args.dir)
    kg = _kg(args)
    for fmt in dict.fromkeys(args.format):
        for path in export(kg.graph, fmt, out, store=kg.store, lang=args.lang):
            print(path)
    return 0


# -- query ----------------------------------------------------------------------------------------------
def cmd_query(args) -> int:
    from .queries import Ambiguous, NotFound

    kg = _kg(args)
    if getattr(args, "stated_only", False):
        kg = kg.stated()
    matched = []

    def find(name: str) -> str:
        m = kg.match(name)
        matched.append(m)
        return m.id

    try:
        rows, cols = QUESTIONS[args.question](kg, args, find)
    except Ambiguous as e:
        if args.json:
            print(json.dumps({"question": args.question, "ambiguous": e.name, "candidates": e.candidates},
                             ensure_ascii=False, indent=1))
        print(f"error: {e}", file=sys.stderr)
        return 2
    except NotFound as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"question": args.question, "matched": [m.as_dict() for m in matched], "rows": rows},
                         ensure_ascii=False, indent=1, default=str))
        return 0
    for m in matched:
        if not m.exact:
            print(m.note())
    if args.lang:
        # Readable headers and type names; the identifiers stay in --json output.
        from explorer.i18n import localise_rows

        keep = cols or (list(rows[0]) if rows else [])
        readable = localise_rows(args.lang, [{c: r.get(c) for c in keep} for r in rows])
        _print_table(readable, list(readable[0]) if readable else None)
    else:
        # A planned relation is marked; one stated as done is left blank.
        _print_table([r | {"planned": "planned" if r["planned"] else ""} if "planned" in r else r for r in rows],
                     cols)
    if not rows:
        _explain_empty(kg, args)
    return 0


def _explain_empty(kg, args) -> None:
    """Say so when a filter value is nowhere in the store, the likely reason for an empty answer."""
    facets = kg.facets()
    for option, value, known in (("--region", getattr(args, "region", None), facets["regions"]),
                                 ("--year", getattr(args, "year", None), facets["years"])):
        if value is not None and value not in known:
            shown = ", ".join(map(str, known[:12])) + (", …" if len(known) > 12 else "")
            print(f"note: no entity has {option} {value}; the store has {shown or 'none'}", file=sys.stderr)


def _name(args) -> str:
    return " ".join(args.name)


def _q_programs(kg, args, find):
    if args.name:
        return kg.participants(find(_name(args)), label=args.label, year=args.year, region=args.region), [
            "name", "label", "type", "first_year", "last_year", "evidence", "planned"]
    return kg.programs(label=args.label, year=args.year, region=args.region), [
        "name", "label", "participants", "by_label"]


def _q_relations(kg, args, find):
    rows = kg.relations_of(find(_name(args)))
    if args.type:
        rows = [r for r in rows if r["type"] in args.type]
    return rows, ["type", "direction", "other_name", "other_label", "evidence", "first_year", "planned"]


def _q_ego(kg, args, find):
    sub = kg.ego(find(_name(args)), depth=args.depth, types=tuple(args.type) if args.type else None)
    rows = [{"from": sub.nodes[a]["name"], "type": k, "to": sub.nodes[b]["name"], "planned": d["planned"]}
            for a, b, k, d in sub.edges(keys=True, data=True)]
    return rows, ["from", "type", "to", "planned"]


def _q_duplicates(kg, args, find):
    from .review import duplicates

    return duplicates(kg, limit=args.top), ["score", "a_name", "b_name", "a_label", "b_label", "core", "why",
                                            "evidence"]


def _q_communities(kg, args, find):
    rows = [{"community": i + 1, "size": len(c), "members": [m["name"] for m in c]}
            for i, c in enumerate(kg.communities())]
    return rows, ["community", "size", "members"]


# question -> (rows, columns); each takes the graph, the arguments and the name finder.
QUESTIONS = {
    "programs": _q_programs,
    "joined": lambda kg, args, find: (kg.programs_of(find(_name(args))),
                                      ["name", "label", "type", "first_year", "evidence", "planned"]),
    "partners": lambda kg, args, find: (kg.partners(find(_name(args))), ["name", "label", "weight", "planned"]),
    "relations": _q_relations,
    "path": lambda kg, args, find: (kg.path(find(args.a), find(args.b)),
                                    ["from", "type", "direction", "to", "planned"]),
    "ego": _q_ego,
    "communities": _q_communities,
    "central": lambda kg, args, find: (kg.centrality(args.kind, top=args.top), ["name", "label", "score"]),
    "search": lambda kg, args, find: (
        kg.search(_name(args), label=args.label, region=args.region, year=args.year, limit=args.top),
        ["name", "label", "score", "degree", "aliases"]),
    "duplicates": _q_duplicates,
}


# -- curate ---------------------------------------------------------------------------------------------
def cmd_curate(args) -> int:
    """Analysts' decisions (graph_loader/curation.py): list, merge, split, rename, retype, drop, export, import."""
    from .curation import Curation, CurationError
    from .review import NameNotFound, decide, status

    store = _open_store(args.store)
    try:
        for problem in store.curation.problems:
            print(f"warning: {problem}", file=sys.stderr)
        if args.action == "list":
            rows = status(store)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=1))
            else:
                _print_table(rows, ["n", "action", "name", "other", "note", "state"])
            return 0
        if args.action == "export":
            out = Path(args.file)
            if out.is_dir() or not out.parent.is_dir():
                raise UsageError(f"{out}: give a file in an existing folder")
            Curation(list(store.curation.decisions)).write(out)
            print(f"{len(store.curation.decisions)} decision(s) -> {out}", file=sys.stderr)
            return 0
        if args.action == "import":
            if not Path(args.file).is_file():
                raise UsageError(f"{args.file}: no such file")
            incoming = Curation.read(args.file)
            for problem in incoming.problems:
                print(f"warning: {problem}", file=sys.stderr)
            cur = Curation(list(store.curation.decisions))
            n = cur.extend(incoming.decisions)
            store.save_curation(cur)
            print(f"{n} new decision(s) from {args.file}; {len(cur.decisions)} in {store.curation_file}",
                  file=sys.stderr)
            return 0
        if args.action == "drop":
            cur = Curation(list(store.curation.decisions))
            gone = cur.remove(args.number)
            store.save_curation(cur)
            print(f"dropped: {gone.action} {gone.name} {gone.other}", file=sys.stderr)
            return 0
        other = {"merge": "other", "split": "form", "rename": "new_name", "retype": "label"}[args.action]
        for d in decide(store, args.action, args.name, getattr(args, other), note=args.note):
            print(f"{d.action}\t{d.name}\t{d.other}")
        print(f"recorded in {store.curation_file} and applied to the store", file=sys.stderr)
        return 0
    except (CurationError, NameNotFound) as e:
        raise UsageError(str(e)) from e
    finally:
        store.close()


# -- load -----------------------------------------------------------------------------------------------
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

    kg = _kg(args)
    password = _neo4j_password(args.user)
    if password is None:
        raise UsageError("no Neo4j password: set NEO4J_PASSWORD or run in a terminal to be asked for it")
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
    unchanged = f" ({report.unchanged} unchanged, not sent)" if report.unchanged else ""
    print(f"loaded {report.total_rows} rows{unchanged} in {report.batches} transactions, {report.seconds:.1f} s"
          f" ({report.rate:,.0f} rows/s) into {args.uri} database {args.database}", file=sys.stderr)
    return 0


# -- explore --------------------------------------------------------------------------------------------
def cmd_explore(args) -> int:
    """Run the Streamlit app on the store; SIGTERM, SIGINT and SIGHUP reach Streamlit, which is waited for."""
    import subprocess

    import explorer

    _open_store(args.store).close()
    app = Path(explorer.__file__).resolve().with_name("app.py")
    env = dict(os.environ, INNOKG_STORE=str(Path(args.store).resolve()))
    if args.lang:
        env["INNOKG_LANG"] = args.lang
    # toolbarMode minimal: no developer menu ("Deploy", "Rerun"…) in front of the analysts.
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"]
    print(f"innokg explorer on http://localhost:{args.port} (store {args.store}); Ctrl-C stops it", file=sys.stderr)
    # Streamlit gets its own process group, so a Ctrl-C reaches it once: through innokg.
    proc = subprocess.Popen(cmd, env=env, process_group=0)

    def forward(signum, _frame) -> None:
        if proc.poll() is None:
            proc.send_signal(signum)

    forwarded = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {s: signal.signal(s, forward) for s in forwarded}
    try:
        code = proc.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    # Stopped by a signal it was sent on our behalf: that is how the explorer is meant to end.
    return 0 if code in (0, *(-s for s in forwarded)) else code


# -- the parser -----------------------------------------------------------------------------------------
class Parser(argparse.ArgumentParser):
    """argparse with a one-line error: the command, the argument and the problem."""

    def error(self, message: str):
        self.exit(2, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def _number(kind: type, low: float | None = None, high: float | None = None, above: float | None = None):
    """An argparse type: a `kind` number within the bounds, else a message saying which."""
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole ' if kind is int else ''}number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number, not {text}")
        if (low is not None and value < low) or (high is not None and value > high) or (
                above is not None and value <= above):
            want = (f"more than {above:g}" if above is not None else
                    f"from {low:g} to {high:g}" if low is not None and high is not None else f"at least {low:g}")
            raise argparse.ArgumentTypeError(f"must be {want}, not {text}")
        return value

    convert.__name__ = kind.__name__
    return convert


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"innokg {version('innokg')}"
    except PackageNotFoundError:
        return "innokg (not installed)"


def _store_option(p: argparse.ArgumentParser, *aliases: str) -> None:
    p.add_argument("--store", *aliases, dest="store", default=DEFAULT_STORE, metavar="STORE",
                   help=f"the store: a folder, or a .sqlite file (default {DEFAULT_STORE}; $INNOKG_STORE)")


def parser() -> argparse.ArgumentParser:
    """The innokg command line."""
    common = Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the Python traceback of an error")
    p = Parser(prog="innokg", description="A knowledge graph of innovation entities from "
               "Chinese science-and-technology work reports.", parents=[common])
    p.add_argument("--version", action="version", version=_version(), help="print innokg's version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    b = sub.add_parser("build", parents=[common], help="read reports (files or folders) into the store",
                       description="Read reports into the store: adds to it, skipping reports already stored.")
    b.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders (txt, docx, pdf, html)")
    _store_option(b, "--out")
    b.add_argument("--ner", default="lac", choices=BACKENDS, help="NER backend (default lac, offline)")
    b.add_argument("--model", metavar="DIR", help="local model directory for the NER backend (hanlp)")
    b.add_argument("--fresh", action="store_true",
                   help="build a new store beside the old one and put it in its place once the build succeeded")
    b.add_argument("--strict", action="store_true", help="stop at the first report that fails")
    b.add_argument("--max-size", type=_number(float, above=0), default=50, metavar="MB",
                   help="largest report file in MB (default 50)")
    b.add_argument("--workers", type=_number(int, low=0), default=0, metavar="N",
                   help="processes that extract in parallel (default 0: one per core, at most 4)")
    b.add_argument("--chunk-chars", type=_number(int, low=1000), default=200_000, metavar="N",
                   help="cut longer reports into parts of at most this many characters (default 200000)")
    b.add_argument("--timeout", type=_number(float, low=0), default=120, metavar="SECONDS",
                   help="NER time limit per report (or part) in seconds; 0 for none (default 120)")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="extract on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N "
                        "for N worker processes on this machine (needs innokg[dask])")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("extract", parents=[common], help="predictions for an evaluation units file (SCHEMA.md)")
    e.add_argument("units", help="units file: JSON lines of {\"id\", \"text\"}")
    e.add_argument("--out", required=True, metavar="FILE", help="where the predictions go (JSON lines)")
    e.add_argument("--ner", default="lac", choices=BACKENDS, help="NER backend (default lac, offline)")
    e.add_argument("--model", metavar="DIR", help="local model directory for the NER backend (hanlp)")
    e.set_defaults(func=cmd_extract)

    s = sub.add_parser("stats", parents=[common], help="counts of documents, entities and relations")
    _store_option(s)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--failures", action="store_true", help="list the reports that failed")
    s.set_defaults(func=cmd_stats)

    x = sub.add_parser("export", parents=[common], help="write the graph as " + ", ".join(EXPORT_FORMATS) + " files")
    x.add_argument("dir", metavar="DIR", help="output folder (created if missing; files of the same name are replaced)")
    x.add_argument("--format", action="append", required=True, choices=EXPORT_FORMATS,
                   help="a format to write; repeat for several")
    _store_option(x)
    x.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the CSV files' readable type names (label_name, type_name; default zh)")
    x.set_defaults(func=cmd_export)

    _query_parser(sub, common)
    _curate_parser(sub, common)

    ld = sub.add_parser("load", parents=[common],
                        help="load the store into Neo4j (password from NEO4J_PASSWORD or a prompt)")
    ld.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://localhost:7687"),
                    help="Neo4j's Bolt URI (default $NEO4J_URI or bolt://localhost:7687)")
    ld.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"),
                    help="Neo4j user (default $NEO4J_USER or neo4j)")
    ld.add_argument("--database", default=os.environ.get("NEO4J_DATABASE", "neo4j"),
                    help="Neo4j database (default $NEO4J_DATABASE or neo4j)")
    ld.add_argument("--batch-size", type=_number(int, low=1), default=2000, metavar="ROWS",
                    help="rows per transaction (default 2000)")
    ld.add_argument("--retry-time", type=_number(float, low=0), default=30.0, metavar="SECONDS",
                    help="seconds the driver keeps retrying a batch after transient errors (default 30)")
    _store_option(ld)
    ld.add_argument("--quiet", action="store_true", help="no progress bar")
    ld.set_defaults(func=cmd_load)

    ex = sub.add_parser("explore", parents=[common], help="open the explorer (Streamlit) on the store")
    _store_option(ex)
    ex.add_argument("--port", type=_number(int, low=1, high=65535), default=8501, help="port to serve on (default 8501)")
    ex.add_argument("--lang", choices=["zh", "en"],
                    help="interface language (default $INNOKG_LANG, else zh); the sidebar switches it too")
    ex.set_defaults(func=cmd_explore)
    return p


def _query_parser(sub, common: argparse.ArgumentParser) -> None:
    shared = Parser(add_help=False, parents=[common])
    _store_option(shared)
    shared.add_argument("--json", action="store_true",
                        help='print {"question", "matched": the entities the names were taken for, "rows"}')
    shared.add_argument("--lang", choices=["zh", "en"],
                        help="print headers and type names in Chinese or English (default: the schema's identifiers)")
    name = Parser(add_help=False)
    name.add_argument("name", nargs="+", metavar="NAME",
                      help="an entity's name; a short form or a typo is fine when it matches one entity")
    filters = Parser(add_help=False)
    filters.add_argument("--label", choices=ENTITY_LABELS, help="only entities of this label")
    filters.add_argument("--year", type=_number(int, low=1949, high=2100), help="only this year")
    filters.add_argument("--region", help="only entities of this region (as stored, e.g. 宁波市镇海区)")
    types = Parser(add_help=False)
    types.add_argument("--type", action="append", choices=RELATION_TYPES,
                       help="only relations of this type; repeat for several")
    stated = Parser(add_help=False)
    stated.add_argument("--stated-only", action="store_true",
                        help="leave out planned relations (those every report states only as a plan: 拟, 力争…); "
                             "by default they are included and marked planned")

    q = sub.add_parser("query", parents=[common], help="ask the graph: " + ", ".join(QUESTIONS),
                       description="Ask the graph. A name that is not an entity's own name is matched to the "
                       "closest one, and the answer says which; several close candidates are listed instead.")
    ask = q.add_subparsers(dest="question", required=True, metavar="QUESTION", parser_class=Parser)

    a = ask.add_parser("programs", parents=[shared, filters, stated], help="programs with their participant counts, "
                       "or one program's participants")
    a.add_argument("name", nargs="*", metavar="NAME", help="a program's name: list its participants")
    ask.add_parser("joined", parents=[shared, name, stated], help="the programs one organisation joined or leads")
    ask.add_parser("partners", parents=[shared, name, stated], help="an organisation's partners and co-builders")
    ask.add_parser("relations", parents=[shared, name, types, stated], help="every relation of one entity")
    a = ask.add_parser("path", parents=[shared, stated], help="the shortest chain of relations between two entities")
    a.add_argument("a", metavar="FROM", help="an entity's name")
    a.add_argument("b", metavar="TO", help="another entity's name")
    a = ask.add_parser("ego", parents=[shared, name, types, stated], help="the relations within DEPTH steps of an entity")
    a.add_argument("--depth", type=_number(int, low=1), default=1, help="steps out from the entity (default 1)")
    ask.add_parser("communities", parents=[shared, stated], help="partnership communities (Louvain)")
    a = ask.add_parser("central", parents=[shared, stated], help="the most central entities of the partnership network")
    a.add_argument("--kind", default="degree", choices=CENTRALITIES, help="centrality measure (default degree)")
    a.add_argument("--top", type=_number(int, low=1), default=20, help="how many (default 20)")
    a = ask.add_parser("duplicates", parents=[shared], help="pairs of entities that may be one organisation, "
                       "with their evidence, best first")
    a.add_argument("--top", type=_number(int, low=1), default=50, help="how many pairs (default 50)")
    a = ask.add_parser("search", parents=[shared, filters], help="entities whose name or an alias matches")
    a.add_argument("name", nargs="+", metavar="TEXT", help="a name, a short form or part of one")
    a.add_argument("--top", type=_number(int, low=1), default=20, help="how many (default 20)")
    q.set_defaults(func=cmd_query)


def _curate_parser(sub, common: argparse.ArgumentParser) -> None:
    cu = sub.add_parser("curate", parents=[common], help="analysts' decisions about entities (curation.tsv)",
                        description="Decisions are written to curation.tsv beside the store's SQLite file, applied "
                        "at once, and again on every build and load. Names are written forms or entity ids.")
    act = cu.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=Parser)
    shared = Parser(add_help=False, parents=[common])
    _store_option(shared)
    note = Parser(add_help=False)
    note.add_argument("--note", default="", help="why, for the reviewers of the file")
    a = act.add_parser("list", parents=[shared], help="the decisions, numbered, with whether each is in effect")
    a.add_argument("--json", action="store_true", help="print JSON")
    named = Parser(add_help=False)
    named.add_argument("name", metavar="NAME", help="a name as reports write it, an entity's name, or its id")
    a = act.add_parser("merge", parents=[shared, note, named], help="NAME and OTHER are one organisation")
    a.add_argument("other", metavar="OTHER", help="the other name (or entity id)")
    a = act.add_parser("split", parents=[shared, note, named], help="FORM is not the organisation NAME")
    a.add_argument("--form", required=True, help="the form (or entity) that is not NAME")
    a = act.add_parser("rename", parents=[shared, note, named], help="show NAME's entity as NEW_NAME")
    a.add_argument("new_name", metavar="NEW_NAME", help="the name to show")
    a = act.add_parser("retype", parents=[shared, note, named], help="give NAME's entity the label LABEL")
    a.add_argument("label", metavar="LABEL", choices=ENTITY_LABELS, help="one of " + ", ".join(ENTITY_LABELS))
    a = act.add_parser("drop", parents=[shared], help="remove decision NUMBER (as curate list numbers them)")
    a.add_argument("number", type=_number(int, low=1), metavar="NUMBER", help="the decision's number")
    a = act.add_parser("export", parents=[shared], help="copy the decisions to FILE (to share them, in git)")
    a.add_argument("file", metavar="FILE", help="the file to write")
    a = act.add_parser("import", parents=[shared], help="add the decisions of FILE")
    a.add_argument("file", metavar="FILE", help="a decisions file (curation.tsv of another store)")
    cu.set_defaults(func=cmd_curate)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit code (argparse's own for --help, --version and usage errors)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    try:
        return args.func(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (innokg query … | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:
        if getattr(args, "debug", False):
            raise
        print(f"error: {_describe(e)} (innokg --debug {args.command} … shows the traceback)", file=sys.stderr)
        return 1


def _describe(e: Exception) -> str:
    if isinstance(e, OSError) and e.filename:
        return f"{e.filename}: {e.strerror or e}"
    return str(e) or type(e).__name__


if __name__ == "__main__":
    sys.exit(main())
