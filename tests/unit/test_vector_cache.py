"""Users' vectors in memory: exact cosine top-k, in step with ``memory.db``.

Two ``MetadataStore`` objects on two connections to one file stand for two
processes sharing a data directory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from langmem_local import dense
from langmem_local.stores.sqlite import MetadataStore, connect
from langmem_local.vector_cache import VectorCache, _UserMatrix

DIM = 8


def _store(path: Path) -> MetadataStore:
    return MetadataStore(connect(path / "memory.db"))


def _vec(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


def _put(db: MetadataStore, memory_id: str, user_id: str, seed: int) -> None:
    with db.transaction() as c:
        c.execute(
            "INSERT INTO memories(id, user_id, text, metadata, importance, created_at, "
            "updated_at, embedding) VALUES (?, ?, 't', '{}', 0.5, 'x', 'x', ?) "
            "ON CONFLICT(id) DO UPDATE SET embedding = excluded.embedding, "
            "user_id = excluded.user_id",
            (memory_id, user_id, _vec(seed).tobytes()),
        )


def _drop(db: MetadataStore, memory_id: str) -> None:
    with db.transaction() as c:
        c.execute("DELETE FROM memories WHERE id = ?", (memory_id,))


def _brute(db: MetadataStore, user_id: str, q: np.ndarray, k: int) -> list[tuple[str, float]]:
    ids, mat = db.user_vectors(user_id)
    return dense.exact_top_k(ids, mat, q.tolist(), k) if mat is not None else []


def _ids(hits: list[tuple[str, float]]) -> list[str]:
    return [i for i, _ in hits]


def test_search_is_the_exact_cosine_top_k(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for i in range(300):
        _put(db, f"m{i}", "alice", i)
    _put(db, "b0", "bob", 999)
    cache = VectorCache(db)
    for seed in range(5):
        q = _vec(10_000 + seed)
        got = cache.search("alice", q.tolist(), 20)
        mat = np.stack([_vec(i) for i in range(300)])
        cos = mat @ q / (np.linalg.norm(mat, axis=1) * np.linalg.norm(q))
        assert _ids(got) == [f"m{i}" for i in np.argsort(-cos, kind="stable")[:20]]
        assert [s for _, s in got] == pytest.approx(sorted(cos, reverse=True)[:20], rel=1e-5)
        assert got == _brute(db, "alice", q, 20)  # the SQLite scan, bit for bit
    assert _ids(cache.search("bob", _vec(1).tolist(), 5)) == ["b0"]
    assert cache.search("nobody", _vec(1).tolist(), 5) == []
    with pytest.raises(ValueError, match="embedder that built"):
        cache.search("alice", [1.0, 2.0], 5)


def test_other_process_writes_are_seen_by_the_next_search(tmp_path: Path) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    cache = VectorCache(reader)
    _put(writer, "a1", "alice", 1)
    q = _vec(1)
    assert _ids(cache.search("alice", q.tolist(), 5)) == ["a1"]  # loads alice
    assert cache.cached("alice")
    _put(writer, "a2", "alice", 2)
    _put(writer, "a1", "alice", 3)  # new vector
    _put(writer, "b1", "bob", 1)
    got = cache.search("alice", q.tolist(), 5)
    assert got == _brute(reader, "alice", q, 5) and len(got) == 2
    _put(writer, "a2", "bob", 2)  # moved to another user
    _drop(writer, "a1")
    assert cache.search("alice", q.tolist(), 5) == []
    assert set(_ids(cache.search("bob", q.tolist(), 5))) == {"a2", "b1"}
    writer.reset()
    assert cache.search("bob", q.tolist(), 5) == []


def test_vectors_of_are_memory_db_vectors_in_the_order_asked(tmp_path: Path) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    cache = VectorCache(reader)
    for n, (memory_id, user) in enumerate([("a1", "alice"), ("a2", "alice"), ("b1", "bob")]):
        _put(writer, memory_id, user, n)
    assert cache.vectors_of("alice", ["a1"]) is None  # not held: read memory.db instead
    cache.search("alice", _vec(0).tolist(), 5)
    _put(writer, "a2", "alice", 7)  # a change after the load is seen
    ids, mat = cache.vectors_of("alice", ["a2", "b1", "a1", "zz"])
    assert ids == ["a2", "a1"]  # bob's and unknown ids left out
    want = reader.vectors(ids)
    assert mat.dtype == np.float32 and mat.shape == (2, DIM)
    assert all(np.array_equal(mat[n], want[i][1]) for n, i in enumerate(ids))
    mat[:] = 0  # a fresh copy: the cache is untouched
    assert np.array_equal(cache.vectors_of("alice", ["a1"])[1][0], want["a1"][1])


def test_deletes_and_compaction_keep_results_exact(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for i in range(200):
        _put(db, f"m{i}", "alice", i)
    cache = VectorCache(db)
    q = _vec(4242)
    cache.search("alice", q.tolist(), 5)
    for i in range(0, 180, 2):
        _drop(db, f"m{i}")
        if i % 40 == 0:  # some searches in between: masked rows, then a compaction
            assert cache.search("alice", q.tolist(), 30) == _brute(db, "alice", q, 30)
    for i in range(200, 260):
        _put(db, f"m{i}", "alice", i)  # appended rows grow the matrix
    assert cache.search("alice", q.tolist(), 300) == _brute(db, "alice", q, 300)


def test_reader_behind_the_log_reloads(tmp_path: Path, monkeypatch) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    cache = VectorCache(reader)
    _put(writer, "a0", "alice", 0)
    q = _vec(7)
    cache.search("alice", q.tolist(), 5)
    monkeypatch.setattr(VectorCache, "RELOAD_CHANGES", 3)
    for i in range(1, 10):
        _put(writer, f"a{i}", "alice", i)
    assert cache.search("alice", q.tolist(), 20) == _brute(reader, "alice", q, 20)
    with writer.transaction() as c:  # a trimmed log: entries this reader never saw are gone
        _put(writer, "a10", "alice", 10)
        c.execute("DELETE FROM lm_vector_changes")
        _put(writer, "a11", "alice", 11)
    assert cache.search("alice", q.tolist(), 20) == _brute(reader, "alice", q, 20)


def test_least_recently_searched_users_leave_the_cache(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for user in ("u1", "u2", "u3"):
        for i in range(10):
            _put(db, f"{user}-{i}", user, i)
    cache = VectorCache(db, max_bytes=2 * 10 * DIM * 4)  # room for two users
    for user in ("u1", "u2", "u3"):
        cache.search(user, _vec(1).tolist(), 3)
    assert not cache.cached("u1") and cache.cached("u2") and cache.cached("u3")
    assert _ids(cache.search("u1", _vec(3).tolist(), 1)) == ["u1-3"]


def test_engine_search_uses_the_cache_and_sees_a_second_engine(make_memory, tmp_path) -> None:
    """A second engine on the same data dir (another process: it cannot own the index)."""
    a = make_memory()
    b = make_memory()
    assert a._vectors.owner and not b._vectors.owner
    first = a.add("My sister lives in Lisbon", user_id="u", infer=False)["results"][0]
    assert [h["id"] for h in b.search("where does my sister live", user_id="u")["results"]] == [
        first["id"]
    ]
    second = b.add("My brother moved to Oslo", user_id="u", infer=False)["results"][0]
    hits = a.search("which city did my brother move to", user_id="u", limit=2)["results"]
    assert hits[0]["id"] == second["id"] and a._vectors._cache.cached("u")
    a.delete(second["id"])
    hits = b.search("which city did my brother move to", user_id="u", limit=2)["results"]
    assert [h["id"] for h in hits] == [first["id"]]


def test_a_rolled_back_unit_of_work_leaves_nothing_behind(tmp_path: Path) -> None:
    """Inside a unit of work search sees its writes; after a rollback none of them.

    The rolled-back change's log entry is gone and the next write takes its
    sequence number: a cache that had applied it would never drop the ghost.
    """
    db = _store(tmp_path)
    for i in range(5):
        _put(db, f"a{i}", "alice", i)
    cache = VectorCache(db)
    q = _vec(42)
    cache.search("alice", q.tolist(), 3)
    with pytest.raises(RuntimeError), db.transaction():
        _put(db, "ghost", "alice", 42)  # the query's own vector: the best match
        assert _ids(cache.search("alice", q.tolist(), 1)) == ["ghost"]
        assert cache.vectors_of("alice", ["a0"]) is None  # memory.db's view, not the cache's
        raise RuntimeError("roll back")
    _put(db, "a5", "alice", 5)
    assert "ghost" not in _ids(cache.search("alice", q.tolist(), 10))
    assert cache.search("alice", q.tolist(), 10) == _brute(db, "alice", q, 10)


def test_vectors_of_loads_a_user_that_fits_and_only_then(tmp_path: Path) -> None:
    """A user searched in the index (too many for the scan) has their vectors loaded
    for the reranker when they fit, and stays in step with memory.db after that."""
    reader, writer = _store(tmp_path), _store(tmp_path)
    for i in range(10):
        _put(writer, f"a{i}", "alice", i)
    size = 10 * DIM * 4
    cache = VectorCache(reader, max_bytes=size)
    assert cache.vectors_of("alice", ["a1"], load_bytes=size + 1) is None  # does not fit
    assert not cache.cached("alice")
    ids, mat = cache.vectors_of("alice", ["a3", "a1"], load_bytes=size)
    assert ids == ["a3", "a1"] and cache.cached("alice")
    assert np.array_equal(mat[0], _vec(3)) and np.array_equal(mat[1], _vec(1))
    _put(writer, "a1", "alice", 42)  # written by another connection after the load
    _drop(writer, "a3")
    ids, mat = cache.vectors_of("alice", ["a3", "a1"])
    assert ids == ["a1"] and np.array_equal(mat[0], _vec(42))


def test_engine_holds_a_large_users_vectors_for_the_reranker(make_memory, monkeypatch) -> None:
    """Above the exact-scan size the dense leg asks the index, and the reranker's
    vectors come from memory; results equal those of a store that reads them."""
    monkeypatch.setattr(dense, "EXACT_SCAN_MAX", 3)
    memory = make_memory()
    texts = ["My sister lives in Lisbon", "I adopted a dog named Rex", "We went hiking",
             "My brother moved to Oslo", "I paint landscapes on weekends"]  # fmt: skip
    memory.add([{"role": "user", "content": t} for t in texts], user_id="u", infer=False)
    # The same texts for a hostile id: the index returns both users' vectors.
    other = memory.add([{"role": "user", "content": t} for t in texts], user_id="u*", infer=False)
    theirs = {r["id"] for r in other["results"]}
    index = memory._vectors
    first = memory.search("where did my brother move", user_id="u", limit=3)["results"]
    assert index._cache.cached("u")  # loaded for the reranker, not for a scan
    ids = [h["id"] for h in first]
    assert not theirs & set(ids)
    for _ in range(2):  # now the ownership check answers from memory too
        hits = memory.search("where did my brother move", user_id="u", limit=5)["results"]
        assert {h["user_id"] for h in hits} == {"u"} and not theirs & {h["id"] for h in hits}
    held = index.cached_vectors("u", ids)
    stored = memory._db.vectors(ids)
    assert held is not None and held[0] == ids
    assert all(np.array_equal(held[1][n], stored[i][1]) for n, i in enumerate(ids))
    index._cache.clear()
    monkeypatch.setattr(index._cache, "_max_bytes", 1)  # nothing fits: read memory.db
    again = memory.search("where did my brother move", user_id="u", limit=3)["results"]
    assert not index._cache.cached("u")
    assert [h["id"] for h in again] == ids
    assert [h["score_breakdown"]["cosine"] for h in again] == [
        h["score_breakdown"]["cosine"] for h in first
    ]


def test_owned_answers_from_memory_in_step_with_memory_db(tmp_path: Path) -> None:
    """The ownership check of index hits, from a held user's vectors: another
    connection's move to another user, delete, and insert are seen at once."""
    reader, writer = _store(tmp_path), _store(tmp_path)
    for i in range(4):
        _put(writer, f"a{i}", "alice", i)
    _put(writer, "b0", "bob", 9)
    cache = VectorCache(reader)
    assert cache.owned("alice", ["a0", "b0"]) is None  # not held: ask memory.db
    cache.search("alice", _vec(0).tolist(), 2)
    assert cache.owned("alice", ["a0", "a1", "b0", "zz"]) == {"a0", "a1"}
    _put(writer, "a1", "bob", 1)  # moved to another user
    _drop(writer, "a2")
    _put(writer, "a9", "alice", 5)
    assert cache.owned("alice", ["a0", "a1", "a2", "a9", "b0"]) == {"a0", "a9"}
    assert cache.owned("bob", ["b0"]) is None
    with reader.transaction():
        assert cache.owned("alice", ["a0"]) is None  # inside a unit of work: memory.db


