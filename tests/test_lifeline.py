"""Workers die with their parent: after kill -9 of the parent, no worker survives 10 s (issue #17 row 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")

SURVIVAL_SECONDS = 10


def children_of(pid: int) -> set[int]:
    from newsledger.lifeline import _descendants, _parents

    return _descendants(pid, _parents())


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_and_watch(parent: subprocess.Popen, workers: set[int]) -> set[int]:
    """Kills the parent with SIGKILL; returns the workers still alive 10 s later."""
    assert workers, "the parent started no worker"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + SURVIVAL_SECONDS
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    return {pid for pid in workers if alive(pid)}


def start(script: str, ready: str) -> subprocess.Popen:
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == ready
    return parent


def test_a_worker_calling_die_with_parent_dies_with_it():
    parent = start(
        "import multiprocessing, os, time\n"
        "from newsledger.lifeline import die_with_parent\n"
        "def work(parent_pid):\n"
        "    die_with_parent(parent_pid)\n"
        "    time.sleep(600)\n"
        "if __name__ == '__main__':\n"
        "    for _ in range(2):\n"
        "        multiprocessing.get_context('spawn').Process(target=work, args=(os.getpid(),)).start()\n"
        "    time.sleep(2)\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(600)\n", "ready")
    workers = children_of(parent.pid)
    assert not kill_and_watch(parent, workers)


def test_the_html_extraction_worker_dies_with_its_parent():
    parent = start(
        "import time\n"
        "from newsledger.ingest.html import ArticleExtractor\n"
        "extractor = ArticleExtractor(30)\n"
        "extractor.extract('<html><body><article><p>' + 'The envoy spoke. ' * 40 + '</p></article></body></html>')\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n", "ready")
    workers = children_of(parent.pid)
    assert not kill_and_watch(parent, workers)


def test_pool_workers_of_an_ingest_die_with_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(1500):  # enough that the run is still going when its workers are up
        (corpus / f"d{number}.txt").write_text(f"Minister Alma Voss said on Tuesday that talks would resume. {number}")
    parent = subprocess.Popen([sys.executable, "-c", "from newsledger.cli.app import main; main()", "ingest", str(corpus),
                               "--db", str(tmp_path / "k.duckdb"), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    # killed as soon as both forked workers exist, while they may still be starting
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.1)
        workers = children_of(parent.pid)
    assert parent.poll() is None, "the ingest ended before its workers could be seen"
    assert not kill_and_watch(parent, workers)


def test_processes_started_by_a_library_die_with_a_guarded_parent():
    # what Ray's local cluster does: helper processes in their own session, one started by another
    parent = start(
        "import subprocess, sys, time\n"
        "from newsledger.lifeline import guard_descendants\n"
        "guard_descendants()\n"
        "subprocess.Popen([sys.executable, '-c', 'import subprocess, time; subprocess.Popen([\"sleep\", \"600\"]); time.sleep(600)'],"
        " start_new_session=True)\n"
        "time.sleep(3)\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n", "ready")
    watchdog_and_helpers = children_of(parent.pid)
    helpers = {pid for pid in watchdog_and_helpers if "lifeline" not in Path(f"/proc/{pid}/cmdline").read_text()}
    assert len(helpers) == 2
    assert not kill_and_watch(parent, helpers)


def test_processes_a_library_starts_and_reparents_die_with_a_guarded_parent():
    # a daemon: its parent exits at once, so it is re-parented and no longer a descendant
    parent = start(
        "import subprocess, sys, time\n"
        "from newsledger.lifeline import guard_descendants\n"
        "guard_descendants()\n"
        "subprocess.Popen([sys.executable, '-c', 'import subprocess; subprocess.Popen([\"sleep\", \"600\"], start_new_session=True)']).wait()\n"
        "time.sleep(2)\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n", "ready")
    from newsledger.lifeline import marked

    daemons = {pid for pid in marked(parent.pid) if "lifeline" not in Path(f"/proc/{pid}/cmdline").read_text()}
    assert len(daemons) == 1 and not children_of(parent.pid) & daemons
    assert not kill_and_watch(parent, daemons)


@pytest.mark.slow
def test_a_local_ray_cluster_dies_with_the_run_that_started_it():
    pytest.importorskip("ray")
    parent = start(
        "import time\n"
        "from newsledger.corpus.engines import make_engine\n"
        "from newsledger.settings import Settings\n"
        "with make_engine('ray', Settings(), 'run', workers=1):\n"
        "    time.sleep(3)\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(600)\n", "ready")
    from newsledger.lifeline import marked

    ray_processes = {pid for pid in marked(parent.pid) | children_of(parent.pid)
                     if "newsledger.lifeline" not in Path(f"/proc/{pid}/cmdline").read_text()}
    assert len(ray_processes) >= 3  # at least the GCS server, the raylet and the actor's worker
    assert not kill_and_watch(parent, ray_processes)
