"""The evaluation contract of SCHEMA.md: a units file in, one prediction line per unit out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from .model import Document, Extraction
from .pipeline import Pipeline


def read_units(path: str | Path) -> Iterator[dict]:
    """Units of a JSONL file: {"id", "text", ...} a line; a bad line raises naming it."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                unit = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e.msg}") from e
            if not isinstance(unit, dict) or "id" not in unit or "text" not in unit:
                raise ValueError(f"{path}:{n}: a unit needs an 'id' and a 'text'")
            yield unit


def unit_document(unit: dict) -> Document:
    """A Document holding one unit's text; its id is the unit id."""
    text = str(unit["text"])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=str(unit["id"]), path=str(unit.get("source", "")), text=text, content_hash=digest)


def prediction(unit_id: str, extraction: Extraction) -> dict:
    """One prediction line: unique entities and relations of a unit."""
    entities, seen = [], set()
    for m in extraction.mentions:
        key = (m.name, m.label)
        if key not in seen:
            seen.add(key)
            entities.append({"name": m.name, "type": m.label})
    relations, seen_r = [], set()
    for r in extraction.relations:
        key = (r.head, r.type, r.tail)
        if key not in seen_r:
            seen_r.add(key)
            relations.append({"head": r.head, "type": r.type, "tail": r.tail})
    return {"id": unit_id, "entities": entities, "relations": relations}


def extract_units(units_path: str | Path, out_path: str | Path, pipeline: Pipeline | None = None) -> int:
    """Write predictions for every unit of `units_path` to `out_path`; returns the count."""
    pipe = pipeline or Pipeline()
    units = list(read_units(units_path))
    extractions = pipe.run_many([unit_document(u) for u in units])
    with open(out_path, "w", encoding="utf-8") as f:
        for unit, ex in zip(units, extractions, strict=True):
            f.write(json.dumps(prediction(str(unit["id"]), ex), ensure_ascii=False) + "\n")
    return len(units)
