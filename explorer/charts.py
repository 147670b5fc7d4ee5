"""The explorer's charts, as Vega-Lite specifications drawn by st.vega_lite_chart.

Each function takes rows from graph_loader.queries and returns a complete specification
with its data inline, its axis, legend and tooltip titles in the session's language and
the schema's types under their readable names, coloured as everywhere else in the app.
Plain dicts keep the first screen fast (no Altair import, no schema validation per chart)
and let the tests read what a chart shows.
"""

from __future__ import annotations

import streamlit as st

from ner.model import ENTITY_LABELS, RELATION_TYPES

from .lang import label, relation, t
from .render import label_color

# One colour per relation type (Tableau 10), the same in every chart.
RELATION_COLORS = dict(zip(RELATION_TYPES, ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"),
                           strict=True))
BAR_COLOR = "#4e79a7"
YEAR_AXIS = {"format": "d", "labelAngle": 0}


def _label_scale(labels) -> dict:
    present = [lab for lab in ENTITY_LABELS if lab in set(labels)] + sorted(set(labels) - set(ENTITY_LABELS))
    return {"domain": [label(lab) for lab in present], "range": [label_color(lab) for lab in present]}


def _relation_scale(types) -> dict:
    present = [r for r in RELATION_TYPES if r in set(types)] + sorted(set(types) - set(RELATION_TYPES))
    return {"domain": [relation(r) for r in present], "range": [RELATION_COLORS.get(r, "#bab0ac") for r in present]}


def _bars(values: list[dict], name_title: str, count_title: str, color: dict, height_per_bar: int = 26) -> dict:
    """Horizontal bars of `count` by `name`, largest on top."""
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "cornerRadiusEnd": 3, "tooltip": True},
        "height": max(80, height_per_bar * len(values)),
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": name_title,
                  "axis": {"labelLimit": 260}},
            "x": {"field": "count", "type": "quantitative", "title": count_title, "axis": {"tickMinStep": 1}},
            "color": color,
            "tooltip": [{"field": "name", "title": name_title}, {"field": "count", "title": count_title}]
            + ([{"field": "type", "title": t("chart.type")}] if values and "type" in values[0] else []),
        },
    }


def entities_by_type(counts: dict[str, int]) -> dict:
    """Bars: how many entities of each type."""
    values = [{"name": label(lab), "count": n} for lab, n in counts.items()]
    color = {"field": "name", "type": "nominal", "scale": _label_scale(counts), "legend": None}
    return _bars(values, t("chart.entity_type"), t("chart.entities"), color, height_per_bar=34)


def relations_by_year(rows: list[dict]) -> dict:
    """Stacked bars: relations of each type by the year a report first states them (undated left out)."""
    values = [{"year": r["year"], "type": relation(r["type"]), "count": r["relations"]} for r in rows if r["year"]]
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "height": 260,
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": t("chart.year_first_stated"), "axis": YEAR_AXIS},
            "y": {"field": "count", "type": "quantitative", "aggregate": "sum", "title": t("chart.relations"),
                  "axis": {"tickMinStep": 1}},
            "color": {"field": "type", "type": "nominal", "title": t("chart.relation_type"),
                      "scale": _relation_scale([r["type"] for r in rows])},
            "tooltip": [{"field": "year", "title": t("chart.year")}, {"field": "type", "title": t("chart.relation_type")},
                        {"field": "count", "title": t("chart.relations")}],
        },
    }


def top_programs(programs: list[dict]) -> dict:
    """Bars: the programs with most participants."""
    values = [{"name": p["name"], "count": p["participants"]} for p in programs]
    return _bars(values, t("chart.program"), t("chart.participants"), {"value": BAR_COLOR})


def best_partnered(rows: list[dict]) -> dict:
    """Bars: the organisations with most partners, coloured by type."""
    values = [{"name": r["name"], "count": r["partners"], "type": label(r["label"])} for r in rows]
    color = {"field": "type", "type": "nominal", "title": t("chart.entity_type"),
             "scale": _label_scale([r["label"] for r in rows])}
    return _bars(values, t("chart.organisation"), t("chart.partners"), color)


def participants_by_year(parts: list[dict]) -> dict:
    """Stacked bars: a program's participants by the year they are first reported, and by type."""
    unknown = t("chart.year_unknown")
    seen: set[tuple] = set()
    values = []
    for p in parts:
        if (p["id"], p["first_year"]) in seen:  # joined and leads: one participant
            continue
        seen.add((p["id"], p["first_year"]))
        values.append({"year": str(p["first_year"]) if p["first_year"] else unknown, "type": label(p["label"]),
                       "name": p["name"]})
    years = sorted({v["year"] for v in values if v["year"] != unknown})
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "height": 240,
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": t("chart.year_first_reported"),
                  "sort": years + [unknown], "axis": {"labelAngle": 0}},
            "y": {"aggregate": "count", "type": "quantitative", "title": t("chart.participants"),
                  "axis": {"tickMinStep": 1}},
            "color": {"field": "type", "type": "nominal", "title": t("chart.entity_type"),
                      "scale": _label_scale([p["label"] for p in parts])},
            "tooltip": [{"field": "year", "title": t("chart.year")}, {"field": "type", "title": t("chart.entity_type")},
                        {"aggregate": "count", "title": t("chart.participants")}],
        },
    }


def programs_timeline(progs: list[dict]) -> dict:
    """A timeline: each program an organisation joined or leads, from the first to the last year reported."""
    values = [{"name": p["name"], "type": relation(p["type"]), "first": p["first_year"],
               "last": p["last_year"] or p["first_year"]} for p in progs if p["first_year"]]
    y = {"field": "name", "type": "nominal", "title": t("chart.program"), "sort": {"field": "first"},
         "axis": {"labelLimit": 260}}
    x = {"field": "first", "type": "quantitative", "title": t("chart.year"), "scale": {"zero": False, "nice": False,
                                                                                        "padding": 12},
         "axis": {"format": "d", "tickMinStep": 1}}
    color = {"field": "type", "type": "nominal", "title": t("chart.relation_type"),
             "scale": _relation_scale([p["type"] for p in progs])}
    tooltip = [{"field": "name", "title": t("chart.program")}, {"field": "type", "title": t("chart.relation_type")},
               {"field": "first", "title": t("chart.first_year")}, {"field": "last", "title": t("chart.last_year")}]
    return {
        "data": {"values": values},
        "height": max(80, 28 * len({v["name"] for v in values})),
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 4},
             "encoding": {"y": y, "x": x, "x2": {"field": "last"}, "color": color, "tooltip": tooltip}},
            {"mark": {"type": "circle", "size": 120, "opacity": 1},
             "encoding": {"y": y, "x": x, "color": color, "tooltip": tooltip}},
            {"mark": {"type": "circle", "size": 120, "opacity": 1},
             "encoding": {"y": y, "x": {**x, "field": "last"}, "color": color, "tooltip": tooltip}},
        ],
    }


def show(spec: dict, key: str) -> None:
    """Draw a specification across the container's width."""
    st.vega_lite_chart(spec=spec, width="stretch", key=key)
