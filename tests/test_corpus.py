"""Corpus runs into the store: resumable after kill -9, parallel and distributed with the same result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsledger.corpus import ingest
from newsledger.model import Document, ErrorInfo
from newsledger.settings import Settings
from newsledger.store import Store

REPO = Path(__file__).resolve().parent.parent
COUNTRIES = [("France", "Paris"), ("Japan", "Tokyo"), ("Kenya", "Nairobi"), ("Brazil", "Brasilia"),
             ("Canada", "Ottawa"), ("India", "New Delhi"), ("Norway", "Oslo"), ("Egypt", "Cairo")]
PEOPLE = ["Anna Keller", "Tomas Novak", "Priya Raman", "Lucas Moreau", "Mei Tanaka", "Omar Haddad"]


def article(number: int) -> dict:
    """A short report of our own: a minister's visit, a quote and an agreement, varied by number."""
    country, capital = COUNTRIES[number % len(COUNTRIES)]
    person = PEOPLE[number % len(PEOPLE)]
    partner, _ = COUNTRIES[(number + 3) % len(COUNTRIES)]
    surname = person.split()[-1]
    text = (f"Foreign Minister {person} of {country} arrived in {capital} on Tuesday for talks number {number}. "
            f"{country} and {partner} signed an agreement on fishing rights, officials said. "
            f"\"We will keep talking until the work is done,\" {surname} told reporters after meeting {number}.")
    return {"id": f"report-{number:03d}", "title": f"Talks {number}", "published": f"2023-03-{1 + number % 28:02d}",
            "text": text}


def write_corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(article(n)) for n in range(count)]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def table_contents(path: Path) -> dict[str, list[tuple]]:
    """Every table but runs, without run ids: what two runs over one corpus must agree on."""
    connection = duckdb.connect(str(path), read_only=True)
    contents = {}
    for table in ("documents", "signatures", "entities", "mentions", "quotes", "events", "errors",
                  "actors", "duplicates", "event_sources"):
        columns = [row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall() if row[0] != "run_id"]
        selected = ", ".join(f'"{column}"' for column in columns)
        contents[table] = sorted(map(repr, connection.execute(f"SELECT {selected} FROM {table}").fetchall()))
    connection.close()
    return contents


def documents_from(count: int) -> list[Document]:
    return [Document.model_validate(article(n)) for n in range(count)]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(batch_size=4)


def test_a_run_stores_every_document_and_a_rerun_skips_them(tmp_path, settings):
    broken = Document(id="broken", text="", error=ErrorInfo(stage="ingest", kind="binary", message="not text"))
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest(documents_from(6) + [broken], store, settings)
        second = ingest(documents_from(6) + [broken], store, settings)
        runs = store.sql("SELECT status, stored, skipped, failed FROM runs ORDER BY started_at").rows
    assert (first.stored, first.skipped, first.failed) == (6, 0, 1)
    assert (second.stored, second.skipped, second.failed) == (0, 6, 1)
    assert runs == [("done", 6, 0, 1), ("done", 0, 6, 1)]


def test_a_changed_input_is_analyzed_again_and_replaces_the_stored_version(tmp_path, settings):
    original = documents_from(2)
    changed = documents_from(2)
    changed[1].text += " The talks will resume in May."
    with Store(tmp_path / "s.duckdb") as store:
        ingest(original, store, settings)
        rerun = ingest(changed, store, settings)
        texts = store.sql("SELECT text FROM documents WHERE id = 'report-001'").rows
    assert (rerun.stored, rerun.skipped) == (1, 1)
    assert texts[0][0].endswith("resume in May.")


def test_a_second_input_with_an_id_already_seen_is_refused(tmp_path, settings):
    first, second = documents_from(2)
    second.id = first.id
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([first, second], store, settings)
        errors = store.sql("SELECT document_id, kind FROM errors").rows
        stored = store.sql("SELECT text FROM documents").rows
    assert (summary.stored, summary.failed) == (1, 1)
    assert errors == [(first.id, "duplicate_id")]
    assert stored == [(first.text,)]


def test_two_worker_processes_store_what_one_process_stores(tmp_path, settings):
    with Store(tmp_path / "one.duckdb") as store:
        ingest(documents_from(10), store, settings, workers=1)
    with Store(tmp_path / "two.duckdb") as store:
        summary = ingest(documents_from(10), store, settings, workers=2)
    assert summary.stored == 10
    assert table_contents(tmp_path / "two.duckdb") == table_contents(tmp_path / "one.duckdb")


def test_ray_stores_what_one_process_stores(tmp_path, settings):
    ray = pytest.importorskip("ray")
    with Store(tmp_path / "one.duckdb") as store:
        ingest(documents_from(6), store, settings)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with Store(tmp_path / "ray.duckdb") as store:
            summary = ingest(documents_from(6), store, settings, engine="ray", workers=2)
    finally:
        ray.shutdown()
    assert summary.stored == 6
    assert table_contents(tmp_path / "ray.duckdb") == table_contents(tmp_path / "one.duckdb")


# A run on 1 Ray worker, in its own process: prints its records, the CPUs of the Ray it started and
# the idle Ray workers beside its actor (found by the run's lifeline mark).
SIZED_RAY_SCRIPT = """
import os
from pathlib import Path
import ray
from newsledger.corpus.engines import make_engine
from newsledger.lifeline import marked
from newsledger.model import Document
from newsledger.settings import Settings
with make_engine('ray', Settings(), 'run', workers=1) as analyze:
    records = [record for batch in analyze([[(Document(id='a', text='Anna Keller arrived in Paris.'), 'h')]])
               for record in batch]
    idle = [pid for pid in marked(os.getpid()) if Path(f'/proc/{pid}/cmdline').read_bytes().startswith(b'ray::IDLE')]
    print(len(records), ray.cluster_resources().get('CPU'), len(idle))
"""


