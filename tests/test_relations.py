"""Relation rules (data/lexicons/triggers.tsv, frames.tsv) on real report sentences, with negatives."""

from __future__ import annotations

import pytest
from conftest import extract_text

from ner.relations import default_rules


def rels(pipeline, text: str) -> set[tuple[str, str, str]]:
    return {(r.head, r.type, r.tail) for r in extract_text(pipeline, text).relations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合肥工业大学与精达集团联合申报的“有色金属与加工技术国家地方联合工程研究中心”成功获批。",
         {("合肥工业大学", "PARTNERS_WITH", "精达集团")}),
        ("由温州粼粼漆科技与中国科学院紧密合作,成功研发塑料水性漆并实现产业化。",
         {("温州粼粼漆科技", "PARTNERS_WITH", "中国科学院")}),
        ("苏州工业园区管委会与中国科学院苏州纳米技术与纳米仿生研究所签订战略合作协议。",
         {("苏州工业园区管委会", "PARTNERS_WITH", "中国科学院苏州纳米技术与纳米仿生研究所")}),
        ("成都市科技局联合四川大学攻克了高性能锂电池关键技术。", {("成都市科技局", "PARTNERS_WITH", "四川大学")}),
        ("杭州海康威视数字技术股份有限公司牵头组建浙江省智能视觉产业技术创新战略联盟。",
         {("杭州海康威视数字技术股份有限公司", "LEADS", "浙江省智能视觉产业技术创新战略联盟")}),
        ("比亚迪股份有限公司正式入驻深圳湾科技生态园。", {("比亚迪股份有限公司", "SETTLED_IN", "深圳湾科技生态园")}),
        ("由浙江恒丰泰减速机制造承担的工业机器人研究获得了国家重点研发计划支持。",
         {("浙江恒丰泰减速机制造", "JOINED", "国家重点研发计划")}),
        ("xx市科技局、泸县县委组织部被省科技厅、省人社厅联合评为“四川省科技特派员工作先进集体”。",
         {("泸县县委组织部", "JOINED", "四川省科技特派员工作先进集体")}),
    ],
)
def test_rules(pipeline, text, expected):
    found = rels(pipeline, text)
    assert expected <= found, found


def test_co_builders_are_partners(pipeline):
    found = rels(pipeline, "西安交通大学与陕西省人民政府合作共建中国西部科技创新港。")
    assert found == {
        ("西安交通大学", "CO_BUILDS", "中国西部科技创新港"),
        ("陕西省人民政府", "CO_BUILDS", "中国西部科技创新港"),
        ("西安交通大学", "PARTNERS_WITH", "陕西省人民政府"),
    }


def test_agreements_announced_pair_by_pair(pipeline):
    text = ("其中汉威环境科技有限公司与中国水科院水环境研究所就“管网溢流在线调控技术项目”,"
            "格瑞特公司与中科院固体物理研究所就该所的“多孔镁、镁合金及表面耐蚀涂层开发”成果,"
            "耐科科技股份公司与中科院合肥研究院先进制造所徐林森博士团队就“半导体自动封装设备交换部系统技术”达成了合作意向。")
    found = {tuple(sorted((h, t))) for h, typ, t in rels(pipeline, text) if typ == "PARTNERS_WITH"}
    assert found == {
        tuple(sorted(p)) for p in [
            ("汉威环境科技有限公司", "中国水科院水环境研究所"),
            ("格瑞特公司", "中科院固体物理研究所"),
            ("耐科科技股份公司", "中科院合肥研究院先进制造所"),
        ]
    }


@pytest.mark.parametrize(
    "text",
    [
        # an award to people, not to the bodies they work for
        "泸县粮食局高级工程师江世清、古蔺县畜牧局助理畜牧师向德被评为“四川省科技特派员工作先进个人”。",
        # negotiations are not partnerships
        "组织博迁新材料、景宏新材料等企业与上海交通大学、西北工业大学等高等院所进行洽谈。",
        # an omitted subject that the sentence does not make plain
        "建立多跨协同的科创平台赋能赋智工作专班,与甬江实验室、中国科学院宁波材料所签订战略合作协议。",
        # partners not named
        "清华大学、吉林大学等高校针对18项企业技术需求达成初步合作意向。",
        # a masked partner
        "一是xx有色公司联合合肥工业大学攻克了“可再生胺脱硫剂开发与工业化应用关键技术”。",
    ],
)
def test_no_relation(pipeline, text):
    assert rels(pipeline, text) == set()


