"""The vector index is derived: when it breaks, it is rebuilt and no search fails.

A SIGKILL inside Chroma can leave ids it lists but cannot serve ("Error
finding id", seen by tests/e2e/test_crash.py); these tests break the index on
purpose and check what the engine does about it.
"""

from __future__ import annotations

import pytest

from langmem_local import dense


def _broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("Error executing plan: Internal error: Error finding id")


def test_a_failing_index_query_falls_back_and_rebuilds(make_memory, monkeypatch) -> None:
    m = make_memory()
    ids = [
        r["id"]
        for r in m.add(
            [
                {"role": "user", "content": "Keeps bees on the roof"},
                {"role": "user", "content": "Plays chess on Sundays"},
            ],
            user_id="u",
            infer=False,
        )["results"]
    ]
    index = m._vectors
    rebuilt: list[int] = []
    real_rebuild = index.rebuild
    monkeypatch.setattr(dense, "EXACT_SCAN_MAX", 0)  # a small user, sent to the index anyway
    monkeypatch.setattr(index, "_query", _broken)
    monkeypatch.setattr(index, "rebuild", lambda: rebuilt.append(1) or real_rebuild())
    hits = m.search("bees", user_id="u")["results"]
    assert hits[0]["id"] == ids[0] and rebuilt == [1]
    monkeypatch.undo()
    assert index.indexed_ids() == set(ids)


def test_an_unreadable_index_is_rebuilt_on_open(make_memory, monkeypatch) -> None:
    m = make_memory()
    memory_id = m.add("Keeps bees on the roof", user_id="u", infer=False)["results"][0]["id"]
    index = m._vectors
    monkeypatch.setattr(index, "_indexed_vectors", _broken)
    report = index.reconcile(full=True)
    assert report["restored"] == 1
    monkeypatch.undo()
    assert index.indexed_ids() == {memory_id}
    got = index._store.collection.get(ids=[memory_id], include=["embeddings"])
    assert len(got["embeddings"]) == 1


def test_a_stale_vector_is_rewritten_by_a_full_reconcile(make_memory) -> None:
    m = make_memory()
    memory_id = m.add("Keeps bees on the roof", user_id="u", infer=False)["results"][0]["id"]
    index = m._vectors
    index._store.collection.update(ids=[memory_id], embeddings=[[0.0] * 383 + [1.0]])
    report = index.reconcile(full=True)
    assert report["restored"] == 1
    truth = m._db.vectors([memory_id])[memory_id][1]
    got = index._store.collection.get(ids=[memory_id], include=["embeddings"])["embeddings"][0]
    assert got == pytest.approx(truth.tolist(), abs=1e-5)
