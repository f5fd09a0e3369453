"""The embedded store's storage format: the SQLite schema, timestamps and row decoding.

What :class:`~langmem_local.stores.sqlite.MetadataStore` and its mixins read
and write: the tables of ``memory.db`` (:data:`_SCHEMA`), times as ISO-8601 UTC
strings (:func:`iso` / :func:`from_iso`), vectors as float32 blobs, and rows
decoded into the dicts the engine uses. :mod:`langmem_local.stores.sqlite`
re-exports the public names.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np

__all__ = ["SCHEMA_VERSION", "from_iso", "iso", "utcnow"]

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS manifest (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Every raw turn lands here before extraction, so an LLM failure never loses it.
CREATE TABLE IF NOT EXISTS turns (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    messages TEXT NOT NULL,
    metadata TEXT NOT NULL,
    status TEXT NOT NULL,              -- pending | done
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at TEXT NOT NULL,
    processed_at TEXT
);
CREATE INDEX IF NOT EXISTS turns_user_status ON turns(user_id, status);
-- One row per live memory: what Chroma payloads cannot hold (nested metadata,
-- importance, access statistics, provenance).
CREATE TABLE IF NOT EXISTS memories (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT NOT NULL,
    importance REAL NOT NULL,
    access_count INTEGER NOT NULL DEFAULT 0,
    last_accessed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    valid_from TEXT,
    expires_at TEXT,
    source_turns TEXT NOT NULL DEFAULT '[]',
    category TEXT,
    speaker TEXT,                      -- who said it (verbatim messages)
    run_id TEXT,                       -- conversation session, for neighbours
    -- float32 vector: the vector index is derived from it
    embedding BLOB
);
CREATE INDEX IF NOT EXISTS memories_user ON memories(user_id);
-- Live memories per user, kept by triggers: search needs the user's share of
-- the collection on every query, and COUNT(*) grew with the store (11 ms at 100k).
CREATE TABLE IF NOT EXISTS user_counts (
    user_id TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS memories_count_insert AFTER INSERT ON memories BEGIN
    INSERT INTO user_counts(user_id, n) VALUES (NEW.user_id, 1)
        ON CONFLICT(user_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS memories_count_delete AFTER DELETE ON memories BEGIN
    UPDATE user_counts SET n = n - 1 WHERE user_id = OLD.user_id;
END;
-- Speakers of each user's verbatim memories (search boosts the one a query names).
CREATE TABLE IF NOT EXISTS speakers (
    user_id TEXT NOT NULL,
    speaker TEXT NOT NULL,
    PRIMARY KEY (user_id, speaker)
);
-- Versions: every text a memory ever had, with when it was true. Superseded
-- versions stay queryable with search(as_of=...).
CREATE TABLE IF NOT EXISTS memory_versions (
    id TEXT PRIMARY KEY,
    memory_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    embedding BLOB,
    metadata TEXT NOT NULL DEFAULT '{}',
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    recorded_at TEXT NOT NULL,
    event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_user ON memory_versions(user_id);
CREATE INDEX IF NOT EXISTS versions_memory ON memory_versions(memory_id);
-- Memories whose vector-index entry must be (re)written or removed. Filled in
-- the same transaction as the change; drained after commit, and on open.
CREATE TABLE IF NOT EXISTS vector_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    memory_id TEXT NOT NULL
);
-- Mem0's history table (same columns, so data dirs written when Mem0 kept it
-- open as they are), now written in our own transactions.
CREATE TABLE IF NOT EXISTS history (
    id TEXT PRIMARY KEY,
    memory_id TEXT,
    old_memory TEXT,
    new_memory TEXT,
    event TEXT,
    created_at DATETIME,
    updated_at DATETIME,
    is_deleted INTEGER,
    actor_id TEXT,
    role TEXT
);
CREATE INDEX IF NOT EXISTS history_memory ON history(memory_id);
-- Who did what when. Never holds memory text, so erasure leaves nothing here
-- but the fact that an operation happened.
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    actor TEXT NOT NULL,
    user_id TEXT,
    memory_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
"""


# Every column but the vector: rows are read on every search, vectors rarely.
_MEMORY_COLS = (
    "id, user_id, text, metadata, importance, access_count, last_accessed_at, created_at, "
    "updated_at, valid_from, expires_at, source_turns, category, speaker, run_id"
)

_MEMORY_NAMES = tuple(c.strip() for c in _MEMORY_COLS.split(","))


def _id_chunks(ids: Sequence[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """``(chunk, "?,?,...")`` per ``size`` ids: an ``IN (...)`` list SQLite accepts.

    SQLite caps the parameters of one statement (999 in older builds), so every
    look-up by a list of ids runs once per chunk.
    """
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        yield chunk, ",".join("?" for _ in chunk)


def _tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor that returns plain tuples.

    A dict from ``zip`` over a tuple costs far less than ``dict(sqlite3.Row)``
    (search decodes 60-180 rows a query).
    """
    cur = conn.cursor()
    cur.row_factory = None
    return cur


def utcnow() -> datetime:
    """Aware UTC now (one place, so tests can reason about it)."""
    return datetime.now(timezone.utc)


def iso(dt: datetime | None) -> str | None:
    """ISO-8601 UTC string; naive datetimes are taken as UTC."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat()


def from_iso(value: str | None) -> datetime | None:
    """Parse what :func:`iso` wrote."""
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _statements(script: str) -> list[str]:
    """Split a schema script into statements (triggers' inner ``;`` kept)."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    return out


def _blob(vector: Sequence[float] | np.ndarray | None) -> bytes | None:
    return None if vector is None else np.asarray(vector, np.float32).tobytes()


def _turn(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["messages"] = json.loads(d["messages"])
    d["metadata"] = json.loads(d["metadata"])
    return d


def _memory(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    d = dict(row)
    d.pop("embedding", None)  # vectors travel through vectors(), not with every row
    # Most rows hold no metadata and no source turns: skip the decoder (search
    # reads ~40 rows a query).
    meta, turns = d["metadata"], d["source_turns"]
    d["metadata"] = {} if meta == "{}" else json.loads(meta)
    d["source_turns"] = [] if turns == "[]" else json.loads(turns)
    return d


def _version(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["metadata"] = json.loads(d["metadata"])
    blob = d.pop("embedding")
    d["embedding"] = None if blob is None else np.frombuffer(blob, dtype=np.float32)
    return d


def switch_to_wal(conn: Any, timeout_s: float = 30.0) -> None:
    """``PRAGMA journal_mode=WAL``, retried while another connection switches too.

    Processes opening a fresh data directory at once each hold a shared lock on
    the new file and want an exclusive one to switch it to WAL: SQLite answers
    one of them "database is locked" at once, without its busy handler (waiting
    could deadlock). Measured: 1 failed open in 30 rounds of 6 processes
    opening one fresh file. The switch is retried, with a growing pause, until
    ``timeout_s`` (the busy timeout) has passed.
    """
    deadline = time.monotonic() + timeout_s
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as exc:  # sqlite3's or SQLCipher's OperationalError
            locked = type(exc).__name__ == "OperationalError" and "locked" in str(exc)
            if not locked or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
