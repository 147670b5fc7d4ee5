"""Builds on a Dask cluster (graph_loader/cluster.py), on LocalClusters of this machine:
the same graph as a plain build, a worker killed mid-build, an unreachable scheduler, a
worker with another extractor, files sent as bytes, stored reports skipped on the workers."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from concurrent.futures import Future
from pathlib import Path
from types import SimpleNamespace

import pytest
from build_corpus import ROOT, build_cmd, committed, graph_snapshot, write_many_reports

from graph_loader import cluster as cluster_module
from graph_loader.build import BuildOptions, KnownDocuments, Task, _InlineRunner, build
from graph_loader.cli import main
from graph_loader.cluster import DaskCluster
from graph_loader.store import Store, db_path, reextract_path

distributed = pytest.importorskip("distributed", reason="dask.distributed (innokg[dask]; make test installs it)")
from distributed import Client, KilledWorker, LocalCluster  # noqa: E402

N_REPORTS = 24


def _local_cluster(**worker_kwargs) -> LocalCluster:
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR, **worker_kwargs)


def _corpus(tmp: Path, sample_paths: list[Path], n: int) -> dict:
    """`n` small reports and the graph of their plain (process pool) build."""
    reports = write_many_reports(tmp / "reports", sample_paths, n)
    subprocess.run(build_cmd(reports, tmp / "plain"), cwd=ROOT, check=True, capture_output=True)
    reference = graph_snapshot(tmp / "plain")
    assert len(reference["documents"]) == n and reference["edges"]
    return {"reports": reports, "reference": reference}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_paths) -> dict:
    return _corpus(tmp_path_factory.mktemp("cluster"), sample_paths, N_REPORTS)


@pytest.fixture(scope="module")
def shared_cluster():
    with _local_cluster() as local, Client(local) as client:
        yield DaskCluster(client, local.scheduler_address)


def test_local_n_builds_the_plain_graph_incrementally(tmp_path, corpus, capsys):
    store_dir = tmp_path / "g"
    files = sorted(corpus["reports"].glob("*.txt"))
    # Half the reports first, on the local pool; then all on the cluster: the rest is added.
    assert main(["build", *map(str, files[:10]), "--out", str(store_dir), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["build", str(corpus["reports"]), "--out", str(store_dir), "--quiet", "--scheduler", "local:2"]) == 0
    out, err = capsys.readouterr()
    assert "dask: scheduler tcp://127.0.0.1:" in err and "2 worker(s)" in err
    assert "dashboard http://127.0.0.1:" in err
    assert f"reports added: {N_REPORTS - 10}, already in the store: 10" in out
    assert graph_snapshot(store_dir) == corpus["reference"]


def test_a_scheduler_address_builds_the_plain_graph(tmp_path, corpus, shared_cluster):
    store_dir = tmp_path / "g"
    done = subprocess.run(build_cmd(corpus["reports"], store_dir, "--scheduler", shared_cluster.address), cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"dask: scheduler {shared_cluster.address}, 2 worker(s)" in done.stderr
    assert graph_snapshot(store_dir) == corpus["reference"]


def test_workers_get_the_files_bytes_not_their_paths(tmp_path, corpus, shared_cluster, monkeypatch):
    # A path relative to a folder only this process is in: a worker reading its own disk
    # would not find it (the workers run in the repository folder).
    here = tmp_path / "client"
    shutil.copytree(corpus["reports"], here / "reports")
    monkeypatch.chdir(here)
    assert not (ROOT / "reports").exists()
    with Store(tmp_path / "g") as store:
        report = build(["reports"], store, BuildOptions(progress=False), cluster=shared_cluster)
        assert report.ok and report.added == N_REPORTS
        assert {d["path"] for d in store.documents()} == {f"reports/r{i:02d}.txt" for i in range(N_REPORTS)}


def test_stored_reports_are_skipped_on_the_workers(tmp_path, corpus, shared_cluster):
    files = sorted(corpus["reports"].glob("*.txt"))
    with Store(tmp_path / "g") as store:
        build(files[:2], store, BuildOptions(progress=False))
        runner = shared_cluster.runner(BuildOptions(progress=False))
        runner.begin(store)
        try:
            result = runner.result(runner.submit(Task(files[:3])))
        finally:
            runner.close(cancel=False)
    parts = [fr.parts for fr in result.files]
    assert parts[0] == [(0, None)] and parts[1] == [(0, None)]  # stored: not extracted again
    assert parts[2][0][1] is not None and parts[2][0][1].mentions


def test_a_worker_killed_mid_build_loses_nothing(tmp_path, sample_paths):
    # Enough reports (about 190,000 characters) for the build to outlast the killing.
    corpus = _corpus(tmp_path / "corpus", sample_paths, 200)
    store_dir = tmp_path / "g"
    with _local_cluster() as local, Client(local) as client:
        proc = subprocess.Popen(build_cmd(corpus["reports"], store_dir, "--scheduler", local.scheduler_address),
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        victim = None
        while proc.poll() is None and victim is None:
            time.sleep(0.05)
            if committed(db_path(store_dir)) >= 2:
                victim = next((w for w, keys in client.processing().items() if keys), None)
        assert victim is not None, "the build finished before a worker could be killed"
        at_kill = committed(db_path(store_dir))
        os.kill(client.run(os.getpid)[victim], signal.SIGKILL)
        out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert at_kill < 200
    assert graph_snapshot(store_dir) == corpus["reference"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_leaves_the_store_as_it_was(tmp_path, corpus, sample_paths, monkeypatch, capsys):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 3.0)
    store_dir = tmp_path / "g"
    assert main(["build", str(sample_paths[0]), "--out", str(store_dir), "--quiet"]) == 0
    before = graph_snapshot(store_dir)
    files_before = sorted(p.name for p in store_dir.iterdir())
    capsys.readouterr()
    address = f"tcp://127.0.0.1:{_free_port()}"
    # Even --fresh, which would empty the store, must not run without a cluster to build on.
    code = main(["build", str(corpus["reports"]), "--out", str(store_dir), "--quiet", "--fresh", "--scheduler", address])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: cannot reach the Dask scheduler at {address}") and err.count("\n") == 1
    assert graph_snapshot(store_dir) == before and sorted(p.name for p in store_dir.iterdir()) == files_before
    assert main(["build", str(corpus["reports"]), "--out", str(tmp_path / "new"), "--scheduler", address]) == 2
    assert not (tmp_path / "new").exists() and not reextract_path(tmp_path / "new").exists()


def test_a_worker_with_another_extractor_is_refused(tmp_path, corpus, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "lexicons", data / "lexicons")
    with (data / "lexicons" / "heads.tsv").open("a", encoding="utf-8") as f:
        f.write("示范中心\tPlatform\t0.7\t\t\n")
    store_dir = tmp_path / "g"
    with _local_cluster(env={"INNOKG_DATA": str(data)}) as local:
        code = main(["build", str(corpus["reports"]), "--out", str(store_dir), "--quiet",
                     "--scheduler", local.scheduler_address])
    assert code == 2
    assert "extracts with another innokg" in capsys.readouterr().err
    with Store(store_dir, create=False) as store:
        assert store.document_count() == 0  # nothing from the other extractor went in


class _DyingRunner(_InlineRunner):
    """Runs tasks in this process, but a task holding `bad` ends as a task whose workers all
    died (distributed's KilledWorker). Mocked: a report that really kills a worker process
    is not one we can write on purpose."""

    def __init__(self, opts: BuildOptions, bad: Path):
        super().__init__(opts)
        self.bad = bad

    def submit(self, task: Task) -> Future:
        if self.bad in task.paths:
            fut: Future = Future()
            fut.set_exception(KilledWorker("task", SimpleNamespace(address="tcp://127.0.0.1:1"), 3))
            return fut
        return super().submit(task)

    def retry_alone(self, error: BaseException) -> bool:
        return isinstance(error, KilledWorker)


class _FakeCluster:
    def __init__(self, bad: Path):
        self.bad = bad

    def runner(self, opts: BuildOptions) -> _DyingRunner:
        return _DyingRunner(opts, self.bad)


def test_a_report_that_kills_its_workers_costs_only_itself(tmp_path, corpus):
    files = sorted(corpus["reports"].glob("*.txt"))[:8]
    bad = files[4]
    with Store(tmp_path / "g") as store:
        report = build(files, store, BuildOptions(progress=False, workers=4), cluster=_FakeCluster(bad))
        assert report.failed == [(str(bad), "extraction error")]
        assert report.added == 7
        assert {d["path"] for d in store.documents()} == {str(f) for f in files if f != bad}
        assert store.failures()[0]["path"] == str(bad) and "died" in store.failures()[0]["detail"]


def test_known_documents_hold_exactly_the_stored_hashes():
    known = KnownDocuments(["a" * 64, "b" * 64, "not even hex"])
    assert "a" * 64 in known and "not even hex" in known and len(known) == 3
    assert "c" * 64 not in known and "" not in known
    assert "x" not in KnownDocuments([])
