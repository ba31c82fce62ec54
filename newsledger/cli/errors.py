"""What the command line does with a failure the user cannot fix by changing arguments.

Exit statuses: 0 done, 1 some documents failed (each one reported), 2 usage (bad arguments),
3 environment: a missing model, no Ray cluster, a store another process holds, a file that is
not a store, a full disk. An environment failure is one line on stderr, never a traceback.
"""

from __future__ import annotations

import errno
import importlib.util
import socket
from pathlib import Path

import typer
from rich.console import Console

ENVIRONMENT_EXIT = 3
# How long `--address HOST:PORT` may take to answer before the run gives up on the cluster.
RAY_CONNECT_SECONDS = 10

# Errors are printed even under --quiet, which silences the reporting console.
errors = Console(stderr=True, highlight=False, soft_wrap=True)


class EnvironmentFailure(Exception):
    """Something about the machine, not the arguments, keeps the command from running."""


def explain(exc: BaseException) -> str | None:
    """The one-line explanation of a known environment failure, or None for a bug (shown as a traceback)."""
    from newsledger.web.remote import RemoteStoreError

    if isinstance(exc, (EnvironmentFailure, RemoteStoreError)):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "No space left on device" in str(exc):
        return f"the disk is full ({_first_line(exc)}): free space and run the command again; a stopped ingest resumes"
    return _duckdb_problem(exc)


def _duckdb_problem(exc: BaseException) -> str | None:
    import duckdb

    if not isinstance(exc, duckdb.Error):
        return None
    message = _first_line(exc)
    if "Could not set lock" in message:
        return (f"the store is in use by another process ({message}). A store has one writer at a time: "
                "stop the other process, or send documents to a running `newsledger serve --allow-writes` "
                "with `newsledger ingest ... --server URL`")
    if isinstance(exc, (duckdb.IOException, duckdb.SerializationException)) or "not a valid DuckDB" in message:
        return f"not a newsledger store, or a damaged one: {message}"
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def require_model(name: str) -> None:
    """A spaCy pipeline is an installed package or a folder; fail before reading any input otherwise."""
    if Path(name).is_dir() or importlib.util.find_spec(name.replace("-", "_")) is not None:
        return
    raise EnvironmentFailure(f"spaCy model {name!r} is not installed: install its package "
                             f"(pip install {name}-...whl) or pass --model with one that is")


def require_ray(address: str | None) -> None:
    """Ray is an optional extra, and a cluster address must answer: both are checked before the run,
    so a wrong address fails in seconds instead of hanging in Ray's own retries."""
    if importlib.util.find_spec("ray") is None:
        raise EnvironmentFailure("--engine ray needs Ray: pip install 'newsledger[ray]'")
    if address is None:
        return
    if address == "auto":
        address = _local_cluster()
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter(f"{address!r}: give HOST:PORT or auto", param_hint="--address")
    try:
        socket.create_connection((host, int(port)), timeout=RAY_CONNECT_SECONDS).close()
    except OSError as exc:
        raise EnvironmentFailure(f"no Ray cluster answers at {address} ({exc.strerror or exc}): "
                                 "start one (`ray start --head`) or leave out --address to run Ray on this machine") from None


def _local_cluster() -> str:
    """`--address auto` joins the cluster `ray start` left on this machine (RAY_ADDRESS, or Ray's
    record of its latest cluster)."""
    from ray._private.services import canonicalize_bootstrap_address

    try:
        address = canonicalize_bootstrap_address("auto")
    except ConnectionError:
        address = None
    if address is None:
        raise EnvironmentFailure("--address auto: no Ray cluster is running on this machine: "
                                 "start one with `ray start --head`, or leave out --address")
    return address
