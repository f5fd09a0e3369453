from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from langmem_local.errors import LangmemError
from langmem_local.timeparse import (
    DateParseError,
    parse_datetime,
    relative_date_span,
    resolve_relative_dates,
)

# Thursday 26 November 2026, mid-morning.
REF = datetime(2026, 11, 26, 10, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm moving next month", "I'm moving next month (December 2026)"),
        ("I went there today", "I went there today (26 November 2026)"),
        ("We met yesterday", "We met yesterday (25 November 2026)"),
        ("Call me tomorrow", "Call me tomorrow (27 November 2026)"),
        (
            "It rained the day before yesterday",
            "It rained the day before yesterday (24 November 2026)",
        ),
        ("the day after tomorrow", "the day after tomorrow (28 November 2026)"),
        ("I was sick last week", "I was sick last week (week of 16 November 2026)"),
        ("see you next week", "see you next week (week of 30 November 2026)"),
        ("busy this week", "busy this week (week of 23 November 2026)"),
        ("it opened last month", "it opened last month (October 2026)"),
        ("we married last year", "we married last year (2025)"),
        ("graduating next year", "graduating next year (2027)"),
        ("adopted 3 days ago", "adopted 3 days ago (23 November 2026)"),
        ("started two weeks ago", "started two weeks ago (12 November 2026)"),
        ("left a couple of months ago", "left a couple of months ago (September 2026)"),
        ("moved 4 years ago", "moved 4 years ago (2022)"),
        ("trip in 5 days", "trip in 5 days (1 December 2026)"),
        ("exam in a week", "exam in a week (3 December 2026)"),
        ("two weeks from now", "two weeks from now (10 December 2026)"),
        ("saw her last Friday", "saw her last Friday (20 November 2026)"),
        ("party next Saturday", "party next Saturday (28 November 2026)"),
        ("lunch this Monday", "lunch this Monday (30 November 2026)"),
        ("hiking this weekend", "hiking this weekend (28-29 November 2026)"),
        ("hiked last weekend", "hiked last weekend (21-22 November 2026)"),
        ("out last night", "out last night (25 November 2026)"),
    ],
)
def test_resolve_each_expression(text: str, expected: str) -> None:
    assert resolve_relative_dates(text, REF) == expected


def test_text_without_expressions_is_unchanged() -> None:
    text = "May I ask about the weekly meeting in Boston?"
    assert resolve_relative_dates(text, REF) == text
    assert relative_date_span(text, REF) is None


def test_case_insensitive_and_multiple_expressions() -> None:
    out = resolve_relative_dates("Last Monday I booked it for NEXT MONTH", REF)
    assert out == "Last Monday (23 November 2026) I booked it for NEXT MONTH (December 2026)"


def test_possessive_keeps_annotation_after_the_word() -> None:
    out = resolve_relative_dates("yesterday's game", REF)
    assert out == "yesterday's (25 November 2026) game"


def test_resolve_is_idempotent() -> None:
    once = resolve_relative_dates("moving next month, left yesterday", REF)
    assert resolve_relative_dates(once, REF) == once


def test_longest_expression_wins() -> None:
    # "the day before yesterday" must not also be read as "yesterday".
    out = resolve_relative_dates("the day before yesterday", REF)
    assert out.count("(") == 1
    # "last weekend" is not "last week" + "end".
    assert "week of" not in resolve_relative_dates("last weekend", REF)


def test_next_month_rolls_over_december() -> None:
    assert resolve_relative_dates("next month", date(2026, 12, 15)) == "next month (January 2027)"
    assert resolve_relative_dates("last month", date(2027, 1, 5)) == "last month (December 2026)"


def test_month_arithmetic_clamps_month_end() -> None:
    # Jan 31 + 1 month is February, not March 2 (what timedelta(days=30) gives).
    assert resolve_relative_dates("in 1 month", date(2026, 1, 31)) == "in 1 month (February 2026)"
    assert relative_date_span("next month", date(2024, 1, 31)) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert resolve_relative_dates("a month ago", date(2026, 3, 31)) == "a month ago (February 2026)"


