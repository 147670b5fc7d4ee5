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
so memory follows the batch, not the corpus.

Limits: files above `max_bytes` are refused; long reports are cut into parts of at most
`chunk_chars` characters (ner.ingest.iter_documents), each extracted and committed alone,
and a worker hands back at most `PARTS_PER_TASK` parts at a time, so memory follows the
part, not the file; each part's NER call has `timeout` seconds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ner.backends import Backend, BackendUnavailable
from ner.ingest import DEFAULT_CHUNK_CHARS, DEFAULT_MAX_BYTES, IngestError, iter_documents, iter_report_paths
from ner.model import Document, Extraction
from ner.pipeline import ExtractionTimeout, Pipeline

from .store import Store, db_path

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
    paths: list[Path]
    first_part: int = 0  # for a single long file: where this slice starts


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


class _Worker:
    """Per-process state: the pipeline and a read-only view of the store's documents."""

    def __init__(self, opts: BuildOptions, store_file: str | None):
        self.opts = opts
        self.store_file = store_file
        self.pipeline: Pipeline | None = None
        self._conn: sqlite3.Connection | None = None

    def stored(self, content_hash: str) -> bool:
        if self.store_file is None or not Path(self.store_file).exists():
            return False
        if self._conn is None:
            self._conn = sqlite3.connect(f"file:{self.store_file}?mode=ro", uri=True, timeout=30)
        row = self._conn.execute("SELECT 1 FROM documents WHERE content_hash=?", (content_hash,)).fetchone()
        return row is not None

    def run(self, task: Task) -> TaskResult:
        results: list[FileResult] = []
        todo: list[tuple[FileResult, int, Document]] = []
        try:
            for path in task.paths:
                fr = FileResult(path, task.first_part)
                results.append(fr)
                try:
                    for n, doc in self._documents(path, task.first_part, fr):
                        if self.stored(doc.content_hash):
                            fr.parts.append((n, None))
                        else:
                            todo.append((fr, n, doc))
                except IngestError as e:
                    fr.error = (e.reason, e.detail)
            self._extract(todo)
        except (BackendUnavailable, sqlite3.Error) as e:
            return TaskResult(results, fatal=e)  # every later report would fail the same way
        for fr in results:
            fr.parts.sort(key=lambda p: p[0])
        return TaskResult(results)

    def _documents(self, path: Path, first: int, fr: FileResult) -> Iterator[tuple[int, Document]]:
        opts = self.opts
        for n, doc in enumerate(iter_documents(path, max_bytes=opts.max_bytes, chunk_chars=opts.chunk_chars)):
            if n < first:
                continue
            if n >= first + PARTS_PER_TASK:
                fr.more = True
                return
            yield n, doc

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


def _run_task(task: Task) -> TaskResult:
    assert _WORKER is not None
    return _WORKER.run(task)


class _InlineExecutor(Executor):
    """Runs tasks in this process when submitted (the one-worker build)."""

    def __init__(self, worker: _Worker):
        self.worker = worker

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(self.worker.run(*args))
        except BaseException as e:  # KeyboardInterrupt included: the build loop re-raises it
            fut.set_exception(e)
        return fut


def worker_count(requested: int, n_files: int) -> int:
    """How many extraction processes to use: `requested`, or for 0 one per core (at most 4)."""
    n = requested if requested > 0 else min(os.cpu_count() or 1, 4)
    return max(1, min(n, n_files))


def build(
    paths: list[str | Path],
    store: Store,
    options: BuildOptions | None = None,
    on_failure: Callable[[str, str], None] | None = None,
) -> BuildReport:
    """Add the reports under `paths` to `store`; see the module docstring."""
    opts = options or BuildOptions()
    files = iter_report_paths(paths)
    workers = worker_count(opts.workers, len(files))
    if not isinstance(opts.backend, str):
        workers = 1  # a backend object lives in this process only
    report = BuildReport(workers=workers)
    started = time.perf_counter()
    bar = tqdm(total=len(files), unit="file", desc="build", disable=not opts.progress, file=sys.stderr,
               dynamic_ncols=True)

    def fail(path: str, reason: str, detail: str = "") -> None:
        report.failed.append((path, reason))
        store.record_failure(path, reason, detail)
        message = failure_message(path, reason, detail)
        if on_failure:
            on_failure(path, message)
        else:
            tqdm.write(f"error: {message}", file=sys.stderr)
        if opts.strict:
            raise StrictFailure(message)

    store_file = str(db_path(store.path))
    if workers == 1:
        executor: Executor = _InlineExecutor(_Worker(opts, store_file))
    else:
        executor = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(opts, store_file))
    pending: deque[Future] = deque()
    todo = deque(plan_tasks(files, opts.chunk_chars, workers))
    window = 2 * workers
    try:
        while todo or pending:
            while todo and len(pending) < window:
                pending.append(executor.submit(_run_task, todo.popleft()))
            result: TaskResult = pending.popleft().result()
            for fr in result.files:
                if fr.more:
                    # The rest of this long file is committed before the tasks already in flight.
                    pending.appendleft(executor.submit(_run_task, Task([fr.path], fr.first_part + PARTS_PER_TASK)))
            if result.fatal is not None:
                raise result.fatal
            for fr in result.files:
                for n, extraction in fr.parts:
                    report.parts += n > 0
                    if extraction is None or not store.add_extraction(extraction):
                        report.unchanged += 1
                        continue
                    report.added += 1
                    report.chars += len(extraction.document.text)
                if fr.error is not None:
                    fail(str(fr.path), *fr.error)
                if not fr.more:
                    bar.update(1)
            elapsed = time.perf_counter() - started
            bar.set_postfix_str(f"{report.added} added, {report.chars / max(elapsed, 1e-9):,.0f} chars/s")
    except BaseException:
        for fut in pending:
            fut.cancel()
        _stop_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        bar.close()
        report.seconds = time.perf_counter() - started
    return report


def _stop_workers(executor: Executor) -> None:
    """End the pool's processes now: an interrupted build should not wait for their tasks."""
    processes = getattr(executor, "_processes", None) or {}
    for proc in list(processes.values()):
        proc.terminate()
