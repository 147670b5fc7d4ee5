"""The build benchmark: throughput, memory and sizes of `innokg build` on growing corpora.

    python bench/run.py                      # 1, 10 and 50 million characters
    python bench/run.py --sizes 1,10         # smaller run
    make bench                               # the same as the first line

For each size it makes a corpus (bench/make_corpus.py; kept under bench/out/ and reused),
then measures, on the same machine in one run:
- NER only: characters per second of the bare backend call (LAC) over all sentences;
- the full `innokg build` (ingest, segment, NER, recognise, relate, resolve, store) in a
  fresh store, with one worker and with two, in a subprocess; characters per second;
- peak memory (max RSS of the build's largest process), store size on disk;
- building the networkx view, and exporting it (GraphML, JSON, CSV).
It prints one table, and the ratio of the full build (one worker) to NER only.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import make_corpus  # noqa: E402
from graph_loader.export import export  # noqa: E402
from graph_loader.queries import KnowledgeGraph  # noqa: E402
from graph_loader.store import Store, db_path  # noqa: E402
from ner.backends import get_backend  # noqa: E402
from ner.ingest import read_document  # noqa: E402
from ner.segment import split_sentences  # noqa: E402

OUT = ROOT / "bench" / "out"
INNOKG = [sys.executable, "-m", "graph_loader.cli"]
MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def corpus(size_m: float) -> tuple[Path, int]:
    path = OUT / f"corpus-{size_m:g}M"
    if not (path / ".done").exists():
        print(f"making a corpus of {size_m:g}M characters in {path} …", file=sys.stderr)
        make_corpus(path, int(size_m * 1_000_000))
        (path / ".done").write_text("ok")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in path.glob("*.txt"))
    return path, chars


def ner_only(path: Path) -> tuple[float, int]:
    """Seconds of the bare NER call over every sentence of the corpus, and the characters tagged."""
    backend = get_backend("lac")
    backend.analyse(["预热一下模型。"])
    seconds, chars = 0.0, 0
    batch: list[str] = []
    for f in sorted(path.glob("*.txt")):
        batch += [s.text for s in split_sentences(read_document(f))]
        if len(batch) > 20_000:
            chars += sum(map(len, batch))
            t = time.perf_counter()
            backend.analyse(batch)
            seconds += time.perf_counter() - t
            batch = []
    if batch:
        chars += sum(map(len, batch))
        t = time.perf_counter()
        backend.analyse(batch)
        seconds += time.perf_counter() - t
    return seconds, chars


def full_build(path: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        store = Path(tmp) / "store"
        cmd = [*INNOKG, "build", str(path), "--store", str(store), "--quiet", "--workers", str(workers)]
        t = time.perf_counter()
        # A fresh parent per run, so its children's max RSS is this build's alone (the
        # build process and its workers).
        probe = subprocess.run([sys.executable, "-c", MEASURE, *cmd], check=True, cwd=ROOT, capture_output=True,
                               text=True)
        seconds = time.perf_counter() - t
        peak_kb = int(probe.stdout.strip().splitlines()[-1])
        db = db_path(store)
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
        row = {"seconds": seconds, "peak_mb": peak_kb / 1024, "store_mb": size / 1e6}
        if workers == 1:
            with Store(store, create=False) as st:
                gc.collect()
                t = time.perf_counter()
                kg = KnowledgeGraph(st)
                g = kg.graph
                row["graph_s"] = time.perf_counter() - t
                row["nodes"], row["edges"] = g.number_of_nodes(), g.number_of_edges()
                t = time.perf_counter()
                for fmt in ("graphml", "json", "csv"):
                    export(g, fmt, Path(tmp) / "export")
                row["export_s"] = time.perf_counter() - t
        return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,50", help="corpus sizes in millions of characters")
    ap.add_argument("--workers", default="1,2", help="worker counts for the full build")
    a = ap.parse_args()
    sizes = [float(s) for s in a.sizes.split(",")]
    worker_counts = [int(w) for w in a.workers.split(",")]
    rows = []
    for size in sizes:
        path, chars = corpus(size)
        files = len(list(path.glob("*.txt")))
        ner_s, ner_chars = ner_only(path)
        row = {"size": f"{size:g}M", "files": files, "chars": chars, "ner_cps": ner_chars / ner_s}
        for w in worker_counts:
            print(f"{size:g}M: full build with {w} worker(s) …", file=sys.stderr)
            r = full_build(path, w)
            row[f"full{w}_cps"] = chars / r["seconds"]
            row[f"peak{w}_mb"] = r["peak_mb"]
            row.update({k: v for k, v in r.items() if k in ("store_mb", "graph_s", "export_s", "nodes", "edges")})
        rows.append(row)
        _print(rows, worker_counts)


def _print(rows: list[dict], workers: list[int]) -> None:
    cols = ["size", "files", "chars", "ner_cps"]
    for w in workers:
        cols += [f"full{w}_cps", f"peak{w}_mb"]
    cols += ["ratio", "speedup", "store_mb", "nodes", "edges", "graph_s", "export_s"]
    for r in rows:
        if "full1_cps" in r:
            r["ratio"] = r["full1_cps"] / r["ner_cps"]
        if "full1_cps" in r and "full2_cps" in r:
            r["speedup"] = r["full2_cps"] / r["full1_cps"]

    def fmt(v) -> str:
        if isinstance(v, float):
            return f"{v:,.2f}" if v < 100 else f"{v:,.0f}"
        return f"{v:,}" if isinstance(v, int) else str(v)

    table = [[fmt(r.get(c, "")) for c in cols] for r in rows]
    widths = [max(len(c), *(len(t[i]) for t in table)) for i, c in enumerate(cols)]
    print()
    print("  ".join(c.rjust(w) for c, w in zip(cols, widths, strict=True)))
    for t in table:
        print("  ".join(v.rjust(w) for v, w in zip(t, widths, strict=True)))
    print("cps: characters per second; ratio: full build with one worker / NER only; "
          "speedup: two workers / one; peak: max RSS of the largest build process")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