def test_days_and_weeks_cross_month_and_year() -> None:
    assert resolve_relative_dates("tomorrow", date(2026, 12, 31)) == "tomorrow (1 January 2027)"
    assert resolve_relative_dates("yesterday", date(2024, 3, 1)) == "yesterday (29 February 2024)"
    assert (
        resolve_relative_dates("next week", date(2026, 12, 30))
        == "next week (week of 4 January 2027)"
    )


def test_weekday_relative_to_same_weekday() -> None:
    friday = date(2026, 11, 27)
    assert relative_date_span("last Friday", friday) == (date(2026, 11, 20),) * 2
    assert relative_date_span("next Friday", friday) == (date(2026, 12, 4),) * 2
    assert relative_date_span("this Friday", friday) == (friday, friday)


def test_weekend_span_across_months_and_on_sunday() -> None:
    sunday = date(2026, 11, 29)
    assert relative_date_span("this weekend", sunday) == (date(2026, 11, 28), sunday)
    assert (
        resolve_relative_dates("next weekend", date(2026, 11, 26))
        == "next weekend (5-6 December 2026)"
    )
    assert (
        resolve_relative_dates("this weekend", date(2026, 10, 28))
        == "this weekend (31 October - 1 November 2026)"
    )


def test_span_of_first_expression() -> None:
    assert relative_date_span("moved last month, then next week again", REF) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert relative_date_span("last year", REF) == (date(2025, 1, 1), date(2025, 12, 31))
    assert relative_date_span("in 3 days", REF) == (date(2026, 11, 29),) * 2


def test_reference_uses_its_own_calendar_day() -> None:
    # 23:30 in New York is already the next day in UTC; "today" is the sender's day.
    new_york = timezone(timedelta(hours=-5))
    ref = datetime(2026, 11, 26, 23, 30, tzinfo=new_york)
    assert resolve_relative_dates("today", ref) == "today (26 November 2026)"


def test_out_of_calendar_is_left_alone() -> None:
    assert resolve_relative_dates("9999 years ago", REF) == "9999 years ago"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1:56 pm on 8 May, 2023", datetime(2023, 5, 8, 13, 56, tzinfo=timezone.utc)),
        ("12:05 am on 1 Jan, 2024", datetime(2024, 1, 1, 0, 5, tzinfo=timezone.utc)),
        ("12:30 pm on 1 Jan, 2024", datetime(2024, 1, 1, 12, 30, tzinfo=timezone.utc)),
        ("10:00 p.m. on 3rd March 2021", datetime(2021, 3, 3, 22, 0, tzinfo=timezone.utc)),
        ("May 8, 2023 at 13:56", datetime(2023, 5, 8, 13, 56, tzinfo=timezone.utc)),
        ("8 May 2023", datetime(2023, 5, 8, tzinfo=timezone.utc)),
        ("2023-05-08T13:56:00Z", datetime(2023, 5, 8, 13, 56, tzinfo=timezone.utc)),
        ("2023-05-08T15:56:00+02:00", datetime(2023, 5, 8, 13, 56, tzinfo=timezone.utc)),
        ("2023-05-08", datetime(2023, 5, 8, tzinfo=timezone.utc)),
        ("2023/05/08", datetime(2023, 5, 8, tzinfo=timezone.utc)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
    ],
)
def test_parse_datetime_strings(value: str, expected: datetime) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


def test_parse_datetime_objects() -> None:
    assert parse_datetime(None) is None
    assert parse_datetime("  ") is None
    naive = parse_datetime(datetime(2023, 5, 8, 13, 56))
    assert naive == datetime(2023, 5, 8, 13, 56, tzinfo=timezone.utc)
    aware = parse_datetime(datetime(2023, 5, 8, 15, 56, tzinfo=timezone(timedelta(hours=2))))
    assert aware is not None and aware.tzinfo == timezone.utc and aware.hour == 13
    assert parse_datetime(date(2023, 5, 8)) == datetime(2023, 5, 8, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "value",
    ["May I ask", "31 February 2023", "13:56 pm on 8 May 2023", "hello 8 May 2023", "soon"],
)
def test_parse_datetime_rejects_garbage(value: str) -> None:
    with pytest.raises(DateParseError, match="date/time"):
        parse_datetime(value)


def test_parse_error_is_a_langmem_value_error() -> None:
    with pytest.raises(ValueError):
        parse_datetime("soon")
    with pytest.raises(LangmemError):
        parse_datetime(42)  # type: ignore[arg-type]
