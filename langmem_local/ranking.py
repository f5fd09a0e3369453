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

from dataclasses import dataclass
from datetime import datetime

from langmem_local.config import RankingSettings


def importance_from_level(level: int) -> float:
    """Map the extraction scale 1..5 to 0.2..1.0."""
    return max(1, min(5, level)) / 5.0


def recency(updated_at: datetime, now: datetime, half_life_days: float) -> float:
    """Exponential decay: 1.0 now, 0.5 after one half-life."""
    age_days = max(0.0, (now - updated_at).total_seconds() / 86400.0)
    return float(0.5 ** (age_days / half_life_days))


@dataclass(frozen=True)
class ScoreBreakdown:
    """Why a hit scored what it scored."""

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
    total = weights.relevance_weight + weights.recency_weight + weights.importance_weight
    if total <= 0:
        msg = "ranking weights sum to 0; set at least one of relevance/recency/importance > 0"
        raise ValueError(msg)
    score = (
        weights.relevance_weight * relevance
        + weights.recency_weight * rec
        + weights.importance_weight * importance
    ) / total
    return ScoreBreakdown(relevance=relevance, recency=rec, importance=importance, score=score)
