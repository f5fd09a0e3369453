"""Checks and conversions of public arguments, done once at the boundary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from langmem_local.stores.sqlite import from_iso, iso, utcnow

#: Longest user id accepted (ids are stored and compared whole, never truncated).
MAX_USER_ID = 65_536


def check_user_id(user_id: Any) -> str:
    """A user id as stored: an opaque string, compared for equality, never a pattern.

    It is returned unchanged. Stripping whitespace used to make ``" alice"``
    and ``"alice"`` one user; such an id is refused instead.
    """
    if not isinstance(user_id, str) or not user_id.strip():
        msg = f"user_id must be a non-empty string, got {user_id!r}; pass user_id='alice'"
        raise ValueError(msg)
    if user_id != user_id.strip():
        msg = (
            f"user_id {user_id!r} starts or ends with whitespace, which would make it look like "
            f"{user_id.strip()!r}; pass the id without surrounding spaces"
        )
        raise ValueError(msg)
    if len(user_id) > MAX_USER_ID:
        msg = f"user_id is {len(user_id)} characters long; the limit is {MAX_USER_ID}"
        raise ValueError(msg)
    return user_id


def as_datetime(value: datetime | date | str | None) -> datetime:
    """An aware UTC datetime from a datetime, a date or an ISO-8601 string (None: now)."""
    if value is None:
        return utcnow()
    if isinstance(value, str):
        from langmem_local.timeparse import parse_datetime

        parsed = parse_datetime(value)
        if parsed is None:
            msg = f"cannot read timestamp {value!r}; pass a datetime or an ISO-8601 string"
            raise ValueError(msg)
        return parsed
    if isinstance(value, datetime):
        return from_iso(iso(value)) or utcnow()
    return datetime(value.year, value.month, value.day, tzinfo=utcnow().tzinfo)
