"""Prints, as JSON for lint.mjs, every Cypher statement innokg can send to Neo4j.

That is every statement of the loader (graph_loader.neo4j_statements.all_statements, which
the Cypher export writes too, and mirror_statements, which bring Neo4j back to the store), the README's example queries, and the Cypher scripts named
on the command line (an `innokg export --format cypher` file, for instance), together with
the schema the linter checks them against.

    python tools/cypher-lint/statements.py [SCRIPT.cypher ...] | node tools/cypher-lint/lint.mjs
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
_FENCE = re.compile(r"^```cypher\n(.*?)^```", re.M | re.S)


def readme_queries(readme: Path = README) -> dict[str, str]:
    """The ```cypher blocks of the README, named by their position."""
    text = readme.read_text(encoding="utf-8")
    return {f"README cypher block {i + 1}": m.group(1) for i, m in enumerate(_FENCE.finditer(text))}


def lint_input(scripts: list[Path] = ()) -> dict:
    """The linter's input: the schema and every statement, each with a name."""
    from graph_loader.neo4j_statements import all_statements, lint_schema, mirror_statements

    statements = dict(all_statements())
    statements.update(mirror_statements())
    statements.update(readme_queries())
    for path in scripts:
        statements[str(path)] = Path(path).read_text(encoding="utf-8")
    return {"schema": lint_schema(), "statements": [{"name": k, "query": v} for k, v in statements.items()]}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    json.dump(lint_input([Path(p) for p in sys.argv[1:]]), sys.stdout, ensure_ascii=False)
