"""Reads of live memory rows in the embedded store: by id, by user, per session.

Mixed into :class:`~langmem_local.stores.sqlite.MetadataStore` (whose
``lock``/``conn`` it uses). Search calls several of these for every query
(owners, speakers, neighbouring turns, the user's share), so each is one
statement, chunked at 500 ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langmem_local.stores.sqlite_schema import (
    _MEMORY_COLS,
    _MEMORY_NAMES,
    _id_chunks,
    _memory,
    _tuples,
)


class _SqliteMemoryReads:
    """Memory row reads of :class:`MetadataStore`."""

    def get_memory(self, memory_id: str) -> dict[str, Any] | None:
        """One memory row, decoded."""
        with self.lock:
            row = self.conn.execute(
                f"SELECT {_MEMORY_COLS} FROM memories WHERE id = ?", (memory_id,)
            ).fetchone()
        return _memory(row) if row else None

    def get_memories(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows for several ids (missing ids are left out)."""
        if not ids:
            return {}
        out: dict[str, dict[str, Any]] = {}
        with self.lock:
            cur = _tuples(self.conn)
            for chunk, marks in _id_chunks(ids):
                rows = cur.execute(
                    f"SELECT {_MEMORY_COLS} FROM memories WHERE id IN ({marks})", chunk
                ).fetchall()
                out.update({r[0]: _memory(dict(zip(_MEMORY_NAMES, r, strict=True))) for r in rows})
        return out

    def user_memories(self, user_id: str) -> list[dict[str, Any]]:
        """Every live memory of a user, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                f"SELECT {_MEMORY_COLS} FROM memories WHERE user_id = ? ORDER BY created_at, rowid",
                (user_id,),
            ).fetchall()
        return [_memory(r) for r in rows]

    def users(self) -> list[str]:
        """User ids with at least one live memory or pending turn."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT user_id FROM memories UNION SELECT user_id FROM turns "
                "WHERE status = 'pending' ORDER BY 1"
            ).fetchall()
        return [r[0] for r in rows]

    def speakers(self, user_id: str) -> list[str]:
        """Speaker names of a user's verbatim memories.

        Kept in a table rather than scanned: search asks on every query.
        """
        with self.lock:
            rows = self.conn.execute(
                "SELECT speaker FROM speakers WHERE user_id = ? ORDER BY speaker", (user_id,)
            ).fetchall()
        return [r[0] for r in rows]

    def user_share(self, user_id: str) -> float:
        """The user's fraction of all live memories (0 when there are none)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT (SELECT n FROM user_counts WHERE user_id = ?), "
                "(SELECT SUM(n) FROM user_counts)",
                (user_id,),
            ).fetchone()
        return (row[0] or 0) / row[1] if row[1] else 0.0

    def user_count(self, user_id: str) -> int:
        """Live memories of one user (kept by triggers, one indexed look-up)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT n FROM user_counts WHERE user_id = ?", (user_id,)
            ).fetchone()
        return int(row[0]) if row else 0

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """``memory id -> speaker`` of live memories, without decoding whole rows.

        Search fuses about a hundred candidates per query and needs only this of most.
        """
        out: dict[str, str | None] = {}
        with self.lock:
            for chunk, marks in _id_chunks(ids):
                out.update(
                    self.conn.execute(
                        f"SELECT id, speaker FROM memories WHERE id IN ({marks})", chunk
                    ).fetchall()
                )
        return out

    def owners(self, ids: Sequence[str]) -> dict[str, str]:
        """``memory id -> user id`` for the ids that are live memories."""
        out: dict[str, str] = {}
        with self.lock:
            for chunk, marks in _id_chunks(ids):
                out.update(
                    self.conn.execute(
                        f"SELECT id, user_id FROM memories WHERE id IN ({marks})", chunk
                    ).fetchall()
                )
        return out

    def recent_messages(self, user_id: str, run_id: str | None, n: int) -> list[str]:
        """Texts of the last ``n`` verbatim memories of a session, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT text FROM memories WHERE user_id = ? AND run_id IS ? "
                "AND category = 'message' ORDER BY rowid DESC LIMIT ?",
                (user_id, run_id, n),
            ).fetchall()
        return [r[0] for r in reversed(rows)]

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next verbatim memory in the same session, for each id.

        One statement with correlated subqueries on the (user, session,
        category) index: search asks this for every candidate of every query.
        """
        prev_of: dict[str, str] = {}
        next_of: dict[str, str] = {}
        same = (
            "FROM memories n WHERE n.user_id = m.user_id AND n.run_id IS m.run_id "
            "AND n.category = 'message' AND n.rowid {op} m.rowid ORDER BY n.rowid {order} LIMIT 1"
        )
        with self.lock:
            for chunk, marks in _id_chunks(ids):
                rows = self.conn.execute(
                    f"SELECT m.id, (SELECT n.id {same.format(op='<', order='DESC')}), "
                    f"(SELECT n.id {same.format(op='>', order='ASC')}) FROM memories m "
                    f"WHERE m.id IN ({marks}) AND m.category = 'message'",
                    chunk,
                ).fetchall()
                for memory_id, prev_id, next_id in rows:
                    if prev_id is not None:
                        prev_of[memory_id] = prev_id
                    if next_id is not None:
                        next_of[memory_id] = next_id
        return prev_of, next_of
