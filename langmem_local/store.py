"""LangGraph ``BaseStore`` backed by the local memory engine.

A namespace is one engine user scope: ``("memories", "alice")`` is stored under
engine ``user_id`` ``"memories/alice"``, so everything the engine offers per
user (semantic search, history, the CLI) works on store items too. Each item is
one memory whose text is ``value["content"]`` (or ``"text"``/``"memory"``) when
that is a string, else the value as compact JSON; the exact value and the key
travel in the memory's metadata, so ``get`` returns the dict that was put.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from langgraph.store.base import (
    NOT_PROVIDED,
    BaseStore,
    GetOp,
    Item,
    ListNamespacesOp,
    MatchCondition,
    NamespacePath,
    NotProvided,
    Op,
    PutOp,
    Result,
    SearchItem,
    SearchOp,
)

if TYPE_CHECKING:
    from langmem_local.protocol import MemoryAPI

KEY_FIELD = "store_key"
"""Metadata field holding the item key."""
VALUE_FIELD = "store_value"
"""Metadata field holding the item value as JSON (a string, so every vector
store can keep it: Chroma metadata cannot hold nested dicts)."""
CREATED_FIELD = "store_created_at"
"""Metadata field keeping the item's first ``created_at`` across replacements."""
TEXT_FIELDS = ("content", "text", "memory")
"""Value fields used, in this order, as the memory text when they hold a string."""

_ESCAPE = re.compile(r"%(25|2E|2F|00)", re.IGNORECASE)


def _escape(text: str, chars: str) -> str:
    out = text.replace("%", "%25")  # first, so the escapes below stay decodable
    for ch in chars:
        out = out.replace(ch, f"%{ord(ch):02X}")
    return out


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def encode_label(value: str) -> str:
    """Make a string a valid LangGraph namespace label (no ``"."``), reversibly.

    ``"."`` becomes ``%2E``, NUL ``%00`` and ``"%"`` ``%25`` (LangGraph refuses
    ``"."`` and NUL in labels); :func:`decode_label` undoes it. Labels without
    those characters are unchanged.
    """
    return _escape(value, ".\x00")


def decode_label(label: str) -> str:
    """Inverse of :func:`encode_label`: ``"bob@x%2Ecom"`` -> ``"bob@x.com"``."""
    return _unescape(label)


def namespace_for_user(user_id: str, prefix: Sequence[str] = ("memories",)) -> tuple[str, ...]:
    """Return the store namespace for a user id; safe for any id (e-mail addresses too).

    LangGraph rejects namespace labels containing ``"."``; this encodes them
    (see :func:`encode_label`) so the namespace works with every ``BaseStore``.
    ``Mem0Store`` maps it back to the real id, so engine and CLI see
    ``"memories/bob@x.com"``.

    Example:
        .. code-block:: python

            ns = namespace_for_user("bob@x.com")  # ("memories", "bob@x%2Ecom")
            store.put(ns, "diet", {"content": "Bob is vegetarian"})
            decode_label(ns[-1])  # "bob@x.com"

    """
    return (*(encode_label(p) for p in prefix), encode_label(user_id))


def _label_value(label: str) -> str:
    """The string a namespace label stands for; only canonical labels have one.

    A label is read as :func:`encode_label` output. Reading raw labels too
    (``"bob@x.com"`` beside ``"bob@x%2Ecom"``) made two namespaces reach the
    same items; a label that is not the encoding of anything is refused, with
    the encoded form to use instead.
    """
    if not isinstance(label, str) or not label:
        msg = f"namespace labels must be non-empty strings, got {label!r}"
        raise ValueError(msg)
    value = decode_label(label)
    if encode_label(value) != label:
        msg = (
            f"namespace label {label!r} is ambiguous: Mem0Store reads labels as encode_label() "
            f"output, so pass {encode_label(label)!r} (encode_label({label!r})), or build the "
            "namespace with namespace_for_user(user_id)"
        )
        raise ValueError(msg)
    return value


def namespace_to_user_id(namespace: Sequence[str]) -> str:
    """Engine user id for a namespace: the labels' values joined by ``"/"``.

    Injective: ``"%"`` and ``"/"`` inside a value are escaped (``%25``, ``%2F``),
    and only canonical labels are accepted (:func:`_label_value`), so two
    different namespaces never map to the same user.
    """
    return "/".join(_escape(_label_value(label), "/") for label in namespace)


