"""Dependency-tree questions the event coder asks of a spaCy parse."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS, SPACY
from spacy.tokens import Doc, Token

CLAUSE_COMPLEMENTS = ("xcomp", "ccomp")
# Dependents through which a clause inherits its governor's subject ("agreed to meet", "met and agreed").
SUBJECT_SHARING = ("xcomp", "conj", "advcl", "acomp")
# Dependents that make a verb passive, and a verb's own auxiliaries (negation among them).
PASSIVE_MARKS = ("nsubjpass", "auxpass")
OWN_AUXILIARIES = ("aux", "auxpass", "neg")


def lemmas(token: Token) -> tuple[str, ...]:
    """The token's lemma and, for inflected words the lemmatizer got wrong ("staged" -> "stag"),
    its form with a regular suffix removed."""
    return word_forms(token.lower_, token.lemma_)


@cache  # a corpus repeats its words: each (word, lemma) is worked out once per process
def word_forms(lower: str, lemma: str) -> tuple[str, ...]:
    forms = [lemma.lower(), lower]
    for suffix, replacement in (("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", ""), ("ies", "y"),
                                ("es", ""), ("s", "")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            forms.append(lower[: -len(suffix)] + replacement)
    return tuple(dict.fromkeys(forms))


def has_lemma(token: Token, words: frozenset[str] | set[str]) -> bool:
    return not words.isdisjoint(lemmas(token))


def places_saying(preposition: Token, speech_verbs: frozenset[str]) -> bool:
    """Whether a location phrase places where something was said ("Borrell said [in Luxembourg]"),
    not the event that was said."""
    return has_lemma(preposition.head, speech_verbs)


def is_pronoun(token: Token, words: frozenset[str]) -> bool:
    """A personal pronoun from `words` ("US" the country is not "us")."""
    return token.pos_ == "PRON" and token.lower_ in words


def children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def particle(token: Token) -> str | None:
    found = child(token, "prt")
    return found.lower_ if found is not None else None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_MARKS for c in verb.children)


def direct_object(verb: Token) -> Token | None:
    """The object of an active verb, or the subject of a passive one."""
    if is_passive(verb):
        return child(verb, "nsubjpass")
    found = child(verb, "dobj", "obj")
    if found is None and (particle := child(verb, "prt")) is not None and particle.lower_ == "up":
        # "kidnapped up to 16 advisers": the parser reads the quantity "up to" as a particle and a preposition
        found = next((obj for prep in children(verb, "prep") + children(particle, "prep")
                      if prep.lower_ == "to" and prep.i == particle.i + 1 for obj in children(prep, "pobj")), None)
    if found is None and (clause := child(verb, "ccomp")) is not None and clause.tag_ == "VBG" \
            and child(clause, "aux", "mark") is None and (subject := child(clause, "nsubj")) is not None \
            and subject.pos_ in ("NOUN", "PROPN"):
        # "will not accept [refugees fleeing the violence]": the parser reads a participle phrase
        # after the object as a clause with the object as its subject
        found = subject
    return found


def object_heads(obj: Token) -> list[Token]:
    """An object and, for a partitive ("part of a program", "some of the aid"), what it is part of."""
    return [obj, *prepositional_objects(obj, {"of"})]


def agent(verb: Token) -> Token | None:
    """The "by" object of a passive verb ("was attacked by militiamen")."""
    for by in children(verb, "agent"):
        if (obj := child(by, "pobj")) is not None:
            return obj
    return None


def prepositional_objects(token: Token, names: set[str] | frozenset[str]) -> list[Token]:
    return [obj for prep in children(token, "prep", "agent", "dative") if prep.lower_ in names
            for obj in children(prep, "pobj")]


def subject(verb: Token) -> Token | None:
    """The grammatical subject, inherited through control and coordination ("agreed to meet")."""
    if is_passive(verb):
        return None  # the source of a passive verb is its agent
    current = verb
    for _ in range(6):
        if (found := child(current, "nsubj", "csubj")) is not None:
            return found
        if current != verb and is_passive(current):
            return child(current, "nsubjpass")  # "Egypt is scheduled to host": raised subject
        if current.dep_ not in SUBJECT_SHARING or current.head == current:
            return None
        if current.dep_ == "xcomp" and (obj := child(current.head, "dobj")) is not None:
            return obj  # "urged Israel to ease": the object controls the infinitive
        current = current.head
    return None


def clause_verb(token: Token) -> Token:
    """The verb heading the clause a token is in."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head != current:
        current = current.head
    return current


def governed_clause(token: Token) -> Token | None:
    """The clause a trigger governs: "threatened [to cut]", "demanded [that the US cancel]",
    "the threat [that ... it will face sanctions]", "began a hunger strike [to protest against ...]"."""
    for found in token.children:
        if found.dep_ in CLAUSE_COMPLEMENTS or (found.dep_ in ("acl", "advcl") and found.pos_ == "VERB"
                                                and any(a.lower_ in ("to", "that") for a in found.lefts)):
            return found
    for prep in children(token, "prep"):
        if (found := child(prep, "pcomp")) is not None:
            return found
    return None


def is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def is_question(clause: Token, question_words: frozenset[str]) -> bool:
    """"asked [what the West would like]": an embedded question, not a demand."""
    first = min(clause.subtree, key=lambda t: t.i)
    return first.lower_ in question_words


