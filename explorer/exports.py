"""Export files as bytes for the download buttons, written by graph_loader.export."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import networkx as nx

from graph_loader.export import export

# Download name and MIME type of each offered file; CSV and neo4j-admin write two files each.
FILES: dict[str, tuple[str, str, str]] = {
    # key: (format, file inside the export, MIME type)
    "graphml": ("graphml", "innokg.graphml", "application/graphml+xml"),
    "gexf": ("gexf", "innokg.gexf", "application/gexf+xml"),
    "json": ("json", "innokg.json", "application/json"),
    "nodes.csv": ("csv", "nodes.csv", "text/csv"),
    "relationships.csv": ("csv", "relationships.csv", "text/csv"),
    "cypher": ("cypher", "innokg.cypher", "text/plain"),
}


def export_bytes(g: nx.MultiDiGraph, key: str, store=None, lang: str = "zh") -> bytes:
    """The bytes of one export file of `g` (see FILES); given the store, the Cypher script
    also carries the documents, mentions and evidence sentences of `g`'s entities. The CSV
    files name the types in `lang` in their readable columns."""
    fmt, name, _ = FILES[key]
    with tempfile.TemporaryDirectory(prefix="innokg-export-") as tmp:
        export(g, fmt, tmp, store=store, lang=lang)
        return (Path(tmp) / name).read_bytes()


def export_zip(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """All files of one export format in a zip (for neo4j-admin's node and relationship CSVs)."""
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="innokg-export-") as tmp:
        paths = export(g, fmt, tmp)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in paths:
                z.write(p, p.name)
    return buf.getvalue()
