"""The words innokg shows its users, in one catalogue per language (zh.py, en.py).

Each catalogue is a flat dict, MESSAGES, from a key to a text; texts take named
placeholders filled with str.format (`text("zh", "search.matches", n=3, query="…")`).
Keys are grouped by a prefix:

- `label.<Label>` and `relation.<TYPE>`: the names of the schema's entity and relation
  types (the identifiers themselves stay unchanged in the store, JSON, GraphML and Neo4j);
- `rel_out.<TYPE>` / `rel_in.<TYPE>`: a relation read from its head or from its tail;
- `column.<key>`: table headers; `value.<column>.<value>`: cell values worth translating;
- `view.<id>`: the explorer's views; anything else: a view's own texts, by view.

To add a text, add its key to every catalogue: tests/test_explorer_i18n.py checks that the
catalogues have the same keys and the same placeholders, and that a walk through every view
in Chinese finds no English. Nothing here imports Streamlit, so the command line and the
exports use the type names too.
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterable
from types import MappingProxyType

from . import en, zh

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_ENV = "INNOKG_LANG"
# Each language named in itself, for the switch.
LANG_NAMES = MappingProxyType({"zh": "中文", "en": "English"})
CATALOGUES = MappingProxyType({"zh": zh.MESSAGES, "en": en.MESSAGES})

# Table columns whose cells hold schema identifiers, and the prefix of their readable names.
VALUE_PREFIXES = MappingProxyType({
    "label": "label.", "other_label": "label.", "head_label": "label.", "tail_label": "label.",
    "relation": "relation.", "type": "relation.",
    "direction": "value.direction.", "reason": "value.reason.",
})
# Columns holding {label: count} maps.
LABEL_MAP_COLUMNS = frozenset({"by_label"})
# Columns holding a yes/no flag, and the text that marks a yes (a no is left blank).
FLAG_COLUMNS = MappingProxyType({"planned": "value.planned"})


def check_lang(lang: str | None) -> str:
    """`lang` if it is a known language; raises ValueError naming the choices otherwise."""
    if lang not in CATALOGUES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    return lang


def env_lang() -> str:
    """The language $INNOKG_LANG asks for (zh when unset or not a known language)."""
    lang = os.environ.get(LANG_ENV, "").strip().lower()
    return lang if lang in CATALOGUES else DEFAULT_LANG


def env_lang_unknown() -> str | None:
    """The value of $INNOKG_LANG when it names no known language (None when fine or unset)."""
    value = os.environ.get(LANG_ENV, "").strip()
    return value if value and value.lower() not in CATALOGUES else None


def text(lang: str, key: str, **params) -> str:
    """The text of `key` in `lang`, placeholders filled; the key itself if no catalogue has it."""
    template = CATALOGUES[lang].get(key)
    return key if template is None else template.format(**params)


def has(lang: str, key: str) -> bool:
    """Whether `lang`'s catalogue has `key`."""
    return key in CATALOGUES[lang]


def label_name(lang: str, label: str) -> str:
    """The readable name of an entity type (the identifier when the catalogue lacks it)."""
    return CATALOGUES[lang].get(f"label.{label}", label)


def relation_name(lang: str, rtype: str) -> str:
    """The readable name of a relation type (the identifier when the catalogue lacks it)."""
    return CATALOGUES[lang].get(f"relation.{rtype}", rtype)


def relation_phrase(lang: str, rtype: str, direction: str, other: str) -> str:
    """A relation read from one end: `direction` "out" (this entity is the head) or "in"."""
    key = f"rel_{'out' if direction == 'out' else 'in'}.{rtype}"
    if key in CATALOGUES[lang]:
        return text(lang, key, other=other)
    return f"{relation_name(lang, rtype)} {other}"


def column_name(lang: str, column: str) -> str:
    """A table header."""
    return CATALOGUES[lang].get(f"column.{column}", column)


def cell_value(lang: str, column: str, value):
    """A cell with schema identifiers made readable; other values unchanged."""
    prefix = VALUE_PREFIXES.get(column)
    if prefix and isinstance(value, str):
        return CATALOGUES[lang].get(prefix + value, value)
    if column in LABEL_MAP_COLUMNS and isinstance(value, dict):
        return {label_name(lang, k): v for k, v in value.items()}
    if column in FLAG_COLUMNS and isinstance(value, bool):
        return text(lang, FLAG_COLUMNS[column]) if value else ""
    return value


def localise_rows(lang: str, rows: Iterable[dict]) -> list[dict]:
    """Rows with readable headers and type names, for tables and their CSV downloads."""
    out = []
    for r in rows:
        out.append({column_name(lang, k): cell_value(lang, k, v) for k, v in r.items()})
    return out


def placeholders(template: str) -> set[str]:
    """The named fields of a template (for the catalogue checks)."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


class Term(str):
    """A message parameter that is itself a catalogue key, put in the message's language."""


class LocalisedError(ValueError):
    """An error whose message lives in the catalogues.

    str() is the English text (for logs, tests and the command line); a view shows
    `message(lang)`, the same message in the user's language.
    """

    def __init__(self, key: str, **params) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The message in `lang`."""
        return text(lang, self.key, **{k: text(lang, v) if isinstance(v, Term) else v for k, v in self.params.items()})
