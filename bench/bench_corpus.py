"""Corpus runs: every figure of issue #18 on one line, in process CPU time (user+sys), in one run.

    .venv/bin/python bench/bench_corpus.py [--limit 200] [--repeats 3] [--only store]

On the first --limit PolNeAR train texts (sorted by name), measured in this one run:
1. speed: `ingest` with 1 worker (in this process: clean, parse, every stage, rows, DuckDB writes,
   consolidation) against bare `nlp.pipe(texts, batch_size=32)` of the same model, all warmed up
   on the texts first, then alternated --repeats times; CPU speed ratio bare/ingest, min/median/max.
   Bare is the stock `spacy.load` (thinc's blis), and beside it the stock pipeline on the matrix
   library ingest parses with (settings.gemm): most of the first ratio's gain is that library;
2. size: per-character CPU of `analyze` on one ~100 KB article (train texts joined) against the
   same text cut into twenty ~5 KB articles at paragraph breaks (warm, alternated);
3. memory and workers: `newsledger ingest` of the texts in a fresh process, with 1 and with 2
   workers: peak RSS (with 2: the largest process of the run), CPU of the whole process tree from
   process start, wall-clock throughput 2 workers / 1 (on a shared machine it understates); beside
   the CPU ratio, the same ratio for bare spaCy forked after its load into 2 processes against 1
   (the cost of two parses on two cores with nothing of newsledger's);
4. start-up: CPU of `newsledger analyze` on the seed article from process start, and its ratio to
   the CPU of a bare `python -c "import spacy; spacy.load(MODEL)"` run alternated with it: what
   newsledger adds to spaCy's own start-up, a figure that moves less with the machine than seconds;
5. store size: CPU of a 10-document ingest into a store of 10,000 synthetic documents (the analyzed
   texts' rows copied under new ids, their words shuffled so every signature differs) against the
   same ingest into an empty store, in at least 5 pairs whose order alternates.
Each figure's min/median/max is over --repeats runs (the store figure's over its pairs). Skips
politely when ../shared is absent.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))
TEXTS = SHARED / "data" / "polnear" / "train" / "text"
SEED = SHARED / "seed" / "000_1a135af3b3f47672.txt"
NEWSLEDGER = Path(sys.executable).parent / "newsledger"
LONG_CHARS, SHORT_CHARS, SHORT_COUNT = 100_000, 5_000, 20
SYNTHETIC_DOCUMENTS, NEW_DOCUMENTS = 10_000, 10
STORE_PAIRS = 5
# The yardstick of the start-up figure: spaCy imported and the model loaded, nothing else.
BARE_LOAD = "import sys, spacy; spacy.load(sys.argv[1])"
# The yardstick of the 2-worker CPU figure: bare spaCy parsing the folder's texts in one process, or
# forked after the load into WORKERS processes that parse every WORKERS-th text each, as the local
# pool forks its workers: what running two parses on two cores costs in CPU with nothing of ours.
BARE_FORKED_PARSE = """
import os, sys
from pathlib import Path
import spacy
model, folder, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
nlp = spacy.load(model)
def parse(part):
    for _ in nlp.pipe(part, batch_size=32):
        pass
if workers == 1:
    parse(texts)
else:
    children = []
    for worker in range(workers):
        child = os.fork()
        if child == 0:
            parse(texts[worker::workers])
            os._exit(0)
        children.append(child)
    for child in children:
        os.waitpid(child, 0)
"""


def load_texts(limit: int) -> list[tuple[str, str]]:
    paths = sorted(TEXTS.glob("*.txt"))[:limit or None]
    return [(path.stem, path.read_text(encoding="utf-8")) for path in paths]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def cpu_of(step) -> float:
    started = time.process_time()
    step()
    return time.process_time() - started


def child_run(arguments: list[str]) -> tuple[float, float, float]:
    """CPU seconds (user+sys, the process and every child it waited for), peak RSS in MB of the
    largest of them, and wall seconds of a command run from process start."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(arguments)} failed: {process.stderr.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, wall


# ---- 1. ingest against bare spaCy -------------------------------------------------------

def bare_parse(nlp, texts: list[str]) -> None:
    for _ in nlp.pipe(texts, batch_size=32):
        pass


def ingest_into(folder: Path, name: str, documents, settings) -> None:
    from newsledger.corpus import ingest
    from newsledger.store import Store

    with Store(folder / f"{name}.duckdb") as store:
        summary = ingest(documents, store, settings)
    if summary.failed:
        # A stage that raises costs its document the later stages: the ratios then flatter ingest.
        print(f"warning: {summary.failed} documents failed: "
              f"{sorted({r.error['message'] for r in summary.failures})[:3]}")


