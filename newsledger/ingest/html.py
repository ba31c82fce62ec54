"""HTML pages to article text and metadata, with a real time limit per page.

trafilatura does one pass per page: main text, title, date (htmldate, as trafilatura calls it),
authors, site name and canonical URL all come from the same `bare_extraction` call. We run it in
fast mode without comments: on the news benchmarks that is quicker than the default mode with
its fallback extractors and, once cleaning has removed the furniture it lets through, as good.
Only when fast mode finds almost nothing does the full cascade run as well (see below).

trafilatura has no time limit of its own, and a pathological page can spin in C code (lxml,
regular expressions) where no signal reaches it. So pages are extracted in a child process;
a page that takes longer than the limit gets its worker killed (and replaced), and the batch goes on.
"""

from __future__ import annotations

import gc
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from newsledger.ingest.decode import IngestError


# Fast mode now and then locks onto a teaser block and returns a few lines of a long article. When
# it returns this little, the full cascade (trafilatura's comparison with readability and jusText)
# runs too, and wins when it finds several times more text.
SHORT_EXTRACTION = 1000
FULL_CASCADE_GAIN = 5


def extract_article(html: str, url: str | None = None) -> dict[str, Any]:
    """The article body (paragraphs separated by blank lines) and metadata of one page."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, fast=True, include_comments=False, with_metadata=True)
    text = (result.text or "") if result is not None else ""
    if len(text) < SHORT_EXTRACTION:
        fuller = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=result is None)
        if fuller is not None and len(fuller.text or "") >= FULL_CASCADE_GAIN * max(len(text), 1):
            text, result = fuller.text, result or fuller
    if result is None or not text.strip():
        raise IngestError("no_text", "no article text found in the page")
    paragraphs = (line.strip() for line in text.splitlines())
    return {
        "text": "\n\n".join(paragraph for paragraph in paragraphs if paragraph),
        "title": result.title or None,
        "published": result.date or None,
        "authors": [name.strip() for name in (result.author or "").split(";") if name.strip()],
        "outlet": result.sitename or None,
        "url": result.url or url,
    }


def _serve(connection: Connection) -> None:
    """The worker loop: one page in, one ("ok", fields) or ("error", kind, message) out."""
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

        # fork is cheap and inherits the import; spawn where fork is missing
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="newsledger-extract")
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
