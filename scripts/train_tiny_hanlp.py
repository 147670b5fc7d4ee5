"""Train tiny HanLP models on CPU from the sample reports, to test the HanLP backend.

HanLP's pretrained models download from its own servers, which innokg never reaches, so
the tests train their own, of the two kinds the backend reads:

* `--kind rnn`: an NER component alone (HanLP's RNNNamedEntityRecognizer, randomly
  initialised embeddings, no transformer), on characters or on LAC's words;
* `--kind mtl`: a multi-task model (HanLP's MultiTaskLearning with tok/fine, pos/pku and
  ner/msra tasks) on a two-layer BERT encoder initialised at random.

Each takes 10 to 20 seconds on one CPU thread; tests/test_backend_hanlp.py trains them in
session fixtures through train_rnn and train_mtl.

The labels are silver: LAC's words, part of speech and PER/LOC/ORG spans over sentences
of data/reports, the names written in a HanLP label set (MSRA NR/NS/NT or OntoNotes
PERSON/GPE/ORG) so that the backend's label mapping meets a real model's labels. The
models learn LAC's names, no better: they are fixtures, not models to use.

    python scripts/train_tiny_hanlp.py OUT_DIR [--level char|word] [--labels msra|ontonotes] [--epochs N]
    python scripts/train_tiny_hanlp.py OUT_DIR --kind mtl [--epochs N]

Two notes on HanLP 2.1.5 found while writing this: RNNTaggingModel passes its CRF
constraints into the CRF's `batch_first` slot, so with crf=True its predictions come out
transposed; the model here uses a softmax output (crf=False). And the RNN tagger's
training loop needs a dev set; every tenth sentence is held out for it. And its
multi-task trainer asks transformers for an AdamW that transformers has removed; torch's
AdamW stands in (see _adamw_for_hanlp).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Nothing here may download: the tiny BERT is built from a config, never fetched.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPORTS = ROOT / "data" / "reports"

PKU_NAMES = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t"}
LABEL_SETS = {
    "msra": {"PER": "NR", "LOC": "NS", "ORG": "NT"},
    "ontonotes": {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"},
}


def silver_corpus(reports: Path, level: str, labels: str, pos: bool = False) -> list[tuple]:
    """(units, BIO tags) for each sentence of the reports, from LAC's entity spans.

    With `pos`, (units, BIO tags, POS tags): LAC's part of speech in the PKU style.
    """
    sys.path.insert(0, str(ROOT))
    from ner.backends import get_backend
    from ner.ingest import read_document
    from ner.segment import split_sentences

    names = LABEL_SETS[labels]
    sentences = [s.text for p in sorted(reports.glob("*.txt")) for s in split_sentences(read_document(p))]
    corpus: list[tuple] = []
    for tokens in get_backend("lac").analyse(sentences):
        units: list[str] = []
        tags: list[str] = []
        pos_tags: list[str] = []
        for tok in tokens:
            label = names.get(tok.tag)
            pieces = list(tok.text) if level == "char" else [tok.text]
            for k, piece in enumerate(pieces):
                if not piece.strip():
                    continue  # HanLP's TSV reader cannot hold a whitespace token
                units.append(piece)
                tags.append("O" if label is None else ("B-" if k == 0 else "I-") + label)
                pos_tags.append(PKU_NAMES.get(tok.tag, tok.tag))
        if units:
            corpus.append((units, tags, pos_tags) if pos else (units, tags))
    return corpus


def write_tsv(path: Path, rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for units, tags in rows:
            f.writelines(f"{u}\t{t}\n" for u, t in zip(units, tags, strict=True))
            f.write("\n")


def train_rnn(
    out_dir: str | Path,
    level: str = "char",
    labels: str = "msra",
    epochs: int = 8,
    reports: Path = REPORTS,
    seed: int = 7,
    quiet: bool = False,
) -> dict:
    """Train an RNN NER component and save it to `out_dir`; returns figures about the run."""
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    out = Path(out_dir)
    data_dir = out.parent / f"{out.name}-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    corpus = silver_corpus(reports, level, labels)
    trn = [row for k, row in enumerate(corpus) if k % 10]
    dev = [row for k, row in enumerate(corpus) if not k % 10]
    write_tsv(data_dir / "train.tsv", trn)
    write_tsv(data_dir / "dev.tsv", dev)
    model = RNNNamedEntityRecognizer()
    with _quiet(quiet), _one_thread():
        model.fit(
            str(data_dir / "train.tsv"),
            str(data_dir / "dev.tsv"),
            str(out),
            embed=48,
            rnn_hidden=64,
            epochs=epochs,
            batch_size=16,
            lr=0.01,
            crf=False,
            tagging_scheme="BIO",
            seed=seed,
            devices=-1,  # CPU, without asking for GPUs
        )
    return _figures(corpus, started, out)


def train_mtl(out_dir: str | Path, epochs: int = 12, reports: Path = REPORTS, seed: int = 1, quiet: bool = False) -> dict:
    """Train a tiny multi-task model (tok/fine, pos/pku, ner/msra) into OUT/model.

    The encoder is a BERT of two layers and 32 dimensions, randomly initialised from a
    config and a character vocabulary written to OUT/transformer; like HanLP's own
    multi-task models, the saved model names its transformer in config.json and loads
    the tokenizer and config from there (HanLP's pretrained ones name a Hugging Face id).
    """
    import torch
    from hanlp.common.dataset import SortingSamplerBuilder
    from hanlp.components.mtl.multi_task_learning import MultiTaskLearning
    from hanlp.components.mtl.tasks.ner.tag_ner import TaggingNamedEntityRecognition
    from hanlp.components.mtl.tasks.pos import TransformerTagging
    from hanlp.components.mtl.tasks.tok.tag_tok import TaggingTokenization
    from hanlp.layers.embeddings.contextual_word_embedding import ContextualWordEmbedding
    from transformers import BertConfig, BertModel, BertTokenizer

    out = Path(out_dir)
    bert_dir, model_dir = out / "transformer", out / "model"
    bert_dir.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="hanlp-mtl-data-"))
    started = time.perf_counter()
    # Short sentences keep the run short; the pos data is LAC's tags in the PKU style
    # (nt/ns/nr/t for LAC's names), which HanLP's pku tasks use.
    corpus = [row for row in silver_corpus(reports, "word", "msra", pos=True) if len(row[0]) <= 40][:200]
    chars = sorted({c for units, _, _ in corpus for u in units for c in u})
    with (data_dir / "tok.txt").open("w", encoding="utf-8") as f:
        f.writelines(" ".join(units) + "\n" for units, _, _ in corpus)
    write_tsv(data_dir / "pos.tsv", [(units, pos) for units, _, pos in corpus])
    write_tsv(data_dir / "ner.tsv", [(units, tags) for units, tags, _ in corpus])
    (bert_dir / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n")
    BertTokenizer(str(bert_dir / "vocab.txt"), do_lower_case=False).save_pretrained(bert_dir)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(chars) + 5, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(bert_dir)
    _adamw_for_hanlp()

    def sampler():
        return SortingSamplerBuilder(batch_size=32)

    tok, pos, ner = (str(data_dir / n) for n in ("tok.txt", "pos.tsv", "ner.tsv"))
    tasks = {
        "tok/fine": TaggingTokenization(tok, tok, None, sampler(), max_seq_len=510, hard_constraint=True,
                                        char_level=True, tagging_scheme="BMES", lr=1e-2),
        "pos/pku": TransformerTagging(pos, pos, None, sampler(), lr=1e-2, dependencies="tok/fine"),
        "ner/msra": TaggingNamedEntityRecognition(ner, ner, None, sampler(), lr=1e-2, tagging_scheme="BIO",
                                                  dependencies="tok/fine"),
    }
    encoder = ContextualWordEmbedding("token", str(bert_dir), average_subwords=True, max_sequence_length=512,
                                      word_dropout=0.0)
    with _quiet(quiet), _one_thread():
        MultiTaskLearning().fit(encoder, tasks, str(model_dir), epochs=epochs, lr=1e-3, encoder_lr=1e-3, grad_norm=1,
                                eval_trn=False, devices=-1, seed=seed)
    # The weights live in model.pt; the transformer directory only needs its config and tokenizer.
    (bert_dir / "model.safetensors").unlink(missing_ok=True)
    (model_dir / "train.log").unlink(missing_ok=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    return _figures(corpus, started, out)


def _adamw_for_hanlp() -> None:
    """HanLP 2.1.5 builds its MTL optimizer with transformers.optimization.AdamW, which
    transformers removed (it is gone from 4.57 and 5.x); torch's AdamW takes the same
    arguments. Training only: loading and running a model never touches the optimizer."""
    from transformers import optimization

    if not hasattr(optimization, "AdamW"):
        import torch

        optimization.AdamW = torch.optim.AdamW


def _figures(corpus, started: float, out: Path) -> dict:
    return {
        "sentences": len(corpus),
        "entities": sum(t.startswith("B-") for row in corpus for t in row[1]),
        "seconds": time.perf_counter() - started,
        "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
    }


@contextlib.contextmanager
def _one_thread():
    """Models this small train fastest on one thread: a second one costs more in
    synchronisation than it computes (4 epochs: 12 s on one thread, 47 s on two, on a
    2-core machine that was running other work)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@contextlib.contextmanager
def _quiet(quiet: bool):
    """HanLP prints its training progress to stdout and stderr; a test has no use for it."""
    if not quiet:
        yield
        return
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="directory to save the trained HanLP component into")
    ap.add_argument("--kind", choices=["rnn", "mtl"], default="rnn",
                    help="an RNN NER component (default) or a multi-task tok/pos/ner model")
    ap.add_argument("--level", choices=["char", "word"], default="char", help="rnn: characters or LAC's words as units")
    ap.add_argument("--labels", choices=sorted(LABEL_SETS), default="msra", help="rnn: HanLP label set to write")
    ap.add_argument("--epochs", type=int, help="default 8 (rnn), 12 (mtl)")
    ap.add_argument("--reports", type=Path, default=REPORTS)
    args = ap.parse_args(argv)
    if args.kind == "mtl":
        figures = train_mtl(args.out, args.epochs or 12, args.reports)
    else:
        figures = train_rnn(args.out, args.level, args.labels, args.epochs or 8, args.reports)
    print(
        f"trained on {figures['sentences']} sentences ({figures['entities']} silver entities) in "
        f"{figures['seconds']:.1f} s; model {figures['bytes'] / 1e6:.2f} MB in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
