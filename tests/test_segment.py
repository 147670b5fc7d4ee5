"""Sentence and clause splitting on real report text."""

from __future__ import annotations

from ner.ingest import read_document
from ner.segment import clause_spans, split_sentences
from ner.units import unit_document


def test_sentences_cover_the_report_with_exact_offsets(sample_paths):
    doc = read_document(sample_paths[0])
    sentences = split_sentences(doc)
    assert len(sentences) > 30
    for s in sentences:
        assert doc.text[s.start : s.end] == s.text
        assert s.text.strip() == s.text


def test_no_split_inside_quotes_or_brackets():
    text = "新增“伏尔肯。大东南”等2家工作站。宁波东方理工大学(暂名。永久校区)正式开工;下一句。"
    sents = [s.text for s in split_sentences(unit_document({"id": "x", "text": text}))]
    assert sents == ["新增“伏尔肯。大东南”等2家工作站。", "宁波东方理工大学(暂名。永久校区)正式开工;", "下一句。"]


def test_an_unclosed_quote_does_not_swallow_the_report():
    text = "获得了国家“863方案支持,工程总投入2437万元。" + "下一句话。" * 30
    sents = split_sentences(unit_document({"id": "x", "text": text}))
    assert len(sents) > 10


def test_clauses_split_at_commas_outside_quotes():
    text = "甲与乙就“管网溢流,在线调控”,丙与丁达成了合作意向。"
    spans = clause_spans(text)
    assert [text[s:e] for s, e in spans] == ["甲与乙就“管网溢流,在线调控”,", "丙与丁达成了合作意向。"]
