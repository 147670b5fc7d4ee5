"""The language of this session, and the catalogue lookups bound to it.

The language starts as the link's `?lang=`, else $INNOKG_LANG, else Chinese, and the
sidebar switch changes it; views call `t(key)` and the name helpers below rather than
writing any text themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import streamlit as st

from . import i18n, state

LANG_KEY = "lang"
_PINNED: ContextVar[str | None] = ContextVar("innokg_lang", default=None)


def current() -> str:
    """This session's language."""
    lang = _PINNED.get() or st.session_state.get(LANG_KEY)
    return lang if lang in i18n.CATALOGUES else i18n.env_lang()


def pinned(fn: Callable) -> Callable:
    """`fn` (a widget's format_func using t, label or relation) always run in the language of now.

    Streamlit may call a format function outside the script run (AppTest does, to read a
    widget), where the session's language cannot be read.
    """
    lang = current()

    def call(*args):
        token = _PINNED.set(lang)
        try:
            return fn(*args)
        finally:
            _PINNED.reset(token)

    return call


def start(asked: str | None = None) -> None:
    """Set the session's language once: `asked` (from the link) if known, else $INNOKG_LANG."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = asked if asked in i18n.CATALOGUES else i18n.env_lang()
        bad = i18n.env_lang_unknown()
        if bad:
            state.flash(t("lang.unknown_env", value=bad), "warning")


def switch() -> str:
    """The language switch (in the sidebar); returns the chosen language."""
    # No index: the value is the one start() put in the session (and no default competes with it).
    return st.sidebar.radio(t("lang.switch"), i18n.LANGS, index=None, key=LANG_KEY, horizontal=True,
                            format_func=i18n.LANG_NAMES.__getitem__)


def t(key: str, **params) -> str:
    """The text of `key` in this session's language."""
    return i18n.text(current(), key, **params)


def label(name: str) -> str:
    """An entity type's readable name."""
    return i18n.label_name(current(), name)


def relation(rtype: str) -> str:
    """A relation type's readable name."""
    return i18n.relation_name(current(), rtype)


def phrase(rtype: str, direction: str, other: str) -> str:
    """A relation read from one end ("out": this entity is the head)."""
    return i18n.relation_phrase(current(), rtype, direction, other)


def column(key: str) -> str:
    """A table header (or field name)."""
    return i18n.column_name(current(), key)


def error(e: Exception) -> str:
    """An error's message in this session's language (catalogued errors), else its own text."""
    return e.message(current()) if isinstance(e, i18n.LocalisedError) else str(e)
