"""Where innokg's knowledge lives: the TSV files of data/lexicons/.

Every file there starts with `#` comment lines that document it, then a header row, then
one entry a line. Adding a cue, a university or a boilerplate pattern is a one-line data
change; nothing here needs editing for that, and a new table is found by name as it is.

The folder installs as the package `innokg_lexicons` (setup.py), so the tables are read
through importlib.resources, from a wheel as from the repository; $INNOKG_DATA points at
another data folder (holding lexicons/) instead.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

LEXICON_PACKAGE = "innokg_lexicons"
DATA_ENV = "INNOKG_DATA"


def lexicons() -> Traversable:
    """The folder of lexicon tables: $INNOKG_DATA/lexicons, else the installed package data."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env) / "lexicons"
    return resources.files(LEXICON_PACKAGE)


def lexicon_path(name: str) -> Traversable:
    """Where the table NAME (a file name such as triggers.tsv) is read from."""
    return lexicons() / name


def lexicon_files() -> list[tuple[str, Traversable]]:
    """Every file of the lexicon folder with its path inside it, sorted (hidden files and
    caches left out): the data the rules read."""
    found: list[tuple[str, Traversable]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for item in folder.iterdir():
            if item.name.startswith(".") or item.name == "__pycache__":
                continue
            if item.is_dir():
                walk(item, f"{prefix}{item.name}/")
            elif item.is_file():
                found.append((prefix + item.name, item))

    root = lexicons()
    if root.is_dir():
        walk(root, "")
    return sorted(found, key=lambda f: f[0])


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Load data/lexicons/NAME as a tuple of row dicts keyed by the header row."""
    path = lexicon_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: lexicon missing (is innokg installed whole? ${DATA_ENV} may name "
                                "a data folder holding lexicons/)")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header: list[str] | None = None
        for n, row in enumerate(reader, 1):
            if header is None:
                header = [h.strip() for h in row]
                continue
            row = [c.strip() for c in row] + [""] * (len(header) - len(row))
            if len(row) > len(header):
                raise ValueError(f"{path}: row {n} has {len(row)} fields, header has {len(header)}")
            rows.append(dict(zip(header, row, strict=True)))
    return tuple(rows)


@cache
def load_words(name: str) -> frozenset[str]:
    """Load the first column of a one-column lexicon as a set of words."""
    rows = load_table(name)
    if not rows:
        return frozenset()
    first = next(iter(rows[0]))
    return frozenset(r[first] for r in rows if r[first])
