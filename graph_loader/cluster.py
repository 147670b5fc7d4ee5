"""Extraction on a Dask cluster: `innokg build --scheduler tcp://HOST:8786` (or `local:N`).

The build is already split the right way: a pool extracts, this process alone commits in
file order (graph_loader/build.py). Here the pool is a dask.distributed cluster, reached
through the concurrent.futures executor its Client offers; committing is unchanged, so
the graph is the one of a local build, incremental and resumable in the same way.

Files reach the workers as bytes, read here: a worker needs no access to this machine's
disk or the store, and the bytes are small next to the work (a worker extracting 40,000
characters a second reads about 120 KB of text a second). What the store holds already
goes to every worker once per build (KnownDocuments), so stored reports are skipped there
as in a local build. Every task comes back with the worker's extractor fingerprint: a
worker running another innokg, other lexicons or another model stops the build rather
than mix two extractors in one graph.

A worker that dies takes its tasks with it; the scheduler runs them again on another
worker, and since results are committed here in file order, the graph is the same. A
task whose workers keep dying (distributed's allowed-failures, 3 by default) is tried
again file by file, and only the file that still kills its worker fails.
"""

from __future__ import annotations

import logging
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass

from ner.fingerprint import extractor_fingerprint
from ner.ingest import IngestError, read_report_bytes

from .build import BuildOptions, KnownDocuments, Runner, Task, TaskResult, run_remote
from .store import Store

CONNECT_TIMEOUT = 20.0  # seconds to reach the scheduler, and for it to have a worker
# Worker settings for extraction, which allocates and frees many small objects: Dask's
# nannies start workers with MALLOC_TRIM_THRESHOLD_=65536 (glibc then hands memory back
# to the system at nearly every free, and extraction costs 30% more CPU), and each worker
# samples its task's stack every 10 ms for the dashboard's profile. Applied to local:N;
# for a cluster of your own, set them where its workers start (see the README).
WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
INSTALL_HINT = "pip install 'innokg[dask]' (dask.distributed)"


class ClusterError(RuntimeError):
    """The cluster cannot be reached, was lost, or runs another extractor."""


@dataclass
class DaskCluster:
    """A connected Client, and the LocalCluster it runs on for `local:N`."""

    client: object
    address: str
    local: object | None = None

    def threads(self) -> int:
        """The worker threads of the cluster now: each runs one task at a time."""
        return max(1, sum(self.client.nthreads().values()))

    def dashboard(self) -> str | None:
        """The address of the cluster's dashboard, if it serves one."""
        try:
            return self.client.dashboard_link
        except (KeyError, AttributeError, OSError):
            return None

    def describe(self) -> str:
        workers = len(self.client.nthreads())
        dashboard = self.dashboard() or "none (the scheduler serves none; bokeh missing?)"
        return f"scheduler {self.address}, {workers} worker(s), {self.threads()} thread(s); dashboard {dashboard}"

    def runner(self, opts: BuildOptions) -> DaskRunner:
        return DaskRunner(self, opts)

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()


def connect(spec: str, timeout: float | None = None) -> DaskCluster:
    """Connect to the scheduler at `spec` (tcp://HOST:PORT, any address distributed takes), or
    start a LocalCluster of N one-thread worker processes for `local:N`; ClusterError if that fails."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ClusterError(f"--scheduler needs dask.distributed, which is not installed: {INSTALL_HINT}") from e
    timeout = timeout or CONNECT_TIMEOUT
    if spec.startswith("local:"):
        try:
            n = int(spec.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise ClusterError(f"--scheduler {spec}: local:N needs a number of workers N >= 1")
        # One thread per worker process: the NER model runs on one core per process, and the
        # Python around it would only contend for one GIL. Everything listens on loopback.
        with dask.config.set(WORKER_CONFIG):
            local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                 dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        return DaskCluster(Client(local), local.scheduler_address, local)
    try:
        client = Client(spec, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {spec}: {e}") from e
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as e:
        client.close()
        raise ClusterError(f"the Dask scheduler at {spec} has no workers (waited {timeout:g} s)") from e
    return DaskCluster(client, spec)


class DaskRunner(Runner):
    """Sends tasks to the cluster's workers with the files' bytes; see the module docstring."""

    def __init__(self, cluster: DaskCluster, opts: BuildOptions):
        if not isinstance(opts.backend, str):
            raise ClusterError("a cluster build needs a backend by name (lac or hanlp), not an object")
        self.cluster = cluster
        self.client = cluster.client
        self.executor = self.client.get_executor(pure=False)
        self.opts = opts
        self.workers = cluster.threads()
        self.expected = extractor_fingerprint(opts.backend, opts.model).digest
        self.known = None

    def begin(self, store: Store) -> None:
        if self.known is not None:
            self.known.release()
        hashes = store.content_hashes()
        self.known = self.client.scatter(KnownDocuments(hashes), broadcast=True, hash=False) if hashes else None

    def submit(self, task: Task) -> Future:
        blobs: list[bytes | tuple[str, str]] | None = None
        if task.paths:
            blobs = []
            for path in task.paths:
                try:
                    blobs.append(read_report_bytes(path, self.opts.max_bytes))
                except IngestError as e:
                    blobs.append((e.reason, e.detail))  # the worker reports it as the file's failure
        return self.executor.submit(run_remote, task, blobs, self.opts, self.known)

    def result(self, future: Future) -> TaskResult:
        try:
            result: TaskResult = future.result()
        except (OSError, CancelledError) as e:
            raise ClusterError(f"lost the Dask cluster at {self.cluster.address}: {type(e).__name__}: {e}") from e
        if result.fingerprint != self.expected:
            raise ClusterError(
                f"a worker of {self.cluster.address} extracts with another innokg (fingerprint "
                f"{result.fingerprint}, here {self.expected}): install the same innokg, lexicons and model "
                "on every worker")
        return result

    def retry_alone(self, error: BaseException) -> bool:
        from distributed import KilledWorker

        return isinstance(error, KilledWorker)

    def close(self, cancel: bool) -> None:
        self.executor.shutdown(wait=not cancel)
        if self.known is not None:
            self.known.release()
            self.known = None
