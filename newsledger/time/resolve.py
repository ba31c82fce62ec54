"""Turns a pattern match into a value, given the publication date and the clause's tense.

Rules (the anchor is `Document.published`; without it only absolute dates resolve):
- a weekday takes its direction from its modifier ("last" / "next" / "this") or else from the
  tense of its clause: past -> the latest such day on or before publication, future -> the first
  one after it, present or progressive without a cue -> the nearest one (publication day itself
  when it is that weekday);
- a month or a day named without a year is placed the same way (past -> on or before publication,
  future -> on or after, otherwise the nearest);
- yesterday/today/tomorrow, last/this/next week/month/year and "N units ago" count from publication.
"""

from __future__ import annotations

from datetime import date, timedelta

from newsledger.time import dates
from newsledger.time.expressions import Found
from newsledger.time.lexicon import calendar_words, parse_number

Resolved = tuple[str | None, str | None, str]  # value, end_value, granularity


def resolve(found: Found, anchor: date | None, tense: str | None) -> Resolved:
    handler = _HANDLERS[found.kind]
    return handler(found.parts, anchor, tense)


def _month_number(name: str) -> int:
    return calendar_words()["months"][name.rstrip(".")]


def _weekday_number(name: str) -> int:
    return calendar_words()["weekdays"][name]


def _direction(mod: str | None) -> int | None:
    if not mod:
        return None
    return calendar_words()["relative_modifiers"].get(mod.lower())


def _calendar_day(parts: dict, anchor: date | None, tense: str | None, day_key: str = "day",
                  month_key: str = "month") -> date | None:
    month, day = _month_number(parts[month_key]), int(parts[day_key])
    if parts.get("year"):
        return dates.safe_date(int(parts["year"]), month, day)
    return dates.day_by_relation(anchor, month, day, tense) if anchor else None


def _iso(parts, anchor, tense) -> Resolved:
    day = dates.safe_date(int(parts["year"]), int(parts["mm"]), int(parts["dd"]))
    return (day.isoformat() if day else None), None, "day"


def _date(parts, anchor, tense) -> Resolved:
    day = _calendar_day(parts, anchor, tense)
    return (day.isoformat() if day else None), None, "day"


def _month(parts, anchor, tense) -> Resolved:
    month = _month_number(parts["month"])
    if parts.get("year"):
        return dates.month_value(int(parts["year"]), month), None, "month"
    if not anchor:
        return None, None, "month"
    direction = _direction(parts.get("mod"))
    if direction is None:
        year, month = dates.month_by_relation(anchor, month, tense)
    elif direction == 0:
        year = anchor.year
    elif direction < 0:  # "last October": the latest October strictly before this month
        year = anchor.year - (month >= anchor.month)
    else:
        year = anchor.year + (month <= anchor.month)
    return dates.month_value(year, month), None, "month"


def _year(parts, anchor, tense) -> Resolved:
    return parts["year"], None, "year"


def _weekday(parts, anchor, tense) -> Resolved:
    if not anchor:
        return None, None, "day"
    weekday = _weekday_number(parts["weekday"])
    direction = _direction(parts.get("mod"))
    if direction is None:
        day = dates.weekday_by_relation(anchor, weekday, tense)
    elif direction == 0:
        day = dates.weekday_in_week(anchor, weekday, 0)
    else:
        day = dates.weekday_strictly(anchor, weekday, direction)
    return day.isoformat(), None, "day"


def _relative_day(parts, anchor, tense) -> Resolved:
    if not anchor:
        return None, None, "day"
    offset = calendar_words()["relative_days"][parts["word"].lower()]
    return (anchor + timedelta(days=offset)).isoformat(), None, "day"


def _relative_period(parts, anchor, tense) -> Resolved:
    period = parts["period"].lower()
    granularity = "week" if period == "weekend" else period
    if not anchor:
        return None, None, granularity
    direction = _direction(parts["mod"]) or 0
    if granularity == "week":
        return dates.week_value(anchor + timedelta(weeks=direction)), None, "week"
    if granularity == "month":
        return dates.month_value(*dates.shift_month(anchor.year, anchor.month, direction)), None, "month"
    return str(anchor.year + direction), None, "year"


def _ago(parts, anchor, tense) -> Resolved:
    unit = parts["unit"].lower()
    granularity = "day" if unit == "day" else unit
    count = parse_number(parts["count"])
    if not anchor or count is None:
        return None, None, granularity
    count = int(count)
    if unit == "day":
        return (anchor - timedelta(days=count)).isoformat(), None, "day"
    if unit == "week":
        return dates.week_value(anchor - timedelta(weeks=count)), None, "week"
    if unit == "month":
        return dates.month_value(*dates.shift_month(anchor.year, anchor.month, -count)), None, "month"
    return str(anchor.year - count), None, "year"


def _range_days(parts, anchor, tense) -> Resolved:
    start = _calendar_day(parts, anchor, tense)
    end_parts = {**parts, "month": parts.get("month2") or parts["month"]}
    end = _calendar_day(end_parts, anchor, tense, day_key="day2") if start else None
    if start and end and end < start and not parts.get("year"):  # "Dec. 30 to Jan. 2"
        end = dates.safe_date(start.year + 1, end.month, end.day)
    if not start or not end:
        return None, None, "range"
    return start.isoformat(), end.isoformat(), "range"


def _range_month(parts, anchor, tense) -> Resolved:
    first, second = _month_number(parts["month"]), _month_number(parts["month2"])
    end_year = parts.get("year2") or parts.get("year")
    if end_year:
        year2 = int(end_year)
        year1 = int(parts["year"]) if parts.get("year") else year2 - (first > second)
    elif anchor:
        year1, _ = dates.month_by_relation(anchor, first, tense)
        year2 = year1 + (second < first)
    else:
        return None, None, "range"
    return dates.month_value(year1, first), dates.month_value(year2, second), "range"


def _range_year(parts, anchor, tense) -> Resolved:
    return parts["year"], parts["year2"], "range"


def _range_weekday(parts, anchor, tense) -> Resolved:
    if not anchor:
        return None, None, "range"
    start = dates.weekday_by_relation(anchor, _weekday_number(parts["weekday"]), tense)
    end = start + timedelta(days=(_weekday_number(parts["weekday2"]) - start.weekday()) % 7)
    return start.isoformat(), end.isoformat(), "range"


_HANDLERS = {
    "iso": _iso,
    "date": _date,
    "month": _month,
    "year": _year,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "relative_period": _relative_period,
    "ago": _ago,
    "range_md": _range_days,
    "range_dm": _range_days,
    "range_month": _range_month,
    "range_year": _range_year,
    "range_weekday": _range_weekday,
}
