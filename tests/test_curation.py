"""Analysts' decisions: kept in curation.tsv, applied at once, on every build and load, and after rebuilds."""

from __future__ import annotations

import json

from resolution_data import FULL, OTHER_CITY, SHORT, build_store, names_of, report, signature

from graph_loader.cli import main
from graph_loader.curation import Curation, Decision, curation_path
from graph_loader.graph import build_graph
from graph_loader.queries import KnowledgeGraph
from graph_loader.review import decide, explain, status
from graph_loader.store import Store

FUND = report("fund", "海岳基金投资甬城大学孵化项目。", [("海岳基金", "Program"), ("甬城大学", "University")],
              region="宁波市")


def partners(g, name: str) -> set[str]:
    n = names_of(g)[name]["id"]
    return {g.nodes[x]["name"] for x in (*g.successors(n), *g.predecessors(n))}


def test_merge_takes_effect_at_once_and_is_written_to_the_file(tmp_path):
    store = build_store(tmp_path, [SHORT, FULL, OTHER_CITY])
    assert "澜屿光电" in names_of(build_graph(store))  # two candidates: no automatic merge
    (d,) = decide(store, "merge", "宁波澜屿光电股份有限公司", "澜屿光电", note="same firm, local report")
    assert d == Decision("merge", "宁波澜屿光电股份有限公司", "澜屿光电", "same firm, local report")
    g = build_graph(store)
    assert "澜屿光电" not in names_of(g)
    assert partners(g, "宁波澜屿光电股份有限公司") == {"甬城大学"}
    eid = names_of(g)["宁波澜屿光电股份有限公司"]["id"]
    assert [m["reason"] for m in explain(store, eid)["merges"]] == ["analyst decision"]
    text = curation_path(store.path).read_text(encoding="utf-8")
    assert "merge\t宁波澜屿光电股份有限公司\t澜屿光电\tsame firm, local report" in text
    assert status(store)[0]["state"] == "in effect"


def test_split_undoes_an_automatic_merge_and_moves_the_evidence_back(tmp_path):
    store = build_store(tmp_path, [SHORT, FULL])
    assert partners(build_graph(store), "宁波澜屿光电股份有限公司") == {"甬城大学"}
    decide(store, "split", "宁波澜屿光电股份有限公司", "澜屿光电")
    g = build_graph(store)
    assert partners(g, "澜屿光电") == {"甬城大学"}
    assert partners(g, "宁波澜屿光电股份有限公司") == set()
    # and a later report does not bring the merge back
    store.add_extraction(report("again", "澜屿光电获评高新技术企业。", [("澜屿光电", "Enterprise")], region="宁波市"))
    assert "澜屿光电" in names_of(build_graph(store))


def test_rename_and_retype_change_every_view(tmp_path):
    store = build_store(tmp_path, [FUND])
    decide(store, "rename", "海岳基金", "宁波海岳创业投资基金")
    decide(store, "retype", "海岳基金", "Enterprise")
    kg = KnowledgeGraph(store)
    node = names_of(kg.graph)["宁波海岳创业投资基金"]
    assert node["label"] == "Enterprise"
    assert kg.search("海岳基金")[0]["name"] == "宁波海岳创业投资基金"
    # a second rename replaces the first instead of piling up
    decide(store, "rename", "海岳基金", "海岳基金")
    assert [d.action for d in store.curation.decisions] == ["retype", "rename"]


def test_decisions_survive_a_fresh_rebuild_and_reports_added_again(tmp_path):
    folder = tmp_path / "graph"
    store = build_store(folder, [SHORT, FULL, OTHER_CITY])
    decide(store, "merge", "杭州澜屿光电有限公司", "澜屿光电")
    cur = Curation(list(store.curation.decisions))
    cur.add(Decision("retype", "海岳基金", "Enterprise"))  # from a colleague's file: not in this store yet
    store.save_curation(cur)
    assert status(store)[1]["state"].startswith("waiting")
    before = signature(build_graph(store))
    assert not store.add_extraction(SHORT)  # the same report again changes nothing
    assert signature(build_graph(store)) == before
    store.close()
    for suffix in ("", "-wal", "-shm"):  # what `innokg build --fresh` deletes
        p = folder / f"innokg.sqlite{suffix}"
        if p.exists():
            p.unlink()
    rebuilt = build_store(folder, [OTHER_CITY, FULL, SHORT, FUND])
    g = build_graph(rebuilt)
    assert partners(g, "杭州澜屿光电有限公司") == {"钱塘学院", "甬城大学"}
    assert names_of(g)["海岳基金"]["label"] == "Enterprise"
    assert {r["state"] for r in status(rebuilt)} == {"in effect"}


