"""The embedded store's vectors and vector outbox: the source of the derived vector index.

Mixed into :class:`~langmem_local.stores.sqlite.MetadataStore` (whose
``lock``/``conn``/``transaction`` it uses). Every write enqueues the memories
whose vector-index entry must change in the same transaction;
:class:`langmem_local.vector_index.VectorIndex` drains the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from langmem_local.stores.sqlite_schema import (
    _MEMORY_COLS,
    _MEMORY_NAMES,
    _id_chunks,
    _memory,
    _tuples,
)


class _SqliteVectors:
    """Vector and outbox methods of :class:`MetadataStore`."""

    def enqueue_vectors(self, memory_ids: Sequence[str]) -> None:
        """Mark memories whose vector-index entry must be rewritten or removed.

        Called inside the write's transaction, so the index can never miss a
        committed change: :class:`langmem_local.vector_index.VectorIndex`
        drains the outbox after the commit, or on the next open after a crash.
        """
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO vector_outbox(memory_id) VALUES (?)", [(i,) for i in memory_ids]
            )

    def outbox(self, limit: int = 10_000) -> list[tuple[int, str]]:
        """Pending ``(seq, memory_id)`` entries of the vector outbox, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT seq, memory_id FROM vector_outbox ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def clear_outbox(self, up_to_seq: int, memory_ids: Sequence[str]) -> None:
        """Drop drained outbox entries (only those at or below ``up_to_seq``)."""
        with self.transaction() as c:
            c.executemany(
                "DELETE FROM vector_outbox WHERE memory_id = ? AND seq <= ?",
                [(i, up_to_seq) for i in memory_ids],
            )

    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, np.ndarray]]:
        """``memory id -> (owner, vector)`` for live memories that have one."""
        out: dict[str, tuple[str, np.ndarray]] = {}
        with self.lock:
            for chunk, marks in _id_chunks(ids):
                for r in self.conn.execute(
                    f"SELECT id, user_id, embedding FROM memories WHERE id IN ({marks}) "
                    "AND embedding IS NOT NULL",
                    chunk,
                ):
                    out[r[0]] = (r[1], np.frombuffer(r[2], dtype=np.float32))
        return out

    def memories_and_vectors(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, np.ndarray]]]:
        """Rows (as :meth:`get_memories`) and ``(owner, vector)`` (as :meth:`vectors`) of ids.

        One statement per 500 ids: the reranker reads both for the same 60-180
        memories of every search, and a second look-up walked the same pages again.
        """
        rows: dict[str, dict[str, Any]] = {}
        vecs: dict[str, tuple[str, np.ndarray]] = {}
        with self.lock:
            cur = _tuples(self.conn)
            for chunk, marks in _id_chunks(ids):
                for r in cur.execute(
                    f"SELECT {_MEMORY_COLS}, embedding FROM memories WHERE id IN ({marks})", chunk
                ).fetchall():
                    # The embedding, last, is left out of the row.
                    row = dict(zip(_MEMORY_NAMES, r, strict=False))
                    if r[-1] is not None:
                        vecs[r[0]] = (row["user_id"], np.frombuffer(r[-1], np.float32))
                    rows[r[0]] = _memory(row)
        return rows, vecs

    def user_vectors(self, user_id: str) -> tuple[list[str], np.ndarray | None]:
        """Ids and vectors of a user's live memories (for an exact scan)."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT id, embedding FROM memories WHERE user_id = ? AND embedding IS NOT NULL",
                (user_id,),
            ).fetchall()
        if not rows:
            return [], None
        mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
        return [r[0] for r in rows], mat.reshape(len(rows), -1)

    def memory_ids(self) -> set[str]:
        """Ids of every live memory (to reconcile the vector index with)."""
        with self.lock:
            return {r[0] for r in self.conn.execute("SELECT id FROM memories")}
