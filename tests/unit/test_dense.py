"""Dense candidates: exact scan of in-memory vectors up to a size, the index beyond."""

from __future__ import annotations

import numpy as np
import pytest

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
