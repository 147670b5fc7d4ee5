"""Head-noun names: every token ending with a head noun (研究院, 有限公司, 计划…) ends a name
that grows leftwards over name-like tokens, through brackets and quotes, until a word that
cannot stand inside a name (a cue verb, a particle, punctuation)."""

from __future__ import annotations

import re

from ..lexicon import STOP_ROLES, Head, Lexicon
from ..marks import HYPHENS, NAME_PAIRS, is_masked
from ..model import Token
from .trade import is_trade_name
from .work import Candidate, SentenceWork

MAX_NAME = 40
NAME_TAGS = frozenset({"n", "nz", "nw", "ORG", "LOC", "PER", "a", "an", "vn", "xc", "m", "v", "d", "f", "j"})
PROPER_TAGS = frozenset({"ORG", "LOC", "PER", "nz", "nw"})
# Tags of common words: a two-character place name tagged so is a word (资源, 和平).
# An organisation that "around" (环) or "along" (沿) before it is no part of: 环浙江大学创新圈.
AROUND_ORGS = frozenset({"University", "ResearchInstitute", "Enterprise", "Government"})
COMMON_TAGS = frozenset({"n", "vn", "v", "a", "an", "ad", "d"})
CLOSE_TO_OPEN = {v: k for k, v in NAME_PAIRS.items()}
_NUMBERED = re.compile(r"[0-9０-９]{1,4}")
YEAR = re.compile(r"(?:19|20)\d{2}(?:年度?)?")


# What brackets inside a name never hold: figures and shares (（持股65%）, （2024年）).
NOTE_IN_BRACKETS = re.compile(r"[0-9０-９%％]|持股")

def head_candidates(work: SentenceWork) -> None:
    """Step: a candidate for every head noun, grown leftwards."""
    text, tokens, lex, floor = work.text, work.tokens, work.lex, work.floor
    pronouns = lex.words("pronoun")
    for i, tok in enumerate(tokens):
        if tok.tag == "w" or tok.end <= floor:
            continue
        # The head ends at this token's end (中心/n 城区/n ends no name at 中心).
        window = text[max(0, tok.end - lex.max_head) : tok.end]
        head = None
        for k in range(len(window), 0, -1):
            h = lex.heads.get(window[-k:])
            if h is not None:
                head = h
                break
        if head is None or head.label == "-":
            continue
        if tok.tag == "v" and len(head.suffix) == len(tok.text):
            continue  # 有限公司/ORG 计划/v 于明年入驻: the firm plans, 计划 is no program here
        head_start = tok.end - len(head.suffix)
        first = i
        while first > 0 and tokens[first].start > head_start:
            first -= 1
        # A head may begin inside a token only if that token is itself name material
        # (农创客星/nz 创 天地 holds 星创天地; 就该所/v holds no 所).
        if tokens[first].start < head_start and not _head_inside(tokens[first], head, head_start - tokens[first].start):
            continue
        if tokens[first].text[0] in pronouns and len(tokens[first].text) <= 3:
            continue  # 我局, 该所, 本院: a reference, not a name
        if any(text.startswith(b, head_start) for b in lex.blocked_after.get(head.suffix, ())):
            continue  # 中心工作, 学习中心组: the head is the first half of another word
        start = extend_left(work, first, head, head_start)
        start = trim_left(tokens, start, tok.end, lex)
        start = cut_inside_stop(work, start, head_start)
        start = _field_before_rank(work, start, tok.end, head)
        if text[start] in lex.words("around") and head.label in AROUND_ORGS and start + 1 < head_start \
                and not any(lex.is_place(text[start : start + n]) for n in (2, 3)):  # 环县, 环江: places
            start += 1  # 环/ORG 浙江大学: "around" an organisation; 环太湖科技园 names a region's park
        end = program_end(work, start, tok.end) if head.label == "Program" else tok.end
        if start < end:
            work.candidates.append(Candidate(start, end, "grammar", head.label, head.confidence))


def _head_inside(tok: Token, head: Head, before: int) -> bool:
    """True when a head that begins inside `tok` (after `before` characters) ends a name: the
    token is name material (农创客星/nz 创 天地), a numbered institute (38所/m), or words and a
    strong head of two characters or more the model misread as a verb or an adjective
    (转化医学研究院/v, 市级工程技术研究中心/a);
    就该所/v holds no 所."""
    if tok.tag in ("n", "nz", "nw", "vn", "ORG", "LOC"):
        return True
    if tok.tag == "m":
        return bool(_NUMBERED.fullmatch(tok.text[:before]))
    return tok.tag in ("v", "a") and before >= 2 and len(head.suffix) >= 2 and head.confidence >= 0.9


