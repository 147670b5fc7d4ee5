"""Hand-made extractions for the Neo4j tests: a small store whose every row is known.

They are written as dataclasses rather than extracted by the pipeline, so the tests of
the loader do not depend on what the NER finds. Offsets are computed from the sentences.
Report C is the "new report" of the incremental tests.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ner.model import Document, Evidence, Extraction, Mention, Relation, Sentence

# (entity name, label)
ENTITIES = {
    "宁波晶钻科技股份有限公司": "Enterprise",
    "精达集团": "Enterprise",
    "清华大学": "University",
    "宁波大学": "University",
    "宁波智能装备研究院": "ResearchInstitute",
    "甬江实验室": "Platform",
    "宁波材料产业创新中心": "Platform",
    "国家重点研发计划": "Program",
    "宁波市人民政府": "Government",
}

# report -> (year, region, [(sentence, [(head, type, tail, cue)])])
REPORTS = {
    "A": (2021, "宁波市", [
        ("宁波晶钻科技股份有限公司获批国家重点研发计划。",
         [("宁波晶钻科技股份有限公司", "JOINED", "国家重点研发计划", "获批")]),
        ("清华大学与宁波大学签订战略合作协议。", [("清华大学", "PARTNERS_WITH", "宁波大学", "签订战略合作协议")]),
        ("宁波市人民政府与清华大学合作共建甬江实验室。",
         [("宁波市人民政府", "CO_BUILDS", "甬江实验室", "合作共建"), ("清华大学", "CO_BUILDS", "甬江实验室", "合作共建")]),
    ]),
    "B": (2022, "", [
        ("宁波智能装备研究院承担国家重点研发计划。", [("宁波智能装备研究院", "JOINED", "国家重点研发计划", "承担")]),
        ("精达集团与清华大学联合攻关。", [("精达集团", "PARTNERS_WITH", "清华大学", "联合攻关")]),
        # Quotes and a backslash, which the Cypher export has to escape.
        ('据"quote"与\\记录,精达集团入驻甬江实验室。', [("精达集团", "SETTLED_IN", "甬江实验室", "入驻")]),
    ]),
    "C": (2023, "宁波市", [
        ("宁波晶钻科技股份有限公司入选国家重点研发计划。",
         [("宁波晶钻科技股份有限公司", "JOINED", "国家重点研发计划", "入选")]),
        ("宁波市人民政府与宁波大学共建宁波材料产业创新中心。",
         [("宁波市人民政府", "CO_BUILDS", "宁波材料产业创新中心", "共建"),
          ("宁波大学", "CO_BUILDS", "宁波材料产业创新中心", "共建")]),
    ]),
}


def extraction(report: str) -> Extraction:
    """The extraction of one hand-made report ("A", "B" or "C")."""
    year, region, body = REPORTS[report]
    text = "".join(s for s, _ in body)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(id=digest[:16], path=f"handmade/{report}.txt", text=text, content_hash=digest,
                   title=f"报告{report}", issuer="科技局", region=region, year=year)
    sentences, mentions, relations = [], [], []
    start = 0
    for i, (s, rels) in enumerate(body):
        sentences.append(Sentence(doc.id, i, start, start + len(s), s))
        start += len(s)
        for name, label in ENTITIES.items():
            at = s.find(name)
            # Each name occurs at most once per sentence and inside no other name, so find() will do.
            if at >= 0:
                mentions.append(Mention(sentence=i, start=at, end=at + len(name), text=name, label=label,
                                        name=name, confidence=0.9))
        for head, rtype, tail, cue in rels:
            h, t = s.index(head), s.index(tail)
            ev = Evidence(doc.id, i, s, h, h + len(head), t, t + len(tail), cue, "handmade")
            relations.append(Relation(head, ENTITIES[head], rtype, tail, ENTITIES[tail], ev, confidence=0.9))
    return Extraction(doc, sentences, mentions, relations)


def make_store(folder: Path, reports: str = "AB"):
    """A new store in `folder` holding the hand-made `reports`, added in the order given."""
    from graph_loader.store import Store

    store = Store(folder)
    for r in reports:
        assert store.add_extraction(extraction(r))
    return store
