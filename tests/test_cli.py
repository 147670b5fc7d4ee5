"""The innokg command line, run in-process."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
from importlib.metadata import version
from pathlib import Path

import pytest

from graph_loader.cli import QUESTIONS, main, parser
from graph_loader.graph import build_graph

ROOT = Path(__file__).resolve().parent.parent


def test_build_stats_query_export(tmp_path, sample_paths, capsys):
    store = tmp_path / "g"
    assert main(["build", str(sample_paths[3]), "--out", str(store), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "reports added: 1" in out and "entities:" in out
    assert main(["stats", "--store", str(store), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 1 and stats["nodes"] > 10
    assert main(["query", "partners", "宁波东方理工大学", "--store", str(store), "--json"]) == 0
    partners = {p["name"] for p in json.loads(capsys.readouterr().out)["rows"]}
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
    assert main(["stats", "--store", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no store here" in err


# -- usage errors: one line, exit 2, nothing touched ---------------------------------------------------
USAGE_ERRORS = [
    (["query", "central", "--top", "-1"], "--top: must be at least 1, not -1"),
    (["query", "search", "大学", "--top", "0"], "--top: must be at least 1"),
    (["query", "ego", "合肥工业大学", "--depth", "-1"], "--depth: must be at least 1, not -1"),
    (["query", "programs", "--label", "Firm"], "--label: invalid choice: 'Firm'"),
    (["query", "relations", "精达集团", "--type", "KNOWS"], "--type: invalid choice: 'KNOWS'"),
    (["query", "path", "合肥工业大学"], "required: TO"),
    (["query", "joined"], "required: NAME"),
    (["query", "programs", "--year", "twenty"], "--year: 'twenty' is not a whole number"),
    (["build", "x", "--max-size", "0"], "--max-size: must be more than 0"),
    (["build", "x", "--workers", "-2"], "--workers: must be at least 0"),
    (["build", "x", "--chunk-chars", "5"], "--chunk-chars: must be at least 1000"),
    (["build", "x", "--timeout", "nan"], "--timeout: must be a finite number"),
    (["export", "out", "--format", "pdf"], "--format: invalid choice: 'pdf'"),
    (["load", "--batch-size", "0"], "--batch-size: must be at least 1"),
    (["explore", "--port", "70000"], "--port: must be from 1 to 65535"),
    (["stats", "--store"], "--store: expected one argument"),
    ([], "required: COMMAND"),
]


@pytest.mark.parametrize(("argv", "message"), USAGE_ERRORS, ids=[" ".join(a) or "nothing" for a, _ in USAGE_ERRORS])
def test_a_bad_option_is_one_line_and_exit_2(argv, message, built_store, capsys):
    store = ["--store", str(built_store.path)] if argv and argv[0] in ("query", "stats", "load") and "--store" not in argv \
        else []
    assert main([*argv, *store]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("error: innokg"), captured.err
    assert message in captured.err


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    return err


def test_paths_that_cannot_be_a_store_are_refused_and_left_alone(tmp_path, sample_paths, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    assert main(["build", str(sample_paths[3]), "--store", str(notes), "--quiet"]) == 2
    assert "notes.txt: is a file, not a store folder" in _one_error_line(capsys)
    # A file that looks like a store by its name but is not one is not replaced, even by --fresh.
    fake = tmp_path / "old.sqlite"
    fake.write_text("not a database", encoding="utf-8")
    assert main(["build", str(sample_paths[3]), "--store", str(fake), "--fresh", "--quiet"]) == 2
    assert "not a usable innokg store" in _one_error_line(capsys)
    assert main(["stats", "--store", str(notes)]) == 2
    _one_error_line(capsys)
    assert notes.read_text(encoding="utf-8") == "my notes" and fake.read_text(encoding="utf-8") == "not a database"


def test_export_into_a_file_is_refused(tmp_path, built_store, capsys):
    target = tmp_path / "graph.json"
    target.write_text("{}", encoding="utf-8")
    assert main(["export", str(target), "--format", "json", "--store", str(built_store.path)]) == 2
    assert "graph.json: is a file; give a folder" in _one_error_line(capsys)
    assert target.read_text(encoding="utf-8") == "{}"


def test_extract_never_writes_over_its_units(tmp_path, capsys):
    units = tmp_path / "units.jsonl"
    units.write_text('{"id": "u1", "text": "宁波大学与宁波市人民政府合作。"}\n', encoding="utf-8")
    before = units.read_bytes()
    assert main(["extract", str(units), "--out", str(units)]) == 2
    assert "the units file itself" in _one_error_line(capsys)
    assert main(["extract", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "p.jsonl")]) == 2
    assert "missing.jsonl: no such units file" in _one_error_line(capsys)
    assert main(["extract", str(units), "--out", str(tmp_path / "nowhere" / "p.jsonl")]) == 2
    assert "nowhere: no such folder" in _one_error_line(capsys)
    assert units.read_bytes() == before


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(built_store, monkeypatch, capsys):
    # A bug cannot be had on demand: stand one in for the store's counts.
    from graph_loader.store import Store

    def broken(self):
        raise RuntimeError("counts went wrong")

    monkeypatch.setattr(Store, "counts", broken)
    assert main(["stats", "--store", str(built_store.path)]) == 1
    err = _one_error_line(capsys)
    assert "counts went wrong" in err and "--debug" in err
    with pytest.raises(RuntimeError, match="counts went wrong"):
        main(["--debug", "stats", "--store", str(built_store.path)])
    with pytest.raises(RuntimeError, match="counts went wrong"):
        main(["stats", "--store", str(built_store.path), "--debug"])


# -- names: say what was matched, ask when unsure ---------------------------------------------------------
@pytest.mark.parametrize("name", ["重点研发计划", "科技局", "宁波"])
def test_a_name_close_to_several_entities_lists_them_and_exits_2(name, built_store, capsys):
    assert main(["query", "joined", name, "--store", str(built_store.path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and f"'{name}' matches" in captured.err
    assert main(["query", "joined", name, "--store", str(built_store.path), "--json"]) == 2
    listed = json.loads(capsys.readouterr().out)
    assert listed["ambiguous"] == name and len(listed["candidates"]) >= 2
    # a candidate matches by its name or one of its forms (区科技局 of 宁波市镇海区科学技术局)
    graph = build_graph(built_store)
    assert all(name in c["name"] or any(name in a for a in graph.nodes[c["id"]]["aliases"])
               for c in listed["candidates"])
    if name == "重点研发计划":
        assert {"省重点研发计划", "国家重点研发计划"} <= {c["name"] for c in listed["candidates"]}


def test_a_short_form_says_which_entity_it_was_taken_for(built_store, capsys):
    store = str(built_store.path)
    assert main(["query", "joined", "宁波智能装备研究", "--store", store]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("matched 宁波智能装备研究院 for 宁波智能装备研究 (score ")
    assert main(["query", "joined", "宁波智能装备研究", "--store", store, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matched"] == [{"for": "宁波智能装备研究", "id": out["matched"][0]["id"], "name": "宁波智能装备研究院",
                               "label": "ResearchInstitute", "score": out["matched"][0]["score"], "how": "fuzzy"}]
    assert out["rows"]
    # The entity's own name is answered without a note.
    assert main(["query", "joined", "宁波智能装备研究院", "--store", store]) == 0
    assert not capsys.readouterr().out.startswith("matched")
    assert main(["query", "path", "精达集团", "合肥工业大", "--store", store, "--json"]) == 0
    matched = json.loads(capsys.readouterr().out)["matched"]
    assert [(m["name"], m["how"]) for m in matched] == [("精达集团", "name"), ("合肥工业大学", "fuzzy")]


def test_type_filters_and_a_filter_value_the_store_lacks(built_store, capsys):
    store = str(built_store.path)
    assert main(["query", "relations", "合肥工业大学", "--type", "PARTNERS_WITH", "--store", store, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and {r["type"] for r in rows} == {"PARTNERS_WITH"}
    assert main(["query", "ego", "合肥工业大学", "--type", "CO_BUILDS", "--store", store, "--json"]) == 0
    assert {r["type"] for r in json.loads(capsys.readouterr().out)["rows"]} == {"CO_BUILDS"}
    assert main(["query", "programs", "--region", "宁波", "--store", store]) == 0
    captured = capsys.readouterr()
    assert captured.out == "(nothing)\n"
    assert captured.err.startswith("note: no entity has --region 宁波; the store has ") and "宁波市" in captured.err


# -- one store option, help for every option, the README's list ------------------------------------------
def _subparsers(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices


def _all_parsers(p: argparse.ArgumentParser, name: str = "innokg"):
    yield name, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _all_parsers(sub, f"{name} {sub_name}")


def test_every_argument_has_help_and_the_store_is_always_store():
    p = parser()
    for name, sub in _all_parsers(p):
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
        if name.split()[1:2] in (["build"], ["stats"], ["export"], ["load"], ["explore"]) or name.count(" ") == 2:
            stores = [a for a in sub._actions if a.dest == "store"]
            assert stores and stores[0].option_strings[0] == "--store", name
    build = _subparsers(p)["build"]
    assert next(a for a in build._actions if a.dest == "store").option_strings == ["--store", "--out"]


def test_store_and_out_are_one_option_of_build(tmp_path, sample_paths, capsys):
    assert main(["build", str(sample_paths[3]), "--store", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["build", str(sample_paths[3]), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert "already in the store: 1" in capsys.readouterr().out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"innokg {version('innokg')}"


def _readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = [ln.split("  #", 1)[0].strip() for ln in section.splitlines()]
    return [shlex.split(ln)[1:] for ln in lines if ln.startswith("innokg ")]


def _listed_in_help(argv: list[str], capsys) -> set[str]:
    """The commands `innokg ARGV --help` lists (four spaces in, under positional arguments)."""
    assert main([*argv, "--help"]) == 0
    text = capsys.readouterr().out.split("positional arguments:", 1)[1].split("options:", 1)[0]
    return set(re.findall(r"^    (\S+)", text, flags=re.M))


def test_the_readme_command_list_matches_the_help(capsys):
    p = parser()
    commands = _readme_commands()
    for argv in commands:  # every line of the README's list is a valid command
        p.parse_args(argv)
    assert {a[0] for a in commands} == _listed_in_help([], capsys) == set(_subparsers(p))
    questions = {a[1] for a in commands if a[0] == "query"}
    assert questions == _listed_in_help(["query"], capsys) == set(QUESTIONS)
    assert "relations" in questions


def test_readme_and_code_agree_on_the_default_workers(monkeypatch):
    from graph_loader.build import worker_count

    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert worker_count(0, 100) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert worker_count(0, 100) == 2
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(`--workers`, default one per core, at most 4)" in readme
    build = _subparsers(parser())["build"]
    assert "one per core, at most 4" in next(a for a in build._actions if a.dest == "workers").help
