"""The loader's use of the driver and the `innokg load` command, without a Neo4j server.

These hand the loader a fake driver (FakeDriver below) that records what would be sent and
can fail the commit of chosen transactions, which a real server does not do on demand. Its
`execute_write` stands in for the real driver's managed transactions, including a retry
after a TransientError; it holds no data, so every row is sent. What Neo4j does with the
statements is tested against a real server in test_neo4j_integration.py.
"""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import neo4j
import pytest
from neo4j.exceptions import AuthError, TransientError
from neo4j_data import make_store

from graph_loader import cli
from graph_loader.graph import build_graph
from graph_loader.neo4j_statements import CONSTRAINTS, HELD_HASHES, all_statements, mirror_statements
from graph_loader.neo4j_writer import COUNTERS, load, mirror_steps, plan

PASSWORD = "pw-Zq8!unique-4711"


class FakeTx:
    """Records tx.run calls; the summary counts one created node per row (a fake figure)."""

    def __init__(self, session):
        self.session = session

    def run(self, statement, **params):
        self.session.attempts.append((statement, params.get("rows")))
        rows = params.get("rows") or []
        counters = SimpleNamespace(**dict.fromkeys(COUNTERS, 0))
        counters.nodes_created = len(rows)
        return _Result(SimpleNamespace(counters=counters))


class _Result(list):
    """An empty result (the fake holds no data) whose summary has the given counters."""

    def __init__(self, summary):
        super().__init__()
        self.summary = summary

    def consume(self):
        return self.summary


class FakeReadTx:
    """Reads from the fake database, which holds nothing."""

    def run(self, statement, **params):
        return _Result(None)


class FakeSession:
    """`execute_write` like the driver's: runs the function; on a transient error, runs it again.

    With `fail_every`, the commit of every n-th transaction fails once with TransientError
    (after the function ran), as when Neo4j reports a deadlock or a leader switch.
    """

    def __init__(self, driver, database, fail_every=0):
        self.driver, self.database, self.fail_every = driver, database, fail_every
        self.attempts: list[tuple[str, list | None]] = []
        self.committed: list[tuple[str, list | None]] = []
        self.transactions = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_read(self, fn, *args, **kwargs):
        return fn(FakeReadTx(), *args, **kwargs)

    def execute_write(self, fn, *args, **kwargs):
        self.transactions += 1
        failed = False
        while True:
            before = len(self.attempts)
            result = fn(self.driver.tx_class(self), *args, **kwargs)
            if self.fail_every and self.transactions % self.fail_every == 0 and not failed:
                failed = True
                self.driver.retries += 1
                try:
                    raise TransientError("Neo.TransientError.Transaction.DeadlockDetected (fake)")
                except TransientError as e:
                    assert e.is_retryable()
                    continue
            self.committed.extend(self.attempts[before:])
            return result


class FakeDriver:
    def __init__(self, fail_every=0, tx_class=FakeTx):
        self.fail_every, self.tx_class = fail_every, tx_class
        self.sessions: list[FakeSession] = []
        self.retries = 0
        self.auth = None
        self.config = {}

    def session(self, database="neo4j", **config):
        s = FakeSession(self, database, self.fail_every)
        self.sessions.append(s)
        return s

    def verify_connectivity(self):
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    @property
    def committed(self):
        return [c for s in self.sessions for c in s.committed]


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handmade")
    store = make_store(folder, "ABC")
    yield folder, store, build_graph(store)
    store.close()


def test_load_sends_each_step_in_batches(handmade):
    _, store, g = handmade
    steps = plan(g, store)
    driver = FakeDriver()
    report = load(driver, steps, database="kg", batch_size=3, progress=False)
    sent = driver.committed
    assert driver.sessions[0].database == "kg"
    assert [s for s, _ in sent[:3]] == list(CONSTRAINTS), "constraints come first"
    for step in steps:
        if step.rows is None:
            continue
        chunks = [rows for stmt, rows in sent if stmt == step.statement]
        assert [r for c in chunks for r in c] == step.rows, step.name
        assert all(0 < len(c) <= 3 for c in chunks)
    total = sum(len(s.rows) for s in steps if s.rows is not None)
    assert report.total_rows == total
    assert report.rows["Entity:University"] == 2 and report.rows["Evidence"] == 10
    assert report.batches == len(sent)
    assert report.counters["nodes_created"] == total  # the fake's figure: one per row


