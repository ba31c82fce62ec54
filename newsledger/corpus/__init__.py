"""Corpus runs: read documents, analyze the new ones in parallel, write them to the store.

The main process reads the input stream, skips what the store already holds (same id and same
content hash), hands batches to an engine, and is the only process that writes to the store:
one transaction per batch, so a run killed at any moment loses at most the batches in flight,
and the next run picks up exactly there. Cross-document tables are recomputed once at the end.

Engines (`newsledger.corpus.engines`): `local` (in this process, or a pool of `workers`
processes each loading spaCy once) and `ray` (one actor per worker on a Ray cluster, handed the
same batches round robin). Either way the store ends up the same.
"""

from __future__ import annotations

import time

import duckdb
import pyarrow
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
                records = _write(store, records, run_id)
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
            if document.error is None and document.id in seen:
                document.error = ErrorInfo(stage="ingest", kind="duplicate_id",
                                           message=f"another input in this run has the id {document.id!r}; rename one of them")
            if document.error is None:  # a failed input stores nothing, so its id stays free
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
    return [_record(document, raw_hash, run_id) for document, (_, raw_hash) in zip(documents, tasks)]


def _record(document: Document, raw_hash: str, run_id: str) -> DocumentRecord:
    try:
        return to_record(document, raw_hash, run_id)
    except Exception as exc:  # a document whose layers cannot become rows fails alone
        return _failed_record(document, raw_hash, run_id, exc)


def _failed_record(document: Document, raw_hash: str, run_id: str, exc: Exception) -> DocumentRecord:
    document.error = ErrorInfo(stage="store", kind=type(exc).__name__, message=" ".join(str(exc).split()) or repr(exc))
    return to_record(document, raw_hash, run_id)


# What the store refuses in one document's rows (as opposed to the store itself failing: a full
# disk, a lock, a broken file, which stop the run).
DATA_ERRORS = (duckdb.ConstraintException, duckdb.ConversionException, duckdb.InvalidInputException,
               duckdb.TypeMismatchException, pyarrow.ArrowException)


def _write(store: Store, records: list[DocumentRecord], run_id: str) -> list[DocumentRecord]:
    """Writes a batch in one transaction; should its data be refused, writes the records one by
    one, a refused document becoming its error record. Returns what was written."""
    try:
        store.write_batch(records, run_id)
        return records
    except DATA_ERRORS:
        written = []
        for record in records:
            try:
                store.write_batch([record], run_id)
            except DATA_ERRORS as exc:
                document = Document(id=record.id, source=record.source)
                record = _failed_record(document, record.content_hash, run_id, exc)
                store.write_batch([record], run_id)
            written.append(record)
        return written


def _count(summary: RunSummary, records: list[DocumentRecord]) -> None:
    for record in records:
        if record.failed:
            summary.failed += 1
            if len(summary.failures) < SHOWN_FAILURES:
                summary.failures.append(record)
        else:
            summary.stored += 1
