"""Calendar arithmetic on the values a `TimeExpression` carries.

Values are strings as precise as the text allows: YYYY-MM-DD (day), YYYY-Www (ISO week), YYYY-MM
(month) or YYYY (year). Every function here is pure: the anchor (the publication date) is passed in,
never read from the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

Relation = str  # "past" | "present" | "future"

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_anchor(published: str | None) -> date | None:
    """The publication date as a `date`, or None when it is missing or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def weekday_by_relation(anchor: date, weekday: int, relation: Relation | None) -> date:
    """The day named by a weekday: past -> the latest on or before the anchor, future -> the first
    after it, anything else -> the nearest one (the anchor itself when it is that weekday)."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7 or 7
    if relation == "past":
        return anchor - timedelta(days=back)
    if relation == "future":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back) if back <= ahead else anchor + timedelta(days=ahead)


def weekday_in_week(anchor: date, weekday: int, weeks: int) -> date:
    """`weekday` of the ISO week `weeks` away from the anchor's ("this Friday", "next week's Monday")."""
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=weeks)
    return monday + timedelta(days=weekday)


def weekday_strictly(anchor: date, weekday: int, direction: int) -> date:
    """The closest `weekday` strictly before (direction -1) or after (+1) the anchor ("last/next Monday")."""
    if direction < 0:
        return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def _nearest(candidates: list, anchor, relation: Relation | None):
    """Picks among candidate values (comparable with the anchor) by tense."""
    if relation == "past":
        earlier = [c for c in candidates if c <= anchor]
        return max(earlier) if earlier else min(candidates)
    if relation == "future":
        later = [c for c in candidates if c >= anchor]
        return min(later) if later else max(candidates)
    return min(candidates, key=lambda c: (abs(_distance(c, anchor)), c < anchor))


def _distance(a, b) -> int:
    if isinstance(a, date):
        return (a - b).days
    return (a[0] - b[0]) * 12 + (a[1] - b[1])


def month_by_relation(anchor: date, month: int, relation: Relation | None) -> tuple[int, int]:
    """The year of a month named without one: past -> on or before the anchor's month, future -> on
    or after it, otherwise the nearest."""
    candidates = [(anchor.year + offset, month) for offset in (-1, 0, 1)]
    return _nearest(candidates, (anchor.year, anchor.month), relation)


def day_by_relation(anchor: date, month: int, day: int, relation: Relation | None) -> date | None:
    """The year of a day named without one ("Jan. 3"), chosen like `month_by_relation`."""
    candidates = [d for offset in (-1, 0, 1) if (d := safe_date(anchor.year + offset, month, day))]
    return _nearest(candidates, anchor, relation) if candidates else None


def value_bounds(value: str) -> tuple[date, date] | None:
    """The first and last day a value covers."""
    try:
        if week := _WEEK.match(value):
            monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return monday, monday + timedelta(days=6)
        parts = [int(p) for p in value.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        day = safe_date(*parts)
        return (day, day) if day else None
    if len(parts) == 2 and 1 <= parts[1] <= 12:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    return None


def relation_to(anchor: date, value: str, end_value: str | None = None) -> Relation | None:
    """past / present / future of a value against the anchor; a value covering the anchor is present."""
    start = value_bounds(value)
    end = value_bounds(end_value) if end_value else start
    if not start or not end:
        return None
    if end[1] < anchor:
        return "past"
    if start[0] > anchor:
        return "future"
    return "present"


def event_date(value: str) -> str:
    """An event date is YYYY-MM-DD, YYYY-MM or YYYY: a week becomes the month holding its Thursday
    (the ISO rule for which month or year a week belongs to)."""
    if week := _WEEK.match(value):
        thursday = date.fromisocalendar(int(week[1]), int(week[2]), 4)
        return month_value(thursday.year, thursday.month)
    return value
