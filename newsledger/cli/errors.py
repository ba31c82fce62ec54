"""What the command line does with a failure the user cannot fix by changing arguments.

Exit statuses: 0 done, 1 some documents failed (each one reported), 2 usage (bad arguments),
3 environment: a missing model, no Ray cluster (or one that refuses our token), a store another
process holds, a file that is not a store, a full disk. An environment failure is one line on stderr, never a traceback.
"""

from __future__ import annotations

import errno
import importlib.util
import socket
import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console

ENVIRONMENT_EXIT = 3
# How long `--address HOST:PORT` may take to answer before the run gives up on the cluster.
RAY_CONNECT_SECONDS = 10
# How long the handshake with a cluster that answers may take (it starts a Python that imports Ray).
RAY_GREET_SECONDS = 15
GREETED, TOKEN_REFUSED = "greeted", "token refused"

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
    requested = address
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
    if not address.startswith("ray://"):  # a Ray Client server speaks its own protocol, not the cluster's
        _greet_cluster(address, found_by_auto=requested == "auto")


def _greet_cluster(address: str, found_by_auto: bool) -> None:
    """One handshake with the cluster, in a child process that takes Ray's own log lines and is killed
    when it hangs: Ray itself retries a refused token for some 20 s and then shows a traceback, and
    waits 40 s on a port that is not Ray's."""
    handshake = "import sys; from newsledger.cli.errors import greet; print(greet(*sys.argv[1:]))"
    try:
        child = subprocess.run([sys.executable, "-c", handshake, address, str(found_by_auto)],
                               capture_output=True, text=True, timeout=RAY_GREET_SECONDS)
    except subprocess.TimeoutExpired:
        raise EnvironmentFailure(f"{address} does not answer as a Ray cluster within {RAY_GREET_SECONDS} s: "
                                 "give the head node's address (`ray status` on it prints it)") from None
    answer = (child.stdout.strip().splitlines() or child.stderr.strip().splitlines() or ["no answer"])[-1]
    if answer == TOKEN_REFUSED:
        raise EnvironmentFailure(f"the Ray cluster at {address} demands a token this run does not have: set "
                                 "RAY_AUTH_MODE=token and the cluster's token in RAY_AUTH_TOKEN or ~/.ray/auth_token "
                                 "(`ray get-auth-token` on its head prints it)")
    if answer != GREETED:
        raise EnvironmentFailure(f"the Ray cluster at {address} does not answer: {answer}")


def greet(address: str, found_by_auto: str) -> str:
    """The handshake _greet_cluster runs in its child: GREETED, TOKEN_REFUSED or the error's first line.
    The token is the one ray.init would send."""
    from ray._private.authentication.authentication_token_setup import (
        ensure_token_if_auth_enabled, maybe_enable_token_auth_if_token_available)
    from ray._raylet import GcsClient
    from ray.exceptions import AuthenticationError

    if found_by_auto == "True":  # as ray.init does: a token on this machine turns token mode on for a local cluster
        maybe_enable_token_auth_if_token_available(warn_if_disabled=False)
    try:
        ensure_token_if_auth_enabled(create_token_if_missing=False)
        GcsClient(address=address)
    except AuthenticationError:
        return TOKEN_REFUSED
    except Exception as exc:  # any other refusal is reported in the parent's one line
        return _first_line(exc)
    return GREETED


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
