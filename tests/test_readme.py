"""The README's query and export examples run as written, against a store like the one `make demo` builds."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from e2e.webstore import web_store  # noqa: F401 (fixture: examples/corpus and our articles, ingested)
from newsledger.cli.app import app

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_examples(*commands: str) -> list[str]:
    """Indented `newsledger COMMAND ...` lines, without trailing comments and optional [parts]."""
    lines = re.findall(r"^    newsledger ((?:" + "|".join(commands) + r") .*)$", README.read_text(encoding="utf-8"), re.MULTILINE)
    return [re.sub(r"\[[^\]]*\]", "", line.split(" # ")[0]).strip() for line in lines]


def test_the_readme_has_query_and_export_examples():
    assert len(readme_examples("query")) >= 4 and len(readme_examples("export")) >= 4


@pytest.mark.parametrize("example", readme_examples("query", "export"))
def test_a_readme_example_runs_as_written(example, web_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "demo.duckdb").symlink_to(web_store.db)
    result = CliRunner().invoke(app, shlex.split(example))
    assert result.exit_code == 0, result.output
