"""Fixtures shared by the test suite.

Tests that read ../shared (the seed article, the gold data sets) use the `shared_dir` fixture and
are skipped with a reason on a clean clone without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsledger.model import Document
from newsledger.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_1a135af3b3f47672.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: this test reads the shared gold data")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir) -> Path:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def analyzer():
    from newsledger.pipeline import Analyzer

    return Analyzer(Settings())


@pytest.fixture(scope="session")
def raw_analyzer():
    """Analyzes text exactly as given (no cleaning), so tests can index their own strings."""
    from newsledger.pipeline import Analyzer

    return Analyzer(Settings(clean=False))


@pytest.fixture
def analyze(raw_analyzer):
    """analyze(text, published=None) -> Document, run through every stage without cleaning."""

    def run(text: str, published: str | None = None, doc_id: str = "t1") -> Document:
        document = raw_analyzer.analyze_one(Document(id=doc_id, text=text, published=published))
        assert document.error is None, document.error
        return document

    return run


@pytest.fixture(scope="session")
def seed_document(seed_text, analyzer) -> Document:
    """The seed article cleaned and analyzed with --published 2022-01-10."""
    document = analyzer.analyze_one(Document(id="000_1a135af3b3f47672", text=seed_text, published="2022-01-10"))
    assert document.error is None, document.error
    return document


@pytest.fixture(scope="session")
def quotes_of():
    """quotes_of(text) -> Document with the entities and quotes layers, text as given."""
    from newsledger.pipeline import Analyzer

    analyzer = Analyzer(Settings(clean=False, stages=("entities", "quotes")))

    def run(text: str) -> Document:
        document = analyzer.analyze_one(Document(id="t", text=text))
        assert document.error is None, document.error
        return document

    return run


@pytest.fixture(scope="session")
def readout_of():
    """readout_of(document) -> the document with time, places and readout run on its own layers."""
    from newsledger.nlp import load_model
    from newsledger.pipeline import make_stage

    settings = Settings()
    nlp = load_model(settings.model)
    stages = [make_stage(name, settings) for name in ("time", "places", "readout")]

    def run(document: Document) -> Document:
        parsed = nlp(document.text)
        for stage in stages:
            stage(document, parsed)
        return document

    return run
