"""Dense candidates of one user: an exact scan up to :data:`EXACT_SCAN_MAX`, else the index.

A vector index answers "nearest memories of *this* user" badly when the user owns
a small share of the collection: Chroma then filters by owner first, which cost
500 ms per query with 1,000 users of 100 memories each (``benchmarks/scale.py``).
And for one user of 10k memories its HNSW query (1.1 ms on a quiet 2-CPU machine,
3.8 ms with another process busy) lost to ``matrix @ query`` over the same float32
vectors (0.5-0.6 ms either way). So every user with at most :data:`EXACT_SCAN_MAX`
memories is searched *exactly*, over their vectors held in memory
(:class:`langmem_local.vector_cache.VectorCache`, kept in step with ``memory.db``
by a change log); larger users go to the vector index.

The choice is made in :meth:`langmem_local.vector_index.VectorIndex.search`;
this module holds the threshold and the scan.

Example:
    .. code-block:: python

        hits = exact_top_k(ids, matrix, query_vector, limit=50)
        hits[0]   # ("<memory id>", 0.83): cosine similarity, best first
"""

from __future__ import annotations

import numpy as np

__all__ = ["EXACT_SCAN_MAX", "dot", "exact_top_k"]

EXACT_SCAN_MAX = 25_000
"""Users with at most this many memories are scanned exactly, in memory. The product
over 10k 384-d vectors took 0.5 ms against HNSW's 1.1-3.8 ms; around 25k they
cross (100k: ~6 ms against 1.7 ms)."""


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
    sims = dot(matrix, q) / np.clip(norms, 1e-12, None)
    k = min(limit, len(ids))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.lexsort((top, -sims[top]))]
    return [(ids[i], float(sims[i])) for i in top]


def dot(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``matrix @ q`` on this thread alone.

    NumPy's ``@`` hands a matrix-vector product to multi-threaded BLAS, whose
    worker threads wait for a CPU when another process keeps one busy: 10k x 384
    took 5-9 ms (p50) that way on a loaded 2-CPU machine (p95 4.2-4.4 ms with one
    busy loop beside it, against 0.15 ms idle). ``np.vecdot`` (NumPy 2) runs one
    single-threaded dot product per row: 0.26 ms p50 / 0.36 ms p95 over the same
    product with or without the busy loop, against 0.47 / 0.60 ms for ``einsum``
    (the fallback on NumPy 1.x).
    """
    if _VECDOT is not None:
        return _VECDOT(matrix, q)
    return np.einsum("ij,j->i", matrix, q)


_VECDOT = getattr(np, "vecdot", None)
