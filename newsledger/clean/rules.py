"""The cleaning rules, one small function each, in the order `clean_text` runs them.

Every rule reads the current text of a `Draft` and edits it through `Draft.replace`, so each
change is recorded against the original text. A paragraph is one non-empty line: scraped text
separates paragraphs by blank lines or by single line breaks, and both are kept as they are.
Rules that remove text work on whole paragraphs and stay conservative: a rule that is unsure
leaves the text alone, because eating article text is worse than leaving a stray promo line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ftfy

from newsledger.clean.draft import Draft
from newsledger.datafiles import text_lines

DATA = Path(__file__).parent / "data"
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
WORD = re.compile(r"\w+")
LINE = re.compile(r"[^\n]+")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+")
# What mis-decoded text always contains: a Latin-1 character (UTF-8 lead and continuation bytes read
# as Latin-1, Windows-1252 or Mac Roman land there), a replacement character, a control character,
# or an HTML entity. Lines without any are left to the fast path; ftfy is slow on long texts.
NEEDS_FTFY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff\ufffd]|&#?\w+;")
TERMINAL = tuple(".!?:;\"”’)]…'")


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str


def lines_of(text: str) -> list[Line]:
    return [Line(m.start(), m.end(), m.group()) for m in LINE.finditer(text) if not m.group().isspace()]


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def apply_edits(draft: Draft, edits: Iterable[tuple[int, int, str]], kind: str) -> None:
    """Applies non-overlapping edits given in current-text offsets, right to left so none shifts."""
    draft.replace_many((start, end, new, kind) for start, end, new in edits)


def remove_lines(draft: Draft, lines: list[Line], removed: dict[int, str]) -> None:
    """Removes whole paragraphs with their separators; `removed` maps line index -> change kind."""
    text = draft.text
    last_kept = max((index for index in range(len(lines)) if index not in removed), default=-1)
    edits = []
    for index in removed:
        line = lines[index]
        if index < last_kept:  # take the line and the break after it
            start, end = line.start, lines[index + 1].start
        else:  # nothing kept after it: take the break before it instead
            start = lines[index - 1].end if index > 0 else 0
            end = len(text) if index == len(lines) - 1 else line.end
        edits.append((start, end, "", removed[index]))
    draft.replace_many(edits)


# ---- lexicons ----------------------------------------------------------------------------

def _patterns(name: str, prefix: str = "") -> re.Pattern:
    rows = text_lines(DATA / name)
    return re.compile(prefix + "(?:" + "|".join(f"(?:{row})" for row in rows) + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def boilerplate_lines() -> re.Pattern:
    return _patterns("boilerplate.txt")


@lru_cache(maxsize=1)
def boilerplate_phrases() -> re.Pattern:
    return _patterns("boilerplate_phrases.txt", prefix=r"\b")


@lru_cache(maxsize=1)
def closing_lines() -> re.Pattern:
    return _patterns("closing_lines.txt")


@lru_cache(maxsize=1)
def end_markers() -> re.Pattern:
    return _patterns("end_markers.txt")


# ---- rules -------------------------------------------------------------------------------

SPACE_CHARS = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"  # tabs and the odd-width spaces, all read as " "
ODD_CHARACTER = re.compile(f"[\r\u200b\u2060\ufeff\u00ad{SPACE_CHARS}]")
# Two passes: line breaks and invisible characters first, so blank lines are seen as such after.
CHARACTER_FIXES = re.compile(r"(?P<crlf>\r\n?)|(?P<invisible>[\u200b\u2060\ufeff\u00ad]+)")
SPACING_RUNS = re.compile(
    f"(?P<blank>\n(?:[ {SPACE_CHARS}]*\n){{2,}})|(?P<edge>[ {SPACE_CHARS}]+(?=\n)|(?<=\n)[ {SPACE_CHARS}]+)"
    f"|(?P<spaces>[ {SPACE_CHARS}]{{2,}}|[{SPACE_CHARS}])"
)
WHITESPACE_REPLACEMENT = {"crlf": "\n", "invisible": "", "blank": "\n\n", "edge": "", "spaces": " "}


def normalize_whitespace(draft: Draft) -> None:
    """Line breaks to \\n, odd spaces to one space, no invisible characters, at most one blank line."""
    # substring tests are much cheaper than the regexes, and most texts need no fix at all
    if ODD_CHARACTER.search(draft.text) or any(run in draft.text for run in ("  ", "\n ", " \n", "\n\n\n")):
        for pattern in (CHARACTER_FIXES, SPACING_RUNS):
            edits = [(m.start(), m.end(), WHITESPACE_REPLACEMENT[m.lastgroup]) for m in pattern.finditer(draft.text)]
            apply_edits(draft, edits, "whitespace")
    stripped = draft.text
    lead, trail = len(stripped) - len(stripped.lstrip()), len(stripped.rstrip())
    if trail < len(stripped):
        draft.replace(trail, len(stripped), "", "whitespace")
    if lead:
        draft.replace(0, lead, "", "whitespace")


# UTF-8 read as Mac Roman (`’` -> `‚Äô`), which ftfy leaves alone next to correct curly quotes:
# a Mac Roman character standing for a UTF-8 lead byte, then the continuation bytes it needs.
_MAC_HIGH = bytes(range(0x80, 0x100)).decode("mac_roman")
_MAC_CONTINUATION = re.escape(_MAC_HIGH[:0x40])  # bytes 0x80-0xBF
MAC_ROMAN_UTF8 = re.compile(
    f"[{re.escape(_MAC_HIGH[0x42:0x60])}][{_MAC_CONTINUATION}]"
    f"|[{re.escape(_MAC_HIGH[0x60:0x70])}][{_MAC_CONTINUATION}]{{2}}"
    f"|[{re.escape(_MAC_HIGH[0x70:0x75])}][{_MAC_CONTINUATION}]{{3}}"
)


# What such mojibake decodes to: Latin-1 letters and signs, punctuation, currency signs. Anything
# else (e.g. `“É` -> U+0483) is more likely real text than mojibake and is left alone.
MOJIBAKE_TARGET = re.compile("[\u00a0-\u017f\u2010-\u206f\u20a0-\u20cf]")


def _undo_mac_roman(match: re.Match) -> str:
    try:
        repaired = match.group().encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return match.group()
    return repaired if MOJIBAKE_TARGET.fullmatch(repaired) else match.group()


def repair_mojibake(draft: Draft) -> None:
    """Fixes mis-decoded text (ftfy, then UTF-8 read as Mac Roman), keeping curly quotes as they are."""
    edits = []
    for line in lines_of(draft.text):
        if not NEEDS_FTFY.search(line.text) and unicodedata.is_normalized("NFC", line.text):
            continue
        fixed = MAC_ROMAN_UTF8.sub(_undo_mac_roman, ftfy.fix_text(line.text, FTFY_CONFIG))
        if fixed != line.text:
            start, end, new = _differing_part(line.text, fixed)
            edits.append((line.start + start, line.start + end, new))
    apply_edits(draft, edits, "mojibake")


def _differing_part(before: str, after: str) -> tuple[int, int, str]:
    """The smallest (start, end, replacement) turning `before` into `after`."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return prefix, len(before) - suffix, after[prefix:len(after) - suffix]


