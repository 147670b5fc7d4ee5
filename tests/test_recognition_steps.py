"""Each step of ner/recognition/ on its own, over tokens written out by hand (as LAC gives them)."""

from __future__ import annotations

import pytest

from ner.lexicon import get_lexicon
from ner.model import Token
from ner.recognition import STEPS, Recognizer
from ner.recognition.cells import cell_candidates
from ner.recognition.heads import head_candidates
from ner.recognition.keep import CHECKS, DROP, GENERIC, KEEP, judge
from ner.recognition.known import known_candidates
from ner.recognition.lists import coordinated_candidates, list_candidates
from ner.recognition.notes import attach_notes
from ner.recognition.overlap import choose
from ner.recognition.quotes import quoted_candidates
from ner.recognition.spans import model_candidates
from ner.recognition.tokens import repair_tokens, split_token
from ner.recognition.work import Candidate, SentenceWork
from ner.segment import heading_length


def sentence(spec: str, sep: str | None = None) -> SentenceWork:
    """A SentenceWork from 'word/TAG word/TAG …' (items parted by `sep`, default whitespace);
    the text is the words joined."""
    text, tokens = "", []
    for item in spec.split(sep):
        word, tag = item.rsplit("/", 1)
        tokens.append(Token(word, len(text), len(text) + len(word), tag))
        text += word
    return SentenceWork(text, tokens, get_lexicon(), floor=heading_length(text))


def found(work: SentenceWork, source: str | None = None) -> set[str]:
    return {work.span(c) for c in work.candidates if source is None or c.source == source}


def pieces(word: str, tag: str) -> list[tuple[str, str]]:
    return [(t.text, t.tag) for t in split_token(Token(word, 0, len(word), tag), get_lexicon())]


# -- token repair -----------------------------------------------------------------------------
def test_token_repair_cuts_glued_cue_words():
    assert pieces("获批国家企业技术中心", "v") == [("获批", "v"), ("国家企业技术中心", "n")]
    assert pieces("杭州市科技局联合市经信局", "ORG") == [("杭州市科技局", "ORG"), ("联合", "v"), ("市经信局", "ORG")]
    assert pieces("浙江大学台州研究院共建实验室", "ORG") == [("浙江大学台州研究院", "ORG"), ("共建", "v"), ("实验室", "ORG")]
    assert pieces("安徽大学与", "ORG") == [("安徽大学", "ORG"), ("与", "c")]
    assert pieces("）有限公司", "w") == [("）", "w"), ("有限公司", "n")]
    # a name with 联合 inside and no complete name after it stays whole
    assert pieces("浙江大学联合实验室", "ORG") == [("浙江大学联合实验室", "ORG")]


def test_token_repair_joins_a_department_word_with_a_conjunction_inside():
    work = sentence("由/p 省科技厅/ORG 、/w 省工业/ORG 和/c 信息化厅/vn 联合/vd 认定/v 。/w")
    repair_tokens(work)
    assert ("省工业和信息化厅", "ORG") in [(t.text, t.tag) for t in work.tokens]
    # …but not two names joined by 和
    work = sentence("省工业/ORG 和/c 商务厅/n 联合/vd 认定/v 。/w")
    repair_tokens(work)
    assert "和" in [t.text for t in work.tokens]


def test_token_repair_cuts_at_the_gaps_between_table_cells():
    # the model glues cells across a tab, a full-width space or a run of spaces
    assert pieces("孵化器\t桂林漓江智谷科技有限公司", "n") == [("孵化器", "n"), ("\t", "w"), ("桂林漓江智谷科技有限公司", "n")]
    assert pieces("青海盐湖镁业有限公司　西宁理工学院", "ORG") == [
        ("青海盐湖镁业有限公司", "ORG"), ("　", "w"), ("西宁理工学院", "ORG")]
    assert pieces("快繁 ", "ORG") == [("快繁", "ORG"), (" ", "w")]
    # a bracket the model glued into a word
    assert pieces("凯里）茶业有限公司", "LOC") == [("凯里", "LOC"), ("）", "w"), ("茶业有限公司", "LOC")]
    # a space inside a Latin name is part of it
    assert pieces("Micro Focus", "ORG") == [("Micro Focus", "ORG")]


# -- candidate generators ---------------------------------------------------------------------
def test_head_nouns_grow_leftwards_through_brackets():
    work = sentence("宁波/LOC 数字/n 孪生/n (/w 东方理工/ORG )/w 研究院/n 启动/v 运营/vn 。/w")
    head_candidates(work)
    assert found(work) == {"宁波数字孪生(东方理工)研究院"}
    assert work.candidates[0].label == "ResearchInstitute" and work.candidates[0].source == "grammar"


