"""Building the store from report files: read, extract, resolve and store, report by report.

A report that cannot be read or extracted is recorded in the store's `failures` table with
its reason (one of ner.ingest.REASONS) and reported on stderr in one line naming the file;
the batch goes on, unless `strict`, which stops at the first failure.

Each document is committed in its own transaction, so an interrupted build (Ctrl-C, a
killed process) keeps every document finished before it; the next build skips those by
content hash and resumes. Files are taken in a fixed order and each document's extraction
depends only on the store before it, so a resumed build ends with the same graph as one
that was never interrupted.

Limits: files above `max_bytes` are refused; long reports are cut into parts of at most
`chunk_chars` characters (ner.ingest.iter_documents), each extracted and committed alone,
so memory follows the part, not the file; each part's NER call has `timeout` seconds.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ner.backends import Backend, BackendUnavailable
from ner.ingest import DEFAULT_CHUNK_CHARS, DEFAULT_MAX_BYTES, IngestError, iter_documents, iter_report_paths
from ner.pipeline import ExtractionTimeout, Pipeline

from .store import Store


@dataclass
class BuildReport:
    """What a build did: documents added, already present, failed files, long files cut into parts."""

    added: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    parts: int = 0
    chars: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class StrictFailure(RuntimeError):
    """Raised by a strict build at its first failed report."""


@dataclass
class BuildOptions:
    backend: str | Backend = "lac"
    model: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    chunk_chars: int | None = DEFAULT_CHUNK_CHARS
    timeout: float | None = 120.0
    strict: bool = False
    progress: bool = True


def failure_message(path: str, reason: str, detail: str = "") -> str:
    """The one-line message for a failed report: `path: reason (detail)`, on one line whatever the detail."""
    detail = " ".join(detail.split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return f"{path}: {reason}" + (f" ({detail})" if detail else "")


def build(
    paths: list[str | Path],
    store: Store,
    options: BuildOptions | None = None,
    on_failure: Callable[[str, str], None] | None = None,
) -> BuildReport:
    """Add the reports under `paths` to `store`; see the module docstring."""
    opts = options or BuildOptions()
    files = iter_report_paths(paths)
    report = BuildReport()
    pipeline: Pipeline | None = None
    started = time.perf_counter()
    bar = tqdm(total=len(files), unit="file", desc="build", disable=not opts.progress, file=sys.stderr,
               dynamic_ncols=True)

    def fail(path: str, reason: str, detail: str = "") -> None:
        report.failed.append((path, reason))
        store.record_failure(path, reason, detail)
        message = failure_message(path, reason, detail)
        if on_failure:
            on_failure(path, message)
        else:
            tqdm.write(f"error: {message}", file=sys.stderr)
        if opts.strict:
            raise StrictFailure(message)

    try:
        for path in files:
            try:
                for n, doc in enumerate(iter_documents(path, max_bytes=opts.max_bytes, chunk_chars=opts.chunk_chars)):
                    report.parts += n > 0
                    if store.has_document(doc.content_hash):
                        report.unchanged += 1
                        continue
                    if pipeline is None:
                        pipeline = Pipeline(opts.backend, opts.model)
                    extraction = pipeline(doc, timeout=opts.timeout)
                    if store.add_extraction(extraction):
                        report.added += 1
                        report.chars += len(doc.text)
                    else:
                        report.unchanged += 1
                    elapsed = time.perf_counter() - started
                    bar.set_postfix_str(f"{report.added} added, {report.chars / max(elapsed, 1e-9):,.0f} chars/s")
            except IngestError as e:
                fail(str(path), e.reason, e.detail)
            except ExtractionTimeout:
                fail(str(path), "timeout", f"NER took longer than {opts.timeout:g} s")
            except (BackendUnavailable, sqlite3.Error):
                raise  # not the report's fault: every later report would fail the same way
            except Exception as e:
                fail(str(path), "extraction error", f"{type(e).__name__}: {e}")
            bar.update(1)
    finally:
        bar.close()
        report.seconds = time.perf_counter() - started
    return report
