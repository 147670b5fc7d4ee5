"""The explorer speaks Chinese by default and English on a switch.

The catalogues are checked against each other and against the schema; then a walk through
every view (with its states: hits and no hits, evidence, charts, upload results and
refusals, the Cypher box) reads every text a user can see, and finds no English in the
Chinese interface other than names, identifiers and the names of formats and programs,
and no Chinese interface text, nor any catalogue key, in the English one.
"""

from __future__ import annotations

import json
import re

import pytest
from explorer_app import (
    chinese_left_in_english,
    copy_store,
    data_names,
    english_words,
    go,
    run_app,
    visible_texts,
)

from explorer import cypher, i18n
from explorer.upload import ACCEPTED
from graph_loader.queries import KnowledgeGraph
from ner.ingest import REASONS
from ner.model import ENTITY_LABELS, RELATION_TYPES

CJK = re.compile(r"[\u4e00-\u9fff]")


# -- the catalogues ---------------------------------------------------------------------------------
def test_catalogues_have_the_same_keys_and_placeholders():
    zh, en = i18n.CATALOGUES["zh"], i18n.CATALOGUES["en"]
    assert sorted(set(zh) ^ set(en)) == []
    for key in zh:
        assert i18n.placeholders(zh[key]) == i18n.placeholders(en[key]), key
        assert zh[key].strip() and en[key].strip(), key


def test_every_chinese_text_is_chinese():
    assert [k for k, v in i18n.CATALOGUES["zh"].items() if not CJK.search(v)] == []


def test_schema_types_views_and_failure_reasons_are_named():
    from explorer import state

    for lang in i18n.LANGS:
        for label in ENTITY_LABELS:
            assert i18n.has(lang, f"label.{label}")
        for rtype in RELATION_TYPES:
            for key in (f"relation.{rtype}", f"rel_out.{rtype}", f"rel_in.{rtype}"):
                assert i18n.has(lang, key), key
        for view in (*state.VIEWS, state.CYPHER):
            assert i18n.has(lang, f"view.{view}")
        for reason in REASONS:
            assert i18n.has(lang, f"value.reason.{reason}"), reason
        for suffix in ACCEPTED:
            assert i18n.has(lang, f"upload.expect.{suffix.lstrip('.')}")
        for ex in cypher.EXAMPLES:
            assert i18n.has(lang, ex.title)
    # The names the issue asks for.
    zh = i18n.CATALOGUES["zh"]
    assert [zh[f"label.{lab}"] for lab in ENTITY_LABELS] == ["企业", "高校", "科研院所", "创新平台", "科技计划/称号", "政府部门"]
    assert [zh[f"relation.{r}"] for r in RELATION_TYPES] == ["参与/入选", "牵头", "共建", "合作", "入驻", "隶属"]


def test_readable_rows_keep_data_and_name_the_types():
    rows = [{"name": "清华大学", "label": "University", "type": "PARTNERS_WITH", "by_label": {"Enterprise": 2},
             "direction": "out", "evidence": 3}]
    assert i18n.localise_rows("zh", rows) == [{"名称": "清华大学", "类型": "高校", "关系": "合作", "按类型": {"企业": 2},
                                               "方向": "本实体为主体", "证据数": 3}]
    assert i18n.localise_rows("en", rows)[0]["type"] == "University"


def test_errors_carry_both_languages():
    from explorer.upload import UploadRefused, check_content

    with pytest.raises(UploadRefused) as e:
        check_content("报告.pdf", "纯文本内容".encode())
    assert str(e.value) == "报告.pdf: named .pdf but its content is plain text, not a PDF"
    assert e.value.message("zh") == "报告.pdf：扩展名是 .pdf，内容却是纯文本，而不是 PDF 文件"


def test_language_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("INNOKG_LANG", raising=False)
    assert i18n.env_lang() == "zh"
    monkeypatch.setenv("INNOKG_LANG", "EN")
    assert i18n.env_lang() == "en"
    monkeypatch.setenv("INNOKG_LANG", "fr")
    assert i18n.env_lang() == "zh"


# -- walking every view --------------------------------------------------------------------------
NEW_REPORT = (
    "宁波市科技局2024年工作总结\n"
    "2024年，宁波晶钻科技股份有限公司与浙江大学签订战略合作协议，共建宁波先进材料联合实验室。"
    "宁波晶钻科技股份有限公司入选国家火炬计划。\n"
)


