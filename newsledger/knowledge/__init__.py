"""Actor knowledge any stage may use: who a name stands for (country, capital, seat of power,
organization, office holder), demonyms, and the sector a title implies.

    from newsledger.knowledge import ActorKnowledge

    knowledge = ActorKnowledge.load(settings.actor_dictionaries)   # cached per argument
    knowledge.lookup("the Kremlin")        # ActorCode(code="RUS", sector="GOV", name="Kremlin", kind="metonym")
    knowledge.demonym("Ukrainian")         # "UKR"
    knowledge.sector_for("Deputy Foreign Minister")   # "GOV"
    knowledge.country_name("CHE")          # "Switzerland"
"""

from newsledger.knowledge.actors import ActorCode, ActorKnowledge, Title

__all__ = ["ActorCode", "ActorKnowledge", "Title"]