@pytest.mark.parametrize(
    ("spec", "names"),
    [
        # a short form or trade name joined by 与/和 to a whole name the model marks: two names
        ("岷江/LOC 重机/n 与/p 川西工业大学/ORG 签订/v 协议/n 。/w", {"川西工业大学"}),
        ("赣鄱/v 锂业/n 和/c 赣西理工学院/ORG 联合/vd 攻关/v 。/w", {"赣西理工学院"}),
        # …but a name with 与 inside stays whole
        ("国际/n 激光/n 与/c 光电技术转移中心/ORG 落户/v 。/w", {"国际激光与光电技术转移中心"}),
        # a relation verb or an apposition the model glued inside a name ends what stands before it
        ("闽江大/ORG 共建/v 智能/n 制造/vn 联合/vn 研发/vn 中心/n 。/w", {"智能制造联合研发中心"}),
        ("柳钢/ORG 全资子公司广西柳钢防城港钢铁有限公司/n 入驻/v 。/w", {"广西柳钢防城港钢铁有限公司"}),
        ("据/p 孵化器运营/ORG 方南宁邕江创新投资有限公司/ORG 介绍/v 。/w", {"南宁邕江创新投资有限公司"}),
        # a verb between two complete names is no brand: two names
        ("桂林/LOC 高新区管委会/ORG 委托/v 桂林漓江科技服务有限公司/ORG 运营/v 。/w", {"桂林高新区管委会", "桂林漓江科技服务有限公司"}),
        # a place the model misread as a verb begins the name at its clause's start
        ("官渡/v 数字/n 产业/n 孵化器/n 新增/v 企业/n 。/w", {"官渡数字产业孵化器"}),
        # a word between two places belongs to the name
        ("入驻/v 滇池/LOC 生命/n 蓝谷/LOC 产业园/n 。/w", {"滇池生命蓝谷产业园"}),
        # words and a strong head the model read as a verb
        ("共建/v 的/u 滇西医科大学/ORG 转化医学研究院/v 已/d 运行/vn 。/w", {"滇西医科大学", "滇西医科大学转化医学研究院"}),
        # a verb the model tagged inside a name: one character, or two before more words
        ("（/w 桂林/LOC 漓江/LOC 智/v 造/v 孵化器/n 、/w", {"桂林漓江智造孵化器"}),
        ("共建/v 米酒/n 酿造/v 智能化/vn 联合/vn 实验室/n 。/w", {"米酒酿造智能化联合实验室"}),
        ("。/w 国家/n 稠油/n 提高/v 采收率工程技术研究中心/ORG 揭牌/v 。/w", {"国家稠油提高采收率工程技术研究中心"}),
        ("共建/v 车路/n 协同/v 联合/v 实验室/n 。/w", {"车路协同联合实验室"}),
        ("企业/n 从/p 海淀区/LOC 迁入/v 孵化/vn 园区/n 。/w", set()),
        # …but a subject, a verb and an object are no name
        ("30家/m 理事/n 单位/n 加入/v 产业/n 学院/n 。/w", set()),
        ("最大/a 的/u 亮点/n 是/v 川东盐化工实验室/ORG 挂牌/v 运行/v 。/w", {"川东盐化工实验室"}),
        # a building verb glued to a firm's short name ends before the rank that begins the name
        ("支持/v 禾川生物建设/ORG 省级工程技术研究中心/a 。/w", {"省级工程技术研究中心"}),
        # 我/r 校茶学院/n: the speaker's own body (我校) is no part of the name after it
        ("依托/v 我/r 校/n 计算机/n 与/c 信息/n 学院/n ，/w", {"计算机与信息学院"}),
        # an adverb before a verb inside a name (高效/ad 利用/v) is part of it
        ("组建/v 了/u 湖北省/LOC 磷/n 资源/n 高效/ad 利用/v 技术创新/vn 中心/n ，/w", {"湖北省磷资源高效利用技术创新中心"}),
        ("据/p 了解/vn ，/w 南方海洋研究所/ORG 是/v 中国科学院/ORG 在/p 南方/n 的/u 机构/n 。/w", {"南方海洋研究所"}),
        ("西南大学/ORG 在/p 湄潭/LOC 设立/v 茶学/n 实践/n 教学/vn 基地/n 。/w", {"茶学实践教学基地"}),
        # a county named like a common word (资源县) is no place in 种质资源
        ("海南省/LOC 热带/n 作物/n 种质/n 资源/n 创新/vn 重点/n 实验室/n 获批/v 。/w", {"海南省热带作物种质资源创新重点实验室"}),
    ],
)
def test_head_nouns_where_names_begin(spec, names):
    """Where a head-noun name begins (names of six characters or more: shorter ones are parts)."""
    work = sentence(spec)
    repair_tokens(work)
    head_candidates(work)
    found_names = {n for n in found(work) if len(n) > 5}
    assert found_names == names