def test_a_file_edited_by_hand_is_applied_on_the_next_load(tmp_path):
    store = build_store(tmp_path, [SHORT, FULL, OTHER_CITY])
    cur = Curation([Decision("merge", "澜屿光电", "宁波澜屿光电股份有限公司")])
    cur.write(curation_path(store.path))
    store.close()
    kg = KnowledgeGraph(Store(tmp_path, create=False))
    assert "澜屿光电" not in names_of(kg.graph)
    # the same order of decisions gives the same graph as deciding in the explorer
    other = build_store(tmp_path / "b", [OTHER_CITY, SHORT, FULL])
    decide(other, "merge", "澜屿光电", "宁波澜屿光电股份有限公司")
    assert signature(kg.graph) == signature(build_graph(other))


def test_a_bad_line_is_reported_and_the_others_still_apply(tmp_path, capsys):
    store = build_store(tmp_path, [SHORT, FULL, OTHER_CITY, FUND])
    curation_path(store.path).write_text(
        "action\tname\tother\tnote\nmerge\t澜屿光电\t宁波澜屿光电股份有限公司\n"
        "retype\t海岳基金\tCompany\nfrobnicate\ta\tb\n", encoding="utf-8")
    cur = store.curation
    assert len(cur.decisions) == 1 and len(cur.problems) == 2
    assert cur.problems[0].startswith(f"{curation_path(store.path)}:3: unknown label 'Company'")
    store.close()
    assert main(["curate", "list", "--store", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "curation.tsv:4: unknown action 'frobnicate'" in out.err
    assert "merge" in out.out and "in effect" in out.out


def test_the_command_line(tmp_path, capsys):
    store = build_store(tmp_path / "s", [SHORT, FULL, OTHER_CITY, FUND])
    store.close()
    s = str(tmp_path / "s")
    assert main(["query", "duplicates", "--store", s, "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["rows"]
    assert {frozenset((p["a_name"], p["b_name"])) for p in pairs} >= {
        frozenset(("澜屿光电", "宁波澜屿光电股份有限公司")), frozenset(("澜屿光电", "杭州澜屿光电有限公司"))}
    assert pairs[0]["score"] >= pairs[-1]["score"] and pairs[0]["a_sentence"]
    assert main(["curate", "merge", "澜屿光电", "宁波澜屿光电股份有限公司", "--store", s]) == 0
    assert main(["curate", "split", "宁波澜屿光电股份有限公司", "--form", "澜屿光电", "--store", s]) == 0
    assert main(["curate", "rename", "海岳基金", "海岳创投", "--store", s]) == 0
    assert main(["curate", "retype", "海岳基金", "Enterprise", "--store", s]) == 0
    assert main(["curate", "retype", "海岳基金", "Company", "--store", s]) == 2
    assert main(["curate", "merge", "没有这家公司", "澜屿光电", "--store", s]) == 2
    capsys.readouterr()
    assert main(["curate", "list", "--store", s, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    # the split replaced the merge of the same pair
    assert [(r["action"], r["state"]) for r in listed] == [("split", "in effect"), ("rename", "in effect"),
                                                           ("retype", "in effect")]
    shared = tmp_path / "team.tsv"
    assert main(["curate", "export", str(shared), "--store", s]) == 0
    assert main(["curate", "drop", "1", "--store", s]) == 0
    fresh = build_store(tmp_path / "t", [SHORT, FULL, OTHER_CITY, FUND])
    fresh.close()
    assert main(["curate", "import", str(shared), "--store", str(tmp_path / "t")]) == 0
    assert len(Store(tmp_path / "t").curation.decisions) == 3
    assert main(["curate", "import", str(tmp_path / "missing.tsv"), "--store", s]) == 2


def test_innokg_build_fresh_keeps_the_decisions(tmp_path, sample_paths, capsys):
    store = str(tmp_path / "g")
    assert main(["build", str(sample_paths[3]), "--store", store, "--quiet"]) == 0
    assert main(["curate", "rename", "宁波市镇海区科学技术局", "镇海区科技局", "--store", store]) == 0
    assert main(["build", str(sample_paths[3]), "--store", store, "--fresh", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["query", "search", "镇海区科技局", "--store", store, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["name"] == "镇海区科技局"
