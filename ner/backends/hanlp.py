"""The HanLP backend: entities from a HanLP model kept in a local directory.

HanLP's pretrained models download from HanLP's own servers (and their transformers from
the Hugging Face hub) the first time they are used. innokg never downloads at run time:
this backend loads a model from a local directory, or from an identifier only when HanLP
already holds it in its local cache (HANLP_HOME); anything that would need a download
raises BackendUnavailable saying what to do instead.

Two kinds of model are handled:

* a multi-task model (MultiTaskLearning with tok, pos and ner tasks, like HanLP's
  CLOSE_TOK_POS_NER_... models): HanLP's own words and part-of-speech tags, mapped to
  LAC's tag set, carry HanLP's entities;
* an NER component alone (RNN, transformer or biaffine NER), which takes tokenized
  input: LAC segments and tags the text, HanLP tags the entities, and HanLP's entity spans
  replace LAC's own PER/LOC/ORG.

Either way the output is what every backend returns (see ner/backends/__init__.py):
tokens that cover the text with offsets, POS tags in LAC's style and entity tags among
PER, LOC, ORG, TIME, so the domain grammar needs no HanLP-specific code.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Token
from . import BackendUnavailable

INSTALL_HINT = "pip install 'innokg[hanlp]'"

# HanLP's NER label sets, mapped to the backend contract's entity tags: MSRA (NR, NS, NT,
# and the 26-type set's DATE/TIME), OntoNotes (PERSON, GPE, LOC, ORG, FAC, DATE, TIME) and
# PKU (nr, ns, nt, t). Keys are upper-cased. Labels missing here (INTEGER, PERCENT, NORP,
# MONEY, ...) are not names and leave the words as they are.
ENTITY_LABELS: dict[str, str] = {
    "NR": "PER",
    "PER": "PER",
    "PERSON": "PER",
    "NS": "LOC",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "NT": "ORG",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    # Facilities (parks, centres, bases) are where this domain's platforms are named.
    "FAC": "ORG",
    "DATE": "TIME",
    "TIME": "TIME",
    "T": "TIME",
}

# Part-of-speech tag sets of HanLP's multi-task models, mapped to LAC's. PKU is LAC's own
# ancestor; its name tags become nz because names are the NER task's to decide.
PKU_TAGS: dict[str, str] = {
    "nr": "nz", "ns": "nz", "nt": "nz", "nx": "nz", "nrf": "nz", "nrj": "nz",
    "Ng": "n", "Vg": "v", "Ag": "a", "Dg": "d", "Tg": "t", "Mg": "m", "Rg": "r", "Bg": "a",
    "b": "a", "l": "n", "i": "n", "j": "j", "h": "n", "k": "n", "y": "u", "e": "u", "o": "v",
    "z": "a", "x": "w",
}  # fmt: skip
CTB_TAGS: dict[str, str] = {
    "NN": "n", "NR": "nz", "NT": "t", "VV": "v", "VA": "a", "VC": "v", "VE": "v",
    "P": "p", "BA": "p", "LB": "p", "SB": "p", "CC": "c", "CS": "c",
    "DEC": "u", "DEG": "u", "DER": "u", "DEV": "u", "AS": "u", "SP": "u", "MSP": "u", "ETC": "u",
    "PU": "w", "CD": "m", "OD": "m", "M": "q", "AD": "d", "JJ": "a", "PN": "r", "DT": "r",
    "LC": "f", "IJ": "u", "ON": "v", "FW": "nz", "URL": "nz", "EM": "w", "NOI": "w", "X": "w",
}  # fmt: skip
TAG_863: dict[str, str] = {
    "nd": "f", "nh": "nz", "ni": "nz", "nl": "s", "ns": "nz", "nt": "t", "nz": "nz",
    "ws": "nz", "b": "a", "g": "n", "h": "n", "i": "n", "j": "j", "k": "n", "e": "u", "o": "v", "x": "w",
}  # fmt: skip
UPOS_TAGS: dict[str, str] = {
    "NOUN": "n", "PROPN": "nz", "VERB": "v", "AUX": "v", "ADJ": "a", "ADV": "d", "ADP": "p",
    "CCONJ": "c", "SCONJ": "c", "PART": "u", "PUNCT": "w", "NUM": "m", "DET": "r", "PRON": "r",
    "INTJ": "u", "SYM": "w", "X": "xc",
}  # fmt: skip
# Preferred first: the PKU set is closest to LAC's.
POS_TABLES: tuple[tuple[str, dict[str, str]], ...] = (
    ("pku", PKU_TAGS), ("ctb", CTB_TAGS), ("863", TAG_863), ("upos", UPOS_TAGS),
)  # fmt: skip


def lac_pos(tag: str, table: dict[str, str]) -> str:
    """A HanLP part-of-speech tag in LAC's style: from its tag set's table, else a
    lower-case tag as it is (PKU-like sets share LAC's), else xc (a word that is no name)."""
    if tag in table:
        return table[tag]
    for _, other in POS_TABLES:
        if tag in other and not tag.islower():
            return other[tag]
    return tag if tag.islower() and tag.isascii() and tag.isalpha() else "xc"


# LAC's name tags that a HanLP NER model decides instead; a LAC name HanLP does not
# confirm stays a proper noun (nz), which the grammar still reads as part of a name.
LAC_NAME_TAGS = frozenset({"PER", "LOC", "ORG"})


@dataclass(frozen=True)
class Span:
    """An entity found by HanLP: character offsets into the text and a contract tag."""

    start: int
    end: int
    tag: str


class HanlpBackend:
    """Entities from a local HanLP model; words and POS tags from it or from LAC."""

    name = "hanlp"

    def __init__(self, model: str | None, granularity: str = "auto", batch_size: int = 32):
        """Load the HanLP component at `model` (a directory, or an identifier HanLP has cached).

        `granularity` says what a NER-only component reads: "word" (LAC's words), "char"
        (single characters), or "auto" to decide from the component's own vocabulary.
        """
        if not model:
            raise BackendUnavailable(
                "the HanLP backend needs a model: pass --model DIR, a local directory holding a saved HanLP "
                "model (config.json and weights); the default backend 'lac' needs none"
            )
        if granularity not in ("auto", "word", "char"):
            raise ValueError(f"granularity must be 'auto', 'word' or 'char', not {granularity!r}")
        self.model = str(model)
        self.batch_size = batch_size
        hanlp = _import_hanlp()
        self.component = _load(hanlp, self.model)
        self.kind = _kind_of(self.component, self.model)
        self._lac = None
        if self.kind == "mtl":
            self._tok_task, self._pos_task, self._ner_tasks = _mtl_tasks(self.component, self.model)
            self.granularity = "text"
        else:
            self.granularity = _granularity(self.component) if granularity == "auto" else granularity

    # -- the Backend interface --------------------------------------------------------------
    def analyse(self, texts: list[str]) -> list[list[Token]]:
        """Tokens for each text: words with LAC-style POS tags, HanLP's entities as PER/LOC/ORG/TIME."""
        out: list[list[Token]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if t]
        if not todo:
            return out
        batch = [texts[i] for i in todo]
        if self.kind == "mtl" and self._pos_task:
            words, spans = self._run_mtl(batch)
            tokens = [_tokens_from_spans(t, w) for t, w in zip(batch, words, strict=True)]
        else:
            tokens = self._lac_backend().analyse(batch)
            spans = self._run_mtl(batch)[1] if self.kind == "mtl" else self._run_ner(batch, tokens)
        for i, text, toks, ents in zip(todo, batch, tokens, spans, strict=True):
            out[i] = overlay(text, toks, ents)
        return out

    # -- running HanLP ----------------------------------------------------------------------
    def _lac_backend(self):
        if self._lac is None:
            from . import get_backend

            self._lac = get_backend("lac")
        return self._lac

    def _run_ner(self, texts: list[str], tokens: list[list[Token]]) -> list[list[Span]]:
        """Entity spans from an NER-only component fed LAC's words (or single characters)."""
        if self.granularity == "char":
            units = [[Token(c, k, k + 1, "") for k, c in enumerate(t)] for t in texts]
        else:
            units = tokens
        # HanLP's tokenized input may not hold whitespace-only tokens; keep the others and
        # remember where each sits in the text.
        kept = [[t for t in toks if t.text.strip()] for toks in units]
        inputs = [[t.text for t in toks] for toks in kept]
        results: list = [[] for _ in texts]
        nonempty = [k for k, words in enumerate(inputs) if words]
        if nonempty:
            predicted = self._predict([inputs[k] for k in nonempty])
            for k, res in zip(nonempty, predicted, strict=True):
                results[k] = res
        return [_entity_spans(res, toks) for res, toks in zip(results, kept, strict=True)]

    def _run_mtl(self, texts: list[str]) -> tuple[list[list[tuple[str, int, int, str]]], list[list[Span]]]:
        """HanLP's words (with offsets and mapped POS) and entity spans from a multi-task model."""
        tasks = [t for t in (self._tok_task, self._pos_task, *self._ner_tasks) if t]
        doc = self._predict(texts, tasks=tasks)
        words_out: list[list[tuple[str, int, int, str]]] = []
        spans_out: list[list[Span]] = []
        for k, text in enumerate(texts):
            toks = doc[self._tok_task][k]
            placed = _align(text, toks)
            pos = doc[self._pos_task][k] if self._pos_task else [""] * len(placed)
            table = dict(POS_TABLES).get(self._pos_task.split("/")[-1], {}) if self._pos_task else {}
            words_out.append(
                [(*w, lac_pos(str(p), table)) for w, p in zip(placed, pos, strict=False) if w is not None]
            )
            # NER indices count HanLP's words, placed or not.
            word_tokens = [Token(*w, "") if w else Token("", 0, 0, "") for w in placed]
            spans: list[Span] = []
            for task in self._ner_tasks:
                spans += _entity_spans(doc[task][k], word_tokens)
            spans_out.append(spans)
        return words_out, spans_out

    def _predict(self, data, **kwargs):
        """Call the HanLP component, with its progress chatter kept off stdout."""
        # Exceptions pass through untouched: the pipeline's time limit raises inside here.
        with contextlib.redirect_stdout(sys.stderr):
            return self.component(data, batch_size=self.batch_size, **kwargs)


# -- loading --------------------------------------------------------------------------------
def _import_hanlp():
    """Import hanlp with downloads switched off, or say how to install it."""
    # Offline before import: transformers and huggingface_hub read these once.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HANLP_VERBOSE", "0")
    try:
        import hanlp
        import torch  # noqa: F401
    except ImportError as e:
        raise BackendUnavailable(
            f"the HanLP backend needs the hanlp and torch packages ({e.name or e} is missing): {INSTALL_HINT}"
        ) from e
    return hanlp


class _DownloadRefused(RuntimeError):
    """Raised in place of a HanLP download."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


@contextlib.contextmanager
def _no_downloads(hanlp) -> Iterator[None]:
    """Within the block, any resource HanLP would fetch raises _DownloadRefused instead.

    HanLP resolves every remote resource (the model, and anything it depends on, such as
    embeddings) through hanlp.utils.io_util.get_resource, which calls io_util.download for
    what its cache lacks; the version check on a failed load asks PyPI. Both are replaced
    for the duration of a load only.
    """
    from hanlp.utils import component_util, io_util

    def refuse(url, *args, **kwargs):
        raise _DownloadRefused(str(url))

    def no_version_check(*args, **kwargs):
        raise RuntimeError("offline")

    saved = io_util.download, component_util.get_latest_info_from_pypi
    io_util.download = refuse
    component_util.get_latest_info_from_pypi = no_version_check
    try:
        yield
    finally:
        io_util.download, component_util.get_latest_info_from_pypi = saved


def _load(hanlp, model: str):
    """hanlp.load(model), with every way it can fail turned into a BackendUnavailable."""
    path = Path(model).expanduser()
    identifiers = getattr(hanlp.pretrained, "ALL", {})
    is_url = model.startswith(("http://", "https://"))
    if path.exists():
        if path.is_dir() and not ((path / "config.json").is_file() or (path / "meta.json").is_file()):
            raise BackendUnavailable(
                f"{model} does not hold a HanLP model: a saved HanLP component has a config.json "
                "(and its weights, e.g. model.pt) in its directory"
            )
        target = str(path)
    elif model in identifiers or is_url:
        target = model
    else:
        raise BackendUnavailable(
            f"HanLP model {model!r} not found: no such directory, and not a HanLP model identifier "
            "(pass --model with the directory you unpacked the model into)"
        )
    buffer = io.StringIO()
    try:
        with _no_downloads(hanlp), contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            return hanlp.load(target, verbose=False)
    except Exception as e:
        refused = _in_chain(e, _DownloadRefused)
        if refused is not None:
            raise BackendUnavailable(_refused_message(model, refused.url, dependency=path.exists())) from None
        raise BackendUnavailable(_load_failure(model, e)) from None


def _in_chain(e: BaseException | None, cls: type) -> BaseException | None:
    """The first exception of type `cls` among `e` and the exceptions it was raised from or during."""
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, cls):
            return e
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return None


def _refused_message(model: str, url: str, dependency: bool) -> str:
    if dependency:
        return (
            f"the HanLP model in {model} needs a resource that is not in the local cache and would have to be "
            f"downloaded from {url} (for HanLP's multi-task models, the transformer encoder); innokg never downloads. "
            "Fetch it on a machine with access into HANLP_HOME (default ~/.hanlp), or point the model's config.json "
            "at a local copy"
        )
    return (
        f"HanLP model {model!r} is not available offline: loading it would download {url}. innokg never "
        "downloads models; download and unpack it on a machine with access, then pass --model DIR "
        "(HanLP's pretrained models are licensed CC BY-NC-SA 4.0, non-commercial)"
    )


def _load_failure(model: str, e: BaseException) -> str:
    # HanLP's own error report on a failed load imports pkg_resources, which recent
    # setuptools no longer has; the error that matters is the one it was reporting.
    if isinstance(e, ModuleNotFoundError) and e.name == "pkg_resources" and e.__context__ is not None:
        e = e.__context__
    text = f"{type(e).__name__}: {e}".split("\n", 1)[0]
    hub = "hugging face" in str(e).lower() or "huggingface" in str(e).lower() or "offline" in str(e).lower()
    if isinstance(e, OSError) and hub:
        return (
            f"HanLP model {model} needs a transformer that is not in the local Hugging Face cache, and "
            f"downloads are off (HF_HUB_OFFLINE=1): {text}"
        )
    if isinstance(e, ModuleNotFoundError):
        return f"HanLP model {model} needs a module that is not installed: {text}"
    return (
        f"HanLP could not load the model in {model}: {text} (is the directory complete, and saved by a "
        f"compatible HanLP {_hanlp_version()}?)"
    )


def _hanlp_version() -> str:
    try:
        from hanlp import __version__

        return __version__
    except Exception:  # pragma: no cover - only reached with hanlp imported
        return ""


def _kind_of(component, model: str) -> str:
    """'mtl' for a multi-task model with an NER task, 'ner' for an NER component alone."""
    from hanlp.components.mtl.multi_task_learning import MultiTaskLearning

    if isinstance(component, MultiTaskLearning):
        return "mtl"
    cls = type(component).__name__
    if "NamedEntity" in cls or "NER" in cls.upper():
        return "ner"
    raise BackendUnavailable(
        f"{model} holds a HanLP {cls}, not a named-entity model: use a multi-task model with an ner task "
        "or an NER component (RNNNamedEntityRecognizer, TransformerNamedEntityRecognizer, BiaffineNamedEntityRecognizer)"
    )


def _mtl_tasks(component, model: str) -> tuple[str, str | None, list[str]]:
    """The tok task, the preferred pos task and the ner tasks of a multi-task model."""
    names = list(component.tasks)
    tok = _first(names, ("tok/fine", "tok/coarse", "tok"))
    # One NER task: HanLP's Chinese models carry three (msra, pku, ontonotes) that
    # disagree at the edges; MSRA scores best of them and PKU next.
    first_ner = _first(names, ("ner/msra", "ner/pku", "ner/ontonotes", "ner"))
    ner = [first_ner] if first_ner else []
    if not tok or not ner:
        raise BackendUnavailable(
            f"the multi-task model in {model} has tasks {names}; the HanLP backend needs a tok task and an ner task"
        )
    pos = _first(names, [f"pos/{p}" for p, _ in POS_TABLES] + ["pos"])
    # Offsets from the tokenizer itself, so words map back onto the text exactly.
    with contextlib.suppress(Exception):
        component[tok].config.output_spans = True
    return tok, pos, ner


def _first(names: Sequence[str], preferred: Sequence[str]) -> str | None:
    for p in preferred:
        if p in names:
            return p
    starts = [n for n in names if any(n.startswith(p.split("/")[0]) for p in preferred)]
    return starts[0] if starts else None


def _granularity(component) -> str:
    """'char' when the component's token vocabulary is single characters, else 'word'."""
    config = getattr(component, "config", {}) or {}
    vocabs = getattr(component, "vocabs", None)
    key = config.get("token_key", "token") if hasattr(config, "get") else "token"
    try:
        vocab = vocabs[key].idx_to_token
    except Exception:
        return "word"  # transformer NER: its own subword tokenizer reads words fine
    entries = [w for w in vocab if w and not (w.startswith("<") and w.endswith(">"))]
    if not entries:
        return "word"
    single = sum(len(w) == 1 for w in entries)
    return "char" if single / len(entries) >= 0.9 else "word"


# -- turning HanLP output into tokens ---------------------------------------------------------
def _align(text: str, words: Sequence) -> list[tuple[str, int, int] | None]:
    """(word, start, end) for each of HanLP's words, from its own spans when given, else by
    search; None for a word that cannot be placed in the text."""
    out: list[tuple[str, int, int] | None] = []
    pos = 0
    for w in words:
        if isinstance(w, (list, tuple)) and len(w) == 3 and isinstance(w[1], int):
            word, s, e = w
            # HanLP's span of a word may take in spaces its text leaves out ('|体' over '| 体').
            if pos <= s < e <= len(text) and "".join(text[s:e].split()) == "".join(word.split()):
                out.append((text[s:e], s, e))
                pos = e
                continue
            w = word
        s = text.find(w, pos)
        if s < 0:  # a normalised word: assume it covers as many characters as it has
            s = pos
        e = min(len(text), s + len(w))
        out.append((text[s:e], s, e) if e > s else None)
        pos = max(pos, e)
    return out


def _tokens_from_spans(text: str, words: list[tuple[str, int, int, str]]) -> list[Token]:
    """Tokens over the whole text: HanLP's words, with any gap (whitespace) as a 'w' token."""
    out: list[Token] = []
    pos = 0
    for _, s, e, tag in words:
        if s < pos:
            continue
        if s > pos:
            out.append(Token(text[pos:s], pos, s, "w"))
        out.append(Token(text[s:e], s, e, tag or "n"))
        pos = e
    if pos < len(text):
        out.append(Token(text[pos:], pos, len(text), "w"))
    return out


def _entity_spans(result, units: list[Token]) -> list[Span]:
    """HanLP's (entity, label, begin, end) in unit indices, as character spans with contract tags."""
    spans: list[Span] = []
    for item in result or []:
        if isinstance(item, dict):  # some components return {'entity', 'type', 'begin', 'end'}
            label, b, e = item.get("type"), item.get("begin"), item.get("end")
        else:
            _, label, b, e = item[:4]
        tag = ENTITY_LABELS.get(str(label).upper())
        if tag is None or not (isinstance(b, int) and isinstance(e, int) and 0 <= b < e <= len(units)):
            continue
        # A "name" of punctuation alone (a weak model's slip) would let the grammar grow
        # a name across a comma; it is no name.
        if not any(ch.isalnum() for u in units[b:e] for ch in u.text) or not (units[b].text and units[e - 1].text):
            continue
        spans.append(Span(units[b].start, units[e - 1].end, tag))
    return spans


def overlay(text: str, tokens: list[Token], spans: list[Span]) -> list[Token]:
    """The tokens with each entity span made one token tagged with its entity tag.

    Tokens that an entity cuts through are split at its edges and their pieces keep their
    own tags. Overlapping spans: the longer one wins, then the earlier. LAC's own
    PER/LOC/ORG outside HanLP's entities become nz, because HanLP decides the names.
    """
    chosen: list[Span] = []
    taken = [False] * len(text)
    for sp in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if sp.start < sp.end <= len(text) and not any(taken[sp.start : sp.end]):
            chosen.append(sp)
            for k in range(sp.start, sp.end):
                taken[k] = True
    chosen.sort(key=lambda s: s.start)
    out: list[Token] = []
    ents = iter(chosen)
    ent = next(ents, None)
    for tok in tokens:
        pos = tok.start
        while pos < tok.end:
            while ent is not None and ent.end <= pos:
                ent = next(ents, None)
            if ent is not None and ent.start <= pos:
                if ent.start == pos:
                    out.append(Token(text[ent.start : ent.end], ent.start, ent.end, ent.tag))
                pos = min(tok.end, ent.end)
                continue
            end = tok.end if ent is None else min(tok.end, ent.start)
            tag = "nz" if tok.tag in LAC_NAME_TAGS else tok.tag
            out.append(Token(text[pos:end], pos, end, tag))
            pos = end
    return out
