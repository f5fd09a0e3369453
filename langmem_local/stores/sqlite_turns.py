"""The embedded store's turn queue: raw turns persisted before extraction.

Mixed into :class:`~langmem_local.stores.sqlite.MetadataStore` (whose
``lock``/``conn``/``transaction`` it uses); same contract as the PostgreSQL
store's turns.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from langmem_local.stores.sqlite_schema import _turn, iso, utcnow


class _SqliteTurns:
    """Turn queue methods of :class:`MetadataStore`."""

    # -- turns ----------------------------------------------------------------
    def enqueue_turn(
        self, user_id: str, messages: list[dict[str, Any]], metadata: dict[str, Any]
    ) -> str:
        """Persist a raw turn before anything can fail; returns its id."""
        turn_id = str(uuid.uuid4())
        with self.transaction() as c:
            c.execute(
                "INSERT INTO turns(id, user_id, messages, metadata, status, created_at) "
                "VALUES (?, ?, ?, ?, 'pending', ?)",
                (turn_id, user_id, json.dumps(messages), json.dumps(metadata), iso(utcnow())),
            )
        return turn_id

    def get_turn(self, turn_id: str) -> dict[str, Any] | None:
        """One turn with decoded messages/metadata."""
        with self.lock:
            row = self.conn.execute("SELECT * FROM turns WHERE id = ?", (turn_id,)).fetchone()
        return _turn(row) if row else None

    def pending_turns(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns whose extraction has not succeeded yet, oldest first."""
        sql = "SELECT * FROM turns WHERE status = 'pending'"
        args: tuple[Any, ...] = ()
        if user_id is not None:
            sql += " AND user_id = ?"
            args = (user_id,)
        with self.lock:
            rows = self.conn.execute(sql + " ORDER BY created_at", args).fetchall()
        return [_turn(r) for r in rows]

    def mark_turn(self, turn_id: str, *, done: bool, error: str | None = None) -> None:
        """Record one processing attempt of a turn."""
        with self.transaction() as c:
            c.execute(
                "UPDATE turns SET status = ?, attempts = attempts + 1, error = ?, "
                "processed_at = ? WHERE id = ?",
                ("done" if done else "pending", error, iso(utcnow()), turn_id),
            )
