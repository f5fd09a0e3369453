"""Search ranking: relevance, recency and importance, with an explanation.

``score = w_rel * relevance + w_rec * recency + w_imp * importance``, divided by
the sum of the weights so the score stays in [0, 1]. Each term is in [0, 1]:

* relevance: hybrid of cosine similarity and keyword (BM25) evidence, from
  :func:`langmem_local.hybrid.fuse`;
* recency: ``0.5 ** (age_days / half_life_days)`` of the last update;
* importance: set at extraction (1..5 mapped to 0.2..1.0), raised when a fact
  is re-confirmed (and on retrieval only if ``retrieval_importance_step`` > 0).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple, TypeVar

from langmem_local.config import RankingSettings

T = TypeVar("T")


def importance_from_level(level: int) -> float:
    """Map the extraction scale 1..5 to 0.2..1.0."""
    return max(1, min(5, level)) / 5.0


def recency(updated_at: datetime, now: datetime, half_life_days: float) -> float:
    """Exponential decay: 1.0 now, 0.5 after one half-life."""
    age_days = max(0.0, (now - updated_at).total_seconds() / 86400.0)
    return float(0.5 ** (age_days / half_life_days))


class ScoreBreakdown(NamedTuple):
    """Why a hit scored what it scored.

    A named tuple, immutable as the frozen dataclass it was, built in 0.5 us
    against 2.0 us (one per returned hit).
    """

    relevance: float
    recency: float
    importance: float
    score: float

    def as_dict(self, weights: RankingSettings) -> dict[str, float]:
        """Terms and weights, for ``score_breakdown`` in search results."""
        return {
            "relevance": round(self.relevance, 6),
            "recency": round(self.recency, 6),
            "importance": round(self.importance, 6),
            "relevance_weight": weights.relevance_weight,
            "recency_weight": weights.recency_weight,
            "importance_weight": weights.importance_weight,
            "score": round(self.score, 6),
        }


def combine(
    relevance: float,
    *,
    updated_at: datetime,
    importance: float,
    now: datetime,
    weights: RankingSettings,
) -> ScoreBreakdown:
    """Score one candidate."""
    rec = recency(updated_at, now, weights.half_life_days)
    score = _score(relevance, rec, importance, weights, _weight_sum(weights))
    return ScoreBreakdown(relevance=relevance, recency=rec, importance=importance, score=score)


def top(
    candidates: Iterable[tuple[float, datetime, float, T]],
    *,
    now: datetime,
    weights: RankingSettings,
    limit: int,
    threshold: float | None = None,
) -> list[tuple[ScoreBreakdown, T]]:
    """The ``limit`` best candidates by score, best first, each with its breakdown.

    Scores are :func:`combine`'s, bit for bit, and ties keep the candidates'
    order. A search ranks 40 or more candidates and returns 10: only the
    returned ones get a :class:`ScoreBreakdown` (building one per candidate
    was a tenth of a search at 10k memories).

    Args:
        candidates: ``(relevance, updated_at, importance, item)`` per candidate.
        now: The time recency is measured from.
        weights: The ranking weights.
        limit: How many to return.
        threshold: Drop candidates scoring below this.

    Example:
        .. code-block:: python

            hits = top([(0.9, updated, 0.6, row)], now=utcnow(), weights=cfg.ranking, limit=5)
            breakdown, row = hits[0]
    """
    total = None
    half_life = weights.half_life_days
    w_rel, w_rec = weights.relevance_weight, weights.recency_weight
    w_imp = weights.importance_weight
    scored = []
    for relevance, updated_at, importance, item in candidates:
        if total is None:
            total = _weight_sum(weights)
        # recency() and _score(), inlined with the same expressions: 65 against
        # 82 us for the 40 candidates of a search (weights read once).
        age_days = max(0.0, (now - updated_at).total_seconds() / 86400.0)
        rec = float(0.5 ** (age_days / half_life))
        score = (w_rel * relevance + w_rec * rec + w_imp * importance) / total
        if threshold is None or score >= threshold:
            scored.append((score, relevance, rec, importance, item))
    scored.sort(key=itemgetter(0), reverse=True)  # stable: ties keep the candidates' order
    return [
        (ScoreBreakdown(rel, rec, imp, score), item)
        for score, rel, rec, imp, item in scored[:limit]
    ]


def _weight_sum(weights: RankingSettings) -> float:
    total = weights.relevance_weight + weights.recency_weight + weights.importance_weight
    if total <= 0:
        msg = "ranking weights sum to 0; set at least one of relevance/recency/importance > 0"
        raise ValueError(msg)
    return total


def _score(
    relevance: float, rec: float, importance: float, weights: RankingSettings, total: float
) -> float:
    return (
        weights.relevance_weight * relevance
        + weights.recency_weight * rec
        + weights.importance_weight * importance
    ) / total