def test_loading_for_the_reranker_never_evicts_another_user(tmp_path: Path) -> None:
    """Two large users searched in turn must not reload each other's vectors every
    time: a user is loaded for the reranker only when it fits beside what is held."""
    db = _store(tmp_path)
    for user in ("big1", "big2"):
        for i in range(10):
            _put(db, f"{user}-{i}", user, i)
    size = 10 * DIM * 4
    cache = VectorCache(db, max_bytes=int(size * 1.5))
    assert cache.vectors_of("big1", ["big1-1"], load_bytes=size) is not None
    assert cache.vectors_of("big2", ["big2-1"], load_bytes=size) is None  # would evict big1
    assert cache.cached("big1") and not cache.cached("big2")


def test_a_loaded_user_takes_new_vectors_without_copying_the_others(tmp_path: Path) -> None:
    """A load leaves room: the first adds after it do not copy every vector held."""
    db = _store(tmp_path)
    for i in range(80):
        _put(db, f"m{i}", "u", i)
    cache = VectorCache(db)
    cache.search("u", _vec(0).tolist(), 1)
    held = cache._users["u"]
    before = held.matrix
    assert held.nbytes == 80 * DIM * 4  # the cap counts vectors, not the room
    for i in range(10):
        _put(db, f"new{i}", "u", 1000 + i)
    assert _ids(cache.search("u", _vec(1005).tolist(), 1)) == ["new5"]
    assert held.matrix is before and held.size == 90
    assert _ids(cache.search("u", _vec(7).tolist(), 1)) == ["m7"]


