"""Names are data, never code (issue 7): hostile names and texts through store, exports and Neo4j rows.

Property-based: hypothesis makes names out of quotes, backslashes, braces, Cypher keywords,
separators, control characters and arbitrary Unicode; the test builds an Extraction with
them directly (as if the NER had found them), stores it, and reads every export back.

The rule for control characters (documented in the README): ingestion removes them from
report text, so no real name holds one. A name that holds one anyway goes through the store,
JSON, CSV, Cypher and the Neo4j rows intact; XML 1.0 (GraphML, GEXF) cannot carry it, so
those exports write U+FFFD in its place, and neo4j-admin arrays write U+FFFD for their
delimiter U+001F.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_loader.export import ADMIN_ARRAY_DELIMITER, LIST_SEP, export
from graph_loader.graph import build_graph
from graph_loader.neo4j_statements import all_statements, node_statement, relationship_statement
from graph_loader.neo4j_writer import node_rows, relationship_rows
from graph_loader.store import Store
from ner.ingest import REASONS, IngestError, read_bytes
from ner.marks import is_masked
from ner.model import (
    ENTITY_LABELS,
    RELATION_TYPES,
    Document,
    Evidence,
    Extraction,
    Mention,
    Relation,
    Sentence,
)

FRAGMENTS = [
    "'", '"', "\\", "\\'", '\\"', "{", "}", "${x}", "`", "$rows", "MATCH (n) DETACH DELETE n", "}) RETURN 1 //",
    "CALL db.labels()", ";", "//", "/*", "*/", "\n", "\r", "\t", "\x00", "\x01", "\x1f", "\x7f", "<", ">", "&",
    "]]>", "<!--", " | ", "|", ",", "\ufeff", "\u2028", "😀", "科技局", "宁波“甬江”实验室", "(暂名)", "’", "：",
]
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

names = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6)),
    min_size=1, max_size=6,
).map("".join).filter(lambda s: s.strip() != "")


def _extraction(all_names: list[str], cue: str) -> Extraction:
    text = "，".join(all_names) + "。"
    doc = Document(id="d0", path="hostile.txt", text=text, content_hash="h" * 64, title=all_names[0], year=2023)
    mentions, offset = [], 0
    for i, name in enumerate(all_names):
        mentions.append(Mention(sentence=0, start=offset, end=offset + len(name), text=name,
                                label=ENTITY_LABELS[i % len(ENTITY_LABELS)], name=name, aliases=[name + "'"]))
        offset += len(name) + 1
    relations = []
    for i, (a, b) in enumerate(zip(all_names, all_names[1:], strict=False)):
        ev = Evidence(doc_id="d0", sentence=0, text=text, head_start=0, head_end=1, tail_start=1, tail_end=2, cue=cue,
                      rule="r'\"{}")
        relations.append(Relation(head=a, head_label="Enterprise", type=RELATION_TYPES[i % len(RELATION_TYPES)],
                                  tail=b, tail_label="Program", evidence=ev))
    return Extraction(doc, [Sentence("d0", 0, 0, len(text), text)], mentions, relations)


def _xml(value: str) -> str:
    return XML_ILLEGAL.sub("\ufffd", value)


# -- a reader for the Cypher literals of the cypher export ----------------------------------
_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<word>null|true|false)'
                    r"|(?P<key>`[^`]*`)|(?P<punct>[\[\]{},:]))", re.S)


def parse_cypher_literal(s: str):
    """Parse a Cypher list/map/string/number literal.

    Cypher strings take the escapes \\" \\\\ \\n \\r \\t \\b \\f and \\uXXXX, the same as JSON's,
    so a string token is decoded with json.loads; map keys are backtick-quoted names.
    """
    tokens = []
    pos = 0
    while pos < len(s):
        if s[pos:].strip() == "":
            break
        m = _TOKEN.match(s, pos)
        assert m, f"not a Cypher literal at {s[pos:pos + 30]!r}"
        tokens.append((m.lastgroup, m.group(m.lastgroup)))
        pos = m.end()
    it = iter(tokens)

    def value(tok):
        kind, text = tok
        if kind == "str":
            return json.loads(text)
        if kind == "num":
            return json.loads(text)
        if kind == "word":
            return {"null": None, "true": True, "false": False}[text]
        if text == "[":
            out, nxt = [], next(it)
            while nxt[1] != "]":
                out.append(value(nxt))
                nxt = next(it)
                if nxt[1] == ",":
                    nxt = next(it)
            return out
        if text == "{":
            out, nxt = {}, next(it)
            while nxt[1] != "}":
                assert nxt[0] == "key"
                assert next(it)[1] == ":"
                out[nxt[1][1:-1]] = value(next(it))
                nxt = next(it)
                if nxt[1] == ",":
                    nxt = next(it)
            return out
        raise AssertionError(f"unexpected token {tok}")

    result = value(next(it))
    assert next(it, None) is None
    return result


def _read_cypher(path: Path) -> tuple[list[dict], list[dict]]:
    """Node rows and relationship rows of a cypher export; checks every statement is a fixed one."""
    fixed = {stmt + ";" for stmt in all_statements().values()}
    node_stmts = {node_statement(label) + ";" for label in ENTITY_LABELS}
    rel_stmts = {relationship_statement(t) + ";" for t in RELATION_TYPES}
    node, rel = [], []
    pending = None
    buffer: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not buffer and (not line or line.startswith("//")):
            continue
        if not buffer and line.startswith(":param rows => "):
            assert line.endswith(";")
            pending = parse_cypher_literal(line[len(":param rows => "):-1])
            continue
        buffer.append(line)
        if not line.endswith(";"):
            continue
        statement = "\n".join(buffer)
        buffer = []
        assert statement in fixed, f"a statement that is not one of the fixed ones: {statement[:80]!r}"
        if statement in node_stmts:
            node.extend(pending)
        elif statement in rel_stmts:
            rel.extend(pending)
    assert not buffer, "the script ends inside a statement"
    return node, rel


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(names, min_size=2, max_size=6, unique=True), names)
def test_hostile_names_survive_store_exports_and_neo4j_rows(all_names, cue):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store(tmp / "store") as store:
            assert store.add_extraction(_extraction(all_names, cue))
            g = build_graph(store)
        by_id = {n: d for n, d in g.nodes(data=True)}
        # Masked names (holding x, X, ×, 某, *) never become entities (SCHEMA.md); all others do,
        # and the store keeps them exactly: every node is named by one of the names given.
        identifiable = {n for n in all_names if not is_masked(n)}
        assert {d["name"] for d in by_id.values()} <= identifiable
        stored = {d["name"] for d in by_id.values()} | {a for d in by_id.values() for a in d["aliases"]}
        assert identifiable <= stored

        out = tmp / "out"
        for fmt in ("graphml", "gexf", "json", "csv", "cypher", "neo4j-admin"):
            export(g, fmt, out)

        # JSON: exact.
        data = json.loads((out / "innokg.json").read_text(encoding="utf-8"))
        assert {n["id"]: n["name"] for n in data["nodes"]} == {n: d["name"] for n, d in by_id.items()}
        assert {n["id"]: n["aliases"] for n in data["nodes"]} == {n: d["aliases"] for n, d in by_id.items()}

        # CSV: exact, newlines and all.
        with (out / "nodes.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert {r["id"]: r["name"] for r in rows} == {n: d["name"] for n, d in by_id.items()}
        with (out / "relationships.csv").open(encoding="utf-8", newline="") as f:
            assert {r["cues"] for r in csv.DictReader(f)} <= {cue}

        # GraphML and GEXF: well-formed XML that reads back; only XML-illegal characters differ.
        gm = nx.read_graphml(out / "innokg.graphml")
        assert {n: d["name"] for n, d in gm.nodes(data=True)} == {n: _xml(d["name"]) for n, d in by_id.items()}
        assert {n: d.get("aliases", "") for n, d in gm.nodes(data=True)} == {
            n: _xml(LIST_SEP.join(d["aliases"])) for n, d in by_id.items()}
        gx = nx.read_gexf(out / "innokg.gexf")
        assert {n: d["label"] for n, d in gx.nodes(data=True)} == {n: _xml(d["name"]) for n, d in by_id.items()}

        # Cypher script: names only inside parameter literals, read back exactly.
        cy_nodes, cy_rels = _read_cypher(out / "innokg.cypher")
        assert {r["id"]: (r["name"], r["aliases"] or []) for r in cy_nodes} == {
            n: (d["name"], d["aliases"]) for n, d in by_id.items() if d["label"] in ENTITY_LABELS}
        assert {c for r in cy_rels for c in r["cues"]} <= {cue}

        # neo4j-admin CSV: names exact, arrays split back on the declared delimiter.
        with (out / "admin_nodes.csv").open(encoding="utf-8", newline="") as f:
            admin = {r["id:ID"]: r for r in csv.DictReader(f)}
        for n, d in by_id.items():
            assert admin[n]["name"] == d["name"]
            aliases = admin[n]["aliases:string[]"]
            expected = [a.replace(ADMIN_ARRAY_DELIMITER, "\ufffd") for a in d["aliases"]]
            assert (aliases.split(ADMIN_ARRAY_DELIMITER) if aliases else []) == expected
            assert admin[n][":LABEL"].split(ADMIN_ARRAY_DELIMITER) == ["Entity", d["label"]]

        # Neo4j rows: the values go as parameters; the statements never change with the data.
        for label in ENTITY_LABELS:
            for row in node_rows(g, label):
                assert row["name"] == by_id[row["id"]]["name"] and (row["aliases"] or []) == by_id[row["id"]]["aliases"]
        for rtype in RELATION_TYPES:
            for row in relationship_rows(g, rtype):
                assert row["cues"] == [cue] and row["source"] in by_id and row["target"] in by_id


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS + ["宁波东方理工大学与甬江实验室共建研究院。", "\n\n", "第1页 / 共8页\n"]),
                          st.text(max_size=20)), min_size=1, max_size=12).map("".join),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_hostile_texts_are_read_or_refused_never_crash(pipeline, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    try:
        doc = read_bytes(data, "hostile.txt")
    except IngestError as e:
        assert e.reason in REASONS and str(e).startswith("hostile.txt: ")
        return
    assert doc.text.strip()
    assert not XML_ILLEGAL.search(doc.text), "control characters must not survive ingestion"
    assert not any(ch in doc.text for ch in "\x00\x1f\x7f\ufeff")
    extraction = pipeline(doc)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "s") as store:
            store.add_extraction(extraction)
            g = build_graph(store)
        for fmt in ("graphml", "gexf", "json", "csv", "cypher", "neo4j-admin"):
            export(g, fmt, Path(tmp) / "out")
        nx.read_graphml(Path(tmp) / "out" / "innokg.graphml")
