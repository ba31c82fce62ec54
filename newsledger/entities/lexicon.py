"""The entities stage's word lists, read once from `data/`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsledger.datafiles import tsv_rows

DATA = Path(__file__).resolve().parent / "data"


def data_lines(name: str) -> list[list[str]]:
    return tsv_rows(DATA / name)


@dataclass(frozen=True, slots=True)
class Pronoun:
    gender: str | None
    plural: bool


@dataclass(frozen=True)
class Lexicon:
    honorifics: dict[str, str | None]
    pronouns: dict[str, Pronoun]
    organization_heads: frozenset[str]
    not_actors: frozenset[str]
    leading_verbs: frozenset[str]
    led_bodies: frozenset[str]
    company_suffixes: frozenset[str]
    first_names: dict[str, str]
    epithets: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    leading = data_lines("leading_verbs.tsv")
    return Lexicon(
        honorifics={row[0].lower(): (row[1] if len(row) > 1 and row[1] else None)
                    for row in data_lines("honorifics.tsv")},
        pronouns={row[0]: Pronoun(row[1] or None, row[2] == "pl") for row in data_lines("pronouns.tsv")},
        organization_heads=frozenset(row[0] for row in data_lines("organization_heads.txt")),
        not_actors=frozenset(row[0] for row in data_lines("not_actors.txt")),
        leading_verbs=frozenset(row[0] for row in leading if row[1] == "verb"),
        led_bodies=frozenset(row[0] for row in leading if row[1] == "body"),
        company_suffixes=frozenset(row[0] for row in data_lines("company_suffixes.txt")),
        first_names={row[0]: row[1] for row in data_lines("first_names.tsv")},
        epithets=frozenset(row[0] for row in data_lines("epithets.txt")),
    )
