"""The HanLP backend, on real HanLP models trained here on CPU.

No pretrained HanLP model can be fetched here, so the models are tiny ones made by
scripts/train_tiny_hanlp.py from the sample reports with LAC's names as silver labels:

* two RNN NER components: one on characters with MSRA labels (NR/NS/NT), one on LAC's
  words with OntoNotes labels (PERSON/GPE/ORG);
* a multi-task model (tok/fine, pos/pku, ner/msra) on a two-layer BERT initialised at
  random, whose saved config names its transformer directory as HanLP's own models name a
  Hugging Face id.

Each is trained once per session in a fixture, on one CPU thread (about 40 s for the three).

The models are weak; the tests check the backend's contract against what the HanLP model
itself returns, not the model's quality. What is simulated: "hanlp is not installed" is a
monkeypatched import (sys.modules['hanlp'] = None), so that test runs with HanLP present.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# Before anything imports transformers: no test may reach the Hugging Face hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ner.backends import BackendUnavailable, get_backend  # noqa: E402
from ner.backends.hanlp import ENTITY_LABELS, HanlpBackend, Span, _entity_spans, overlay  # noqa: E402
from ner.ingest import read_document  # noqa: E402
from ner.model import ENTITY_LABELS as SCHEMA_LABELS  # noqa: E402
from ner.model import Token  # noqa: E402
from ner.segment import split_sentences  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENTITY = {"PER", "LOC", "ORG", "TIME"}
NAMES = {"PER", "LOC", "ORG"}
HAVE_HANLP = importlib.util.find_spec("hanlp") is not None and importlib.util.find_spec("torch") is not None
needs_hanlp = pytest.mark.skipif(
    not HAVE_HANLP, reason="hanlp/torch not installed: `make test` installs them (mk/hanlp.mk), or pip install 'innokg[hanlp]'"
)


def _trainer():
    spec = importlib.util.spec_from_file_location("train_tiny_hanlp", ROOT / "scripts" / "train_tiny_hanlp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def char_model(tmp_path_factory) -> Path:
    if not HAVE_HANLP:
        pytest.skip("hanlp/torch not installed")
    out = tmp_path_factory.mktemp("hanlp") / "char_msra"
    figures = _trainer().train_rnn(out, level="char", labels="msra", epochs=6, quiet=True)
    assert figures["entities"] > 100 and (out / "config.json").is_file() and (out / "model.pt").is_file()
    return out


@pytest.fixture(scope="session")
def word_model(tmp_path_factory) -> Path:
    if not HAVE_HANLP:
        pytest.skip("hanlp/torch not installed")
    out = tmp_path_factory.mktemp("hanlp") / "word_ontonotes"
    _trainer().train_rnn(out, level="word", labels="ontonotes", epochs=6, quiet=True)
    return out


@pytest.fixture(scope="session")
def mtl_model(tmp_path_factory) -> Path:
    if not HAVE_HANLP:
        pytest.skip("hanlp/torch not installed")
    out = tmp_path_factory.mktemp("hanlp") / "mtl"
    _trainer().train_mtl(out, epochs=12, quiet=True)
    return out / "model"


def _set_transformer(model_dir: Path, transformer: str) -> None:
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config["encoder"]["transformer"] = transformer
    (model_dir / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture(scope="session")
def report_sentences(sample_paths) -> list[str]:
    doc = read_document(sample_paths[3])
    return [s.text for s in split_sentences(doc)][:150]


def assert_covers(texts: list[str], analysed: list[list[Token]]) -> None:
    assert len(analysed) == len(texts)
    for text, tokens in zip(texts, analysed, strict=True):
        assert "".join(t.text for t in tokens) == text
        pos = 0
        for t in tokens:
            assert t.start == pos and t.end > t.start and text[t.start : t.end] == t.text
            assert t.tag and (t.tag in ENTITY or t.tag.islower()), t
            pos = t.end
        assert pos == len(text)


def entity_set(tokens: list[Token], tags=NAMES) -> set[tuple[int, int, str]]:
    return {(t.start, t.end, t.tag) for t in tokens if t.tag in tags}


def expected_spans(units: list[tuple[str, int, int]], raw) -> set[tuple[int, int, str]]:
    """HanLP's raw (entity, label, begin, end) over units, as character spans with our tags."""
    out = set()
    for _, label, b, e in raw:
        tag = ENTITY_LABELS.get(label.upper())
        if tag in NAMES and any(ch.isalnum() for u in units[b:e] for ch in u[0]):
            out.add((units[b][1], units[e - 1][2], tag))
    return out


