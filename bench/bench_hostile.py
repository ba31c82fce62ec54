"""Hostile inputs (issue #17): a batch that must not stop, and the cost of the texts that were super-linear.

    .venv/bin/python bench/bench_hostile.py [--inputs 400] [--large 300000] [--small 5000] [--skip-scaling]

1. Writes --inputs hostile inputs (tests/hostile.py: empty, binary, surrogates, UTF-16/32, deep
   HTML and JSONL, huge integers, null/odd JSONL fields, garbage and request-only WARCs, gzip
   bombs of newlines, broken gzip, odd names, a FIFO, a dangling link) mixed with good documents,
   runs `newsledger analyze` and `newsledger ingest` on the folder, and prints: tracebacks, good
   documents lost, inputs without a record, records per input, documents over their time budget
   (timeout records), and the peak RSS of the two runs.
2. For each row-5 kind of text, the analysis CPU time per character (clean, parse, every stage)
   of a --large document against a --small one (median of 3 for the small one, one run for the
   large one; process CPU time, warm), and the ratio (goal <= 2).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
NEWSLEDGER = [sys.executable, "-c", "from newsledger.cli.app import main; main()"]


def run_cli(*args: str) -> tuple[str, str]:
    result = subprocess.run([*NEWSLEDGER, *args], capture_output=True, text=True, errors="replace")
    return result.stdout, result.stderr


def hostile_batch(count: int) -> None:
    from hostile import hostile_files
    from newsledger.ingest.valid import valid_text

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "hostile"
        good = hostile_files(folder, count)
        os.mkfifo(folder / "fifo.txt")
        inputs = {valid_text(str(path)) for path in folder.iterdir()}
        started = time.monotonic()
        out, analyze_err = run_cli("analyze", str(folder), "--format", "jsonl")
        analyze_seconds = time.monotonic() - started
        analyzed = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        by_input: dict[str, int] = {}
        for document in analyzed:
            source = document["source"].split("#")[0]
            by_input[source] = by_input.get(source, 0) + 1
        kept = {d["id"] for d in analyzed if d["error"] is None}
        timeouts = sum(1 for d in analyzed if d["error"] and d["error"]["kind"] == "timeout")
        db = Path(tmp) / "h.duckdb"
        started = time.monotonic()
        _, ingest_err = run_cli("ingest", str(folder), "--db", str(db))
        ingest_seconds = time.monotonic() - started
        stored = _stored_ids(db)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"inputs: {len(inputs)} files ({count} hostile, {len(good)} good documents among them)")
        print(f"analyze: {len(analyzed)} records in {analyze_seconds:.0f} s; ingest: {len(stored)} stored in {ingest_seconds:.0f} s")
        print(f"tracebacks: analyze {analyze_err.count('Traceback')}, ingest {ingest_err.count('Traceback')}")
        print(f"good documents lost: analyze {len(good - kept)}, ingest {len(good - stored)}")
        print(f"inputs without a record: {len(inputs - set(by_input))}; records not from an input: {len(set(by_input) - inputs)}")
        print(f"records per input: min {min(by_input.values())}, max {max(by_input.values())} (JSONL files hold several lines)")
        print(f"documents over their time budget: {timeouts}")
        print(f"peak RSS of the runs: {peak_mb:.0f} MB")


def _stored_ids(db: Path) -> set[str]:
    import duckdb

    connection = duckdb.connect(str(db), read_only=True)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM documents").fetchall()}
    finally:
        connection.close()


def scaling(small: int, large: int) -> None:
    from hostile import ADVERSARIAL_UNITS, adversarial_text
    from newsledger.model import Document
    from newsledger.pipeline import Analyzer
    from newsledger.settings import Settings

    analyzer = Analyzer(Settings())
    analyzer.analyze_one(Document(id="warm", text=adversarial_text("said", small)))

    def cpu_per_char(kind: str, length: int) -> tuple[float, str | None]:
        text = adversarial_text(kind, length)
        started = time.process_time()
        document = analyzer.analyze_one(Document(id=kind, text=text))
        return (time.process_time() - started) / length, document.error and document.error.kind

    worst = 0.0
    for kind in ADVERSARIAL_UNITS:
        small_cost = statistics.median(cpu_per_char(kind, small)[0] for _ in range(3))
        large_cost, error = cpu_per_char(kind, large)
        ratio = large_cost / small_cost
        worst = max(worst, ratio)
        note = f" (record: {error})" if error else ""
        print(f"{kind:15s} {small_cost * 1e6:7.2f} us/char at {small:,} chars, {large_cost * 1e6:7.2f} at {large:,}: "
              f"ratio {ratio:.2f}{note}", flush=True)
    print(f"worst per-character ratio {large:,} vs {small:,} chars: {worst:.2f} (goal <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=400)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--large", type=int, default=300_000)
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    if not args.skip_scaling:
        scaling(args.small, args.large)
    if not args.skip_batch:
        hostile_batch(args.inputs)


if __name__ == "__main__":
    main()
