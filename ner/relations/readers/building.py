"""Readers of building and leading (共建, 牵头, 依托…建设, 组建, 参与建设): who builds or leads what."""

from __future__ import annotations

import re

from ..roles import Frame, RoleFinder, _fits, _org, _read_agents, _slots
from ..skeleton import Group, Slot, Trigger

# 甲是乙的牵头单位: what the subject leads, named before the role word
LEADING_UNIT = re.compile(r"(?:是|为|系|作为|担任)[“\"]?<[A-Z](\d+)>[”\"]?的?$")
# 牵头单位分别为甲和乙: the leaders named after the verb
LEADER_NAMED = re.compile(r"单位(分别)?(?:为|是)[：:]?[“\"]?")


# 我校甲学院: the speaker's own body, before a name of its part
OWN_BODY = re.compile(r"^(?:我校|本校|我院|本院|我所|本所)")


# 依托甲和乙|联合组建: hosts that build together
JOINTLY_BUILT = re.compile(r"(?:联合|共同|合作)(?:组建|建设|共建|打造)|共建|合建")


# 依托甲建设(的乙): what follows the host is a verb of building
BUILT_AFTER_HOST = re.compile(r"[^<>，。；,;]{0,6}?(?:建设|组建|成立|设立|建立|共建|创建|筹建|打造|建成|成立的|运营)")


# …获批组建 / 获准建设 / 正式揭牌: what was applied for came to be built
BUILT_LATER = re.compile(r"(?:[^<>。；;]|<G\d+>){0,20}?(?:批复组建|获批组建|获批建设|获准建设|批准建设|批准组建|揭牌|挂牌|成立)")


HELPERS_THEN_HEAD = re.compile(r"[、，,]<[A-Z]\d+>(?:[、和及]<[A-Z]\d+>)*[^<>，。；,;]{0,3}(?:参与|协同|配合|联合)[^<>，。；,;]{0,6}的[“\"]?")


def read_cobuild(f: RoleFinder, frame: Frame) -> bool:
    """Built together: builders are the agents and partners; the object follows or is the subject."""
    _read_agents(f, frame)
    spec = f.rules.frames[frame.name]
    head = f.relative_head_after(frame.trigger)
    copula = _copula_subject(f, frame.trigger, head)
    if copula is not None:
        # 丙是甲与乙合作共建的省级科技园: they build 丙, and 丙 holds the rank
        frame.objects = [s for s in copula.slots if s.is_org]
        if head is not None:
            extra = Frame("join", frame.trigger, frame.sentence, agents=list(frame.objects), objects=list(head.slots))
            extra.modality = f.modality(extra)
            f.frames.append(extra)
    elif head is not None and any(_fits(s, spec.objects) for s in head.slots):
        frame.objects = [s for s in head.slots if _fits(s, spec.objects)]
    else:
        frame.objects = f.objects(frame.trigger, spec.objects, "clause")
    if not frame.objects:
        frame.objects = _passive_object(f, frame, spec.objects)
        k = _by_clause(f, frame.trigger.clause)
        if frame.objects and not frame.by and k is not None and k != frame.trigger.clause:
            # 丙由甲牵头，乙、丁共同组建: the leader builds it with them
            leader = [s for g in f.clause_groups(k) if g.role == "by" for s in g.slots]
            frame.partners += [s for s in leader if s not in frame.agents and s not in frame.partners]
    if not frame.objects and frame.agents and all(_fits(a, {"F"}) for a in frame.agents):
        # 丙依托甲，与乙共建: 丙 is what is built, by its host and the partner
        host = next((g for g in f.s.groups if g.role == "host" and g.end <= frame.trigger.start and _org(g)), None)
        if host is not None:
            frame.objects, frame.agents = list(frame.agents), _slots([host])
    if not frame.agents and frame.partners and frame.objects and _SELF_BEFORE.search(
            f.s.text, 0, min(p.start for p in frame.partners)):
        # 我市与乙共建的丙: the report's own unnamed body builds it with 乙, who builds it all the same
        frame.agents, frame.partners = list(frame.partners), []
    # a builder is not what it builds
    return not (frame.objects and frame.agents and any(a in frame.objects for a in frame.agents))


# …共同举办的事业单位法人: what the subject is, named by kind only
UNNAMED_KIND = re.compile(r"[^<>，。；,;]{0,4}?的(?:[\u4e00-\u9fff]{0,4}?)(?:事业单位|企业|机构|单位|平台|法人|公司)")
_SELF_BEFORE = re.compile(r"(?:我|本)(?:市|区|县|省|州|旗|局|委)(?:政府)?(?:与|同|和)$")


