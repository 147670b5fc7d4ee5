"""A realistic larger corpus made from the sample reports, for the build benchmark.

Each synthetic report is a reshuffle of paragraphs and sentences of the five samples in
data/reports, with the names of organisations replaced by names composed from the
lexicons (places from regions.tsv, universities and institutes from organisations.tsv,
industry words, head nouns), so that the number of distinct entities grows with the
corpus the way it does in real collections: a few organisations recur everywhere (a
Zipf-like draw), most appear in a handful of reports.

    python bench/make_corpus.py --chars 10_000_000 --out bench/out/corpus-10M
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ner.ingest import read_document  # noqa: E402
from ner.lexicon import get_lexicon  # noqa: E402
from ner.pipeline import Pipeline  # noqa: E402
from ner.resources import load_table  # noqa: E402
from ner.segment import split_sentences  # noqa: E402

BRAND_CHARS = "华宏达瑞鑫恒泰盛源兴利嘉诚信德昌隆丰海天宇博联创新志金银辰星光明远景晟睿博雅卓越凯迪安康永宁中正乾坤"
FIRM_SUFFIX = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]
DOMAINS = ["智能制造", "新材料", "生物医药", "集成电路", "海洋工程", "节能环保", "数字经济", "先进装备", "光电信息",
           "新能源", "现代农业", "精密仪器", "人工智能", "绿色化工"]
PLATFORM_HEADS = ["重点实验室", "工程技术研究中心", "科技企业孵化器", "众创空间", "产业园", "技术转移中心", "创新服务综合体"]
GOV_HEADS = ["科学技术局", "人民政府", "经济和信息化局", "发展和改革委员会"]


class NameMaker:
    """Draws organisation names of a given label, recurring with a Zipf-like frequency."""

    def __init__(self, rng: random.Random, pool: int):
        self.rng = rng
        regions = [r["name"] for r in load_table("regions.tsv") if r["level"] in ("city", "county")]
        self.places = [p for p in regions if len(p) <= 4]
        orgs = load_table("organisations.tsv")
        self.universities = [r["name"] for r in orgs if r["label"] == "University"]
        self.institutes = [r["name"] for r in orgs if r["label"] == "ResearchInstitute"]
        self.industry = sorted(get_lexicon().industry)
        self.pool = pool
        self.cache: dict[tuple[str, int], str] = {}

    def _make(self, label: str, rng: random.Random) -> str:
        place = rng.choice(self.places)
        brand = "".join(rng.sample(BRAND_CHARS, 2))
        if label == "Enterprise":
            return place.rstrip("市县区") + brand + rng.choice(self.industry) + rng.choice(FIRM_SUFFIX)
        if label == "University":
            return rng.choice(self.universities) if rng.random() < 0.7 else place.rstrip("市县区") + brand + "学院"
        if label == "ResearchInstitute":
            if rng.random() < 0.3:
                return rng.choice(self.institutes)
            return place.rstrip("市县区") + rng.choice(DOMAINS) + "研究院"
        if label == "Platform":
            return place.rstrip("市县区") + rng.choice(DOMAINS) + rng.choice(PLATFORM_HEADS)
        if label == "Government":
            return place + rng.choice(GOV_HEADS)
        return ""

    def name(self, label: str) -> str:
        # Zipf-like: rank r is drawn with weight 1/r over a pool that grows with the corpus.
        rank = int(self.pool ** self.rng.random())
        key = (label, rank)
        if key not in self.cache:
            self.cache[key] = self._make(label, random.Random(zlib.crc32(f"{label}:{rank}".encode())))
        return self.cache[key]


def template_sentences(reports: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences of the samples with the spans of their organisation names and labels."""
    pipe = Pipeline()
    out = []
    for path in sorted(reports.glob("*.txt")):
        doc = read_document(path)
        ex = pipe(doc)
        by_sentence: dict[int, list[tuple[int, int, str]]] = {}
        for m in ex.mentions:
            if m.label in ("Enterprise", "University", "ResearchInstitute", "Platform", "Government") and not m.generic:
                by_sentence.setdefault(m.sentence, []).append((m.start, m.end, m.label))
        for s in split_sentences(doc):
            if re.search(r"[(（](原|简称|以下简称|暂名)", s.text):
                # A note ties the name before it to another name; with the names replaced
                # it would tie thousands of different organisations to one former name.
                continue
            out.append((s.text, sorted(by_sentence.get(s.index, []))))
    return out


def render(sentence: str, spans: list[tuple[int, int, str]], names: NameMaker) -> str:
    parts, pos = [], 0
    for start, end, label in spans:
        parts.append(sentence[pos:start])
        parts.append(names.name(label) or sentence[start:end])
        pos = end
    parts.append(sentence[pos:])
    return "".join(parts)


def make_corpus(out: Path, chars: int, seed: int = 20261122, reports: Path = ROOT / "data" / "reports") -> int:
    """Write synthetic reports totalling about `chars` characters into `out`; returns the file count."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    templates = template_sentences(reports)
    names = NameMaker(rng, pool=max(200, chars // 2000))
    written, n = 0, 0
    while written < chars:
        k = rng.randint(40, 220)
        picked = rng.sample(templates, min(k, len(templates)))
        paragraphs, para = [], []
        for text, spans in picked:
            para.append(render(text, spans, names))
            if rng.random() < 0.2:
                paragraphs.append("".join(para))
                para = []
        if para:
            paragraphs.append("".join(para))
        title = f"{names.name('Government')}{2010 + rng.randint(0, 14)}年科技工作总结"
        body = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        (out / f"report_{n:06d}.txt").write_text(body, encoding="utf-8")
        written += len(body)
        n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=lambda s: int(s.replace("_", "")), default=1_000_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20261122)
    a = ap.parse_args()
    n = make_corpus(a.out, a.chars, a.seed)
    print(f"{n} reports, about {a.chars:,} characters, in {a.out}")


if __name__ == "__main__":
    main()
