"""The explorer, driven with Streamlit's AppTest over a store built from the samples."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


def test_search_shows_neighbours_with_evidence(built_store, monkeypatch):
    monkeypatch.setenv("INNOKG_STORE", str(built_store.path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.text_input(key="q").input("合肥工业大学").run()
    assert not at.exception
    assert any("合肥工业大学" in s.value for s in at.subheader)
    labels = [e.label for e in at.expander]
    assert any("CO_BUILDS" in lab for lab in labels)
    assert any("<mark" in m.value for m in at.markdown)
