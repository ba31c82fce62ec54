"""The time stage: temporal expressions resolved against `Document.published`, event dates, quantities.

Expressions come from our patterns (data/calendar.json) plus spaCy's DATE/TIME entities; each is
resolved by `resolve` with the tense of its clause (`syntax.clause_tense`). An expression that
needs an anchor and has none (no publication date, no year in the text) keeps `value` null: the
clock is never consulted. Each event then takes the date of the time expression that belongs to
its trigger (see `nlp.attachment.attached_to`), or the publication date when it is reported in the past
tense with no time of its own.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span

from newsledger.model import Document, Event, TimeExpression
from newsledger.pipeline import register_stage
from newsledger.settings import Settings
from newsledger.time import dates
from newsledger.time.expressions import Found, Intervals, find_expressions, match_whole
from newsledger.time.quantities import find_quantities
from newsledger.time.resolve import resolve
from newsledger.nlp.attachment import Attachable
from newsledger.time.syntax import clause_tense
from newsledger.nlp.attachment import span_root

SPACY_LABELS = ("DATE", "TIME")


@register_stage("time")
def time_stage(settings: Settings):
    return annotate_time


def annotate_time(document: Document, parsed: Doc) -> None:
    anchor = dates.parse_anchor(document.published)
    # `document.text` is what was parsed; `Doc.text` would rebuild that string on every access
    found = find_time_phrases(parsed, document.text)
    document.times = [_expression(f"t{n}", f, parsed, document.text, anchor) for n, f in enumerate(found, 1)]
    calendar_chars = {i for f in found if f.kind != "unknown" for i in range(f.start, f.end)}
    document.quantities = find_quantities(parsed, document.text, calendar_chars)
    resolved = [t for t in document.times if t.value]
    phrases = Attachable(parsed, [_span(parsed, t.start, t.end) for t in resolved])
    for event in document.events:
        date_event(event, resolved, phrases, parsed, anchor)


def find_time_phrases(parsed: Doc, text: str) -> list[Found]:
    """Our pattern matches in `text` (the parsed text), plus spaCy DATE/TIME entities they do not
    overlap ("eight hours", "the 1990s"), read with the same patterns when they can be."""
    found = find_expressions(text)
    taken = Intervals()
    for f in found:
        taken.add(f.start, f.end)
    for ent in parsed.ents:
        if ent.label_ not in SPACY_LABELS or taken.overlaps(ent.start_char, ent.end_char):
            continue
        whole = match_whole(ent.text)
        kind, parts = (whole.kind, whole.parts) if whole else ("unknown", {})
        found.append(Found(ent.start_char, ent.end_char, kind, parts))
        taken.add(ent.start_char, ent.end_char)
    return sorted(found, key=lambda f: f.start)


def _expression(expression_id: str, found: Found, parsed: Doc, text: str, anchor: date | None) -> TimeExpression:
    span = _span(parsed, found.start, found.end)
    tense = clause_tense(span_root(span)) if span is not None else None
    value, end_value, granularity = (None, None, "unknown") if found.kind == "unknown" else resolve(found, anchor, tense)
    relation = dates.relation_to(anchor, value, end_value) if anchor and value else tense
    return TimeExpression(id=expression_id, start=found.start, end=found.end, text=text[found.start:found.end],
                          value=value, end_value=end_value, granularity=granularity, relation=relation)


def date_event(event: Event, resolved: list[TimeExpression], phrases: Attachable, parsed: Doc,
               anchor: date | None) -> None:
    """Sets the event's date from its own (or governing) time expression among the `resolved`
    ones (`phrases` holds their spans), else the publication date for a past-tense report; then
    marks it future or historical against the publication date."""
    trigger = _span(parsed, event.trigger.start, event.trigger.end)
    if trigger is None:
        return
    index = phrases.attached_to(span_root(trigger))
    if index is not None:
        event.date = dates.event_date(resolved[index].value)
    elif (anchor and event.date is None and not (event.future or event.hypothetical)
          and clause_tense(span_root(trigger)) == "past"):
        event.date = anchor.isoformat()
    if anchor and event.date:
        if dates.relation_to(anchor, event.date) == "future":
            event.future = True
        if int(event.date[:4]) < anchor.year:
            event.historical = True


def _span(parsed: Doc, start: int, end: int) -> Span | None:
    return parsed.char_span(start, end, alignment_mode="expand")
