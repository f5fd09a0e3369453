"""Reads of live memory rows in the server profile: by id, by user, per session.

Mixed into :class:`~langmem_local.stores.postgres_memories.PgMetadataStore`
(whose ``_rows`` it uses), as :mod:`langmem_local.stores.sqlite_reads` is into
the embedded store. Search calls several of these for every query (owners,
speakers, neighbouring turns, the user's share), so each is one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langmem_local.stores.postgres_schema import MEMORY_COLS, SESSION
from langmem_local.stores.postgres_schema import memory as _memory


class _PgMemoryReads:
    """Memory row reads of :class:`PgMetadataStore`."""

    def get_memory(self, memory_id: str) -> dict[str, Any] | None:
        """One memory row, decoded."""
        rows = self._rows(f"SELECT {MEMORY_COLS} FROM memories WHERE id = %s", (memory_id,))
        return _memory(rows[0]) if rows else None

    def get_memories(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows for several ids (missing ids are left out)."""
        if not ids:
            return {}
        rows = self._rows(f"SELECT {MEMORY_COLS} FROM memories WHERE id = ANY(%s)", (list(ids),))
        return {r["id"]: _memory(r) for r in rows}

    def user_memories(self, user_id: str) -> list[dict[str, Any]]:
        """Every live memory of a user, oldest first."""
        rows = self._rows(
            f"SELECT {MEMORY_COLS} FROM memories WHERE user_id = %s ORDER BY created_at, seq",
            (user_id,),
        )
        return [_memory(r) for r in rows]

    def users(self) -> list[str]:
        """User ids with at least one live memory or pending turn (code point order)."""
        rows = self._rows(
            "SELECT user_id FROM (SELECT user_id FROM memories UNION SELECT user_id FROM turns "
            "WHERE status = 'pending') AS u ORDER BY user_id COLLATE \"C\""
        )
        return [r["user_id"] for r in rows]

    def speakers(self, user_id: str) -> list[str]:
        """Speaker names of a user's verbatim memories."""
        rows = self._rows(
            'SELECT speaker FROM speakers WHERE user_id = %s ORDER BY speaker COLLATE "C"',
            (user_id,),
        )
        return [r["speaker"] for r in rows]

    def user_share(self, user_id: str) -> float:
        """The user's fraction of all live memories (0 when there are none)."""
        rows = self._rows(
            "SELECT (SELECT n FROM user_counts WHERE user_id = %s) AS mine, "
            "(SELECT SUM(n) FROM user_counts) AS total",
            (user_id,),
        )
        mine, total = rows[0]["mine"] or 0, rows[0]["total"] or 0
        return float(mine) / float(total) if total else 0.0

    def owners(self, ids: Sequence[str]) -> dict[str, str]:
        """``memory id -> user id`` for the ids that are live memories."""
        rows = self._rows("SELECT id, user_id FROM memories WHERE id = ANY(%s)", (list(ids),))
        return {r["id"]: r["user_id"] for r in rows}

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """``memory id -> speaker`` of live memories, without decoding whole rows."""
        rows = self._rows("SELECT id, speaker FROM memories WHERE id = ANY(%s)", (list(ids),))
        return {r["id"]: r["speaker"] for r in rows}

    def recent_messages(self, user_id: str, run_id: str | None, n: int) -> list[str]:
        """Texts of the last ``n`` verbatim memories of a session, oldest first."""
        rows = self._rows(
            f"SELECT text FROM memories m WHERE user_id = %s AND {SESSION.format('m')} = "
            "coalesce(%s, E'\\x01') AND category = 'message' ORDER BY seq DESC LIMIT %s",
            (user_id, run_id, n),
        )
        return [r["text"] for r in reversed(rows)]

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next verbatim memory in the same session, for each id."""
        if not ids:
            return {}, {}
        same = (
            f"FROM memories n WHERE n.user_id = m.user_id AND {SESSION.format('n')} = "
            f"{SESSION.format('m')} AND n.category = 'message' AND n.seq {{op}} m.seq "
            "ORDER BY n.seq {order} LIMIT 1"
        )
        rows = self._rows(
            f"SELECT m.id, (SELECT n.id {same.format(op='<', order='DESC')}) AS prev, "
            f"(SELECT n.id {same.format(op='>', order='ASC')}) AS next FROM memories m "
            "WHERE m.id = ANY(%s) AND m.category = 'message'",
            (list(ids),),
        )
        prev_of = {r["id"]: r["prev"] for r in rows if r["prev"] is not None}
        next_of = {r["id"]: r["next"] for r in rows if r["next"] is not None}
        return prev_of, next_of
