"""The pipeline: text steps, one spaCy parse per document (batched), then document stages.

A document stage is a small callable registered under a name with `@register_stage("name")`.
It is built once per pipeline from the settings (`factory(settings) -> stage`), and called once
per document as `stage(document, parsed)`, where `parsed` is the spaCy `Doc` of `document.text`.
It adds its own layer to `document` and reads only the `Document` model (and the `Doc`), never
another stage's internals. The order of `Settings.stages` is the order data flows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Protocol

from spacy.tokens import Doc

from newsledger.model import Document, ErrorInfo
from newsledger.settings import Settings


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


class Analyzer:
    """Cleans, parses and annotates documents; a failure in one document never stops the rest."""

    def __init__(self, settings: Settings | None = None):
        from newsledger.nlp import load_model

        self.settings = settings or Settings()
        self.clean = _load_cleaner() if self.settings.clean else None
        self.nlp = load_model(self.settings.model)
        self.stages = [(name, make_stage(name, self.settings)) for name in self.settings.stages]

    def analyze(self, documents: Iterable[Document]) -> Iterator[Document]:
        for batch in capped_batches(documents, self.settings.batch_size, self.settings.batch_chars):
            yield from self._analyze_batch(batch)

    def analyze_one(self, document: Document) -> Document:
        return next(iter(self._analyze_batch([document])))

    def _analyze_batch(self, batch: list[Document]) -> list[Document]:
        ready: list[Document] = []
        for document in batch:
            if document.error is None and self.clean is not None:
                _guarded("clean", document, lambda: self.clean(document))
            if document.error is None and len(document.text) > self.settings.max_chars:
                document.error = ErrorInfo(stage="nlp", kind="too_large",
                                           message=f"text has {len(document.text):,} characters; the limit is {self.settings.max_chars:,}")
            if document.error is None:
                ready.append(document)
        for document, parsed in zip(ready, self.nlp.pipe(d.text for d in ready)):
            for name, stage in self.stages:
                if not _guarded(name, document, lambda: stage(document, parsed)):
                    break
        return batch


def _load_cleaner() -> Callable[[Document], None]:
    from newsledger.clean import clean_document

    return clean_document


def _guarded(stage: str, document: Document, step: Callable[[], None]) -> bool:
    """Runs one step on one document, turning an exception into the document's error record."""
    try:
        step()
    except Exception as exc:  # one bad document must not stop a batch of millions
        document.error = ErrorInfo(stage=stage, kind=type(exc).__name__, message=str(exc) or repr(exc))
        return False
    return True
