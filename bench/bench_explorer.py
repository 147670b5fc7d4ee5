"""How the explorer copes with a large store: generate one, then time loading and each view.

    python bench/bench_explorer.py                       # 10,000 entities in a temporary folder
    python bench/bench_explorer.py --entities 20000 --store /tmp/big --browser

The store is synthetic but has the real schema (written with SQL into a graph_loader.store
Store): entities of the six labels with aliases, mentions in 200 reports over ten years and
regions, and about 2.5 relations per entity with one evidence sentence each, degrees skewed
so that a few programs and hubs have hundreds of edges, as real reports do. Figures go to
stdout: graph build, first search, the first render of the app (Streamlit's AppTest, cold
caches: the overview with its charts), later renders and each view; with --browser also the
time until headless Chromium shows the overview's charts.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_loader.store import Store  # noqa: E402
from ner.model import SYMMETRIC_RELATIONS  # noqa: E402
from ner.normalize import canonical_key  # noqa: E402

REGIONS = ("宁波市", "杭州市", "温州市", "合肥市", "成都市", "天津市", "苏州市", "镇海区", "鄞州区", "余姚市")
SYLLABLES = "华腾瑞安新创科联智达宏泰恒信中和通远博睿东方天元金海光明精工汇盛鼎丰云启航星"
LABEL_SHARE = (
    ("Enterprise", 0.45, ("科技有限公司", "股份有限公司", "集团", "制造有限公司")),
    ("Platform", 0.20, ("重点实验室", "工程技术中心", "孵化器", "众创空间", "产业园")),
    ("Program", 0.10, ("研发计划", "人才工程", "科技专项", "创新大赛", "小巨人企业")),
    ("Government", 0.10, ("科技局", "人民政府", "经信局", "管委会")),
    ("ResearchInstitute", 0.08, ("研究院", "研究所", "产业技术研究院")),
    ("University", 0.07, ("大学", "理工学院", "职业技术学院")),
)
FIRST_RENDER = "app first render, cold caches (load + overview)"
# A drawn Vega-Lite chart (vega-embed renders into a canvas or an svg).
CHART_SELECTOR = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
CUES = {"JOINED": "入选", "LEADS": "牵头承担", "CO_BUILDS": "合作共建", "PARTNERS_WITH": "签订合作协议",
        "SETTLED_IN": "入驻", "PART_OF": "分中心"}


def _name(rng: random.Random, label_suffixes: tuple[str, ...], i: int) -> str:
    core = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    # The index keeps names unique without making them look alike to the fuzzy matcher.
    return f"{rng.choice(REGIONS)}{core}{_number(i)}{rng.choice(label_suffixes)}"


def _number(i: int) -> str:
    digits = "零一二三四五六七八九"
    return "".join(digits[int(c)] for c in str(i))


def generate_store(path: str | Path, n_entities: int = 10_000, n_documents: int = 200, seed: int = 11) -> dict:
    """Write a synthetic store of `n_entities` entities at `path`; returns what was written."""
    rng = random.Random(seed)
    store = Store(path)
    docs = []
    for d in range(n_documents):
        year = 2015 + d % 10
        region = REGIONS[d % len(REGIONS)]
        docs.append((f"doc{d:05d}", f"hash{d:05d}", f"synthetic/report_{d:05d}.txt", "txt", "utf-8",
                     f"{region}{year}年科技工作总结(合成)", f"{region}科技局", f"{year}-12-31", region, year,
                     20000, 400, time.time()))
    entities, forms, by_label = [], [], {lab: [] for lab, _, _ in LABEL_SHARE}
    keys: dict[str, str] = {}
    labels = [lab for lab, _, _ in LABEL_SHARE]
    weights = [w for _, w, _ in LABEL_SHARE]
    suffixes = {lab: s for lab, _, s in LABEL_SHARE}
    for i in range(n_entities):
        label = rng.choices(labels, weights)[0]
        name = _name(rng, suffixes[label], i)
        eid = f"s{i:07d}"
        entities.append((eid, name, label, f'{{"{label}": 1}}'))
        # One atom per entity (graph_loader/resolve.py), keyed by the entity id to stay unique.
        keys[eid] = f"{canonical_key(name)}#{eid}"
        forms.append((keys[eid], name, "name", 3))
        if rng.random() < 0.3:
            short = name[3:-2] if len(name) > 6 else name
            forms.append((keys[eid], short, "alias", 1))
        by_label[label].append(eid)
    names = {e[0]: e[1] for e in entities}
    mentions, sentences = [], {}
    for eid, name, label, _ in entities:
        for _ in range(rng.randint(1, 4)):
            doc = rng.randrange(n_documents)
            sent = rng.randrange(400)
            sentences[(doc, sent)] = f"{name}在本年度取得新进展。"
            mentions.append((docs[doc][0], keys[eid], eid, sent, 0, len(name), name, name, label, 0.9, "synthetic"))
    orgs = [e[0] for e in entities if e[2] != "Program"]
    # Preferential targets: a few programs and platforms draw most of the edges.
    program_weights = [1.0 / (r + 1) ** 0.8 for r in range(len(by_label["Program"]))]
    platform_weights = [1.0 / (r + 1) ** 0.8 for r in range(len(by_label["Platform"]))]
    relations: dict[tuple[str, str, str], None] = {}
    target = int(n_entities * 2.5)
    while len(relations) < target:
        kind = rng.choices(("JOINED", "PARTNERS_WITH", "CO_BUILDS", "SETTLED_IN", "LEADS", "PART_OF"),
                           (0.40, 0.25, 0.15, 0.10, 0.05, 0.05))[0]
        head = rng.choice(orgs)
        if kind in ("JOINED", "LEADS"):
            tail = rng.choices(by_label["Program"], program_weights)[0]
        elif kind in ("CO_BUILDS", "SETTLED_IN"):
            tail = rng.choices(by_label["Platform"], platform_weights)[0]
        else:
            tail = rng.choice(orgs)
        if head == tail:
            continue
        if kind in SYMMETRIC_RELATIONS and tail < head:
            head, tail = tail, head
        relations[(head, kind, tail)] = None
    rel_rows = [(i + 1, h, t, k) for i, (h, k, t) in enumerate(relations)]
    evidence = []
    for rid, h, t, k in rel_rows:
        a, b, cue = names[h], names[t], CUES[k]
        text = f"{a}与{b}{cue},推动协同创新。" if k == "PARTNERS_WITH" else f"{a}{cue}{b}。"
        tail_start = text.index(b, len(a))
        doc = rng.randrange(n_documents)
        evidence.append((rid, docs[doc][0], k, keys[h], keys[t], rng.randrange(400), text, 0, len(a), tail_start,
                         tail_start + len(b), cue, "synthetic", 0.8))
    with store.transaction() as c:
        c.executemany("INSERT INTO documents (id, content_hash, path, format, encoding, title, issuer, date, region,"
                      " year, n_chars, n_sentences, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", docs)
        c.executemany('INSERT INTO sentences (doc_id, idx, start, "end", text) VALUES (?,?,?,?,?)',
                      [(docs[d][0], s, 0, len(t), t) for (d, s), t in sentences.items()])
        c.executemany("INSERT INTO entities (id, name, label, label_votes) VALUES (?,?,?,?)", entities)
        c.executemany("INSERT INTO atoms (key) VALUES (?)", [(k,) for k in keys.values()])
        c.executemany("INSERT INTO members (key, entity_id) VALUES (?,?)", [(k, e) for e, k in keys.items()])
        c.executemany("INSERT OR IGNORE INTO forms (key, form, kind, count) VALUES (?,?,?,?)", forms)
        c.executemany('INSERT INTO mentions (doc_id, key, entity_id, sentence, start, "end", text, name, label,'
                      " confidence, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)", mentions)
        c.executemany("INSERT INTO relations (id, head_id, tail_id, type) VALUES (?,?,?,?)", rel_rows)
        c.executemany("INSERT INTO evidence (relation_id, doc_id, type, head_key, tail_key, sentence, text, head_start,"
                      " head_end, tail_start, tail_end, cue, rule, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      evidence)
    counts = {"entities": len(entities), "relations": len(rel_rows), "mentions": len(mentions), "documents": len(docs)}
    store.close()
    return counts


def _timed(label: str, fn, results: dict):
    t0 = time.perf_counter()
    out = fn()
    results[label] = time.perf_counter() - t0
    print(f"{label:<48} {results[label]:8.2f} s", flush=True)
    return out


def bench_queries(path: str, results: dict) -> str:
    """Graph build and first queries outside Streamlit; returns a well-connected entity id."""
    from graph_loader.queries import KnowledgeGraph

    kg = KnowledgeGraph(Store(path, create=False))
    _timed("graph build (networkx view of the store)", lambda: kg.graph, results)
    _timed("first search (builds the name index)", lambda: kg.search("宁波华腾科技"), results)
    _timed("second search", lambda: kg.search("杭州中和集团"), results)
    _timed("programs table", kg.programs, results)
    _timed("partnership graph", kg.partnership_graph, results)
    hub = max((n for n in kg.graph if kg.graph.nodes[n]["label"] != "Program"), key=kg.graph.degree)
    kg.store.close()
    return hub


def bench_app(path: str, hub: str, results: dict) -> None:
    """Render the app's views with Streamlit's AppTest (server side, no browser)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["INNOKG_STORE"] = path
    os.environ["INNOKG_LANG"] = "en"
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "explorer" / "app.py"), default_timeout=600)
    _timed(FIRST_RENDER, at.run, results)
    assert not at.exception, at.exception
    _timed("app rerun, caches warm", at.run, results)
    years = at.slider(key="scope_years").value
    _timed("overview: narrow the years (new scope)",
           lambda: at.slider(key="scope_years").set_value((years[0] + 2, years[1] - 2)).run(), results)
    at.slider(key="scope_years").set_value(years).run()
    _timed("search view", lambda: at.sidebar.radio(key="view").set_value("search").run(), results)
    _timed("search view: type a query", lambda: at.text_input(key="q").input("宁波华腾").run(), results)
    at.session_state["entity"] = hub
    _timed("entity page of the best-connected organisation", lambda: at.sidebar.radio(key="view").set_value("entity").run(),
           results)
    _timed("entity page again (spaCy and caches loaded)", at.run, results)
    print(f"   (it has {len(at.expander)} evidence panels and {len(at.dataframe)} tables)")
    for view in ("network", "programs", "relations", "documents", "export"):
        _timed(f"{view} view", lambda v=view: at.sidebar.radio(key="view").set_value(v).run(), results)
        assert not at.exception, at.exception
    at.sidebar.radio(key="view").set_value("network").run()
    capped = [w.value for w in at.warning if "too many" in w.value]
    print(f"network view cap message: {capped[0] if capped else '(none)'}")


