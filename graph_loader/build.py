"""Building the store from report files: read, extract, resolve and store, report by report.

A report that cannot be read or extracted is recorded in the store's `failures` table with
its reason (one of ner.ingest.REASONS) and reported on stderr in one line naming the file;
the batch goes on, unless `strict`, which stops at the first failure.

Each document is committed in its own transaction, so an interrupted build (Ctrl-C, a
killed process) keeps every document finished before it; the next build skips those by
content hash and resumes. Files are taken in a fixed order and each document's extraction
depends only on the store before it, so a resumed build ends with the same graph as one
that was never interrupted.

Work goes out in tasks: a group of small files (about TASK_BYTES), extracted in one
pipeline call because the NER model batches sentences of equal length, or a slice of a
long file's parts. With `workers` > 1 a pool of processes reads and extracts the tasks
(the NER model is the cost, and it runs on one core per process), while this process
alone writes to the store, committing results in file order, so a parallel build ends
with exactly the graph of a sequential one. At most `2 × workers` tasks are in flight,
so memory follows the batch, not the corpus. Where tasks run is a Runner: this process,
the local pool, or a Dask cluster (graph_loader/cluster.py); committing is the same for all.

Before adding reports, a store whose extractor fingerprint differs from this innokg's has
its stored reports extracted again (graph_loader/reextract.py), through the same runner.

Limits: files above `max_bytes` are refused; long reports are cut into parts of at most
`chunk_chars` characters (ner.ingest.iter_documents), each extracted and committed alone,
and a worker hands back at most `PARTS_PER_TASK` parts at a time, so memory follows the
part, not the file; each part's NER call has `timeout` seconds.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from tqdm import tqdm

from ner.backends import Backend, BackendUnavailable
from ner.fingerprint import extractor_fingerprint
from ner.ingest import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_MAX_BYTES,
    IngestError,
    iter_bytes_documents,
    iter_documents,
    iter_report_paths,
)
from ner.model import Document, Extraction
from ner.pipeline import ExtractionTimeout, Pipeline

from .store import Store

if TYPE_CHECKING:
    from .cluster import DaskCluster

# A worker returns a long file's extractions this many parts at a time.
PARTS_PER_TASK = 8
# Small files go to a worker in groups of about this many bytes (or files), so that the
# NER model tags big batches of sentences.
TASK_BYTES = 512 * 1024
TASK_FILES = 64


@dataclass
class BuildReport:
    """What a build did: documents added, already present, failed files, long files cut into parts."""

    added: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    parts: int = 0
    chars: int = 0
    seconds: float = 0.0
    workers: int = 1
    reextracted: int = 0  # stored documents extracted again for a new extractor

    @property
    def ok(self) -> bool:
        return not self.failed


class StrictFailure(RuntimeError):
    """Raised by a strict build at its first failed report."""


@dataclass
class BuildOptions:
    backend: str | Backend = "lac"
    model: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    chunk_chars: int | None = DEFAULT_CHUNK_CHARS
    timeout: float | None = 120.0
    strict: bool = False
    progress: bool = True
    # Processes that extract in parallel; 0 picks one per core (at most 4), 1 runs in this process.
    workers: int = 1


def failure_message(path: str, reason: str, detail: str = "") -> str:
    """The one-line message for a failed report: `path: reason (detail)`, on one line whatever the detail."""
    detail = " ".join(detail.split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return f"{path}: {reason}" + (f" ({detail})" if detail else "")


# -- the unit of work: a group of small files, or a slice of one long file's parts --------------
@dataclass
class Task:
    paths: list[Path] = field(default_factory=list)
    first_part: int = 0  # for a single long file: where this slice starts
    # Documents whose stored text is extracted again (a store following a new extractor).
    documents: list[Document] = field(default_factory=list)


@dataclass
class FileResult:
    """What extracting (a slice of) one file gave: per part an Extraction, or None if stored."""

    path: Path
    first_part: int = 0
    parts: list[tuple[int, Extraction | None]] = field(default_factory=list)
    more: bool = False  # the file has parts beyond this slice
    error: tuple[str, str] | None = None  # (reason, detail)


@dataclass
class TaskResult:
    files: list[FileResult]
    fatal: BaseException | None = None  # not a report's fault: stop the build
    fingerprint: str = ""  # the extractor's, where a worker may run another installation (a cluster)


def plan_tasks(files: list[Path], chunk_chars: int | None, workers: int = 1) -> list[Task]:
    """Group small files into tasks of about TASK_BYTES, so the NER model sees big batches
    (it batches sentences of equal length); a file that will be cut into parts is a task alone.
    Groups stay small enough that every worker gets several, so a short build still spreads
    over the workers and commits as it goes."""
    long_file = 3 * (chunk_chars or 10**12)  # bytes: a UTF-8 character of Chinese is 3 bytes
    max_files = max(1, min(TASK_FILES, -(-len(files) // (4 * workers))))
    tasks: list[Task] = []
    group: list[Path] = []
    size = 0
    for f in files:
        try:
            n = f.stat().st_size
        except OSError:
            n = 0
        if n > long_file:
            if group:
                tasks.append(Task(group))
                group, size = [], 0
            tasks.append(Task([f]))
            continue
        group.append(f)
        size += n
        if size >= TASK_BYTES or len(group) >= max_files:
            tasks.append(Task(group))
            group, size = [], 0
    if group:
        tasks.append(Task(group))
    return tasks


class KnownDocuments:
    """The content hashes a store holds, as a sorted array of 32-byte keys (SHA-256 of the
    hash): what a worker on another machine, which cannot read the store, needs to skip
    stored documents. About 32 MB for a million documents."""

    def __init__(self, content_hashes: Iterable[str]):
        self.keys = np.array(sorted(_key(h) for h in content_hashes), dtype="S32")

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, content_hash: str) -> bool:
        key = np.array(_key(content_hash), dtype="S32")
        i = int(np.searchsorted(self.keys, key))
        return i < len(self.keys) and bool(self.keys[i] == key)


def _key(content_hash: str) -> bytes:
    return hashlib.sha256(content_hash.encode()).digest()


class _Worker:
    """Per-process state: the pipeline, and what is stored already (to skip it).

    What is stored is read from the store's file (`store_file`, on this machine) or, for a
    worker on another machine, from `known`: the content hashes stored when the build began."""

    def __init__(self, opts: BuildOptions, store_file: str | None, known: KnownDocuments | None = None):
        self.opts = opts
        self.store_file = store_file
        self.known = known
        self.pipeline: Pipeline | None = None
        self._conn: sqlite3.Connection | None = None

    def stored(self, content_hash: str) -> bool:
        if self.known is not None:
            return content_hash in self.known
        if self.store_file is None or not Path(self.store_file).exists():
            return False
        if self._conn is None:
            self._conn = sqlite3.connect(f"file:{self.store_file}?mode=ro", uri=True, timeout=30)
        row = self._conn.execute("SELECT 1 FROM documents WHERE content_hash=?", (content_hash,)).fetchone()
        return row is not None

    def run(self, task: Task, blobs: list[bytes | tuple[str, str]] | None = None) -> TaskResult:
        """Read and extract the task's files (from `blobs`, their bytes or read errors, when
        given) or stored documents; parts already stored come back as None."""
        results: list[FileResult] = []
        todo: list[tuple[FileResult, int, Document]] = []
        try:
            for k, path in enumerate(task.paths):
                fr = FileResult(path, task.first_part)
                results.append(fr)
                blob = blobs[k] if blobs is not None else None
                if isinstance(blob, tuple):
                    fr.error = blob
                    continue
                try:
                    for n, doc in self._documents(path, task.first_part, fr, blob):
                        if self.stored(doc.content_hash):
                            fr.parts.append((n, None))
                        else:
                            todo.append((fr, n, doc))
                except IngestError as e:
                    fr.error = (e.reason, e.detail)
            for doc in task.documents:
                fr = FileResult(Path(doc.path))
                results.append(fr)
                if self.stored(doc.content_hash):
                    fr.parts.append((0, None))
                else:
                    todo.append((fr, 0, doc))
            self._extract(todo)
        except (BackendUnavailable, sqlite3.Error) as e:
            return TaskResult(results, fatal=e)  # every later report would fail the same way
        finally:
            self.close()  # no reader left open between tasks: a finished store file can be moved
        for fr in results:
            fr.parts.sort(key=lambda p: p[0])
        return TaskResult(results)

    def _documents(self, path: Path, first: int, fr: FileResult, data: bytes | None) -> Iterator[tuple[int, Document]]:
        opts = self.opts
        if data is None:
            docs = iter_documents(path, max_bytes=opts.max_bytes, chunk_chars=opts.chunk_chars)
        else:
            docs = iter_bytes_documents(data, path, max_bytes=opts.max_bytes, chunk_chars=opts.chunk_chars)
        for n, doc in enumerate(docs):
            if n < first:
                continue
            if n >= first + PARTS_PER_TASK:
                fr.more = True
                return
            yield n, doc

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _extract(self, todo: list[tuple[FileResult, int, Document]]) -> None:
        """Extract all documents in one pipeline call; if that fails, one by one, so a bad
        document costs only its own file."""
        if not todo:
            return
        if self.pipeline is None:
            self.pipeline = Pipeline(self.opts.backend, self.opts.model)
        try:
            extractions = self.pipeline.run_many([d for _, _, d in todo], timeout=self.opts.timeout)
        except (BackendUnavailable, sqlite3.Error):
            raise
        except Exception:
            extractions = None
        if extractions is not None:
            for (fr, n, _), ex in zip(todo, extractions, strict=True):
                fr.parts.append((n, ex))
            return
        for fr, n, doc in todo:
            if fr.error is not None:
                continue
            try:
                fr.parts.append((n, self.pipeline(doc, timeout=self.opts.timeout)))
            except ExtractionTimeout:
                fr.error = ("timeout", f"NER took longer than {self.opts.timeout:g} s")
            except (BackendUnavailable, sqlite3.Error):
                raise
            except Exception as e:  # one report's bug must not cost the batch
                fr.error = ("extraction error", f"{type(e).__name__}: {e}")


_WORKER: _Worker | None = None


def _init_worker(opts: BuildOptions, store_file: str | None) -> None:
    global _WORKER
    # Ctrl-C is the main process's to handle; a worker just stops when that process ends,
    # even when it is killed outright (Linux: the parent-death signal).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _WORKER = _Worker(opts, store_file)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: workers end when the pool shuts down
        pass
    if os.getppid() == 1:  # the parent died before the signal was set
        os._exit(1)


def _run_task(task: Task, store_file: str) -> TaskResult:
    assert _WORKER is not None
    if _WORKER.store_file != store_file:  # the build moved on to another store file
        _WORKER.close()
        _WORKER.store_file = store_file
    return _WORKER.run(task)


_REMOTE = threading.local()


def run_remote(task: Task, blobs: list[bytes | tuple[str, str]] | None, opts: BuildOptions,
               known: KnownDocuments | None) -> TaskResult:
    """A task on a worker of a cluster: the files come as bytes, what is stored as `known`.
    Each worker thread keeps its pipeline between tasks, and says which extractor it runs."""
    worker = getattr(_REMOTE, "worker", None)
    if worker is None or worker.opts != opts:
        worker = _REMOTE.worker = _Worker(opts, None)
        _REMOTE.fingerprint = extractor_fingerprint(opts.backend, opts.model).digest
    worker.known = known
    result = worker.run(task, blobs)
    result.fingerprint = _REMOTE.fingerprint
    return result


# -- where tasks run: in this process, a local pool, or a cluster (graph_loader/cluster.py) ----
class Runner:
    """Runs extraction tasks somewhere; the build commits their results here, in order."""

    workers: int = 1

    def begin(self, store: Store) -> None:
        """Tasks from now on skip what `store` holds."""

    def submit(self, task: Task) -> Future:
        raise NotImplementedError

    def result(self, future: Future) -> TaskResult:
        return future.result()

    def retry_alone(self, error: BaseException) -> bool:
        """Whether `error` means the task's worker died of it: then its files are tried one by one."""
        return False

    def close(self, cancel: bool) -> None:
        """Stop; with `cancel`, drop the tasks still running (an interrupted build)."""


