"""Workers: `newsledger ingest` with 1 and 2 local workers and with Ray on 2, each in a fresh process.

    .venv/bin/python bench/bench_workers.py [--limit 100] [--repeats 3]

On the first --limit PolNeAR train texts (sorted by name), in this one run, alternated --repeats times:
- CPU of 2 workers / 1 (user+sys of the whole process tree, from process start; goal <= 1.1);
- throughput of 2 workers / 1 (wall clock: on a shared machine it understates; goal >= 1.6);
- per-worker peak RSS with 2 workers (the largest worker's VmHWM; goal <= 500 MB);
- memory of Ray on 2 workers / the local pool on 2: the peak sum of PSS over every process of the
  run (Ray's GCS, raylet, agents and workers found by the run's lifeline mark; goal <= 1.2).
Each figure is median [min-max] over the repeats. Skips politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench_corpus import spread

from newsledger.lifeline import _descendants, _parents, marked

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
TEXTS = SHARED / "data" / "polnear" / "train" / "text"
NEWSLEDGER = Path(sys.executable).parent / "newsledger"
SAMPLE_SECONDS = 0.25


@dataclass
class Run:
    cpu: float  # user+sys seconds of the process and every child it waited for
    wall: float
    worker_peak_mb: float  # the largest VmHWM of a process other than the one started
    total_pss_mb: float  # the peak, over samples, of the summed PSS of every process of the run


def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(arguments: list[str]) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    total = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            helpers = _descendants(process.pid, _parents()) | marked(process.pid)
            for pid in helpers:
                peaks[pid] = max(peaks.get(pid, 0), status_kb(pid, "VmHWM"))
            total[0] = max(total[0], sum(pss_kb(pid) for pid in helpers | {process.pid}))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(arguments)} failed: {process.stderr.read().decode()[-2000:]}")
    return Run(usage.ru_utime + usage.ru_stime, wall, max(peaks.values(), default=0) / 1024, total[0] / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="texts to use (0: all)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not TEXTS.is_dir():
        print(f"skipped: {TEXTS} is absent (this benchmark reads the shared PolNeAR texts)")
        return
    paths = sorted(TEXTS.glob("*.txt"))[:args.limit or None]
    figures: dict[str, list[float]] = {key: [] for key in ("cpu", "throughput", "worker_mb", "ray_memory")}
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        inputs.mkdir()
        for path in paths:
            (inputs / path.name).symlink_to(path)

        def ingest(name: str, *options: str) -> Run:
            return run([str(NEWSLEDGER), "-q", "ingest", str(inputs), "--db", str(Path(folder) / f"{name}.duckdb"), *options])

        print(f"{len(paths)} PolNeAR train texts; median [min-max] of {args.repeats}", flush=True)
        for repeat in range(args.repeats):
            one = ingest(f"one{repeat}")
            two = ingest(f"two{repeat}", "--workers", "2")
            on_ray = ingest(f"ray{repeat}", "--workers", "2", "--engine", "ray")
            print(f"  run {repeat + 1}: cpu 1 worker {one.cpu:.1f} s, 2 workers {two.cpu:.1f} s; wall {one.wall:.1f} / "
                  f"{two.wall:.1f} s; worker peak {two.worker_peak_mb:.0f} MB; PSS pool {two.total_pss_mb:.0f} MB, "
                  f"ray {on_ray.total_pss_mb:.0f} MB", flush=True)
            figures["cpu"].append(two.cpu / one.cpu)
            figures["throughput"].append(one.wall / two.wall)
            figures["worker_mb"].append(two.worker_peak_mb)
            figures["ray_memory"].append(on_ray.total_pss_mb / two.total_pss_mb)
    print(f"workers: 2 workers / 1 CPU x{spread(figures['cpu'])} (goal <= 1.1), throughput x{spread(figures['throughput'])} "
          f"(goal >= 1.6, wall clock); per-worker peak RSS {spread(figures['worker_mb'])} MB (goal <= 500); "
          f"Ray / pool memory (peak PSS, 2 workers) x{spread(figures['ray_memory'])} (goal <= 1.2)")


if __name__ == "__main__":
    main()
