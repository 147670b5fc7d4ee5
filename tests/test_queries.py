"""Queries shared by the CLI and the explorer, over the store built from the samples."""

from __future__ import annotations

import json

from graph_loader.cli import main


def test_search_forgives_short_forms(kg):
    hits = kg.search("合肥工业大学")
    assert hits and hits[0]["name"] == "合肥工业大学"
    assert kg.search("合肥工业大")[0]["name"] == "合肥工业大学"


def test_programs_have_participants(kg):
    progs = {p["name"]: p for p in kg.programs()}
    # 省科技小巨人企业 in a report of 宁波 is Zhejiang's (graph_loader/names.py)
    assert progs["浙江省科技小巨人企业"]["participants"] == 2
    pid = progs["浙江省科技小巨人企业"]["id"]
    # 晶钻科技 is the short form of 宁波晶钻科技股份有限公司, named in full later in the report.
    assert {p["name"] for p in kg.participants(pid)} == {"招宝磁业", "宁波晶钻科技股份有限公司"}


def test_program_filters(kg):
    progs = {p["name"]: p for p in kg.programs(label="ResearchInstitute")}
    assert "国家重点研发计划" in progs and "浙江省科技小巨人企业" not in progs
    assert all(p["by_label"].keys() == {"ResearchInstitute"} for p in progs.values())
    in_2023 = {p["name"] for p in kg.programs(year=2023)}
    assert "宁波市重点研发计划" in in_2023 and "四川省科技特派员工作先进集体" not in in_2023
    zhenhai = {p["name"] for p in kg.programs(region="宁波市镇海区")}
    assert "国家重点研发计划" in zhenhai and "省双千计划" not in zhenhai


def test_programs_of_an_organisation(kg):
    eid = kg.find("宁波智能装备研究院")
    joined = {p["name"] for p in kg.programs_of(eid)}
    # the title is shown under the lexicon's full name
    assert joined == {"国家级专精特新“小巨人”企业", "省级博士后工作站"}


def test_partners_ego_and_path(kg):
    hfut = kg.find("合肥工业大学")
    partners = {p["name"] for p in kg.partners(hfut)}
    assert {"精达集团", "文一三佳股份公司"} <= partners
    ego = kg.ego(hfut, depth=1)
    assert hfut in ego and ego.number_of_nodes() >= 4
    deeper = kg.ego(hfut, depth=2)
    assert deeper.number_of_nodes() >= ego.number_of_nodes()
    steps = kg.path(kg.find("精达集团"), kg.find("文一三佳股份公司"))
    assert [s["from"] for s in steps][0] == "精达集团" and steps[-1]["to"] == "文一三佳股份公司"
    assert len(steps) == 2


def test_communities_and_centrality(kg):
    communities = kg.communities()
    assert communities and len(communities[0]) >= 3
    members = [{m["name"] for m in c} for c in communities]
    assert any({"合肥工业大学", "精达集团"} <= c for c in members)
    top = kg.centrality("degree", top=3)
    assert len(top) == 3 and top[0]["score"] >= top[-1]["score"]
    assert kg.centrality("pagerank", top=1) and kg.centrality("betweenness", top=1)


def test_query_cli_prints_tables_and_json(built_store, capsys):
    store = str(built_store.path)
    assert main(["query", "programs", "国家重点研发计划", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "中乌新材料产业技术研究院" in out and "JOINED" in out
    assert main(["query", "path", "精达集团", "文一三佳股份公司", "--store", store, "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["rows"]
    assert steps[0]["from"] == "精达集团"
    assert main(["query", "partners", "没有这个机构名称", "--store", store]) == 1
    assert "no entity matches" in capsys.readouterr().err


def test_an_organisation_that_joins_and_leads_counts_once(kg):
    progs = {p["name"]: p for p in kg.programs()}
    nkrdp = progs["国家重点研发计划"]
    types = {(p["name"], p["type"]) for p in kg.participants(nkrdp["id"])}
    assert {("中乌新材料产业技术研究院", "JOINED"), ("中乌新材料产业技术研究院", "LEADS")} <= types
    assert nkrdp["participants"] == len({name for name, _ in types})