def test_every_statement_sent_is_one_the_linter_checks(built_store, kg):
    """The lint test checks all_statements(); every statement the loader plans is one of them."""
    steps = plan(kg.graph, built_store)
    assert {s.statement for s in steps} | set(HELD_HASHES.values()) == set(all_statements().values())
    driver = FakeDriver()
    load(driver, steps, batch_size=500, progress=False)
    sent = {stmt for stmt, _ in driver.committed}
    assert sent <= set(all_statements().values())
    # The hash reads go through read transactions; a small store may lack a relation type or two.
    assert len(sent) >= len(all_statements()) - len(HELD_HASHES) - 2


def test_the_mirror_deletes_only_what_the_plan_no_longer_holds(handmade):
    """From the keys innokg wrote before (as held_hashes reads them), the steps that delete
    what the plan lacks: relationships and mentions first, then each stale node's own
    relationships and the node; only kinds the plan loads are judged."""
    _, store, g = handmade
    steps = plan(g, store)
    data = {s.name: s.rows for s in steps if s.rows is not None}
    eid = data["Entity:University"][0]["id"]
    doc = data["Document"][0]["id"]
    kept = {("Entity", eid): "h", ("Document", doc): "h"}
    stale = {("Entity", "gone"): "h", ("Document", "old-doc"): "h", ("Evidence", "old-ev"): "h",
             ("relationships", ("gone", "PARTNERS_WITH", eid)): "h", ("MENTIONED_IN", ("gone", doc)): "h"}
    found = [(s.name, s.rows) for s in mirror_steps(kept | stale, steps)]
    assert found == [
        ("delete PARTNERS_WITH", [{"source": "gone", "target": eid}]),
        ("delete MENTIONED_IN", [{"entity": "gone", "document": doc}]),
        ("detach Evidence", [{"id": "old-ev"}]), ("delete Evidence", [{"id": "old-ev"}]),
        ("detach Entity", [{"id": "gone"}]), ("delete Entity", [{"id": "gone"}]),
        ("detach Document", [{"id": "old-doc"}]), ("delete Document", [{"id": "old-doc"}]),
    ]
    assert {s.statement for s in mirror_steps(stale, steps)} <= set(mirror_statements().values())
    assert mirror_steps(kept, steps) == []
    # Without the store the plan holds no documents, mentions or evidence: those are left alone.
    assert [s.name for s in mirror_steps(kept | stale, plan(g))] == [
        "delete PARTNERS_WITH", "detach Entity", "delete Entity"]


def test_a_transient_error_retries_the_batch_and_counts_it_once(handmade):
    _, store, g = handmade
    steps = plan(g, store)
    plain, flaky = FakeDriver(), FakeDriver(fail_every=2)
    a = load(plain, steps, batch_size=4, progress=False)
    b = load(flaky, steps, batch_size=4, progress=False)
    assert flaky.retries > 5
    assert flaky.committed == plain.committed, "the retried transactions send the same rows"
    attempts = flaky.sessions[0].attempts
    assert len(attempts) == len(plain.committed) + flaky.retries
    assert b.counters == a.counters, "a failed attempt's counters are not added"
    assert b.batches == a.batches


def test_progress_shows_rows_and_rate(handmade, capsys):
    _, store, g = handmade
    steps = plan(g, store)
    total = sum(len(s.rows) for s in steps if s.rows is not None)
    load(FakeDriver(), steps, batch_size=5, progress=True)
    err = capsys.readouterr().err
    assert f"{total}/{total}" in err
    assert re.search(r"[\d.]+k?rows/s", err), err


def test_batch_size_must_be_positive(handmade):
    _, store, g = handmade
    with pytest.raises(ValueError):
        load(FakeDriver(), plan(g, store), batch_size=0, progress=False)


