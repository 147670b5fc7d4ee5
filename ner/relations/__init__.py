"""Relation extraction: triggers and their arguments by role, over a whole document.

A report is read sentence by sentence, in order:

1. skeleton (skeleton.py): names become slots, coordinated names groups, with the role
   word before each (与, 由, 依托, 在);
2. discourse (discourse.py): anaphors (该实验室, 双方) are resolved, the paragraph's topic and
   a plan's context are handed to the sentence;
3. roles (roles.py): every trigger (triggers.tsv) opens a frame whose agents, partners and
   object are found by role;
4. lists (lists.py): counts followed by lists, lists after a colon, one name per line,
   numbered rows and tables inherit the event their heading states;
5. structure (structure.py): PART_OF where one name is built on another named in the text;
6. emit (emit.py): frames become relations (frames.tsv), each with its evidence, planned
   ones marked, negated ones dropped.
"""

from __future__ import annotations

from ..lexicon import Lexicon, get_lexicon
from ..model import Document, Mention, Relation, Sentence, Token
from .discourse import Discourse
from .emit import Emitter
from .lists import ListReader
from .roles import RoleFinder
from .rules import RelationRules, default_rules
from .skeleton import Skeleton
from .structure import parts_by_name

__all__ = ["RelationRules", "default_rules", "extract_document_relations"]


def extract_document_relations(
    document: Document,
    sentences: list[Sentence],
    mentions: list[list[Mention]],
    tokens: list[list[Token]] | None = None,
    rules: RelationRules | None = None,
    lexicon: Lexicon | None = None,
    trace: list | None = None,
) -> list[Relation]:
    """Every relation a document states, in text order; see the module docstring.

    `trace`, when given, receives (sentence index, skeleton, frames) for every sentence.
    """
    lexicon = lexicon or (rules.lexicon if rules is not None else get_lexicon())
    rules = rules or (default_rules() if lexicon is get_lexicon() else RelationRules(lexicon))
    tokens = tokens or [[] for _ in sentences]
    discourse = Discourse(document.text, sentences, document.title, rules.anaphors, rules.planned_re)
    discourse.read_notes(mentions)
    emitter = Emitter(document.text, sentences, rules)
    lists = ListReader(sentences, discourse, emitter, rules)
    for idx, (sent, ms) in enumerate(zip(sentences, mentions, strict=True)):
        skel = Skeleton(sent.text, ms, rules, tokens[idx], lexicon)
        context = discourse.prepare(idx, skel)
        for ana, part in skel.owners:  # 学校材料学院: a school of the university the text is about
            for whole in discourse.resolve_owner(ana, part, idx, skel):
                emitter.relate("PART_OF", part, whole, idx, ana.word, "name")
        finder = RoleFinder(skel, idx, rules, context)
        frames = finder.find()
        lists.read(idx, skel, frames)
        for f in frames:
            emitter.emit(f)
        discourse.update(idx, skel, finder, frames)
        if trace is not None:
            trace.append((idx, skel, frames))
    flat = [m for ms in mentions for m in ms]
    for part, whole in parts_by_name(flat, lexicon):
        emitter.relate("PART_OF", part, whole, max(part.sentence, whole.sentence), "", "name")
    return emitter.out
