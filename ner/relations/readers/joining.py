"""Readers of joining (获批, 入选, 认定为, 列入名单): who joins which program or designation."""

from __future__ import annotations

import re

from ..roles import Frame, RoleFinder, _fits, _org, _read_agents, _slots
from ..skeleton import Slot

AWARD_ENDS = ("奖", "大赛", "竞赛", "赛")


# a name that begins with a rank: 国家…, 省级…, 陕西省…, 浙江省…, 宁夏回族自治区…, 重庆市…
RANK_NAME = re.compile(r"^(?:国家|省级|市级|省|[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,8}自治区|北京市|天津市|上海市|重庆市)")


# 获得立项支持, 获批资助: what is won is support from a program named before
SUPPORT_AFTER = re.compile(r"(?:立项)?(?:支持|资助|立项)")


# 由甲牵头(承担)的丙: the program a relative phrase after the verb names
LED_BY = re.compile(r"由<[A-Z]\d+>(?:[、和与]<[A-Z]\d+>)*(?:牵头|负责|主持)(?:承担|实施|组织)?的[“\"]?<[PD](\d+)>")


# 甲申报的…项目, 甲与乙合作的…项目: the name before is a maker of the project
MAKER_OF_PROJECT = re.compile(r"(?:[与和]<[A-Z]\d+>)?(?:联合|合作|共同)?(?:申报|承担|实施|完成|合作|研发|牵头)?的[^<>，。；,;：:、]{0,20}?(?:项目|课题)")


# 丙1项、丁: a count and a comma between two things won
COUNTED_AND = re.compile(r"[”\"]?[0-9一二三四五六七八九十两]+(?:项|个|家|次|件)[、和及与][“\"]?")


# 获一等奖, 分获二等奖、三等奖: a grade of an award named before
PRIZE_GRADE = re.compile(r"[^<>，。；,;]{0,8}?(?:[一二三特金银铜]等?奖|优胜奖|优秀奖|总决赛|决赛)")


PROJECT_REF = re.compile(r"的[^<>，。；,;：:]{0,24}?$")


def _built_is_ranked(f: RoleFinder, frame: Frame) -> None:
    """甲与乙共同建设丙，力争获批国家级技术创新中心: a platform's rank, won in a clause without a
    subject of its own, goes to the platform the clause before built, not to its builders."""
    trig = frame.trigger
    own = [g for g in f.clause_groups(trig.clause) if g.end <= trig.start and g.role == "" and _org(g)]
    if own or not frame.objects or not all(s.mention is not None and s.mention.label == "Platform"
                                           for s in frame.objects):
        return
    for prev in reversed(f.frames):
        if prev.trigger.clause == trig.clause - 1 and prev.name in ("cobuild", "found", "lead"):
            built = [s for s in prev.objects if s.mention is not None and s.mention.label == "Platform"]
            if built:
                frame.agents, frame.partners = built, []
            return


