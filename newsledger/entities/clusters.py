"""Groups name mentions that refer to the same entity within one document.

Persons: full name, surname and initials agree ("Wendy R. Sherman" = "Wendy Sherman" = "Sherman").
Organizations and places: the same known actor ("U.S." = "United States", "NATO" = "North
Atlantic Treaty Organization"), an acronym and its long form, or the same words. Groups: the same
country and group noun. Afterwards, words tagged as something else or missed by the tagger that
are a person's surname become that person's mentions ("Ryabkov" tagged GPE).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from spacy.symbols import PROPN
from spacy.tokens import Doc, Span

from newsledger.entities.mentions import Candidate, make_candidate
from newsledger.entities.tokens import positions_of_pos
from newsledger.knowledge.actors import FUNCTION_WORDS, clean, name_key

# Words a title-case headline leaves in lowercase, and how capitalized a line must be to be one.
HEADLINE_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the",
                                  "to", "with", "from", "is", "are", "was", "be"})
HEADLINE_MIN_WORDS = 4
HEADLINE_SHARE = 0.9
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(eq=False)  # hashed by identity: facts about a cluster are kept in dicts keyed by it
class Cluster:
    label: str
    mentions: list[Candidate] = field(default_factory=list)
    gender: str | None = None
    # a person's names, as person_words, in the order met (a dict, so the fullest is the same in every run)
    name_forms: dict[tuple[str, ...], None] = field(default_factory=dict)

    @property
    def first(self) -> Candidate:
        return self.mentions[0]

    @property
    def actor(self):
        return next((mention.actor for mention in self.mentions if mention.actor is not None), None)

    def add(self, mention: Candidate) -> None:
        self.mentions.append(mention)
        self.gender = self.gender or mention.gender
        if mention.kind == "name":
            self.name_forms[tuple(person_words(mention.text))] = None

    @property
    def fullest(self) -> tuple[str, ...]:
        """The longest name form, the first met among equals."""
        return max(self.name_forms, key=len)

    @property
    def surname(self) -> str:
        return self.fullest[-1]


def person_words(text: str) -> list[str]:
    """A person's name as lowercase words without periods or suffixes: "Joseph R. Biden Jr." ->
    [joseph, r, biden]."""
    words = [word.strip(".,").lower() for word in text.replace("\u2019", "'").split()]
    words = [word for word in words if word]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words or [text.lower()]


def same_person(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two name forms can be one person: same surname, and every first name or initial of
    the shorter form agrees with the longer one's."""
    if words[-1] != other[-1]:
        return False
    shorter, longer = sorted((words[:-1], other[:-1]), key=len)
    return all(any(agrees(given, candidate) for candidate in longer) for given in shorter)


def agrees(given: str, other: str) -> bool:
    if len(given) == 1 or len(other) == 1:
        return given[0] == other[0]
    return given == other


def initials(text: str) -> str:
    words = [word for word in clean(text).replace("-", " ").split() if word.lower() not in FUNCTION_WORDS]
    return "".join(word[0] for word in words if word[0].isupper())


def acronym_letters(text: str) -> str | None:
    """The letters of a name written as an acronym ("NATO", "U.N."), else None."""
    letters = clean(text)
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else None


def cluster_key(mention: Candidate) -> tuple:
    if mention.label == "GROUP":
        return ("GROUP", mention.actor.code if mention.actor else None, name_key(mention.head or ""))
    if mention.actor is not None:
        return ("ACTOR", mention.actor.code, mention.actor.name)
    return ("TEXT", name_key(mention.text))


def cluster_mentions(candidates: list[Candidate]) -> list[Cluster]:
    clusters: list[Cluster] = []
    by_key: dict[tuple, Cluster] = {}
    by_acronym: dict[str, Cluster] = {}  # "NATO" -> its cluster
    by_initials: dict[str, Cluster] = {}  # "NATO" -> the cluster of "North Atlantic Treaty Organization"
    people = _People()
    for mention in candidates:
        acronym = initial_letters = None
        if mention.label == "PERSON":
            cluster = people.cluster_of(mention)
        else:
            acronym = acronym_letters(mention.text) if mention.label != "GROUP" else None
            initial_letters = initials(mention.text) if mention.label != "GROUP" and " " in mention.text else None
            cluster = (by_key.get(cluster_key(mention))
                       or (by_initials.get(acronym) if acronym else None)
                       or (by_acronym.get(initial_letters) if initial_letters else None))
        if cluster is None:
            cluster = Cluster(mention.label)
            clusters.append(cluster)
        if mention.label != "PERSON":
            by_key.setdefault(cluster_key(mention), cluster)
        if acronym:
            by_acronym.setdefault(acronym, cluster)
        if initial_letters and len(initial_letters) >= 2:
            by_initials.setdefault(initial_letters, cluster)
        cluster.add(mention)
        if cluster.label == "PERSON":
            people.added(cluster, mention)
    return clusters


