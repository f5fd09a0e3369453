"""The SQLite side of a data directory: turns queue, memory metadata, versions, audit log.

One file (``<data_dir>/memory.db``) holds every non-vector store so that a
write either lands in all of them or in none (one transaction). Mem0 keeps its
own ``history`` table in the same file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

SCHEMA_VERSION = 1

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
    run_id TEXT                        -- conversation session, for neighbours
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


def connect(path: Path) -> sqlite3.Connection:
    """Open the data directory's SQLite file, shared by all stores of one engine."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    # Erasure must not leave deleted text in free pages of the file.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


class MetadataStore:
    """Turns queue, memory rows, versions and the audit log on one connection.

    Example:
        .. code-block:: python

            store = MetadataStore(connect(Path("memory.db")))
            turn_id = store.enqueue_turn("alice", [{"role": "user", "content": "hi"}], {})
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # One engine may be called from several threads (background extraction,
        # async twins); sqlite3 connections are not safe for concurrent use.
        self.lock = threading.RLock()
        with self.lock, conn:
            conn.executescript(_SCHEMA)
            self._migrate()

    def _migrate(self) -> None:
        """Add columns that later versions introduced (data directories are long-lived)."""
        have = {r[1] for r in self.conn.execute("PRAGMA table_info(memories)")}
        for column in ("speaker", "run_id"):
            if column not in have:
                self.conn.execute(f"ALTER TABLE memories ADD COLUMN {column} TEXT")
        self.conn.execute(
            "CREATE INDEX IF NOT EXISTS memories_stream ON memories(user_id, run_id, category)"
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO speakers(user_id, speaker) SELECT DISTINCT user_id, speaker "
            "FROM memories WHERE speaker IS NOT NULL"
        )
        # Data dirs from before the counts table: recount once.
        self.conn.execute(
            "INSERT OR REPLACE INTO user_counts(user_id, n) SELECT user_id, COUNT(*) FROM memories "
            "WHERE user_id NOT IN (SELECT user_id FROM user_counts) GROUP BY user_id"
        )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and commit (or roll back) everything inside as one unit."""
        with self.lock, self.conn:
            yield self.conn

    # -- manifest -----------------------------------------------------------
    def manifest(self) -> dict[str, str]:
        """All manifest entries (embedder identity, dimension, schema version)."""
        with self.lock:
            rows = self.conn.execute("SELECT key, value FROM manifest").fetchall()
        return {r["key"]: r["value"] for r in rows}

    def set_manifest(self, values: dict[str, str]) -> None:
        """Record manifest entries."""
        with self.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO manifest(key, value) VALUES (?, ?)", list(values.items())
            )

    # -- turns ----------------------------------------------------------------
    def enqueue_turn(
        self, user_id: str, messages: list[dict[str, Any]], metadata: dict[str, Any]
    ) -> str:
        """Persist a raw turn before anything can fail; returns its id."""
        turn_id = str(uuid.uuid4())
        with self.transaction() as c:
            c.execute(
                "INSERT INTO turns(id, user_id, messages, metadata, status, created_at) "
                "VALUES (?, ?, ?, ?, 'pending', ?)",
                (turn_id, user_id, json.dumps(messages), json.dumps(metadata), iso(utcnow())),
            )
        return turn_id

    def get_turn(self, turn_id: str) -> dict[str, Any] | None:
        """One turn with decoded messages/metadata."""
        with self.lock:
            row = self.conn.execute("SELECT * FROM turns WHERE id = ?", (turn_id,)).fetchone()
        return _turn(row) if row else None

    def pending_turns(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns whose extraction has not succeeded yet, oldest first."""
        sql = "SELECT * FROM turns WHERE status = 'pending'"
        args: tuple[Any, ...] = ()
        if user_id is not None:
            sql += " AND user_id = ?"
            args = (user_id,)
        with self.lock:
            rows = self.conn.execute(sql + " ORDER BY created_at", args).fetchall()
        return [_turn(r) for r in rows]

    def mark_turn(self, turn_id: str, *, done: bool, error: str | None = None) -> None:
        """Record one processing attempt of a turn."""
        with self.transaction() as c:
            c.execute(
                "UPDATE turns SET status = ?, attempts = attempts + 1, error = ?, "
                "processed_at = ? WHERE id = ?",
                ("done" if done else "pending", error, iso(utcnow()), turn_id),
            )

    # -- memories -----------------------------------------------------------
    def insert_memories(self, rows: list[dict[str, Any]], versions: list[dict[str, Any]]) -> None:
        """Insert memory rows, their first versions and ADD audit entries in one transaction."""
        if not rows:
            return
        encoded = [
            {
                **r,
                "metadata": json.dumps(r.get("metadata") or {}),
                "source_turns": json.dumps(r.get("source_turns") or []),
            }
            for r in rows
        ]
        cols = list(encoded[0])
        now = iso(utcnow())
        with self.transaction() as c:
            c.executemany(
                f"INSERT INTO memories({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [tuple(r[k] for k in cols) for r in encoded],
            )
            c.executemany(
                "INSERT OR IGNORE INTO speakers(user_id, speaker) VALUES (?, ?)",
                {(r["user_id"], r["speaker"]) for r in rows if r.get("speaker")},
            )
            c.executemany(
                "INSERT INTO memory_versions(id, memory_id, user_id, text, embedding, "
                "metadata, valid_from, valid_to, recorded_at, event) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                [
                    (
                        str(uuid.uuid4()),
                        v["memory_id"],
                        v["user_id"],
                        v["text"],
                        np.asarray(v["embedding"], np.float32).tobytes(),
                        json.dumps(v["metadata"]),
                        iso(v["valid_from"]),
                        now,
                        "ADD",
                    )
                    for v in versions
                ],
            )
            c.executemany(
                "INSERT INTO audit_log(ts, actor, user_id, memory_id, action, detail) "
                "VALUES (?, ?, ?, ?, 'ADD', '{}')",
                [(now, v["actor"], v["user_id"], v["memory_id"]) for v in versions],
            )

    def update_memory(self, memory_id: str, **fields: Any) -> None:
        """Change some columns of a memory row."""
        if "metadata" in fields:
            fields["metadata"] = json.dumps(fields["metadata"] or {})
        if "source_turns" in fields:
            fields["source_turns"] = json.dumps(fields["source_turns"] or [])
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as c:
            c.execute(f"UPDATE memories SET {sets} WHERE id = ?", (*fields.values(), memory_id))

    def get_memory(self, memory_id: str) -> dict[str, Any] | None:
        """One memory row, decoded."""
        with self.lock:
            row = self.conn.execute("SELECT * FROM memories WHERE id = ?", (memory_id,)).fetchone()
        return _memory(row) if row else None

    def get_memories(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows for several ids (missing ids are left out)."""
        if not ids:
            return {}
        out: dict[str, dict[str, Any]] = {}
        with self.lock:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                rows = self.conn.execute(
                    f"SELECT * FROM memories WHERE id IN ({marks})", chunk
                ).fetchall()
                out.update({r["id"]: _memory(r) for r in rows})
        return out

    def user_memories(self, user_id: str) -> list[dict[str, Any]]:
        """Every live memory of a user, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM memories WHERE user_id = ? ORDER BY created_at, rowid", (user_id,)
            ).fetchall()
        return [_memory(r) for r in rows]

    def users(self) -> list[str]:
        """User ids with at least one live memory or pending turn."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT user_id FROM memories UNION SELECT user_id FROM turns "
                "WHERE status = 'pending' ORDER BY 1"
            ).fetchall()
        return [r[0] for r in rows]

    def speakers(self, user_id: str) -> list[str]:
        """Speaker names of a user's verbatim memories.

        Kept in a table rather than scanned: search asks on every query.
        """
        with self.lock:
            rows = self.conn.execute(
                "SELECT speaker FROM speakers WHERE user_id = ? ORDER BY speaker", (user_id,)
            ).fetchall()
        return [r[0] for r in rows]

    def user_share(self, user_id: str) -> float:
        """The user's fraction of all live memories (0 when there are none)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT (SELECT n FROM user_counts WHERE user_id = ?), "
                "(SELECT SUM(n) FROM user_counts)",
                (user_id,),
            ).fetchone()
        return (row[0] or 0) / row[1] if row[1] else 0.0

    def user_count(self, user_id: str) -> int:
        """Live memories of one user (kept by triggers, one indexed look-up)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT n FROM user_counts WHERE user_id = ?", (user_id,)
            ).fetchone()
        return int(row[0]) if row else 0

    def live_vectors(self, user_id: str) -> tuple[list[str], np.ndarray]:
        """Ids and vectors of a user's live memories: each memory's current version.

        Returns:
            ``(ids, matrix)`` with one float32 row per id (``(0, 0)`` when none);
            memories whose current version has no stored vector are left out.
        """
        with self.lock:
            rows = self.conn.execute(
                "SELECT v.memory_id, v.embedding FROM memory_versions v "
                "JOIN memories m ON m.id = v.memory_id "
                "WHERE v.user_id = ? AND v.valid_to IS NULL AND v.embedding IS NOT NULL",
                (user_id,),
            ).fetchall()
        if not rows:
            return [], np.zeros((0, 0), np.float32)
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
        return [r[0] for r in rows], matrix.reshape(len(rows), -1)

    def speakers_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """``memory id -> speaker`` of live memories, without decoding whole rows.

        Search fuses about a hundred candidates per query and needs only this of most.
        """
        out: dict[str, str | None] = {}
        with self.lock:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                out.update(
                    self.conn.execute(
                        f"SELECT id, speaker FROM memories WHERE id IN ({marks})", chunk
                    ).fetchall()
                )
        return out

    def owners(self, ids: Sequence[str]) -> dict[str, str]:
        """``memory id -> user id`` for the ids that are live memories."""
        out: dict[str, str] = {}
        with self.lock:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                out.update(
                    self.conn.execute(
                        f"SELECT id, user_id FROM memories WHERE id IN ({marks})", chunk
                    ).fetchall()
                )
        return out

    def recent_messages(self, user_id: str, run_id: str | None, n: int) -> list[str]:
        """Texts of the last ``n`` verbatim memories of a session, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT text FROM memories WHERE user_id = ? AND run_id IS ? "
                "AND category = 'message' ORDER BY rowid DESC LIMIT ?",
                (user_id, run_id, n),
            ).fetchall()
        return [r[0] for r in reversed(rows)]

    def neighbours(self, ids: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next verbatim memory in the same session, for each id.

        One statement with correlated subqueries on the (user, session,
        category) index: search asks this for every candidate of every query.
        """
        prev_of: dict[str, str] = {}
        next_of: dict[str, str] = {}
        same = (
            "FROM memories n WHERE n.user_id = m.user_id AND n.run_id IS m.run_id "
            "AND n.category = 'message' AND n.rowid {op} m.rowid ORDER BY n.rowid {order} LIMIT 1"
        )
        with self.lock:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                rows = self.conn.execute(
                    f"SELECT m.id, (SELECT n.id {same.format(op='<', order='DESC')}), "
                    f"(SELECT n.id {same.format(op='>', order='ASC')}) FROM memories m "
                    f"WHERE m.id IN ({marks}) AND m.category = 'message'",
                    chunk,
                ).fetchall()
                for memory_id, prev_id, next_id in rows:
                    if prev_id is not None:
                        prev_of[memory_id] = prev_id
                    if next_id is not None:
                        next_of[memory_id] = next_id
        return prev_of, next_of

    def delete_memory_row(self, memory_id: str) -> None:
        """Drop the live row (versions are handled separately)."""
        with self.transaction() as c:
            c.execute("DELETE FROM memories WHERE id = ?", (memory_id,))

    def touch(self, ids: Sequence[str], *, importance_step: float) -> None:
        """Count a retrieval: bump access statistics and (slightly) importance."""
        now = iso(utcnow())
        with self.transaction() as c:
            c.executemany(
                "UPDATE memories SET access_count = access_count + 1, last_accessed_at = ?, "
                "importance = MIN(1.0, importance + ?) WHERE id = ?",
                [(now, importance_step, i) for i in ids],
            )

    # -- versions -------------------------------------------------------------
    def add_version(
        self,
        *,
        memory_id: str,
        user_id: str,
        text: str,
        embedding: Sequence[float] | None,
        metadata: dict[str, Any],
        valid_from: datetime,
        event: str,
        valid_to: datetime | None = None,
    ) -> None:
        """Record a version of a memory (open unless ``valid_to`` is given).

        Close the previous open version first; a closed ``valid_to`` lets an
        import replay a memory's past.
        """
        blob = None if embedding is None else np.asarray(embedding, np.float32).tobytes()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO memory_versions(id, memory_id, user_id, text, embedding, metadata, "
                "valid_from, valid_to, recorded_at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    memory_id,
                    user_id,
                    text,
                    blob,
                    json.dumps(metadata),
                    iso(valid_from),
                    iso(valid_to),
                    iso(utcnow()),
                    event,
                ),
            )

    def close_version(self, memory_id: str, valid_to: datetime) -> None:
        """Mark the open version of a memory as no longer true from ``valid_to``."""
        with self.transaction() as c:
            c.execute(
                "UPDATE memory_versions SET valid_to = ? WHERE memory_id = ? AND valid_to IS NULL",
                (iso(valid_to), memory_id),
            )

    def versions(self, memory_id: str) -> list[dict[str, Any]]:
        """All versions of one memory, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM memory_versions WHERE memory_id = ? ORDER BY recorded_at, rowid",
                (memory_id,),
            ).fetchall()
        return [_version(r) for r in rows]

    def versions_as_of(self, user_id: str, as_of: datetime) -> list[dict[str, Any]]:
        """Versions of a user's memories that were true at ``as_of`` (valid time).

        Valid time, not recording time: a conversation imported today about last
        year still answers what was true last year.
        """
        t = iso(as_of)
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM memory_versions WHERE user_id = ? AND valid_from <= ? "
                "AND (valid_to IS NULL OR valid_to > ?)",
                (user_id, t, t),
            ).fetchall()
        return [_version(r) for r in rows]

    # -- erasure --------------------------------------------------------------
    def erase_memory(self, memory_id: str) -> None:
        """Remove every trace of a memory's content from the SQLite side."""
        with self.transaction() as c:
            c.execute("DELETE FROM memories WHERE id = ?", (memory_id,))
            c.execute("DELETE FROM memory_versions WHERE memory_id = ?", (memory_id,))

    def erase_turns(self, turn_ids: Sequence[str]) -> None:
        """Remove raw turns (when a memory extracted from them is erased)."""
        with self.transaction() as c:
            c.executemany("DELETE FROM turns WHERE id = ?", [(t,) for t in turn_ids])

    def erase_user(self, user_id: str) -> list[str]:
        """Remove all of a user's rows, turns included; returns the memory ids seen."""
        with self.transaction() as c:
            ids = [
                r[0]
                for r in c.execute(
                    "SELECT DISTINCT memory_id FROM memory_versions WHERE user_id = ? "
                    "UNION SELECT id FROM memories WHERE user_id = ?",
                    (user_id, user_id),
                )
            ]
            c.execute("DELETE FROM memories WHERE user_id = ?", (user_id,))
            c.execute("DELETE FROM memory_versions WHERE user_id = ?", (user_id,))
            c.execute("DELETE FROM turns WHERE user_id = ?", (user_id,))
            c.execute("DELETE FROM speakers WHERE user_id = ?", (user_id,))
        return ids

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it.

        After an erasure, deleted text must not linger in the write-ahead log.
        """
        with self.lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def reset(self) -> None:
        """Empty every table of this store (the manifest too)."""
        with self.transaction() as c:
            for table in (
                "turns",
                "memories",
                "memory_versions",
                "audit_log",
                "manifest",
                "speakers",
                "user_counts",
            ):
                c.execute(f"DELETE FROM {table}")

    # -- audit ----------------------------------------------------------------
    def audit(
        self,
        action: str,
        *,
        actor: str,
        user_id: str | None = None,
        memory_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one audit entry (ids and events only, never memory text)."""
        with self.transaction() as c:
            c.execute(
                "INSERT INTO audit_log(ts, actor, user_id, memory_id, action, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (iso(utcnow()), actor, user_id, memory_id, action, json.dumps(detail or {})),
            )

    def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Latest audit entries, newest first."""
        sql = "SELECT * FROM audit_log"
        args: tuple[Any, ...] = ()
        if user_id is not None:
            sql += " WHERE user_id = ?"
            args = (user_id,)
        with self.lock:
            rows = self.conn.execute(sql + " ORDER BY seq DESC LIMIT ?", (*args, limit)).fetchall()
        return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


def _turn(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["messages"] = json.loads(d["messages"])
    d["metadata"] = json.loads(d["metadata"])
    return d


def _memory(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["metadata"] = json.loads(d["metadata"])
    d["source_turns"] = json.loads(d["source_turns"])
    return d


def _version(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["metadata"] = json.loads(d["metadata"])
    blob = d.pop("embedding")
    d["embedding"] = None if blob is None else np.frombuffer(blob, dtype=np.float32)
    return d
