"""The gazetteer (data/gazetteer.tsv, made by build_gazetteer.py) and the stage's word lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsledger.datafiles import tsv_records

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # country, continent, state, city
    code: str | None
    lat: float | None
    lon: float | None
    capital: bool


@lru_cache(maxsize=None)
def gazetteer() -> dict[str, GazetteerEntry]:
    """Case-folded name -> the place it most likely means."""
    return {row["name"].casefold(): GazetteerEntry(
        name=row["place"], kind=row["kind"], code=row["code"] or None,
        lat=float(row["lat"]) if row["lat"] else None, lon=float(row["lon"]) if row["lon"] else None,
        capital=row["capital"] == "1",
    ) for row in tsv_records(DATA / "gazetteer.tsv")}


@lru_cache(maxsize=None)
def place_words() -> dict:
    return json.loads((DATA / "nouns.json").read_text(encoding="utf-8"))


def lookup(name: str) -> GazetteerEntry | None:
    name = name.strip()
    for prefix in ("the ", "The "):
        name = name.removeprefix(prefix)
    name = name.removesuffix("'s").removesuffix("’s")
    return gazetteer().get(name.casefold())