def test_members_listed_after_the_program(pipeline):
    """The program first, its members after: in brackets after a count, or after 的…有/为."""
    assert rels(pipeline, "全区新增省级研发中心2家（宁波旭升集团股份有限公司、宁波东方电缆股份有限公司）。") == {
        ("宁波旭升集团股份有限公司", "JOINED", "省级研发中心"), ("宁波东方电缆股份有限公司", "JOINED", "省级研发中心")}
    assert rels(pipeline, "获批省级重点实验室的单位为宁波大学和宁波诺丁汉大学。") == {
        ("宁波大学", "JOINED", "省级重点实验室"), ("宁波诺丁汉大学", "JOINED", "省级重点实验室")}
    assert rels(pipeline, "入选国家级专精特新“小巨人”企业的有：宁波均胜电子股份有限公司、宁波拓普集团股份有限公司。") == {
        ("宁波均胜电子股份有限公司", "JOINED", "国家级专精特新“小巨人”企业"),
        ("宁波拓普集团股份有限公司", "JOINED", "国家级专精特新“小巨人”企业")}
    assert rels(pipeline, "入选2024年度浙江省“雄鹰行动”培育企业的有：宁波均胜电子股份有限公司。") == {
        ("宁波均胜电子股份有限公司", "JOINED", "浙江省“雄鹰行动”培育企业")}
    # a count without members names nobody
    assert rels(pipeline, "新增国家高新技术企业85家，其中宁波大学科技园孵化企业12家。") == set()


def test_a_denied_relation_is_no_relation(pipeline):
    assert rels(pipeline, "宁波舜宇光电信息有限公司没有入选国家级专精特新“小巨人”企业。") == set()
    assert rels(pipeline, "宁波舜宇光电信息有限公司申报国家重点研发计划未获批。") == set()
    # an adverb between the pair does not part it
    assert rels(pipeline, "宁波舜宇光电信息有限公司已与浙江大学签订战略合作协议。") == {
        ("宁波舜宇光电信息有限公司", "PARTNERS_WITH", "浙江大学")}
    assert ("宁波舜宇光电信息有限公司", "CO_BUILDS", "光学联合研究中心") in rels(
        pipeline, "宁波舜宇光电信息有限公司拟与浙江大学合作共建光学联合研究中心。")