# -- the NER-only component over characters (MSRA labels) --------------------------------------
@needs_hanlp
def test_char_model_contract(char_model, report_sentences):
    backend = get_backend("hanlp", str(char_model))
    assert isinstance(backend, HanlpBackend) and backend.kind == "ner" and backend.granularity == "char"
    analysed = backend.analyse(report_sentences)
    assert_covers(report_sentences, analysed)
    raw_labels = set()
    found = 0
    for text, tokens in zip(report_sentences, analysed, strict=True):
        units = [(c, k, k + 1) for k, c in enumerate(text) if c.strip()]
        raw = backend.component([u[0] for u in units]) if units else []
        raw_labels |= {label for _, label, _, _ in raw}
        # Every PER/LOC/ORG token is exactly one of HanLP's entities, and each of those is one.
        assert entity_set(tokens) == expected_spans(units, raw), text
        found += len(entity_set(tokens))
    assert raw_labels <= {"NR", "NS", "NT"} and "NT" in raw_labels
    assert found >= 20  # trained on LAC's names, the model finds names in the reports it learnt from
    # Not a tag of HanLP's label set leaks through.
    assert not {t.tag for ts in analysed for t in ts} & {"NR", "NS", "NT"}


@needs_hanlp
def test_words_cut_by_an_entity_keep_their_tags(char_model):
    backend = get_backend("hanlp", str(char_model))
    lac = get_backend("lac")
    texts = ["宁波市科技局与中国科学院宁波材料所签订合作协议。", "浙江大学和宁波大学在北京共建实验室"]
    for text, tokens, lac_tokens in zip(texts, backend.analyse(texts), lac.analyse(texts), strict=True):
        cuts = {t.start for t in lac_tokens} | {len(text)}
        for t in tokens:
            if t.tag in NAMES:
                continue
            # A word piece outside HanLP's entities carries the tag LAC gave its word,
            # with LAC's own names demoted to nz.
            word = next(w for w in lac_tokens if w.start <= t.start < w.end)
            assert t.tag == ("nz" if word.tag in NAMES else word.tag)
            assert t.end <= word.end and (t.start in cuts or any(e.end == t.start for e in tokens if e.tag in NAMES))


# -- the NER-only component over LAC's words (OntoNotes labels) --------------------------------
@needs_hanlp
def test_word_model_contract(word_model, report_sentences):
    backend = get_backend("hanlp", str(word_model))
    assert backend.kind == "ner" and backend.granularity == "word"
    analysed = backend.analyse(report_sentences)
    assert_covers(report_sentences, analysed)
    lac_tokens = get_backend("lac").analyse(report_sentences)
    raw_labels = set()
    for tokens, words in zip(analysed, lac_tokens, strict=True):
        units = [(w.text, w.start, w.end) for w in words if w.text.strip()]
        raw = backend.component([u[0] for u in units]) if units else []
        raw_labels |= {label for _, label, _, _ in raw}
        assert entity_set(tokens) == expected_spans(units, raw)
    assert "ORG" in raw_labels and raw_labels <= {"PERSON", "GPE", "ORG"}
    assert "GPE" not in {t.tag for ts in analysed for t in ts}