def take_title(draft: Draft, title: str | None) -> str | None:
    """Removes a leading headline: the known title repeated, or a headline-like first line when none is known."""
    lines = lines_of(draft.text)
    if len(lines) < 2:
        return title
    if title:
        title_words = words(title)
        for index, line in enumerate(lines[:3]):
            if _same_headline(words(line.text), title_words):
                remove_lines(draft, lines, {index: "title"})
                break
        return title
    first = lines[0].text
    if looks_like_headline(first):
        remove_lines(draft, lines, {0: "title"})
        return first.strip()
    return None


def _same_headline(line_words: list[str], title_words: list[str]) -> bool:
    """The line is the title, maybe with the outlet name added or cut (`Opinion | Title - Outlet`),
    or with a word or two edited."""
    if not line_words or not title_words:
        return False
    line, title = f" {' '.join(line_words)} ", f" {' '.join(title_words)} "
    if line in title and len(line_words) >= min(4, len(title_words)):
        return True
    if title in line and len(title_words) >= 0.6 * len(line_words):
        return True
    line_set, title_set = set(line_words), set(title_words)
    return len(line_set & title_set) >= 0.8 * max(len(line_set), len(title_set))


CLOSING_MARKS = "\"”’)]'"
SENTENCE_BREAK = re.compile(r"\b[a-z]{3,}[.!?] +\S")  # "... end. Next": two sentences, so not a headline


