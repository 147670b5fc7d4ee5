"""Recognition: find the names in a sentence from the backend's tokens and a domain grammar.

The NER model (LAC by default) finds many organisation names, but cuts long ones apart
(宁波/LOC 数字/n 孪生/n (东方理工/ORG) 研究院/n), truncates others (中金石化高) and misses
short trade names. Recognition repairs and extends its spans in named steps over one
working object (`SentenceWork`), in the order of STEPS; the generators among them add
candidates, and the later ones read what the earlier ones found. The result is a list of
Candidates with a label hint; ner/classify.py types them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..lexicon import Lexicon, get_lexicon
from ..model import Token
from ..segment import heading_length
from .cells import cell_candidates
from .heads import head_candidates
from .keep import keep_names
from .known import known_candidates
from .lists import coordinated_candidates, cue_subject_candidates, list_candidates
from .nested import nested_candidates
from .notes import attach_notes
from .overlap import resolve_overlaps
from .quotes import quoted_candidates
from .spans import model_candidates
from .tokens import repair_tokens
from .work import Candidate, SentenceWork

Step = Callable[[SentenceWork], None]

STEPS: list[tuple[str, Step]] = [
    ("repair tokens", repair_tokens),  # cut cue words the model glued onto names
    ("head nouns", head_candidates),  # 研究院, 有限公司, 计划… grown leftwards
    ("table cells", cell_candidates),  # a cell of a row that ends in a head is one name
    ("model spans", model_candidates),  # the model's ORG spans, repaired
    ("quotes", quoted_candidates),  # “千人计划”, 省“双创团队”, “伏尔肯”等2家
    ("known names", known_candidates),  # the lexicons' names and aliases
    ("trade-name lists", list_candidates),  # 明正变电、赣电电气 (reads the candidates so far)
    ("coordinated names", coordinated_candidates),  # 钱江摩托与浙江大学 (reads them too)
    ("subjects of relation verbs", cue_subject_candidates),  # 博纳激光入驻…
    ("overlaps", resolve_overlaps),  # longest first
    ("notes", attach_notes),  # (暂名), (原…), a campus in brackets
    ("keep", keep_names),  # masked, generic and malformed names out
    ("nested firms", nested_candidates),  # the firm that begins a platform's name is named too
]

__all__ = ["STEPS", "Candidate", "Recognizer", "SentenceWork"]


class Recognizer:
    """Finds candidate names in a sentence given its tokens, by running `steps` in order."""

    def __init__(self, lexicon: Lexicon | None = None, steps: list[tuple[str, Step]] | None = None):
        self.lex = lexicon or get_lexicon()
        self.steps = list(STEPS if steps is None else steps)

    def recognize(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """Non-overlapping candidates of one sentence, in text order."""
        if not tokens:
            return []
        work = SentenceWork(text, tokens, self.lex, floor=heading_length(text))
        for _, step in self.steps:
            step(work)
        return work.names
