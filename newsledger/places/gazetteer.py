"""The gazetteer (data/gazetteer.tsv, made by build_gazetteer.py) and the stage's word lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsledger.datafiles import data_lines

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # country, continent, state, city
    code: str | None
    lat: float | None
    lon: float | None
    capital: bool


def gazetteer() -> dict[str, str]:
    """Case-folded name -> the tab-separated row of the place it most likely means (a later row wins)."""
    return _table()[1]


@lru_cache(maxsize=None)
def _table() -> tuple[list[str], dict[str, str]]:
    """The column names and the rows by name. A row becomes a `GazetteerEntry` only when looked up:
    an article looks up a few dozen of the 6,600 names, and splitting and building every entry up
    front took about 0.03 s of each process that analyzes."""
    header, *rows = data_lines(DATA / "gazetteer.tsv")
    return header.split("\t"), {row.partition("\t")[0].casefold(): row for row in rows}


@lru_cache(maxsize=None)
def _entry(key: str) -> GazetteerEntry:
    columns, rows = _table()
    row = dict(zip(columns, rows[key].split("\t")))
    return GazetteerEntry(
        name=row["place"], kind=row["kind"], code=row["code"] or None,
        lat=float(row["lat"]) if row["lat"] else None, lon=float(row["lon"]) if row["lon"] else None,
        capital=row["capital"] == "1",
    )


@lru_cache(maxsize=None)
def place_words() -> dict:
    return json.loads((DATA / "nouns.json").read_text(encoding="utf-8"))


def lookup(name: str) -> GazetteerEntry | None:
    name = name.strip()
    for prefix in ("the ", "The "):
        name = name.removeprefix(prefix)
    name = name.removesuffix("'s").removesuffix("’s")
    key = name.casefold()
    return _entry(key) if key in gazetteer() else None
