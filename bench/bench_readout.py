"""Readout coverage on real news: the shared scorer on the 80 Fundus pages.

    .venv/bin/python bench/bench_readout.py [--pred FILE]

Runs `newsledger analyze ../shared/data/fundus-news/html --format jsonl` (the CLI, as a user
does), then `../shared/tools/readout_coverage.py` on its output, and prints the scorer's lines:
the repeat speakers the readout leaves unnamed, then its figure (pages quoting people twice with
no party; repeat speakers named as a party or delegation member; readouts with no date while a
non-historical event is dated). `--pred` scores an existing output instead. Skips politely when
../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
SCORER = SHARED / "tools" / "readout_coverage.py"
PAGES = SHARED / "data" / "fundus-news" / "html"
CLI = Path(sys.executable).parent / "newsledger"


def analyze(out: Path) -> None:
    subprocess.run([str(CLI), "analyze", str(PAGES), "--format", "jsonl", "--out", str(out)],
                   check=True, capture_output=True, text=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pred", type=Path, default=None, help="score this analyze output instead of running it")
    args = parser.parse_args()
    if not (SCORER.is_file() and PAGES.is_dir()):
        print(f"skipped: {SCORER} or {PAGES} is absent")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        pred = args.pred or Path(folder) / "fundus.jsonl"
        if args.pred is None:
            analyze(pred)
        # the scorer exits 1 when a target is missed: its lines are the result either way
        result = subprocess.run([sys.executable, str(SCORER), str(pred)], capture_output=True, text=True)
    print(result.stdout.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
