"""Quotation marks: which stretches of the text are quoted.

News text mixes straight and curly double quotes, guillemets and single quotes nested inside
double ones, and scraped text often has a wrongly curled or missing mark. The marks are read
by position rather than by shape where the two disagree: a mark after a space and before a word
opens, a mark after a word and before a space or punctuation closes.

A quotation that runs over several paragraphs opens every paragraph with a mark and closes only
in the last one. A quotation still open at the end of a paragraph that the next paragraph does
not continue ends there (its closing mark was lost); a closing mark with nothing open is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPENING = "\u201c\u00ab\u201e"   # “ « „
DOUBLE_CLOSING = "\u201d\u00bb"         # ” »
DOUBLE_STRAIGHT = '"'
DOUBLE_MARKS = DOUBLE_OPENING + DOUBLE_CLOSING + DOUBLE_STRAIGHT
SINGLE_OPENING = "\u2018"               # ‘
SINGLE_CLOSING = "\u2019"               # ’ (also the apostrophe)
TWO_CHARACTER_PLACEHOLDER = '"\u0000'   # '' read as " followed by a character nothing matches
SPACE_BEFORE_OPENING = " \t\n([{\u2014\u2013-/"
SPACE_AFTER_CLOSING = " \t\n.,;:!?)]}\u2014\u2013-\u2026"


@dataclass(frozen=True)
class Quotation:
    """One quotation; `pieces` are its (start, end) spans, one per paragraph, marks included."""

    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def find_quotations(text: str) -> list[Quotation]:
    """Top-level quotations in `text` (double quotes, and single quotes not inside double ones)."""
    # read a doubled apostrophe as a straight double quote, keeping every offset where it was
    text = text.replace("''", TWO_CHARACTER_PLACEHOLDER)
    quotations: list[Quotation] = []
    open_at: int | None = None      # where the outermost open quotation started
    depth = 0                       # double marks open (a nested pair of another style counts)
    single_open_at: int | None = None
    inner_singles = 0               # single quotes open inside the double quotation
    pieces: list[tuple[int, int]] = []
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char == "\n":
            if depth or single_open_at is not None:
                start = open_at if depth else single_open_at
                pieces.append((start, _trim_end(text, start, i)))
                next_paragraph = _skip_blank(text, i)
                if depth and next_paragraph < length and text[next_paragraph] in DOUBLE_MARKS \
                        and _opens(text, next_paragraph, depth=0):
                    # the quotation goes on in the next paragraph, which reopens it
                    open_at, i = next_paragraph, next_paragraph + 1
                    continue
                quotations.append(Quotation(tuple(pieces)))
                pieces, depth, open_at, single_open_at, inner_singles = [], 0, None, None, 0
            i += 1
            continue
        if depth and char == SINGLE_OPENING and _before_space(text, i):
            inner_singles += 1
        elif depth and char == SINGLE_CLOSING and inner_singles and _after_space(text, i):
            inner_singles -= 1
        elif depth and char == SINGLE_CLOSING and _closes_sentence(text, i):
            # “...we can do it.’ with the wrong closing mark: a quote ending a sentence
            depth, inner_singles = 0, 0
            pieces.append((open_at, i + 1))
            quotations.append(Quotation(tuple(pieces)))
            pieces, open_at = [], None
        elif char == DOUBLE_STRAIGHT and _inside_word(text, i):
            pass   # It''s, 5'10": not a quotation mark
        elif char in DOUBLE_MARKS and single_open_at is None:
            if _opens(text, i, depth):
                if depth == 0:
                    open_at = i
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    pieces.append((open_at, _mark_end(text, i)))
                    quotations.append(Quotation(tuple(pieces)))
                    pieces, open_at = [], None
        elif depth == 0 and char == SINGLE_OPENING and single_open_at is None and _before_space(text, i):
            single_open_at = i
        elif single_open_at is not None and char == SINGLE_CLOSING and _after_space(text, i):
            pieces.append((single_open_at, i + 1))
            quotations.append(Quotation(tuple(pieces)))
            pieces, single_open_at = [], None
        i += 1
    if depth or single_open_at is not None:
        start = open_at if depth else single_open_at
        pieces.append((start, _trim_end(text, start, length)))
        quotations.append(Quotation(tuple(pieces)))
    return [q for q in quotations if all(end > start + 1 for start, end in q.pieces)]


def _opens(text: str, i: int, depth: int) -> bool:
    """Whether the double mark at `i` opens a quotation (rather than closes one)."""
    before, after = _before_space(text, i), _after_space(text, i)
    at_paragraph_start = i == 0 or text[i - 1] == "\n"
    mark_end = _mark_end(text, i)
    at_paragraph_end = mark_end == len(text) or text[mark_end] == "\n"
    if at_paragraph_start:
        return True
    if at_paragraph_end:
        return depth == 0 and text[i] in DOUBLE_OPENING
    if before and not after:
        return True
    if after and not before:
        return False
    if text[i] in DOUBLE_OPENING:
        return True
    if text[i] in DOUBLE_CLOSING:
        return False
    return depth == 0


def _closes_sentence(text: str, i: int) -> bool:
    return i > 0 and text[i - 1] in ".!?" and (i + 1 == len(text) or text[i + 1] in " \t\n")


def _before_space(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in SPACE_BEFORE_OPENING


def _after_space(text: str, i: int) -> bool:
    after = _mark_end(text, i)
    return after == len(text) or text[after] in SPACE_AFTER_CLOSING


def _inside_word(text: str, i: int) -> bool:
    mark_end = _mark_end(text, i)
    return i > 0 and text[i - 1].isalnum() and mark_end < len(text) and text[mark_end].isalnum()


def _mark_end(text: str, i: int) -> int:
    """Where the mark at `i` ends: a doubled apostrophe ('' as some papers print a double quote)
    is one mark of two characters."""
    return i + 2 if text[i] == TWO_CHARACTER_PLACEHOLDER[0] and text[i + 1:i + 2] == TWO_CHARACTER_PLACEHOLDER[1] else i + 1


def _skip_blank(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
