"""One reader per input kind; each yields `Document`s and turns any failure into an error record."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from newsledger.ingest.decode import IngestError, decode_bytes
from newsledger.ingest.html import ArticleExtractor
from newsledger.model import Document, ErrorInfo
from newsledger.settings import Settings

KIND_BY_SUFFIX = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc"}
GZIP_MAGIC = b"\x1f\x8b"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
HTML_START = re.compile(rb"<(!doctype html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)
WARC_RECORDS = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
READ_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError
# No JSONL file holds a megabyte of blank lines in a row; a gzip of nothing but newlines (a bomb
# of 1 GB packs into 1 MB) is stopped there instead of being read line by line to its end.
BLANK_RUN_BYTES = 1_000_000
SKIP_CHUNK = 1 << 20
METADATA_FIELDS = ("url", "title", "outlet")


def file_kind(path: Path) -> str | None:
    """The input kind a file name announces (`x.html.gz` -> html), or None for unknown names."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return KIND_BY_SUFFIX.get(suffixes[-1]) if suffixes else None


def document_id(path: Path) -> str:
    """A file's name without any extension: `APNews_0.html.gz` -> `APNews_0`."""
    return path.name.split(".", 1)[0] or path.name


def failed(doc_id: str, source: str, error: IngestError | Exception) -> Document:
    kind = error.kind if isinstance(error, IngestError) else type(error).__name__
    message = " ".join(str(error).split()) or repr(error)
    return Document(id=doc_id, source=source, error=ErrorInfo(stage="ingest", kind=kind, message=message))


def sniff(head: bytes) -> str:
    """The kind of an unnamed input (stdin, unknown extension) from its first bytes."""
    stripped = head.lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if HTML_START.search(stripped[:2048]):
        return "html"
    return "text"


