"""Frames into relations, with the evidence that states each one.

What a frame gives is data (frames.tsv): `CO_BUILDS a>o` relates every agent to every object.
The evidence is the sentence of the trigger; where a name was borrowed from an earlier
sentence (a topic, an anaphor, a list's heading), the evidence runs from that sentence to the
trigger's, so the reader sees both names.
"""

from __future__ import annotations

from ..marks import is_masked
from ..model import Evidence, Mention, Relation, Sentence
from .roles import Frame
from .rules import ALLIANCE, RelationRules
from .skeleton import Slot, mention_kind

# Frames whose agents do the thing together, whatever partners they have besides (assist:
# those who take part in building one platform, where the frame says they are mutual).
TOGETHER = frozenset({"joint", "undertake", "cobuild", "assist"})


_kind = mention_kind


class Emitter:
    """Turns frames into Relations for one document."""

    def __init__(self, text: str, sentences: list[Sentence], rules: RelationRules):
        self.text = text
        self.sentences = sentences
        self.rules = rules
        self.out: list[Relation] = []
        self._seen: set[tuple[str, str, str, bool]] = set()

    def emit(self, frame: Frame) -> None:
        """Add the relations a frame gives (none for a negated one)."""
        if frame.modality == "negated":
            return
        spec = self.rules.frames[frame.name]
        roles = {"a": frame.agents, "p": frame.partners, "o": frame.objects}
        if frame.pairs:
            roles["p"] = [y for _, y in frame.pairs]
            roles["a"] = roles["a"] or [x for x, _ in frame.pairs]
        if any(not _names(roles[r]) for r in spec.needs):
            return
        for rtype, a, b, only in spec.emits:
            if a == b == "a" and (not frame.mutual or frame.pairs or (frame.partners and (
                    frame.each or frame.counted or frame.name not in TOGETHER))):
                continue  # 甲、乙分别与丙签订: 甲 and 乙 are not partners (甲、乙与丙共同承担: they are)
            if a == "a" and b == "p" and frame.pairs:
                pairs = [(x, y) for x, y in frame.pairs]
                for x, y in pairs:
                    for h in x.names():
                        for t in y.names():
                            self.add(rtype, h, t, frame)
                continue
            if a == b == "p" and (frame.each or frame.carried or (frame.name != "cobuild" and (
                    not frame.co_partners or frame.partners_counted))):
                continue  # 分别与甲、乙签署…: 甲 and 乙 each with the agent, not with each other
            heads = _names(roles[a])
            tails = _names(roles[b])
            if b == "o" and frame.each and len(tails) > 1 and len(heads) == len(tails):
                # 甲、乙分别被认定为丙、丁: one each, in order
                for h, t in zip(heads, tails, strict=True):
                    if not only or _kind(t) in only:
                        self.add(rtype, h, t, frame)
                continue
            for i, h in enumerate(heads):
                for j, t in enumerate(tails):
                    if a == b and j <= i:
                        continue
                    # `:P`, `:FD`: only where the object is of these kinds
                    if only and _kind(h if a == "o" else t) not in only:
                        continue
                    self.add(rtype, h, t, frame)

    def add(self, rtype: str, head: Mention, tail: Mention, frame: Frame) -> None:
        """One relation a frame gives between two mentions."""
        self.relate(rtype, head, tail, frame.sentence, frame.trigger.cue, frame.name, frame.modality == "planned")

    def relate(self, rtype: str, head: Mention, tail: Mention, sentence: int, cue: str, rule: str,
               planned: bool = False) -> None:
        """One relation, unless it relates a name to itself or to a masked name, or is known."""
        if head.name == tail.name or is_masked(head.name) or is_masked(tail.name):
            return
        if rtype == "PARTNERS_WITH" and (ALLIANCE.search(head.name) or ALLIANCE.search(tail.name)):
            # 乙联盟联合23家单位: an alliance and its member are no two partners; the member builds it
            member, alliance = (tail, head) if ALLIANCE.search(head.name) else (head, tail)
            if ALLIANCE.search(member.name):
                return
            rtype, head, tail = "CO_BUILDS", member, alliance
        key = (head.name, rtype, tail.name, planned)
        if rtype == "PARTNERS_WITH":  # symmetric: one relation either way round
            key = (min(head.name, tail.name), rtype, max(head.name, tail.name), planned)
        if key in self._seen:
            return
        self._seen.add(key)
        ev = self.evidence(head, tail, sentence, cue, rule)
        conf = min(head.confidence, tail.confidence, 0.9)
        if head.sentence != sentence or tail.sentence != sentence:
            conf *= 0.85  # a name borrowed from another sentence
        self.out.append(Relation(head.name, head.label, rtype, tail.name, tail.label, ev, round(conf, 3), planned))

    def evidence(self, head: Mention, tail: Mention, sentence: int, cue: str, rule: str) -> Evidence:
        """The sentence that states a relation, with both names' offsets.

        Where a name stands in another sentence (a topic, a list's heading), the evidence holds
        each sentence involved, in order, joined by " … " where text lies between them.
        """
        idxs = sorted({head.sentence, tail.sentence, sentence})
        parts: list[str] = []
        base: dict[int, int] = {}
        pos = 0
        for k, i in enumerate(idxs):
            if k and idxs[k - 1] != i - 1:
                parts.append(" … ")
                pos += 3
            base[i] = pos
            parts.append(self.sentences[i].text)
            pos += len(self.sentences[i].text)
        text = "".join(parts)
        hs, ts = base[head.sentence] + head.start, base[tail.sentence] + tail.start
        return Evidence(doc_id=self.sentences[idxs[0]].doc_id, sentence=sentence, text=text,
                        head_start=hs, head_end=hs + head.end - head.start,
                        tail_start=ts, tail_end=ts + tail.end - tail.start, cue=cue, rule=rule)


def _names(slots: list[Slot]) -> list[Mention]:
    out: list[Mention] = []
    for s in slots:
        for m in s.names():
            if all(m is not o for o in out) and all(m.name != o.name for o in out):
                out.append(m)
    return out
