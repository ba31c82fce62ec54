"""Actors of an event: noun phrases coded to a country/IGO code and a sector.

A phrase is coded, in order, from the entity whose mention it overlaps (the entities stage already
resolved names, aliases and pronouns), from its own name in the actor knowledge ("Moscow", "the
Kremlin"), or from its modifiers ("Russian forces" -> RUS MIL, "U.S. and Russian officials" -> USA,
RUS), with the sector taken from its head noun or title. Coordinated phrases ("The United States
and Jordan") give one actor per conjunct.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager

from spacy.tokens import Span, Token

from newsledger.events.syntax import is_pronoun, places_saying
from newsledger.knowledge.actors import ActorKnowledge
from newsledger.mentions import MentionIndex
from newsledger.model import Actor, Document

NAME_PARTS = ("compound", "flat", "nmod")
NON_STATE_CODES = frozenset({"IGO", "NGO", "MNC", "IMG"})
CLAUSE_POS = frozenset({"VERB", "AUX"})  # a clause before the head is no part of its phrase



def name_span(token: Token) -> Span:
    """The token with its name-forming left modifiers: "United States", "U.S. Congress"."""
    left = token
    for child in token.lefts:
        if child.dep_ in NAME_PARTS and child.pos_ == "PROPN" and child.i < left.i:
            left = child
    return token.doc[left.i:token.i + 1]


def written_phrase(head: Token) -> str:
    """The noun phrase as the text writes it, without its determiner, and with the rest of the name
    its head begins or continues: "Iran's Foreign Ministry", "Qatar's Emir Sheikh Tamim bin Hamad
    Al Thani", "the Organization of Security and Cooperation" (a name is never cut at its head)."""
    doc = head.doc
    start = min((child.left_edge.i for child in head.lefts if child.dep_ not in ("det", "punct")), default=head.i)
    # the phrase starts after a clause's verb ("formally nominating [billionaire Donald Trump]") and
    # on the head's line (a parse may run across a line break)
    start = max([start] + [t.i + 1 for t in doc[start:head.i] if t.pos_ in CLAUSE_POS or _line_break(t)])
    while start < head.i and doc[start].is_punct:
        start += 1  # an opening quote mark or dash
    end = head.i + 1
    if head.ent_iob_ in ("B", "I"):  # the name's words the head governs, never a possessive's "'s"
        last = head.right_edge.i
        while end <= last and doc[end].ent_iob_ == "I" and doc[end].dep_ != "case" and not _line_break(doc[end - 1]):
            end += 1
    return doc[start:end].text


