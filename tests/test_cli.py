"""The innokg command line, run in-process."""

from __future__ import annotations

import json

from graph_loader.cli import main


def test_build_stats_query_export(tmp_path, sample_paths, capsys):
    store = tmp_path / "g"
    assert main(["build", str(sample_paths[3]), "--out", str(store), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "reports added: 1" in out and "entities:" in out
    assert main(["stats", "--store", str(store), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 1 and stats["nodes"] > 10
    assert main(["query", "partners", "宁波东方理工大学", "--store", str(store), "--json"]) == 0
    partners = {p["name"] for p in json.loads(capsys.readouterr().out)}
    assert "宁波市人民政府" in partners
    assert main(["export", str(tmp_path / "x"), "--format", "graphml", "--store", str(store)]) == 0
    assert (tmp_path / "x" / "innokg.graphml").exists()


def test_extract_follows_the_evaluation_contract(tmp_path, sample_paths):
    units = tmp_path / "units.jsonl"
    paragraphs = [p for p in sample_paths[3].read_text(encoding="utf-8").split("\n") if len(p) > 40][:8]
    units.write_text("".join(json.dumps({"id": f"u{i}", "text": p}, ensure_ascii=False) + "\n"
                             for i, p in enumerate(paragraphs)), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(units), "--out", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    ids = [json.loads(x)["id"] for x in units.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert [x["id"] for x in lines] == ids
    assert all(set(x) == {"id", "entities", "relations"} for x in lines)


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    try:
        main(["stats", "--store", str(tmp_path / "nope")])
    except SystemExit as e:
        assert e.code == 2
    assert "no store here" in capsys.readouterr().err
