"""Every Cypher statement innokg sends to Neo4j, built from fixed names only.

The graph in Neo4j:

    (:Entity:<schema label> {id, name, label, aliases, mentions, documents, regions, years})
    (:Document {id, title, path, ...})
    (:Entity)-[:MENTIONED_IN {count, sentences, forms}]->(:Document)
    (:Entity)-[:<schema type> {evidence, evidence_ids, first_year, last_year, documents, cues, rules,
                               confidence, planned}]->(:Entity)
    (:Evidence {id, type, source, target, document, sentence, text, head, tail, offsets, cue, rule,
                planned})-[:STATED_IN]->(:Document)

`planned` is true on a relationship every sentence of which states a plan (拟共建, 力争入选),
and on each such sentence's Evidence node: `WHERE NOT r.planned` keeps the relations stated
as done.

A relationship's `evidence_ids` are the ids of its `Evidence` nodes, so Cypher goes from an
edge to the sentences that state it (`MATCH (v:Evidence) WHERE v.id IN r.evidence_ids`).

Each write is `UNWIND $rows AS row MERGE …`, one statement per label and relationship type;
values only ever arrive in `$rows`. Schema labels and types are spliced into the text only
after checking them against ner.model's fixed tuples; every other name here is a constant.
Each row carries `row_hash`, a digest of its values: a row whose node or relationship already
holds that hash is skipped, so loading the same store twice writes nothing at all.

Every node and relationship written here carries `innokg: true`. A load leaves Neo4j equal to
the store: the row hashes it reads first (HELD_HASHES) are those of what innokg wrote, and
what the store no longer has (an entity merged into another, its edges, mentions and
evidence) is deleted by the `delete_*` statements afterwards, and only that: a user's own
nodes and relationships in the same database have no mark and are never touched; a stale
node that a user's own relationship still points to is left in place.
"""

from __future__ import annotations

from ner.model import ENTITY_LABELS, RELATION_TYPES

ENTITY = "Entity"
DOCUMENT = "Document"
EVIDENCE = "Evidence"
MENTIONED_IN = "MENTIONED_IN"
STATED_IN = "STATED_IN"

# Property names each statement sets from the row of the same name. The row builders in
# neo4j_rows.py produce exactly these keys (plus the MERGE keys and row_hash).
DOCUMENT_PROPS = ("title", "path", "format", "issuer", "date", "region", "year", "n_chars", "n_sentences",
                  "content_hash")
ENTITY_PROPS = ("name", "label", "aliases", "mentions", "documents", "regions", "years")
MENTION_PROPS = ("count", "sentences", "forms")
RELATIONSHIP_PROPS = ("evidence", "evidence_ids", "first_year", "last_year", "documents", "cues", "rules",
                      "confidence", "planned")
EVIDENCE_PROPS = ("type", "source", "target", "document", "sentence", "text", "head", "tail", "head_start",
                  "head_end", "tail_start", "tail_end", "cue", "rule", "confidence", "planned")
ROW_HASH = "row_hash"
MARK = "innokg"

CONSTRAINTS = (
    f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:{ENTITY}) REQUIRE e.id IS UNIQUE",
    f"CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:{DOCUMENT}) REQUIRE d.id IS UNIQUE",
    f"CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (v:{EVIDENCE}) REQUIRE v.id IS UNIQUE",
)
# A constraint's index is built in the background; MERGE before it is online scans labels.
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# The row hash of what innokg wrote in the database (marked innokg), by the key of each kind
# of row. The loader reads them first and sends only rows whose hash differs: loading an
# unchanged store then sends nothing. (The statements check the hash again, so a concurrent
# change is still caught.) The keys it read and the store no longer has are what a load deletes.
HELD_HASHES = {
    ENTITY: f"MATCH (n:{ENTITY}) WHERE n.{MARK} = true RETURN n.id AS key, n.{ROW_HASH} AS hash",
    DOCUMENT: f"MATCH (n:{DOCUMENT}) WHERE n.{MARK} = true RETURN n.id AS key, n.{ROW_HASH} AS hash",
    EVIDENCE: f"MATCH (n:{EVIDENCE}) WHERE n.{MARK} = true RETURN n.id AS key, n.{ROW_HASH} AS hash",
    MENTIONED_IN: f"MATCH (e:{ENTITY})-[m:{MENTIONED_IN}]->(d:{DOCUMENT}) WHERE m.{MARK} = true "
                  f"RETURN [e.id, d.id] AS key, m.{ROW_HASH} AS hash",
    "relationships": f"MATCH (a:{ENTITY})-[r]->(b:{ENTITY}) WHERE type(r) IN $types AND r.{MARK} = true "
                     f"RETURN [a.id, type(r), b.id] AS key, r.{ROW_HASH} AS hash",
}


