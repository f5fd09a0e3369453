"""Opening the embedded store while other processes open it too (switch_to_wal)."""

from __future__ import annotations

import sqlite3
import tempfile
from multiprocessing import get_context
from pathlib import Path

import pytest

from langmem_local.stores.sqlite import connect
from langmem_local.stores.sqlite_schema import switch_to_wal


class _Conn:
    """Answers the journal-mode switch with the given errors first."""

    def __init__(self, errors: list[Exception]) -> None:
        self.errors, self.calls = list(errors), 0

    def execute(self, statement: str) -> None:
        assert statement == "PRAGMA journal_mode=WAL"
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)


def test_a_locked_switch_is_retried_until_it_succeeds() -> None:
    locked = sqlite3.OperationalError("database is locked")
    conn = _Conn([locked, locked, locked])
    switch_to_wal(conn)
    assert conn.calls == 4


def test_other_errors_and_a_lock_past_the_timeout_are_raised() -> None:
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        switch_to_wal(_Conn([sqlite3.OperationalError("disk I/O error")]))
    forever = _Conn([sqlite3.OperationalError("database is locked")] * 1000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switch_to_wal(forever, timeout_s=0.05)
    assert 1 < forever.calls < 1000


def _open(path: str, barrier, out) -> None:
    barrier.wait()
    try:
        connect(Path(path)).close()
        out.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        out.put(repr(exc))


def test_processes_opening_one_fresh_file_at_once_all_succeed() -> None:
    """Before the retry: 1 failed open ("database is locked") in 30 such rounds."""
    ctx = get_context("fork")
    results: list[str] = []
    for _ in range(25):
        path = str(Path(tempfile.mkdtemp()) / "memory.db")
        barrier, out = ctx.Barrier(6), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, barrier, out)) for _ in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        results += [out.get(timeout=10) for _ in procs]
    assert results == ["ok"] * len(results)
