"""Finds temporal expressions in text with patterns built from data/calendar.json.

Each pattern has a `body` group (the expression's span: leading prepositions such as "in", "from"
are matched as cues but left out) and named parts (month, day, year, weekday, mod, ...) that
`resolve` turns into a value. Months and weekdays must be capitalized; "May" and "March" need a
cue ("in May", "May 3", "last March") since they are also ordinary words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from newsledger.time.lexicon import alternation, calendar_words, number_words


@dataclass
class Found:
    start: int
    end: int
    kind: str
    parts: dict = field(default_factory=dict)


def _month(name: str, abbreviations: set[str]) -> str:
    return f"(?P<{name}>" + "|".join(
        re.escape(m) + (r"\.?" if m in abbreviations else "")
        for m in sorted(calendar_words()["months"], key=len, reverse=True)
    ) + r")(?![A-Za-z])"


_YEAR = r"(?:1[6-9]|20)\d\d"


@lru_cache(maxsize=None)
def anchors() -> dict[str, re.Pattern]:
    """Every pattern names one of these words or numbers (its anchor). A line without the anchor
    cannot hold the pattern's match, and searching a line for six plain alternations costs a
    fraction of running twenty patterns that each try a match at every word of it."""
    words = calendar_words()
    return {name: re.compile(regex) for name, regex in [
        ("month", alternation(words["months"])),
        ("weekday", alternation(words["weekdays"])),
        ("year", _YEAR),
        ("relative_day", alternation(words["relative_days"], "i")),
        ("period", alternation(words["periods"], "i")),
        ("ago", r"(?i:ago)"),
    ]}


@lru_cache(maxsize=None)
def patterns() -> list[tuple[str, str, re.Pattern]]:
    """(kind, anchor, pattern) for every pattern, in the order their matches are preferred."""
    words = calendar_words()
    months = words["months"]
    abbreviations = {m for m in months if len(m) <= 4 and m not in ("May", "June", "July")}
    full_months = [m for m in months if m not in abbreviations and m not in words["ambiguous_months"]]
    weekday = alternation(words["weekdays"])
    mod = alternation(words["relative_modifiers"], "i")
    joiner = r"\s*(?P<joiner>-|–|—|to|through|until|till|and)\s*"
    day = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
    year = rf"(?P<{{}}>{_YEAR})(?![\d])"
    month1, month2 = _month("month", abbreviations), _month("month2", abbreviations)
    range_lead = r"(?:(?P<lead>(?i:from|between))\s+)?"
    count = alternation([w for w, v in number_words()["units"].items() if v is not None] + ["several", "a few"], "i")
    part = alternation(words["day_parts"])
    return [(kind, anchor, re.compile(regex)) for kind, anchor, regex in [
        ("iso", "year", rf"\b(?P<body>{year.format('year')}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d))\b"),
        ("iso", "year", rf"\b(?P<body>(?P<mm>1[0-2]|0?[1-9])/(?P<dd>[0-3]?\d)/{year.format('year')})"),  # U.S. order
        ("range_md", "month", rf"{range_lead}\b(?P<body>{month1}\s+{day.format('day')}{joiner}(?:{month2}\s+)?{day.format('day2')}(?:,?\s+{year.format('year')})?)"),
        ("range_dm", "month", rf"{range_lead}\b(?P<body>{day.format('day')}{joiner}{day.format('day2')}\s+{month1}(?:,?\s+{year.format('year')})?)"),
        ("range_month", "month", rf"\b(?P<lead>(?i:from|between))\s+(?P<body>{month1}(?:\s+{year.format('year')})?{joiner}{month2}(?:,?\s+{year.format('year2')})?)"),
        ("range_year", "year", rf"\b(?P<lead>(?i:from|between))\s+(?P<body>{year.format('year')}{joiner}{year.format('year2')})"),
        ("range_year", "year", rf"\b(?P<body>{year.format('year')}[-–]{year.format('year2')})"),
        ("range_weekday", "weekday", rf"\b(?i:from)\s+(?P<body>(?P<weekday>{weekday}){joiner}(?P<weekday2>{weekday}))\b"),
        ("range_weekday", "weekday", rf"\b(?P<body>(?P<weekday>{weekday})\s+(?i:through)\s+(?P<weekday2>{weekday}))\b"),
        ("date", "month", rf"\b(?P<body>(?:{weekday},?\s+)?{month1}\s+{day.format('day')}(?:,?\s+{year.format('year')})?)"),
        ("date", "month", rf"\b(?P<body>(?:(?i:the)\s+)?{day.format('day')}\s+(?:(?i:of)\s+)?{month1}(?:,?\s+{year.format('year')})?)"),
        ("month", "month", rf"\b(?P<body>{month1},?\s+(?:(?i:of)\s+)?{year.format('year')})"),
        ("month", "month", rf"\b(?P<body>(?P<mod>{mod}|(?i:early|late|mid)-?)\s*{month1})"),
        ("month", "month", rf"\b(?:{alternation(words['month_cues'], 'i')})\s+(?P<body>{month1})"),
        ("month", "month", rf"\b(?P<body>(?P<month>{alternation(full_months)}))(?![A-Za-z])"),
        ("year", "year", rf"\b(?:(?:{alternation(words['year_cues'], 'i')})\s+|(?i:mid|early|late)-)(?P<body>{year.format('year')})"),
        ("weekday", "weekday", rf"\b(?P<body>(?:(?P<mod>{mod})\s+)?(?P<weekday>{weekday})(?:\s+(?P<part>{part}))?)\b"),
        ("relative_day", "relative_day", rf"\b(?P<body>(?P<word>{alternation(words['relative_days'], 'i')}))\b"),
        ("relative_period", "period", rf"\b(?P<body>(?P<mod>{mod})\s+(?P<period>{alternation(words['periods'], 'i')}))\b"),
        ("ago", "ago", rf"\b(?P<body>(?P<count>\d+|{count})\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago))\b"),
    ]]


def find_expressions(text: str) -> list[Found]:
    """All pattern matches, longest first where they overlap, in text order. An expression lies
    within one line: a line is searched with the patterns whose anchor it holds."""
    candidates = []
    line_start = 0
    for line in text.split("\n"):
        held = {name for name, anchor in anchors().items() if anchor.search(line)}
        candidates.extend(
            Found(line_start + m.start("body"), line_start + m.end("body"), kind,
                  {k: v for k, v in m.groupdict().items() if v and k != "body"})
            for kind, anchor, pattern in patterns() if anchor in held
            for m in pattern.finditer(line)
        )
        line_start += len(line) + 1
    return _without_overlaps([f for f in candidates if not _two_dates(f)])


def _two_dates(found: Found) -> bool:
    """"Jan. 3 and Dec. 30" names two days; only "between ... and ..." makes a range of them."""
    return found.parts.get("joiner", "").lower() == "and" and found.parts.get("lead", "").lower() != "between"


def match_whole(text: str) -> Found | None:
    """Reads a span another tagger marked as a date (a bare "2014" too); None when no pattern covers it."""
    if re.fullmatch(r"(?:1[6-9]|20)\d\d", text):
        return Found(0, len(text), "year", {"year": text})
    found = find_expressions(text)
    return found[0] if len(found) == 1 and found[0].end - found[0].start == len(text) else None


def _without_overlaps(candidates: list[Found]) -> list[Found]:
    chosen: list[Found] = []
    taken = Intervals()
    for found in sorted(candidates, key=lambda f: (f.start - f.end, f.start)):
        if not taken.overlaps(found.start, found.end):
            chosen.append(found)
            taken.add(found.start, found.end)
    return sorted(chosen, key=lambda f: f.start)


class Intervals:
    """Non-overlapping [start, end) stretches, kept sorted: an overlap test costs log n, not n,
    so a text of thousands of dates is not quadratic."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start)
        return (index > 0 and self.ends[index - 1] > start) or (index < len(self.starts) and self.starts[index] < end)

    def add(self, start: int, end: int) -> None:
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)
