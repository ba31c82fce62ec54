"""Builds the analyst's readout from the layers the earlier stages left on the document.

Everything here is read off `Document` (entities, quotes, events, times, places) and the parse's
sentences; each item keeps the sentence (and quote or event) it came from.
- parties: the states and organizations that act in events (as sources) or speak in quotes; a
  person counts for the country or body they belong to, and joins its delegation with their roles;
- per party: what it said (quotes), demanded (REQUEST), offered (AGREE/COOPERATE/CONCEDE said as
  an intention, or a trigger such as "offered", "proposed"), threatened (THREATEN), rejected (REJECT);
- when/where: the date and place of the main event (the first dated CONSULT, else AGREE/COOPERATE);
- outcome: the outcome phrases of data/readout.json ("without agreement" -> "no agreement") and
  the agreements reached (past AGREE events, not negated);
- next steps: the events still to come, and meetings only a future time announces ("a summit in
  Oslo follows on Friday"); timeline: the events dated by the text (and the main event), by date,
  each past / current (publication day) / scheduled.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pycountry
from spacy.tokens import Doc, Token

from newsledger.model import (Delegate, Document, Entity, Event, Party, Place, Quote, Readout, ReadoutItem, Span,
                              TimelineItem)
from newsledger.nlp.attachment import Phrases
from newsledger.nlp.attachment import span_root

DATA = Path(__file__).parent / "data"
# what an event's phrase leaves out: at the trigger, its subject and the clauses coordinated with it;
# deeper down only whole other clauses
TRIGGER_EDGES = {"conj", "cc", "relcl", "advcl", "parataxis", "ccomp", "nsubj", "nsubjpass", "mark"}
NESTED_EDGES = {"relcl", "advcl", "parataxis", "ccomp"}
QUOTE_MARKS = set("\"“”‘’'«»")


@lru_cache(maxsize=None)
def readout_words() -> dict:
    return json.loads((DATA / "readout.json").read_text(encoding="utf-8"))


def build_readout(document: Document, parsed: Doc) -> Readout:
    article = _Article(document, parsed)
    main = main_event(document.events)
    return Readout(
        headline=headline(document, parsed),
        summary=summary(document, parsed),
        when=main.date if main else story_date(document.events),
        where=_place_name(main) if main and main.location else dateline_place(document),
        parties=parties(document, parsed, article),
        outcome=outcome(document, parsed, article),
        next_steps=next_steps(document, parsed, article),
        timeline=timeline(document, parsed, article),
    )


# ---- headline, summary, main event --------------------------------------------------------

def headline(document: Document, parsed: Doc) -> str:
    if document.title:
        return _one_line(document.title)
    first_line = document.text.strip().split("\n", 1)[0]
    if first_line and len(first_line) <= 200:
        return _one_line(first_line)
    return _one_line(next(parsed.sents).text) if len(parsed) else ""


def summary(document: Document, parsed: Doc) -> str:
    """The lead: the first sentence that is not the headline, cut to one line."""
    title = headline(document, parsed)
    limit = readout_words()["summary_chars"]
    for sentence in parsed.sents:
        text = _one_line(sentence.text)
        if text and text != title and title not in text and len(text.split()) > 5:
            return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return title


def main_event(events: list[Event]) -> Event | None:
    for event_type in readout_words()["main_event_types"]:
        dated = [e for e in events if e.type == event_type and e.date]
        if dated:
            return min(dated, key=lambda e: e.trigger.start)
    return None


def story_date(events: list[Event]) -> str | None:
    """Without a main event, the date of the first dated event that is not history: what the
    story reports happened (or will happen) then."""
    return next((event.date for event in sorted(events, key=lambda e: e.trigger.start)
                 if event.date and not event.historical), None)


def dateline_place(document: Document) -> str | None:
    """The place the dateline names ("STRASBOURG, France (AP) —"): as the places stage read it,
    else as written."""
    dateline = document.dateline
    if dateline is None:
        return None
    place = next((p for p in document.places if p.start < dateline.end and dateline.start < p.end), None)
    if place is not None:
        return f"{place.name} ({place.code})" if place.code else place.name
    written = dateline.place.title()
    return f"{written}, {dateline.region}" if dateline.region else written


# ---- parties -------------------------------------------------------------------------------

class _Party:
    """A party being gathered: its readout model, the ids of the people already in its delegation
    and the statements of its speakers."""

    def __init__(self, name: str, code: str | None):
        self.model = Party(name=name, code=code)
        self.members: set[str] = set()
        self.people: dict[str, Entity] = {}  # who speaks or acts for it, by entity id, in order met
        self.statements: list[Quote] = []
        self.events: set[tuple[str, str]] = set()  # (section, event id) of the items listed
        self.alone = False  # a person standing for themselves: their own party, no delegation
        self.speaks = False


def parties(document: Document, parsed: Doc, article: "_Article") -> list[Party]:
    """Whoever speaks or acts in the article: states, organizations, and people on their own when
    the article ties them to neither. A person joins their party's delegation when they took part
    in what the article reports: an actor of the main event, a voice it quotes repeatedly, or one
    it credits with several statements and positions (a president named in passing, or quoted
    once on a standing claim, is not at the table)."""
    found: dict[str, _Party] = {}
    said = {quote.id for quote in statements(document, parsed)}
    credited: Counter[str] = Counter()
    for quote in document.quotes:
        speaker = article.entity(quote.speaker_entity)
        party = _party_for(speaker, None, found, article) if speaker is not None else None
        if party is None:
            continue
        party.speaks = True
        party.people.setdefault(speaker.id, speaker)
        if quote.id in said:
            party.statements.append(quote)
            credited[speaker.id] += 1
    for party in found.values():
        party.model.said = [_quote_item(quote, document, article) for quote in _said(party.statements)]
    for event in document.events:
        section = _section(event, parsed)
        for actor in event.source:
            entity = article.entity(actor.entity)
            party = _party_for(entity, actor, found, article)
            if party is None:
                continue
            if entity is not None:
                party.people.setdefault(entity.id, entity)
            if section:
                credited[actor.entity] += 1
                if (section, event.id) not in party.events:
                    party.events.add((section, event.id))
                    getattr(party.model, section).append(_event_item(event, document, parsed, article))
    taking_part = _taking_part(document, credited)
    for party in found.values():
        for person in party.people.values():
            if person.id in taking_part:
                _add_delegate(party, person)
    active = [p for p in found.values() if _activity(p.model) or p.model.delegation or p.speaks]
    return [p.model for p in sorted(active, key=lambda p: -_activity(p.model))]


def _taking_part(document: Document, credited: Counter[str]) -> set[str]:
    """The entities that took part: actors of the main event, and those quoted or credited with
    statements and positions at least `delegate_min_items` times."""
    least = readout_words()["delegate_min_items"]
    main = main_event(document.events)
    quoted = Counter(quote.speaker_entity for quote in document.quotes if quote.speaker_entity)
    return ({actor.entity for actor in (main.source + main.target if main else []) if actor.entity}
            | {entity for entity, count in quoted.items() if count >= least}
            | {entity for entity, count in credited.items() if count >= least})


def statements(document: Document, parsed: Doc) -> list[Quote]:
    """The quotes that may stand in a party's "said" list: statements. Attributions that are not
    (a belief, a question put to the speaker, a refusal to comment, an act such as "supports",
    words the speaker is said not to have said: "would not say whether"),
    and words a semicolon closes before the cue, are left out with the quotes inside them
    ("declined to say whether she believed ...")."""
    excluded = set(readout_words()["not_statement_cues"])
    others = [quote for quote in document.quotes
              if _cue_lemma(quote, parsed) in excluded or _cue_negated(quote, parsed) or _closed_before_cue(quote, document)]
    left_out = {quote.id for quote in others}
    around = _QuoteSpans(others)
    return [quote for quote in document.quotes if quote.id not in left_out
            and not any(other.speaker_entity == quote.speaker_entity and _share(quote, other) == 1
                        for other in around.overlapping(quote))]


def _said(quotes: list[Quote]) -> list[Quote]:
    """A party's statements, each once: a quote that mostly repeats a longer one of the same party
    ("Sherman said she told him that Moscow must “de-escalate”" holds the quote of "told") is left out."""
    repeat = readout_words()["repeated_quote_share"]  # above 0: a repeat overlaps the quote it repeats
    around = _QuoteSpans(quotes)
    return [quote for quote in quotes
            if not any(_size(other) > _size(quote) and _share(quote, other) >= repeat for other in around.overlapping(quote))]


class _QuoteSpans:
    """Quotes by the spans of their words, to compare a quote with those it overlaps only."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = quotes
        self.spans = Phrases((span.start, span.end, n) for n, quote in enumerate(quotes) for span in quote.content)

    def overlapping(self, quote: Quote) -> list[Quote]:
        """The quotes sharing a character with `quote`'s words, in their given order."""
        found = {n for span in quote.content for n in self.spans.overlapping(span.start, span.end)}
        return [self.quotes[n] for n in sorted(found)]


