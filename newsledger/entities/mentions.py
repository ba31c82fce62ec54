"""Name mentions from the parse: spaCy's named entities, trimmed, repaired and typed with knowledge.

spaCy's small model makes a few kinds of mistakes this step repairs: a leading adjective or "the"
inside the span ("Skeptical U.S."), a possessive ("Moscow's"), a long name cut short
("Organization of Security and Cooperation" + "in Europe"), a name that modifies an organization
tagged as a person ("the Sputnik news agency", "the Biden administration"), and a known actor
tagged with the wrong type. Nationality adjectives (NORP) become groups when they qualify a group
noun ("Russian troops"); treaties, newsletters and the like are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from newsledger.entities.lexicon import Lexicon
from newsledger.entities.tokens import positions_of_pos
from newsledger.knowledge import ActorCode, ActorKnowledge
from newsledger.nlp.attachment import span_root

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
LABEL_BY_KIND = {"country": "GPE", "capital": "GPE", "person": "PERSON"}
PLACE_OR_BODY = frozenset({"GPE", "ORG"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
MAX_EXTENSION = 3  # tokens a name may be extended by to reach a known name
NAME_CONTINUATIONS = frozenset({"of", "for", "in", "and", "&", "on"})  # words that may go on a cut name


@dataclass
class Candidate:
    """One name mention: a token span of the parse and what is known about it."""

    start: int  # token index
    end: int  # token index, exclusive
    char_start: int
    char_end: int
    text: str
    label: str  # PERSON, ORG, GPE or GROUP
    actor: ActorCode | None = None
    gender: str | None = None
    name: str | None = None  # a group's name ("Russian officials") when the span is shorter
    head: str | None = None  # the group or organization noun the name qualifies
    qualifier: str | None = None  # the name inside an organization's name ("Biden" in "Biden administration")
    kind: str = "name"  # name, pronoun or description (see model.Mention)


class MentionFinder:
    def __init__(self, knowledge: ActorKnowledge, lexicon: Lexicon):
        self.knowledge = knowledge
        self.lexicon = lexicon

    def find(self, parsed: Doc, published: str | None) -> list[Candidate]:
        candidates: list[Candidate] = []
        taken: set[int] = set()
        for ent in parsed.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            candidate = self.candidate(parsed, ent, published)
            if candidate is None or taken.intersection(range(candidate.start, candidate.end)):
                continue
            taken.update(range(candidate.start, candidate.end))
            candidates.append(candidate)
        candidates.extend(self.untagged_titled_names(parsed, taken))
        return sorted(candidates, key=lambda candidate: candidate.start)

    def untagged_titled_names(self, parsed: Doc, taken: set[int]) -> list[Candidate]:
        """Proper nouns the tagger missed that a person's title governs ("Presidents Moreau and ...")."""
        found = []
        after = -1
        for index in positions_of_pos(parsed, PROPN):
            if index <= after or index in taken or not self.is_name_word(parsed[index]):
                continue
            end = index + 1
            while end < len(parsed) and end not in taken and parsed[end].pos_ == "PROPN" \
                    and self.is_name_word(parsed[end]):
                end += 1
            after = end
            if self.titled(parsed, index, end):
                found.append(make_candidate(parsed, index, end, "PERSON", gender=self.honorific_gender(parsed, index)))
        return found

    def titled(self, parsed: Doc, start: int, end: int) -> bool:
        """Whether a person's title or an honorific stands right before the name, or before the
        first name of a coordination it belongs to ("Presidents Moreau and Lindqvist")."""
        root = span_root(parsed[start:end])
        while root.dep_ == "conj" and root.head.i < root.i:
            root = root.head
        first = min(start, root.left_edge.i if root.pos_ == "PROPN" else start)
        while first < root.i and parsed[first].pos_ != "PROPN":
            first += 1
        before = parsed[first - 1] if first > 0 else None
        return before is not None and before.text[:1].isupper() and (
            before.lower_ in self.lexicon.honorifics or self.is_person_title(before.text))

    def is_name_word(self, token: Token) -> bool:
        """A proper noun that can be part of a person's name: no punctuation, title or honorific."""
        return not token.is_punct and token.lower_ not in self.lexicon.honorifics and self.knowledge.title(
            token.text) is None

    def honorific_gender(self, parsed: Doc, start: int) -> str | None:
        return self.lexicon.honorifics.get(parsed[start - 1].lower_) if start > 0 else None

    def candidate(self, parsed: Doc, ent: Span, published: str | None) -> Candidate | None:
        start, end, gender = self.trim(parsed, ent)
        if start >= end:
            return None
        gender = gender or self.honorific_gender(parsed, start)
        label = ent.label_
        if label == "NORP" or self.knowledge.demonym(parsed[start:end].text):
            return self.group(parsed, ent, start, end)
        head = span_root(ent).head
        if label == "ORG" and (parsed[end - 1].lower_ in self.lexicon.not_actors or (
                span_root(ent).dep_ == "compound" and head.lower_ in self.lexicon.not_actors)):
            return None
        if label in ("PERSON", "ORG") and self.names_organization(parsed, ent, end):
            return self.organization(parsed, start, head.i + 1, qualifier=parsed[start:end].text,
                                     head=head.text, published=published)
        start, end, actor = self.known_span(parsed, start, end, published)
        if label in ("FAC", "LOC") and actor is None:
            return None
        if label in PLACE_OR_BODY and actor is None and self.person_context(parsed, start, end):
            label = "PERSON"
        if actor is not None and (label != "PERSON" or actor.kind != "person"):
            label = actor_label(actor, label)
        if label == "GPE" and actor is not None and actor.kind == "country":
            group = self.country_group(parsed, start, end, actor)
            if group is not None:
                return group
        return make_candidate(parsed, start, end, label, actor=actor, gender=gender)

    def trim(self, parsed: Doc, ent: Span) -> tuple[int, int, str | None]:
        """The span without "the", honorifics or leading titles (persons), and trailing possessives."""
        start, end, gender = ent.start, ent.end, None
        while start < end and (parsed[start].lower_ == "the" or parsed[start].is_punct):
            start += 1
        if ent.label_ == "PERSON":
            while start < end - 1:
                word = parsed[start].text
                if word.lower() in self.lexicon.honorifics:
                    gender = gender or self.lexicon.honorifics[word.lower()]
                elif self.knowledge.title(word) is None:
                    break
                start += 1
        while end > start and (parsed[end - 1].text in POSSESSIVES or parsed[end - 1].is_punct
                               and parsed[end - 1].text != "."):
            end -= 1
        return start, end, gender

    def person_context(self, parsed: Doc, start: int, end: int) -> bool:
        """Whether a name the tagger took for a place or body is a person's: a person's title or an
        honorific governs it ("Minister Nadia Petrova"), or a person's title is in apposition
        ("Nadia Petrova, Russia's deputy foreign minister")."""
        if not all(token.pos_ == "PROPN" for token in parsed[start:end]):
            return False
        if self.titled(parsed, start, end):
            return True
        root = span_root(parsed[start:end])
        nouns = [child for child in root.children if child.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
        return any(noun.pos_ == "NOUN" and self.is_person_title(noun.text) for noun in nouns)

    def is_person_title(self, word: str) -> bool:
        title = self.knowledge.title(word)
        return title is not None and title.person

    def names_organization(self, parsed: Doc, ent: Span, end: int) -> bool:
        """Whether the name only qualifies an organization noun right after it ("Sputnik news agency")."""
        head = span_root(ent).head
        return (span_root(ent).dep_ == "compound" and head.i >= end and head.lower_ in self.lexicon.organization_heads
                and all(parsed[i].dep_ == "compound" for i in range(end, head.i)))

    def known_span(self, parsed: Doc, start: int, end: int, published: str | None
                   ) -> tuple[int, int, ActorCode | None]:
        """The span as given if knowledge knows it; else a known name inside it (leading words
        dropped) or just past it (a few words added); else the span as given."""
        actor = self.knowledge.lookup(parsed[start:end].text, on=published)
        if actor is not None:
            return start, end, actor
        for trimmed in range(start + 1, end):
            if parsed[trimmed - 1].pos_ != "PROPN":
                actor = self.knowledge.lookup(parsed[trimmed:end].text, on=published)
                if actor is not None:
                    return trimmed, end, actor
        if end == len(parsed) or parsed[end].lower_ not in NAME_CONTINUATIONS:
            return start, end, None
        sentence_end = parsed[start].sent.end
        for extended in range(min(end + MAX_EXTENSION, sentence_end), end + 1, -1):
            actor = self.knowledge.lookup(parsed[start:extended].text, on=published)
            if actor is not None:
                return start, extended, actor
        return start, end, None

    def organization(self, parsed: Doc, start: int, end: int, *, qualifier: str, head: str,
                     published: str | None) -> Candidate:
        actor = self.knowledge.lookup(parsed[start:end].text, on=published) or self.knowledge.lookup(
            qualifier, on=published)
        return make_candidate(parsed, start, end, "ORG", actor=actor, head=head, qualifier=qualifier)

    def group(self, parsed: Doc, ent: Span, start: int, end: int) -> Candidate | None:
        """A nationality qualifying a group noun ("Russian troops", "the Peruvian embassy") or used
        as a noun ("an Iraqi was hurt"), as a group; also a NORP that is a known actor ("Taliban")."""
        actor = self.knowledge.lookup(parsed[start:end].text)
        if actor is not None and actor.kind not in ("country", "capital"):
            return make_candidate(parsed, start, end, "ORG", actor=actor)
        code = self.knowledge.demonym(parsed[start:end].text)
        if code is None:
            return None
        country = ActorCode(code, None, self.knowledge.country_name(code) or code, "country")
        noun = group_noun(span_root(ent))
        if noun is not None and self.is_group_noun(noun):
            return self.group_candidate(parsed, start, end, noun, country)
        if noun is None and is_nominal(span_root(ent)):
            return make_candidate(parsed, start, end, "GROUP", actor=country)
        return None

    def country_group(self, parsed: Doc, start: int, end: int, country: ActorCode) -> Candidate | None:
        """A country name qualifying a plural group noun ("U.S. troops") is that group."""
        noun = group_noun(span_root(parsed[start:end]))
        if noun is None or noun.tag_ not in PLURAL_TAGS or self.knowledge.title(noun.text) is None:
            return None
        return self.group_candidate(parsed, start, end, noun, country)

    def is_group_noun(self, noun: Token) -> bool:
        """A plural role ("officials") or a body ("army"); a singular person's title ("Russian
        President Boris Yeltsin") belongs to the person, not to a group."""
        title = self.knowledge.title(noun.text)
        return title is not None and (noun.tag_ in PLURAL_TAGS or not title.person)

    def group_candidate(self, parsed: Doc, start: int, end: int, noun: Token, country: ActorCode) -> Candidate:
        name_end = noun.i + 1 if noun.i >= end and all(
            parsed[i].dep_ in MODIFIER_DEPS for i in range(end, noun.i)) else end
        name = f"{parsed[start:end].text} {noun.text}" if name_end == end else None
        return make_candidate(parsed, start, name_end, "GROUP", actor=country, head=noun.text, name=name)


def actor_label(actor: ActorCode, label: str) -> str:
    """The entity type of a known actor: a seat of power keeps spaCy's GPE or ORG ("Donbas",
    "the Kremlin"); a state or capital is a GPE, an organization or group an ORG."""
    if actor.kind == "metonym" and label in PLACE_OR_BODY:
        return label
    return LABEL_BY_KIND.get(actor.kind, "ORG")


def is_nominal(token: Token) -> bool:
    """A nationality used as a noun for people: plural ("Iraqis") or counted ("an Israeli"), not
    a predicate adjective ("claims the region as Russian")."""
    if token.dep_ in MODIFIER_DEPS or token.tag_ not in NOUN_TAGS:
        return False
    return token.tag_ in PLURAL_TAGS or any(child.dep_ in ("det", "nummod") for child in token.children)


def group_noun(root: Token) -> Token | None:
    """The noun a modifier qualifies, also through a coordination ("U.S. and Russian officials")."""
    token = root
    if token.dep_ == "conj":
        token = token.head
    if token.dep_ in MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
        return token.head
    return None


def make_candidate(parsed: Doc, start: int, end: int, label: str, **known) -> Candidate:
    char_start = parsed[start].idx
    char_end = parsed[end - 1].idx + len(parsed[end - 1].text)
    text = parsed[start:end].text
    for suffix in POSSESSIVES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            char_end -= len(suffix)
            break
    return Candidate(start, end, char_start, char_end, text, label, **known)