class _InlineRunner(Runner):
    """Runs each task in this process when submitted (the one-worker build)."""

    def __init__(self, opts: BuildOptions):
        self.worker = _Worker(opts, None)

    def begin(self, store: Store) -> None:
        self.worker.close()
        self.worker.store_file = str(store.path)

    def submit(self, task: Task) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(self.worker.run(task))
        except BaseException as e:  # KeyboardInterrupt included: the build loop re-raises it
            fut.set_exception(e)
        return fut

    def close(self, cancel: bool) -> None:
        self.worker.close()


class _PoolRunner(Runner):
    """A pool of processes on this machine, each reading its files and the store itself."""

    def __init__(self, opts: BuildOptions, workers: int):
        self.workers = workers
        self.store_file = ""
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(opts, None))

    def begin(self, store: Store) -> None:
        self.store_file = str(store.path)

    def submit(self, task: Task) -> Future:
        return self.pool.submit(_run_task, task, self.store_file)

    def close(self, cancel: bool) -> None:
        if cancel:  # an interrupted build should not wait for the tasks in flight
            for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
                proc.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def worker_count(requested: int, n_files: int) -> int:
    """How many extraction processes to use: `requested`, or for 0 one per core (at most 4)."""
    n = requested if requested > 0 else min(os.cpu_count() or 1, 4)
    return max(1, min(n, n_files))


