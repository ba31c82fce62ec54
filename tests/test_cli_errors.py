"""Environment failures are one line and exit status 3, never a traceback; usage errors stay 2."""

import errno
import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from newsledger.cli.app import app
from raycluster import ray_head, without_ray_auth

ARTICLE = "Officials from Peru and Ghana met in Lima on Monday and agreed to talk again.\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "lima.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


def invoke(*args, **kwargs):
    return CliRunner().invoke(app, [str(a) for a in args], **kwargs)


def assert_one_line_environment_error(result, *words):
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(lines) == 1 and all(word in lines[0] for word in words), result.output


def test_a_model_that_is_not_installed(article):
    assert_one_line_environment_error(invoke("analyze", article, "--model", "en_core_web_nonesuch"),
                                      "en_core_web_nonesuch", "not installed")


def test_no_ray_cluster_at_an_address_fails_within_seconds(article, tmp_path):
    pytest.importorskip("ray")
    started = time.monotonic()
    result = invoke("ingest", article, "--db", tmp_path / "s.duckdb", "--engine", "ray", "--address", "127.0.0.1:1")
    assert_one_line_environment_error(result, "127.0.0.1:1")
    assert time.monotonic() - started < 30


def test_no_ray_cluster_for_address_auto(article, tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setenv("RAY_TMPDIR", str(tmp_path / "ray"))  # no record of a cluster started earlier
    monkeypatch.setattr("ray._private.services._find_address_from_flag", lambda flag: set())
    result = invoke("ingest", article, "--db", tmp_path / "s.duckdb", "--engine", "ray", "--address", "auto")
    assert_one_line_environment_error(result, "auto", "no Ray cluster")


@pytest.fixture(scope="module")
def token_cluster(tmp_path_factory):
    """(address, token) of a running Ray head that refuses clients without its token."""
    pytest.importorskip("ray")
    home = tmp_path_factory.mktemp("head")
    with ray_head(home, auth_mode="token") as address:
        yield address, (home / ".ray" / "auth_token").read_text(encoding="utf-8").strip()


@pytest.mark.slow
def test_a_ray_cluster_that_demands_a_token_we_do_not_have(token_cluster, article, tmp_path):
    address, _ = token_cluster
    env = without_ray_auth(os.environ, tmp_path / "client")  # no token anywhere the client looks
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", "from newsledger.cli.app import main; main()", "ingest", article,
                          "--db", str(tmp_path / "s.duckdb"), "--engine", "ray", "--address", address],
                         capture_output=True, text=True, env=env, timeout=120)
    assert time.monotonic() - started < 30
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr and run.stderr.strip().count("\n") == 0, run.stderr
    assert run.stderr.startswith("error") and "demands a token" in run.stderr and address in run.stderr


@pytest.mark.slow
def test_the_ray_handshake_passes_with_the_cluster_token(token_cluster, tmp_path):
    from newsledger.cli.errors import GREETED

    address, token = token_cluster
    env = {**without_ray_auth(os.environ, tmp_path / "client"), "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": token}
    handshake = subprocess.run([sys.executable, "-c", "import sys; from newsledger.cli.errors import greet; "
                                "print(greet(sys.argv[1], 'False'))", address],
                               capture_output=True, text=True, env=env, timeout=60)
    assert handshake.stdout.strip() == GREETED, handshake.stderr


def test_an_address_that_is_not_a_ray_cluster(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    import socket

    from newsledger.cli import errors

    monkeypatch.setattr(errors, "RAY_GREET_SECONDS", 3)
    with socket.create_server(("127.0.0.1", 0)) as listener:  # accepts, and never speaks Ray
        address = f"127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(errors.EnvironmentFailure, match="does not answer as a Ray cluster"):
            errors.require_ray(address)


def test_a_store_another_process_holds(article, tmp_path):
    db = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert_one_line_environment_error(invoke("ingest", article, "--db", db), "in use by another process")
    finally:
        holder.kill()
        holder.wait()


def test_a_file_that_is_not_a_store(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database\n", encoding="utf-8")
    assert_one_line_environment_error(invoke("query", "events", "--db", db), "not a newsledger store")


def test_a_full_disk(article, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newsledger.store.Store.write_batch", full)
    assert_one_line_environment_error(invoke("ingest", article, "--db", tmp_path / "s.duckdb"), "disk is full")


def test_a_missing_store_is_a_usage_error(tmp_path):
    assert invoke("query", "events", "--db", tmp_path / "absent.duckdb").exit_code == 2


def test_version_and_help_in_words():
    from importlib.metadata import version

    assert invoke("--version").output.strip() == f"newsledger {version('newsledger')}"
    for command in (["--help"], ["analyze", "--help"], ["ingest", "--help"], ["query", "sql", "--help"]):
        shown = invoke(*command, env={"COLUMNS": "160"}).output
        assert not any(python in shown for python in ("<bool>", "<str>", "list[", "{inputs}")), shown
    assert "INPUT..." in invoke("analyze", "--help", env={"COLUMNS": "160"}).output


def test_quiet_prints_no_summary_and_verbose_says_what_it_does(article, monkeypatch):
    from newsledger.cli.progress import stderr

    monkeypatch.setattr(stderr, "quiet", False)  # the app sets it per run; restored for other tests' apps
    assert "1 document(s) processed" in invoke("analyze", article, "--format", "jsonl").output
    quiet = invoke("-q", "analyze", article, "--format", "jsonl")
    assert quiet.exit_code == 0 and "processed" not in quiet.output and '"id"' in quiet.output
    assert "loading spaCy model" in invoke("-v", "analyze", article, "--format", "jsonl").output
