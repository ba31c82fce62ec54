"""Roles and affiliations of persons, from the words around their names.

- A title before the name: "Deputy Secretary of State Wendy R. Sherman" -> "Deputy Secretary of
  State"; "Russian Foreign Minister Sergei Lavrov" -> "Foreign Minister", RUS; a plural title is
  shared by the names it governs ("Presidents Biden and Putin").
- An apposition either way: "her Russian counterpart, Deputy Foreign Minister Sergey Ryabkov" ->
  RUS (and "her Russian counterpart" is a description of him); "Sergei Lavrov, Russia's foreign
  minister," -> "foreign minister", RUS.
- Leading a national body: "Sherman, who led the U.S. delegation" -> USA; also for a name in
  apposition to the subject ("Her counterpart, Sergei Ryabkov, headed the Russian team" -> RUS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsledger.entities.lexicon import Lexicon
from newsledger.entities.mentions import Candidate
from newsledger.knowledge import ActorKnowledge
from newsledger.knowledge.actors import singular_forms
from newsledger.nlp.attachment import span_root

TITLE_CONNECTORS = frozenset({"of", "the", "for", "and", "on"})
TITLE_START_POS = frozenset({"PROPN", "NOUN", "ADJ"})
QUALIFIER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
MAX_QUALIFIER_WORDS = 3


@dataclass
class RoleFacts:
    """What the words around one person mention say about the person."""

    roles: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    descriptions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    title_spans: list[tuple[int, int]] = field(default_factory=list)  # titles before the name
    plural_title: bool = False


class RoleFinder:
    def __init__(self, knowledge: ActorKnowledge, lexicon: Lexicon):
        self.knowledge = knowledge
        self.lexicon = lexicon

    def find(self, parsed: Doc, person: Candidate, names: dict[int, Candidate]) -> RoleFacts:
        """`names` maps the token indices inside name mentions to their mention."""
        facts = RoleFacts()
        self.title_before(parsed, person, names, facts)
        root = span_root(parsed[person.start:person.end])
        if root.dep_ == "appos" and is_describing_noun(root.head) and root.head.i < person.start:
            self.apposition(parsed, root.head, names, facts)
        for child in root.children:
            if child.dep_ == "appos" and is_describing_noun(child):
                self.apposition(parsed, child, names, facts)
        self.led_body(root, names, facts)
        return facts

    def title_before(self, parsed: Doc, person: Candidate, names: dict[int, Candidate], facts: RoleFacts) -> None:
        first = parsed[person.start].sent.start
        start = person.start
        while start > first and self.is_title_word(parsed[start - 1]) and not is_known_name(names.get(start - 1)):
            start -= 1
        body = self.body_before(start, names)
        while start < person.start and parsed[start].lower_ in TITLE_CONNECTORS:
            start += 1
        if start == person.start:
            return
        start, country = self.country_prefix(parsed, start, person.start, names)
        for role_start in range(start, person.start):
            if parsed[role_start].pos_ not in TITLE_START_POS or parsed[role_start].lower_ in TITLE_CONNECTORS:
                continue
            written = parsed[role_start:person.start].text
            role = self.singular_title(written)
            if role is not None:
                facts.roles.append(role)
                facts.title_spans.append((role_start, person.start))
                facts.plural_title = role != written
                if country or body:
                    facts.countries.append(country or body)
                return

    def is_title_word(self, token: Token) -> bool:
        """A word that can be part of a title before a name: capitalized ("Deputy Secretary of
        State"), a hyphen inside a word ("Secretary-General") or an abbreviation's period ("Lt."),
        or a lowercase title ("rebel leader")."""
        if token.is_punct:
            attached = token.i > 0 and not token.nbor(-1).whitespace_
            return attached and (token.text == "." or (token.text == "-" and not token.whitespace_))
        return (token.text[:1].isupper() or token.lower_ in TITLE_CONNECTORS
                or self.knowledge.title(token.text) is not None)

    @staticmethod
    def body_before(start: int, names: dict[int, Candidate]) -> str | None:
        """The code of a known organization or seat of power right before a title ("Arab League
        Secretary-General", "Kremlin spokesman"), which the title holder belongs to."""
        mention = names.get(start - 1)
        if mention is None or mention.actor is None or mention.label == "PERSON" or is_country(mention):
            return None
        return mention.actor.code

    def country_prefix(self, parsed: Doc, start: int, end: int, names: dict[int, Candidate]) -> tuple[int, str | None]:
        """Skips a country qualifier at the start of a title ("U.S. President", "South Korean
        Foreign Minister"), returning where the title starts and the country."""
        for length in range(min(MAX_QUALIFIER_WORDS, end - start - 1), 0, -1):
            country = self.country_of(parsed, range(start, start + length), names)
            if country is not None:
                return start + length, country
        return start, None

    def country_of(self, parsed: Doc, indices: range, names: dict[int, Candidate]) -> str | None:
        """The country a few words name or qualify by: a country name ("U.S.", "Russia's") or a
        demonym ("Russian")."""
        mention = names.get(indices[0])
        if mention is not None and is_country(mention) and all(names.get(i) is mention for i in indices):
            return mention.actor.code
        return self.knowledge.demonym(" ".join(parsed[i].text for i in indices))

    def singular_title(self, written: str) -> str | None:
        """The title a phrase spells, in the singular ("Presidents" -> "President"); None if none."""
        found = self.knowledge.title(written)
        if found is None:
            return None
        head, _, last = written.rpartition(" ")
        for form in singular_forms(last):
            if found.title.endswith(form.lower()):
                return f"{head} {form}" if head else form
        return written

    def apposition(self, parsed: Doc, noun: Token, names: dict[int, Candidate], facts: RoleFacts) -> None:
        """A noun phrase in apposition to the name: its country qualifier, its title, and the
        phrase itself as a description of the person."""
        modifiers = [child for child in noun.children if child.dep_ in QUALIFIER_DEPS and child.i < noun.i]
        for modifier in modifiers:
            country = self.country_of(parsed, range(modifier.i, modifier.i + 1), names)
            if country is not None:
                facts.countries.append(country)
        start = min([noun.i, *(token.left_edge.i for token in modifiers)])
        determiners = [child.i for child in noun.children if child.dep_ == "det" and child.i < noun.i]
        description_start = min([start, *determiners])
        facts.descriptions.append((description_start, noun.i + 1))
        if self.knowledge.title(noun.text) is None:
            return
        title_start = noun.i
        while title_start > start and parsed[title_start - 1].dep_ in ("amod", "compound") and \
                self.country_of(parsed, range(title_start - 1, title_start), names) is None:
            title_start -= 1
        role = self.singular_title(parsed[title_start:noun.i + 1].text)
        if role is not None:
            facts.roles.append(role)

    def led_body(self, root: Token, names: dict[int, Candidate], facts: RoleFacts) -> None:
        """"X led the U.S. delegation", "X, who headed the Russian team", "Her counterpart, X,
        headed the Russian team": the body's country."""
        verbs = [child for child in root.children if child.dep_ == "relcl"]
        subject = root.head if root.dep_ == "appos" else root  # the name in apposition to the subject
        if subject.dep_ == "nsubj":
            verbs.append(subject.head)
        for verb in verbs:
            if verb.lemma_ not in self.lexicon.leading_verbs:
                continue
            for body in verb.children:
                if body.dep_ == "dobj" and body.lemma_ in self.lexicon.led_bodies:
                    for modifier in body.children:
                        if modifier.dep_ in QUALIFIER_DEPS:
                            country = self.country_of(root.doc, range(modifier.i, modifier.i + 1), names)
                            if country is not None:
                                facts.countries.append(country)


def is_describing_noun(token: Token) -> bool:
    """A common noun that can describe a person in apposition ("counterpart", "minister"); a
    capitalized word there is more likely a headline or transcript fragment."""
    return token.pos_ == "NOUN" and token.text[:1].islower()


def is_country(mention: Candidate) -> bool:
    return mention.actor is not None and mention.actor.kind == "country" and mention.label != "GROUP"


def is_known_name(mention: Candidate | None) -> bool:
    """A name that ends a title: a person or a known actor other than a country qualifier ("U.S.
    President"); an unknown ORG may be a word of the title ("State" in "Secretary of State")."""
    if mention is None or is_country(mention):
        return False
    return mention.label == "PERSON" or mention.actor is not None
