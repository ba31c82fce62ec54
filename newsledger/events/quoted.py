"""Which quote a character offset falls in, without scanning every quote per predicate.

A document with many quotes ("X said ..." on every line) has about as many predicates as quotes, so a
scan per lookup made event coding quadratic in the number of quotes. The spans are sorted once per
document; a lookup bisects, then steps back only over spans that could still reach the offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from newsledger.model import Quote, Span


class _SpanIndex:
    """Items by the spans they cover; `at(offset)` lists the items covering it, in the order given."""

    def __init__(self, spans: Iterable[tuple[Span, int, Quote]]):
        entries = sorted(spans, key=lambda entry: (entry[0].start, entry[1]))
        self._starts = [span.start for span, _, _ in entries]
        self._entries = entries
        # the furthest end among the spans up to each position: the backward step stops once no
        # earlier span can reach the offset
        self._reach: list[int] = []
        for span, _, _ in entries:
            self._reach.append(max(span.end, self._reach[-1]) if self._reach else span.end)

    def at(self, offset: int) -> list[Quote]:
        found: dict[int, Quote] = {}
        position = bisect_right(self._starts, offset) - 1
        while position >= 0 and self._reach[position] > offset:
            span, order, item = self._entries[position]
            if span.end > offset:
                found[order] = item
            position -= 1
        return [found[order] for order in sorted(found)]


class QuoteIndex:
    """A document's quotes by their content spans and by their cue spans."""

    def __init__(self, quotes: list[Quote]):
        self._content = _SpanIndex((span, order, quote) for order, quote in enumerate(quotes)
                                   for span in quote.content)
        self._cues = _SpanIndex((quote.cue, order, quote) for order, quote in enumerate(quotes)
                                if quote.cue is not None)

    def content_at(self, offset: int) -> Quote | None:
        """The first quote (in the document's order) whose words hold the offset."""
        return next(iter(self._content.at(offset)), None)

    def cued_at(self, offset: int) -> list[Quote]:
        """The quotes whose cue ("said") holds the offset, in the document's order."""
        return self._cues.at(offset)
