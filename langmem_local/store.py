"""LangGraph ``BaseStore`` backed by the local memory engine.

A namespace is one engine user scope: ``("memories", "alice")`` is stored under
engine ``user_id`` ``"memories/alice"``, so everything the engine offers per
user (semantic search, history, the CLI) works on store items too. Each item is
one memory whose text is ``value["content"]`` (or ``"text"``/``"memory"``) when
that is a string, else the value as compact JSON; the exact value and the key
travel in the memory's metadata, so ``get`` returns the dict that was put.

Namespace <-> user mapping lives in :mod:`~langmem_local.store_namespaces`
(re-exported here), filter matching in :mod:`~langmem_local.store_filters`, the
public ``BaseStore`` methods that check labels up front in
:mod:`~langmem_local.store_api`.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from langgraph.store.base import (
    GetOp,
    Item,
    ListNamespacesOp,
    MatchCondition,
    Op,
    PutOp,
    Result,
    SearchItem,
    SearchOp,
)

from langmem_local.store_api import _LabelCheckedStore
from langmem_local.store_filters import _matches_filter, _matches_namespace
from langmem_local.store_namespaces import (
    _safe,
    decode_label,
    encode_label,
    namespace_for_user,
    namespace_to_user_id,
    user_id_to_namespace,
)

if TYPE_CHECKING:
    from langmem_local.protocol import MemoryAPI

__all__ = [
    "CREATED_FIELD",
    "KEY_FIELD",
    "TEXT_FIELDS",
    "VALUE_FIELD",
    "Mem0Store",
    "decode_label",
    "encode_label",
    "namespace_for_user",
    "namespace_to_user_id",
    "user_id_to_namespace",
]

KEY_FIELD = "store_key"
"""Metadata field holding the item key."""
VALUE_FIELD = "store_value"
"""Metadata field holding the item value as JSON (a string, so every vector
store can keep it: Chroma metadata cannot hold nested dicts)."""
CREATED_FIELD = "store_created_at"
"""Metadata field keeping the item's first ``created_at`` across replacements."""
TEXT_FIELDS = ("content", "text", "memory")
"""Value fields used, in this order, as the memory text when they hold a string."""


def _memory_text(value: dict[str, Any]) -> str:
    for name in TEXT_FIELDS:
        text = value.get(name)
        if isinstance(text, str) and text.strip():
            return text
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def _parse_time(raw: Any) -> datetime | None:
    if isinstance(raw, datetime):
        stamp = raw
    elif isinstance(raw, str) and raw:
        try:
            stamp = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


