"""The read-only Cypher box.

No Neo4j server can run here, so the driver is a fake: FakeDriver records the session's
access mode and every transaction function, and fails the test if anything is run through
a write transaction or in auto-commit mode. The refusal logic itself is pure and tested
directly; the Cypher view is driven with AppTest with the fake in place of the real driver.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer import cypher
from explorer.cypher import EXAMPLES, WriteRefused, check_read_only, parse_params, run_read
from explorer.i18n import text

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


class FakeResult:
    def __init__(self, columns, rows):
        self._columns, self._rows = columns, rows

    def keys(self):
        return self._columns

    def fetch(self, n):
        return [FakeRecord(r) for r in self._rows[:n]]


class FakeRecord:
    def __init__(self, values):
        self._values = values

    def values(self):
        return list(self._values)


class FakeTx:
    def __init__(self, driver):
        self.driver = driver

    def run(self, query, params=None):
        self.driver.ran.append((query, params))
        return FakeResult(self.driver.columns, self.driver.rows)


class FakeSession:
    def __init__(self, driver, kwargs):
        self.driver, self.kwargs = driver, kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_read(self, work):
        self.driver.modes.append(("read", self.kwargs.get("default_access_mode")))
        return work(FakeTx(self.driver))

    def execute_write(self, work):  # pragma: no cover - reaching it is the failure
        raise AssertionError("the Cypher box must never open a write transaction")

    def run(self, *a, **k):  # pragma: no cover
        raise AssertionError("the Cypher box must not use auto-commit transactions")


class FakeDriver:
    def __init__(self, columns=("firm",), rows=(("宁波晶钻科技股份有限公司",),)):
        self.columns, self.rows = list(columns), [list(r) for r in rows]
        self.ran, self.modes, self.sessions = [], [], []

    def session(self, **kwargs):
        self.sessions.append(kwargs)
        return FakeSession(self, kwargs)


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Entity {name: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) DELETE n",
        "MERGE (a:Entity {id: $id})",
        "MATCH (n:Entity) SET n.name = 'y' RETURN n",
        "match (n) set n:Firm",
        "MATCH (n) REMOVE n.name",
        "DROP CONSTRAINT entity_id",
        "DROP INDEX foo IF EXISTS",
        "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
        "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 100 ROWS",
        "MATCH (n) CALL (n) { RETURN n.x AS x } IN TRANSACTIONS RETURN x",
        "CALL apoc.create.node(['Entity'], {name: 'x'})",
        "CALL apoc.merge.node(['Entity'], {id: 1})",
        "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
        "CALL apoc.refactor.mergeNodes([a, b])",
        "CALL apoc.cypher.runWrite('CREATE (n)', {})",
        "CALL db.create.setNodeVectorProperty(n, 'v', [1.0])",
        "CALL dbms.security.createUser('u', 'p')",
        "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
        "CREATE USER bob SET PASSWORD 'x'",
        "ALTER USER bob SET PASSWORD 'y'",
        "GRANT ROLE admin TO bob",
        "MATCH (n) RETURN n; MATCH (m) RETURN m",
        "MATCH (n)\n// a comment\nSET n.x = 1",
    ],
)
def test_write_clauses_are_refused_with_a_clear_message(query):
    with pytest.raises(WriteRefused) as e:
        check_read_only(query)
    assert str(e.value).startswith("Refused") or "one statement" in str(e.value)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n:Entity) RETURN n.name LIMIT 10",
        # Write words inside strings, comments, property keys, labels, parameters and map keys are not clauses.
        "MATCH (n:Entity) WHERE n.name = 'CREATE something; DELETE' RETURN n",
        'MATCH (n) WHERE n.note CONTAINS "merge" RETURN n',
        "MATCH (n) // we never DELETE here\nRETURN n",
        "MATCH (n) /* SET n.x = 1 */ RETURN n.set, n.create",
        "MATCH (n:`DELETE`) RETURN n",
        "MATCH (n) WHERE n.id = $set RETURN {create: n.name}",
        "MATCH (n:Set) RETURN count(n)",
        "CALL db.labels() YIELD label RETURN label",
        "MATCH (n) RETURN apoc.coll.remove([1, 2], 0)",
        "SHOW INDEXES",
        "MATCH (n) RETURN n;",
        *[ex.query for ex in EXAMPLES],
    ],
)
def test_read_queries_pass(query):
    check_read_only(query)


def test_refusal_names_the_clause():
    with pytest.raises(WriteRefused, match="contains `MERGE`"):
        check_read_only("MATCH (a) MERGE (a)-[:X]->(b)")
    with pytest.raises(WriteRefused, match="`apoc.create.node`"):
        check_read_only("CALL apoc.create.node(['A'], {})")


def test_read_path_uses_a_read_transaction_and_parameters():
    from neo4j import READ_ACCESS

    driver = FakeDriver()
    result = run_read(driver, EXAMPLES[0].query, EXAMPLES[0].params, database="innokg")
    assert driver.modes == [("read", READ_ACCESS)]
    assert driver.sessions == [{"default_access_mode": READ_ACCESS, "database": "innokg"}]
    # The query text is sent unchanged and the program name travels as a parameter.
    assert driver.ran == [(EXAMPLES[0].query, {"program": "国家重点研发计划"})]
    assert result.columns == ["firm"] and result.rows == [{"firm": "宁波晶钻科技股份有限公司"}]
    assert not result.truncated


def test_write_is_refused_before_anything_is_sent():
    driver = FakeDriver()
    with pytest.raises(WriteRefused):
        run_read(driver, "MATCH (n) DETACH DELETE n")
    assert driver.sessions == [] and driver.ran == []


def test_rows_are_capped_at_the_limit():
    driver = FakeDriver(columns=["i"], rows=[(i,) for i in range(30)])
    result = run_read(driver, "UNWIND range(1, 30) AS i RETURN i", limit=10)
    assert len(result.rows) == 10 and result.truncated


def test_params_must_be_a_json_object():
    assert parse_params("") == {}
    assert parse_params('{"name": "清华大学"}') == {"name": "清华大学"}
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_params("{name: 1}")
    with pytest.raises(ValueError, match="JSON object"):
        parse_params("[1, 2]")


def test_cypher_view_with_a_fake_neo4j(built_store, monkeypatch):
    """The view appears only with a URI; examples fill the box; writes are refused on screen."""
    driver = FakeDriver()
    monkeypatch.setattr(cypher, "connect", lambda uri, user, password: driver)
    monkeypatch.setenv("INNOKG_STORE", str(built_store.path))
    monkeypatch.setenv("INNOKG_LANG", "en")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not any("Cypher" in o for o in at.sidebar.radio(key="view").options)
    at.text_input(key="neo4j_uri").input("bolt://fake:7687").run()
    at.text_input(key="neo4j_password").input("s3cret-pw").run()
    at.sidebar.radio(key="view").set_value("cypher").run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button if b.key and b.key.startswith("cy_ex_")] == [
        text("en", ex.title) for ex in EXAMPLES]

    at.text_area(key="cypher_query").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="cy_run").click().run()
    assert any("Refused" in e.value and "DETACH" in e.value for e in at.error)
    assert driver.ran == []

    at.button(key="cy_ex_0").click().run()
    assert at.text_area(key="cypher_query").value == EXAMPLES[0].query
    assert json.loads(at.text_area(key="cypher_params").value) == EXAMPLES[0].params
    at.button(key="cy_run").click().run()
    assert not at.error, [e.value for e in at.error]
    assert driver.ran == [(EXAMPLES[0].query, EXAMPLES[0].params)]
    assert any(s.value.startswith("1 row(s)") for s in at.success)
    page = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert "s3cret-pw" not in page
    # The same refusal in Chinese, the clause named.
    at.sidebar.radio(key="lang").set_value("zh").run()
    at.text_area(key="cypher_query").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="cy_run").click().run()
    assert any(e.value.startswith("已拒绝") and "`DETACH`" in e.value for e in at.error)
