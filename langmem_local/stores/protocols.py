"""The store seams of the engine, one small ``Protocol`` per store.

The writer, retrieval and ingest paths (and ``maintenance``) talk to these
four seams only, so each profile plugs in its own implementations by
composition:

============  =====================================  ==========================================
Seam          Embedded profile (one SQLite file)     Server profile (one PostgreSQL schema)
============  =====================================  ==========================================
metadata      :class:`~.sqlite.MetadataStore`        :class:`~.postgres_memories.PgMetadataStore`
keyword       :class:`~langmem_local.keyword.        :class:`~.postgres_keyword.PgKeywordIndex`
              KeywordIndex` (FTS5, BM25)             (tsvector, GIN, ``ts_rank_cd``)
graph         :class:`~.graph.GraphStore`            :class:`~.graph_postgres.PostgresGraphStore`
vectors       :class:`~langmem_local.vector_index.   :class:`~.pgvector_index.PgVectorIndex`
              VectorIndex` (derived, outbox)         (the vector is a column of the row)
============  =====================================  ==========================================

``tests/contract/`` runs one suite per seam against every implementation.
A user id is an opaque string compared for equality by every implementation.

Example:
    .. code-block:: python

        def count_rows(db: MetadataStoreProtocol, user_id: str) -> int:
            return len(db.user_memories(user_id))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "GraphStoreProtocol",
    "KeywordIndexProtocol",
    "MetadataStoreProtocol",
    "VectorIndexProtocol",
]


@runtime_checkable
class MetadataStoreProtocol(Protocol):
    """The source of truth: memory rows with their vectors, versions, history, audit, turns.

    ``transaction()`` is a reentrant unit of work: nested calls join the
    outermost one, which commits (or rolls back) everything inside as one.
    """

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open on this store."""
        ...

    def transaction(self) -> AbstractContextManager[Any]:
        """The reentrant unit of work."""
        ...

    def manifest(self) -> dict[str, str]:
        """Embedder identity, dimension, schema version."""
        ...

    def set_manifest(self, values: dict[str, str]) -> None:
        """Record manifest entries."""
        ...

    def enqueue_turn(
        self, user_id: str, messages: list[dict[str, Any]], metadata: dict[str, Any]
    ) -> str:
        """Persist a raw turn before extraction; returns its id."""
        ...

    def get_turn(self, turn_id: str) -> dict[str, Any] | None:
        """One turn, decoded."""
        ...

    def pending_turns(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns waiting for extraction, oldest first."""
        ...

    def mark_turn(self, turn_id: str, *, done: bool, error: str | None = None) -> None:
        """Record one processing attempt of a turn."""
        ...

    def erase_turns(self, turn_ids: Sequence[str]) -> None:
        """Remove raw turns."""
        ...

    def insert_memories(self, rows: list[dict[str, Any]], versions: list[dict[str, Any]]) -> None:
        """Insert rows, their first versions, ADD history and audit entries."""
        ...

    def update_memory(self, memory_id: str, **fields: Any) -> None:
        """Change some columns of a memory row."""
        ...

    def get_memory(self, memory_id: str) -> dict[str, Any] | None:
        """One memory row, decoded (no vector)."""
        ...

    def get_memories(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows of several ids; missing ids left out."""
        ...

    def user_memories(self, user_id: str) -> list[dict[str, Any]]:
        """Every live memory of exactly this user, oldest first."""
        ...

    def users(self) -> list[str]:
        """User ids with a live memory or a pending turn, sorted."""
        ...

    def speakers(self, user_id: str) -> list[str]:
        """Speaker names of a user's verbatim memories, sorted."""
        ...

    def user_share(self, user_id: str) -> float:
        """The user's fraction of all live memories."""
        ...

    def owners(self, ids: Sequence[str]) -> dict[str, str]:
        """``memory id -> user id`` of live memories."""
        ...

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """``memory id -> speaker`` of live memories (search fuses on it)."""
        ...

    def recent_messages(self, user_id: str, run_id: str | None, n: int) -> list[str]:
        """Texts of a session's last ``n`` verbatim memories, oldest first."""
        ...

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next verbatim memory of the same session, per id."""
        ...

    def delete_memory_row(self, memory_id: str) -> None:
        """Drop a live row (versions kept)."""
        ...

    def touch(
        self, counts: Mapping[str, int], *, importance_step: float, when: str | None = None
    ) -> int:
        """Count retrievals (``memory id -> times``); returns how many were updated."""
        ...

    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, np.ndarray]]:
        """``memory id -> (owner, vector)`` of live memories."""
        ...

    def memories_and_vectors(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, np.ndarray]]]:
        """``get_memories(ids)`` and ``vectors(ids)`` in one look-up (the reranker needs both)."""
        ...

    def memory_ids(self) -> set[str]:
        """Ids of every live memory."""
        ...

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
        """Append a Mem0-shaped history event."""
        ...

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        """History of a memory, oldest first."""
        ...

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
        """Record a version of a memory."""
        ...

    def close_version(self, memory_id: str, valid_to: datetime) -> None:
        """Close the open version of a memory."""
        ...

    def versions(self, memory_id: str) -> list[dict[str, Any]]:
        """Every version of a memory, oldest first."""
        ...

    def versions_as_of(self, user_id: str, as_of: datetime) -> list[dict[str, Any]]:
        """Versions of a user's memories true at ``as_of``."""
        ...

    def erase_memory(self, memory_id: str) -> None:
        """Remove every trace of a memory's content."""
        ...

    def erase_user(self, user_id: str) -> list[str]:
        """Remove all of exactly this user's rows; returns the memory ids seen."""
        ...

    def checkpoint(self) -> None:
        """Make erased text unrecoverable from logs where the engine can (SQLite WAL)."""
        ...

    def reset(self) -> None:
        """Empty every table."""
        ...

    def audit(
        self,
        action: str,
        *,
        actor: str,
        user_id: str | None = None,
        memory_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append an audit entry (never memory text)."""
        ...

    def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Latest audit entries, newest first."""
        ...


@runtime_checkable
class KeywordIndexProtocol(Protocol):
    """Keyword search of memories, scoped by exact ``user_id`` equality."""

    def upsert_many(self, items: list[tuple[str, str, str, str]]) -> None:
        """Index ``(memory_id, user_id, text, context)`` tuples."""
        ...

    def upsert(self, memory_id: str, user_id: str, text: str, context: str = "") -> None:
        """Index one memory, replacing earlier text of that id."""
        ...

    def delete(self, memory_id: str) -> None:
        """Remove one memory; unknown ids are ignored."""
        ...

    def delete_user(self, user_id: str) -> None:
        """Remove every memory of exactly this user."""
        ...

    def reset(self) -> None:
        """Remove every memory of every user."""
        ...

    def count(self, user_id: str | None = None) -> int:
        """Indexed memories, of one user or of all."""
        ...

    def search(self, user_id: str, query: str, limit: int) -> list[tuple[str, float]]:
        """``(memory_id, score)`` best first; query syntax is neutralised."""
        ...

    def idf(self, user_id: str, query: str) -> dict[str, float]:
        """``{stemmed query term: BM25 IDF}`` among the user's memories (stop words dropped)."""
        ...


@runtime_checkable
class GraphStoreProtocol(Protocol):
    """The user-scoped temporal entity graph."""

    def add_relations(
        self,
        user_id: str,
        memory_id: str,
        relations: Sequence[Any],
        *,
        valid_from: datetime | date | str | None = None,
        recorded_at: datetime | date | str | None = None,
        skip_invalid: bool = False,
    ) -> list[str]:
        """Store the relations extracted from one memory."""
        ...

    def invalidate_memory(self, memory_id: str, *, valid_to: datetime | date | str) -> int:
        """Close the active relations of a superseded memory."""
        ...

    def delete_memory(self, memory_id: str) -> int:
        """Erase a memory's relations."""
        ...

    def delete_user(self, user_id: str) -> int:
        """Erase a user's graph."""
        ...

    def reset(self) -> None:
        """Erase every user's graph."""
        ...

    def search(
        self,
        user_id: str,
        query: str,
        *,
        hops: int = 2,
        as_of: datetime | date | str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Relations around the entities a query names."""
        ...

    def memory_ids_for(
        self,
        user_id: str,
        query: str,
        *,
        hops: int = 2,
        as_of: datetime | date | str | None = None,
        limit: int = 20,
    ) -> dict[str, int]:
        """Memories linked to the query's entities, with their distance."""
        ...

    def graph(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
    ) -> dict[str, list[dict[str, Any]]]:
        """The user's whole graph."""
        ...


@runtime_checkable
class VectorIndexProtocol(Protocol):
    """Dense nearest-neighbour search over live memories, owner-checked."""

    @property
    def owner(self) -> bool:
        """Whether this process can query the index itself."""
        ...

    def sync(self) -> int:
        """Bring the index up to date with committed writes; returns how many changed."""
        ...

    def reconcile(self, *, full: bool = True) -> dict[str, int]:
        """Repair disagreements with the source of truth."""
        ...

    def search(
        self, vector: list[float], *, user_id: str, limit: int, user_share: float = 0.0
    ) -> list[tuple[str, float]]:
        """``(memory_id, cosine)`` of exactly this user's memories, best first."""
        ...

    def start_search(
        self, vector: list[float], *, user_id: str, limit: int, user_share: float = 0.0
    ) -> Callable[[], list[tuple[str, float]]]:
        """:meth:`search` started; calling the function returned finishes it (once)."""
        ...

    def cached_vectors(
        self, user_id: str, ids: Sequence[str]
    ) -> tuple[list[str], np.ndarray] | None:
        """Vectors of these ids held in memory for the user (ids found, matrix), or None."""
        ...

    def indexed_ids(self) -> set[str]:
        """Ids the index holds."""
        ...

    def rebuild(self) -> dict[str, int]:
        """Rebuild the index from the source of truth."""
        ...

    def reset(self) -> None:
        """Empty the index."""
        ...

    def close(self) -> None:
        """Release the index."""
        ...
