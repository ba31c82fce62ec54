"""A text being cleaned, which remembers where every character came from.

Cleaning rules rewrite the current text step by step, but each `CleaningChange` must index the
text as it was given. `Draft` keeps the text as a list of pieces, each tied to the stretch of the
original it replaced (a piece table), so a rule can edit the current text and the change is
recorded against original offsets, however many rules ran before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsledger.model import CleaningChange


@dataclass(slots=True)
class Piece:
    start: int  # original offsets this piece stands for
    end: int
    text: str
    edited: bool  # False: text == original[start:end], so inner offsets map one to one


class Draft:
    def __init__(self, original: str):
        self.original = original
        self.pieces = [Piece(0, len(original), original, False)] if original else []
        self.changes: list[CleaningChange] = []
        self._text: str | None = original

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(piece.text for piece in self.pieces)
        return self._text

    def replace(self, start: int, end: int, new: str, kind: str) -> None:
        """Replaces current text[start:end] with `new` and records the change in original offsets."""
        self._replace(start, end, new, kind, sum(len(piece.text) for piece in self.pieces))

    def replace_many(self, edits: Iterable[tuple[int, int, str, str]]) -> None:
        """Applies non-overlapping (start, end, new, kind) edits given in current-text offsets.

        Right to left, so no edit shifts another; pieces right of the edit being made are set
        aside, so each edit costs time for the pieces it touches, not for the whole text (one
        edit per line of a text of short lines would otherwise be quadratic)."""
        settled: list[Piece] = []
        length = sum(len(piece.text) for piece in self.pieces)
        for start, end, new, kind in sorted(edits, reverse=True):
            # a piece starting at or after this point is untouched by this edit and every later one
            untouched_from = max(end, start + 1)
            while self.pieces and length - len(self.pieces[-1].text) >= untouched_from:
                length -= len(self.pieces[-1].text)
                settled.append(self.pieces.pop())
            self._replace(start, end, new, kind, length)
            length += len(new) - (end - start)
        self.pieces.extend(reversed(settled))
        self._text = None

    def _replace(self, start: int, end: int, new: str, kind: str, length: int) -> None:
        first_index, first_position = self._locate(start, length)
        last_index, last_position = self._locate(end - 1, length) if end > start else (first_index, first_position)
        if first_index == len(self.pieces):  # an insertion at the very end of the text
            self._commit(len(self.pieces), len(self.pieces), [], Piece(len(self.original), len(self.original), new, True), kind)
            return
        first, last = self.pieces[first_index], self.pieces[last_index]
        head, tail = [], []
        if first.edited:
            orig_start, prefix = first.start, first.text[: start - first_position]
        else:
            orig_start, prefix = first.start + (start - first_position), ""
            if start > first_position:
                head.append(Piece(first.start, orig_start, first.text[: start - first_position], False))
        cut = end - last_position
        if last.edited:
            orig_end, suffix = last.end, last.text[cut:]
        else:
            orig_end, suffix = last.start + cut, ""
            if cut < len(last.text):
                tail.append(Piece(orig_end, last.end, last.text[cut:], False))
        merged = Piece(orig_start, orig_end, prefix + new + suffix, True)
        self._commit(first_index, last_index + 1, head + [merged] + tail, merged, kind)

    def _locate(self, offset: int, length: int) -> tuple[int, int]:
        """(index of the piece holding current offset, that piece's start); (len, total) past the end.

        `length` is the current text's length; the search runs from the end, where edits made
        right to left land."""
        if offset >= length:
            return len(self.pieces), length
        position = length
        for index in range(len(self.pieces) - 1, -1, -1):
            position -= len(self.pieces[index].text)
            if position <= offset:
                return index, position
        return 0, 0

    def _commit(self, first: int, stop: int, replacement: list[Piece], merged: Piece, kind: str) -> None:
        before = self.original[merged.start:merged.end]
        self.changes.append(CleaningChange(kind=kind, start=merged.start, end=merged.end, before=before, after=merged.text))
        self.pieces[first:stop] = [piece for piece in replacement if piece.text or piece.end > piece.start]
        self._text = None

