"""Users' vectors in memory, for exact dense search, kept in step with ``memory.db``.

Chroma's HNSW query cost 1.1 ms at 10k memories on a quiet 2-CPU machine and
3.8 ms when another process kept one CPU busy (its runtime hands each query
between threads), while ``matrix @ query`` over the same 10k float32 vectors took
0.5-0.6 ms either way. Reading the vectors from SQLite for every query, as the
exact scan of small users did, cost more than the product itself (~15 ms for
10k). :class:`VectorCache` keeps, per user, a float32 matrix of the vectors of
their live memories, so a user of up to :data:`langmem_local.dense.EXACT_SCAN_MAX`
memories is searched exactly. From :data:`langmem_local.dense.PRESCAN_MIN`
memories it also keeps int8 codes of them (a byte a dimension and 8 bytes a
row, counted against the cap; coded at the user's first search, and rows
written since by the next one): their product picks the rows that could be
among the best, and only those are scored in float32, with the same results as
the full product, bit for bit (:func:`langmem_local.dense.top_k_rows`; 0.5-0.7
ms instead of 0.8-1.0 ms at 10k on a busy 2-CPU machine).

**In step with every process.** Triggers on ``memories`` append (user id,
memory id) to ``lm_vector_changes`` whenever a row is inserted or deleted or its
vector or owner changes, in the writer's own transaction, whichever process
wrote. Before every search the cache reads the log's newest sequence number
(one indexed look-up) and re-reads the vectors of the memories changed since,
so a search always sees every committed write. A process that falls further
behind than the log keeps, or sees the log reset, drops its users and reloads
each on its next search. Trimming is done by a trigger (no reader writes).

Inside an open unit of work on the store's connection (reconciliation checks an
ADD for duplicates among the facts it just wrote) the search reads the user's
vectors from ``memory.db`` as that transaction sees them and keeps none of it:
uncommitted changes, and their log entries, may still roll back, and a later
write would take the same sequence numbers.

A user above the exact-scan size is searched in the vector index, but their
vectors are loaded here too when they fit (:meth:`VectorCache.vectors_of`
with ``load_bytes``): the reranker reads 60-180 of them a search, and the
ownership check of the index's hits (:meth:`VectorCache.owned`) answers from
the same rows; at 100k memories the two look-ups in ``memory.db`` cost 1.3 ms
of an 8 ms search.

Nothing here is a source of truth: dropping the cache only costs a reload.

Example:
    .. code-block:: python

        cache = VectorCache(db)
        cache.search("alice", query_vector, limit=50)  # [(memory_id, cosine)], exact
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from langmem_local import dense
from langmem_local.change_log import LogCursor, by_user

__all__ = ["LOG_TABLE", "VectorCache", "ensure_log"]

LOG_TABLE = "lm_vector_changes"
"""The change log: (user id, memory id) of every memory written, in commit order."""
_LOG_ROW = f"INSERT INTO {LOG_TABLE}(user_id, memory_id) VALUES"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "user_id TEXT NOT NULL, memory_id TEXT NOT NULL)",
    f"CREATE TRIGGER IF NOT EXISTS {LOG_TABLE}_insert AFTER INSERT ON memories "
    f"BEGIN {_LOG_ROW} (NEW.user_id, NEW.id); END",
    f"CREATE TRIGGER IF NOT EXISTS {LOG_TABLE}_delete AFTER DELETE ON memories "
    f"BEGIN {_LOG_ROW} (OLD.user_id, OLD.id); END",
    f"CREATE TRIGGER IF NOT EXISTS {LOG_TABLE}_update AFTER UPDATE OF embedding, user_id, id "
    f"ON memories BEGIN {_LOG_ROW} (OLD.user_id, OLD.id), (NEW.user_id, NEW.id); END",
    # Keep the last 100,000 changes; a process further behind reloads its users.
    f"CREATE TRIGGER IF NOT EXISTS {LOG_TABLE}_trim AFTER INSERT ON {LOG_TABLE} "
    f"WHEN NEW.seq % 10000 = 0 BEGIN DELETE FROM {LOG_TABLE} WHERE seq <= NEW.seq - 100000; END",
)


def ensure_log(db: Any) -> None:
    """Create the change log and its triggers in ``db`` if missing (one transaction)."""
    with db.transaction() as conn:
        for statement in _DDL:
            conn.execute(statement)


class _UserMatrix:
    """One user's vectors: rows in load order, deleted rows masked until compacted.

    Row norms are kept, and from the first search of a user of
    :data:`langmem_local.dense.PRESCAN_MIN` rows or more, their int8 codes
    (:func:`langmem_local.dense.quantize`; rows written since are re-coded by
    the next search); cosines are computed as
    :func:`langmem_local.dense.exact_top_k` computes them. ``prescan=False``
    (a matrix searched once) never codes its rows.
    """

    def __init__(self, ids: list[str], matrix: np.ndarray, *, prescan: bool = True) -> None:
        self.ids: list[str | None] = list(ids)
        self.row = {memory_id: n for n, memory_id in enumerate(ids)}
        n = len(ids)
        # Room for an eighth more: without it, the first add after loading a
        # large user copied all their vectors (100k: 154 MB, 0.2-0.5 s, inside
        # the next search).
        room = n // 8 + 16
        self.matrix = np.zeros((n + room, np.shape(matrix)[1]), dtype=np.float32)
        self.matrix[:n] = matrix
        self.norms = np.zeros(n + room, dtype=np.float32)
        self.norms[:n] = np.linalg.norm(self.matrix[:n], axis=1)
        self.alive = np.zeros(n + room, dtype=bool)
        self.alive[:n] = True
        self.size = n
        self.prescan = prescan
        self.codes: tuple[np.ndarray, np.ndarray] | None = None  # quantize()'s, with room
        self.stale: set[int] = set()  # rows written since they were coded

    @property
    def dims(self) -> int:
        return int(self.matrix.shape[1])

    @property
    def nbytes(self) -> int:
        # The vectors held, and their codes (a byte a dimension, 8 bytes a row);
        # the room past them (zero pages until written) is not counted.
        per_row = self.dims * self.matrix.itemsize + (self.dims + 8) * (self.codes is not None)
        return int(self.size * per_row)

    def upsert(self, memory_id: str, vector: np.ndarray) -> None:
        """Set one memory's vector (same dimension as the others)."""
        if not self.row and self.dims != vector.shape[0]:
            empty = np.zeros((0, vector.shape[0]), np.float32)
            self.__init__([], empty, prescan=self.prescan)  # type: ignore[misc]
        row = self.row.get(memory_id)
        if row is None:
            if self.size == len(self.matrix):  # grow by half
                grow = max(16, self.size // 2)
                self.matrix = np.concatenate([self.matrix, np.zeros((grow, self.dims), np.float32)])
                self.norms = np.concatenate([self.norms, np.zeros(grow, np.float32)])
                self.alive = np.concatenate([self.alive, np.zeros(grow, dtype=bool)])
                if self.codes is not None:
                    self.codes = self._with_room(*self.codes)
            row, self.size = self.size, self.size + 1
            self.ids.append(memory_id)
            self.row[memory_id] = row
        self.matrix[row] = vector
        self.norms[row] = np.linalg.norm(self.matrix[row : row + 1], axis=1)[0]
        self.alive[row] = True
        if self.codes is not None:
            self.stale.add(row)

    def delete(self, memory_id: str) -> None:
        """Drop one memory (unknown ids are ignored); compact once half the rows are dead."""
        row = self.row.pop(memory_id, None)
        if row is None:
            return
        self.alive[row] = False
        self.ids[row] = None
        dead = self.size - len(self.row)
        if dead > 64 and dead > len(self.row):
            keep = np.flatnonzero(self.alive[: self.size])
            codes = None if self.codes is None else self.coded()
            ids = [str(self.ids[i]) for i in keep]
            self.__init__(ids, self.matrix[keep], prescan=self.prescan)  # type: ignore[misc]
            if codes is not None:  # carried over, not coded again
                self.codes = self._with_room(codes[0][keep], codes[1][:, keep])

    def search(self, vector: list[float], limit: int) -> list[tuple[str, float]]:
        """Exact cosine top-``limit``, best first (ties by row)."""
        live = len(self.row)
        if live == 0 or limit <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32)
        if q.shape[0] != self.dims:
            msg = (
                f"query vector has dimension {q.shape[0]} but the stored vectors have "
                f"{self.dims}; search with the embedder that built this data directory"
            )
            raise ValueError(msg)
        n = self.size
        alive = None if live == n else self.alive[:n]
        codes = self.coded()
        top, sims = dense.top_k_rows(
            self.matrix[:n], self.norms[:n], q, min(limit, live), alive=alive, codes=codes
        )
        ids = self.ids
        return list(zip([str(ids[i]) for i in top.tolist()], sims.tolist(), strict=True))

    def coded(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The rows' int8 codes, brought up to date; None where a search does not use them."""
        n = self.size
        if self.codes is None:
            if not (self.prescan and dense.prescan_pays(n, self.dims)):
                return None
            self.codes, self.stale = self._with_room(*dense.quantize(self.matrix[:n])), set()
        codes, bounds = self.codes
        if self.stale:
            rows = np.fromiter(self.stale, np.intp, len(self.stale))
            codes[rows], bounds[:, rows] = dense.quantize(self.matrix[rows])
            self.stale.clear()
        return codes[:n], bounds[:, :n]

    def _with_room(self, codes: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:func:`langmem_local.dense.quantize`'s arrays, padded to the matrix's length."""
        n, room = len(codes), len(self.matrix)
        padded = np.zeros((room, self.dims), np.int8), np.zeros((2, room), np.float32)
        padded[0][:n], padded[1][:, :n] = codes, bounds
        return padded


class VectorCache:
    """Exact dense search over users' vectors held in memory (see the module docstring).

    Args:
        db: The embedded source of truth (:class:`langmem_local.stores.sqlite.MetadataStore`).
        max_bytes: Vectors kept in all; the least recently searched users go first
            (the user being searched always stays).
    """

    #: More changes than this since the last search: reload users instead.
    RELOAD_CHANGES = 5000

    def __init__(self, db: Any, *, max_bytes: int = 256 * 1024 * 1024) -> None:
        self._db = db
        self._max_bytes = int(max_bytes)
        self._users: OrderedDict[str, _UserMatrix] = OrderedDict()
        self._log = LogCursor(LOG_TABLE)
        ensure_log(db)
        self._log.skip_to_end(db.conn)

    def cached(self, user_id: str) -> bool:
        """Whether this user's vectors are in memory now."""
        return user_id in self._users

    def search(self, user_id: str, vector: list[float], limit: int) -> list[tuple[str, float]]:
        """The user's ``limit`` memories most cosine-similar to ``vector``, exactly, best first.

        Raises:
            ValueError: The query's dimension differs from the stored vectors'.
        """
        with self._db.lock:
            if self._db.in_transaction:
                # Uncommitted changes (and their log entries) may yet roll back,
                # and a later write could take the same sequence numbers: search
                # this unit of work's view without reading or keeping any of it.
                ids, matrix = self._db.user_vectors(user_id)
                if matrix is None:
                    return []
                return _UserMatrix(ids, matrix, prescan=False).search(vector, limit)
            self._sync()
            user = self._users.get(user_id)
            if user is None:
                user = self._load(user_id, search=True)
            else:
                self._users.move_to_end(user_id)
            return user.search(vector, limit)

    def vectors_of(
        self, user_id: str, ids: Sequence[str], *, load_bytes: int = 0
    ) -> tuple[list[str], np.ndarray] | None:
        """The cached vectors of those ``ids`` this user holds, in the order given.

        Args:
            user_id: Whose vectors.
            ids: The memories wanted.
            load_bytes: The user's vectors would take about this much memory:
                load them now if they are not held and fit beside what is held
                (0: never load, answer only from what is held). Never by
                evicting another user: two large users searched in turn would
                otherwise reload each other's vectors on every search.

        Returns:
            ``(ids, matrix)``: the ids found and a fresh float32 matrix of their
            vectors, one row each; None when the user's vectors are not in memory
            (then read them from ``memory.db``).
        """
        with self._db.lock:
            user = self._held(user_id, load_bytes)
            if user is None:
                return None
            rows = user.row
            found = [i for i in ids if i in rows]
            return found, user.matrix[[rows[i] for i in found]]

    def owned(self, user_id: str, ids: Sequence[str]) -> set[str] | None:
        """Those of ``ids`` that are this user's live memories with a vector, now.

        None when the user's vectors are not in memory (ask ``memory.db``).
        """
        with self._db.lock:
            user = self._held(user_id)
            if user is None:
                return None
            rows = user.row
            return {i for i in ids if i in rows}

    def _held(self, user_id: str, load_bytes: int = 0) -> _UserMatrix | None:
        """The user's vectors in step with ``memory.db``, or None (caller holds the lock).

        None inside a unit of work (read ``memory.db``, see :meth:`search`) and
        when the user is not held and ``load_bytes`` does not fit beside what is.
        """
        if self._db.in_transaction:
            return None
        self._sync()
        user = self._users.get(user_id)
        if user is None and load_bytes > 0:
            held = sum(u.nbytes for u in self._users.values())
            if load_bytes <= self._max_bytes - held:
                user = self._load(user_id)
        if user is not None:
            self._users.move_to_end(user_id)
        return user

    def _sync(self) -> None:
        """Apply committed changes since the last search (see :mod:`langmem_local.change_log`)."""
        changed = self._log.changes(
            self._db.conn, wanted=bool(self._users), reload=self.RELOAD_CHANGES
        )
        if changed is None:
            self._users.clear()  # reset, trimmed past what we saw, or too far behind
            return
        self._apply(by_user(changed, self._users))

    def _apply(self, changed: dict[str, set[str]]) -> None:
        for user_id, ids in changed.items():
            user = self._users[user_id]
            live = self._db.vectors(sorted(ids))
            for memory_id in sorted(ids):
                owner_vector = live.get(memory_id)
                if owner_vector is None or owner_vector[0] != user_id:
                    user.delete(memory_id)  # deleted, vector cleared, or moved to another user
                elif user.row and owner_vector[1].shape[0] != user.dims:
                    del self._users[user_id]  # mixed dimensions: reloaded, and reported, on search
                    break
                else:
                    user.upsert(memory_id, owner_vector[1])

    def _load(self, user_id: str, *, search: bool = False) -> _UserMatrix:
        ids, matrix = self._db.user_vectors(user_id)
        user = _UserMatrix(ids, np.zeros((0, 0), np.float32) if matrix is None else matrix)
        if search:
            user.coded()  # now, so that the codes count against the cap below
        self._users[user_id] = user
        total = sum(u.nbytes for u in self._users.values())
        while total > self._max_bytes and len(self._users) > 1:
            _, dropped = self._users.popitem(last=False)
            total -= dropped.nbytes
        return user

    def clear(self) -> None:
        """Forget every user (they are reloaded on their next search)."""
        with self._db.lock:
            self._users.clear()
