"""Two explorer sessions adding a report at the same time, each on its own SQLite connection."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from conftest import extract_text
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

from explorer.state import DOCUMENTS
from graph_loader.graph import build_graph
from graph_loader.resolve import Resolver
from graph_loader.store import Store

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")
REPORTS = {
    "甲": "宁波市科技局2024年工作总结\n2024年，宁波甲辰科技股份有限公司与浙江大学签订战略合作协议。"
          "宁波甲辰科技股份有限公司入选国家火炬计划。\n",
    "乙": "宁波市科技局2024年工作计划\n2024年，宁波乙巳新材料有限公司与宁波大学共建宁波乙巳联合实验室。"
          "宁波乙巳新材料有限公司入选省科技小巨人企业。\n",
}
# How long session 甲 keeps its transaction open once session 乙 is about to write: long
# enough that 乙's write comes while 甲's transaction is open. Not a limit on anything.
HOLD_SECONDS = 0.5
GUARD_SECONDS = 120


def _session(store: Path, name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.sidebar.radio(key="view").set_value(DOCUMENTS).run()
    at.file_uploader(key="upload").upload(f"{name}.txt", REPORTS[name].encode("utf-8"), "text/plain").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    return at


def test_two_sessions_upload_at_once(built_store, tmp_path, monkeypatch):
    store = tmp_path / "innokg.sqlite"
    target = sqlite3.connect(store)
    built_store.conn.backup(target)
    target.close()
    monkeypatch.setenv("INNOKG_STORE", str(store))
    first, second = _session(store, "甲"), _session(store, "乙")

    # 甲's report is written first and pauses inside its transaction until 乙 starts writing.
    first_inside, second_writing = threading.Event(), threading.Event()
    add, add_extraction = Resolver.add, Store.add_extraction

    def resolver_add(self, extraction):
        if extraction.document.path == "甲.txt":
            first_inside.set()
            assert second_writing.wait(GUARD_SECONDS)
            time.sleep(HOLD_SECONDS)
        return add(self, extraction)

    def store_add(self, extraction):
        if extraction.document.path == "乙.txt":
            assert first_inside.wait(GUARD_SECONDS)
            second_writing.set()
        return add_extraction(self, extraction)

    monkeypatch.setattr(Resolver, "add", resolver_add)
    monkeypatch.setattr(Store, "add_extraction", store_add)
    # Each AppTest compiles the app on every run with a ScriptCache of its own, where a server
    # shares one behind a lock; CPython 3.11's parser is not safe in two threads at once
    # ("AST constructor recursion depth mismatch"), so compiling goes one at a time, as on a server.
    compiling, get_bytecode = threading.Lock(), ScriptCache.get_bytecode

    def compile_one_at_a_time(self, script_path):
        with compiling:
            return get_bytecode(self, script_path)

    monkeypatch.setattr(ScriptCache, "get_bytecode", compile_one_at_a_time)

    clicked = threading.Thread(target=lambda: first.button(key="upload_add").click().run())
    clicked.start()
    second.button(key="upload_add").click().run()
    clicked.join()

    for at, name in ((first, "甲"), (second, "乙")):
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        assert any(f"已添加 {name}.txt" in s.value for s in at.success), name  # the Chinese interface
    with Store(store, create=False) as s:
        paths = {d["path"] for d in s.documents()}
    assert {"甲.txt", "乙.txt"} <= paths and len(paths) == 7


class _CommitsDuringRead:
    """A store connection that lets another connection commit a report right after the
    entities are read, as another session's upload would while this one builds its graph."""

    def __init__(self, conn: sqlite3.Connection, commit):
        self._conn, self._commit = conn, commit

    def execute(self, sql: str, *params):
        cursor = self._conn.execute(sql, *params)
        if "FROM entities" in sql and self._commit:
            self._commit()
            self._commit = None
        return cursor

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_the_graph_is_one_snapshot_while_another_session_commits(built_store, tmp_path, pipeline):
    store = tmp_path / "innokg.sqlite"
    target = sqlite3.connect(store)
    built_store.conn.backup(target)
    target.close()
    extraction = extract_text(pipeline, REPORTS["甲"].split("\n", 1)[1])
    assert extraction.relations

    def commit() -> None:
        with Store(store, create=False) as other:
            assert other.add_extraction(extraction)

    reader = Store(store, create=False)
    reader.conn = _CommitsDuringRead(reader.conn, commit)
    g = build_graph(reader)
    reader.close()
    assert all("name" in d for _, d in g.nodes(data=True)), "an edge reached entities the graph never read"
    with Store(store, create=False) as after:
        assert build_graph(after).number_of_nodes() > g.number_of_nodes()  # the commit did happen
