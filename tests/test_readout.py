"""The readout layer and its Markdown/HTML renderings, on a document whose entities, quotes and
events are built by hand (so only time, places and readout run here)."""

from __future__ import annotations

import re

import pytest

from newsledger.model import Actor, Document, Entity, Event, Mention, Quote, Span
from newsledger.readout.render import render_html, render_markdown

TEXT = (
    "Negotiators from France and Iran met in Vienna on Monday and parted without a deal. "
    "Foreign Minister Jean Dupont said: “We demand full access for inspectors.” "
    "Dupont threatened new sanctions. "
    "Iran rejected the proposal. "
    "The delegations will meet again in Geneva on Thursday, and a summit of the group in Oslo follows on Friday."
)


def _span(word: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Span(start=start, end=start + len(word), text=word)


def _event(event_id: str, event_type: str, word: str, sources: list[Actor], nth: int = 0, **flags) -> Event:
    trigger = _span(word, nth)
    sentence_start = TEXT.rfind(". ", 0, trigger.start) + 2 if ". " in TEXT[: trigger.start] else 0
    sentence_end = TEXT.find(".", trigger.end) + 1
    return Event(id=event_id, type=event_type, source=sources, trigger=trigger,
                 sentence=Span(start=sentence_start, end=sentence_end), **flags)


def _document(text: str = TEXT) -> Document:
    france = Actor(entity="e3", text="France", code="FRA")
    iran = Actor(entity="e2", text="Iran", code="IRN")
    dupont = Actor(entity="e1", text="Dupont", code="FRA")
    quote_start = TEXT.index("We demand")
    document = Document(id="r", text=text, published="2022-01-10", entities=[
        Entity(id="e1", name="Jean Dupont", type="PERSON", code="FRA", affiliation="FRA", roles=["Foreign Minister"],
               mentions=[Mention(**_span("Jean Dupont").model_dump())]),
        Entity(id="e2", name="Iran", type="GPE", code="IRN", mentions=[Mention(**_span("Iran").model_dump())]),
        Entity(id="e3", name="France", type="GPE", code="FRA", mentions=[Mention(**_span("France").model_dump())]),
    ], quotes=[
        Quote(id="q1", kind="direct", content=[Span(start=quote_start, end=TEXT.index("inspectors.") + 11)],
              cue=_span("said"), speaker=_span("Jean Dupont"), speaker_entity="e1"),
    ])
    document.events = [
        _event("v1", "CONSULT", "met", [france, iran]),
        _event("v2", "REQUEST", "demand", [dupont], quote="q1"),
        _event("v3", "THREATEN", "threatened", [dupont]),
        _event("v4", "REJECT", "rejected", [iran]),
        _event("v5", "CONSULT", "meet", [france, iran]),
    ]
    return document


@pytest.fixture(scope="module")
def readout_document(readout_of) -> Document:
    return readout_of(_document())


def test_when_and_where_of_the_main_event(readout_document):
    readout = readout_document.readout
    assert readout.headline.startswith("Negotiators from France")
    assert readout.when == "2022-01-10"
    assert readout.where == "Vienna (AUT)"


def test_parties_with_delegations_and_positions(readout_document):
    parties = {p.code: p for p in readout_document.readout.parties}
    france, iran = parties["FRA"], parties["IRN"]
    assert [(d.name, d.role) for d in france.delegation] == [("Jean Dupont", "Foreign Minister")]
    assert [item.quote for item in france.said] == ["q1"]
    assert france.said[0].text == "We demand full access for inspectors."
    assert [item.event for item in france.demanded] == ["v2"]
    assert [item.event for item in france.threatened] == ["v3"]
    assert [item.event for item in iran.rejected] == ["v4"]


def test_every_item_links_to_its_sentence(readout_document):
    readout = readout_document.readout
    items = [item for party in readout.parties
             for item in party.said + party.demanded + party.offered + party.threatened + party.rejected]
    items += readout.next_steps + readout.timeline + [i for i in readout.outcome if i.sentence]
    for item in items:
        assert item.sentence is not None
        assert readout_document.text[item.sentence.start:item.sentence.end] == item.sentence.text


def test_outcome_next_steps_and_timeline(readout_document):
    readout = readout_document.readout
    assert "no agreement" in [item.text for item in readout.outcome]
    steps = [(item.date, item.location) for item in readout.next_steps]
    assert ("2022-01-13", "Geneva (CHE)") in steps
    assert ("2022-01-14", "Oslo (NOR)") in steps  # a summit only a time expression announces
    statuses = {item.date: item.status for item in readout.timeline}
    assert statuses["2022-01-10"] == "current"
    assert statuses["2022-01-13"] == statuses["2022-01-14"] == "scheduled"


def test_offers_are_intended_agreements(readout_of):
    document = _document()
    document.events.append(_event("v6", "AGREE", "meet", [Actor(entity="e3", text="France", code="FRA")],
                                  future=True))
    parties = {p.code: p for p in readout_of(document).readout.parties}
    assert [item.event for item in parties["FRA"].offered] == ["v6"]


def test_markdown_stands_on_its_own(readout_document):
    markdown = render_markdown(readout_document)
    assert markdown.startswith("# Negotiators from France")
    assert "“We demand full access for inspectors.”" in markdown
    assert "2022-01-13 · Geneva (CHE)" in markdown
    assert re.search(r"Sources: chars \d+–\d+", markdown)
    assert "| 2022-01-10 | current |" in markdown


def test_html_page_is_self_contained_and_linked(readout_document):
    page = render_html(readout_document)
    assert page.startswith("<!doctype html>")
    assert not re.search(r"<(?:script|link)\b|src=|https?://", page)
    assert re.search(r'<a class="quote" href="#e1"[^>]*><mark>We </mark>', page)
    assert '<dt id="e1">Jean Dupont</dt>' in page
    assert 'data-type="THREATEN"' in page and "<sup>THREATEN</sup>" in page


def test_html_escapes_article_text(readout_of):
    text = 'Iran said <script>alert("x")</script> & more on Monday.'
    document = readout_of(Document(id="x", text=text, published="2022-01-10",
                                 quotes=[Quote(id="q1", kind="direct", content=[Span(start=10, end=40)])]))
    page = render_html(document)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page.replace("</mark></a>", "").replace(
        '<a class="quote" href="#q1" title="unknown (q1)"><mark>', "")


def test_rendering_without_a_readout(readout_of):
    document = Document(id="bare", text="Nothing happened.")
    assert "No readout" in render_markdown(document)
    assert "No readout" in render_html(document)


def test_seed_readout_schedule(seed_document):
    readout = seed_document.readout
    assert readout is not None and readout.headline
    scheduled = {item.date for item in readout.timeline if item.status == "scheduled"}
    assert "2022-01-13" in scheduled
    assert any(item.location == "Vienna (AUT)" for item in readout.timeline if item.date == "2022-01-13")


def test_said_lists_statements_once_and_leaves_out_refusals_and_beliefs(readout_of):
    text = ("Minister Ana Silva said she told her counterpart that Lisbon must “act now” on the dam. "
            "Silva declined to say whether she trusted the new figures. "
            "Silva believes the project is too costly.")

    def span(words: str) -> Span:
        start = text.index(words)
        return Span(start=start, end=start + len(words), text=words)

    def quote(quote_id: str, cue: str, content: str) -> Quote:
        return Quote(id=quote_id, kind="indirect", content=[span(content)], cue=span(cue),
                     speaker=span("Ana Silva"), speaker_entity="e1")

    document = Document(id="s", text=text, published="2022-01-10", entities=[
        Entity(id="e1", name="Ana Silva", type="PERSON", code="PRT", affiliation="PRT", roles=["Minister"],
               mentions=[Mention(**span("Ana Silva").model_dump())]),
    ], quotes=[
        quote("q1", "said", "she told her counterpart that Lisbon must “act now” on the dam"),
        quote("q2", "told", "that Lisbon must “act now”"),  # inside q1: the same words again
        quote("q3", "declined", "to say whether she trusted the new figures"),
        quote("q4", "say", "whether she trusted the new figures"),  # what she declined to say
        quote("q5", "believes", "the project is too costly"),
    ])
    party = readout_of(document).readout.parties[0]
    assert party.code == "PRT"
    assert [item.quote for item in party.said] == ["q1"]


def test_words_closed_by_a_semicolon_before_the_cue_are_not_said(readout_of):
    text = "Troops crossed the river in March; Mr. Okoro claims the valley as Nigerian land."
    start, cue = text.index("Troops"), text.index("claims")
    document = Document(id="c", text=text, published="2022-01-10", entities=[
        Entity(id="e1", name="Ade Okoro", type="PERSON", code="NGA", affiliation="NGA",
               mentions=[Mention(start=text.index("Okoro"), end=text.index("Okoro") + 5, text="Okoro")]),
    ], quotes=[
        Quote(id="q1", kind="indirect", content=[Span(start=start, end=text.index(";"))],
              cue=Span(start=cue, end=cue + 6, text="claims"), speaker_entity="e1"),
    ])
    parties = readout_of(document).readout.parties
    assert all(not party.said for party in parties)