def speed_ratios(settings, texts: list[tuple[str, str]], repeats: int, folder: Path) -> dict[str, list[float]]:
    """Bare/ingest CPU ratios against two bare parses: the stock pipeline as `spacy.load` gives it
    (thinc's blis), and the same stock pipeline on the matrix library ingest uses (settings.gemm),
    which shows what newsledger's own work costs beside the parse."""
    import spacy
    from thinc.api import use_ops

    from newsledger.model import Document

    stock = spacy.load(settings.model)  # bare: the stock pipeline, without our lookup or paragraph breaks
    with use_ops("numpy", use_blis=settings.gemm == "blis"):
        same_gemm = spacy.load(settings.model)
    bodies = [text for _, text in texts]

    def ours(run: str) -> None:
        ingest_into(folder, run, (Document(id=name, text=text) for name, text in texts), settings)

    bare_parse(stock, bodies)
    bare_parse(same_gemm, bodies)
    ours("warm")
    ratios: dict[str, list[float]] = {"stock": [], "same_gemm": []}
    for repeat in range(repeats):
        stock_cpu = cpu_of(lambda: bare_parse(stock, bodies))
        same_gemm_cpu = cpu_of(lambda: bare_parse(same_gemm, bodies))
        ingest = cpu_of(lambda: ours(f"run{repeat}"))
        ratios["stock"].append(stock_cpu / ingest)
        ratios["same_gemm"].append(same_gemm_cpu / ingest)
    return ratios


# ---- 2. per-character cost of a long article ----------------------------------------------

