"""Validate the arguments of :class:`~langmem_local.LocalMemory`'s public methods.

Every public method checks its arguments here, once, at the top, before
anything is embedded or written: a bad argument gets a ``TypeError`` (wrong
kind of value) or ``ValueError`` (right kind, bad value) whose message names
the argument and the fix, never a ``sqlite3``/``OverflowError``/
``AttributeError`` from deep inside a store, and never after half a write.

Ids are opaque: nothing is stripped or case-folded, because that would make
two different ids (``" alice"`` and ``"alice"``) the same user. Surrounding
whitespace is refused with an error instead.

Example:
    .. code-block:: python

        from langmem_local import validation

        validation.user_id("alice")          # "alice"
        validation.limit(5)                  # 5
        validation.metadata({"topic": "tea"})
        validation.user_id(" alice")         # ValueError: ... surrounding whitespace ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

__all__ = [
    "FILTER_OPERATORS",
    "MAX_ID_CHARS",
    "MAX_USER_ID_CHARS",
    "check_user_id",
    "MAX_LIMIT",
    "MAX_TEXT_CHARS",
    "MAX_TTL",
    "filters",
    "flag",
    "limit",
    "memory_id",
    "metadata",
    "optional_limit",
    "optional_user_id",
    "run_id",
    "text",
    "threshold",
    "timestamp",
    "ttl",
    "user_id",
]

MAX_ID_CHARS = 256
"""Longest memory id or run id accepted."""
MAX_USER_ID_CHARS = 65_536
"""Longest user id accepted: user ids may be long opaque tokens, stored and
compared whole (never truncated or hashed for equality)."""
MAX_LIMIT = 10_000
"""Largest ``limit`` accepted by ``search``, ``get_all`` and ``audit_log``."""
MAX_TEXT_CHARS = 1_000_000
"""Longest single text (message, query, update) accepted."""
MAX_TTL = timedelta(days=100 * 365)
"""Longest time to live accepted (a century; longer is "forever": pass no ttl)."""
_MAX_METADATA_DEPTH = 16
FILTER_OPERATORS = frozenset({"eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "contains"})
"""Operators of a filter condition ``{"field": {"op": value}}`` (``$op`` also works)."""
_SCALARS = (str, int, float, bool, type(None))


def _fail(kind: type[Exception], msg: str) -> None:
    raise kind(msg)


def _printable(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_encodable(value: str, name: str) -> None:
    """Refuse lone surrogates (undecodable bytes from argv or files): no store can keep them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        msg = (
            f"{name} is not valid UTF-8 text (undecodable character at position {exc.start}); "
            "pass text decoded as UTF-8"
        )
        raise ValueError(msg) from None


def _identifier(value: Any, name: str, example: str, max_chars: int = MAX_ID_CHARS) -> str:
    if not isinstance(value, str):
        _fail(
            TypeError,
            f"{name} must be a string, got {type(value).__name__} "
            f"{_printable(value)}; pass {name}={example!r}",
        )
    if not value or not value.strip():
        _fail(
            ValueError, f"{name} must be a non-empty string, got {value!r}; pass {name}={example!r}"
        )
    if value != value.strip():
        _fail(
            ValueError,
            f"{name} {value!r} has surrounding whitespace; ids are used exactly "
            f"as given, so pass it without (e.g. {value.strip()!r})",
        )
    if len(value) > max_chars:
        _fail(
            ValueError,
            f"{name} is {len(value)} characters long; the limit is {max_chars}, pass a shorter id",
        )
    if "\x00" in value:
        _fail(ValueError, f"{name} contains a NUL character; pass an id without it")
    _check_encodable(value, name)
    return value


def user_id(value: Any) -> str:
    """A user id: a non-empty string of at most :data:`MAX_USER_ID_CHARS`, used exactly as given.

    Opaque: compared for equality in the source of truth, never a pattern.
    """
    return _identifier(value, "user_id", "alice", MAX_USER_ID_CHARS)


check_user_id = user_id


def optional_user_id(value: Any) -> str | None:
    """``None`` (every user) or a valid :func:`user_id`."""
    return None if value is None else user_id(value)


def memory_id(value: Any, name: str = "memory_id") -> str:
    """A memory id as returned by ``add``/``get_all`` (a UUID string)."""
    return _identifier(value, name, "0d5a3c9e-...")


def run_id(value: Any) -> str | None:
    """``None`` or a conversation session id."""
    return None if value is None else _identifier(value, "run_id", "session-1")