def test_head_nouns_stop_at_cue_words_and_skip_references():
    work = sentence("3家/m 研究院所/n 获批/v 市级/a 重点/n 实验室/n 。/w")
    head_candidates(work)
    assert "市级重点实验室" in found(work)
    assert not any(s.startswith("获批") for s in found(work))
    work = sentence("我局/n 高度/d 重视/v 。/w")
    head_candidates(work)
    assert found(work) == set()


@pytest.mark.parametrize(
    ("step", "spec", "names"),
    [
        # the model's spans, repaired: truncated, or joined with an industry word
        (model_candidates, "中金石化高/ORG 碳/n 行业/n 节能/vn 项目/n 入选/v 。/w", {"中金石化"}),
        (model_candidates, "新宏/ORG 液压/n 等/u 8家/m 单位/n 入选/v 。/w", {"新宏液压"}),
        # a quoted program takes its level; a quoted product is no program
        (quoted_candidates, "获批/v 省/n “/w 双创/n 团队/n ”/w 。/w", {"省“双创团队”"}),
        (quoted_candidates, "推动/v 奇纳/nz 新材料/n “/w 高温/n 合金/n ”/w 等/u 一批/m 技术/n 。/w", set()),
        # known names; a two-character alias only where the model marks an organisation
        (known_candidates, "清华大学/ORG 与/p 企业/n 合作/v 。/w", {"清华大学"}),
        (known_candidates, "清华/ORG 与/p 企业/n 合作/v 。/w", {"清华"}),
        (known_candidates, "清华/n 与/p 企业/n 合作/v 。/w", set()),
        # trade names in a list of firms, not in a list of industries
        (list_candidates, "其中/r 明正/nz 变电/n 、/w 赣电/nz 电气/n 等/u 2家/m 企业/n 。/w", {"明正变电", "赣电电气"}),
        (list_candidates, "涉及/v 铜基/n 新材料/n 、/w 新能源/n 汽车/n 等/u 多个/m 产业/n 领域/n 。/w", set()),
    ],
)
def test_generators(step, spec, names):
    work = sentence(spec)
    step(work)
    assert found(work) == names


def test_a_table_cell_ending_in_a_head_is_one_name():
    # the model read 防/v as a verb, which stops the head-noun name at 衰老
    row = sentence("2/m|\t/w|百色市/LOC|防/v|衰老/n|中药工程技术研究中心/n|\t/w|广西右江药业有限公司/ORG|\t/w|田阳区/LOC", "|")
    cell_candidates(row)
    assert found(row) == {"百色市防衰老中药工程技术研究中心"}
    # a cell of two names, a cell without a head, and prose without gaps give nothing
    for spec in ("3/m|\t/w|北海海洋装备有限公司/ORG|、/w|桂南理工学院/ORG|\t/w|铁山港区/LOC",
                 "4/m|\t/w|海水/n|养殖/vn|技术/n|集成/vn|\t/w|钦州湾/LOC",
                 "百色市/LOC|防/v|衰老/n|中药工程技术研究中心/n|获批/v|。/w"):
        work = sentence(spec, "|")
        cell_candidates(work)
        assert found(work) == set(), spec


def test_known_names_carry_their_label():
    work = sentence("清华大学/ORG 与/p 企业/n 合作/v 。/w")
    known_candidates(work)
    assert [(c.source, c.label, c.confidence) for c in work.candidates] == [("lexicon", "University", 0.95)]


def test_a_trade_name_joined_to_an_organisation_is_read_after_the_other_generators():
    work = sentence("推动/v 钱江/LOC 摩托/n 与/p 浙江大学/ORG 台州/LOC 研究院/n 共建/v 实验室/n 。/w")
    coordinated_candidates(work)
    assert found(work) == set()  # nothing found before it: no organisation to be joined to
    head_candidates(work)
    coordinated_candidates(work)
    assert "钱江摩托" in found(work, "list")


