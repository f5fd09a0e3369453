"""Term grids of the reranker (:mod:`langmem_local.rerank_terms`) against per-text loops."""

from __future__ import annotations

import random

import numpy as np
import pytest

from langmem_local import rerank_terms


def _own_loop(terms: list[tuple[str, ...]], idf: dict[str, float]) -> list[float]:
    """The per-candidate loop ``rerank._own_bm25`` ran before the grid."""
    lengths = [len(t) for t in terms]
    avg = (sum(lengths) / len(lengths)) if lengths else 1.0
    out = []
    for text, n in zip(terms, lengths, strict=True):
        present = [t for t in idf if t in set(text)]
        present.sort(key=text.index)
        norm = 1.2 * (0.25 + 0.75 * n / (avg or 1.0))
        total = 0.0
        for t in present:
            f = text.count(t)
            total += idf[t] * f * 2.2 / (f + norm)
        out.append(total)
    return out


def _texts(rng: random.Random) -> tuple[list[tuple[str, ...]], dict[str, float]]:
    words = "paint lake dog bike red week may adopt when long".split()
    terms = [tuple(rng.choice(words) for _ in range(rng.randint(0, 15))) for _ in range(70)]
    query = rng.sample(words, rng.randint(0, 6))
    idf = {t: rng.choice([1e-6, rng.uniform(0.01, 7.0)]) for t in query}
    return terms[: rng.randint(0, 70)], idf


@pytest.mark.parametrize("seed", range(60))
def test_own_bm25_and_coverage_equal_the_per_text_loops(seed: int) -> None:
    rng = random.Random(seed)
    terms, idf = _texts(rng)
    grid = rerank_terms.term_grid(terms, list(idf))
    own = rerank_terms.own_bm25(grid, [len(t) for t in terms], list(idf.values()))
    assert own.tolist() == _own_loop(terms, idf)  # bit for bit
    total = sum(idf.values()) or 1.0
    got = rerank_terms.coverage(grid > 0, list(idf.values()), total)
    want = [sum([w for t, w in idf.items() if t in set(text)]) / total for text in terms]
    assert got.tolist() == want


def test_coverage_sums_rows_of_several_terms_with_sum_where_sum_compensates(monkeypatch) -> None:
    # Python 3.12's sum() compensates rounding; the grid then leaves such rows to it.
    monkeypatch.setattr(rerank_terms, "_PLAIN_SUM", False)
    weights = [0.1, 0.2, 0.3, 1e16, 1.0, -1e16]
    held = np.array([[True] * 6, [True, False, True, False, False, False], [False] * 6])
    got = rerank_terms.coverage(held, weights, 1.0)
    assert got.tolist() == [sum(weights), sum([0.1, 0.3]), 0.0]


def test_term_index_counts_repeats_from_the_first_position() -> None:
    entry = rerank_terms.term_index(("a", "b", "a", "c", "a"))
    assert entry == {"a": (1 << 32) + 3, "b": (2 << 32) + 1, "c": (4 << 32) + 1}
    grid = rerank_terms.term_grid([("a", "b"), (), ("b",)], ["b", "zz", "a"])
    assert (grid > 0).tolist() == [[True, False, True], [False] * 3, [True, False, False]]
