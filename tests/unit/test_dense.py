"""Dense candidates: exact scan of in-memory vectors up to a size, the index beyond."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from langmem_local import dense


def test_exact_top_k_is_the_cosine_order() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((50, 8)).astype(np.float32)
    q = rng.standard_normal(8).astype(np.float32)
    ids = [f"m{i}" for i in range(50)]
    got = dense.exact_top_k(ids, matrix * 3.0, q.tolist(), 5)  # norms do not matter
    cos = matrix @ q / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(q))
    want = [ids[i] for i in np.argsort(-cos)[:5]]
    assert [i for i, _ in got] == want
    assert got[0][1] == pytest.approx(float(cos.max()), rel=1e-5)
    assert dense.exact_top_k([], matrix[:0], q.tolist(), 5) == []
    with pytest.raises(ValueError, match="embedder that built"):
        dense.exact_top_k(ids, matrix, [1.0, 2.0], 5)


@pytest.mark.parametrize("vecdot", [True, False], ids=["vecdot", "einsum-fallback"])
def test_dot_is_the_matrix_vector_product(monkeypatch, vecdot: bool) -> None:
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((300, 384)).astype(np.float32)
    q = rng.standard_normal(384).astype(np.float32)
    if not vecdot:  # NumPy 1.x has no np.vecdot
        monkeypatch.setattr(dense, "_VECDOT", None)
    got = dense.dot(matrix, q)
    assert got.dtype == np.float32
    assert got.shape == (300,)
    np.testing.assert_allclose(got, matrix.astype(np.float64) @ q, rtol=1e-4, atol=1e-4)


def test_users_up_to_the_threshold_are_scanned_exactly_and_larger_ones_use_the_index(
    make_memory, monkeypatch
):
    m = make_memory()
    out = m.add(
        [
            {"role": "user", "content": t}
            for t in ("I adopted a beagle", "I love sushi", "My sister lives in Lisbon")
        ],
        user_id="u",
        infer=False,
    )["results"]
    m.add("someone else's note", user_id="other", infer=False)
    m.add("and another one", user_id="other", infer=False)
    index = m._vectors
    calls: list[int] = []
    monkeypatch.setattr(index, "_query", lambda *a, **k: calls.append(1) or [("from-index", 0.5)])
    q = m.embeddings.embed_query("where does my sister live")
    share = m._db.user_share("u")  # "u" owns 3 of 5 memories: any share is scanned
    hits = index.search(q, user_id="u", limit=2, user_share=share)
    assert calls == [] and hits[0][0] == out[2]["id"] and len(hits) == 2
    assert index.search(q, user_id="nobody", limit=2, user_share=0.0) == []
    monkeypatch.setattr(dense, "EXACT_SCAN_MAX", 2)  # too many memories for a scan
    assert index.search(q, user_id="u", limit=2, user_share=share) == [("from-index", 0.5)]
    assert calls == [1]


def test_the_scan_sees_updates_and_deletes(make_memory) -> None:
    m = make_memory()
    a, b = m.add(
        [
            {"role": "user", "content": "I live in Denver"},
            {"role": "user", "content": "I play chess"},
        ],
        user_id="u",
        infer=False,
    )["results"]
    m.update(a["id"], "I surf every morning in Lisbon")
    hits = m.search("surfing", user_id="u", limit=2)["results"]
    assert hits[0]["id"] == a["id"] and hits[0]["score_breakdown"]["cosine"] > 0.3
    m.delete(b["id"])
    assert [h["id"] for h in m.search("chess", user_id="u", limit=5)["results"]] == [a["id"]]


# The int8 pre-scan: the same rows and cosines as the full product, bit for bit.

KINDS = ("gauss", "unit", "duplicates", "near-ties", "clusters", "integers", "odd")
QUERIES = ("random", "a stored row", "a stored row scaled", "minus a stored row", "one-hot")


def _rows(kind: str, n: int, dims: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` float32 rows of one kind: the cases a bound or a tie rule could get wrong."""
    x = rng.standard_normal((n, dims))
    if kind == "gauss":  # any norm
        x *= 10.0 ** rng.uniform(-3, 3, (n, 1))
    elif kind == "unit":  # random unit vectors: the pre-scan's worst case
        x /= np.linalg.norm(x, axis=1, keepdims=True)
    elif kind == "duplicates":  # ties everywhere, at the k-th place too
        x = x[rng.integers(0, max(1, n // 8), n)] * rng.choice([1.0, 2.0, 0.5], (n, 1))
    elif kind == "near-ties":  # cosines within 1e-5 of each other: every bound overlaps
        x = x[:1] + 1e-6 * x
    elif kind == "clusters":  # what embedders produce: a few topics
        x = x[rng.integers(0, min(4, n), n)] + 0.3 * rng.standard_normal((n, dims))
    elif kind == "integers":  # exact products: many equal cosines
        x = rng.integers(-2, 3, (n, dims)).astype(np.float64)
    else:  # zero, tiny, huge, one-hot and non-finite rows beside ordinary ones
        pick = rng.integers(0, 7, n)
        x[pick == 0] = 0.0
        x[pick == 1] *= 1e-7
        x[pick == 2] *= 1e7
        x[pick == 3] = np.eye(dims)[rng.integers(0, dims, (pick == 3).sum())]
        x[pick == 4] = np.nan
        x[pick == 5, 0] = np.inf
    return x.astype(np.float32)


def _query(kind: str, m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    row = m[rng.integers(0, len(m))]
    if kind == "random":
        return rng.standard_normal(m.shape[1]).astype(np.float32)
    if kind == "a stored row":
        return row.copy()
    if kind == "a stored row scaled":
        return row * np.float32(3.0)
    if kind == "minus a stored row":
        return -row
    return np.eye(m.shape[1], dtype=np.float32)[rng.integers(0, m.shape[1])]


def _assert_prescan_is_the_full_product(
    m: np.ndarray, q: np.ndarray, k: int, alive: np.ndarray | None = None
) -> None:
    with np.errstate(all="ignore"):  # NaN and inf rows: the full product warns too
        _compare(m, q, k, alive)


def _compare(m: np.ndarray, q: np.ndarray, k: int, alive: np.ndarray | None) -> None:
    norms = np.linalg.norm(m, axis=1)
    want_rows, want = dense.top_k_rows(m, norms, q, k, alive=alive)
    got_rows, got = dense.top_k_rows(m, norms, q, k, alive=alive, codes=dense.quantize(m))
    assert got_rows.tolist() == want_rows.tolist()
    assert got.dtype == want.dtype == np.float32
    assert got.tobytes() == want.tobytes()  # bit for bit, NaN included
    # The full product itself: today's cosines, best first, ties by row, NaN last.
    qn = float(np.linalg.norm(q)) or 1.0
    sims = dense.dot(m, q) / np.clip(norms * qn, 1e-12, None)
    live = np.arange(len(m)) if alive is None else np.flatnonzero(alive)
    key = np.where(np.isnan(sims[live]), -np.inf, sims[live])
    order = live[np.lexsort((live, np.isnan(sims[live]), -key))][:k]
    assert want_rows.tolist() == order.tolist()
    assert want.tobytes() == sims[order].tobytes()


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    dims=st.sampled_from([1, 2, 3, 8, 17, 64, 384]),
    kind=st.sampled_from(KINDS),
    query=st.sampled_from(QUERIES),
    k=st.integers(1, 80),
    dead=st.sampled_from([0.0, 0.1, 0.5, 0.95]),
)
def test_prescan_returns_the_full_products_rows_and_cosines(
    seed: int, n: int, dims: int, kind: str, query: str, k: int, dead: float
) -> None:
    rng = np.random.default_rng(seed)
    m = _rows(kind, n, dims, rng)
    q = _query(query, m, rng)
    alive = None
    if dead:
        alive = rng.random(n) >= dead
        alive[rng.integers(0, n)] = True
    live = n if alive is None else int(alive.sum())
    _assert_prescan_is_the_full_product(m, q, min(k, live), alive)  # k up to every live row


@pytest.mark.parametrize("kind", ["unit", "duplicates", "clusters", "odd"])
def test_prescan_is_exact_on_large_matrices(kind: str) -> None:
    rng = np.random.default_rng(len(kind))
    m = _rows(kind, 12_000, 384, rng)
    alive = rng.random(len(m)) >= 0.2
    for n, query in enumerate(QUERIES * 2):
        q = _query(query, m, rng)
        for k in (1, 50, 700):
            _assert_prescan_is_the_full_product(m, q, k, alive if n % 2 else None)


def test_prescan_rescores_few_rows_of_random_unit_vectors() -> None:
    """Random unit vectors are the worst case, and still 2-3 % of the rows are scored."""
    rng = np.random.default_rng(7)
    m = _rows("unit", 10_000, 384, rng)
    codes, bounds = dense.quantize(m)
    sizes = [
        len(dense._candidates(codes, bounds, _query("random", m, rng), 50, None)) for _ in range(20)
    ]
    assert 50 <= np.mean(sizes) < 400


def test_tie_at_the_kth_place_keeps_the_lowest_rows() -> None:
    m = np.tile(np.float32([[1.0, 2.0, 3.0]]), (5_000, 1))
    m[4_000] = [3.0, 2.0, 1.0]
    q = np.float32([3.0, 2.0, 1.0])
    rows, sims = dense.top_k_rows(m, np.linalg.norm(m, axis=1), q, 4, codes=dense.quantize(m))
    assert rows.tolist() == [4_000, 0, 1, 2] and sims[1] == sims[2] == sims[3]
    _assert_prescan_is_the_full_product(m, q, 4)


def test_quantize_bounds_every_rows_error() -> None:
    rng = np.random.default_rng(3)
    for kind in KINDS:
        for dims in (1, 5, 384, 1000):
            m = _rows(kind, 200, dims, rng)
            codes, bounds = dense.quantize(m)
            x = m.astype(np.longdouble)
            with np.errstate(all="ignore"):
                norm = np.sqrt((x * x).sum(axis=1))
                ok = (norm >= 1e-4) & (norm <= 1e4)
            assert np.array_equal(np.abs(codes[ok]).max(axis=1), np.full(ok.sum(), 127))
            assert (codes[~ok] == 0).all() and (bounds[0, ~ok] == 0).all()
            assert np.isinf(bounds[1, ~ok]).all()
            step = (np.abs(m[ok]).max(axis=1) / np.float32(127)).astype(np.longdouble)
            error = x[ok] - codes[ok] * step[:, None]
            error = np.sqrt((error * error).sum(axis=1)) / norm[ok]
            assert (bounds[1, ok] >= error).all()  # a bound
            assert (bounds[1, ok] <= error * (1 + 1e-3) + 1e-6).all()  # and a close one
            np.testing.assert_allclose(bounds[0, ok], step / norm[ok], rtol=1e-6)
            for row, c, b in zip(m, codes, bounds.T, strict=True):  # the query's own path
                one = dense._quantize_one(row)
                if b[0] == 0:
                    assert one is None
                else:
                    assert one is not None and np.array_equal(one[0], c)
                    assert (one[1], one[2]) == (b[0], b[1])


def test_cosines_lie_within_the_bound_of_the_int8_product() -> None:
    """``|cos - a| <= e_x (1 + e_q) + e_q``, in extended precision, pair by pair."""
    rng = np.random.default_rng(11)
    m = np.concatenate([_rows(kind, 300, 64, rng) for kind in KINDS if kind != "odd"])
    codes, bounds = dense.quantize(m)
    x = m.astype(np.longdouble)
    x /= np.sqrt((x * x).sum(axis=1))[:, None]
    for i in rng.integers(0, len(m), 40):
        cos = x @ x[i]
        a = codes.astype(np.int64) @ codes[i].astype(np.int64) * bounds[0] * bounds[0, i]
        r = bounds[1] * (1 + bounds[1, i]) + bounds[1, i]
        assert (np.abs(cos - a.astype(np.longdouble)) <= r).all()


@pytest.mark.parametrize("side", ["query", "row"])
def test_a_quantisation_error_at_its_bound_keeps_the_best_row(side: str) -> None:
    """The best row's int8 estimate is off by the whole error bound (its residual, or
    the query's, lies along the other vector) and below rivals' exact estimates."""
    m, delta = 20, np.float32(20.49 / 127)  # codes round 20.49 down to 20: the error
    inexact = np.float32([1.0, delta, 0.0, 0.0])  # codes (127, 20): residual along e2
    exact = np.float32([0.0, 127.0, 0.0, 0.0])  # integers up to 127: codes without error
    q, trap = (inexact, exact) if side == "query" else (exact, inexact)
    cos_trap = float(delta / np.linalg.norm(inexact))
    estimate = m / 127 / float(np.linalg.norm(inexact))
    # Rivals coded exactly whose cosines lie between the trap's estimate and cosine.
    grid = np.float32([[127.0, a, e, 0.0] for a in range(128) for e in range(128)])
    if side == "query":
        grid = grid[:, [1, 3, 0, 2]]  # their large component where the query has none
    cos = grid.astype(np.float64) @ q / (np.linalg.norm(grid, axis=1) * np.linalg.norm(q))
    rivals = grid[(cos > estimate + 0.2 * (cos_trap - estimate)) & (cos < cos_trap)]
    assert len(rivals) >= 3
    m_all = np.concatenate([rivals, trap[None]])
    for k in (1, 2):
        _assert_prescan_is_the_full_product(m_all, q, k)
    rows, _ = dense.top_k_rows(m_all, np.linalg.norm(m_all, axis=1), q, 1)
    assert rows.tolist() == [len(rivals)]  # the trap is the best row


def test_the_comparison_catches_a_bound_without_its_error_terms(monkeypatch) -> None:
    """The tests above can fail: with the error terms dropped, rows go missing."""
    rng = np.random.default_rng(5)
    m = _rows("unit", 3_000, 64, rng)
    quantize, one = dense.quantize, dense._quantize_one

    def no_error(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        codes, bounds = quantize(rows)
        bounds[1] = np.where(np.isinf(bounds[1]), np.inf, 0.0)
        return codes, bounds

    monkeypatch.setattr(dense, "quantize", no_error)
    monkeypatch.setattr(dense, "_quantize_one", lambda q: (*one(q)[:2], np.float32(0)))
    monkeypatch.setattr(dense, "_slack", lambda dims: 0.0)
    misses = 0
    for _ in range(20):
        try:
            _assert_prescan_is_the_full_product(m, _query("random", m, rng), 50)
        except AssertionError:
            misses += 1
    assert misses > 0


@pytest.mark.skipif(dense._INT8_DOT is None, reason="no SimSIMD wheel for this platform")
def test_int8_dot_is_exact_and_leaves_none_alone() -> None:
    rng = np.random.default_rng(2)
    for dims in (1, 7, 384, 1040, 2048):
        codes = rng.integers(-127, 128, (500, dims)).astype(np.int8)
        codes[0] = 127  # the largest sum: dims * 127**2
        q = codes[0].copy()
        got = dense._INT8_DOT(codes, q)
        assert got.dtype == np.float32 and got.shape == (500,)
        exact = codes.astype(np.int64) @ q.astype(np.int64)
        assert np.array_equal(got, exact.astype(np.float32))  # one rounding (exact to 2**24)
    before = sys.getrefcount(None)
    for _ in range(3000):  # SimSIMD's `out=` dropped a reference to None a call
        dense._INT8_DOT(codes, q)
    assert abs(sys.getrefcount(None) - before) < 100


def test_without_simsimd_every_search_is_the_full_product(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "simsimd", None)  # `import simsimd` raises ImportError
    assert dense._load_int8_dot() is None
    monkeypatch.setattr(dense, "_INT8_DOT", None)
    assert not dense.prescan_pays(100_000, 384)

    def unused(*args: object) -> None:
        raise AssertionError("the pre-scan ran without SimSIMD")

    monkeypatch.setattr(dense, "_candidates", unused)
    rng = np.random.default_rng(4)
    m = _rows("clusters", 5_000, 32, rng)
    norms = np.linalg.norm(m, axis=1)
    q = _query("random", m, rng)
    codes = dense.quantize(m)  # codes kept from before stay unused
    got = dense.top_k_rows(m, norms, q, 20, codes=codes)
    want = dense.top_k_rows(m, norms, q, 20)
    assert got[0].tolist() == want[0].tolist() and got[1].tobytes() == want[1].tobytes()


def test_no_prescan_where_int32_sums_could_overflow() -> None:
    dims = 2**31 // (127 * 127) + 1
    assert not dense.prescan_pays(100_000, dims) and dense.prescan_pays(100_000, dims - 1)
    codes = np.zeros((2, dims), np.int8), np.zeros((2, 2), np.float32)
    assert dense._candidates(*codes, np.ones(dims, np.float32), 1, None) is None
