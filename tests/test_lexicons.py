"""The vocabulary in data/lexicons/: one row a word, cue words in step with the relation rules,
and a Lexicon passed in reaching recognition, relations and resolution."""

from __future__ import annotations

import re

from conftest import extract_text

from graph_loader.store import Store
from ner.lexicon import Lexicon, get_lexicon
from ner.pipeline import Pipeline
from ner.recognition.patterns import patterns
from ner.relations.rules import RelationRules, trigger_words
from ner.resources import lexicon_path, load_table


def _documented_kinds() -> set[str]:
    lines = lexicon_path("words.tsv").read_text(encoding="utf-8").splitlines()
    return {m.group(1) for ln in lines if (m := re.match(r"#   (\w+)\s{2,}", ln))}




def test_each_word_stands_in_one_row_with_documented_kinds():
    rows = load_table("words.tsv")
    words = [r["word"] for r in rows]
    assert len(words) == len(set(words)), sorted({w for w in words if words.count(w) > 1})
    kinds = _documented_kinds()
    assert {"level", "generic", "industry", "relation", "surname"} <= kinds
    for r in rows:
        assert r["kinds"].split(), r
        assert set(r["kinds"].split()) <= kinds, r
        assert not r["label"] or "class" in r["kinds"].split(), r


def test_no_word_list_outside_words_tsv():
    """The word lists that used to be separate files are rows of words.tsv now."""
    for gone in ("generic_words.tsv", "industry_words.tsv", "name_words.tsv", "surnames.tsv",
                 "relation_words.tsv", "cues.tsv"):
        assert not lexicon_path(gone).exists(), gone


def test_trigger_words_of_the_rules_are_the_relation_words_recognition_reads():
    """Each trigger of triggers.tsv has its words in words.tsv, and each relation word there is a trigger."""
    relation = get_lexicon().words("relation")
    triggers = {r["pattern"]: trigger_words(r["pattern"]) for r in load_table("triggers.tsv")}
    for pattern, words in triggers.items():
        assert words, f"triggers.tsv: no literal words in {pattern}"
        assert words & relation, f"words.tsv (kind relation) holds no word of the trigger {pattern}: {sorted(words)[:6]}"
    every = set().union(*triggers.values())
    assert not relation - every, f"relation words of words.tsv no trigger uses: {sorted(relation - every)}"
    # the cues after which a quoted name is a program are relation cues as well
    assert get_lexicon().words("award") <= relation


def test_role_words_are_words_of_words_tsv():
    """The words that give names their roles in a statement (与, 由, 依托, 未, 拟) are kinds of words.tsv."""
    rules = RelationRules(get_lexicon())
    assert "与" in rules.words("with") and "由" in rules.words("by") and "依托" in rules.words("host")
    assert "未" in rules.words("negation") and "拟" in rules.words("planned")


def _lexicon(extra: dict[str, list[dict[str, str]]]) -> Lexicon:
    def tables(name: str) -> tuple[dict[str, str], ...]:
        return load_table(name) + tuple(extra.get(name, ()))

    return Lexicon(tables)


def test_patterns_follow_the_lexicon_they_are_built_from():
    other = _lexicon({"words.tsv": [{"word": "赛区", "kinds": "field", "label": ""}]})
    assert patterns(other).fields_close.match("等多个赛区")
    assert not patterns(get_lexicon()).fields_close.match("等多个赛区")


def test_two_pipelines_with_different_lexicons_in_one_process(pipeline, tmp_path):
    """A firm and a cue rule only one lexicon knows reach recognition, relations and resolution."""
    other = _lexicon({
        "organisations.tsv": [{"name": "星海微电子有限公司", "label": "Enterprise", "aliases": "星海微电"}],
        "triggers.tsv": [{"frame": "joint", "pattern": "协作攻关", "note": ""}],
    })
    second = Pipeline(pipeline.backend, lexicon=other)
    assert len(second.rules.trigger_frames) == len(pipeline.rules.trigger_frames) + 1
    text = "星海微电与浙江大学开展协作攻关。"
    plain, special = extract_text(pipeline, text), extract_text(second, text)
    assert {m.name for m in plain.mentions} == {"浙江大学"} and plain.relations == []
    assert {(m.name, m.label) for m in special.mentions} == {("星海微电", "Enterprise"), ("浙江大学", "University")}
    assert [(r.head, r.type, r.tail) for r in special.relations] == [("星海微电", "PARTNERS_WITH", "浙江大学")]
    # resolution: the lexicon's full name names the entity only when that lexicon resolves it
    names = {}
    for key, lex in (("default", None), ("other", other)):
        store = Store(tmp_path / key)
        store.add_extraction(special, lexicon=lex)
        names[key] = {e["name"] for e in store.entities()}
        store.close()
    assert names["default"] == {"星海微电", "浙江大学"}
    assert names["other"] == {"星海微电子有限公司", "浙江大学"}