def walk(at, kg, monkeypatch):
    """Visit every view in the states a user meets; yield (where, AppTest) after each step."""
    from test_explorer_cypher import FakeDriver

    yield "overview", at
    at.selectbox(key="scope_region").set_value("宁波市").run()
    yield "overview of a region", at
    at.selectbox(key="scope_region").set_value("").run()
    go(at, "entity")
    yield "entity page, none chosen", at
    go(at, "search")
    yield "search, empty", at
    at.text_input(key="q").input("合肥工大").run()
    yield "search hits", at
    at.text_input(key="q").input("无此机构名称").run()
    yield "search, no hit", at
    at.text_input(key="q").input("").run()
    at.selectbox(key="f_label").set_value("Platform").run()
    yield "search, browsing a type", at
    for name in ("合肥工业大学", "中乌新材料产业技术研究院", "国家重点研发计划"):
        at.session_state["entity"] = kg.find(name)
        go(at, "entity")
        yield f"entity page of {name}", at
    at.button(key="ent_prog").click().run()
    yield "a program's participation", at
    at.tabs[1].text_input(key="org_q").input("中乌新材料研究院").run()
    yield "an organisation's programs", at
    at.tabs[1].text_input(key="org_q").input("无此机构").run()
    yield "programs, no organisation", at
    at.session_state["entity"] = kg.find("合肥工业大学")
    go(at, "entity")
    at.button(key="ent_net").click().run()
    yield "network around an entity", at
    at.radio(key="net_color").set_value("community").run()
    at.selectbox(key="net_open").set_value(kg.find("精达集团")).run()
    yield "network by community, an entity picked", at
    at.button(key="net_clear").click().run()
    at.radio(key="net_types").set_value("all").run()
    at.slider(key="net_cap").set_value(20).run()
    yield "whole network, capped", at
    at.radio(key="net_types").set_value("partnerships").run()
    yield "whole partnership network", at
    go(at, "relations")
    at.selectbox(key="rel_pick").set_value(kg.relations()[0]["relation_id"]).run()
    yield "relations with evidence", at
    at.selectbox(key="rel_year").set_value(2012).run()
    at.selectbox(key="rel_type").set_value("PART_OF").run()
    yield "relations, none", at
    go(at, "duplicates")
    yield "possible duplicates", at
    go(at, "export")
    yield "export", at
    go(at, "documents")
    yield "documents", at
    at.file_uploader(key="upload").upload("报告.pdf", NEW_REPORT.encode("utf-8"), "application/pdf").run()
    yield "upload refused", at
    at.file_uploader(key="upload").clear().upload("新报告.txt", NEW_REPORT.encode("utf-8"), "text/plain").run()
    yield "upload read", at
    driver = FakeDriver(columns=["firm", "label"], rows=[("宁波晶钻科技股份有限公司", "Enterprise")])
    monkeypatch.setattr(cypher, "connect", lambda uri, user, password: driver)
    at.text_input(key="neo4j_uri").input("bolt://fake:7687").run()
    go(at, "cypher")
    yield "cypher", at
    at.text_area(key="cypher_query").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="cy_run").click().run()
    yield "cypher refusal", at
    at.button(key="cy_ex_0").click().run()
    at.button(key="cy_run").click().run()
    yield "cypher result", at


SCHEMA_IDS = frozenset(ENTITY_LABELS) | frozenset(RELATION_TYPES) | {"out", "in"}


def test_no_english_left_in_the_chinese_interface(built_store, tmp_path, monkeypatch):
    store = copy_store(built_store, tmp_path)
    kg = KnowledgeGraph(built_store)
    names = data_names(kg) + ["新报告.txt", "报告.pdf"]
    app = run_app(store, monkeypatch, lang=None)
    assert app.sidebar.radio(key="lang").value == "zh"
    seen, found = [], {}
    for where, at in walk(app, kg, monkeypatch):
        assert not at.exception, (where, at.exception)
        seen.append(where)
        for kind, text in visible_texts(at):
            if kind in ("code", "radio:lang") or kind.startswith("text_area") or (
                    where == "cypher result" and kind == "dataframe"):
                # The link, each language named in itself, the query box, a query's own columns.
                continue
            words = english_words(text, names)
            if words:
                found.setdefault(where, set()).add(f"{kind}: {text[:120]!r} -> {words}")
        if not where.startswith("cypher"):  # a query's rows are the database's values
            for df in at.dataframe:
                cells = {str(v) for col in df.value.columns for v in df.value[col]}
                assert not cells & SCHEMA_IDS, (where, cells & SCHEMA_IDS)
    assert len(seen) == 27 and seen[-1] == "cypher result"
    assert found == {}


def test_the_english_interface_has_no_chinese_interface_text_and_no_raw_keys(built_store, tmp_path, monkeypatch):
    store = copy_store(built_store, tmp_path)
    kg = KnowledgeGraph(built_store)
    zh, en = i18n.CATALOGUES["zh"], i18n.CATALOGUES["en"]
    # Chinese texts without placeholders that differ from the English (the Cypher examples name programs).
    fixed = {v for k, v in zh.items() if not i18n.placeholders(v) and v != en[k] and len(v) > 2}
    names = data_names(kg)
    app = run_app(store, monkeypatch, lang="en")
    problems, english = chinese_left_in_english(walk(app, kg, monkeypatch), fixed, en, names)
    assert problems == {}
    # The same reading of the page finds English here: the Chinese test's check can fail.
    assert {"Overview", "Relations", "Download", "Partners"} <= english