def _closed_before_cue(quote: Quote, document: Document) -> bool:
    """"Russia invaded in 2014; Putin claims the region as Russian": words that a semicolon closes
    before the cue are the writer's, not the speaker's (the quotes stage, scored on a corpus that
    counts them, keeps them; the readout does not)."""
    if quote.cue is None or not quote.content or quote.content[-1].end > quote.cue.start:
        return False
    return ";" in document.text[quote.content[-1].end:quote.cue.start]


def _cue_negated(quote: Quote, parsed: Doc) -> bool:
    """"She would not say whether ...", "he did not say": the cue is denied."""
    cue = _token(parsed, quote.cue.start, quote.cue.end) if quote.cue is not None else None
    return cue is not None and any(child.dep_ == "neg" for child in cue.children)


def _cue_lemma(quote: Quote, parsed: Doc) -> str | None:
    cue = _token(parsed, quote.cue.start, quote.cue.end) if quote.cue is not None else None
    return cue.lemma_.lower() if cue is not None else None


def _size(quote: Quote) -> int:
    return sum(span.end - span.start for span in quote.content)


def _share(inner: Quote, outer: Quote) -> float:
    """The share of `inner`'s characters that lie in `outer`."""
    inside = sum(max(0, min(a.end, b.end) - max(a.start, b.start)) for a in inner.content for b in outer.content)
    return inside / max(_size(inner), 1)


