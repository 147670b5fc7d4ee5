"""Rendering helpers shared by the views: label colours, displaCy highlighting, tables.

Highlighting goes through spaCy's displaCy in manual mode: the spans come from the store
(character offsets), so no spaCy model or tokenizer is needed, and Chinese text is marked
exactly where the extractor found the names. Marks, legends and tables name the schema's
types in the session's language (explorer/i18n); the data keeps the identifiers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import partial

import streamlit as st

from ner.model import ENTITY_LABELS

from . import i18n, lang
from .lang import t

# One colour per schema label, used by the highlighting and by the network view alike.
LABEL_COLORS: dict[str, str] = {
    "Enterprise": "#4dabf7",
    "University": "#ff922b",
    "ResearchInstitute": "#b197fc",
    "Platform": "#51cf66",
    "Program": "#fcc419",
    "Government": "#ff6b6b",
}
OTHER_COLOR = "#ced4da"
assert set(LABEL_COLORS) == set(ENTITY_LABELS)

CURRENT_TABLE = "current_table"


def label_color(label: str) -> str:
    """The colour of a schema label (grey for anything else)."""
    return LABEL_COLORS.get(label, OTHER_COLOR)


def highlight_html(text: str, spans: Iterable[tuple[int, int, str]], names: Mapping[str, str] | None = None) -> str:
    """displaCy HTML of `text` with (start, end, label) character spans marked, each mark
    captioned with `names[label]` (the label itself when not given).

    Overlapping or out-of-range spans are dropped (the first by start wins) rather than
    breaking the markup, since evidence offsets come from stored data.
    """
    from spacy import displacy  # spaCy takes a second to import; only pages with evidence need it

    names = names or {}
    ents, pos = [], 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or start >= end or end > len(text) or start < 0:
            continue
        ents.append({"start": start, "end": end, "label": names.get(label, label)})
        pos = end
    colors = {names.get(label, label): color for label, color in LABEL_COLORS.items()}
    html = displacy.render(
        {"text": text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        options={"colors": colors},
    )
    # Markdown ends an HTML block at a blank line and the newlines displaCy puts around the
    # marks would show as spaces between Chinese characters, so the markup is made one line.
    return re.sub(r"\s*\n\s*", "", html)


def evidence_html(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """highlight_html with the marks captioned in the session's language."""
    return highlight_html(text, spans, {lab: lang.label(lab) for lab in LABEL_COLORS})


def show_html(html: str) -> None:
    """Render trusted markup built here (displaCy output, escaped text)."""
    st.markdown(html, unsafe_allow_html=True)


def show_evidence(ev: dict, head_label: str, tail_label: str, source: str) -> None:
    """One evidence sentence (a row of KnowledgeGraph.evidence) with both names marked, its
    source line under it, and right above it, in the same block, a label when it states a plan."""
    label = ""
    if ev.get("planned"):
        label = (f'<div class="innokg-planned" style="font-size:0.8em;color:#868e96;border-left:3px dashed #868e96;'
                 f'padding-left:0.5em;margin-bottom:0.2em">{html.escape(t("evidence.planned"))}</div>')
    show_html(label + evidence_html(ev["text"], [(ev["head_start"], ev["head_end"], head_label),
                                                 (ev["tail_start"], ev["tail_end"], tail_label)]))
    st.caption(source)


def planned_mark(planned: bool) -> str:
    """What follows a relation's title when it is planned ("" when it is not)."""
    return t("planned.mark") if planned else ""


def legend(labels: Iterable[str] | None = None) -> str:
    """Coloured chips naming the labels, as HTML."""
    chips = []
    for label in labels or ENTITY_LABELS:
        chips.append(
            f'<span style="background:{label_color(label)};padding:0.15em 0.5em;border-radius:0.3em;'
            f'margin-right:0.4em;font-size:0.85em">{lang.label(label)}</span>'
        )
    return "".join(chips)


# How the network draws a relation stated as done and a planned one (network.py's edge styles).
EDGE_LINE = {"stated": "solid", "planned": "dashed"}


def edge_legend() -> str:
    """A line of each kind the network draws, named, as HTML."""
    items = []
    for kind, line in EDGE_LINE.items():
        items.append(
            f'<span style="display:inline-block;width:2.2em;vertical-align:middle;margin-right:0.35em;'
            f'border-top:2px {line} #868e96"></span>'
            f'<span style="margin-right:1.2em;font-size:0.85em">{t("network.legend_" + kind)}</span>'
        )
    return "".join(items)


def _cell(value) -> str:
    if isinstance(value, list | tuple | set):
        return " | ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}:{v}" for k, v in value.items())
    return "" if value is None else str(value)


def readable_frame(rows: list[dict], lang_now: str):
    """`rows` as a DataFrame for people: headers and type names in `lang_now`, lists joined."""
    import pandas as pd  # Streamlit's tables need it anyway; the overview does not

    df = pd.DataFrame.from_records(rows)
    for col in df.columns:
        cells = df[col]
        if col in i18n.VALUE_PREFIXES or col in i18n.LABEL_MAP_COLUMNS or col in i18n.FLAG_COLUMNS:
            cells = cells.map(lambda v, c=col: i18n.cell_value(lang_now, c, v))
        if cells.dtype == object:
            cells = cells.map(lambda v: _cell(v) if isinstance(v, list | tuple | set | dict) else v)
        df[col] = cells
    df.columns = [i18n.column_name(lang_now, c) for c in df.columns]
    return df


def frame_to_csv(df) -> bytes:
    """CSV bytes of a DataFrame (UTF-8 with BOM, so spreadsheet programs read the Chinese right)."""
    return ("\ufeff" + df.to_csv(index=False)).encode("utf-8")


def table(rows: list[dict], title: str, key: str, height: int | None = None) -> None:
    """Show rows as a table with a CSV download, and remember them as the current table.

    `rows` use the column keys of the catalogues (column.<key>); headers and type names are
    shown, and downloaded, in the session's language. The CSV is written only when asked for.
    """
    if not rows:
        st.info(t("table.empty"))
        return
    df = readable_frame(rows, lang.current())
    # A fixed height only where it saves scrolling past a long table; short tables fit their rows.
    st.dataframe(df, hide_index=True, height=height if height and len(rows) > 8 else "auto")
    remember_table(rows, title)
    st.download_button(
        t("table.download", n=len(rows)),
        partial(frame_to_csv, df),
        file_name=f"{slug(title)}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        on_click="ignore",
    )


def remember_table(rows: list[dict], title: str) -> None:
    """Make `rows` (with catalogue column keys) the table the Export view offers as CSV."""
    st.session_state[CURRENT_TABLE] = {"title": title, "rows": rows}


def slug(title: str) -> str:
    """A file name for a table title (Chinese kept, separators made dashes)."""
    s = re.sub(r"[\s/\\:*?\"<>|·]+", "-", title).strip("-")
    return s or "table"
