"""Readers of structure (下属, 子公司, 分院, 隶属于): what is part of what."""

from __future__ import annotations

import re

from ..roles import Frame, RoleFinder, _read_agents, _slots
from ..skeleton import Group, Slot, Trigger

BRANCH_HEAD = re.compile(r"(?:分园|分院|分中心|分所|分公司|分部|分基地|分站|分校|校区)$")


def read_branch(f: RoleFinder, frame: Frame) -> bool:
    """甲在某地设立乙(分中心): the new unit is a part of who set it up."""
    _read_agents(f, frame)
    trig = frame.trigger
    after = next((g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause), None)
    if after is None or f.s.text[trig.end : after.start].strip("“\"的了") != "":
        return False
    frame.objects = [s for s in after.slots if s.kind in ("E", "U", "R", "F") or (s.kind == "A" and s.refs)]
    return bool(frame.objects)


def read_own_branch(f: RoleFinder, frame: Frame) -> bool:
    """…科技园运营良好，其天元分园新入驻…: a branch (分园, 分院, 分中心…) of what the clause is about."""
    trig = frame.trigger
    after = next((g for g in f.s.groups if g.start >= trig.end), None)
    if after is None:
        return False
    owner = f.subject(trig.clause - 1) if trig.clause > 0 else f.sentence_topic()
    frame.agents = [s for s in owner.slots if s.is_org] if owner is not None else []
    school = any(s.kind == "U" or any(m.label == "University" for m in s.names()) for s in frame.agents)
    frame.objects = [s for s in after.slots if s.mention is not None and (
        BRANCH_HEAD.search(s.mention.name) or (school and s.mention.name.endswith("学院")))]
    return bool(frame.objects and frame.agents)


def read_part(f: RoleFinder, frame: Frame) -> bool:
    """甲下属的乙, 甲（的）控股子公司乙, 其全资子公司乙: 乙 is part of 甲."""
    trig = frame.trigger
    within = next((g for g in f.s.groups if g.start < trig.start and trig.end < g.end), None)
    if within is not None:  # 甲及控股子公司乙, one list: 乙 is 甲's
        owner = [s for s in within.slots if s.end <= trig.start][-1:]
        owned = [s for s in within.slots if s.start >= trig.end][:1]
        frame.agents, frame.objects = owned, owner
        return bool(owner and owned)
    before = [g for g in f.s.groups if g.end <= trig.start and g.clause == trig.clause]
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    cs = f.s.clauses[trig.clause][0]
    if not before and after and not f.s.text[cs : trig.start].strip(" 　其该"):
        # 全资子公司乙荣获… opening its clause: a subsidiary of what the text is about
        owner = (f.subject(trig.clause - 1) if trig.clause > 0 else None) or f.sentence_topic()
        if owner is None or f.s.text[trig.end : after[0].start].strip("“\"的") != "":
            return False
        frame.agents = _slots([after[0]])
        frame.objects = [s for s in owner.slots if s.is_org or (s.kind == "A" and s.refs)]
        return bool(frame.objects)
    if before and re.fullmatch(r"(?:作为|是|为|系)其", f.s.text[before[-1].end : trig.start]):
        # 乙作为其下属机构: 其 is what the clause before was about
        owner = (f.subject(trig.clause - 1) if trig.clause > 0 else None) or f.sentence_topic()
        frame.agents = _slots([before[-1]])
        ids = {s.id for s in frame.agents}
        frame.objects = [s for s in owner.slots if s.is_org and s.id not in ids] if owner is not None else []
        return bool(frame.objects)
    if before and not after and f.s.text[before[-1].end : trig.start].strip("“\"的") == "" \
            and COPULA_BEFORE.search(f.s.text, 0, before[-1].start):
        # 乙系甲下属事业单位: the subject of the copula is part of 甲
        subject = before[-2] if len(before) >= 2 and COPULA_BEFORE.fullmatch(
            f.s.text[before[-2].end : before[-1].start]) else _subject_of_copula(f, trig.clause)
        frame.agents = _slots([subject]) if subject is not None and subject is not before[-1] else []
        frame.objects = _slots([before[-1]])
        return bool(frame.agents)
    if not before or not after:
        return False
    if PART_NOTE.sub("", f.s.text[trig.end : after[0].start]).strip("“\"的") != "":
        return False
    owner = _part_owner(f, trig, before)
    frame.agents = _slots([after[0]])
    frame.objects = owner
    return bool(owner)


# 控股子公司（持股65%）乙: a note between the word and the name
PART_NOTE = re.compile(r"[（(][^（()）]{0,16}[)）]")


