"""``ranking.top`` ranks exactly as scoring each candidate with ``combine`` and sorting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from langmem_local import ranking
from langmem_local.config import RankingSettings

NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)

_candidate = st.tuples(
    st.floats(0.0, 1.0),  # relevance
    st.integers(0, 400),  # age in days
    st.sampled_from([0.2, 0.4, 0.6, 0.8, 1.0]),  # importance (few values: ties)
)


def _reference(cands, weights, limit, threshold):
    """One ScoreBreakdown per candidate, then a stable sort: what search did before."""
    hits = []
    for n, (rel, age, imp) in enumerate(cands):
        b = ranking.combine(
            rel, updated_at=NOW - timedelta(days=age), importance=imp, now=NOW, weights=weights
        )
        if threshold is None or b.score >= threshold:
            hits.append((b, n))
    hits.sort(key=lambda h: h[0].score, reverse=True)
    return hits[:limit]


@settings(max_examples=200, deadline=None)
@given(
    cands=st.lists(_candidate, max_size=60),
    limit=st.integers(1, 20),
    threshold=st.none() | st.floats(0.0, 1.0),
    half_life=st.floats(0.5, 365.0),
)
def test_top_equals_combine_then_sort(cands, limit, threshold, half_life) -> None:
    weights = RankingSettings(half_life_days=half_life)
    got = ranking.top(
        ((rel, NOW - timedelta(days=age), imp, n) for n, (rel, age, imp) in enumerate(cands)),
        now=NOW,
        weights=weights,
        limit=limit,
        threshold=threshold,
    )
    assert got == _reference(cands, weights, limit, threshold)


def test_ties_keep_the_candidates_order() -> None:
    same = [(0.5, NOW, 0.6, name) for name in "abcde"]
    got = ranking.top(same, now=NOW, weights=RankingSettings(), limit=3)
    assert [item for _, item in got] == ["a", "b", "c"]


def test_zero_weights_name_the_fix() -> None:
    weights = RankingSettings(relevance_weight=0, recency_weight=0, importance_weight=0)
    assert ranking.top([], now=NOW, weights=weights, limit=5) == []
    with pytest.raises(ValueError, match="set at least one of relevance/recency/importance"):
        ranking.top([(0.5, NOW, 0.6, "a")], now=NOW, weights=weights, limit=5)