def looks_like_headline(line: str) -> bool:
    """Short, one phrase, no closing punctuation, capitalized: how headlines look in scraped text."""
    tokens = line.split()
    return (
        3 <= len(tokens) <= 16
        and len(line) <= 150
        and not line.rstrip().rstrip(CLOSING_MARKS).endswith((".", ",", ";", ":", "!", "…"))
        and (line[0].isupper() or line[0].isdigit())
        and not SENTENCE_BREAK.search(line)
        and not any(mark in line for mark in ("|", "http", "www.", "@", "#"))
        and not line.lower().startswith("by ")
    )


FURNITURE_MAX_CHARS = 400  # no whole-line pattern matches more; skipping longer paragraphs saves time
FURNITURE_MAX_WORDS = 40  # a furniture phrase inside a longer paragraph is probably quoted in the article
SHOUTED_MIN_WORDS = 8


def _shouted(text: str) -> bool:
    """Written in capitals: no lower-case letter, and (scripts without case are not shouting)
    nearly all letters upper case."""
    if text != text.upper():  # the cheap test first: most lines have a lower-case letter
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _is_furniture(text: str) -> bool:
    if not WORD.search(text):
        return True
    if len(text.split()) >= SHOUTED_MIN_WORDS and _shouted(text) and "|" not in text:
        return True  # a long all-capitals line is a promo headline; short ones are section headings
    if len(text) > FURNITURE_MAX_CHARS:
        return False
    return bool(boilerplate_lines().fullmatch(text) or end_markers().fullmatch(text)
                or (len(text.split()) <= FURNITURE_MAX_WORDS and boilerplate_phrases().search(text)))


def remove_boilerplate(draft: Draft) -> None:
    """Drops furniture paragraphs (lexicon, symbol-only lines, menus), and a page's trailing story lists."""
    lines = lines_of(draft.text)
    last_third = len(draft.text) * 2 / 3
    furniture = [_is_furniture(line.text.strip()) or (line.start >= last_third and bool(closing_lines().match(line.text)))
                 for line in lines]
    _mark_sandwiched(lines, furniture)
    _mark_menus(lines, furniture)
    _mark_teaser_lists(lines, furniture)
    removed = {index: "boilerplate" for index, is_furniture in enumerate(furniture) if is_furniture}
    for index, line in enumerate(lines):
        if line.start >= last_third and end_markers().fullmatch(line.text.strip()):
            removed.update({later: "boilerplate" for later in range(index, len(lines))})
            break
    if removed:
        remove_lines(draft, lines, removed)


PROMO_MIN_WORDS = 4  # "Get our newsletter" blocks are sentences; "Advertisement" between paragraphs is not one


def _mark_sandwiched(lines: list[Line], furniture: list[bool]) -> None:
    """A short paragraph between two furniture sentences belongs to the same promo block."""
    for index in range(1, len(lines) - 1):
        before, after = lines[index - 1].text, lines[index + 1].text
        if (furniture[index - 1] and furniture[index + 1] and not furniture[index] and len(lines[index].text.split()) <= 30
                and len(before.split()) >= PROMO_MIN_WORDS and len(after.split()) >= PROMO_MIN_WORDS):
            furniture[index] = True


TEASER_HEADING_WORDS = 8


def _mark_teaser_lists(lines: list[Line], furniture: list[bool]) -> None:
    """Headlines listed under a short furniture line ("Related: ...", "DON'T MISS") belong to it:
    list items and headline-like lines after it are furniture too, up to the first other line."""
    under_heading = False
    for index, line in enumerate(lines):
        if furniture[index]:  # a separator ("*****") is no heading: what follows is the article
            under_heading = len(line.text.split()) <= TEASER_HEADING_WORDS and WORD.search(line.text) is not None
        elif under_heading and (line.text.startswith("- ") or looks_like_headline(line.text)):
            furniture[index] = True
        else:
            under_heading = False


MENU_RUN = 6  # consecutive items of one to three short words read as navigation
PROSE_WORDS = 12