# -- the multi-task model (tok, pos, ner) ---------------------------------------------------------
@needs_hanlp
def test_mtl_model_contract(mtl_model, report_sentences):
    backend = get_backend("hanlp", str(mtl_model))
    assert backend.kind == "mtl"
    assert (backend._tok_task, backend._pos_task, backend._ner_tasks) == ("tok/fine", "pos/pku", ["ner/msra"])
    texts = [t for t in report_sentences if len(t) < 120][:60]
    analysed = backend.analyse(texts)
    assert_covers(texts, analysed)
    doc = backend.component(texts, tasks=["tok/fine", "pos/pku", "ner/msra"])
    total = 0
    for k, (text, tokens) in enumerate(zip(texts, analysed, strict=True)):
        # HanLP's words with their offsets (the backend asks its tokenizer for them).
        units = [(text[s:e], s, e) for _, s, e in doc["tok/fine"][k]]
        want = expected_spans(units, doc["ner/msra"][k])
        assert entity_set(tokens) == want
        total += len(want)
        # Outside the entities, the words are HanLP's own, with PKU tags in LAC's style.
        inside = [(s, e) for s, e, _ in want]
        words_outside = {(u[1], u[2]) for u in units if not any(s <= u[1] < e for s, e in inside)}
        # (Whitespace between HanLP's words, which its tokenizer drops, comes back as 'w' tokens.)
        assert {(t.start, t.end) for t in tokens if t.tag not in NAMES and t.text.strip()} == words_outside
        assert all(t.tag == "w" for t in tokens if not t.text.strip())
        assert not {t.tag for t in tokens} & {"nr", "ns", "nt"}
    assert total > 0


@needs_hanlp
def test_mtl_model_without_pos_puts_its_entities_on_lac_words(mtl_model, report_sentences):
    # The same real model with its pos task set aside: a multi-task model of tok and ner only.
    backend = HanlpBackend(str(mtl_model))
    backend._pos_task = None
    texts = [t for t in report_sentences if len(t) < 120][:40]
    analysed = backend.analyse(texts)
    assert_covers(texts, analysed)
    doc = backend.component(texts, tasks=["tok/fine", "ner/msra"])
    lac = get_backend("lac").analyse(texts)
    total = 0
    for k, (text, tokens, words) in enumerate(zip(texts, analysed, lac, strict=True)):
        units = [(text[s:e], s, e) for _, s, e in doc["tok/fine"][k]]
        want = expected_spans(units, doc["ner/msra"][k])
        assert entity_set(tokens) == want
        total += len(want)
        for t in tokens:
            if t.tag not in NAMES:
                word = next(w for w in words if w.start <= t.start < w.end)
                assert t.end <= word.end and t.tag == ("nz" if word.tag in NAMES else word.tag)
    assert total > 0


@needs_hanlp
@pytest.mark.parametrize(
    "transformer, says",
    [
        # HanLP's own encoder, which HanLP maps to a mirror of its own: the download is refused.
        ("hfl/chinese-electra-180g-small-discriminator", "would have to be downloaded"),
        # Any other Hugging Face id: not in the local cache, and the hub is off.
        ("someone/tiny-chinese-bert", "not in the local Hugging Face cache"),
    ],
)
def test_mtl_model_without_its_transformer_is_a_clear_error(tmp_path, mtl_model, transformer, says):
    """A multi-task model names its transformer; offline and not cached, loading it fails clearly."""
    shutil.copytree(mtl_model, tmp_path / "model")
    _set_transformer(tmp_path / "model", transformer)
    with pytest.raises(BackendUnavailable) as e:
        HanlpBackend(str(tmp_path / "model"))
    message = str(e.value)
    assert str(tmp_path / "model") in message and says in message
    assert "transformer" in message and "Traceback" not in message


# -- the whole pipeline and the command line -------------------------------------------------------
@needs_hanlp
def test_pipeline_runs_on_a_sample_report(char_model, sample_paths):
    from ner.pipeline import Pipeline

    doc = read_document(sample_paths[0])
    extraction = Pipeline("hanlp", str(char_model))(doc)
    assert extraction.sentences and len(extraction.mentions) >= 10
    assert {m.label for m in extraction.mentions} <= set(SCHEMA_LABELS)
    for m in extraction.mentions:
        sentence = extraction.sentences[m.sentence]
        assert sentence.text[m.start : m.end] == m.text
    assert all(r.evidence.doc_id == doc.id for r in extraction.relations)