def long_and_short(texts: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """One ~100 KB article of whole paragraphs and the same paragraphs as twenty ~5 KB articles."""
    paragraphs = [p for _, text in texts for p in text.split("\n\n") if p.strip()]
    short: list[str] = []
    current: list[str] = []
    for paragraph in paragraphs:
        current.append(paragraph)
        if sum(len(p) + 2 for p in current) >= SHORT_CHARS:
            short.append("\n\n".join(current))
            current = []
            if len(short) == SHORT_COUNT:
                break
    return "\n\n".join(short), short


def size_ratios(settings, texts: list[tuple[str, str]], repeats: int) -> tuple[list[float], int]:
    from newsledger.model import Document
    from newsledger.pipeline import Analyzer

    analyzer = Analyzer(settings)
    long_text, short_texts = long_and_short(texts)

    def analyze(bodies: list[str]) -> None:
        for body in bodies:
            analyzer.analyze_one(Document(id="size", text=body, published="2020-01-01"))

    analyze([long_text, *short_texts])
    ratios = []
    for _ in range(repeats):
        long_cpu = cpu_of(lambda: analyze([long_text]))
        short_cpu = cpu_of(lambda: analyze(short_texts))
        ratios.append((long_cpu / len(long_text)) / (short_cpu / sum(map(len, short_texts))))
    return ratios, len(long_text)


# ---- 3./4. fresh processes ----------------------------------------------------------------

def worker_runs(texts: list[tuple[str, str]], repeats: int, folder: Path, model: str) -> dict[str, list[float]]:
    inputs = folder / "inputs"
    inputs.mkdir()
    for name, _ in texts:
        (inputs / f"{name}.txt").symlink_to(TEXTS / f"{name}.txt")
    figures: dict[str, list[float]] = {key: [] for key in ("rss1", "rss2", "cpu_ratio", "bare_cpu_ratio", "throughput",
                                                           "analyze", "bare_load", "analyze_ratio")}
    article = SEED if SEED.is_file() else TEXTS / f"{texts[0][0]}.txt"
    for repeat in range(repeats):
        one = child_run([str(NEWSLEDGER), "ingest", str(inputs), "--db", str(folder / f"one{repeat}.duckdb")])
        two = child_run([str(NEWSLEDGER), "ingest", str(inputs), "--db", str(folder / f"two{repeat}.duckdb"),
                         "--workers", "2"])
        figures["rss1"].append(one[1])
        figures["rss2"].append(two[1])
        figures["cpu_ratio"].append(two[0] / one[0])
        figures["throughput"].append(one[2] / two[2])
        bare_one, bare_two = (child_run([sys.executable, "-c", BARE_FORKED_PARSE, model, str(inputs), str(workers)])[0]
                              for workers in (1, 2))
        figures["bare_cpu_ratio"].append(bare_two / bare_one)
        analyze = child_run([str(NEWSLEDGER), "analyze", str(article), "--published", "2022-01-10"])[0]
        bare = child_run([sys.executable, "-c", BARE_LOAD, model])[0]
        figures["analyze"].append(analyze)
        figures["bare_load"].append(bare)
        figures["analyze_ratio"].append(analyze / bare)
    return figures


# ---- 5. a small ingest into a big store ---------------------------------------------------

def synthetic_store(path: Path, settings, texts: list[tuple[str, str]]) -> None:
    """A store of SYNTHETIC_DOCUMENTS documents: the analyzed texts' rows under new ids, each
    text's words shuffled (so each has its own signature), consolidated once."""
    from newsledger.corpus import analyze_tasks
    from newsledger.model import Document
    from newsledger.pipeline import Analyzer
    from newsledger.store import Store
    from newsledger.store.dedup import signature
    from newsledger.store.records import DocumentRecord

    analyzer = Analyzer(settings)
    models = analyze_tasks(analyzer, [(Document(id=name, text=text), name) for name, text in texts], "synthetic")
    shuffler = random.Random(18)
    with Store(path) as store:
        batch = []
        for n in range(SYNTHETIC_DOCUMENTS):
            model = models[n % len(models)]
            new_id = f"synthetic-{n:05d}"
            rows = {table: [dict(copy.deepcopy(row), **{"id" if table == "documents" else "document_id": new_id})
                            for row in table_rows] for table, table_rows in model.rows.items()}
            words = rows["documents"][0]["text"].split()
            shuffler.shuffle(words)
            rows["documents"][0]["text"] = " ".join(words)
            minhash = signature(rows["documents"][0]["text"])
            rows["signatures"] = [{"document_id": new_id, "minhash": minhash}] if minhash else []
            batch.append(DocumentRecord(new_id, model.content_hash + str(n), None, rows=rows))
            if len(batch) == 500:
                store.write_batch(batch)
                batch = []
        store.write_batch(batch)
        store.consolidate()


def store_ratios(settings, texts: list[tuple[str, str]], repeats: int, folder: Path) -> list[float]:
    from newsledger.model import Document

    big = folder / "big.duckdb"
    synthetic_store(big, settings, texts[NEW_DOCUMENTS:])
    new = texts[:NEW_DOCUMENTS]

    def run(name: str, start_from: Path | None) -> float:
        if start_from is not None:
            shutil.copy(start_from, folder / f"{name}.duckdb")
        # Nothing written before is left dirty: the store's fsync at its checkpoint would write it
        # back inside the timed run (the copied 188 MB file, and through the file system's journal
        # the earlier parts' stores as well).
        os.sync()
        return cpu_of(lambda: ingest_into(folder, name, (Document(id=i, text=t) for i, t in new), settings))

    run("warm-empty", None)
    ratios = []
    # a 10-document ingest is ~2.5 s of CPU, so a pair swings with the machine: at least 5 pairs,
    # each pair's order alternated so that neither store is always measured first
    for n in range(max(repeats, STORE_PAIRS)):
        stores = [("big", big), ("empty", None)]
        cpu = {name: run(f"{name}{n}", start) for name, start in (stores if n % 2 == 0 else stores[::-1])}
        ratios.append(cpu["big"] / cpu["empty"])
    return ratios


def store_figure(ratios: list[float]) -> str:
    return f"10 docs into 10k-doc store / empty x{spread(ratios)} (goal <= 1.5)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="texts to use (0: all)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=("store",), help="measure this one figure alone")
    args = parser.parse_args()
    if not TEXTS.is_dir():
        print(f"skipped: {TEXTS} is absent (this benchmark reads the shared PolNeAR texts)")
        return
    from threadpoolctl import threadpool_limits

    from newsledger.settings import Settings

    settings = Settings.from_env()
    texts = load_texts(args.limit)
    words = sum(len(text.split()) for _, text in texts)
    print(f"{len(texts)} PolNeAR train texts ({words:,} words), model {settings.model}; "
          f"median [min-max] of {args.repeats}")
    if args.only == "store":
        with tempfile.TemporaryDirectory() as folder, threadpool_limits(1):
            store = store_ratios(settings, texts, args.repeats, Path(folder))
        print(f"performance: {store_figure(store)}")
        return
    with tempfile.TemporaryDirectory() as folder, threadpool_limits(1):
        workers = worker_runs(texts, args.repeats, Path(folder), settings.model)
        speed = speed_ratios(settings, texts, args.repeats, Path(folder))
        size, long_chars = size_ratios(settings, texts, args.repeats)
        store = store_ratios(settings, texts, args.repeats, Path(folder))
    print(f"performance: ingest/bare-spaCy CPU speed {spread(speed['stock'])} (goal >= 0.85; "
          f"{spread(speed['same_gemm'])} against bare spaCy on the same gemm, {settings.gemm}); "
          f"{long_chars // 1000} KB vs 5 KB per-char cost x{spread(size)} (goal <= 1.25); "
          f"ingest peak RSS 1 worker {spread(workers['rss1'])} MB, 2 workers largest process "
          f"{spread(workers['rss2'])} MB (goal <= 500); analyze one article {spread(workers['analyze'])} s CPU "
          f"from start (goal <= 1.5), x{spread(workers['analyze_ratio'])} a bare spaCy import and load "
          f"({spread(workers['bare_load'])} s); {store_figure(store)}; "
          f"2 workers / 1: throughput x{spread(workers['throughput'])} (goal >= 1.6, wall clock), "
          f"CPU x{spread(workers['cpu_ratio'])} (goal <= 1.1; bare spaCy forked into 2 processes / 1: "
          f"x{spread(workers['bare_cpu_ratio'])})")


if __name__ == "__main__":
    main()
