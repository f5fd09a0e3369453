"""Fusion and speaker boost over arrays: :func:`langmem_local.hybrid.retrieve`, no expansion.

:func:`langmem_local.hybrid.retrieve` fuses about 100 dense and keyword
candidates through dicts, sorts them by ``(-score, id)``, rescales them and
(when a query names one speaker) boosts, sorts and rescales again, one Python
tuple per candidate per step. With neighbour expansion off (the default,
:data:`~langmem_local.hybrid.NEIGHBOUR_BETA`) the same steps are a few array
operations here, and only the ``k`` returned pairs become Python tuples:
0.126 -> 0.083 ms a search over the 100 queries of the 10k-memory
``benchmarks/scale.py`` store (each query's best of 20 rounds, both versions
interleaved in one process).

Bit for bit the same as the dict path: min-max scaling, the convex
combination, the boost and the rescaling are the same IEEE operations
element-wise; the order is ``(-score, id)`` (ids sorted first, then a stable
sort by score); a memory in only one list scores 0 in the other. Lists holding
an id twice (which the dict path resolves by its last value) go to the dict
path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["fused_head"]


def _minmax(values: list[float]) -> np.ndarray:
    """Min-max scaled to [0, 1]; all 1.0 when every value is the same."""
    vals = np.array(values, dtype=np.float64)
    lo, hi = min(values), max(values)
    if hi <= lo:
        return np.ones(len(values))
    return (vals - lo) / (hi - lo)


def fused_head(
    dense: Sequence[tuple[str, float]],
    keyword: Sequence[tuple[str, float]],
    named: Sequence[str],
    speaker_of: Mapping[str, str | None],
    *,
    k: int,
    alpha: float,
    boost: float,
) -> list[tuple[str, float]] | None:
    """The first ``k`` of fuse, speaker boost and rescale, best first; None for duplicate ids.

    Args:
        dense: ``(id, cosine)`` pairs.
        keyword: ``(id, bm25)`` pairs.
        named: The speakers the query names (:func:`~langmem_local.hybrid.named_speakers`);
            only when it names exactly one are their memories boosted.
        speaker_of: Speaker of each candidate id.
        k: Pairs to return.
        alpha: Keyword share in [0, 1] (clamped).
        boost: Relative bonus of the target speaker's memories.

    Returns:
        ``(id, relevance)`` pairs as :func:`langmem_local.hybrid.retrieve` returns
        them with ``beta=0``, or None when a list holds an id twice.
    """
    d_ids = [i for i, _ in dense]
    k_ids = [i for i, _ in keyword]
    d_pos = dict(zip(d_ids, range(len(d_ids)), strict=True))
    k_pos = dict(zip(k_ids, range(len(k_ids)), strict=True))
    if len(d_pos) != len(d_ids) or len(k_pos) != len(k_ids):
        return None
    ids = d_ids + [i for i in k_ids if i not in d_pos]
    if not ids or k <= 0:
        return []
    a = min(1.0, max(0.0, alpha))
    d = np.zeros(len(ids))
    kw = np.zeros(len(ids))
    if d_ids:
        d[: len(d_ids)] = _minmax([s for _, s in dense])
    if k_ids:
        extra = iter(range(len(d_ids), len(ids)))  # keyword-only ids follow, in keyword order
        at = [d_pos[i] if i in d_pos else next(extra) for i in k_ids]
        kw[at] = _minmax([s for _, s in keyword])
    score = a * kw + (1 - a) * d
    target = named[0].lower() if len(named) == 1 else None
    if target is not None:
        hit = [_spoken_by(speaker_of.get(i), target) for i in ids]
        score = np.where(hit, score * (1 + boost), score)
    by_id = sorted(range(len(ids)), key=ids.__getitem__)
    order = np.array(by_id, dtype=np.intp)[np.argsort(-score[by_id], kind="stable")][:k]
    top = float(score[order[0]])
    head = score[order]
    head = np.zeros(len(order)) if top <= 0 else np.minimum(1.0, np.maximum(0.0, head / top))
    return list(zip([ids[i] for i in order.tolist()], head.tolist(), strict=True))


def _spoken_by(speaker: str | None, target: str) -> bool:
    return speaker is not None and speaker.lower() == target
