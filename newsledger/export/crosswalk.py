"""PLOVER -> CAMEO: the CAMEO code an event's type and mode stand for, and its quad class.

The CAMEO -> PLOVER table (`newsledger.knowledge.cameo`) is read in reverse: an event takes the most
general code listed for its type and mode (the shortest, then the lowest: "visit" is 042, not
043); a mode the coder names differently from the table goes through data/cameo_modes.tsv; an
event whose mode the table does not list takes its type's most general code (THREATEN -> 130).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsledger.datafiles import tsv_rows
from newsledger.knowledge.cameo import cameo_codes

DATA = Path(__file__).parent / "data"
# "13: THREATEN" heads a section of the table; an event code has at least three digits.
ROOT_LENGTH = 2


@dataclass(frozen=True)
class CameoEntry:
    code: str
    type: str
    mode: str
    contexts: str


@lru_cache(maxsize=1)
def _forward() -> dict[str, CameoEntry]:
    """CAMEO code -> its PLOVER type, mode and contexts (";"-separated)."""
    return {code: CameoEntry(code, row.plover, row.mode or "",
                             ";".join(part.strip() for part in (row.context or "").split(";") if part.strip()))
            for code, row in cameo_codes().items()}


def _generality(code: str) -> tuple[int, str]:
    return len(code), code


@lru_cache(maxsize=1)
def _reverse() -> dict[tuple[str, str], CameoEntry]:
    """(type, mode) -> the most general entry; (type, "") is the type's most general code."""
    reverse: dict[tuple[str, str], CameoEntry] = {}
    for entry in sorted(_forward().values(), key=lambda e: _generality(e.code), reverse=True):
        if len(entry.code) > ROOT_LENGTH:
            reverse[entry.type, entry.mode] = entry
            reverse[entry.type, ""] = entry
    for type_, mode, code in tsv_rows(DATA / "cameo_modes.tsv"):
        reverse[type_, mode] = _forward()[code]
    return reverse


def cameo_code(type_: str, mode: str | None) -> tuple[str | None, str | None]:
    """(CAMEO code, PLOVER contexts) for an event; contexts are None when the table gives none."""
    entry = _reverse().get((type_, mode or "")) or _reverse().get((type_, ""))
    if entry is None:
        return None, None
    return entry.code, entry.contexts or None


@lru_cache(maxsize=1)
def _quad_classes() -> list[tuple[int, int, int]]:
    return [(int(first), int(last), int(quad)) for first, last, quad, _ in tsv_rows(DATA / "quad_classes.tsv")]


def quad_class(code: str | None) -> int | None:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    if not code:
        return None
    root = int(code[:ROOT_LENGTH])
    return next((quad for first, last, quad in _quad_classes() if first <= root <= last), None)