def _party_for(entity: Entity | None, actor, found: dict[str, _Party], article: "_Article") -> _Party | None:
    """The party an actor belongs to: a state (by its code), an organization (by its name, also
    the one a person's phrase names: "NATO Secretary-General Jens Stoltenberg", "Noor Yafai of The
    Nature Conservancy"), or a person or group standing for themselves; None for a source with
    neither entity nor code."""
    generic = set(readout_words()["party_codes_generic"])
    if entity is not None and entity.type in readout_words()["person_types"]:
        state = _affiliation(entity) or (actor.code if actor else None)
        if state and state not in generic:
            return _state_party(state, found, article.document)
        body = article.organization_of(entity)
        if body is not None:
            return _party_for(body, None, found, article)
        return _named_party(entity.name, None, found, alone=True)
    code = entity.code if entity is not None else actor.code if actor is not None else None
    if code and code not in generic and _acts_for_state(entity):
        return _state_party(code, found, article.document)
    label = entity.name if entity is not None else actor.text if code else None
    # a party's code is a state's or an organization's kind: a newspaper in Moscow is not Russia
    return _named_party(label, code if code in generic else None, found) if label else None


def _acts_for_state(entity: Entity | None) -> bool:
    """A body coded with a country acts for the state when it is part of it (a government, an army,
    the police), not when it only lies there (a newspaper, a company, a court is its own party)."""
    if entity is None or entity.type != "ORG":
        return True
    return entity.sector in readout_words()["state_sectors"]


