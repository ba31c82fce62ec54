"""The places stage: gazetteer places, location vs. actor roles, event locations."""

from __future__ import annotations

import pytest

from newsledger.model import Document, Event, Span
from newsledger.nlp import load_model
from newsledger.pipeline import make_stage
from newsledger.places.gazetteer import gazetteer, lookup
from newsledger.settings import Settings


@pytest.fixture(scope="module")
def run_places():
    settings = Settings()
    nlp = load_model(settings.model)
    stages = [make_stage(name, settings) for name in ("time", "places")]

    def run(text: str, events: tuple[tuple[str, str], ...] = ()) -> Document:
        document = Document(id="p", text=text, published="2022-01-10")
        document.events = [_event(text, f"v{n}", event_type, word) for n, (event_type, word) in enumerate(events, 1)]
        parsed = nlp(text)
        for stage in stages:
            stage(document, parsed)
        return document

    return run


def _event(text: str, event_id: str, event_type: str, word: str) -> Event:
    start = text.index(word)
    return Event(id=event_id, type=event_type, trigger=Span(start=start, end=start + len(word), text=word),
                 sentence=Span(start=0, end=len(text)))


def test_gazetteer_knows_capitals_countries_and_short_forms():
    assert lookup("Geneva").code == "CHE"
    assert lookup("Vienna").code == "AUT" and lookup("Vienna").lat is not None
    assert lookup("the U.S.").name == "United States"
    assert lookup("Washington").kind == "city"  # the capital, not the state
    assert lookup("Georgia").kind == "country"
    assert 3000 < len(gazetteer()) < 50000


def test_places_in_text_with_codes(run_places):
    document = run_places("Delegates gathered in Geneva before flying to Brussels and Vienna.")
    assert [(p.text, p.code, p.role) for p in document.places] == [
        ("Geneva", "CHE", "location"), ("Brussels", "BEL", "location"), ("Vienna", "AUT", "location")]


def test_capitals_acting_are_actors(run_places):
    document = run_places("Moscow said the plan was unacceptable, while Washington was attempting to reassure "
                          "allies in Berlin.")
    roles = {p.text: p.role for p in document.places}
    assert roles == {"Moscow": "actor", "Washington": "actor", "Berlin": "location"}


def test_venue_modifier_is_a_location_but_a_possessor_acts(run_places):
    document = run_places("The Geneva talks ended as Russia's demands grew.")
    roles = {p.text: p.role for p in document.places}
    assert roles == {"Geneva": "location", "Russia": "actor"}


def test_event_location_from_its_own_phrase(run_places):
    document = run_places("Sherman will hold consultations in Brussels on Tuesday, and Moscow said it would "
                          "respond.", events=(("CONSULT", "consultations"), ("CONSULT", "said")))
    consultations, said = document.events
    assert consultations.location.name == "Brussels" and consultations.location.code == "BEL"
    assert said.location is None  # a capital acting is never where an event happens


def test_event_location_prefers_the_city(run_places):
    text = "A meeting of the Organization for Security and Co-operation in Europe in Vienna follows on Thursday."
    (meeting,) = run_places(text, events=(("CONSULT", "meeting"),)).events
    assert meeting.location.name == "Vienna"


def test_main_talks_take_the_meeting_place(run_places):
    text = ("Officials held eight hours of discussions on Monday. "
            "Sherman, who led the delegation at the Geneva meeting, spoke to reporters.")
    (held,) = run_places(text, events=(("CONSULT", "held"),)).events
    assert held.location.name == "Geneva" and held.location.code == "CHE"
    assert text[held.location.start:held.location.end] == "Geneva"


def test_dateline_is_the_main_place(run_places):
    text = "VIENNA (AP) — Negotiators resumed talks on Monday over the nuclear deal."
    document = run_places(text, events=(("CONSULT", "resumed"),))
    assert document.places[0].name == "Vienna"
    assert document.events[0].location.name == "Vienna"


def test_seed_places(seed_document):
    places = {(p.name, p.code) for p in seed_document.places if p.role == "location"}
    assert {("Geneva", "CHE"), ("Brussels", "BEL"), ("Vienna", "AUT")} <= places
    assert all(p.role == "actor" for p in seed_document.places if p.text == "Washington")


def test_untagged_place_names_where_a_place_is_expected(run_places):
    document = run_places("The president will travel to Kyiv and Kharkiv after officials in Mariupol spoke.")
    assert {(p.name, p.code, p.role) for p in document.places} >= {
        ("Kyiv", "UKR", "location"), ("Kharkiv", "UKR", "location"), ("Mariupol", "UKR", "location")}


def test_objects_act_unless_the_verb_goes_to_or_strikes_a_place(run_places):
    roles = {p.text: p.role for p in run_places("Beijing warned Taipei while troops shelled Kharkiv.").places}
    assert roles == {"Beijing": "actor", "Taipei": "actor", "Kharkiv": "location"}


def test_dateline_the_tagger_also_found(run_places):
    text = "GENEVA (Reuters) — Diplomats held talks on Monday. Paris said it welcomed them."
    document = run_places(text, events=(("CONSULT", "held"),))
    assert document.events[0].location.name == "Geneva"
