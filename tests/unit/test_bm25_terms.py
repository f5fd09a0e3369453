"""Common terms' NumPy copies survive writes, and scores stay exact through them.

The reference for an index that has seen writes is a fresh index given the same
operations (the same slots, no copies kept), and a brute-force BM25.
"""

from __future__ import annotations

from array import array

import numpy as np
import pytest

from langmem_local import bm25
from langmem_local.bm25 import UserBM25
from langmem_local.bm25_terms import Postings, TermArrays


def _doc(rng: np.random.Generator, vocab: int = 60) -> str:
    p = np.arange(1, vocab + 1, dtype=float) ** -1.1
    p /= p.sum()
    return " ".join(f"w{int(w)}" for w in rng.choice(vocab, size=int(rng.integers(3, 12)), p=p))


def test_copies_grow_with_the_postings_and_earlier_views_stay() -> None:
    terms = TermArrays()
    slots, freq, lengths = array("i"), array("d"), array("d")
    seen = []
    rng = np.random.default_rng(0)
    for slot in range(3000):
        lengths.append(float(rng.integers(1, 30)))
        if rng.random() < 0.4:
            slots.append(slot)
            freq.append(float(rng.choice([0.5, 1.0, 1.5, 2.0, 3.0])))
        if slot % 97 == 0 and len(slots):
            got = terms.get("t", slots, freq, lengths, n_slots=slot + 1, by_slot=slot > 1000)
            seen.append((got, np.array(slots), np.array(freq)))
    for (s, f, by_slot, _), want_s, want_f in seen:
        # Each view still holds what it held when it was handed out.
        assert s.tolist() == want_s.tolist() and f.tolist() == want_f.tolist()
        if by_slot is not None:
            want = np.zeros(len(by_slot))
            want[want_s] = want_f
            assert by_slot.tobytes() == want.tobytes()
    s, f, by_slot, extremes = seen[-1][0]
    assert extremes == (float(f.max()), float(np.array(lengths)[s].min()))
    # The arrays can still grow: nothing holds a view of them.
    slots.append(3000)
    freq.append(1.0)


def test_reading_by_slot_where_the_term_is_not_kept_so_raises() -> None:
    plain = Postings(np.array([0, 3], np.int32), np.array([0.5, 0.7]), 0.7)
    assert not plain.by_slot
    with pytest.raises(ValueError, match="reads by slot"):
        plain.at(np.array([0]))


@pytest.mark.parametrize("seed", range(3))
def test_scores_after_writes_equal_a_fresh_index_bit_for_bit(seed: int, monkeypatch) -> None:
    monkeypatch.setattr(bm25, "CACHE_DF", 4)
    rng = np.random.default_rng(seed)
    idx = UserBM25()
    log: list[tuple[str, str, str]] = []
    ids: list[str] = []
    by_slot_reads = 0
    for step in range(1500):
        r = rng.random()
        if r < 0.55 or len(ids) < 30:
            op = ("upsert", f"m{step}", _doc(rng))
            ids.append(op[1])
        elif r < 0.7:
            op = ("delete", ids.pop(int(rng.integers(len(ids)))), "")
        elif r < 0.75:
            op = ("upsert", ids[int(rng.integers(len(ids)))], _doc(rng))
        else:
            terms = [f"w{int(w)}" for w in rng.zipf(1.2, size=int(rng.integers(1, 6))) if w < 60]
            limit = int(rng.integers(1, 25))
            fresh = UserBM25()
            for kind, memory_id, text in log:
                fresh.upsert(memory_id, text) if kind == "upsert" else fresh.delete(memory_id)
            assert idx.search(terms, limit) == fresh.search(terms, limit)
            for t in dict.fromkeys(terms):
                if idx._df.get(t, 0) > 0:
                    p, q = idx._postings(t), fresh._postings(t)
                    assert p.bound == q.bound
                    assert p.contrib.tobytes() == q.contrib.tobytes()
                    assert p.bound >= float(p.contrib.max())  # a bound on every contribution
                    by_slot_reads += p.by_slot
            continue
        kind, memory_id, text = op
        idx.upsert(memory_id, text) if kind == "upsert" else idx.delete(memory_id)
        log.append(op)
    assert by_slot_reads > 20  # terms read by slot were among those compared


def test_reads_by_candidates_then_by_every_slot_give_the_same_floats(monkeypatch) -> None:
    monkeypatch.setattr(bm25, "CACHE_DF", 4)
    rng = np.random.default_rng(7)
    idx = UserBM25()
    for n in range(400):
        idx.upsert(f"m{n}", _doc(rng))
    part = idx._postings("w0")
    assert part.by_slot
    cand = np.sort(rng.choice(len(idx._ids), size=50, replace=False))
    first = part.at(cand).tobytes()
    for _ in range(4):  # past the third read the contributions of every slot are kept
        assert part.at(cand).tobytes() == first
    assert part._dense is not None
    assert part.dense[cand].tobytes() == first
    assert part.contrib.tobytes() == part.dense[part.slots].tobytes()


def test_an_evicted_index_is_freed_without_the_cycle_collector(monkeypatch) -> None:
    """Cached postings do not point back at their index (no reference cycle)."""
    import gc
    import weakref

    monkeypatch.setattr(bm25, "CACHE_DF", 4)
    rng = np.random.default_rng(3)
    idx = UserBM25()
    for n in range(300):
        idx.upsert(f"m{n}", _doc(rng))
    idx.search(["w0", "w1", "w5"], 10)
    assert idx._cache  # postings of common terms are cached
    gone = weakref.ref(idx)
    gc.disable()
    try:
        del idx
        assert gone() is None
    finally:
        gc.enable()
