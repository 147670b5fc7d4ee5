"""The bulk path: `innokg export --format neo4j-admin` imported by neo4j-admin holds the graph
`innokg load` writes, and a load after the import finds nothing to change.

neo4j-admin (org.neo4j.cli.AdminTool, from the same Maven Central jars as the server) imports
only into a stopped database, so this test imports into the empty data folder of a second,
throw-away server, starts that, and compares it with what a load wrote into the first.
"""

from __future__ import annotations

from neo4j_live import admin_import_command, bulk_imported, needs_neo4j, snapshot

from graph_loader import cli
from graph_loader.neo4j_writer import load_graph

pytestmark = needs_neo4j




def test_bulk_import_holds_the_graph_a_load_gives(neo4j_db, built_store, kg, own_tmp):
    load_graph(neo4j_db, kg.graph, built_store)
    loaded = snapshot(neo4j_db)

    out = own_tmp / "admin"
    assert cli.main(["export", str(out), "--format", "neo4j-admin", "--store", str(built_store.path)]) == 0
    # The command the export writes down, as a user would copy it (file names relative to `out`).
    command = admin_import_command(out)
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert {a.split("=", 1)[1] for a in command if a.startswith(("--nodes=", "--relationships="))} == {
        "admin_nodes.csv", "admin_relationships.csv", "admin_documents.csv", "admin_evidence.csv",
        "admin_mentions.csv", "admin_stated_in.csv"}

    with bulk_imported(out, own_tmp / "bulk") as imported:
        assert snapshot(imported) == loaded
        after = load_graph(imported, kg.graph, built_store)
        assert not after.wrote_data, after.counters
        assert after.counters["constraints_added"] == 3
        assert snapshot(imported) == loaded
