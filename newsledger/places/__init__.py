"""The places stage: gazetteer places in the text (`Document.places`) and event locations.

An event's location is the location phrase that belongs to its trigger ("consultations in
Brussels", "the Geneva meeting"; see `attached_to`), a city before a country or a region ("a
meeting of the Organization for Security and Co-operation in Europe in Vienna" is in Vienna). The main talks of an article (its first
CONSULT event, and the CONSULT events on the same day) that name no place of their own are placed
at the article's dateline or, failing that, at its meeting place: the first location that modifies
a meeting word ("the Geneva meeting", "talks in Vienna"). Places acting as actors ("Moscow said")
are never locations.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsledger.model import Document, Event, Location, Place
from newsledger.pipeline import register_stage
from newsledger.places.gazetteer import place_words
from newsledger.places.recognize import PlaceMention, find_places
from newsledger.settings import Settings
# one rule for what belongs to an event, shared with the time stage (a candidate for newsledger.nlp)
from newsledger.nlp.attachment import Attachable, attachment
from newsledger.nlp.attachment import span_root


@register_stage("places")
def places_stage(settings: Settings):
    return annotate_places


def annotate_places(document: Document, parsed: Doc) -> None:
    found = find_places(parsed, document.text)
    document.places = [mention.place for mention in found]
    locations = [mention for mention in found if mention.place.role == "location"]
    cities = [mention for mention in locations if mention.kind == "city"]
    # a city before a country or a region
    candidates = [(mentions, Attachable(parsed, [m.span for m in mentions])) for mentions in (cities, locations)]
    for event in document.events:
        trigger = parsed.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if trigger is not None and (place := _event_place(span_root(trigger), candidates)):
            event.location = _location(place)
    main_place = _main_place(locations)
    if main_place is not None:
        for event in main_talks(document.events):
            event.location = event.location or _location(main_place)


def main_talks(events: list[Event]) -> list[Event]:
    """The article's first CONSULT event and the CONSULT events of the same day, none in the future."""
    consults = sorted((e for e in events if e.type == "CONSULT"), key=lambda e: e.trigger.start)
    if not consults:
        return []
    main = consults[0]
    return [e for e in consults if e.date == main.date and not e.future]


def _event_place(trigger: Token, candidates: list[tuple[list[PlaceMention], Attachable]]) -> Place | None:
    for mentions, phrases in candidates:
        index = phrases.attached_to(trigger)
        if index is not None:
            return mentions[index].place
    return None


def _main_place(locations: list[PlaceMention]) -> Place | None:
    meeting_nouns = set(place_words()["meeting_nouns"])
    for mention in locations:
        if mention.dateline:
            return mention.place
    for mention in locations:
        head = attachment(mention.span)
        if head is not None and head.lower_ in meeting_nouns:
            return mention.place
    return None


def _location(place: Place) -> Location:
    return Location(name=place.name, code=place.code, lat=place.lat, lon=place.lon, start=place.start, end=place.end)
