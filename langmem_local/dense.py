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

**The int8 pre-scan.** A user of :data:`PRESCAN_MIN` memories or more is scanned
in two steps (:func:`top_k_rows`). First SimSIMD's int8 dot product runs over
int8 codes of the vectors (:func:`quantize`: a byte a dimension against four),
and each code's error bound turns that into an interval holding the row's
cosine (:func:`_candidates`). Then only the rows whose interval reaches the
``k``-th highest lower end are scored, one float32 dot product each, as the full
product scores them. A row left out scores below ``k`` rows kept, the kept rows
get the same float32 values bit for bit, and ties go by row in both: the rows,
their order and their cosines are those of the full product. On a 2-CPU machine
with another process at work beside it, over random 384-d unit vectors (the
worst case: their cosines crowd together) and ``k = 50``, 227 rows of 10k were
scored on average (266 of 25k); the int8 product took 0.26-0.38 ms where
``np.vecdot`` took 0.71-0.77 ms, and the search 0.53-0.72 ms p50 against
0.84-0.98 ms (25k: 1.2-2.1 ms against 2.1-4.0 ms). Coding the rows costs
15-19 ms per 10k, once, at the user's first search. Below about 2,500 rows the
full product was quicker; without SimSIMD every search is the full product.

Example:
    .. code-block:: python

        hits = exact_top_k(ids, matrix, query_vector, limit=50)
        hits[0]   # ("<memory id>", 0.83): cosine similarity, best first
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "EXACT_SCAN_MAX",
    "PRESCAN_MIN",
    "dot",
    "exact_top_k",
    "prescan_pays",
    "quantize",
    "row_dots",
    "top_k_rows",
]

EXACT_SCAN_MAX = 25_000
"""Users with at most this many memories are scanned exactly, in memory. The product
over 10k 384-d vectors took 0.5 ms against HNSW's 1.1-3.8 ms; around 25k they
cross (100k: ~6 ms against 1.7 ms)."""

PRESCAN_MIN = 3_000
"""Matrices of at least this many rows are scanned through int8 codes first. p50 of
a search with and without them (384 dims, k = 50): 0.30 against 0.28 ms at 2,000
rows, 0.37 against 0.38 ms at 3,000, 0.48 against 0.51-0.58 ms at 5,000."""


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


def _load_int8_dot() -> Callable[[np.ndarray, np.ndarray], np.ndarray] | None:
    """SimSIMD's int8 dot products of every row with one query; None without SimSIMD."""
    try:
        import simsimd
    except ImportError:  # no wheel for this platform: every search is the full product
        return None

    def int8_dot(codes: np.ndarray, query: np.ndarray) -> np.ndarray:
        # Sums are exact int32, rounded once to float32. Not `out=`: SimSIMD
        # 6.5 returns None from it without a reference, and Python 3.11 aborts
        # ("deallocating None") once that has happened often enough.
        out = simsimd.cdist(query[None], codes, metric="dot", out_dtype="float32")
        return np.frombuffer(out, dtype=np.float32)

    return int8_dot


_INT8_DOT: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = _load_int8_dot()
"""None: every search is the full float32 product (no SimSIMD, or switched off by
``benchmarks/search_steps.py`` to show what the pre-scan is worth)."""
_U32 = 2.0**-24  # float32's unit roundoff: the rounding errors below are counted in it
_UP = 1 + 2 * _U32  # x * _UP rounded to the nearest float32 is at least x
_NORMS = (1e-4, 1e4)  # norms of rows and queries whose cosines are bounded; others are scored
_CHUNK = 256  # rows quantised at a time: 384 KB of float32 at 384 dims, in cache


def prescan_pays(rows: int, dims: int) -> bool:
    """Whether a matrix of this shape is searched through int8 codes (so keep them)."""
    return _INT8_DOT is not None and rows >= PRESCAN_MIN and dims * 127 * 127 < 2**31


