"""Recognition and typing on real report sentences: each mechanism of ner/recognition/."""

from __future__ import annotations

import pytest
from conftest import extract_text


def names(pipeline, text: str) -> dict[str, str]:
    return {m.name: m.label for m in extract_text(pipeline, text).mentions}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # names with brackets, grown leftwards from the head noun through the brackets
        ("中国石化安全工程研究院落地项目中石化(宁波)安全科技有限公司成功注册。", "中石化(宁波)安全科技有限公司", "Enterprise"),
        ("与宁波市人民政府合作共建的宁波数字孪生(东方理工)研究院启动运营。", "宁波数字孪生(东方理工)研究院", "ResearchInstitute"),
        # a name that the model cut at a conjunction inside it
        ("温州光电技术研究院、国际激光与光电技术转移中心等2家科技创新公共服务平台。", "国际激光与光电技术转移中心", "Platform"),
        # quoted program names and titles
        ("中金石化高碳行业节能降耗关键技术与装备研发项目入选省“领雁”研发攻关年度计划。", "省“领雁”研发攻关年度计划", "Program"),
        ("南钢金鑫轧钢苏杭团队获批省“双创团队”(科技口),全市唯一。", "省“双创团队”", "Program"),
        ("宁波智能装备研究院获批国家级专精特新“小巨人”。", "国家级专精特新“小巨人”", "Program"),
        # a truncated model span repaired (中金石化高|碳)
        ("中金石化高碳行业节能降耗关键技术与装备研发项目入选省“领雁”研发攻关年度计划。", "中金石化", "Enterprise"),
        # short trade names
        ("中石化宁波新材料研究院、新宏液压等8家单位研发项目入选2023年度宁波市重点研发计划。", "新宏液压", "Enterprise"),
        ("阿尔法药业石利平入围科技部创新人才推进计划答辩名单。", "阿尔法药业", "Enterprise"),
        # a title whose head noun says 企业 is still a Program
        ("xxx电力科技股份有限公司、xxx电气有限公司入选瞪羚企业,占全省x/xx。", "瞪羚企业", "Program"),
        # a country-pair prefix the model splits off
        ("推动创建中以农业科技集散中心,加快农业科技示范园建设。", "中以农业科技集散中心", "Platform"),
        # lexicon abbreviations
        ("与中科院、中物院、清华大学、浙江大学等一批重点高校院所合作深入推进。", "中物院", "ResearchInstitute"),
        # a firm's name with a brand the model read as a verb
        ("国内龙头企业武汉奔腾楚天激光设备公司签约整体搬迁入驻温州。", "武汉奔腾楚天激光设备公司", "Enterprise"),
        # level designations of government bodies are names
        ("由县科技局牵头,联合县高新区、中国银行成立工作组。", "县高新区", "Platform"),
        ("联合区农业农村局、卫健局、气象局等部门,组织实施农业社发项目共30个。", "区农业农村局", "Government"),
        # a branch named after its parent; the preposition the model glued on is cut off
        ("贵州省茶叶研究所湄潭分所在我县挂牌成立。", "贵州省茶叶研究所湄潭分所", "ResearchInstitute"),
        # a place before an act is no brand: the name starts after the verb
        ("西南大学在湄潭设立茶学实践教学基地。", "茶学实践教学基地", "Platform"),
        # the model's punctuation token swallowed the head (）有限公司/w)
        ("杭州市余杭区人民政府与阿里巴巴（中国）有限公司合作共建达摩院。", "阿里巴巴（中国）有限公司", "Enterprise"),
        # a verb glued onto the front of the second name (会同市财政局/ORG)
        ("市科技局会同市财政局组织开展2024年度科技型中小企业评价工作。", "市财政局", "Government"),
        # a hyphen pairs the founders' names
        ("TCL科技集团股份有限公司与华南理工大学共建TCL-华工联合实验室。", "TCL-华工联合实验室", "Platform"),
        # a cue inside one model span parts two complete names (杭州市科技局联合市经信局/ORG)
        ("杭州市科技局联合市经信局认定浙江大华技术股份有限公司等35家企业为市级企业高新技术研究开发中心。",
         "市经信局", "Government"),
        # …but 联合 inside a name stays (the rest, 实验室, is no name of its own)
        ("浙江大学联合实验室获批。", "浙江大学联合实验室", "Platform"),
        # a program head (培育企业) after a quoted name and a province
        ("入选2024年度浙江省“雄鹰行动”培育企业的有：宁波均胜电子股份有限公司。", "浙江省“雄鹰行动”培育企业", "Program"),
        # …but it is weak: a complete name before it stays whole
        ("获批东阳市发展和改革委员会优势培育企业5家。", "东阳市发展和改革委员会", "Government"),
        # a field whose first word is a verb (合成生物学)
        ("深圳先进院获批建设广东省合成生物学重点实验室。", "广东省合成生物学重点实验室", "Platform"),
        # a region named by its direction inside a name
        ("依托西安交通大学建设的国家技术转移西北中心,新增技术合同成交额120亿元。", "国家技术转移西北中心", "Platform"),
        # a model span that begins with a place is whole: the apposition before it stays out
        ("西安光机所孵化企业陕西源杰半导体科技股份有限公司成功入选国家级制造业单项冠军示范企业。",
         "陕西源杰半导体科技股份有限公司", "Enterprise"),
        # designations and titles led by a place
        ("贵州黔茶科技有限公司被认定为2024年度贵州省专精特新冠军企业。", "贵州省专精特新冠军企业", "Program"),
        ("遵义湄江茶业有限公司入选贵州省农业科技型企业。", "贵州省农业科技型企业", "Program"),
        ("六盘水钢铁集团申报了贵州省创新龙头企业。", "贵州省创新龙头企业", "Program"),
        ("其研制的茶叶采摘机入选2023年度贵州省首台（套）重大技术装备名录。", "贵州省首台（套）重大技术装备", "Program"),
        ("贵阳大数据研究院获批贵州省新型研发机构。", "贵州省新型研发机构", "Program"),
        ("遵义市技术转移中心入选贵州省示范性技术转移机构。", "贵州省示范性技术转移机构", "Program"),
        ("3家平台获批2024年度自治区科技创新平台。", "自治区科技创新平台", "Platform"),
        # the model reads a designation after 市级 as an adjective
        ("铜仁市公布2024年度市级工程技术研究中心认定名单。", "市级工程技术研究中心", "Platform"),
        # a campus; a base named after its place, the model marking both as one word
        ("贵州民族大学花溪校区二期建成投用。", "贵州民族大学花溪校区", "University"),
        ("乌蒙山基地依托毕节乌蒙山茶业有限公司建设。", "乌蒙山基地", "Platform"),
    ],
)
def test_names_and_labels(pipeline, text, name, label):
    found = names(pipeline, text)
    assert found.get(name) == label, found


