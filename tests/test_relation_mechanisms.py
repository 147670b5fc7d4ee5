"""Each mechanism of the relation extractor (ner/relations/) on passages written for these tests.

The names are invented, from regions the rules were not written from; every expectation is
the whole set of relations, so a mechanism that over-reaches fails as well as one that misses.
"""

from __future__ import annotations

import pytest
from conftest import extract_text


def rels(pipeline, text: str) -> set[tuple[str, str, str]]:
    out = set()
    for r in extract_text(pipeline, text).relations:
        h, t = (sorted((r.head, r.tail)) if r.type == "PARTNERS_WITH" else (r.head, r.tail))
        out.add((h, r.type, t))
    return out


def partners(*pairs: tuple[str, str]) -> set[tuple[str, str, str]]:
    return {(min(a, b), "PARTNERS_WITH", max(a, b)) for a, b in pairs}


# -- trigger and arguments: the subject governs the clause chain ------------------------------------
def test_subject_carried_over_commas(pipeline):
    text = ("安康秦巴生物医药有限公司与陕南农林大学签订战略合作协议，联合攻克了天麻组培快繁技术，"
            "并共建陕南中药材工程技术研究中心。")
    assert rels(pipeline, text) == partners(("安康秦巴生物医药有限公司", "陕南农林大学")) | {
        ("安康秦巴生物医药有限公司", "CO_BUILDS", "陕南中药材工程技术研究中心"),
        ("陕南农林大学", "CO_BUILDS", "陕南中药材工程技术研究中心"),
    }


def test_object_is_the_nearest_fitting_name_after_the_trigger(pipeline):
    text = "赤峰红山新材料有限公司获批内蒙古自治区重点研发计划项目2项，金额共计600万元。"
    assert rels(pipeline, text) == {("赤峰红山新材料有限公司", "JOINED", "内蒙古自治区重点研发计划")}


def test_relative_clause_head_is_what_is_built_and_then_acts(pipeline):
    text = "黄冈大别山林业科学研究所与黄冈市人民政府共建的大别山油茶工程技术研究中心获批湖北省工程技术研究中心。"
    assert rels(pipeline, text) == partners(("黄冈大别山林业科学研究所", "黄冈市人民政府")) | {
        ("黄冈大别山林业科学研究所", "CO_BUILDS", "大别山油茶工程技术研究中心"),
        ("黄冈市人民政府", "CO_BUILDS", "大别山油茶工程技术研究中心"),
        ("大别山油茶工程技术研究中心", "JOINED", "湖北省工程技术研究中心"),
    }


def test_a_project_made_together_joins_for_its_makers(pipeline):
    text = "汉中秦岭航空部件有限公司与陕西理工学院联合申报的项目获批陕西省重点研发计划。"
    assert rels(pipeline, text) == partners(("汉中秦岭航空部件有限公司", "陕西理工学院")) | {
        ("汉中秦岭航空部件有限公司", "JOINED", "陕西省重点研发计划"),
        ("陕西理工学院", "JOINED", "陕西省重点研发计划"),
    }


def test_a_name_the_recogniser_missed_keeps_its_verb(pipeline):
    """支持某某牵头…: an unrecognised subject stands before the trigger; nothing is borrowed."""
    text = "铜陵有色新材料研究院与铜陵学院签订协议。支持铜冠铜箔牵头组建安徽省铜基材料产业创新联合体。"
    found = rels(pipeline, text)
    assert ("铜陵有色新材料研究院", "LEADS", "安徽省铜基材料产业创新联合体") not in found


# -- distributives -------------------------------------------------------------------------------
def test_each_of_a_list_with_one(pipeline):
    text = "六安皖西茶业有限公司、六安大别山水电设备有限公司分别与皖西学院签订产学研合作协议。"
    assert rels(pipeline, text) == partners(("六安皖西茶业有限公司", "皖西学院"), ("六安大别山水电设备有限公司", "皖西学院"))


def test_one_with_each_of_a_counted_list(pipeline):
    text = "六安市人民政府与皖西学院、六安职业技术学院等4所高校签署校地合作框架协议。"
    assert rels(pipeline, text) == partners(("六安市人民政府", "皖西学院"), ("六安市人民政府", "六安职业技术学院"))


def test_a_list_of_pairs_keeps_each_pair(pipeline):
    text = "会上，赤峰松山冶金有限公司与内蒙古赤峰学院、赤峰元宝山能源有限公司与蒙东能源研究院分别签署技术开发合同。"
    assert rels(pipeline, text) == partners(("赤峰松山冶金有限公司", "内蒙古赤峰学院"), ("赤峰元宝山能源有限公司", "蒙东能源研究院"))


# -- paragraph topic and anaphors ------------------------------------------------------------------
def test_anaphor_and_omitted_subject_refer_to_the_paragraphs_organisation(pipeline):
    text = ("湖北省油菜遗传改良重点实验室依托黄冈师范学院建设。近年来，该实验室已与黄冈楚丰种业有限公司、"
            "湖北大别山农业科技有限公司等9家企业签订合作协议。同时，牵头组建黄冈市油菜产业技术创新战略联盟。")
    assert rels(pipeline, text) == partners(
        ("湖北省油菜遗传改良重点实验室", "黄冈楚丰种业有限公司"), ("湖北省油菜遗传改良重点实验室", "湖北大别山农业科技有限公司")
    ) | {
        ("黄冈师范学院", "LEADS", "湖北省油菜遗传改良重点实验室"),
        ("湖北省油菜遗传改良重点实验室", "LEADS", "黄冈市油菜产业技术创新战略联盟"),
    }


def test_the_reporting_bodys_own_doings_borrow_no_topic(pipeline):
    """A sentence that begins with the bureau's doings (加快推进…) is not about the last firm named."""
    text = "赤峰红山新材料有限公司入选国家级专精特新“小巨人”企业。加快推进科技创新平台建设，新入选内蒙古自治区“草原英才”工程12人。"
    assert rels(pipeline, text) == {("赤峰红山新材料有限公司", "JOINED", "国家级专精特新“小巨人”企业")}


def test_both_sides_of_an_agreement(pipeline):
    text = "安康市人民政府与陕南农林大学签署合作协议，双方将共建陕南农林大学安康富硒产业研究院。"
    found = rels(pipeline, text)
    assert {("安康市人民政府", "CO_BUILDS", "陕南农林大学安康富硒产业研究院"),
            ("陕南农林大学", "CO_BUILDS", "陕南农林大学安康富硒产业研究院"),
            ("陕南农林大学安康富硒产业研究院", "PART_OF", "陕南农林大学")} <= found


# -- enumerations --------------------------------------------------------------------------------
def test_a_count_then_its_list(pipeline):
    text = ("黄石经开区共有3家企业被认定为高新技术企业。这3家企业分别是：黄石磁湖电子有限公司、"
            "黄石铁山矿山机械有限公司和湖北西塞山新材料有限公司。")
    assert rels(pipeline, text) == {
        ("黄石磁湖电子有限公司", "JOINED", "高新技术企业"),
        ("黄石铁山矿山机械有限公司", "JOINED", "高新技术企业"),
        ("湖北西塞山新材料有限公司", "JOINED", "高新技术企业"),
    }


def test_one_name_per_line_under_a_heading(pipeline):
    text = ("2024年度湖北省专精特新中小企业名单（咸宁市）\n我市共有3家企业入选，名单如下：\n"
            "咸宁温泉光电有限公司\n湖北嘉鱼纸业股份有限公司\n赤壁青砖茶业有限公司\n")
    assert rels(pipeline, text) == {
        ("咸宁温泉光电有限公司", "JOINED", "湖北省专精特新中小企业"),
        ("湖北嘉鱼纸业股份有限公司", "JOINED", "湖北省专精特新中小企业"),
        ("赤壁青砖茶业有限公司", "JOINED", "湖北省专精特新中小企业"),
    }


def test_numbered_rows_with_their_hosts(pipeline):
    text = ("认定以下3家中心为2024年度咸宁市工程技术研究中心：\n"
            "1.咸宁市苎麻纺织工程技术研究中心（依托单位：湖北通山苎麻科技有限公司）\n"
            "2.咸宁市楠竹加工工程技术研究中心（依托单位：湖北崇阳竹业有限公司、湖北科技学院，双方联合共建）\n")
    assert rels(pipeline, text) == partners(("湖北崇阳竹业有限公司", "湖北科技学院")) | {
        ("咸宁市苎麻纺织工程技术研究中心", "JOINED", "咸宁市工程技术研究中心"),
        ("咸宁市楠竹加工工程技术研究中心", "JOINED", "咸宁市工程技术研究中心"),
        ("湖北通山苎麻科技有限公司", "LEADS", "咸宁市苎麻纺织工程技术研究中心"),
        ("湖北崇阳竹业有限公司", "CO_BUILDS", "咸宁市楠竹加工工程技术研究中心"),
        ("湖北科技学院", "CO_BUILDS", "咸宁市楠竹加工工程技术研究中心"),
    }


@pytest.mark.parametrize("sep", ["\t", "\u3000", "  "])
def test_a_table_rendered_as_lines(pipeline, sep):
    rows = [["序号", "项目名称", "承担单位", "合作单位"],
            ["1", "钒钛磁铁矿综合利用", "攀枝花钒钛冶金有限公司", "攀西钒钛科技学院"],
            ["2", "芒果冷链保鲜技术", "攀枝花阳光果业有限公司", "—"]]
    text = "关于下达2024年度攀枝花市科技计划项目的通知\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    assert rels(pipeline, text) == partners(("攀枝花钒钛冶金有限公司", "攀西钒钛科技学院")) | {
        ("攀枝花钒钛冶金有限公司", "JOINED", "攀枝花市科技计划"),
        ("攀西钒钛科技学院", "JOINED", "攀枝花市科技计划"),
        ("攀枝花阳光果业有限公司", "JOINED", "攀枝花市科技计划"),
    }


def test_a_partner_in_a_table_of_platforms_gets_no_rank(pipeline):
    rows = [["序号", "设站单位", "进站院士团队", "合作单位"],
            ["1", "攀枝花钒钛冶金有限公司", "张院士团队", "攀西钒钛科技学院"]]
    text = "2024年度四川省院士专家工作站建站名单\n" + "\n".join("\t".join(r) for r in rows) + "\n"
    assert rels(pipeline, text) == partners(("攀枝花钒钛冶金有限公司", "攀西钒钛科技学院")) | {
        ("攀枝花钒钛冶金有限公司", "JOINED", "四川省院士专家工作站")}


def test_a_titled_row_names_its_members_after_a_role_word(pipeline):
    text = ("为表彰在科技创新中作出突出贡献的单位，授予“钒钛磁铁矿综合利用技术”等12项成果攀枝花市科学技术进步奖。\n"
            "一等奖项目如下：\n1.钒钛磁铁矿综合利用技术　完成单位：攀枝花钒钛冶金有限公司、攀西钒钛科技学院\n"
            "2.芒果冷链保鲜技术　完成单位：攀枝花阳光果业有限公司\n")
    assert rels(pipeline, text) == {
        ("攀枝花钒钛冶金有限公司", "JOINED", "攀枝花市科学技术进步奖"),
        ("攀西钒钛科技学院", "JOINED", "攀枝花市科学技术进步奖"),
        ("攀枝花阳光果业有限公司", "JOINED", "攀枝花市科学技术进步奖")}


# -- structure stated by names, and hosts ---------------------------------------------------------
def test_part_of_where_a_name_is_built_on_another(pipeline):
    text = ("黔南民族工学院与都匀市人民政府共建黔南民族工学院都匀茶产业研究院，"
            "黔南民族工学院茶学院负责运行。")
    found = rels(pipeline, text)
    assert {("黔南民族工学院都匀茶产业研究院", "PART_OF", "黔南民族工学院"),
            ("黔南民族工学院茶学院", "PART_OF", "黔南民族工学院")} <= found


def test_a_joint_name_is_part_of_neither_founder(pipeline):
    text = "遵义师范学院与贵州仁怀酱香酒业有限公司共建遵义师范学院–仁怀酱香联合实验室。"
    found = rels(pipeline, text)
    assert not any(t == "PART_OF" for _, t, _ in found)


def test_host_leads_and_an_institute_that_hangs_on_a_host_is_part_of_it(pipeline):
    text = ("依托张家口坝上农业科技有限公司建设的河北省坝上马铃薯技术创新中心通过验收；"
            "张家口寒地生态研究院挂靠河北北方学院农林科技学院。")
    assert rels(pipeline, text) == {
        ("张家口坝上农业科技有限公司", "LEADS", "河北省坝上马铃薯技术创新中心"),
        ("张家口寒地生态研究院", "PART_OF", "河北北方学院农林科技学院"),
    }


def test_leader_and_members_of_a_consortium(pipeline):
    text = "该联合体由衡水橡塑集团有限公司牵头，联合衡水学院、河北工程橡胶研究所共同组建。"
    found = rels(pipeline, "衡水市橡胶产业创新联合体在衡水高新区成立。" + text)
    assert {("衡水橡塑集团有限公司", "LEADS", "衡水市橡胶产业创新联合体")} <= found
    assert partners(("衡水橡塑集团有限公司", "衡水学院"), ("衡水橡塑集团有限公司", "河北工程橡胶研究所")) <= found