def extend_left(work: SentenceWork, first: int, head: Head, head_start: int | None = None) -> int:
    """Leftmost start of a name whose head begins in tokens[first] (at `head_start`)."""
    text, tokens, lex, floor = work.text, work.tokens, work.lex, work.floor
    start = tokens[first].start
    # Once a place or proper name is consumed we are in the name's proper prefix:
    # from there only places, organisations, level words and brackets extend it.
    # A model span that begins with a place is a whole name already: 西安光机所孵化企业 +
    # 陕西源杰半导体科技股份有限公司/ORG does not reach back over the words before it.
    # (国家重点实验室/ORG begins with a level word, not a place: it may still extend.)
    lead = tokens[first]
    proper = lead.tag == "ORG" and any(lex.is_place(lead.text[:n]) for n in (2, 3))
    weak = head.confidence < 0.8
    j = first - 1
    while j >= 0 and tokens[j].start >= floor:
        tok = tokens[j]
        w = tok.text
        if start - tok.start > MAX_NAME:
            break
        if w in HYPHENS and j > 0 and tok.end == start and not is_masked(text[start : start + 3]):
            # TCL-华工联合实验室, 浙大-宁波联合研究中心: a hyphen pairs the founders' names
            # (not when the second is masked: 青海大学-xx紧固件产业创新平台 keeps 青海大学)
            first_side = _hyphen_side(tokens, j, floor, lex)
            if tokens[j - 1].tag in ("ORG", "LOC", "nz", "PER") or (
                    first_side is not None and JOINT_HEAD.search(text, start, tokens[first].end)):
                # 涪城/ORG 光电/n —西蜀理工大学…联合实验室: a short trade name of two words
                k = j - 1 if first_side is None or tokens[j - 1].tag in ("ORG", "LOC", "nz", "PER") else first_side
                start = tokens[k].start
                proper = True
                j = k - 1
                continue
        if w in CLOSE_TO_OPEN:
            k = _matching_open(tokens, j, floor)
            if k is None or NOTE_IN_BRACKETS.search(text[tokens[k].end : tok.start]):
                break  # 控股子公司（持股65%）甲: a note on the name, not part of it
            start = tokens[k].start
            j = k - 1
            continue
        if lex.role.get(w) in STOP_ROLES:
            break
        # A weak head (工程, 平台, 中心) does not swallow a complete name before it:
        # 温州海洋科技创业园 + 工程建设 is a park, not a program.
        if weak and not proper:
            inner = lex.head_of(text[max(0, tok.end - lex.max_head) : tok.end])
            if inner is not None and inner.confidence >= 0.85 and tok.end == start:
                break
        if w in lex.words("conjunction"):
            # 激光与光电技术转移中心 is one name; 英诺威阀业公司与xx理工大学 and
            # 企业与浙江大学 are two things.
            if proper or j == 0:
                break
            left, right = tokens[j - 1], tokens[j + 1]
            if not text[tok.end : head_start if head_start is not None else tokens[first].start].strip():
                break  # 白荡湖水产与试验站共建: a bare head after 与 is the other side, referred to
            if left.tag in ("w", "ORG", "LOC", "PER") or not inner_token(left, False, lex) \
                    or lex.role.get(left.text) in STOP_ROLES:
                break  # 长期与乙: an adverb before 与 ends the clause's subject, no name runs over it
            if any(left.text.endswith(n) for n in lex.words("category")):
                break  # 农业协会和农民专业合作社: two kinds of body
            if lex.head_of(text[max(0, left.end - lex.max_head) : left.end]) is not None:
                break
            if _starts_proper(right, lex) or _two_names(tokens, j, lex):
                break

            start = tok.start
            j -= 1
            continue
        if (tok.tag == "v" and j > 0 and tokens[j - 1].tag in ("ORG", "LOC") and head.label == "Enterprise"
                and lex.role.get(w) not in STOP_ROLES and lex.head_of(tokens[j - 1].text) is None):
            # 武汉/ORG 奔腾/v 楚天激光设备公司: a brand the model read as a verb. Only firms
            # carry brands; 湄潭/LOC 设立/v 茶学实践教学基地 is a place and an act, and
            # 管委会/ORG 委托/v 吉林北山科技服务有限公司 or 有限公司/ORG 是/v … are two names.
            start = tokens[j - 1].start
            proper = True
            j -= 2
            continue
        if tok.tag == "d" and len(w) == 1 and tokens[j + 1].tag == "a" and len(tokens[j + 1].text) == 1 \
                and tokens[j + 1].start == start == tok.end:
            start = tok.start  # 超/d 快/a 激光…实验室: an adverb and an adjective make one word
            j -= 1
            continue
        prefix = _bilateral_prefix(text, start, floor, lex)
        if prefix:
            start -= prefix
            break
        if not inner_token(tok, proper, lex):
            # nothing but a short head after the verb (迁入/v 园区); 协同/v 联合实验室 is a name
            bare = (head_start is None or tokens[first].start >= head_start) and len(head.suffix) < 4
            lead = _verb_inside(tokens, j, first, bare, floor, lex) if not proper and head.label != "Program" else None
            if lead is not None and start - tokens[lead].start <= 12:
                start = tokens[lead].start  # 的 车路/n 协同/v 测试/vn 基地: a verb inside the name
                break
            if _leading_place(tokens, j, floor, lex):
                start = tok.start  # 呈贡/v 信息产业孵化器 at a clause's start: a place the model misread
            elif proper and j > 0 and tok.tag in ("n", "vn", "a") and tokens[j - 1].tag == "LOC" and not (
                lex.role.get(w) in STOP_ROLES or w in lex.generic_words
            ):
                # 临港/LOC 生命/n 蓝湾/LOC 产业园: a word between two places is part of the name
                start = tokens[j - 1].start
                j -= 2
                continue
            break
        if tok.tag in PROPER_TAGS or placeish(tok, lex):
            proper = True
        start = tok.start
        j -= 1
    return start


