"""The loader against a real Neo4j 5 (tests/neo4j_live.py: `make test` starts one).

Each test loads a store and reads back what Neo4j holds: counts and properties against the
store's own tables, idempotent and incremental loads through the summary counters, the
constraints, hostile names byte for byte, and the README's queries on the sample graph.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j_data import extraction, make_store
from neo4j_live import DATABASE, URI, USER, clear, counts, needs_neo4j, snapshot
from neo4j_live import one as _one
from neo4j_live import rows as _rows
from test_hostile import FRAGMENTS
from test_hostile import _extraction as _hostile_extraction
from test_hostile import names as hostile_names

from graph_loader.graph import build_graph
from graph_loader.neo4j_writer import DATA_COUNTERS, load, load_graph, plan

README_STATEMENTS = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint" / "statements.py"

pytestmark = needs_neo4j


@pytest.fixture
def db(neo4j_db):
    return neo4j_db


@pytest.fixture
def handmade(tmp_path):
    store = make_store(tmp_path / "store", "AB")
    yield store
    store.close()


# -- tests ---------------------------------------------------------------------------------------
def test_constraints_come_first_and_exist(db, handmade):
    load_graph(db, build_graph(handmade), handmade, database=DATABASE)
    with db.session(database=DATABASE) as s:  # SHOW commands run in an auto-commit transaction
        found = {(tuple(r["labelsOrTypes"]), tuple(r["properties"]))
                 for r in s.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties")}
    assert {(("Entity",), ("id",)), (("Document",), ("id",)), (("Evidence",), ("id",))} <= found


def test_counts_match_the_sample_store(db, built_store, kg):
    report = load_graph(db, kg.graph, built_store, database=DATABASE, batch_size=100)
    sql = built_store.conn.execute
    labels = dict(sql("SELECT label, COUNT(*) FROM entities GROUP BY label").fetchall())
    labels["Entity"] = sum(labels.values())
    labels["Document"] = sql("SELECT COUNT(*) FROM documents").fetchone()[0]
    # Evidence is one node per distinct statement of a relation (the same sentence read twice is one).
    labels["Evidence"] = sql(
        "SELECT COUNT(*) FROM (SELECT DISTINCT r.type, r.head_id, r.tail_id, e.doc_id, e.sentence, e.head_start,"
        " e.head_end, e.tail_start, e.tail_end, e.cue, e.rule FROM evidence e JOIN relations r ON r.id = e.relation_id)"
    ).fetchone()[0]
    types = dict(sql("SELECT type, COUNT(*) FROM relations GROUP BY type").fetchall())
    types["MENTIONED_IN"] = sql("SELECT COUNT(*) FROM (SELECT DISTINCT entity_id, doc_id FROM mentions)").fetchone()[0]
    types["STATED_IN"] = labels["Evidence"]
    assert min(labels.values()) > 0 and min(types.values()) > 0, "the sample store has every kind of row"
    c = counts(db)
    assert c["labels"] == labels
    assert c["types"] == types
    assert report.counters["nodes_created"] == labels["Entity"] + labels["Document"] + labels["Evidence"]
    assert report.counters["relationships_created"] == sum(types.values())


def test_properties_match_the_store(db, built_store, kg):
    """Every entity, document, mention link, relationship and evidence sentence, read back and
    compared with the store's own tables (not with the loader's rows)."""
    load_graph(db, kg.graph, built_store, database=DATABASE, batch_size=64)
    sql = built_store.conn.execute
    docs = {r["id"]: dict(r) for r in sql("SELECT * FROM documents")}
    got_docs = {r["id"]: r for r in _rows(db, "MATCH (d:Document) RETURN d.id AS id, d.title AS title, "
                                             "d.year AS year, d.region AS region, d.n_chars AS n_chars, "
                                             "d.content_hash AS content_hash")}
    assert got_docs.keys() == docs.keys()
    for did, d in got_docs.items():
        want = docs[did]
        assert (d["title"], d["year"], d["n_chars"], d["content_hash"]) == (
            want["title"], want["year"], want["n_chars"], want["content_hash"])
        assert d["region"] == (want["region"] or None)

    # Entities: name, label, aliases (other than the name), mention count, reports and years.
    aliases: dict[str, set] = {}
    for eid, alias in sql("SELECT entity_id, alias FROM aliases"):
        aliases.setdefault(eid, set()).add(alias)
    mentions: dict[str, list] = {}
    for eid, doc_id in sql("SELECT entity_id, doc_id FROM mentions"):
        mentions.setdefault(eid, []).append(doc_id)
    got = {r["id"]: r for r in _rows(db, "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, labels(e) AS labels, "
                                         "e.aliases AS aliases, e.mentions AS mentions, e.documents AS documents, "
                                         "e.years AS years")}
    entities = sql("SELECT id, name, label FROM entities").fetchall()
    assert got.keys() == {e["id"] for e in entities}
    with_aliases = 0
    for e in entities:
        node = got[e["id"]]
        found = mentions.get(e["id"], [])
        assert node["name"] == e["name"]
        assert sorted(node["labels"]) == sorted(["Entity", e["label"]])
        # An empty list is no property (as after a neo4j-admin import).
        assert set(node["aliases"] or ()) == aliases.get(e["id"], set()) - {e["name"]}, e["name"]
        assert node["aliases"] != []
        assert node["mentions"] == len(found)
        assert node["documents"] == (sorted(set(found)) or None)
        assert node["years"] == (sorted({docs[d]["year"] for d in found if docs[d]["year"]}) or None)
        with_aliases += bool(node["aliases"])
    assert with_aliases, "the sample store has entities with aliases"

    # MENTIONED_IN: how often and in which sentences an entity occurs in a report.
    links: dict[tuple, list] = {}
    for eid, doc_id, sentence, text in sql("SELECT entity_id, doc_id, sentence, text FROM mentions"):
        links.setdefault((eid, doc_id), []).append((sentence, text))
    got_links = {(r["e"], r["d"]): r for r in _rows(
        db, "MATCH (e:Entity)-[m:MENTIONED_IN]->(d:Document) RETURN e.id AS e, d.id AS d, m.count AS count, "
            "m.sentences AS sentences, m.forms AS forms")}
    assert got_links.keys() == links.keys()
    for key, found in links.items():
        m = got_links[key]
        assert m["count"] == len(found)
        assert m["sentences"] == sorted({s for s, _ in found})
        assert m["forms"] == sorted({t for _, t in found})

    # Relationships and their evidence sentences, with the offsets of both names in the sentence.
    evidence = sql("SELECT r.head_id, r.type, r.tail_id, e.doc_id, e.sentence, e.text, e.head_start, e.head_end,"
                   " e.tail_start, e.tail_end, NULLIF(e.cue, '') FROM evidence e JOIN relations r ON r.id = e.relation_id"
                   ).fetchall()  # an empty cue (a PART_OF its name states) is no property in Neo4j
    got_evidence = _rows(db, """
        MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) <> 'MENTIONED_IN'
        MATCH (v:Evidence)-[:STATED_IN]->(d:Document) WHERE v.id IN r.evidence_ids
        RETURN a.id AS a, type(r) AS type, b.id AS b, d.id AS doc, v.sentence AS sentence, v.text AS text,
               v.head_start AS hs, v.head_end AS he, v.tail_start AS ts, v.tail_end AS te, v.cue AS cue,
               v.head AS head, v.tail AS tail, v.source AS source, v.target AS target""")
    assert sorted((r["a"], r["type"], r["b"], r["doc"], r["sentence"], r["text"], r["hs"], r["he"], r["ts"], r["te"],
                   r["cue"]) for r in got_evidence) == sorted(set(map(tuple, evidence)))
    for r in got_evidence:
        assert (r["source"], r["target"]) == (r["a"], r["b"])
        assert r["head"] == r["text"][r["hs"]:r["he"]] and r["tail"] == r["text"][r["ts"]:r["te"]]
    years = {(r["head_id"], r["type"], r["tail_id"]): [] for r in evidence}
    for r in evidence:
        if docs[r["doc_id"]]["year"]:
            years[(r["head_id"], r["type"], r["tail_id"])].append(docs[r["doc_id"]]["year"])
    got_rels = _rows(db, "MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) <> 'MENTIONED_IN' "
                         "RETURN a.id AS a, type(r) AS type, b.id AS b, r.first_year AS first, r.last_year AS last, "
                         "r.evidence AS n")
    assert len(got_rels) == sql("SELECT COUNT(*) FROM relations").fetchone()[0]
    for r in got_rels:
        ys = years[(r["a"], r["type"], r["b"])]
        assert (r["first"], r["last"]) == ((min(ys), max(ys)) if ys else (None, None))
        assert r["n"] == sum(1 for e in evidence if (e["head_id"], e["type"], e["tail_id"]) == (r["a"], r["type"], r["b"]))


def test_loading_twice_is_a_noop(db, built_store, kg):
    steps = plan(kg.graph, built_store)
    first = load(db, steps, database=DATABASE, batch_size=150, progress=False)
    assert first.wrote_data
    before = snapshot(db)
    assert first.unchanged == 0
    second = load(db, plan(kg.graph, built_store), database=DATABASE, batch_size=150, progress=False)
    # Every row's hash is already in the database: nothing is sent.
    assert second.unchanged == second.total_rows == first.total_rows
    assert second.batches == len([s for s in steps if s.rows is None])
    assert {k: second.counters[k] for k in DATA_COUNTERS} == dict.fromkeys(DATA_COUNTERS, 0)
    # Sent anyway, every row meets its own hash in the database and writes nothing.
    third = load(db, plan(kg.graph, built_store), database=DATABASE, batch_size=150, progress=False,
                 skip_unchanged=False)
    assert third.unchanged == 0 and third.batches == first.batches
    assert {k: third.counters[k] for k in DATA_COUNTERS} == dict.fromkeys(DATA_COUNTERS, 0)
    assert not second.wrote_data and not third.wrote_data
    assert snapshot(db) == before


def _by_key(driver) -> dict:
    """Each innokg node by id and each relationship by (source, type, target), with its labels and
    properties; STATED_IN links come and go with their Evidence node, so they are left out."""
    out = {("node", r["id"]): (sorted(r["labels"]), r["props"]) for r in _rows(
        driver, "MATCH (n) WHERE n:Entity OR n:Document OR n:Evidence "
                "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")}
    for r in _rows(driver, "MATCH (a)-[r]->(b) WHERE type(r) <> 'STATED_IN' "
                           "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"):
        out[(r["a"], r["type"], r["b"])] = r["props"]
    return out


def _row_hashes(steps) -> dict:
    """The row hash of each row of a plan, under the same keys as _by_key."""
    out = {}
    for step in steps:
        for row in step.rows or ():
            if step.name == "MENTIONED_IN":
                key = (row["entity"], step.name, row["document"])
            elif "source" in row and "id" not in row:
                key = (row["source"], step.name, row["target"])
            else:
                key = ("node", row["id"])
            out[key] = row["row_hash"]
    return out


def test_loading_after_new_reports_writes_only_the_new(db, tmp_path):
    store = make_store(tmp_path / "grow", "AB")
    try:
        first_plan = plan(build_graph(store), store)
        load(db, first_plan, database=DATABASE, progress=False)
        before, before_counts = _by_key(db), counts(db)
        assert store.add_extraction(extraction("C"))
        second_plan = plan(build_graph(store), store)
        grown = load(db, second_plan, database=DATABASE, progress=False)
        after, after_counts = _by_key(db), counts(db)

        old, new = _row_hashes(first_plan), _row_hashes(second_plan)
        changed_rows = {k for k, h in new.items() if old.get(k) != h}
        changed_in_neo4j = {k for k, v in after.items() if before.get(k) != v}
        # Report C adds one document, one platform and three evidence sentences, and changes the
        # rows of the entities and relationships it mentions; everything else stays as it was.
        assert changed_in_neo4j == changed_rows
        assert 0 < len(changed_rows) < len(new)
        assert before.keys() <= after.keys(), "a load never deletes"
        new_nodes = sum(after_counts["labels"][k] - before_counts["labels"].get(k, 0)
                        for k in ("Entity", "Document", "Evidence"))
        assert grown.counters["nodes_created"] == new_nodes == 1 + 1 + 3
        assert grown.counters["relationships_created"] == (sum(after_counts["types"].values())
                                                            - sum(before_counts["types"].values()))
        assert grown.counters["labels_removed"] == grown.counters["nodes_deleted"] == 0
        incremental = snapshot(db)
        clear(db)
        load_graph(db, build_graph(store), store, database=DATABASE)
        assert snapshot(db) == incremental, "an incremental load ends where a fresh load of the whole store does"
    finally:
        store.close()


def test_an_edge_leads_to_the_sentences_that_state_it(db, tmp_path):
    store = make_store(tmp_path / "s", "ABC")
    try:
        load_graph(db, build_graph(store), store, database=DATABASE)
    finally:
        store.close()
    rows = _rows(db, """
        MATCH (a:Entity {name: $firm})-[r:JOINED]->(p:Program {name: $program})
        MATCH (v:Evidence)-[:STATED_IN]->(d:Document) WHERE v.id IN r.evidence_ids
        RETURN v.text AS text, v.cue AS cue, v.head AS head, d.title AS title ORDER BY title""",
                 firm="宁波晶钻科技股份有限公司", program="国家重点研发计划")
    assert rows == [
        {"text": "宁波晶钻科技股份有限公司获批国家重点研发计划。", "cue": "获批", "head": "宁波晶钻科技股份有限公司", "title": "报告A"},
        {"text": "宁波晶钻科技股份有限公司入选国家重点研发计划。", "cue": "入选", "head": "宁波晶钻科技股份有限公司", "title": "报告C"},
    ]
    mentions = _rows(db, "MATCH (e:Entity {name: $n})-[m:MENTIONED_IN]->(d:Document) "
                         "RETURN d.title AS title, m.count AS count ORDER BY title", n="清华大学")
    assert mentions == [{"title": "报告A", "count": 2}, {"title": "报告B", "count": 1}]


def _readme_queries() -> list[str]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("cypher_lint_statements", README_STATEMENTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.readme_queries().values())


def _readme_expectations(store, g) -> list[list[tuple]]:
    """What each README query should return on `g`, worked out from the networkx view and the
    store's tables, in the README's order."""
    node = g.nodes
    edges = [(a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True)]
    program, university = "省科技小巨人企业", "合肥工业大学"
    firms = [(node[a]["name"], d["first_year"], d["evidence"]) for a, b, k, d in edges
             if k == "JOINED" and node[a]["label"] == "Enterprise" and node[b]["label"] == "Program"
             and (node[b]["name"] == program or program in node[b]["aliases"])]
    partners = {(node[o]["name"], node[o]["label"], "partners with") for a, b, k, _ in edges if k == "PARTNERS_WITH"
                for u, o in ((a, b), (b, a)) if node[u]["name"] == university}
    partners |= {(node[p]["name"], node[p]["label"], "co-builds " + node[x]["name"])
                 for u, x, k, _ in edges if k == "CO_BUILDS" and node[u]["name"] == university
                 for p, x2, k2, _ in edges if k2 == "CO_BUILDS" and x2 == x and p != u}
    built = [(node[gov]["name"], node[x]["name"], node[x]["label"],
              sorted(node[o]["name"] for o, x2, k2, _ in edges if k2 == "CO_BUILDS" and x2 == x and o != gov),
              d["first_year"])
             for gov, x, k, d in edges if k == "CO_BUILDS" and node[gov]["label"] == "Government"]
    evidence = [(node[a]["name"], e["cue"], e["text"], e["title"], e["year"])
                for a, b, k, d in edges if k == "JOINED" and node[b]["label"] == "Program"
                and (node[b]["name"] == program or program in node[b]["aliases"])
                for e in store.conn.execute(
                    "SELECT DISTINCT e.cue, e.text, d.title, d.year, e.doc_id, e.sentence FROM evidence e"
                    " JOIN documents d ON d.id = e.doc_id WHERE e.relation_id = ?", (d["relation_id"],))]
    return [sorted(firms, key=lambda r: (r[1], r[0])), sorted(partners), sorted(built), sorted(evidence)]


def test_readme_queries_answer_on_the_sample_graph(db, built_store, kg):
    """Each ```cypher block of the README runs and returns what the sample graph implies, and
    none comes back empty: a reader who loads the samples sees an answer to each."""
    queries = _readme_queries()
    assert len(queries) == 4, "a new README query needs its expected rows here"
    load_graph(db, kg.graph, built_store, database=DATABASE)
    firms, partners, built, evidence = (_rows(db, q) for q in queries)
    want = _readme_expectations(built_store, kg.graph)
    got = [
        [(r["firm"], r["since"], r["evidence"]) for r in firms],  # in the query's own order
        sorted((r["partner"], r["label"], r["how"]) for r in partners),
        sorted((r["government"], r["built"], r["label"], sorted(r["together_with"]), r["year"]) for r in built),
        sorted((r["who"], r["cue"], r["sentence"], r["report"], r["year"]) for r in evidence),
    ]
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert w, f"README cypher block {i + 1} finds nothing in the sample graph: ask about names it holds"
        assert g == w, f"README cypher block {i + 1}"


def _hostile_load_and_compare(driver, all_names: list[str], cue: str) -> int:
    """Store an extraction naming `all_names`, load it, and check that every name, alias, title,
    sentence, cue and rule reads back from Neo4j byte for byte as the store holds it. Returns
    how many entities were compared."""
    import tempfile

    from graph_loader.store import Store

    clear(driver)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "store") as store:
        assert store.add_extraction(_hostile_extraction(all_names, cue))
        load_graph(driver, build_graph(store), store, database=DATABASE)
        sql = store.conn.execute
        aliases: dict[str, list] = {}
        for eid, alias in sql("SELECT entity_id, alias FROM aliases"):
            aliases.setdefault(eid, []).append(alias)
        want = {eid: (name.encode(), sorted(a.encode() for a in aliases.get(eid, []) if a != name))
                for eid, name in sql("SELECT id, name FROM entities")}
        want_docs = {r[0].encode() for r in sql("SELECT title FROM documents")}
        want_evidence = sorted({(t.encode(), c.encode(), r.encode()) for t, c, r in sql("SELECT text, cue, rule FROM evidence")})
    got = {r["id"]: (r["name"].encode(), sorted(a.encode() for a in r["aliases"] or ()))
           for r in _rows(driver, "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.aliases AS aliases")}
    assert got == want
    assert {r["t"].encode() for r in _rows(driver, "MATCH (d:Document) RETURN d.title AS t")} == want_docs
    assert sorted({(r["text"].encode(), r["cue"].encode(), r["rule"].encode()) for r in _rows(
        driver, "MATCH (v:Evidence) RETURN v.text AS text, v.cue AS cue, v.rule AS rule")}) == want_evidence
    return len(want)


def test_hostile_names_round_trip_byte_for_byte(db):
    """Quotes, backslashes, Cypher, NUL and other control characters, U+2028, a BOM, emoji and
    characters outside the BMP: every one in a name, an alias, a title, a sentence, a cue."""
    hostile = [*FRAGMENTS, "\U0010fffd", "e\u0301", "\ud7ff", "Robert'); MATCH (n) DETACH DELETE n; //"]
    names = [f"{frag}创新中心{i}{frag}" for i, frag in enumerate(hostile)] + ["".join(hostile)]
    # Masked names (holding an x) are no entities and resolution folds a few together (a name
    # with a note such as (暂名)); most become entities of their own.
    assert _hostile_load_and_compare(db, names, "".join(hostile)) > 0.8 * len(names)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_names, min_size=2, max_size=5, unique=True), hostile_names)
def test_generated_hostile_names_round_trip(neo4j_driver, all_names, cue):
    _hostile_load_and_compare(neo4j_driver, all_names, cue)


def test_a_relabelled_entity_is_corrected_on_the_next_load(db, handmade):
    g = build_graph(handmade)
    load_graph(db, g, handmade, database=DATABASE)
    # As if an earlier load had typed 清华大学 as a firm: a wrong label and an outdated hash.
    db.execute_query("MATCH (e:Entity {name: $n}) SET e:Enterprise SET e.row_hash = 'old'", {"n": "清华大学"},
                     database_=DATABASE)
    report = load_graph(db, g, handmade, database=DATABASE)
    labels = _one(db, "MATCH (e:Entity {name: $n}) RETURN labels(e) AS l", n="清华大学")
    assert sorted(labels) == ["Entity", "University"]
    assert report.counters["labels_removed"] == 1


def test_a_transient_error_is_retried_by_the_driver(db, handmade, monkeypatch):
    """The first attempt of every fifth transaction raises TransientError after running its
    statement; the driver rolls it back and runs the batch again."""
    from neo4j.exceptions import TransientError

    from graph_loader import neo4j_writer

    real = neo4j_writer._run
    calls = {"n": 0, "failed": 0}

    def flaky(tx, statement, rows):
        result = real(tx, statement, rows)
        calls["n"] += 1
        if calls["n"] % 5 == 1:
            calls["failed"] += 1
            raise TransientError("injected by the test")
        return result

    g = build_graph(handmade)
    monkeypatch.setattr(neo4j_writer, "_run", flaky)
    report = load_graph(db, g, handmade, database=DATABASE, batch_size=3)
    monkeypatch.undo()
    assert calls["failed"] > 1
    got = snapshot(db)
    clear(db)
    clean = load_graph(db, g, handmade, database=DATABASE, batch_size=3)
    assert snapshot(db) == got
    assert {k: report.counters[k] for k in DATA_COUNTERS} == {k: clean.counters[k] for k in DATA_COUNTERS}


def test_cli_load_twice(db, handmade, monkeypatch, capsys):
    from graph_loader import cli

    monkeypatch.setenv("NEO4J_PASSWORD", os.environ["NEO4J_PASSWORD"])
    folder = str(handmade.path.parent)
    args = ["load", "--uri", URI, "--user", USER, "--database", DATABASE, "--store", folder, "--quiet"]
    assert cli.main(args) == 0
    first = capsys.readouterr()
    assert "nodes created" in first.out
    assert cli.main(args) == 0
    second = capsys.readouterr()
    assert "nothing changed" in second.out
    assert os.environ["NEO4J_PASSWORD"] not in first.out + first.err + second.out + second.err
