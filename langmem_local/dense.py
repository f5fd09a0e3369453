"""Dense candidates of one user: an exact scan when the user is small, else the index.

A vector index answers "nearest memories of *this* user" badly when the user owns
a small share of the collection: Chroma then filters by ``user_id`` first, which
cost 500 ms per query with 1,000 users of 100 memories each (``benchmarks/scale.py``).
The user's own vectors are in SQLite anyway (each memory's current version keeps
its vector), so for a user with at most :data:`EXACT_SCAN_MAX` memories one read
and a matrix product give the *exact* nearest neighbours in about a millisecond.
Larger users go to the vector index, where HNSW beats a scan.

Example:
    .. code-block:: python

        hits = dense_candidates(db, vectors, query_vector, user_id="sarah", limit=50)
        hits[0]   # ("<memory id>", 0.83): cosine similarity, best first
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["EXACT_SCAN_MAX", "dense_candidates", "exact_top_k"]

EXACT_SCAN_MAX = 2000
"""Users with at most this many memories are scanned exactly."""


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
    if n <= EXACT_SCAN_MAX:
        ids, matrix = db.live_vectors(user_id)
        # Every live memory has its vector in SQLite: the scan sees all of them.
        if len(ids) == n:
            return exact_top_k(ids, matrix, vector, limit)
    return vectors.search(
        vector,
        user_id=user_id,
        limit=limit,
        owner_of=db.owners,
        user_share=db.user_share(user_id),
    )
