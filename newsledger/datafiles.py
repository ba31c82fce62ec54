"""Reading the lexicons that stages keep as data files (tab-separated, `#` comments)."""

from __future__ import annotations

from pathlib import Path


def tsv_rows(path: Path) -> list[list[str]]:
    """Tab-separated rows of a data file, without comment lines and blank lines."""
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
