"""Who the readout lists as parties and delegates, its when/where fallbacks, and how quotes are
rendered, on documents whose entities, quotes and events we build by hand."""

from __future__ import annotations


from newsledger.model import Actor, Dateline, Document, Entity, Event, Mention, Quote, Span
from newsledger.readout.render import quoted, render_markdown


class Builder:
    """Spans, entities and quotes of one text, found by their words."""

    def __init__(self, text: str):
        self.text = text

    def span(self, words: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(words, start + 1)
        return Span(start=start, end=start + len(words), text=words)

    def entity(self, entity_id: str, name: str, entity_type: str, *mentions: str, **fields) -> Entity:
        return Entity(id=entity_id, name=name, type=entity_type, **fields,
                      mentions=[Mention(**self.span(words).model_dump()) for words in mentions])

    def quote(self, quote_id: str, content: str, cue: str, speaker: str, entity: str, nth: int = 0) -> Quote:
        return Quote(id=quote_id, kind="direct", content=[self.span(content)], cue=self.span(cue, nth),
                     speaker=self.span(speaker), speaker_entity=entity)

    def event(self, event_id: str, event_type: str, trigger: str, sources: list[Actor], **flags) -> Event:
        span = self.span(trigger)
        start = self.text.rfind(". ", 0, span.start) + 2 if ". " in self.text[:span.start] else 0
        return Event(id=event_id, type=event_type, source=sources, trigger=span,
                     sentence=Span(start=start, end=self.text.find(".", span.end) + 1), **flags)


def test_an_organization_named_in_a_speakers_phrase_is_the_party(readout_of):
    b = Builder("“There are no plans for combat troops,” NATO Secretary-General Jens Lund said on Monday. "
                "“Allies decide together,” Lund said.")
    document = Document(id="o", text=b.text, published="2024-03-04", entities=[
        b.entity("e1", "NATO", "ORG", "NATO", code="IGO"),
        b.entity("e2", "Jens Lund", "PERSON", "Jens Lund", code="IGO", roles=["Secretary-General"]),
    ], quotes=[b.quote("q1", "“There are no plans for combat troops,”", "said", "Jens Lund", "e2"),
               b.quote("q2", "“Allies decide together,”", "said", "Lund", "e2", nth=1)])
    parties = readout_of(document).readout.parties
    assert [(p.name, p.code) for p in parties] == [("NATO", "IGO")]
    assert [(d.name, d.role) for d in parties[0].delegation] == [("Jens Lund", "Secretary-General")]
    assert [item.quote for item in parties[0].said] == ["q1", "q2"]


def test_a_person_tied_to_no_state_or_body_is_a_party_of_their_own(readout_of):
    b = Builder("“Young voters are the key,” pollster Mark Dale said. “Turnout will fall,” Dale said.")
    document = Document(id="p", text=b.text, entities=[b.entity("e1", "Mark Dale", "PERSON", "Mark Dale")],
                        quotes=[b.quote("q1", "“Young voters are the key,”", "said", "Mark Dale", "e1"),
                                b.quote("q2", "“Turnout will fall,”", "said", "Dale", "e1", nth=1)])
    parties = readout_of(document).readout.parties
    assert [(p.name, p.code, p.delegation) for p in parties] == [("Mark Dale", None, [])]
    assert len(parties[0].said) == 2


def test_a_newspaper_in_a_country_is_its_own_party_not_the_state(readout_of):
    b = Builder("The Harbor Times reported that the mayor would resign, citing two aides.")
    document = Document(id="n", text=b.text, entities=[
        b.entity("e1", "Harbor Times", "ORG", "Harbor Times", code="USA", sector="MED")],
        quotes=[Quote(id="q1", kind="indirect", content=[b.span("that the mayor would resign")],
                      cue=b.span("reported"), speaker=b.span("Harbor Times"), speaker_entity="e1")])
    parties = readout_of(document).readout.parties
    assert [(p.name, p.code) for p in parties] == [("Harbor Times", None)]


def test_a_delegation_is_who_took_part_not_everyone_of_that_country(readout_of):
    b = Builder("Envoys of Norway and Chile met in Oslo on Monday. "
                "“We made progress,” Minister Ida Berg said. “More talks follow,” Berg said. "
                "King Olav once agreed to such talks in 1990.")
    norway = Actor(entity="e2", text="Norway", code="NOR")
    document = Document(id="d", text=b.text, published="2022-01-10", entities=[
        b.entity("e1", "Ida Berg", "PERSON", "Ida Berg", code="NOR", affiliation="NOR", roles=["Minister"]),
        b.entity("e2", "Norway", "GPE", "Norway", code="NOR"),
        b.entity("e3", "Olav", "PERSON", "Olav", code="NOR", affiliation="NOR", roles=["King"]),
    ], quotes=[b.quote("q1", "“We made progress,”", "said", "Ida Berg", "e1"),
               b.quote("q2", "“More talks follow,”", "said", "Berg", "e1", nth=1)])
    document.events = [b.event("v1", "CONSULT", "met", [norway, Actor(text="Chile", code="CHL")]),
                       b.event("v2", "AGREE", "agreed", [Actor(entity="e3", text="Olav", code="NOR")], historical=True)]
    parties = {p.code: p for p in readout_of(document).readout.parties}
    assert [d.name for d in parties["NOR"].delegation] == ["Ida Berg"]


def test_when_is_the_first_dated_event_that_is_not_history_and_where_the_dateline(readout_of):
    b = Builder("PORTVILLE, Maine (Bay Wire) -\n\nThe union protested outside the mill on Friday. "
                "Workers had protested there in 1990.")
    document = Document(id="w", text=b.text, published="2024-03-04",
                        dateline=Dateline(text="PORTVILLE, Maine (Bay Wire) -", place="PORTVILLE", region="Maine",
                                          agency="Bay Wire", start=0, end=9))
    document.events = [b.event("v1", "PROTEST", "protested", [Actor(text="The union")], date="2024-03-01"),
                       b.event("v2", "PROTEST", "protested there", [Actor(text="Workers")], date="1990", historical=True)]
    readout = readout_of(document).readout
    assert readout.when == "2024-03-01"
    assert readout.where == "Portville, Maine"


def test_a_quote_is_rendered_in_one_pair_of_marks():
    assert quoted("“It is a stark choice,”") == "“It is a stark choice”"
    assert quoted('“"We remember the fate of invaders."”') == "“We remember the fate of invaders.”"
    assert quoted("that troops must “return to the barracks.”") == "“that troops must ‘return to the barracks.’”"
    assert quoted("“We won’t,” … “As we say, ‘nothing about you.’ “") == "“We won’t … As we say, ‘nothing about you.’”"


def test_markdown_keeps_brackets_and_names_the_speaker(readout_of):
    b = Builder("“They select the most efficient [targets],” Mayor Ana Cruz said. “We will respond,” Cruz said.")
    document = Document(id="m", text=b.text, entities=[
        b.entity("e1", "Ana Cruz", "PERSON", "Ana Cruz", roles=["Mayor"])],
        quotes=[b.quote("q1", "“They select the most efficient [targets],”", "said", "Ana Cruz", "e1"),
                b.quote("q2", "“We will respond,”", "said", "Cruz", "e1", nth=1)])
    markdown = render_markdown(readout_of(document))
    assert "- **Said:** “They select the most efficient [targets]” — Ana Cruz" in markdown
    assert "\\[" not in markdown and "““" not in markdown and "””" not in markdown


def test_what_a_person_would_not_say_is_not_said(readout_of):
    b = Builder("Mayor Ana Cruz would not say whether the budget was final. Cruz said the port would reopen.")
    document = Document(id="n", text=b.text, entities=[b.entity("e1", "Ana Cruz", "PERSON", "Ana Cruz", roles=["Mayor"])],
                        quotes=[Quote(id="q1", kind="indirect", content=[b.span("whether the budget was final")],
                                      cue=b.span("say"), speaker=b.span("Ana Cruz"), speaker_entity="e1"),
                                Quote(id="q2", kind="indirect", content=[b.span("the port would reopen")],
                                      cue=b.span("said"), speaker=b.span("Cruz", 1), speaker_entity="e1")])
    parties = readout_of(document).readout.parties
    assert [item.quote for item in parties[0].said] == ["q2"]


def test_empty_sections_say_why(readout_of):
    document = readout_of(Document(id="e", text="The river rose slowly overnight and the path stayed closed."))
    markdown = render_markdown(document)
    assert "No parties: nobody is quoted by name" in markdown
    assert "- no dated events" in markdown and "- not stated" in markdown and "- none stated" in markdown


def test_a_citation_is_no_statement(readout_of):
    b = Builder("The Harbor Times reported that the mayor would resign, citing sources familiar with the matter.")
    document = Document(id="c", text=b.text, entities=[
        b.entity("e1", "Harbor Times", "ORG", "Harbor Times", code="USA", sector="MED")], quotes=[
        Quote(id="q1", kind="indirect", content=[b.span("that the mayor would resign")], cue=b.span("reported"),
              speaker=b.span("Harbor Times"), speaker_entity="e1"),
        Quote(id="q2", kind="indirect", content=[b.span("sources familiar with the matter")], cue=b.span("citing"),
              speaker=b.span("Harbor Times"), speaker_entity="e1")])
    parties = readout_of(document).readout.parties
    assert [item.quote for item in parties[0].said] == ["q1"]


def test_seed_delegations_are_who_sat_at_the_table(seed_document):
    delegates = {party.code: [d.name for d in party.delegation] for party in seed_document.readout.parties}
    assert delegates["USA"] == ["Wendy R. Sherman"] and delegates["RUS"] == ["Sergey Ryabkov"]
    named = " ".join(name for names in delegates.values() for name in names)
    assert not any(person in named for person in ("Biden", "Reagan", "Putin"))