# -- designations as programs ---------------------------------------------------------------------
def test_a_platform_joins_a_designation_whichever_is_named(pipeline):
    text = "邢台冀南精工轴承有限公司企业技术中心被认定为河北省企业技术中心，邢台南和宠物食品有限公司入选国家级专精特新“小巨人”企业。"
    found = rels(pipeline, text)
    assert ("邢台冀南精工轴承有限公司企业技术中心", "JOINED", "河北省企业技术中心") in found
    assert ("邢台南和宠物食品有限公司", "JOINED", "国家级专精特新“小巨人”企业") in found


# -- modality -------------------------------------------------------------------------------------
def test_negation_anywhere_in_the_clause_denies(pipeline):
    assert rels(pipeline, "邢台南和宠物食品有限公司申报的省级重点实验室最终没有一个入选。") == set()
    assert rels(pipeline, "邢台冀南精工轴承有限公司今年均未获批国家重点研发计划。") == set()


def test_a_plan_is_kept_apart_as_planned(pipeline):
    ex = extract_text(pipeline, "衡水市人民政府拟与河北工程橡胶研究所共建衡水橡胶新材料中试基地。")
    planned = {(r.head, r.type, r.tail) for r in ex.relations if r.planned}
    assert ("衡水市人民政府", "CO_BUILDS", "衡水橡胶新材料中试基地") in planned
    assert all(r.planned for r in ex.relations)


def test_support_and_promote_are_plans_only_under_a_plans_heading(pipeline):
    plan = "衡水市科技局2025年工作计划\n一、支持衡水橡塑集团有限公司牵头组建河北省橡胶产业技术创新战略联盟。"
    ex = extract_text(pipeline, plan)
    assert [r.planned for r in ex.relations] == [True]


def test_evidence_spans_the_sentences_that_state_it(pipeline):
    text = "邯郸冀南新材料研究院依托邯郸学院建设。目前，该研究院已与峰峰矿业集团有限公司签订合作协议。"
    ex = extract_text(pipeline, text)
    rel = next(r for r in ex.relations if r.type == "PARTNERS_WITH")
    ev = rel.evidence
    assert ev.text[ev.head_start : ev.head_end] in ("邯郸冀南新材料研究院", "峰峰矿业集团有限公司")
    assert ev.text[ev.tail_start : ev.tail_end] in ("邯郸冀南新材料研究院", "峰峰矿业集团有限公司")
    assert ev.cue.startswith("签订")


def test_a_copula_gives_the_rank_to_what_was_built(pipeline):
    text = "遵义凤冈茶旅科技园是凤冈县人民政府与遵义师范学院合作共建的省级科技园。"
    assert rels(pipeline, text) == partners(("凤冈县人民政府", "遵义师范学院")) | {
        ("凤冈县人民政府", "CO_BUILDS", "遵义凤冈茶旅科技园"),
        ("遵义师范学院", "CO_BUILDS", "遵义凤冈茶旅科技园"),
        ("遵义凤冈茶旅科技园", "JOINED", "省级科技园"),
    }


def test_a_leader_leads_what_the_project_it_leads_wins(pipeline):
    text = "六盘水盘江煤电机械有限公司牵头，贵州理工学院、六盘水师范学院参与的“矿用智能支护装备”项目列入贵州省科技支撑计划。"
    found = rels(pipeline, text)
    assert ("六盘水盘江煤电机械有限公司", "LEADS", "贵州省科技支撑计划") in found
    assert {("贵州理工学院", "JOINED", "贵州省科技支撑计划"), ("六盘水师范学院", "JOINED", "贵州省科技支撑计划")} <= found


def test_a_prize_grade_belongs_to_the_award_named_before(pipeline):
    text = "大会为2024年度铜仁市科学技术奖获奖单位颁奖。贵州梵净山茶业有限公司、铜仁学院获一等奖。"
    assert rels(pipeline, text) == {
        ("贵州梵净山茶业有限公司", "JOINED", "铜仁市科学技术奖"), ("铜仁学院", "JOINED", "铜仁市科学技术奖")}


def test_what_jiang_moves_settles_and_jiang_is_no_plan_there(pipeline):
    """将 as 把: the firm that moves its unnamed centre settles itself; a named unit settles on its own."""
    ex = extract_text(pipeline, "张掖祁连种业有限公司将研发中心整体迁至张掖高新区农业科技园。")
    assert [((r.head, r.type, r.tail), r.planned) for r in ex.relations] == [
        (("张掖祁连种业有限公司", "SETTLED_IN", "张掖高新区农业科技园"), False)]
    text = "酒泉东方风电集团有限公司把西北风电研究院迁至嘉峪关市。"
    assert ("酒泉东方风电集团有限公司", "SETTLED_IN", "西北风电研究院") not in rels(pipeline, text)


def test_a_note_after_the_text_says_what_its_common_noun_means(pipeline):
    text = ("公司系国家高新技术企业。报告期内，全资子公司鄂尔多斯蒙西碳材料有限公司荣获“内蒙古自治区知识产权示范企业”称号。\n"
            "注：本节所称“公司”指内蒙古伊泰煤化新材料股份有限公司。")
    assert rels(pipeline, text) == {
        ("内蒙古伊泰煤化新材料股份有限公司", "JOINED", "国家高新技术企业"),
        ("鄂尔多斯蒙西碳材料有限公司", "PART_OF", "内蒙古伊泰煤化新材料股份有限公司"),
        ("鄂尔多斯蒙西碳材料有限公司", "JOINED", "内蒙古自治区知识产权示范企业"),
    }


def test_a_project_named_as_a_programs_stands_for_the_program(pipeline):
    text = ("国家重点研发计划“高原特色作物种质创新”项目在拉萨启动。该项目由西藏高原农牧科技有限公司牵头，"
            "拉萨农牧学院、西藏自治区农业科学研究所参与承担。")
    assert rels(pipeline, text) >= {
        ("西藏高原农牧科技有限公司", "LEADS", "国家重点研发计划"),
        ("拉萨农牧学院", "JOINED", "国家重点研发计划"),
        ("西藏自治区农业科学研究所", "JOINED", "国家重点研发计划"),
    }
    # a project of nobody's program is no program: its makers are who did it
    assert not any(t == "国家重点研发计划" for _, _, t in rels(pipeline, "该项目由西藏高原农牧科技有限公司牵头。"))


def test_assistants_join_what_the_leader_leads_and_work_with_it(pipeline):
    text = "柳州五菱汽车零部件有限公司牵头承担广西科技重大专项，广西科技大学、柳州机械研究所作为协作单位参与。"
    assert rels(pipeline, text) == partners(
        ("柳州五菱汽车零部件有限公司", "广西科技大学"), ("柳州五菱汽车零部件有限公司", "柳州机械研究所")) | {
        ("柳州五菱汽车零部件有限公司", "LEADS", "广西科技重大专项"),
        ("柳州五菱汽车零部件有限公司", "JOINED", "广西科技重大专项"),
        ("广西科技大学", "JOINED", "广西科技重大专项"),
        ("柳州机械研究所", "JOINED", "广西科技重大专项"),
    }


def test_those_a_platform_brings_in_settle_there(pipeline):
    text = ("宁夏银川中关村创新中心新引进宁夏贺兰山葡萄酒有限公司、银川西夏智能装备有限公司。"
            "宁夏贺兰山葡萄酒有限公司引进银川西夏智能装备有限公司的技术。")
    assert rels(pipeline, text) == {
        ("宁夏贺兰山葡萄酒有限公司", "SETTLED_IN", "宁夏银川中关村创新中心"),
        ("银川西夏智能装备有限公司", "SETTLED_IN", "宁夏银川中关村创新中心"),
    }


def test_a_rank_and_a_kind_of_centre_is_a_designation(pipeline):
    text = "宁夏医科大学总医院心血管病临床研究中心获批宁夏回族自治区临床医学研究中心。"
    assert ("宁夏医科大学总医院心血管病临床研究中心", "JOINED", "宁夏回族自治区临床医学研究中心") in rels(pipeline, text)


def test_what_a_leading_relative_phrase_describes_is_the_clause_subject(pipeline):
    text = ("塔里木农垦大学与阿拉尔市人民政府共同出资建设的南疆棉花研究院投入运行，"
            "阿克苏红枣研究所作为其下属机构，入选新疆维吾尔自治区重点实验室培育库。")
    assert rels(pipeline, text) == partners(("塔里木农垦大学", "阿拉尔市人民政府")) | {
        ("塔里木农垦大学", "CO_BUILDS", "南疆棉花研究院"),
        ("阿拉尔市人民政府", "CO_BUILDS", "南疆棉花研究院"),
        ("阿克苏红枣研究所", "PART_OF", "南疆棉花研究院"),
        ("阿克苏红枣研究所", "JOINED", "新疆维吾尔自治区重点实验室培育库"),
    }


def test_a_platform_named_by_its_rank_after_the_verb_is_a_rank_won(pipeline):
    text = "西宁湟水智能制造研究院获批青海省“一带一路”联合实验室。"
    assert rels(pipeline, text) == {("西宁湟水智能制造研究院", "JOINED", "青海省“一带一路”联合实验室")}


def test_the_two_bodies_named_before_act_again(pipeline):
    text = ("克拉玛依石化装备有限公司与新疆石油工程学院共建油气装备联合实验室；"
            "上述两家单位还与独山子石化研究院共同发起成立新疆油气装备产业创新联盟。")
    found = rels(pipeline, text)
    assert {("克拉玛依石化装备有限公司", "CO_BUILDS", "新疆油气装备产业创新联盟"),
            ("新疆石油工程学院", "CO_BUILDS", "新疆油气装备产业创新联盟"),
            ("独山子石化研究院", "CO_BUILDS", "新疆油气装备产业创新联盟")} <= found


def test_a_joint_venture_is_built_together(pipeline):
    text = "凉山彝海锂业股份有限公司与攀西储能科技有限公司合资设立的西昌锂源新材料有限公司正式投产。"
    assert rels(pipeline, text) == partners(("凉山彝海锂业股份有限公司", "攀西储能科技有限公司")) | {
        ("凉山彝海锂业股份有限公司", "CO_BUILDS", "西昌锂源新材料有限公司"),
        ("攀西储能科技有限公司", "CO_BUILDS", "西昌锂源新材料有限公司")}


def test_each_thing_won_after_a_count(pipeline):
    text = "西昌学院作为第一完成单位斩获四川省技术发明奖1项、四川省科学技术进步奖2项。"
    assert rels(pipeline, text) == {("西昌学院", "JOINED", "四川省技术发明奖"), ("西昌学院", "JOINED", "四川省科学技术进步奖")}


def test_a_long_counted_list_after_lianhe_works_with_the_agent_only(pipeline):
    text = ("大庆油田装备产业技术创新战略联盟联合大庆石化装备有限公司、东北石油工程大学、"
            "大庆钻探技术研究院等23家企业和高校院所，围绕井下工具开展协同攻关。")
    # (an alliance is a platform its members build, not their partner: SCHEMA.md's PARTNERS_WITH
    # relates two organisations)
    assert rels(pipeline, text) == {
        (m, "CO_BUILDS", "大庆油田装备产业技术创新战略联盟") for m in ("大庆石化装备有限公司", "东北石油工程大学", "大庆钻探技术研究院")}


def test_a_markdown_table_with_a_park_column(pipeline):
    text = ("关于公布2024年度攀枝花市科技型中小企业“雏鹰计划”入库企业名单的通知\n"
            "| 序号 | 企业名称 | 所属县区/园区 |\n| 1 | 攀枝花钒钛冶金有限公司 | 攀枝花钒钛高新区科技园 |\n| 2 | 攀枝花阳光果业有限公司 | 米易县 |\n")
    found = rels(pipeline, text)
    assert ("攀枝花钒钛冶金有限公司", "SETTLED_IN", "攀枝花钒钛高新区科技园") in found
    joined = [(h, t) for h, r, t in found if r == "JOINED"]
    assert sorted(h for h, _ in joined) == ["攀枝花钒钛冶金有限公司", "攀枝花阳光果业有限公司"]
    assert all(t.endswith("雏鹰计划") for _, t in joined)


def test_projects_approved_under_a_list_named_before(pipeline):
    text = ("近日，四川省科技厅公布2024年度四川省重点研发计划立项名单，攀枝花市共有3个项目获批。"
            "其中，攀枝花钒钛冶金有限公司联合攀西钒钛科技学院承担的“钒钛磁铁矿综合利用”项目获支持经费300万元；"
            "攀枝花阳光果业有限公司与攀枝花市农林科学研究院合作的芒果保鲜项目、攀枝花金沙水电设备有限公司申报的水轮机项目也同时立项。")
    joined = {h for h, r, t in rels(pipeline, text) if r == "JOINED" and t == "四川省重点研发计划"}
    assert joined == {"攀枝花钒钛冶金有限公司", "攀西钒钛科技学院", "攀枝花阳光果业有限公司",
                      "攀枝花市农林科学研究院", "攀枝花金沙水电设备有限公司"}


