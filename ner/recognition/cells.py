"""Table cells: in a row rendered as a line (cells parted by tabs or runs of spaces), a cell
that ends in a head noun is one name from its first character.

The model reads a cell's words as it reads prose and may tag one of them a verb
(连云港市/LOC 抗/v 肿瘤/n 创新药物工程技术研究中心), which stops a head-noun name growing
leftwards. The cell's edges say where the name begins: a table cell holds one thing.
"""

from __future__ import annotations

from ..lexicon import STOP_ROLES
from ..model import Token
from .heads import MAX_NAME
from .work import Candidate, SentenceWork


def cell_candidates(work: SentenceWork) -> None:
    """Step: a candidate for every cell of a row that is a whole head-noun name."""
    tokens = work.tokens
    if not any(t.tag == "w" and t.text.isspace() for t in tokens):
        return
    cell: list[Token] = []
    for t in [*tokens, None]:
        if t is not None and not (t.tag == "w" and t.text.isspace()):
            cell.append(t)
            continue
        if len(cell) >= 2 and cell[0].start >= work.floor:
            _cell_name(work, cell)
        cell = []


def _cell_name(work: SentenceWork, cell: list[Token]) -> None:
    lex = work.lex
    start, end = cell[0].start, cell[-1].end
    if end - start > MAX_NAME:
        return
    head = lex.head_of(work.text[start:end])
    if head is None or len(head.suffix) >= end - start:
        return
    # a cell of several things (甲、乙) or a phrase (依托甲建设) is no single name
    if any(t.tag == "w" or lex.role.get(t.text) in STOP_ROLES for t in cell):
        return
    work.candidates.append(Candidate(start, end, "grammar", head.label, head.confidence))