# -- the command ---------------------------------------------------------------------------------
@pytest.fixture
def fake_neo4j(monkeypatch):
    """Makes neo4j.GraphDatabase.driver return a FakeDriver and remembers how it was called."""
    made: list[FakeDriver] = []

    def driver(uri, auth=None, **config):
        d = FakeDriver()
        d.uri, d.auth, d.config = uri, auth, config
        made.append(d)
        return d

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", driver)
    return made


def test_cli_load_takes_the_password_from_the_environment_and_never_prints_it(
        handmade, fake_neo4j, monkeypatch, capsys, caplog):
    folder, _, _ = handmade
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    caplog.set_level(logging.DEBUG)
    code = cli.main(["load", "--uri", "bolt://example.invalid:7687", "--user", "loader", "--store", str(folder),
                     "--batch-size", "4", "--retry-time", "12"])
    out, err = capsys.readouterr()
    assert code == 0, err
    (d,) = fake_neo4j
    assert d.auth == ("loader", PASSWORD)
    assert d.config["max_transaction_retry_time"] == 12
    assert "Entity:University\t2" in out and "Evidence\t10" in out
    assert "nodes created" in out
    assert "rows/s" in err
    for text in (out, err, caplog.text):
        assert PASSWORD not in text


def test_cli_load_has_no_password_flag():
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["load", "--password", PASSWORD])
    options = {o for a in cli.parser()._subparsers._group_actions[0].choices["load"]._actions
               for o in a.option_strings}
    assert not {o for o in options if "pass" in o}


def test_cli_load_without_password_and_terminal_says_how(handmade, fake_neo4j, monkeypatch, capsys):
    folder, _, _ = handmade
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", SimpleNamespace(isatty=lambda: False))  # no terminal, as in CI
    code = cli.main(["load", "--store", str(folder), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "NEO4J_PASSWORD" in err
    assert fake_neo4j == [], "no connection without a password"


def test_cli_load_prompts_on_a_terminal(handmade, fake_neo4j, monkeypatch, capsys):
    folder, _, _ = handmade
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", SimpleNamespace(isatty=lambda: True))
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    assert cli.main(["load", "--store", str(folder), "--quiet", "--user", "neo4j"]) == 0
    assert prompts == ["Neo4j password for neo4j: "]
    assert fake_neo4j[0].auth == ("neo4j", PASSWORD)
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err


def test_cli_load_reports_refused_credentials_without_the_password(handmade, monkeypatch, capsys):
    folder, _, _ = handmade
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)

    class Refusing(FakeDriver):
        def verify_connectivity(self):
            raise AuthError("The client is unauthorized due to authentication failure.")

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda uri, auth=None, **kw: Refusing())
    code = cli.main(["load", "--store", str(folder), "--quiet", "--user", "neo4j"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "refused the credentials of user neo4j" in err
    assert PASSWORD not in out + err


def test_cli_load_says_when_nothing_changed(handmade, monkeypatch, capsys):
    """A fake whose summaries report no change, as Neo4j does on a second load of one store."""
    folder, _, _ = handmade
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)

    class Unchanged(FakeTx):
        def run(self, statement, **params):
            result = super().run(statement, **params)
            counters = result.consume().counters
            counters.nodes_created = 0
            return SimpleNamespace(consume=lambda: SimpleNamespace(counters=counters))

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda uri, auth=None, **kw: FakeDriver(tx_class=Unchanged))
    assert cli.main(["load", "--store", str(folder), "--quiet"]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_cli_load_rejects_a_bad_batch_size(handmade, fake_neo4j, monkeypatch, capsys):
    folder, _, _ = handmade
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    assert cli.main(["load", "--store", str(folder), "--batch-size", "0"]) == 2
    assert "--batch-size" in capsys.readouterr().err
    assert fake_neo4j == []


def test_cli_load_interrupted_says_a_rerun_finishes(handmade, monkeypatch, capsys):
    folder, _, _ = handmade
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)

    class Interrupted(FakeTx):
        def run(self, statement, **params):
            if params.get("rows"):
                raise KeyboardInterrupt
            return super().run(statement, **params)

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda uri, auth=None, **kw: FakeDriver(tx_class=Interrupted))
    assert cli.main(["load", "--store", str(folder), "--quiet"]) == 130
    assert "run the same load again" in capsys.readouterr().err
