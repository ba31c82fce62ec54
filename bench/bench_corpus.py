"""Corpus runs: throughput against a bare spaCy parse, scaling with workers, memory per worker.

    .venv/bin/python bench/bench_corpus.py [--limit N]

On the PolNeAR train texts (the first --limit of them, sorted by name; all 840 with --limit 0),
measured in this one run:
1. bare `nlp.pipe` of the same model over the same texts (the floor: parse only, no store);
2. `ingest` with one worker (in process): clean, parse, every stage, rows, DuckDB writes;
3. `ingest` with two worker processes.
Prints the ratios one worker / bare parse (target >= 0.75; in wall-clock and CPU time, the
latter unaffected by other load) and two workers / one (target >= 1.6 on 2 free cores; wall
clock, so a busy machine understates it: Linux shares CPU between sessions, not processes, so
while other sessions run, more workers do not get more cores; the CPU lines show what the
parallel run cost and how many cores it got), and the peak RSS of a worker process (target < 1 GB).
Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
TEXTS = SHARED / "data" / "polnear" / "train" / "text"


def load_texts(limit: int) -> list[tuple[str, str]]:
    paths = sorted(TEXTS.glob("*.txt"))
    if limit:
        paths = paths[:limit]
    return [(path.stem, path.read_text(encoding="utf-8")) for path in paths]


class Timer:
    """Wall-clock and this process's CPU seconds of a block."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def bare_parse(settings, texts: list[tuple[str, str]]) -> Timer:
    from newsledger.nlp import load_model

    nlp = load_model(settings.model)
    with Timer() as timer:
        for _ in nlp.pipe((text for _, text in texts), batch_size=settings.batch_size):
            pass
    return timer


def run_ingest(settings, texts: list[tuple[str, str]], workers: int, folder: Path) -> Timer:
    from newsledger.corpus import ingest
    from newsledger.model import Document
    from newsledger.store import Store

    documents = (Document(id=name, text=text) for name, text in texts)
    with Store(folder / f"bench-{workers}.duckdb") as store:
        with Timer() as timer:
            summary = ingest(documents, store, settings, workers=workers)
    if summary.failed:
        # A stage that raises costs its document the later stages: the ratios then flatter ingest.
        reasons = sorted({f"{r.error['stage']}: {r.error['message']}" for r in summary.failures})
        print(f"warning: {summary.failed} of {len(texts)} documents failed with {workers} worker(s): {'; '.join(reasons)}")
    return timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="texts to use (0: all)")
    args = parser.parse_args()
    if not TEXTS.is_dir():
        print(f"skipped: {TEXTS} is absent (this benchmark reads the shared PolNeAR texts)")
        return
    from newsledger.settings import Settings

    settings = Settings.from_env()
    texts = load_texts(args.limit)
    words = sum(len(text.split()) for _, text in texts)
    print(f"{len(texts)} PolNeAR train texts ({words:,} words), model {settings.model}, batch {settings.batch_size}")

    bare = bare_parse(settings, texts)
    with tempfile.TemporaryDirectory() as folder:
        one = run_ingest(settings, texts, 1, Path(folder))
        two = run_ingest(settings, texts, 2, Path(folder))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children: the largest worker process of the two-worker run (KiB on Linux).
    worker_rss_mb = workers.ru_maxrss / 1024
    two_cpu = workers.ru_utime + workers.ru_stime + two.cpu
    print(f"bare nlp.pipe: {len(texts) / bare.wall:.1f} docs/s; ingest 1 worker: {len(texts) / one.wall:.1f} docs/s; "
          f"2 workers: {len(texts) / two.wall:.1f} docs/s (wall clock)")
    print(f"peak RSS of a worker: {worker_rss_mb:.0f} MB (target < 1024)")
    # One worker runs in this process, so its CPU time is all the work: a ratio other load cannot skew.
    print(f"ratios: 1 worker / bare parse = {bare.wall / one.wall:.2f} wall, {bare.cpu / one.cpu:.2f} CPU "
          f"(target >= 0.75); 2 workers / 1 worker = {one.wall / two.wall:.2f} wall (target >= 1.6)")
    # CPU the two-worker run spent (workers' start-up included) per CPU second of the one-worker run:
    # what parallelism costs, unaffected by how busy the machine is.
    print(f"CPU of the 2-worker run / CPU of the 1-worker run = {two_cpu / one.cpu:.2f}; "
          f"2 workers reached {two_cpu / two.wall:.2f} busy cores")


if __name__ == "__main__":
    main()
