"""The events stage: PLOVER events (who did what to whom) with source/target actors and flags.

Triggers come from a lexicon data file (`data/lexicon.tsv`, documented in docs/events.md); actors
are coded through the entities layer and `newsledger.knowledge`. See `coder.py` for the steps.
"""

from __future__ import annotations

from newsledger.events.coder import EventCoder
from newsledger.events.learned import EventModel
from newsledger.events.lexicon import Lexicon
from newsledger.pipeline import register_stage
from newsledger.settings import Settings


@register_stage("events")
def events_stage(settings: Settings) -> EventCoder:
    from newsledger.knowledge.actors import ActorKnowledge

    return EventCoder(Lexicon.load(), ActorKnowledge.load(settings.actor_dictionaries), EventModel.load())


__all__ = ["EventCoder", "Lexicon", "events_stage"]