class Reader:
    def __init__(self, settings: Settings, extractor: ArticleExtractor):
        self.settings = settings
        self.extractor = extractor

    # ---- whole inputs ------------------------------------------------------------------

    def read_path(self, path: Path) -> Iterator[Document]:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if not p.is_dir() and file_kind(p) and not _hidden(p, path)):
                yield from self.read_file(file, file_kind(file))
        else:
            yield from self.read_file(path, file_kind(path))

    def read_file(self, path: Path, kind: str | None) -> Iterator[Document]:
        """The documents of one file; whatever goes wrong in it becomes a record, and reading goes on."""
        try:
            if not path.exists():
                raise IngestError("missing", f"no such file or folder: {path}")
            if not path.is_file():  # a FIFO or a device would block or never end
                raise IngestError("not_a_file", f"{path} is not a regular file")
            if kind == "warc":  # fastwarc seeks, and decompresses gzip itself
                with open(path, "rb") as stream:
                    yield from self.read_warc(stream, str(path), document_id(path))
            elif kind in ("text", "html"):
                yield self.document(document_id(path), str(path), kind, self._read_limited(path))
            else:
                with open(path, "rb") as stream:
                    yield from self.read_stream(stream, str(path), document_id(path), kind)
        except (IngestError, *READ_ERRORS) as exc:
            yield failed(document_id(path), str(path), exc if isinstance(exc, IngestError) else IngestError("unreadable", f"{path}: {exc}"))
        except Exception as exc:  # a reader bug or a library failure mid-file: report it, read the next file
            yield failed(document_id(path), str(path), exc)

    def read_stream(self, stream: BinaryIO, source: str, doc_id: str, kind: str | None = None) -> Iterator[Document]:
        """Reads a binary stream of any kind; `kind=None` sniffs it from the first bytes."""
        head = stream.read(4096)
        if head.startswith(GZIP_MAGIC):
            stream = gzip.GzipFile(fileobj=_Rewound(head, stream))
            head = stream.read(4096)
        stream = io.BufferedReader(_Rewound(head, stream), buffer_size=1 << 16)
        kind = kind or sniff(head)
        try:
            if kind == "jsonl":
                yield from self.read_jsonl(stream, source, doc_id)
                return
            data = _within_limit(stream.read(self.settings.max_bytes + 1), self.settings.max_bytes)
            if kind == "warc":
                yield from self.read_warc(io.BytesIO(data), source, doc_id)
            else:
                yield self.document(doc_id, source, kind, data)
        except (IngestError, *READ_ERRORS) as exc:
            yield failed(doc_id, source, exc if isinstance(exc, IngestError) else IngestError("unreadable", str(exc)))

    def read_jsonl(self, stream: BinaryIO, source: str, stem: str) -> Iterator[Document]:
        """One document (or error record) per non-blank line; a file of none gets one error record."""
        blank, found = 0, False
        for number, line in _bounded_lines(stream, self.settings.max_bytes):
            line_source = f"{source}#L{number}"
            if line is not None and not line.strip():
                blank += len(line)
                if blank > BLANK_RUN_BYTES:
                    yield failed(f"{stem}#L{number}", line_source, IngestError(
                        "too_large", f"more than {BLANK_RUN_BYTES:,} bytes of blank lines in a row; the rest of the file is skipped"))
                    return  # that record stands for the file
                continue
            blank, found = 0, True
            try:
                if line is None:
                    raise _too_large(self.settings.max_bytes + 1, self.settings.max_bytes, at_least=True)
                record = _jsonl_record(line)
            except IngestError as exc:
                yield failed(f"{stem}#L{number}", line_source, exc)
                continue
            kind = "html" if isinstance(record.get("html"), str) else "text"
            published = record.get("published")
            yield self.document(str(record["id"]), line_source, kind, record[kind], url=record.get("url"),
                                title=record.get("title"), outlet=record.get("outlet"),
                                published=published if isinstance(published, str) and DAY.fullmatch(published) else None)
        if not found:
            yield failed(stem, source, IngestError("empty", "the input holds no JSONL line"))

    def read_warc(self, stream: BinaryIO, source: str, doc_id: str) -> Iterator[Document]:
        """One document per text or HTML capture; a file holding none gets one error record."""
        found = False
        for document in self._warc_documents(stream, source):
            found = True
            yield document
        if not found:
            yield failed(doc_id, source, IngestError(
                "no_documents", "no WARC response, resource or conversion record with text or HTML in this input"))

    def _warc_documents(self, stream: BinaryIO, source: str) -> Iterator[Document]:
        for record in ArchiveIterator(stream, record_types=WARC_RECORDS, parse_http=True):
            url = record.headers.get("WARC-Target-URI")
            record_id = (record.record_id or "").strip("<>").removeprefix("urn:uuid:")
            doc_id = hashlib.sha1(url.encode()).hexdigest()[:16] if url else record_id
            record_source = f"{source}#{record.record_id}"
            content_type = (record.http_content_type if record.is_http else record.headers.get("Content-Type")) or ""
            if "html" not in content_type and "text/plain" not in content_type:
                continue
            if record.content_length > self.settings.max_bytes:
                yield failed(doc_id, record_source, _too_large(record.content_length, self.settings.max_bytes))
                continue
            day = record.record_date.date().isoformat() if record.record_date else None
            yield self.document(doc_id, record_source, "html" if "html" in content_type else "text",
                                record.reader.read(), url=url, crawl_date=day, charset=record.http_charset)

    # ---- one document ------------------------------------------------------------------

    def document(self, doc_id: str, source: str, kind: str, content: bytes | str, *, url: str | None = None,
                 title: str | None = None, outlet: str | None = None, published: str | None = None,
                 crawl_date: str | None = None, charset: str | None = None) -> Document:
        """A Document from one text or HTML payload; never raises."""
        try:
            text = content if isinstance(content, str) else decode_bytes(content, charset)
            if not text.strip():
                raise IngestError("empty", "the input is empty")
            if kind != "html":
                return Document(id=doc_id, source=source, text=text, url=url, title=title, outlet=outlet,
                                published=published or crawl_date)
            fields = self.extractor.extract(text, url)
            # metadata given with the input wins over what the page says; the page wins over crawl dates
            return Document(id=doc_id, source=source, text=fields["text"], url=url or fields["url"],
                            title=title or fields["title"], published=published or fields["published"] or crawl_date,
                            authors=fields["authors"], outlet=outlet or fields["outlet"])
        except Exception as exc:  # one bad document never stops the batch
            return failed(doc_id, source, exc)

    def _read_limited(self, path: Path) -> bytes:
        if path.suffix.lower() != ".gz":
            size = path.stat().st_size
            if size > self.settings.max_bytes:
                raise _too_large(size, self.settings.max_bytes)
            return path.read_bytes()
        with gzip.open(path, "rb") as stream:
            return _within_limit(stream.read(self.settings.max_bytes + 1), self.settings.max_bytes)


def _jsonl_record(line: bytes) -> dict:
    try:
        record = json.loads(line)
    except RecursionError:
        raise IngestError("bad_jsonl", "not a JSON object: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, an integer of too many digits
        raise IngestError("bad_jsonl", f"not a JSON object: {exc}") from None
    if not isinstance(record, dict) or "id" not in record:
        raise IngestError("bad_jsonl", 'a JSONL line needs {"id": ..., "text": ...} or {"id": ..., "html": ...}')
    if not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool) or not str(record["id"]).strip():
        raise IngestError("bad_jsonl", '"id" must be a non-empty string or an integer')
    if not isinstance(record.get("text"), str) and not isinstance(record.get("html"), str):
        raise IngestError("bad_jsonl", 'a JSONL line needs a string "text" or "html"')
    for name in METADATA_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise IngestError("bad_jsonl", f'"{name}" must be a string or null, not {type(record[name]).__name__}')
    return record


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for each line; a line longer than `limit` bytes comes as None, read past in
    chunks, so a single-line bomb is never held in memory."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _within_limit(data: bytes, limit: int) -> bytes:
    if len(data) > limit:
        raise _too_large(len(data), limit, at_least=True)
    return data


def _too_large(size: int, limit: int, at_least: bool = False) -> IngestError:
    more = "more than " if at_least else ""
    return IngestError("too_large", f"input has {more}{size:,} bytes; the limit is {limit:,} (settings.max_bytes)")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were already read for sniffing: gives them back, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
