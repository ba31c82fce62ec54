"""The article view's text: the clean text cut into runs that carry the quotes and events over them.

The template renders each run as (escaped) text wrapped in the marks of the quotes, speaker
mentions and event triggers that cover it, so overlapping layers never produce broken markup
and no article text is ever treated as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.model import Document, Event


@dataclass
class QuoteMark:
    id: str
    kind: str
    speaker: str | None
    actor: str | None


@dataclass
class EventMark:
    id: str
    type: str
    future: bool


@dataclass
class Run:
    text: str
    quote: QuoteMark | None = None
    speaker: QuoteMark | None = None
    events: list[EventMark] = field(default_factory=list)


def _quote_marks(document: Document, actor_keys: dict[str, str]) -> list[tuple[int, int, str, QuoteMark]]:
    marks = []
    for quote in document.quotes:
        mark = QuoteMark(quote.id, quote.kind, document.speaker_name(quote), actor_keys.get(quote.speaker_entity or ""))
        marks.extend((span.start, span.end, "quote", mark) for span in quote.content)
        if quote.speaker is not None:
            marks.append((quote.speaker.start, quote.speaker.end, "speaker", mark))
    return marks


def _event_marks(events: list[Event]) -> list[tuple[int, int, str, EventMark]]:
    return [(event.trigger.start, event.trigger.end, "event", EventMark(event.id, event.type, event.future))
            for event in events]


def runs(document: Document, actor_keys: dict[str, str]) -> list[Run]:
    """The text as consecutive runs; a new run starts wherever a quote, speaker or trigger starts or ends."""
    text = document.text
    marks = [(max(0, start), min(len(text), end), kind, mark)
             for start, end, kind, mark in _quote_marks(document, actor_keys) + _event_marks(document.events)
             if start < end]
    cuts = sorted({0, len(text), *(start for start, _, _, _ in marks), *(end for _, end, _, _ in marks)})
    result = []
    for start, end in zip(cuts, cuts[1:]):
        run = Run(text[start:end])
        for mark_start, mark_end, kind, mark in marks:
            if mark_start <= start and end <= mark_end:
                if kind == "event":
                    run.events.append(mark)
                else:
                    setattr(run, kind, mark)
        result.append(run)
    return result
