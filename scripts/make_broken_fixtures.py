#!/usr/bin/env python3
"""Generate the corpus of broken (and awkward but readable) report files in tests/fixtures/broken/.

Every file is made here from the sample reports' text with the same libraries a user's
tools would use (python-docx for Word, reportlab for PDF, Pillow for a scan), so nothing in
the corpus is a hand-made binary. `manifest.tsv` says, for each file, what innokg must do
with it: `ok`, or the failure reason it must record (one of ner.ingest.REASONS), when
built with a size limit of LIMIT_MB.

    python scripts/make_broken_fixtures.py [OUT_DIR]      # default tests/fixtures/broken

The tests also import this module to make report PDFs and Word files of their own.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "003_24762a5d06339fde.txt"
# The size limit the corpus is meant to be built with (`innokg build --max-size 0.25`).
LIMIT_MB = 0.25
FONT = "STSong-Light"  # a CID font built into reportlab: Chinese text without a font file
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def report_paragraphs(path: Path = REPORT, start: int = 3, stop: int = 30) -> list[str]:
    """Paragraphs of a sample report (the 003 report from its own title on by default)."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
    return lines[start:stop]


# -- PDF ------------------------------------------------------------------------------------
def write_pdf(path: Path, paragraphs: list[str], running_header: str = "", size: float = 14,
              password: str | None = None) -> Path:
    """A text PDF of `paragraphs` as a word processor prints them.

    Lines are wrapped at the right margin by character widths, each paragraph's first line
    is indented by two characters, every page has `running_header` at its top and a
    "- n -" page number at its bottom.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont(FONT)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    left, right = 72.0, width - 72.0
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=password)
    page = 1
    y = height - 100

    def furniture() -> None:
        c.setFont(FONT, 9)
        if running_header:
            c.drawString(left, height - 50, running_header)
        c.drawCentredString(width / 2, 40, f"- {page} -")
        c.setFont(FONT, size)

    def wrap(text: str) -> list[tuple[float, str]]:
        lines, current, indent = [], "", 2 * size
        for ch in text:
            if left + indent + pdfmetrics.stringWidth(current + ch, FONT, size) > right:
                lines.append((indent, current))
                current, indent = "", 0.0
            current += ch
        lines.append((indent, current))
        return lines

    furniture()
    for paragraph in paragraphs:
        for indent, line in wrap(paragraph):
            if y < 80:
                c.showPage()
                page += 1
                y = height - 100
                furniture()
            c.drawString(left + indent, y, line)
            y -= size * 1.6
    c.showPage()
    c.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only pictures of text, as a scanner makes them: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 850), 245)
    draw = ImageDraw.Draw(img)
    rng = random.Random(3)
    for row in range(60, 800, 24):  # grey bars where the printed lines were
        x = 60 + (40 if row % 120 == 60 else 0)
        while x < 540:
            w = rng.randint(8, 14)
            draw.rectangle((x, row, x + w, row + 14), fill=rng.randint(20, 90))
            x += w + 3
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


# -- Word -----------------------------------------------------------------------------------
def _normalise_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so the generated files do not change run to run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, table_after: int = 1) -> bytes:
    """A Word document of `paragraphs` (the first as a heading), with an optional table."""
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        if i == 0:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
        if table and i == table_after:
            t = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for k, cell in enumerate(row):
                    t.cell(r, k).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return _normalise_zip(buf.getvalue())


def broken_zip(data: bytes) -> bytes:
    """A .docx cut short, as an interrupted download leaves it: the zip directory is gone."""
    return data[: len(data) // 2]


def damaged_member(data: bytes) -> bytes:
    """A .docx whose zip directory is intact but whose document.xml bytes are damaged."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    out = bytearray(data)
    for k in range(middle, middle + 16):
        out[k] ^= 0x5A
    return bytes(out)


def legacy_doc() -> bytes:
    """A Word 97-2003 .doc container (OLE compound file) holding a WordDocument stream."""
    end, free, fat_sect, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6,
        0, 1, 1, 0, 0x1000, end, 0, end, 0,
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    n_stream = 8  # a 4096-byte WordDocument stream in sectors 2..9
    fat = [fat_sect, end] + [k + 1 for k in range(2, 2 + n_stream - 1)] + [end]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack(f"<{128 - len(fat)}I", *([free] * (128 - len(fat))))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        return struct.pack("<64sHBBIII16sIQQIQ", raw.ljust(64, b"\x00"), len(raw), kind, 1 if name else 0,
                           no_stream, no_stream, child, b"\x00" * 16, 0, 0, 0, start, size)

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("WordDocument", 2, no_stream, 2, 4096)
                 + entry("", 0, no_stream, 0, 0) * 2)
    fib = struct.pack("<HH", 0xA5EC, 0x00C1).ljust(4096, b"\x00")  # wIdent of a Word 97 file
    return header + fat_sector + directory + fib