def read_join(f: RoleFinder, frame: Frame) -> bool:
    """A program, award or designation joined: the subject (or a project's makers) and what follows."""
    _read_agents(f, frame)
    trig = frame.trigger
    frame.objects = f.objects(trig, f.rules.frames[frame.name].objects, "clause")
    frame.objects += _counted_more(f, frame.objects, f.rules.frames[frame.name].objects)
    _built_is_ranked(f, frame)
    led = LED_BY.match(f.s.text, trig.end)
    if not frame.objects and led:
        # 参与了由甲牵头的丙: what 甲 leads is what is taken part in
        frame.objects = [f.s.slots[int(led.group(1))]]
    # …甲与乙联合申报的项目获批丙: the makers of the project join what it won
    cs = f.s.clauses[trig.clause][0]
    lead = f.s.text[cs : trig.start]
    last = lead.rfind(">")
    tail = lead[last + 1 :] if last >= 0 else lead
    if last >= 0 and PROJECT_REF.search(tail) and f.rules.project_re.search(tail):
        for prev in reversed(f.frames):
            if prev.trigger.clause == trig.clause and prev.trigger.end <= trig.start:
                frame.agents = list(prev.agents)
                frame.partners = list(prev.partners)
                break
        # 甲与乙合作的…项目、丙申报的…项目也同时立项: every maker of a project the list names
        makers = [g for g in f.clause_groups(trig.clause) if g.end <= trig.start and g.role in ("", "with")
                  and _org(g) and MAKER_OF_PROJECT.match(f.s.text, g.end)]
        known = {s.id for s in frame.agents + frame.partners}
        frame.agents += [s for g in makers if g.role == "" for s in _slots([g]) if s.id not in known]
    if not frame.objects and trig.cue.startswith(("获批", "获准", "通过")):
        # 联合乙申报省级企校联合创新中心获批: what was applied for, named before the verb
        cs = f.s.clauses[trig.clause][0]
        m = re.search(r"申报(?:的)?[“\"]?<([PD])(\d+)>[^<>]{0,6}$", f.s.text[cs : trig.start])
        if m:
            frame.objects = [f.s.slots[int(m.group(2))]]
    if not frame.objects:
        # 在第十三届中国创新创业大赛中晋级全国赛: the program a 在…中 phrase names before the verb
        cs = f.s.clauses[trig.clause][0]
        m = re.search(r"在[^<>，。；,;]{0,8}?[“\"]?<([PD])(\d+)>[^<>]{0,16}?中[^<>]{0,4}$", f.s.text[cs : trig.start])
        if m:
            frame.objects = [f.s.slots[int(m.group(2))]]
    bare = not re.match(r"[^，。；,;]{0,6}<", f.s.text[trig.end :])  # …项目同时获批。: nothing named after
    if not frame.objects and f.ctx.inherited_object and (trig.cue.startswith(("参与", "承担")) or trig.cue.endswith("立项")
                                                          or (trig.cue.endswith("获批") and bare)):
        frame.objects = list(f.ctx.inherited_object)
    if not frame.objects and trig.cue in ("入选", "入围", "上榜", "获批", "通过"):
        # 科技部公布…孵化器名单，甲、乙成功入选: the list named before in the sentence
        for g in reversed([g for g in f.s.groups if g.end <= trig.start]):
            if re.match(r"[“”\"]?(?:项目)?(?:拟认定|认定|入选|推荐|立项|拟立项|资助|支持|入库|建设|备案|培育)?(?:项目)?名单", f.s.text[g.end :]):
                frame.objects = [s for s in g.slots if _fits(s, {"P", "D"})]
                break
    support = SUPPORT_AFTER.match(f.s.text, trig.end)
    if not frame.objects and support and re.match(r"[“\"]?<[PD](\d+)>", f.s.text[support.end() :]):
        frame.objects = [f.s.slots[int(re.match(r"[“\"]?<[PD](\d+)>", f.s.text[support.end() :]).group(1))]]  # 获批立项丙
    if not frame.objects and ("名单" in trig.cue or (support and not re.match(r"[^，。；,;]{0,6}<", f.s.text[trig.end :]))):
        # 新增丙9家，甲、乙都在这次名单里 / 丙项目公布，我市5个项目获得立项支持: the program named before
        progs = [s for g in f.s.groups if g.end <= trig.start for s in g.slots if _fits(s, {"P", "D"})]
        frame.objects = progs[-1:]
    if not frame.objects and PRIZE_GRADE.match(f.s.text, trig.end):
        # …科技创新奖获奖单位颁奖，甲、乙获一等奖: the award named before the grade
        for g in reversed([g for g in f.s.groups if g.end <= trig.start]):
            awards = [s for s in g.slots if s.kind == "P" and s.mention is not None and s.mention.name.endswith(AWARD_ENDS)]
            if awards:
                frame.objects = awards
                break
        else:
            # 获技术发明一等奖 after 斩获甲技术发明奖、乙科技进步奖: the award the words name
            grade = PRIZE_GRADE.match(f.s.text, trig.end)
            words = re.sub(r"(?:[一二三特金银铜]等?奖|优胜奖|优秀奖|总决赛|决赛)$", "", grade.group(0)) if grade else ""
            named = [s for s in f.ctx.recent_awards if words and s.mention is not None and words in s.mention.name]
            frame.objects = named[:1] or [s for s in f.ctx.recent_awards][-1:]
    if not frame.objects and trig.cue.startswith(("获批", "获评", "被认定为", "认定为", "入选", "获得", "成为")):
        # 乙获批陕西省“四主体一联合”校企联合研究中心: a platform named by its rank right after
        # the verb is a rank the subject won, whatever else its name says
        after = next((g for g in f.clause_groups(trig.clause) if g.start >= trig.end), None)
        if after is not None and not f.s.text[trig.end : after.start].strip("“\"") and any(
                s.kind == "F" and s.mention is not None and RANK_NAME.match(s.mention.name) for s in after.slots):
            frame.objects = [s for s in after.slots if s.kind == "F"]
    if not frame.objects and trig.cue.startswith(("参与", "承担")):
        # 乙、丙作为参与单位共同承担课题研究: the program an earlier frame of the sentence named
        for prev in reversed(f.frames):
            progs = [s for s in prev.objects if _fits(s, {"P"})]
            if progs:
                frame.objects = progs
                break
    return True


def _counted_more(f: RoleFinder, objects: list[Slot], kinds) -> list[Slot]:
    """斩获丙一等奖1项、丁2项: the names after the first object, each after a count and 、."""
    if not objects:
        return []
    more: list[Slot] = []
    end = max(s.end for s in objects)
    for g in f.s.groups:
        if g.start < end:
            continue
        if not COUNTED_AND.fullmatch(f.s.text[end : g.start]):
            break
        fit = [s for s in g.slots if _fits(s, kinds)]
        if not fit:
            break
        more += fit
        end = g.end
    return more


def read_designate(f: RoleFinder, frame: Frame) -> bool:
    """认定甲、乙为丙: those named between the verb and 为 join 丙 (none named: a list follows)."""
    trig = frame.trigger
    m = re.compile(r"(?:[^。；;<>为]|<[A-Z]\d+>){0,40}?为").match(f.s.text, trig.end)
    if not m:
        return False
    frame.agents = _slots([g for g in f.s.groups if trig.end <= g.start and g.end <= m.end()])
    for g in f.s.groups:
        if g.start >= m.end():
            fit = [s for s in g.slots if _fits(s, {"P", "D"})]
            if fit:
                frame.objects = fit
            break
    return bool(frame.objects)


def read_listed(f: RoleFinder, frame: Frame) -> bool:
    """甲在丙中榜上有名 / 甲入选的丙名单中位列其中: 丙 is named before the verb, after the subject."""
    _read_agents(f, frame)
    trig = frame.trigger
    cs = f.s.clauses[trig.clause][0]
    if trig.clause > 0 and re.search(r"名单[”\"]?[，,]$", f.s.text[: cs]):
        cs = f.s.clauses[trig.clause - 1][0]  # …公布…名单，甲榜上有名
    for g in reversed([g for g in f.s.groups if cs <= g.start and g.end <= trig.start]):
        fit = [s for s in g.slots if _fits(s, {"P", "D"})]
        if fit:
            frame.objects = fit
            break
    if not frame.objects:
        frame.objects = list(f.ctx.recent_list)  # 公布丙名单。甲、乙榜上有名
    frame.agents = [s for s in frame.agents if s not in frame.objects]
    return True