def test_rows_after_qizhong_each_join_and_two_hosts_that_build_together_cobuild(pipeline):
    text = ("经评审，决定认定阿坝州高原药材工程技术研究中心等3家单位为2024年度阿坝州工程技术研究中心，其中：\n"
            "阿坝州高原药材工程技术研究中心，依托四川岷山药业有限公司组建；\n"
            "阿坝州牦牛乳制品工程技术研究中心，依托红原牦牛乳业有限公司和阿坝师范学院联合组建；\n")
    found = rels(pipeline, text)
    assert {h for h, r, t in found if r == "JOINED"} == {"阿坝州高原药材工程技术研究中心", "阿坝州牦牛乳制品工程技术研究中心"}
    assert ("四川岷山药业有限公司", "LEADS", "阿坝州高原药材工程技术研究中心") in found
    assert {("红原牦牛乳业有限公司", "CO_BUILDS", "阿坝州牦牛乳制品工程技术研究中心"),
            ("阿坝师范学院", "CO_BUILDS", "阿坝州牦牛乳制品工程技术研究中心")} <= found
    assert ("红原牦牛乳业有限公司", "LEADS", "阿坝州牦牛乳制品工程技术研究中心") not in found


def test_leaders_named_after_the_verb_lead_each_in_order(pipeline):
    text = "近日，省科技厅公布2024年省技术创新中心建设名单，我市申报的四川省高原光伏技术创新中心、四川省藏药现代化技术创新中心获批，牵头单位分别为阿坝光能科技有限公司和四川岷山药业有限公司。"
    found = rels(pipeline, text)
    assert ("阿坝光能科技有限公司", "LEADS", "四川省高原光伏技术创新中心") in found
    assert ("四川岷山药业有限公司", "LEADS", "四川省藏药现代化技术创新中心") in found
    assert ("阿坝光能科技有限公司", "LEADS", "四川省藏药现代化技术创新中心") not in found


def test_a_table_parted_by_tabs_keeps_a_space_inside_a_cell(pipeline):
    text = ("2024年度四川省院士（专家）工作站认定名单\n序号\t建站单位\t进站院士（专家）\t合作单位\n"
            "1\t四川岷山药业有限公司\t王某 院士\t阿坝师范学院\n")
    assert rels(pipeline, text) == partners(("四川岷山药业有限公司", "阿坝师范学院")) | {
        ("四川岷山药业有限公司", "JOINED", "四川省院士（专家）工作站")}


def test_what_the_title_is_about_is_who_faxingren_and_women_are(pipeline):
    text = ("临夏河州钒业科技股份有限公司首次公开发行股票招股说明书（节选）\n"
            "报告期内，发行人与下列单位开展合作研发：\n"
            "1．与甘肃有色金属研究院签订技术开发合同；\n"
            "2．与河州理工大学共建钒电池联合研发中心。\n"
            "发行人为国家高新技术企业。\n")
    assert rels(pipeline, text) == partners(
        ("临夏河州钒业科技股份有限公司", "甘肃有色金属研究院"), ("临夏河州钒业科技股份有限公司", "河州理工大学")) | {
        ("临夏河州钒业科技股份有限公司", "CO_BUILDS", "钒电池联合研发中心"),
        ("河州理工大学", "CO_BUILDS", "钒电池联合研发中心"),
        ("临夏河州钒业科技股份有限公司", "JOINED", "国家高新技术企业")}
    interview = ("访临夏河州钒业科技股份有限公司董事长\n问：公司这几年有哪些动作？\n"
                 "答：我们2021年和河州理工大学共建了钒电池联合研发中心。今年又牵头承担了甘肃省科技重大专项，参与单位有甘肃有色金属研究院和临夏钒材料有限公司。\n")
    found = rels(pipeline, interview)
    assert ("临夏河州钒业科技股份有限公司", "CO_BUILDS", "钒电池联合研发中心") in found
    assert ("临夏河州钒业科技股份有限公司", "LEADS", "甘肃省科技重大专项") in found
    assert {("甘肃有色金属研究院", "JOINED", "甘肃省科技重大专项"), ("临夏钒材料有限公司", "JOINED", "甘肃省科技重大专项")} <= found
    assert ("临夏河州钒业科技股份有限公司", "甘肃有色金属研究院") in {(h, t) for h, r, t in found if r == "PARTNERS_WITH"} | {
        (t, h) for h, r, t in found if r == "PARTNERS_WITH"}
    # a bureau's 我们 is no organisation of the graph
    bureau = "临夏州科学技术局2024年工作总结\n我们与河州理工大学签订了合作协议。\n"
    assert rels(pipeline, bureau) == set()


def test_a_definitions_table_names_the_firm_and_its_subsidiaries(pipeline):
    text = ("白银铜城新材料股份有限公司2024年年度报告（节选）\n释义\n"
            "公司、本公司、铜城新材　指　白银铜城新材料股份有限公司\n"
            "靖远铜箔　指　靖远铜箔科技有限公司，系公司控股子公司\n"
            "报告期内，靖远铜箔入选甘肃省瞪羚企业；公司参与了由兰州有色金属研究院牵头的国家重点研发计划。\n")
    found = rels(pipeline, text)
    assert ("靖远铜箔科技有限公司", "PART_OF", "白银铜城新材料股份有限公司") in found
    assert any(h == "靖远铜箔科技有限公司" and r == "JOINED" and t.endswith("瞪羚企业") for h, r, t in found)
    assert ("白银铜城新材料股份有限公司", "JOINED", "国家重点研发计划") in found
    assert ("兰州有色金属研究院", "LEADS", "国家重点研发计划") in found


def test_those_who_take_part_in_building_cobuild_with_each_other(pipeline):
    text = "支持百色铝业集团有限公司牵头组建广西铝材技术创新中心，桂西工程大学、百色铝材研究院作为共建单位参与。"
    assert rels(pipeline, text) == partners(
        ("百色铝业集团有限公司", "桂西工程大学"), ("百色铝业集团有限公司", "百色铝材研究院"), ("桂西工程大学", "百色铝材研究院")) | {
        ("百色铝业集团有限公司", "LEADS", "广西铝材技术创新中心"),
        ("桂西工程大学", "CO_BUILDS", "广西铝材技术创新中心"),
        ("百色铝材研究院", "CO_BUILDS", "广西铝材技术创新中心")}


def test_a_name_in_a_bracketed_note_is_no_agent(pipeline):
    text = "参股公司百色德保电器有限公司（公司持股20%）获评国家级专精特新“小巨人”企业。公司与桂西工程大学签订合作协议。"
    found = rels(pipeline, text)
    assert ("百色德保电器有限公司", "JOINED", "国家级专精特新“小巨人”企业") in found
    assert not any("公司与" in h or "公司与" in t for h, _, t in found)


def test_the_project_that_won_a_program_stands_for_it(pipeline):
    text = ("宁德霞浦海洋生物科技有限公司申报的“大黄鱼良种选育”项目获批2024年度福建省科技重大专项。"
            "该项目由宁德霞浦海洋生物科技有限公司牵头，联合闽东海洋学院、福建省水产研究所共同实施。该公司现为国家高新技术企业。")
    found = rels(pipeline, text)
    assert {("宁德霞浦海洋生物科技有限公司", "LEADS", "福建省科技重大专项"),
            ("闽东海洋学院", "JOINED", "福建省科技重大专项"),
            ("福建省水产研究所", "JOINED", "福建省科技重大专项"),
            ("宁德霞浦海洋生物科技有限公司", "JOINED", "国家高新技术企业")} <= found


def test_a_record_over_lines_of_fields(pipeline):
    text = ("（1）榜单名称：大黄鱼深远海养殖装备\n发榜单位：宁德霞浦海洋生物科技有限公司\n"
            "揭榜单位：闽东海洋学院（联合揭榜单位：福建省水产研究所）\n（2）榜单名称：海带加工\n发榜单位：福鼎海带食品有限公司\n揭榜单位：福建省水产研究所\n")
    assert rels(pipeline, text) == partners(
        ("宁德霞浦海洋生物科技有限公司", "闽东海洋学院"), ("宁德霞浦海洋生物科技有限公司", "福建省水产研究所"),
        ("闽东海洋学院", "福建省水产研究所"), ("福鼎海带食品有限公司", "福建省水产研究所"))


def test_gaizhuangsi_after_a_described_subject_is_what_was_set_up(pipeline):
    text = ("同日，铜陵长江智造科技股份有限公司与铜陵理工学院共同出资设立的铜陵皖铜具身智能研究院有限公司揭牌，"
            "其中铜陵长江智造科技股份有限公司出资70%。该公司注册于铜陵狮子山机器人产业园。")
    found = rels(pipeline, text)
    assert ("铜陵皖铜具身智能研究院有限公司", "SETTLED_IN", "铜陵狮子山机器人产业园") in found
    assert ("铜陵长江智造科技股份有限公司", "SETTLED_IN", "铜陵狮子山机器人产业园") not in found


def test_part_of_by_lishuyu_and_an_intention_is_a_plan(pipeline):
    found = rels(pipeline, "格尔木盐湖化工研究所隶属于青海昆仑科学院。")
    assert found == {("格尔木盐湖化工研究所", "PART_OF", "青海昆仑科学院")}
    ex = extract_text(pipeline, "格尔木锂能科技有限公司表达了落户柴达木循环经济试验区昆仑工业园的意向。")
    assert all(r.planned for r in ex.relations)


def test_rows_of_projects_with_their_undertakers_and_partners(pipeline):
    text = ("现将2021年度烟台市科技创新发展计划项目验收情况通报如下：\n"
            "1．海上风电防腐技术研究，承担单位：烟台港城海工装备有限公司，合作单位：鲁东海事学院；\n"
            "2．液压件精密铸造工艺，承担单位：龙口东江液压股份有限公司。\n")
    found = rels(pipeline, text)
    assert partners(("烟台港城海工装备有限公司", "鲁东海事学院")) <= found
    assert {h for h, r, t in found if r == "JOINED"} >= {"烟台港城海工装备有限公司", "龙口东江液压股份有限公司"}


def test_a_bulleted_description_after_a_name_is_about_it(pipeline):
    text = "👉 湖州碧浪湖新能源科技有限公司：2022年从杭州整体迁入吴兴区八里店新能源产业园，是国家高新技术企业。"
    assert rels(pipeline, text) == {
        ("湖州碧浪湖新能源科技有限公司", "SETTLED_IN", "吴兴区八里店新能源产业园"),
        ("湖州碧浪湖新能源科技有限公司", "JOINED", "国家高新技术企业")}


def test_members_after_ji_and_in_the_list(pipeline):
    text = ("于都、信丰两县各有1家企业入选国家级专精特新“小巨人”企业，即江西于都钨钼精深加工有限公司和信丰县脐橙生物科技有限公司。"
            "今年宜昌新增国家高新技术企业9家，宜昌当阳新能材料有限公司、宜都长江磷酸铁锂有限公司都在这次名单里。")
    joined = {(h, t) for h, r, t in rels(pipeline, text) if r == "JOINED"}
    assert joined == {("江西于都钨钼精深加工有限公司", "国家级专精特新“小巨人”企业"),
                      ("信丰县脐橙生物科技有限公司", "国家级专精特新“小巨人”企业"),
                      ("宜昌当阳新能材料有限公司", "国家高新技术企业"), ("宜都长江磷酸铁锂有限公司", "国家高新技术企业")}


def test_field_lines_under_numbered_project_titles(pipeline):
    text = ("永州市科学技术局关于下达2024年度永州市科技计划项目的通知\n经研究，决定对以下项目给予立项支持，现通知如下：\n"
            "1. 项目名称：富硒稻米精深加工关键技术研究；\n承担单位：湖南潇湘米业有限公司；\n合作单位：湖南舜德农业职业学院\n"
            "2. 项目名称：高性能电机用永磁材料制备；\n承担单位：湖南零陵稀土磁材股份有限公司\n")
    found = rels(pipeline, text)
    assert {h for h, r, t in found if r == "JOINED"} == {"湖南潇湘米业有限公司", "湖南舜德农业职业学院", "湖南零陵稀土磁材股份有限公司"}
    assert partners(("湖南潇湘米业有限公司", "湖南舜德农业职业学院")) <= found


def test_a_signing_table_with_a_partner_column(pipeline):
    text = ("綦江区校企合作签约项目一览表\n序号\t企业名称\t合作院校（院所）\t合作内容\n"
            "1\t重庆綦齿传动机械有限公司\t重庆渝南交通大学\t齿轮箱寿命预测\n")
    assert rels(pipeline, text) == partners(("重庆綦齿传动机械有限公司", "重庆渝南交通大学"))


def test_projects_that_won_support_under_a_program_named_before(pipeline):
    text = ("记者从聊城市科技局获悉，2023年度山东省重点研发计划项目近日公布，我市5个项目获得立项支持。"
            "其中，山东鲁西轴承集团有限公司牵头承担的“风电主轴轴承”项目，联合了齐鲁运河大学、山东省机械设计研究院共同实施；"
            "聊城东昌新能源汽车零部件有限公司与鲁西北理工学院联合申报的“电驱桥”项目同时获批。")
    found = rels(pipeline, text)
    assert {h for h, r, t in found if r == "JOINED" and t == "山东省重点研发计划"} >= {
        "齐鲁运河大学", "山东省机械设计研究院", "聊城东昌新能源汽车零部件有限公司", "鲁西北理工学院"}
    assert ("山东鲁西轴承集团有限公司", "LEADS", "山东省重点研发计划") in found


def test_our_school_is_no_part_of_a_name(pipeline):
    found = rels(pipeline, "我校机械与车辆工程学院与开封汴梁汽车零部件集团有限公司签订合作协议。")
    assert all(not h.startswith("我校") and not t.startswith("我校") for h, _, t in found)