def _copula_subject(f: RoleFinder, trig: Trigger, head: Group | None) -> Group | None:
    """丙 in 丙是(由)甲与乙共建的<designation>: the subject a copula gives a rank."""
    unnamed = head is None and UNNAMED_KIND.match(f.s.text, trig.end)  # 系甲与乙共同举办的事业单位
    if not unnamed and (head is None or not head.slots or any(s.kind != "D" for s in head.slots)):
        return None
    cs = f.s.clauses[trig.clause][0]
    m = re.match(r"[^<>]{0,12}?(<[A-Z]\d+>)(?:（[^）]*）)?(?:也|则|已|即)?(?:是|系)", f.s.text[cs : trig.start])
    if not m:
        if trig.clause > 0 and re.match(r"\s*(?:也|则|即)?(?:是|系)", f.s.text[cs : trig.start]):
            subject = f.subject(trig.clause - 1)  # 丙成立于2019年，系甲与乙共同举办的…
            return subject if subject is not None and _org(subject) else None
        return None
    return next((g for g in f.s.groups if g.start == cs + m.start(1) and _org(g)), None)


def _passive_object(f: RoleFinder, frame: Frame, kinds) -> list[Slot]:
    """丙由甲与乙共建 / 该基地由甲投资建设: what the clause (or sentence) is about."""
    trig = frame.trigger
    rest = f.s.text[trig.end : f.s.clauses[trig.clause][1]]
    if "<" in rest:
        return []
    c = trig.clause
    by_clause = _by_clause(f, c)
    if by_clause is not None and by_clause != c:
        c = by_clause  # 丙由甲牵头，联合乙、丁共同组建: the 由 of an earlier clause
        trig = Trigger(trig.frame, f.s.clauses[c][1], f.s.clauses[c][1], trig.cue, c)
    cs = f.s.clauses[c][0]
    before = [g for g in f.clause_groups(c) if g.end <= trig.start]
    by = [g for g in before if g.role == "by"]
    if by:
        first = [g for g in before if g.start < by[0].start and g.role == "" and any(_fits(s, kinds) for s in g.slots)]
        if first:
            return [s for s in first[0].slots if _fits(s, kinds)]
        if c > 0 and not re.search(r"[\u4e00-\u9fff]{4,}", f.s.text[cs : by[0].start]):
            # 甲在临港设立乙分中心，由该中心与丙共同建设: what the clause before just set up
            prev = [g for g in f.clause_groups(c - 1) if f.object_of_trigger(g) is not None]
            if prev and f.object_of_trigger(prev[-1]).frame in ("branch", "found", "cobuild"):
                fit = [s for s in prev[-1].slots if _fits(s, kinds)]
                if fit:
                    return fit
        if not re.search(r"[\u4e00-\u9fff]{4,}", f.s.text[cs : by[0].start]):
            for k in range(c - 1, -1, -1):
                subj = f.subject(k)
                if subj is not None:
                    return [s for s in subj.slots if _fits(s, kinds)]
            return [s for s in f.ctx.topic if _fits(s, kinds)]
    return []


def _by_clause(f: RoleFinder, c: int) -> int | None:
    """The clause of the 由-phrase that governs clause `c`: itself, or an earlier one of its chain."""
    for k in range(c, -1, -1):
        if any(g.role == "by" for g in f.clause_groups(k)):
            return k
        if k < c and f.head(k)[0] != "omitted":
            return None
    return None


def _unit_of(f: RoleFinder, frame: Frame) -> bool | None:
    """甲是乙的牵头单位 / 运营单位: the subject of the copula leads or runs 乙 (None: no such phrase)."""
    unit = LEADING_UNIT.search(f.s.text, 0, frame.trigger.start)
    if not unit or not re.match(r"(?:单位|方)", f.s.text[frame.trigger.end :]):
        return None
    subject = f.subject(frame.trigger.clause)
    frame.objects = [f.s.slots[int(unit.group(1))]]
    frame.agents = _slots([subject]) if subject is not None else []
    return bool(frame.agents and _fits(frame.objects[0], f.rules.frames[frame.name].objects))


