"""The embedded store built from the sample reports: counts, idempotence, resolution."""

from __future__ import annotations

from graph_loader.build import BuildOptions, build
from graph_loader.store import Store


def test_store_holds_every_stage(built_store):
    c = built_store.counts()
    assert c["documents"] == 5
    assert c["mentions"] > 300
    assert set(c["entities"]) <= {"Enterprise", "University", "ResearchInstitute", "Platform", "Program", "Government"}
    assert c["entities"]["University"] >= 10
    assert sum(c["relations"].values()) >= 15
    assert c["evidence"] >= sum(c["relations"].values())


def test_re_adding_reports_changes_nothing(tmp_path, sample_paths):
    store = Store(tmp_path)
    first = build(sample_paths[:2], store, BuildOptions(progress=False))
    before = store.counts()
    again = build(sample_paths[:2], store, BuildOptions(progress=False))
    assert first.added == 2 and again.added == 0 and again.unchanged == 2
    assert store.counts() == before
    store.close()


def test_one_node_per_organisation(built_store):
    rows = built_store.conn.execute("SELECT name FROM entities WHERE name IN ('清华大学', '合肥工业大学')").fetchall()
    assert sorted(r[0] for r in rows) == ["合肥工业大学", "清华大学"]