def _field_before_rank(work: SentenceWork, start: int, end: int, head: Head) -> int:
    """Start of 煤基固废资源化利用山西省重点实验室: a field before a province's rank names one
    laboratory or centre of that rank. The field's words run back to a particle, a
    preposition, punctuation or a relation word, four to fourteen characters of name words."""
    from .specificity import place_designation  # noqa: PLC0415 - specificity reads this module

    text, tokens, lex = work.text, work.tokens, work.lex
    if head.label != "Platform" or head.confidence < 0.85 or not place_designation(lex, text[start:end], head.suffix):
        return start
    k = next((i for i, t in enumerate(tokens) if t.end == start), None)
    if k is None:
        return start
    first = start
    while k >= 0 and tokens[k].start >= work.floor:
        t = tokens[k]
        if t.tag not in ("n", "vn", "nz", "v", "a") or lex.role.get(t.text) not in (None, "inner") \
                or (t.tag == "v" and len(t.text) < 2):
            break
        first = t.start
        k -= 1
    boundary = k < 0 or tokens[k].tag in ("u", "p", "w", "c") or lex.role.get(tokens[k].text) is not None
    return first if boundary and 4 <= start - first <= 14 else start


# a platform two founders name together (甲—乙联合实验室, 甲-乙共建研究中心)
JOINT_HEAD = re.compile(r"联合|共建|协同")


def _hyphen_side(tokens: list[Token], j: int, floor: int, lex: Lexicon) -> int | None:
    """Index of the first word of the short name before the hyphen tokens[j] (涪城 光电—, 融光—),
    running back to a boundary over at most six characters of words, or None."""
    k = j - 1
    while k >= 0 and tokens[k].start >= floor and tokens[k].tag not in ("w", "p", "c", "u", "m", "q") \
            and lex.role.get(tokens[k].text) not in STOP_ROLES and tokens[j].start - tokens[k].start <= 6:
        k -= 1
    at_boundary = k < 0 or tokens[k].start < floor or tokens[k].tag in ("w", "p", "c", "u")
    return k + 1 if at_boundary and k + 1 < j else None


