"""Which quote a character offset falls in, without scanning every quote per predicate.

A document with many quotes ("X said ..." on every line) has about as many predicates as quotes, so a
scan per lookup made event coding quadratic in the number of quotes. The spans are indexed once per
document (`nlp.attachment.Phrases`: sorted, bisected).
"""

from __future__ import annotations

from newsledger.model import Quote
from newsledger.nlp.attachment import Phrases


class QuoteIndex:
    """A document's quotes by their content spans and by their cue spans."""

    def __init__(self, quotes: list[Quote]):
        self._content = Phrases((span.start, span.end, (order, quote)) for order, quote in enumerate(quotes)
                                for span in quote.content)
        self._cues = Phrases((quote.cue.start, quote.cue.end, (order, quote)) for order, quote in enumerate(quotes)
                             if quote.cue is not None)

    def content_at(self, offset: int) -> Quote | None:
        """The first quote (in the document's order) whose words hold the offset."""
        return next(iter(_in_order(self._content.holding(offset))), None)

    def cued_at(self, offset: int) -> list[Quote]:
        """The quotes whose cue ("said") holds the offset, in the document's order."""
        return _in_order(self._cues.holding(offset))


def _in_order(found: list[tuple[int, Quote]]) -> list[Quote]:
    by_order = dict(found)  # a quote with two spans at the offset is listed once
    return [by_order[order] for order in sorted(by_order)]
