"""Dense candidates of one user: an exact scan when the user is small, else the index.

A vector index answers "nearest memories of *this* user" badly when the user owns
a small share of the collection: Chroma then filters by ``user_id`` first, which
cost 500 ms per query with 1,000 users of 100 memories each (``benchmarks/scale.py``).
The user's own vectors are in SQLite anyway (each memory's current version keeps
its vector), so for a user with at most :data:`EXACT_SCAN_MAX` memories who owns
less than :data:`SHARE_FOR_INDEX` of the collection, one read and a matrix product
give the *exact* nearest neighbours (1,000 users x 100 memories: 7 ms p95 per
search instead of 500 ms). Everyone else goes to the vector index.

Example:
    .. code-block:: python

        hits = dense_candidates(db, vectors, query_vector, user_id="sarah", limit=50)
        hits[0]   # ("<memory id>", 0.83): cosine similarity, best first
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["EXACT_SCAN_MAX", "SHARE_FOR_INDEX", "dense_candidates", "exact_top_k"]

EXACT_SCAN_MAX = 2000
"""Users with at most this many memories are scanned exactly (unless they own much of
the collection, see :data:`SHARE_FOR_INDEX`)."""

SHARE_FOR_INDEX = 0.3
"""From this share of all memories on, a user is searched through the vector index,
which then queries unfiltered (see :meth:`langmem_local.stores.vector.Mem0VectorStore.search`)."""


def exact_top_k(
    ids: list[str], matrix: np.ndarray, vector: list[float], limit: int
) -> list[tuple[str, float]]:
    """The ``limit`` rows most cosine-similar to ``vector``: ``(id, cosine)``, best first.

    Args:
        ids: One id per row of ``matrix``.
        matrix: ``(n, dim)`` float32 vectors (any norm).
        vector: The query vector.
        limit: How many to return.

    Raises:
        ValueError: The query's dimension differs from the stored vectors'.
    """
    if not ids or limit <= 0:
        return []
    q = np.asarray(vector, dtype=np.float32)
    if q.shape[0] != matrix.shape[1]:
        msg = (
            f"query vector has dimension {q.shape[0]} but the stored vectors have "
            f"{matrix.shape[1]}; search with the embedder that built this data directory"
        )
        raise ValueError(msg)
    norms = np.linalg.norm(matrix, axis=1) * (float(np.linalg.norm(q)) or 1.0)
    sims = (matrix @ q) / np.clip(norms, 1e-12, None)
    k = min(limit, len(ids))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.lexsort((top, -sims[top]))]
    return [(ids[i], float(sims[i])) for i in top]


def dense_candidates(
    db: Any, vectors: Any, vector: list[float], *, user_id: str, limit: int
) -> list[tuple[str, float]]:
    """Nearest memories of one user, exact for small users.

    Args:
        db: The engine's :class:`langmem_local.stores.sqlite.MetadataStore`.
        vectors: The engine's vector store (``search(vector, user_id=..., ...)``).
        vector: The query vector.
        user_id: Whose memories.
        limit: How many candidates.

    Returns:
        ``(memory id, cosine)`` pairs, best first.
    """
    n = db.user_count(user_id)
    if n == 0:
        return []
    share = db.user_share(user_id)
    # A user who owns much of the collection is served well by the unfiltered
    # index query (reading 2,000 vectors from SQLite costs ~12 ms; HNSW ~3 ms).
    if n <= EXACT_SCAN_MAX and share < SHARE_FOR_INDEX:
        ids, matrix = db.live_vectors(user_id)
        # Every live memory has its vector in SQLite: the scan sees all of them.
        if len(ids) == n:
            return exact_top_k(ids, matrix, vector, limit)
    return vectors.search(
        vector,
        user_id=user_id,
        limit=limit,
        owner_of=db.owners,
        user_share=share,
    )
