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


def _recording_query(index, names: list[str]):
    import threading

    real = index._query

    def query(*args, **kwargs):
        names.append(threading.current_thread().name)
        return real(*args, **kwargs)

    return query


def test_an_index_query_runs_beside_the_keyword_leg(make_memory, monkeypatch) -> None:
    """Above the exact-scan size the index query runs on the helper thread, and the
    search returns what the same query on this thread returns."""
    m = make_memory()
    texts = ["Keeps bees on the roof", "Plays chess on Sundays", "Grows tomatoes"]
    m.add([{"role": "user", "content": t} for t in texts], user_id="u", infer=False)
    index = m._vectors
    monkeypatch.setattr(dense, "EXACT_SCAN_MAX", 0)
    names: list[str] = []
    monkeypatch.setattr(index, "_query", _recording_query(index, names))
    beside = m.search("who keeps bees", user_id="u")["results"]
    assert names and names[-1].startswith("langmem-index-query")
    with m._db.lock:  # holding the store's lock: the query stays on this thread
        held = m.search("who keeps bees", user_id="u")["results"]
    assert names[-1] == "MainThread"
    assert [h["id"] for h in held] == [h["id"] for h in beside]


def test_inside_a_unit_of_work_the_index_query_does_not_wait_on_itself(
    make_memory, monkeypatch
) -> None:
    """Reconciliation searches inside its transaction: the helper would wait for the
    lock this thread holds while this thread waits for the helper."""
    import threading

    m = make_memory()
    m.add("Keeps bees on the roof", user_id="u", infer=False)
    monkeypatch.setattr(dense, "EXACT_SCAN_MAX", 0)
    out: list[list[str]] = []

    def search_in_a_unit_of_work() -> None:
        with m._db.transaction():
            hits = m._vectors.search([0.1] * m._vectors._dims, user_id="u", limit=5)
            out.append([i for i, _ in hits])

    worker = threading.Thread(target=search_in_a_unit_of_work, daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "a search inside a unit of work deadlocked"
    assert len(out) == 1 and len(out[0]) == 1
