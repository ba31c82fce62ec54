"""Reader for TABARI/PETRARCH actor and agent dictionaries.

The format, as in the Phoenix dictionaries:

    VLADIMIR_PUTIN_  # a comment
    +PUTIN_                          <- `+` adds a synonym to the entry above
    +PRESIDENT_VLADIMIR_PUTIN_
        [RUSGOV >080508]             <- codes, on their own indented lines or after the name
        [RUSELI]                     <- an undated code is the default
    KOFI_ANNAN_ [IGOUNO 970101-061231] [ELI]

Words are joined by `_`; a trailing `_` (whole word only, in TABARI) is dropped. Dates are YYMMDD
(years from 30 on are 19xx) or YYYYMMDD, as `>FROM`, `<UNTIL` or `FROM-UNTIL`. `[---]` is "no code".

Agent dictionaries (Phoenix.agents.txt) have one noun per line with a sector code marked by `~`:
`DIPLOMAT [~GOV]`, `PEACEKEEPING_TROOPS {} [IGO~]`, with `{PLURAL}` forms and substitution sets
(`!PERSON! = MAN, MEN, WOMAN`) that expand inside names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CODE = re.compile(r"\[([^\]]*)\]")
PLURAL = re.compile(r"\{([^}]*)\}")
SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
PARENTHESIS = re.compile(r"\([^)]*\)")


class DateRange:
    """Methods of a record with `start` and `end` ISO dates ("" = open)."""

    __slots__ = ()
    start: str
    end: str

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)

    def covers(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


@dataclass(frozen=True, slots=True)
class DatedCode(DateRange):
    """A CAMEO code with the period it applies to."""

    code: str
    start: str = ""
    end: str = ""


@dataclass(slots=True)
class DictionaryEntry:
    names: list[str]
    codes: list[DatedCode] = field(default_factory=list)

    @property
    def is_agent(self) -> bool:
        return any("~" in dated.code for dated in self.codes)


def read_dictionary(path: Path) -> Iterator[DictionaryEntry]:
    """Entries of one actor or agent dictionary file, names in natural spelling ("Vladimir Putin")."""
    substitutions: dict[str, list[str]] = {}
    entry: DictionaryEntry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if match := SUBSTITUTION.match(line.strip()):
            substitutions[match.group(1)] = [word.strip() for word in match.group(2).split(",") if word.strip()]
            continue
        codes = [code for text in CODE.findall(line) if (code := parse_code(text)) is not None]
        name_part = CODE.sub(" ", line).strip()
        if line[0] in " \t" and not name_part:
            if entry is not None:
                entry.codes.extend(codes)
            continue
        names = expand(name_part.lstrip("+"), substitutions)
        if line.startswith("+") and entry is not None:
            entry.names.extend(names)
            entry.codes.extend(codes)
            continue
        if entry is not None:
            yield entry
        entry = DictionaryEntry(names=names, codes=codes)
    if entry is not None:
        yield entry


def expand(name_part: str, substitutions: dict[str, list[str]]) -> list[str]:
    """The spellings one dictionary line stands for: itself, its {plural}, substitution sets filled in."""
    plurals = [plural for plural in PLURAL.findall(name_part) if plural.strip()]
    forms = [PLURAL.sub(" ", name_part), *plurals]
    for marker, words in substitutions.items():
        forms = [filled for form in forms for filled in fill(form, marker, words)]
    return [spelling for form in forms if (spelling := natural_spelling(form))]


def fill(form: str, marker: str, words: list[str]) -> list[str]:
    return [form.replace(marker, "_" + word) for word in words] if marker in form else [form]


def natural_spelling(form: str) -> str:
    words = PARENTHESIS.sub(" ", form).replace("_", " ").replace("+", " ").split()
    return " ".join(words)


def parse_code(text: str) -> DatedCode | None:
    parts = text.split()
    if not parts or parts[0].strip("-") == "":
        return None
    code, restriction = parts[0], "".join(parts[1:])
    if not restriction:
        return DatedCode(code)
    if restriction.startswith(">"):
        start = parse_date(restriction[1:])
        return DatedCode(code, start=start) if start else None
    if restriction.startswith("<"):
        end = parse_date(restriction[1:])
        return DatedCode(code, end=end) if end else None
    start_text, _, end_text = restriction.partition("-")
    start, end = parse_date(start_text), parse_date(end_text)
    return DatedCode(code, start, end) if start and end else None


def parse_date(text: str) -> str:
    """YYMMDD or YYYYMMDD -> YYYY-MM-DD; "" when it is neither."""
    if not text.isdigit():
        return ""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{1900 + year if year >= 30 else 2000 + year}{text[2:]}"
    if len(text) != 8:
        return ""
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"