def user_id_to_namespace(user_id: str) -> tuple[str, ...]:
    """Inverse of :func:`namespace_to_user_id`, with labels valid for LangGraph."""
    return tuple(encode_label(_unescape(part)) for part in user_id.split("/"))


def _safe(namespace: Sequence[str] | None) -> tuple[str, ...]:
    # Every public method checks its labels up front, so an ambiguous one is
    # refused with the fix before any read or write (see _label_value).
    labels = tuple(namespace or ())
    for label in labels:
        if label != "*":  # LangGraph's wildcard in list_namespaces conditions
            _label_value(label)
    return labels


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


class Mem0Store(BaseStore):
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

    # -- public API: labels checked once, up front (see _safe) -----------------
    def get(
        self, namespace: tuple[str, ...], key: str, *, refresh_ttl: bool | None = None
    ) -> Item | None:
        """Get one item; see :meth:`BaseStore.get`."""
        return super().get(_safe(namespace), key, refresh_ttl=refresh_ttl)

    async def aget(
        self, namespace: tuple[str, ...], key: str, *, refresh_ttl: bool | None = None
    ) -> Item | None:
        """Async :meth:`get`."""
        return await super().aget(_safe(namespace), key, refresh_ttl=refresh_ttl)

    def put(
        self,
        namespace: tuple[str, ...],
        key: str,
        value: dict[str, Any],
        index: Literal[False] | list[str] | None = None,
        *,
        ttl: float | None | NotProvided = NOT_PROVIDED,
    ) -> None:
        """Store or replace an item; see :meth:`BaseStore.put`."""
        super().put(_safe(namespace), key, value, index, ttl=ttl)

    async def aput(
        self,
        namespace: tuple[str, ...],
        key: str,
        value: dict[str, Any],
        index: Literal[False] | list[str] | None = None,
        *,
        ttl: float | None | NotProvided = NOT_PROVIDED,
    ) -> None:
        """Async :meth:`put`."""
        await super().aput(_safe(namespace), key, value, index, ttl=ttl)

    def delete(self, namespace: tuple[str, ...], key: str) -> None:
        """Delete an item; see :meth:`BaseStore.delete`."""
        super().delete(_safe(namespace), key)

    async def adelete(self, namespace: tuple[str, ...], key: str) -> None:
        """Async :meth:`delete`."""
        await super().adelete(_safe(namespace), key)

    def search(
        self,
        namespace_prefix: tuple[str, ...],
        /,
        *,
        query: str | None = None,
        filter: dict[str, Any] | None = None,
        limit: int = 10,
        offset: int = 0,
        refresh_ttl: bool | None = None,
    ) -> list[SearchItem]:
        """Search items under a namespace prefix; see :meth:`BaseStore.search`."""
        return super().search(
            _safe(namespace_prefix),
            query=query,
            filter=filter,
            limit=limit,
            offset=offset,
            refresh_ttl=refresh_ttl,
        )

    async def asearch(
        self,
        namespace_prefix: tuple[str, ...],
        /,
        *,
        query: str | None = None,
        filter: dict[str, Any] | None = None,
        limit: int = 10,
        offset: int = 0,
        refresh_ttl: bool | None = None,
    ) -> list[SearchItem]:
        """Async :meth:`search`."""
        return await super().asearch(
            _safe(namespace_prefix),
            query=query,
            filter=filter,
            limit=limit,
            offset=offset,
            refresh_ttl=refresh_ttl,
        )

    def list_namespaces(
        self,
        *,
        prefix: NamespacePath | None = None,
        suffix: NamespacePath | None = None,
        max_depth: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[tuple[str, ...]]:
        """List namespaces (labels in encoded form); see :meth:`BaseStore.list_namespaces`."""
        return super().list_namespaces(
            prefix=_safe(prefix) or None,
            suffix=_safe(suffix) or None,
            max_depth=max_depth,
            limit=limit,
            offset=offset,
        )

    async def alist_namespaces(
        self,
        *,
        prefix: NamespacePath | None = None,
        suffix: NamespacePath | None = None,
        max_depth: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[tuple[str, ...]]:
        """Async :meth:`list_namespaces`."""
        return await super().alist_namespaces(
            prefix=_safe(prefix) or None,
            suffix=_safe(suffix) or None,
            max_depth=max_depth,
            limit=limit,
            offset=offset,
        )
