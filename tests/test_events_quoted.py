"""The quote index answers what a scan over every quote would, on overlapping spans too."""

import random

from newsledger.events.quoted import QuoteIndex
from newsledger.model import Quote, Span


def _quote(number: int, spans: list[tuple[int, int]], cue: tuple[int, int] | None) -> Quote:
    return Quote(id=f"q{number}", kind="direct", content=[Span(start=s, end=e) for s, e in spans],
                 cue=Span(start=cue[0], end=cue[1]) if cue else None)


def _random_quotes(generator: random.Random) -> list[Quote]:
    quotes = []
    for number in range(generator.randint(0, 12)):
        spans = []
        for _ in range(generator.randint(1, 3)):
            start = generator.randint(0, 200)
            spans.append((start, start + generator.randint(1, 40)))
        cue_start = generator.randint(0, 200)
        cue = (cue_start, cue_start + generator.randint(1, 8)) if generator.random() < 0.8 else None
        quotes.append(_quote(number, spans, cue))
    return quotes


def test_lookups_match_a_scan_over_every_quote():
    generator = random.Random(7)
    for _ in range(300):
        quotes = _random_quotes(generator)
        index = QuoteIndex(quotes)
        for offset in range(0, 250, 3):
            scanned = next((q for q in quotes for s in q.content if s.start <= offset < s.end), None)
            assert index.content_at(offset) is scanned
            cued = [q for q in quotes if q.cue is not None and q.cue.start <= offset < q.cue.end]
            assert index.cued_at(offset) == cued


def test_an_offset_outside_every_quote_finds_none():
    index = QuoteIndex([_quote(1, [(10, 20)], (5, 9))])
    assert index.content_at(20) is None and index.content_at(9) is None
    assert index.content_at(10).id == "q1" and [q.id for q in index.cued_at(5)] == ["q1"]
