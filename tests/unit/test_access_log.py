"""Retrieval statistics: recorded during search, written in batches, flushed on close."""

from __future__ import annotations

import time
from typing import Any

import pytest

from langmem_local.access import AccessLog
from langmem_local.config import LocalMemoryConfig
from langmem_local.memory import LocalMemory

STEP = 0.02  # an explicit importance step, to see that it is applied per hit


def _row(m: Any, memory_id: str) -> dict[str, Any]:
    return m._db.get_memory(memory_id)


def _slow_log(m: Any) -> AccessLog:
    """Replace the engine's log with one whose background flush never comes in a test."""
    m._access.close()
    m._access = AccessLog(m._db, step=STEP, interval_s=3600)
    return m._access


def test_search_writes_nothing_and_flush_applies_counted_bumps(make_memory) -> None:
    m = make_memory()
    (added,) = m.add("I adopted a beagle named Max", user_id="u", infer=False)["results"]
    before = _row(m, added["id"])
    log = _slow_log(m)
    changes = m._db.conn.total_changes
    for _ in range(3):
        assert m.search("beagle", user_id="u", limit=1)["results"][0]["id"] == added["id"]
    assert m._db.conn.total_changes == changes  # no SQLite write on the search path
    assert _row(m, added["id"])["access_count"] == 0 and log.pending() == 1
    assert log.flush() == 1
    after = _row(m, added["id"])
    assert after["access_count"] == 3 and after["last_accessed_at"] is not None
    assert after["importance"] == pytest.approx(before["importance"] + 3 * STEP)
    assert log.pending() == 0 and log.flush() == 0


def test_default_search_counts_access_but_never_raises_importance(make_memory) -> None:
    # A search result is not a confirmation: by default only the statistics
    # that forgetting reads move, so popular memories do not outrank others.
    m = make_memory()
    (added,) = m.add("My sister lives in Lisbon", user_id="u", infer=False)["results"]
    before = _row(m, added["id"])
    for _ in range(5):
        assert m.search("where does my sister live", user_id="u", limit=1)["results"]
    m._access.flush()
    after = _row(m, added["id"])
    assert after["access_count"] == 5 and after["last_accessed_at"] is not None
    assert after["importance"] == before["importance"]


def test_configured_retrieval_step_raises_importance(tmp_path, minilm) -> None:
    cfg = LocalMemoryConfig(data_dir=tmp_path / "d", database_url=None)
    cfg.ranking.retrieval_importance_step = 0.1
    with LocalMemory(embeddings=minilm, config=cfg) as m:
        (added,) = m.add("My sister lives in Lisbon", user_id="u", infer=False)["results"]
        before = _row(m, added["id"])["importance"]
        m.search("sister Lisbon", user_id="u", limit=1)
        m.search("sister Lisbon", user_id="u", limit=1)
        m._access.flush()
        assert _row(m, added["id"])["importance"] == pytest.approx(min(1.0, before + 0.2))


def test_close_flushes_pending_bumps(make_memory, tmp_path) -> None:
    m = make_memory()
    (added,) = m.add("Door code is 4711", user_id="u", infer=False)["results"]
    _slow_log(m)
    m.search("door code", user_id="u")
    m.close()
    reopened = make_memory()
    assert _row(reopened, added["id"])["access_count"] == 1


def test_background_flush_runs_periodically(make_memory) -> None:
    m = make_memory()
    (added,) = m.add("I play the violin", user_id="u", infer=False)["results"]
    m._access.close()
    m._access = AccessLog(m._db, step=STEP, interval_s=0.05)
    m.search("violin", user_id="u")
    deadline = time.monotonic() + 5
    while _row(m, added["id"])["access_count"] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _row(m, added["id"])["access_count"] == 1


def test_many_pending_hits_wake_the_flush_early(make_memory) -> None:
    m = make_memory()
    (added,) = m.add("I run marathons", user_id="u", infer=False)["results"]
    m._access.close()
    m._access = AccessLog(m._db, step=STEP, interval_s=3600, flush_every=2)
    m.search("marathon", user_id="u", limit=1)
    m.search("marathon", user_id="u", limit=1)  # the second hit reaches flush_every
    deadline = time.monotonic() + 5
    while _row(m, added["id"])["access_count"] < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _row(m, added["id"])["access_count"] == 2


