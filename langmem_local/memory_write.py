"""The write API of :class:`~langmem_local.memory.LocalMemory`: update, delete, reset, repair.

Mixed into ``LocalMemory``: every change runs under the engine's write lock
through the unit-of-work writer (``self._writer``); a ``user_id`` confines it
to that user's memories.
"""

from __future__ import annotations

from typing import Any

from langmem_local import validation
from langmem_local.errors import MemoryNotFoundError
from langmem_local.stores.sqlite import utcnow
from langmem_local.validation import check_user_id


class _WriteAPI:
    """Write methods of :class:`LocalMemory` (relies on the stores set by its ``__init__``)."""

    def update(self, memory_id: str, text: str, *, user_id: str | None = None) -> dict[str, Any]:
        """Replace a memory's text (history records UPDATE; the old version is kept)."""
        validation.memory_id(memory_id)
        validation.text(text)
        with self._write_lock:
            row = self._require(memory_id, user_id)
            vector = self._embed([text.strip()])[0]
            self._writer.revise(row, text.strip(), vector, when=utcnow(), actor="api")
        return {"id": memory_id, "memory": text.strip(), "event": "UPDATE"}

    def delete(self, memory_id: str, *, user_id: str | None = None) -> dict[str, Any]:
        """Erase a memory from every store (vectors, keyword index, graph, versions).

        History keeps that the deletion happened, not what the memory said.
        """
        validation.memory_id(memory_id)
        with self._write_lock:
            row = self._require(memory_id, user_id)
            self._writer.erase(memory_id, row["user_id"])
            self._db.checkpoint()
        return {"id": memory_id, "event": "DELETE", "message": "Memory deleted."}

    def delete_all(self, *, user_id: str) -> dict[str, Any]:
        """Erase every memory, turn and graph edge of a user (exactly this id)."""
        user_id = check_user_id(user_id)
        with self._write_lock:
            count = self._writer.erase_user(user_id)
        return {"deleted": count, "message": f"Deleted {count} memories of {user_id!r}."}

    def reset(self) -> None:
        """Erase everything in this data directory (all users, all stores)."""
        with self._write_lock:
            self._writer.reset()

    def repair(self) -> dict[str, int]:
        """Rebuild the derived vector index from ``memory.db`` (``doctor --repair``)."""
        with self._write_lock:
            return self._vectors.rebuild()

    def _require(self, memory_id: str, user_id: str | None = None) -> dict[str, Any]:
        row = self._db.get_memory(memory_id)
        if row is None or (user_id is not None and row["user_id"] != check_user_id(user_id)):
            msg = (
                f"no memory with id {memory_id!r}; list ids with get_all(user_id=...) "
                "or `langmem-local memories list --user U`"
            )
            raise MemoryNotFoundError(msg)
        return row
