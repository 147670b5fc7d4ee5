"""Readers of agreements and joint work (签订, 合作, 联合攻关, 联合): who with whom."""

from __future__ import annotations

import re

from ..roles import LIST_COUNT, Frame, RoleFinder, _fits, _read_agents, _slots
from .building import BUILT_LATER


def read_two_sided(f: RoleFinder, frame: Frame) -> bool:
    """agree, cooperate, joint: the agents and those they act with.

    A list of pairs (甲与乙、丙与丁分别签署) pairs each with its own; so do clauses that state a
    pair and leave the verb to a later clause (甲与乙就…，丙与丁就…达成合作意向)."""
    _read_agents(f, frame)
    trig = frame.trigger
    cs, _ = f.s.clauses[trig.clause]
    seg = f.s.text[cs : trig.start]
    pairs = _pair_list(seg) if re.search(r"<[A-Z]\d+>与<[A-Z]\d+>、<[A-Z]\d+>与<", seg) else []
    k = trig.clause - 1
    while k >= 0 and not any(t.clause == k for t in f.s.triggers):
        ks, ke = f.s.clauses[k]
        m = re.match(r"^[^<>]{0,12}?<[A-Z](\d+)>与<[A-Z](\d+)>[^<>]{0,3}就", f.s.text[ks:ke])
        if not m:
            break
        pairs.insert(0, (m.group(1), m.group(2)))
        k -= 1
    if pairs:
        if re.match(r"^[^<>]{0,12}?<[A-Z](\d+)>与<[A-Z](\d+)>", seg) and not _pair_list(seg):
            pass
        own = re.search(r"<[A-Z](\d+)>与<[A-Z](\d+)>", seg)
        if own and (own.group(1), own.group(2)) not in pairs:
            pairs.append((own.group(1), own.group(2)))
        frame.pairs = [(f.s.slots[int(a)], f.s.slots[int(b)]) for a, b in pairs]
    if frame.name == "undertake":
        # 乙、丙共同承担该项目 (甲牵头承担的): they work with its leader
        end = f.s.clauses[trig.clause][1]
        for s in f.s.slots:
            makers = s.kind == "A" and s.anaphor is not None and s.anaphor.refers[0] == "makers"
            if makers and trig.end <= s.start < end and s.refs:
                frame.partners.append(s)
        frame.objects = f.objects(trig, {"P", "D"}, "clause")
        if not frame.objects:
            for prev in reversed(f.frames):
                progs = [s for s in prev.objects if _fits(s, {"P"})]
                if progs:
                    frame.objects = progs  # 乙、丙共同承担该项目 / 课题研究
                    break
    elif frame.name in ("agree", "cooperate"):
        # 甲、乙等高校达成合作意向 (with whom is not said) is no agreement between 甲 and 乙
        frame.mutual = len(frame.agents) == 2 and not frame.counted
    elif frame.name == "joint" and trig.cue.endswith(("申报", "申建", "筹建")):
        # 甲、乙、丙联合申报的丙联合体获批组建: a platform applied for together is built together
        head = f.relative_head_after(trig)
        built = [s for s in head.slots if s.kind == "F"] if head is not None else []
        if built and BUILT_LATER.match(f.s.text, head.end):
            frame.name, frame.objects = "cobuild", built
    return bool(frame.agents or frame.pairs)


def _pair_list(seg: str) -> list[tuple[str, str]]:
    """甲与乙、丙与丁: each 与-pair of a list of pairs."""
    out = []
    for item in re.split(r"、", seg):
        m = re.search(r"<[A-Z](\d+)>与<[A-Z](\d+)>", item)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def read_coagent(f: RoleFinder, frame: Frame) -> bool:
    """联合/携手 乙: 乙 works with the subject."""
    trig = frame.trigger
    after = [g for g in f.s.groups if g.start >= trig.end and g.clause == trig.clause]
    if not after or f.s.text[trig.end : after[0].start].strip("“\"了") != "":
        return False
    _read_agents(f, frame)
    frame.partners = _slots([after[0]])
    frame.partners_counted = bool(after[0].count or LIST_COUNT.match(f.s.text, after[0].end))
    return bool(frame.agents)


# 甲发布的“…”需求 / 甲发榜的项目: the setter of a task a later clause says was taken
SETTER = re.compile(r"<[A-Z](\d+)>[^<>，。；,;]{0,4}?(?:发布|发榜|提出|张榜)(?:了)?的")


def read_take_task(f: RoleFinder, frame: Frame) -> bool:
    """甲发布的技术需求，由乙揭榜 / 甲发榜的项目由乙与丙联合揭榜: the takers work with the setter
    (and with each other)."""
    _read_agents(f, frame)
    setters = []
    for m in SETTER.finditer(f.s.text, 0, frame.trigger.start):
        slot = f.s.slots[int(m.group(1))]
        if slot.is_org and slot not in frame.agents:
            setters = [slot]
    frame.partners = [*frame.partners, *[s for s in setters if s not in frame.partners]]
    frame.co_partners = True
    return bool(frame.agents)
