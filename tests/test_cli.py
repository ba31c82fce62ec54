"""The command line as a user meets it: inputs of every kind, formats, bad input and exit codes."""

import gzip
import json

import pytest
from typer.testing import CliRunner

from newsledger.cli.app import app

ARTICLE = ("Diplomats from Norway and Chile met in Oslo on Tuesday.\n\n"
           "“We made progress,” the Norwegian foreign minister said after the talks.\n")


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_analyze_a_text_file_to_json(runner, tmp_path):
    path = tmp_path / "oslo-talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "analyze", path, "--published", "2023-03-02", "--no-clean")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "newsledger/1"
    assert document["id"] == "oslo-talks"
    assert document["published"] == "2023-03-02"
    assert document["text"] == ARTICLE


def test_folders_gzip_and_jsonl_are_read_and_ids_drop_every_extension(runner, tmp_path):
    (tmp_path / "nested").mkdir()
    with gzip.open(tmp_path / "nested" / "first.txt.gz", "wt", encoding="utf-8") as stream:
        stream.write(ARTICLE)
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"id": "from-jsonl", "text": ARTICLE, "published": "2023-03-01"}) + "\n", encoding="utf-8")
    result = run(runner, "analyze", tmp_path, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    documents = {d["id"]: d for d in jsonl(result.stdout)}
    assert set(documents) == {"first", "from-jsonl"}
    assert documents["from-jsonl"]["published"] == "2023-03-01"


def test_stdin_is_read_with_a_dash(runner):
    result = run(runner, "analyze", "-", "--format", "jsonl", "--no-clean", input=ARTICLE)
    assert result.exit_code == 0, result.output
    [document] = jsonl(result.stdout)
    assert document["text"] == ARTICLE


def test_bad_inputs_get_error_records_and_the_rest_is_processed(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out.jsonl"
    result = run(runner, "analyze", binary, good, empty, missing, "--format", "jsonl", "--out", out)
    assert result.exit_code == 1
    assert "3 of 4 document(s) failed" in result.stderr
    documents = jsonl(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in documents] == ["image", "good", "empty", "missing"]
    assert documents[1]["error"] is None and documents[1]["text"]
    for failed in (documents[0], documents[2], documents[3]):
        assert failed["error"]["stage"] == "ingest"
        assert failed["error"]["message"]
        assert failed["id"] in result.stderr


def test_usage_errors_exit_with_2(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert run(runner, "analyze", path, "--published", "10/01/2022").exit_code == 2
    assert run(runner, "analyze", path, "--format", "pdf").exit_code == 2
    assert run(runner, "analyze").exit_code == 2


def test_markdown_format_renders_the_readout(runner, tmp_path):
    path = tmp_path / "oslo.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "analyze", path, "--published", "2023-03-02", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("#")
    assert "Oslo" in result.stdout


def test_clean_writes_jsonl_with_the_cleaning_record(runner, tmp_path):
    path = tmp_path / "scraped.txt"
    path.write_text("Talks resume\n\nThe ministers met in Oslo .\n\nRead More\n", encoding="utf-8")
    result = run(runner, "clean", path)
    assert result.exit_code == 0, result.output
    [document] = jsonl(result.stdout)
    assert "Read More" not in document["text"]
    assert document["cleaning"]


def test_schema_command_prints_the_versioned_json_schema(runner):
    result = run(runner, "schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$id"] == "newsledger/1"
