"""Reading the lexicons that stages keep as data files (tab-separated or one entry a line, `#` comments)."""

from __future__ import annotations

from pathlib import Path


def tsv_rows(path: Path) -> list[list[str]]:
    """Tab-separated rows of a data file, without comment lines and blank lines."""
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def text_lines(path: Path) -> list[str]:
    """The entries of a one-entry-a-line data file, stripped, without blank lines and comment lines
    (`#` after any indentation)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
