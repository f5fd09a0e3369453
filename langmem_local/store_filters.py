"""LangGraph store matching semantics: item ``filter`` and namespace conditions.

:func:`_matches_filter` applies LangGraph's search filter (equality, nested
dicts, ``$eq``/``$ne``/``$gt``/``$gte``/``$lt``/``$lte``) to an item value;
:func:`_matches_namespace` applies a ``list_namespaces`` prefix/suffix
condition. Used by :class:`~langmem_local.store.Mem0Store`.
"""

from __future__ import annotations

from typing import Any

from langgraph.store.base import MatchCondition


def _matches_filter(value: Any, condition: Any) -> bool:
    """LangGraph filter semantics: equality, nested dicts and $eq/$ne/$gt/$gte/$lt/$lte."""
    if isinstance(condition, dict):
        if any(k.startswith("$") for k in condition):
            return all(_apply_operator(value, op, arg) for op, arg in condition.items())
        if not isinstance(value, dict):
            return False
        return all(_matches_filter(value.get(k), v) for k, v in condition.items())
    if isinstance(condition, (list, tuple)):
        return (
            isinstance(value, (list, tuple))
            and len(value) == len(condition)
            and all(_matches_filter(v, c) for v, c in zip(value, condition, strict=True))
        )
    return value == condition


def _apply_operator(value: Any, operator: str, arg: Any) -> bool:
    if operator == "$eq":
        return value == arg
    if operator == "$ne":
        return value != arg
    if value is None:
        return False
    ordering = {
        "$gt": lambda a, b: a > b,
        "$gte": lambda a, b: a >= b,
        "$lt": lambda a, b: a < b,
        "$lte": lambda a, b: a <= b,
    }
    if operator not in ordering:
        msg = f"unsupported filter operator {operator!r}; use one of $eq, $ne, $gt, $gte, $lt, $lte"
        raise ValueError(msg)
    try:
        return ordering[operator](float(value), float(arg))
    except (TypeError, ValueError):
        return False


def _matches_namespace(namespace: tuple[str, ...], condition: MatchCondition) -> bool:
    path = tuple(condition.path)
    if len(namespace) < len(path):
        return False
    part = namespace[: len(path)] if condition.match_type == "prefix" else namespace[-len(path) :]
    return all(p == "*" or p == n for p, n in zip(path, part, strict=True))