def _state_party(code: str, found: dict[str, _Party], document: Document) -> _Party:
    if code not in found:
        found[code] = _Party(_state_name(code, document), code)
    return found[code]


def _named_party(name: str, code: str | None, found: dict[str, _Party], alone: bool = False) -> _Party:
    """An organization's, group's or lone person's party, by name."""
    if name not in found:
        found[name] = _Party(name, code)
        found[name].alone = alone
    return found[name]


def _organization_of(person: Entity, parsed: Doc, bodies: "_Bodies") -> Entity | None:
    """The organization the phrase of one of the person's names holds: a modifier, an apposition or
    an "of" phrase ("EPP leader Manfred Weber", "Weber, the EPP leader", "Yafai of the group X")."""
    words = readout_words()
    edges, prepositions = set(words["organization_edges"]), set(words["organization_prepositions"])
    for mention in person.mentions:
        span = parsed.char_span(mention.start, mention.end, alignment_mode="expand") if mention.kind == "name" else None
        stack = list(span_root(span).children) if span is not None else []
        while stack:
            token = stack.pop()
            if token.dep_ not in edges or (token.dep_ == "prep" and token.lower_ not in prepositions):
                continue
            body = bodies.named_by(token)
            if body is not None:
                return body
            stack.extend(token.children)
    return None


class _Bodies:
    """The article's organizations, looked up by a word instead of scanning them all per word."""

    def __init__(self, document: Document):
        self.bodies = [e for e in document.entities if e.type in readout_words()["organization_types"]]
        self.by_text: dict[str, int] = {}
        for n, body in enumerate(self.bodies):
            for text in (body.name, *(m.text for m in body.mentions)):
                self.by_text.setdefault(text, n)
        self.mentions = Phrases((m.start, m.end, n) for n, body in enumerate(self.bodies) for m in body.mentions)

    def named_by(self, token: Token) -> Entity | None:
        """The first body the token is one of the mentions of, or the name of where the entities
        stage read the word as part of a title ("EPP" in "EPP leader")."""
        found = self.mentions.holding(token.idx)
        if token.text in self.by_text:
            found.append(self.by_text[token.text])
        return self.bodies[min(found)] if found else None


def _affiliation(entity: Entity) -> str | None:
    generic = set(readout_words()["party_codes_generic"])
    code = entity.affiliation or entity.code
    return code if code and code not in generic else entity.affiliation


def _state_name(code: str, document: Document) -> str:
    """How the article names the state (its first entity with that code that is the country, not a
    city coded with it: "WASHINGTON" in a dateline), else the ISO name."""
    cities = {place.start for place in document.places if place.lat is not None}
    named = next((e.name for e in document.entities if e.code == code and e.type == "GPE"
                  and not any(m.start in cities for m in e.mentions)), None)
    if named:
        return named
    record = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return (getattr(record, "common_name", None) or record.name) if record else code


def _add_delegate(party: _Party, person: Entity) -> None:
    if person.id in party.members or party.alone or person.type not in readout_words()["person_types"]:
        return
    party.members.add(person.id)
    party.model.delegation.append(Delegate(name=person.name, role=person.roles[0] if person.roles else None,
                                           entity=person.id))


def _activity(party: Party) -> int:
    return sum(len(items) for items in (party.said, party.demanded, party.offered, party.threatened, party.rejected))