class Mem0Store(_LabelCheckedStore):
    """LangGraph long-term memory store on top of :class:`~langmem_local.LocalMemory`.

    Supports ``get``/``put``/``delete``, semantic ``search`` (``query``) with
    ``filter``/``limit``/``offset``, and ``list_namespaces``, sync and async.
    ``put`` on an existing key replaces the item. Namespaces map to engine
    users injectively; labels are read as :func:`encode_label` output, so an
    e-mail user id goes through ``namespace_for_user("bob@x.com")``
    (``("memories", "bob@x%2Ecom")``), and a raw ``"bob@x.com"`` label is
    refused with that fix, as LangGraph's own stores refuse ``"."``.
    TTL is not supported; ``index`` is accepted and ignored (every item is
    embedded from its text).

    Example:
        .. code-block:: python

            from langgraph.graph import StateGraph
            from langmem_local import LocalMemory
            from langmem_local.store import Mem0Store

            store = Mem0Store(LocalMemory())
            store.put(("memories", "alice"), "diet", {"content": "Alice is vegetarian"})
            store.get(("memories", "alice"), "diet").value
            # {'content': 'Alice is vegetarian'}
            hits = store.search(("memories", "alice"), query="what does alice eat?")

            graph = builder.compile(store=store)  # nodes use runtime.store

    """

    __slots__ = ("_write_lock", "memory")

    def __init__(self, memory: MemoryAPI) -> None:
        """Wrap a memory engine.

        Args:
            memory: The engine holding the items (one engine user per namespace).

        """
        self.memory = memory
        # find-then-replace must not interleave for one key (abatch runs in threads).
        self._write_lock = threading.Lock()

    # -- ops ------------------------------------------------------------------
    def batch(self, ops: Iterable[Op]) -> list[Result]:
        """Run operations in order; results line up with ``ops``."""
        results: list[Result] = []
        for op in ops:
            if isinstance(op, GetOp):
                results.append(self._get(op))
            elif isinstance(op, PutOp):
                with self._write_lock:
                    self._put(op)
                results.append(None)
            elif isinstance(op, SearchOp):
                results.append(self._search(op))
            elif isinstance(op, ListNamespacesOp):
                results.append(self._list_namespaces(op))
            else:
                msg = (
                    f"unknown store operation {type(op).__name__}; pass GetOp, PutOp, "
                    "SearchOp or ListNamespacesOp"
                )
                raise ValueError(msg)
        return results

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        """Async :meth:`batch` (the engine is synchronous; runs in a worker thread)."""
        return await asyncio.to_thread(self.batch, list(ops))

    def _rows(self, namespace: tuple[str, ...], key: str) -> list[dict[str, Any]]:
        user_id = namespace_to_user_id(namespace)
        rows = self.memory.get_all(user_id=user_id, filters={KEY_FIELD: key})["results"]
        rows = [r for r in rows if (r.get("metadata") or {}).get(KEY_FIELD) == key]
        if not rows:
            # Memories the engine extracted itself (no store key) are addressed
            # by id, within this namespace's user only.
            row = self.memory.get(key, user_id=user_id)
            if row and KEY_FIELD not in (row.get("metadata") or {}):
                rows = [row]
        return rows

    def _get(self, op: GetOp) -> Item | None:
        rows = self._rows(_safe(op.namespace), op.key)
        if not rows:
            return None
        hit = self._to_item(rows[0])
        return Item(
            value=hit.value,
            key=hit.key,
            namespace=hit.namespace,
            created_at=hit.created_at,
            updated_at=hit.updated_at,
        )

    def _put(self, op: PutOp) -> None:
        namespace = _safe(op.namespace)
        existing = self._rows(namespace, op.key)
        if op.value is None:
            for row in existing:
                self.memory.delete(row["id"])
            return
        created = next(filter(None, map(self._created_at, existing)), None)
        value = dict(op.value)
        try:
            encoded = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError) as err:
            msg = (
                f"store value for key {op.key!r} is not JSON-serialisable ({err}); "
                "put plain dicts of str/int/float/bool/list/dict values"
            )
            raise TypeError(msg) from err
        metadata = {
            KEY_FIELD: op.key,
            VALUE_FIELD: encoded,
            CREATED_FIELD: (created or datetime.now(timezone.utc)).isoformat(),
        }
        # infer=False: a store put is a key-value write, stored verbatim (no LLM).
        added = self.memory.add(
            _memory_text(value),
            user_id=namespace_to_user_id(namespace),
            metadata=metadata,
            infer=False,
        )
        # Replace = add the new version, then drop the old one, so a failed add
        # never loses the item that was there.
        kept = {r.get("id") for r in added.get("results", [])}
        for row in existing:
            if row["id"] not in kept:
                self.memory.delete(row["id"])

    def _scopes(self, prefix: tuple[str, ...]) -> list[str]:
        return [
            uid for uid in self.memory.users() if user_id_to_namespace(uid)[: len(prefix)] == prefix
        ]

    def _search(self, op: SearchOp) -> list[SearchItem]:
        if op.limit <= 0:
            return []
        window = op.offset + op.limit
        rows: list[dict[str, Any]] = []
        for uid in self._scopes(_safe(op.namespace_prefix)):
            if op.query:
                # A filter is applied after ranking, so rank the whole scope then.
                limit = (
                    window
                    if not op.filter
                    else max(len(self.memory.get_all(user_id=uid)["results"]), 1)
                )
                rows += self.memory.search(op.query, user_id=uid, limit=limit)["results"]
            else:
                rows += self.memory.get_all(user_id=uid)["results"]
        items = [self._to_item(r) for r in rows]
        if op.filter:
            items = [i for i in items if _matches_filter(i.value, op.filter)]
        if op.query:
            items.sort(key=lambda i: -(i.score or 0.0))
        else:
            items.sort(key=lambda i: (i.updated_at, i.key), reverse=True)
        return items[op.offset : window]

    def _list_namespaces(self, op: ListNamespacesOp) -> list[tuple[str, ...]]:
        conditions = [
            MatchCondition(c.match_type, _safe(c.path)) for c in op.match_conditions or ()
        ]
        namespaces = {user_id_to_namespace(uid) for uid in self.memory.users()}
        found = {
            ns[: op.max_depth] if op.max_depth is not None else ns
            for ns in namespaces
            if all(_matches_namespace(ns, c) for c in conditions)
        }
        return sorted(found)[op.offset : op.offset + op.limit]

    # -- rows -> items --------------------------------------------------------
    @staticmethod
    def _created_at(row: dict[str, Any]) -> datetime | None:
        meta = row.get("metadata") or {}
        return _parse_time(meta.get(CREATED_FIELD)) or _parse_time(row.get("created_at"))

    def _to_item(self, row: dict[str, Any]) -> SearchItem:
        meta = row.get("metadata") or {}
        value: dict[str, Any] | None = None
        if isinstance(meta.get(VALUE_FIELD), str):
            try:
                value = json.loads(meta[VALUE_FIELD])
            except ValueError:
                value = None
        if not isinstance(value, dict):
            # An engine-extracted memory (or a damaged value): expose its text.
            value = {"content": row.get("memory") or ""}
            extra = {k: v for k, v in meta.items() if k not in (KEY_FIELD, VALUE_FIELD)}
            if extra:
                value["metadata"] = extra
        now = datetime.now(timezone.utc)
        created = self._created_at(row) or now
        updated = (
            _parse_time(row.get("updated_at")) or _parse_time(row.get("created_at")) or created
        )
        return SearchItem(
            namespace=user_id_to_namespace(row.get("user_id") or ""),
            key=str(meta.get(KEY_FIELD) or row["id"]),
            value=value,
            created_at=created,
            updated_at=max(updated, created),
            score=row.get("score"),
        )
