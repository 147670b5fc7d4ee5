"""Every Cypher statement innokg can send, checked by Neo4j's own linter without a server.

tools/cypher-lint/lint.mjs runs `lintCypherQuery` of @neo4j-cypher/language-support (npm),
which parses with Neo4j's grammar and runs its semantic analysis, against a schema that
declares our labels, types, property keys and the `$rows` parameter. `make test` installs
it (mk/cypher-lint.mk, `npm ci`); when it is missing these tests fail, never skip, because
CI must run them.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from neo4j_data import make_store

from graph_loader.export import write_cypher
from graph_loader.graph import build_graph
from graph_loader.neo4j_statements import all_statements, lint_schema, node_statement, relationship_statement

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "cypher-lint"
PACKAGE = TOOL / "node_modules" / "@neo4j-cypher" / "language-support"


def _statements_module():
    spec = importlib.util.spec_from_file_location("cypher_lint_statements", TOOL / "statements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lint(statements: dict[str, str], schema: dict | None = None) -> dict:
    """Run the linter over named statements; fails the test when it cannot run."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: the Cypher lint needs `node` (CI has it)")
    if not PACKAGE.is_dir():
        pytest.fail(f"{PACKAGE.relative_to(ROOT)} is missing: run `make test-deps` (npm ci in tools/cypher-lint)")
    payload = {"schema": schema or lint_schema(),
               "statements": [{"name": k, "query": v} for k, v in statements.items()]}
    proc = subprocess.run([node, str(TOOL / "lint.mjs"), "--json"], input=json.dumps(payload, ensure_ascii=False),
                          capture_output=True, text=True, encoding="utf-8", cwd=TOOL)
    if proc.returncode not in (0, 1):
        pytest.fail(f"the Cypher linter did not run (exit {proc.returncode}): {proc.stderr}")
    report = json.loads(proc.stdout)
    assert report["statements"] == len(statements)
    assert (proc.returncode == 1) == bool(report["findings"])
    return report


def _describe(findings: list[dict]) -> str:
    return "\n".join(f"{f['name']}:{f['line']}:{f['column']}: {f['severity']}: {f['message']}\n    {f['text']}"
                     for f in findings)


def test_loader_statements_and_readme_queries_have_no_findings():
    module = _statements_module()
    readme = module.readme_queries()
    assert len(readme) >= 4, "the README's example queries are ```cypher blocks"
    data = module.lint_input()
    statements = {s["name"]: s["query"] for s in data["statements"]}
    assert set(all_statements()) <= set(statements)
    report = lint(statements, data["schema"])
    assert report["linter"].startswith("@neo4j-cypher/language-support ")
    assert report["findings"] == [], _describe(report["findings"])


def test_exported_cypher_script_has_no_findings(tmp_path):
    """The whole export script, :param lines included, as cypher-shell would read it."""
    store = make_store(tmp_path / "store", "ABC")
    try:
        g = build_graph(store)
        full = write_cypher(g, tmp_path / "full.cypher", batch=4, store=store)
        bare = write_cypher(g, tmp_path / "bare.cypher", batch=4)
    finally:
        store.close()
    text = full.read_text(encoding="utf-8")
    assert text.count(":param rows =>") > 10 and '\\"quote\\"' in text
    report = lint({"full.cypher": text, "bare.cypher": bare.read_text(encoding="utf-8")})
    assert report["findings"] == [], _describe(report["findings"])


def test_the_linter_finds_what_is_wrong():
    """Each broken statement must be reported, or a silent linter would pass everything."""
    broken = {
        "syntax": "UNWIND $rows AS row MERGE (e:Entity {id: row.id}",
        "variable": node_statement("Enterprise").replace("WITH e, row WHERE", "WITH row WHERE"),
        "parameter": relationship_statement("JOINED").replace("$rows", "$row"),
        "label": "MATCH (p:Programme) RETURN p.name",
        "type": "MATCH (a:Entity)-[r:JOINS]->(b:Entity) RETURN a.name",
        "property": "MATCH (p:Program) RETURN p.nmae",
        "param value": ':param rows => [{"id": "x"}];\nUNWIND $rows AS row RETURN row.id;',
    }
    report = lint(broken)
    found = {f["name"] for f in report["findings"]}
    assert found == set(broken), f"not reported: {set(broken) - found}\n{_describe(report['findings'])}"