def conditional_clauses(token: Token, marks: frozenset[str]) -> Iterator[tuple[Token, str]]:
    """(verb, mark) of every if/unless clause below a token."""
    for found in token.subtree:
        if found.dep_ == "advcl":
            mark = child(found, "mark")
            if mark is not None and mark.lower_ in marks:
                yield found, mark.lower_


def ancestors_within(token: Token) -> Iterator[Token]:
    current = token
    while current.head != current:
        yield current.head
        current = current.head


def own_auxiliaries(verb: Token) -> list[Token]:
    return children(verb, *OWN_AUXILIARIES)


def auxiliaries(verb: Token) -> list[Token]:
    """The verb's auxiliaries; a coordinated verb with neither a subject nor auxiliaries of its own
    shares its first conjunct's ("might go beyond Ukraine and [might] attack")."""
    own = own_auxiliaries(verb)
    if own or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX") \
            or child(verb, "nsubj", "nsubjpass") is not None:
        return own
    return auxiliaries(verb.head)


def hyphen_compound(token: Token) -> tuple[str, Token] | None:
    """"de-escalate", "non-starter": the hyphenated word starting at `token` and its last token."""
    if token.whitespace_:
        return None  # the common case, without reaching into the doc
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" \
            and not doc[token.i + 1].whitespace_ and doc[token.i + 2].is_alpha:
        last = doc[token.i + 2]
        return f"{token.lower_}-{last.lemma_.lower()}", last
    return None


def noun_before(token: Token) -> Token | None:
    """The noun phrase just before a token ("Moscow [must] ..."), for when the parse lost the subject."""
    # sentence starts read per token: `token.sent` walks the whole sentence on each call
    previous = token.nbor(-1) if not token.is_sent_start else None
    while previous is not None and previous.pos_ == "ADV" and not previous.is_sent_start:
        previous = previous.nbor(-1)
    if previous is None or previous.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    while previous.dep_ in ("compound", "nmod", "amod", "poss", "flat") and previous.head.pos_ in ("NOUN", "PROPN") \
            and previous.head.i > previous.i:
        previous = previous.head
    return previous


class Tree:
    """A parse's dependency tree as plain lists, read from the Doc once: a walk over it indexes a
    list where a walk over Tokens makes a new Token object at every step (each token's children,
    head, label and word are spaCy properties built on access)."""

    __slots__ = ("doc", "heads", "deps", "pos", "lower", "lemmas", "spaces", "_by_head", "_starts")

    def __init__(self, doc: Doc):
        self.doc = doc
        columns = doc.to_array([HEAD, DEP, POS, LOWER, LEMMA, SPACY])
        positions = numpy.arange(len(doc))
        heads = positions + columns[:, 0].astype("int64")  # HEAD is the offset to the head, stored unsigned
        deps, pos, lower, lemmas, spaces = columns[:, 1:].T.tolist()
        strings = doc.vocab.strings
        names = {key: strings[key] for key in {*deps, *pos, *lower}}
        lowered = {key: strings[key].lower() for key in set(lemmas)}
        self.heads = heads.tolist()
        self.deps = [names[key] for key in deps]
        self.pos = [names[key] for key in pos]
        self.lower = [names[key] for key in lower]
        self.lemmas = [lowered[key] for key in lemmas]  # lowercased
        self.spaces = spaces  # 1 where whitespace follows the token
        # every token's children as one list sorted by head (a root, its own head, sorts last), not a
        # list per token: 150,000 small lists cost more than the walks they save
        head_of = numpy.where(heads == positions, len(doc), heads)
        by_head = numpy.argsort(head_of, kind="stable")
        self._by_head = by_head.tolist()
        self._starts = numpy.searchsorted(head_of[by_head], numpy.arange(len(doc) + 1)).tolist()

    def children(self, token: int, *deps: str) -> list[int]:
        """The token's children in order, as Token.children gives them; with `deps`, those with
        one of these labels (as `children` above)."""
        found = self._by_head[self._starts[token]:self._starts[token + 1]]
        return [child for child in found if self.deps[child] in deps] if deps else found

    def child(self, token: int, *deps: str) -> int | None:
        labels = self.deps
        for found in self._by_head[self._starts[token]:self._starts[token + 1]]:  # a loop: called for every verb
            if labels[found] in deps:
                return found
        return None

    def particle(self, token: int) -> str | None:
        found = self.child(token, "prt")
        return self.lower[found] if found is not None else None

    def is_passive(self, verb: int) -> bool:
        return self.child(verb, *PASSIVE_MARKS) is not None

    def has_lemma(self, token: int, words: frozenset[str] | set[str]) -> bool:
        return not words.isdisjoint(word_forms(self.lower[token], self.lemmas[token]))

    def subject(self, verb: int) -> int | None:
        """The grammatical subject, as `subject` above finds it."""
        if self.is_passive(verb):
            return None
        current = verb
        for _ in range(6):
            if (found := self.child(current, "nsubj", "csubj")) is not None:
                return found
            if current != verb and self.is_passive(current):
                return self.child(current, "nsubjpass")
            head = self.heads[current]
            if self.deps[current] not in SUBJECT_SHARING or head == current:
                return None
            if self.deps[current] == "xcomp" and (obj := self.child(head, "dobj")) is not None:
                return obj
            current = head
        return None
