"""Decoded memory rows of the search path, kept in step with ``memory.db``.

Every search reads the rows of its reranked head (60-180 memories at 10k): one
``SELECT ... WHERE id IN (...)`` and a decode per row, 0.40 ms of a 3.7 ms search
(``benchmarks/scale.py``), for rows that are mostly the same query after query.
:class:`RowCache` keeps the decoded rows it has read, least recently used first
out, and serves them again until they change.

**In step with every process.** It reads the change log the vector cache keeps
(``lm_vector_changes``, :mod:`langmem_local.vector_cache`): triggers append a
memory's id whenever its row is inserted, deleted, or any column a search reads
changes value, in the writer's own transaction, whichever process or connection
wrote. Access statistics are not among them (search does not read them, and the
batched access writes would evict every hit): cached rows leave them out.
Before every read the cache reads the log's newest sequence number and drops
the rows changed since; a log reset or trimmed past what it saw drops every row.
The sequence number is read *before* any row, so a write committed between the
two is dropped on the next read, never kept.

It also keeps each turn's previous and next turn (:meth:`RowCache.neighbours`),
which the reranker asks for its candidates and their previous turns on every
search of a conversation. Those links move when *another* memory of the session
is written, so they are all dropped whenever the log names any change. And it
keeps the speaker of each fused candidate (:meth:`RowCache.speakers_of`), dropped
with its row.

Inside an open unit of work on the store's connection the cache is not used at
all: its uncommitted rows and log entries could still be rolled back, and a later
write could then take the same sequence numbers.
Nothing here is a source of truth: dropping the cache only costs a re-read.

Example:
    .. code-block:: python

        rows = RowCache(store)
        rows.get(["m1", "m2"])   # {"m1": {...}, "m2": {...}}: read once, then from memory
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from langmem_local.change_log import LogCursor
from langmem_local.stores.sqlite_schema import _MEMORY_NAMES
from langmem_local.vector_cache import LOG_TABLE, ensure_log

__all__ = ["STATS", "RowCache", "RowsProtocol", "StoreRows", "rows_for"]

T = TypeVar("T")

_TRIGGER = f"{LOG_TABLE}_row_update_v1"
STATS = ("access_count", "last_accessed_at")
"""Access statistics: left out of cached rows (search never reads them) and of the
log, so the batched access writes (:mod:`langmem_local.access`) evict nothing."""
# Columns a search reads; id and user_id changes are logged by the vector
# cache's own update trigger already.
_WATCHED = [c for c in _MEMORY_NAMES if c not in ("id", "user_id", *STATS)]
# WHEN: a column named in SET but left as it was (touch() sets
# ``importance = MIN(1.0, importance + 0)`` at the default step) logs nothing.
_DDL = (
    f"CREATE TRIGGER IF NOT EXISTS {_TRIGGER} AFTER UPDATE OF {', '.join(_WATCHED)} ON memories "
    f"WHEN {' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in _WATCHED)} "
    f"BEGIN INSERT INTO {LOG_TABLE}(user_id, memory_id) VALUES (NEW.user_id, NEW.id); END"
)


class RowsProtocol(Protocol):
    """Reads decoded memory rows by id for the search path (rows are read-only)."""

    def get(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows of the ids that are live memories, by id."""
        ...

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next turn of each id (the store's ``neighbours``)."""
        ...

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Speaker of each id that is a live memory (the store's ``speakers_of``)."""
        ...


class StoreRows:
    """Rows straight from the store, for stores whose writes this process cannot see.

    The server profile's PostgreSQL store is shared by many hosts and has no
    change log here, so every search reads its rows.
    """

    def __init__(self, db: Any) -> None:
        self._db = db

    def get(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows of the ids that are live memories, by id."""
        return self._db.get_memories(list(ids)) if ids else {}

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next turn of each id, from the store."""
        return self._db.neighbours(list(ids)) if ids else ({}, {})

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Speaker of each id that is a live memory, from the store."""
        return self._db.speakers_of(list(ids)) if ids else {}


class RowCache:
    """Decoded rows of an embedded store, dropped when the change log names them.

    Args:
        db: The embedded source of truth (:class:`langmem_local.stores.sqlite.MetadataStore`).
        max_rows: Rows kept in all; the least recently read go first.

    The rows returned are shared with the cache: callers must not change them
    (:meth:`langmem_local.retrieval.Retrieval.format` copies what it hands out).
    They are ``get_memories`` rows without the access statistics (:data:`STATS`).
    """

    #: More changes than this since the last read: drop everything instead.
    RELOAD_CHANGES = 5000

    def __init__(self, db: Any, *, max_rows: int = 20_000) -> None:
        self._db = db
        self._max_rows = int(max_rows)
        self._rows: OrderedDict[str, dict[str, Any]] = OrderedDict()
        # memory id -> (previous, next) turn: kept until any memory changes.
        self._links: dict[str, tuple[str | None, str | None]] = {}
        # memory id -> speaker, of the fused candidates (fusion boosts a named speaker's).
        self._speakers: dict[str, str | None] = {}
        self._log = LogCursor(LOG_TABLE)
        with db.transaction() as conn:  # the log, its triggers and this one: one transaction
            ensure_log(db)
            conn.execute(_DDL)
            self._log.skip_to_end(conn)

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows of the ids that are live memories, by id (as ``get_memories``)."""
        if not ids:
            return {}
        # The store's own lock, as the vector cache takes it: one lock, so no
        # order between two locks to get wrong (get_memories takes it again).
        # Held, it also means an open unit of work is this thread's own.
        with self._db.lock:
            if self._db.in_transaction:
                # Its rows and log entries may yet roll back, and a later write
                # could take the same sequence numbers: read, keep nothing.
                return self._db.get_memories(list(ids))
            self._sync()
            rows = self._rows
            out = {i: rows[i] for i in ids if i in rows}
            missing = [i for i in ids if i not in out]
            if not missing:
                return out
            read = self._db.get_memories(missing)
            for row in read.values():
                for column in STATS:
                    row.pop(column, None)
            rows.update(read)
            while len(rows) > self._max_rows:
                rows.popitem(last=False)
        return {**out, **read}

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next turn of each id, as ``MetadataStore.neighbours`` returns them.

        The reranker asks this for its 60 candidates and their previous turns on
        every search of a conversation: two statements of correlated subqueries,
        about 0.3 ms of a LoCoMo search. A turn's neighbours change only when a
        memory is written, so the links are kept until the change log names any
        memory at all (an insert, a delete, or a changed session or category;
        no finer rule to get wrong). Ids come back sorted, as the store's index
        returns them: the reranker stacks vectors in this order, and a
        matrix product's last bits depend on a row's place.
        """
        if not ids:
            return {}, {}
        with self._db.lock:
            links = self._kept(ids, self._links, self._read_links)
            if links is None:
                return self._db.neighbours(list(ids))  # may yet roll back: keep nothing
            prev_out: dict[str, str] = {}
            next_out: dict[str, str] = {}
            for i in sorted(set(ids)):
                before, after = links[i]
                if before is not None:
                    prev_out[i] = before
                if after is not None:
                    next_out[i] = after
        return prev_out, next_out

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Speaker of each id that is a live memory, as ``MetadataStore.speakers_of``.

        Fusion asks this for its 100-odd dense and keyword candidates on every
        search of a conversation. A speaker is dropped when the change log names
        its memory, like a row; an id that is no live memory is asked again.
        """
        if not ids:
            return {}
        with self._db.lock:
            held = self._kept(ids, self._speakers, self._db.speakers_of)
            if held is None:
                return self._db.speakers_of(list(ids))  # may yet roll back: keep nothing
            return {i: held[i] for i in ids if i in held}

    def _read_links(self, ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """``(previous, next)`` of every id, ``(None, None)`` for one with neither."""
        prev_of, next_of = self._db.neighbours(ids)
        return {i: (prev_of.get(i), next_of.get(i)) for i in ids}

    def _kept(
        self, ids: Sequence[str], held: dict[str, T], read: Callable[[list[str]], dict[str, T]]
    ) -> dict[str, T] | None:
        """``held`` in step with ``memory.db`` and holding what ``read`` gives for ``ids``.

        None inside an open unit of work: read the store and keep nothing (see
        :meth:`get`). The caller holds the store's lock.
        """
        if self._db.in_transaction:
            return None
        self._sync()
        missing = [i for i in dict.fromkeys(ids) if i not in held]
        if missing:
            if len(held) + len(missing) > self._max_rows:
                held.clear()
            held.update(read(missing))
        return held

    def _sync(self) -> None:
        """Drop the rows changed since the last read (see :mod:`langmem_local.change_log`)."""
        changed = self._log.changes(
            self._db.conn,
            wanted=bool(self._rows or self._links or self._speakers),
            reload=self.RELOAD_CHANGES,
        )
        if changed is None:
            self._rows.clear()  # reset, trimmed past what we saw, or too far behind
            self._links.clear()
            self._speakers.clear()
            return
        if changed:
            self._links.clear()  # a write anywhere may move a turn's neighbours
        for _, memory_id in changed:
            self._rows.pop(memory_id, None)
            self._speakers.pop(memory_id, None)

    def clear(self) -> None:
        """Forget every row (each is read again on its next search)."""
        with self._db.lock:
            self._rows.clear()
            self._links.clear()
            self._speakers.clear()


def rows_for(db: Any) -> RowsProtocol:
    """A :class:`RowCache` for an embedded store, :class:`StoreRows` for any other."""
    from langmem_local.stores.sqlite import MetadataStore

    return RowCache(db) if isinstance(db, MetadataStore) else StoreRows(db)
