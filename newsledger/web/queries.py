"""Read-only queries the web app needs over the store's tables (see docs/store.md).

Every query is parameterized: user input only ever travels as a bound parameter, never inside
the SQL text. Text search is a case-insensitive substring match (`contains(lower(x), lower(?))`),
so `%` and `_` in a search are literal characters, not wildcards.

An actor is the store's canonical actor (`entities.actor_id`) when the store has linked one, and
otherwise the entity's normalized name, so the same person named in two articles is one actor
even before actors are resolved.

Event dates are as precise as the text allowed (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): a date range
keeps an event when its date overlaps the range at the event's own precision, so an event dated
`2022-01` is kept by a range starting on 2022-01-10.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pycountry

from newsledger.model import Document
from newsledger.store.sql import CANONICAL_EVENT, EVENT_FROM, EVENT_SOURCES, EVENT_WHEN, QUOTE_SPEAKER_JOIN

SNIPPET_CHARS = 240
SNIPPET_LEAD = 80
ACTOR_KEY = "COALESCE(e.actor_id, e.normalized)"
# The canonical actor's name once the store has consolidated actors, else the longest name used.
ACTOR_NAME = "COALESCE(any_value(a.name), arg_max(e.name, length(e.name)))"
ACTOR_FROM = "FROM entities e LEFT JOIN actors a ON a.id = e.actor_id"
ACTOR_PROFILE = f"""{ACTOR_KEY} AS id, {ACTOR_NAME} AS name, mode(e.type) AS type, mode(e.code) AS code,
    mode(e.sector) AS sector, list_sort(list_distinct(flatten(list(e.roles)))) AS roles,
    count(DISTINCT e.document_id) AS documents"""
# A scheduled event is one the article reports as still to come.
EVENT_STATUS = "CASE WHEN ev.future THEN 'scheduled' ELSE 'past' END"
EVENT_COLUMNS = f"""
    ev.document_id, ev.id, ev.type, ev.mode, ev.source_texts, ev.source_codes, ev.target_texts,
    ev.target_codes, ev.trigger, ev.sentence, ev.date, {EVENT_WHEN} AS "when", ev.location,
    ev.location_code, ev.negated, ev.hypothetical, ev.future, ev.historical, ev.quote_id,
    {EVENT_STATUS} AS status, d.title AS document_title, d.outlet,
    {EVENT_SOURCES} AS sources,
    strftime(d.published, '%Y-%m-%d') AS published
"""
QUOTE_COLUMNS = """
    q.document_id, q.id, q.kind, q.text, q.cue, q.speaker, q.speaker_entity, q.speaker_group,
    q.start, q."end", d.title AS document_title, d.outlet, strftime(d.published, '%Y-%m-%d') AS published
"""


@dataclass
class Page:
    """One page of results and the number of results in all pages."""

    total: int
    limit: int
    offset: int
    items: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


@dataclass
class Filters:
    """WHERE clauses and their parameters, built up one optional filter at a time."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def given(self, value: Any, clause: str) -> None:
        """Adds `clause` when `value` is given, binding it to each `?` of the clause."""
        if value:
            self.add(clause, *[value] * clause.count("?"))

    def published(self, start: str | None, end: str | None) -> None:
        self.given(start, "d.published >= CAST(? AS DATE)")
        self.given(end, "d.published <= CAST(? AS DATE)")

    def where(self) -> str:
        return "WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _contains(column: str) -> str:
    return f"contains(lower({column}), lower(?))"


# A quote's speaker by the words naming them, their entity's name, or the group they speak for.
SPEAKER_MATCH = f"({_contains('q.speaker')} OR {_contains('e.name')} OR {_contains('q.speaker_group')})"


def _country(code: str | None):
    """The ISO 3166-1 country with this alpha-3 code; None for other codes (IGO, NGO, ...)."""
    return pycountry.countries.get(alpha_3=code) if code and len(code) == 3 else None


def _chosen_events_json(filters: Filters) -> str:
    """A CTE `chosen(document_id, event)`: the stored JSON of each event the filters pick."""
    return f"""WITH picked AS (SELECT ev.document_id, ev.id {EVENT_FROM} {filters.where()}),
             layers AS (SELECT d.id AS document_id, unnest(CAST(d.json->'$.events' AS JSON[])) AS event
                        FROM documents d WHERE d.id IN (SELECT document_id FROM picked)),
             chosen AS (SELECT l.document_id, l.event FROM layers l
                        JOIN picked p ON p.document_id = l.document_id AND p.id = l.event->>'$.id')"""


