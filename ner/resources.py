"""Where innokg's knowledge lives: the TSV files under data/lexicons/.

Every file there starts with `#` comment lines that document it, then a header row, then
one entry a line. Adding a cue, a university or a boilerplate pattern is a one-line data
change; nothing here needs editing for that.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path


def data_dir() -> Path:
    """The data folder: $INNOKG_DATA, else the repository's data/ next to the packages."""
    env = os.environ.get("INNOKG_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def lexicon_path(name: str) -> Path:
    return data_dir() / "lexicons" / name


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Load data/lexicons/NAME as a tuple of row dicts keyed by the header row."""
    path = lexicon_path(name)
    if not path.exists():
        raise FileNotFoundError(f"{path}: lexicon missing (set INNOKG_DATA to the data folder)")
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