# -- committing ---------------------------------------------------------------------------------
class _Committer:
    """Commits task results into one store in task order; counts, reports failures, shows progress."""

    def __init__(self, store: Store, opts: BuildOptions, report: BuildReport,
                 on_failure: Callable[[str, str], None] | None):
        self.store, self.opts, self.report, self.on_failure = store, opts, report, on_failure

    def fail(self, path: str, reason: str, detail: str = "") -> None:
        self.report.failed.append((path, reason))
        self.store.record_failure(path, reason, detail)
        message = failure_message(path, reason, detail)
        if self.on_failure:
            self.on_failure(path, message)
        else:
            tqdm.write(f"error: {message}", file=sys.stderr)
        if self.opts.strict:
            raise StrictFailure(message)

    def run(self, tasks: Iterable[Task], total: int, runner: Runner, desc: str) -> None:
        """Send `tasks` to `runner`, at most 2 × its workers at a time, and commit what comes back."""
        report, started = self.report, time.perf_counter()
        bar = tqdm(total=total, unit="file", desc=desc, disable=not self.opts.progress, file=sys.stderr,
                   dynamic_ncols=True)
        source = iter(tasks)
        pending: deque[tuple[Task, Future]] = deque()
        more = True
        runner.begin(self.store)
        try:
            while True:
                while more and len(pending) < 2 * runner.workers:
                    task = next(source, None)
                    more = task is not None
                    if task is not None:
                        pending.append((task, runner.submit(task)))
                if not pending:
                    break
                task, future = pending.popleft()
                try:
                    result = runner.result(future)
                except Exception as e:
                    if not runner.retry_alone(e):
                        raise
                    self._retry_alone(task, e, pending, runner, bar)
                    continue
                for fr in result.files:
                    if fr.more:
                        # The rest of this long file is committed before the tasks already in flight.
                        rest = Task([fr.path], fr.first_part + PARTS_PER_TASK)
                        pending.appendleft((rest, runner.submit(rest)))
                if result.fatal is not None:
                    raise result.fatal
                for fr in result.files:
                    self._commit(fr)
                    if not fr.more:
                        bar.update(1)
                elapsed = time.perf_counter() - started
                bar.set_postfix_str(f"{report.added} added, {report.chars / max(elapsed, 1e-9):,.0f} chars/s")
        except BaseException:
            for _, fut in pending:
                fut.cancel()
            raise
        finally:
            bar.close()

    def _commit(self, fr: FileResult) -> None:
        report = self.report
        for n, extraction in fr.parts:
            report.parts += n > 0
            if extraction is None or not self.store.add_extraction(extraction):
                report.unchanged += 1
                continue
            report.added += 1
            report.chars += len(extraction.document.text)
        if fr.error is not None:
            self.fail(str(fr.path), *fr.error)

    def _retry_alone(self, task: Task, error: BaseException, pending: deque, runner: Runner, bar: tqdm) -> None:
        """A task killed the workers that ran it: try its files one by one, and fail the one
        that still does, so that one bad report costs only itself."""
        singles = [Task([p], task.first_part) for p in task.paths] + [Task(documents=[d]) for d in task.documents]
        if len(singles) > 1:
            for t in reversed(singles):
                pending.appendleft((t, runner.submit(t)))
            return
        path = task.paths[0] if task.paths else Path(task.documents[0].path)
        self.fail(str(path), "extraction error", f"the workers extracting it died ({type(error).__name__}: {error})")
        bar.update(1)