def bench_browser(path: str, results: dict, port: int = 8799) -> None:
    """Time from starting `streamlit run` until Chromium shows the search box."""
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        print("browser: chromium not found, skipped")
        return
    env = dict(os.environ, INNOKG_STORE=path)
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "explorer" / "app.py"),
                               "--server.port", str(port), "--server.headless", "true",
                               "--browser.gatherUsageStats", "false"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        print(f"{'browser: streamlit server answering':<48} {time.perf_counter() - t0:8.2f} s")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}")
            page.wait_for_selector(CHART_SELECTOR, timeout=600_000)
            results["browser: server start to overview charts"] = time.perf_counter() - t0
            print(f"{'browser: server start to overview charts shown':<48} "
                  f"{results['browser: server start to overview charts']:8.2f} s")
            t1 = time.perf_counter()
            page.reload()
            page.wait_for_selector(CHART_SELECTOR, timeout=600_000)
            print(f"{'browser: reload with warm caches':<48} {time.perf_counter() - t1:8.2f} s")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--store", help="folder for the generated store (default: a temporary folder, removed after)")
    ap.add_argument("--browser", action="store_true", help="also time the first page in headless Chromium")
    args = ap.parse_args()
    tmp = None
    if args.store:
        path = args.store
        if Path(path).exists():
            shutil.rmtree(path)
    else:
        tmp = tempfile.mkdtemp(prefix="innokg-bench-")
        path = tmp
    results: dict[str, float] = {}
    try:
        counts = _timed(f"generate a store of {args.entities:,} entities", lambda: generate_store(path, args.entities),
                        results)
        print(f"store: {counts}")
        hub = bench_queries(path, results)
        bench_app(path, hub, results)
        if args.browser:
            bench_browser(path, results)
        load = results[FIRST_RENDER]
        print(f"\nload time on {counts['entities']:,} entities (graph build + first render): {load:.2f} s")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
