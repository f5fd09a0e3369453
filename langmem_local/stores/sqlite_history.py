"""The embedded store's change records: Mem0 history, memory versions and the audit log.

Mixed into :class:`~langmem_local.stores.sqlite.MetadataStore` (whose
``lock``/``conn``/``transaction`` it uses): what changed when (history in Mem0's
shape), what was true when (versions with valid-from / valid-to) and who did
what (audit entries, never memory text).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from langmem_local.stores.sqlite_schema import _version, iso, utcnow


class _SqliteHistory:
    """History, version and audit methods of :class:`MetadataStore`."""

    # -- history (Mem0's shape) ---------------------------------------------
    def record_history(
        self,
        memory_id: str,
        old: str | None,
        new: str | None,
        event: str,
        *,
        actor_id: str | None = None,
        role: str | None = None,
    ) -> None:
        """Append one ADD / UPDATE / DELETE event in Mem0's history format."""
        now = iso(utcnow())
        with self.transaction() as c:
            c.execute(
                "INSERT INTO history(id, memory_id, old_memory, new_memory, event, created_at, "
                "updated_at, is_deleted, actor_id, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    memory_id,
                    old,
                    new,
                    event,
                    now,
                    now,
                    int(event == "DELETE"),
                    actor_id,
                    role,
                ),
            )

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        """Change history of a memory, oldest first (Mem0's ``history()`` rows)."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT id, memory_id, old_memory, new_memory, event, created_at, updated_at, "
                "is_deleted, actor_id, role FROM history WHERE memory_id = ? "
                "ORDER BY created_at, rowid",
                (memory_id,),
            ).fetchall()
        return [{**dict(r), "is_deleted": bool(r["is_deleted"])} for r in rows]

    # -- versions -------------------------------------------------------------
    def add_version(
        self,
        *,
        memory_id: str,
        user_id: str,
        text: str,
        embedding: Sequence[float] | None,
        metadata: dict[str, Any],
        valid_from: datetime,
        event: str,
        valid_to: datetime | None = None,
    ) -> None:
        """Record a version of a memory (open unless ``valid_to`` is given).

        Close the previous open version first; a closed ``valid_to`` lets an
        import replay a memory's past.
        """
        blob = None if embedding is None else np.asarray(embedding, np.float32).tobytes()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO memory_versions(id, memory_id, user_id, text, embedding, metadata, "
                "valid_from, valid_to, recorded_at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    memory_id,
                    user_id,
                    text,
                    blob,
                    json.dumps(metadata),
                    iso(valid_from),
                    iso(valid_to),
                    iso(utcnow()),
                    event,
                ),
            )

    def close_version(self, memory_id: str, valid_to: datetime) -> None:
        """Mark the open version of a memory as no longer true from ``valid_to``."""
        with self.transaction() as c:
            c.execute(
                "UPDATE memory_versions SET valid_to = ? WHERE memory_id = ? AND valid_to IS NULL",
                (iso(valid_to), memory_id),
            )

    def versions(self, memory_id: str) -> list[dict[str, Any]]:
        """All versions of one memory, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM memory_versions WHERE memory_id = ? ORDER BY recorded_at, rowid",
                (memory_id,),
            ).fetchall()
        return [_version(r) for r in rows]

    def versions_as_of(self, user_id: str, as_of: datetime) -> list[dict[str, Any]]:
        """Versions of a user's memories that were true at ``as_of`` (valid time).

        Valid time, not recording time: a conversation imported today about last
        year still answers what was true last year.
        """
        t = iso(as_of)
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM memory_versions WHERE user_id = ? AND valid_from <= ? "
                "AND (valid_to IS NULL OR valid_to > ?)",
                (user_id, t, t),
            ).fetchall()
        return [_version(r) for r in rows]

    # -- audit ----------------------------------------------------------------
    def audit(
        self,
        action: str,
        *,
        actor: str,
        user_id: str | None = None,
        memory_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one audit entry (ids and events only, never memory text)."""
        with self.transaction() as c:
            c.execute(
                "INSERT INTO audit_log(ts, actor, user_id, memory_id, action, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (iso(utcnow()), actor, user_id, memory_id, action, json.dumps(detail or {})),
            )

    def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Latest audit entries, newest first."""
        sql = "SELECT * FROM audit_log"
        args: tuple[Any, ...] = ()
        if user_id is not None:
            sql += " WHERE user_id = ?"
            args = (user_id,)
        with self.lock:
            rows = self.conn.execute(sql + " ORDER BY seq DESC LIMIT ?", (*args, limit)).fetchall()
        return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]
