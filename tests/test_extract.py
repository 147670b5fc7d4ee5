"""Recognition, typing and relations on real sentences of the sample reports."""

from __future__ import annotations

from conftest import extract_text


def names(ex) -> dict[str, str]:
    return {m.name: m.label for m in ex.mentions}


def rels(ex) -> set[tuple[str, str, str]]:
    return {(r.head, r.type, r.tail) for r in ex.relations}


def test_bracketed_names_and_omitted_subject(pipeline):
    text = ("宁波东方理工大学(暂名)永久校区一期(核心区)正式开工,超算中心建成投用,获批市级重点实验室,"
            "与宁波市人民政府合作共建的宁波数字孪生(东方理工)研究院启动运营,"
            "与镇海区人民政府合作共建东方理工产业技术研究院正式签约。")
    ex = extract_text(pipeline, text)
    found = names(ex)
    assert found["宁波东方理工大学"] == "University"
    assert found["宁波数字孪生(东方理工)研究院"] == "ResearchInstitute"
    assert found["宁波市人民政府"] == "Government"
    r = rels(ex)
    assert ("宁波市人民政府", "CO_BUILDS", "宁波数字孪生(东方理工)研究院") in r
    assert ("宁波东方理工大学", "CO_BUILDS", "东方理工产业技术研究院") in r
    uni = next(m for m in ex.mentions if m.name == "宁波东方理工大学")
    assert "宁波东方理工大学(暂名)" in uni.aliases


def test_coordinated_subjects_join_a_program(pipeline):
    ex = extract_text(pipeline, "招宝磁业、晶钻科技等2家企业成功入选省科技小巨人企业。")
    assert names(ex) == {"招宝磁业": "Enterprise", "晶钻科技": "Enterprise", "省科技小巨人企业": "Program"}
    assert rels(ex) == {("招宝磁业", "JOINED", "省科技小巨人企业"), ("晶钻科技", "JOINED", "省科技小巨人企业")}


def test_masked_names_never_become_entities(pipeline):
    ex = extract_text(pipeline, "一是xx有色公司联合合肥工业大学攻克了“可再生胺脱硫剂开发与工业化应用关键技术”。"
                      "xxx电力科技股份有限公司、xxx电气有限公司入选瞪羚企业。")
    found = names(ex)
    assert "合肥工业大学" in found
    assert not any("x" in n.lower() for n in found)
    assert not any(r.type == "PARTNERS_WITH" for r in ex.relations)


def test_prose_without_names_yields_nothing(pipeline):
    ex = extract_text(pipeline, "这些成果不仅提升了我市的科技实力,也为经济社会发展注入了新的动力。"
                      "利用金融杠杆做大科技投融资规模,全年新增融资6亿元。")
    assert ex.mentions == [] and ex.relations == []


def test_settled_in_with_the_platform_first(pipeline):
    text = ("建成建筑面积25000平方米的温州国际激光与光电科技企业孵化器,研发、孵化功能齐全,"
            "已入驻博纳激光、增益科技等9家具有领先技术的激光行业企业。")
    ex = extract_text(pipeline, text)
    assert ("增益科技", "SETTLED_IN", "温州国际激光与光电科技企业孵化器") in rels(ex)


def test_evidence_points_at_both_names(pipeline):
    text = "文一三佳股份公司与合肥工业大学共建“文一工大机器人应用研究院”取得突破性进展。"
    ex = extract_text(pipeline, text)
    r = next(r for r in ex.relations if r.type == "CO_BUILDS" and r.head == "合肥工业大学")
    ev = r.evidence
    assert ev.text == text and ev.cue == "共建" and ev.rule
    assert text[ev.head_start : ev.head_end] == "合肥工业大学"
    assert "文一工大机器人应用研究院" in text[ev.tail_start : ev.tail_end]