def test_trade_names_in_a_list_of_firms(pipeline):
    text = "其中明正变电、赣电电气、伊发电力、国泰化工、x变电、亚珀电气、万泰铝业均与高校进行了实质性的项目合作。"
    found = names(pipeline, text)
    assert {"明正变电", "赣电电气", "伊发电力", "国泰化工", "亚珀电气", "万泰铝业"} <= set(found)
    assert all(label == "Enterprise" for label in found.values())


def test_a_trade_name_joined_to_an_organisation_is_a_firm(pipeline):
    found = names(pipeline, "推动钱江摩托与浙江大学台州研究院共建摩托车智能电控联合实验室。")
    assert found.get("钱江摩托") == "Enterprise", found
    found = names(pipeline, "浙江大学台州研究院与钱江摩托签订战略合作协议。")
    assert found.get("钱江摩托") == "Enterprise", found
    # industries, generic nouns and verbs joined to an organisation are no firms
    for text in ("推动新能源汽车与浙江大学开展合作。", "引导数字经济与浙江大学合作。",
                 "推进产业化基地所属企业科技和晴隆县人民政府工作。"):
        found = names(pipeline, text)
        assert set(found.values()) <= {"University", "Government"}, found


def test_a_list_of_industries_is_no_list_of_firms(pipeline):
    found = names(pipeline, "涉及铜基新材料、新能源汽车、信息技术、资源综合利用等多个产业领域。")
    assert found == {}


def test_list_class_types_its_members(pipeline):
    found = names(pipeline, "分别参股注册资金共5亿元的创业加速器、海邦基金、天堂硅谷等三家创投公司。")
    assert found.get("海邦基金") == "Enterprise" and found.get("天堂硅谷") == "Enterprise"
    assert "创投公司" not in found


@pytest.mark.parametrize(
    "text",
    [
        "推进产业技术研究院提质增效。加强创新平台建设,3家研究院所获批市级重点实验室。",  # generic names
        "企业创新平台建设取得新进展。",
        "问题我局高度重视,及时整改。",  # 我局: a reference
        "两项重难点人才工程实现破零突破。",  # a count makes a class
        "推动奇纳新材料“高温合金”等一批产业领先关键技术的应用。",  # a quoted product
        "完成市委市政府中心工作。",  # 中心工作 is one word
        "项目选址位于园区东北中心地带。",  # 中心地带 is one word
        "对首次入选的企业给予20万元奖励。",  # an amount is no name
        "我们注重前沿科技的探索,推动了人工智能、生物技术和新能源等领域的创新。",
        "天河区委副书记李明出席签约仪式。",  # a party committee in a person's title (SCHEMA: no Government head)
    ],
)
def test_no_false_names(pipeline, text):
    found = names(pipeline, text)
    bad = {n for n, lab in found.items() if lab != "Platform" or not n.startswith("市级")}
    assert not bad, found


