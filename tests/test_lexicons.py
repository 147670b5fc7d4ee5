"""The vocabulary in data/lexicons/: one row a word, cue words in step with the relation rules,
and a Lexicon passed in reaching recognition, relations and resolution."""

from __future__ import annotations

import re

from conftest import extract_text

from graph_loader.store import Store
from ner.lexicon import Lexicon, get_lexicon
from ner.pipeline import Pipeline
from ner.recognition.patterns import patterns
from ner.relations import load_rules
from ner.resources import lexicon_path, load_table


def _documented_kinds() -> set[str]:
    lines = lexicon_path("words.tsv").read_text(encoding="utf-8").splitlines()
    return {m.group(1) for ln in lines if (m := re.match(r"#   (\w+)\s{2,}", ln))}


def _rule_cues() -> set[str]:
    """The words of the cue groups, (?P<cue>a|b|c), of the rules in cues.tsv."""
    words: set[str] = set()
    for row in load_table("cues.tsv"):
        for m in re.finditer(r"\(\?P<cue>([^()]*)\)", row["pattern"]):
            words |= set(m.group(1).split("|"))
    return words


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
    for gone in ("generic_words.tsv", "industry_words.tsv", "name_words.tsv", "surnames.tsv"):
        assert not lexicon_path(gone).exists(), gone


def test_cue_words_of_the_rules_are_the_relation_words_recognition_reads():
    relation = get_lexicon().words("relation")
    cues = _rule_cues()
    assert cues, "no cue group found in cues.tsv"
    assert not cues - relation, f"cue words of cues.tsv missing from words.tsv (kind relation): {sorted(cues - relation)}"
    assert not relation - cues, f"relation words of words.tsv no rule uses: {sorted(relation - cues)}"
    # the cues after which a quoted name is a program are relation cues as well
    assert get_lexicon().words("award") <= relation


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
        "cues.tsv": [{"rule": "partner-test", "emits": "PARTNERS_WITH h>p", "scope": "sentence",
                      "pattern": "(?P<h>{ORG})与(?P<p>{ORG}){CGAP}(?P<cue>协作)", "requires": "", "note": ""}],
    })
    second = Pipeline(pipeline.backend, lexicon=other)
    assert second.rules == load_rules(other.table) and len(second.rules) == len(pipeline.rules) + 1
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
