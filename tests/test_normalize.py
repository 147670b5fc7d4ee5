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
