"""Decoded rows of the search path in memory, in step with ``memory.db``.

Two ``MetadataStore`` objects on two connections to one file stand for two
processes sharing a data directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from langmem_local.row_cache import STATS, RowCache, StoreRows, rows_for
from langmem_local.stores.sqlite import MetadataStore, connect


def _store(path: Path) -> MetadataStore:
    return MetadataStore(connect(path / "memory.db"))


def _put(db: MetadataStore, memory_id: str, user_id: str = "alice", text: str = "t") -> None:
    with db.transaction() as c:
        c.execute(
            "INSERT INTO memories(id, user_id, text, metadata, importance, created_at, "
            "updated_at) VALUES (?, ?, ?, '{\"k\": [1]}', 0.5, 'x', 'x')",
            (memory_id, user_id, text),
        )


def _update(db: MetadataStore, memory_id: str, **fields: object) -> None:
    sets = ", ".join(f"{k} = ?" for k in fields)
    with db.transaction() as c:
        c.execute(f"UPDATE memories SET {sets} WHERE id = ?", (*fields.values(), memory_id))


def _stored(db: MetadataStore, ids: list[str]) -> dict[str, dict]:
    """``get_memories`` rows as the cache serves them: without access statistics."""
    rows = db.get_memories(ids)
    return {i: {k: v for k, v in r.items() if k not in STATS} for i, r in rows.items()}


class _Counting:
    """Counts the ids a RowCache asks its store for through one method (rows by default)."""

    def __init__(self, db: MetadataStore, method: str = "get_memories") -> None:
        self.db, self.method, self.read = db, method, []

    def __getattr__(self, name: str):
        found = getattr(self.db, name)
        if name != self.method:
            return found

        def counted(ids):
            self.read.extend(ids)
            return found(ids)

        return counted


def test_rows_are_read_once_and_are_the_stored_rows(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for i in range(5):
        _put(db, f"m{i}", text=f"text {i}")
    counting = _Counting(db)
    cache = RowCache(counting)
    ids = ["m0", "m3", "nope"]
    assert cache.get(ids) == _stored(db, ids)
    assert sorted(cache.get(ids)) == ["m0", "m3"]
    assert counting.read == ["m0", "m3", "nope", "nope"]  # a miss is asked again, never cached
    assert cache.get([]) == {}


@pytest.mark.parametrize(
    "change",
    [
        {"text": "new text"},
        {"metadata": '{"k": [2]}'},
        {"importance": 0.9},
        {"updated_at": "y"},
        {"expires_at": "2000-01-01T00:00:00+00:00"},
        {"speaker": "Bob"},
        {"category": "preference"},
        {"user_id": "bob"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_a_change_from_another_process_is_seen_by_the_next_read(tmp_path: Path, change) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    _put(writer, "m0")
    _put(writer, "m1")
    cache = RowCache(reader)
    before = cache.get(["m0", "m1"])
    _update(writer, "m0", **change)
    got = cache.get(["m0", "m1"])
    assert got == _stored(writer, ["m0", "m1"])
    assert got["m0"] != before["m0"] and got["m1"] == before["m1"]


def test_deletes_and_importance_bumps_are_seen(tmp_path: Path) -> None:
    reader, writer = (
        _store(tmp_path),
        MetadataStore(connect(tmp_path / "memory.db"), stats_path=tmp_path / "memory.db"),
    )
    _put(writer, "m0")
    _put(writer, "m1")
    cache = RowCache(reader)
    cache.get(["m0", "m1"])
    writer.touch({"m1": 2}, importance_step=0.1)  # through touch()'s own connection
    with writer.transaction() as c:
        c.execute("DELETE FROM memories WHERE id = 'm0'")
    got = cache.get(["m0", "m1"])
    assert list(got) == ["m1"]
    assert got["m1"]["importance"] == pytest.approx(0.7)


def test_access_statistics_alone_evict_nothing_and_are_not_served(tmp_path: Path) -> None:
    db = _store(tmp_path)
    _put(db, "m0")
    cache = RowCache(db)
    assert not set(STATS) & set(cache.get(["m0"])["m0"])
    seq = db.conn.execute("SELECT max(seq) FROM lm_vector_changes").fetchone()[0]
    db.touch({"m0": 3}, importance_step=0.0)  # the default: access counted, importance kept
    assert db.conn.execute("SELECT max(seq) FROM lm_vector_changes").fetchone()[0] == seq
    counting = _Counting(db)
    cache._db = counting
    assert cache.get(["m0"])["m0"]["importance"] == 0.5
    assert counting.read == []
    assert db.get_memory("m0")["access_count"] == 3


def test_rows_of_an_open_unit_of_work_are_not_kept(tmp_path: Path) -> None:
    db = _store(tmp_path)
    cache = RowCache(db)
    with pytest.raises(RuntimeError), db.transaction():
        _put(db, "ghost")
        assert "ghost" in cache.get(["ghost"])  # visible inside its own transaction
        raise RuntimeError("roll back")
    _put(db, "real")  # takes the rolled-back change's sequence number
    assert cache.get(["ghost"]) == {}
    assert len(cache) == 0


def test_a_reset_or_long_log_drops_every_row(tmp_path: Path, monkeypatch) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    for i in range(4):
        _put(writer, f"m{i}")
    cache = RowCache(reader)
    cache.get(["m0", "m1"])
    monkeypatch.setattr(RowCache, "RELOAD_CHANGES", 2)
    for i in range(4, 8):
        _put(writer, f"m{i}")
    cache.get(["m2"])
    assert len(cache) == 1  # more changes than RELOAD_CHANGES: everything was dropped
    with writer.transaction() as c:  # a trimmed log: entries this reader never saw are gone
        c.execute("UPDATE memories SET text = 'changed' WHERE id = 'm2'")
        c.execute("DELETE FROM lm_vector_changes")
        _put(writer, "m9")
    assert cache.get(["m2"])["m2"]["text"] == "changed"


def test_least_recently_read_rows_leave_first(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for i in range(4):
        _put(db, f"m{i}")
    cache = RowCache(db, max_rows=2)
    cache.get(["m0", "m1"])
    cache.get(["m2"])
    assert len(cache) == 2
    counting = _Counting(db)
    cache._db = counting
    cache.get(["m1", "m2"])
    assert counting.read == []
    cache.get(["m0"])
    assert counting.read == ["m0"]


def test_other_stores_read_through(tmp_path: Path) -> None:
    db = _store(tmp_path)
    _put(db, "m0")
    assert isinstance(rows_for(db), RowCache)
    plain = rows_for(object())
    assert isinstance(plain, StoreRows)
    assert StoreRows(db).get(["m0"]) == db.get_memories(["m0"])
    assert StoreRows(db).get([]) == {}


def test_search_results_are_copies_and_see_a_second_engine(make_memory) -> None:
    """The engine's search path: another engine's edit shows, a caller's mutation does not."""
    a = make_memory()
    b = make_memory()
    stored = a.add(
        "My sister lives in Lisbon", user_id="u", metadata={"tags": ["family"]}, infer=False
    )["results"][0]
    hit = a.search("where does my sister live", user_id="u")["results"][0]
    assert hit["metadata"]["tags"] == ["family"]
    hit["metadata"]["tags"].append("poisoned")
    hit["metadata"]["extra"] = 1
    again = a.search("where does my sister live", user_id="u")["results"][0]
    assert again["metadata"] == {"tags": ["family"]}
    b.update(stored["id"], "My sister lives in Porto")
    hits = a.search("where does my sister live", user_id="u")["results"]
    assert [h["memory"] for h in hits] == ["My sister lives in Porto"]
    b.delete(stored["id"])
    assert a.search("where does my sister live", user_id="u")["results"] == []