# -- choosing ---------------------------------------------------------------------------------
def test_overlaps_go_to_the_longest_then_the_surest_source():
    a, b, c, d = Candidate(0, 4, "lac"), Candidate(0, 6, "grammar"), Candidate(5, 8, "quote"), Candidate(7, 8, "lac")
    assert choose([a, b, c, d]) == [b]
    lac, known = Candidate(0, 4, "lac"), Candidate(0, 4, "lexicon")
    assert choose([lac, known]) == [known]
    assert choose([Candidate(6, 9, "lac"), Candidate(0, 4, "lac")]) == [Candidate(0, 4, "lac"), Candidate(6, 9, "lac")]


def test_notes_become_aliases_and_a_former_name_is_no_second_mention():
    work = sentence("鄞州科技孵化创业中心/ORG (/w 原/a 鄞州科技/LOC 信息园/n )/w 获批/v 。/w")
    main, former = Candidate(0, 10, "lac"), Candidate(12, 18, "grammar")
    work.names = [main, former]
    attach_notes(work)
    assert work.names == [main]
    assert main.aliases == ["鄞州科技孵化创业中心(原鄞州科技信息园)", "鄞州科技信息园"]
    campus = sentence("香港科技大学/ORG (/w 广州/LOC )/w 等/u 高校/n 。/w")
    c = Candidate(0, 6, "lexicon")
    campus.names = [c]
    attach_notes(campus)
    assert campus.span(c) == "香港科技大学(广州)" and c.aliases == []


def test_a_short_name_in_brackets_is_a_note():
    work = sentence("柳州智轨交通装备有限公司/ORG （/w 智轨装备/nz ）/w 与/p 广西科技大学/ORG 合作/v 。/w")
    firm, inner = Candidate(0, 12, "grammar"), Candidate(13, 17, "lac")
    work.names = [firm, inner]
    attach_notes(work)
    assert work.names == [firm] and firm.aliases == ["智轨装备"]
    # a bracket of other words is no note
    work = sentence("柳州智轨交通装备有限公司/ORG （/w 国有/n 控股/n ）/w 成立/v 。/w")
    firm = Candidate(0, 12, "grammar")
    work.names = [firm]
    attach_notes(work)
    assert firm.aliases == []


@pytest.mark.parametrize(
    ("spec", "span", "source", "verdict"),
    [
        ("x/xc 明正/nz 变电/n 获批/v 。/w", (1, 5), "list", DROP),  # a mask glued on
        ("国家级/n 创新/vn 平台/n 获/v 突破/v 。/w", (0, 7), "grammar", DROP),  # generic words only
        ("获批/v 市级/a 重点/n 实验室/n 。/w", (2, 9), "grammar", GENERIC),  # a level designation
        ("区/n 科技局/n 牵头/v 。/w", (0, 4), "grammar", KEEP),  # a body named by its level
        ("宁波/LOC 智能/n 装备/n 研究院/n 获批/v 。/w", (0, 9), "grammar", KEEP),  # a place: proper
        ("完成/v 市委/n 市政府/n 中心/n 工作/vn 。/w", (4, 9), "grammar", DROP),  # 中心工作 is one word
        ("与/p 中科院/ORG 合作/v 。/w", (1, 4), "lexicon", KEEP),  # known
    ],
)
def test_keep_checks(spec, span, source, verdict):
    work = sentence(spec)
    assert judge(work, Candidate(*span, source)) == verdict


def test_keep_checks_are_named_once_and_the_first_verdict_wins():
    names = [n for n, _ in CHECKS]
    assert len(names) == len(set(names))
    work = sentence("x/xc 中科院/ORG 合作/v 。/w")
    masked = Candidate(1, 4, "lexicon")
    assert judge(work, masked) == DROP  # the mask check stands before the known-name check


# -- the order of the steps -------------------------------------------------------------------
def test_steps_run_in_the_listed_order_and_can_be_replaced():
    tokens = sentence("xx大学/ORG 汽车/n 车身/n 先进/a 设计/vn 制造/v 国家重点实验室/ORG 设立/v xx/xc 分/v 中心/n 。/w")
    names = [n for n, _ in STEPS]
    assert names.index("repair tokens") == 0 and names.index("overlaps") < names.index("notes") < names.index("keep")
    full = Recognizer().recognize(tokens.text, tokens.tokens)
    without_keep = Recognizer(steps=[s for s in STEPS if s[0] != "keep"]).recognize(tokens.text, tokens.tokens)
    assert {tokens.span(c) for c in full} == set()  # the laboratory of a masked university is no name
    assert {tokens.span(c) for c in without_keep} >= {"xx大学汽车车身先进设计制造国家重点实验室"}