def test_our_school_and_its_colleges(pipeline):
    text = ("黔东理工学院3个平台获批省级科技创新平台\n"
            "其中，“贵州省山地茶资源利用重点实验室”依托我校计算机与信息学院，与贵州梵净茶业有限公司共建；"
            "“贵州省民族医药转化研究基地”依托我校建设。\n")
    found = rels(pipeline, text)
    assert {("计算机与信息学院", "LEADS", "贵州省山地茶资源利用重点实验室"),
            ("计算机与信息学院", "CO_BUILDS", "贵州省山地茶资源利用重点实验室"),
            ("贵州梵净茶业有限公司", "CO_BUILDS", "贵州省山地茶资源利用重点实验室"),
            ("黔东理工学院", "LEADS", "贵州省民族医药转化研究基地")} <= found
    assert not any(h.startswith("我校") or t.startswith("我校") for h, _, t in found)


# -- filings and holdings ---------------------------------------------------------------------------
def test_a_filing_calls_its_issuer_the_company_however_many_subsidiaries_come_between(pipeline):
    text = ("黔东南苗岭药业股份有限公司2025年半年度报告\n"
            "公司控股子公司凯里苗岭饮片有限公司通过贵州省企业技术中心复核。"
            "公司与黔东南民族医药学院续签合作协议。")
    assert rels(pipeline, text) == partners(("黔东南苗岭药业股份有限公司", "黔东南民族医药学院")) | {
        ("凯里苗岭饮片有限公司", "PART_OF", "黔东南苗岭药业股份有限公司"),
        ("凯里苗岭饮片有限公司", "JOINED", "贵州省企业技术中心"),
    }


def test_a_holdings_table_makes_majority_held_firms_part_of_the_issuer(pipeline):
    text = ("汉中秦岭钛材股份有限公司2025年年度报告（摘要）\n"
            "主要控股参股公司情况\n"
            "公司名称\t持股比例\t主营业务\n"
            "汉中钛谷精密铸造有限公司\t80%\t钛合金铸件\n"
            "勉县钛源矿业有限公司\t100%\t钛矿采选\n"
            "略阳金钛贸易有限公司\t30%\t贸易")
    assert rels(pipeline, text) == {
        ("汉中钛谷精密铸造有限公司", "PART_OF", "汉中秦岭钛材股份有限公司"),
        ("勉县钛源矿业有限公司", "PART_OF", "汉中秦岭钛材股份有限公司"),
    }


def test_a_firm_and_its_subsidiary_in_one_list_both_act(pipeline):
    text = "玉林桂东机械股份有限公司及全资子公司北流桂东铸造有限公司均通过高新技术企业认定。"
    assert rels(pipeline, text) == {
        ("北流桂东铸造有限公司", "PART_OF", "玉林桂东机械股份有限公司"),
        ("玉林桂东机械股份有限公司", "JOINED", "高新技术企业"),
        ("北流桂东铸造有限公司", "JOINED", "高新技术企业"),
    }


def test_subsidiaries_listed_after_through_belong_to_the_subject(pipeline):
    text = ("梧州西江环保科技股份有限公司通过全资子公司藤县西江固废处置有限公司、"
            "控股子公司（持股70%）岑溪西江再生资源有限公司，完善了产业布局。")
    assert rels(pipeline, text) == {
        ("藤县西江固废处置有限公司", "PART_OF", "梧州西江环保科技股份有限公司"),
        ("岑溪西江再生资源有限公司", "PART_OF", "梧州西江环保科技股份有限公司"),
    }


def test_a_heading_names_the_column_by_its_head_noun(pipeline):
    text = ("关于认定2025年度安顺市工程技术研究中心的通知\n"
            "| 序号 | 工程技术研究中心名称 | 依托单位 |\n"
            "|---|---|---|\n"
            "| 1 | 安顺市蜡染新材料工程技术研究中心 | 贵州屯堡蜡染科技有限公司 |")
    assert rels(pipeline, text) == {
        ("贵州屯堡蜡染科技有限公司", "LEADS", "安顺市蜡染新材料工程技术研究中心"),
        ("安顺市蜡染新材料工程技术研究中心", "JOINED", "安顺市工程技术研究中心"),
    }


def test_what_a_relative_clause_describes_acts_though_a_field_word_precedes_its_name(pipeline):
    text = ("天水陇东电工有限公司与兰州陇原理工大学签订协议，双方共建的高压开关陇东电器联合实验室"
            "通过评估，被纳入甘肃省重点实验室序列管理。")
    got = rels(pipeline, text)
    lab = next(t for h, ty, t in got if ty == "CO_BUILDS")
    assert (lab, "JOINED", "甘肃省重点实验室") in got
    assert not any(ty == "JOINED" and h in ("天水陇东电工有限公司", "兰州陇原理工大学") for h, ty, t in got)


def test_a_category_column_says_which_program_each_row_joined(pipeline):
    text = ("遵义市2025年度第一批科技计划立项项目\n"
            "序号\t项目名称\t承担单位\t计划类别\n"
            "1\t赤水竹浆高值化利用技术\t遵义赤水竹业科技有限公司\t贵州省重点研发计划\n"
            "2\t黔北辣椒素提取工艺\t遵义黔辣食品有限公司\t贵州省科技成果转化计划")
    assert rels(pipeline, text) == {
        ("遵义赤水竹业科技有限公司", "JOINED", "贵州省重点研发计划"),
        ("遵义黔辣食品有限公司", "JOINED", "贵州省科技成果转化计划"),
    }


def test_a_category_word_picks_one_of_the_designations_announced(pipeline):
    text = ("认定以下载体为2025年度市级科技企业孵化器或市级星创天地。\n"
            "序号\t载体名称\t类别\n"
            "1\t张掖丹霞文旅科技孵化器\t孵化器\n"
            "2\t甘州玉米制种星创天地\t星创天地")
    assert rels(pipeline, text) == {
        ("张掖丹霞文旅科技孵化器", "JOINED", "市级科技企业孵化器"),
        ("甘州玉米制种星创天地", "JOINED", "市级星创天地"),
    }


def test_a_counted_kind_refers_to_the_list_of_that_many_and_pairs_with_each(pipeline):
    text = ("大会为新认定的黑河寒地作物重点实验室、黑河寒地农机工程技术研究中心授牌，"
            "两家平台分别依托黑河北疆种业有限公司和黑河边贸农机有限公司建设。")
    assert rels(pipeline, text) == {
        ("黑河北疆种业有限公司", "LEADS", "黑河寒地作物重点实验室"),
        ("黑河边贸农机有限公司", "LEADS", "黑河寒地农机工程技术研究中心"),
    }


def test_a_numbered_item_may_open_with_a_bare_anaphor_and_its_results_are_the_makers(pipeline):
    text = ("1.2024年，大理市人民政府与滇西农林学院合作共建了洱海乳业研究院。\n"
            "2.研究院与大理苍山乳业有限公司联合开展攻关，相关成果获2024年度大理州科学技术进步奖。")
    got = rels(pipeline, text)
    assert partners(("洱海乳业研究院", "大理苍山乳业有限公司")) <= got
    award = {h for h, ty, t in got if ty == "JOINED"}
    assert award == {"洱海乳业研究院", "大理苍山乳业有限公司"}


def test_what_the_subject_is_counted_as_is_no_agent(pipeline):
    text = "咸宁温泉智能装备有限公司入选湖北省专精特新中小企业，并作为全市唯一一家企业被列入湖北省科技型中小企业培育库。"
    assert rels(pipeline, text) == {
        ("咸宁温泉智能装备有限公司", "JOINED", "湖北省专精特新中小企业"),
        ("咸宁温泉智能装备有限公司", "JOINED", "湖北省科技型中小企业培育库"),
    }


def test_a_count_closing_a_list_leaves_the_carried_subject_acting(pipeline):
    text = ("近年来，绵阳涪江传感器重点实验室坚持开展应用研究，已与绵阳九洲微电子有限公司、"
            "四川长虹智感科技有限公司等12家企业签订技术合作协议。")
    assert rels(pipeline, text) == partners(
        ("绵阳涪江传感器重点实验室", "绵阳九洲微电子有限公司"),
        ("绵阳涪江传感器重点实验室", "四川长虹智感科技有限公司"),
    )


def test_three_sides_moved_by_a_pivot_verb_are_the_parties(pipeline):
    text = ("2025年，我局支持金昌镍都合金有限公司与兰州河西理工大学、甘肃有色金属研究所组成创新联合体，"
            "三方联合申报的项目已列入甘肃省科技重大专项。")
    assert rels(pipeline, text) == partners(
        ("金昌镍都合金有限公司", "兰州河西理工大学"), ("金昌镍都合金有限公司", "甘肃有色金属研究所"),
        ("兰州河西理工大学", "甘肃有色金属研究所"),
    ) | {(m, "JOINED", "甘肃省科技重大专项") for m in ("金昌镍都合金有限公司", "兰州河西理工大学", "甘肃有色金属研究所")}


def test_two_sides_named_as_one_list_are_the_parties_in_speech(pipeline):
    text = "3月份，伊春市人民政府和东北林海大学签了全面合作协议，双方联合组建的伊春林下经济研究院已经挂牌。"
    assert rels(pipeline, text) == partners(("伊春市人民政府", "东北林海大学")) | {
        ("伊春市人民政府", "CO_BUILDS", "伊春林下经济研究院"),
        ("东北林海大学", "CO_BUILDS", "伊春林下经济研究院"),
    }


def test_the_sides_in_a_note_are_not_what_is_built(pipeline):
    text = "推动衡水湖高新区管委会与天津滨海科技园在天津共建“衡水—滨海飞地孵化器”（双方已签订合作协议）。"
    got = rels(pipeline, text)
    assert not any(t in ("衡水湖高新区管委会", "天津滨海科技园") for _, ty, t in got if ty == "CO_BUILDS")


def test_the_firm_a_pivot_verb_moves_acts_in_the_clauses_after(pipeline):
    text = "支持固原六盘山农业科学研究院牵头，联合宁南农林大学、固原职业技术学院共同建设宁夏冷凉蔬菜技术创新中心。"
    builders = ("固原六盘山农业科学研究院", "宁南农林大学", "固原职业技术学院")
    assert rels(pipeline, text) == {
        ("固原六盘山农业科学研究院", "LEADS", "宁夏冷凉蔬菜技术创新中心"),
        *((b, "CO_BUILDS", "宁夏冷凉蔬菜技术创新中心") for b in builders),
    } | partners(*((a, b) for i, a in enumerate(builders) for b in builders[i + 1:]))


def test_what_is_brought_in_does_not_become_the_subject(pipeline):
    text = "喀什深喀科技产业园入驻企业突破40家，全年新引进喀什丝路电子有限公司、疏勒棉纺科技有限公司等企业。"
    assert rels(pipeline, text) == {
        ("喀什丝路电子有限公司", "SETTLED_IN", "喀什深喀科技产业园"),
        ("疏勒棉纺科技有限公司", "SETTLED_IN", "喀什深喀科技产业园"),
    }


def test_a_rank_won_after_building_goes_to_what_was_built(pipeline):
    text = "支持晋城太行煤机产业园管委会与晋城煤层气研究院共同建设山西煤层气技术创新中心，力争2026年前获批国家级技术创新中心。"
    got = rels(pipeline, text)
    assert ("山西煤层气技术创新中心", "JOINED", "国家级技术创新中心") in got
    assert not any(ty == "JOINED" and h != "山西煤层气技术创新中心" for h, ty, t in got)


def test_a_list_of_pairs_pairs_each_line(pipeline):
    text = ("确定以下单位为第二批“校企结对共建”单位：\n"
            "一、韶关丹霞理工学院——韶关南岭机械有限公司\n"
            "二、粤北有色金属研究所（广东有色金属研究院派出机构）——乐昌钨业有限公司")
    got = rels(pipeline, text)
    assert partners(("韶关丹霞理工学院", "韶关南岭机械有限公司"), ("粤北有色金属研究所", "乐昌钨业有限公司")) <= got
    assert ("韶关丹霞理工学院", "PARTNERS_WITH", "乐昌钨业有限公司") not in got


def test_a_count_right_after_a_list_is_the_list(pipeline):
    text = ("九江庐山精密机械有限公司、九江浔阳电子有限公司、九江湖口材料研究院三家单位联合申报的"
            "江西省精密制造创新联合体获省科技厅批复组建。")
    makers = ("九江庐山精密机械有限公司", "九江浔阳电子有限公司", "九江湖口材料研究院")
    assert rels(pipeline, text) == {(m, "CO_BUILDS", "江西省精密制造创新联合体") for m in makers} | partners(
        *((a, b) for i, a in enumerate(makers) for b in makers[i + 1:]))


def test_helpers_named_inside_a_relative_phrase_before_what_it_describes(pipeline):
    text = "由安阳殷都钢铁股份有限公司牵头、河南冶金研究所参与共建的河南省特种钢中试基地获省科技厅备案，成为我市首家省级中试基地。"
    assert rels(pipeline, text) == {
        ("安阳殷都钢铁股份有限公司", "LEADS", "河南省特种钢中试基地"),
        ("河南冶金研究所", "CO_BUILDS", "河南省特种钢中试基地"),
        ("河南省特种钢中试基地", "JOINED", "省级中试基地"),
    } | partners(("河南冶金研究所", "安阳殷都钢铁股份有限公司"))


