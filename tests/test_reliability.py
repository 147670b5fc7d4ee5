"""Reliability (issue 7): broken inputs fail alone and loudly, builds resume, limits hold.

The broken corpus is tests/fixtures/broken/ (made by scripts/make_broken_fixtures.py);
manifest.tsv there says what must happen to each file.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from build_corpus import build_cmd, graph_snapshot, interrupt, write_many_reports

from graph_loader.build import BuildOptions, StrictFailure, build
from graph_loader.cli import main
from graph_loader.store import Store, db_path
from ner.ingest import REASONS, IngestError, iter_documents, read_document
from ner.model import Token

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "broken"


def _fixtures_module():
    spec = importlib.util.spec_from_file_location("make_broken_fixtures", ROOT / "scripts" / "make_broken_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = _fixtures_module()
MANIFEST = fixtures.read_manifest(BROKEN)
LIMIT = int(fixtures.LIMIT_MB * 1024 * 1024)


# -- the corpus ---------------------------------------------------------------------------------
def test_committed_corpus_is_what_the_script_makes(tmp_path):
    made = fixtures.make_corpus(tmp_path)
    assert made == MANIFEST
    assert set(MANIFEST.values()) - {"ok"} <= set(REASONS)
    for name in MANIFEST:
        assert (BROKEN / name).exists(), f"{name} missing: run scripts/make_broken_fixtures.py"


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_file_meets_its_expected_outcome(name):
    path = BROKEN / name
    expected = MANIFEST[name]
    if expected == "ok":
        docs = list(iter_documents(path, max_bytes=LIMIT))
        assert len(docs) == 1
        assert "镇海区" in docs[0].text and "<" not in docs[0].text
        return
    with pytest.raises(IngestError) as err:
        list(iter_documents(path, max_bytes=LIMIT))
    assert err.value.reason == expected
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message


def test_scanned_generator_really_has_no_text_layer_but_the_text_generator_does(tmp_path):
    # Guards the fixtures themselves: the 'scan' fails for want of text, not for being broken.
    from pdfminer.high_level import extract_text

    assert extract_text(str(BROKEN / "scanned.pdf")).strip() == ""
    pdf = fixtures.write_pdf(tmp_path / "t.pdf", ["中石化(宁波)安全科技有限公司成功注册。"])
    assert "中石化(宁波)安全科技有限公司成功注册。" in extract_text(str(pdf)).replace("\n", "")


# -- the batch goes on ------------------------------------------------------------------------
def _corpus_paths() -> list[Path]:
    return [BROKEN / name for name in sorted(MANIFEST)]


def test_build_records_each_failure_and_goes_on(tmp_path, sample_paths, capsys):
    store_dir = tmp_path / "g"
    paths = [*_corpus_paths(), sample_paths[3]]
    code = main(["build", *map(str, paths), "--out", str(store_dir), "--quiet", "--max-size", str(fixtures.LIMIT_MB)])
    err = capsys.readouterr().err
    failing = {name: reason for name, reason in MANIFEST.items() if reason != "ok"}
    assert code == 1
    error_lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert len(error_lines) == len(failing)
    for name, reason in failing.items():
        assert any(ln.startswith(f"error: {BROKEN / name}: {reason}") for ln in error_lines), name
    with Store(store_dir, create=False) as store:
        recorded = {Path(f["path"]).name: f["reason"] for f in store.failures()}
        assert recorded == failing
        stored = {Path(d["path"]).name for d in store.documents()}
    assert stored == {name for name, r in MANIFEST.items() if r == "ok"} | {sample_paths[3].name}


def test_a_clean_batch_exits_zero_and_a_missing_path_is_a_failure(tmp_path, sample_paths, capsys):
    store_dir = tmp_path / "g"
    assert main(["build", str(sample_paths[0]), "--out", str(store_dir), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["build", str(tmp_path / "nope.txt"), str(sample_paths[0]), "--out", str(store_dir), "--quiet"]) == 1
    assert f"error: {tmp_path / 'nope.txt'}: not found" in capsys.readouterr().err


def test_strict_stops_at_the_first_failure(tmp_path, sample_paths, capsys):
    store_dir = tmp_path / "g"
    paths = [sample_paths[0], BROKEN / "empty.txt", sample_paths[3]]
    assert main(["build", *map(str, paths), "--out", str(store_dir), "--quiet", "--strict"]) == 1
    assert "stopped at the first failure (--strict)" in capsys.readouterr().err
    with Store(store_dir, create=False) as store:
        assert [Path(d["path"]).name for d in store.documents()] == [sample_paths[0].name]
        assert [(Path(f["path"]).name, f["reason"]) for f in store.failures()] == [("empty.txt", "empty file")]
    with Store(tmp_path / "h") as store, pytest.raises(StrictFailure):
        build([BROKEN / "legacy.doc"], store, BuildOptions(progress=False, strict=True))


def test_a_fixed_file_clears_its_failure(tmp_path, sample_paths):
    report = tmp_path / "report.txt"
    report.write_bytes(b"")
    with Store(tmp_path / "g") as store:
        assert build([report], store, BuildOptions(progress=False)).failed == [(str(report), "empty file")]
        report.write_bytes(sample_paths[2].read_bytes())
        again = build([report], store, BuildOptions(progress=False))
        assert again.ok and again.added == 1
        assert store.failures() == []


def test_a_timeout_is_recorded_as_a_failure(tmp_path, sample_paths):
    # A limit of a microsecond: the real NER call always takes longer, on any machine.
    with Store(tmp_path / "g") as store:
        report = build(sample_paths[:2], store, BuildOptions(progress=False, timeout=1e-6))
        assert [r for _, r in report.failed] == ["timeout", "timeout"]
        assert {f["reason"] for f in store.failures()} == {"timeout"}
        assert store.counts()["documents"] == 0
        # Without the limit the same reports go in, and their failures are cleared.
        assert build(sample_paths[:2], store, BuildOptions(progress=False)).added == 2
        assert store.failures() == []


class _FailingBackend:
    """A backend with a bug that shows on one report only (stands in for any extraction bug)."""

    name = "failing"

    def __init__(self, poison: str):
        from ner.backends import get_backend

        self.real = get_backend("lac")
        self.poison = poison

    def analyse(self, texts: list[str]) -> list[list[Token]]:
        if any(self.poison in t for t in texts):
            raise ValueError("backend bug")
        return self.real.analyse(texts)


def test_an_extraction_bug_costs_only_its_report(tmp_path, sample_paths):
    with Store(tmp_path / "g") as store:
        opts = BuildOptions(progress=False, backend=_FailingBackend("甬江实验室"))  # in report 003 only
        report = build(sample_paths[2:4], store, opts)
        assert report.added == 1
        assert report.failed == [(str(sample_paths[3]), "extraction error")]
        assert "ValueError: backend bug" in store.failures()[0]["detail"]


# -- limits -----------------------------------------------------------------------------------
def _long_report(path: Path, sample_paths, copies: int) -> Path:
    paragraphs = [p for p in sample_paths[3].read_text(encoding="utf-8").split("\n") if len(p) > 40]
    with path.open("w", encoding="gb18030") as f:
        for k in range(copies):
            f.write(f"第{k + 1}篇\n" + "\n\n".join(paragraphs) + "\n\n")
    return path


def test_a_long_text_is_read_in_bounded_parts(tmp_path, sample_paths):
    path = _long_report(tmp_path / "long.txt", sample_paths, copies=300)  # ~4 MB of GB18030, ~2.2 M chars
    chunk = 50_000
    next(iter_documents(path, chunk_chars=chunk))  # load lexicons and encoding tables before measuring
    tracemalloc.start()
    n_parts = chars = 0
    first_title = ""
    for doc in iter_documents(path, chunk_chars=chunk):
        n_parts += 1
        chars += len(doc.text)
        assert len(doc.text) <= chunk
        first_title = first_title or doc.title
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n_parts >= chars // chunk
    # The file holds ~4.2 MB and decodes to ~4.4 MB of str: reading it whole peaks near 15 MB.
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes"
    assert first_title.endswith("（第1部分）")
    whole = read_document(path)
    assert chars <= len(whole.text) <= chars + 2 * n_parts  # nothing lost but the breaks between parts


def test_a_long_report_is_built_part_by_part(tmp_path, sample_paths):
    path = _long_report(tmp_path / "long.txt", sample_paths, copies=3)
    with Store(tmp_path / "g") as store:
        report = build([path], store, BuildOptions(progress=False, chunk_chars=8000))
        docs = store.documents()
        assert report.ok and report.added == len(docs) >= 3 and report.parts == len(docs) - 1
        assert all(d["n_chars"] <= 8000 and d["path"] == str(path) for d in docs)
        assert sorted(d["title"][-6:] for d in docs)[0].startswith("（第")
        assert store.counts()["relations"]
        # A second run finds every part already stored.
        assert build([path], store, BuildOptions(progress=False, chunk_chars=8000)).unchanged == len(docs)


def test_cli_limits_are_options(tmp_path, sample_paths, capsys):
    big = sample_paths[1]  # 73 KB
    assert main(["build", str(big), "--out", str(tmp_path / "g"), "--quiet", "--max-size", "0.05"]) == 1
    assert "too large" in capsys.readouterr().err
    assert main(["build", str(big), "--out", str(tmp_path / "g"), "--quiet", "--chunk-chars", "5"]) == 2


# -- interrupted builds -------------------------------------------------------------------------
N_REPORTS = 24


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory, sample_paths) -> Path:
    return write_many_reports(tmp_path_factory.mktemp("many"), sample_paths, N_REPORTS)


def _snapshot(store_dir: Path) -> dict:
    return graph_snapshot(store_dir)


def _build_cmd(reports: Path, store_dir: Path) -> list[str]:
    return build_cmd(reports, store_dir)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, many_reports) -> dict:
    store_dir = tmp_path_factory.mktemp("reference")
    subprocess.run(_build_cmd(many_reports, store_dir), cwd=ROOT, check=True, capture_output=True)
    snap = _snapshot(store_dir)
    assert len(snap["documents"]) == N_REPORTS and snap["edges"]
    return snap


def _interrupt(reports: Path, store_dir: Path, sig: int) -> subprocess.CompletedProcess:
    """Start a build, send `sig` once three reports are committed, return the finished process."""
    return interrupt(_build_cmd(reports, store_dir), db_path(store_dir), sig)


@pytest.mark.slow
def test_a_killed_build_resumes_to_the_same_graph(tmp_path, many_reports, reference):
    store_dir = tmp_path / "g"
    killed = _interrupt(many_reports, store_dir, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    partial = _snapshot(store_dir)  # opens, passes the integrity check, holds whole reports only
    assert 3 <= len(partial["documents"]) < N_REPORTS
    resumed = subprocess.run(_build_cmd(many_reports, store_dir), cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"already in the store: {len(partial['documents'])}" in resumed.stdout
    assert _snapshot(store_dir) == reference


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery as Ctrl-C is POSIX")
def test_ctrl_c_keeps_finished_reports_and_resumes(tmp_path, many_reports, reference):
    store_dir = tmp_path / "g"
    stopped = _interrupt(many_reports, store_dir, signal.SIGINT)
    assert stopped.returncode == 130
    assert "interrupted: the store keeps every report finished so far" in stopped.stderr
    assert 3 <= len(_snapshot(store_dir)["documents"]) < N_REPORTS
    subprocess.run(_build_cmd(many_reports, store_dir), cwd=ROOT, check=True, capture_output=True)
    assert _snapshot(store_dir) == reference