class _People:
    """The person clusters met so far, by the actor they name and by the surname of their fullest
    name, so that a name is compared only with the clusters it can belong to, not with every
    cluster before it (an article naming many people, or one person many times, stays linear)."""

    def __init__(self) -> None:
        self.order: dict[Cluster, int] = {}  # cluster -> when it was met
        self.actors: dict[Cluster, str] = {}  # cluster -> the name of its actor (its first mention's that has one)
        self.by_actor: dict[str, Cluster] = {}  # actor name -> the most recent cluster of that actor
        self.by_surname: dict[str, dict[Cluster, None]] = {}  # may hold clusters whose fullest name changed since

    def cluster_of(self, mention: Candidate) -> Cluster | None:
        """The most recent person cluster the name can belong to: one of the same known person,
        or one whose fullest name can be this one ("Bill Clinton" is not Hillary's "Clinton")."""
        words = tuple(person_words(mention.text))
        known = mention.actor is not None and mention.actor.kind == "person"
        same_actor = self.by_actor.get(mention.actor.name) if known else None
        recent_first = sorted(self.by_surname.get(words[-1], ()), key=self.order.__getitem__, reverse=True)
        same_name = next((cluster for cluster in recent_first
                          if cluster.surname == words[-1] and same_person(words, cluster.fullest)), None)
        found = [cluster for cluster in (same_actor, same_name) if cluster is not None]
        return max(found, key=self.order.__getitem__) if found else None

    def added(self, cluster: Cluster, mention: Candidate) -> None:
        self.order.setdefault(cluster, len(self.order))
        if cluster not in self.actors and mention.actor is not None:
            self.actors[cluster] = mention.actor.name
            latest = self.by_actor.get(mention.actor.name)
            if latest is None or self.order[latest] < self.order[cluster]:
                self.by_actor[mention.actor.name] = cluster
        if cluster.name_forms:
            self.by_surname.setdefault(cluster.surname, {})[cluster] = None


def attach_surnames(parsed: Doc, clusters: list[Cluster], given_names: Container[str]) -> list[Cluster]:
    """Moves clusters that are only one word of a person's name into that person: a surname
    mis-tagged as ORG/GPE ("Ryabkov"), or a family name written first ("Ban" of "Ban Ki-moon",
    when it is not a common given name); adds untagged proper nouns that are a known surname.
    Returns the clusters left."""
    people: dict[str, Cluster] = {}
    family_first: dict[str, Cluster] = {}
    for cluster in clusters:
        if cluster.label == "PERSON":
            people.setdefault(cluster.surname, cluster)
            fullest = cluster.fullest
            if len(fullest) > 1 and fullest[0] not in given_names:
                family_first.setdefault(fullest[0], cluster)
    kept = []
    for cluster in clusters:
        target = person_of_one_word(cluster, people, family_first)
        if target is None:
            kept.append(cluster)
            continue
        for mention in cluster.mentions:
            mention.label = "PERSON"
            target.add(mention)
    taken = {index for cluster in kept for mention in cluster.mentions for index in range(mention.start, mention.end)}
    for index in positions_of_pos(parsed, PROPN):
        surname = parsed[index].lower_
        if index not in taken and surname in people:
            people[surname].add(make_candidate(parsed, index, index + 1, "PERSON"))
    for cluster in kept:
        cluster.mentions.sort(key=lambda mention: mention.start)
    return kept


def person_of_one_word(cluster: Cluster, people: dict[str, Cluster],
                       family_first: dict[str, Cluster]) -> Cluster | None:
    """The person a cluster of one-word names (not a known actor) is part of, if any."""
    if cluster.label == "GROUP" or cluster.actor is not None:
        return None
    words = {tuple(person_words(mention.text)) for mention in cluster.mentions}
    if len(words) != 1 or len(next(iter(words))) != 1:
        return None
    word = next(iter(words))[0]
    target = family_first.get(word) if cluster.label == "PERSON" else people.get(word) or family_first.get(word)
    return target if target is not cluster else None


def drop_headline_only(parsed: Doc, clusters: list[Cluster]) -> list[Cluster]:
    """Drops unknown names seen only in title-case lines or run-in heads ("Veto Power Impedes
    Peace Efforts: ..."): spaCy reads capitalized headline words as names ("Limited Tools"), while
    a real name recurs in the body."""
    headline_tokens: dict[int, set[int]] = {}  # sentence start -> its tokens in headline segments

    def in_headline(index: int) -> bool:
        sent = parsed[index].sent
        if sent.start not in headline_tokens:
            headline_tokens[sent.start] = {i for segment in segments(sent) if is_headline(segment)
                                           for i in range(segment.start, segment.end)}
        return index in headline_tokens[sent.start]

    return [cluster for cluster in clusters if cluster.actor is not None
            or not all(in_headline(mention.start) for mention in cluster.mentions)]


def segments(sent: Span) -> list[Span]:
    """A sentence cut after each colon (which ends a run-in head) and line break (which ends a
    headline the parser ran into the next sentence)."""
    cuts = [token.i + 1 for token in sent if token.text == ":" or (token.is_space and "\n" in token.text)]
    bounds = [sent.start, *cuts, sent.end]
    return [sent.doc[start:end] for start, end in zip(bounds, bounds[1:]) if end > start]


def is_headline(segment: Span) -> bool:
    """A title-case stretch: (nearly) all of its content words capitalized."""
    words = [token for token in segment if token.is_alpha and token.lower_ not in HEADLINE_SMALL_WORDS]
    capitalized = sum(1 for token in words if token.text[0].isupper())
    return len(words) >= HEADLINE_MIN_WORDS and capitalized >= HEADLINE_SHARE * len(words)
