"""Fast scans of a parse: token positions by attribute, without building a Token per word."""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import LOWER, POS
from spacy.tokens import Doc


def positions_of_words(parsed: Doc, words: Iterable[str]) -> list[int]:
    """Indices of the tokens whose lowercase form is one of `words`."""
    wanted = [parsed.vocab.strings.add(word) for word in words]
    return numpy.isin(parsed.to_array(LOWER), wanted).nonzero()[0].tolist()


def positions_of_pos(parsed: Doc, pos: int) -> list[int]:
    """Indices of the tokens with the coarse part of speech `pos` (a spacy.symbols id)."""
    return (parsed.to_array(POS) == pos).nonzero()[0].tolist()
