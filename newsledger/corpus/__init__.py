"""Corpus runs: read documents, analyze the new ones in parallel, write them to the store.

The main process reads the input stream, skips what the store already holds (same id and same
content hash), hands batches to an engine, and is the only process that writes to the store:
one transaction per batch, so a run killed at any moment loses at most the batches in flight,
and the next run picks up exactly there. Cross-document tables are recomputed once at the end.

Engines (`newsledger.corpus.engines`): `local` (in this process, or a pool of `workers`
processes each loading spaCy once) and `ray` (Ray Data `map_batches` over an actor pool).
Either way the store ends up the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsledger.model import Document, ErrorInfo
from newsledger.pipeline import capped_batches
from newsledger.settings import Settings
from newsledger.store import Store
from newsledger.store.records import DocumentRecord, content_hash, to_record

# The summary keeps the first few failures to show; all of them are in the `errors` table.
SHOWN_FAILURES = 10
Task = tuple[Document, str]  # a document to analyze and the content hash of its raw input


@dataclass
class RunSummary:
    run_id: str
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)
    failures: list[DocumentRecord] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.stored + self.skipped + self.failed

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


ProgressCallback = Callable[[RunSummary], None]


def ingest(documents: Iterable[Document], store: Store, settings: Settings, *, workers: int = 1,
           engine: str = "local", address: str | None = None, inputs: Iterable[str] = (),
           on_progress: ProgressCallback | None = None) -> RunSummary:
    """Analyzes and stores every document the store does not hold yet; returns what happened."""
    from newsledger.corpus.engines import make_engine

    run_id = store.start_run(list(inputs), engine, workers, settings.model)
    summary = RunSummary(run_id)
    status = "interrupted"
    try:
        with make_engine(engine, settings, run_id, workers=workers, address=address) as analyze:
            for records in analyze(_new_tasks(documents, store, summary, settings, on_progress)):
                store.write_batch(records)
                _count(summary, records)
                if on_progress:
                    on_progress(summary)
        store.consolidate()
        status = "done"
    finally:
        store.finish_run(run_id, status, summary.stored, summary.skipped, summary.failed)
    return summary


def _new_tasks(documents: Iterable[Document], store: Store, summary: RunSummary, settings: Settings,
               on_progress: ProgressCallback | None) -> Iterator[list[Task]]:
    """Batches of documents the store does not hold; a second document with an id seen in this run is refused."""
    seen: set[str] = set()
    for batch in capped_batches(documents, settings.batch_size, settings.batch_chars):
        hashes = [content_hash(document) for document in batch]
        stored = store.stored_hashes([document.id for document in batch])
        tasks = []
        for document, raw_hash in zip(batch, hashes):
            if document.id in seen:
                document.error = ErrorInfo(stage="ingest", kind="duplicate_id",
                                           message=f"another input in this run has the id {document.id!r}; rename one of them")
            seen.add(document.id)
            if document.error is None and stored.get(document.id) == raw_hash:
                summary.skipped += 1
            else:
                tasks.append((document, raw_hash))
        if tasks:
            yield tasks
        elif on_progress:
            on_progress(summary)


def analyze_tasks(analyzer, tasks: list[Task], run_id: str) -> list[DocumentRecord]:
    """Runs the pipeline over one batch (one nlp.pipe call) and turns each document into its rows."""
    documents = list(analyzer.analyze([document for document, _ in tasks]))
    return [to_record(document, raw_hash, run_id) for document, (_, raw_hash) in zip(documents, tasks)]


def _count(summary: RunSummary, records: list[DocumentRecord]) -> None:
    for record in records:
        if record.failed:
            summary.failed += 1
            if len(summary.failures) < SHOWN_FAILURES:
                summary.failures.append(record)
        else:
            summary.stored += 1
