"""Exports of the graph, all written from the same networkx view so that they agree.

- GraphML and GEXF (Gephi, yEd, Cytoscape): list attributes joined with " | ";
- node-link JSON (networkx's json_graph);
- CSV: nodes.csv and relationships.csv, with the types also under their readable names
  (label_name, type_name; Chinese by default) for spreadsheets;

Every format carries each relation's `planned` (true when every sentence stating it states a
plan); the Cypher script and the neo4j-admin files also carry it on each Evidence node.
- a Cypher script for cypher-shell, values passed as parameters (:param), never spliced;
- the CSV layout `neo4j-admin database import full` reads (id:ID, :LABEL, :START_ID...).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
from networkx.readwrite import json_graph

from ner.model import RELATION_TYPES

from .neo4j_statements import ROW_HASH

FORMATS = ("graphml", "gexf", "json", "csv", "cypher", "neo4j-admin")
LIST_SEP = " | "
NODE_LISTS = ("aliases", "documents", "regions", "years")
EDGE_LISTS = ("documents", "cues", "rules")
# neo4j-admin splits array values on this character: the ASCII unit separator, which no
# report text contains (ingestion drops control characters), so no name is ever split.
# An item that holds it anyway (the store takes any name) gets U+FFFD instead.
ADMIN_ARRAY_DELIMITER = "\x1f"
# neo4j-admin's type of each property the loader sets (the others are strings). Integers are
# long and decimals double, as the driver sends Python's ints and floats.
ADMIN_TYPES = {
    "aliases": "string[]", "documents": "string[]", "regions": "string[]", "years": "long[]", "mentions": "long",
    "year": "long", "n_chars": "long", "n_sentences": "long", "count": "long", "sentences": "long[]",
    "forms": "string[]", "evidence": "long", "evidence_ids": "string[]", "first_year": "long", "last_year": "long",
    "cues": "string[]", "rules": "string[]", "confidence": "double", "sentence": "long", "head_start": "long",
    "head_end": "long", "tail_start": "long", "tail_end": "long", "planned": "boolean",
}
ADMIN_IMPORT_OPTIONS = "--array-delimiter=U+001F --multiline-fields=true"
# XML 1.0 cannot carry most control characters (ingestion removes them, but the store takes
# any name): GraphML and GEXF write U+FFFD in their place rather than fail or write bad XML.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _flat(value):
    if isinstance(value, list | tuple):
        return LIST_SEP.join(str(v) for v in value)
    if value is None:
        return ""
    return value


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with list attributes joined and None made empty, as GraphML/GEXF need."""
    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: _flat(v) for k, v in d.items()})
    for a, b, k, d in g.edges(keys=True, data=True):
        h.add_edge(a, b, key=k, **{kk: _flat(v) for kk, v in d.items()})
    return h


def _xml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`g` (already flat) with XML-illegal characters in string attributes replaced, in place."""
    def fix(d: dict) -> None:
        for k, v in d.items():
            if isinstance(v, str) and _XML_ILLEGAL.search(v):
                d[k] = _XML_ILLEGAL.sub("\ufffd", v)

    for _, d in g.nodes(data=True):
        fix(d)
    for _, _, d in g.edges(data=True):
        fix(d)
    return g


def export(g: nx.MultiDiGraph, fmt: str, out: str | Path, store=None, lang: str = "zh") -> list[Path]:
    """Write `g` in format `fmt` under `out` (a folder); returns the files written.

    Given the store, the Cypher script and the neo4j-admin files also carry documents, mentions
    and evidence. `lang` names the types in the CSV files' readable columns; every other format
    keeps only the schema's identifiers.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        path = out / "innokg.graphml"
        nx.write_graphml(_xml_safe(flat_graph(g)), path, named_key_ids=True)
        return [path]
    if fmt == "gexf":
        path = out / "innokg.gexf"
        h = flat_graph(g)
        # Gephi shows the `label` attribute, so it carries the name and `type` the schema label.
        for n, d in h.nodes(data=True):
            d["type"] = g.nodes[n]["label"]
            d["label"] = d["name"]
        nx.write_gexf(_xml_safe(h), path)
        return [path]
    if fmt == "json":
        path = out / "innokg.json"
        data = json_graph.node_link_data(g, edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return [path]
    if fmt == "csv":
        return write_csv(g, out, lang)
    if fmt == "cypher":
        return [write_cypher(g, out / "innokg.cypher", store=store)]
    if fmt == "neo4j-admin":
        return write_admin_csv(g, out, store=store)
    raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")


def write_csv(g: nx.MultiDiGraph, out: Path, lang: str = "zh") -> list[Path]:
    """nodes.csv and relationships.csv; label and type keep the identifiers, label_name and
    type_name give the names in `lang` (zh or en)."""
    from explorer.i18n import check_lang, label_name, relation_name

    check_lang(lang)
    nodes, rels = out / "nodes.csv", out / "relationships.csv"
    with nodes.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "label", "label_name", "aliases", "mentions", "documents", "regions", "years"])
        for n, d in sorted(g.nodes(data=True)):
            w.writerow([n, d["name"], d["label"], label_name(lang, d["label"]),
                        *(_flat(d[k]) for k in ("aliases", "mentions", "documents", "regions", "years"))])
    with rels.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "type", "type_name", "evidence", "first_year", "last_year", "documents",
                    "cues", "rules", "planned"])
        for a, b, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            w.writerow([a, b, k, relation_name(lang, k), d["evidence"], _flat(d["first_year"]),
                        _flat(d["last_year"]), *(_flat(d[x]) for x in EDGE_LISTS), _bool(d.get("planned", False))])
    return [nodes, rels]


