"""Rows and cosines of the reranker's candidates, with as few look-ups as possible.

The reranker (:mod:`langmem_local.rerank`) reads, for the fused head and its
neighbours (60-180 memories a search), their rows and the cosine of the query
with those the dense search did not return (with every one of them when the
raw query differs from the dense query, or when they are turns: the context
cosine, :func:`context_cosines`, reads every vector). The
vectors come from the user's vectors in memory when the exact scan holds them
(no look-up at all), else in the same statement as the rows
(:meth:`memories_and_vectors`): two look-ups walked the same pages twice.

The cosines are bit for bit those of a separate ``vectors`` look-up: one matrix
in the rows' order (``memory.db``'s order, as that look-up returned them),
normalised and multiplied the same way; the last bits of a matrix-vector
product depend on a row's place in the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from langmem_local import dense
from langmem_local.stores.protocols import MetadataStoreProtocol, VectorIndexProtocol

__all__ = ["context_cosines", "rows_and_cosines"]


def rows_and_cosines(
    db: MetadataStoreProtocol,
    index: VectorIndexProtocol,
    user_id: str,
    wanted: list[str],
    *,
    read_rows: Callable[[Sequence[str]], dict[str, dict[str, Any]]],
    q: np.ndarray,
    raw: np.ndarray | None,
    cosine: dict[str, float],
    head: list[str] | None = None,
    prev_of: dict[str, str] | None = None,
    next_of: dict[str, str] | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, float], dict[str, float]]:
    """Rows of ``wanted`` and the cosines the reranker still needs.

    Args:
        db: The source of truth.
        index: The vector index (its in-memory vectors, when it holds the user's).
        user_id: Whose memories these are.
        wanted: Ids of the candidates and their neighbours.
        read_rows: Reads rows by id when the vectors are in memory (the search
            path's row cache, :mod:`langmem_local.row_cache`).
        q: The dense query, unit length.
        raw: The raw query, unit length, when it differs from the dense one.
        cosine: Dense cosines by id; those missing are added for every row
            with a vector (updated in place).
        head: The reranked candidates, whose context cosines are wanted.
        prev_of: Previous turn of each id (empty outside conversations).
        next_of: Next turn of each id.

    Returns:
        ``(rows, cosine_raw, context)``: the stored rows by id, the raw query's
        cosine by id (``cosine`` itself when ``raw`` is None), and the context
        cosine of each turn in ``head`` that has a neighbour.
    """
    prev_of, next_of = prev_of or {}, next_of or {}
    turns = bool(prev_of or next_of)
    held = index.cached_vectors(user_id, wanted)
    if held is None:
        rows, vecs = db.memories_and_vectors(wanted)
    else:
        rows = read_rows(wanted)
    need = [i for i in rows if raw is not None or turns or i not in cosine]
    if held is None:
        keys = [i for i in need if i in vecs]
        mat = np.stack([vecs[i][1] for i in keys]).astype(np.float32, copy=False) if keys else None
    else:
        where = {i: n for n, i in enumerate(held[0])}
        keys = [i for i in need if i in where]
        mat = held[1][[where[i] for i in keys]]  # a fresh copy
    cosine_raw: dict[str, float] = {}
    context: dict[str, float] = {}
    if keys and mat is not None:
        # One matrix product for all of them (a norm per vector cost 1 ms a search).
        mat /= np.sqrt(np.einsum("ij,ij->i", mat, mat)).clip(min=1e-12)[:, None]
        dense_sims = mat @ q
        raw_sims = mat @ raw if raw is not None else dense_sims
        if turns:
            units = dict(zip(keys, mat, strict=True))
            context = context_cosines(q, units, head or [], prev_of=prev_of, next_of=next_of)
        for i, d_sim in zip(keys, dense_sims.tolist(), strict=True):
            cosine.setdefault(i, d_sim)
        if raw is not None:
            cosine_raw = dict(zip(keys, raw_sims.tolist(), strict=True))
    return rows, (cosine if raw is None else cosine_raw), context


def context_cosines(
    query: np.ndarray,
    units: Mapping[str, np.ndarray],
    ids: Iterable[str],
    *,
    prev_of: Mapping[str, str],
    next_of: Mapping[str, str],
) -> dict[str, float]:
    """Cosine of the query and each turn embedded *with* its previous and next turn.

    A turn alone often lacks the words of its topic ("Yes, twice last
    summer!"); the turns around it carry them. Summing the three unit vectors
    and normalising is a context embedding at no extra model call. Ids with
    neither neighbour, or without a vector, are left out (the reranker then
    uses the plain cosine).

    Args:
        query: The unit-length dense query vector.
        units: Unit-length vectors by memory id (the candidates and neighbours).
        ids: The candidates to score.
        prev_of: Previous turn of each id, in the same conversation.
        next_of: Next turn of each id.

    Returns:
        ``memory id -> cosine`` of the context vector and the query.
    """
    kept: list[str] = []
    own: list[np.ndarray] = []
    before: list[np.ndarray] = []
    after: list[np.ndarray] = []
    for memory_id in ids:
        vector = units.get(memory_id)
        p = units.get(prev_of.get(memory_id, ""))
        n = units.get(next_of.get(memory_id, ""))
        if vector is None or (p is None and n is None):
            continue
        kept.append(memory_id)
        own.append(vector)
        before.append(p)
        after.append(n)
    if not kept:
        return {}
    # All rows at once (a norm and a product per turn cost 0.4 ms a LoCoMo
    # search). A missing neighbour adds a zero row, which changes no bit, and
    # np.vecdot (dense.dot, dense.row_dots) takes each row's dot product as
    # ``total @ query`` and ``np.linalg.norm(total)`` do: the same cosines, bit
    # for bit (NumPy 1.x's einsum fallback may differ in the last bits).
    zero = np.zeros_like(own[0])
    around = np.stack([zero if v is None else v for v in before])
    around += np.stack([zero if v is None else v for v in after])
    total = np.stack(own) + around
    dots = dense.dot(total, query).astype(np.float64)
    norms = np.sqrt(dense.row_dots(total, total)).astype(np.float64)
    norms[norms == 0] = 1.0
    return dict(zip(kept, (dots / norms).tolist(), strict=True))
