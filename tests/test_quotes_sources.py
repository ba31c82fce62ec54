"""Who a real-news source is: an epithet the story set up; sources that only count people (poll
shares, "no one") resolve to no entity."""

from __future__ import annotations

import pytest

from newsledger.model import Document


def speaker_of(document: Document, words: str) -> str | None:
    quote = next(q for q in document.quotes if any(words in document.text[s.start:s.end] for s in q.content))
    entity = document.entity(quote.speaker_entity)
    return entity.name if entity else None


def test_an_epithet_with_a_nationality_is_the_person_the_story_named(quotes_of):
    document = quotes_of("Russian President Vladimir Putin spoke to lawmakers in Moscow on Thursday. "
                         "“We have weapons that can reach your cities,” the Russian dictator continued.")
    assert speaker_of(document, "We have weapons") == "Vladimir Putin"


def test_an_epithet_of_another_nationality_is_not_that_person(quotes_of):
    document = quotes_of("Russian President Vladimir Putin spoke to lawmakers in Moscow on Thursday. "
                         "“We will not be intimidated,” the Ukrainian leader said.")
    assert speaker_of(document, "We will not be intimidated") != "Vladimir Putin"


@pytest.mark.parametrize("source", ["Almost no one", "Fewer than half", "Nobody in the room", "Two"])
def test_numbers_shares_and_empty_pronouns_are_never_speakers(quotes_of, source):
    document = quotes_of(f"Voters in Ohio were polled by Mark Dale last week. {source} said the mayor should resign.")
    assert document.quotes, "the statement is still read"
    assert speaker_of(document, "the mayor should resign") is None
    assert all(q.speaker_group is None for q in document.quotes)
