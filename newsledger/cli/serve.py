"""`newsledger serve`: the web app and REST API over a store."""

from __future__ import annotations

from pathlib import Path

import typer

from newsledger.cli.corpus import DEFAULT_DB
from newsledger.cli.progress import stderr


def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="the store to serve (made by `newsledger ingest`)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; the default is this machine only"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    allow_writes: bool = typer.Option(False, "--allow-writes", help="open the store for writing and enable POST /api/documents"),
) -> None:
    """Serve the analyst's pages and the REST API (/api, spec at /openapi.json) over a store."""
    import uvicorn

    from newsledger.web import create_app

    if not db.exists():
        raise typer.BadParameter(f"no store at {db}: run `newsledger ingest INPUT --db {db}` first", param_hint="--db")
    app = create_app(db, allow_writes=allow_writes)
    mode = "read-write" if allow_writes else "read-only"
    stderr.print(f"serving {db} ({mode}) on http://{host}:{port}/", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