def test_rules_are_data():
    rules = default_rules()
    assert len(rules.trigger_frames) >= 15
    types = {t for f in rules.frames.values() for t, _, _, _ in f.emits}
    assert types == {"JOINED", "LEADS", "CO_BUILDS", "PARTNERS_WITH", "SETTLED_IN", "PART_OF"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model glued the cue verb into one token with the names around it
        ("依托浙江大学、西湖大学等高校,杭州市人民政府共建之江实验室,之江实验室入选国家实验室体系。",
         {("杭州市人民政府", "CO_BUILDS", "之江实验室"), ("之江实验室", "JOINED", "国家实验室")}),
        ("武汉光谷生物城新增入驻企业86家,人福医药集团股份公司获批国家企业技术中心。",
         {("人福医药集团股份公司", "JOINED", "国家企业技术中心")}),
        # a group working together: every pair partners
        ("重庆大学、重庆市科学技术研究院和长安汽车股份有限公司联合攻关,突破了新能源汽车电驱动关键技术。",
         {("重庆大学", "PARTNERS_WITH", "重庆市科学技术研究院"), ("重庆大学", "PARTNERS_WITH", "长安汽车股份有限公司"),
          ("重庆市科学技术研究院", "PARTNERS_WITH", "长安汽车股份有限公司")}),
        ("成功引进哈尔滨工业大学郑州研究院、北京理工大学郑州研究院等新型研发机构落户郑州高新区。",
         {("哈尔滨工业大学郑州研究院", "SETTLED_IN", "郑州高新区"), ("北京理工大学郑州研究院", "SETTLED_IN", "郑州高新区")}),
        # the model glued the cue onto the end of the first name
        ("湖北九峰山实验室联合华中科技大学、武汉大学共同攻克化合物半导体外延关键技术。",
         {("湖北九峰山实验室", "PARTNERS_WITH", "华中科技大学"), ("湖北九峰山实验室", "PARTNERS_WITH", "武汉大学"),
          ("华中科技大学", "PARTNERS_WITH", "武汉大学")}),
        ("中国科学院西安光学精密机械研究所与西安高新区管委会联合成立西安光子产业研究院。",
         {("中国科学院西安光学精密机械研究所", "CO_BUILDS", "西安光子产业研究院"),
          ("西安高新区管委会", "CO_BUILDS", "西安光子产业研究院"),
          ("中国科学院西安光学精密机械研究所", "PARTNERS_WITH", "西安高新区管委会")}),
        ("贵州阳春白雪茶业有限公司通过省级科技型中小企业评价。",
         {("贵州阳春白雪茶业有限公司", "JOINED", "省级科技型中小企业")}),
        # a note between the two names does not part them
        ("中国科学院深圳先进技术研究院（以下简称“深圳先进院”）与腾讯科技（深圳）有限公司签署战略合作协议。",
         {("中国科学院深圳先进技术研究院", "PARTNERS_WITH", "腾讯科技（深圳）有限公司")}),
        # a province's designation named in a list title; the active voice of 认定
        ("深圳市大疆创新科技有限公司、深圳迈瑞生物医疗电子股份有限公司入选2023年度广东省工程技术研究中心名单。",
         {("深圳市大疆创新科技有限公司", "JOINED", "广东省工程技术研究中心"),
          ("深圳迈瑞生物医疗电子股份有限公司", "JOINED", "广东省工程技术研究中心")}),
        ("认定优必选科技等12家单位为区级企业研发中心。", {("优必选科技", "JOINED", "区级企业研发中心")}),
        # a group undertaking a project together
        ("浙江吉利控股集团有限公司、浙江大学等单位联合承担的动力电池项目获批国家重点研发计划。",
         {("浙江吉利控股集团有限公司", "PARTNERS_WITH", "浙江大学"),
          ("浙江吉利控股集团有限公司", "JOINED", "国家重点研发计划"), ("浙江大学", "JOINED", "国家重点研发计划")}),
        ("广州市科技局与华南理工大学、中山大学签署战略合作框架协议。",
         {("广州市科技局", "PARTNERS_WITH", "华南理工大学"), ("广州市科技局", "PARTNERS_WITH", "中山大学")}),
    ],
)
def test_reports_from_other_regions(pipeline, text, expected):
    found = rels(pipeline, text)
    assert found == expected, found


def test_a_whole_report_from_another_city(pipeline):
    """A report none of the rules were written from: names, lists of firms and relations."""
    text = ("合肥市高新区科技局2022年工作总结\n\n"
            "安徽大学与区管委会共建的安徽省量子计算工程研究中心通过验收。"
            "国盾量子、本源量子等5家企业入选国家级专精特新“小巨人”企业,阳光电源股份有限公司获批国家技术创新示范企业。"
            "加快推进量子信息、人工智能等领域重大平台建设,新入选省“特支计划”人才12人。")
    ex = extract_text(pipeline, text)
    found = {(r.head, r.type, r.tail) for r in ex.relations}
    assert found == {
        ("安徽大学", "CO_BUILDS", "安徽省量子计算工程研究中心"),
        ("区管委会", "CO_BUILDS", "安徽省量子计算工程研究中心"),
        ("安徽大学", "PARTNERS_WITH", "区管委会"),
        ("国盾量子", "JOINED", "国家级专精特新“小巨人”企业"),
        ("本源量子", "JOINED", "国家级专精特新“小巨人”企业"),
        ("阳光电源股份有限公司", "JOINED", "国家技术创新示范企业"),
    }
    names = {m.name for m in ex.mentions}
    assert "省“特支计划”" in names
    assert not names & {"量子信息", "人工智能"}


def test_a_pair_that_signs_then_builds(pipeline):
    text = "深圳市大族激光科技产业集团股份有限公司与华中科技大学签订全面战略合作协议,共建激光智能制造联合实验室。"
    assert rels(pipeline, text) == {
        ("深圳市大族激光科技产业集团股份有限公司", "CO_BUILDS", "激光智能制造联合实验室"),
        ("华中科技大学", "CO_BUILDS", "激光智能制造联合实验室"),
        ("深圳市大族激光科技产业集团股份有限公司", "PARTNERS_WITH", "华中科技大学"),
    }
