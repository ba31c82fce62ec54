"""Analyzed articles we wrote ourselves, with every layer the web app shows, for its tests.

Offsets are found with `find(text, needle)`, so a layer always points at the words it names.
One article is hostile: its title, text and names carry `<script>` and HTML attributes that must
come out of every page as inert text.
"""

from __future__ import annotations

from newsledger.model import (
    Actor, Delegate, Document, Entity, Event, Location, Mention, Party, Place, Quote, Readout, ReadoutItem, Span,
    TimelineItem,
)

HOSTILE_MARKUP = '<script>alert("pwned")</script>'
HOSTILE_NAME = 'Mallory <img src=x onerror="alert(1)" id="injected">'
HOSTILE_URL = "javascript:alert(4)"


def find(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start=start, end=start + len(needle), text=needle)


def mention(text: str, needle: str, kind: str = "name", after: int = 0) -> Mention:
    span = find(text, needle, after)
    return Mention(start=span.start, end=span.end, text=needle, kind=kind)


def lakeside_talks() -> Document:
    text = ("Foreign ministers of Norland and Sudria met in Lakeside on Tuesday to discuss the river dispute.\n\n"
            "Norland's Foreign Minister Anna Berg said the talks were useful. “We came to listen and we will come back,” "
            "Berg told reporters.\n\n"
            "Sudria's Foreign Minister Omar Haddad accused Norland of diverting the river. Haddad demanded that the dam "
            "gates be opened.\n\n"
            "The two sides will meet again in Harbor City next month.")
    berg = Entity(id="e1", name="Anna Berg", type="PERSON", code="NOR", sector="GOV", roles=["Foreign Minister"],
                  affiliation="NOR", mentions=[mention(text, "Anna Berg"), mention(text, "Berg", after=text.index("back"))])
    haddad = Entity(id="e2", name="Omar Haddad", type="PERSON", code="SDR", sector="GOV", roles=["Foreign Minister"],
                    affiliation="SDR", mentions=[mention(text, "Omar Haddad"), mention(text, "Haddad", after=text.index("river. "))])
    norland = Entity(id="e3", name="Norland", type="GPE", code="NOR", mentions=[mention(text, "Norland")])
    sudria = Entity(id="e4", name="Sudria", type="GPE", code="SDR", mentions=[mention(text, "Sudria")])
    direct = Quote(id="q1", kind="direct", content=[find(text, "We came to listen and we will come back,")],
                   cue=find(text, "told"), speaker=find(text, "Berg", text.index("back")), speaker_entity="e1")
    indirect = Quote(id="q2", kind="indirect", content=[find(text, "the talks were useful")], cue=find(text, "said"),
                     speaker=find(text, "Anna Berg"), speaker_entity="e1")
    lakeside = Location(name="Lakeside", code="NOR", lat=59.9, lon=10.7, start=text.index("Lakeside"),
                        end=text.index("Lakeside") + len("Lakeside"))
    harbor = Location(name="Harbor City", code="SDR", lat=15.6, lon=32.5, start=text.index("Harbor City"),
                      end=text.index("Harbor City") + len("Harbor City"))
    first_sentence = find(text, text[:text.index("\n")])
    accuse_sentence = find(text, "Sudria's Foreign Minister Omar Haddad accused Norland of diverting the river.")
    next_sentence = find(text, "The two sides will meet again in Harbor City next month.")
    events = [
        Event(id="v1", type="CONSULT", source=[Actor(entity="e3", text="Norland", code="NOR")],
              target=[Actor(entity="e4", text="Sudria", code="SDR")], trigger=find(text, "met"),
              sentence=first_sentence, date="2024-03-05", location=lakeside),
        Event(id="v2", type="ACCUSE", source=[Actor(entity="e2", text="Omar Haddad", code="SDR", sector="GOV")],
              target=[Actor(entity="e3", text="Norland", code="NOR")], trigger=find(text, "accused"),
              sentence=accuse_sentence, date="2024-03-05"),
        Event(id="v3", type="CONSULT", source=[Actor(entity="e3", text="Norland", code="NOR")],
              target=[Actor(entity="e4", text="Sudria", code="SDR")], trigger=find(text, "meet", text.index("will")),
              sentence=next_sentence, date="2024-04", location=harbor, future=True),
    ]
    readout = Readout(
        headline="Norland and Sudria hold river talks in Lakeside",
        summary="The foreign ministers met without agreement and will meet again next month.",
        when="2024-03-05", where="Lakeside",
        parties=[Party(name="Norland", code="NOR", delegation=[Delegate(name="Anna Berg", role="Foreign Minister", entity="e1")],
                       said=[ReadoutItem(text="The talks were useful.", quote="q2")]),
                 Party(name="Sudria", code="SDR", delegation=[Delegate(name="Omar Haddad", role="Foreign Minister", entity="e2")],
                       demanded=[ReadoutItem(text="Open the dam gates.", event="v2")])],
        next_steps=[ReadoutItem(text="Meet again in Harbor City.", event="v3", date="2024-04", location="Harbor City")],
        timeline=[TimelineItem(date="2024-03-05", text="Talks in Lakeside", event="v1"),
                  TimelineItem(date="2024-04", text="Next round in Harbor City", status="scheduled", event="v3")],
    )
    places = [Place(id="p1", start=lakeside.start, end=lakeside.end, text="Lakeside", name="Lakeside", code="NOR",
                    lat=59.9, lon=10.7),
              Place(id="p2", start=harbor.start, end=harbor.end, text="Harbor City", name="Harbor City", code="SDR",
                    lat=15.6, lon=32.5)]
    return Document(id="lakeside-talks", title="Norland and Sudria talk about the river", published="2024-03-05",
                    outlet="Test Wire", text=text, entities=[berg, haddad, norland, sudria],
                    quotes=[direct, indirect], events=events, places=places, readout=readout)


