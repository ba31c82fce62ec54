"""The time stage's word lists (data/calendar.json, data/numbers.json), loaded once per process."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def calendar_words() -> dict:
    return json.loads((DATA / "calendar.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def number_words() -> dict:
    return json.loads((DATA / "numbers.json").read_text(encoding="utf-8"))


def alternation(words, flags: str = "") -> str:
    """A regex alternation of literal words, longest first so that "Sept" wins over "Sep"."""
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def parse_number(text: str) -> float | None:
    """'100,000' -> 100000, '1.5 million' -> 1500000, 'eight' -> 8, 'two dozen' -> 24."""
    words = number_words()
    total = None
    for part in text.lower().replace("-", " ").split():
        part = part.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", part):
            value = float(part)
        elif part in words["multipliers"] and total is not None:
            total *= words["multipliers"][part]
            continue
        elif words["units"].get(part) is not None:
            value = float(words["units"][part])
        else:
            return None
        total = value if total is None else total + value
    return total
