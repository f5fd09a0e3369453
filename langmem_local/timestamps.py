"""Parsing absolute timestamps: ISO-8601, Unix seconds and human forms, to aware UTC.

:func:`parse_datetime` reads what callers and datasets pass as a message time
(``datetime``, ``date``, ISO-8601, Unix seconds, LoCoMo's
``"1:56 pm on 8 May, 2023"``) and raises :class:`DateParseError` rather than
guess. Relative expressions ("next month") are resolved in
:mod:`~langmem_local.timeparse`, which re-exports this module's public names.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from langmem_local.errors import LangmemError

__all__ = ["DateParseError", "parse_datetime"]

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


class DateParseError(LangmemError, ValueError):
    """A date/time value is in no format langmem-local understands."""


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
