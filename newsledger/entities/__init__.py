"""The entities stage: people, organizations, countries and national groups, with their mentions,
roles, actor code and sector.

    names (mentions.py) -> clusters (clusters.py) -> roles (roles.py) -> codes (coding.py)
    -> pronouns and descriptions (references.py) -> Document.entities

Entity ids are e1, e2, ... in order of first mention; an entity's name is its fullest name form.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.entities.clusters import Cluster, attach_surnames, cluster_mentions, drop_headline_only, person_words
from newsledger.entities.coding import Coder, Coding
from newsledger.entities.lexicon import load_lexicon
from newsledger.entities.mentions import Candidate, MentionFinder, make_candidate
from newsledger.entities.references import ReferenceLinker
from newsledger.entities.roles import RoleFacts, RoleFinder
from newsledger.knowledge import ActorKnowledge
from newsledger.model import Document, Entity, Mention
from newsledger.pipeline import register_stage
from newsledger.settings import Settings
from newsledger.nlp.attachment import span_root

# Kinds of known actor whose canonical name may stand as the entity name ("U.S." -> United States).
CANONICAL_NAME_KINDS = frozenset({"country", "igo", "ngo", "mnc"})


@register_stage("entities")
def entities_stage(settings: Settings) -> "EntityStage":
    return EntityStage(ActorKnowledge.load(settings.actor_dictionaries))


class EntityStage:
    def __init__(self, knowledge: ActorKnowledge):
        self.lexicon = lexicon = load_lexicon()
        self.mentions = MentionFinder(knowledge, lexicon)
        self.roles = RoleFinder(knowledge, lexicon)
        self.coder = Coder(knowledge, lexicon)
        self.references = ReferenceLinker(knowledge, lexicon)

    def __call__(self, document: Document, parsed: Doc) -> None:
        published = document.published
        clusters = attach_surnames(parsed, cluster_mentions(self.mentions.find(parsed, published)),
                                   given_names=self.lexicon.first_names)
        clusters = drop_headline_only(parsed, clusters)
        self.gender_from_first_names(clusters)
        facts = self.person_facts(parsed, clusters)
        clusters = drop_title_words(clusters, facts)
        names = {cluster: entity_name(cluster) for cluster in clusters}
        codings = {cluster: self.code(cluster, facts.get(cluster), names[cluster], published) for cluster in clusters}
        self.references.link(parsed, clusters, roles={cluster: fact.roles for cluster, fact in facts.items()},
                             codes={cluster: coding.code for cluster, coding in codings.items()})
        document.entities = build_entities(clusters, facts, names, codings)

    def gender_from_first_names(self, clusters: list[Cluster]) -> None:
        for cluster in clusters:
            if cluster.label == "PERSON" and cluster.gender is None:
                fullest = cluster.fullest
                if len(fullest) > 1:
                    cluster.gender = self.lexicon.first_names.get(fullest[0])

    def person_facts(self, parsed: Doc, clusters: list[Cluster]) -> dict[Cluster, RoleFacts]:
        """Roles, countries and descriptions of every person; descriptions become mentions."""
        names = {index: mention for cluster in clusters for mention in cluster.mentions
                 for index in range(mention.start, mention.end)}
        by_mention: dict[int, RoleFacts] = {}
        facts: dict[Cluster, RoleFacts] = {}
        for cluster in clusters:
            if cluster.label != "PERSON":
                continue
            merged = facts[cluster] = RoleFacts()
            for mention in cluster.mentions:
                found = by_mention[mention.start] = self.roles.find(parsed, mention, names)
                merge_facts(merged, found)
        share_plural_titles(parsed, clusters, facts, by_mention)
        for cluster, fact in facts.items():
            for start, end in fact.descriptions:
                description = make_candidate(parsed, start, end, "PERSON")
                description.kind = "description"
                cluster.add(description)
        return facts

    def code(self, cluster: Cluster, facts: RoleFacts | None, name: str, published: str | None) -> Coding:
        if cluster.label == "PERSON":
            return self.coder.person(cluster, facts or RoleFacts(), name, published)
        return self.coder.organization(cluster, name)


def merge_facts(merged: RoleFacts, found: RoleFacts) -> None:
    merged.roles.extend(role for role in found.roles if role not in merged.roles)
    merged.countries.extend(found.countries)
    merged.descriptions.extend(span for span in found.descriptions if span not in merged.descriptions)
    merged.title_spans.extend(found.title_spans)


def share_plural_titles(parsed: Doc, clusters: list[Cluster], facts: dict[Cluster, RoleFacts],
                        by_mention: dict[int, RoleFacts]) -> None:
    """"Presidents Biden and Putin": the names coordinated with a plural-titled name share its title."""
    mention_at = {index: mention.start for cluster in facts for mention in cluster.mentions
                  if mention.kind == "name" for index in range(mention.start, mention.end)}
    for cluster, fact in facts.items():
        for mention in cluster.mentions:
            root = span_root(parsed[mention.start:mention.end])
            titled = by_mention.get(mention_at.get(root.head.i, -1)) if root.dep_ == "conj" else None
            if titled is not None and titled.plural_title:
                merge_facts(fact, RoleFacts(roles=list(titled.roles), countries=list(titled.countries)))


def drop_title_words(clusters: list[Cluster], facts: dict[Cluster, RoleFacts]) -> list[Cluster]:
    """Removes unknown names that were words of a person's title ("State" in "Secretary of State")."""
    in_titles = {index for fact in facts.values() for start, end in fact.title_spans for index in range(start, end)}
    kept = []
    for cluster in clusters:
        if cluster.label != "PERSON" and cluster.actor is None:
            cluster.mentions = [m for m in cluster.mentions if not in_titles.intersection(range(m.start, m.end))]
        if cluster.mentions:
            kept.append(cluster)
    return kept


def entity_name(cluster: Cluster) -> str:
    """The fullest name form: the longest mention (a group's whole name), or the canonical name of
    a known state or organization ("U.S." -> "United States")."""
    forms = [mention.name or mention.text for mention in cluster.mentions if mention.kind == "name"]
    actor = cluster.actor
    if actor is not None and actor.kind in CANONICAL_NAME_KINDS and cluster.label != "GROUP":
        forms.append(actor.name)
    return max(forms, key=len)


def mention_kind(mention: Candidate, name: str) -> str:
    if mention.kind != "name":
        return mention.kind
    return "name" if set(person_words(mention.text)) <= set(person_words(name)) else "alias"


def build_entities(clusters: list[Cluster], facts: dict[Cluster, RoleFacts], names: dict[Cluster, str],
                   codings: dict[Cluster, Coding]) -> list[Entity]:
    ordered = sorted(clusters, key=lambda cluster: min(mention.char_start for mention in cluster.mentions))
    entities = []
    for number, cluster in enumerate(ordered, start=1):
        coding, name = codings[cluster], names[cluster]
        unique = {(mention.char_start, mention.char_end): mention for mention in cluster.mentions}
        mentions = sorted(unique.values(), key=lambda mention: mention.char_start)
        entities.append(Entity(
            id=f"e{number}", name=name, type=cluster.label, code=coding.code, sector=coding.sector,
            roles=list(facts[cluster].roles) if cluster in facts else [], affiliation=coding.affiliation,
            mentions=[Mention(start=m.char_start, end=m.char_end, text=m.text, kind=mention_kind(m, name))
                      for m in mentions],
        ))
    return entities
