"""`newsledger serve`: safe defaults (loopback, read-only) and a clear error without a store."""

from __future__ import annotations

import typer
import uvicorn
from typer.testing import CliRunner

from e2e.webstore import web_store  # noqa: F401 (fixture)
from newsledger.cli import serve


def cli() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    serve.register(app)
    return app


def test_serve_defaults_to_loopback_and_read_only(web_store, monkeypatch):
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    result = CliRunner().invoke(cli(), ["serve", "--db", str(web_store.db), "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("127.0.0.1", 8765)
    assert started["app"].state.access.allow_writes is False
    assert not any("POST" in getattr(route, "methods", ()) for route in started["app"].routes)


def test_serve_without_a_store_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(cli(), ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert "newsledger ingest" in result.output