def check_label(label: str) -> str:
    """`label` if it is one of the schema's entity labels, else ValueError."""
    if label not in ENTITY_LABELS:
        raise ValueError(f"not a schema label: {label!r} (labels: {', '.join(ENTITY_LABELS)})")
    return label


def check_type(rtype: str) -> str:
    """`rtype` if it is one of the schema's relation types, else ValueError."""
    if rtype not in RELATION_TYPES:
        raise ValueError(f"not a schema relationship type: {rtype!r} (types: {', '.join(RELATION_TYPES)})")
    return rtype


def _set(var: str, props: tuple[str, ...]) -> str:
    return "SET " + ", ".join(f"{var}.{p} = row.{p}" for p in (*props, ROW_HASH)) + f", {var}.{MARK} = true"


def _changed(var: str, *keep: str) -> str:
    # `x <> y` is null when x is null, hence the explicit IS NULL.
    carried = ", ".join((var, *keep, "row"))
    return f"WITH {carried} WHERE {var}.{ROW_HASH} IS NULL OR {var}.{ROW_HASH} <> row.{ROW_HASH}"


def document_statement() -> str:
    """MERGE a batch of documents."""
    return "\n".join((
        "UNWIND $rows AS row",
        f"MERGE (d:{DOCUMENT} {{id: row.id}})",
        _changed("d"),
        _set("d", DOCUMENT_PROPS),
    ))


def node_statement(label: str) -> str:
    """MERGE a batch of entities of one schema label.

    An entity whose label changed since the last load loses its other schema labels.
    """
    others = ":".join(x for x in ENTITY_LABELS if x != check_label(label))
    return "\n".join((
        "UNWIND $rows AS row",
        f"MERGE (e:{ENTITY} {{id: row.id}})",
        _changed("e"),
        f"REMOVE e:{others}",
        f"SET e:{label}",
        _set("e", ENTITY_PROPS),
    ))


def mention_statement() -> str:
    """MERGE a batch of (entity)-[:MENTIONED_IN]->(document) links."""
    return "\n".join((
        "UNWIND $rows AS row",
        f"MATCH (e:{ENTITY} {{id: row.entity}})",
        f"MATCH (d:{DOCUMENT} {{id: row.document}})",
        f"MERGE (e)-[m:{MENTIONED_IN}]->(d)",
        _changed("m"),
        _set("m", MENTION_PROPS),
    ))


def relationship_statement(rtype: str) -> str:
    """MERGE a batch of relationships of one schema type between loaded entities."""
    return "\n".join((
        "UNWIND $rows AS row",
        f"MATCH (a:{ENTITY} {{id: row.source}})",
        f"MATCH (b:{ENTITY} {{id: row.target}})",
        f"MERGE (a)-[r:{check_type(rtype)}]->(b)",
        _changed("r"),
        _set("r", RELATIONSHIP_PROPS),
    ))


def evidence_statement() -> str:
    """MERGE a batch of evidence sentences, each linked to its document."""
    return "\n".join((
        "UNWIND $rows AS row",
        f"MATCH (d:{DOCUMENT} {{id: row.document}})",
        f"MERGE (v:{EVIDENCE} {{id: row.id}})",
        _changed("v", "d"),
        _set("v", EVIDENCE_PROPS),
        f"MERGE (v)-[s:{STATED_IN}]->(d)",
        f"SET s.{MARK} = true",
    ))