def _section(event: Event, parsed: Doc) -> str | None:
    words = readout_words()
    if event.type in words["sections"]:
        return words["sections"][event.type]
    trigger = _token(parsed, event.trigger.start, event.trigger.end)
    offered_by_cue = trigger is not None and trigger.lemma_.lower() in words["offer_cues"]
    intended = event.future or event.hypothetical or (event.mode or "").lower() in words["intent_modes"]
    if offered_by_cue or (event.type in words["offer_types"] and intended and not event.negated):
        return "offered"
    return None


# ---- outcome, timeline ---------------------------------------------------------------------

def outcome(document: Document, parsed: Doc, article: "_Article") -> list[ReadoutItem]:
    """Outcome phrases in the title or text, then the agreements the lead reports as reached.
    An item from the title has no sentence (the title is not part of `Document.text`)."""
    words = readout_words()
    items: list[ReadoutItem] = []
    for pattern, label in words["outcome_cues"]:
        if any(item.text == label for item in items):
            continue
        if document.title and re.search(pattern, document.title, flags=re.IGNORECASE):
            items.append(ReadoutItem(text=label))
        elif match := re.search(pattern, document.text, flags=re.IGNORECASE):
            items.append(ReadoutItem(text=label, sentence=article.around(match.start())))
    lead_end = article.lead_end(words["lead_sentences"])
    for event in document.events:
        reached = not (event.negated or event.hypothetical or event.future or _section(event, parsed))
        if event.type == "AGREE" and reached and event.trigger.start < lead_end:
            items.append(_event_item(event, document, parsed, article))
    return sorted(items, key=lambda item: item.sentence.start if item.sentence else -1)


def next_steps(document: Document, parsed: Doc, article: "_Article") -> list[ReadoutItem]:
    items = [_event_item(e, document, parsed, article) for e in _by_date(document.events) if _is_ahead(e, document)]
    items += [ReadoutItem(text=item.text, sentence=item.sentence, date=item.date, location=item.location)
              for item in scheduled_without_event(document, parsed, article)]
    return sorted(items, key=lambda item: item.date or "9999")


def timeline(document: Document, parsed: Doc, article: "_Article") -> list[TimelineItem]:
    items: list[TimelineItem] = []
    seen: set[tuple] = set()
    main = main_event(document.events)
    for event in _by_date(document.events):
        if not (event is main or article.dated_by_text(event) or (event.future and event.date)):
            continue
        key = (event.date, _place_name(event), event.type)
        if key in seen:
            continue
        seen.add(key)
        items.append(TimelineItem(date=event.date, text=f"{event.type}: {trigger_phrase(event, parsed)}",
                                  status=_status(event, document), location=_place_name(event), event=event.id,
                                  sentence=article.of(event)))
    items += scheduled_without_event(document, parsed, article)
    return sorted(items, key=lambda item: item.date or "9999")


def scheduled_without_event(document: Document, parsed: Doc, article: "_Article") -> list[TimelineItem]:
    """Meetings announced only by a future time ("a meeting of the council in Vienna on Thursday")
    that no event covers: the meeting word above the time expression, with the city in its phrase."""
    meeting_nouns = set(readout_words()["meeting_nouns"])
    items = []
    for time in document.times:
        span = parsed.char_span(time.start, time.end, alignment_mode="expand")
        if time.relation != "future" or not time.value or span is None:
            continue
        meeting = _announced_meeting(span_root(span), meeting_nouns)
        sentence = article.around(time.start)
        if meeting is None or sentence is None:
            continue
        if article.has_event(time.value, sentence.start, sentence.end):
            continue  # an event already stands for it
        start, end = meeting.left_edge.idx, meeting.right_edge.idx + len(meeting.right_edge)
        city = article.city_in(start, end)
        items.append(TimelineItem(date=time.value, text=_phrase(meeting), status="scheduled",
                                  location=f"{city.name} ({city.code})" if city else None, sentence=sentence))
    return items