def hostile_article() -> Document:
    text = (f"{HOSTILE_NAME} said the plan was bad. “{HOSTILE_MARKUP} is what we think,” Mallory said.\n\n"
            f"Mallory threatened Norland with <b onmouseover=\"alert(2)\">sanctions</b>.")
    mallory = Entity(id="e1", name=HOSTILE_NAME, type="PERSON", code="NOR", roles=['<i onclick="x()">spokesman</i>'],
                     mentions=[mention(text, HOSTILE_NAME)])
    quote = Quote(id="q1", kind="direct", content=[find(text, f"{HOSTILE_MARKUP} is what we think,")],
                  cue=find(text, "said", text.index("think")), speaker=find(text, HOSTILE_NAME), speaker_entity="e1")
    threat = Event(id="v1", type="THREATEN", source=[Actor(entity="e1", text=HOSTILE_NAME, code="NOR")],
                   target=[Actor(text="Norland", code="SDR")], trigger=find(text, "threatened"),
                   sentence=find(text, text[text.index("Mallory threatened"):]), date="2024-03-06",
                   location=Location(name='<svg onload="alert(3)">', code="SDR", lat=12.0, lon=30.0))
    readout = Readout(headline=HOSTILE_MARKUP, summary=HOSTILE_NAME,
                      timeline=[TimelineItem(date="2024-03-06", text=HOSTILE_MARKUP, event="v1")])
    return Document(id="hostile", title=f"Hostile {HOSTILE_MARKUP} title", published="2024-03-06", url=HOSTILE_URL,
                    outlet='<b id="injected-outlet">Outlet</b>', text=text, entities=[mallory], quotes=[quote],
                    events=[threat], readout=readout)


def denied_attack() -> Document:
    """An event that did not happen: it is listed, but links no one in the network."""
    text = "Norland did not attack the Sudrian border post on Friday, the ministry said."
    norland = Entity(id="e1", name="Norland", type="GPE", code="NOR", mentions=[mention(text, "Norland")])
    denied = Event(id="v1", type="ASSAULT", source=[Actor(entity="e1", text="Norland", code="NOR")],
                   target=[Actor(text="Sudrian border post", code="SDR")], trigger=find(text, "attack"),
                   sentence=find(text, text), date="2024-03-08", negated=True)
    return Document(id="denied-attack", title="Norland denies an attack", published="2024-03-09", outlet="Test Wire",
                    text=text, entities=[norland], events=[denied])


def handmade_articles() -> list[Document]:
    return [lakeside_talks(), hostile_article(), denied_attack()]