# 甲通过全资子公司乙…: the owner acts through the subsidiary
PART_THROUGH = re.compile(r"(?:通过|以|依托|拥有|设有|下设)(?:其)?")


def _part_owner(f: RoleFinder, trig: Trigger, before: list[Group]) -> list[Slot]:
    """Whose part the name after a part word is: the name right before (甲控股子公司乙), the
    subject acting through it (甲通过全资子公司乙), or, in a list of subsidiaries (甲通过全资子公司
    乙、控股子公司丙), the owner of the one before."""
    gap = f.s.text[before[-1].end : trig.start].strip("“\"的")
    if gap == "":
        return _slots([before[-1]])
    if PART_THROUGH.fullmatch(gap):
        return _slots([before[-1]])
    if gap == "、":
        last = before[-1]
        prior = next((t for t in reversed(f.s.triggers) if t.frame == "part" and t.end <= last.start
                      and PART_NOTE.sub("", f.s.text[t.end : last.start]).strip("“\"的") == ""), None)
        if prior is not None:
            earlier = [g for g in f.s.groups if g.end <= prior.start and g.clause == prior.clause]
            return _part_owner(f, prior, earlier) if earlier else []
    return []


def read_belongs(f: RoleFinder, frame: Frame) -> bool:
    """乙隶属于甲: 乙 (the subject) is part of the name right after the verb."""
    _read_agents(f, frame)
    after = next((g for g in f.clause_groups(frame.trigger.clause) if g.start >= frame.trigger.end), None)
    if after is None or f.s.text[frame.trigger.end : after.start].strip("“\""):
        return False
    frame.objects = _slots([after])
    return bool(frame.agents)


def read_owned(f: RoleFinder, frame: Frame) -> bool:
    """乙，系公司全资子公司: 乙 (what the clause is about) is part of the firm the report is of."""
    trig = frame.trigger
    if not f.ctx.own:
        return False
    subject = f.subject(trig.clause)
    if subject is None:  # 蓬莱海藻　指　乙，系公司控股子公司: the name a 释义 line defines
        subject = next((g for g in f.s.groups if re.search(r"指\s*$", f.s.text[: g.start])), None)
    if subject is None:
        return False
    frame.agents = [s for s in subject.slots if s.is_org]
    src = f.s.source_span(trig.start, trig.end)
    frame.objects = [Slot(-1, "A", trig.start, trig.end, src[0], src[1], text=trig.cue, refs=list(f.ctx.own))]
    return bool(frame.agents) and not any(m in f.ctx.own for s in frame.agents for m in s.names())


def read_subsidiary(f: RoleFinder, frame: Frame) -> bool:
    """乙是甲的全资子公司: 乙 is part of 甲."""
    trig = frame.trigger
    before = [g for g in f.s.groups if g.end <= trig.start and g.clause == trig.clause]
    if not before or not _subsidiary_gap(f.s.text[before[-1].end : trig.start]):
        return False
    frame.objects = _slots([before[-1]])
    if COPULA_BEFORE.search(f.s.text, 0, before[-1].start):
        # 乙，…，系甲全资子公司 / 乙是甲的子公司: the subject of the copula is the subsidiary
        subject = before[-2] if len(before) >= 2 and COPULA_BEFORE.fullmatch(
            f.s.text[before[-2].end : before[-1].start]) else _subject_of_copula(f, trig.clause)
        frame.agents = _slots([subject]) if subject is not None and subject is not before[-1] else []
    elif len(before) >= 2:
        frame.agents = _slots([before[-2]])
    else:
        # 1．乙：公司全资子公司，…: a record line about 乙, whose owner the note names
        record = f.record_head()
        frame.agents = _slots([record]) if record is not None and record.end < before[-1].start else []
    return bool(frame.agents)


COPULA_BEFORE = re.compile(r"(?:系|是|为)$")


def _subject_of_copula(f: RoleFinder, clause: int) -> Group | None:
    """Who a clause that opens with 系/是 is about: the clause chain's subject, or the name the
    sentence opens with (乙，统一社会信用代码：…，系甲全资子公司)."""
    found = f.subject(clause)
    if found is None:
        kind, group = f.head(0)
        found = group if kind == "org" else None
    return found


def _subsidiary_gap(gap: str) -> bool:
    """的, or 在渝设立的 (乙系甲在渝设立的全资子公司): what stands between an owner and 子公司."""
    return gap in ("的", "") or bool(re.fullmatch(r"(?:在[^<>，。；]{1,8})?(?:投资)?(?:设立|成立|组建|注册|新设)的", gap))