def all_statements() -> dict[str, str]:
    """Every statement the loader (and the Cypher export) can send, by step name."""
    out = {f"constraint {i + 1}": c for i, c in enumerate(CONSTRAINTS)}
    out["await indexes"] = AWAIT_INDEXES
    out.update({f"held hashes {kind}": q for kind, q in HELD_HASHES.items()})
    out[DOCUMENT] = document_statement()
    out.update({f"{ENTITY}:{label}": node_statement(label) for label in ENTITY_LABELS})
    out[MENTIONED_IN] = mention_statement()
    out.update({rtype: relationship_statement(rtype) for rtype in RELATION_TYPES})
    out[EVIDENCE] = evidence_statement()
    return out


# -- mirroring: deleting what innokg wrote that the store no longer has ---------------------------
MIRROR_NODE_LABELS = (DOCUMENT, ENTITY, EVIDENCE)


def _delete(match: str, where: str, var: str) -> str:
    return "\n".join(("UNWIND $rows AS row", f"MATCH {match}", f"WHERE {where}", f"DELETE {var}"))


def _check_node_label(label: str) -> str:
    if label not in MIRROR_NODE_LABELS:
        raise ValueError(f"not an innokg node label: {label!r}")
    return label


def delete_relationships_statement(rtype: str) -> str:
    """Delete a batch of innokg's relationships of one schema type, given as (source, target)."""
    return _delete(f"(:{ENTITY} {{id: row.source}})-[r:{check_type(rtype)}]->(:{ENTITY} {{id: row.target}})",
                   f"r.{MARK} = true", "r")


DELETE_MENTIONS = _delete(f"(:{ENTITY} {{id: row.entity}})-[m:{MENTIONED_IN}]->(:{DOCUMENT} {{id: row.document}})",
                          f"m.{MARK} = true", "m")


def detach_statement(label: str) -> str:
    """Delete innokg's relationships of a batch of stale nodes (a user's own stay)."""
    return _delete(f"(n:{_check_node_label(label)} {{id: row.id}})-[r]-()", f"n.{MARK} = true AND r.{MARK} = true",
                   "r")


def delete_nodes_statement(label: str) -> str:
    """Delete a batch of stale innokg nodes that no relationship points to any more."""
    return _delete(f"(n:{_check_node_label(label)} {{id: row.id}})", f"n.{MARK} = true AND NOT (n)--()", "n")


def mirror_statements() -> dict[str, str]:
    """Every statement a load sends to delete what the store no longer has, by name."""
    out = {f"delete {rtype}": delete_relationships_statement(rtype) for rtype in RELATION_TYPES}
    out[f"delete {MENTIONED_IN}"] = DELETE_MENTIONS
    for label in MIRROR_NODE_LABELS:
        out[f"detach {label}"] = detach_statement(label)
        out[f"delete {label}"] = delete_nodes_statement(label)
    return out


def row_keys() -> dict[str, tuple[str, ...]]:
    """The keys a row of each data step carries (MERGE keys, properties, row_hash)."""
    keys = {DOCUMENT: ("id", *DOCUMENT_PROPS, ROW_HASH)}
    keys.update({f"{ENTITY}:{label}": ("id", *ENTITY_PROPS, ROW_HASH) for label in ENTITY_LABELS})
    keys[MENTIONED_IN] = ("entity", "document", *MENTION_PROPS, ROW_HASH)
    keys.update({rtype: ("source", "target", *RELATIONSHIP_PROPS, ROW_HASH) for rtype in RELATION_TYPES})
    keys[EVIDENCE] = ("id", *EVIDENCE_PROPS, ROW_HASH)
    return keys


def lint_schema() -> dict:
    """The database schema Neo4j's linter checks the statements against.

    Declaring the labels, types and property keys makes it report a misspelt one; `$rows`
    is declared so that it is not reported as an undefined parameter.
    """
    # The linter types `row` like a node, so reads of row.* are checked as property keys too.
    props = {"id", ROW_HASH, MARK}
    for keys in row_keys().values():
        props.update(keys)
    return {
        "labels": [ENTITY, DOCUMENT, EVIDENCE, *ENTITY_LABELS],
        "relationshipTypes": [*RELATION_TYPES, MENTIONED_IN, STATED_IN],
        "propertyKeys": sorted(props),
        "parameters": {"rows": [], "types": []},
        "defaultLanguage": "CYPHER 5",
    }
