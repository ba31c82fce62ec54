"""The web app answers every stored id (issue #17 row 6), and sets its headers on error pages too."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newsledger.model import Document
from newsledger.store import Store
from newsledger.store.records import content_hash, to_record
from newsledger.web import create_app
from newsledger.web.app import SECURITY_HEADERS

ODD_IDS = ("2022/01/x", "https://example.test/a?b=1#c", "50% off", "ends/readout", "é and spaces")
TEXT = "“We will not sign,” Minister Alma Voss said on Monday. Norway threatened Peru with sanctions on Monday."


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory, raw_analyzer):
    db = tmp_path_factory.mktemp("ids") / "ids.duckdb"
    documents = [raw_analyzer.analyze_one(Document(id=doc_id, text=TEXT, published="2022-01-10")) for doc_id in ODD_IDS]
    assert all(document.error is None for document in documents)
    with Store(db) as store:
        store.write_batch(to_record(document, content_hash(document), None) for document in documents)
        store.consolidate()
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/timeline", "/network", "/map", "/?q=Voss"])
def test_pages_listing_odd_ids_answer(odd_client, path):
    assert odd_client.get(path).status_code == 200


def test_every_stored_id_has_its_page_and_api_answer(odd_client):
    links = {unescape(href) for href in re.findall(r'href="(/documents/[^"]+)"', odd_client.get("/").text)}
    assert len(links) == len(ODD_IDS)
    for link in links:
        assert odd_client.get(link).status_code == 200, link
    for doc_id in ODD_IDS:
        assert odd_client.get(f"/documents/{quote(doc_id, safe='')}").status_code == 200, doc_id
        assert odd_client.get(f"/api/documents/{quote(doc_id, safe='')}").json()["id"] == doc_id
        assert odd_client.get(f"/api/documents/{quote(doc_id, safe='')}/readout").status_code == 200, doc_id


def test_actor_pages_answer(odd_client):
    actors = odd_client.get("/api/actors", params={"limit": 200}).json()["items"]
    assert actors
    for actor in actors:
        assert odd_client.get(f"/actors/{quote(actor['id'], safe='')}").status_code == 200, actor["id"]


def test_a_server_error_carries_the_security_headers(tmp_path):
    with Store(tmp_path / "s.duckdb"):
        pass
    app = create_app(tmp_path / "s.duckdb")

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        for path in ("/boom",):
            response = client.get(path)
            assert response.status_code == 500
            assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
