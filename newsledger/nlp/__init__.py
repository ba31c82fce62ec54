"""The parse every later stage reads: one spaCy pipeline, loaded once per process.

The model is a setting (`Settings.model`, `--model`, or NEWSLEDGER_MODEL): any installed spaCy
English pipeline with a tagger, parser and NER works, e.g. the official `en_core_web_sm` or
`en_core_web_trf`. Its attribute_ruler and rule lemmatizer are replaced by a lookup giving the
same attributes (`newsledger.nlp.attributes`).

The pipeline's matrix products run on numpy's BLAS, limited to one thread, unless the setting
`gemm` asks for thinc's blis (see docs/nlp.md for the figures).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import get_args

import spacy
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from newsledger.nlp.attributes import use_attribute_lookup
from newsledger.nlp.paragraphs import PARAGRAPH_BREAKS
from newsledger.settings import Gemm

SERIALIZED_TOKENIZER = "newsledger.SerializedTokenizer.v1"


@registry.tokenizers(SERIALIZED_TOKENIZER)
def serialized_tokenizer():
    """An empty tokenizer, for a pipeline that loads its own from disk: `spacy.load` first builds
    the language's default one (~2,700 special cases, three regexes), which loading then resets
    and builds again from the pipeline's files. About 0.05 s CPU of every process that analyzes."""
    return lambda nlp: Tokenizer(nlp.vocab)


def _has_tokenizer(nlp: Language) -> bool:
    tokenizer = nlp.tokenizer
    return bool(tokenizer.rules or tokenizer.prefix_search or tokenizer.suffix_search or tokenizer.infix_finditer)


def _disabled_components(name: str) -> list[str]:
    """The components the pipeline `name` disables by default (en_core_web_sm's senter): nothing
    here enables them, so they are not loaded at all (~0.04 s CPU of every process)."""
    path = spacy.util.get_package_path(name) if spacy.util.is_package(name) else Path(name)
    try:
        return list(srsly.read_json(path / "meta.json").get("disabled", []))
    except (OSError, ValueError):  # no meta: the load itself reports a missing pipeline
        return []


@contextmanager
def _msgpack_decoders_read_once() -> Iterator[None]:
    """srsly's msgpack reader asks its decoder registry for every entry on each call, and the
    registry scans every installed package's entry points each time: ~130 scans while a pipeline
    loads (~0.03 s CPU). Nothing registers a decoder during a load, so the registry is read once."""
    registry = srsly.msgpack_decoders
    decoders = registry.get_all()
    registry.get_all = lambda: dict(decoders)
    try:
        yield
    finally:
        del registry.get_all


def _load_pipeline(name: str) -> Language:
    """The pipeline with its tokenizer built once, from its own files. A pipeline whose tokenizer
    is not spaCy's rule-based one (its files do not load into one) is loaded again the stock way."""
    exclude = _disabled_components(name)
    with _msgpack_decoders_read_once():
        try:
            nlp = spacy.load(name, exclude=exclude, config={"nlp": {"tokenizer": {"@tokenizers": SERIALIZED_TOKENIZER}}})
        except OSError:  # no such pipeline: the stock load says so
            raise
        except Exception:  # noqa: BLE001 - files of another tokenizer class
            return spacy.load(name, exclude=exclude)
        # files of another class that do load (unknown keys are skipped) leave the tokenizer empty
        return nlp if _has_tokenizer(nlp) else spacy.load(name, exclude=exclude)


# Parallelism comes from processes (corpus workers); a BLAS thread pool on small matrices spends
# more CPU than it saves (the 200-article parse: 23.5 s CPU on one thread, 31-35 s on two).
BLAS_THREADS = 1


def load_model(name: str, gemm: Gemm = "numpy") -> Language:
    """The pipeline `name`, loaded once per process, its models' matrix products on `gemm`: "blis"
    (thinc's default) or "numpy", whose BLAS is limited to one thread for the process on every
    call (a caller's own `threadpool_limits` block may have restored more since the load)."""
    if gemm not in get_args(Gemm):
        raise ValueError(f"unknown gemm {gemm!r}; choose one of {', '.join(get_args(Gemm))}")
    if gemm == "numpy":
        threadpool_limits(BLAS_THREADS, user_api="blas")
    return _load_model(name, gemm)


def _load_with_gemm(name: str, gemm: str) -> Language:
    if gemm == "blis":
        return _load_pipeline(name)
    with use_ops("numpy", use_blis=False):  # every model built during the load keeps these ops
        return _load_pipeline(name)


@lru_cache(maxsize=4)
def _load_model(name: str, gemm: str) -> Language:
    try:
        nlp = _load_with_gemm(name, gemm)
    except OSError as exc:
        raise RuntimeError(
            f"cannot load spaCy model {name!r}: install it (pip install ...) or set NEWSLEDGER_MODEL"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise RuntimeError(f"spaCy model {name!r} lacks {sorted(missing)}; newsledger needs a parser and NER")
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    use_attribute_lookup(nlp)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
