"""Cleaning: each rule on text we wrote, the offsets of every change, and the seed article."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from newsledger.clean import clean_document, clean_text
from newsledger.model import Document

BODY = (
    "The harbour authority approved the new ferry schedule on Tuesday after a long public hearing.\n\n"
    "Officials said the changes would shorten waiting times for commuters crossing the bay each morning.\n\n"
    "The first ferries under the new timetable are expected to sail early next month, weather permitting."
)


def kinds(result) -> list[str]:
    return [change.kind for change in result.changes]


def assert_offsets_index_original(original: str, result) -> None:
    for change in result.changes:
        assert original[change.start:change.end] == change.before, change


# ---- whitespace and mojibake --------------------------------------------------------------

def test_whitespace_is_normalized_without_touching_words():
    original = "First line of the story goes here.\r\n\r\n\r\nSecond\u00a0paragraph  has\tgaps\u200b.  \n"
    result = clean_text(original)
    assert result.text == "First line of the story goes here.\n\nSecond paragraph has gaps."
    assert set(kinds(result)) == {"whitespace"}
    assert_offsets_index_original(original, result)


def test_mojibake_is_repaired_and_curly_quotes_survive():
    original = "The minister\u201a\u00c4\u00f4s aides met in the caf\u00c3\u00a9 and said \u201cno comment\u201d to us."
    result = clean_text(original)
    assert result.text == "The minister\u2019s aides met in the caf\u00e9 and said \u201cno comment\u201d to us."
    assert kinds(result) == ["mojibake"]  # one change per paragraph, from its first to its last repair
    assert_offsets_index_original(original, result)


def test_real_accents_next_to_quotes_are_not_mistaken_for_mojibake():
    text = "He called it \u201c\u00c9cole libre\u201d \u2014 \u00e9t\u00e9 and na\u00efve stay as they are, he said."
    assert clean_text(text).text == text


# ---- title ---------------------------------------------------------------------------------

def test_headline_first_line_becomes_the_title():
    result = clean_text("Harbour ferries get a new timetable\n\n" + BODY)
    assert result.title == "Harbour ferries get a new timetable"
    assert result.text == BODY
    assert kinds(result) == ["title"]


def test_a_first_sentence_is_not_taken_for_a_headline():
    result = clean_text(BODY)
    assert result.title is None and result.text == BODY and not result.changes


def test_known_title_repeated_with_outlet_name_is_dropped():
    document = Document(id="d", title="Harbour ferries get a new timetable", text="Harbour ferries get a new timetable | The Bay Courier\n\n" + BODY)
    clean_document(document)
    assert document.text == BODY
    assert document.title == "Harbour ferries get a new timetable"
    assert [c.kind for c in document.cleaning] == ["title"]


# ---- boilerplate ---------------------------------------------------------------------------

def test_lexicon_lines_are_removed():
    text = "Advertisement\n\n" + BODY.replace("\n\nOfficials", "\n\nShare this article\n\nOfficials") + "\n\nRead More"
    result = clean_text(text)
    assert result.text == BODY
    assert kinds(result) == ["boilerplate"] * 3
    assert_offsets_index_original(text, result)


def test_a_promo_block_goes_as_a_whole():
    promo = ("Get our Harbour Weekly newsletter\n\n"
             "Ferry news and timetables from the bay, every Friday.\n\n"
             "The Bay Courier may occasionally send you promotional content.")
    paragraphs = BODY.split("\n\n")
    text = "\n\n".join([paragraphs[0], promo, *paragraphs[1:]])
    assert clean_text(text).text == BODY


def test_a_related_list_goes_with_its_heading():
    text = BODY + "\n\nRelated:\n\n- Bridge tolls rise again\n\n- New pier opens on the north shore\n\nThe hearing will resume in May, officials said."
    assert clean_text(text).text == BODY + "\n\nThe hearing will resume in May, officials said."


def test_a_list_inside_the_article_stays():
    text = BODY + "\n\nThe new stops are:\n\n- North Pier\n\n- Old Market\n\n- Lighthouse Point"
    assert clean_text(text).text == text


def test_navigation_menu_above_the_article_goes():
    menu = "\n\n".join(["Home", "News", "Sport", "Weather", "Business", "Contact us"])
    assert clean_text(menu + "\n\n" + BODY).text == BODY


def test_story_list_after_an_end_marker_goes_but_not_early_in_the_text():
    tail = "\n\nMore from The Bay Courier\n\nBridge tolls rise again\n\nA look at the city budget and what it means."
    assert clean_text(BODY + tail).text == BODY
    early = "Most read\n\n" + BODY + "\n\n" + BODY.replace("ferry", "bus")
    assert clean_text(early).text == BODY + "\n\n" + BODY.replace("ferry", "bus")


def test_author_bio_at_the_end_goes():
    bio = "\n\nJane Roe is a staff writer covering transport and the waterfront for the Courier."
    assert clean_text(BODY + bio).text == BODY


def test_shouted_promo_headline_goes_but_short_capital_headings_stay():
    promo = "\n\nFERRY FARES TO DOUBLE NEXT YEAR, OFFICIALS WARN COMMUTERS"
    heading = "\n\nWHAT CHANGES"
    assert clean_text(BODY + promo).text == BODY
    assert clean_text(BODY + heading + "\n\n" + BODY).text == BODY + heading + "\n\n" + BODY


# ---- duplicates, joins, spacing, quote marks ------------------------------------------------

def test_a_paragraph_repeated_right_after_itself_goes():
    paragraph = BODY.split("\n\n")[1]
    result = clean_text(BODY.replace(paragraph, paragraph + "\n\n" + paragraph))
    assert result.text == BODY and kinds(result) == ["duplicate"]


def test_a_repeat_further_away_stays():
    paragraph = BODY.split("\n\n")[0]
    text = BODY + "\n\n" + paragraph
    assert clean_text(text).text == text


def test_a_paragraph_restating_the_last_sentence_goes_unless_the_numbers_differ():
    previous = "“We will decide soon,” the mayor said. “We will see if the plan is the right one.”"
    assert clean_text(previous + "\n\nWe will see if the plan is indeed the right one.”").text == previous
    dated = "The pier opens in spring. Summer trail runs 3 May to 7 June."
    kept = dated + "\n\nSummer trail runs 3 May to 14 June."
    assert clean_text(kept).text == kept


def test_a_paragraph_cut_mid_sentence_is_rejoined():
    text = BODY + "\n\nThe ferry will call at four piers on its way across the bay\n\nand will run every twenty minutes."
    result = clean_text(text)
    assert result.text == BODY + "\n\nThe ferry will call at four piers on its way across the bay and will run every twenty minutes."
    assert kinds(result) == ["join_paragraph"]


def test_a_complete_paragraph_is_never_joined_to_the_next():
    text = "The board met twice before the vote, and agreed to convene again,\n\nThe mayor welcomed the decision."
    assert clean_text(text).text == text


def test_spacing_around_stops_and_hyphens():
    result = clean_text("Officials in Washington, D.C . said the Short -Range plan , as drafted, stands.")
    assert result.text == "Officials in Washington, D.C. said the Short-Range plan, as drafted, stands."
    assert set(kinds(result)) == {"spacing"}


def test_spacing_keeps_suspended_hyphens_and_number_ranges():
    text = "Both pro- and anti-ferry groups spoke, and 10 -15 people left early."
    assert clean_text(text).text == text


def test_a_paragraph_opening_with_a_closing_quote_mark_is_fixed():
    result = clean_text(BODY + "\n\n\u201d We are not there yet,\u201d the mayor said.")
    assert result.text.endswith("\u201cWe are not there yet,\u201d the mayor said.")
    assert kinds(result) == ["quote_mark"]


# ---- guarantees ------------------------------------------------------------------------------

def shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


def test_clean_prose_keeps_its_text():
    article = "\n\n".join([
        BODY,
        "“We listened to the riders,” said the harbour master, who chaired the hearing. “This is their plan.”",
        "Fares will stay the same until the end of the year, the authority said in a statement.",
        "Some riders said they still wanted a later last sailing on Fridays.",
    ])
    kept = shingles(clean_text(article).text)
    original = shingles(article)
    assert sum((kept & original).values()) >= 0.995 * sum(original.values())


def test_every_change_indexes_the_original(seed_text):
    messy = "Title of a messy page here\r\n\r\nAdvertisement\n\n" + BODY.replace(" ,", " ,") + "\n\nD.C . and caf\u00c3\u00a9\u00a0now\n\nRead More"
    for original in (seed_text, messy):
        assert_offsets_index_original(original, clean_text(original))


# ---- the seed article --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_cleaned(seed_text):
    document = Document(id="000_1a135af3b3f47672", text=seed_text, published="2022-01-10")
    clean_document(document)
    return document


def test_seed_mojibake_is_repaired(seed_cleaned):
    assert "Ukraine’s eastern Donbas" in seed_cleaned.text
    assert "‚Äô" not in seed_cleaned.text


def test_seed_newsletter_block_and_read_more_are_removed(seed_cleaned):
    for furniture in ("Essential Politics newsletter", "from Sacramento to D.C", "promotional content", "Read More"):
        assert furniture not in seed_cleaned.text


def test_seed_duplicate_is_removed(seed_cleaned):
    assert "indeed the case" not in seed_cleaned.text
    assert "We will see if that is the case.”" in seed_cleaned.text


def test_seed_quote_mark_hyphen_and_join(seed_cleaned):
    assert "“We have a long way yet,” Sherman said." in seed_cleaned.text
    assert "Intermediate-Range Nuclear Forces Treaty" in seed_cleaned.text
    assert "consultations in Brussels with the North Atlantic Treaty Organization" in seed_cleaned.text
    # the paragraph ending with a comma is followed by a complete one: not joined
    assert "convene the ad hoc body,\n\nThe Biden administration" in seed_cleaned.text


def test_seed_title_is_the_first_line(seed_cleaned):
    assert seed_cleaned.title == "U.S.-Russia talks on Ukraine end after eight hours, without agreement"
    assert seed_cleaned.text.startswith("Skeptical U.S. and Russian officials")


def test_seed_every_change_is_listed(seed_cleaned, seed_text):
    listed = Counter(change.kind for change in seed_cleaned.cleaning)
    assert listed == Counter({"boilerplate": 4, "whitespace": 1, "mojibake": 1, "title": 1, "duplicate": 1,
                              "join_paragraph": 1, "spacing": 1, "quote_mark": 1})
    for change in seed_cleaned.cleaning:
        assert seed_text[change.start:change.end] == change.before
