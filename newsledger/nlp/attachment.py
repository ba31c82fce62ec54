"""Which phrase (a time, a place) belongs to an event trigger, read off the dependency parse.

A phrase belongs to an event trigger when it lies in the trigger's own subtree (its arguments and
modifiers, not its coordinated or reported clauses); failing that, the phrase attached to the
nearest governing word above the trigger, without leaving a reported (ccomp/parataxis) or
relative clause, so that "said on Monday that Russia will invade" does not date the invasion.
Shared by the time and places stages, with `Phrases`: spans sorted once and found by bisection,
so that attaching n expressions to m sentences or tokens costs n log m, not n times m.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from spacy.tokens import Doc, Span, Token

# children whose subtree is another event's business, not the trigger's own
SEPARATE_CLAUSES = {"conj", "cc", "ccomp", "parataxis", "advcl", "csubj"}
# edges above which a clause's time or place no longer applies to the event below it
CLAUSE_BARRIERS = {"ccomp", "parataxis", "relcl", "csubj"}
VERBAL = {"VERB", "AUX"}

Item = TypeVar("Item")


def span_root(span: Span) -> Token:
    """`span.root`, without its walk to the sentence root when one token heads the span.

    spaCy picks, among the span's tokens whose head lies outside it, the one with the fewest steps
    to the sentence root, counting the steps for each: in a list the parser chains (each conjunct
    hanging from the one before), that is a walk down the whole chain per span, quadratic in a
    long list. With a single such token (the usual case) the count decides nothing."""
    heads = []
    for token in span:
        if token.head.i == token.i:
            return token
        if not span.start <= token.head.i < span.end:
            heads.append(token)
    return heads[0] if len(heads) == 1 else span.root


class Phrases(Generic[Item]):
    """Items with character spans [start, end), sorted by start (ties keep the given order), to
    find those overlapping a stretch, holding an offset or starting in a range by bisection.

    `reach[i]` is the furthest end among the first i + 1 spans: the walk back from a stretch's end
    stops where no earlier span reaches the stretch, so a lookup costs the spans it returns plus
    those nested between them, not the whole list."""

    def __init__(self, spans: Iterable[tuple[int, int, Item]]):
        ordered = sorted(spans, key=lambda span: span[0])
        self.starts = [start for start, _, _ in ordered]
        self.ends = [end for _, end, _ in ordered]
        self.items = [item for _, _, item in ordered]
        self.reach: list[int] = []
        for end in self.ends:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlapping(self, start: int, end: int) -> list[Item]:
        """Items whose span shares a character with [start, end), in the order of their starts."""
        found = []
        i = bisect_left(self.starts, end) - 1
        while i >= 0 and self.reach[i] > start:
            if self.ends[i] > start:
                found.append(i)
            i -= 1
        return [self.items[i] for i in reversed(found)]

    def holding(self, offset: int) -> list[Item]:
        return self.overlapping(offset, offset + 1)

    def starting(self, low: int, high: int) -> list[Item]:
        """Items whose span starts in [low, high]."""
        return self.items[bisect_left(self.starts, low):bisect_right(self.starts, high)]


def own_tokens(trigger: Token) -> set[int]:
    """Indices of the trigger's own phrase: its subtree without coordinated, adverbial or reported
    clauses, and without nested verbs ("discussions aimed at averting war in Ukraine" are not in
    Ukraine) except those describing it (see `_describes`)."""
    own = {trigger.i}
    stack = [trigger]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in SEPARATE_CLAUSES or (child.pos_ in VERBAL and not _describes(child, trigger)):
                continue
            own.add(child.i)
            stack.append(child)
    return own


def _describes(verb: Token, trigger: Token) -> bool:
    """A participle describing a noun ("talks held in Geneva"), or a relative clause on the trigger
    itself ("the talks, which ended on Monday")."""
    return (verb.dep_ == "acl" and verb.tag_ == "VBN") or (verb.dep_ == "relcl" and verb.head.i == trigger.i)


def governors(trigger: Token) -> Iterator[Token]:
    """The words above the trigger, nearest first, stopping at a reported or relative clause."""
    token = trigger
    while token.head.i != token.i and token.dep_ not in CLAUSE_BARRIERS:
        token = token.head
        yield token


def attachment(span: Span) -> Token | None:
    """The word a phrase hangs on, looking through prepositions ("on Tuesday" -> "continue")."""
    token = span_root(span)
    while token.head.i != token.i:
        token = token.head
        if token.pos_ != "ADP" and not (span.start <= token.i < span.end):
            return token
    return None


def attached_to(trigger: Token, spans: Sequence[Span | None]) -> int | None:
    """Index of the span belonging to the trigger: in its own subtree (nearest first), else attached
    to its nearest governor; None when there is none."""
    own = own_tokens(trigger)
    inside = [i for i, span in enumerate(spans) if span is not None and span_root(span).i in own]
    if inside:
        return min(inside, key=lambda i: abs(span_root(spans[i]).i - trigger.i))
    attached = {i: attachment(span) for i, span in enumerate(spans) if span is not None}
    for governor in governors(trigger):
        here = [i for i, token in attached.items() if token is not None and token.i == governor.i]
        if here:
            return min(here, key=lambda i: abs(span_root(spans[i]).i - trigger.i))
    return None


class Attachable:
    """Phrases that may belong to event triggers, grouped by sentence: a dependency tree never
    leaves its sentence, so `attached_to` for a trigger need only read the phrases of the
    trigger's sentence, and each document costs triggers times the phrases of one sentence, not
    triggers times all its phrases."""

    def __init__(self, doc: Doc, spans: Sequence[Span | None]):
        self.spans = spans
        self.sentences = Phrases((s.start, s.end, (s.start, s.end)) for s in doc.sents)
        self.phrases = Phrases((span.start, span.end, i) for i, span in enumerate(spans) if span is not None)

    def attached_to(self, trigger: Token) -> int | None:
        """Index in `spans` of the span belonging to the trigger (see `attached_to`)."""
        sentence = self.sentences.holding(trigger.i)
        if not sentence:
            return None
        near = sorted(self.phrases.overlapping(*sentence[0]))
        if not near:
            return None
        found = attached_to(trigger, [self.spans[i] for i in near])
        return near[found] if found is not None else None
