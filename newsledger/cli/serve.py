"""`newsledger serve`: the web app and REST API over a store."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import typer

from newsledger.cli.corpus import DEFAULT_DB
from newsledger.cli.errors import EnvironmentFailure
from newsledger.cli.progress import stderr


def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="the store to serve (made by `newsledger ingest`)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; the default is this machine only"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    allow_writes: bool = typer.Option(False, "--allow-writes",
                                      help="open the store for writing and accept documents (POST /api/documents, "
                                           "/api/batches: `newsledger ingest --server URL`)"),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="log every request on standard output"),
) -> None:
    """Serve the analyst's pages and the REST API (/api, spec at /openapi.json) over a store."""
    from newsledger.web import create_app

    if not db.exists():
        raise typer.BadParameter(f"no store at {db}: run `newsledger ingest INPUT --db {db}` first", param_hint="--db")
    listening = bind(host, port)
    app = create_app(db, allow_writes=allow_writes)
    mode = "read-write" if allow_writes else "read-only"
    stderr.print(f"serving {db} ({mode}) on http://{host}:{port}/", highlight=False)
    run(app, listening, access_log=access_log and not stderr.quiet)


def bind(host: str, port: int) -> socket.socket:
    """Binds before saying "serving": a taken port is a one-line error (exit 3), not a log line after it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise EnvironmentFailure(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                                 "(another server there? choose another --port)") from None
    return listening


def run(app, listening: socket.socket, access_log: bool) -> None:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=access_log)
    # uvicorn's access lines are INFO; its other messages stay at warnings.
    logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    uvicorn.Server(config).run(sockets=[listening])


def register(app: typer.Typer) -> None:
    app.command()(serve)