def test_a_bracketed_section_label_opens_no_subject(pipeline):
    text = "【基本情况】广元剑门钛业有限公司是广元经济技术开发区的链主企业，2024年被认定为四川省企业技术中心。"
    assert ("广元剑门钛业有限公司", "JOINED", "四川省企业技术中心") in rels(pipeline, text)


def test_a_subsidiary_set_up_somewhere_by_its_owner(pipeline):
    text = "汉中秦巴新材料有限公司系陕西华秦化工集团股份有限公司在汉设立的全资子公司，计划年内申报高新技术企业。"
    assert ("汉中秦巴新材料有限公司", "PART_OF", "陕西华秦化工集团股份有限公司") in rels(pipeline, text)


def test_one_of_those_who_settled_first(pipeline):
    text = "金华婺城精工机械有限公司系金华金义科创园首批入驻企业，目前已获评浙江省专精特新中小企业。"
    assert rels(pipeline, text) == {
        ("金华婺城精工机械有限公司", "SETTLED_IN", "金华金义科创园"),
        ("金华婺城精工机械有限公司", "JOINED", "浙江省专精特新中小企业"),
    }


def test_the_firm_a_platform_name_begins_with_is_what_the_company_refers_to(pipeline):
    text = ("攀枝花市科技创新动态。■米易县：攀枝花钒钛新材料科技有限公司获批市级新型研发机构。"
            "■盐边县：攀枝花盐边矿业有限公司院士工作站获批省级院士工作站。该工作站依托该公司建设，已引进院士团队1个。")
    got = rels(pipeline, text)
    assert ("攀枝花盐边矿业有限公司", "LEADS", "攀枝花盐边矿业有限公司院士工作站") in got
    assert ("攀枝花钒钛新材料科技有限公司", "LEADS", "攀枝花盐边矿业有限公司院士工作站") not in got


def test_a_copula_says_whose_unit_or_subsidiary_the_subject_is(pipeline):
    text = ("绵阳涪城农业科学研究所与西南科技农业大学联合选育新品种。该研究所系绵阳市农业农村局下属事业单位。\n"
            "2.绵阳科创投资集团有限公司，统一社会信用代码：9151xxxxxxxxxxxx，系绵阳市人民政府国有资产监督管理委员会全资子公司。")
    got = rels(pipeline, text)
    assert ("绵阳涪城农业科学研究所", "PART_OF", "绵阳市农业农村局") in got
    assert ("绵阳科创投资集团有限公司", "PART_OF", "绵阳市人民政府国有资产监督管理委员会") in got


def test_a_word_before_the_head_of_an_anaphor_says_which_of_its_kind(pipeline):
    text = ("黄山智能汽车现代产业学院日前在黄山徽州理工学院揭牌。"
            "该产业学院由黄山新安汽车部件有限公司和黄山徽州理工学院机械工程学院联合共建。")
    got = rels(pipeline, text)
    assert {(h, t) for h, ty, t in got if ty == "CO_BUILDS"} == {
        ("黄山新安汽车部件有限公司", "黄山智能汽车现代产业学院"),
        ("黄山徽州理工学院机械工程学院", "黄山智能汽车现代产业学院"),
    }


def test_what_was_applied_for_and_denied_gives_no_leading(pipeline):
    text = "此外，龙岩闽西理工大学牵头申报的国家技术创新中心未获批，我市高能级平台布局仍有差距。"
    assert rels(pipeline, text) == set()


def test_numbered_records_with_a_park_field(pipeline):
    text = ("现将2025年度梧州市科技创新示范企业名单公布如下：\n"
            "1．企业名称：梧州西江宝石科技有限公司；\n所在园区：梧州高新技术产业开发区\n"
            "2．企业名称：藤县陶瓷新材料有限公司；\n所在地：藤县\n"
            "3．企业名称：岑溪花岗岩科技有限公司；\n所在园区：岑溪市循环经济产业园")
    firms = ("梧州西江宝石科技有限公司", "藤县陶瓷新材料有限公司", "岑溪花岗岩科技有限公司")
    assert rels(pipeline, text) == {(f, "JOINED", "梧州市科技创新示范企业") for f in firms} | {
        ("梧州西江宝石科技有限公司", "SETTLED_IN", "梧州高新技术产业开发区"),
        ("岑溪花岗岩科技有限公司", "SETTLED_IN", "岑溪市循环经济产业园"),
    }


def test_a_table_of_stations_their_builders_and_partners(pipeline):
    text = ("决定认定以下站点为2025年度市级院士工作站。\n"
            "| 序号 | 站点名称 | 建站单位 | 合作单位 |\n|---|---|---|---|\n"
            "| 1 | 张掖丹霞葡萄酒院士工作站 | 张掖丹霞酒业有限公司 | 河西农林大学 |")
    assert rels(pipeline, text) == {
        ("张掖丹霞葡萄酒院士工作站", "JOINED", "市级院士工作站"),
        ("张掖丹霞酒业有限公司", "LEADS", "张掖丹霞葡萄酒院士工作站"),
        ("河西农林大学", "CO_BUILDS", "张掖丹霞葡萄酒院士工作站"),
    } | partners(("张掖丹霞酒业有限公司", "河西农林大学"))


def test_a_time_phrase_before_the_verb_leaves_the_subject_acting(pipeline):
    text = "固原六盘山药业股份有限公司深耕中药材领域，报告期内获评宁夏回族自治区科技小巨人企业。"
    assert rels(pipeline, text) == {("固原六盘山药业股份有限公司", "JOINED", "宁夏回族自治区科技小巨人企业")}


def test_an_interview_where_we_build_on_our_firm_and_lead_an_alliance(pipeline):
    text = ("建功立业在金昌——访甘肃金川镍钴材料有限公司董事长\n"
            "记者：企业在研发上有哪些动作？\n"
            "答：2019年，我们依托公司组建了甘肃省镍钴新材料工程技术研究中心。"
            "2022年又和兰州西部冶金大学共建了镍钴电池材料联合实验室。"
            "另外，我们还是金昌市有色金属产业技术创新战略联盟的牵头单位。")
    got = rels(pipeline, text)
    firm = "甘肃金川镍钴材料有限公司"
    assert {(firm, "LEADS", "甘肃省镍钴新材料工程技术研究中心"), (firm, "CO_BUILDS", "镍钴电池材料联合实验室"),
            ("兰州西部冶金大学", "CO_BUILDS", "镍钴电池材料联合实验室"),
            (firm, "LEADS", "金昌市有色金属产业技术创新战略联盟")} <= got
    assert partners((firm, "兰州西部冶金大学")) <= got


def test_a_table_whose_builder_column_says_who_hosts_and_works_with_the_cobuilders(pipeline):
    text = ("拟认定以下机构为市级新型研发机构，现予公示。\n"
            "序号\t机构名称\t建设主体\t共建单位\n"
            "1\t温州瓯江精密模具研究院\t温州瓯江模具股份有限公司\t温州瓯越理工学院")
    got = rels(pipeline, text)
    assert ("温州瓯江模具股份有限公司", "LEADS", "温州瓯江精密模具研究院") in got
    assert ("温州瓯越理工学院", "CO_BUILDS", "温州瓯江精密模具研究院") in got
    assert partners(("温州瓯江模具股份有限公司", "温州瓯越理工学院")) <= got


def test_a_table_of_the_platforms_an_organisation_owns(pipeline):
    text = ("截至报告期末，攀枝花钒钛科技股份有限公司拥有的主要研发平台情况如下：\n"
            "| 平台名称 | 级别 | 建设方式 | 合作单位 |\n|---|---|---|---|\n"
            "| 四川省钒钛材料工程技术研究中心 | 省级 | 自建 | — |\n"
            "| 攀西钒电池联合实验室 | 市级 | 校企共建 | 川西理工大学 |")
    got = rels(pipeline, text)
    firm = "攀枝花钒钛科技股份有限公司"
    assert {(firm, "LEADS", "四川省钒钛材料工程技术研究中心"), (firm, "LEADS", "攀西钒电池联合实验室"),
            ("川西理工大学", "CO_BUILDS", "攀西钒电池联合实验室")} <= got
    assert partners((firm, "川西理工大学")) <= got
    assert not any(t == "川西理工大学" for _, ty, t in got if ty == "CO_BUILDS")  # cells part clauses


def test_a_parks_list_of_new_settlers_as_a_table(pipeline):
    text = ("永康五金科技产业园2025年度新入驻企业名单\n"
            "| 序号 | 企业名称 | 注册地 | 入驻楼宇 |\n|---|---|---|---|\n"
            "| 1 | 永康锐锋工具有限公司 | 永康市 | 孵化楼A座 |\n"
            "| 2 | 浙江恒嘉电器有限公司 | 永康市 | 标准厂房3号 |")
    assert rels(pipeline, text) == {
        ("永康锐锋工具有限公司", "SETTLED_IN", "永康五金科技产业园"),
        ("浙江恒嘉电器有限公司", "SETTLED_IN", "永康五金科技产业园"),
    }


def test_new_settlers_listed_after_a_colon(pipeline):
    text = "9月，江阴临港科技创业园新入驻企业3家：江阴澄江新材料有限公司、江阴云帆软件有限公司、江阴海港智能装备有限公司。"
    firms = ("江阴澄江新材料有限公司", "江阴云帆软件有限公司", "江阴海港智能装备有限公司")
    assert rels(pipeline, text) == {(f, "SETTLED_IN", "江阴临港科技创业园") for f in firms}


def test_the_council_of_an_alliance(pipeline):
    text = ("江油市新材料产业技术创新联盟成立。选举产生了第一届理事会：\n"
            "理事长单位：四川江油特钢集团有限公司\n"
            "副理事长单位：绵阳涪江理工大学\n"
            "成员单位（部分）：江油华宇铝业有限公司")
    chair = "四川江油特钢集团有限公司"
    alliance = "江油市新材料产业技术创新联盟"
    assert rels(pipeline, text) == {
        (chair, "LEADS", alliance),
        ("绵阳涪江理工大学", "CO_BUILDS", alliance),
        ("江油华宇铝业有限公司", "CO_BUILDS", alliance),
    } | partners((chair, "绵阳涪江理工大学"), (chair, "江油华宇铝业有限公司"))


def test_an_interview_under_a_byline_in_spoken_words(pipeline):
    text = ("【对话企业家】“研发要舍得投入”\n"
            "——访广西凭祥红木家具股份有限公司总经理\n"
            "问：企业什么时候落户的？\n"
            "答：我们2012年就搬进了凭祥边境经济合作区。"
            "我们跟广西南疆林业大学合作好多年了，前年一起建了个红木材料联合实验室。")
    firm = "广西凭祥红木家具股份有限公司"
    got = rels(pipeline, text)
    assert {(firm, "SETTLED_IN", "凭祥边境经济合作区"), (firm, "CO_BUILDS", "红木材料联合实验室"),
            ("广西南疆林业大学", "CO_BUILDS", "红木材料联合实验室")} <= got
    assert partners((firm, "广西南疆林业大学")) <= got


def test_where_people_go_unnamed_is_no_settling(pipeline):
    text = "双方将开展联合攻关，琼海热带农业学院每年选派10名以上教师进驻企业。"
    assert not any(ty == "SETTLED_IN" for _, ty, _ in rels(pipeline, text))


def test_numbered_platform_rows_with_builders_and_a_park(pipeline):
    text = ("二、拟认定昆山市新型研发机构\n"
            "1. 昆山精密制造研究院，建设主体：昆山高新区管委会、苏州东吴理工大学，所在园区：昆山高新技术产业开发区。")
    got = rels(pipeline, text)
    inst = "昆山精密制造研究院"
    assert {("昆山高新区管委会", "CO_BUILDS", inst), ("苏州东吴理工大学", "CO_BUILDS", inst),
            (inst, "SETTLED_IN", "昆山高新技术产业开发区"), (inst, "JOINED", "昆山市新型研发机构")} <= got
    assert not any(h == "昆山高新技术产业开发区" for h, ty, _ in got if ty == "JOINED")


def test_a_section_heading_names_what_its_items_join(pipeline):
    text = ("一、拟立项福清市科技计划项目\n1. 福清融侨光电有限公司\n"
            "二、拟认定市级众创空间\n1. 福清海峡青创众创空间")
    got = rels(pipeline, text)
    assert ("福清融侨光电有限公司", "JOINED", "福清市科技计划") in got
    assert ("福清海峡青创众创空间", "JOINED", "市级众创空间") in got
    assert ("福清海峡青创众创空间", "JOINED", "福清市科技计划") not in got


def test_a_numbered_platform_with_its_fields_a_line_each(pipeline):
    text = ("现将拟认定的西宁市工程技术研究中心名单公示如下：\n"
            "1. 西宁市高原光伏组件工程技术研究中心\n"
            "依托单位：青海北川光伏科技有限公司；\n"
            "共建单位：青海昆仑理工大学；\n"
            "所在园区：大通北川工业园区")
    got = rels(pipeline, text)
    centre = "西宁市高原光伏组件工程技术研究中心"
    assert {("青海北川光伏科技有限公司", "LEADS", centre), ("青海昆仑理工大学", "CO_BUILDS", centre),
            (centre, "SETTLED_IN", "大通北川工业园区")} <= got
    assert partners(("青海北川光伏科技有限公司", "青海昆仑理工大学")) <= got
    assert not any(h in ("青海北川光伏科技有限公司", "青海昆仑理工大学") for h, ty, _ in got if ty == "JOINED")


