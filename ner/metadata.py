"""Document metadata: title, issuing body (发布机构), date (成文日期), region and year.

Reports state these in a few conventional places: a title line at the top, labelled fields
(发布机构：…, 成文日期：…) on web pages, and a signature block (issuer, then a date) at the
end. Region comes from the issuer or title, resolved against the national division codes
in data/lexicons/regions.tsv so that 镇海区 becomes 宁波市镇海区.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .clean import clean_title
from .marks import narrow
from .resources import load_table


@dataclass
class Metadata:
    title: str = ""
    issuer: str = ""
    date: str = ""
    region: str = ""
    year: int | None = None


# Labelled fields of government web pages and document headers. A value follows the label
# after a colon, a table cell bar (发布机构: | 区科技局 |) or both.
_SEP = r"\s*(?:[:：]\s*(?:[|｜]\s*)?|[|｜]\s*)"
_LABELLED = {
    "title": re.compile(r"^\s*(?:标\s*题|文件名称|文\s*件\s*名|名\s*称)\s*[:：]\s*[|｜]?\s*([^|｜\n]{2,80}?)\s*(?:[|｜].*)?$",
                        re.M),
    "issuer": re.compile(r"(?:发布机构|发文机关|发文单位|发布单位|制发机关|发文机构)" + _SEP + r"([^\s|｜:：]{2,40})"),
    "source": re.compile(r"(?:来\s*源|信息来源|文章来源)" + _SEP + r"([^\s|｜:：]{2,40})"),
    "written": re.compile(r"(?:成文日期|成文时间|印发日期|发文日期)" + _SEP + r"([0-9０-９]{4}[^\s|｜]{0,12})"),
    "published": re.compile(r"(?:发布日期|发布时间|公开日期|日\s*期)" + _SEP + r"([0-9０-９]{4}[^\s|｜]{0,12})"),
}
# The labels of metadata table rows: such a line is never the title.
_FIELD_LINE = re.compile(r"^(?:索\s*引\s*号|主题分类|体裁分类|组配分类|服务对象|发布机构|发文机关|成文日期|发布日期|公开方式|"
                         r"公开范围|文\s*号|发文字号|有\s*效\s*性|统一编号|信息来源|来\s*源|发布时间|主\s*题\s*词)\s*[:：|｜]")
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?"
    r"|((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月"
    r"|((?:19|20)\d{2})\s*年"
)
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
_ISSUER_TAIL = re.compile(
    r"(?:人民政府|办公室|办公厅|委员会|管理委员会|管委会|科学技术局|科技局|科学技术厅|科技厅|科学技术委员会|科委|科学技术部|局|厅|部)$"
)
_SENTENCE_END = "。！？；!?;,，：:"


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + int(s[1:].translate(_CN_DIGITS))
    if s.endswith("十"):
        return int(s[:-1].translate(_CN_DIGITS)) * 10
    if "十" in s:
        a, b = s.split("十")
        return int(a.translate(_CN_DIGITS)) * 10 + int(b.translate(_CN_DIGITS))
    return int(s.translate(_CN_DIGITS))


def parse_date(text: str) -> str:
    """The first date in `text` as ISO (YYYY-MM-DD, YYYY-MM or YYYY), or ''."""
    text = narrow(text)
    m = _DATE.search(text)
    cn = _CN_DATE.search(text)
    if cn and (not m or cn.start() < m.start()):
        y = int(cn.group(1).translate(_CN_DIGITS))
        mo = _cn_number(cn.group(2))
        if cn.group(3):
            return f"{y:04d}-{mo:02d}-{_cn_number(cn.group(3)):02d}"
        return f"{y:04d}-{mo:02d}"
    if not m:
        return ""
    if m.group(1):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        return f"{y:04d}"
    if m.group(4):
        y, mo = int(m.group(4)), int(m.group(5))
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else f"{y:04d}"
    return m.group(6)


@cache
def _regions() -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    by_code: dict[str, dict[str, str]] = {}
    by_name: dict[str, list[str]] = {}
    for row in load_table("regions.tsv"):
        by_code[row["adcode"]] = row
        by_name.setdefault(row["name"], []).append(row["adcode"])
    return by_code, by_name


@cache
def _region_pattern() -> re.Pattern[str]:
    _, by_name = _regions()
    names = sorted(by_name, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def find_regions(text: str) -> list[str]:
    """Administrative divisions named in `text` (full names such as 宁波市, 镇海区), as codes."""
    by_code, by_name = _regions()
    found: list[str] = []
    for m in _region_pattern().finditer(text):
        codes = by_name[m.group(0)]
        # An ambiguous county name is resolved by a city or province named in the same text.
        if len(codes) > 1:
            named = set(found)
            codes = [c for c in codes if by_code[c]["parent"] in named] or codes[:1]
        found.append(codes[0])
    return found


def region_name(codes: list[str]) -> str:
    """The most specific region among `codes`, written with its city (宁波市镇海区)."""
    by_code, _ = _regions()
    if not codes:
        return ""
    rank = {"county": 3, "city": 2, "province": 1}
    best = max(codes, key=lambda c: (rank.get(by_code[c]["level"], 0), -codes.index(c)))
    row = by_code[best]
    if row["level"] == "county":
        parent = by_code.get(row["parent"])
        if parent and parent["level"] == "city":
            return parent["name"] + row["name"]
        return row["name"]
    return row["name"]


@cache
def _short_region_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """Cities and provinces by their short names (温州 -> 温州市), for text that omits the suffix."""
    by_code, _ = _regions()
    short: dict[str, str] = {}
    for code, row in by_code.items():
        if row["level"] not in ("city", "province"):
            continue
        name = re.sub(r"(?:市|省|自治区|特别行政区|地区|自治州|盟)$", "", row["name"])
        if len(name) >= 2 and name not in short:
            short[name] = code
    pattern = re.compile("|".join(map(re.escape, sorted(short, key=len, reverse=True))))
    return pattern, short


# A place name inside an organisation's name (浙江大学, 北京理工…) says nothing about the report.
_ORG_AFTER_PLACE = ("大学", "学院", "师范", "理工", "工业", "医科", "交通", "农业", "科技大", "财经", "外国语", "电子")


def _regions_by_short_name(text: str) -> list[str]:
    """Codes of cities (else provinces) named by their short names at least twice in `text`."""
    pattern, short = _short_region_names()
    by_code, _ = _regions()
    counts: Counter[str] = Counter()
    for m in pattern.finditer(text):
        if text.startswith(_ORG_AFTER_PLACE, m.end()):
            continue
        counts[short[m.group(0)]] += 1
    frequent = [(n, code) for code, n in counts.items() if n >= 2]
    for level in ("city", "province"):
        best = sorted((-n, code) for n, code in frequent if by_code[code]["level"] == level)
        if best:
            return [best[0][1]]
    return []


def _title(text: str, filename: str) -> str:
    m = _LABELLED["title"].search(text[:3000])
    if m:
        return clean_title(m.group(1))
    for line in text.split("\n")[:15]:
        line = line.strip()
        if not line or _FIELD_LINE.match(line) or line.count("|") + line.count("｜") >= 2:
            continue
        if len(line) <= 80 and line[-1] not in _SENTENCE_END:
            return clean_title(line) or line
        break
    return clean_title(filename) or filename


_DATE_LINE = re.compile(r"[\d〇零一二三四五六七八九十○Ｏ０-９年月日\s.\-/]+")


def _signature(text: str) -> tuple[str, str]:
    """Issuer and date of a signature block: an office on one line and a date on the next.

    Official documents sign at the end; a notice that forwards a report signs before the
    report, near the top; a report may also carry its date alone on a line right under the
    title. The end is searched first, then the top.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for block in (lines[-12:], lines[:40]):
        for i, line in enumerate(block):
            if len(line) <= 40 and _DATE_LINE.fullmatch(line) and parse_date(line):
                issuer = ""
                if i > 0 and len(block[i - 1]) <= 40 and _ISSUER_TAIL.search(block[i - 1]):
                    issuer = block[i - 1]
                if issuer or block is lines[-12:] or i <= 2:
                    return issuer, parse_date(line)
    return "", ""


