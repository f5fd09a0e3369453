"""The source of truth of an embedded data directory: one SQLite file.

``<data_dir>/memory.db`` holds every memory's text, vector, metadata, versions,
keyword index, graph, Mem0-shaped change history, audit log, turn queue and
the vector outbox. Each add / update / delete / supersede is ONE transaction
here (see :class:`UnitOfWorkConnection`); the vector index (Chroma or Qdrant
through Mem0) is derived from it through the outbox and reconciled on open.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

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


class NestedTransactions:
    """Connection mixin: ``with`` blocks nest, only the outermost is a transaction.

    Every store (metadata, keyword index, graph) writes inside ``with conn:``.
    With plain sqlite3 each of those blocks commits on its own, so one memory
    write was several commits and a crash between them left stores disagreeing.
    Here the outermost block is ``BEGIN IMMEDIATE`` .. ``COMMIT`` (or
    ``ROLLBACK`` on any exception) and inner blocks join it, so the engine wraps
    a whole add / update / delete in one ``with`` and it lands whole or not at
    all. ``IMMEDIATE`` takes the write lock up front: concurrent writers in
    other processes wait (``busy_timeout``) instead of failing mid-transaction.
    Callers serialise threads with the engine's lock around the block.
    """

    _depth = 0

    def __enter__(self) -> Any:
        if self._depth == 0:
            self.execute("BEGIN IMMEDIATE")
        self._depth += 1
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        self._depth -= 1
        if self._depth:
            return False
        if exc_type is not None:
            self.execute("ROLLBACK")
            return False
        try:
            self.execute("COMMIT")
        except BaseException:
            if self.in_transaction:
                self.execute("ROLLBACK")
            raise
        return False


class UnitOfWorkConnection(NestedTransactions, sqlite3.Connection):
    """An ``sqlite3`` connection with nested ``with`` blocks (:class:`NestedTransactions`)."""


def connect(path: Path, key: str | None = None) -> UnitOfWorkConnection:
    """Open the data directory's SQLite file, shared by all stores of one engine.

    With ``key`` the file is opened (or created) encrypted with SQLCipher
    (:mod:`langmem_local.encryption`); the connection behaves the same.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if key is not None:
        from langmem_local.encryption import open_encrypted

        conn = open_encrypted(path, key)
    else:
        conn = sqlite3.connect(
            str(path),
            check_same_thread=False,
            timeout=30,
            isolation_level=None,  # autocommit outside `with`; transactions are explicit
            factory=UnitOfWorkConnection,
        )
        conn.row_factory = sqlite3.Row
        # Read pages through a memory map, not a read() call and a copy each: the
        # 2 MB page cache holds little of a large store, and search reads some
        # hundred scattered rows a query (get_memories of 60 rows: 0.50 -> 0.41 ms
        # CPU at 10k memories). Address space only; SQLCipher does not map.
        conn.execute("PRAGMA mmap_size=1073741824")
    conn.execute("PRAGMA busy_timeout=30000")
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

    def __init__(self, conn: sqlite3.Connection, *, stats_path: Path | None = None) -> None:
        self.conn = conn
        # One engine may be called from several threads (background extraction,
        # async twins); sqlite3 connections are not safe for concurrent use.
        self.lock = threading.RLock()
        # touch() on a connection of its own (opened on first use): see touch().
        self._stats_path = stats_path
        self._stats_conn: sqlite3.Connection | None = None
        self._stats_lock = threading.Lock()
        # Statement by statement inside one IMMEDIATE transaction (executescript
        # would commit): processes opening a fresh directory at once then
        # create and migrate it one after another, never half each.
        with self.lock, conn:
            for statement in _statements(_SCHEMA):
                conn.execute(statement)
            self._migrate()

    def _migrate(self) -> None:
        """Add columns that later versions introduced (data directories are long-lived)."""
        have = {r[1] for r in self.conn.execute("PRAGMA table_info(memories)")}
        for column, kind in (("speaker", "TEXT"), ("run_id", "TEXT"), ("embedding", "BLOB")):
            if column not in have:
                self.conn.execute(f"ALTER TABLE memories ADD COLUMN {column} {kind}")
        # Schema 1 kept live vectors only in the vector store; every open version
        # holds the same vector, so the source of truth can take it from there.
        self.conn.execute(
            "UPDATE memories SET embedding = (SELECT v.embedding FROM memory_versions v "
            "WHERE v.memory_id = memories.id AND v.valid_to IS NULL "
            "ORDER BY v.recorded_at DESC LIMIT 1) WHERE embedding IS NULL"
        )
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
        """Hold the lock and commit (or roll back) everything inside as one unit.

        Nested calls join the outer transaction (:class:`UnitOfWorkConnection`).
        """
        with self.lock, self.conn:
            yield self.conn

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open on this store's connection."""
        return bool(getattr(self.conn, "_depth", 0))

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
                **{k: v for k, v in r.items() if k != "role"},
                "metadata": json.dumps(r.get("metadata") or {}),
                "source_turns": json.dumps(r.get("source_turns") or []),
                "embedding": _blob(r.get("embedding")),
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
            for r in rows:
                self.record_history(
                    r["id"], None, r["text"], "ADD", actor_id=r.get("speaker"), role=r.get("role")
                )
            self.enqueue_vectors([r["id"] for r in rows])

    def update_memory(self, memory_id: str, **fields: Any) -> None:
        """Change some columns of a memory row."""
        if "metadata" in fields:
            fields["metadata"] = json.dumps(fields["metadata"] or {})
        if "source_turns" in fields:
            fields["source_turns"] = json.dumps(fields["source_turns"] or [])
        reindex = "embedding" in fields
        if reindex:
            fields["embedding"] = _blob(fields["embedding"])
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as c:
            c.execute(f"UPDATE memories SET {sets} WHERE id = ?", (*fields.values(), memory_id))
            if reindex:
                self.enqueue_vectors([memory_id])

    def get_memory(self, memory_id: str) -> dict[str, Any] | None:
        """One memory row, decoded."""
        with self.lock:
            row = self.conn.execute(
                f"SELECT {_MEMORY_COLS} FROM memories WHERE id = ?", (memory_id,)
            ).fetchone()
        return _memory(row) if row else None

    def get_memories(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Rows for several ids (missing ids are left out)."""
        if not ids:
            return {}
        out: dict[str, dict[str, Any]] = {}
        with self.lock:
            cur = _tuples(self.conn)
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                rows = cur.execute(
                    f"SELECT {_MEMORY_COLS} FROM memories WHERE id IN ({marks})", chunk
                ).fetchall()
                out.update({r[0]: _memory(dict(zip(_MEMORY_NAMES, r, strict=True))) for r in rows})
        return out

    def user_memories(self, user_id: str) -> list[dict[str, Any]]:
        """Every live memory of a user, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                f"SELECT {_MEMORY_COLS} FROM memories WHERE user_id = ? ORDER BY created_at, rowid",
                (user_id,),
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
            self.enqueue_vectors([memory_id])

    def touch(
        self, counts: Mapping[str, int], *, importance_step: float, when: str | None = None
    ) -> int:
        """Count retrievals (``memory id -> times``): access statistics and importance.

        Returns how many live memories were updated. Called in batches by
        :class:`langmem_local.access.AccessLog`, never on the search path.
        With ``stats_path`` the batch goes through a second connection: on the
        shared one, a flush of 1,000 bumps held the engine's lock (and the
        connection) while searches waited, the search tail at 100k memories
        (get_memories 2.9 ms a query with flushes, 0.8 ms without). WAL lets
        searches read while it writes. Inside an open unit of work on the
        shared connection it joins that instead (never waits on itself).
        """
        now = when or iso(utcnow())
        sql = (
            "UPDATE memories SET access_count = access_count + ?, last_accessed_at = ?, "
            "importance = MIN(1.0, importance + ?) WHERE id = ?"
        )
        rows = [(n, now, importance_step * n, i) for i, n in counts.items()]
        if self._stats_path is None or self.in_transaction:
            with self.transaction() as c:
                return max(0, c.executemany(sql, rows).rowcount)
        with self._stats_lock:
            if self._stats_conn is None:
                self._stats_conn = connect(self._stats_path)
            with self._stats_conn as c:
                return max(0, c.executemany(sql, rows).rowcount)

    def close(self) -> None:
        """Close the connections (the shared one and touch()'s own, if opened)."""
        with self._stats_lock:
            if self._stats_conn is not None:
                self._stats_conn.close()
                self._stats_conn = None
        self.conn.close()

    # -- vectors (the source of truth of the derived vector index) ------------
    def enqueue_vectors(self, memory_ids: Sequence[str]) -> None:
        """Mark memories whose vector-index entry must be rewritten or removed.

        Called inside the write's transaction, so the index can never miss a
        committed change: :class:`langmem_local.vector_index.VectorIndex`
        drains the outbox after the commit, or on the next open after a crash.
        """
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO vector_outbox(memory_id) VALUES (?)", [(i,) for i in memory_ids]
            )

    def outbox(self, limit: int = 10_000) -> list[tuple[int, str]]:
        """Pending ``(seq, memory_id)`` entries of the vector outbox, oldest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT seq, memory_id FROM vector_outbox ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def clear_outbox(self, up_to_seq: int, memory_ids: Sequence[str]) -> None:
        """Drop drained outbox entries (only those at or below ``up_to_seq``)."""
        with self.transaction() as c:
            c.executemany(
                "DELETE FROM vector_outbox WHERE memory_id = ? AND seq <= ?",
                [(i, up_to_seq) for i in memory_ids],
            )

    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, np.ndarray]]:
        """``memory id -> (owner, vector)`` for live memories that have one."""
        out: dict[str, tuple[str, np.ndarray]] = {}
        with self.lock:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                for r in self.conn.execute(
                    f"SELECT id, user_id, embedding FROM memories WHERE id IN ({marks}) "
                    "AND embedding IS NOT NULL",
                    chunk,
                ):
                    out[r[0]] = (r[1], np.frombuffer(r[2], dtype=np.float32))
        return out

    def memories_and_vectors(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, np.ndarray]]]:
        """Rows (as :meth:`get_memories`) and ``(owner, vector)`` (as :meth:`vectors`) of ids.

        One statement per 500 ids: the reranker reads both for the same 60-180
        memories of every search, and a second look-up walked the same pages again.
        """
        rows: dict[str, dict[str, Any]] = {}
        vecs: dict[str, tuple[str, np.ndarray]] = {}
        with self.lock:
            cur = _tuples(self.conn)
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                for r in cur.execute(
                    f"SELECT {_MEMORY_COLS}, embedding FROM memories WHERE id IN ({marks})", chunk
                ).fetchall():
                    # The embedding, last, is left out of the row.
                    row = dict(zip(_MEMORY_NAMES, r, strict=False))
                    if r[-1] is not None:
                        vecs[r[0]] = (row["user_id"], np.frombuffer(r[-1], np.float32))
                    rows[r[0]] = _memory(row)
        return rows, vecs

    def user_vectors(self, user_id: str) -> tuple[list[str], np.ndarray | None]:
        """Ids and vectors of a user's live memories (for an exact scan)."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT id, embedding FROM memories WHERE user_id = ? AND embedding IS NOT NULL",
                (user_id,),
            ).fetchall()
        if not rows:
            return [], None
        mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
        return [r[0] for r in rows], mat.reshape(len(rows), -1)

    def memory_ids(self) -> set[str]:
        """Ids of every live memory (to reconcile the vector index with)."""
        with self.lock:
            return {r[0] for r in self.conn.execute("SELECT id FROM memories")}

    # -- history (Mem0's shape) ---------------------------------------------
    def record_history(
        self,
        memory_id: str,
        old: str | None,
        new: str | None,
        event: str,
        *,
        actor_id: str | None = None,
        role: str | None = None,
    ) -> None:
        """Append one ADD / UPDATE / DELETE event in Mem0's history format."""
        now = iso(utcnow())
        with self.transaction() as c:
            c.execute(
                "INSERT INTO history(id, memory_id, old_memory, new_memory, event, created_at, "
                "updated_at, is_deleted, actor_id, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    memory_id,
                    old,
                    new,
                    event,
                    now,
                    now,
                    int(event == "DELETE"),
                    actor_id,
                    role,
                ),
            )

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        """Change history of a memory, oldest first (Mem0's ``history()`` rows)."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT id, memory_id, old_memory, new_memory, event, created_at, updated_at, "
                "is_deleted, actor_id, role FROM history WHERE memory_id = ? "
                "ORDER BY created_at, rowid",
                (memory_id,),
            ).fetchall()
        return [{**dict(r), "is_deleted": bool(r["is_deleted"])} for r in rows]

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
        """Remove every trace of a memory's content; history keeps only the events."""
        with self.transaction() as c:
            c.execute("DELETE FROM memories WHERE id = ?", (memory_id,))
            c.execute("DELETE FROM memory_versions WHERE memory_id = ?", (memory_id,))
            c.execute(
                "UPDATE history SET old_memory = NULL, new_memory = NULL WHERE memory_id = ?",
                (memory_id,),
            )
            self.enqueue_vectors([memory_id])

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
            c.executemany(
                "UPDATE history SET old_memory = NULL, new_memory = NULL WHERE memory_id = ?",
                [(i,) for i in ids],
            )
            self.enqueue_vectors(ids)
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
                "history",
                "vector_outbox",
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
