"""Readers: files, folders and stdin of text, HTML, JSONL and WARC (any of them gzipped) -> Documents.

`read_inputs` streams one `Document` per input document, in input order. Bad input never
raises: a missing path, an empty, binary, undecodable or oversized file, a bad JSONL line, or an
HTML page whose extraction fails or overruns `Settings.extract_timeout` becomes a `Document`
with `error` set (stage "ingest") and empty text, and reading goes on with the next document.

Ids: a file's name without any extension (`APNews_0.html.gz` -> `APNews_0`), a JSONL line's
`id`, a WARC record's URL hash (or record id). `source` says where each document came from:
the path, `path#L12` for a JSONL line, `path#<record id>` for a WARC record. Every field is
valid text (`valid.make_valid`): a lone surrogate, even in a file name, is replaced.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from newsledger.ingest.html import ArticleExtractor, extract_article
from newsledger.ingest.readers import Reader, document_id, failed, file_kind
from newsledger.ingest.valid import make_valid
from newsledger.model import Document
from newsledger.settings import Settings

__all__ = ["read_inputs", "extract_article", "document_id", "file_kind", "make_valid"]


def read_inputs(inputs: list[str], settings: Settings) -> Iterator[Document]:
    """Yields the documents of every input (a file, a folder walked recursively, or `-` for stdin)."""
    with ArticleExtractor(settings.extract_timeout) as extractor:
        reader = Reader(settings, extractor)
        for item in inputs:
            documents = reader.read_stream(_stdin_bytes(), "stdin", "stdin") if item == "-" else reader.read_path(Path(item))
            try:
                yield from (make_valid(document) for document in documents)
            except Exception as exc:  # a reader bug or a library failure mid-file: report it, read on
                yield make_valid(failed("stdin" if item == "-" else document_id(Path(item)), item, exc))


def _stdin_bytes():
    return getattr(sys.stdin, "buffer", sys.stdin)
