"""Recognition: find the names in a sentence from the backend's tokens and a domain grammar.

The NER model (LAC by default) finds many organisation names, but cuts long ones apart
(宁波/LOC 数字/n 孪生/n (东方理工/ORG) 研究院/n), truncates others (中金石化高) and misses
short trade names. The grammar here repairs and extends its spans:

1. head nouns: every token that ends with a head noun (研究院, 有限公司, 计划...) starts a
   name that grows leftwards over name-like tokens, through brackets and quotes, until a
   word that cannot stand inside a name (a cue verb, a particle, punctuation);
2. the model's own ORG spans, repaired when truncated, joined with a following industry
   word (新宏/ORG 液压 -> 新宏液压);
3. quoted names (“千人计划”, 省“双创团队”, “伏尔肯”等2家);
4. short trade names in lists of firms (明正变电、赣电电气、伊发电力);
5. known names and aliases from the lexicons.

Overlapping candidates are resolved longest first; masked and generic names are dropped.
The result is a list of Candidates with a label hint; ner/classify.py types them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon, get_lexicon, is_masked
from .model import Token
from .resources import load_table, load_words
from .segment import heading_length

NAME_TAGS = frozenset({"n", "nz", "nw", "ORG", "LOC", "PER", "a", "an", "vn", "xc", "m", "v", "d", "f", "j"})
PROPER_TAGS = frozenset({"ORG", "LOC", "PER", "nz", "nw"})
MAX_NAME = 40
CONJUNCTIONS = frozenset({"与", "和", "及", "暨", "&"})
OPEN_TO_CLOSE = {"(": ")", "（": "）", "“": "”", "‘": "’", "「": "」", "《": "》", '"': '"'}
CLOSE_TO_OPEN = {v: k for k, v in OPEN_TO_CLOSE.items()}
QUOTES = "“”‘’\"'「」『』"
NOTE = re.compile(r"^[(（](暂名|筹|筹建|暂定名|试运行|原([^)）]{2,30})|以下简称[“\"]?([^)）”\"]{2,20})[”\"]?|简称[“\"]?([^)）”\"]{2,20})[”\"]?)[)）]")
COUNT_LIST = re.compile(r"^等(?:[0-9一二两三四五六七八九十百]+|多|数十)?[家个所项批位]?")
COUNT_CLASS = re.compile(r"^等(?:[0-9一二两三四五六七八九十百]+|多|数十)?[家个所项批位]?([\u4e00-\u9fff]{0,8}?)(企业|公司|高校|院校|大学|院所|科研院所|研究院|研究所|科研机构|机构|单位|平台|孵化器)")
CLASS_LABEL = {
    "企业": "Enterprise",
    "公司": "Enterprise",
    "高校": "University",
    "院校": "University",
    "大学": "University",
    "院所": "ResearchInstitute",
    "科研院所": "ResearchInstitute",
    "研究院": "ResearchInstitute",
    "研究所": "ResearchInstitute",
    "科研机构": "ResearchInstitute",
}


@dataclass
class Candidate:
    """A possible name in a sentence: offsets, where it came from, a label hint."""

    start: int
    end: int
    source: str
    label: str | None = None
    confidence: float = 0.5
    aliases: list[str] = field(default_factory=list)
    generic: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


_NAME_WORDS: dict[str, str] | None = None


def _name_words() -> dict[str, str]:
    global _NAME_WORDS
    if _NAME_WORDS is None:
        _NAME_WORDS = {r["word"]: r["role"] for r in load_table("name_words.tsv")}
    return _NAME_WORDS


class Recognizer:
    """Finds candidate names in a sentence given its tokens; see the module docstring."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or get_lexicon()
        self.words = _name_words()
        self.surnames = load_words("surnames.tsv")

    # -- public -------------------------------------------------------------------------
    def recognize(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """Non-overlapping candidates of one sentence, in text order."""
        if not tokens:
            return []
        floor = heading_length(text)
        cands: list[Candidate] = []
        cands += self._head_candidates(text, tokens, floor)
        cands += self._org_candidates(text, tokens, floor)
        cands += self._quoted_candidates(text, tokens)
        cands += self._known_candidates(text, tokens)
        cands += self._list_candidates(text, tokens, cands)
        chosen = self._resolve(cands)
        out = []
        for c in chosen:
            self._attach_note(text, c)
            if self._keep(text, c, tokens):
                out.append(c)
        self._context_labels(text, out)
        return out

    # -- 1. head nouns --------------------------------------------------------------------
    def _head_candidates(self, text: str, tokens: list[Token], floor: int) -> list[Candidate]:
        out = []
        for i, tok in enumerate(tokens):
            if tok.tag == "w" or tok.end <= floor:
                continue
            # The head must end at this token's end and the next token must not glue
            # onto it (中心/n 城区/n is no 中心).
            window = text[max(0, tok.end - self.lex.max_head - 2) : tok.end]
            head = None
            for k in range(min(len(window), self.lex.max_head), 0, -1):
                h = self.lex.heads.get(window[-k:])
                if h is not None:
                    head = h
                    break
            if head is None or head.label == "-":
                continue
            head_start = tok.end - len(head.suffix)
            # The head must begin on a token boundary.
            first = i
            while first > 0 and tokens[first].start > head_start:
                first -= 1
            if tokens[first].start != head_start and not (tokens[first].start < head_start and first == i):
                continue
            start = self._extend_left(text, tokens, first, i, floor)
            if start is None:
                continue
            out.append(Candidate(start, tok.end, "grammar", head.label, head.confidence))
        return out

    def _extend_left(self, text: str, tokens: list[Token], first: int, last: int, floor: int) -> int | None:
        """Leftmost start of a name whose head spans tokens[first..last]."""
        start = tokens[first].start
        # Tokens the model already marked as a name put us in the name's proper prefix:
        # from there only places, organisations, level words and brackets extend it.
        proper = tokens[first].tag in ("ORG", "LOC") and first == last
        j = first - 1
        while j >= 0 and tokens[j].start >= floor:
            tok = tokens[j]
            w = tok.text
            if start - tok.start > MAX_NAME:
                break
            if w in CLOSE_TO_OPEN:
                k = self._matching_open(tokens, j, floor)
                if k is None:
                    break
                start = tokens[k].start
                j = k - 1
                continue
            if self.words.get(w) == "stop":
                break
            if w in CONJUNCTIONS:
                # 激光与光电技术转移中心 is one name; 英诺威阀业公司与xx理工大学 is two.
                if proper or j == 0:
                    break
                left = tokens[j - 1]
                if left.tag == "w" or self.lex.head_of(text[max(0, left.end - 12) : left.end]) is not None:
                    break
                if left.tag in ("ORG", "LOC", "PER"):
                    break
                start = tok.start
                j -= 1
                continue
            if not self._inner_token(tok, proper):
                break
            if tok.tag in PROPER_TAGS or self.lex.is_place(w):
                proper = True
            start = tok.start
            j -= 1
        # Never start a name with a conjunction or a bare level word alone before a bracket.
        return start

    def _matching_open(self, tokens: list[Token], j: int, floor: int) -> int | None:
        close = tokens[j].text
        want = CLOSE_TO_OPEN[close]
        depth = 0
        k = j
        while k >= 0 and tokens[k].start >= floor and tokens[j].end - tokens[k].start <= MAX_NAME:
            t = tokens[k].text
            if t == close and want != close:
                depth += 1
            elif t == want:
                if want == close:
                    if k != j:
                        return k
                else:
                    depth -= 1
                    if depth == 0:
                        return k
            elif tokens[k].tag == "w" and t in "，。；,;！？!?":
                return None
            k -= 1
        return None

    def _inner_token(self, tok: Token, proper: bool) -> bool:
        w, tag = tok.text, tok.tag
        if tag == "w":
            return w in "·-—"
        if proper:
            # In the proper prefix: places, organisations, level words, numbers.
            return tag in ("ORG", "LOC", "nz") or self.lex.is_place(w) or w in self.lex.level_words or w in ("中国", "国家", "国际", "中外")
        if tag in ("p", "u", "c", "r", "q", "t", "TIME", "ad", "vd", "s", "xc") and tag != "xc":
            return False
        if tag == "xc":
            return True
        if tag == "m":
            return bool(re.fullmatch(r"[0-9A-Za-z]+[\u4e00-\u9fff]*", w)) and not re.search(r"[家项个人次年月日批位名件]$", w)
        if tag == "d":
            return w in self.lex.generic_words
        if tag == "v":
            return self.words.get(w) == "inner"
        if tag == "f":
            return False
        return tag in NAME_TAGS

    # -- 2. the model's ORG spans ------------------------------------------------------------
    def _org_candidates(self, text: str, tokens: list[Token], floor: int) -> list[Candidate]:
        out = []
        for i, tok in enumerate(tokens):
            if tok.tag != "ORG" or tok.end <= floor:
                continue
            start, end = tok.start, tok.end
            name = tok.text
            if self.lex.head_of(name) is None and not self.lex.industry_suffix(name):
                # 新宏/ORG 液压/n, 恒丰泰/ORG 减速机/n 制造/v: the trade name runs on through
                # product nouns into an industry word.
                end = self._trade_tail(tokens, i) or self._repair_truncated(tok)
            trade = self.lex.industry_suffix(text[tok.start : end]) and self.lex.head_of(text[tok.start : end]) is None
            if trade and i > 0 and tokens[i - 1].tag == "LOC" and tokens[i - 1].start >= floor:
                start = tokens[i - 1].start  # 浙江/LOC 恒丰泰减速机制造
            out.append(Candidate(start, end, "lac", None, 0.6))
        return out

    def _trade_tail(self, tokens: list[Token], i: int) -> int:
        """End of an industry word within two nouns after tokens[i], or 0."""
        for k in range(i + 1, min(i + 4, len(tokens))):
            t = tokens[k]
            if t.text in self.lex.industry and t.tag in ("n", "nz", "vn", "v"):
                return t.end
            if t.tag not in ("n", "nz"):
                return 0
        return 0

    def _repair_truncated(self, tok: Token) -> int:
        """Cut what the model ran on past a name: 中金石化高 -> 中金石化, 阿尔法药业石利平 -> 阿尔法药业."""
        name = tok.text
        for cut in (1, 2, 3):
            stem, rest = name[:-cut], name[-cut:]
            if len(stem) < 3 or not (self.lex.industry_suffix(stem) or self.lex.head_of(stem)):
                continue
            if cut <= 2 or rest[0] in self.surnames:
                return tok.end - cut
        return tok.end

    # -- 3. quoted names ------------------------------------------------------------------
    def _quoted_candidates(self, text: str, tokens: list[Token]) -> list[Candidate]:
        out = []
        for m in re.finditer(r"[“\"]([^“”\"，。；,;！？]{2,30})[”\"]", text):
            inner = m.group(1)
            qs, qe = m.start(), m.end()
            if self.lex.head_of(inner) is not None:
                out.append(Candidate(m.start(1), m.end(1), "quote", None, 0.85))
                continue
            before = text[max(0, qs - 6) : qs]
            after = text[qe : qe + 12]
            level = re.search(r"(国家级|省级|市级|国家|省|市|县|区)$", before)
            cue = re.search(r"(获批|入选|列入|荣获|获得|评为|认定为|授予|入围|成为)(了)?$", before)
            if level and (cue or re.search(r"(获批|入选|列入|荣获|获得|评为|认定为|授予|入围|成为)(了)?" + level.group(1) + "$", text[max(0, qs - 10) : qs])):
                out.append(Candidate(qs - len(level.group(1)), qe, "quote", "Program", 0.7))
            elif cue and not COUNT_LIST.match(after):
                out.append(Candidate(qs, qe, "quote", "Program", 0.6))
            elif (COUNT_LIST.match(after) or re.search(r"(引进|引入)$", before)) and (
                len(inner) <= 10 and not re.search(r"[的了着]", inner)
            ):
                out.append(Candidate(m.start(1), m.end(1), "quote", "Enterprise", 0.55))
        return out

    # -- 4. known names -------------------------------------------------------------------
    def _known_candidates(self, text: str, tokens: list[Token]) -> list[Candidate]:
        out = []
        ends = {t.end for t in tokens}
        starts = {t.start: t for t in tokens}
        for m in self.lex.known_pattern.finditer(text):
            s, e = m.span()
            if e not in ends:
                continue
            known = self.lex.known[m.group(0)]
            if len(m.group(0)) <= 2:
                tok = starts.get(s)
                if tok is None or tok.end != e or tok.tag != "ORG":
                    continue
            if known.label == "Program":
                s = self._extend_prefix(text, tokens, s)
            out.append(Candidate(s, e, "lexicon", known.label, 0.95))
        return out

    def _extend_prefix(self, text: str, tokens: list[Token], s: int) -> int:
        """Grow a known program leftwards over level words and places (省, 宁波市, 国家级)."""
        before = [t for t in tokens if t.end <= s]
        while before and before[-1].end == s:
            t = before.pop()
            if t.text in self.lex.level_words or t.tag == "LOC" or self.lex.is_place(t.text):
                s = t.start
            else:
                break
        return s

    # -- 5. trade names in lists ----------------------------------------------------------
    def _list_candidates(self, text: str, tokens: list[Token], found: list[Candidate]) -> list[Candidate]:
        """Items of a 、-list that look like short trade names (brand + industry word)."""
        out = []
        for m in re.finditer(r"[^，。；、,;：:“”()（）]{2,16}(?:、[^，。；、,;：:“”()（）]{2,16})+", text):
            items = []
            pos = m.start()
            for part in m.group(0).split("、"):
                items.append((pos, pos + len(part)))
                pos += len(part) + 1
            # The last item runs on into the sentence (…亚珀电气、万泰铝业均与高校…): cut
            # it after its industry word.
            tail_text = text[m.end() : m.end() + 12]
            org_list = bool(COUNT_CLASS.match(tail_text)) or any(
                c.start >= m.start() and c.end <= m.end() for c in found if c.source in ("lac", "grammar", "lexicon")
            )
            if not org_list:
                continue
            for k, (s, e) in enumerate(items):
                seg = text[s:e]
                if k == len(items) - 1:
                    cut = self._trade_prefix(seg)
                    if cut:
                        e = s + cut
                        seg = text[s:e]
                if k == 0:
                    # The first item starts after the list's introducing words.
                    lead = self._first_item_start(text, tokens, s, e)
                    if lead is None:
                        continue
                    s = lead
                    seg = text[s:e]
                if self._is_trade_name(seg):
                    out.append(Candidate(s, e, "list", "Enterprise", 0.6))
        return out

    def _first_item_start(self, text: str, tokens: list[Token], s: int, e: int) -> int | None:
        """Start of the shortest trade name ending the run-in text (其中明正变电 -> 明正变电)."""
        for t in sorted((t for t in tokens if s <= t.start < e), key=lambda t: -t.start):
            if t.tag in ("p", "c", "u", "w"):
                continue
            if self._is_trade_name(text[t.start : e]):
                return t.start
        return None

    def _trade_prefix(self, seg: str) -> int:
        """Length of a leading trade name in `seg` (万泰铝业均与… -> 4), or 0."""
        for n in range(min(len(seg), 10), 2, -1):
            if self._is_trade_name(seg[:n]) and n < len(seg):
                return n
        return 0

    def _is_trade_name(self, seg: str) -> bool:
        word = self.lex.industry_suffix(seg)
        if not word:
            return False
        brand = seg[: -len(word)]
        if not 2 <= len(brand) <= 6 or len(seg) > 12:
            return False
        if brand in self.lex.generic_words or brand in self.lex.industry or brand in self.lex.level_words:
            return False
        if self.lex.industry_suffix(brand) and len(brand) <= 3:
            return False
        return not re.search(r"[的了和与及等在是为对从把被将以之其这那各该]", brand) and not re.match(r"^[0-9]", brand)

    # -- choosing among candidates ----------------------------------------------------------
    @staticmethod
    def _resolve(cands: list[Candidate]) -> list[Candidate]:
        priority = {"quote": 4, "lexicon": 3, "grammar": 2, "list": 1, "lac": 1}
        chosen: list[Candidate] = []
        for c in sorted(cands, key=lambda c: (-c.length, -priority.get(c.source, 0), c.start)):
            if c.length <= 1:
                continue
            if any(c.start < o.end and o.start < c.end for o in chosen):
                continue
            chosen.append(c)
        return sorted(chosen, key=lambda c: c.start)

    def _attach_note(self, text: str, c: Candidate) -> None:
        m = NOTE.match(text[c.end : c.end + 40])
        if not m:
            return
        c.aliases.append(text[c.start : c.end + m.end()])
        former = m.group(2) or ""
        short = m.group(3) or m.group(4) or ""
        for extra in (former, short):
            extra = extra.strip("“”\"")
            if extra and not is_masked(extra):
                c.aliases.append(extra)

    def _keep(self, text: str, c: Candidate, tokens: list[Token]) -> bool:
        """Drop masked, generic and malformed names; mark level designations as generic."""
        name = text[c.start : c.end]
        bare = name.strip(QUOTES)
        if len(bare) < 2 or is_masked(name):
            return False
        if re.search(r"[，。；,;！？!?、：:\n]", bare):
            return False
        if re.fullmatch(r"[\d\W_a-zA-Z]+", bare):
            return False
        # Brackets and quotes must balance inside a name.
        for o, cl in (("(", ")"), ("（", "）"), ("“", "”")):
            if bare.count(o) != bare.count(cl):
                return False
        if c.source == "lexicon":
            return True
        head = self.lex.head_of(bare)
        if head is None and c.source == "grammar":
            return False
        if head is not None and len(bare) <= len(head.suffix):
            return False
        generic, level = self._generic_parts(bare, head.suffix if head else "")
        if generic:
            if not level:
                return False
            c.generic = True
        # A model span with neither head nor industry word that is a generic word is no name.
        return not (c.source == "lac" and head is None and bare in self.lex.generic_words)

    def _generic_parts(self, name: str, head: str) -> tuple[bool, bool]:
        """(is the name generic, does it start with a level word)."""
        rest = name[: len(name) - len(head)] if head else name
        rest = re.sub(r"[“”\"()（）]", "", rest)
        level = False
        changed = True
        while changed and rest:
            changed = False
            for w in sorted(self.lex.level_words, key=len, reverse=True):
                if rest.startswith(w):
                    rest = rest[len(w) :]
                    level = changed = True
                    break
        if not rest:
            return True, level
        # Cover the rest with generic words (greedy longest-first segmentation).
        i = 0
        words = sorted(self.lex.generic_words | self.lex.level_words, key=len, reverse=True)
        while i < len(rest):
            for w in words:
                if rest.startswith(w, i):
                    i += len(w)
                    break
            else:
                return False, level
        return True, level

    def _context_labels(self, text: str, cands: list[Candidate]) -> None:
        """A list closed by 等N家企业/高校/院所 types its members (海邦基金…等三家创投公司)."""
        for idx, c in enumerate(cands):
            m = COUNT_CLASS.match(text[c.end : c.end + 16])
            if not m:
                continue
            label = CLASS_LABEL.get(m.group(2))
            if label is None:
                continue
            members = [c]
            k = idx - 1
            while k >= 0 and text[cands[k].end : members[-1].start] in ("、", "和", "及", "与", ","):
                members.append(cands[k])
                k -= 1
            for mem in members:
                head = self.lex.head_of(text[mem.start : mem.end])
                # A weak head (基金, 中心) yields to the list's class; a strong one (研究院) does not.
                if mem.source in ("lac", "list", "quote") or head is None or head.confidence < 0.9:
                    mem.label = label
                    mem.confidence = max(mem.confidence, 0.9)