def _is_short_form(short: str, full: str) -> bool:
    """True when `short` abbreviates `full`: its characters in order, same last character (区科技局)."""
    if len(short) >= len(full) or short[-1:] != full[-1:]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _title_issuer(title: str) -> str:
    """The office that opens a title: 宁波市镇海区科学技术局关于印发… -> 宁波市镇海区科学技术局."""
    t = re.sub(r"^(?:19|20)\d{2}\s*年(?:度)?", "", title)
    m = re.match(r"^(.{2,30}?(?:人民政府|委员会|管委会|办公室|办公厅|科学技术局|科技局|局|厅))", t)
    if m and not re.search(r"工作|报告|计划|总结|材料", m.group(1)):
        return m.group(1)
    return ""


def extract_metadata(text: str, filename: str = "", header: str = "") -> Metadata:
    """Title, issuer, date, region and year of a cleaned report text.

    `header` is the start of the text before cleaning, where web pages put labelled fields
    (发布机构, 成文日期, 来源) that cleaning removes with the page furniture. The issuer is
    the labelled one unless the signature or the title names the same office in full
    (区科技局 -> 宁波市镇海区科学技术局). The date is the 成文日期, else the signature's, else
    the publication date. The year is the year the report is about: the first year of its
    title, else the year of its date, else the year it names most often.
    """
    meta = Metadata()
    meta.title = _title(text, filename)
    head = (header or "")[:4000] + "\n" + text[:3000]

    def field(name: str) -> str:
        m = _LABELLED[name].search(head)
        return m.group(1).strip() if m else ""

    sig_issuer, sig_date = _signature(text)
    candidates = [c for c in (field("issuer"), sig_issuer, _title_issuer(meta.title), field("source")) if c]
    if candidates:
        best = candidates[0]
        for c in candidates[1:]:
            if _is_short_form(best, c):
                best = c
        meta.issuer = best
    written = parse_date(field("written")) or sig_date
    published = parse_date(field("published"))
    meta.date = written or published
    region_codes = (find_regions(meta.issuer) or find_regions(meta.title) or find_regions(text[:1000])
                    or _regions_by_short_name(text[:3000]))
    meta.region = region_name(region_codes)
    title_year = re.search(r"((?:19|20)\d{2})\s*年", meta.title)
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text))
    if title_year:
        meta.year = int(title_year.group(1))
    elif written:
        meta.year = int(written[:4])
    elif years:
        meta.year = years.most_common(1)[0][0]
    elif published:
        meta.year = int(published[:4])
    return meta
