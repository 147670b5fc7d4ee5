"""Designations: platform names that say what kind of thing something is, not which one.

省级工程技术研究中心, 潍坊市重点实验室, 国家企业技术中心, 自治区科技创新平台 name a rank that
many platforms hold; a platform that is 认定为 one joins it like a program. Recognition marks
some of them generic already (before 名单); here any Platform or Program whose name, after
its year, places and level words, holds only generic words and a head noun counts as one.
Programs need no such test: any Program can be joined.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..model import Mention

ADMIN_SUFFIX = re.compile(r"(?:省|市|区|县|州|盟|旗)$")
LEVEL = re.compile(r"(?:自治区级|国家级|省部级|省级|市级|县级|区级)")
COUNTY_PLACE = re.compile(r"^(.{1,6}?(?:区|县|旗))(?!级)")
PREMISES = re.compile(r"(?:孵化器|众创空间|加速器|科技园|产业园|创业园)$")
YEAR = re.compile(r"^(?:[0-9]{4}年度?|第[一二三四五六七八九十0-9]+批)")


def is_designation(m: Mention, lexicon: Lexicon) -> bool:
    """True for a generic mention or a Platform/Program named only by rank and kind."""
    if m.generic:
        return True
    if m.label != "Platform":
        return False  # a program (国家重点研发计划) is joined as it is, rank or not
    return _generic_name(m.name, lexicon)


def _generic_name(name: str, lexicon: Lexicon) -> bool:
    county = COUNTY_PLACE.match(name)
    if county and lexicon.is_place(county.group(1)):
        return False  # 昭阳区科技企业孵化器: a county holds no ranks, its centre or incubator is one body
    # 院士（专家）工作站: a bracket inside a rank's name says who works there, not whose it is
    rest = YEAR.sub("", re.sub(r"[（(][^（）()]{1,6}[）)]", "", name.replace("“", "").replace("”", "")))
    glued = re.match(r"(.{2,8}?)(省|市|县|区)级", rest)  # 重庆市级院士专家工作站
    if glued and lexicon.is_place(glued.group(1) + glued.group(2)):
        rest = rest[glued.end() :]
    for _ in range(3):  # a place, then its level (湖南省, 省级), in any order
        for n in range(min(len(rest) - 1, 8), 1, -1):
            # 河南省实验室 is a rank; 牧野实验室, named after a bare place, is one laboratory
            if lexicon.is_place(rest[:n]) and (ADMIN_SUFFIX.search(rest[:n]) or LEVEL.match(rest[n:])):
                rest = rest[n:]
                break
        m = re.match(r"(?:自治区级|自治区|国家级|省部级|省级|市级|县级|区级|国家|全国|省|市|县|区)", rest)
        if m and len(rest) > m.end():
            rest = rest[m.end():]
    words = sorted(lexicon.generic_words | lexicon.level_words, key=len, reverse=True)
    changed = True
    while rest and changed:
        changed = False
        head = lexicon.heads.get(rest)
        if head is not None and head.label != "-":
            return True
        for w in words:
            if rest.startswith(w) and len(w) < len(rest):
                rest = rest[len(w):]
                changed = True
                break
    if not rest:
        return True
    head = lexicon.heads.get(rest)
    return head is not None and head.label != "-"
