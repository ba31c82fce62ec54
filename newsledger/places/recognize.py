"""Places named in the text, and whether each is a location or an actor.

A place is a spaCy GPE/LOC/FAC entity the gazetteer knows, a proper noun the gazetteer knows where
a place is expected ("in Mariupol", "the Kyiv talks") when the tagger called it something else,
or a dateline such as "GENEVA (AP) —". It is an actor when it acts: the subject of a clause
("Moscow said", "Washington was attempting"), the agent of a passive, the object of a verb that is
not about going to or striking a place ("Beijing warned Taipei", not "troops shelled Kharkiv"), or
the possessor/modifier of something that is not a venue ("Russia's assurances", "the U.S.
delegation"); otherwise ("in Brussels", "the Geneva talks") a location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.model import Place
from newsledger.nlp.coordination import first_conjunct
from newsledger.places.gazetteer import GazetteerEntry, lookup, place_words
from newsledger.nlp.attachment import span_root

DATELINE = re.compile(r"(?m)^[ \t]*(?P<name>[A-Z][A-Z.' ]{2,40}?)(?:,[ \t]*[A-Z][\w. ]{1,30}?)?[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[—–-]{1,2}\s")
DATELINE_WINDOW = 400  # a dateline opens the article, after at most a headline


@dataclass
class PlaceMention:
    place: Place
    span: Span | None  # None for a dateline the parse does not cover as an entity
    kind: str  # the gazetteer kind: city, state, country, continent
    dateline: bool = False


def find_places(parsed: Doc, text: str) -> list[PlaceMention]:
    """The places of `parsed`, whose text is `text` (sliced directly: `Doc.text` rebuilds the string)."""
    found: list[PlaceMention] = []
    labels = set(place_words()["entity_labels"])
    for ent in parsed.ents:
        if ent.label_ in labels and (entry := lookup(ent.text)):
            span = _trimmed(ent)
            place = _place(span.start_char, span.end_char, span.text, entry, place_role(span))
            found.append(PlaceMention(place, span, entry.kind))
    covered = {i for mention in found for i in range(mention.span.start, mention.span.end)}
    found.extend(_untagged_places(parsed, covered))
    if dateline := find_dateline(text):
        start, end, entry = dateline
        tagged = [m for m in found if m.place.start < end and start < m.place.end]
        for mention in tagged:
            mention.dateline, mention.place.role = True, "location"
        if not tagged:
            place = _place(start, end, text[start:end], entry, "location")
            found.append(PlaceMention(place, None, entry.kind, dateline=True))
    found.sort(key=lambda m: m.place.start)
    for number, mention in enumerate(found, 1):
        mention.place.id = f"p{number}"
    return found


def _untagged_places(parsed: Doc, covered: set[int]) -> list[PlaceMention]:
    words = place_words()
    found = []
    for token in parsed:
        if (token.pos_ != "PROPN" or token.i in covered or token.ent_type_ in words["unlikely_place_entities"]
                or (token.dep_ == "compound" and token.head.pos_ == "PROPN")):
            continue
        start = token.i
        while start > 0 and parsed[start - 1].dep_ == "compound" and parsed[start - 1].head.i == token.i:
            start -= 1
        span = parsed[start: token.i + 1]
        if _expects_place(token, words) and (entry := lookup(span.text)):
            found.append(PlaceMention(_place(span.start_char, span.end_char, span.text, entry, place_role(span)),
                                      span, entry.kind))
    return found


def _expects_place(token: Token, words: dict) -> bool:
    """A preposition of place governs it ("in Mariupol", "to Kyiv and Kharkiv"), or it modifies a
    venue ("the Minsk talks")."""
    token = first_conjunct(token)
    if token.dep_ == "pobj":
        return token.head.lower_ in words["location_prepositions"]
    return token.dep_ == "compound" and token.head.lower_ in words["venue_nouns"]


def find_dateline(text: str) -> tuple[int, int, GazetteerEntry] | None:
    for match in DATELINE.finditer(text[:DATELINE_WINDOW]):
        name = match["name"].strip()
        if entry := lookup(name.title()):
            start = match.start("name")
            return start, start + len(name), entry
    return None


def place_role(span: Span) -> str:
    words = place_words()
    token = first_conjunct(span_root(span))
    if token.dep_ == "pobj" and token.head.lower_ == "by" and token.head.dep_ == "agent":
        return "actor"
    if token.dep_ not in words["actor_dependencies"]:
        return "location"
    if token.dep_ in ("poss", "compound") and token.head.lower_ in words["venue_nouns"]:
        return "location"
    if token.dep_ == "dobj" and token.head.lemma_.lower() in words["place_verbs"]:
        return "location"
    return "actor"


def _trimmed(ent: Span) -> Span:
    """The entity without a leading "the" or a trailing possessive."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and end - start > 1:
        start += 1
    if ent[-1].tag_ == "POS" and end - start > 1:
        end -= 1
    return ent.doc[start:end]


def _place(start: int, end: int, text: str, entry: GazetteerEntry, role: str) -> Place:
    return Place(id="", start=start, end=end, text=text, name=entry.name, code=entry.code,
                 lat=entry.lat, lon=entry.lon, role=role)
