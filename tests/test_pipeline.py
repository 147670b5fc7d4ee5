"""The pipeline is a list of named components over a batch of reports; typing in one place."""

from __future__ import annotations

from conftest import extract_text

from ner.classify import context_labels, type_names
from ner.model import Token
from ner.pipeline import Pipeline, Work
from ner.recognition import Candidate
from ner.units import unit_document

TEXT = "清华大学与宁波东方理工大学签订战略合作协议。浙江大学牵头组建之江实验室。"


def test_components_are_named_and_run_in_order(pipeline):
    assert [n for n, _ in pipeline.components] == ["segment", "analyse", "recognise", "type", "link", "relate"]


def test_run_many_goes_through_the_components_replaced_by_name(pipeline):
    custom = Pipeline(pipeline.backend, lexicon=pipeline.lexicon)
    before = extract_text(custom, TEXT)
    assert len(before.sentences) == 2 and before.relations

    def one_sentence(works: list[Work]) -> None:
        """Segmentation that keeps each report whole, as one sentence."""
        pipeline.segment(works)
        for w in works:
            first, last = w.sentences[0], w.sentences[-1]
            first.end, first.text = last.end, w.document.text[first.start : last.end]
            w.sentences = [first]

    custom.replace("segment", one_sentence)
    whole = custom.run_many([unit_document({"id": "a", "text": TEXT}), unit_document({"id": "b", "text": TEXT})])
    assert [len(ex.sentences) for ex in whole] == [1, 1]

    calls = []

    def tagged_by_hand(works: list[Work]) -> None:
        """A backend stand-in: every sentence one ORG token."""
        calls.append(len(works))
        for w in works:
            w.tokens = [[Token(s.text, 0, len(s.text), "ORG")] for s in w.sentences]

    custom.replace("analyse", tagged_by_hand)
    ex = custom(unit_document({"id": "c", "text": "宁波东方理工大学"}))
    assert calls == [1] and [m.name for m in ex.mentions] == ["宁波东方理工大学"]
    custom.replace("relate", lambda works: None)
    assert custom(unit_document({"id": "d", "text": TEXT})).relations == []


def test_a_list_class_types_its_members_unless_a_strong_head_says_otherwise(pipeline):
    text = "宁波材料研究院、海邦基金、天堂硅谷等三家创投公司。"
    cands = [Candidate(0, 7, "grammar", "ResearchInstitute", 0.9), Candidate(8, 12, "lac", None, 0.6),
             Candidate(13, 17, "lac", None, 0.6)]
    assert context_labels(text, cands, pipeline.lexicon) == {1: "Enterprise", 2: "Enterprise"}
    labels = type_names(text, cands, pipeline.lexicon)
    assert labels == [("ResearchInstitute", 0.9), ("Enterprise", 0.9), ("Enterprise", 0.9)]
