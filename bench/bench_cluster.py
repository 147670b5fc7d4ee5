"""The cluster benchmark: Dask's overhead, and how many workers one store can feed.

    python bench/bench_cluster.py                 # the 10M-character corpus
    python bench/bench_cluster.py --size 1 --repeat 1

On one corpus (bench/make_corpus.py, kept under bench/out/), on this machine:
- the full `innokg build` with the process pool of 2 workers and with `--scheduler local:2`
  (a Dask LocalCluster of 2 one-thread worker processes), each in a fresh store, timed as a
  whole command (start-up included), alternating, `--repeat` times; Dask's overhead is
  1 - (its characters per second) / (the pool's);
- the ceiling of the committing process: every document is extracted once and its
  Extraction saved (pickled, as results travel from a worker); then the saved extractions
  are replayed into a fresh store in file order, as the build commits them, with
  extraction free. Timed twice: storing only (resolve + SQLite), and unpickling + storing
  (what the committing process does per result). Characters per second of the latter,
  divided by one worker's extraction rate, is how many workers one store can keep busy.
It prints the figures and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import INNOKG, corpus  # noqa: E402
from graph_loader.build import BuildOptions, _PoolRunner, plan_tasks  # noqa: E402
from graph_loader.resolve import Resolver  # noqa: E402
from graph_loader.store import Store  # noqa: E402
from ner.ingest import iter_report_paths  # noqa: E402


def timed_build(path: Path, *extra: str) -> tuple[float, float]:
    """Wall-clock seconds of one build, and the CPU seconds of all its processes (the build,
    its workers, and for Dask the scheduler and nannies: all are its descendants here).
    CPU seconds say what the work costs even when other programs share the machine."""
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        cmd = [*INNOKG, "build", str(path), "--out", str(Path(tmp) / "store"), "--quiet", *extra]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def save_extractions(path: Path, out: Path, workers: int = 2) -> tuple[float, float, int]:
    """Extract every document of the corpus with the process pool, pickling each Extraction
    in file order into `out`; returns the seconds taken, the workers' CPU seconds, and the
    number saved."""
    files = iter_report_paths([path])
    opts = BuildOptions(progress=False, workers=workers)
    runner = _PoolRunner(opts, workers)
    n = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with out.open("wb") as f, tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "empty") as empty:
        runner.begin(empty)
        tasks = plan_tasks(files, opts.chunk_chars, workers)
        futures = [runner.submit(task) for task in tasks]
        for fut in futures:
            for fr in runner.result(fut).files:
                assert not fr.more and fr.error is None
                for _, ex in fr.parts:
                    pickle.dump(ex, f, protocol=pickle.HIGHEST_PROTOCOL)
                    n += 1
    runner.close(cancel=False)  # the workers end here, so their CPU time is counted below
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), n


def replay(saved: Path) -> dict:
    """Store the saved extractions into a fresh store; seconds unpickling, storing, and of
    storing the part spent resolving (graph_loader/resolve.py)."""
    unpickle_s = store_s = 0.0
    chars = docs = 0
    resolve = {"s": 0.0}
    add = Resolver.add

    def timed_add(self, extraction):
        t = time.perf_counter()
        add(self, extraction)
        resolve["s"] += time.perf_counter() - t

    Resolver.add = timed_add
    with tempfile.TemporaryDirectory(prefix="innokg-replay-") as tmp, Store(Path(tmp) / "store") as store, \
            saved.open("rb") as f:
        cpu = time.process_time()
        while True:
            t = time.perf_counter()
            try:
                ex = pickle.load(f)
            except EOFError:
                break
            t1 = time.perf_counter()
            store.add_extraction(ex)
            t2 = time.perf_counter()
            unpickle_s += t1 - t
            store_s += t2 - t1
            chars += len(ex.document.text)
            docs += 1
        cpu = time.process_time() - cpu
    Resolver.add = add
    return {"docs": docs, "chars": chars, "unpickle_s": unpickle_s, "store_s": store_s, "resolve_s": resolve["s"],
            "cpu_s": cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=float, default=10, help="corpus size in millions of characters (default 10)")
    ap.add_argument("--repeat", type=int, default=2, help="builds of each kind, alternating (default 2)")
    ap.add_argument("--skip-builds", action="store_true", help="measure the committing ceiling only")
    a = ap.parse_args()
    path, chars = corpus(a.size)
    print(f"corpus {path}: {chars:,} characters; load average before: {os.getloadavg()}")
    if not a.skip_builds:
        pool, dask = [], []
        for k in range(a.repeat):
            print(f"run {k + 1}: process pool of 2 …", file=sys.stderr)
            pool.append(timed_build(path, "--workers", "2"))
            print(f"run {k + 1}: Dask LocalCluster of 2 …", file=sys.stderr)
            dask.append(timed_build(path, "--scheduler", "local:2"))
            print(f"run {k + 1}: pool {pool[-1][0]:.1f} s ({pool[-1][1]:.1f} CPU s), dask {dask[-1][0]:.1f} s "
                  f"({dask[-1][1]:.1f} CPU s); load {os.getloadavg()}", flush=True)
        for name, runs in (("process pool, 2 workers", pool), ("Dask LocalCluster, 2 workers", dask)):
            wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            print(f"{name}: {chars / wall:,.0f} chars/s wall-clock, {chars / cpu:,.0f} chars per CPU second "
                  f"(best of {a.repeat})")
        wall_over = 1 - min(r[0] for r in pool) / min(r[0] for r in dask)
        cpu_over = min(r[1] for r in dask) / min(r[1] for r in pool) - 1
        print(f"Dask overhead: {wall_over:.1%} in wall-clock throughput, {cpu_over:+.1%} in CPU seconds")
    with tempfile.TemporaryDirectory(prefix="innokg-saved-") as tmp:
        saved = Path(tmp) / "extractions.pickle"
        print("extracting once to save the extractions …", file=sys.stderr)
        seconds, worker_cpu, n = save_extractions(path, saved)
        # Per CPU second: what one worker on a core of its own extracts, however loaded this machine is.
        per_worker = chars / worker_cpu
        print(f"saved {n:,} extractions ({saved.stat().st_size / 1e6:,.0f} MB pickled) in {seconds:.1f} s: "
              f"extraction alone {per_worker:,.0f} chars per worker CPU second "
              f"({chars / seconds / 2:,.0f} chars/s per worker wall-clock)")
        r = replay(saved)
    total = r["unpickle_s"] + r["store_s"]
    ceiling = r["chars"] / total
    print(f"committing ceiling: {ceiling:,.0f} chars/s unpickling + storing ({total:.1f} s for {r['docs']:,} "
          f"documents; {r['chars'] / r['cpu_s']:,.0f} chars per CPU second); storing only "
          f"{r['chars'] / r['store_s']:,.0f} chars/s; unpickling {r['unpickle_s']:.1f} s, storing {r['store_s']:.1f} s "
          f"of which resolving {r['resolve_s']:.1f} s")
    fed = (r["chars"] / r["cpu_s"]) / per_worker
    print(f"one store feeds about {fed:.1f} workers (both per CPU second; {ceiling / per_worker:.1f} with the "
          "wall-clock ceiling)")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
