"""The read-only Cypher box: refuse writes before sending, and run reads in read transactions.

Two guards, because either alone is not enough. `check_read_only` refuses any statement
holding a write clause or a writing procedure, with a message naming it, so the user
learns why at once; and `run_read` sends what passes through `session.execute_read` in a
READ-mode session, so the server itself rejects a write the check could not see (for
instance one hidden inside a procedure we do not know).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .i18n import LocalisedError

# Clauses that change data, schema, users or databases.
WRITE_CLAUSES = (
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "FOREACH",
    "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "INSERT", "TERMINATE",
    "ENABLE", "DEALLOCATE", "REALLOCATE",
)
WRITE_PHRASES = (
    ("LOAD", "CSV"),
    ("IN", "TRANSACTIONS"),
    ("IN", "CONCURRENT", "TRANSACTIONS"),
    ("PERIODIC", "COMMIT"),
    ("START", "DATABASE"),
    ("STOP", "DATABASE"),
)
# User-defined functions cannot write in Neo4j, so only CALLed procedures are checked.
# A procedure is refused when a part of its name starts with one of these verbs
# (apoc.create.node, apoc.merge.relationship, apoc.periodic.iterate, db.create.setNodeVectorProperty,
# apoc.cypher.runWrite, dbms.security.createUser…) or belongs to a writing family.
WRITE_PROCEDURE_VERBS = (
    "create", "merge", "delete", "remove", "set", "add", "drop", "link", "kill", "terminate",
    "runwrite", "runschema", "runfile", "runmany", "doit", "dowhen", "docase", "clone", "collapse",
    "invert", "redirect", "rename", "normalize", "categorize", "assert", "install", "uninstall",
    "import", "export", "load", "swap", "upgrade",
)
WRITE_PROCEDURE_FAMILIES = (
    "apoc.periodic.", "apoc.refactor.", "apoc.atomic.", "apoc.trigger.", "apoc.lock.", "apoc.uuid.",
    "apoc.ttl.", "apoc.do.", "apoc.load.", "apoc.import.", "apoc.export.", "apoc.systemdb.",
    "dbms.security.", "dbms.setconfigvalue", "db.clearquerycaches", "gds.",
)
DEFAULT_ROW_LIMIT = 1000

_COMMENT_OR_LITERAL = re.compile(
    r"//[^\n]*"  # line comment
    r"|/\*.*?\*/"  # block comment
    r"|'(?:[^'\\]|\\.)*'"  # single-quoted string
    r'|"(?:[^"\\]|\\.)*"'  # double-quoted string
    r"|`[^`]*`",  # quoted identifier
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PROCEDURE = re.compile(r"\bCALL\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+)", re.IGNORECASE)


class WriteRefused(LocalisedError):
    """The query would write; the message says which clause and what to do instead."""


class ParamsError(LocalisedError):
    """The parameters typed are not a JSON object."""


@dataclass
class QueryResult:
    """Rows of a read query as plain values, and whether the row limit cut them."""

    columns: list[str]
    rows: list[dict]
    truncated: bool = False
    limit: int = DEFAULT_ROW_LIMIT
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Example:
    """A ready query shown one click away; `title` is a catalogue key."""

    title: str
    query: str
    params: dict


EXAMPLES: tuple[Example, ...] = (
    Example(
        "cypher.example.joined",
        "MATCH (o:Enterprise)-[r:JOINED|LEADS]->(p:Program)\n"
        "WHERE p.name = $program OR $program IN p.aliases\n"
        "RETURN o.name AS firm, type(r) AS relation, r.first_year AS year, r.evidence AS evidence\n"
        "ORDER BY firm",
        {"program": "国家重点研发计划"},
    ),
    Example(
        "cypher.example.partners",
        "MATCH (a:Entity)-[:PARTNERS_WITH]-(b:Entity)\n"
        "WHERE a.name = $name OR $name IN a.aliases\n"
        "RETURN DISTINCT b.name AS partner, b.label AS label, 'partner' AS how\n"
        "UNION\n"
        "MATCH (a:Entity)-[:CO_BUILDS]->(x:Entity)<-[:CO_BUILDS]-(b:Entity)\n"
        "WHERE a.name = $name OR $name IN a.aliases\n"
        "RETURN DISTINCT b.name AS partner, b.label AS label, 'co-builds ' + x.name AS how",
        {"name": "清华大学"},
    ),
    Example(
        "cypher.example.platforms",
        "MATCH (g:Government)-[r:CO_BUILDS]->(p:Platform)\n"
        "OPTIONAL MATCH (other:Entity)-[:CO_BUILDS]->(p) WHERE other <> g\n"
        "RETURN g.name AS government, p.name AS platform, collect(DISTINCT other.name) AS together_with,\n"
        "       r.first_year AS year\n"
        "ORDER BY government, platform",
        {},
    ),
)


def strip_literals(query: str) -> str:
    """The query with comments, strings and `quoted` identifiers blanked out."""
    return _COMMENT_OR_LITERAL.sub(lambda m: " " * len(m.group(0)), query)


def _words(code: str) -> list[tuple[str, int, int]]:
    """Keyword candidates: words that are not property keys, labels, parameters or map keys."""
    out = []
    for m in _WORD.finditer(code):
        before = code[: m.start()].rstrip()[-1:]
        after = code[m.end():].lstrip()[:1]
        if before in (".", "$", ":") or after == ":":
            continue
        out.append((m.group(0).upper(), m.start(), m.end()))
    return out


def check_read_only(query: str) -> None:
    """Raise WriteRefused if `query` would write, or is not one statement; return None if it reads."""
    code = strip_literals(query)
    if not code.strip():
        raise WriteRefused("cypher.empty")
    statements = [s for s in code.split(";") if s.strip()]
    if len(statements) > 1:
        raise WriteRefused("cypher.several")
    words = [w for w, _, _ in _words(code)]
    for i, w in enumerate(words):
        for phrase in WRITE_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                raise WriteRefused("cypher.refused_clause", clause=" ".join(phrase))
        if w in WRITE_CLAUSES:
            raise WriteRefused("cypher.refused_clause", clause=w)
    for m in _PROCEDURE.finditer(code):
        name = re.sub(r"\s+", "", m.group(1))
        if _writes(name):
            raise WriteRefused("cypher.refused_procedure", name=name)


def _writes(name: str) -> bool:
    low = name.lower()
    if low.startswith(WRITE_PROCEDURE_FAMILIES):
        return True
    parts = low.split(".")[1:]
    return any(p.startswith(WRITE_PROCEDURE_VERBS) for p in parts)


def parse_params(text: str) -> dict:
    """Query parameters from the JSON the user typed (empty means none)."""
    import json

    if not text.strip():
        return {}
    try:
        params = json.loads(text)
    except json.JSONDecodeError as e:
        raise ParamsError("cypher.params_invalid", detail=e.msg, line=e.lineno, column=e.colno) from e
    if not isinstance(params, dict):
        raise ParamsError("cypher.params_not_object")
    return params


def run_read(driver, query: str, params: dict | None = None, database: str | None = None,
             limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
    """Check `query`, then run it in a read transaction and return at most `limit` rows.

    Values are sent as parameters; the query text is passed on unchanged.
    """
    from neo4j import READ_ACCESS

    check_read_only(query)

    def work(tx) -> tuple[list[str], list, bool]:
        result = tx.run(query, params or {})
        columns = list(result.keys())
        records = result.fetch(limit + 1)
        return columns, [r.values() for r in records[:limit]], len(records) > limit

    kwargs = {"default_access_mode": READ_ACCESS}
    if database:
        kwargs["database"] = database
    with driver.session(**kwargs) as session:
        columns, values, truncated = session.execute_read(work)
    rows = [{c: plain(v) for c, v in zip(columns, vs, strict=False)} for vs in values]
    return QueryResult(columns=columns, rows=rows, truncated=truncated, limit=limit)


def plain(value):
    """A Neo4j value as plain Python (nodes and relationships as dicts) for a table."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def connect(uri: str, user: str, password: str):
    """A verified driver for `uri`; raises the driver's error (never echoing the password)."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(uri, auth=(user, password))
    try:
        driver.verify_connectivity()
    except Exception:
        driver.close()
        raise
    return driver
