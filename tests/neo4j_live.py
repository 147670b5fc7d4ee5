"""A live Neo4j server for the integration tests, and helpers to read what it holds.

`make test` runs pytest inside `tools/neo4j/server.py run`, which starts a throw-away Neo4j
5.26 (free port, random password, temporary data folder) and sets NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE and INNOKG_REQUIRE_NEO4J=1. Elsewhere, point NEO4J_URI at a
scratch database, or the tests marked `neo4j` skip, saying why. With INNOKG_REQUIRE_NEO4J
set they never skip: a missing server is a failure.

The tests delete the database's Entity, Document and Evidence nodes before each test, and
refuse to run when it holds any other node.
"""

from __future__ import annotations

import contextlib
import json
import os

import pytest

URI = os.environ.get("NEO4J_URI")
USER = os.environ.get("NEO4J_USER", "neo4j")
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
REQUIRED = bool(os.environ.get("INNOKG_REQUIRE_NEO4J"))
OURS = "n:Entity OR n:Document OR n:Evidence"

# pytestmark for a module of tests that need the server.
needs_neo4j = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not URI and not REQUIRED,
                       reason="NEO4J_URI is not set: no Neo4j server (`make test` starts one; or set "
                              "NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to run these)"),
]


def connect():
    """A verified driver for NEO4J_URI, failing the test (never skipping) when it cannot be had."""
    from neo4j import GraphDatabase

    if not URI:
        pytest.fail("INNOKG_REQUIRE_NEO4J is set but NEO4J_URI is not: no Neo4j server to test against")
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not")
    driver = GraphDatabase.driver(URI, auth=(USER, password))
    driver.verify_connectivity()
    foreign = one(driver, f"MATCH (n) WHERE NOT ({OURS}) RETURN count(n) AS c")
    if foreign:
        driver.close()
        pytest.fail(f"database {DATABASE} at {URI} holds {foreign} nodes that are not innokg's; "
                    "the integration tests delete data, so give them a scratch database")
    return driver


def clear(driver) -> None:
    """Delete innokg's nodes (the tests load a few thousand at most: one transaction will do)."""
    with driver.session(database=DATABASE) as s:
        s.execute_write(lambda tx: tx.run(f"MATCH (n) WHERE {OURS} DETACH DELETE n").consume())


def rows(driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, database_=DATABASE)
    return [r.data() for r in records]


def one(driver, query: str, **params):
    found = rows(driver, query, **params)
    return next(iter(found[0].values())) if found else None


def snapshot(driver) -> dict:
    """Every innokg node and relationship with all its labels and properties, in a fixed order."""
    nodes = rows(driver, f"MATCH (n) WHERE {OURS} RETURN labels(n) AS labels, properties(n) AS props")
    rels = rows(driver, f"MATCH (a)-[r]->(b) WHERE {OURS.replace('n:', 'a:')} "
                        "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")

    def norm(found):
        return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in found)

    return {"nodes": norm([{**r, "labels": sorted(r["labels"])} for r in nodes]), "relationships": norm(rels)}


def counts(driver) -> dict:
    """Nodes by label and relationships by type."""
    labels = rows(driver, f"MATCH (n) WHERE {OURS} UNWIND labels(n) AS label RETURN label, count(*) AS c")
    types = rows(driver, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS c")
    return {"labels": {r["label"]: r["c"] for r in labels}, "types": {r["type"]: r["c"] for r in types}}


def server_tool():
    """tools/neo4j/server.py as a module, to start a second server (for the bulk import)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / "neo4j" / "server.py"
    if "innokg_neo4j_server" not in sys.modules:
        spec = importlib.util.spec_from_file_location("innokg_neo4j_server", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules["innokg_neo4j_server"]


def admin_import_command(out) -> list[str]:
    """The neo4j-admin command an export wrote down, as a user would copy it."""
    return (out / "admin_import.txt").read_text(encoding="utf-8").strip().splitlines()[-1].split()


@contextlib.contextmanager
def bulk_imported(out, home):
    """A throw-away server whose empty database neo4j-admin filled from the export in `out`
    (neo4j-admin imports only into a stopped database); a driver to it while it runs."""
    import secrets

    from neo4j import GraphDatabase

    tool = server_tool()
    server = tool.Server(home=home, port=tool.free_port(), http_port=None, heap="512m", pagecache="128m")
    assert tool.admin(server, admin_import_command(out)[1:], quiet=True, cwd=out) == 0, "neo4j-admin database import failed"
    password = secrets.token_urlsafe(16)
    try:
        tool.start(server, password, quiet=True)
        with GraphDatabase.driver(server.uri, auth=(tool.USER, password)) as driver:
            yield driver
    finally:
        tool.stop(server, quiet=True)

