"""Resolve relative dates ("next month", "3 days ago") against the time a message was sent.

A memory saying "I'm moving next month" is useless a year later unless it says
*which* month. Extraction runs on the rewritten text, so the stored fact carries
an absolute date, and the span of the first expression becomes the fact's
``valid_from`` hint.

Standard library only (no ``dateutil``): the grammar is small and fixed, and a
fuzzy parser would happily turn "May I ask" into a date.

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
from datetime import date, datetime, time, timedelta, timezone

from langmem_local.errors import LangmemError

__all__ = [
    "DateParseError",
    "parse_datetime",
    "relative_date_span",
    "resolve_relative_dates",
]

_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
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


class DateParseError(LangmemError, ValueError):
    """A date/time value is in no format langmem-local understands."""


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


_MONTHS_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME_RE = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>[ap])\.?\s*m\b\.?"
    r"|\b(?P<h24>\d{1,2}):(?P<m24>\d{2})(?::(?P<s24>\d{2}))?\b",
    re.I,
)
_DATE_RES = [
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTHS_RE + r",?\s+(?P<year>\d{4})\b", re.I
    ),
    re.compile(
        r"\b" + _MONTHS_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I
    ),
    re.compile(r"\b(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
]
# What may surround the date and time besides themselves: "1:56 pm on 8 May, 2023".
_FILLER = re.compile(r"^[\s,;]*(?:(?:on|at|@)[\s,;]+)*$", re.I)


def _month_number(token: str) -> int:
    prefix = token.lower()[:3]
    return [name[:3].lower() for name in _MONTH_NAMES].index(prefix) + 1


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _parse_text(text: str) -> datetime | None:
    iso = text[:-1] + "+00:00" if text[-1:] in "zZ" else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    if re.fullmatch(r"\d{9,11}(?:\.\d+)?", text):  # Unix seconds
        return datetime.fromtimestamp(float(text), tz=timezone.utc)

    for pattern in _DATE_RES:
        date_match = pattern.search(text)
        if date_match:
            break
    else:
        return None
    month = (
        int(date_match["mnum"])
        if "mnum" in pattern.groupindex
        else _month_number(date_match["month"])
    )
    day = date(int(date_match["year"]), month, int(date_match["day"]))
    rest = text[: date_match.start()] + " " + text[date_match.end() :]

    clock = time()
    time_match = _TIME_RE.search(rest)
    if time_match:
        if time_match["h"] is not None:
            hour = int(time_match["h"])
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if time_match["ampm"].lower() == "p" else 0)
            clock = time(hour, int(time_match["m"] or 0), int(time_match["s"] or 0))
        else:
            clock = time(
                int(time_match["h24"]), int(time_match["m24"]), int(time_match["s24"] or 0)
            )
        rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
    if not _FILLER.match(rest):
        return None  # words we do not understand: refuse rather than guess
    return datetime.combine(day, clock)


def parse_datetime(value: str | datetime | date | None) -> datetime | None:
    """Parse a timestamp into an aware UTC ``datetime``.

    Accepts ``datetime`` (naive = UTC), ``date`` (midnight UTC), ISO-8601
    strings (``Z`` or offsets), Unix seconds, and human forms such as LoCoMo's
    ``"1:56 pm on 8 May, 2023"``, ``"May 8, 2023 at 13:56"`` or ``"8 May 2023"``.

    Args:
        value: The timestamp; ``None`` or an empty string give ``None``.

    Returns:
        Aware ``datetime`` in UTC, or ``None``.

    Raises:
        DateParseError: The value is in no supported format or names an
            impossible date (31 February).

    Example:
        >>> parse_datetime("1:56 pm on 8 May, 2023")
        datetime.datetime(2023, 5, 8, 13, 56, tzinfo=datetime.timezone.utc)

    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=timezone.utc)
    if not isinstance(value, str):
        msg = (
            f"cannot use {type(value).__name__} {value!r} as a date/time; "
            "pass a datetime, a date or an ISO-8601 string"
        )
        raise DateParseError(msg)
    text = value.strip()
    if not text:
        return None
    try:
        parsed = _parse_text(text)
    except ValueError as err:  # a well-formed but impossible date or time
        msg = f"{value!r} is not a valid date/time ({err}); fix the value at its source"
        raise DateParseError(msg) from err
    if parsed is None:
        msg = (
            f"cannot parse {value!r} as a date/time; use ISO-8601 "
            "('2023-05-08T13:56:00Z') or a form like '1:56 pm on 8 May, 2023'"
        )
        raise DateParseError(msg)
    return _utc(parsed)
