"""The corpus store: one embedded DuckDB file holding analyzed documents and what links them.

`Store` opens (and migrates) a store, writes analyzed documents one batch per transaction,
brings the cross-document tables up to date with what was written (`consolidate`), and answers the queries the CLI and the web
app share. Only one process writes to a store at a time; readers open it `read_only`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from newsledger.store import consolidate, sql
from newsledger.store.arrow import insert_by_name
from newsledger.store.records import DocumentRecord
from newsledger.store.schema import DOCUMENT_TABLES, MIGRATIONS, SCHEMA_VERSION, TABLES

__all__ = ["DocumentRecord", "QueryResult", "SCHEMA_VERSION", "Store"]


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


# A writing connection works beside the analysis, which keeps the cores busy: with one DuckDB
# thread, 10 documents into a 10,000-document store cost 0.8 s CPU against 0.9-1.2 s with two (the
# second thread's share is mostly page faults and coordination), and a full consolidation 2.1-2.3 s
# against 2.3-2.9 s, in the same wall time (2 cores). Readers keep DuckDB's default.
WRITER_THREADS = 1
# A checkpoint (every close) lets DuckDB merge a run's new row groups into the small ones before
# them ("vacuum"), recompressing what it merges: behind the last row group of the 10,000-document
# synthetic store (2,000 documents, whose json dominates) a 10-document run's close cost 0.41-0.57 s,
# against 0.05-0.08 s with its rows left in a row group of their own (bench_corpus's 10-document
# figure: x1.28-1.47 -> x1.04-1.13, docs/store.md, Limits). So a writer leaves merging off
# and turns it back on for the close that finds COMPACT_AFTER row groups of `documents` under
# SMALL_ROW_GROUP rows (0.26 s there, once per 32 small runs), and for a run that has written
# SMALL_ROW_GROUP documents: left unmerged, a bulk run's row groups of about 1,000 would be merged
# all at once by a later small run's close (2.6 s after 10,000 documents).
COMPACT_AFTER, SMALL_ROW_GROUP = 32, 1_024
SMALL_ROW_GROUPS = """
    SELECT count(*) FROM (SELECT sum(count) AS rows FROM pragma_storage_info('documents')
                          WHERE column_path = '[0]' GROUP BY row_group_id)
    WHERE rows < ?"""


class Store:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}: run `newsledger ingest ... --db {self.path}` first")
        self.connection = duckdb.connect(str(self.path), read_only=read_only,
                                         config={} if read_only else {"threads": WRITER_THREADS, "max_vacuum_tasks": 0})
        self.read_only = read_only
        self.documents_written = 0
        if not read_only:
            self.migrate()
        elif self.version() != SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} has schema version {self.version()}, this newsledger reads "
                               f"{SCHEMA_VERSION}: open it once for writing (e.g. `newsledger ingest`) to upgrade it")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            if not self.read_only and self.connection.execute(SMALL_ROW_GROUPS, [SMALL_ROW_GROUP]).fetchone()[0] >= COMPACT_AFTER:
                self._merge_row_groups()
        finally:  # a store that failed mid-run (a full disk) is still closed
            self.connection.close()

    def _merge_row_groups(self) -> None:
        """Lets this connection's next checkpoints merge row groups (DuckDB's default)."""
        self.connection.execute("RESET max_vacuum_tasks")

    # ---- schema ---------------------------------------------------------------------------

    def version(self) -> int:
        exists = self.connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchone()[0]
        if not exists:
            return 0
        return self.connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Applies the migrations this store has not seen, each in its own transaction."""
        self.connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
        for version in range(self.version() + 1, target + 1):
            with self._transaction():
                self.connection.execute(MIGRATIONS[version - 1])
                self.connection.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])

    # ---- writes ---------------------------------------------------------------------------

    def stored_hashes(self, document_ids: Sequence[str]) -> dict[str, str]:
        """The content hash of each of these documents that is already stored."""
        if not document_ids:
            return {}
        rows = self.connection.execute(
            "SELECT id, content_hash FROM documents WHERE id IN (SELECT unnest(?))", [list(document_ids)]).fetchall()
        return dict(rows)

    def has(self, document_id: str, content_hash: str) -> bool:
        return self.stored_hashes([document_id]).get(document_id) == content_hash

    def start_run(self, inputs: list[str], engine: str, workers: int, model: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.connection.execute(
            "INSERT INTO runs (id, started_at, status, inputs, engine, workers, model) VALUES (?, ?, 'running', ?, ?, ?, ?)",
            [run_id, _now(), inputs, engine, workers, model])
        return run_id

    def finish_run(self, run_id: str, status: str, stored: int, skipped: int, failed: int) -> None:
        self.connection.execute(
            "UPDATE runs SET finished_at = ?, status = ?, stored = ?, skipped = ?, failed = ? WHERE id = ?",
            [_now(), status, stored, skipped, failed, run_id])

    def write_batch(self, records: Iterable[DocumentRecord], run_id: str | None = None) -> None:
        """Writes analyzed documents (replacing any stored version) and failures, in one transaction.

        The failures of these ids from earlier runs are dropped (the input was retried); those of
        run `run_id` are kept, so every failed input of a run keeps its record."""
        records = list(records)
        if not records:
            return
        ids = [record.id for record in records]
        # A failure leaves the version stored before in place: the next run retries the input.
        analyzed = [record.id for record in records if not record.failed]
        tables: dict[str, list[dict]] = {}
        for record in records:
            for table, rows in record.rows.items():
                tables.setdefault(table, []).extend(rows)
        errors = [record.error for record in records if record.failed]
        with self._transaction():
            consolidate.note_written(self.connection, analyzed)
            for table in DOCUMENT_TABLES:
                key = "id" if table == "documents" else "document_id"
                self.connection.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [analyzed])
            self.connection.execute("DELETE FROM errors WHERE document_id IN (SELECT unnest(?)) AND run_id IS DISTINCT FROM ?",
                                    [ids, run_id])
            for table, rows in tables.items():
                self._insert(table, rows)
            self._insert("errors", errors)
        before, self.documents_written = self.documents_written, self.documents_written + len(analyzed)
        if before < SMALL_ROW_GROUP <= self.documents_written:  # a bulk run: its checkpoints merge as DuckDB's do
            self._merge_row_groups()

    def consolidate(self, everything: bool = False) -> None:
        """Brings duplicates, canonical actors and merged events up to date with what was written
        since the last consolidation; `everything` recomputes them over the whole store."""
        with self._transaction():
            consolidate.consolidate(self.connection, everything)

    def _insert(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        insert_by_name(self.connection, table, pa.Table.from_pylist(rows))

    def _transaction(self):
        return _Transaction(self.connection)

    # ---- reads ----------------------------------------------------------------------------

    def sql(self, query: str, parameters: list | None = None) -> QueryResult:
        cursor = self.connection.execute(query, parameters or [])
        columns = [column[0] for column in cursor.description] if cursor.description else []
        return QueryResult(columns, cursor.fetchall() if columns else [])

    def summary(self) -> dict[str, int]:
        """What the store holds, counting syndicated copies and merged events once."""
        return {name: self.connection.execute(query).fetchone()[0] for name, query in _SUMMARY_QUERIES}

    def quotes(self, speaker: str | None = None) -> QueryResult:
        """Quotes (not from syndicated copies), optionally by speakers whose name contains `speaker`."""
        pattern = f"%{speaker}%" if speaker else None
        return self.sql(f"""
            SELECT {sql.QUOTE_SPEAKER} AS speaker, q.kind, q.text AS quote, q.cue, q.document_id,
                   d.published, d.outlet
            FROM quotes q JOIN documents d ON d.id = q.document_id
            {sql.QUOTE_SPEAKER_JOIN}
            WHERE d.duplicate_of IS NULL
              AND (CAST(? AS VARCHAR) IS NULL OR a.name ILIKE ? OR e.name ILIKE ? OR q.speaker ILIKE ?)
            ORDER BY d.published NULLS LAST, q.document_id, q.start""", [pattern] * 4)

    def events(self, actor: str | None = None, type: str | None = None, since: str | None = None) -> QueryResult:
        """Events, one row per merged event with its number of sources, oldest first."""
        return self.sql(f"""
            SELECT {sql.EVENT_WHEN} AS date, ev.type, array_to_string(ev.source_codes, ',') AS source,
                   array_to_string(ev.target_codes, ',') AS target, ev.trigger, ev.sentence,
                   {sql.EVENT_SOURCES} AS sources, COALESCE(s.documents, ev.document_id) AS documents,
                   COALESCE(ev.merged_id, ev.document_id || '/' || ev.id) AS event
            {sql.EVENT_FROM}
            WHERE {sql.CANONICAL_EVENT}
              AND (CAST(? AS VARCHAR) IS NULL OR list_contains(ev.source_codes, ?) OR list_contains(ev.target_codes, ?))
              AND (CAST(? AS VARCHAR) IS NULL OR ev.type = upper(?))
              AND (CAST(? AS VARCHAR) IS NULL OR {sql.EVENT_WHEN} >= ?)
            ORDER BY date NULLS LAST, event""", [actor, actor, actor, type, type, since, since])

    def timeline(self, actor: str) -> QueryResult:
        """What an actor (code) did, had done to it, and said, in date order."""
        return self.sql(f"""
            SELECT * FROM (
                SELECT {sql.EVENT_WHEN} AS date, 'event' AS kind, ev.type AS what, ev.sentence AS text,
                       {sql.EVENT_SOURCES} AS sources, ev.document_id
                {sql.EVENT_FROM}
                WHERE {sql.CANONICAL_EVENT}
                  AND (list_contains(ev.source_codes, ?) OR list_contains(ev.target_codes, ?))
                UNION ALL
                SELECT strftime(d.published, '%Y-%m-%d'), 'quote', {sql.QUOTE_SPEAKER}, q.text, 1, q.document_id
                FROM quotes q JOIN documents d ON d.id = q.document_id
                {sql.QUOTE_SPEAKER_JOIN}
                WHERE d.duplicate_of IS NULL AND (e.code = ? OR e.affiliation = ?)
            ) ORDER BY date NULLS LAST, kind, document_id""", [actor] * 4)

    def export_parquet(self, directory: str | Path) -> list[Path]:
        """Writes one parquet file per table into `directory`."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            path = directory / f"{table}.parquet"
            self.connection.execute(f"COPY {table} TO '{_sql_string(path)}' (FORMAT parquet)")
            written.append(path)
        return written


_SUMMARY_QUERIES = (
    ("documents", "SELECT count(*) FROM documents"),
    ("duplicates", "SELECT count(*) FROM duplicates"),
    ("actors", "SELECT count(*) FROM actors"),
    ("quotes", "SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document_id WHERE d.duplicate_of IS NULL"),
    ("events", "SELECT count(DISTINCT event_id) FROM event_sources"),
    ("errors", "SELECT count(*) FROM errors"),
)


class _Transaction:
    def __init__(self, connection: duckdb.DuckDBPyConnection):
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.begin()

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.connection.commit()
        else:
            self.connection.rollback()


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
