"""Writers: turn analyzed documents into JSON, JSON Lines, Markdown or HTML on a stream."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TextIO

from newsledger.model import Document

FORMATS = ("json", "jsonl", "md", "html")


def _json_line(document: Document) -> str:
    return json.dumps(document.to_json_dict(), ensure_ascii=False)


def write_jsonl(documents: Iterable[Document], stream: TextIO) -> Iterator[Document]:
    for document in documents:
        stream.write(_json_line(document) + "\n")
        yield document


def write_json(documents: Iterable[Document], stream: TextIO) -> Iterator[Document]:
    """One document is written as one object; several as an array, streamed item by item."""
    iterator = iter(documents)
    first = next(iterator, None)
    if first is None:
        stream.write("[]\n")
        return
    second = next(iterator, None)
    if second is None:
        stream.write(json.dumps(first.to_json_dict(), ensure_ascii=False, indent=2) + "\n")
        yield first
        return
    stream.write("[\n")
    for index, document in enumerate(chain([first, second], iterator)):
        stream.write(("" if index == 0 else ",\n") + _json_line(document))
        yield document
    stream.write("\n]\n")


def write_rendered(documents: Iterable[Document], stream: TextIO, fmt: str) -> Iterator[Document]:
    from newsledger.readout.render import render_html, render_markdown

    render = render_markdown if fmt == "md" else render_html
    separator = "\n\n---\n\n" if fmt == "md" else "\n"
    for index, document in enumerate(documents):
        if index:
            stream.write(separator)
        stream.write(_render_error(document, fmt) if document.error else render(document))
        yield document


def _render_error(document: Document, fmt: str) -> str:
    from html import escape

    line = f"{document.id}: {document.error.stage} failed ({document.error.kind}): {document.error.message}"
    return f"# {line}\n" if fmt == "md" else f"<!doctype html><p class=error>{escape(line)}</p>\n"


def write_documents(documents: Iterable[Document], stream: TextIO, fmt: str) -> Iterator[Document]:
    """Writes each document as it comes and yields it on, so callers can count and report."""
    if fmt == "jsonl":
        return write_jsonl(documents, stream)
    if fmt == "json":
        return write_json(documents, stream)
    if fmt in ("md", "html"):
        return write_rendered(documents, stream, fmt)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
