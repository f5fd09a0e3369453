"""The server profile's vector index: the ``embedding`` column of ``memories`` itself.

On the embedded profile the vector index is a separate store, derived through
an outbox (:mod:`langmem_local.vector_index`). Here the vector is a pgvector
column of the memory's own row, so a write that commits has indexed its
vector in the same transaction: :meth:`PgVectorIndex.sync` and
:meth:`PgVectorIndex.reconcile` have nothing to do, and a search can only ever
return rows whose ``user_id`` equals the caller's.

The column is an untyped ``vector`` (the dimension is known only once the
embedder is); the HNSW index (``vector_cosine_ops``) is an expression index
on ``embedding::vector(dims)``, created when the index opens.

Two query plans, chosen per search like the Chroma index chooses:

- the user owns a large share of the table (``user_share >= 0.3``): walk the
  HNSW index and filter by owner (``hnsw.ef_search`` raised to cover the
  filter); a short answer falls back to the exact plan;
- otherwise an exact scan of the user's own rows (the ``user_id`` index),
  which for a minority user is both faster and exact, where an HNSW walk
  would find few of their rows among its candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from psycopg import sql

from langmem_local.stores.postgres import PgDatabase

__all__ = ["HNSW_SHARE", "PgVectorIndex"]

#: Below this share of all rows a user's search scans their rows exactly.
HNSW_SHARE = 0.3


class PgVectorIndex:
    """Cosine search over the ``memories.embedding`` column (see the module docstring).

    Args:
        db: The engine's connection.
        dims: Embedding dimension (checked against the manifest by the engine).

    Example:
        .. code-block:: python

            index = PgVectorIndex(database, dims=384)
            index.search(vector, user_id="alice", limit=10)   # [(memory_id, cosine)]
    """

    def __init__(self, db: PgDatabase, *, dims: int) -> None:
        if not isinstance(dims, int) or dims < 1:
            msg = f"dims must be a positive integer, got {dims!r}"
            raise ValueError(msg)
        self._db = db
        self._dims = dims
        self._typed = sql.SQL("embedding::vector({})").format(sql.Literal(dims))
        name = sql.Identifier(f"memories_embedding_hnsw_{dims}")
        db.ensure_schema(
            f"hnsw{dims}",
            [
                sql.SQL(
                    "CREATE INDEX IF NOT EXISTS {} ON memories USING hnsw (({}) vector_cosine_ops)"
                ).format(name, self._typed)
            ],
        )

    @property
    def owner(self) -> bool:
        """Always: every process queries the server directly."""
        return True

    def sync(self) -> int:
        """Nothing to copy: a committed row has indexed its vector."""
        return 0

    def reconcile(self, *, full: bool = True) -> dict[str, int]:
        """Nothing can disagree: the index is the source of truth's own column."""
        return {"synced": 0, "removed": 0, "restored": 0}

    def indexed_ids(self) -> set[str]:
        """Ids of live memories that have a vector."""
        rows = self._db.fetchall("SELECT id FROM memories WHERE embedding IS NOT NULL")
        return {r["id"] for r in rows}

    def start_search(
        self, vector: list[float], *, user_id: str, limit: int, user_share: float = 0.0
    ) -> Callable[[], list[tuple[str, float]]]:
        """:meth:`search`, done now (one statement on the shared connection); returns its hits."""
        hits = self.search(vector, user_id=user_id, limit=limit, user_share=user_share)
        return lambda: hits

    def search(
        self, vector: list[float], *, user_id: str, limit: int, user_share: float = 0.0
    ) -> list[tuple[str, float]]:
        """Nearest live memories of exactly ``user_id``: ``(id, cosine)``, best first."""
        if limit <= 0:
            return []
        q = np.asarray(vector, np.float32)
        if q.shape != (self._dims,):
            msg = (
                f"query vector has {q.size} dimensions, this store holds {self._dims}; "
                "use the embedder the store was built with"
            )
            raise ValueError(msg)
        if user_share >= HNSW_SHARE:
            hits = self._hnsw(q, user_id, limit, user_share)
            if len(hits) >= limit:
                return hits
        return self._exact(q, user_id, limit)

    def cached_vectors(
        self, user_id: str, ids: Sequence[str]
    ) -> tuple[list[str], np.ndarray] | None:
        """Always None: the vectors live in PostgreSQL only (read them with the rows)."""
        return None

    def _hnsw(
        self, q: np.ndarray, user_id: str, limit: int, user_share: float
    ) -> list[tuple[str, float]]:
        # The filter runs after the walk: widen the walk so ``limit`` of the
        # user's rows are among its candidates (pgvector < 0.8 has no iterative scan).
        ef = max(40, min(1000, int(limit / max(user_share, 1e-3) * 1.5) + 10))
        statement = sql.SQL(
            "SELECT id, 1 - ({typed} <=> %s::vector({d})) AS cosine FROM memories "
            "WHERE user_id = %s ORDER BY {typed} <=> %s::vector({d}) LIMIT %s"
        ).format(typed=self._typed, d=sql.Literal(self._dims))
        with self._db.transaction() as cur:
            cur.execute(sql.SQL("SET LOCAL hnsw.ef_search = {}").format(sql.Literal(ef)))
            cur.execute(statement, (q, user_id, q, limit))
            rows = cur.fetchall()
        return [(r["id"], float(r["cosine"])) for r in rows]

    def _exact(self, q: np.ndarray, user_id: str, limit: int) -> list[tuple[str, float]]:
        # The untyped column matches no index expression: the planner scans
        # the user's rows (user_id index) and sorts, exactly.
        rows = self._db.fetchall(
            "SELECT id, 1 - (embedding <=> %s) AS cosine FROM memories "
            "WHERE user_id = %s AND embedding IS NOT NULL ORDER BY embedding <=> %s, id LIMIT %s",
            (q, user_id, q, limit),
        )
        return [(r["id"], float(r["cosine"])) for r in rows]

    def rebuild(self) -> dict[str, int]:
        """Rebuild the HNSW index from the rows (``doctor --repair``)."""
        name = sql.Identifier(f"memories_embedding_hnsw_{self._dims}")
        with self._db.cursor() as cur:
            cur.execute(sql.SQL("REINDEX INDEX {}").format(name))
        return {"restored": len(self.indexed_ids())}

    def reset(self) -> None:
        """Nothing to empty: the rows are the index (``MetadataStore.reset`` drops them)."""

    def close(self) -> None:
        """Nothing to release: the connection belongs to the engine."""

    def __repr__(self) -> str:
        return f"PgVectorIndex(dims={self._dims})"
