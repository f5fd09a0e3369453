"""The read API of :class:`~langmem_local.memory.LocalMemory`: memories, history, users, audit.

Mixed into ``LocalMemory``: every method validates its arguments and reads the
source of truth (``self._db``), formatting rows as search does. A ``user_id``
given to ``get``/``history``/``versions`` confines the call to that user.
"""

from __future__ import annotations

from typing import Any

from langmem_local import validation
from langmem_local.filters import expired, matches
from langmem_local.stores.sqlite import utcnow
from langmem_local.validation import check_user_id


class _ReadAPI:
    """Read methods of :class:`LocalMemory` (relies on the stores set by its ``__init__``)."""

    def get(self, memory_id: str, *, user_id: str | None = None) -> dict[str, Any] | None:
        """One memory by id, or ``None``.

        With ``user_id``, a memory of any other user is ``None`` too: callers
        acting for one user (the retriever, the store, MCP) cannot reach others.
        """
        validation.memory_id(memory_id)
        row = self._db.get_memory(memory_id)
        if row is None or (user_id is not None and row["user_id"] != check_user_id(user_id)):
            return None
        return self._retrieval.format(row)

    def get_all(
        self,
        *,
        user_id: str,
        filters: dict[str, Any] | None = None,
        limit: int | None = None,
        include_expired: bool = False,
    ) -> dict[str, Any]:
        """Every live memory of a user (oldest first), optionally filtered.

        Memories past their TTL are left out unless ``include_expired`` (they
        stay stored until ``prune`` removes them, never silently).
        """
        user_id = check_user_id(user_id)
        validation.filters(filters)
        validation.optional_limit(limit)
        validation.flag(include_expired, "include_expired")
        now = utcnow()
        rows = [
            r
            for r in self._db.user_memories(user_id)
            if matches(r["metadata"], filters) and (include_expired or not expired(r, now))
        ]
        if limit is not None:
            rows = rows[:limit]
        return {"results": [self._retrieval.format(r) for r in rows]}

    def history(self, memory_id: str, *, user_id: str | None = None) -> list[dict[str, Any]]:
        """Mem0's change history of a memory (ADD, UPDATE, DELETE events), oldest first."""
        validation.memory_id(memory_id)
        if user_id is not None:
            self._require(memory_id, user_id)
        return self._db.history(memory_id)

    def versions(self, memory_id: str, *, user_id: str | None = None) -> list[dict[str, Any]]:
        """Every version of a memory with valid-from / valid-to / recorded-at."""
        validation.memory_id(memory_id)
        if user_id is not None:
            self._require(memory_id, user_id)
        return [
            {k: v for k, v in ver.items() if k != "embedding"}
            for ver in self._db.versions(memory_id)
        ]

    def users(self) -> list[str]:
        """User ids that have memories (or turns waiting for extraction)."""
        return self._db.users()

    def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Who did what when (no memory text is ever kept here)."""
        validation.optional_user_id(user_id)
        validation.limit(limit)
        return self._db.audit_log(user_id=user_id, limit=limit)

    @property
    def graph(self) -> Any:
        """The user-scoped temporal entity graph (:class:`GraphStore`)."""
        return self._graph
