"""LogCursor: what a change-log reader applies, and when it must start over."""

from __future__ import annotations

import sqlite3

from langmem_local.change_log import LogCursor, by_user


def _log() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT, memory_id TEXT)"
    )
    return conn


def _write(conn: sqlite3.Connection, *pairs: tuple[str, str]) -> None:
    conn.executemany("INSERT INTO log(user_id, memory_id) VALUES (?, ?)", pairs)


def test_changes_since_the_last_call_in_order() -> None:
    conn = _log()
    _write(conn, ("a", "m0"))
    cursor = LogCursor("log")
    cursor.skip_to_end(conn)
    assert cursor.changes(conn, wanted=True, reload=10) == []
    _write(conn, ("a", "m1"), ("b", "m2"), ("a", "m1"))
    assert cursor.changes(conn, wanted=True, reload=10) == [("a", "m1"), ("b", "m2"), ("a", "m1")]
    assert cursor.changes(conn, wanted=True, reload=10) == []


def test_a_reader_holding_nothing_moves_on_without_reading() -> None:
    conn = _log()
    cursor = LogCursor("log")
    _write(conn, ("a", "m0"))
    assert cursor.changes(conn, wanted=False, reload=10) == []
    _write(conn, ("a", "m1"))
    assert cursor.changes(conn, wanted=True, reload=10) == [("a", "m1")]


def test_start_over_when_reset_trimmed_or_too_far_behind() -> None:
    conn = _log()
    cursor = LogCursor("log")
    _write(conn, ("a", "m0"), ("a", "m1"))
    cursor.skip_to_end(conn)
    _write(conn, *[("a", f"x{i}") for i in range(3)])
    assert cursor.changes(conn, wanted=True, reload=2) is None  # 3 changes > reload
    _write(conn, ("a", "m2"), ("a", "m3"))
    conn.execute("DELETE FROM log WHERE seq <= 6")  # trimmed: seq 6 was never seen
    assert cursor.changes(conn, wanted=True, reload=10) is None
    conn.execute("DELETE FROM log")
    conn.execute("DELETE FROM sqlite_sequence")  # a log recreated: numbers go back
    _write(conn, ("a", "m4"))
    assert cursor.changes(conn, wanted=True, reload=10) is None
    _write(conn, ("a", "m5"))
    assert cursor.changes(conn, wanted=True, reload=10, reset=True) is None
    assert cursor.changes(conn, wanted=True, reload=10) == []


def test_by_user_keeps_the_users_held() -> None:
    changes = [("a", "m1"), ("b", "m2"), ("a", "m3"), ("a", "m1")]
    assert by_user(changes, {"a"}) == {"a": {"m1", "m3"}}
    assert by_user(changes, set()) == {}
