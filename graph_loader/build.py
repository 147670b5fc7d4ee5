"""Building the store from report files: read, extract, resolve and store, report by report.

One report that cannot be read is recorded in the store's `failures` table with its reason
and reported on stderr; the batch goes on (unless `strict`). Each report is committed in
its own transaction, so an interrupted build keeps every report finished before it, and
the next build skips those by content hash and resumes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ner.ingest import DEFAULT_MAX_BYTES, IngestError, iter_report_paths, read_document
from ner.model import Extraction
from ner.pipeline import ExtractionTimeout, Pipeline

from .store import Store


@dataclass
class BuildReport:
    """What a build did: counts of reports added, already present and failed."""

    added: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    chars: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class StrictFailure(RuntimeError):
    """Raised by a strict build at its first failed report."""


@dataclass
class BuildOptions:
    backend: str = "lac"
    model: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = 120.0
    strict: bool = False
    progress: bool = True


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
    bar = tqdm(total=len(files), unit="doc", desc="build", disable=not opts.progress, file=sys.stderr,
               dynamic_ncols=True)

    def fail(path: str, reason: str, detail: str = "") -> None:
        report.failed.append((path, reason))
        store.record_failure(path, reason, detail)
        message = f"{path}: {reason}" + (f" ({detail})" if detail else "")
        if on_failure:
            on_failure(path, message)
        else:
            tqdm.write(f"error: {message}", file=sys.stderr)
        if opts.strict:
            raise StrictFailure(message)

    try:
        for path in files:
            try:
                doc = read_document(path, max_bytes=opts.max_bytes)
            except IngestError as e:
                fail(str(path), e.reason, e.detail)
                bar.update(1)
                continue
            if store.has_document(doc.content_hash):
                report.unchanged += 1
                bar.update(1)
                continue
            if pipeline is None:
                pipeline = Pipeline(opts.backend, opts.model)
            try:
                extraction: Extraction = pipeline(doc, timeout=opts.timeout)
            except ExtractionTimeout:
                fail(str(path), "timeout", f"NER took longer than {opts.timeout:g} s")
                bar.update(1)
                continue
            if store.add_extraction(extraction):
                report.added += 1
                report.chars += len(doc.text)
            else:
                report.unchanged += 1
            bar.update(1)
            elapsed = time.perf_counter() - started
            bar.set_postfix_str(f"{report.chars / max(elapsed, 1e-9):,.0f} chars/s")
    finally:
        bar.close()
        report.seconds = time.perf_counter() - started
    return report