def quantize(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Int8 codes of each row, and bounds for the cosines computed from them.

    Row ``x`` gets ``step = max|x| / 127`` and codes ``c = round(x / step)``,
    which stand for ``x̂ = c * step``; the residual ``x - x̂`` is computed in
    float32. What is kept is relative to the row's norm: ``step / |x|``, and an
    upper bound of ``|x - x̂| / |x|`` that counts every float32 rounding of the
    residual and of the norms (``(dims + 8) u`` relative, ``u = 2**-24``, plus
    ``4 u`` of ``|x|`` for the products ``c * step``), rounded up to float32.

    Args:
        rows: ``(n, dims)`` float32 vectors, any norm.

    Returns:
        ``(codes, bounds)``: ``(n, dims)`` int8, and ``(2, n)`` float32, the
        rows ``step / |x|`` and the error bound. A row whose norm lies outside
        ``[1e-4, 1e4]`` or is not finite gets codes 0, step 0 and an infinite
        bound: its cosine is never bounded, so it is always scored exactly.
    """
    n, dims = rows.shape
    codes = np.zeros((n, dims), dtype=np.int8)
    bounds = np.zeros((2, n), dtype=np.float32)
    buffer = np.empty((min(n, _CHUNK), dims), dtype=np.float32)
    grow = 1 + (dims + 8) * _U32
    with np.errstate(all="ignore"):  # zero, NaN and inf rows are set aside by `ok`
        for start in range(0, n, _CHUNK):
            x = np.asarray(rows[start : start + _CHUNK], dtype=np.float32)
            b = buffer[: len(x)]
            norm = np.sqrt(row_dots(x, x)).astype(np.float64)
            ok = (norm >= _NORMS[0]) & (norm <= _NORMS[1])  # False for NaN too
            step = np.abs(x, out=b).max(axis=1) / np.float32(127)
            # |x| / step rounds to at most 127.0001, so the codes fit in int8.
            np.multiply(x, np.where(ok, 1 / step, np.float32(0))[:, None], out=b)
            np.rint(b, out=b)
            if not ok.all():
                b[~ok] = 0
            codes[start : start + len(x)] = b
            b *= step[:, None]
            np.subtract(x, b, out=b)
            residual = np.sqrt(row_dots(b, b)).astype(np.float64)
            error = (residual * grow + 4 * _U32 * norm + 1e-18) * grow / norm
            bounds[0, start : start + len(x)] = np.where(ok, step / norm, 0.0)
            bounds[1, start : start + len(x)] = np.where(ok, _up(error), np.inf)
    return codes, bounds


def _quantize_one(q: np.ndarray) -> tuple[np.ndarray, np.float32, np.float32] | None:
    """:func:`quantize` of one vector, the same values in scalars: a third of the time.

    Returns:
        ``(codes, step / |q|, error bound)``, or None for a norm outside ``[1e-4, 1e4]``.
    """
    norm = float(np.sqrt(np.dot(q, q)))
    if not _NORMS[0] <= norm <= _NORMS[1]:  # False for NaN too
        return None
    step = np.abs(q).max() / np.float32(127)
    b = q * (1 / step)
    np.rint(b, out=b)
    codes = b.astype(np.int8)
    b *= step
    np.subtract(q, b, out=b)
    grow = 1 + (q.shape[0] + 8) * _U32
    error = (float(np.sqrt(np.dot(b, b))) * grow + 4 * _U32 * norm + 1e-18) * grow / norm
    return codes, np.float32(float(step) / norm), np.float32(error * _UP)


def top_k_rows(
    matrix: np.ndarray,
    norms: np.ndarray,
    q: np.ndarray,
    k: int,
    *,
    alive: np.ndarray | None = None,
    codes: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows most cosine-similar to ``q``: best first, ties by row, NaN last.

    With ``codes`` only the rows whose cosine could be among the best ``k`` are
    scored (:func:`_candidates`), each exactly as the full product scores it, so
    the rows and cosines returned are the full product's, bit for bit.

    Args:
        matrix: ``(n, dims)`` float32 vectors.
        norms: ``(n,)`` float32, ``np.linalg.norm`` of each row.
        q: ``(dims,)`` float32 query.
        k: How many, 1 to the number of live rows.
        alive: ``(n,)`` bool, False for rows never to return; None: all live.
        codes: :func:`quantize` of ``matrix``, or None for the full product.

    Returns:
        ``(rows, cosines)``: row numbers and their float32 cosines.
    """
    qn = float(np.linalg.norm(q)) or 1.0
    rows = None if codes is None or _INT8_DOT is None else _candidates(*codes, q, k, alive)
    if rows is None:
        sims = dot(matrix, q) / np.clip(norms * qn, 1e-12, None)
        if alive is None:
            top = _best(sims, k)
            return top, sims[top]
        rows = np.flatnonzero(alive)
        sims = sims[rows]
    else:
        # One dot product per row, as in the full product, over the same float32
        # values: the same cosines, bit for bit (tests/unit/test_dense.py checks).
        sims = dot(matrix[rows], q) / np.clip(norms[rows] * qn, 1e-12, None)
    top = _best(sims, k)  # rows ascend, so ties by position are ties by row
    return rows[top], sims[top]


def _candidates(
    codes: np.ndarray, bounds: np.ndarray, q: np.ndarray, k: int, alive: np.ndarray | None
) -> np.ndarray | None:
    """The rows, ascending, whose cosine could be among the ``k`` best; None: all.

    With ``x̂`` and ``q̂`` the vectors the codes stand for (:func:`quantize`),
    ``x·q = x̂·q̂ + x̂·(q - q̂) + (x - x̂)·q``; over ``|x| |q|``, with
    ``|x̂| <= |x| + |x - x̂|``, a cosine lies within ``e_x (1 + e_q) + e_q`` of
    ``a = x̂·q̂ / (|x| |q|)``, the int8 dot product times both ``step / |x|``
    (``e``: the relative error bounds). In units of ``1 + e_q``: within
    ``e_x + e_q / (1 + e_q)`` of ``b = a / (1 + e_q)``. ``floor``, the ``k``-th
    largest ``b - e_x`` among live rows, is thus at most the ``k``-th best
    cosine plus ``e_q / (1 + e_q)``, and a row whose ``b + e_x`` is below
    ``floor - 2 e_q / (1 + e_q) - slack`` scores below ``k`` rows that are kept
    (:func:`_slack` counts float32 rounding): it is left out.
    """
    n, dims = codes.shape
    if dims * 127 * 127 >= 2**31:  # the int8 products are summed in int32
        return None
    query = _quantize_one(q)
    if query is None:  # zero, tiny, huge or NaN query: its cosines are not bounded
        return None
    q_codes, q_step, q_error = query
    approx = _INT8_DOT(codes, q_codes)
    approx *= bounds[0]
    approx *= q_step / (1 + q_error)  # b
    low = approx - bounds[1]
    if alive is not None:
        low[~alive] = -np.inf  # dead rows do not count among the k
    low.partition(n - k)  # in place: `low` is not needed again
    floor = low[n - k]
    approx += bounds[1]  # now the most each cosine can be, in units of 1 + e_q
    gap = 2 * float(q_error) / (1 + float(q_error)) + _slack(dims)
    rows = np.flatnonzero(approx >= floor - gap)
    return rows if alive is None else rows[alive[rows]]


def _slack(dims: int) -> float:
    """Twice the float32 error of a cosine scored plus that of its interval's ends.

    A cosine scored as the full product scores it (a dot product of ``dims``
    terms, summed in any order, two norms, a product and a quotient) is within
    ``(2 dims + 8) u`` of the real one for rows and queries of norm 1e-4 to 1e4
    (``u = 2**-24``). The ends ``b ± e_x`` of :func:`_candidates` are within
    ``(dims + 16) u`` of theirs (the norms in ``step / |x|``, and six roundings)
    relative to ``|b| + e_x``, at most ``(1 + sqrt(dims) / 127)**2``. A row left
    out must score strictly below the ``k`` kept, hence twice their sum; 1e-9
    more for the float64 steps.
    """
    size = (1 + dims**0.5 / 127) ** 2
    return 2 * ((2 * dims + 8) + (dims + 16) * size) * _U32 + 1e-9


def _best(sims: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest ``sims``, best first, ties by position, NaN last."""
    m = sims.shape[0]
    if m > 8 * k:
        # Every row tied with the k-th value, not the ones argpartition keeps:
        # which of them it keeps depends on the other rows, and the pre-scan's
        # candidates must come out as the full product's rows do.
        pick = np.flatnonzero(sims >= np.partition(sims, m - k)[m - k])
        if len(pick) >= k:  # else NaN among the k largest (partition sorts NaN last)
            return pick[np.lexsort((pick, -sims[pick]))][:k]
    return np.argsort(-sims, kind="stable")[:k]  # a few rows (the pre-scan's), or NaN


def row_dots(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each row of ``a`` dotted with the same row of ``b`` (one thread, as :func:`dot`)."""
    if _VECDOT is not None:
        return _VECDOT(a, b)
    return np.einsum("ij,ij->i", a, b)


def _up(values: np.ndarray) -> np.ndarray:
    """float64 to float32, rounded up (a bound stays a bound)."""
    return (values * _UP).astype(np.float32)