def text(value: Any, name: str = "text") -> str:
    """Non-empty, valid UTF-8 text of at most :data:`MAX_TEXT_CHARS` characters."""
    if not isinstance(value, str):
        _fail(TypeError, f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        _fail(ValueError, f"{name} must be a non-empty string; pass the text to use")
    if len(value) > MAX_TEXT_CHARS:
        _fail(
            ValueError,
            f"{name} is {len(value):,} characters long; the limit is "
            f"{MAX_TEXT_CHARS:,}, split it into smaller pieces",
        )
    _check_encodable(value, name)
    return value


def _integer(value: Any, name: str, upper: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(
            TypeError,
            f"{name} must be an integer, got {type(value).__name__} "
            f"{_printable(value)}; pass e.g. {name}=10",
        )
    if not 1 <= value <= upper:
        _fail(
            ValueError,
            f"{name} must be a positive integer of at most {upper:,}, got "
            f"{_printable(value)}; pass e.g. {name}=10",
        )
    return int(value)


def limit(value: Any, name: str = "limit") -> int:
    """A positive integer of at most :data:`MAX_LIMIT`."""
    return _integer(value, name, MAX_LIMIT)


def optional_limit(value: Any, name: str = "limit") -> int | None:
    """``None`` (no limit) or a valid :func:`limit`."""
    return None if value is None else limit(value, name)


def flag(value: Any, name: str) -> bool:
    """A real ``bool`` (``"false"`` would be truthy)."""
    if not isinstance(value, bool):
        _fail(
            TypeError,
            f"{name} must be True or False, got {type(value).__name__} {_printable(value)}",
        )
    return value


def threshold(value: Any) -> float | None:
    """``None`` or a finite score."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(TypeError, f"threshold must be a number, got {type(value).__name__}")
    if not math.isfinite(value):
        _fail(ValueError, f"threshold must be a finite number, got {value!r}; pass e.g. 0.3")
    return float(value)


def ttl(value: Any) -> timedelta | None:
    """``None``, a ``timedelta`` or seconds, positive and at most :data:`MAX_TTL`."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        span = value
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(
            TypeError,
            f"ttl must be a timedelta or a number of seconds, got "
            f"{type(value).__name__}; pass e.g. ttl=7 * 86400",
        )
    elif not math.isfinite(value) or value <= 0 or value > MAX_TTL.total_seconds():
        _fail(
            ValueError,
            f"ttl must be a positive number of seconds (at most "
            f"{MAX_TTL.total_seconds():,.0f}, 100 years) or a timedelta, got "
            f"{_printable(value)}; omit ttl to keep it forever",
        )
    else:
        span = timedelta(seconds=float(value))
    if not timedelta(0) < span <= MAX_TTL:
        _fail(
            ValueError,
            f"ttl must be positive and at most 100 years, got {span}; omit ttl to keep it forever",
        )
    return span


def timestamp(value: Any, name: str = "timestamp") -> datetime | None:
    """``None``, a ``datetime`` (naive = UTC), a ``date`` or an ISO-8601 string, as aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            _fail(
                ValueError,
                f"{name} is an empty string; pass an ISO date such as '2026-01-05' or leave it out",
            )
        _check_encodable(value, name)
        from langmem_local.timeparse import parse_datetime

        try:
            parsed = parse_datetime(value)
        except (ValueError, OverflowError, TypeError) as exc:
            msg = (
                f"cannot read {name} {_printable(value)} ({exc}); pass a datetime or an "
                "ISO-8601 string such as '2026-01-05T10:00:00Z'"
            )
            raise ValueError(msg) from None
        if parsed is None:
            _fail(
                ValueError,
                f"cannot read {name} {_printable(value)}; pass a datetime or an ISO-8601 string",
            )
        value = parsed
    if isinstance(value, datetime):
        try:
            aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
            out = aware.astimezone(timezone.utc)
            out.isoformat()
        except (OverflowError, ValueError) as exc:
            msg = f"{name} {_printable(value)} is out of range ({exc}); pass a datetime in UTC"
            raise ValueError(msg) from None
        return out
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    _fail(
        TypeError,
        f"{name} must be a datetime, a date or an ISO-8601 string, got "
        f"{type(value).__name__} {_printable(value)}; pass e.g. {name}='2026-01-05'",
    )
    raise AssertionError  # pragma: no cover - _fail raised


def _json_value(value: Any, where: str, depth: int) -> None:
    if depth > _MAX_METADATA_DEPTH:
        _fail(
            ValueError, f"{where} is nested more than {_MAX_METADATA_DEPTH} levels deep; flatten it"
        )
    if value is None or isinstance(value, (bool, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            _fail(
                ValueError,
                f"{where} is {value!r}, which JSON cannot hold; pass a finite number or None",
            )
        return
    if isinstance(value, str):
        _check_encodable(value, where)
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _json_value(item, f"{where}[{i}]", depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                _fail(
                    TypeError,
                    f"{where} has the key {_printable(key)}; metadata keys must be strings",
                )
            _check_encodable(key, f"{where} key")
            _json_value(item, f"{where}[{key!r}]", depth + 1)
        return
    hint = (
        " (use .isoformat())"
        if isinstance(value, (date, datetime))
        else (" (use a list)" if isinstance(value, (set, frozenset)) else "")
    )
    _fail(
        TypeError,
        f"{where} is a {type(value).__name__}, which cannot be stored as JSON; "
        f"pass str, int, float, bool, None, list or dict{hint}",
    )


def metadata(value: Any, name: str = "metadata") -> dict[str, Any] | None:
    """``None`` or a JSON-serialisable dict with string keys (no sets, dates, bytes, NaN)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        _fail(
            TypeError,
            f"{name} must be a dict, got {type(value).__name__}; "
            f"pass e.g. {name}={{'topic': 'travel'}}",
        )
    _json_value(value, name, 0)
    return value


def _filter_scalar(value: Any, where: str, *, allow_list: bool) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        _fail(ValueError, f"{where} is {value!r}; pass a finite number")
    if isinstance(value, _SCALARS):
        return
    if allow_list and isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _filter_scalar(item, f"{where}[{i}]", allow_list=False)
        return
    _fail(
        TypeError,
        f"{where} is a {type(value).__name__}; filter values are str, int, "
        "float, bool or None" + (" (or a list of them)" if allow_list else ""),
    )


def filters(value: Any) -> dict[str, Any] | None:
    """``None`` or metadata conditions.

    Shapes: ``{"field": value}`` (equality; a list-valued field matches when it
    contains the value) or ``{"field": {"op": value, ...}}`` with ``op`` one of
    :data:`FILTER_OPERATORS` (``$op`` also accepted); ``in``/``nin`` take a
    list, ``gt``/``gte``/``lt``/``lte`` a number or a string.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        _fail(
            TypeError,
            f"filters must be a dict, got {type(value).__name__}; "
            "pass e.g. filters={'topic': 'travel'} or {'year': {'gte': 2024}}",
        )
    ops = ", ".join(sorted(FILTER_OPERATORS))
    for key, cond in value.items():
        if not isinstance(key, str) or not key:
            _fail(
                TypeError,
                f"filters key {_printable(key)} must be a non-empty string (a metadata field name)",
            )
        where = f"filters[{key!r}]"
        if not isinstance(cond, dict):
            _filter_scalar(cond, where, allow_list=True)
            continue
        if not cond:
            _fail(
                ValueError,
                f"{where} is an empty condition; pass e.g. {{'eq': 'x'}}, operators: {ops}",
            )
        for op, arg in cond.items():
            name = op[1:] if isinstance(op, str) and op.startswith("$") else op
            if not isinstance(name, str) or name not in FILTER_OPERATORS:
                _fail(
                    ValueError, f"{where} has unknown operator {_printable(op)}; use one of {ops}"
                )
            at = f"{where}[{op!r}]"
            if name in ("in", "nin"):
                if not isinstance(arg, (list, tuple)):
                    _fail(TypeError, f"{at} must be a list, got {type(arg).__name__}")
                _filter_scalar(arg, at, allow_list=True)
            elif name in ("gt", "gte", "lt", "lte"):
                if isinstance(arg, bool) or not isinstance(arg, (int, float, str)):
                    _fail(TypeError, f"{at} must be a number or a string, got {type(arg).__name__}")
                _filter_scalar(arg, at, allow_list=False)
            else:
                _filter_scalar(arg, at, allow_list=name != "contains")
    return value


def turn(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check normalised messages (see ``normalize_messages``): text, speaker name, metadata."""
    for i, m in enumerate(messages):
        text(m["content"], f"messages[{i}] content")
        if "name" in m:
            _identifier(m["name"], f"messages[{i}] name", "Sarah")
        if "metadata" in m:
            metadata(m["metadata"], f"messages[{i}] metadata")
    return messages


#: Characters per token assumed when checking that a turn can fit a model's
#: context. English averages about 4; a turn longer than the whole context at
#: this rate can never be extracted, so it is refused instead of queued forever.
CHARS_PER_TOKEN = 4


def fits_context(messages: list[dict[str, Any]], chat_model: Any) -> None:
    """Refuse a turn that cannot fit the chat model's context window, before it is queued."""
    window = getattr(chat_model, "n_ctx", None) or getattr(chat_model, "num_ctx", None)
    if isinstance(window, bool) or not isinstance(window, int) or window <= 0:
        return  # the model does not say; it will fail (and queue) if it must
    chars = sum(len(m["content"]) for m in messages)
    if chars > window * CHARS_PER_TOKEN:
        msg = (
            f"this turn is {chars:,} characters (about {chars // CHARS_PER_TOKEN:,} tokens), "
            f"more than the chat model's whole context window of {window:,} tokens, so "
            "extraction can never succeed; split it into smaller turns, or store it "
            "verbatim with infer=False"
        )
        raise ValueError(msg)