def test_a_status_column_ends_or_defers_a_row(pipeline):
    text = ("序号\t合作项目\t企业（单位）\t合作高校院所\t进展情况\n"
            "1\t铝基材料研发\t贵州清镇铝业有限公司\t贵州黔中理工大学\t已签约\n"
            "2\t锂电池回收\t贵州红枫新能源有限公司\t贵州省化工研究院\t已终止\n"
            "3\t预制菜检测\t贵州卫城食品有限公司\t贵州黔中理工大学\t洽谈中")
    got = rels(pipeline, text)
    assert partners(("贵州清镇铝业有限公司", "贵州黔中理工大学")) <= got
    assert not any("贵州红枫新能源有限公司" in (h, t) for h, _, t in got)


# -- plural anaphors, places, quotes, published lists ---------------------------------------------
def test_a_plural_anaphor_stands_for_the_whole_list_before(pipeline):
    text = ("锦州渤海光伏材料有限公司、锦州凌河电子有限公司入选辽宁省专精特新中小企业名单，"
            "上述企业均位于锦州滨海新能源产业园。")
    got = rels(pipeline, text)
    for firm in ("锦州渤海光伏材料有限公司", "锦州凌河电子有限公司"):
        assert (firm, "SETTLED_IN", "锦州滨海新能源产业园") in got
        assert (firm, "JOINED", "辽宁省专精特新中小企业") in got
    assert len(got) == 4


def test_a_name_inside_a_park_settled_there_but_a_park_inside_one_is_no_settler(pipeline):
    text = "近日，昭通高新技术产业开发区内的云南乌蒙硅材料有限公司与昭通山地农业研究院签订合作协议。"
    assert rels(pipeline, text) == partners(("云南乌蒙硅材料有限公司", "昭通山地农业研究院")) | {
        ("云南乌蒙硅材料有限公司", "SETTLED_IN", "昭通高新技术产业开发区")}
    text = "昭通高新技术产业开发区内的昭通绿色硅产业园于2023年开园。"
    assert rels(pipeline, text) == set()


def test_a_park_that_gathered_named_firms_holds_them(pipeline):
    text = "截至目前，六盘水经济开发区已集聚贵州钟山煤机装备有限公司、六盘水凉都新材料有限公司等规上企业58家。"
    assert rels(pipeline, text) == {
        ("贵州钟山煤机装备有限公司", "SETTLED_IN", "六盘水经济开发区"),
        ("六盘水凉都新材料有限公司", "SETTLED_IN", "六盘水经济开发区"),
    }


def test_we_in_a_quote_is_the_body_of_its_speaker(pipeline):
    text = ("伊春林都木业有限公司（以下简称“林都木业”）在伊春经济开发区投产。"
            "“我们与林都木业的合作已经持续五年。”东北寒地林业研究所所长王明说。")
    assert rels(pipeline, text) == partners(("东北寒地林业研究所", "伊春林都木业有限公司"))


def test_the_latter_of_two_sides_of_an_agreement(pipeline):
    text = ("2022年，百色右江铝业有限公司与桂西有色金属研究院签订战略合作协议，"
            "后者随即在百色高新区设立百色轻合金研究所。")
    got = rels(pipeline, text)
    assert partners(("百色右江铝业有限公司", "桂西有色金属研究院")) <= got
    assert ("百色轻合金研究所", "PART_OF", "桂西有色金属研究院") in got
    assert ("百色轻合金研究所", "PART_OF", "百色右江铝业有限公司") not in got


def test_members_named_after_a_published_list_join_it(pipeline):
    text = ("本报讯 近日，江西省工业和信息化厅公布2024年江西省制造业单项冠军企业名单。"
            "赣州稀金永磁材料有限公司、江西章贡钨业股份有限公司榜上有名。")
    assert rels(pipeline, text) == {
        ("赣州稀金永磁材料有限公司", "JOINED", "江西省制造业单项冠军企业"),
        ("江西章贡钨业股份有限公司", "JOINED", "江西省制造业单项冠军企业"),
    }


def test_a_list_joined_before_its_name_announces_no_list_after(pipeline):
    text = ("宜宾三江锂电材料有限公司被列入四川省第六批专精特新中小企业名单。"
            "依托四川叙州动力电池有限公司建设的四川省动力电池回收工程技术研究中心通过验收。")
    joined = {(h, t) for h, r, t in rels(pipeline, text) if r == "JOINED"}
    assert [h for h, t in joined if "专精特新" in t] == ["宜宾三江锂电材料有限公司"]


def test_a_subsidiary_set_up_by_the_subject(pipeline):
    text = "近年来，漳州闽南电声科技股份有限公司在厦门设立全资子公司厦门闽南声学研究院有限公司。"
    assert rels(pipeline, text) == {("厦门闽南声学研究院有限公司", "PART_OF", "漳州闽南电声科技股份有限公司")}


def test_an_adverb_before_with_is_no_part_of_the_partner(pipeline):
    text = "鹤壁淇河食品有限公司则长期与豫北农业科学研究院食品研究所开展产学研合作。"
    assert rels(pipeline, text) == partners(("鹤壁淇河食品有限公司", "豫北农业科学研究院食品研究所"))


def test_a_build_mode_column_says_who_leads_and_who_builds(pipeline):
    text = ("绵阳涪城光电股份有限公司（以下简称“公司”）2024年年度报告\n"
            "二、研发平台情况\n"
            "| 平台名称 | 级别 | 建设方式 |\n"
            "|---|---|---|\n"
            "| 四川省激光显示工程技术研究中心 | 省级 | 公司独立建设 |\n"
            "| 涪城光电—西蜀理工大学光学薄膜联合实验室 | 校企 | 与西蜀理工大学共建 |\n")
    assert rels(pipeline, text) == partners(("绵阳涪城光电股份有限公司", "西蜀理工大学")) | {
        ("绵阳涪城光电股份有限公司", "LEADS", "四川省激光显示工程技术研究中心"),
        ("绵阳涪城光电股份有限公司", "CO_BUILDS", "涪城光电—西蜀理工大学光学薄膜联合实验室"),
        ("西蜀理工大学", "CO_BUILDS", "涪城光电—西蜀理工大学光学薄膜联合实验室"),
    }


def test_a_mixed_builders_column_follows_the_build_mode(pipeline):
    text = ("| 平台名称 | 依托/共建单位 | 建设方式 |\n"
            "|---|---|---|\n"
            "| 株洲轨道交通智能运维创新中心 | 株洲湘江电气有限公司、湖南醴陵陶瓷研究所 | 合作共建 |\n"
            "| 株洲硬质合金检测中心 | 株洲炎帝合金有限公司 | 自建 |\n")
    assert rels(pipeline, text) == partners(("株洲湘江电气有限公司", "湖南醴陵陶瓷研究所")) | {
        ("株洲湘江电气有限公司", "CO_BUILDS", "株洲轨道交通智能运维创新中心"),
        ("湖南醴陵陶瓷研究所", "CO_BUILDS", "株洲轨道交通智能运维创新中心"),
        ("株洲炎帝合金有限公司", "LEADS", "株洲硬质合金检测中心"),
    }


def test_record_lines_under_a_program_join_it_until_an_ended_section(pipeline):
    text = ("关于下达2025年度曲靖市科技计划项目的通知\n"
            "各县（市、区）科技局：\n"
            "经专家评审，决定将以下项目列入曲靖市科技计划予以支持，现将有关事项通知如下。\n"
            "一、重点研发项目\n"
            "1.项目名称：高原马铃薯脱毒种薯繁育技术；承担单位：曲靖沾益薯业有限公司；合作单位：滇东农业大学；资助经费：40万元。\n"
            "2.项目名称：麒麟光伏组件回收平台研发；承担单位：曲靖麒麟新能源有限公司；合作单位：无；资助经费：30万元。\n"
            "二、项目终止\n"
            "2023年度立项的“烟叶烘烤余热利用”项目（承担单位：曲靖陆良烟机有限公司）予以终止。\n")
    assert rels(pipeline, text) == partners(("曲靖沾益薯业有限公司", "滇东农业大学")) | {
        ("曲靖沾益薯业有限公司", "JOINED", "曲靖市科技计划"),
        ("滇东农业大学", "JOINED", "曲靖市科技计划"),
        ("曲靖麒麟新能源有限公司", "JOINED", "曲靖市科技计划"),
    }


def test_a_record_with_its_own_program_category_does_not_join_the_umbrella(pipeline):
    text = ("关于下达2025年度晋城市科技计划项目的通知\n"
            "现将部分重点项目公布如下：\n"
            "1. 项目名称：煤层气压裂装备研制；承担单位：晋城沁水能源装备有限公司；合作单位：太行理工大学；计划类别：市重点研发计划\n")
    got = rels(pipeline, text)
    assert partners(("晋城沁水能源装备有限公司", "太行理工大学")) <= got
    assert ("太行理工大学", "JOINED", "晋城市科技计划") not in got


def test_an_incubator_set_inside_a_park_and_the_firms_it_incubates(pipeline):
    text = ("新津工业园区工作简报\n"
            "新津工业园区内设有新津区科技企业孵化器，目前在孵企业21家，包括成都蜀禾农业科技有限公司、崇州川芯电子有限公司等。")
    assert rels(pipeline, text) == {
        ("新津区科技企业孵化器", "SETTLED_IN", "新津工业园区"),
        ("成都蜀禾农业科技有限公司", "SETTLED_IN", "新津区科技企业孵化器"),
        ("崇州川芯电子有限公司", "SETTLED_IN", "新津区科技企业孵化器"),
    }


def test_school_in_a_universitys_news_is_that_university(pipeline):
    text = ("江汉理工大学与荆州开发区共建智能农机研究院\n"
            "日前，江汉理工大学与荆州经济技术开发区管理委员会签署合作协议，长江大学有关负责同志出席。"
            "据悉，学校此前已与荆州楚天农机有限公司共建丘陵农机联合实验室。")
    got = rels(pipeline, text)
    assert ("江汉理工大学", "CO_BUILDS", "丘陵农机联合实验室") in got
    assert not any("长江大学" in (h, t) for h, _, t in got)


def test_a_copula_with_a_description_before_the_designation(pipeline):
    text = ("宜昌峡江新材料股份有限公司成立于2010年，是一家专业从事电子级磷酸研发、生产和销售的"
            "国家高新技术企业，与三峡理工大学、湖北工业大学保持长期产学研合作关系。")
    assert rels(pipeline, text) == partners(("宜昌峡江新材料股份有限公司", "三峡理工大学"),
                                            ("宜昌峡江新材料股份有限公司", "湖北工业大学")) | {
        ("宜昌峡江新材料股份有限公司", "JOINED", "国家高新技术企业")}


def test_a_list_of_relative_phrases_each_with_its_own_verb(pipeline):
    text = ("近年来，我市与川西农业大学共建的川西农业大学蒙顶茶研究院、已入驻名山数字经济产业园的"
            "四川名山云数据有限公司和雅安蒙顶信息技术有限公司等创新主体快速成长。")
    got = rels(pipeline, text)
    assert ("川西农业大学", "CO_BUILDS", "川西农业大学蒙顶茶研究院") in got
    assert ("四川名山云数据有限公司", "SETTLED_IN", "名山数字经济产业园") in got
    assert ("雅安蒙顶信息技术有限公司", "SETTLED_IN", "名山数字经济产业园") in got
    assert ("川西农业大学蒙顶茶研究院", "SETTLED_IN", "名山数字经济产业园") not in got


def test_relative_phrases_listed_one_after_another(pipeline):
    text = ("近年来，依托陇东医学院建设的甘肃省中医药防治心血管病重点实验室、"
            "庆阳市农业科学院与西北农林科技大学共建的庆阳苹果试验站等平台持续发挥作用。")
    assert rels(pipeline, text) == partners(("庆阳市农业科学院", "西北农林科技大学")) | {
        ("陇东医学院", "LEADS", "甘肃省中医药防治心血管病重点实验室"),
        ("庆阳市农业科学院", "CO_BUILDS", "庆阳苹果试验站"),
        ("西北农林科技大学", "CO_BUILDS", "庆阳苹果试验站"),
    }


def test_names_where_recognition_used_to_cut_or_glue(pipeline):
    text = ("园区组织企业赴昆明理工大学、云南大学开展技术对接；"
            "环县陇原羊业有限公司与甘肃农业大学共建环县湖羊繁育试验站，"
            "其中，白银黄河水产有限公司与试验站共建的黄河鲤鱼养殖示范基地已投用。")
    got = rels(pipeline, text)
    names = {h for h, _, _ in got} | {t for _, _, t in got}
    assert {"环县陇原羊业有限公司", "甘肃农业大学", "环县湖羊繁育试验站"} <= names
    assert not any("与试验站" in n for n in names)
    assert not any("云南大学" in (h, t) and "昆明理工大学" in (h, t) for h, _, t in got)


