"""The explorer's charts, as Vega-Lite specifications drawn by st.vega_lite_chart.

Each function takes rows from graph_loader.queries and returns a complete specification
with its data inline, its axis, legend and tooltip titles in the session's language and
the schema's types under their readable names, coloured as everywhere else in the app.
Plain dicts keep the first screen fast (no Altair import, no schema validation per chart)
and let the tests read what a chart shows. `show` keeps the rows inside the specification,
so they travel as JSON: Streamlit would turn top-level data into Arrow through pandas, and
importing those two alone costs the first screen more than all its charts.
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
# Chinese reads badly turned on its side: a vertical axis's title stands level above the axis.
LEVEL_TITLE = {"titleAngle": 0, "titleAlign": "left", "titleAnchor": "end", "titleBaseline": "bottom", "titleY": -10,
               "titleX": -30}
# The width follows the page, the height the number of rows (the plotting area, not the whole figure).
FIT_WIDTH = {"type": "fit-x", "contains": "padding"}


def _label_scale(labels) -> dict:
    present = [lab for lab in ENTITY_LABELS if lab in set(labels)] + sorted(set(labels) - set(ENTITY_LABELS))
    return {"domain": [label(lab) for lab in present], "range": [label_color(lab) for lab in present]}


def _relation_scale(types) -> dict:
    present = [r for r in RELATION_TYPES if r in set(types)] + sorted(set(types) - set(RELATION_TYPES))
    return {"domain": [relation(r) for r in present], "range": [RELATION_COLORS.get(r, "#bab0ac") for r in present]}


def _bars(name: str, values: list[dict], name_title: str, count_title: str, color: dict,
          height_per_bar: int = 24) -> dict:
    """Horizontal bars of `count` by `name`, largest on top (the names need no axis title)."""
    return {
        "name": name,
        "data": {"values": values},
        "mark": {"type": "bar", "cornerRadiusEnd": 3, "tooltip": True},
        "autosize": FIT_WIDTH,
        "height": {"step": height_per_bar},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 260, "labelOverlap": False}},
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
    return _bars("entities_by_type", values, t("chart.entity_type"), t("chart.entities"), color, height_per_bar=30)


def relations_by_year(rows: list[dict]) -> dict:
    """Stacked bars: relations of each type by the year a report first states them (undated left out)."""
    values = [{"year": r["year"], "type": relation(r["type"]), "count": r["relations"]} for r in rows if r["year"]]
    return {
        "name": "relations_by_year",
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "height": 260,
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": t("chart.year_first_stated"), "axis": YEAR_AXIS},
            "y": {"field": "count", "type": "quantitative", "aggregate": "sum", "title": t("chart.relations"),
                  "axis": {"tickMinStep": 1, **LEVEL_TITLE}},
            "color": {"field": "type", "type": "nominal", "title": t("chart.relation_type"),
                      "scale": _relation_scale([r["type"] for r in rows])},
            "tooltip": [{"field": "year", "title": t("chart.year")}, {"field": "type", "title": t("chart.relation_type")},
                        {"field": "count", "title": t("chart.relations")}],
        },
    }


def top_programs(programs: list[dict]) -> dict:
    """Bars: the programs with most participants."""
    values = [{"name": p["name"], "count": p["participants"]} for p in programs]
    return _bars("top_programs", values, t("chart.program"), t("chart.participants"), {"value": BAR_COLOR})


def best_partnered(rows: list[dict]) -> dict:
    """Bars: the organisations with most partners, coloured by type."""
    values = [{"name": r["name"], "count": r["partners"], "type": label(r["label"])} for r in rows]
    color = {"field": "type", "type": "nominal", "title": t("chart.entity_type"),
             "scale": _label_scale([r["label"] for r in rows])}
    return _bars("best_partnered", values, t("chart.organisation"), t("chart.partners"), color)


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
        "name": "participants_by_year",
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True, "size": 36},
        "height": 240,
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": t("chart.year_first_reported"),
                  "sort": years + [unknown], "axis": {"labelAngle": 0}},
            "y": {"aggregate": "count", "type": "quantitative", "title": t("chart.participants"),
                  "axis": {"tickMinStep": 1, **LEVEL_TITLE}},
            "color": {"field": "type", "type": "nominal", "title": t("chart.entity_type"),
                      "scale": _label_scale([p["label"] for p in parts])},
            "tooltip": [{"field": "year", "title": t("chart.year")}, {"field": "type", "title": t("chart.entity_type")},
                        {"aggregate": "count", "title": t("chart.participants")}],
        },
    }


def programs_timeline(progs: list[dict]) -> dict:
    """A timeline: each program an organisation joined or leads, from the first to the last year reported;
    a planned one (only a plan so far) drawn lighter, with a dashed line."""
    values = [{"name": p["name"], "type": relation(p["type"]), "first": p["first_year"],
               "last": p["last_year"] or p["first_year"], "planned": bool(p.get("planned")),
               "status": t("value.planned") if p.get("planned") else ""} for p in progs if p["first_year"]]
    y = {"field": "name", "type": "nominal", "title": None, "sort": {"field": "first"},
         "axis": {"labelLimit": 260, "labelOverlap": False}}
    x = {"field": "first", "type": "quantitative", "title": t("chart.year"), "scale": {"zero": False, "nice": False,
                                                                                        "padding": 12},
         "axis": {"format": "d", "tickMinStep": 1}}
    color = {"field": "type", "type": "nominal", "title": t("chart.relation_type"),
             "scale": _relation_scale([p["type"] for p in progs])}
    tooltip = [{"field": "name", "title": t("chart.program")}, {"field": "type", "title": t("chart.relation_type")},
               {"field": "first", "title": t("chart.first_year")}, {"field": "last", "title": t("chart.last_year")}]
    if any(v["planned"] for v in values):
        tooltip.append({"field": "status", "title": t("chart.status")})
    opacity = {"condition": {"test": "datum.planned", "value": 0.45}, "value": 1}
    # A program both joined and led gets two lines side by side, not one over the other.
    offset = {"field": "type", "type": "nominal"}
    return {
        "name": "programs_timeline",
        "data": {"values": values},
        "autosize": FIT_WIDTH,
        "height": {"step": 30},
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 4},
             "encoding": {"y": y, "yOffset": offset, "x": x, "x2": {"field": "last"}, "color": color,
                          "opacity": opacity, "tooltip": tooltip,
                          "strokeDash": {"condition": {"test": "datum.planned", "value": [4, 3]}, "value": [1, 0]}}},
            {"mark": {"type": "circle", "size": 110},
             "encoding": {"y": y, "yOffset": offset, "x": x, "color": color, "opacity": opacity, "tooltip": tooltip}},
            {"mark": {"type": "circle", "size": 110},
             "encoding": {"y": y, "yOffset": offset, "x": {**x, "field": "last"}, "color": color,
                          "opacity": opacity, "tooltip": tooltip}},
        ],
    }


def inline(spec: dict) -> dict:
    """The same chart with its rows moved into a layer, where Streamlit leaves them in the JSON."""
    spec = dict(spec)
    data = spec.pop("data")
    outer = {k: spec.pop(k) for k in ("name", "autosize", "height", "width") if k in spec}
    return {**outer, "layer": [{"data": data, **spec}]}


def show(spec: dict, key: str) -> None:
    """Draw a specification across the container's width."""
    st.vega_lite_chart(spec=inline(spec), width="stretch", key=key)
