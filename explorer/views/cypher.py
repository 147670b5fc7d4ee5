"""The read-only Cypher box over a Neo4j database (shown when a URI is given)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass

import streamlit as st

from .. import cypher, lang
from ..lang import t
from ..render import table

QUERY_KEY, PARAMS_KEY = "cypher_query", "cypher_params"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j database is; the password stays server-side and is never shown."""

    uri: str
    user: str
    password: str
    database: str | None = None


def settings_from_sidebar() -> Neo4jSettings | None:
    """The sidebar's Neo4j fields, defaulting to $NEO4J_URI, $NEO4J_USER, $NEO4J_PASSWORD, $NEO4J_DATABASE."""
    with st.sidebar.expander(t("cypher.settings"), expanded=False):
        uri = st.text_input(t("cypher.uri"), value=os.environ.get("NEO4J_URI", ""), key="neo4j_uri",
                            placeholder="bolt://localhost:7687").strip()
        user = st.text_input(t("cypher.user"), value=os.environ.get("NEO4J_USER", "neo4j"), key="neo4j_user").strip()
        # The environment's password is used server-side, never put into the page.
        typed = st.text_input(t("cypher.password"), type="password", key="neo4j_password",
                              placeholder=t("cypher.password_from_env") if os.environ.get("NEO4J_PASSWORD") else "")
        database = st.text_input(t("cypher.database"), value=os.environ.get("NEO4J_DATABASE", ""),
                                 key="neo4j_db").strip()
    if not uri:
        return None
    return Neo4jSettings(uri, user, typed or os.environ.get("NEO4J_PASSWORD", ""), database or None)


@st.cache_resource(show_spinner=False)
def _driver(uri: str, user: str, password_digest: str, _password: str):
    # The digest keys the cache so a new password reconnects; the password itself is not hashed into it.
    return cypher.connect(uri, user, _password)


def driver_for(s: Neo4jSettings):
    """A cached, verified driver for the settings."""
    return _driver(s.uri, s.user, hashlib.sha256(s.password.encode()).hexdigest(), s.password)


def _use_example(i: int) -> None:
    ex = cypher.EXAMPLES[i]
    st.session_state[QUERY_KEY] = ex.query
    st.session_state[PARAMS_KEY] = json.dumps(ex.params, ensure_ascii=False) if ex.params else ""


def render(settings: Neo4jSettings) -> None:
    """Example buttons, the query and parameter boxes, and the result table."""
    st.markdown(t("cypher.intro_db", uri=settings.uri, database=settings.database) if settings.database
                else t("cypher.intro", uri=settings.uri))
    st.caption(t("cypher.examples"))
    cols = st.columns(len(cypher.EXAMPLES))
    for i, ex in enumerate(cypher.EXAMPLES):
        cols[i].button(t(ex.title), key=f"cy_ex_{i}", on_click=_use_example, args=(i,), width="stretch")
    query = st.text_area(t("cypher.query"), key=QUERY_KEY, height=160,
                         placeholder="MATCH (e:Entity) RETURN e.name LIMIT 10")
    params_text = st.text_area(t("cypher.params"), key=PARAMS_KEY, height=68, placeholder='{"name": "清华大学"}')
    if not st.button(t("cypher.run"), key="cy_run", type="primary"):
        return
    try:
        cypher.check_read_only(query)
        params = cypher.parse_params(params_text)
    except (cypher.WriteRefused, cypher.ParamsError) as e:
        st.error(lang.error(e))
        return
    try:
        with st.spinner(t("cypher.running")):
            result = cypher.run_read(driver_for(settings), query, params, database=settings.database)
    except cypher.WriteRefused as e:
        st.error(lang.error(e))
        return
    except Exception as e:  # connection, authentication or Cypher errors from the driver
        st.error(t("cypher.neo4j_error", kind=type(e).__name__, detail=getattr(e, "message", None) or e))
        return
    st.success(t("cypher.rows_cut", n=len(result.rows), limit=result.limit) if result.truncated
               else t("cypher.rows", n=len(result.rows)))
    table(result.rows, t("cypher.result_title"), key="cy_result")
