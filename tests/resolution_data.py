"""Hand-made one-sentence reports for the resolution tests: every name, label and region is known.

Names are invented for the tests (澜屿光电, 甬城大学…), so what is tested is the resolver's
rule, not what the NER happens to find in a given text.
"""

from __future__ import annotations

import hashlib
from itertools import permutations

import networkx as nx

from graph_loader.graph import build_graph
from graph_loader.store import Store
from ner.model import Document, Evidence, Extraction, Mention, Relation, Sentence


def report(doc_id: str, text: str, names: list[tuple[str, str]], relations: tuple = (), region: str = "",
           aliases: dict[str, list[str]] | None = None, short: dict[str, str] | None = None) -> Extraction:
    """One report of one sentence. `names`: (name, label) in the text; `relations`:
    (head, type, tail); `aliases`: notes a name carries; `short`: written form -> full name
    (a short form the report itself ties to a full name it uses)."""
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text=text, region=region,
                   content_hash=hashlib.sha256(f"{doc_id}\n{text}".encode()).hexdigest())
    labels = dict(names)
    mentions = []
    for written, label in names:
        pos = text.index(written)
        full = (short or {}).get(written)
        m = Mention(sentence=0, start=pos, end=pos + len(written), text=written, label=label,
                    name=full or written, aliases=list((aliases or {}).get(written, [])))
        if full:
            m.short_forms = [written]
            labels[full] = label
        mentions.append(m)
    rels = []
    for head, rtype, tail in relations:
        hs, ts = text.index(head), text.index(tail)
        rels.append(Relation(head, labels[head], rtype, tail, labels[tail],
                             Evidence(doc_id, 0, text, hs, hs + len(head), ts, ts + len(tail), "cue", "test")))
    return Extraction(doc, [Sentence(doc_id, 0, 0, len(text), text)], mentions, rels)


def build_store(path, reports: list[Extraction]) -> Store:
    store = Store(path)
    for r in reports:
        assert store.add_extraction(r)
    return store


def signature(g: nx.MultiDiGraph) -> tuple:
    """Everything a reader of the graph sees, ids included."""
    nodes = sorted((n, d["name"], d["label"], d["mentions"], tuple(d["documents"]), tuple(sorted(d["aliases"])))
                   for n, d in g.nodes(data=True))
    edges = sorted((a, k, b, d["evidence"], tuple(d["documents"])) for a, b, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def names_of(g: nx.MultiDiGraph) -> dict[str, dict]:
    return {d["name"]: {"id": n, **d} for n, d in g.nodes(data=True)}


def all_orders(tmp_path, reports: list[Extraction]) -> list[tuple]:
    """The graph signature of a store built from `reports` in every order."""
    out = []
    for i, order in enumerate(permutations(reports)):
        store = build_store(tmp_path / f"order{i}", list(order))
        out.append(signature(build_graph(store)))
        store.close()
    return out


# The firm of the tests: its trade name alone (in a report of 宁波), its full name, and a
# firm of another city with the same core.
SHORT = report("short", "澜屿光电与甬城大学签订合作协议。", [("澜屿光电", "Enterprise"), ("甬城大学", "University")],
               [("澜屿光电", "PARTNERS_WITH", "甬城大学")], region="宁波市")
FULL = report("full", "宁波澜屿光电股份有限公司获批省级企业研究院。", [("宁波澜屿光电股份有限公司", "Enterprise")],
              region="宁波市")
OTHER_CITY = report("hangzhou", "杭州澜屿光电有限公司与钱塘学院共建实验室。",
                    [("杭州澜屿光电有限公司", "Enterprise"), ("钱塘学院", "University")],
                    [("杭州澜屿光电有限公司", "PARTNERS_WITH", "钱塘学院")], region="杭州市")
