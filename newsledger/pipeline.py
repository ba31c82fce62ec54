"""The pipeline: text steps, one spaCy parse per document (batched), then document stages.

A document stage is a small callable registered under a name with `@register_stage("name")`.
It is built once per pipeline from the settings (`factory(settings) -> stage`), and called once
per document as `stage(document, parsed)`, where `parsed` is the spaCy `Doc` of `document.text`.
It adds its own layer to `document` and reads only the `Document` model (and the `Doc`), never
another stage's internals. The order of `Settings.stages` is the order data flows.
"""

from __future__ import annotations

import gc
import importlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from newsledger.ingest.valid import make_valid
from newsledger.model import Document, ErrorInfo
from newsledger.settings import Settings

if TYPE_CHECKING:  # spaCy is imported where the model loads, with the collector paused (see Analyzer)
    from spacy.tokens import Doc


class Stage(Protocol):
    def __call__(self, document: Document, parsed: Doc) -> None: ...


StageFactory = Callable[[Settings], Stage]
_REGISTRY: dict[str, StageFactory] = {}

# Where each built-in stage registers itself; imported on first use so that a tool which only
# cleans text never loads the event lexicons.
BUILTIN_STAGE_MODULES = {
    "entities": "newsledger.entities",
    "quotes": "newsledger.quotes",
    "events": "newsledger.events",
    "time": "newsledger.time",
    "places": "newsledger.places",
    "readout": "newsledger.readout",
}


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    def decorator(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = factory
        return factory
    return decorator


def make_stage(name: str, settings: Settings) -> Stage:
    if name not in _REGISTRY and name in BUILTIN_STAGE_MODULES:
        importlib.import_module(BUILTIN_STAGE_MODULES[name])
    if name not in _REGISTRY:
        raise KeyError(f"unknown stage {name!r}; known: {sorted(set(_REGISTRY) | set(BUILTIN_STAGE_MODULES))}")
    return _REGISTRY[name](settings)


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def capped_batches(documents: Iterable[Document], size: int, max_chars: int) -> Iterator[list[Document]]:
    """Batches of at most `size` documents and, unless one document alone exceeds it, `max_chars` characters."""
    batch: list[Document] = []
    chars = 0
    for document in documents:
        if batch and (len(batch) == size or chars + len(document.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(document)
        chars += len(document.text)
    if batch:
        yield batch


class AnalysisTimeout(BaseException):
    """A document ran past `Settings.analyze_timeout`. A BaseException, so that no `except Exception`
    inside a library it interrupts can swallow it."""


class Analyzer:
    """Cleans, parses and annotates documents; a failure in one document never stops the rest.

    Each document has `Settings.analyze_timeout` seconds for its cleaning, its share of the batch's
    parse and its stages; past that it gets a `timeout` error record and the batch goes on."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        with collection_paused():
            from newsledger.nlp import load_model  # imports spaCy, whose modules live as long as the process

            self.clean = _load_cleaner() if self.settings.clean else None
            self.nlp = load_model(self.settings.model, self.settings.gemm)
            self.stages = [(name, make_stage(name, self.settings)) for name in self.settings.stages]

    def analyze(self, documents: Iterable[Document]) -> Iterator[Document]:
        for batch in capped_batches(documents, self.settings.batch_size, self.settings.batch_chars):
            yield from self._analyze_batch(batch)

    def analyze_one(self, document: Document) -> Document:
        return next(iter(self._analyze_batch([document])))

    def _analyze_batch(self, batch: list[Document]) -> list[Document]:
        ready: list[_Budgeted] = []
        for document in batch:
            budgeted = _Budgeted(make_valid(document), self.settings.analyze_timeout)
            if document.error is None and self.clean is not None:
                budgeted.run("clean", lambda: self.clean(document))
            if document.error is None and len(document.text) > self.settings.max_chars:
                document.error = ErrorInfo(stage="nlp", kind="too_large",
                                           message=f"text has {len(document.text):,} characters; the limit is {self.settings.max_chars:,}")
            if document.error is None:
                ready.append(budgeted)
        parses = self._parses(ready)
        for index, budgeted in enumerate(ready):
            parsed, parses[index] = parses[index], None  # each parse is freed once its stages are done
            for name, stage in self.stages:
                if parsed is None or not budgeted.run(name, lambda: stage(budgeted.document, parsed)):
                    break
        return batch

    def _parses(self, ready: list["_Budgeted"]) -> list[Doc | None]:
        """One batched parse; should it fail or overrun the batch's budget, each document is parsed
        alone under its own budget, so only the one at fault fails (None for it)."""
        started = time.monotonic()
        try:
            with time_limit(sum(budgeted.left for budgeted in ready)):
                parses = list(self.nlp.pipe(budgeted.document.text for budgeted in ready))
        except (Exception, AnalysisTimeout):
            return [self._parse_alone(budgeted) for budgeted in ready]
        total_chars = sum(len(budgeted.document.text) for budgeted in ready) or 1
        for budgeted in ready:  # each document's share of the parse, by length
            budgeted.left -= (time.monotonic() - started) * len(budgeted.document.text) / total_chars
        return parses

    def _parse_alone(self, budgeted: "_Budgeted") -> Doc | None:
        parsed: list[Doc] = []
        budgeted.run("nlp", lambda: parsed.append(self.nlp(budgeted.document.text)))
        return parsed[0] if parsed else None


class _Budgeted:
    """A document and the seconds it has left; runs its steps, turning any failure into its error record."""

    def __init__(self, document: Document, seconds: float):
        self.document = document
        self.budget = self.left = seconds

    def run(self, stage: str, step: Callable[[], None]) -> bool:
        started = time.monotonic()
        try:
            with time_limit(self.left):
                step()
            if time.monotonic() - started > self.left:  # where no signal could stop it (see time_limit)
                raise AnalysisTimeout
        except AnalysisTimeout:
            self.document.error = ErrorInfo(stage=stage, kind="timeout",
                                            message=f"analysis took longer than {self.budget:g} s "
                                                    f"(settings.analyze_timeout); document skipped")
            return False
        except Exception as exc:  # one bad document must not stop a batch of millions
            self.document.error = ErrorInfo(stage=stage, kind=type(exc).__name__, message=str(exc) or repr(exc))
            return False
        finally:
            self.left -= time.monotonic() - started
        return True


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raises AnalysisTimeout in the block after `seconds` of wall-clock time, where a signal can
    reach it: the main thread of a POSIX process (a CLI run, a pool worker). In other threads (the
    web app's) the block runs to its end and the caller compares the time it took."""
    if seconds <= 0:
        raise AnalysisTimeout
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise AnalysisTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block builds what lives as long as the process
    (spaCy's modules, the model, lexicons), which then goes to the collector's permanent generation.
    Building them creates hundreds of thousands of objects and almost no garbage, so every
    collection in between scans them for nothing (about a tenth of a single-article `analyze`), and
    so would every full collection afterwards. Paused by a zero threshold rather than gc.disable(),
    which srsly undoes: it re-enables the collector after each msgpack file of the model."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)


def _load_cleaner() -> Callable[[Document], None]:
    from newsledger.clean import clean_document

    return clean_document
