"""HTML pages to article text and metadata, with a real time limit per page.

Each page is parsed once (lxml, through trafilatura's loader); trafilatura extracts the body from
that tree, and `metadata.page_metadata` reads title, date, authors, site name and canonical URL
from the same tree. trafilatura's own metadata pass is left off: it costs a fifth to a half as much
again as the body (htmldate's extensive search, a byline search, categories, tags, licence). The body
comes from fast mode without comments: on the news benchmarks that is quicker than the default
mode with its fallback extractors and, once cleaning has removed the furniture it lets through,
as good. Only when fast mode finds almost nothing does the full cascade run as well (see below).

trafilatura has no time limit of its own, and a pathological page can spin in C code (lxml,
regular expressions) where no signal reaches it. So pages are extracted in a child process;
a page that takes longer than the limit gets its worker killed (and replaced), and the batch goes on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from functools import lru_cache
from multiprocessing.connection import Connection
from typing import Any

from newsledger.ingest.decode import IngestError
from newsledger.lifeline import die_with_parent


# Fast mode now and then locks onto a teaser block and returns a few lines of a long article. When
# it returns this little, the full cascade (trafilatura's comparison with readability and jusText)
# runs too, and wins when it finds several times more text. It costs up to ten times the fast mode,
# so it runs only where it is likely to win: when the page's running text (paragraphs, and text
# standing directly in a <div>) is at least that much longer than what fast mode found.
SHORT_EXTRACTION = 1000
FULL_CASCADE_GAIN = 5
RUNNING_TEXT = "//p//text() | //div/text()"


def extract_article(html: str, url: str | None = None) -> dict[str, Any]:
    """The article body (paragraphs separated by blank lines) and metadata of one page."""
    # lxml and trafilatura are imported where a page is extracted: a run of text files never loads them
    import trafilatura

    from newsledger.ingest.metadata import page_metadata

    tree = trafilatura.load_html(html)
    if tree is None:
        raise IngestError("no_text", "the page is not HTML that can be parsed")
    text = _body(trafilatura.bare_extraction(tree, url=url, fast=True, include_comments=False))
    if len(text) < SHORT_EXTRACTION and _running_text_length(tree) >= FULL_CASCADE_GAIN * max(len(text), 1):
        fuller = _body(trafilatura.bare_extraction(tree, url=url, include_comments=False))
        if len(fuller) >= FULL_CASCADE_GAIN * max(len(text), 1):
            text = fuller
    if not text.strip():
        raise IngestError("no_text", "no article text found in the page")
    metadata = page_metadata(tree, url)  # bare_extraction works on a copy: `tree` is still the whole page
    paragraphs = (line.strip() for line in text.splitlines())
    return {
        "text": "\n\n".join(paragraph for paragraph in paragraphs if paragraph),
        "title": metadata.title,
        "published": metadata.published,
        "authors": metadata.authors,
        "outlet": metadata.outlet,
        "url": metadata.url,
    }


def _body(result) -> str:
    return (result.text or "") if result is not None else ""


def _running_text_length(tree) -> int:
    return sum(len(text.strip()) for text in _running_text()(tree))


@lru_cache(maxsize=1)
def _running_text():
    from lxml.etree import XPath

    return XPath(RUNNING_TEXT)


def _serve(connection: Connection, parent_pid: int) -> None:
    """The worker loop: one page in, one ("ok", fields) or ("error", kind, message) out."""
    die_with_parent(parent_pid)
    while True:
        try:
            html, url = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("ok", extract_article(html, url)))
        except IngestError as exc:
            connection.send(("error", exc.kind, str(exc)))
        except Exception as exc:  # broken HTML must not end the worker
            connection.send(("error", "extraction_failed", f"{type(exc).__name__}: {exc}"))


class ArticleExtractor:
    """Extracts pages in a worker process, killing and replacing it when a page overruns."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._process: multiprocessing.Process | None = None
        self._connection: Connection | None = None

    def extract(self, html: str, url: str | None = None) -> dict[str, Any]:
        if self._process is None or not self._process.is_alive():
            self._start()
        self._connection.send((html, url))
        if not self._connection.poll(self.timeout):
            self.close()
            raise IngestError("timeout", f"extraction took longer than {self.timeout:g} s; page skipped")
        try:
            reply = self._connection.recv()
        except EOFError:  # the worker died (e.g. out of memory) on this page
            self.close()
            raise IngestError("extraction_failed", "the extraction worker died on this page") from None
        if reply[0] == "error":
            raise IngestError(reply[1], reply[2])
        return reply[1]

    def close(self) -> None:
        if self._process is not None:
            self._connection.close()
            self._process.kill()
            self._process.join()
        self._process = self._connection = None

    def _start(self) -> None:
        import trafilatura  # noqa: F401  (imported once here, so each forked worker starts warm)

        import newsledger.ingest.metadata  # noqa: F401

        # fork is cheap and inherits the import; spawn where fork is missing
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True, name="newsledger-extract")
        # objects the worker inherits stay out of its garbage collections: scanning them would
        # cost time on every collection and copy the parent's memory pages into the child
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        child.close()
        self._connection = parent

    def __enter__(self) -> "ArticleExtractor":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