def _cypher_value(value) -> str:
    """A Cypher literal for a parameter value. JSON strings and numbers are Cypher literals."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_cypher_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {_cypher_value(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=True)


def write_cypher(g: nx.MultiDiGraph, path: Path, batch: int = 500, store=None) -> Path:
    """A cypher-shell script with the statements `innokg load` sends: constraints, then
    `:param rows => …` batches each followed by its `UNWIND $rows AS row MERGE …` statement.

    Given the store (graph_loader.store.Store) it also writes documents, mentions and
    evidence sentences, exactly as the loader does.
    """
    from .neo4j_writer import batches, plan

    lines = ["// innokg graph export for cypher-shell: cypher-shell -f innokg.cypher", ""]
    for step in plan(g, store):
        if step.rows is None:
            lines.append(step.statement + ";")
            continue
        for chunk in batches(step.rows, batch):
            lines.append(f":param rows => {_cypher_value(chunk)};")
            lines.append(step.statement + ";")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_admin_csv(g: nx.MultiDiGraph, out: Path, store=None) -> list[Path]:
    """Files for `neo4j-admin database import full`: the rows `innokg load` sends, with the
    same properties, types, row hashes and innokg mark, so an import gives the graph a load
    gives, and a later `innokg load` of the same store finds nothing to change (it adds the
    constraints) and deletes, as after its own loads, what the store no longer has.

    Without the store: entities and relationships only (admin_nodes.csv, admin_relationships.csv);
    with it also documents, evidence, MENTIONED_IN and STATED_IN. Entity ids are in the global
    id space, documents and evidence each in their own.
    """
    from .neo4j_statements import (
        DOCUMENT,
        DOCUMENT_PROPS,
        ENTITY,
        ENTITY_PROPS,
        EVIDENCE,
        EVIDENCE_PROPS,
        MARK,
        MENTION_PROPS,
        MENTIONED_IN,
        RELATIONSHIP_PROPS,
        STATED_IN,
    )
    from .neo4j_writer import plan

    steps = [s for s in plan(g, store) if s.rows is not None]
    rows = {s.name: s.rows for s in steps}
    # file: (id columns, properties, :LABEL or :TYPE, [(ids, row, label or type)])
    files = {
        "admin_nodes.csv": (["id:ID"], ENTITY_PROPS, ":LABEL", [
            ([r["id"]], r, f"{ENTITY}{ADMIN_ARRAY_DELIMITER}{r['label']}")
            for s in steps if s.name.startswith(f"{ENTITY}:") for r in s.rows]),
        "admin_relationships.csv": ([":START_ID", ":END_ID"], RELATIONSHIP_PROPS, ":TYPE", [
            ([r["source"], r["target"]], r, s.name) for s in steps if s.name in RELATION_TYPES for r in s.rows]),
    }
    if store is not None:
        files |= {
            "admin_documents.csv": ([f"id:ID({DOCUMENT})"], DOCUMENT_PROPS, ":LABEL", [
                ([r["id"]], r, DOCUMENT) for r in rows[DOCUMENT]]),
            "admin_evidence.csv": ([f"id:ID({EVIDENCE})"], EVIDENCE_PROPS, ":LABEL", [
                ([r["id"]], r, EVIDENCE) for r in rows[EVIDENCE]]),
            "admin_mentions.csv": ([":START_ID", f":END_ID({DOCUMENT})"], MENTION_PROPS, ":TYPE", [
                ([r["entity"], r["document"]], r, MENTIONED_IN) for r in rows[MENTIONED_IN]]),
            "admin_stated_in.csv": ([f":START_ID({EVIDENCE})", f":END_ID({DOCUMENT})"], None, ":TYPE", [
                ([r["id"], r["document"]], {}, STATED_IN) for r in rows[EVIDENCE]]),
        }
    written, args = [], []
    for name, (ids, props, kind, lines) in files.items():
        keys = () if props is None else (*props, ROW_HASH)
        path = out / name
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([*ids, *(f"{k}:{ADMIN_TYPES[k]}" if k in ADMIN_TYPES else k for k in keys),
                        f"{MARK}:boolean", kind])
            for id_values, row, label in lines:
                w.writerow([*id_values, *(_admin_value(row[k]) for k in keys), "true", label])
        written.append(path)
        args.append(f"--{'nodes' if kind == ':LABEL' else 'relationships'}={name}")
    howto = out / "admin_import.txt"
    howto.write_text(
        "# Load these files into an empty Neo4j 5 database (the server stopped), then run `innokg load`\n"
        "# on the same store: it adds the uniqueness constraints and finds nothing else to change.\n"
        f"neo4j-admin database import full neo4j --overwrite-destination {' '.join(args)} {ADMIN_IMPORT_OPTIONS}\n",
        encoding="utf-8")
    return [*written, howto]


def _bool(value: bool) -> str:
    """A yes/no in a CSV file: true or false, as neo4j-admin and most tools read it."""
    return "true" if value else "false"


def _admin_value(value):
    # None and "" become an empty field, which neo4j-admin stores as no property, as the loader
    # does; U+001F inside an array item would split it, so it becomes U+FFFD.
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, list | tuple):
        return ADMIN_ARRAY_DELIMITER.join(str(v).replace(ADMIN_ARRAY_DELIMITER, "\ufffd") for v in value)
    return "" if value is None else value