def test_threads_searching_while_another_updates(make_memory) -> None:
    """Searches on three threads while a fourth rewrites a memory: no error, no stale end state."""
    import threading

    m = make_memory()
    mid = m.add("My sister lives in city 0", user_id="u", infer=False)["results"][0]["id"]
    m.add("My brother plays chess", user_id="u", infer=False)
    errors: list[BaseException] = []
    done = threading.Event()

    def search() -> None:
        try:
            while not done.is_set():
                for hit in m.search("where does my sister live", user_id="u")["results"]:
                    assert hit["user_id"] == "u"
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=search) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(1, 21):
            m.update(mid, f"My sister lives in city {i}")
    finally:
        done.set()
        for t in threads:
            t.join(timeout=60)
    assert not errors, errors
    hits = m.search("where does my sister live", user_id="u")["results"]
    assert hits[0]["id"] == mid and hits[0]["memory"] == "My sister lives in city 20"


# ----------------------------------------------------------------- neighbours


def _turn(db: MetadataStore, memory_id: str, run_id: str = "s1", user_id: str = "alice") -> None:
    with db.transaction() as c:
        c.execute(
            "INSERT INTO memories(id, user_id, text, metadata, importance, created_at, "
            "updated_at, category, speaker, run_id) "
            "VALUES (?, ?, 't', '{}', 0.5, 'x', 'x', 'message', 'Ann', ?)",
            (memory_id, user_id, run_id),
        )