def _same_as_a_fresh_matrix(user: _UserMatrix, queries: list[list[float]]) -> None:
    """Codes, memory and results as if the user's live rows had just been loaded."""
    n = user.size
    live = np.flatnonzero(user.alive[:n])
    held = user.coded()
    assert held is not None
    codes, bounds = dense.quantize(user.matrix[live])
    assert np.array_equal(held[0][live], codes) and np.array_equal(held[1][:, live], bounds)
    assert user.nbytes == n * (user.dims * 4 + user.dims + 8)  # codes count against the cap
    fresh = _UserMatrix([str(user.ids[i]) for i in live], user.matrix[live], prescan=False)
    for q in queries:
        for k in (1, 7, len(live) + 5):
            assert user.search(q, k) == fresh.search(q, k)


def test_int8_codes_stay_in_step_with_every_write(monkeypatch) -> None:
    """Added rows (past the room), overwrites, ties, deletes and a compaction."""
    monkeypatch.setattr(dense, "PRESCAN_MIN", 40)
    rng = np.random.default_rng(0)
    dims = 24
    queries = [rng.standard_normal(dims).tolist() for _ in range(4)]
    user = _UserMatrix([f"m{i}" for i in range(60)], rng.standard_normal((60, dims)))
    queries.append(user.matrix[3].tolist())  # a stored row
    _same_as_a_fresh_matrix(user, queries)
    room = len(user.matrix)
    for i in range(60, 200):
        user.upsert(f"m{i}", rng.standard_normal(dims).astype(np.float32))
    assert len(user.matrix) > room  # grown
    _same_as_a_fresh_matrix(user, queries)
    for i in range(0, 200, 3):  # new vectors, some copies of others: ties
        vector = user.matrix[i + 1] if i % 2 else rng.standard_normal(dims).astype(np.float32)
        user.upsert(f"m{i}", vector * np.float32(2.0))
    _same_as_a_fresh_matrix(user, queries)
    for i in range(10):
        user.delete(f"m{i}")
    _same_as_a_fresh_matrix(user, queries)  # deleted rows masked
    user.upsert("m20", rng.standard_normal(dims).astype(np.float32))  # not coded yet
    quantized: list[int] = []
    quantize = dense.quantize
    with monkeypatch.context() as patch:
        patch.setattr(dense, "quantize", lambda rows: quantized.append(len(rows)) or quantize(rows))
        for i in range(10, 150):
            user.delete(f"m{i}")
    assert user.size < 200 - 10  # compacted
    assert quantized == [1]  # the row written before it, and no other: codes carried over
    _same_as_a_fresh_matrix(user, queries)


