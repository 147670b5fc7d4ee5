"""Ingestion of the sample reports and of the same text in other encodings and formats."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

from ner.clean import clean_text
from ner.ingest import IngestError, decode_bytes, iter_documents, read_bytes, read_document, sniff_format

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_broken_fixtures", ROOT / "scripts" / "make_broken_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


def test_sample_report_reads_with_metadata(sample_paths):
    doc = read_document(sample_paths[3])
    assert doc.format == "txt" and doc.encoding == "utf-8"
    assert "甬江实验室" in doc.text
    assert doc.region == "宁波市镇海区"
    assert doc.year == 2023
    assert len(doc.content_hash) == 64 and doc.id == doc.content_hash[:16]


# -- encodings --------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
@pytest.mark.parametrize("index", range(5))
def test_encodings_give_the_same_text(sample_paths, encoding, index):
    original = read_document(sample_paths[index])
    try:
        data = original.text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"sample {index} has characters outside {encoding}")
    doc = read_bytes(data, f"report.{encoding}.txt")
    assert doc.text == original.text
    assert doc.content_hash == original.content_hash
    assert doc.title == original.title and doc.region == original.region and doc.year == original.year


@pytest.mark.parametrize("text", [
    "科技局",                                   # three characters: no statistics to lean on
    "宁波市科技局工作总结",
    "2023年工作总结\n",
    "㙟山路𠀀号 宁波科技",                       # GB18030 four-byte characters, outside GBK
    "中華民國科技部年度工作報告，推動產學研合作。",  # traditional characters in Big5
])
def test_short_texts_decode_right_in_every_encoding(text):
    for encoding in ("gbk", "gb18030", "big5", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        decoded, used = decode_bytes(data)
        assert decoded == text, (encoding, used, decoded)


def test_a_few_damaged_bytes_do_not_cost_the_report(sample_paths):
    text = read_document(sample_paths[3]).text
    data = bytearray(text.encode("gbk"))
    data[5000] = 0xFF  # one damaged byte in 10 KB, as a bad sector or a bad copy leaves it
    doc = read_bytes(bytes(data), "damaged.txt")
    assert doc.encoding == "gb18030"
    assert "\ufffd" in doc.text and "甬江实验室" in doc.text
    assert len(doc.text) >= len(text) - 2


def test_random_bytes_are_undecodable():
    import random

    with pytest.raises(IngestError) as err:
        read_bytes(random.Random(1).randbytes(3000), "blob.txt")
    assert err.value.reason == "undecodable" and str(err.value).startswith("blob.txt: undecodable")


def test_empty_file_is_refused_with_its_name(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"   \n")
    with pytest.raises(IngestError) as err:
        read_document(p)
    assert "empty.txt" in str(err.value) and err.value.reason == "empty file"
    p.write_bytes("  \n".encode("utf-16"))
    with pytest.raises(IngestError) as err:
        read_document(p)
    assert err.value.reason == "empty file"


def test_sniff_format():
    assert sniff_format(b"%PDF-1.4 ...") == "pdf"
    assert sniff_format(b"PK\x03\x04....") == "docx"
    assert sniff_format("<html><body>科技</body></html>".encode()) == "html"
    assert sniff_format("<html><body>科技</body></html>".encode("utf-16")) == "html"
    assert sniff_format("科技局工作总结".encode()) == "txt"
    assert sniff_format(b"\x89PNG\r\n\x1a\n....") == "unsupported:PNG image"
    assert sniff_format(b"{\\rtf1\\ansi ...").startswith("unsupported:RTF")
    assert "Office" in sniff_format(fixtures.legacy_doc())
    assert sniff_format(fixtures.mhtml("<html><body>科技</body></html>")) == "mhtml"


# -- boilerplate --------------------------------------------------------------------------------
def test_document_site_furniture_is_removed_and_the_report_kept(sample_paths):
    raw = sample_paths[4].read_text(encoding="utf-8")
    doc = read_document(sample_paths[4])
    for furniture in ["收藏 分享(赏)", "上传人", "下载 相关 举报", ".docx_第1页", "第1页 / 共8页", "超出免费预览",
                      "资源描述", "展开阅读全文", "相关资源", "猜你喜欢", "相关搜索", "当前位置", "copyright", "ICP备",
                      "第8页"]:
        assert furniture in raw
        assert furniture not in doc.text, furniture
    # The site cut the text into numbered pages mid-sentence (…时任省委书记 / 2、赵洪祝…): rejoined.
    assert "时任省委书记\n\n2、赵洪祝" in raw
    assert "时任省委书记赵洪祝等领导出席" in doc.text
    assert "国务院批准xx市高新技术产业园区升级为国家级高新技术产业开发区" in doc.text
    assert doc.text.rstrip().endswith("高层次人才严重匮乏。")


@pytest.mark.parametrize("prose", [
    "企业可登录浙江政务服务网下载申报书，并于3月31日前提交。",
    "加强版权保护，依法查处侵犯版权所有人合法权益的行为。",
    "版权所有人可向区市场监管局申请作品登记",
    "分享经验做法，推动科技成果转化",
    "打印机制造企业宁波得力集团入选国家级制造业单项冠军。",
    "对隐藏内容、虚报数据的单位取消申报资格。",
    "具体要求详见附件第3页。",
    "网站建设方面，完成ICP备案变更。",
    "扫一扫二维码即可在线申报科技创新券。",
    "点击量、浏览量等网站指标持续增长。",
    "下载量突破100万次的应用软件获评优秀产品。",
    "2023",
])
def test_prose_that_mentions_furniture_words_survives(prose):
    assert clean_text(prose) == prose


@pytest.mark.parametrize("line", [
    "收藏 分享(赏)", "下载 相关 举报", "【打印本页】【关闭窗口】", "分享到：微信 微博 QQ空间", "第1页 / 共8页", "共8页 第2页",
    "- 3 -", "3/8", "【字体：大 中 小】", "当前位置：首页 > 政务公开 > 通知公告", "上一篇：关于科技项目申报的通知",
    "copyright@ 2008-2023 wnwk.com网站版权所有", "版权所有：宁波市镇海区人民政府", "经营许可证编号:浙ICP备2024059924号-2",
    "网站标识码：3302110001 浙ICP备05005012号", "扫一扫在手机打开当前页", "责任编辑：张三", "浏览次数：1234",
    "发布时间：2024-04-07 来源：区科技局 浏览次数：12", "时间:2022-08-15 03:28:33", "展开阅读全文", "相关搜索",
    "亲,该文档总共8页,到这儿已超出免费预览范围,如果喜欢就下载吧!", "上传人:sc****y 文档编号:688117 上传时间:2023-04-14",
    "2023年市科学技术局工作报告材料.docx_第1页", "【隐藏内容】",
])
def test_furniture_lines_are_dropped(line):
    # A dropped line leaves a paragraph break behind, never text.
    assert clean_text(f"甬江实验室正式揭牌。\n{line}\n宁波东方理工大学正式开工。") == \
        "甬江实验室正式揭牌。\n\n宁波东方理工大学正式开工。"


def test_inline_furniture_is_cut_out_of_prose():
    text = "累计申报32人。第8页 共8页\n新增高端项目12项。此处隐藏:1205字,全部文档内容请下载后查看。喜欢就下载吧 ……入选13项。"
    assert clean_text(text) == "累计申报32人。\n新增高端项目12项。入选13项。"


def test_control_characters_and_invisibles_are_removed():
    assert clean_text("甬江\x00实验室\u200b与\x1b宁波\ufeff大学\x7f合作。\r\n") == "甬江实验室与宁波大学合作。"


def test_letter_spacing_goes_a_space_between_names_stays():
    assert clean_text("科 技 局 工 作 总 结\n") == "科技局工作总结"
    # a joint signature: the space is all that separates the two issuing bodies
    assert clean_text("江西省科学技术厅 江西省财政厅\n") == "江西省科学技术厅 江西省财政厅"


def test_a_numbered_list_is_not_taken_for_document_site_pages():
    text = "主要目标\n1、新认定高新技术企业60家\n2、全社会R&D投入占比达2.63%\n3、新建省级研发机构40家"
    doc = read_bytes(text.encode(), "list.txt")
    assert doc.text == text


# -- formats --------------------------------------------------------------------------------------
def _paragraphs(sample_paths) -> list[str]:
    # The report body from its title on; "·" is left out because STSong-Light has no glyph for it.
    return [p for p in fixtures.report_paragraphs(sample_paths[3], 3, 45) if "·" not in p]


def test_html_government_page(sample_paths):
    paragraphs = _paragraphs(sample_paths)[:12]
    title = paragraphs[0]
    html = fixtures.government_page(paragraphs[1:], title).replace(
        "甬江实验室", "<span>甬江</span><b>实验室</b>", 1)
    doc = read_bytes(html.encode("gb18030").replace(b"charset=utf-8", b"charset=gb2312"), "page.html")
    assert doc.format == "html" and doc.encoding == "gb18030"
    lines = doc.text.split("\n")
    for p in paragraphs[1:]:
        assert p in lines, p[:30]  # inline tags do not break a paragraph, or a name, apart
    for furniture in ["首页", "政务公开", "分享到", "微信", "打印本页", "上一篇", "下一篇", "浏览次数", "字体",
                      "网站标识码", "ICP", "主办单位", "var share"]:
        assert furniture not in doc.text, furniture
    assert (doc.title, doc.issuer, doc.date, doc.region, doc.year) == (
        title, "宁波市镇海区科学技术局", "2024-04-03", "宁波市镇海区", 2023)


def test_html_link_lists_and_hidden_blocks_go_prose_stays():
    html = """<html><body><div class="wrap">
    <ul><li><a>科技新闻</a></li><li><a>通知公告</a></li><li><a>政策法规</a></li><li><a>办事指南</a></li></ul>
    <div style="display:none">隐藏的模板文字</div>
    <div class="content position-relative"><p>甬江实验室与宁波东方理工大学签订战略合作协议，共建联合实验室。</p>
    <p>中国科学院宁波材料所获批筹建国家级知识产权运营中心，<a href="#">详见</a>相关报道。</p></div>
    </div></body></html>"""
    doc = read_bytes(html.encode(), "p.htm")
    assert doc.text.split("\n") == ["甬江实验室与宁波东方理工大学签订战略合作协议，共建联合实验室。",
                                    "中国科学院宁波材料所获批筹建国家级知识产权运营中心，详见相关报道。"]


def test_html_metadata_table_and_site_name_go_into_metadata_not_text():
    html = """<html><head><meta charset="utf-8"><title>合肥高新区2024年科技创新工作总结_合肥高新技术产业开发区管理委员会</title></head>
    <body><table><tr><td>索引号：</td><td>11340100MB1234567X/202501-00012</td><td>主题分类：</td><td>科技</td></tr>
    <tr><td>发布机构：</td><td>合肥高新区科技局</td><td>成文日期：</td><td>2025-01-15</td></tr></table>
    <div class="tools">【字体：大 中 小】 打印本页 关闭窗口</div>
    <h1>合肥高新区2024年科技创新工作总结</h1>
    <div class="content"><p>阳光电源股份有限公司入选国家级制造业单项冠军示范企业。</p></div></body></html>"""
    doc = read_bytes(html.encode(), "page.html")
    assert (doc.title, doc.issuer, doc.date, doc.year) == (
        "合肥高新区2024年科技创新工作总结", "合肥高新区科技局", "2025-01-15", 2024)
    assert doc.text.split("\n") == ["合肥高新区2024年科技创新工作总结", "阳光电源股份有限公司入选国家级制造业单项冠军示范企业。"]


def test_docx_keeps_paragraphs_and_tables_in_order(sample_paths):
    paragraphs = _paragraphs(sample_paths)[:8]
    table = [["单位", "项目"], ["宁波智能装备研究院", "国家级专精特新“小巨人”"]]
    data = fixtures.docx_bytes(paragraphs, table=table, table_after=2)
    doc = read_bytes(data, "report.docx")
    assert doc.format == "docx"
    lines = doc.text.split("\n")
    assert lines[: 3] == paragraphs[:3]
    assert lines[3:5] == ["单位 | 项目", "宁波智能装备研究院 | 国家级专精特新“小巨人”"]
    assert lines[5:] == paragraphs[3:]
    assert doc.title == paragraphs[0] and doc.issuer == "宁波市镇海区科学技术局"


def test_docx_that_is_a_spreadsheet_is_refused():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError) as err:
        read_bytes(buf.getvalue(), "table.docx")
    assert err.value.reason == "unsupported format" and "xlsx" in err.value.detail


def test_pdf_paragraphs_come_back_whole(tmp_path, sample_paths):
    paragraphs = _paragraphs(sample_paths)
    pdf = fixtures.write_pdf(tmp_path / "report.pdf", paragraphs, running_header="镇海区科学技术局2023年工作总结")
    doc = read_document(pdf)
    assert doc.format == "pdf"
    lines = doc.text.split("\n")
    # Every paragraph, wrapped over lines and pages by the printer, is one line again.
    assert lines == paragraphs
    assert "- 2 -" not in doc.text
    assert (doc.title, doc.issuer, doc.date, doc.region, doc.year) == (
        paragraphs[0], "宁波市镇海区科学技术局", "2024-04-03", "宁波市镇海区", 2023)


def test_whole_and_streamed_reading_agree(sample_paths):
    for path in sample_paths:
        assert list(iter_documents(path)) == [read_document(path)]


def test_a_giant_line_is_cut_at_a_sentence_end_without_losing_text(tmp_path):
    sentence = "宁波东方理工大学与甬江实验室签订战略合作协议。"
    path = tmp_path / "oneline.txt"
    path.write_text(sentence * 6000, encoding="utf-8")  # 138 000 characters, no line break
    docs = list(iter_documents(path, chunk_chars=50_000))
    assert len(docs) >= 3
    assert "".join(d.text.replace("\n", "") for d in docs) == sentence * 6000
    assert all(d.text.startswith("宁波") and d.text.endswith("。") for d in docs)
