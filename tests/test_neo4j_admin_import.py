"""The bulk path: `innokg export --format neo4j-admin` imported by neo4j-admin holds the graph
`innokg load` writes, and a load after the import finds nothing to change.

neo4j-admin (org.neo4j.cli.AdminTool, from the same Maven Central jars as the server) imports
only into a stopped database, so this test imports into the empty data folder of a second,
throw-away server, starts that, and compares it with what a load wrote into the first.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

import pytest
from neo4j_live import needs_neo4j, server_tool, snapshot

from graph_loader import cli
from graph_loader.neo4j_writer import load_graph

pytestmark = needs_neo4j


@pytest.fixture
def own_tmp():
    """A folder of this test's own: pytest's shared temporary root may be cleaned by another
    pytest run on the machine while a server still lives in it."""
    path = Path(tempfile.mkdtemp(prefix="innokg-bulk-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_bulk_import_holds_the_graph_a_load_gives(neo4j_db, built_store, kg, own_tmp):
    from neo4j import GraphDatabase

    load_graph(neo4j_db, kg.graph, built_store)
    loaded = snapshot(neo4j_db)

    out = own_tmp / "admin"
    assert cli.main(["export", str(out), "--format", "neo4j-admin", "--store", str(built_store.path)]) == 0
    # The command the export writes down, as a user would copy it (file names relative to `out`).
    command = (out / "admin_import.txt").read_text(encoding="utf-8").strip().splitlines()[-1].split()
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert {a.split("=", 1)[1] for a in command if a.startswith(("--nodes=", "--relationships="))} == {
        "admin_nodes.csv", "admin_relationships.csv", "admin_documents.csv", "admin_evidence.csv",
        "admin_mentions.csv", "admin_stated_in.csv"}

    tool = server_tool()
    server = tool.Server(home=own_tmp / "bulk", port=tool.free_port(), http_port=None, heap="512m", pagecache="128m")
    assert tool.admin(server, command[1:], quiet=True, cwd=out) == 0, "neo4j-admin database import failed"
    password = secrets.token_urlsafe(16)
    try:
        tool.start(server, password, quiet=True)
        with GraphDatabase.driver(server.uri, auth=(tool.USER, password)) as imported:
            assert snapshot(imported) == loaded
            after = load_graph(imported, kg.graph, built_store)
            assert not after.wrote_data, after.counters
            assert after.counters["constraints_added"] == 3
            assert snapshot(imported) == loaded
    finally:
        tool.stop(server, quiet=True)