def _mark_menus(lines: list[Line], furniture: list[bool]) -> None:
    """Marks runs of menu items above the first prose paragraph (lists inside an article stay)."""
    run: list[int] = []
    for index, line in enumerate([*lines, None]):
        if line is not None and _menu_item(line.text):
            run.append(index)
            continue
        if len(run) >= MENU_RUN:
            for item in run:
                furniture[item] = True
        if line is None or len(line.text.split()) >= PROSE_WORDS:
            return
        run = []


def _menu_item(text: str) -> bool:
    # "- " items are lists trafilatura found in the article body, not navigation
    return len(text) <= 30 and len(text.split()) <= 3 and not text.startswith("- ") and not text.rstrip().endswith(TERMINAL)


DUPLICATE_MIN_WORDS = 8  # short lines ("Meal 2", list items) legitimately repeat
RESTATEMENT_MAX_WORDS = 60


def remove_duplicates(draft: Draft) -> None:
    """Drops a paragraph repeating the one right before it, or restating one of its sentences.

    Scraping repeats a block next to itself; repeats further apart (list items, table headers, the
    same question asked of several people) are usually the article's own, and stay."""
    lines = lines_of(draft.text)
    keys = [tuple(words(line.text)) for line in lines]
    removed = {}
    for index, key in enumerate(keys):
        if len(key) < DUPLICATE_MIN_WORDS // 2 or not index:
            continue
        if (len(key) >= DUPLICATE_MIN_WORDS and key == keys[index - 1]) or (
                len(key) <= RESTATEMENT_MAX_WORDS and _restates(lines[index].text, key, lines[index - 1].text, keys[index - 1])):
            removed[index] = "duplicate"
    if removed:
        remove_lines(draft, lines, removed)


def _restates(text: str, paragraph: tuple[str, ...], previous: str, previous_words: tuple[str, ...]) -> bool:
    """`text` is one or two sentences, nearly all of whose words make one sentence of `previous`."""
    mine = set(paragraph)
    if len(mine & set(previous_words)) < 0.85 * len(mine) or len(SENTENCE_END.split(text.strip())) > 2:
        return False
    for sentence in SENTENCE_END.split(previous):
        theirs = set(words(sentence))
        if not theirs or not 0.7 <= len(theirs) / len(mine) <= 1.3:
            continue
        # different numbers make a different statement ("23 March-7 April" vs "23 March-14 April")
        if len(mine & theirs) >= 0.85 * max(len(mine), len(theirs)) and not any(w.isdigit() for w in mine ^ theirs):
            return True
    return False


def join_broken_paragraphs(draft: Draft) -> None:
    """Rejoins a paragraph cut mid-sentence: no closing punctuation, and the next one starts lowercase."""
    lines = lines_of(draft.text)
    edits = []
    for line, following in zip(lines, lines[1:]):
        body = line.text.rstrip()
        if (len(body.split()) >= 5 and not body.endswith(TERMINAL)
                and following.text[0].islower()):
            edits.append((line.start + len(body), following.start, " "))
    apply_edits(draft, edits, "join_paragraph")


# A space before a full stop or comma ("D.C ." -> "D.C."), or before a hyphen inside a compound
# ("Intermediate -Range" -> "Intermediate-Range"). The pattern starts with its literal space so the
# scan is fast; what must precede it is checked on the match.
STRAY_SPACE = re.compile(r" (?: *(?=[.,](?:\s|$))|-(?=[^\W\d_]))", re.MULTILINE)


def fix_spacing(draft: Draft) -> None:
    text = draft.text
    edits = []
    for m in STRAY_SPACE.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if m.group().endswith("-"):
            if before.isalpha():
                edits.append((m.start(), m.end(), "-"))
        elif before.isalnum() or before == "_":
            edits.append((m.start(), m.end(), ""))
    apply_edits(draft, edits, "spacing")


OPENING_CLOSER = re.compile(r"^”\s*(?=\w)", re.MULTILINE)


def fix_quote_marks(draft: Draft) -> None:
    """A paragraph cannot open with a closing quote mark: `” We` -> `“We`."""
    apply_edits(draft, [(m.start(), m.end(), "“") for m in OPENING_CLOSER.finditer(draft.text)], "quote_mark")
