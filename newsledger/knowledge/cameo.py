"""The CAMEO -> PLOVER conversion (PLOVER manual draft 0.8), shipped as `data/cameo_plover.tsv`
(built by `newsledger.events.build_cameo`): each CAMEO code with its PLOVER type, mode and context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from newsledger.datafiles import tsv_records

T = TypeVar("T")
CROSSWALK = Path(__file__).parent / "data" / "cameo_plover.tsv"


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    plover: str
    mode: str | None
    context: str | None


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO code the conversion table lists, by code ("0311", "173", ...)."""
    return {row["cameo"]: CameoCode(row["cameo"], row["plover"], row["mode"] or None, row["context"] or None)
            for row in tsv_records(CROSSWALK)}


def nearest_listed(code: str, table: Mapping[str, T]) -> T | None:
    """A CAMEO code's own row in `table`, or its nearest listed parent's ("0311" -> "031" -> "03")."""
    for length in range(len(code), 1, -1):
        if (row := table.get(code[:length])) is not None:
            return row
    return None


def plover_type(code: str) -> str | None:
    """The PLOVER type of a CAMEO code."""
    row = nearest_listed(code, cameo_codes())
    return row.plover if row is not None else None