def read_lead(f: RoleFinder, frame: Frame) -> bool:
    """牵头: the leader and what it leads (further on in the sentence, or the passive subject)."""
    named = LEADER_NAMED.match(f.s.text, frame.trigger.end)
    if named:
        # 丙、丁获批，牵头单位分别为甲和乙: the leaders of what the sentence just named
        after = next((g for g in f.clause_groups(frame.trigger.clause) if g.start >= named.end()), None)
        led = next((p.agents for p in reversed(f.frames) if p.agents and all(_fits(s, {"F", "R", "P"}) for s in p.agents)), [])
        if after is None or not led or after.start != named.end():
            return False
        frame.agents, frame.objects = _slots([after]), list(led)
        frame.each = bool(named.group(1))  # 分别: one each, in order
        return True
    unit = _unit_of(f, frame)
    if unit is not None:
        return unit
    _read_agents(f, frame)
    spec = f.rules.frames[frame.name]
    head = f.relative_head_after(frame.trigger)
    helped = HELPERS_THEN_HEAD.match(f.s.text, frame.trigger.end)
    if head is None and helped:
        # 由甲牵头、乙参与共建的丙: the relative phrase names the helpers before what it describes
        head = next((g for g in f.s.groups if g.start == helped.end()), None)
    if head is not None and any(_fits(s, spec.objects) for s in head.slots):
        frame.objects = [s for s in head.slots if _fits(s, spec.objects)]
    else:
        frame.objects = f.objects(frame.trigger, spec.objects, "clause")
    if not frame.objects:
        # 甲牵头项目获批丙 / 甲牵头，乙、丙参与的“…”项目列入丙: what the project it leads wins
        for t in f.s.triggers:
            if t.start <= frame.trigger.end or t.frame != "join":
                continue
            between = f.s.text[frame.trigger.end : t.start]
            if re.search(r"[。；;]", between) or not re.search(r"项目|课题|专项|成果", between):
                continue
            frame.objects = [s for s in f.objects(t, {"P"}, "clause")]
            if frame.objects:
                break
    if not frame.objects:
        frame.objects = _built_later(f, frame, spec.objects)
    if not frame.objects:
        frame.objects = _passive_object(f, frame, spec.objects)
    if not frame.objects and f.ctx.inherited_object:
        frame.objects = [s for s in f.ctx.inherited_object if _fits(s, spec.objects)]
    return True


def _built_later(f: RoleFinder, frame: Frame, kinds) -> list[Slot]:
    """甲牵头，联合乙、丙组建丁: what a later clause of the same event builds."""
    for k in range(frame.trigger.clause + 1, len(f.s.clauses)):
        ks, ke = f.s.clauses[k]
        # (甲牵头，与乙、丙共同组建丁: the partners' clause builds what 甲 leads)
        if not re.match(r"^(?:并|共同|一起)?(?:联合|会同|携手|协同|组织|带领|组建|建设|成立|筹建|打造|共建|承担|实施|与|同|和|跟)",
                        f.s.text[ks:ke]):
            return []
        for t in f.s.triggers:
            if t.clause == k and t.frame in ("found", "cobuild", "join", "undertake"):
                head = f.relative_head_after(t)
                if head is not None:
                    return [s for s in head.slots if _fits(s, kinds)]
                fit = f.objects(t, kinds, "clause")
                if fit:
                    return fit
    return []


def read_host(f: RoleFinder, frame: Frame) -> bool:
    """依托甲建设的乙 / 乙依托甲建设 / 甲依托自建的乙: the host leads what is built."""
    trig = frame.trigger
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    spec = f.rules.frames[frame.name]
    gap = OWN_BODY.sub("", f.s.text[trig.end : after[0].start]).strip("“\"") if after else "x"
    host = after[0] if after and gap == "" else None  # 依托甲, 依托我校甲学院
    built_later = re.match(r"[，,](?:并)?[与和]<[A-Z]\d+>(?:[、和]<[A-Z]\d+>)*(?:合作|联合|共同)?(?:共建|建设|组建)", f.s.text[host.end :]) if host else None
    if host is not None and not trig.cue.startswith("挂靠") and not BUILT_AFTER_HOST.match(f.s.text, host.end) \
            and not built_later:
        return False  # 依托分院开展成果中试: relying on, not building (丙依托甲，与乙共建 builds)
    if host is not None:
        frame.agents = _slots([host])
        if trig.cue.startswith("挂靠"):
            frame.name = "attached"  # 该中心挂靠乙: affiliated to 乙, a part of it
            spec = f.rules.frames["attached"]
        if len({m.name for s in frame.agents for m in s.names()}) >= 2 and JOINTLY_BUILT.match(f.s.text, host.end):
            # 依托甲和乙联合组建: two hosts that build it together co-build it
            frame.name = "cobuild"
            spec = f.rules.frames["cobuild"]
        built = f.relative_head_after(trig, host.end)
        verb = BUILT_AFTER_HOST.match(f.s.text, host.end)
        after_verb = next((g for g in f.s.groups if verb and g.start == verb.end() + (
            1 if f.s.text[verb.end() : verb.end() + 1] == "了" else 0)), None)
        if built is None and after_verb is not None and any(_fits(s, spec.objects) for s in after_verb.slots):
            built = after_verb  # (甲)依托乙组建了丙: what the verb after the host names, led by the host
        if built is not None:
            frame.objects = [s for s in built.slots if _fits(s, spec.objects)]
        else:
            agents, _, _ = f.agents(trig)
            frame.objects = [s for s in _slots(agents) if _fits(s, spec.objects)]
            frame.each = any(g.each for g in agents)  # 两家平台分别依托甲和乙建设: one host each
    else:
        if not re.match(r"(?:自建|自主建设|建设|组建)的", f.s.text[trig.end :]):
            return False
        _read_agents(f, frame)
        built = f.relative_head_after(trig)
        frame.objects = [s for s in built.slots if _fits(s, spec.objects)] if built else []
    return True


