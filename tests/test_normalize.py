"""Normalisation: display names, comparison keys, abbreviations, short forms in one report."""

from __future__ import annotations

from conftest import extract_text

from ner.normalize import canonical_key, display_name, match_key


def test_match_key_is_the_schema_comparison():
    assert match_key("中石化（宁波）安全科技有限公司") == match_key("中石化(宁波)安全科技有限公司")
    assert match_key("省“领雁”研发攻关计划") == "省领雁研发攻关计划"
    assert match_key(" ABC 科技 ") == "abc科技"


def test_display_name_drops_quotes_and_notes():
    assert display_name("“千人计划”") == "千人计划"
    assert display_name("宁波东方理工大学(暂名)") == "宁波东方理工大学"
    assert display_name("省“双创团队”") == "省“双创团队”"


def test_abbreviations_expand_for_merging():
    assert canonical_key("中科院宁波材料所") == canonical_key("中国科学院宁波材料所")
    assert canonical_key("国科大") == canonical_key("中国科学院大学")
    assert canonical_key("合工大") == canonical_key("合肥工业大学")
    assert canonical_key("宁波大学") != canonical_key("宁波大学科技学院")


def test_short_form_refers_back_within_a_report(pipeline):
    text = ("支持甬江实验室、宁波东方理工大学(暂名)等重点科创平台积极承担国家重点研发计划。"
            "推动东方理工高等研究院落地运行,支持东方理工申报省级新型研发机构。")
    ex = extract_text(pipeline, text)
    by_text = {m.text: m.name for m in ex.mentions}
    assert by_text.get("东方理工") == "宁波东方理工大学"
    assert by_text["东方理工高等研究院"] == "东方理工高等研究院"


def test_known_names_keep_their_own_identity(pipeline):
    ex = extract_text(pipeline, "组织企业与中科院、南京农业大学洽谈。耐科科技股份公司与中科院合肥研究院先进制造所达成了合作意向。")
    assert {m.name for m in ex.mentions} >= {"中科院", "中科院合肥研究院先进制造所"}


def test_cores_and_trade_forms_of_a_full_name():
    from ner.lexicon import get_lexicon
    from ner.model import Mention
    from ner.normalize import short_cores, trade_core, written_forms

    def forms(name):
        return {f for f, _ in written_forms(Mention(0, 0, len(name), name, "Enterprise", name), get_lexicon())}

    assert short_cores("广西壮族自治区桂林漓江智谷科技有限公司")[-1] == "漓江智谷科技"
    assert trade_core("漓江智谷科技") == "漓江智谷"
    assert trade_core("昆仑盐化集团") == "昆仑盐化"  # a firm's head word goes like an industry word
    assert trade_core("雅砻青稞食品") == "雅砻青稞"
    # no brand left: generic and industry words only, or the firm's place and a common word
    assert trade_core("新材料科技") == ""
    assert forms("浙江精密电机有限公司") == {"浙江精密电机"}
    assert forms("江苏龙城储能科技股份有限公司") == {"江苏龙城储能科技", "龙城储能科技", "龙城储能"}
    assert "精密电机" not in short_cores("衢州精密电机有限公司")
    assert short_cores("钢铁集团有限公司") == []
    # a core of another kind is no short form (the area of 兰州新区管委会 is no government)
    assert "高新区" not in short_cores("柳州国家高新区管委会")


def test_trade_forms_and_declared_short_names_are_found_later(pipeline):
    text = ("广西柳江智造科技有限公司与桂南理工学院签订合作协议。次年，柳江智造入选自治区瞪羚企业。"
            "青海昆仑盐化集团股份有限公司（以下简称“昆盐”）成立盐湖化工研究院。昆盐牵头组建青海省盐湖产业技术创新联盟。"
            "西藏雅砻青稞食品有限公司（雅砻食品）入驻拉萨高新区，雅砻食品还与西藏农牧学院共建青稞加工联合实验室。")
    ex = extract_text(pipeline, text)
    short = {(m.text, m.name) for m in ex.mentions if m.text != m.name}
    assert ("柳江智造", "广西柳江智造科技有限公司") in short
    assert ("昆盐", "青海昆仑盐化集团股份有限公司") in short
    assert ("雅砻食品", "西藏雅砻青稞食品有限公司") in short
    # the notes that declare them are no mentions of their own
    notes = [m for m in ex.mentions if m.source == "shortform" and ex.sentences[m.sentence].text[m.start - 1] in "“（"]
    assert notes == [], notes


def test_a_name_written_with_common_contractions_refers_back(pipeline):
    """科技创新 is written 科创, 高新技术产业开发区 高新区: the contracted name, with or without its
    place, is the full name named before."""
    text = ("毕节高新技术产业开发区科技创新中心正式开园。其中，贵州乌蒙山中药有限公司入驻科创中心B区。"
            "科创中心由毕节市人民政府与贵州工程应用技术学院合作共建。")
    ex = extract_text(pipeline, text)
    short = {(m.text, m.name) for m in ex.mentions if m.text != m.name}
    assert ("科创中心", "毕节高新技术产业开发区科技创新中心") in short
    assert ("贵州乌蒙山中药有限公司", "SETTLED_IN", "毕节高新技术产业开发区科技创新中心") in {
        (r.head, r.type, r.tail) for r in ex.relations}
    assert not any(m.name.endswith("开园") for m in ex.mentions)


def test_short_forms_stay_out_of_masked_and_longer_names(pipeline):
    text = "宁波海曙精工机械有限公司获批省级研发中心。xx市海曙精工机械产业园、海曙精工机械研究院同时揭牌。"
    ex = extract_text(pipeline, text)
    assert not [m for m in ex.mentions if m.source == "shortform"], [(m.text, m.name) for m in ex.mentions]


def test_a_designation_is_no_short_form_of_a_name_ending_the_same_way(pipeline):
    ex = extract_text(pipeline, "遵义赤水河酿造有限公司省级企业技术中心通过评估。全市新认定省级企业技术中心12家。")
    by_text = {m.text: m.name for m in ex.mentions}
    assert by_text["省级企业技术中心"] == "省级企业技术中心", by_text


def test_a_core_that_ends_like_a_program_is_the_firm(pipeline):
    ex = extract_text(pipeline, "玉门油田建设工程有限公司与西北石油大学合作。玉门油田建设工程与西北石油大学联合攻关的项目获奖。")
    later = [m for m in ex.mentions if m.text == "玉门油田建设工程"]
    assert later and all(m.name == "玉门油田建设工程有限公司" and m.label == "Enterprise" for m in later), later


def test_a_firm_that_holds_another_is_no_holding_company_name(pipeline):
    ex = extract_text(pipeline, "宁夏宝丰能源集团股份有限公司（以下简称“宝丰能源”）发布公告。宝丰能源控股的宁夏宝丰氢能有限公司入驻园区。")
    assert "宝丰能源控股" not in {m.name for m in ex.mentions}
    assert ("宝丰能源", "宁夏宝丰能源集团股份有限公司") in {(m.text, m.name) for m in ex.mentions}