def test_an_alliance_council_elected_in_running_text(pipeline):
    text = ("锡林郭勒盟乳业产业创新联盟成立\n"
            "联盟选举产生了第一届理事会。内蒙古草都乳业集团有限公司当选理事长单位；"
            "锡林郭勒职业学院、锡林郭勒盟农牧业科学研究所当选副理事长单位；"
            "正蓝旗奶食品加工有限公司等12家单位为成员单位。"
            "联盟秘书处设在锡林浩特经济开发区内的正蓝旗科技创新服务中心。")
    chair = "内蒙古草都乳业集团有限公司"
    alliance = "锡林郭勒盟乳业产业创新联盟"
    members = ("锡林郭勒职业学院", "锡林郭勒盟农牧业科学研究所", "正蓝旗奶食品加工有限公司")
    assert rels(pipeline, text) == partners(*((chair, m) for m in members)) | {
        (chair, "LEADS", alliance), *((m, "CO_BUILDS", alliance) for m in members),
        ("正蓝旗科技创新服务中心", "SETTLED_IN", "锡林浩特经济开发区")}


def test_a_school_named_after_the_university_the_text_is_about(pipeline):
    text = ("“校地携手”结硕果——池州学院服务地方纪实\n"
            "近年来，池州学院主动融入地方发展。学校机械与电子工程学院与池州华宇电子科技有限公司共建的"
            "半导体封测联合实验室，去年入选池州市重点实验室。")
    got = rels(pipeline, text)
    assert ("机械与电子工程学院", "PART_OF", "池州学院") in got
    assert ("机械与电子工程学院", "CO_BUILDS", "半导体封测联合实验室") in got
    assert not any(n.startswith("学校") for h, _, t in got for n in (h, t))


def test_a_sentence_opening_with_a_host_is_no_item_of_the_list_before(pipeline):
    text = ("一、创新主体持续壮大。金寨县、霍山县分别有3家和2家企业入选省级专精特新冠军企业。\n"
            "二、创新平台建设取得突破。依托皖西理工学院建设的安徽省大别山茶叶加工重点实验室通过验收；"
            "霍山县经济开发区内的霍山石斛产业孵化器获批省级科技企业孵化器，目前在孵企业18家，"
            "其中包括霍山九仙尊石斛有限公司、霍山长冲中药饮片有限公司。")
    got = rels(pipeline, text)
    assert ("皖西理工学院", "LEADS", "安徽省大别山茶叶加工重点实验室") in got
    assert not any(h == "皖西理工学院" and r == "JOINED" for h, r, _ in got)
    for firm in ("霍山九仙尊石斛有限公司", "霍山长冲中药饮片有限公司"):
        assert (firm, "SETTLED_IN", "霍山石斛产业孵化器") in got


def test_a_body_that_has_a_platform_runs_it_and_holds_a_rank(pipeline):
    text = "宝鸡秦岭钛材股份有限公司建有陕西省钛合金锻造工程技术研究中心，拥有国家企业技术中心。"
    assert rels(pipeline, text) == {
        ("宝鸡秦岭钛材股份有限公司", "LEADS", "陕西省钛合金锻造工程技术研究中心"),
        ("宝鸡秦岭钛材股份有限公司", "JOINED", "国家企业技术中心"),
    }


def test_an_institute_that_helps_us_works_with_us(pipeline):
    text = ("——访通化长白药业股份有限公司总经理李强\n"
            "李强：另外，吉林省中药材研究所帮我们做药效评价，这也算是长期的技术合作。")
    assert rels(pipeline, text) == partners(("吉林省中药材研究所", "通化长白药业股份有限公司"))


def test_a_bare_name_column_and_a_proposed_category_column(pipeline):
    text = ("现将藁城区拟认定的市级科技企业孵化器、众创空间名单公示如下：\n"
            "序号\t名称\t运营主体\t所在园区\t拟认定类别\n"
            "1\t藁城生物医药科技企业孵化器\t石家庄藁药科技服务有限公司\t藁城经济开发区\t市级科技企业孵化器\n"
            "2\t藁城青创众创空间\t河北藁城创业服务有限公司\t藁城区\t市级众创空间\n")
    got = rels(pipeline, text)
    assert ("石家庄藁药科技服务有限公司", "LEADS", "藁城生物医药科技企业孵化器") in got
    assert ("河北藁城创业服务有限公司", "LEADS", "藁城青创众创空间") in got
    assert ("藁城生物医药科技企业孵化器", "SETTLED_IN", "藁城经济开发区") in got
    assert ("藁城青创众创空间", "JOINED", "市级科技企业孵化器") not in got


def test_our_college_in_its_own_news_is_the_publisher(pipeline):
    text = ("喜讯｜汉中职业技术学院获批首个陕西高校工程研究中心\n"
            "近日，由我院机电工程学院牵头申报的“秦巴装备智能运维陕西高校工程研究中心”成功获批。"
            "同月，我院与陕西汉钢集团有限公司签约共建“智能冶金产业学院”。")
    got = rels(pipeline, text)
    assert ("汉中职业技术学院", "CO_BUILDS", "智能冶金产业学院") in got
    assert partners(("汉中职业技术学院", "陕西汉钢集团有限公司")) <= got
    assert not any(h == "机电工程学院" and r == "CO_BUILDS" for h, r, _ in got)


def test_spoken_they_and_a_place_between_with_and_the_partner(pipeline):
    text = ("——访唐山经济技术开发区科技创新局局长王刚\n"
            "王刚：冀东理工大学曹妃甸校区和我们走得很近。"
            "他们跟区内的唐山港机重工有限公司一起搞了个“港机数字孪生联合创新中心”，去年底挂牌了。")
    assert rels(pipeline, text) == partners(("冀东理工大学曹妃甸校区", "唐山港机重工有限公司")) | {
        ("冀东理工大学曹妃甸校区", "CO_BUILDS", "港机数字孪生联合创新中心"),
        ("唐山港机重工有限公司", "CO_BUILDS", "港机数字孪生联合创新中心"),
    }


def test_this_firm_and_a_body_that_is_what_two_others_founded(pipeline):
    text = ("走进文山高新技术产业开发区，云南三七生物科技股份有限公司的车间里一片繁忙。"
            "这家企业2022年与云南文山中医药大学合资成立文山三七创新研究院有限公司。\n"
            "文山三七产业技术研究院成立于2019年，系文山市人民政府与云南红河理工大学共同举办的事业单位法人。")
    got = rels(pipeline, text)
    for builder in ("云南三七生物科技股份有限公司", "云南文山中医药大学"):
        assert (builder, "CO_BUILDS", "文山三七创新研究院有限公司") in got
    for builder in ("文山市人民政府", "云南红河理工大学"):
        assert (builder, "CO_BUILDS", "文山三七产业技术研究院") in got


def test_measures_a_planned_introduction_lists_are_planned(pipeline):
    text = ("2025年，我们将着力打造区域创新高地：支持丽水学院牵头建设省级技术创新中心；"
            "推动丽水职业技术学院与浙江工业大学共建丽水智能制造产业学院。")
    got = extract_text(pipeline, text).relations
    assert got and all(r.planned for r in got)
    stated = "丽水学院与浙江工业大学共建了丽水生态产业研究院。"
    assert not any(r.planned for r in extract_text(pipeline, stated).relations)


def test_a_firm_that_commissions_an_institute_works_with_it(pipeline):
    text = "2022年，佳木斯北方农机有限公司委托黑龙江省农业机械工程科学研究院开展整机可靠性试验。"
    assert rels(pipeline, text) == partners(("佳木斯北方农机有限公司", "黑龙江省农业机械工程科学研究院"))


def test_a_published_list_introduced_with_ba_is_no_plan(pipeline):
    text = "现将2024年度亳州市科技计划项目公布如下：中药饮片炮制项目由亳州华佗药业有限公司与安徽中医药大学共同承担。"
    got = extract_text(pipeline, text).relations
    assert got and not any(r.planned for r in got)


def test_our_school_is_the_university_not_one_of_its_colleges(pipeline):
    text = ("我校与黄冈高新区签署战略合作协议\n"
            "6月11日，湖北黄梅理工学院与黄冈高新技术产业开发区管理委员会签署战略合作协议。"
            "签约仪式上，湖北黄梅理工学院机电工程学院与湖北东坡智能装备有限公司签订横向合作协议。"
            "近年来，我校牵头组建的湖北省禅茶资源利用工程技术研究中心已累计为企业解决技术难题60余项。")
    got = rels(pipeline, text)
    assert ("湖北黄梅理工学院", "LEADS", "湖北省禅茶资源利用工程技术研究中心") in got
    assert ("湖北黄梅理工学院机电工程学院", "LEADS", "湖北省禅茶资源利用工程技术研究中心") not in got


def test_a_place_between_with_and_the_partner_in_speech(pipeline):
    text = "去年我们跟沈阳的辽北数控机床股份有限公司结成了上下游对子，联合研发阀体加工专用数控机床。"
    got = rels(pipeline, "——访铁岭龙泉阀门集团有限公司董事长赵刚\n赵刚：" + text)
    assert partners(("铁岭龙泉阀门集团有限公司", "辽北数控机床股份有限公司")) <= got
    built = "由池州学院与池州经济技术开发区管理委员会共同组建的池州半导体产业研究院获批安徽省新型研发机构。"
    assert not any(h == "池州学院" and r == "JOINED" for h, r, _ in rels(pipeline, built))


def test_record_lines_of_an_annual_reports_holdings(pipeline):
    text = ("河南许昌瑞贝材料股份有限公司（以下简称“公司”）2024年年度报告\n"
            "五、主要控股参股公司分析\n"
            "1．许昌瑞贝微粉有限公司：公司全资子公司，注册资本8,000万元，注册于许昌经济技术开发区，主营微粉。\n"
            "2．许昌瑞贝检测有限公司：公司参股公司，公司持股30%，主营检测认证服务。\n")
    assert rels(pipeline, text) == {
        ("许昌瑞贝微粉有限公司", "PART_OF", "河南许昌瑞贝材料股份有限公司"),
        ("许昌瑞贝微粉有限公司", "SETTLED_IN", "许昌经济技术开发区"),
    }


def test_the_leader_leads_what_its_partners_clause_builds(pipeline):
    text = "南充嘉陵光学股份有限公司牵头，与川北光学工程大学、四川阆中光学玻璃有限公司共同组建“光学元件创新联合体”。"
    got = rels(pipeline, text)
    assert ("南充嘉陵光学股份有限公司", "LEADS", "光学元件创新联合体") in got
    assert ("川北光学工程大学", "CO_BUILDS", "光学元件创新联合体") in got


def test_its_school_a_team_of_a_school_and_the_award_a_grade_names(pipeline):
    text = ("湘南科技大学新闻网讯　近日，我校作为第一完成单位斩获湖南省技术发明奖一等奖1项、湖南省科学技术进步奖一等奖2项。"
            "其中，湘南科技大学机电学院王强教授团队与郴州汇能电机有限公司合作完成的“永磁电机关键技术”获技术发明一等奖。"
            "据悉，湘南科技大学今年已有3个项目获资助，其食品学院与郴州东江鱼业有限公司联合攻关的保鲜技术已实现量产。")
    got = rels(pipeline, text)
    won = {t for h, r, t in got if h == "郴州汇能电机有限公司" and r == "JOINED"}
    assert won and all("技术发明奖" in t for t in won)
    assert partners(("湘南科技大学机电学院", "郴州汇能电机有限公司")) <= got
    assert ("食品学院", "PART_OF", "湘南科技大学") in got


def test_three_sides_sign_together_and_a_makerspace(pipeline):
    text = ("11月20日，内江高新区与西南化工大学、中国科学院成都生物研究所三方签约，共同组建内江新材料中试熟化平台。"
            "园区内的内江甜城创客空间新增入孵团队12个。")
    got = rels(pipeline, text)
    sides = ("内江高新区", "西南化工大学", "中国科学院成都生物研究所")
    assert partners((sides[0], sides[1]), (sides[0], sides[2]), (sides[1], sides[2])) <= got
    assert all((s, "CO_BUILDS", "内江新材料中试熟化平台") in got for s in sides)
    assert ("内江甜城创客空间", "SETTLED_IN", "内江高新区") in got


def test_a_founders_column_of_new_research_institutes(pipeline):
    text = ("2024年度普洱市新型研发机构备案名单\n"
            "序号\t机构名称\t举办单位\t所在县区\n"
            "1\t普洱咖啡产业技术研究院\t普洱咖啡集团有限公司、云南农业大学\t思茅区\n")
    got = rels(pipeline, text)
    assert ("普洱咖啡集团有限公司", "CO_BUILDS", "普洱咖啡产业技术研究院") in got
    assert ("云南农业大学", "CO_BUILDS", "普洱咖啡产业技术研究院") in got


def test_an_adverb_and_adjective_begin_a_platforms_name(pipeline):
    text = "2024年，岳阳洞庭激光装备有限公司与湘北理工大学签约，联合共建超快激光精密加工联合实验室。"
    got = rels(pipeline, text)
    assert ("湘北理工大学", "CO_BUILDS", "超快激光精密加工联合实验室") in got


def test_industrial_towns_and_an_industry_read_as_a_verb(pipeline):
    text = "今年，喀什棉都纺织科技有限公司、新疆叶河新材料有限公司先后入驻喀什纺织工业城；海南天箭测控技术有限公司落户文昌国际航天城。"
    got = rels(pipeline, text)
    assert ("喀什棉都纺织科技有限公司", "SETTLED_IN", "喀什纺织工业城") in got
    assert ("新疆叶河新材料有限公司", "SETTLED_IN", "喀什纺织工业城") in got
    assert ("海南天箭测控技术有限公司", "SETTLED_IN", "文昌国际航天城") in got


