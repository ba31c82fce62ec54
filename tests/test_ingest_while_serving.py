"""Ingest while serving: `newsledger ingest --server URL` stores through a running
`newsledger serve --allow-writes`, which keeps the store; every document lands once and the
pages stay up throughout."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from test_corpus import write_corpus

NEWSLEDGER = str(Path(sys.executable).parent / "newsledger")
DOCUMENTS = 12


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/api/summary", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
        time.sleep(0.3)


class PageWatcher(threading.Thread):
    """Loads the search page and the documents API until stopped; keeps every status and count seen."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.statuses, self.totals = base, [], []
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                self.statuses.append(client.get("/").status_code)
                documents = client.get("/api/documents", params={"limit": 1})
                self.statuses.append(documents.status_code)
                if documents.status_code == 200:
                    self.totals.append(documents.json()["total"])
                time.sleep(0.05)


@pytest.mark.slow
def test_ingest_into_a_store_that_is_being_served(tmp_path):
    db = tmp_path / "served.duckdb"
    first = write_corpus(tmp_path / "first", 2)
    subprocess.run([NEWSLEDGER, "ingest", str(first), "--db", str(db)], check=True, capture_output=True)
    corpus = write_corpus(tmp_path / "corpus", DOCUMENTS)  # its first two are the ones stored already

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([NEWSLEDGER, "serve", "--db", str(db), "--port", str(port), "--allow-writes",
                               "--no-access-log"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_up(base, server)
        watcher = PageWatcher(base)
        watcher.start()
        # Without --server the store is the server's: a one-line error, exit 3.
        locked = subprocess.run([NEWSLEDGER, "ingest", str(corpus), "--db", str(db)], capture_output=True, text=True)
        assert locked.returncode == 3 and "--server" in locked.stderr, locked.stderr
        ingested = subprocess.run([NEWSLEDGER, "ingest", str(corpus), "--server", base, "--batch-size", "3"],
                                  capture_output=True, text=True)
        again = subprocess.run([NEWSLEDGER, "ingest", str(corpus), "--server", base], capture_output=True, text=True)
        watcher.stop.set()
        watcher.join(timeout=60)
        summary = httpx.get(f"{base}/api/summary").json()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)

    assert ingested.returncode == 0, ingested.stderr
    assert f"{DOCUMENTS - 2} stored, 2 skipped" in ingested.stderr
    assert again.returncode == 0 and f"0 stored, {DOCUMENTS} skipped" in again.stderr, again.stderr
    assert summary["documents"] == DOCUMENTS
    # The pages answered throughout, and the count of documents only ever grew, batch by batch.
    assert watcher.statuses and set(watcher.statuses) == {200}, output
    assert watcher.totals == sorted(watcher.totals) and watcher.totals[0] >= 2
    # Batches of 3 over the 12 inputs, the first holding the 1 new of its 3: a reader sees a
    # batch whole or not at all.
    assert set(watcher.totals) <= {2, 3, 6, 9, 12}, watcher.totals
    with duckdb.connect(str(db), read_only=True) as store:
        ids = [row[0] for row in store.execute("SELECT id FROM documents").fetchall()]
        runs = store.execute("SELECT status, stored, skipped FROM runs ORDER BY started_at").fetchall()
    assert sorted(ids) == [f"report-{n:03d}" for n in range(DOCUMENTS)]
    assert runs[1:] == [("done", DOCUMENTS - 2, 2), ("done", 0, DOCUMENTS)]
