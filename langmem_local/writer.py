"""The unit-of-work writer: every change to stored memories, each one transaction.

An ADD, UPDATE, supersede (DELETE decided from conversation, kept for
``as_of``) or erasure touches the memory row and its vector, the versions, the
keyword index, the graph, the history and the audit log, and queues the
vector-index change in the outbox, all inside ``with db.transaction()`` on
the source of truth. Nested calls join the outer transaction, so the ingest
path can apply a whole turn's decisions as one unit. Only after the outermost
commit does :meth:`MemoryWriter.committed` copy the change into the derived
vector index.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langmem_local.stores.protocols import (
    GraphStoreProtocol,
    KeywordIndexProtocol,
    MetadataStoreProtocol,
    VectorIndexProtocol,
)
from langmem_local.stores.sqlite import iso, utcnow

#: Importance added when a stored fact is stated again (re-confirmed).
RECONFIRM_STEP = 0.1


@dataclass
class _NewMemory:
    """Everything one ADD writes."""

    text: str
    vector: list[float]
    user_id: str
    metadata: dict[str, Any]
    importance: float
    valid_from: datetime
    category: str | None
    source_turns: list[str]
    actor: str
    role: str = "user"
    speaker: str | None = None
    run_id: str | None = None
    index_text: str | None = None
    context: str = ""
    expires_at: str | None = None


class MemoryWriter:
    """Writes memories to every store of one data directory.

    Args:
        db: The source of truth (memory rows, versions, history, audit, outbox).
        keyword: The keyword index on the same connection.
        graph: The entity graph store.
        index: Returns the derived vector index (opened lazily by the engine).

    Example:
        .. code-block:: python

            writer = MemoryWriter(db, keyword, graph, index=lambda: vector_index)
            memory_id = writer.create("Lives in Boston", vector, user_id="sarah", ...)
    """

    def __init__(
        self,
        db: MetadataStoreProtocol,
        keyword: KeywordIndexProtocol,
        graph: GraphStoreProtocol,
        *,
        index: Callable[[], VectorIndexProtocol],
    ) -> None:
        self._db = db
        self._keyword = keyword
        self._graph = graph
        self._index = index

    def committed(self) -> None:
        """After a write's transaction: bring the vector index up to date."""
        if not self._db.in_transaction:
            self._index().sync()

    def create(self, text: str, vector: list[float], **fields: Any) -> str:
        """Create one memory (see :meth:`_create_many`)."""
        return self.create_many([_NewMemory(text=text, vector=vector, **fields)])[0]

    def create_many(self, items: list[_NewMemory]) -> list[str]:
        """ADD memories of one user: Mem0 (vectors + history), then SQLite in one go.

        Batched end to end: one vector-store call, one Mem0 history
        transaction, one SQLite transaction for rows, versions and audit, one
        for the keyword index.
        """
        if not items:
            return []
        ids = [str(uuid.uuid4()) for _ in items]
        now = iso(utcnow())
        with self._db.transaction():
            self._insert(ids, items, now)
        self.committed()
        return ids

    def _insert(self, ids: list[str], items: list[_NewMemory], now: str | None) -> None:
        self._db.insert_memories(
            [
                {
                    "id": memory_id,
                    "user_id": it.user_id,
                    "text": it.text,
                    "embedding": it.vector,
                    "role": it.role,
                    "metadata": it.metadata,
                    "importance": it.importance,
                    "created_at": now,
                    "updated_at": now,
                    "valid_from": iso(it.valid_from),
                    "source_turns": it.source_turns,
                    "category": it.category,
                    "speaker": it.speaker,
                    "run_id": it.run_id,
                    "expires_at": it.expires_at,
                }
                for memory_id, it in zip(ids, items, strict=True)
            ],
            [
                {
                    "memory_id": memory_id,
                    "user_id": it.user_id,
                    "text": it.text,
                    "embedding": it.vector,
                    "metadata": it.metadata,
                    "valid_from": it.valid_from,
                    "actor": it.actor,
                }
                for memory_id, it in zip(ids, items, strict=True)
            ],
        )
        self._keyword.upsert_many(
            [
                (memory_id, it.user_id, it.index_text or it.text, it.context)
                for memory_id, it in zip(ids, items, strict=True)
            ]
        )

    def revise(
        self,
        row: dict[str, Any],
        text: str,
        vector: list[float],
        *,
        when: datetime,
        actor: str,
        **fields: Any,
    ) -> None:
        """UPDATE: new text in place, the old version closed (not erased). One transaction."""
        with self._db.transaction():
            self._db.record_history(row["id"], row["text"], text, "UPDATE")
            self._db.close_version(row["id"], when)
            self._db.add_version(
                memory_id=row["id"],
                user_id=row["user_id"],
                text=text,
                embedding=vector,
                metadata=fields.get("metadata", row["metadata"]),
                valid_from=when,
                event="UPDATE",
            )
            self._db.update_memory(
                row["id"],
                text=text,
                embedding=vector,
                updated_at=iso(utcnow()),
                valid_from=iso(when),
                **fields,
            )
            self._keyword.upsert(row["id"], row["user_id"], text)
            self._db.audit("UPDATE", actor=actor, user_id=row["user_id"], memory_id=row["id"])
        self.committed()

    def supersede(
        self,
        row: dict[str, Any],
        when: datetime,
        *,
        actor: str,
        event: str,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """DELETE decided from conversation: no longer true, but kept for ``as_of``."""
        with self._db.transaction():
            self._db.record_history(row["id"], row["text"], None, "DELETE")
            self._db.close_version(row["id"], when)
            self._db.delete_memory_row(row["id"])
            self._keyword.delete(row["id"])
            self._graph.invalidate_memory(row["id"], valid_to=when)
            self._db.audit(
                event, actor=actor, user_id=row["user_id"], memory_id=row["id"], detail=detail
            )
        self.committed()

    def reconfirm(self, row: dict[str, Any]) -> None:
        """A stored fact stated again: raise its importance (NONE decision)."""
        self._db.update_memory(row["id"], importance=min(1.0, row["importance"] + RECONFIRM_STEP))

    def erase(self, memory_id: str, user_id: str, *, actor: str = "api") -> None:
        """Remove every trace of a memory's content; history keeps only the events."""
        with self._db.transaction():
            row = self._db.get_memory(memory_id)
            if row is not None:
                # The raw turns the memory was extracted from say the same thing.
                self._db.erase_turns(row["source_turns"])
            self._db.record_history(memory_id, None, None, "DELETE")
            self._db.erase_memory(memory_id)  # also scrubs the texts out of history
            self._keyword.delete(memory_id)
            self._graph.delete_memory(memory_id)
            self._db.audit("ERASE", actor=actor, user_id=user_id, memory_id=memory_id)
        self.committed()

    def erase_user(self, user_id: str) -> int:
        """Erase every memory, turn and graph edge of a user; returns how many memories."""
        # Ids come from the source of truth, by exact equality on user_id: no
        # vector-store filter (where "*" is a wildcard) decides what goes.
        with self._db.transaction():
            ids = self._db.erase_user(user_id)
            for memory_id in ids:
                self._db.record_history(memory_id, None, None, "DELETE")
            self._keyword.delete_user(user_id)
            self._graph.delete_user(user_id)
            self._db.audit("ERASE_USER", actor="api", user_id=user_id, detail={"count": len(ids)})
        self.committed()
        self._db.checkpoint()
        return len(ids)

    def reset(self) -> None:
        """Erase everything in this data directory (all users, all stores)."""
        self._keyword.reset()
        self._graph.reset()
        self._db.reset()
        self._index().reset()