def test_a_field_before_a_provinces_rank_names_one_laboratory(pipeline):
    text = "依托中北理工大学建设的煤基固废资源化利用山西省重点实验室通过评估；我市企业入选山西省重点实验室2家。"
    got = rels(pipeline, text)
    assert ("中北理工大学", "LEADS", "煤基固废资源化利用山西省重点实验室") in got


def test_units_that_take_part_in_what_a_leader_builds(pipeline):
    text = "支持汉中航空工业（集团）有限公司牵头组建汉中航空产业创新联合体，陕西理工大学、汉中职业技术学院等9家单位参与。"
    got = rels(pipeline, text)
    for unit in ("陕西理工大学", "汉中职业技术学院"):
        assert (unit, "CO_BUILDS", "汉中航空产业创新联合体") in got
        assert partners((unit, "汉中航空工业（集团）有限公司")) <= got


def test_takers_of_a_listed_task_work_with_its_setter(pipeline):
    text = ("荆门龙源粮油股份有限公司发布的“稻米副产物综合利用”技术需求，由长江理工大学揭榜；"
            "荆门恒通汽车零部件有限公司发榜的“线控转向系统开发”项目，由武汉理工大学与华中科技大学联合揭榜。")
    assert rels(pipeline, text) == partners(
        ("长江理工大学", "荆门龙源粮油股份有限公司"), ("武汉理工大学", "华中科技大学"),
        ("武汉理工大学", "荆门恒通汽车零部件有限公司"), ("华中科技大学", "荆门恒通汽车零部件有限公司"))


def test_a_new_incubator_named_after_its_count_and_its_graduates(pipeline):
    text = ("荆门高新区新增市级科技企业孵化器1家，即荆门东宝创新创业孵化器，现有在孵企业35家，今年新毕业企业6家，"
            "其中荆门智芯微电子有限公司已迁入荆门高新区电子信息产业园；荆门高新区投资集团有限公司负责园区建设。")
    got = rels(pipeline, text)
    assert ("荆门东宝创新创业孵化器", "JOINED", "市级科技企业孵化器") in got
    assert ("荆门智芯微电子有限公司", "SETTLED_IN", "荆门东宝创新创业孵化器") not in got
    assert ("荆门高新区电子信息产业园", "JOINED", "市级科技企业孵化器") not in got
    assert ("荆门高新区投资集团有限公司", "PART_OF", "荆门高新区") not in got


def test_the_park_a_parks_report_calls_the_park_builds_with_others(pipeline):
    text = ("攀枝花钒钛高新区2024年上半年工作总结\n"
            "（一）平台建设。攀枝花学院钒钛学院与园区共建的钒钛新材料中试基地完成主体建设；"
            "由攀枝花学院与园区管委会共建的钒钛检测中心挂牌。")
    got = rels(pipeline, text)
    assert ("攀枝花钒钛高新区", "CO_BUILDS", "钒钛新材料中试基地") in got
    assert ("攀枝花钒钛高新区", "CO_BUILDS", "钒钛检测中心") not in got


def test_a_bodys_own_report_did_what_its_sentences_leave_without_subject(pipeline):
    text = ("景德镇陶瓷大学2024年科技工作年度报告\n"
            "三、成果转化。全年签订技术开发合同312项，其中与江西景航陶瓷材料有限公司签订的“高温陶瓷涂层”项目合同金额达1200万元。")
    assert partners(("景德镇陶瓷大学", "江西景航陶瓷材料有限公司")) <= rels(pipeline, text)
    news = ("景德镇陶瓷大学与景德镇高新区共建陶瓷研究院\n"
            "全年签订技术开发合同312项，其中与江西景航陶瓷材料有限公司签订的项目合同金额达1200万元。")
    assert not partners(("景德镇陶瓷大学", "江西景航陶瓷材料有限公司")) <= rels(pipeline, news)


def test_a_bare_noun_refers_to_the_one_its_own_sentence_just_named(pipeline):
    text = ("绵阳市人民政府与西南科技大学签订合作协议，双方共建的西南科技大学绵阳研究院已孵化企业73家。"
            "绵阳市游仙区人民政府与西南科技大学合作共建绵州先进材料研究院，2024年研究院获批四川省新型研发机构。")
    joined = {h for h, r, t in rels(pipeline, text) if r == "JOINED"}
    assert joined == {"绵州先进材料研究院"}


def test_an_incubators_own_bulletin_its_new_firms_and_its_operator(pipeline):
    text = ("石嘴山星海湖科技企业孵化器2024年第三季度工作简报\n"
            "一、孵化服务总体情况\n"
            "第三季度，孵化器新增入孵企业2家，在孵企业总数达到46家。\n"
            "新入孵企业为：宁夏沙湖数字科技有限公司、石嘴山贺兰山新材料有限公司。\n"
            "二、企业培育成效\n石嘴山贺兰山新材料有限公司获评宁夏回族自治区科技型中小企业。\n"
            "三、人才服务\n本季度举办培训4场。\n四、活动\n举办路演2场。\n五、宣传\n发布信息12条。\n"
            "六、载体运营\n孵化器由石嘴山星海湖创业投资有限公司运营，本季度与北方民族大学等多家高校开展创业导师进驻活动4场。")
    got = rels(pipeline, text)
    for firm in ("宁夏沙湖数字科技有限公司", "石嘴山贺兰山新材料有限公司"):
        assert (firm, "SETTLED_IN", "石嘴山星海湖科技企业孵化器") in got
    assert ("石嘴山星海湖创业投资有限公司", "LEADS", "石嘴山星海湖科技企业孵化器") in got
    assert not any(n.startswith("季度") for h, _, t in got for n in (h, t))


def test_numbered_platforms_with_their_operators(pipeline):
    text = ("现认定以下单位为2024年度克拉玛依市科技企业孵化器。\n"
            "1.克拉玛依云计算科技企业孵化器（运营主体：新疆克拉玛依云谷发展有限公司）\n"
            "2.独山子石化新材料科技企业孵化器（运营主体：克拉玛依市独山子区管理委员会）\n")
    got = rels(pipeline, text)
    assert ("新疆克拉玛依云谷发展有限公司", "LEADS", "克拉玛依云计算科技企业孵化器") in got
    assert ("克拉玛依市独山子区管理委员会", "LEADS", "独山子石化新材料科技企业孵化器") in got


def test_a_verb_that_took_the_first_character_of_a_name(pipeline):
    text = ("关中理工大学2024年科技工作年度报告\n"
            "学校与宝鸡市人民政府合作共建关中理工大学宝鸡钛材料技术转移中心，面向钛及钛合金企业提供服务。")
    got = rels(pipeline, text)
    assert ("宝鸡市人民政府", "CO_BUILDS", "关中理工大学宝鸡钛材料技术转移中心") in got


def test_a_first_batch_that_moved_in_a_fields_record_and_an_operator(pipeline):
    text = ("3月26日，遵义数字经济产业园正式开园，贵州黔北云科技有限公司、遵义智算信息技术有限公司等首批15家企业集中入驻。"
            "园区运营方遵义数创产业发展有限公司负责招商引资。")
    got = rels(pipeline, text)
    assert ("贵州黔北云科技有限公司", "SETTLED_IN", "遵义数字经济产业园") in got
    assert ("遵义智算信息技术有限公司", "SETTLED_IN", "遵义数字经济产业园") in got
    assert ("遵义数创产业发展有限公司", "LEADS", "遵义数字经济产业园") in got
    record = ("1.平台名称：晋中综改区碳纤维工程技术研究中心\n依托单位：山西晋中碳材料有限公司\n"
              "共建单位：太原理工大学\n所在园区：潇河产业园区\n")
    got = rels(pipeline, record)
    assert ("山西晋中碳材料有限公司", "LEADS", "晋中综改区碳纤维工程技术研究中心") in got
    assert ("太原理工大学", "CO_BUILDS", "晋中综改区碳纤维工程技术研究中心") in got


def test_a_firms_headquarters_clause_keeps_it_the_subject(pipeline):
    text = ("东莞松湖智芯科技有限公司成立于2016年，总部位于东莞松山湖高新技术产业开发区，"
            "是国家高新技术企业，2023年入选广东省制造业单项冠军企业名单。"
            "公司在苏州、成都分别设有全资子公司苏州松湖半导体有限公司和成都松湖感知技术有限公司。")
    got = rels(pipeline, text)
    firm = "东莞松湖智芯科技有限公司"
    assert (firm, "SETTLED_IN", "东莞松山湖高新技术产业开发区") in got
    assert (firm, "JOINED", "国家高新技术企业") in got
    assert ("成都松湖感知技术有限公司", "PART_OF", firm) in got


def test_an_alliance_takes_in_members_and_those_that_also_moved_in(pipeline):
    text = ("武汉光谷微纳科技有限公司牵头组建的光谷激光产业创新联合体吸纳了武汉大学、武汉光联精密器件有限公司等12家单位。"
            "首批入驻光谷激光产业创新联合体的还有武汉深蓝检测技术有限公司、武汉润泽机器人有限公司等6家企业。")
    got = rels(pipeline, text)
    for unit in ("武汉大学", "武汉光联精密器件有限公司"):
        assert (unit, "CO_BUILDS", "光谷激光产业创新联合体") in got
    for firm in ("武汉深蓝检测技术有限公司", "武汉润泽机器人有限公司"):
        assert (firm, "SETTLED_IN", "光谷激光产业创新联合体") in got


def test_the_company_in_a_firms_own_case_is_that_firm(pipeline):
    text = ("案例三：襄阳汉江微纳科技有限公司“链主引领”推动产业链创新\n"
            "【主要做法】在公司带动下，襄阳光联精密器件有限公司先后落户襄阳高新区。\n"
            "【取得成效】公司承担湖北省科技重大专项“高速芯片”项目，2023年获批湖北省技术创新示范企业。")
    joined = {h for h, r, t in rels(pipeline, text) if r == "JOINED"}
    assert joined == {"襄阳汉江微纳科技有限公司"}


def test_an_alliance_that_brings_in_members_is_no_partner_of_them(pipeline):
    text = "常州市新北区光储产业技术创新战略联盟联合常州滨湖职业技术学院等23家单位开展技术攻关。"
    got = rels(pipeline, text)
    assert not any(r == "PARTNERS_WITH" and "联盟" in h + t for h, r, t in got)
    assert ("常州滨湖职业技术学院", "CO_BUILDS", "常州市新北区光储产业技术创新战略联盟") in got


def test_a_cluster_zone_after_a_head_is_no_name(pipeline):
    text = "甬江实验室研究院集聚区、B区一期项目正式开工建设。"
    names = {m.name for m in extract_text(pipeline, text).mentions}
    assert "甬江实验室研究院" not in names


def test_new_settlers_counted_by_kind_projects_counted_after_names_and_a_dateline(pipeline):
    text = ("琼海博鳌软件园2024年5月工作简报\n◆新入驻企业\n"
            "本月新入驻重点企业3家，包括海南琼链数字科技有限公司、海南博鳌游戏科技有限公司等。")
    got = rels(pipeline, text)
    assert ("海南琼链数字科技有限公司", "SETTLED_IN", "琼海博鳌软件园") in got
    text = ("活动现场，金华市人民政府与浙江金华大学签署全面战略合作协议。"
            "同日，浙江婺江光电科技有限公司、金华华擎新能源科技有限公司2个项目签约落户金华双龙科创园。")
    got = rels(pipeline, text)
    assert ("浙江婺江光电科技有限公司", "SETTLED_IN", "金华双龙科创园") in got
    assert not any(h == "金华市人民政府" and r == "SETTLED_IN" for h, r, _ in got)
    text = ("本报讯（记者 韩佳）12月17日，天津滨海具身智能机器人产业园在天津经济技术开发区开园。"
            "首批入驻的天津灵动具身科技有限公司、天津擎天关节模组科技有限公司等21家企业覆盖整机等环节。")
    got = rels(pipeline, text)
    assert ("天津灵动具身科技有限公司", "SETTLED_IN", "天津滨海具身智能机器人产业园") in got


def test_record_lines_with_other_fields_between_and_numbered_items_apart(pipeline):
    text = ("关于下达2024年度攸县科技计划项目的通知\n"
            "决定下达2024年度攸县科技计划项目2项。现将有关事项通知如下：\n"
            "1.项目名称：高强度电瓷绝缘子研究\n承担单位：湖南攸瓷电气股份有限公司\n合作单位：景德镇陶瓷大学\n资助经费：35万元\n"
            "2.项目名称：陶瓷颜色釉开发\n承担单位：攸县釉彩坊陶瓷有限公司\n合作单位：湖南工业大学\n资助经费：30万元\n")
    got = rels(pipeline, text)
    for unit in ("湖南攸瓷电气股份有限公司", "攸县釉彩坊陶瓷有限公司"):
        assert (unit, "JOINED", "攸县科技计划") in got
    assert partners(("湖南攸瓷电气股份有限公司", "景德镇陶瓷大学"), ("攸县釉彩坊陶瓷有限公司", "湖南工业大学")) <= got
    assert not partners(("湖南攸瓷电气股份有限公司", "湖南工业大学")) <= got