def test_masks_glued_to_a_name_hide_it(pipeline):
    found = names(pipeline, "国家级创新平台获重大突破,x明正变电获批国家企业技术中心。")
    assert "明正变电" not in found
    assert "国家级创新平台" not in found
    # a hyphen does not join a named founder to a masked partner's platform
    found = names(pipeline, "推进青海大学-xx紧固件产业创新平台等平台建设工作。")
    assert found.get("青海大学") == "University", found
    # the model's span 国家重点实验室/ORG is the tail of a masked laboratory's name
    found = names(pipeline, "xx大学汽车车身先进设计制造国家重点实验室设立xx分中心。")
    assert "国家重点实验室" not in found, found


def test_confidence_reflects_the_evidence(pipeline):
    ex = extract_text(pipeline, "清华大学、吉林大学、北京矿业科技集团、合肥工业大学等高校针对企业技术需求达成初步合作意向。")
    conf = {m.name: m.confidence for m in ex.mentions}
    assert conf["清华大学"] >= 0.9
    assert 0 < conf["北京矿业科技集团"] <= 1


def test_names_from_other_regions(pipeline):
    """Reports from regions the lexicons were not written for."""
    found = names(pipeline, "苏州工业园区管委会与中国科学院苏州纳米技术与纳米仿生研究所签订战略合作协议,"
                  "比亚迪股份有限公司正式入驻深圳湾科技生态园。")
    assert found == {
        "苏州工业园区管委会": "Government",
        "中国科学院苏州纳米技术与纳米仿生研究所": "ResearchInstitute",
        "比亚迪股份有限公司": "Enterprise",
        "深圳湾科技生态园": "Platform",
    }


def test_a_campus_in_brackets_belongs_to_the_name(pipeline):
    assert names(pipeline, "香港科技大学(广州)等高校在我区设立研发机构。") == {"香港科技大学(广州)": "University"}


@pytest.mark.parametrize("gap", ["\t", "　", "  ", " "])
def test_table_rows_rendered_as_lines_keep_their_cells_apart(pipeline, gap):
    row = gap.join(["序号", "平台名称", "依托单位", "所在县区"]) + "\n" + gap.join(
        ["1", "黔南州抗寒茶树育种工程技术研究中心", "都匀毛尖茶业集团有限公司", "都匀市"]) + "\n" + gap.join(
        ["2", "荔波喀斯特生态科技孵化器", "黔南樟江科技发展有限公司", "荔波县"]) + "\n" + gap.join(
        ["3", "苗岭中药材繁育快繁", "黔南民族师范学院", "都匀市"])
    found = names(pipeline, row)
    assert {"黔南州抗寒茶树育种工程技术研究中心", "都匀毛尖茶业集团有限公司", "荔波喀斯特生态科技孵化器",
            "黔南樟江科技发展有限公司", "黔南民族师范学院"} <= set(found), found
    assert not any(len(n) > 20 for n in found), found


def test_words_glued_onto_names_stay_out(pipeline):
    found = names(pipeline, "黔东南（凯里）茶业有限公司是黔东南茶业集团股份有限公司的全资子公司，"
                            "贵州黔茶科技有限公司新晋国家级专精特新“小巨人”企业。")
    assert {"黔东南（凯里）茶业有限公司", "黔东南茶业集团股份有限公司", "贵州黔茶科技有限公司",
            "国家级专精特新“小巨人”企业"} == set(found), found
    found = names(pipeline, "都匀毛尖茶业全资子公司黔南茶旅发展有限公司入驻都匀经济开发区。")
    assert "黔南茶旅发展有限公司" in found and not any("全资子公司" in n for n in found), found


def test_a_platform_named_after_its_firm_names_the_firm_too(pipeline):
    ex = extract_text(pipeline, "遵义赤水河酿造有限公司企业技术中心和黔北理工学院遵义研究院获批省级平台。")
    spans = {(m.name, m.label, m.start, m.end) for m in ex.mentions}
    assert ("遵义赤水河酿造有限公司企业技术中心", "Platform", 0, 17) in spans, spans
    assert ("遵义赤水河酿造有限公司", "Enterprise", 0, 11) in spans, spans
    # a university's name before its institute is the structure of the name, not a second one
    assert "黔北理工学院" not in {m.name for m in ex.mentions}
    assert any(r.type == "PART_OF" and r.tail == "遵义赤水河酿造有限公司" for r in ex.relations), ex.relations