def test_bumps_of_erased_memories_are_skipped(make_memory) -> None:
    m = make_memory()
    (added,) = m.add("Temporary note", user_id="u", infer=False)["results"]
    log = _slow_log(m)
    m.search("temporary note", user_id="u")
    m.delete(added["id"])
    assert log.flush() == 0 and m.get(added["id"]) is None


class _FailingStore:
    """A store whose writes fail the first time (e.g. the file is locked)."""

    def __init__(self, real: Any) -> None:
        self.real, self.failures = real, 1

    def touch(self, counts: Any, **kwargs: Any) -> int:
        if self.failures:
            self.failures -= 1
            msg = "database is locked"
            raise RuntimeError(msg)
        return self.real.touch(counts, **kwargs)


def test_a_failed_flush_keeps_the_bumps_for_the_next(make_memory) -> None:
    m = make_memory()
    (added,) = m.add("I like chess", user_id="u", infer=False)["results"]
    m._access.close()
    log = AccessLog(_FailingStore(m._db), step=STEP, interval_s=3600)
    log.record([added["id"], added["id"]])
    with pytest.raises(RuntimeError, match="locked"):
        log.flush()
    assert log.pending() == 1
    assert log.flush() == 1
    assert _row(m, added["id"])["access_count"] == 2


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="interval_s"):
        AccessLog(object(), step=0.1, interval_s=0)
    with pytest.raises(ValueError, match="flush_every"):
        AccessLog(object(), step=0.1, flush_every=0)


class _TimedStore:
    """Records when each batch was written and what it held."""

    def __init__(self) -> None:
        self.batches: list[tuple[float, dict[str, int]]] = []

    def touch(self, counts: Any, **kwargs: Any) -> int:
        self.batches.append((time.monotonic(), dict(counts)))
        return len(counts)


def _record_for(log: AccessLog, seconds: float, every: float = 0.01) -> int:
    """Record one hit of "m1" every ``every`` seconds; returns how many."""
    end, n = time.monotonic() + seconds, 0
    while True:
        log.record(["m1"])
        n += 1
        if time.monotonic() >= end:
            return n
        time.sleep(every)


def _written(store: _TimedStore) -> int:
    return sum(c.get("m1", 0) for _, c in store.batches)


def test_the_flush_waits_for_a_pause_between_searches() -> None:
    store = _TimedStore()
    log = AccessLog(store, step=0.0, interval_s=0.05, quiet_s=0.1, max_wait_s=5.0)
    recorded = _record_for(log, 0.6)  # a search every 10 ms: never 100 ms without one
    last = time.monotonic()  # just after the last hit was recorded
    assert store.batches == []
    deadline = time.monotonic() + 5
    while not store.batches and time.monotonic() < deadline:
        time.sleep(0.01)
    # In the pause: 100 ms after the last hit (10 ms of slack for the clock
    # reads around it), never between hits 10 ms apart. Measured from after the
    # loop's last sleep, this was 89.999 ms once in CI.
    assert store.batches and store.batches[0][0] - last >= 0.09
    log.close()
    assert _written(store) == recorded  # every hit once


def test_the_flush_waits_no_longer_than_max_wait() -> None:
    store = _TimedStore()
    log = AccessLog(store, step=0.0, interval_s=0.05, quiet_s=0.5, max_wait_s=0.2)
    start = time.monotonic()
    recorded = _record_for(log, 1.0)  # searches never pause
    assert store.batches, "a search stream without pauses must not hold the bumps forever"
    assert store.batches[0][0] - start < 0.6
    log.close()
    assert _written(store) == recorded


def test_many_waiting_hits_are_written_without_a_pause() -> None:
    store = _TimedStore()
    log = AccessLog(store, step=0.0, interval_s=3600, flush_every=5, quiet_s=60, max_wait_s=60)
    for _ in range(49):
        log.record(["m1"])
    time.sleep(0.2)
    assert store.batches == []  # flush_every woke it, but searches have not paused
    log.record(["m1"])  # 50 = 10 x flush_every: written now
    deadline = time.monotonic() + 5
    while not store.batches and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.batches and store.batches[0][1] == {"m1": 50}
    log.close()


def test_pause_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="quiet_s and max_wait_s must be >= 0"):
        AccessLog(object(), step=0.1, quiet_s=-1)