def test_switching_language_keeps_the_page(built_store, monkeypatch):
    kg = KnowledgeGraph(built_store)
    eid = kg.find("合肥工业大学")
    at = run_app(built_store.path, monkeypatch, lang=None, params={"entity": eid})
    assert [s.value for s in at.subheader][:1] == ["关系"]
    assert any(e.label.startswith("与 精达集团 合作（企业）") for e in at.expander)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.sidebar.radio(key="view").value == "entity"
    assert [h.value for h in at.header] == ["合肥工业大学"]
    assert [s.value for s in at.subheader][:1] == ["Relations"]
    assert any(e.label.startswith("partners with 精达集团 (Enterprise)") for e in at.expander)
    # The address keeps the language that differs from the default, the copied link does not.
    assert at.query_params == {"entity": eid, "lang": "en"}
    assert at.code[0].value == f"?entity={eid}"
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert at.query_params == {"entity": eid}


def test_a_link_can_ask_for_a_language(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch, lang="zh", params={"lang": "en"})
    assert at.sidebar.radio(key="lang").value == "en"
    assert at.title[0].value.endswith("Overview")
    assert at.query_params == {"lang": "en"}


# -- the command line -------------------------------------------------------------------------------
QUESTIONS = [
    ["programs"], ["programs", "国家重点研发计划"], ["joined", "中乌新材料产业技术研究院"], ["partners", "合肥工业大学"],
    ["relations", "合肥工业大学"], ["path", "合肥工业大学", "精达集团"], ["ego", "合肥工业大学"], ["communities"],
    ["central"], ["search", "合肥工大"],
]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q[0])
def test_query_speaks_chinese_when_asked(built_store, capsys, question):
    from graph_loader.cli import main

    assert main(["query", *question, "--store", str(built_store.path), "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0]
    assert CJK.search(header) and not re.search(r"[A-Za-z]", header), header
    body = "\n".join(lines[2:])
    assert not re.search(r"\b(" + "|".join((*ENTITY_LABELS, *RELATION_TYPES)) + r")\b", body), body


def test_query_keeps_identifiers_by_default_and_in_json(built_store, capsys):
    from graph_loader.cli import main

    main(["query", "relations", "合肥工业大学", "--store", str(built_store.path)])
    out = capsys.readouterr().out
    assert out.startswith("type") and "PARTNERS_WITH" in out
    main(["query", "relations", "合肥工业大学", "--store", str(built_store.path), "--lang", "zh"])
    out = capsys.readouterr().out
    assert out.startswith("关系") and "合作" in out and "PARTNERS_WITH" not in out
    main(["query", "relations", "合肥工业大学", "--store", str(built_store.path), "--lang", "zh", "--json"])
    assert '"type": "PARTNERS_WITH"' in capsys.readouterr().out


def test_export_csv_names_types_in_the_language_asked(built_store, tmp_path):
    import csv

    from graph_loader.cli import main

    for lang, expected in (("zh", "合作"), ("en", "partners with")):
        out = tmp_path / lang
        assert main(["export", str(out), "--format", "csv", "--format", "json", "--store", str(built_store.path),
                     "--lang", lang]) == 0
        with (out / "relationships.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert {r["type_name"] for r in rows if r["type"] == "PARTNERS_WITH"} == {expected}
        # JSON keeps only the identifiers.
        data = json.loads((out / "innokg.json").read_text(encoding="utf-8"))
        assert {n["label"] for n in data["nodes"]} <= set(ENTITY_LABELS)
        assert {e["type"] for e in data["links"]} <= set(RELATION_TYPES)
        assert not any("label_name" in n for n in data["nodes"])


def test_explore_passes_the_language_to_the_app(built_store, monkeypatch):
    """`innokg explore --lang en` starts Streamlit with INNOKG_LANG=en (the server itself is
    started for real by tests/test_explorer_e2e.py; here the call is caught)."""
    import subprocess

    from graph_loader.cli import main

    calls = []

    class Started:  # stands in for the Streamlit process, so the test starts no server
        def __init__(self, cmd, env, **_):
            calls.append((cmd, env))

        def poll(self):
            return 0

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Started)
    assert main(["explore", "--store", str(built_store.path), "--lang", "en"]) == 0
    cmd, env = calls[0]
    assert env["INNOKG_LANG"] == "en" and cmd[cmd.index("--client.toolbarMode") + 1] == "minimal"
    monkeypatch.setenv("INNOKG_LANG", "zh")
    main(["explore", "--store", str(built_store.path)])
    assert calls[1][1]["INNOKG_LANG"] == "zh"


def test_an_unknown_language_is_said_once(built_store, monkeypatch):
    at = run_app(built_store.path, monkeypatch, lang="fr")
    assert [w.value for w in at.warning] == ["INNOKG_LANG=fr 不是 innokg 支持的语言（zh 或 en），界面使用中文。"]
    at.run()
    assert not at.warning
