"""Actor code, sector and affiliation of an entity.

Persons: a known office holder's code and sector (as of the publication date); else the country
the context gives (a qualified title, an apposition, a led delegation), else the country a title
belongs to ("Deputy Secretary of State" is American); the sector from the title.
Organizations, places, groups: the known actor's code and sector; for an unknown organization, a
company suffix (MNC/BUS) or a country inside its name ("Ukrainian Army"), and the sector its head
noun implies ("Ministry" -> GOV, "news agency" -> MED).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsledger.entities.clusters import Cluster
from newsledger.entities.lexicon import Lexicon
from newsledger.entities.roles import RoleFacts
from newsledger.knowledge import ActorKnowledge, Title
from newsledger.knowledge.actors import clean

NON_STATE_CODES = frozenset({"IGO", "NGO", "MNC"})
FORMER = ("former ", "ex-", "ex ")


@dataclass
class Coding:
    code: str | None = None
    sector: str | None = None
    affiliation: str | None = None


class Coder:
    def __init__(self, knowledge: ActorKnowledge, lexicon: Lexicon):
        self.knowledge = knowledge
        self.lexicon = lexicon

    def person(self, cluster: Cluster, facts: RoleFacts, name: str, published: str | None) -> Coding:
        actor = self.knowledge.lookup(name, on=published) or cluster.actor or next(
            (found for role in facts.roles  # monarchs and clerics are known with their title: "King Hassan"
             if (found := self.knowledge.lookup(f"{role} {name}", on=published)) is not None), None)
        known = actor if actor is not None and actor.kind == "person" else None
        titled = [(role, found) for role in facts.roles if (found := self.knowledge.title(role)) is not None]
        titles = [title for _, title in titled]
        context = Counter(facts.countries).most_common(1)[0][0] if facts.countries else None
        title_country = next((title.country for title in titles if title.country), None)
        code = known.code if known else context or title_country
        affiliation = next((candidate for candidate in (context, title_country, known.code if known else None)
                            if candidate and candidate not in NON_STATE_CODES), None)
        sector = (known.sector if known else None) or role_sector(titled)
        return Coding(code, sector, affiliation)


    def organization(self, cluster: Cluster, name: str) -> Coding:
        actor = cluster.actor
        title = self.knowledge.title(name)
        head_sector = title.sector if title else None
        if actor is not None:
            qualified = any(mention.qualifier for mention in cluster.mentions)
            sector = (head_sector if qualified or cluster.label == "GROUP" else None) or actor.sector
            return Coding(actor.code, sector, self.state(actor.code))
        if self.is_company(name):
            return Coding("MNC", "BUS", None)
        country = self.country_in(name)
        return Coding(country, head_sector, country)

    def state(self, code: str) -> str | None:
        return code if self.knowledge.country_name(code) else None

    def is_company(self, name: str) -> bool:
        words = clean(name).lower().replace(",", " ").split()
        return len(words) >= 2 and words[-1] in self.lexicon.company_suffixes

    def country_in(self, name: str) -> str | None:
        """The one country a name names by a word of it ("Ukrainian Army", "Russia Defense Ministry")."""
        countries = set()
        words = name.replace("-", " ").split()
        for word, demonym in zip(words, self.knowledge.demonyms(words)):
            actor = self.knowledge.lookup(word)
            code = actor.code if actor is not None and actor.kind == "country" else demonym
            if code:
                countries.add(code)
        return countries.pop() if len(countries) == 1 else None


def role_sector(titled: list[tuple[str, Title]]) -> str | None:
    """The first role's sector; a former office holder is an elite (CAMEO ELI), not the office."""
    if not titled:
        return None
    role, title = titled[0]
    return "ELI" if role.lower().startswith(FORMER) else title.sector
