"""Helpers for the explorer's AppTest tests: start the app, move between views, read what it shows."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "explorer" / "app.py")


def run_app(store_path, monkeypatch, lang: str | None = "en", params: dict | None = None) -> AppTest:
    """The app over `store_path`, first run done; `lang` sets $INNOKG_LANG (None: unset),
    `params` are the link's query parameters."""
    monkeypatch.setenv("INNOKG_STORE", str(store_path))
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)  # make test points these at its server; the app must not see them here
    if lang:
        monkeypatch.setenv("INNOKG_LANG", lang)
    else:
        monkeypatch.delenv("INNOKG_LANG", raising=False)
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def copy_store(built_store, tmp_path) -> Path:
    """A private copy of the sample store, for tests that add to it."""
    import sqlite3

    dst = tmp_path / "innokg.sqlite"
    target = sqlite3.connect(dst)
    built_store.conn.backup(target)
    target.close()
    return dst


def go(at: AppTest, view: str) -> AppTest:
    """Switch to a view with the sidebar's radio."""
    at.sidebar.radio(key="view").set_value(view).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """The markdown and captions of the page, one per line."""
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def charts(at: AppTest) -> dict[str, tuple[dict, list[dict]]]:
    """The Vega-Lite charts on the page by name: (specification, rows)."""
    out = {}
    for node in at._tree:
        if getattr(node, "type", None) == "vega_lite_chart":
            spec = json.loads(node.proto.spec)
            layer = spec["layer"][0]
            out[spec.get("name", f"chart{len(out)}")] = (spec, layer["data"]["values"])
    return out


def chart_titles(spec) -> list[str]:
    """Every axis, legend and tooltip title in a specification."""
    found = []

    def walk(x) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "title" and isinstance(v, str):
                    found.append(v)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(spec)
    return found


# -- everything a user can read -------------------------------------------------------------------
_TEXT_FIELDS = ("label", "placeholder", "help", "body", "options", "captions")


def visible_texts(at: AppTest) -> list[tuple[str, str]]:
    """(element type[:key], text) for every text the page shows: bodies, labels, placeholders,
    help, options, tab and expander labels, table headers, chart titles and typed chart
    values, and the fields of the network component's elements."""
    out: list[tuple[str, str]] = []
    for node in at._tree:
        kind = getattr(node, "type", type(node).__name__)
        proto = getattr(node, "proto", None)
        try:
            key = node.key
        except Exception:  # elements without a key
            key = None
        if kind == "vega_lite_chart":
            spec = json.loads(proto.spec)
            out += [(kind, s) for s in chart_titles(spec)]
            for row in spec["layer"][0]["data"]["values"]:
                out += [(kind, str(row[k])) for k in ("type",) if k in row]
            continue
        if kind == "dataframe":
            df = node.value
            out += [(kind, str(c)) for c in df.columns]
            continue
        if proto is None:
            continue
        if kind == "popover":
            out.append((kind, proto.popover.label))
            continue
        if kind == "component_instance" or type(proto).__name__ == "ComponentInstance":
            out += _component_texts(proto)
            continue
        where = f"{kind}:{key}" if key else kind
        for field in _TEXT_FIELDS:
            value = getattr(proto, field, None)
            if isinstance(value, str):
                out.append((where, value))
            elif value is not None and not isinstance(value, bytes | int | float | bool):
                with contextlib.suppress(TypeError):  # not iterable
                    out += [(where, str(v)) for v in value if isinstance(v, str)]
    return [(k, t) for k, t in out if t]


def _component_texts(proto) -> list[tuple[str, str]]:
    args = json.loads(proto.json_args) if getattr(proto, "json_args", "") else {}
    out = []
    for group in ("nodes", "edges"):
        for el in (args.get("elements") or {}).get(group, []):
            for k, v in el.get("data", {}).items():
                if k in ("id", "source", "target"):
                    continue
                if k != "label":
                    out.append(("component field", k))
                if group == "edges" or k != "label":  # node labels are names
                    out.append(("component value", str(v)))
    return out


# Words that are names of formats, programs and standards, not English to translate.
PROPER_NOUNS = frozenset({
    "innokg", "CSV", "JSON", "GraphML", "GEXF", "Gephi", "yEd", "Cytoscape", "Cypher", "cypher-shell",
    "neo4j-admin", "Neo4j", "Louvain", "URI", "PDF", "HTML", "MHTML", "Word", "docx", "txt", "pdf", "html", "htm",
    "zip", "MB", "INNOKG_STORE", "NEO4J_PASSWORD",
})
_ICON = re.compile(r":material/[a-z_]+:")
_CODE = re.compile(r"`[^`]*`")
_TAG = re.compile(r"<[^>]+>|&[a-z]+;|&#\d+;")
_SPAN = re.compile(r"<span[^>]*>([^<]*)</span>")
_URL = re.compile(r"(?:[a-z+]+://|\?)[^\s)）]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*[A-Za-z0-9]|[A-Za-z]{2,}")


def without_data(text: str, names: list[str]) -> str:
    """`text` less markup, icons, identifiers in `code`, links and the data in `names`."""
    # Marks and chips caption a name with its type in a <span>: read those apart, so that a
    # highlighted sentence is whole again once the markup is gone.
    captions = _SPAN.findall(text)
    text = _TAG.sub("", _SPAN.sub("", _CODE.sub(" ", _ICON.sub(" ", text)))) + "\n" + "\n".join(captions)
    for name in names:
        text = text.replace(name, " ")
    return _URL.sub(" ", text)


def english_words(text: str, names: list[str]) -> list[str]:
    """The words of Latin script in `text` once names, identifiers in `code`, markup, links,
    icons and the names of formats and programs are taken out."""
    return [w for w in _WORD.findall(without_data(text, names)) if w not in PROPER_NOUNS]


def data_names(kg) -> list[str]:
    """Names, aliases, titles, paths, evidence sentences and other data from the store that
    contain Latin letters (shown as they are, in any language), longest first."""
    found = set()
    for _, d in kg.graph.nodes(data=True):
        found.update([d["name"], *d["aliases"]])
    for doc in kg.store.documents():
        found.update(str(doc[k]) for k in ("title", "path", "issuer", "format") if doc[k])
    for e in kg.store.conn.execute("SELECT DISTINCT cue, rule, text FROM evidence"):
        found.update(x for x in e if x)
    return sorted((n for n in found if re.search(r"[A-Za-z]", n)), key=len, reverse=True)


def chinese_left_in_english(pages, fixed: set[str], en: dict[str, str], names: list[str]):
    """Walk `pages` ((where, AppTest) pairs) of the English interface: the Chinese texts of
    `fixed` or raw catalogue keys shown on each page, and the English words read on them (so a
    caller can show the same reading would catch English in the Chinese interface)."""
    problems: dict[str, set[str]] = {}
    english: set[str] = set()
    for where, at in pages:
        assert not at.exception, (where, at.exception)
        for kind, text in visible_texts(at):
            shown = without_data(text, names)
            bad = [v for v in fixed if v in shown] + [k for k in en if k in text and "." in k]
            if bad:
                problems.setdefault(where, set()).add(f"{kind}: {text[:80]!r} -> {bad}")
            english.update(english_words(text, names))
    return problems, english

