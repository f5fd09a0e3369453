"""Dense candidates of one user: an exact scan when the user is small, else the index.

A vector index answers "nearest memories of *this* user" badly when the user owns
a small share of the collection: Chroma then filters by ``user_id`` first, which
cost 500 ms per query with 1,000 users of 100 memories each (``benchmarks/scale.py``).
The user's own vectors are in SQLite anyway (each memory's current version keeps
its vector), so for a user with at most :data:`EXACT_SCAN_MAX` memories who owns
less than :data:`SHARE_FOR_INDEX` of the collection, one read and a matrix product
give the *exact* nearest neighbours (1,000 users x 100 memories: 7 ms p95 per
search instead of 500 ms). Everyone else goes to the vector index.

The choice is made in :meth:`langmem_local.vector_index.VectorIndex.search`;
this module holds the thresholds and the scan.

Example:
    .. code-block:: python

        hits = exact_top_k(ids, matrix, query_vector, limit=50)
        hits[0]   # ("<memory id>", 0.83): cosine similarity, best first
"""

from __future__ import annotations

import numpy as np

__all__ = ["EXACT_SCAN_MAX", "SHARE_FOR_INDEX", "exact_top_k"]

EXACT_SCAN_MAX = 2000
"""Users with at most this many memories are scanned exactly (unless they own much of
the collection, see :data:`SHARE_FOR_INDEX`)."""

SHARE_FOR_INDEX = 0.3
"""From this share of all memories on, a user is searched through the vector index,
which then queries unfiltered (see :meth:`langmem_local.vector_index.VectorIndex.search`)."""


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