def test_neighbours_are_the_stores_read_once_and_sorted(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for i in range(6):
        _turn(db, f"t{i}", run_id="s1" if i < 4 else "s2")
    _put(db, "note")  # no session, not a message: no neighbours
    counting = _Counting(db, "neighbours")
    cache = RowCache(counting)
    ids = ["t3", "t0", "t4", "note", "t2", "t0", "gone"]
    want = db.neighbours(ids)
    got = cache.neighbours(ids)
    assert got == want == ({"t2": "t1", "t3": "t2"}, {"t0": "t1", "t2": "t3", "t4": "t5"})
    assert [list(d) for d in got] == [sorted(d) for d in got]  # the store's order
    asked = list(counting.read)
    assert cache.neighbours(ids) == want
    assert counting.read == asked  # served from memory
    assert cache.neighbours([]) == ({}, {})


@pytest.mark.parametrize(
    "write",
    [
        lambda w: _turn(w, "t9"),  # a new last turn: t3 gets a next
        lambda w: _delete(w, "t2"),  # t1 and t3 become neighbours
        lambda w: _update(w, "t2", run_id="other"),  # t2 leaves the session
        lambda w: _update(w, "t2", category="fact"),  # no longer a turn
    ],
)
def test_neighbours_follow_another_process_writes(tmp_path: Path, write) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    for i in range(4):
        _turn(writer, f"t{i}")
    cache = RowCache(reader)
    ids = ["t1", "t2", "t3"]
    cache.neighbours(ids)
    write(writer)
    assert cache.neighbours(ids) == reader.neighbours(ids)


def _delete(db: MetadataStore, memory_id: str) -> None:
    with db.transaction() as c:
        c.execute("DELETE FROM memories WHERE id = ?", (memory_id,))


def test_neighbours_of_an_open_unit_of_work_are_not_kept(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for i in range(3):
        _turn(db, f"t{i}")
    cache = RowCache(db)
    with pytest.raises(RuntimeError), db.transaction():
        _turn(db, "ghost")
        assert cache.neighbours(["t2"]) == ({"t2": "t1"}, {"t2": "ghost"})
        raise RuntimeError("roll back")
    _turn(db, "elsewhere", run_id="s2")  # takes the rolled-back change's sequence number
    assert cache.neighbours(["t2"]) == ({"t2": "t1"}, {})
    assert StoreRows(db).neighbours(["t1"]) == db.neighbours(["t1"])


# ----------------------------------------------------------------- speakers


def test_speakers_are_the_stores_read_once_and_follow_writes(tmp_path: Path) -> None:
    reader, writer = _store(tmp_path), _store(tmp_path)
    for i in range(3):
        _turn(writer, f"t{i}")
    _put(writer, "note")
    counting = _Counting(reader, "speakers_of")
    cache = RowCache(counting)
    ids = ["t0", "note", "gone", "t2"]
    assert (
        cache.speakers_of(ids)
        == reader.speakers_of(ids)
        == {"t0": "Ann", "note": None, "t2": "Ann"}
    )
    asked = list(counting.read)
    assert cache.speakers_of(ids) == reader.speakers_of(ids)
    assert counting.read == [*asked, "gone"]  # only the id that is no live memory, again
    _update(writer, "t0", speaker="Bob")
    _delete(writer, "t2")
    _put(writer, "gone")
    assert (
        cache.speakers_of(ids)
        == reader.speakers_of(ids)
        == {"t0": "Bob", "note": None, "gone": None}
    )
    assert cache.speakers_of([]) == {}


def test_speakers_of_an_open_unit_of_work_are_not_kept(tmp_path: Path) -> None:
    db = _store(tmp_path)
    _turn(db, "t0")
    cache = RowCache(db)
    with pytest.raises(RuntimeError), db.transaction():
        _update(db, "t0", speaker="Ghost")
        assert cache.speakers_of(["t0"]) == {"t0": "Ghost"}
        raise RuntimeError("roll back")
    _turn(db, "t1")  # takes the rolled-back change's sequence number
    assert cache.speakers_of(["t0"]) == {"t0": "Ann"}
    assert StoreRows(db).speakers_of(["t0", "x"]) == db.speakers_of(["t0", "x"])
