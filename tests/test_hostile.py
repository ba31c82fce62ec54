"""No input can stop a run (issue #17): one test per numbered case, then a seeded fuzz of both.

Each case test failed before the fix. The fuzz part writes small hostile inputs of every kind
(tests/hostile.py) and checks: no traceback, a record for every input, every good document out.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import time

import duckdb
import pytest
from typer.testing import CliRunner

from newsledger.cli.app import app
from newsledger.ingest import read_inputs
from newsledger.model import Document
from newsledger.pipeline import Analyzer, register_stage
from newsledger.settings import Settings

from hostile import adversarial_text, hostile_files

GOOD = "Minister Alma Voss said on Tuesday that talks with Norway would resume in March."


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def output_documents(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def stored(db, query: str) -> list[tuple]:
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def read(path, **settings) -> list[Document]:
    return list(read_inputs([str(path)], Settings(**settings)))


# ---- 1: a lone surrogate ------------------------------------------------------------------

def test_a_lone_surrogate_is_replaced_at_ingest_and_recorded(runner, tmp_path):
    source = tmp_path / "s.jsonl"
    source.write_text('{"id": "a\\ud800", "text": "x \\ud800 y", "title": "\\udfff"}\n{"id": "b", "text": "%s"}\n' % GOOD)
    run(runner, "ingest", source, "--db", tmp_path / "s.duckdb")
    rows = dict(stored(tmp_path / "s.duckdb", "SELECT id, json FROM documents"))
    assert set(rows) == {"a\ufffd", "b"}
    first = json.loads(rows["a\ufffd"])
    assert first["text"] == "x \ufffd y" and first["title"] == "\ufffd"
    assert {"kind": "surrogate", "start": 2, "end": 3, "before": "\\ud800", "after": "\ufffd"} in first["cleaning"]


# ---- 2: many failures with one id ---------------------------------------------------------

def test_many_failures_with_one_id_are_all_kept(runner, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "a.html").write_bytes(b"")
    (folder / "b.txt").write_text(GOOD)
    (folder / "c.jsonl").write_text('{"id": "c", "text": ""}\n{"id": "c", "text": "  "}\n')
    for _ in range(2):  # a re-run replaces the failures of the run before, and stores nothing twice
        run(runner, "ingest", folder, "--db", tmp_path / "x.duckdb")
        assert sorted(stored(tmp_path / "x.duckdb", "SELECT document_id, source FROM errors")) == [
            ("a", str(folder / "a.html")), ("a", str(folder / "a.txt")),
            ("c", f"{folder / 'c.jsonl'}#L1"), ("c", f"{folder / 'c.jsonl'}#L2")]
        assert stored(tmp_path / "x.duckdb", "SELECT id FROM documents") == [("b",)]


def test_an_old_store_keeps_its_errors_through_the_migration(tmp_path):
    from newsledger.store import SCHEMA_VERSION, Store
    from newsledger.store.schema import MIGRATIONS

    path = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    for version, migration in enumerate(MIGRATIONS[:2], 1):
        connection.execute(migration)
        connection.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    connection.execute("INSERT INTO errors VALUES ('a', 'a.txt', NULL, 'ingest', 'empty', 'the input is empty', NULL)")
    connection.close()
    with Store(path) as store:
        assert store.version() == SCHEMA_VERSION
        store.connection.execute("INSERT INTO errors (document_id, source, stage, kind, message) "
                                 "VALUES ('a', 'a.html', 'ingest', 'empty', 'the input is empty')")
        assert store.sql("SELECT document_id, source FROM errors ORDER BY id").rows == [("a", "a.txt"), ("a", "a.html")]


# ---- 3: a JSONL line no parser takes ------------------------------------------------------

@pytest.mark.parametrize("line, message", [("[" * 2000, "nested too deeply"), ('{"id": 1, "n": ' + "9" * 5000 + "}", "digits")])
def test_a_jsonl_line_too_deep_or_too_long_a_number_fails_alone(tmp_path, line, message):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.jsonl").write_text(f'{line}\n{{"id": "after", "text": "{GOOD}"}}\n')
    (folder / "b.txt").write_text(GOOD)
    documents = read(folder)
    assert [(d.id, d.error and d.error.kind) for d in documents] == [("a#L1", "bad_jsonl"), ("after", None), ("b", None)]
    assert message in documents[0].error.message


# ---- 4: a file name that is not UTF-8 -----------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_written_out(runner, tmp_path):
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xff.txt")).write_text(GOOD)
    [document] = output_documents(run(runner, "analyze", folder, "--format", "jsonl"))
    assert document["id"] == "bad\ufffd" and document["error"] is None and document["quotes"]


# ---- 5: a per-document time budget, and linear time on the slow texts ---------------------

@register_stage("spin_on_slow")
def _spin_on_slow(settings):
    def spin(document, parsed):
        started = time.monotonic()
        while document.id == "slow" and time.monotonic() - started < 20:  # pure Python: only a signal stops it
            pass
    return spin


def test_a_document_over_its_budget_gets_a_timeout_record_and_the_batch_goes_on():
    analyzer = Analyzer(Settings(stages=("spin_on_slow", "entities"), analyze_timeout=1.5))
    started = time.monotonic()
    documents = list(analyzer.analyze([Document(id=name, text=GOOD) for name in ("before", "slow", "after")]))
    assert time.monotonic() - started < 10
    assert [(d.id, d.error and (d.error.stage, d.error.kind)) for d in documents] == [
        ("before", None), ("slow", ("spin_on_slow", "timeout")), ("after", None)]
    assert documents[2].entities


def cpu_per_char(step, text: str) -> float:
    started = time.process_time()
    step(text)
    return (time.process_time() - started) / len(text)


def test_cleaning_many_short_lines_takes_linear_time():
    from newsledger.clean import clean_text

    small, large = (cpu_per_char(clean_text, adversarial_text("short_lines", n)) for n in (4_000, 32_000))
    assert large < 3 * small  # it was 8x: one scan of all lines per removed line


def test_the_time_stage_on_many_dates_takes_linear_time(raw_analyzer):
    from newsledger.time import annotate_time

    def time_stage(text):
        annotate_time(Document(id="d", text=text), parsed[text])

    texts = [adversarial_text("dates", n) for n in (4_000, 32_000)]
    parsed = {text: raw_analyzer.nlp(text) for text in texts}
    small, large = (cpu_per_char(time_stage, text) for text in texts)
    assert large < 3 * small  # it was 6x at these sizes: every date rebuilt Doc.text and scanned all others


# ---- 7: streaming size limits -------------------------------------------------------------

def test_a_gzipped_jsonl_line_over_the_limit_is_skipped_without_holding_it(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "big", "text": "' + b"a" * 3_000_000 + b'"}\n{"id": "ok", "text": "' + GOOD.encode() + b'"}\n'))
    documents = read(path, max_bytes=100_000)
    assert [(d.id, d.error and d.error.kind) for d in documents] == [("bomb#L1", "too_large"), ("ok", None)]


def test_a_gzip_of_newlines_stops_with_a_record(tmp_path):
    path = tmp_path / "newlines.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n" * 3_000_000 + b'{"id": "late", "text": "x"}\n'))
    started = time.monotonic()
    [document] = read(path)
    assert document.error.kind == "too_large" and "blank lines" in document.error.message
    assert time.monotonic() - started < 5


# ---- 9: a record for every input that yields no document ----------------------------------

@pytest.mark.parametrize("content, kind", [
    (b"\x00garbage\xff" * 30, "unreadable"),
    (b"WARC/1.0\r\nWARC-Type: response\r\n", "no_documents"),
    (b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 4\r\n\r\nGET \r\n\r\n", "no_documents"),
])
def test_a_warc_file_with_no_document_gets_a_record(tmp_path, content, kind):
    path = tmp_path / "crawl.warc"
    path.write_bytes(content)
    [document] = read(path)
    assert (document.id, document.error.kind) == ("crawl", kind)


@pytest.mark.parametrize("text", ["“”", "...!!!", "\u200b\u200b\u200b", "😀 😀", "— — —"])
def test_a_text_empty_after_cleaning_is_an_error(analyzer, text):
    document = analyzer.analyze_one(Document(id="e", text=text))
    assert (document.error.stage, document.error.kind) == ("clean", "empty_after_cleaning")


def test_fifos_and_dangling_links_in_a_folder_get_records(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "link.txt")
    documents = read(tmp_path)
    assert sorted((d.id, d.error.kind) for d in documents) == [("link", "missing"), ("pipe", "not_a_file")]


# ---- 10: clear records --------------------------------------------------------------------

def test_html_null_beside_text_reads_the_text(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text('{"id": "h", "text": "%s", "html": null}\n' % GOOD)
    [document] = read(path)
    assert document.error is None and document.text == GOOD


@pytest.mark.parametrize("line, message", [
    ('{"id": "h", "html": null}', 'needs a string "text" or "html"'),
    ('{"id": "u", "text": "x", "url": 5}', '"url" must be a string or null, not int'),
    ('{"id": "t", "text": "x", "title": ["a"]}', '"title" must be a string or null, not list'),
])
def test_bad_jsonl_fields_get_a_clear_message(tmp_path, line, message):
    path = tmp_path / "f.jsonl"
    path.write_text(line + "\n")
    [document] = read(path)
    assert document.error.kind == "bad_jsonl" and message in document.error.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_without_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes(GOOD.encode(encoding))
    [document] = read(path)
    assert document.error is None and document.text == GOOD


# ---- fuzz ---------------------------------------------------------------------------------

def random_text(rng: random.Random) -> str:
    alphabet = [(0x20, 0x7e), (0xa0, 0x2ff), (0x2000, 0x206f), (0xd800, 0xdfff), (0x1f600, 0x1f64f), (0x0, 0x1f), (0x4e00, 0x4e80)]
    pieces = []
    for _ in range(rng.randint(0, 40)):
        low, high = rng.choice(alphabet)
        pieces.append("".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 12))))
        pieces.append(rng.choice([" ", "\n", "\n\n", "", ", ", ". ", "“", "”", GOOD]))
    return "".join(pieces)


def test_random_unicode_never_escapes_the_per_document_guard(analyzer):
    rng = random.Random(17)
    inputs = [Document(id=f"r{n}", text=random_text(rng), title=rng.choice([None, "\ud800", "T"])) for n in range(300)]
    documents = list(analyzer.analyze(inputs))
    assert [d.id for d in documents] == [f"r{n}" for n in range(300)]
    for document in documents:
        json.dumps(document.to_json_dict(), ensure_ascii=False).encode("utf-8")  # every field is writable
        assert document.error is None or document.error.kind != "timeout"


def test_a_hostile_folder_leaves_a_record_per_input_and_every_good_document(runner, tmp_path):
    from newsledger.ingest.valid import valid_text

    folder = tmp_path / "hostile"
    good = hostile_files(folder, 66)
    os.mkfifo(folder / "fifo.txt")
    inputs = {str(path) for path in folder.iterdir()}
    analyzed = output_documents(run(runner, "analyze", folder, "--format", "jsonl"))
    assert {d["source"].split("#")[0] for d in analyzed} == {valid_text(path) for path in inputs}
    assert good <= {d["id"] for d in analyzed if d["error"] is None}
    db = tmp_path / "h.duckdb"
    run(runner, "ingest", folder, "--db", db)
    kept = {row[0] for row in stored(db, "SELECT id FROM documents")}
    records = stored(db, "SELECT count(*) FROM errors")[0][0] + len(kept)
    assert good <= kept
    assert records == len(analyzed) - sum(1 for d in analyzed if d["error"] and d["error"]["kind"] == "duplicate_id")
