"""Engines turn a stream of task batches into a stream of record batches.

`make_engine(...)` is a context manager yielding `analyze(batches) -> Iterator[list[DocumentRecord]]`.
Every engine consumes its input lazily and keeps only a bounded number of batches in flight, so
memory does not grow with the corpus. Each analyzing process runs BLAS on one thread (set by
`newsledger.nlp.load_model`): parallelism comes from processes, and a thread pool in every worker
would oversubscribe the cores.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice

from newsledger.corpus import Task, analyze_tasks
from newsledger.lifeline import die_with_parent, guard_descendants
from newsledger.pipeline import Analyzer
from newsledger.settings import Settings
from newsledger.store.records import DocumentRecord

Engine = Callable[[Iterable[list[Task]]], Iterator[list[DocumentRecord]]]
ENGINES = ("local", "ray")
# Batches queued per worker: enough that no worker waits for the reader, few enough to bound memory.
BATCHES_PER_WORKER = 2


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
        yield _in_process_engine(settings, run_id)
    else:
        with _pool_engine(settings, run_id, workers) as engine:
            yield engine


def _in_process_engine(settings: Settings, run_id: str) -> Engine:
    analyzer = Analyzer(settings)
    return lambda batches: (analyze_tasks(analyzer, tasks, run_id) for tasks in batches)


# ---- a pool of local processes ------------------------------------------------------------

# The analyzer the pool's workers use: loaded in the parent before it forks them, so they start
# warm and share its pages (the model, lexicons, gazetteer) until they write to them.
_worker_analyzer: Analyzer | None = None


def _start_worker(parent_pid: int) -> None:
    die_with_parent(parent_pid)


def _analyze_in_worker(tasks: list[Task], run_id: str) -> list[DocumentRecord]:
    return analyze_tasks(_worker_analyzer, tasks, run_id)


@contextmanager
def _pool_engine(settings: Settings, run_id: str, workers: int):
    global _worker_analyzer
    _worker_analyzer = Analyzer(settings)
    # What is loaded now is never collected: freezing it keeps the garbage collector from writing
    # to (and so copying) the shared pages in every worker.
    gc.collect()
    gc.freeze()
    # fork: the workers start with the model loaded. They never touch the parent's DuckDB
    # connection, and a forked worker ends with os._exit, running none of its finalizers.
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
            try:
                yield _in_order(lambda tasks: pool.submit(_analyze_in_worker, tasks, run_id), workers,
                                lambda future: future.result())
            except BaseException:  # an interrupted run does not wait for the batches in flight
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        _worker_analyzer = None
        gc.unfreeze()


def _in_order(submit: Callable, workers: int, result: Callable) -> Engine:
    """An engine keeping `workers * BATCHES_PER_WORKER` batches in flight, yielding their records in order."""
    def analyze(batches: Iterable[list[Task]]) -> Iterator[list[DocumentRecord]]:
        in_flight: deque = deque()
        batches = iter(batches)
        for tasks in batches:
            in_flight.append(submit(tasks))
            for more in islice(batches, workers * BATCHES_PER_WORKER - len(in_flight)):
                in_flight.append(submit(more))
            yield result(in_flight.popleft())
        while in_flight:
            yield result(in_flight.popleft())

    return analyze


# ---- Ray ----------------------------------------------------------------------------------

class RayAnalyzer:
    """A Ray actor holding one Analyzer (one spaCy model); the run starts `workers` of them once
    and hands each batch to the next, round robin, so the driver commits the batches the local
    engines commit."""

    def __init__(self, settings_json: str, run_id: str):
        self.analyzer = Analyzer(Settings.model_validate_json(settings_json))
        self.run_id = run_id

    def analyze(self, tasks: list[Task]) -> list[DocumentRecord]:
        return analyze_tasks(self.analyzer, tasks, self.run_id)


def _ray_init_options(address: str | None, workers: int) -> dict:
    """ray.init's arguments: the cluster at `address` is joined as it is; otherwise the run starts a
    local Ray sized for itself (figures: peak PSS, bench/bench_workers.py's 100 texts, 2 cores):
    - address "local": with no --address the run starts its own Ray, as the CLI says, instead of
      joining one that RAY_ADDRESS or a `ray start` on this machine points to (nor could it size it);
    - num_cpus=workers: Ray prestarts an idle worker for every CPU no actor takes (1 worker on 2
      cores: 46.5 MB beside the actor, now none), and an actor beyond the CPUs was never scheduled,
      the run waiting forever on its first batch (--workers 3 on 2 cores). On 2 workers and 2 cores
      it changes nothing: Ray / pool x1.83 [1.77-1.87] before, x1.78 [1.74-1.82] after.
    The rest is out of ray.init's reach: each actor loads its own model (about 300 MB against
    200-220 MB for a forked worker sharing the parent's pages), and Ray's processes take some 325 MB
    (GCS 41, raylet 25, dashboard agent 54, runtime-env agent 51, API server 57, autoscaler monitor
    50, log monitor 48), none of which ray.init can leave out; metrics collection, worker prestart
    and the object store's size change none of them."""
    options = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    if address is not None:
        return dict(address=address, **options)
    return dict(address="local", num_cpus=workers, **options)


@contextmanager
def _ray_engine(settings: Settings, run_id: str, workers: int, address: str | None):
    import ray

    started_here = not ray.is_initialized()
    watchdog = None
    if started_here:
        if address is None:  # the local cluster this run starts must not outlive it
            watchdog = guard_descendants()
        ray.init(**_ray_init_options(address, workers))
    actors = [ray.remote(num_cpus=1)(RayAnalyzer).remote(settings.model_dump_json(), run_id) for _ in range(workers)]
    turn = itertools.cycle(actors)
    try:
        yield _in_order(lambda tasks: next(turn).analyze.remote(tasks), workers, ray.get)
    finally:
        for actor in actors:
            ray.kill(actor)
        if started_here:
            ray.shutdown()
        if watchdog is not None:
            watchdog.terminate()