def _verb_inside(tokens: list[Token], j: int, head: int, bare: bool, floor: int, lex: Lexicon) -> int | None:
    """Index of the first word of a name that holds the verb tokens[j] (车路/n 协同/v 测试基地,
    龙城/LOC 智/v 造/v 孵化器), or None; the head noun begins in tokens[head], at its start
    when `bare`.

    A verb of one character is a morpheme of a compound (智造, 科创); a longer one must have a
    word before the head after it, no name, and no kind of body before it (单位 加入/v 产业学院,
    研究院 挂靠/v 鲁东…大学, 迁入/v 园区 are a subject, a verb and an object). The words before the verb run back to a
    boundary (a particle, punctuation, a relation verb, the clause's start) over name material
    only, at most four words, and the first of them is no verb: 设立/v 茶学…基地 is an act."""
    nxt, prev = tokens[j + 1], tokens[j - 1] if j > 0 else None
    if (nxt.tag in PROPER_TAGS and j + 1 < head) or (len(tokens[j].text) > 1 and j + 1 >= head and bare):
        return None
    if prev is not None and any(prev.text.endswith(w) for w in lex.words("class") | lex.words("category")):
        return None  # 理事单位 加入/v 产业学院: a kind of body is a subject
    k = j
    while k > j - 5:
        tok = tokens[k]
        verb = tok.tag in ("v", "vd") and lex.role.get(tok.text) is None
        # 磷资源|高效/ad 利用/v|技术创新中心: an adverb before the verb inside the name is part of it
        verb = verb or (tok.tag == "ad" and k < j and tokens[k + 1].tag in ("v", "vd") and lex.role.get(tok.text) is None)
        if not verb and not (inner_token(tok, False, lex) and lex.head_of(tok.text) is None):
            break
        k -= 1
        if k < 0 or tokens[k].start < floor:
            break
    first = k + 1
    if first > j or first >= len(tokens):
        return None
    at_boundary = k < 0 or tokens[k].start < floor or tokens[k].tag in ("w", "u", "p", "c") or lex.role.get(tokens[k].text) in STOP_ROLES
    if not at_boundary or tokens[first].tag in ("v", "vd", "vn", "d", "ad") or first == j:
        return None
    if k >= 0 and tokens[k].tag == "p" and tokens[first].tag == "LOC":
        return None  # 从/p 海淀区/LOC 迁入/v 孵化园区: where from, a verb and an object
    if any(t.tag == "ORG" and lex.head_of(t.text) for t in tokens[first:j]) or lex.head_of("".join(t.text for t in tokens[first:j])):
        return None  # 西部高原化学所/ORG 是/v 中国科学院: a whole name before the verb
    return first


def _leading_place(tokens: list[Token], j: int, floor: int, lex: Lexicon) -> bool:
    """True when tokens[j] is a place name the model read as another word and it begins its
    clause (呈贡/v at the sentence's start, after a comma): nothing but the name follows it."""
    tok = tokens[j]
    if not lex.is_place(tok.text) or lex.role.get(tok.text) is not None or tok.text in lex.generic_words:
        return False
    return j == 0 or tokens[j - 1].start < floor or (tokens[j - 1].tag == "w" and tokens[j - 1].text in "，。；：,;:、")


def program_end(work: SentenceWork, start: int, end: int) -> int:
    """The end of a program's name without the projects under it that follow it
    (蚌埠市科技重大专项|项目计划, 省重点研发计划|项目)."""
    lex, text = work.lex, work.text
    for tail in sorted(lex.words("program_tail"), key=len, reverse=True):
        if text.endswith(tail, start, end):
            inner = lex.head_of(text[start : end - len(tail)])
            if inner is not None and inner.label == "Program":
                return end - len(tail)
    return end


def cut_inside_stop(work: SentenceWork, start: int, head_start: int) -> int:
    """The start of a name after the last word inside it that no name holds, where the model
    glued it in (闽海大共建/ORG 运动鞋服…中心, 全资子公司四平…有限公司/n, 新/ad 晋/LOC 国家级…):
    a relation verb or an apposition, also one that straddles the name's start. A name cut
    down to its head (大依托/LOC 科技园) is then dropped as a bare head."""
    cut = start
    for m in work.lex.inside_stop_re.finditer(work.text, max(work.floor, start - 2), head_start):
        if m.end() > start:
            cut = m.end()
    # 禾麦生物建设/ORG 省级工程技术研究中心: a building verb right before a rank ends an act,
    # and the rank begins the name (住房和城乡建设局, 建设银行 have no rank after the verb)
    for m in BUILD_BEFORE_RANK.finditer(work.text, max(work.floor, cut), head_start):
        cut = max(cut, m.end(1))
    return cut


BUILD_BEFORE_RANK = re.compile(r"(?:建设|组建|创建|筹建|争创|申报|打造)()(?=国家级|省级|市级|自治区级|省部级)")


def placeish(tok: Token, lex: Lexicon) -> bool:
    """True when a token is a place: the model says so, or it is one the model did not read as a
    common word (资源/n is a word here, though 资源县 is a county)."""
    return tok.tag == "LOC" or (lex.is_place(tok.text) and (tok.tag not in COMMON_TAGS or len(tok.text) >= 3))


def _starts_proper(tok: Token, lex: Lexicon) -> bool:
    """True when a token begins with a place or known name (浙江大学, 宁波/LOC)."""
    if tok.tag in ("LOC", "PER") or lex.is_place(tok.text):
        return True
    if any(tok.text.startswith(w) for w in lex.level_words if len(w) >= 1) and tok.text not in lex.generic_words:
        return True  # 精神和省市委, 和省“双千”计划: a new name starts at its level word
    if tok.tag == "ORG":
        return any(lex.is_place(tok.text[:n]) for n in (2, 3)) or tok.text.startswith(tuple(lex.words("name_start")))
    return False


