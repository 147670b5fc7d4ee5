"""`innokg build --fresh` never costs the store it is meant to replace."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from graph_loader.cli import main
from graph_loader.fresh import fresh_path
from graph_loader.store import Store, db_path

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"


def _documents(store_dir: Path) -> list[str]:
    with Store(store_dir, create=False) as store:
        return sorted(Path(d["path"]).name for d in store.documents())


def _store_with(tmp_path: Path, report: Path) -> Path:
    store_dir = tmp_path / "g"
    assert main(["build", str(report), "--store", str(store_dir), "--quiet"]) == 0
    return store_dir


def test_a_fresh_build_from_a_missing_folder_keeps_the_store(tmp_path, sample_paths, capsys):
    store_dir = _store_with(tmp_path, sample_paths[0])
    capsys.readouterr()
    assert main(["build", str(tmp_path / "typo"), "--store", str(store_dir), "--fresh", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "typo: not found" in err and "is unchanged; the fresh build was discarded" in err
    assert _documents(store_dir) == [sample_paths[0].name]
    assert not fresh_path(db_path(store_dir)).exists()


def test_a_fresh_build_that_succeeds_replaces_the_store(tmp_path, sample_paths, capsys):
    store_dir = _store_with(tmp_path, sample_paths[0])
    reader = Store(store_dir, create=False)  # an explorer with the store open meanwhile
    assert main(["build", str(sample_paths[3]), "--out", str(store_dir), "--fresh", "--quiet"]) == 0
    assert "the fresh build replaced the store" in capsys.readouterr().err
    assert _documents(store_dir) == [sample_paths[3].name]
    assert [Path(d["path"]).name for d in reader.documents()] == [sample_paths[3].name]
    reader.close()
    assert not [p.name for p in store_dir.iterdir() if "fresh" in p.name]
    # The replaced store is a whole store: building on it goes on as usual.
    assert main(["build", str(sample_paths[0]), "--store", str(store_dir), "--quiet"]) == 0
    assert _documents(store_dir) == sorted([sample_paths[0].name, sample_paths[3].name])


def test_a_fresh_build_with_failures_keeps_both_off_a_terminal(tmp_path, sample_paths, capsys):
    store_dir = _store_with(tmp_path, sample_paths[0])
    capsys.readouterr()
    args = ["build", str(sample_paths[3]), str(BROKEN / "empty.txt"), "--store", str(store_dir), "--fresh", "--quiet"]
    assert main(args) == 1
    kept = fresh_path(db_path(store_dir))
    assert f"is unchanged; the fresh build is kept at {kept}" in capsys.readouterr().err
    assert _documents(store_dir) == [sample_paths[0].name]
    assert _documents(kept) == [sample_paths[3].name]


def test_a_stopped_fresh_build_is_discarded(tmp_path, sample_paths, capsys):
    store_dir = _store_with(tmp_path, sample_paths[0])
    args = ["build", str(sample_paths[3]), str(BROKEN / "empty.txt"), "--store", str(store_dir), "--fresh",
            "--strict", "--quiet"]
    assert main(args) == 1
    assert "the fresh build was discarded" in capsys.readouterr().err
    assert _documents(store_dir) == [sample_paths[0].name]
    assert not fresh_path(db_path(store_dir)).exists()


def _build_on_a_terminal(argv: list[str], answer: bytes) -> tuple[int, str]:
    """Run innokg with a pseudo-terminal as stdin and stderr; answer its question."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "graph_loader.cli", *argv], stdin=follower, stderr=follower,
                            stdout=subprocess.DEVNULL)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [])
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if b"[y/N]" in seen and answer:
            os.write(leader, answer)
            answer = b""
    os.close(leader)
    return proc.wait(), seen.decode("utf-8", "replace")


def test_a_fresh_build_with_failures_asks_on_a_terminal(tmp_path, sample_paths):
    store_dir = _store_with(tmp_path, sample_paths[0])
    argv = ["build", str(sample_paths[3]), str(BROKEN / "empty.txt"), "--store", str(store_dir), "--fresh", "--quiet"]
    code, said = _build_on_a_terminal(argv, b"n\n")
    assert code == 1 and "replace the store" in said and "(1 documents) with the fresh build (1 documents)" in said
    assert _documents(store_dir) == [sample_paths[0].name]
    code, said = _build_on_a_terminal(argv, b"y\n")
    assert code == 1 and "the fresh build replaced the store" in said
    assert _documents(store_dir) == [sample_paths[3].name]
    assert not fresh_path(db_path(store_dir)).exists()


def test_a_store_of_an_older_schema_is_refused_and_replaced_by_a_fresh_build(tmp_path, sample_paths, capsys):
    """Resolution changed the store's tables (schema 2): an older store says how to rebuild it."""
    import sqlite3

    store_dir = tmp_path / "old"
    store_dir.mkdir()
    old = sqlite3.connect(db_path(store_dir))
    old.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                      "INSERT INTO meta VALUES ('schema_version', '1');"
                      "CREATE TABLE mentions (id INTEGER PRIMARY KEY, entity_id TEXT);")
    old.close()
    assert main(["build", str(sample_paths[0]), "--store", str(store_dir), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "was made by an older innokg; rebuild it from the reports with `innokg build --fresh`" in err
    assert main(["build", str(sample_paths[0]), "--store", str(store_dir), "--fresh", "--quiet"]) == 0
    assert _documents(store_dir) == [sample_paths[0].name]
