"""One export row per canonical event of the store, in the POLECAT layout (docs/export.md).

Rows are read from each document's stored JSON, which holds every layer (entities with their
roles, event locations with coordinates); the events table only says which events stand for
themselves (syndicated copies and other reports of a merged event are left out).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pyarrow as pa

from newsledger.export.crosswalk import cameo_code, quad_class
from newsledger.model import Actor, Document, Event
from newsledger.store import Store
from newsledger.store.sql import CANONICAL_EVENT, EVENT_FROM, EVENT_SOURCES

# Several actors on one side of an event are joined with this, as POLECAT does.
JOIN = ";"
DOCUMENTS_PER_FETCH = 200
PRECISION_BY_LENGTH = {len("2022-01-10"): "day", len("2022-01"): "month", len("2022"): "year"}
# An event the text does not date is dated by its article (precision "story"), and one the
# sentence does not place is placed where the article is: the first place it names with coordinates.
STORY = "story"
SENTENCE = "sentence"

POLECAT_FIELDS = pa.schema([
    ("Event ID", pa.string()), ("Event Date", pa.date32()), ("Date Precision", pa.string()),
    ("Event Type", pa.string()), ("Event Mode", pa.string()), ("Contexts", pa.string()),
    ("CAMEO Code", pa.string()), ("Quad Class", pa.int8()),
    ("Actor Name", pa.string()), ("Actor Country", pa.string()), ("Primary Actor Sector", pa.string()),
    ("Actor Title", pa.string()), ("Actor Name Raw", pa.string()),
    ("Recipient Name", pa.string()), ("Recipient Country", pa.string()), ("Primary Recipient Sector", pa.string()),
    ("Recipient Title", pa.string()), ("Recipient Name Raw", pa.string()),
    ("Placename", pa.string()), ("Raw Placename", pa.string()), ("Country", pa.string()),
    ("Latitude", pa.float64()), ("Longitude", pa.float64()), ("Place Source", pa.string()),
    ("Negated", pa.bool_()), ("Hypothetical", pa.bool_()), ("Future", pa.bool_()), ("Historical", pa.bool_()),
    ("Sentence", pa.string()), ("Publication Date", pa.date32()), ("Publication", pa.string()),
    ("URL", pa.string()), ("Headline", pa.string()), ("Story ID", pa.string()), ("Sources", pa.int32()),
])


def event_rows(store: Store) -> Iterator[dict]:
    """Every canonical event of the store as a POLECAT-layout row, article by article."""
    events = _canonical_events(store)
    cursor = store.connection.cursor()
    try:
        cursor.execute("SELECT json FROM documents WHERE id IN (SELECT unnest(?)) ORDER BY id", [sorted(events)])
        while batch := cursor.fetchmany(DOCUMENTS_PER_FETCH):
            for (stored,) in batch:
                document = Document.from_json_dict(json.loads(stored))
                by_id = {event.id: event for event in document.events}
                for event_id, sources in events[document.id]:
                    if event_id in by_id:
                        yield event_row(document, by_id[event_id], sources)
    finally:
        cursor.close()


def _canonical_events(store: Store) -> dict[str, list[tuple[str, int]]]:
    """Document id -> its canonical events (id, number of articles reporting it), in text order."""
    rows = store.connection.execute(f"""
        SELECT ev.document_id, ev.id, {EVENT_SOURCES} {EVENT_FROM}
        WHERE {CANONICAL_EVENT} ORDER BY ev.document_id, ev.trigger_start""").fetchall()
    events: dict[str, list[tuple[str, int]]] = {}
    for document_id, event_id, sources in rows:
        events.setdefault(document_id, []).append((event_id, sources))
    return events


def event_row(document: Document, event: Event, sources: int = 1) -> dict:
    code, contexts = cameo_code(event.type, event.mode)
    event_date, precision = _event_date(event.date, document.published)
    return {
        "Event ID": f"{document.id}/{event.id}", "Event Date": event_date, "Date Precision": precision,
        "Event Type": event.type, "Event Mode": event.mode, "Contexts": contexts,
        "CAMEO Code": code, "Quad Class": quad_class(code),
        **_side("Actor", event.source, document), **_side("Recipient", event.target, document),
        **_place(event, document),
        "Negated": event.negated, "Hypothetical": event.hypothetical, "Future": event.future,
        "Historical": event.historical,
        "Sentence": document.text[event.sentence.start:event.sentence.end].strip(),
        "Publication Date": _day(document.published), "Publication": document.outlet, "URL": document.url,
        "Headline": document.title, "Story ID": document.id, "Sources": sources,
    }


def _side(role: str, actors: list[Actor], document: Document) -> dict:
    """One side of an event; POLECAT's sector field of a source is "Primary Actor Sector"."""
    described = [_actor(actor, document) for actor in actors]
    names, countries, sectors, titles, raw = (_joined(values) for values in zip(*described)) if described else [None] * 5
    return {f"{role} Name": names, f"{role} Country": countries, f"Primary {role} Sector": sectors,
            f"{role} Title": titles, f"{role} Name Raw": raw}


def _actor(actor: Actor, document: Document) -> tuple[str, str, str, str, str]:
    """(name, country, sector, title, raw name); an international organization keeps its own name
    (NATO, European Union) beside its code IGO, and a state named as itself ("Russia warned")
    acts through its government."""
    entity = document.entity(actor.entity)
    name = entity.name if entity else actor.text
    code = actor.code or (entity.code if entity else None)
    sector = actor.sector or (entity.sector if entity else None)
    if sector is None and entity is not None and entity.type == "GPE" and code:
        sector = "GOV"
    title = ", ".join(entity.roles) if entity else ""
    return name, code or "", sector or "", title, actor.text


def _joined(values: tuple[str, ...]) -> str | None:
    return JOIN.join(values) if any(values) else None


def _place(event: Event, document: Document) -> dict:
    if event.location is not None:
        location, source = event.location, SENTENCE
    else:
        location = next((place for place in document.places if place.role == "location" and place.lat is not None), None)
        source = STORY if location else None
    if location is None:
        return {"Placename": None, "Raw Placename": None, "Country": None, "Latitude": None, "Longitude": None,
                "Place Source": None}
    raw = document.text[location.start:location.end] if location.start is not None else None
    return {"Placename": location.name, "Raw Placename": raw, "Country": location.code, "Latitude": location.lat,
            "Longitude": location.lon, "Place Source": source}


def _event_date(value: str | None, published: str | None) -> tuple[date | None, str | None]:
    """A date of any precision as its first day and the precision: '2024-11' -> (2024-11-01, 'month')."""
    precision = PRECISION_BY_LENGTH.get(len(value)) if value else None
    if precision is not None:
        try:
            return date.fromisoformat((value + "-01-01")[:len("2022-01-10")]), precision
        except ValueError:
            pass
    published_day = _day(published)
    return published_day, STORY if published_day else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
