"""innokg as a package: a wheel built from the sources, installed into a fresh venv, builds a
report with nothing of the repository in reach.

The wheel is built from a copy of the sources (the build writes build/ and *.egg-info next to
them) with one extra lexicon table, to show that a new data/lexicons/*.tsv ships without a
packaging change. Dependencies come from pip's cache where it has them; the install skips
byte-compiling, which is most of its time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph_loader.cli import main

ROOT = Path(__file__).resolve().parent.parent
CODE = ("ner", "graph_loader", "explorer")
LEXICONS = ROOT / "data" / "lexicons"
PROBE = "zz_package_probe.tsv"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]


def _run(cmd: list, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert done.returncode == 0, f"{cmd[:4]} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


def _source_copy(dst: Path) -> Path:
    """The files a wheel is built from, plus a lexicon table no packaging file names."""
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, dst / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for pkg in CODE:
        shutil.copytree(ROOT / pkg, dst / pkg, ignore=ignore)
    shutil.copytree(LEXICONS, dst / "data" / "lexicons", ignore=ignore)
    (dst / "data" / "lexicons" / PROBE).write_text("# a table added after packaging\nword\n探针\n", encoding="utf-8")
    return dst


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_builds_a_report(tmp_path, sample_paths):
    (tmp_path / "src").mkdir()
    src = _source_copy(tmp_path / "src")
    _run([*PIP, "wheel", "--no-deps", "-w", tmp_path / "dist", src])
    (wheel,) = (tmp_path / "dist").glob("innokg-*.whl")

    # Every module and every lexicon table of the repository is in the wheel.
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {p.relative_to(ROOT).as_posix() for pkg in CODE for p in (ROOT / pkg).rglob("*.py")}
    expected |= {f"innokg_lexicons/{p.name}" for p in LEXICONS.glob("*.tsv")} | {f"innokg_lexicons/{PROBE}"}
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python, innokg = venv / "bin" / "python", venv / "bin" / "innokg"
    _run([*PIP, "--python", python, "install", "--no-compile", "--prefer-binary", wheel])

    # Run away from the repository, so only the installed package can answer.
    work = tmp_path / "work"
    work.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    where = _run([python, "-c", "import ner, innokg_lexicons; print(ner.__file__); print(innokg_lexicons.__file__)"],
                 cwd=work, env=env).stdout
    assert str(ROOT) not in where and str(venv) in where
    probe = _run([python, "-c", f"from ner.resources import load_words; print(sorted(load_words({PROBE!r})))"],
                 cwd=work, env=env).stdout
    assert "探针" in probe
    assert _run([innokg, "--version"], cwd=work, env=env).stdout.strip() == "innokg 0.1.0"

    report = sample_paths[3]
    built = _run([innokg, "build", report, "--store", "g", "--quiet"], cwd=work, env=env)
    assert "reports added: 1" in built.stdout and "failed: 0" in built.stdout
    stats = json.loads(_run([innokg, "stats", "--store", "g", "--json"], cwd=work, env=env).stdout)

    # The same report built by the editable install gives the same graph.
    assert main(["build", str(report), "--store", str(tmp_path / "here"), "--quiet"]) == 0
    from graph_loader.queries import KnowledgeGraph
    from graph_loader.store import Store

    with Store(tmp_path / "here", create=False) as store:
        here = KnowledgeGraph(store).stats()
    assert stats["entities"] == here["entities"] and stats["relations"] == here["relations"]
    assert sum(stats["entities"].values()) > 20 and sum(stats["relations"].values()) > 3
