"""Engines turn a stream of task batches into a stream of record batches.

`make_engine(...)` is a context manager yielding `analyze(batches) -> Iterator[list[DocumentRecord]]`.
Every engine consumes its input lazily and keeps only a bounded number of batches in flight, so
memory does not grow with the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice

from threadpoolctl import threadpool_limits

from newsledger.corpus import Task, analyze_tasks
from newsledger.lifeline import die_with_parent, guard_descendants
from newsledger.pipeline import Analyzer, batched
from newsledger.settings import Settings
from newsledger.store.records import DocumentRecord

Engine = Callable[[Iterable[list[Task]]], Iterator[list[DocumentRecord]]]
ENGINES = ("local", "ray")
# Batches queued per worker: enough that no worker waits for the reader, few enough to bound memory.
BATCHES_PER_WORKER = 2
# BLAS threads per analyzing process: parallelism comes from processes; spaCy's small matrices
# gain little from more threads, and each worker's own thread pool would oversubscribe the cores.
BLAS_THREADS = 1
# Batches per Ray dataset: each dataset starts its own actor pool (spaCy loads once per actor),
# so a window amortizes the start-up over thousands of documents while bounding memory.
RAY_WINDOW_BATCHES = 64


@contextmanager
def make_engine(name: str, settings: Settings, run_id: str, *, workers: int = 1, address: str | None = None):
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if name == "ray":
        with _ray_engine(settings, run_id, workers, address) as engine:
            yield engine
    elif workers == 1:
        with threadpool_limits(BLAS_THREADS):
            yield _in_process_engine(settings, run_id)
    else:
        with _pool_engine(settings, run_id, workers) as engine:
            yield engine


def _in_process_engine(settings: Settings, run_id: str) -> Engine:
    analyzer = Analyzer(settings)
    return lambda batches: (analyze_tasks(analyzer, tasks, run_id) for tasks in batches)


# ---- a pool of local processes ------------------------------------------------------------

_worker_analyzer: Analyzer | None = None


def _start_worker(settings: Settings, parent_pid: int) -> None:
    global _worker_analyzer
    die_with_parent(parent_pid)
    threadpool_limits(BLAS_THREADS)
    _worker_analyzer = Analyzer(settings)


def _analyze_in_worker(tasks: list[Task], run_id: str) -> list[DocumentRecord]:
    return analyze_tasks(_worker_analyzer, tasks, run_id)


@contextmanager
def _pool_engine(settings: Settings, run_id: str, workers: int):
    # spawn, not fork: the parent holds an open DuckDB connection and its threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings, os.getpid())) as pool:
        def analyze(batches: Iterable[list[Task]]) -> Iterator[list[DocumentRecord]]:
            in_flight: deque[Future] = deque()
            batches = iter(batches)
            for tasks in batches:
                in_flight.append(pool.submit(_analyze_in_worker, tasks, run_id))
                for more in islice(batches, workers * BATCHES_PER_WORKER - len(in_flight)):
                    in_flight.append(pool.submit(_analyze_in_worker, more, run_id))
                yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()

        try:
            yield analyze
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# ---- Ray Data -----------------------------------------------------------------------------

class RayAnalyzer:
    """The Ray Data actor: one Analyzer (one spaCy model) per actor.

    A dataset row is one whole task batch, pickled, so Ray runs exactly the batches the local
    engines run (capped in documents and characters) and the driver commits them as they come.
    """

    def __init__(self, settings_json: str, run_id: str):
        threadpool_limits(BLAS_THREADS)
        self.analyzer = Analyzer(Settings.model_validate_json(settings_json))
        self.run_id = run_id

    def __call__(self, rows: dict) -> dict:
        return {"records": [pickle.dumps(analyze_tasks(self.analyzer, pickle.loads(tasks), self.run_id))
                            for tasks in rows["tasks"]]}


@contextmanager
def _ray_engine(settings: Settings, run_id: str, workers: int, address: str | None):
    import ray
    import ray.data

    started_here = not ray.is_initialized()
    watchdog = None
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
        if address is None:  # the local cluster this run started must not outlive it
            watchdog = guard_descendants()
    # The run has its own progress bar; Ray Data's would fight it for the terminal.
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        def analyze(batches: Iterable[list[Task]]) -> Iterator[list[DocumentRecord]]:
            for window in batched(batches, RAY_WINDOW_BATCHES):
                rows = [{"tasks": pickle.dumps(tasks)} for tasks in window]
                dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                    RayAnalyzer, fn_constructor_args=(settings.model_dump_json(), run_id),
                    batch_size=1, concurrency=workers, batch_format="pandas")
                for output in dataset.iter_batches(batch_size=1, batch_format="pandas"):
                    yield from (pickle.loads(records) for records in output["records"])

        yield analyze
    finally:
        if started_here:
            ray.shutdown()
        if watchdog is not None:
            watchdog.terminate()