def read_found(f: RoleFinder, frame: Frame) -> bool:
    """One organisation builds or runs a platform: 由甲组建的乙, 乙由甲组建, 甲组建的乙."""
    if re.search(r"(?:依托|挂靠)(?:于)?<[A-Z]\d+>[^<>]{0,4}$", f.s.text[: frame.trigger.start]):
        return False  # 依托甲建设的乙: the host frame reads it
    unit = _unit_of(f, frame)
    if unit is not None:
        return unit
    _read_agents(f, frame)
    spec = f.rules.frames[frame.name]
    head = f.relative_head_after(frame.trigger)
    if frame.partners or len({m.name for s in frame.agents for m in s.names()}) >= 2:
        frame.name = "cobuild"  # 甲携手乙，投资打造丙; 双方成立丙
        spec = f.rules.frames["cobuild"]
    if head is not None and f.s.text[frame.trigger.end : head.start].strip("“\"") == "的":
        frame.objects = [s for s in head.slots if _fits(s, spec.objects)]
    elif frame.by:
        frame.objects = _passive_object(f, frame, spec.objects)
    elif frame.name == "cobuild":
        frame.objects = f.objects(frame.trigger, spec.objects, "clause")
    return bool(frame.objects)


def read_build_approved(f: RoleFinder, frame: Frame) -> bool:
    """获批建设 a named platform: the subject leads it; a designation is joined instead."""
    _read_agents(f, frame)
    frame.objects = f.objects(frame.trigger, {"F", "R", "D"}, "clause")
    if any(s.kind == "D" or (s.mention is not None and s.mention.generic) for s in frame.objects):
        frame.name = "join"
    elif frame.partners:
        frame.name = "cobuild"  # 甲携手乙，获批组建丙: they build it together
    return True


def read_assist(f: RoleFinder, frame: Frame) -> bool:
    """甲牵头承担丙，乙、丙作为协作单位参与: the assistants join what the leader before leads,
    and work with the leader."""
    _read_agents(f, frame)
    listed = re.match(r"<X\d+>(?:有|为|是|包括)[：:]?", f.s.text[frame.trigger.end :])
    if listed:
        # 参与单位有乙和丁: those named after the verb take part
        after = next((g for g in f.s.groups if g.start == frame.trigger.end + listed.end()), None)
        frame.agents = _slots([after]) if after is not None else []
    lead = next((p for p in reversed(f.frames) if p.name == "lead" and p.objects and p.agents), None)
    if lead is None:
        return False
    frame.partners = [s for s in lead.agents if s.id not in {a.id for a in frame.agents}]
    frame.objects = list(lead.objects)
    # those who take part in building a platform co-build it with each other; a program's
    # participants each work with the leader
    frame.mutual = any(_fits(s, {"F", "R"}) for s in frame.objects)
    return bool(frame.agents)


def read_owns(f: RoleFinder, frame: Frame) -> bool:
    """甲建有乙中心 / 甲拥有国家企业技术中心: the body runs the platform right after the verb (a
    park that has one holds it: 园区建有乙 is left to settling)."""
    _read_agents(f, frame)
    after = f.name_after(frame.trigger)
    if after is None or after.clause != frame.trigger.clause:
        return False
    frame.objects = [s for s in after.slots if _fits(s, {"F", "D"})]
    frame.agents = [s for s in frame.agents if not _fits(s, {"F", "G"})]
    return bool(frame.objects and frame.agents)


def read_operator(f: RoleFinder, frame: Frame) -> bool:
    """园区运营方乙负责…: the body named after 运营方 runs the platform named right before it."""
    before, after = f.name_before(frame.trigger), f.name_after(frame.trigger)
    if before is None or after is None:
        return False
    frame.objects = [s for s in before.slots[-1:] if _fits(s, {"F"})]
    frame.agents = [s for s in after.slots if s.is_org and not _fits(s, {"F"})]
    return bool(frame.objects and frame.agents)