def _two_names(tokens: list[Token], j: int, lex: Lexicon) -> bool:
    """True when the conjunction tokens[j] stands between two names: the model marks a whole
    name after it (嫩江/LOC 重机/n 与 北疆工业大学/ORG) and a proper word begins the words
    before it. 国际/n 激光/n 与 光电技术转移中心/ORG is one name."""
    right = tokens[j + 1]
    if right.tag != "ORG" or lex.head_of(right.text) is None:
        return False
    for k in range(j - 1, max(-1, j - 4), -1):
        t = tokens[k]
        if t.tag in ("ORG", "LOC", "nz", "PER") or lex.is_place(t.text):
            return True
        if lex.role.get(t.text) in STOP_ROLES:
            continue  # 学校/stop 机械 与 电子工程学院 is one name; 玉门油田/ORG 建设 工程 与 … two
        if not inner_token(t, False, lex) and t.tag != "v":
            return False
        before = "".join(x.text for x in tokens[k:j])
        if is_trade_name(before, lex) and not before.startswith(tuple(lex.words("proper_prefix") | lex.level_words)):
            return True  # 赣鄱/v 锂业/n 和 赣西理工学院/ORG: a trade name before it (国际激光 is none)
    return False


def _bilateral_prefix(text: str, start: int, floor: int, lex: Lexicon) -> int:
    """Length of a country-pair prefix (中以, 中德) just before `start`, or 0."""
    prefixes = lex.words("prefix")
    for n in (2, 3):
        if start - n >= floor and text[start - n : start] in prefixes:
            return n
    return 0


def trim_left(tokens: list[Token], start: int, end: int, lex: Lexicon) -> int:
    """Drop leading words that only introduce a name (服务甬江实验室, 我县 -> not 县…)."""
    span = [t for t in tokens if start <= t.start < end]
    quantifiers, prepositions = lex.words("quantifier"), lex.words("preposition")
    k = 0
    while k + 1 < len(span):
        t, nxt = span[k], span[k + 1]
        if YEAR.fullmatch(t.text) or t.text in quantifiers or t.text in prepositions:
            k += 1
            continue
        proper_next = nxt.tag in ("ORG", "LOC", "nz", "PER") or lex.is_place(nxt.text)
        if lex.is_place(t.text) and lex.role.get(t.text) is None and t.text not in lex.generic_words:
            break  # 呈贡/v: a place the model misread as a verb begins the name
        if t.tag == "d" and len(t.text) == 1 and nxt.tag == "a" and len(nxt.text) == 1 and t.end == nxt.start:
            break  # 超/d 快/a 激光…: one word, as extend_left read it
        if nxt.text in HYPHENS and k == 0:
            break  # 融光/v —华中理工联合实验室: one founder's name, whatever the model made of it
        if t.tag in ("v", "vd", "ad", "d") or (t.tag == "vn" or t.text in lex.generic_words) and proper_next:
            k += 1
        else:
            break
    if k < len(span):
        before = [t for t in tokens if t.end <= span[k].start]
        if span[k].text in lex.level_words and before and before[-1].text in lex.words("pronoun"):
            k += 1
    return span[k].start if k < len(span) else end


def _matching_open(tokens: list[Token], j: int, floor: int) -> int | None:
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


def inner_token(tok: Token, proper: bool, lex: Lexicon) -> bool:
    """True when `tok` may stand inside a name (in its proper prefix when `proper`)."""
    w, tag = tok.text, tok.tag
    if tag == "w":
        return w == "·"
    if proper:
        # In the proper prefix: places, organisations, level words, numbers.
        return tag in ("ORG", "LOC", "nz") or lex.is_place(w) or w in lex.level_words or w in lex.words("proper_prefix")
    if tag in ("p", "u", "c", "r", "q", "t", "TIME", "ad", "vd", "s"):
        return False
    if tag == "xc":
        return True
    if tag == "m":
        return bool(re.fullmatch(r"[0-9A-Za-z]+[\u4e00-\u9fff]*", w)) and not re.search(r"[家项个人次年月日批位名件元]$", w)
    if tag == "d":
        return w in lex.generic_words
    if tag in ("v", "f"):
        # 国家技术转移西北中心, 华东分中心; 纺织/v 工业城: an industry the model read as a verb
        return lex.role.get(w) == "inner" or (len(w) >= 2 and w in lex.industry)
    return tag in NAME_TAGS
