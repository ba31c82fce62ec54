"""Builds the store the web tests read: our hand-made articles plus the example corpus.

Both go in through the store's own write path: the hand-made articles as records
(`Store.write_batch`), the corpus through `newsledger.corpus.ingest` (what `newsledger ingest` runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.settings import Settings
from newsledger.store import Store
from newsledger.store.records import content_hash, to_record
from newsledger.web import create_app

from e2e.articles import handmade_articles

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"


def ingest_corpus(db: Path) -> int:
    """Analyzes examples/corpus into the store as `newsledger ingest` does; returns how many were stored."""
    from newsledger.corpus import ingest
    from newsledger.ingest import read_inputs

    settings = Settings()
    with Store(db) as store:
        return ingest(read_inputs([str(CORPUS)], settings), store, settings, inputs=[str(CORPUS)]).stored


@dataclass
class WebStore:
    db: Path
    has_corpus: bool


def build_store(db: Path) -> WebStore:
    has_corpus = ingest_corpus(db) > 0
    with Store(db) as store:
        store.write_batch(to_record(document, content_hash(document), None) for document in handmade_articles())
        store.consolidate()
    return WebStore(db, has_corpus)


_built: dict[Path, WebStore] = {}


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> WebStore:
    """Built once per session, though each test module imports this fixture (and so has its own copy)."""
    db = tmp_path_factory.getbasetemp() / "web.duckdb"
    if db not in _built:
        _built[db] = build_store(db)
    return _built[db]


@pytest.fixture(scope="session")
def client(web_store):
    with TestClient(create_app(web_store.db)) as client:
        yield client


def actor_id(client: TestClient, name: str) -> str:
    """The id of the actor called exactly `name`."""
    items = client.get("/api/actors", params={"q": name[:7], "limit": 200}).json()["items"]
    return next(item["id"] for item in items if item["name"] == name)
