"""Datelines, credits, bylines, author biographies and live-blog feeds (clean/credits.py), on text we wrote."""

from __future__ import annotations

from newsledger.clean import clean_document, clean_text
from newsledger.model import Document

STORY = (
    "The harbour authority approved the new ferry schedule on Tuesday after a long public hearing.\n\n"
    "Officials said the changes would shorten waiting times for commuters crossing the bay each morning."
)


def kinds(result) -> list[str]:
    return [change.kind for change in result.changes]


def test_a_dateline_is_metadata_set_apart_from_the_first_sentence():
    result = clean_text("PORTVILLE, Maine, May 6 (Bay Wire) - " + STORY)
    dateline = result.dateline
    assert (dateline.place, dateline.region, dateline.date, dateline.agency) == ("PORTVILLE", "Maine", "May 6", "Bay Wire")
    assert result.text.startswith("PORTVILLE, Maine, May 6 (Bay Wire) -\n\nThe harbour authority")
    assert result.text[dateline.start:dateline.end] == "PORTVILLE"
    assert "dateline" in kinds(result)


def test_dateline_after_a_standfirst_and_with_a_long_dash():
    result = clean_text("Ferries will run every ten minutes from June on\n\nNEW HAVEN (AP) — " + STORY)
    assert (result.dateline.place, result.dateline.agency) == ("NEW HAVEN", "AP")
    assert "(AP) —\n\nThe harbour" in result.text


def test_no_dateline_in_a_plain_first_sentence():
    result = clean_text("NASA engineers said on Monday the launch would slip. " + STORY)
    assert result.dateline is None and "dateline" not in kinds(result)


def test_clean_document_keeps_the_dateline():
    document = Document(id="d", text="LISBON (Reuters) - " + STORY)
    clean_document(document)
    assert document.dateline.place == "LISBON" and document.dateline.agency == "Reuters"


def test_editing_credits_and_bylines_go():
    text = ("By Maria Lopes and Tom Reed\n\n" + STORY
            + "\n\nReporting by Maria Lopes in Porto; Editing by Tom Reed\n\n(Writing by Ann Bay; Editing by Lee Cole)")
    result = clean_text(text)
    assert result.text == STORY
    assert kinds(result).count("credit") == 3


def test_a_sentence_with_by_in_it_stays():
    text = STORY + "\n\nBy Friday the first boats had been repainted, the harbour master said."
    assert clean_text(text).text == text


def test_an_author_biography_at_the_top_goes_but_a_profile_sentence_stays():
    bio = ("Lena Hart is a senior editor at the Bay Courier, based in Portville. "
           "She began writing news in 1990.\n\n")
    result = clean_text(bio + STORY)
    assert result.text == STORY and "author_bio" in kinds(result)
    profile = STORY + "\n\nMarta Vidal is a ferry captain who has sailed the bay for thirty years.\n\n" + STORY
    assert clean_text(profile).text == profile


def test_a_live_blog_ends_at_its_feed_marker():
    feed = "\n\nFollow the latest updates below:\n\nFirst ferry leaves\n\nThe first boat left at six, on time."
    result = clean_text(STORY + feed)
    assert result.text == STORY + "\n\nFollow the latest updates below:"
    assert "live_feed" in kinds(result)


def test_a_colon_dateline_naming_a_known_place_is_set_apart():
    result = clean_text("ISLAMABAD (Bay Wire): " + STORY)
    assert (result.dateline.place, result.dateline.agency) == ("ISLAMABAD", "Bay Wire")
    assert result.text.startswith("ISLAMABAD (Bay Wire):\n\nThe harbour authority")


def test_a_label_with_a_colon_is_no_dateline():
    result = clean_text("UPDATE: " + STORY)
    assert result.dateline is None and result.text.startswith("UPDATE: The harbour authority")
