"""Max-score pruning and cached contributions in :class:`UserBM25` keep BM25 exact.

The reference is a brute-force BM25 in plain Python (every document, every
query term), and the unpruned scan of the same index.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from langmem_local import bm25
from langmem_local.bm25 import K1, B, UserBM25
from langmem_local.bm25_terms import Postings


def _corpus(n: int, seed: int, vocab: int = 300) -> list[str]:
    """Zipf-distributed words: a few in most documents, many rare ones."""
    rng = np.random.default_rng(seed)
    p = np.arange(1, vocab + 1, dtype=float) ** -1.1
    p /= p.sum()
    return [
        " ".join(f"w{int(w)}" for w in rng.choice(vocab, size=int(rng.integers(3, 12)), p=p))
        for _ in range(n)
    ]


def _brute(docs: dict[str, str], terms: list[str], limit: int) -> list[tuple[str, float]]:
    """FTS5's BM25 over live documents, in insertion order, ties oldest first."""
    toks = {i: bm25.stem_terms(t) for i, t in docs.items()}
    n = len(toks)
    avgdl = sum(len(t) for t in toks.values()) / n
    out = []
    for pos, (memory_id, words) in enumerate(toks.items()):
        score = 0.0
        for term in dict.fromkeys(terms):
            f = float(words.count(term))
            df = sum(term in w for w in toks.values())
            if f == 0 or df == 0:
                continue
            idf = math.log(0.5 + n - df) - math.log(0.5 + df)
            idf = idf if idf > 0 else 1e-6
            score += idf * (f * (K1 + 1.0)) / (f + K1 * (1.0 - B + B * len(words) / avgdl))
        if score > 0:
            out.append((pos, memory_id, score))
    out.sort(key=lambda x: (-x[2], x[0]))
    return [(memory_id, score) for _, memory_id, score in out[:limit]]


def _unpruned(idx: UserBM25, terms: list[str], limit: int, monkeypatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(bm25, "PRUNE_SHARE", 10**9)  # give up at once: score every match
        idx._cache.clear()
        return idx.search(terms, limit)


@pytest.mark.parametrize("seed", range(4))
def test_pruned_search_equals_brute_force_and_the_full_scan(seed: int, monkeypatch) -> None:
    monkeypatch.setattr(bm25, "CACHE_DF", 5)
    docs = {f"m{i}": t for i, t in enumerate(_corpus(400, seed))}
    idx = UserBM25()
    for memory_id, text in docs.items():
        idx.upsert(memory_id, text, "")
    rng = np.random.default_rng(100 + seed)
    pruned = 0
    for _ in range(40):
        terms = [f"w{int(w)}" for w in rng.zipf(1.3, size=int(rng.integers(1, 6))) if w < 300]
        limit = int(rng.integers(1, 30))
        got = idx.search(terms, limit)
        want = _brute(docs, terms, limit)
        assert [i for i, _ in got] == [i for i, _ in want]
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-12)
        assert idx.search(terms, limit) == got  # from the cache: the same floats
        assert _unpruned(idx, terms, limit, monkeypatch) == got  # bit for bit
        parts = [idx._postings(t) for t in dict.fromkeys(terms) if idx._df.get(t, 0) > 0]
        pruned += bool(parts) and idx._pruned(parts, limit) is not None
    assert pruned > 10  # the pruned path was taken, not only the fallback


def test_changes_invalidate_cached_contributions(monkeypatch) -> None:
    monkeypatch.setattr(bm25, "CACHE_DF", 1)
    docs = {f"m{i}": t for i, t in enumerate(_corpus(120, 9, vocab=40))}
    idx = UserBM25()
    for memory_id, text in docs.items():
        idx.upsert(memory_id, text, "")
    terms = ["w0", "w1", "w7", "w30"]
    assert idx.search(terms, 10) == _unpruned(idx, terms, 10, monkeypatch)
    idx.search(terms, 10)  # cache filled
    for i in range(0, 120, 3):  # deletes (and a compaction) change N, avgdl and df
        idx.delete(f"m{i}")
        docs.pop(f"m{i}")
    idx.upsert("m1", "w30 w30 w30 brand new", "")
    docs["m1"] = "w30 w30 w30 brand new"
    docs = {k: docs[k] for k in sorted(docs, key=lambda k: (k == "m1", int(k[1:])))}
    got = idx.search(terms, 10)
    want = _brute(docs, terms, 10)
    assert [i for i, _ in got] == [i for i, _ in want]
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-12)


def test_ties_at_the_cut_keep_the_oldest() -> None:
    idx = UserBM25()
    for i in range(50):
        idx.upsert(f"m{i}", "same words here", "")
    idx.upsert("x", "other text", "")
    got = idx.search(["same"], 5)
    assert [i for i, _ in got] == ["m0", "m1", "m2", "m3", "m4"]
    assert len({s for _, s in got}) == 1


def test_stem_terms_fast_paths_equal_the_word_list_stemmer() -> None:
    """The per-word stem cache and the ASCII pattern give the terms of the plain stemmer."""
    import random

    import Stemmer

    stemmer = Stemmer.Stemmer("porter")

    def reference(text: str) -> list[str]:
        words = [w for w in (bm25._fold(w) for w in bm25._ALNUM.findall(text)) if w]
        stems = stemmer.stemWords(words)
        return [w if len(w) < 3 or not s else s for w, s in zip(words, stems, strict=True)]

    rng = random.Random(0)
    ascii_chars = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 _'-.,?!\t"
    other = ascii_chars + "éüÇßİΣσςﬁＡ\u0301’"
    for alphabet in (ascii_chars, other):
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            assert bm25.stem_terms(text) == reference(text), text
    assert bm25.stem_terms("Running runners ran, as us") == ["run", "runner", "ran", "as", "us"]


@pytest.mark.parametrize("seed", range(3))
def test_candidate_scores_are_the_same_floats_by_every_route(seed: int, monkeypatch) -> None:
    """Binary search in the postings, reads from a common term's array by slot, and
    the scatter into all slots give bit-identical sums (term by term from 0.0)."""
    monkeypatch.setattr(bm25, "CACHE_DF", 5)
    idx = UserBM25()
    for n, text in enumerate(_corpus(600, seed, vocab=60)):
        idx.upsert(f"m{n}", text, "")
    terms = [t for t in ("w0", "w1", "w3", "w9", "w40", "w55") if idx._df.get(t, 0) > 0]
    parts = [idx._postings(t) for t in terms]
    assert any(p.by_slot for p in parts) and any(not p.by_slot for p in parts)
    n = len(idx._ids)
    bare = [Postings(p.slots, p.contrib, p.bound) for p in parts]  # binary search only
    rng = np.random.default_rng(seed)
    for size in (1, 7, 50, 300, n):
        cand = np.sort(rng.choice(n, size=size, replace=False))
        want = np.zeros(size)
        for p in parts:  # the reference: binary search only, in query order
            pos = np.searchsorted(p.slots, cand).clip(max=len(p.slots) - 1)
            want += np.where(p.slots[pos] == cand, p.contrib[pos], 0.0)
        for route in (parts, bare):
            got = UserBM25._scores_of(route, cand, n)
            assert got.tobytes() == want.tobytes()
    full = np.bincount(
        np.concatenate([p.slots for p in parts]),
        weights=np.concatenate([p.contrib for p in parts]),
        minlength=n,
    )
    everything = np.arange(n)
    assert UserBM25._scores_of(parts, everything, n).tobytes() == full.tobytes()