@pytest.mark.slow
def test_a_run_starts_its_own_ray_sized_for_its_workers(tmp_path):
    """Without --address a run starts a local Ray even when RAY_ADDRESS names another cluster, and gives
    it one CPU per worker: Ray then starts no idle worker for the other cores (some 46 MB each), and
    with more workers than cores every actor still finds its CPU (none is left unscheduled, its batch
    awaited forever)."""
    pytest.importorskip("ray")
    if not Path("/proc/self/stat").exists():
        pytest.skip("finds Ray's workers in /proc")
    environment = {**os.environ, "RAY_ADDRESS": "127.0.0.1:1"}  # a port no cluster answers on
    result = subprocess.run([sys.executable, "-c", SIZED_RAY_SCRIPT], capture_output=True, text=True,
                            env=environment, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["1", "1.0", "0"]


# The ingest command as a subprocess that reports after each committed batch, so the test can
# kill it mid-run at a known point.
INGEST_SCRIPT = """
import sys
from newsledger.corpus import ingest
from newsledger.ingest import read_inputs
from newsledger.settings import Settings
from newsledger.store import Store

if __name__ == "__main__":
    settings = Settings(batch_size=2)
    with Store(sys.argv[1]) as store:
        ingest(read_inputs([sys.argv[2]], settings), store, settings, workers=int(sys.argv[3]),
               on_progress=lambda summary: print(summary.processed, flush=True))
    print("done", flush=True)
"""


def run_ingest(db: Path, corpus: Path, workers: int, kill_after: int | None) -> str:
    """Runs the ingest script; with `kill_after`, SIGKILLs it once that many documents are processed."""
    process = subprocess.Popen([sys.executable, "-c", INGEST_SCRIPT, str(db), str(corpus), str(workers)],
                               stdout=subprocess.PIPE, text=True, cwd=REPO, start_new_session=True)
    last = ""
    for line in process.stdout:
        last = line.strip()
        if kill_after is not None and last.isdigit() and int(last) >= kill_after:
            os.killpg(process.pid, signal.SIGKILL)  # the worker processes die with it, as with a crash
            break
    process.wait(timeout=120)
    process.stdout.close()
    return last


def test_a_run_killed_with_sigkill_resumes_without_losing_or_repeating_a_document(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 30)
    db = tmp_path / "killed.duckdb"
    assert run_ingest(db, corpus, workers=2, kill_after=6) != "done"
    with Store(db) as store:
        stored_before = store.sql("SELECT count(*) FROM documents").rows[0][0]
    assert 0 < stored_before < 30
    assert run_ingest(db, corpus, workers=1, kill_after=None) == "done"
    with Store(db) as store:
        counts = store.sql("SELECT count(*), count(DISTINCT id) FROM documents").rows[0]
        events = store.sql("SELECT count(*), count(DISTINCT (document_id, id)) FROM events").rows[0]
        runs = store.sql("SELECT status, skipped FROM runs ORDER BY started_at").rows
    assert counts == (30, 30)
    assert events[0] == events[1]
    assert runs[0][0] == "running" and runs[1] == ("done", stored_before)


def test_the_commands_ingest_query_and_export(tmp_path):
    import typer

    from newsledger.cli import corpus as corpus_commands

    app = typer.Typer()
    corpus_commands.register(app)
    runner = CliRunner()
    folder = write_corpus(tmp_path / "corpus", 4)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "cli.duckdb")

    ingested = runner.invoke(app, ["ingest", str(folder), "--db", db, "--batch-size", "2"])
    assert ingested.exit_code == 1, ingested.output  # the empty file failed; the rest is stored
    assert "4 stored, 0 skipped" in ingested.output and "1 failed" in ingested.output

    again = runner.invoke(app, ["ingest", str(folder / "corpus.jsonl"), "--db", db])
    assert again.exit_code == 0 and "0 stored, 4 skipped" in again.output

    quotes = runner.invoke(app, ["query", "quotes", "--db", db, "--format", "json"])
    assert quotes.exit_code == 0, quotes.output
    assert any("keep talking" in row["quote"] for row in json.loads(quotes.output))

    counted = runner.invoke(app, ["query", "sql", "SELECT count(*) AS n FROM documents", "--db", db, "--format", "csv"])
    assert counted.output.splitlines() == ["n", "4"]

    # Piped output (not a terminal) still shows short values whole, on one line each.
    table = runner.invoke(app, ["query", "sql", "SELECT '2022-01-10' AS date, 'CONSULT' AS type, 'USA,RUS' AS source, 'RUS' AS target, "
                                "repeat('word ', 60) AS sentence, 'geneva-talks/v12' AS event",
                                "--db", db], env={"COLUMNS": None})
    assert table.exit_code == 0, table.output
    assert "geneva-talks/v12" in table.output and "…" not in table.output

    bad = runner.invoke(app, ["query", "sql", "SELECT nothing FROM nowhere", "--db", db])
    assert bad.exit_code == 2

    exported = runner.invoke(app, ["export", "--parquet", str(tmp_path / "parquet"), "--db", db])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "parquet" / "quotes.parquet").is_file()


def test_batches_are_capped_in_characters_as_well_as_documents():
    from newsledger.pipeline import capped_batches

    documents = [Document(id=str(n), text="x" * length) for n, length in enumerate([40, 40, 40, 150, 10, 10, 10])]
    sizes = [[len(d.text) for d in batch] for batch in capped_batches(documents, size=2, max_chars=100)]
    assert sizes == [[40, 40], [40], [150], [10, 10], [10]]
