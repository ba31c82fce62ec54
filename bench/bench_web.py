"""A bounded load test of the web app on loopback: the article view and the events query.

    .venv/bin/python bench/bench_web.py [--db PATH] [--requests 2000] [--concurrency 8]

Serves the store with uvicorn in a child process on a free 127.0.0.1 port (without --db, it first
builds one from examples/corpus, as `newsledger ingest` does), then sends a fixed number of requests
with a fixed number in flight (httpx, async) to each endpoint in turn and prints requests/s, p95
latency and the error count (which must be 0). Each endpoint's rate is also given as a ratio to a
static file served by the same app in the same run, so the numbers mean something on any machine.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"
SERVER = """
import sys, uvicorn
from newsledger.web import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="error")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_store(db: Path) -> int:
    """Analyzes examples/corpus into a new store, as `newsledger ingest` does; returns how many were stored."""
    from newsledger.corpus import ingest
    from newsledger.ingest import read_inputs
    from newsledger.settings import Settings
    from newsledger.store import Store

    settings = Settings.from_env()
    with Store(db) as store:
        return ingest(read_inputs([str(CORPUS)], settings), store, settings, inputs=[str(CORPUS)]).stored


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            if httpx.get(f"{base}/api/documents?limit=1", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


async def load(client: httpx.AsyncClient, url: str, requests: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = 0
    remaining = iter(range(requests))

    async def worker() -> None:
        nonlocal errors
        for _ in remaining:
            start = time.perf_counter()
            try:
                response = await client.get(url)
                errors += response.status_code != 200
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rate": requests / elapsed, "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))], "errors": errors}


async def run(base: str, requests: int, concurrency: int) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        documents = (await client.get("/api/documents", params={"limit": 1})).json()["items"]
        if not documents:
            print("the store holds no document to benchmark")
            return 1
        targets = {
            "static file (baseline)": "/static/app.css",
            "article view": f"/documents/{documents[0]['id']}",
            "events query": "/api/events?start=2000-01-01&limit=50",
        }
        results = {name: await load(client, url, requests, concurrency) for name, url in targets.items()}
    baseline = results["static file (baseline)"]["rate"]
    for name, result in results.items():
        print(f"{name:24s} {result['rate']:8.1f} req/s  p95 {result['p95_ms']:6.1f} ms  errors {result['errors']}"
              f"  ({result['rate'] / baseline:.2f}x the static file's rate)")
    errors = sum(result["errors"] for result in results.values())
    print(f"{requests} requests x {len(targets)} endpoints, {concurrency} in flight: {errors} errors")
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to serve (default: build one from examples/corpus)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or Path(scratch) / "bench.duckdb"
        if args.db is None and not build_store(db):
            print(f"skipping: no article of {CORPUS} could be analyzed and stored")
            return 0
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)])
        try:
            wait_until_up(base, server)
            return asyncio.run(run(base, args.requests, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
