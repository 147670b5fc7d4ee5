"""Structure stated by names: PART_OF where one name is built on another named in the text.

江南纳米大学微纳制造国家重点实验室 is part of 江南纳米大学, 姑苏纳米科技园吴中分园 of 姑苏纳米科技园,
贵州黔岭药业股份有限公司技术中心 of the firm, 中国科学院昆明高原生物研究所 of 中国科学院 (the
abbreviation table expands 中科院 on both sides), a 分院 of 省农科院. The parent must be named
in the same document: a name alone says nothing about bodies the text does not mention. A
name joining two founders (湖南工程技术大学–湘江轨交联合实验室) is part of neither.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..marks import is_masked
from ..model import Mention
from ..normalize import canonical_key, match_key

PARENT_LABELS = frozenset({"Enterprise", "University", "ResearchInstitute", "Platform", "Government"})
CHILD_LABELS = frozenset({"Enterprise", "University", "ResearchInstitute", "Platform"})
# After the parent's name: a joint name (–乙联合实验室, 与乙…) is no part of the parent.
JOINT = re.compile(r"^[–—\-－·与和及、/]")
PLACE_NOTE = re.compile(r"^[(（][\u4e00-\u9fff]{2,6}[)）]")


def _placeless(name: str, lexicon: Lexicon) -> str:
    """The name without the place it begins with (兰州黄河理工大学 -> 黄河理工大学), when the rest
    is still a name of its own (four characters or more, with its head); else ''."""
    for n in (4, 3, 2):
        rest = name[n:]
        if len(name) > n and lexicon.is_place(name[:n]) and len(rest) >= 4 and lexicon.head_of(rest) is not None:
            return rest
    return ""


def parts_by_name(mentions: list[Mention], lexicon: Lexicon) -> list[tuple[Mention, Mention]]:
    """(part, whole) pairs where the part's name is the whole's name (or short form) and more."""
    firsts: dict[str, Mention] = {}
    for m in mentions:
        if not m.generic and not is_masked(m.name):
            firsts.setdefault(m.name, m)
    forms: list[tuple[str, Mention]] = []  # every written form of a possible parent
    for m in firsts.values():
        if m.label not in PARENT_LABELS:
            continue
        for form in {m.name, *m.short_forms, *(a for a in m.aliases if len(a) <= 8), _placeless(m.name, lexicon)}:
            if len(form) >= 2:
                forms.append((match_key(form), m))
                forms.append((canonical_key(form, lexicon), m))
    out: list[tuple[Mention, Mention]] = []
    seen: set[tuple[str, str]] = set()
    for child in firsts.values():
        own = lexicon.head_of(child.name)
        if child.label not in CHILD_LABELS or own is None or own.label not in CHILD_LABELS:
            continue
        keys = {match_key(child.name), canonical_key(child.name, lexicon)}
        best: Mention | None = None
        best_len = 0
        for form, parent in forms:
            if parent.name == child.name or len(form) < 2:
                continue
            if child.label == "Enterprise" and parent.label == "Platform":
                continue  # 荆州开发区城投集团: a firm named after a zone is no part of the zone
            for key in keys:
                if not key.startswith(form) or len(key) - len(form) < 2:
                    continue
                rest = key[len(form) :]
                rest = PLACE_NOTE.sub("", rest)
                # what follows the parent's name is a unit of its own (学院, 技术中心, 分园)
                if JOINT.match(rest) or not rest.endswith(own.suffix) or len(rest) < 2:
                    continue
                if len(form) > best_len:
                    best, best_len = parent, len(form)
        if best is not None and (child.name, best.name) not in seen:
            seen.add((child.name, best.name))
            out.append((child, best))
    return out

