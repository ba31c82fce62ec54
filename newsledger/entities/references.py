"""Pronouns and descriptions that refer back to an entity.

Personal pronouns (he/she/him/her/his) go to the nearest person of a compatible gender within a
few sentences, counting a known matching gender and (for a subject pronoun) a subject antecedent as
nearer. Gender comes from
honorifics ("Ms. Sherman") and from the document itself: a first pass links only pronouns with a
single possible person in reach and records their gender, so "she" later skips a nearer man.
"they/them/their" go to an organization, country or group only when it is the one such entity in
the sentence so far and the sentence before.

Descriptions: "the deputy secretary" goes to the most recent person whose role has those words
(and the country, when the description names one: "the Russian minister"); an epithet with a
nationality ("the Russian dictator", data/epithets.txt) to the most recent person of that country.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.entities.clusters import Cluster
from newsledger.entities.lexicon import Lexicon, Pronoun
from newsledger.entities.mentions import make_candidate
from newsledger.entities.tokens import positions_of_words
from newsledger.knowledge import ActorKnowledge

PERSON_WINDOW = 4  # sentences back a he/she may reach
GROUP_WINDOW = 1  # sentences back a they may reach
# A known matching gender outweighs a sentence and a half of distance, a subject antecedent for a
# subject pronoun half a sentence: "She" skips a man of unknown gender named in the sentence before.
AGREEMENT_BONUS = 1.5
SUBJECT_BONUS = 0.5
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
DETERMINERS = frozenset({"the", "this", "that"})


@dataclass(frozen=True, slots=True)
class Antecedent:
    """A mention a later pronoun may refer back to."""

    token: int
    sentence: int
    subject: bool
    cluster: Cluster


def recent(history: list[Antecedent], sentence: int, window: int) -> Iterator[Antecedent]:
    """The antecedents at most `window` sentences back, latest first."""
    for antecedent in reversed(history):
        if sentence - antecedent.sentence > window:
            return
        yield antecedent


def only_person(history: list[Antecedent], sentence: int) -> Cluster | None:
    """The person in reach when there is exactly one (a safe link to learn a gender from)."""
    people = {id(item.cluster): item.cluster for item in recent(history, sentence, PERSON_WINDOW)
              if item.cluster.label == "PERSON"}
    return next(iter(people.values())) if len(people) == 1 else None


def person_antecedent(pronoun: Pronoun, subject: bool, history: list[Antecedent], sentence: int) -> Cluster | None:
    compatible = [item for item in recent(history, sentence, PERSON_WINDOW)
                  if item.cluster.label == "PERSON" and item.cluster.gender in (None, pronoun.gender)]
    if not compatible:
        return None

    def distance(item: Antecedent) -> tuple[float, int]:
        score = sentence - item.sentence
        score -= AGREEMENT_BONUS if item.cluster.gender == pronoun.gender else 0
        score -= SUBJECT_BONUS if subject and item.subject else 0
        return score, -item.token

    return min(compatible, key=distance).cluster


def group_antecedent(history: list[Antecedent], sentence: int) -> Cluster | None:
    near = {id(item.cluster): item.cluster for item in recent(history, sentence, GROUP_WINDOW)}
    if len(near) != 1 or any(cluster.label == "PERSON" for cluster in near.values()):
        return None
    return next(iter(near.values()))


class ReferenceLinker:
    def __init__(self, knowledge: ActorKnowledge, lexicon: Lexicon):
        self.knowledge = knowledge
        self.lexicon = lexicon

    def link(self, parsed: Doc, clusters: list[Cluster], roles: dict[Cluster, list[str]],
             codes: dict[Cluster, str | None]) -> None:
        """Adds pronoun and description mentions to `clusters`, given persons' roles and codes."""
        sentence_of = [0] * len(parsed)
        for number, sent in enumerate(parsed.sents):
            sentence_of[sent.start:sent.end] = [number] * (sent.end - sent.start)
        named = {i for cluster in clusters for mention in cluster.mentions if mention.kind == "name"
                 for i in range(mention.start, mention.end)}
        pronouns = [parsed[i] for i in positions_of_words(parsed, self.lexicon.pronouns)
                    if i not in named and parsed[i].pos_ in ("PRON", "DET")]
        self.link_pronouns(parsed, clusters, pronouns, sentence_of, learn=True)
        self.link_pronouns(parsed, clusters, pronouns, sentence_of, learn=False)
        taken = {i for cluster in clusters for mention in cluster.mentions for i in range(mention.start, mention.end)}
        self.link_descriptions(parsed, clusters, taken, roles, codes)

    # ---- pronouns --------------------------------------------------------------------------

    def link_pronouns(self, parsed: Doc, clusters: list[Cluster], pronouns: list[Token],
                      sentence_of: list[int], *, learn: bool) -> None:
        names = sorted(((mention.start, cluster) for cluster in clusters for mention in cluster.mentions
                        if mention.kind == "name"), key=lambda item: item[0])
        history: list[Antecedent] = []
        position = 0
        for token in pronouns:
            while position < len(names) and names[position][0] <= token.i:
                start, cluster = names[position]
                history.append(Antecedent(start, sentence_of[start], parsed[start].dep_ in SUBJECT_DEPS, cluster))
                position += 1
            pronoun = self.lexicon.pronouns[token.lower_]
            sentence = sentence_of[token.i]
            if pronoun.plural:
                cluster = group_antecedent(history, sentence)
            elif learn:
                cluster = only_person(history, sentence)
            else:
                cluster = person_antecedent(pronoun, token.dep_ in SUBJECT_DEPS, history, sentence)
            if cluster is None:
                continue
            cluster.gender = cluster.gender or pronoun.gender
            if learn:
                continue
            mention = make_candidate(parsed, token.i, token.i + 1, cluster.label)
            mention.kind = "pronoun"
            cluster.add(mention)
            history.append(Antecedent(token.i, sentence, token.dep_ in SUBJECT_DEPS, cluster))

    # ---- descriptions ----------------------------------------------------------------------

    def link_descriptions(self, parsed: Doc, clusters: list[Cluster], taken: set[int],
                          roles: dict[Cluster, list[str]], codes: dict[Cluster, str | None]) -> None:
        for index in positions_of_words(parsed, DETERMINERS):
            determiner = parsed[index]
            noun = determiner.head
            if determiner.lower_ not in DETERMINERS or determiner.dep_ != "det" or noun.pos_ != "NOUN" \
                    or noun.i < determiner.i or taken.intersection(range(determiner.i, noun.i + 1)):
                continue
            chunk = parsed[determiner.i:noun.i + 1]
            if chunk.end < len(parsed) and parsed[chunk.end].pos_ == "PROPN":
                continue  # a title before a name, not a description
            words, country = self.description_words(chunk)
            if country and words and words[-1] in self.lexicon.epithets:
                person = self.last_of_country(clusters, chunk.start, country, codes)
            elif words and self.knowledge.title(" ".join(words)) is not None:
                person = self.described(clusters, chunk.start, words, country, roles, codes)
            else:
                continue
            if person is not None:
                mention = make_candidate(parsed, chunk.start, chunk.end, "PERSON")
                mention.kind = "description"
                person.add(mention)
                taken.update(range(chunk.start, chunk.end))

    def description_words(self, chunk: Span) -> tuple[list[str], str | None]:
        """The words of a description without determiners, and the country it names if any."""
        words, country = [], None
        for token in chunk[1:]:
            code = self.knowledge.demonym(token.text)
            if code is not None:
                country = code
            elif token.pos_ in ("NOUN", "PROPN", "ADJ"):
                words.append(token.lower_)
        return words, country

    @staticmethod
    def last_of_country(clusters: list[Cluster], before: int, country: str,
                        codes: dict[Cluster, str | None]) -> Cluster | None:
        """"the Russian dictator": the person of that country the story named last before it."""
        return latest_person(clusters, before, lambda cluster: codes.get(cluster) == country)

    @staticmethod
    def described(clusters: list[Cluster], before: int, words: list[str], country: str | None,
                  roles: dict[Cluster, list[str]], codes: dict[Cluster, str | None]) -> Cluster | None:
        """The most recently mentioned person whose role has all the words (and country)."""
        def fits(cluster: Cluster) -> bool:
            return (not country or codes.get(cluster) == country) and any(
                set(words) <= set(role.lower().split()) for role in roles.get(cluster, []))

        return latest_person(clusters, before, fits)


def latest_person(clusters: list[Cluster], before: int, fits) -> Cluster | None:
    """The person that `fits` whose last mention before token `before` is the latest."""
    best, best_position = None, -1
    for cluster in clusters:
        if cluster.label != "PERSON" or not fits(cluster):
            continue
        seen = max((mention.start for mention in cluster.mentions if mention.start < before), default=-1)
        if seen > best_position:
            best, best_position = cluster, seen
    return best
