"""Document metadata: title, issuer (发布机构), date (成文日期), region and year."""

from __future__ import annotations

import pytest

from ner.ingest import read_bytes, read_document
from ner.metadata import extract_metadata, parse_date

# What each sample report states about itself (read by hand from data/reports/).
SAMPLES = [
    # 市区科技局 of a 宁波 district (the report names 宁波 and 鄞州); plans for 2013 after a 2012 review.
    ("市区科技局工作报告", "市区科技局", "", "宁波市", 2012),
    # A compilation page: the 【精选6篇】 of the listing is not part of the title.
    ("科技局年度工作总结汇报", "科技局", "", "", 2019),
    # The 时间: stamp is when a site copied it (2022), not when it was written: the text is about 2015.
    ("科技工作实施意见", "", "", "", 2015),
    # A government page: labelled fields (发布机构: | 区科技局 |), a notice signed by the full office name.
    ("宁波市镇海区科学技术局关于印发2023年工作总结及2024年工作计划的通知", "宁波市镇海区科学技术局", "2024-04-03",
     "宁波市镇海区", 2023),
    # A document-sharing page: the title is the file name the site shows; the report is about 温州.
    ("2023年市科学技术局工作报告材料", "市科学技术局", "", "温州市", 2023),
]


@pytest.mark.parametrize("index", range(5))
def test_sample_metadata(sample_paths, index):
    doc = read_document(sample_paths[index])
    assert (doc.title, doc.issuer, doc.date, doc.region, doc.year) == SAMPLES[index]


def test_labelled_fields_with_colons():
    text = "标题：关于组织申报2024年度省重点研发计划项目的通知\n发文机关：浙江省科学技术厅\n成文日期：2024年3月5日\n各市科技局：……"
    m = extract_metadata(text)
    assert (m.title, m.issuer, m.date, m.region, m.year) == (
        "关于组织申报2024年度省重点研发计划项目的通知", "浙江省科学技术厅", "2024-03-05", "浙江省", 2024)


def test_fields_removed_as_furniture_are_still_read_from_the_raw_header():
    raw = "宁波市科技局2023年工作总结\n发布时间：2024-01-10 来源：宁波市科学技术局 浏览次数：321\n一、主要成效\n……"
    doc = read_bytes(raw.encode(), "a.txt")
    assert "浏览次数" not in doc.text
    assert (doc.issuer, doc.date, doc.region, doc.year) == ("宁波市科学技术局", "2024-01-10", "宁波市", 2023)


def test_signature_block_at_the_end_gives_issuer_and_date():
    text = ("关于加快推进科技创新的实施意见\n各乡镇人民政府：\n为深入实施创新驱动发展战略，现提出如下意见。\n"
            "温州市鹿城区人民政府办公室\n二〇二三年十二月五日")
    m = extract_metadata(text)
    assert (m.issuer, m.date, m.region, m.year) == ("温州市鹿城区人民政府办公室", "2023-12-05", "温州市鹿城区", 2023)


def test_a_date_alone_under_the_title_is_the_report_date():
    text = "湄潭县科学技术局2024年工作总结和2025年工作计划\n\n2025年1月10日\n\n一、2024年工作完成情况\n……\n二、存在的问题\n……"
    m = extract_metadata(text)
    assert (m.issuer, m.date, m.year) == ("湄潭县科学技术局", "2025-01-10", 2024)
    # a date deep in the body is no report date
    body = "某县科技局工作总结\n一、工作情况\n" + "\n".join(f"第{i}项工作。" for i in range(8)) + "\n2021年5月\n三、计划\n……"
    assert extract_metadata(body).date == ""


def test_a_short_labelled_issuer_gives_way_to_its_full_name_only():
    head = "发布机构：区科技局\n"
    full = head + "关于表彰的通知\n……\n宁波市镇海区科学技术局\n2024年4月3日"
    other = head + "关于表彰的通知\n……\n宁波市人民政府办公厅\n2024年4月3日"
    assert extract_metadata(full).issuer == "宁波市镇海区科学技术局"
    assert extract_metadata(other).issuer == "区科技局"


def test_title_furniture_is_removed():
    assert extract_metadata("关于印发科技计划的通知_宁波市镇海区人民政府门户网站\n正文……").title == "关于印发科技计划的通知"
    assert extract_metadata("科技局工作总结(通用5篇)\n正文").title == "科技局工作总结"
    assert extract_metadata("2023年科技局工作报告材料.docx\n正文").title == "2023年科技局工作报告材料"


def test_prose_first_line_means_the_file_name_is_the_title():
    m = extract_metadata("今年以来，我局深入实施创新驱动发展战略，取得显著成效。", "镇海区科技局2023年总结.txt")
    assert m.title == "镇海区科技局2023年总结" and m.year == 2023 and m.region == "宁波市镇海区"


def test_place_names_inside_organisation_names_do_not_make_a_region():
    text = "工作总结\n与浙江大学、浙江大学、北京理工大学、北京理工大学开展合作。"
    assert extract_metadata(text).region == ""


@pytest.mark.parametrize("text, iso", [
    ("2024年4月3日", "2024-04-03"), ("2024-04-03", "2024-04-03"), ("2024/4/3", "2024-04-03"),
    ("二〇二四年四月三日", "2024-04-03"), ("二〇二三年十二月", "2023-12"), ("２０２４年１月", "2024-01"), ("2015年", "2015"),
    ("无日期", ""),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso
