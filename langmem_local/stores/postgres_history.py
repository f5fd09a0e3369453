"""The server profile's change records: Mem0 history, memory versions and the audit log.

Mixed into :class:`~langmem_local.stores.postgres_memories.PgMetadataStore`
(whose ``_rows``/``_write`` run the statements): what changed when (history in
Mem0's shape), what was true when (versions with valid-from / valid-to) and
who did what (audit entries, never memory text).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from langmem_local.stores.postgres_schema import VERSION_COLS
from langmem_local.stores.postgres_schema import blob as _blob
from langmem_local.stores.postgres_schema import version as _version
from langmem_local.stores.sqlite import iso, utcnow


class _PgHistory:
    """History, version and audit methods of :class:`PgMetadataStore`."""

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
        self._write(
            "INSERT INTO history (id, memory_id, old_memory, new_memory, event, created_at, "
            "updated_at, is_deleted, actor_id, role) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
        rows = self._rows(
            "SELECT id, memory_id, old_memory, new_memory, event, created_at, updated_at, "
            "is_deleted, actor_id, role FROM history WHERE memory_id = %s "
            "ORDER BY created_at, seq",
            (memory_id,),
        )
        return [{**r, "is_deleted": bool(r["is_deleted"])} for r in rows]

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
        """Record a version of a memory (open unless ``valid_to`` is given)."""
        self._write(
            f"INSERT INTO memory_versions ({VERSION_COLS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                str(uuid.uuid4()),
                memory_id,
                user_id,
                text,
                _blob(embedding),
                json.dumps(metadata),
                iso(valid_from),
                iso(valid_to),
                iso(utcnow()),
                event,
            ),
        )

    def close_version(self, memory_id: str, valid_to: datetime) -> None:
        """Mark the open version of a memory as no longer true from ``valid_to``."""
        self._write(
            "UPDATE memory_versions SET valid_to = %s WHERE memory_id = %s AND valid_to IS NULL",
            (iso(valid_to), memory_id),
        )

    def versions(self, memory_id: str) -> list[dict[str, Any]]:
        """All versions of one memory, oldest first."""
        rows = self._rows(
            f"SELECT {VERSION_COLS} FROM memory_versions WHERE memory_id = %s "
            "ORDER BY recorded_at, seq",
            (memory_id,),
        )
        return [_version(r) for r in rows]

    def versions_as_of(self, user_id: str, as_of: datetime) -> list[dict[str, Any]]:
        """Versions of a user's memories that were true at ``as_of`` (valid time)."""
        t = iso(as_of)
        rows = self._rows(
            f"SELECT {VERSION_COLS} FROM memory_versions WHERE user_id = %s "
            "AND valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)",
            (user_id, t, t),
        )
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
        self._write(
            "INSERT INTO audit_log (ts, actor, user_id, memory_id, action, detail) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (iso(utcnow()), actor, user_id, memory_id, action, json.dumps(detail or {})),
        )

    def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Latest audit entries, newest first."""
        if user_id is None:
            rows = self._rows("SELECT * FROM audit_log ORDER BY seq DESC LIMIT %s", (limit,))
        else:
            rows = self._rows(
                "SELECT * FROM audit_log WHERE user_id = %s ORDER BY seq DESC LIMIT %s",
                (user_id, limit),
            )
        return [{**r, "detail": json.loads(r["detail"])} for r in rows]