class Queries:
    """The web app's questions to one DuckDB connection (use one `Queries` per thread)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection):
        self.connection = connection

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        return _rows(self.connection.execute(sql, list(params)))

    def _page(self, select: str, body: str, order: str, filters: Filters, limit: int, offset: int,
              select_params: Sequence[Any] = ()) -> Page:
        total = self.connection.execute(f"SELECT count(*) FROM (SELECT 1 {body} {filters.where()})", filters.params).fetchone()[0]
        items = self._fetch(f"SELECT {select} {body} {filters.where()} ORDER BY {order} LIMIT ? OFFSET ?",
                            [*select_params, *filters.params, limit, offset])
        return Page(total, limit, offset, items)

    # ---- documents ----------------------------------------------------------------------

    def documents(self, q: str | None = None, outlet: str | None = None, start: str | None = None,
                  end: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        filters = Filters()
        filters.given(q, f"({_contains('d.text')} OR {_contains('d.title')})")
        filters.given(outlet, "lower(d.outlet) = lower(?)")
        filters.published(start, end)
        # The snippet starts a little before the first match (or at the top without a search).
        select = f"""d.id, d.title, d.outlet, d.url, d.source, strftime(d.published, '%Y-%m-%d') AS published,
                    d.duplicate_of,
                    substr(d.text, greatest(1, strpos(lower(d.text), lower(?)) - {SNIPPET_LEAD}), {SNIPPET_CHARS}) AS snippet,
                    (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes,
                    (SELECT count(*) FROM events ev WHERE ev.document_id = d.id) AS events"""
        return self._page(select, "FROM documents d", "d.published DESC NULLS LAST, d.id", filters, limit, offset,
                          select_params=[q or ""])

    def document(self, document_id: str) -> Document | None:
        row = self.connection.execute("SELECT json FROM documents WHERE id = ?", [document_id]).fetchone()
        return Document.from_json_dict(json.loads(row[0])) if row else None

    def actor_keys(self, document_id: str) -> dict[str, str]:
        """Entity id -> actor key for one document, to link its quotes and events to actor pages."""
        rows = self.connection.execute(f"SELECT e.id, {ACTOR_KEY} FROM entities e WHERE e.document_id = ?", [document_id])
        return dict(rows.fetchall())

    # ---- actors -------------------------------------------------------------------------

    def actors(self, q: str | None = None, type: str | None = None, code: str | None = None,
               sector: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        filters = Filters()
        filters.given(q, f"({_contains('e.name')} OR {_contains('e.normalized')})")
        filters.given(type, "e.type = ?")
        filters.given(code, "e.code = ?")
        filters.given(sector, "e.sector = ?")
        inner = f"SELECT {ACTOR_PROFILE} {ACTOR_FROM} {filters.where()} GROUP BY 1"
        total = self.connection.execute(f"SELECT count(*) FROM ({inner})", filters.params).fetchone()[0]
        items = self._fetch(f"SELECT * FROM ({inner}) ORDER BY documents DESC, name LIMIT ? OFFSET ?",
                            [*filters.params, limit, offset])
        return Page(total, limit, offset, items)

    def actor(self, actor_id: str, limit: int = 50, offset: int = 0) -> dict | None:
        """Who this is, what they said and did, and with whom; lists are paged by `limit`/`offset`."""
        profile = self._fetch(
            f"""SELECT {ACTOR_PROFILE}, mode(e.affiliation) AS affiliation, list_sort(list_distinct(list(e.name))) AS names
                {ACTOR_FROM} WHERE {ACTOR_KEY} = ? GROUP BY 1""", [actor_id])
        if not profile:
            return None
        actor = profile[0]
        actor["quotes"] = self.quotes(actor=actor_id, limit=limit, offset=offset).as_dict()
        actor["events"] = self.events(actor=actor_id, limit=limit, offset=offset).as_dict()
        actor["counterparts"] = self._counterparts(actor_id)
        return actor

    def _counterparts(self, actor_id: str) -> list[dict]:
        """Whom the actor acts on and who acts on them, by number of events."""
        return self._fetch(
            f"""WITH mine AS (SELECT e.document_id, e.id FROM entities e WHERE {ACTOR_KEY} = ?),
                     involved AS (
                         SELECT ev.*, list_contains(ev.source_entities, mine.id) AS as_source
                         FROM events ev JOIN mine ON mine.document_id = ev.document_id
                         JOIN documents d ON d.id = ev.document_id
                         WHERE {CANONICAL_EVENT}
                           AND (list_contains(ev.source_entities, mine.id) OR list_contains(ev.target_entities, mine.id))),
                     others AS (
                         SELECT unnest(CASE WHEN as_source THEN target_texts ELSE source_texts END) AS name,
                                CASE WHEN as_source THEN 'acted on' ELSE 'acted on them' END AS relation
                         FROM involved)
                SELECT name, relation, count(*) AS events FROM others
                GROUP BY name, relation ORDER BY events DESC, name LIMIT 50""", [actor_id])

    # ---- quotes and events --------------------------------------------------------------

    def quotes(self, speaker: str | None = None, q: str | None = None, start: str | None = None,
               end: str | None = None, actor: str | None = None, document: str | None = None,
               said_by_or_about: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        """`said_by_or_about`: the words are the speaker's name or in the quote (the page's one search box)."""
        filters = Filters()
        filters.given(speaker, SPEAKER_MATCH)
        filters.given(q, _contains("q.text"))
        filters.given(said_by_or_about, f"({SPEAKER_MATCH} OR {_contains('q.text')})")
        filters.published(start, end)
        filters.given(actor, f"{ACTOR_KEY} = ?")
        filters.given(document, "q.document_id = ?")
        if not document:
            filters.add("d.duplicate_of IS NULL")
        body = f"FROM quotes q JOIN documents d ON d.id = q.document_id {QUOTE_SPEAKER_JOIN}"
        select = f"{QUOTE_COLUMNS}, {ACTOR_KEY} AS speaker_actor, e.name AS speaker_name"
        return self._page(select, body, "d.published DESC NULLS LAST, q.document_id, q.start", filters, limit, offset)

    @staticmethod
    def _event_filters(type: str | None = None, source: str | None = None, target: str | None = None,
                       actor_code: str | None = None, start: str | None = None, end: str | None = None,
                       place: str | None = None, q: str | None = None, actor: str | None = None,
                       status: str | None = None) -> Filters:
        filters = Filters([CANONICAL_EVENT])
        filters.given(type, "ev.type = upper(?)")
        filters.given(source, "list_contains(ev.source_codes, upper(?))")
        filters.given(target, "list_contains(ev.target_codes, upper(?))")
        filters.given(actor_code, "(list_contains(ev.source_codes, upper(?)) OR list_contains(ev.target_codes, upper(?)))")
        # An event's date is compared at its own precision: '2022-01' against left('2022-01-10', 7).
        filters.given(start, f"{EVENT_WHEN} >= left(?, length({EVENT_WHEN}))")
        filters.given(end, f"{EVENT_WHEN} <= left(?, length({EVENT_WHEN}))")
        filters.given(place, f"({_contains('ev.location')} OR ev.location_code = upper(?))")
        filters.given(q, _contains("ev.sentence"))
        filters.given(actor, f"""EXISTS (SELECT 1 FROM entities e WHERE e.document_id = ev.document_id AND {ACTOR_KEY} = ?
                                 AND (list_contains(ev.source_entities, e.id) OR list_contains(ev.target_entities, e.id)))""")
        filters.given(status, f"{EVENT_STATUS} = ?")
        return filters

    def events(self, type: str | None = None, source: str | None = None, target: str | None = None,
               actor_code: str | None = None, start: str | None = None, end: str | None = None,
               place: str | None = None, q: str | None = None, actor: str | None = None,
               status: str | None = None, limit: int = 50, offset: int = 0, chronological: bool = False) -> Page:
        filters = self._event_filters(type=type, source=source, target=target, actor_code=actor_code, start=start,
                                      end=end, place=place, q=q, actor=actor, status=status)
        order = '"when" ASC NULLS LAST' if chronological else '"when" DESC NULLS LAST'
        return self._page(EVENT_COLUMNS, EVENT_FROM, f"{order}, ev.document_id, ev.trigger_start", filters, limit, offset)

    def network(self, limit: int = 200, **event_filters: Any) -> dict:
        """Who acts on whom: `source -> target` edges weighted by the number of events.

        A state is one node (its country code) whoever spoke for it; any other actor is its
        canonical actor, or its code, or its own words when it has neither.
        """
        filters = self._event_filters(**event_filters)
        # Only what was done (or is scheduled) links two actors, not what was denied or supposed.
        filters.add("NOT ev.negated AND NOT ev.hypothetical")
        sides = self._fetch(
            f"""{_chosen_events_json(filters)},
                sources AS (SELECT document_id, event->>'$.type' AS type, unnest(CAST(event->'$.source' AS JSON[])) AS source,
                                   CAST(event->'$.target' AS JSON[]) AS targets FROM chosen),
                pairs AS (SELECT document_id, type, source, unnest(targets) AS target FROM sources),
                actor_of AS (SELECT e.document_id, e.id, {ACTOR_KEY} AS actor, COALESCE(a.name, e.name) AS name {ACTOR_FROM})
                SELECT p.type, p.source->>'$.text' AS source_text, p.source->>'$.code' AS source_code,
                       s.actor AS source_actor, s.name AS source_name,
                       p.target->>'$.text' AS target_text, p.target->>'$.code' AS target_code,
                       t.actor AS target_actor, t.name AS target_name
                FROM pairs p
                LEFT JOIN actor_of s ON s.document_id = p.document_id AND s.id = p.source->>'$.entity'
                LEFT JOIN actor_of t ON t.document_id = p.document_id AND t.id = p.target->>'$.entity'""", filters.params)
        nodes: dict[str, dict] = {}
        edges: dict[tuple[str, str], dict] = {}
        for side in sides:
            source, target = (_node(nodes, side[f"{role}_text"], side[f"{role}_code"], side[f"{role}_actor"], side[f"{role}_name"])
                              for role in ("source", "target"))
            if source == target:
                continue
            edge = edges.setdefault((source, target), {"source": source, "target": target, "weight": 0, "types": set()})
            edge["weight"] += 1
            edge["types"].add(side["type"])
        kept = sorted(edges.values(), key=lambda edge: (-edge["weight"], edge["source"], edge["target"]))[:limit]
        for edge in kept:
            edge["types"] = sorted(edge["types"])
            nodes[edge["source"]]["events"] += edge["weight"]
            nodes[edge["target"]]["events"] += edge["weight"]
        return {"nodes": sorted((node for node in nodes.values() if node["events"]), key=lambda node: node["id"]),
                "edges": kept}

    def event_places(self, limit: int = 1000, **event_filters: Any) -> dict:
        """Where events happened: points where the store has coordinates, counts per country."""
        filters = self._event_filters(**event_filters)
        located = self._fetch(
            f"""{_chosen_events_json(filters)}
                SELECT document_id, event->>'$.id' AS id, event->>'$.type' AS type, event->>'$.date' AS date,
                       event->>'$.location.name' AS place, TRY_CAST(event->>'$.location.lat' AS DOUBLE) AS lat,
                       TRY_CAST(event->>'$.location.lon' AS DOUBLE) AS lon
                FROM chosen WHERE lat IS NOT NULL AND lon IS NOT NULL
                ORDER BY document_id, id LIMIT ?""", [*filters.params, limit])
        countries = self._fetch(
            f"""SELECT ev.location_code AS code, count(*) AS events {EVENT_FROM} {filters.where()}
                AND ev.location_code IS NOT NULL
                GROUP BY ev.location_code ORDER BY events DESC, code""", filters.params)
        for country in countries:
            known = _country(country["code"])
            # world-atlas keys its outlines by the ISO numeric code.
            country["numeric"], country["name"] = (known.numeric, known.name) if known else (None, country["code"])
        return {"points": located, "countries": countries}


def _node(nodes: dict[str, dict], text: str | None, code: str | None, actor: str | None, name: str | None) -> str:
    """The network node an event's actor is drawn as, added to `nodes` on first sight."""
    country = _country(code)
    if country:
        key, node = code, {"label": code, "name": country.name, "kind": "country"}
    elif actor:
        key, node = f"actor:{actor}", {"label": name or text, "name": name or text, "kind": "actor", "actor": actor}
    else:
        key = code or text or "?"
        node = {"label": key, "name": text or key, "kind": "text"}
    nodes.setdefault(key, {"id": key, "events": 0, **node})
    return key