def _line_break(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Hungarian and Romanian", "X, Y and Z")."""
    return [token, *token.conjuncts] if token.dep_ != "conj" else [token]


class ActorCoder:
    """Codes noun phrases of one document."""

    def __init__(self, document: Document, knowledge: ActorKnowledge, pronouns: frozenset[str],
                 descent_words: frozenset[str] = frozenset(), location_prepositions: frozenset[str] = frozenset(),
                 speech_verbs: frozenset[str] = frozenset()):
        self.document = document
        self.location_prepositions = location_prepositions
        self.speech_verbs = speech_verbs
        self.knowledge = knowledge
        self.pronouns = pronouns
        self.descent_words = descent_words
        self.mentions = MentionIndex(document)
        self.on = document.published
        # per sentence, computed once: `token.sent` and a scan of the sentence per phrase made long
        # sentences and long lists quadratic
        self._sentences: list[Span] = []
        self._sentence_starts: list[int] = []
        self._countries: dict[int, set[str]] = {}
        self._located: dict[int, str | None] = {}
        self._sectors_located = True
        # the rules and the role model ask again of phrases they share: each is coded once per setting
        self._phrases: dict[tuple[Token, bool], list[Actor]] = {}

    @contextmanager
    def at_venue(self, venue: bool = True) -> Iterator[None]:
        """While coding the parties of a meeting: where it is held is not its parties' state, so a
        sector with no state ("the ministers are to meet in Moscow") stays uncoded."""
        saved, self._sectors_located = self._sectors_located, not venue
        try:
            yield
        finally:
            self._sectors_located = saved

    def sentence(self, token: Token) -> Span:
        """The sentence holding the token."""
        if not self._sentences or self._sentences[0].doc is not token.doc:
            self._sentences = list(token.doc.sents)
            self._sentence_starts = [sentence.start for sentence in self._sentences]
            self._countries, self._located = {}, {}
        return self._sentences[bisect_right(self._sentence_starts, token.i) - 1]

    # ---- single tokens --------------------------------------------------------------------------

    def entity_actor(self, token: Token, text: str | None = None, in_context: bool = False) -> Actor | None:
        """The coded entity a token is a mention of; with `in_context`, an office holder of unknown
        country ("President Omar El Bashir") takes the one country the sentence names."""
        entity = self.mentions.entity_at(token.idx, token.idx + len(token.text))
        if entity is None:
            return None
        code = next((c for c in (entity.code, entity.affiliation) if c and self.valid(c)), None)
        if code is None and in_context and entity.type == "PERSON" and entity.sector:
            code = self._phrase_country(token) or self.sentence_country(self.sentence(token))
        if code is None:
            return None
        return Actor(entity=entity.id, text=text or token.text, code=code, sector=entity.sector)

    def _place_state(self, token: Token) -> str | None:
        """The state a place name stands for ("Georgia", "Texas"); none for a name coded as an organization."""
        actor = self.name_actor(token) if token.ent_type_ == "GPE" else None
        return actor.code if actor is not None and actor.code not in NON_STATE_CODES else None

    def _possessor_state(self, head: Token) -> str | None:
        """The state a place possessing the phrase names ("Georgia's General Assembly")."""
        return next((state for possessor in head.children
                     if possessor.dep_ == "poss" and (state := self._place_state(possessor)) is not None), None)

    def _phrase_country(self, head: Token) -> str | None:
        """The one state the places inside a person's own phrase name: "Texas Senator Ted Cruz" is
        American whatever other country the sentence names."""
        codes = {state for token in head.doc[head.left_edge.i:head.i]
                 if (state := self._place_state(token)) is not None}
        return codes.pop() if len(codes) == 1 else None

    def valid(self, code: str) -> bool:
        """A state's ISO code or a non-state code (IGO, NGO, ...); not a region ("MEA") or a stacked code."""
        return code in NON_STATE_CODES or self.knowledge.country_name(code) is not None

    def sentence_country(self, sentence: Span) -> str | None:
        """The one country a sentence names (by name or nationality adjective), if exactly one."""
        codes = self.sentence_countries(sentence)
        return codes.pop() if len(codes) == 1 else None

    def sentence_countries(self, sentence: Span) -> set[str]:
        if sentence.start not in self._countries:
            self._countries[sentence.start] = self._named_countries(sentence)
        return set(self._countries[sentence.start])

    def _named_countries(self, sentence: Span) -> set[str]:
        codes = set()
        for token in sentence:
            entity = self.mentions.entity_at(token.idx, token.idx + len(token.text))
            if entity is not None and entity.type in ("GPE", "NORP") and entity.code and entity.code.isalpha() \
                    and entity.code not in NON_STATE_CODES:
                codes.add(entity.code)
            elif token.pos_ in ("ADJ", "PROPN") and token.text[:1].isupper() \
                    and (code := self.knowledge.demonym(token.text)):
                codes.add(code)
        return codes

    def name_actor(self, token: Token, sector: str | None = None) -> Actor | None:
        """A name ("Moscow", "United States") or demonym ("Russian") coded from knowledge."""
        span = name_span(token)
        if (actor := self.entity_actor(token, span.text)) is not None:
            return actor if actor.sector or not sector else actor.model_copy(update={"sector": sector})
        found = self.knowledge.lookup(span.text, on=self.on) or (
            self.knowledge.lookup(token.text, on=self.on) if len(span) > 1 else None)
        if found is not None and self.valid(found.code):
            return Actor(text=span.text, code=found.code, sector=found.sector or sector)
        before = token.doc[token.i - 1].text if token.i > 0 else None
        if token.pos_ in ("ADJ", "PROPN", "NOUN") and (code := self.knowledge.demonym(token.text, before)):
            return Actor(text=token.text, code=code, sector=sector)
        if token.ent_type_ == "GPE" and (code := self.knowledge.place_country(span.text)):
            return Actor(text=span.text, code=code, sector=sector)  # a city: "the curfew in Abidjan"
        return None

    # ---- phrases ------------------------------------------------------------------------------

    def phrase(self, head: Token, with_conjuncts: bool = True) -> list[Actor]:
        """Actors named by the noun phrase headed by `head` (and its conjuncts)."""
        heads = conjuncts(head) if with_conjuncts else [head]
        actors: list[Actor] = []
        for token in heads:
            found = self._one_phrase(token)
            actors.extend(self._ethnic_group(token, found) if found and self._by_descent(token) else found)
        return _unique(actors)

    def _by_descent(self, head: Token) -> bool:
        """"ethnic Albanians", "ethnic Albanian guerrillas": a people named by descent, not state."""
        return any(token.lower_ in self.descent_words for child in head.lefts for token in child.subtree)

    def _ethnic_group(self, head: Token, actors: list[Actor]) -> list[Actor]:
        """An ethnic group is coded, as CAMEO does, with the state it lives in: the one the phrase
        places it in ("operating in Macedonia"), else the one other state the sentence names."""
        descent = {actor.code for actor in actors}
        near = {actor.code for token in head.subtree if token.dep_ == "pobj" and token.head.lower_ == "in"
                for actor in self._one_phrase(token) if actor.code not in descent | NON_STATE_CODES}
        states = near if near else self.sentence_countries(self.sentence(head)) - descent
        if len(states) != 1:
            return actors
        return [actors[0].model_copy(update={"code": states.pop(), "entity": None})]

    def _one_phrase(self, head: Token) -> list[Actor]:
        key = (head, self._sectors_located)
        if key not in self._phrases:
            self._phrases[key] = self._code_phrase(head)
        return list(self._phrases[key])

    def _code_phrase(self, head: Token) -> list[Actor]:
        if is_pronoun(head, self.pronouns):
            actor = self.entity_actor(head)
            return [actor] if actor else []
        sector = self._sector(head)
        own = self.name_actor(head, sector) if head.pos_ == "PROPN" or head.ent_type_ or sector is None else None
        # "Bosnian Serbs", "the Albanians of southern Serbia": a people named with its place is coded by the place
        demonym = self.knowledge.demonym(head.text) is not None
        if own is not None and not demonym:
            own = own.model_copy(update={"text": written_phrase(head)})
            # "Georgia's General Assembly": an organ the knowledge gives the UN, possessed by a state, is the state's
            if own.code == "IGO" and (state := self._possessor_state(head)) is not None:
                own = own.model_copy(update={"code": state, "entity": None})
            return [own]
        modifiers = [actor for child in head.lefts if child.dep_ != "det" for token in child.subtree
                     if token.pos_ in ("PROPN", "ADJ") and not self._inside_name(token, head)
                     and (actor := self.name_actor(token, sector)) is not None]
        if modifiers:
            # the phrase as written ("Russia-NATO Council" for both its parties), except that
            # coordinated modifiers name a party each: "U.S. officials", "Russian officials"
            coordinated = len(modifiers) > 1 and any(t.dep_ == "cc" for child in head.lefts for t in child.subtree)
            written = written_phrase(head)
            return _unique([actor.model_copy(update={"text": f"{actor.text} {head.text}" if coordinated else written})
                            for actor in modifiers])
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("of", "from", "in", "for", "by", "with", "throughout", "across", "between"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (found := self.phrase(obj)):
                        return [_through(actor, head, prep, sector) for actor in found]
        if own is not None:
            return [own]
        for appositive in head.children:
            if appositive.dep_ == "appos" and (found := self._one_phrase(appositive)):
                return found
        actor = self.entity_actor(head, written_phrase(head), in_context=True)
        if actor is None and sector is not None and self._sectors_located \
                and (code := self.located_country(self.sentence(head))) is not None:
            # "police arrested dozens in Tbilisi": a sector with no state is, as CAMEO codes it, the
            # sector of the country where the sentence places the event
            actor = Actor(text=written_phrase(head), code=code, sector=sector)
        return [actor] if actor else []

    def located_country(self, sentence: Span) -> str | None:
        """The one country of the places the sentence's location phrases name ("in Tbilisi", "at
        the border in Mali"), if there is exactly one."""
        if sentence.start not in self._located:
            self._located[sentence.start] = self._location_country(sentence)
        return self._located[sentence.start]

    def _location_country(self, sentence: Span) -> str | None:
        codes = set()
        for token in sentence:
            # where the event is, not where it was said ("..., Borrell said in Luxembourg")
            if token.dep_ == "pobj" and token.head.lower_ in self.location_prepositions and token.pos_ == "PROPN" \
                    and not places_saying(token.head, self.speech_verbs):
                entity = self.mentions.entity_at(token.idx, token.idx + len(token.text))
                code = entity.code if entity is not None and entity.type in ("GPE", "LOC") else None
                code = code or self.knowledge.place_country(name_span(token).text)
                if code and code.isalpha() and code not in NON_STATE_CODES:
                    codes.add(code)
        return codes.pop() if len(codes) == 1 else None

    @staticmethod
    def _inside_name(token: Token, head: Token) -> bool:
        """"Red" in "Red Cross officials", "Arab" in "Arab League": part of a longer name."""
        return token.head != head and token.head.pos_ == "PROPN" and token.dep_ in ("compound", "flat", "amod")

    def _sector(self, head: Token) -> str | None:
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        title = " ".join(t.text for t in head.lefts if t.dep_ in ("compound", "amod") and t.pos_ != "PROPN")
        return self.knowledge.sector_for(f"{title} {head.text}".strip())


def _through(actor: Actor, head: Token, preposition: Token, sector: str | None) -> Actor:
    """The actor a phrase names through its prepositional object: a sector noun is a party of its
    own, coded with the object's state ("workers in Germany" are DEU workers, not Germany); any
    other head stands for the object ("the leader of Russia")."""
    if sector is None:
        return actor
    return actor.model_copy(update={"text": f"{name_span(head).text} {preposition.text} {actor.text}",
                                    "entity": None, "sector": actor.sector or sector})


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple] = set()
    result = []
    for actor in actors:
        key = (actor.code, actor.sector, actor.entity)
        if key not in seen:
            seen.add(key)
            result.append(actor)
    return result