# -- HTML -----------------------------------------------------------------------------------
def government_page(paragraphs: list[str], title: str, issuer: str = "区科技局", written: str = "2024-04-03") -> str:
    """A government-site article page: navigation, metadata table, share bar, footer."""
    body = "\n".join(f"<p>　　{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{title}_镇海区人民政府门户网站</title>
<script>var share = "分享到微信";</script></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a> | <a href="/hdjl">互动交流</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
<table class="xxgk">
<tr><td>索引号：</td><td>002958116/2024-201323</td><td>主题分类：</td><td>科技,其他</td></tr>
<tr><td>成文日期：</td><td>{written}</td><td>体裁分类：</td><td>通知,其他</td></tr>
<tr><td>发布机构：</td><td>{issuer}</td><td>公开方式：</td><td>主动公开</td></tr>
</table>
<h1>{title}</h1>
<div class="info">发布时间：2024-04-07 来源：{issuer} 浏览次数：<span>1234</span> 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div id="zoom">
{body}
</div>
<div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>
<div>【<a>打印本页</a>】【<a>关闭窗口</a>】</div>
<div>上一篇：<a>关于2024年度科技项目申报的通知</a></div>
<div>下一篇：<a>镇海区2023年科技创新大会召开</a></div>
<div class="footer"><p>主办单位：宁波市镇海区人民政府办公室</p>
<p>网站标识码：3302110001 浙ICP备05005012号 浙公网安备 33021102000123号</p></div>
</body></html>
"""


def mhtml(html: str) -> bytes:
    """The page as Word's 'single file web page' (MHTML) saves it."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    msg = MIMEMultipart("related", boundary="----=_NextPart_innokg")
    msg["MIME-Version"] = "1.0"
    part = MIMEText(html, "html", "utf-8")
    part["Content-Location"] = "file:///C:/report.htm"
    msg.attach(part)
    return msg.as_bytes()


# -- the corpus -----------------------------------------------------------------------------
def make_corpus(out: Path) -> dict[str, str]:
    """Write the corpus into `out`; returns {file name: expected outcome}."""
    out.mkdir(parents=True, exist_ok=True)
    paragraphs = report_paragraphs()
    text = "\n".join(paragraphs)
    title = paragraphs[0]
    good_docx = docx_bytes(paragraphs[:12])
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        (out / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = outcome

    put("gbk_named_txt.txt", text.encode("gbk"), "ok")
    put("word_really_html.doc", government_page(paragraphs[1:10], title), "ok")
    put("word_really_mhtml.doc", mhtml(government_page(paragraphs[10:16], title)), "ok")
    put("empty.txt", b"", "empty file")
    put("blank.txt", b" \r\n\t\n", "empty file")
    put("too_large.txt", (text + "\n") * (int(LIMIT_MB * 1024 * 1024) // len(text.encode()) + 2), "too large")
    put("broken_zip.docx", broken_zip(good_docx), "corrupt archive")
    put("damaged_member.docx", damaged_member(good_docx), "corrupt archive")
    put("zip_bomb.docx", docx_bytes([title] + paragraphs[1:] * 60), "too large")
    put("undecodable.txt", random.Random(7).randbytes(4096), "undecodable")
    put("legacy.doc", legacy_doc(), "unsupported format")
    put("picture_named.pdf", _png_bytes(), "unsupported format")
    write_scanned_pdf(out / "scanned.pdf")
    expected["scanned.pdf"] = "no text layer"
    write_pdf(out / "protected.pdf", paragraphs[:3], password="secret")
    expected["protected.pdf"] = "encrypted"
    put("truncated.pdf", (out / "scanned.pdf").read_bytes()[:300], "corrupt pdf")
    lines = ["# What innokg must do with each file, built with --max-size " + str(LIMIT_MB),
             "# generated by scripts/make_broken_fixtures.py; regenerate rather than edit", "file\texpected"]
    lines += [f"{name}\t{outcome}" for name, outcome in sorted(expected.items())]
    (out / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return expected


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def read_manifest(folder: Path) -> dict[str, str]:
    """{file name: expected outcome} from a corpus folder's manifest.tsv."""
    rows = [ln.split("\t") for ln in (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    return {name: outcome for name, outcome in rows[1:]}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "broken"
    made = make_corpus(target)
    for name, outcome in sorted(made.items()):
        print(f"{name}\t{outcome}")
