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
COUNT_LIST = re.compile(
    r"^等(?:[0-9一二两三四五六七八九十百余多]+[家个所项批位名]|[家个所项批位名]|(?:企业|单位|高校|院所|机构|公司|部门|平台))"
)
# 等…领域, 等多个产业: the list names fields, not organisations.
NONORG_CLOSE = re.compile(r"^等(?:[0-9一二两三四五六七八九十百多]+[个项类])?[^，。；]{0,3}?(产业|领域|行业|技术|产品|方向|专业|学科|板块|赛道)")
HYPHENS = frozenset({"-", "－"})
# Tags of words a short trade name never spans: verbs, prepositions, conjunctions, adverbs.
NAME_BREAK_TAGS = frozenset({"v", "vd", "p", "c", "u", "w", "d", "ad"})
ORG_HINTS = frozenset({"Enterprise", "University", "ResearchInstitute", "Government"})
STOP_ROLES = frozenset({"stop", "cue", "verb"})
PREPOSITIONS = frozenset("经在由对向从被和与及将把给让为以于")
CATEGORY_NOUNS = frozenset({"企业", "单位", "学校", "协会", "学会", "商会", "部门", "机构", "高校", "院所", "组织", "团体",
                            "成员", "社团", "基地", "园区"})
YEAR = re.compile(r"(?:19|20)\d{2}(?:年度?)?")
# 全市孵化器 is "the city's incubators", not a designation.
QUANTIFIERS = frozenset({"全市", "全省", "全区", "全县", "全镇", "各地", "各级", "各类", "部分"})
TRAILING_BRACKET = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]$")
PRONOUNS = frozenset({"我", "本", "该", "各", "全", "每", "其"})
# A count right before a name-like phrase makes it a class of things: 两项重难点人才工程.
QUANTITY_BEFORE = re.compile(r"[0-9一二两三四五六七八九十百余多几]+[家个所项批位类]$")
# 等2家 counts organisations; 等一批 or 等18项 may count anything.
ORG_COUNT = re.compile(r"^等[0-9一二两三四五六七八九十百余多]+家")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_OR_NOT = re.compile(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+")
# The title of a list of designations: 入选广东省工程技术研究中心名单, …拟认定名单.
LIST_TITLE = re.compile(r"(?:拟)?(?:认定|建设|培育|备案|立项|支持)?名单")
COUNT_BEFORE = re.compile(r"等[0-9一二两三四五六七八九十百余多]*[家个所项批位]$")
COUNT_CLASS = re.compile(r"^等(?:[0-9一二两三四五六七八九十百]+|多|数十)?[家个所项批位]?([\u4e00-\u9fff]{0,14}?)(企业|公司|高校|院校|大学|院所|科研院所|研究院|研究所|科研机构|机构|单位|平台|孵化器)")
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


def _alternation(words) -> re.Pattern[str]:
    """A pattern matching any of `words`, longest first."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


class Recognizer:
    """Finds candidate names in a sentence given its tokens; see the module docstring."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or get_lexicon()
        self.words = _name_words()
        self.surnames = load_words("surnames.tsv")
        self.prefixes = frozenset(w for w, role in self.words.items() if role == "prefix")
        self.level_re = _alternation(self.lex.level_words)
        self.generic_re = _alternation(self.lex.generic_words | self.lex.level_words)

    # -- public -------------------------------------------------------------------------
    def recognize(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """Non-overlapping candidates of one sentence, in text order."""
        if not tokens:
            return []
        floor = heading_length(text)
        tokens = self._repair_tokens(tokens)
        cands: list[Candidate] = []
        cands += self._head_candidates(text, tokens, floor)
        cands += self._org_candidates(text, tokens, floor)
        cands += self._quoted_candidates(text, tokens)
        cands += self._known_candidates(text, tokens)
        cands += self._list_candidates(text, tokens, cands)
        cands += self._coordinated_candidates(text, tokens, cands)
        chosen = self._resolve(cands)
        out = []
        notes: list[tuple[int, int]] = []
        for c in chosen:
            note_len = self._attach_note(text, c)
            if note_len:
                notes.append((c.end, c.end + note_len))
            if self._keep(text, c, tokens):
                out.append(c)
        # A former name inside a note ((原鄞州科技信息园)) is an alias, not a second mention.
        out = [c for c in out if not any(s <= c.start and c.end <= e for s, e in notes)]
        self._context_labels(text, out)
        return out

    # -- 0. token repair -------------------------------------------------------------------
    def _repair_tokens(self, tokens: list[Token]) -> list[Token]:
        """Cut cue words out of tokens that glue them onto names.

        联合县/LOC -> 联合 + 县; 获批国家企业技术中心/v -> 获批 + 国家企业技术中心;
        杭州市人民政府共建之江实验室/ORG -> 杭州市人民政府 + 共建 + 之江实验室.
        """
        out: list[Token] = []
        for t in tokens:
            out.extend(self._split_token(t))
        return out

    def _split_token(self, t: Token) -> list[Token]:
        w = t.text
        if t.tag == "w" and len(w) > 1 and _HAN.search(w):
            # punctuation and words in one token (）有限公司/w): split them, the words tagged n
            return [Token(m.group(), t.start + m.start(), t.start + m.end(), "n" if _HAN.match(m.group()) else "w")
                    for m in _HAN_OR_NOT.finditer(w)]
        if len(w) <= 2 or t.tag == "w":
            return [t]
        rest_tag = "n" if t.tag in ("v", "vn", "vd") else t.tag
        # a relation verb anywhere inside
        for i in range(len(w) - 1):
            for k in (2, 3):
                verb = w[i : i + k]
                if self.words.get(verb) == "verb" and (i == 0 or i >= 2) and len(w) - i - k >= 2:
                    parts = []
                    if i:
                        parts.append(Token(w[:i], t.start, t.start + i, t.tag))
                    parts.append(Token(verb, t.start + i, t.start + i + k, "v"))
                    rest = Token(w[i + k :], t.start + i + k, t.end, rest_tag)
                    return parts + self._split_token(rest)
        # a cue verb glued onto the end of a complete name (湖北九峰山实验室联合/ORG 华中科技大学),
        # or standing between two (杭州市科技局联合市经信局/ORG)
        if t.tag in ("ORG", "n", "nz"):
            for i in range(4, len(w) - 1):
                for k in (2, 3):
                    name, verb, rest = w[:i], w[i : i + k], w[i + k :]
                    if (self.words.get(verb) in ("verb", "cue") and self.lex.head_of(name)
                            and (not rest or self.lex.head_of(rest))):
                        parts = [Token(name, t.start, t.start + i, t.tag), Token(verb, t.start + i, t.start + i + k, "v")]
                        return parts + ([Token(rest, t.start + i + k, t.end, t.tag)] if rest else [])
        # a conjunction glued onto the end of a name (安徽大学与/ORG 区管委会), or a preposition
        # after a complete one (湄潭分所在/LOC 我县)
        if len(w) >= 4 and t.tag in ("ORG", "LOC", "n", "nz") and (
            w[-1] in "与和及" or (w[-1] in "在于" and self.lex.ends_in_head(w[:-1]))
        ):
            return [Token(w[:-1], t.start, t.end - 1, t.tag), Token(w[-1], t.end - 1, t.end, "c" if w[-1] in "与和及" else "p")]
        # a cue or preposition glued onto the front of a place or level word
        for k in (1, 2, 3):
            head, rest = w[:k], w[k:]
            role = self.words.get(head)
            if role == "cue" and len(rest) >= 2:
                return [Token(head, t.start, t.start + k, "v"), Token(rest, t.start + k, t.end, rest_tag)]
            glue = role in ("stop", "cue") or (k == 1 and head in PREPOSITIONS)
            if glue and rest and (
                any(rest.startswith(p) for p in self.lex.level_words)
                or self.lex.is_place(rest[:2])
                or self.lex.is_place(rest[:3])
            ):
                return [Token(head, t.start, t.start + k, "v"), Token(rest, t.start + k, t.end, rest_tag)]
        return [t]

    # -- 1. head nouns --------------------------------------------------------------------
    def _head_candidates(self, text: str, tokens: list[Token], floor: int) -> list[Candidate]:
        out = []
        for i, tok in enumerate(tokens):
            if tok.tag == "w" or tok.end <= floor:
                continue
            # The head ends at this token's end (中心/n 城区/n ends no name at 中心).
            window = text[max(0, tok.end - self.lex.max_head) : tok.end]
            head = None
            for k in range(len(window), 0, -1):
                h = self.lex.heads.get(window[-k:])
                if h is not None:
                    head = h
                    break
            if head is None or head.label == "-":
                continue
            head_start = tok.end - len(head.suffix)
            first = i
            while first > 0 and tokens[first].start > head_start:
                first -= 1
            # A head may begin inside a token only if that token is itself name material
            # (农创客星/nz 创 天地 holds 星创天地; 就该所/v holds no 所).
            if tokens[first].start < head_start and tokens[first].tag not in ("n", "nz", "nw", "vn", "ORG", "LOC"):
                continue
            if tokens[first].text[0] in PRONOUNS and len(tokens[first].text) <= 3:
                continue  # 我局, 该所, 本院: a reference, not a name
            if any(text.startswith(b, head_start) for b in self.lex.blocked_after.get(head.suffix, ())):
                continue  # 中心工作, 学习中心组: the head is the first half of another word
            start = self._extend_left(text, tokens, first, floor, head)
            start = self._trim_left(tokens, start, tok.end)
            if start < tok.end:
                out.append(Candidate(start, tok.end, "grammar", head.label, head.confidence))
        return out

    def _extend_left(self, text: str, tokens: list[Token], first: int, floor: int, head) -> int:
        """Leftmost start of a name whose head begins in tokens[first]."""
        start = tokens[first].start
        # Once a place or proper name is consumed we are in the name's proper prefix:
        # from there only places, organisations, level words and brackets extend it.
        # A model span that begins with a place is a whole name already: 西安光机所孵化企业 +
        # 陕西源杰半导体科技股份有限公司/ORG does not reach back over the words before it.
        # (国家重点实验室/ORG begins with a level word, not a place: it may still extend.)
        lead = tokens[first]
        proper = lead.tag == "ORG" and any(self.lex.is_place(lead.text[:n]) for n in (2, 3))
        weak = head.confidence < 0.8
        j = first - 1
        while j >= 0 and tokens[j].start >= floor:
            tok = tokens[j]
            w = tok.text
            if start - tok.start > MAX_NAME:
                break
            if (w in HYPHENS and j > 0 and tokens[j - 1].tag in ("ORG", "LOC", "nz", "PER") and tok.end == start
                    and not is_masked(text[start : start + 3])):
                # TCL-华工联合实验室, 浙大-宁波联合研究中心: a hyphen pairs the founders' names
                # (not when the second is masked: 青海大学-xx紧固件产业创新平台 keeps 青海大学)
                start = tokens[j - 1].start
                proper = True
                j -= 2
                continue
            if w in CLOSE_TO_OPEN:
                k = self._matching_open(tokens, j, floor)
                if k is None:
                    break
                start = tokens[k].start
                j = k - 1
                continue
            if self.words.get(w) in STOP_ROLES:
                break
            # A weak head (工程, 平台, 中心) does not swallow a complete name before it:
            # 温州海洋科技创业园 + 工程建设 is a park, not a program.
            if weak and not proper:
                inner = self.lex.head_of(text[max(0, tok.end - self.lex.max_head) : tok.end])
                if inner is not None and inner.confidence >= 0.85 and tok.end == start:
                    break
            if w in CONJUNCTIONS:
                # 激光与光电技术转移中心 is one name; 英诺威阀业公司与xx理工大学 and
                # 企业与浙江大学 are two things.
                if proper or j == 0:
                    break
                left, right = tokens[j - 1], tokens[j + 1]
                if left.tag in ("w", "ORG", "LOC", "PER") or not self._inner_token(left, False):
                    break
                if any(left.text.endswith(n) for n in CATEGORY_NOUNS):
                    break  # 农业协会和农民专业合作社: two kinds of body
                if self.lex.head_of(text[max(0, left.end - self.lex.max_head) : left.end]) is not None:
                    break
                if self._starts_proper(right):
                    break
                start = tok.start
                j -= 1
                continue
            if (tok.tag == "v" and j > 0 and tokens[j - 1].tag in ("ORG", "LOC") and head.label == "Enterprise"
                    and self.words.get(w) not in STOP_ROLES):
                # 武汉/ORG 奔腾/v 楚天激光设备公司: a brand the model read as a verb. Only firms
                # carry brands; 湄潭/LOC 设立/v 茶学实践教学基地 is a place and an act.
                start = tokens[j - 1].start
                proper = True
                j -= 2
                continue
            prefix = self._bilateral_prefix(text, start, floor)
            if prefix:
                start -= prefix
                break
            if not self._inner_token(tok, proper):
                break
            if tok.tag in PROPER_TAGS or self.lex.is_place(w):
                proper = True
            start = tok.start
            j -= 1
        return start

    def _starts_proper(self, tok: Token) -> bool:
        """True when a token begins with a place or known name (浙江大学, 宁波/LOC)."""
        if tok.tag in ("LOC", "PER") or self.lex.is_place(tok.text):
            return True
        if any(tok.text.startswith(w) for w in self.lex.level_words if len(w) >= 1) and tok.text not in self.lex.generic_words:
            return True  # 精神和省市委, 和省“双千”计划: a new name starts at its level word
        if tok.tag == "ORG":
            return any(self.lex.is_place(tok.text[:n]) for n in (2, 3)) or tok.text.startswith(("中国", "国家"))
        return False

    def _bilateral_prefix(self, text: str, start: int, floor: int) -> int:
        """Length of a country-pair prefix (中以, 中德) just before `start`, or 0."""
        for n in (2, 3):
            if start - n >= floor and text[start - n : start] in self.prefixes:
                return n
        return 0

    def _trim_left(self, tokens: list[Token], start: int, end: int) -> int:
        """Drop leading words that only introduce a name (服务甬江实验室, 我县 -> not 县…)."""
        span = [t for t in tokens if start <= t.start < end]
        k = 0
        while k + 1 < len(span):
            t, nxt = span[k], span[k + 1]
            if YEAR.fullmatch(t.text) or t.text in QUANTIFIERS or t.text in PREPOSITIONS:
                k += 1
                continue
            proper_next = nxt.tag in ("ORG", "LOC", "nz", "PER") or self.lex.is_place(nxt.text)
            if t.tag in ("v", "vd", "ad", "d") or (t.tag == "vn" or t.text in self.lex.generic_words) and proper_next:
                k += 1
            else:
                break
        if k < len(span):
            before = [t for t in tokens if t.end <= span[k].start]
            if span[k].text in self.lex.level_words and before and before[-1].text in PRONOUNS:
                k += 1
        return span[k].start if k < len(span) else end

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
            return w == "·"
        if proper:
            # In the proper prefix: places, organisations, level words, numbers.
            return tag in ("ORG", "LOC", "nz") or self.lex.is_place(w) or w in self.lex.level_words or w in ("中国", "国家", "国际", "中外")
        if tag in ("p", "u", "c", "r", "q", "t", "TIME", "ad", "vd", "s", "xc") and tag != "xc":
            return False
        if tag == "xc":
            return True
        if tag == "m":
            return bool(re.fullmatch(r"[0-9A-Za-z]+[\u4e00-\u9fff]*", w)) and not re.search(r"[家项个人次年月日批位名件元]$", w)
        if tag == "d":
            return w in self.lex.generic_words
        if tag == "v":
            return self.words.get(w) == "inner"
        if tag == "f":
            return self.words.get(w) == "inner"  # 国家技术转移西北中心, 华东分中心
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
            head = self.lex.head_of(inner)
            if head is not None:
                start = self._extend_prefix(text, tokens, qs) if head.label == "Program" else qs
                if start < qs:  # 省“特支计划”: the level belongs to the program's name
                    out.append(Candidate(start, qe, "quote", None, 0.85))
                else:
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
            elif (ORG_COUNT.match(after) or COUNT_CLASS.match(after) or re.search(r"(引进|引入)$", before)) and (
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
            if not (t.text in self.lex.level_words or t.tag == "LOC" or self.lex.is_place(t.text)):
                break
            if before and before[-1].text in PRONOUNS:
                break  # 我县高新技术企业: "our county's", not a county program
            s = t.start
        return s

    # -- 5. trade names in lists ----------------------------------------------------------
    def _list_candidates(self, text: str, tokens: list[Token], found: list[Candidate]) -> list[Candidate]:
        """Items of a 、-list that look like short trade names (brand + industry word).

        Only lists that are lists of organisations count: closed by 等N家企业, or holding
        names found otherwise. 铜基新材料、新能源汽车等多个产业领域 lists industries.
        """
        out = []
        for m in re.finditer(r"[^，。；、,;：:“”()（）]{2,16}(?:、[^，。；、,;：:“”()（）]{2,16})+", text):
            items = []
            pos = m.start()
            for part in m.group(0).split("、"):
                items.append([pos, pos + len(part)])
                pos += len(part) + 1
            # The last item runs on into the sentence (…万泰铝业均与高校…): cut it after
            # its industry word.
            last = items[-1]
            cut = self._trade_prefix(text[last[0] : last[1]])
            if cut:
                last[1] = last[0] + cut
            close = text[last[1] : last[1] + 24]
            if NONORG_CLOSE.match(close):
                continue
            inside = [c for c in found if c.start >= m.start() and c.end <= last[1]]
            org_list = (
                bool(COUNT_CLASS.match(close))
                or any(c.source in ("grammar", "lexicon") and c.label in ORG_HINTS for c in inside)
                or sum(1 for c in inside if c.source == "lac" and self._is_trade_name(text[c.start : c.end])) >= 2
            )
            if not org_list:
                continue
            for k, (s, e) in enumerate(items):
                if k == 0:
                    # The first item starts after the list's introducing words.
                    lead = self._first_item_start(text, tokens, s, e)
                    if lead is None:
                        continue
                    s = lead
                if self._is_trade_name(text[s:e]):
                    out.append(Candidate(s, e, "list", "Enterprise", 0.6))
        return out

    def _coordinated_candidates(self, text: str, tokens: list[Token], found: list[Candidate]) -> list[Candidate]:
        """Short trade names joined by 与/和/及 to a recognised organisation (钱江摩托与浙江大学…):
        the partner of an organisation is one too."""
        out = []
        for c in found:
            if c.source not in ("grammar", "lexicon") or c.label not in ORG_HINTS:
                continue
            if c.start >= 3 and text[c.start - 1] in "与和及":
                e = c.start - 1
                # the shortest trade name ending at the conjunction, not reaching over a verb
                for t in sorted((t for t in tokens if e - 12 <= t.start < e), key=lambda t: -t.start):
                    if self._breaks_trade_name(t):
                        break
                    if self._is_trade_name(text[t.start : e]):
                        out.append(Candidate(t.start, e, "list", "Enterprise", 0.6))
                        break
            if text[c.end : c.end + 1] in ("与", "和", "及"):
                after = [t for t in tokens if t.start > c.end][:4]
                for k, t in enumerate(after[1:], start=1):
                    # the name ends where a verb, a preposition or punctuation begins
                    if self._breaks_trade_name(after[k - 1]):
                        break
                    if self._breaks_trade_name(t) and self._is_trade_name(text[c.end + 1 : t.start]):
                        out.append(Candidate(c.end + 1, t.start, "list", "Enterprise", 0.6))
                        break
        return out

    def _breaks_trade_name(self, t: Token) -> bool:
        """A word no short trade name spans: a verb, a particle, punctuation, a generic noun (企业)."""
        return t.tag in NAME_BREAK_TAGS or self.words.get(t.text) in STOP_ROLES or t.text in self.lex.generic_words

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
        """Brand + industry word (新宏液压, 浙江恒丰泰减速机制造), the brand not a common word."""
        word = self.lex.industry_suffix(seg)
        if not word:
            return False
        brand = seg[: -len(word)]
        for n in (3, 2):
            if len(brand) - n >= 2 and self.lex.is_place(brand[:n]):
                brand = brand[n:]  # the place a firm is registered in is not its brand
                break
        if not 2 <= len(brand) <= 6 or len(seg) > 14:
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

    def _attach_note(self, text: str, c: Candidate) -> int:
        """Record a note such as (暂名) or (原…) after a name as aliases; returns its length.

        A place in brackets right after a name is part of it (香港科技大学(广州))."""
        place = re.match(r"[(（]([\u4e00-\u9fff]{2,4})[)）]", text[c.end : c.end + 8])
        if place and self.lex.is_place(place.group(1)) and self.lex.head_of(text[c.start : c.end]):
            c.end += place.end()
            return 0
        m = NOTE.match(text[c.end : c.end + 40])
        if not m:
            return 0
        c.aliases.append(text[c.start : c.end + m.end()])
        former = m.group(2) or ""
        short = m.group(3) or m.group(4) or ""
        for extra in (former, short):
            extra = extra.strip("“”\"")
            if extra and not is_masked(extra):
                c.aliases.append(extra)
        return m.end()

    def _keep(self, text: str, c: Candidate, tokens: list[Token]) -> bool:
        """Drop masked, generic and malformed names; mark level designations as generic."""
        name = text[c.start : c.end]
        bare = name[1:-1] if len(name) > 2 and name[0] in "“\"" and name[-1] in "”\"" else name
        if len(bare) < 2 or is_masked(name) or self._masked_prefix(text, c.start):
            return False
        if re.search(r"[，。；,;！？!?、：:\n+＋/／→~]|--|——|—", bare):
            return False
        if re.fullmatch(r"[\d\W_a-zA-Z]+", bare):
            return False
        # Brackets and quotes must balance inside a name.
        for o, cl in (("(", ")"), ("（", "）"), ("“", "”")):
            if bare.count(o) != bare.count(cl):
                return False
        if c.source == "lexicon":
            return True
        # 香港科技大学(广州): the head noun stands before the campus in brackets.
        bare = TRAILING_BRACKET.sub("", bare) if self.lex.head_of(bare) is None else bare
        head = self.lex.head_of(bare)
        if head is None and c.source == "grammar":
            return False
        if head is not None and len(bare) <= len(head.suffix):
            return False
        if head is not None and any(
            text.startswith(b, c.end - len(head.suffix)) for b in self.lex.blocked_after.get(head.suffix, ())
        ):
            return False  # 市政府中心|工作: the head was the first half of another word
        if c.source in ("lac", "list") and head is None and self.lex.industry_suffix(bare) and (
            not self._is_trade_name(bare) or self._compound_follows(text, c.end) or self._noun_follows(tokens, c.end)
        ):
            # A trade name needs a brand (新能源汽车 and 铜基新材料 are industries) and ends
            # where a noun phrase ends (新时代科技铁军, 前沿科技的探索 are no firms).
            return False
        if head is None:
            return bare not in self.lex.generic_words
        if COUNT_BEFORE.search(text[max(0, c.start - 8) : c.start]):
            # 等三家创投公司, 等2家省级院士工作站: a class of the things listed, not a name.
            return False
        specific, level, proper = self._specificity(text, c, bare, head.suffix, tokens)
        if proper and LIST_TITLE.match(text, c.end) and self._place_designation(bare, head.suffix):
            # 广东省工程技术研究中心 before 名单 is the province's designation, not one centre.
            c.generic = True
            return True
        if proper:
            return True
        strong = head.confidence >= 0.85
        if not level and QUANTITY_BEFORE.search(text[max(0, c.start - 6) : c.start]):
            return False
        if specific >= (2 if strong else 5):
            return True
        if level and specific <= 2:
            if head.label == "Government":
                return True  # 区科技局, 省科技厅, 市政府: a real body named by its level
            if head.confidence >= 0.7 or head.label == "Program":
                # A designation (市级重点实验室, 省级科技孵化器) or a level's program (市科技创新奖).
                c.generic = True
                return True
        return False

    def _place_designation(self, name: str, head: str) -> bool:
        """True when all before the head is a place and level words (广东省, 宁波市级)."""
        rest = name[: len(name) - len(head)]
        for n in range(len(rest), 1, -1):
            if self.lex.is_place(rest[:n]):
                tail = rest[n:]
                while tail and (m := self.level_re.match(tail)):
                    tail = tail[m.end() :]
                return not tail
        return False

    def _masked_prefix(self, text: str, start: int) -> bool:
        """True when a mask glues onto the name (x明正变电, xxxx省科技型中小企业)."""
        if start == 0:
            return False
        ch = text[start - 1]
        if ch in "某*＊×〇○":
            return True
        return ch in "xX" and (start < 2 or not text[start - 2].isascii() or not text[start - 2].isalpha() or text[start - 2] in "xX")

    def _noun_follows(self, tokens: list[Token], end: int) -> bool:
        nxt = next((t for t in tokens if t.start == end), None)
        return nxt is not None and (nxt.tag in ("n", "nz", "vn", "an") or nxt.text == "的")

    def _compound_follows(self, text: str, end: int) -> bool:
        """True when the industry word ending a span starts a compound (清华帮科技|成果)."""
        return bool(re.match(r"(成果|创新|进步|服务|人才|金融|型|含量|体制|政策|资源|项目|产业|水平|园区|领域|企业)", text[end : end + 3]))

    def _specificity(self, text: str, c: Candidate, name: str, head: str, tokens: list[Token]) -> tuple[int, bool, bool]:
        """(characters not covered by generic or level words, starts with a level word, has a proper part)."""
        rest = name[: len(name) - len(head)]
        rest_end = c.start + (len(text[c.start : c.end]) - len(head))
        proper = bool(re.search(r"[“”\"0-9A-Za-z(（]", rest))
        whole_org = False
        for t in tokens:
            if t.start >= c.start and t.end <= rest_end and t.tag in ("ORG", "LOC", "PER", "nz", "nw"):
                proper = proper or t.text not in self.lex.generic_words
            if t.tag == "ORG" and t.start <= c.start and t.end >= c.end and c.end - c.start > len(head) + 1:
                whole_org = True
            if t.start >= c.start and t.end <= rest_end and (
                self.lex.is_place(t.text) or (t.tag == "f" and self.words.get(t.text) == "inner")
            ):
                proper = True  # a place, or a region named by its direction (西北, 华东)
        if any(len(k.group(0)) >= 3 for k in self.lex.known_pattern.finditer(rest)):
            proper = True
        core = re.sub(r"[“”\"()（）·]", "", rest)
        level = False
        while core:
            m = self.level_re.match(core)
            if not m:
                break
            core = core[m.end() :]
            level = True
        i = specific = 0
        while i < len(core):
            m = self.generic_re.match(core, i)
            if m:
                i = m.end()
                continue
            if core[i] not in "与和及之的":
                specific += 1
            i += 1
        # The model read the whole span as one organisation (海邦基金): proper, if anything
        # in it is more than level and generic words (国家企业技术中心 stays a designation).
        proper = proper or (whole_org and specific > 0)
        return specific, level, proper

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
