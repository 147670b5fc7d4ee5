"""The patterns of recognition and typing, built once per Lexicon from the kinds of words.tsv.

Only the grammar (numbers, measure words, 等, 名单) is written here; the words come from the
lexicon, so a word added to words.tsv reaches every pattern that uses its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import Lexicon

_NUM = "[0-9一二两三四五六七八九十百余多]"


@dataclass(frozen=True)
class Patterns:
    # 等2家, 等企业 after a quoted name: the quote is one item of a counted list.
    count_list: re.Pattern[str]
    # 等…领域, 等多个产业: the list names fields, not organisations.
    fields_close: re.Pattern[str]
    # 等N家企业/高校/院所: a list of organisations; group 2 is the class word.
    count_class: re.Pattern[str]
    # 等2家 counts organisations; 等一批 or 等18项 may count anything.
    org_count: re.Pattern[str]
    # The title of a list of designations: 入选广东省工程技术研究中心名单, …拟认定名单.
    list_title: re.Pattern[str]
    # Before a quoted name: a level of the program (省“特支计划”), an award, an attracting verb.
    level_before: re.Pattern[str]
    award_before: re.Pattern[str]
    award: str
    attract_before: re.Pattern[str]
    # An industry word followed by one of these starts a compound (清华帮科技|成果).
    compound: re.Pattern[str]


@cache
def patterns(lex: Lexicon) -> Patterns:
    """The patterns of `lex` (compiled once per Lexicon)."""
    award = lex.pattern("award")
    return Patterns(
        count_list=re.compile(rf"^等(?:{_NUM}+[家个所项批位名]|[家个所项批位名]|(?:{lex.pattern('counted')}))"),
        fields_close=re.compile(rf"^等(?:[0-9一二两三四五六七八九十百多]+[个项类])?[^，。；]{{0,3}}?({lex.pattern('field')})"),
        count_class=re.compile(
            rf"^等(?:[0-9一二两三四五六七八九十百]+|多|数十)?[家个所项批位]?([\u4e00-\u9fff]{{0,14}}?)({lex.pattern('class')})"
        ),
        org_count=re.compile(rf"^等{_NUM}+家"),
        list_title=re.compile(rf"(?:拟)?(?:{lex.pattern('list_title')})?名单"),
        level_before=re.compile(rf"({lex.pattern('program_level')})$"),
        award_before=re.compile(rf"({award})(了)?$"),
        award=award,
        attract_before=re.compile(rf"({lex.pattern('attract')})$"),
        compound=re.compile(rf"({lex.pattern('compound')})"),
    )
