"""Readers of settling (落户, 入驻, 引进): who settles in which park or platform."""

from __future__ import annotations

import re

from ..roles import BA, Frame, RoleFinder, _fits, _org, _read_agents, _slots
from ..rules import ALLIANCE
from ..skeleton import Group, Slot, Trigger

# 入驻企业42家, 入孵项目12个: a count of unnamed things right after a verb
COUNTED_AFTER = re.compile(r"(?:了)?[\u4e00-\u9fff]{0,6}?(?:企业|单位|项目|团队|机构|主体)[^<>，。；,;]{0,4}?[0-9一二两三四五六七八九十百余多]+(?:家|个|支|项)")


SETTLED_MEMBER = re.compile(r"<[A-Z](\d+)>(?:系|是|为|作为)<[A-Z](\d+)>的?(?:首批|第一批|首家|重点)?$")


PARK_NAME = re.compile(r"(?:园|园区|城|区)$")


UNNAMED_PLACE = re.compile(r"(?:了)?(?:企业|高校|院所|单位|一线|基层|车间|工厂|乡村|农村|村镇|社区|校园)(?![\u4e00-\u9fff]*<)")


def read_settle(f: RoleFinder, frame: Frame) -> bool:
    """落户/入驻: the settlers and the platform they settle in."""
    trig = frame.trigger
    if COUNTED_AFTER.match(f.s.text, trig.end):
        return False  # 累计入驻企业42家: those who settled are counted, not named
    member = SETTLED_MEMBER.search(f.s.text, 0, trig.start)
    if member and re.match(r"的?(?:企业|单位|机构|项目|团队)", f.s.text[trig.end :]):
        # 甲系丙首批入驻企业: the subject is one of those who settled in 丙
        frame.agents = [f.s.slots[int(member.group(1))]]
        frame.objects = [s for s in [f.s.slots[int(member.group(2))]] if _fits(s, {"F"})]
        return bool(frame.objects)
    if UNNAMED_PLACE.match(f.s.text, trig.end):
        return False  # 教师进驻企业, 专家入驻一线: where they go is named by no name
    _read_agents(f, frame)
    if not frame.agents:
        # 1．乙：公司全资子公司，注册于丙: the line is about the name before its colon
        record = f.record_head()
        frame.agents = _slots([record]) if record is not None and record.end <= trig.start else []
    frame.objects = f.objects(trig, {"F"}, "clause", allow=("", "at"))
    moved = _ba_object(f, trig)
    if moved is not None:
        # 甲将乙迁至丙: a named 乙 is what settles; 甲将研发中心迁入丙 brings 甲 itself there.
        # Either way only what follows the verb is where.
        if _org(moved):
            frame.agents = _slots([moved])
        return bool(frame.objects and frame.agents)
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    if not frame.objects and after and _org(after[0]) and "<" not in f.s.text[trig.end : after[0].start]:
        # 首批入驻甲、乙: those after the verb settle, in what the clause is about
        host = [s for s in frame.agents if _fits(s, {"F"})]
        if not host:
            host = _host_before(f, trig)
        frame.agents = _slots([after[0]])
        frame.objects = host
    head = f.relative_head_after(trig, (frame.objects[-1].end if frame.objects else trig.end))
    if head is not None and not _own_agents(f, trig):
        frame.agents = _slots([head])  # 落户园区的乙: 乙 settled there
    listed = RELATIVE_MEMBERS.match(f.s.text, frame.objects[-1].end) if frame.objects else None
    if listed:  # 首批入驻中心的还有甲、乙等6家企业: those named after 还有 settled there
        after = next((g for g in f.s.groups if g.start >= listed.end()), None)
        if after is not None and _org(after):
            frame.agents = _slots([after])
    if not frame.objects:
        frame.objects = _host_before(f, trig)
    return True


def _ba_object(f: RoleFinder, trig: Trigger) -> Group | None:
    """The group a 将/把 puts before the verb (将研发中心迁至…), if the clause has one."""
    for g in f.clause_groups(trig.clause):
        if g.end <= trig.start and re.search(r"[将把]$", f.s.text[max(0, g.start - 1) : g.start]) \
                and len(f.s.text[g.end : trig.start]) <= 4:
            return g
    cs = f.s.clauses[trig.clause][0]
    if re.search(r"把[^<>]{1,12}$", f.s.text[cs : trig.start]) or BA.search(f.s.text[cs : trig.end]):
        return Group([], trig.start, trig.start, trig.clause)  # a thing moved the recogniser did not name
    return None


def _own_agents(f: RoleFinder, trig: Trigger) -> bool:
    # 甲共建的乙、已入驻丙的丁: a name the list goes on after is no subject of the next item's verb
    before = [g for g in f.clause_groups(trig.clause) if g.end <= trig.start and g.role in ("", "pivot")
              and not f.s.text[g.end : trig.start].startswith("、")]
    return bool(before)


def _host_before(f: RoleFinder, trig: Trigger) -> list[Slot]:
    """The platform a settling clause is about: 在乙，… / 乙…首批入驻 / the clause subject."""
    for g in reversed([g for g in f.s.groups if g.end <= trig.start]):
        if g.role in ("at", "") and any(_fits(s, {"F"}) for s in g.slots):
            return [s for s in g.slots if _fits(s, {"F"})]
    return [s for s in f.ctx.topic if _fits(s, {"F"})]


def read_attract(f: RoleFinder, frame: Frame) -> bool:
    """丙新引进甲、乙: those a platform brings in settle there (甲引进乙 between firms is no settling;
    丙引进甲入驻 is left to 入驻)."""
    trig = frame.trigger
    after = next((g for g in f.clause_groups(trig.clause) if g.start >= trig.end), None)
    if after is None or not _org(after):
        return False
    if any(t.frame == "settle" and t.clause == trig.clause and t.start >= after.end for t in f.s.triggers):
        return False
    subject = f.subject(trig.clause)
    if subject is None:
        return False
    frame.objects = [s for s in subject.slots if _fits(s, {"F"})]
    frame.agents = _slots([after])
    return bool(frame.objects)


def read_inside(f: RoleFinder, frame: Frame) -> bool:
    """园区内的甲, 基地里的乙: a name placed inside the platform just before it settled there."""
    before, after = f.name_before(frame.trigger), f.name_after(frame.trigger)
    if before is None or after is None or not _org(after):
        return False
    frame.objects = [s for s in before.slots[-1:] if _fits(s, {"F"})]
    # 开发区内的乙产业园: a park inside a park is a part of it, not a settler
    frame.agents = [s for s in _slots([after]) if not _fits(s, {"G"})
                    and not (s.mention is not None and PARK_NAME.search(s.mention.name))]
    return bool(frame.objects and frame.agents)


def read_members(f: RoleFinder, frame: Frame) -> bool:
    """丙联合体吸纳了甲、乙等12家单位: those an alliance takes in build it (a park that takes
    in firms is left to 引进)."""
    trig = frame.trigger
    after = next((g for g in f.clause_groups(trig.clause) if g.start >= trig.end), None)
    subject = f.subject(trig.clause)
    if after is None or subject is None:
        return False
    frame.objects = [s for s in subject.slots if any(ALLIANCE.search(m.name) for m in s.names())]
    frame.agents = _slots([after])
    return bool(frame.objects and frame.agents)


RELATIVE_MEMBERS = re.compile(r"的(?:还)?(?:有|包括|是|为)[：:]?\s*(?=[“\"]?<)")
