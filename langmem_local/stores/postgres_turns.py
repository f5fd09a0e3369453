"""The server profile's turn queue: raw turns persisted before extraction, on PostgreSQL.

Mixed into :class:`~langmem_local.stores.postgres_memories.PgMetadataStore`
(whose ``_rows``/``_write`` run the statements); same contract as the SQLite
store's turns.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from langmem_local.stores.postgres_schema import turn as _turn
from langmem_local.stores.sqlite import iso, utcnow


class _PgTurns:
    """Turn queue methods of :class:`PgMetadataStore`."""

    # -- turns ----------------------------------------------------------------
    def enqueue_turn(
        self, user_id: str, messages: list[dict[str, Any]], metadata: dict[str, Any]
    ) -> str:
        """Persist a raw turn before anything can fail; returns its id."""
        turn_id = str(uuid.uuid4())
        self._write(
            "INSERT INTO turns (id, user_id, messages, metadata, status, created_at) "
            "VALUES (%s, %s, %s, %s, 'pending', %s)",
            (turn_id, user_id, json.dumps(messages), json.dumps(metadata), iso(utcnow())),
        )
        return turn_id

    def get_turn(self, turn_id: str) -> dict[str, Any] | None:
        """One turn with decoded messages/metadata."""
        rows = self._rows("SELECT * FROM turns WHERE id = %s", (turn_id,))
        return _turn(rows[0]) if rows else None

    def pending_turns(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns whose extraction has not succeeded yet, oldest first."""
        if user_id is None:
            rows = self._rows("SELECT * FROM turns WHERE status = 'pending' ORDER BY created_at")
        else:
            rows = self._rows(
                "SELECT * FROM turns WHERE status = 'pending' AND user_id = %s ORDER BY created_at",
                (user_id,),
            )
        return [_turn(r) for r in rows]

    def mark_turn(self, turn_id: str, *, done: bool, error: str | None = None) -> None:
        """Record one processing attempt of a turn."""
        self._write(
            "UPDATE turns SET status = %s, attempts = attempts + 1, error = %s, "
            "processed_at = %s WHERE id = %s",
            ("done" if done else "pending", error, iso(utcnow()), turn_id),
        )

    def erase_turns(self, turn_ids: Sequence[str]) -> None:
        """Remove raw turns (when a memory extracted from them is erased)."""
        self._write("DELETE FROM turns WHERE id = ANY(%s)", (list(turn_ids),))