def _status(event: Event, document: Document) -> str:
    if event.date and document.published:
        width = len(event.date)
        published = document.published[:width]
        if event.date > published:
            return "scheduled"
        if event.date == published:
            return "scheduled" if event.future else "current"
        return "past"
    return "scheduled" if event.future else "past"


def _is_ahead(event: Event, document: Document) -> bool:
    return _status(event, document) == "scheduled" and not event.negated


def _by_date(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.date or "9999", e.trigger.start))


# ---- items ---------------------------------------------------------------------------------

class _Article:
    """The layers the readout looks things up in, indexed once: the sentence spans of the parse (to
    link every item to the sentence it came from), entities and quotes by id, quotes by the spans of
    their words, times by value, and each person's organization. A lookup per item then costs no
    scan of the whole article, so many quotes or events cost linear time."""

    def __init__(self, document: Document, parsed: Doc):
        self.document, self.parsed, self.text = document, parsed, document.text
        self.bounds = [(s.start_char, s.end_char) for s in parsed.sents]
        self.sentence_starts = [start for start, _ in self.bounds]
        self.entities: dict[str, Entity] = {}
        for entity in document.entities:
            self.entities.setdefault(entity.id, entity)
        self.quotes: dict[str, Quote] = {}
        for quote in document.quotes:
            self.quotes.setdefault(quote.id, quote)
        self.quote_spans = Phrases((span.start, span.end, n) for n, quote in enumerate(document.quotes)
                                   for span in quote.content)
        self.time_starts = _starts_by(document.times, lambda t: t.value, lambda t: t.start)
        self.event_starts = _starts_by(document.events, lambda e: e.date, lambda e: e.trigger.start)
        # a city has coordinates and a country; a country has no coordinates, a region no country
        self.cities = Phrases((p.start, p.end, p) for p in document.places
                              if p.role == "location" and p.lat is not None and p.code)
        self.bodies = _Bodies(document)
        self.organizations: dict[str, Entity | None] = {}

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.entities.get(entity_id) if entity_id else None

    def organization_of(self, person: Entity) -> Entity | None:
        if person.id not in self.organizations:
            self.organizations[person.id] = _organization_of(person, self.parsed, self.bodies)
        return self.organizations[person.id]

    def dated_by_text(self, event: Event) -> bool:
        """Whether the event's date comes from a time expression in its own sentence (not only from the
        publication date every past-tense report falls back on)."""
        return _any_in(self.time_starts.get(event.date, []), event.sentence.start, event.sentence.end)

    def has_event(self, date: str, start: int, end: int) -> bool:
        """Whether an event of that date has its trigger in [start, end)."""
        return _any_in(self.event_starts.get(date, []), start, end)

    def city_in(self, start: int, end: int) -> Place | None:
        """The first city named within [start, end)."""
        return next((p for p in self.cities.overlapping(start, end) if start <= p.start and p.end <= end), None)

    def around(self, offset: int) -> Span | None:
        n = bisect_right(self.sentence_starts, offset) - 1
        if n >= 0 and offset < self.bounds[n][1]:
            return self.span(*self.bounds[n])
        return None

    def span(self, start: int, end: int) -> Span:
        """The stretch without its surrounding whitespace, offsets included."""
        text = self.text[start:end]
        start += len(text) - len(text.lstrip())
        return Span(start=start, end=start + len(text.strip()), text=text.strip())

    def lead_end(self, count: int) -> int:
        """Where the article's first `count` sentences end."""
        return self.bounds[min(count, len(self.bounds)) - 1][1] if self.bounds else 0

    def of(self, event: Event) -> Span:
        if event.sentence.end > event.sentence.start:
            return self.span(event.sentence.start, event.sentence.end)
        return self.around(event.trigger.start) or self.span(event.trigger.start, event.trigger.end)