@pytest.mark.parametrize("dash", ["-", "－", "–", "—"])
def test_a_dash_joins_two_founders_into_one_name(pipeline, dash):
    name = f"桂林电子科技大学{dash}漓江光电联合实验室"
    found = names(pipeline, f"双方共建的{name}获批广西重点实验室。")
    assert found.get(name) == "Platform", found


def test_a_chain_of_dashes_is_no_name(pipeline):
    found = names(pipeline, "构建“众创空间—苗圃—孵化器—加速器”全链条孵化体系。")
    assert not any("—" in n for n in found), found


def test_abbreviated_and_numbered_institutes(pipeline):
    found = names(pipeline, "市农科院与中国电科29所、中国航天科工集团三院31所签订协议，省纺研所和省社科院参加。")
    for name in ("市农科院", "中国电科29所", "中国航天科工集团三院31所", "省纺研所", "省社科院"):
        assert found.get(name) == "ResearchInstitute", (name, found)
    # a body named by its level is a name, not a designation; a region-wide branch is neither
    ex = extract_text(pipeline, "省林科院在甘南设立的区域性分院揭牌。")
    assert {(m.name, m.generic) for m in ex.mentions} == {("省林科院", False)}
    # a count of institutions is no institute
    assert names(pipeline, "全省共有38所。") == {}


def test_abbreviation_schemes_expand_for_merging():
    from ner.normalize import canonical_key

    assert canonical_key("甘肃省农科院") == canonical_key("甘肃省农业科学院")
    assert canonical_key("四川省社科院") == canonical_key("四川省社会科学院")


def test_words_that_only_look_like_names(pipeline):
    # 奖 inside 获奖 ends no name; 计划 as a verb after a firm is no program
    found = names(pipeline, "大会为2023年度南明区科技创新奖获奖单位颁奖。")
    assert found == {"南明区科技创新奖": "Program"}, found
    found = names(pipeline, "贵州黔灵数控机床有限公司计划于明年入驻园区。")
    assert found == {"贵州黔灵数控机床有限公司": "Enterprise"}, found
    # a batch is no part of a program's name; names inside a policy's title are none
    found = names(pipeline, "以下8家企业已入库2024年第一批国家科技型中小企业。")
    assert "国家科技型中小企业" in found and not any(n.startswith("第一批") for n in found), found
    assert names(pipeline, "根据《贵州省科技企业孵化器认定和管理办法》开展认定。") == {}


def test_a_program_is_named_without_the_projects_under_it(pipeline):
    assert names(pipeline, "关于下达2024年度淮南市科技重大专项项目计划的通知") == {"淮南市科技重大专项": "Program"}
    found = names(pipeline, "淮南舜岳水泥有限公司承担的省重点研发计划项目通过验收。")
    assert found.get("省重点研发计划") == "Program", found


def test_a_branch_named_after_a_parent_holds_the_parent_whole(pipeline):
    found = names(pipeline, "国家稠油提高采收率工程技术研究中心克拉玛依分中心揭牌。")
    assert found == {"国家稠油提高采收率工程技术研究中心克拉玛依分中心": "Platform"}, found


def test_references_to_several_bodies_are_no_names(pipeline):
    for text in ("经企业申报、县区科技局推荐、专家评审，拟认定以下单位。", "由区市科技局联合审核。",
                 "贵州黔山制药有限公司将总部和研发中心迁入贵阳。"):
        found = names(pipeline, text)
        assert not any(n.startswith(("县区", "区市", "总部")) for n in found), found
    # a body's name that begins with two level characters is still one
    assert names(pipeline, "省市场监督管理局发布通知。") == {"省市场监督管理局": "Government"}


def test_a_trade_name_that_acts_is_a_firm(pipeline):
    found = names(pipeline, "会上，凯里酸汤食品落户凯里经济开发区。")
    assert found.get("凯里酸汤食品") == "Enterprise", found
    found = names(pipeline, "2024年，都匀毛尖茶业入驻黔南高新区。")
    assert found.get("都匀毛尖茶业") == "Enterprise", found
    # an industry is no firm, whatever it does
    assert "新能源汽车" not in names(pipeline, "全力推动新能源汽车落户我县。")


def test_around_an_organisation_is_no_part_of_its_name(pipeline):
    found = names(pipeline, "推动环四川大学创新生态圈建设。")
    assert found == {"四川大学": "University"}, found
    # …but a park named after the region around a lake is one name
    assert names(pipeline, "环洱海科技园入驻企业30家。").get("环洱海科技园") == "Platform"
