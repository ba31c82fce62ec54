"""The REST API over a store holding our hand-made articles (and the example corpus once ingest exists)."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from e2e.articles import HOSTILE_MARKUP, lakeside_talks
from e2e.webstore import actor_id, client, web_store  # noqa: F401 (fixtures)
from newsledger.model import Document
from newsledger.web import create_app
from newsledger.web.api import MAX_LIMIT



def test_documents_search_by_text_outlet_and_date(client):
    found = client.get("/api/documents", params={"q": "DAM GATES"}).json()
    assert [item["id"] for item in found["items"]] == ["lakeside-talks"]
    assert found["total"] == 1
    by_outlet = client.get("/api/documents", params={"outlet": "test wire"}).json()["items"]
    assert {item["id"] for item in by_outlet} == {"lakeside-talks", "denied-attack"}
    in_range = client.get("/api/documents", params={"start": "2024-03-06", "end": "2024-03-06"}).json()
    assert [item["id"] for item in in_range["items"]] == ["hostile"]


def test_search_text_is_literal_not_a_pattern(client):
    assert client.get("/api/documents", params={"q": "%"}).json()["total"] == 0


def test_pagination_reports_total_and_pages(client):
    everything = client.get("/api/events", params={"limit": MAX_LIMIT}).json()
    first = client.get("/api/events", params={"limit": 1}).json()
    second = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == everything["total"] >= 4
    assert [first["items"][0], second["items"][0]] == everything["items"][:2]


@pytest.mark.parametrize("params", [{"limit": MAX_LIMIT + 1}, {"limit": 0}, {"offset": -1}, {"start": "2024-13-40"},
                                    {"type": "DANCE"}])
def test_invalid_parameters_are_422(client, params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_one_document_has_every_layer(client):
    data = client.get("/api/documents/lakeside-talks").json()
    document = Document.from_json_dict(data)
    assert document == lakeside_talks()


def test_unknown_things_are_json_404(client):
    for path in ("/api/documents/nope", "/api/documents/nope/readout", "/api/actors/nobody", "/api/nothing"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "detail" in response.json()


def test_readout_as_json(client):
    readout = client.get("/api/documents/lakeside-talks/readout").json()
    assert readout["headline"] == "Norland and Sudria hold river talks in Lakeside"
    assert readout["timeline"][1]["status"] == "scheduled"


def test_actor_search_and_profile(client):
    berg = client.get(f"/api/actors/{actor_id(client, 'Anna Berg')}").json()
    assert (berg["type"], berg["code"], berg["sector"], berg["roles"]) == ("PERSON", "NOR", "GOV", ["Foreign Minister"])
    assert sorted(quote["text"] for quote in berg["quotes"]["items"]) == [
        "We came to listen and we will come back,", "the talks were useful"]
    haddad = client.get(f"/api/actors/{actor_id(client, 'Omar Haddad')}").json()
    assert [event["type"] for event in haddad["events"]["items"]] == ["ACCUSE"]
    assert haddad["counterparts"] == [{"name": "Norland", "relation": "acted on", "events": 1}]


def test_quotes_by_speaker_text_and_date(client):
    by_speaker = client.get("/api/quotes", params={"speaker": "berg"}).json()
    assert by_speaker["total"] == 2
    assert {item["speaker_name"] for item in by_speaker["items"]} == {"Anna Berg"}
    assert client.get("/api/quotes", params={"q": "come back"}).json()["items"][0]["id"] == "q1"
    assert client.get("/api/quotes", params={"speaker": "berg", "start": "2024-03-06"}).json()["total"] == 0


def test_events_by_type_codes_place_and_date(client):
    def ids(**params):
        return sorted((item["document_id"], item["id"]) for item in client.get("/api/events", params=params).json()["items"])

    assert ids(type="ACCUSE", actor_code="NOR") == [("lakeside-talks", "v2")]
    assert ids(source="SDR", target="NOR") == [("lakeside-talks", "v2")]
    assert ids(actor_code="sdr", type="CONSULT") == [("lakeside-talks", "v1"), ("lakeside-talks", "v3")]
    assert ids(place="harbor") == [("lakeside-talks", "v3")]
    # An event dated only to the month overlaps a range that starts inside that month.
    assert ids(start="2024-04-15", actor_code="SDR") == [("lakeside-talks", "v3")]
    assert ids(end="2024-03-05", actor_code="SDR") == [("lakeside-talks", "v1"), ("lakeside-talks", "v2")]
    assert ids(status="scheduled", actor_code="SDR") == [("lakeside-talks", "v3")]


def test_timeline_is_in_date_order_and_marks_scheduled_events(client):
    items = client.get("/api/timeline", params={"actor_code": "NOR"}).json()["items"]
    dates = [item["when"] for item in items]
    assert dates == sorted(dates)
    assert items[-1]["status"] == "scheduled" and items[-1]["date"] == "2024-04"


def test_network_weights_edges_by_events(client):
    graph = client.get("/api/network", params={"type": "CONSULT", "actor_code": "NOR"}).json()
    sudria = f"actor:{actor_id(client, 'Sudria')}"
    assert graph["edges"] == [{"source": "NOR", "target": sudria, "weight": 2, "types": ["CONSULT"]}]
    nodes = {node["id"]: node for node in graph["nodes"]}
    assert nodes["NOR"]["kind"] == "country" and nodes["NOR"]["name"] == "Norway"
    assert (nodes[sudria]["kind"], nodes[sudria]["label"], nodes[sudria]["events"]) == ("actor", "Sudria", 2)


def test_places_have_points_and_country_counts(client):
    places = client.get("/api/places", params={"q": "Lakeside"}).json()
    assert places["points"] == [{"document_id": "lakeside-talks", "id": "v1", "type": "CONSULT", "date": "2024-03-05",
                                 "place": "Lakeside", "lat": 59.9, "lon": 10.7}]
    assert places["countries"] == [{"code": "NOR", "events": 1, "numeric": "578", "name": "Norway"}]


def test_openapi_spec_lists_the_api_and_no_write_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/events", "/api/timeline", "/api/actors/{actor_id}"} <= set(spec["paths"])
    assert not any("post" in operations for operations in spec["paths"].values())


def test_no_writes_without_allow_writes(client):
    assert client.post("/api/documents", json={"text": "Norland thanked Sudria."}).status_code == 405


def test_request_body_limit_is_413(client):
    response = client.post("/api/documents", content=b"x" * 3_000_000)
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_writes_with_allow_writes(web_store, tmp_path):
    writable = shutil.copy(web_store.db, tmp_path / "writable.duckdb")
    analyzed = lakeside_talks()

    def analyze(document: Document) -> Document:
        return analyzed.model_copy(update={"id": document.id, "title": document.title})

    with TestClient(create_app(writable, allow_writes=True, analyze=analyze)) as writer:
        created = writer.post("/api/documents", json={"id": "posted", "text": analyzed.text, "title": "Posted"})
        assert created.status_code == 201, created.text
        assert created.json() == {"id": "posted", "quotes": 2, "events": 3}
        assert writer.get("/api/documents/posted").json()["title"] == "Posted"
        assert writer.post("/api/documents", json={"text": ""}).status_code == 422


def test_hostile_text_comes_back_as_data(client):
    assert HOSTILE_MARKUP in client.get("/api/documents/hostile").json()["text"]


def test_example_corpus_is_served(web_store, client):
    if not web_store.has_corpus:
        pytest.skip("no example article could be analyzed and stored")
    documents = client.get("/api/documents", params={"q": "Geneva"}).json()
    assert "geneva-talks" in {item["id"] for item in documents["items"]}


def test_readout_as_markdown_and_html(client):
    markdown = client.get("/api/documents/lakeside-talks/readout", params={"format": "md"})
    assert markdown.status_code == 200 and "Norland and Sudria hold river talks" in markdown.text
    html = client.get("/api/documents/hostile/readout", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/plain")


def test_network_leaves_out_what_did_not_happen(client):
    denied = client.get("/api/events", params={"type": "ASSAULT", "actor_code": "NOR"}).json()["items"]
    assert [(event["document_id"], event["negated"]) for event in denied] == [("denied-attack", True)]
    assert client.get("/api/network", params={"type": "ASSAULT", "actor_code": "NOR"}).json() == {"nodes": [], "edges": []}


def test_document_snippet_shows_where_the_text_matches(client):
    item = client.get("/api/documents", params={"q": "dam gates"}).json()["items"][0]
    assert "dam gates" in item["snippet"]
    assert client.get("/api/documents", params={"outlet": "test wire"}).json()["items"][-1]["snippet"].startswith("Foreign ministers")
