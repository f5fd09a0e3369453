"""Metadata filters and TTL visibility, shared by search and listing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langmem_local.stores.sqlite import from_iso


def _compare(op: str, value: Any, arg: Any) -> bool:
    if op in ("gt", "gte", "lt", "lte") and value is None:
        return False
    if op == "eq":
        return bool(value == arg)
    if op == "ne":
        return bool(value != arg)
    if op == "in":
        return value in arg
    if op == "nin":
        return value not in arg
    if op == "gt":
        return bool(value > arg)
    if op == "gte":
        return bool(value >= arg)
    if op == "lt":
        return bool(value < arg)
    if op == "lte":
        return bool(value <= arg)
    if op == "contains":
        return isinstance(value, (str, list)) and arg in value
    msg = f"unknown filter operator {op!r}; use eq, ne, in, nin, gt, gte, lt, lte, contains"
    raise ValueError(msg)


def matches(metadata: dict[str, Any], filters: dict[str, Any] | None) -> bool:
    """Metadata filter: ``{"k": v}`` equality, or ``{"k": {"in"|"ne"|"gte"|...: v}}``.

    A list-valued field matches a scalar condition when it contains it.
    """
    for key, cond in (filters or {}).items():
        value = metadata.get(key)
        if isinstance(cond, dict):
            if not all(_compare(op.lstrip("$"), value, arg) for op, arg in cond.items()):
                return False
        elif isinstance(value, list) and not isinstance(cond, list):
            if cond not in value:
                return False
        elif value != cond:
            return False
    return True


def expired(row: dict[str, Any], now: datetime) -> bool:
    """A memory past its TTL is hidden until ``prune`` removes it."""
    expires = from_iso(row.get("expires_at"))
    return expires is not None and expires <= now
