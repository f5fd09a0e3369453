"""The source of truth of an embedded data directory: one SQLite file.

``<data_dir>/memory.db`` holds every memory's text, vector, metadata, versions,
keyword index, graph, Mem0-shaped change history, audit log, turn queue and
the vector outbox. Each add / update / delete / supersede is ONE transaction
here (see :class:`UnitOfWorkConnection`); the vector index (Chroma or Qdrant
through Mem0) is derived from it through the outbox and reconciled on open.

The store is split by concept: the schema, timestamp format and row decoding
are in :mod:`~langmem_local.stores.sqlite_schema`; :class:`MetadataStore`
composes mixins for the turn queue (:mod:`~langmem_local.stores.sqlite_turns`),
memory row reads (:mod:`~langmem_local.stores.sqlite_reads`), vectors and the
outbox (:mod:`~langmem_local.stores.sqlite_vectors`) and history, versions and
audit (:mod:`~langmem_local.stores.sqlite_history`). Every public name stays
importable from here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from langmem_local.stores.sqlite_history import _SqliteHistory
from langmem_local.stores.sqlite_reads import _SqliteMemoryReads
from langmem_local.stores.sqlite_schema import (
    _SCHEMA,
    SCHEMA_VERSION,
    _blob,
    _statements,
    from_iso,
    iso,
    switch_to_wal,
    utcnow,
)
from langmem_local.stores.sqlite_turns import _SqliteTurns
from langmem_local.stores.sqlite_vectors import _SqliteVectors

__all__ = [
    "SCHEMA_VERSION",
    "MetadataStore",
    "NestedTransactions",
    "UnitOfWorkConnection",
    "connect",
    "from_iso",
    "iso",
    "utcnow",
]


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
    switch_to_wal(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    # Erasure must not leave deleted text in free pages of the file.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


class MetadataStore(_SqliteTurns, _SqliteMemoryReads, _SqliteVectors, _SqliteHistory):
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
