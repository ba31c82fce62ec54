"""Numbers with what they count: "100,000 troops", "eight hours", "a 57-member organization", "$2 billion".

A number is a run of cardinal tokens ("1.5 million", "two dozen"); what it counts is the noun it
modifies in the parse (through hyphens: "57-member" counts members), or its currency sign or the
word percent. Bare numbers that count nothing named, and the numbers of calendar dates, are left out.
"""

from __future__ import annotations

from spacy.attrs import LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from newsledger.model import Quantity
from newsledger.time.lexicon import number_words, parse_number


def find_quantities(parsed: Doc, text: str, calendar_chars: set[int]) -> list[Quantity]:
    """Quantities of `parsed`, whose text is `text` (sliced directly: `Doc.text` rebuilds the string)."""
    quantities = []
    for run in _number_runs(parsed):
        if any(t.idx in calendar_chars for t in run):
            continue
        if quantity := _quantity(parsed, text, run):
            quantities.append(quantity)
    return quantities


def _number_runs(parsed: Doc) -> list[list[Token]]:
    """Runs of cardinals and multipliers ("1.5 million"), each opened by a cardinal. The number
    tokens are found on the doc's attribute arrays, so that a token object is made only for them."""
    cardinal = get_string_id("CD")
    multipliers = {get_string_id(word) for word in number_words()["multipliers"]}
    runs: list[list[Token]] = []
    for i, (tag, lower) in enumerate(parsed.to_array([TAG, LOWER]).tolist()):
        if tag != cardinal and lower not in multipliers:
            continue
        token = parsed[i]
        if runs and runs[-1][-1].i == token.i - 1:
            runs[-1].append(token)
        elif tag == cardinal:
            runs.append([token])
    return runs


def _quantity(parsed: Doc, text: str, run: list[Token]) -> Quantity | None:
    words = number_words()
    value = parse_number(" ".join(t.text for t in run))
    first, last = run[0], run[-1]
    before = parsed[first.i - 1] if first.i > 0 else None
    after = parsed[last.i + 1] if last.i + 1 < len(parsed) else None
    counted = _counted_noun(run)
    start, end = first.idx, last.idx + len(last)
    if before is not None and before.text in words["currency_symbols"]:
        unit, start = words["currency_symbols"][before.text], before.idx
    elif after is not None and after.lower_ in words["percent_words"]:
        unit, end = "percent", after.idx + len(after)
    elif counted is not None:
        unit, end = _unit_name(counted, value), counted.idx + len(counted)
    else:
        return None
    return Quantity(start=start, end=end, text=text[start:end], value=value, unit=unit)


def _counted_noun(run: list[Token]) -> Token | None:
    head = run[-1]
    while head.i in {t.i for t in run} or head.tag_ == "CD":
        if head.head.i == head.i:
            return None
        head = head.head
    if head.pos_ != "NOUN" or head.i < run[-1].i:
        return None
    return head


def _unit_name(noun: Token, value: float | None) -> str:
    if noun.tag_ == "NNS" or value == 1:
        return noun.lower_
    lemma = noun.lemma_.lower()
    # a singular noun after a number other than one is an adjective use: "57-member", "eight-hour"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma if lemma.endswith("s") else lemma + "s"