def build(
    paths: list[str | Path],
    store: Store,
    options: BuildOptions | None = None,
    on_failure: Callable[[str, str], None] | None = None,
    cluster: DaskCluster | None = None,
) -> BuildReport:
    """Add the reports under `paths` to `store`, extracting its stored reports again first
    if the extractor changed (graph_loader/reextract.py); see the module docstring.
    With `cluster`, extraction runs on its workers (graph_loader/cluster.py)."""
    from . import reextract

    opts = options or BuildOptions()
    files = iter_report_paths(paths)
    current = extractor_fingerprint(opts.backend, opts.model)
    outdated = store.document_count() > 0 and store.fingerprint() != current
    if outdated:
        reextract.check_sources(store)  # before any work: a store that cannot follow says so
    if cluster is not None:
        runner: Runner = cluster.runner(opts)
        workers = runner.workers
    else:
        workers = worker_count(opts.workers, max(len(files), store.document_count() if outdated else 0))
        if not isinstance(opts.backend, str):
            workers = 1  # a backend object lives in this process only
        runner = _InlineRunner(opts) if workers == 1 else _PoolRunner(opts, workers)
    report = BuildReport(workers=workers)
    started = time.perf_counter()
    try:
        if outdated:
            report.reextracted, failed = reextract.follow(store, current, runner, lambda target, sub: _Committer(
                target, opts, sub, on_failure))
            report.failed += failed
        elif store.fingerprint() != current:
            store.set_fingerprint(current)
        committer = _Committer(store, opts, report, on_failure)
        committer.run(plan_tasks(files, opts.chunk_chars, workers), len(files), runner, "build")
    except BaseException:
        runner.close(cancel=True)
        raise
    else:
        runner.close(cancel=False)
    finally:
        report.seconds = time.perf_counter() - started
    return report
