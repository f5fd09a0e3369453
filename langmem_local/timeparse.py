"""Resolve relative dates ("next month", "3 days ago") against the time a message was sent.

A memory saying "I'm moving next month" is useless a year later unless it says
*which* month. Extraction runs on the rewritten text, so the stored fact carries
an absolute date, and the span of the first expression becomes the fact's
``valid_from`` hint.

Standard library only (no ``dateutil``): the grammar is small and fixed, and a
fuzzy parser would happily turn "May I ask" into a date.

Absolute timestamps are parsed by :func:`~langmem_local.timestamps.parse_datetime`
(re-exported here with :class:`~langmem_local.timestamps.DateParseError`).

Example:
    .. code-block:: python

        from datetime import datetime
        from langmem_local.timeparse import resolve_relative_dates

        resolve_relative_dates("I'm moving next month", datetime(2026, 11, 26))
        # "I'm moving next month (December 2026)"

"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from langmem_local.timestamps import _MONTH_NAMES, DateParseError, parse_datetime

__all__ = [
    "DateParseError",
    "parse_datetime",
    "relative_date_span",
    "resolve_relative_dates",
]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "couple of": 2,
}


# --------------------------------------------------------------------------- formatting


def _fmt_day(d: date) -> str:
    # Month names spelled out by hand: strftime("%B") follows the process locale.
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _fmt_month(d: date) -> str:
    return f"{_MONTH_NAMES[d.month - 1]} {d.year}"


def _fmt_range(start: date, end: date) -> str:
    if start.year != end.year:
        return f"{_fmt_day(start)} - {_fmt_day(end)}"
    if start.month != end.month:
        return f"{start.day} {_MONTH_NAMES[start.month - 1]} - {_fmt_day(end)}"
    return f"{start.day}-{_fmt_day(end)}"


# --------------------------------------------------------------------------- calendar math


def _add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def _month_span(d: date) -> tuple[date, date]:
    last = calendar.monthrange(d.year, d.month)[1]
    return date(d.year, d.month, 1), date(d.year, d.month, last)


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


_DIRECTION = {"last": -1, "next": 1, "this": 0}


@dataclass(frozen=True)
class _Resolved:
    """One relative expression found in a text."""

    start: int
    """Offset of the expression in the text."""
    end: int
    """Offset just past the expression."""
    span: tuple[date, date]
    """First and last day the expression refers to."""
    label: str
    """The absolute date written into the text, without parentheses."""


def _day(d: date) -> tuple[tuple[date, date], str]:
    return (d, d), _fmt_day(d)


def _month(d: date) -> tuple[tuple[date, date], str]:
    return _month_span(d), _fmt_month(d)


def _year(year: int) -> tuple[tuple[date, date], str]:
    return _year_span(year), str(year)


def _number(token: str) -> int:
    token = re.sub(r"\s+", " ", token.lower())
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def _shift(ref: date, n: int, unit: str) -> tuple[tuple[date, date], str]:
    """Move ``n`` units from ``ref`` (negative = past).

    Days and weeks give a day, months a month, years a year: how precisely
    people mean them.
    """
    if unit == "day":
        return _day(ref + timedelta(days=n))
    if unit == "week":
        return _day(ref + timedelta(weeks=n))
    if unit == "month":
        return _month(_add_months(ref, n))
    return _year(ref.year + n)


def _weekday(ref: date, direction: str, weekday: int) -> tuple[tuple[date, date], str]:
    if direction == "last":
        # Strictly before the reference: "last Friday" said on a Friday is a week ago.
        delta = -((ref.weekday() - weekday) % 7 or 7)
    elif direction == "next":
        delta = (weekday - ref.weekday()) % 7 or 7
    else:
        # "this Friday" = the coming one, today included.
        delta = (weekday - ref.weekday()) % 7
    return _day(ref + timedelta(days=delta))


def _week(ref: date, direction: str) -> tuple[tuple[date, date], str]:
    monday = _monday(ref) + timedelta(weeks=_DIRECTION[direction])
    return (monday, monday + timedelta(days=6)), f"week of {_fmt_day(monday)}"


def _weekend(ref: date, direction: str) -> tuple[tuple[date, date], str]:
    saturday = _monday(ref) + timedelta(days=5, weeks=_DIRECTION[direction])
    sunday = saturday + timedelta(days=1)
    return (saturday, sunday), _fmt_range(saturday, sunday)


# --------------------------------------------------------------------------- grammar

_NUM = (
    r"(?P<n>\d{1,4}|a\s+couple\s+of|couple\s+of|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve)"
)
_UNIT = r"(?P<unit>day|week|month|year)s?"
_WD = r"(?P<wd>" + "|".join(_WEEKDAYS) + r")"

_Handler = Callable[[re.Match[str], date], tuple[tuple[date, date], str]]

# Order matters only for expressions that start at the same offset: the longer
# one is listed first ("the day before yesterday" before "yesterday").
_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    (
        re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I),
        lambda m, r: _day(r - timedelta(days=2)),
    ),
    (
        re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b", re.I),
        lambda m, r: _day(r + timedelta(days=2)),
    ),
    (
        re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.I),
        lambda m, r: _day(r),
    ),
    (
        re.compile(r"\b(?:yesterday|last\s+night)\b", re.I),
        lambda m, r: _day(r - timedelta(days=1)),
    ),
    (re.compile(r"\btomorrow\b", re.I), lambda m, r: _day(r + timedelta(days=1))),
    (
        re.compile(r"\b(?P<dir>last|next|this)\s+weekend\b", re.I),
        lambda m, r: _weekend(r, m["dir"].lower()),
    ),
    (
        re.compile(r"\b(?P<dir>last|next|this)\s+week\b", re.I),
        lambda m, r: _week(r, m["dir"].lower()),
    ),
    (
        re.compile(r"\b(?P<dir>last|next|this)\s+month\b", re.I),
        lambda m, r: _month(_add_months(r, _DIRECTION[m["dir"].lower()])),
    ),
    (
        re.compile(r"\b(?P<dir>last|next|this)\s+year\b", re.I),
        lambda m, r: _year(r.year + _DIRECTION[m["dir"].lower()]),
    ),
    (
        re.compile(r"\b(?P<dir>last|next|this)\s+" + _WD + r"\b", re.I),
        lambda m, r: _weekday(r, m["dir"].lower(), _WEEKDAYS.index(m["wd"].lower())),
    ),
    (
        re.compile(r"\b" + _NUM + r"\s+" + _UNIT + r"\s+ago\b", re.I),
        lambda m, r: _shift(r, -_number(m["n"]), m["unit"].lower()),
    ),
    (
        re.compile(r"\bin\s+" + _NUM + r"\s+" + _UNIT + r"\b", re.I),
        lambda m, r: _shift(r, _number(m["n"]), m["unit"].lower()),
    ),
    (
        re.compile(r"\b" + _NUM + r"\s+" + _UNIT + r"\s+from\s+now\b", re.I),
        lambda m, r: _shift(r, _number(m["n"]), m["unit"].lower()),
    ),
]

_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _reference_date(reference: datetime | date) -> date:
    # The message's own wall-clock date: "today" at 23:30 in New York is that
    # New York day, so no conversion to UTC here.
    return reference.date() if isinstance(reference, datetime) else reference


def _find(text: str, reference: datetime | date) -> list[_Resolved]:
    ref = _reference_date(reference)
    found: list[tuple[int, int, int, re.Match[str], _Handler]] = []
    for priority, (pattern, handler) in enumerate(_RULES):
        for match in pattern.finditer(text):
            found.append((match.start(), -match.end(), priority, match, handler))
    found.sort(key=lambda item: item[:3])
    resolved: list[_Resolved] = []
    cursor = 0
    for start, _neg_end, _priority, match, handler in found:
        if start < cursor:  # overlaps an expression already taken
            continue
        try:
            span, label = handler(match, ref)
        except (ValueError, OverflowError):
            # "9999 years from now" leaves the calendar; leave the text as written.
            continue
        resolved.append(_Resolved(start, match.end(), span, label))
        cursor = match.end()
    return resolved


# --------------------------------------------------------------------------- public API


def resolve_relative_dates(text: str, reference: datetime | date) -> str:
    """Write the absolute date after every relative date expression in ``text``.

    Understood: today / tonight, yesterday / last night, tomorrow, the day
    before yesterday / after tomorrow, last/this/next week, weekend, month,
    year and weekday, ``N days/weeks/months/years ago``, ``in N ...`` and
    ``N ... from now`` (N as digits, "a", "a couple of" or one..twelve).
    Days and weeks resolve to a day, months to a month, years to a year. Weeks
    start on Monday; "last Friday" is strictly before the reference, "next
    Friday" strictly after, "this Friday" the coming one (today included).

    The call is idempotent: an expression already followed by its annotation
    is left alone, so re-processing stored text does not stack dates.

    Args:
        text: Message text.
        reference: When the message was sent; its own calendar date is used
            (no conversion to UTC).

    Returns:
        The text with `` (<absolute date>)`` after each expression.

    Example:
        >>> resolve_relative_dates("I'm moving next month", datetime(2026, 11, 26))
        "I'm moving next month (December 2026)"

    """
    pieces: list[str] = []
    cursor = 0
    for item in _find(text, reference):
        end = item.end
        possessive = _POSSESSIVE.match(text, end)
        if possessive:  # "yesterday's game (25 May)" reads worse than "yesterday's (25 May) game"
            end = possessive.end()
        annotation = f" ({item.label})"
        if re.match(r"\s*" + re.escape(annotation.strip()), text[end:]):
            continue  # already annotated by an earlier pass
        pieces.append(text[cursor:end])
        pieces.append(annotation)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def relative_date_span(text: str, reference: datetime | date) -> tuple[date, date] | None:
    """First and last day meant by the first relative date expression in ``text``.

    Used as the ``valid_from`` hint of facts extracted from the message.

    Args:
        text: Message text.
        reference: When the message was sent.

    Returns:
        ``(start, end)`` inclusive, or ``None`` when the text has no expression.

    Example:
        >>> relative_date_span("we met last week", date(2026, 11, 26))
        (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))

    """
    found = _find(text, reference)
    return found[0].span if found else None