def test_a_user_of_many_memories_is_searched_through_codes_exactly(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(dense, "PRESCAN_MIN", 50)
    reader, writer = _store(tmp_path), _store(tmp_path)
    for i in range(120):
        _put(writer, f"m{i}", "alice", i)
    cache = VectorCache(reader)
    scans: list[int] = []
    candidates = dense._candidates
    monkeypatch.setattr(dense, "_candidates", lambda *a: scans.append(1) or candidates(*a))
    for seed in range(5):
        q = _vec(5000 + seed)
        assert cache.search("alice", q.tolist(), 20) == _brute(reader, "alice", q, 20)
    assert len(scans) == 5
    for i in range(100, 140):  # another connection writes: new, overwritten, deleted
        _put(writer, f"m{i}", "alice", i + 7)
    for i in range(0, 60, 2):
        _drop(writer, f"m{i}")
    for seed in range(5):
        q = _vec(6000 + seed)
        assert cache.search("alice", q.tolist(), 30) == _brute(reader, "alice", q, 30)
    monkeypatch.setattr(dense, "quantize", lambda rows: pytest.fail("coded in a unit of work"))
    with reader.transaction():  # a matrix searched once is never coded
        assert cache.search("alice", q.tolist(), 30) == _brute(reader, "alice", q, 30)


def test_codes_count_against_the_cap_from_the_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dense, "PRESCAN_MIN", 50)
    db = _store(tmp_path)
    for user in ("u1", "u2"):
        for i in range(60):
            _put(db, f"{user}-{i}", user, i)
    cache = VectorCache(db, max_bytes=2 * 60 * DIM * 4 + 100)  # two users' vectors, no codes
    cache.search("u1", _vec(1).tolist(), 3)
    assert cache._users["u1"].nbytes == 60 * (DIM * 4 + DIM + 8)
    cache.search("u2", _vec(1).tolist(), 3)
    assert cache.cached("u2") and not cache.cached("u1")
