"""What a story carries about itself rather than its news: the dateline, bylines, editing credits,
an author's biography and a live blog's feed.

- The dateline ("WASHINGTON, March 4 (Reuters) - ") opening the first paragraphs is metadata
  (place, date, agency): it becomes `Document.dateline` and is set apart as a paragraph of its own,
  so it is never an actor or part of the first sentence. Its words stay in the text.
- Bylines and editing credits standing as paragraphs (`data/credit_lines.txt`) are removed.
- An author's biography ("Jane Doe is a senior editor at ...", `data/journalist_roles.txt`) at
  the top or in the last third is removed.
- A live blog's summary ends at its feed marker ("Follow the latest updates below:",
  `data/feed_markers.txt`): the entries below it are not the article, and are removed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from newsledger.clean.draft import Draft
from newsledger.clean.rules import lines_of, remove_lines
from newsledger.datafiles import text_lines
from newsledger.model import Dateline

DATA = Path(__file__).parent / "data"
# PLACE[, Region][, Month day] [(Agency)] dash: the place in capitals, the rest as written
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"
    r"(?:, (?P<region>[A-Z][\w.']+(?: [A-Z][\w.']+){0,3}))??"
    r"(?:, (?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Za-z]{3,9})))?"
    r"(?: ?\((?P<agency>[^()\n]{2,40})\))?"
    r" ?(?:--|[—–-]) ?(?=\S)")
# PLACE [(Agency)]: the colon form many agencies file with ("ISLAMABAD:", "KABUL (Pajhwok):",
# "Lucknow:"). Labels open paragraphs the same way ("UPDATE:", "WATCH:"), so its place must be one
# the actor knowledge knows: a country, a capital or a city.
COLON_DATELINE = re.compile(r"(?P<place>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2})(?: ?\((?P<agency>[^()\n]{2,40})\))? ?: (?=\S)")
DATELINE_PARAGRAPHS = 2  # a dateline opens the first paragraph, or the second after a standfirst
BIO_OPENING = re.compile(r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3} (?:is|was|has been) (?:a|an|the) ")
BIO_ROLE_REACH = 80  # characters after "is a" within which the journalist's role stands
BIO_PARAGRAPHS = 2  # a biography at the top stands in the first two paragraphs


@lru_cache(maxsize=1)
def credit_lines() -> re.Pattern:
    return re.compile("|".join(f"(?:{row})" for row in text_lines(DATA / "credit_lines.txt")))


@lru_cache(maxsize=1)
def feed_markers() -> re.Pattern:
    return re.compile("|".join(f"(?:{row})" for row in text_lines(DATA / "feed_markers.txt")), re.IGNORECASE)


@lru_cache(maxsize=1)
def journalist_roles() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, text_lines(DATA / "journalist_roles.txt"))) + r")s?\b")


def remove_credits(draft: Draft) -> None:
    """Drops credit and byline paragraphs, author biographies, and a live blog's feed."""
    lines = lines_of(draft.text)
    last_third = len(draft.text) * 2 / 3
    removed = {}
    for index, line in enumerate(lines):
        text = line.text.strip()
        if credit_lines().fullmatch(text):
            removed[index] = "credit"
        elif (index < BIO_PARAGRAPHS or line.start >= last_third) and is_biography(text):
            removed[index] = "author_bio"
    feed = next((index for index, line in enumerate(lines) if feed_markers().fullmatch(line.text.strip())), None)
    if feed is not None:
        removed.update({later: "live_feed" for later in range(feed + 1, len(lines))})
    if removed and len(removed) < len(lines):
        remove_lines(draft, lines, removed)


def is_biography(text: str) -> bool:
    """"Jane Doe is a senior editor at the Times ...": a name, then what the writer is."""
    opening = BIO_OPENING.match(text)
    return opening is not None and journalist_roles().search(text, opening.end(), opening.end() + BIO_ROLE_REACH) is not None


def separate_dateline(draft: Draft) -> Dateline | None:
    """Finds the dateline opening one of the first paragraphs and sets it apart as its own."""
    for line in lines_of(draft.text)[:DATELINE_PARAGRAPHS]:
        match = DATELINE.match(line.text)
        if match is None or len(match["place"]) < 3:
            match = COLON_DATELINE.match(line.text)
            if match is None or not _known_place(match["place"]):
                continue
        written = match.group().rstrip()
        draft.replace(line.start + len(written), line.start + match.end(), "\n\n", "dateline")
        parts = match.groupdict()
        return Dateline(text=written, place=parts["place"], region=parts.get("region"), date=parts.get("date"),
                        agency=parts["agency"], start=line.start + match.start("place"), end=line.start + match.end("place"))
    return None


def _known_place(name: str) -> bool:
    from newsledger.knowledge.actors import ActorKnowledge  # loaded once, and the events stage loads it anyway

    knowledge = ActorKnowledge.load()
    found = knowledge.lookup(name.title())
    return (found is not None and found.kind in ("country", "capital")) or knowledge.place_country(name.title()) is not None
