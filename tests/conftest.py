"""Shared fixtures: the sample reports, a pipeline, and a store built from the samples."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    paths = sorted(REPORTS.glob("*.txt"))
    assert len(paths) == 5, "the five sample reports belong in data/reports"
    return paths


@pytest.fixture(scope="session")
def pipeline():
    from ner.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory, sample_paths):
    """A store built once from the five sample reports (read-only for tests)."""
    from graph_loader.build import BuildOptions, build
    from graph_loader.store import Store

    folder = tmp_path_factory.mktemp("store")
    store = Store(folder)
    report = build(sample_paths, store, BuildOptions(progress=False))
    assert report.added == 5 and report.ok
    yield store
    store.close()


@pytest.fixture(scope="session")
def kg(built_store):
    from graph_loader.queries import KnowledgeGraph

    return KnowledgeGraph(built_store)


def extract_text(pipeline, text: str):
    """Run the pipeline over a bare text and return its Extraction."""
    from ner.units import unit_document

    return pipeline(unit_document({"id": "t", "text": text}))


@pytest.fixture(scope="session")
def neo4j_driver():
    """A driver for the live Neo4j server of tests/neo4j_live.py (`make test` starts one)."""
    from neo4j_live import connect

    driver = connect()
    yield driver
    driver.close()


@pytest.fixture
def neo4j_db(neo4j_driver):
    """The live server's driver, with innokg's nodes deleted before the test."""
    from neo4j_live import clear

    clear(neo4j_driver)
    return neo4j_driver


PLANNED_REPORTS = ROOT / "tests" / "fixtures" / "planned"


@pytest.fixture(scope="session")
def planned_paths() -> dict[str, Path]:
    """A 2025 work plan (拟…共建, 力争…入选, 计划推动…共建) and a 2024 summary that states one of
    the plan's relations as done (tests/fixtures/planned/README.md)."""
    return {"plan": PLANNED_REPORTS / "ganzhou_2025_plan.txt", "summary": PLANNED_REPORTS / "ganzhou_2024_summary.txt"}


@pytest.fixture(scope="session")
def planned_store(tmp_path_factory, planned_paths):
    """A store built once from the plan and the summary (read-only for tests)."""
    from graph_loader.build import BuildOptions, build
    from graph_loader.store import Store

    store = Store(tmp_path_factory.mktemp("planned"))
    report = build([planned_paths["plan"], planned_paths["summary"]], store, BuildOptions(progress=False))
    assert report.added == 2 and report.ok
    yield store
    store.close()


@pytest.fixture
def own_tmp():
    """A folder of this test's own: pytest's shared temporary root may be cleaned by another
    pytest run on the machine while a server still lives in it."""
    path = Path(tempfile.mkdtemp(prefix="innokg-own-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)