def _starts_by(items: list, key: Callable, start: Callable) -> dict[object, list[int]]:
    """The sorted start offsets of the items, by key."""
    starts: dict[object, list[int]] = {}
    for item in sorted(items, key=start):
        starts.setdefault(key(item), []).append(start(item))
    return starts


def _any_in(starts: list[int], start: int, end: int) -> bool:
    first = bisect_left(starts, start)
    return first < len(starts) and starts[first] < end


def _quote_item(quote: Quote, document: Document, article: _Article) -> ReadoutItem:
    words = " … ".join(document.text[span.start:span.end].strip() for span in quote.content)
    return ReadoutItem(text=words, sentence=article.around(quote.content[0].start) if quote.content else None,
                       quote=quote.id)


def _event_item(event: Event, document: Document, parsed: Doc, article: _Article) -> ReadoutItem:
    quote = _quote_of(event, article)
    text = _quote_item(quote, document, article).text if quote else trigger_phrase(event, parsed)
    return ReadoutItem(text=text, sentence=article.of(event), quote=quote.id if quote else None, event=event.id,
                       date=event.date, location=_place_name(event))


def _quote_of(event: Event, article: _Article) -> Quote | None:
    """The quote that carries the event: the one the events stage linked, else the first whose words
    contain the trigger or follow it closely ("the U.S. threat that if Russia invades ...")."""
    if event.quote:
        return article.quotes.get(event.quote)
    reach = readout_words()["quote_reach_chars"]
    found = (article.quote_spans.holding(event.trigger.start)
             + article.quote_spans.starting(event.trigger.end, event.trigger.end + reach))
    return article.document.quotes[min(found)] if found else None


def _announced_meeting(time: Token, meeting_nouns: set[str]) -> Token | None:
    """The meeting a time belongs to: a meeting word above it ("a meeting ... on Thursday"), or the
    subject or object of the verb it modifies ("a summit follows on Friday", "hold talks on Friday")."""
    def is_meeting(token: Token) -> bool:
        return token.lower_ in meeting_nouns or token.lemma_.lower() in meeting_nouns

    for token in time.ancestors:
        if is_meeting(token):
            return token
        if token.pos_ in ("VERB", "AUX"):
            return next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and is_meeting(c)), None)
    return None


def trigger_phrase(event: Event, parsed: Doc) -> str:
    trigger = _token(parsed, event.trigger.start, event.trigger.end)
    return _phrase(trigger) if trigger is not None else event.trigger.text or ""


def _phrase(trigger: Token) -> str:
    """The words of an event: its trigger with its objects and modifiers, without its subject,
    other clauses or a leading "when" ("consultations in Brussels with the North Atlantic Treaty
    Organization"), at most `phrase_tokens` words."""
    keep = {trigger.i}
    stack = [trigger]
    while stack:
        token = stack.pop()
        edges = TRIGGER_EDGES if token.i == trigger.i else NESTED_EDGES
        for child in token.children:
            if child.dep_ not in edges and child.tag_ not in ("WRB", "WDT", "WP") and child.text not in QUOTE_MARKS:
                keep.add(child.i)
                stack.append(child)
    tokens = [trigger.doc[i] for i in sorted(keep) if not trigger.doc[i].is_space]
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    limit = readout_words()["phrase_tokens"]
    shown = tokens[:limit]
    # a space wherever the text had anything between two kept words (a space, a left-out quote mark)
    text = "".join(t.text + (" " if n < len(shown) and shown[n].idx > t.idx + len(t) else "")
                   for n, t in enumerate(shown, 1))
    return text + ("…" if len(tokens) > limit else "")


def _place_name(event: Event) -> str | None:
    if event.location is None:
        return None
    return f"{event.location.name} ({event.location.code})" if event.location.code else event.location.name


def _token(parsed: Doc, start: int, end: int) -> Token | None:
    span = parsed.char_span(start, end, alignment_mode="expand")
    return span_root(span) if span is not None else None


def _one_line(text: str) -> str:
    return " ".join(text.split())
