"""`newsledger serve`: safe defaults (loopback, read-only), clear errors (no store, a taken port),
an access log; and what any HTTP client may expect of the app (HEAD, links that work behind a proxy)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from e2e.webstore import client, web_store  # noqa: F401 (fixtures)
from newsledger.cli import serve
from newsledger.cli.app import app
from newsledger.web import create_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_defaults_to_loopback_and_read_only(web_store, monkeypatch):
    started = {}
    monkeypatch.setattr(serve, "run", lambda app, listening, **options: started.update(
        app=app, address=listening.getsockname(), **options))
    port = free_port()
    result = CliRunner().invoke(app, ["serve", "--db", str(web_store.db), "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert started["address"] == ("127.0.0.1", port)
    assert started["app"].state.access.allow_writes is False
    assert not any("POST" in getattr(route, "methods", ()) for route in started["app"].routes)


def test_serve_without_a_store_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert "newsledger ingest" in result.output


def test_serve_on_a_taken_port_fails_with_one_line_before_saying_serving(web_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(web_store.db), "--port", str(port)])
    assert result.exit_code == 3, result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "serving" not in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_running_server_logs_each_request(web_store):
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "newsledger"), "serve", "--db", str(web_store.db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                assert httpx.get(f"{base}/api/documents", params={"limit": 1}).status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.3)
        assert httpx.head(f"{base}/").status_code == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert re.search(r'"GET /api/documents\?limit=1 HTTP/1.1" 200', output), output
    assert '"HEAD / HTTP/1.1" 200' in output


def test_head_is_answered_like_get_without_a_body(client):
    for path in ("/", "/api/documents", "/static/app.css"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200
        assert head.headers["content-type"] == got.headers["content-type"] and head.content == b""


def test_pages_link_by_path_so_they_work_behind_a_proxy(web_store):
    with TestClient(create_app(web_store.db), root_path="/news") as proxied:
        html = proxied.get("/").text
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert stylesheet == "/news/static/app.css"
    assert "http://" not in " ".join(re.findall(r'(?:href|src)="([^"]+)"', html))


def test_the_api_takes_an_event_type_in_any_case(client):
    upper = client.get("/api/events", params={"type": "CONSULT"}).json()
    lower = client.get("/api/events", params={"type": "consult"})
    assert lower.status_code == 200 and lower.json()["total"] == upper["total"] > 0


def test_page_search_finds_quotes_by_a_speaker(client):
    html = client.get("/", params={"q": "Berg"}).text
    quotes = html.split('id="quotes"', 1)[1].split("</section>", 1)[0]
    assert "We came to listen" in quotes  # said by Anna Berg; the quote itself does not name her
