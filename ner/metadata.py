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

from .resources import load_table


@dataclass
class Metadata:
    title: str = ""
    issuer: str = ""
    date: str = ""
    region: str = ""
    year: int | None = None


_LABELLED = {
    "title": re.compile(r"^\s*(?:标\s*题|文件名称|名\s*称)\s*[:：]\s*(.{2,80})$", re.M),
    "issuer": re.compile(r"(?:发布机构|发文机关|发文单位|发布单位|来\s*源|信息来源)\s*[:：]\s*([^\s|｜:：]{2,40})"),
    "date": re.compile(r"(?:成文日期|发文日期|发布日期|发布时间|印发日期|日\s*期)\s*[:：]\s*([0-9０-９]{4}[^\s|｜]{0,12})"),
}
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
_SENTENCE_END = "。！？；!?;,，"


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
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
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


def _title(text: str, filename: str) -> str:
    m = _LABELLED["title"].search(text[:3000])
    if m:
        return m.group(1).strip()
    for line in text.split("\n")[:5]:
        line = line.strip()
        if not line:
            continue
        if len(line) <= 60 and line[-1] not in _SENTENCE_END:
            return line
        break
    return filename.rsplit(".", 1)[0]


def _signature(text: str) -> tuple[str, str]:
    """Issuer and date from the signature block at the end of an official document."""
    tail = [line.strip() for line in text.split("\n")[-8:] if line.strip()]
    issuer = date = ""
    for i, line in enumerate(tail):
        if len(line) <= 40 and parse_date(line) and re.fullmatch(r"[\d〇零一二三四五六七八九十年月日\s.\-/]+", line):
            date = parse_date(line)
            if i > 0 and len(tail[i - 1]) <= 30 and _ISSUER_TAIL.search(tail[i - 1]):
                issuer = tail[i - 1]
    return issuer, date


def extract_metadata(text: str, filename: str = "") -> Metadata:
    """Title, issuer, date, region and year of a cleaned report text."""
    meta = Metadata()
    meta.title = _title(text, filename)
    head = text[:3000]
    m = _LABELLED["issuer"].search(head)
    sig_issuer, sig_date = _signature(text)
    if m:
        meta.issuer = m.group(1).strip()
    elif sig_issuer:
        meta.issuer = sig_issuer
    else:
        # A title such as 宁波市镇海区科学技术局2023年工作总结 names its issuer.
        t = re.match(r"^(.{2,30}?(?:人民政府|委员会|管委会|科学技术局|科技局|局|厅))", meta.title)
        if t and not t.group(1).endswith(("工作", "报告")):
            meta.issuer = t.group(1)
    m = _LABELLED["date"].search(head)
    meta.date = parse_date(m.group(1)) if m else sig_date
    region_codes = find_regions(meta.issuer) or find_regions(meta.title) or find_regions(text[:500])
    meta.region = region_name(region_codes)
    if meta.date:
        meta.year = int(meta.date[:4])
    else:
        years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text))
        title_year = re.search(r"((?:19|20)\d{2})\s*年", meta.title)
        if title_year:
            meta.year = int(title_year.group(1))
        elif years:
            meta.year = years.most_common(1)[0][0]
    return meta