@needs_hanlp
def test_cli_extract_and_build_with_hanlp(tmp_path, char_model, sample_paths, capsys):
    from graph_loader.cli import main

    units = tmp_path / "units.jsonl"
    paragraphs = [p for p in sample_paths[3].read_text(encoding="utf-8").split("\n") if len(p) > 40][:5]
    units.write_text("".join(json.dumps({"id": f"u{i}", "text": p}, ensure_ascii=False) + "\n"
                             for i, p in enumerate(paragraphs)), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(units), "--out", str(out), "--ner", "hanlp", "--model", str(char_model)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [f"u{i}" for i in range(len(paragraphs))]
    assert sum(len(x["entities"]) for x in lines) > 0
    store = tmp_path / "g"
    code = main(["build", str(sample_paths[2]), "--out", str(store), "--quiet", "--ner", "hanlp", "--model",
                 str(tmp_path / "no-model-here")])
    assert code == 2
    assert "no-model-here" in capsys.readouterr().err


# -- errors ---------------------------------------------------------------------------------------
def test_hanlp_not_installed_says_how_to_install(monkeypatch, tmp_path):
    # Simulated: a None entry in sys.modules makes `import hanlp` raise ImportError.
    monkeypatch.setitem(sys.modules, "hanlp", None)
    with pytest.raises(BackendUnavailable) as e:
        get_backend("hanlp", str(tmp_path))
    assert "pip install 'innokg[hanlp]'" in str(e.value)


def test_no_model_given():
    with pytest.raises(BackendUnavailable) as e:
        get_backend("hanlp", None)
    assert "--model" in str(e.value)


@needs_hanlp
def test_missing_directory(tmp_path):
    with pytest.raises(BackendUnavailable) as e:
        get_backend("hanlp", str(tmp_path / "nowhere" / "model"))
    assert str(tmp_path / "nowhere" / "model") in str(e.value) and "not found" in str(e.value)


@needs_hanlp
def test_directory_without_a_model(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(BackendUnavailable) as e:
        get_backend("hanlp", str(tmp_path))
    assert str(tmp_path) in str(e.value) and "config.json" in str(e.value)


@needs_hanlp
def test_broken_model_directory(tmp_path, char_model):
    shutil.copytree(char_model, tmp_path / "m")
    (tmp_path / "m" / "model.pt").write_bytes(b"not torch weights")
    with pytest.raises(BackendUnavailable) as e:
        HanlpBackend(str(tmp_path / "m"))
    assert str(tmp_path / "m") in str(e.value) and "could not load" in str(e.value)
    assert "pkg_resources" not in str(e.value)  # HanLP's own failure report does not mask the error


@needs_hanlp
def test_a_model_that_is_not_ner_is_refused(tmp_path, char_model):
    # The same weights loaded as HanLP's plain RNN tagger (a POS-tagger class) are a real
    # HanLP component that is not an NER model.
    shutil.copytree(char_model, tmp_path / "tagger")
    config = json.loads((tmp_path / "tagger" / "config.json").read_text())
    config["classpath"] = "hanlp.components.taggers.rnn_tagger.RNNTagger"
    (tmp_path / "tagger" / "config.json").write_text(json.dumps(config))
    with pytest.raises(BackendUnavailable) as e:
        HanlpBackend(str(tmp_path / "tagger"))
    assert "RNNTagger" in str(e.value) and "not a named-entity model" in str(e.value)


@needs_hanlp
def test_identifier_that_would_download_is_refused(monkeypatch):
    import hanlp
    from hanlp.utils import io_util

    calls = []
    monkeypatch.setattr(io_util, "path_from_url", lambda url, *a, **k: calls.append(url) or "/nonexistent/hanlp/x")
    with pytest.raises(BackendUnavailable) as e:
        HanlpBackend("MSRA_NER_ELECTRA_SMALL_ZH")
    message = str(e.value)
    assert "MSRA_NER_ELECTRA_SMALL_ZH" in message and "download" in message and "--model" in message
    assert hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH.split("#")[0] in message
    assert calls  # the cache was looked at, and the missing model refused rather than fetched


@needs_hanlp
def test_unknown_name_is_not_found():
    with pytest.raises(BackendUnavailable) as e:
        HanlpBackend("NO_SUCH_HANLP_MODEL")
    assert "NO_SUCH_HANLP_MODEL" in str(e.value) and "not found" in str(e.value)


# -- the overlay and the label mapping, without a model ----------------------------------------------
def test_entity_labels_of_hanlp_label_sets():
    units = [Token(w, s, s + len(w), "") for w, s in (("张三", 0), ("在", 2), ("宁波", 3), ("大学", 5), ("，", 7))]
    for raw, want in [
        ([("张三", "NR", 0, 1), ("宁波大学", "NT", 2, 4)], [Span(0, 2, "PER"), Span(3, 7, "ORG")]),
        ([("张三", "PERSON", 0, 1), ("宁波", "GPE", 2, 3)], [Span(0, 2, "PER"), Span(3, 5, "LOC")]),
        ([("张三", "nr", 0, 1), ("宁波", "ns", 2, 3), ("宁波大学", "nt", 2, 4)],
         [Span(0, 2, "PER"), Span(3, 5, "LOC"), Span(3, 7, "ORG")]),
        ([("在", "INTEGER", 1, 2), ("，", "NT", 4, 5), ("x", "NT", 3, 9)], []),
    ]:
        assert _entity_spans(raw, units) == want


def test_pos_tags_in_lac_style():
    from ner.backends.hanlp import CTB_TAGS, PKU_TAGS, TAG_863, lac_pos

    assert [lac_pos(t, PKU_TAGS) for t in ("n", "vn", "nt", "ns", "Ng", "w")] == ["n", "vn", "nz", "nz", "n", "w"]
    assert [lac_pos(t, CTB_TAGS) for t in ("NN", "NR", "VV", "P", "DEG", "PU", "CD")] == ["n", "nz", "v", "p", "u", "w", "m"]
    assert [lac_pos(t, TAG_863) for t in ("ni", "nd", "nt", "v")] == ["nz", "f", "t", "v"]
    # An unknown upper-case tag must not pass for an entity tag.
    assert lac_pos("ORG", {}) == "xc" and lac_pos("NOUN", {}) == "n"


def test_overlay_splits_words_and_demotes_lac_names():
    text = "宁波市科技局与中国科学院宁波材料所"
    words = [("宁波市", "LOC"), ("科技局", "n"), ("与", "p"), ("中国科学院", "ORG"), ("宁波", "LOC"), ("材料所", "n")]
    tokens, pos = [], 0
    for w, tag in words:
        tokens.append(Token(w, pos, pos + len(w), tag))
        pos += len(w)
    out = overlay(text, tokens, [Span(0, 6, "ORG"), Span(7, 16, "ORG"), Span(10, 12, "LOC")])
    assert [(t.text, t.tag) for t in out] == [
        ("宁波市科技局", "ORG"), ("与", "p"), ("中国科学院宁波材料", "ORG"), ("所", "n"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_overlay_keeps_the_contract(data):
    text = data.draw(st.text(alphabet="甲乙丙丁，。 ab", min_size=1, max_size=30))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(text) - 1), max_size=len(text))) if len(text) > 1 else set())
    bounds = [0, *cuts, len(text)]
    tags = ["n", "v", "ORG", "LOC", "w", "TIME"]
    tokens = [Token(text[a:b], a, b, data.draw(st.sampled_from(tags))) for a, b in zip(bounds, bounds[1:], strict=False)]
    spans = [
        Span(a, b, data.draw(st.sampled_from(["PER", "LOC", "ORG", "TIME"])))
        for a, b in data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=5))
        if a < b
    ]
    out = overlay(text, tokens, spans)
    assert "".join(t.text for t in out) == text
    assert all(text[t.start : t.end] == t.text and t.end > t.start for t in out)
    assert [t.start for t in out] == sorted(t.start for t in out)
    chosen = {(t.start, t.end, t.tag) for t in out} & {(s.start, s.end, s.tag) for s in spans}
    # Entity tokens are spans given; other tokens are pieces of one input token.
    for t in out:
        if (t.start, t.end, t.tag) in chosen:
            continue
        word = next(w for w in tokens if w.start <= t.start < w.end)
        assert t.end <= word.end and t.tag == ("nz" if word.tag in NAMES else word.tag)
    # No two chosen spans overlap, and a span is dropped only for one that overlaps it.
    kept = sorted(chosen)
    assert all(a[1] <= b[0] for a, b in zip(kept, kept[1:], strict=False))
    for s in spans:
        if (s.start, s.end, s.tag) not in chosen:
            assert any(a < s.end and s.start < b for a, b, _ in kept)
