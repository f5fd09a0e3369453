"""The server profile's source of truth: :class:`MetadataStore`'s contract on PostgreSQL.

Same tables, columns and return values as
:mod:`langmem_local.stores.sqlite` (JSON as text, times as the same ISO-8601
strings), so the engine cannot tell the profiles apart, with two changes:

* ``memories.embedding`` is a pgvector ``vector`` column: the vector index of
  this profile *is* this table (:mod:`langmem_local.stores.pgvector_index`),
  so there is no outbox and nothing to reconcile; a write is one transaction.
* ``seq`` (a ``bigserial``) stands in for SQLite's ``rowid`` where order of
  insertion matters (neighbouring turns, history).

The turn queue lives in :mod:`~langmem_local.stores.postgres_turns`, history,
versions and audit in :mod:`~langmem_local.stores.postgres_history`, reads of
live rows in :mod:`~langmem_local.stores.postgres_reads` (mixins of
:class:`PgMetadataStore`).

``tests/contract/test_contract_metadata_store.py`` runs one suite against both.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from langmem_local.stores.postgres import PgDatabase
from langmem_local.stores.postgres_history import _PgHistory
from langmem_local.stores.postgres_reads import _PgMemoryReads
from langmem_local.stores.postgres_schema import (
    DDL,
    MEMORY_COLS,
    TABLES,
    UPDATABLE,
    VERSION_COLS,
)
from langmem_local.stores.postgres_schema import array as _array
from langmem_local.stores.postgres_schema import blob as _blob
from langmem_local.stores.postgres_schema import memory as _memory
from langmem_local.stores.postgres_schema import vector as _vector
from langmem_local.stores.postgres_turns import _PgTurns
from langmem_local.stores.sqlite import iso, utcnow

__all__ = ["PgMetadataStore"]


class PgMetadataStore(_PgTurns, _PgHistory, _PgMemoryReads):
    """Turns, memory rows (with vectors), versions, history and audit in one schema.

    Args:
        db: The engine's connection and unit of work (:func:`connect_database`).

    Example:
        .. code-block:: python

            store = PgMetadataStore(connect_database("postgresql://app@db/agents"))
            turn_id = store.enqueue_turn("alice", [{"role": "user", "content": "hi"}], {})
    """

    def __init__(self, db: PgDatabase) -> None:
        self.database = db
        self.conn = db.conn  # closed by LocalMemory.close(), like the SQLite store's
        self.lock = db.lock
        db.ensure_schema("memories", DDL)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """The reentrant unit of work (see :class:`~.postgres.PgDatabase`)."""
        with self.database.transaction() as cur:
            yield cur

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open on this store's connection."""
        return self.database.in_transaction

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.database.fetchall(query, params)

    def _write(self, query: str, params: Sequence[Any] = ()) -> int:
        with self.transaction() as cur:
            cur.execute(query, params)
            return cur.rowcount

    def _write_many(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.transaction() as cur:
                cur.executemany(query, rows)

    # -- manifest -----------------------------------------------------------
    def manifest(self) -> dict[str, str]:
        """All manifest entries (embedder identity, dimension, schema version)."""
        return {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM manifest")}

    def set_manifest(self, values: dict[str, str]) -> None:
        """Record manifest entries."""
        self._write_many(
            "INSERT INTO manifest (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            list(values.items()),
        )

    # -- memories -----------------------------------------------------------
    def insert_memories(self, rows: list[dict[str, Any]], versions: list[dict[str, Any]]) -> None:
        """Insert memory rows, their first versions, history and audit in one transaction."""
        if not rows:
            return
        cols = [k for k in rows[0] if k != "role"]
        encoded = [
            tuple(
                json.dumps(r.get(k) or ({} if k == "metadata" else []))
                if k in ("metadata", "source_turns")
                else _vector(r[k])
                if k == "embedding"
                else r.get(k)
                for k in cols
            )
            for r in rows
        ]
        now = iso(utcnow())
        with self.transaction() as cur:
            marks = ", ".join("%s" for _ in cols)
            cur.executemany(f"INSERT INTO memories ({', '.join(cols)}) VALUES ({marks})", encoded)
            speakers = sorted({(r["user_id"], r["speaker"]) for r in rows if r.get("speaker")})
            if speakers:
                cur.executemany(
                    "INSERT INTO speakers (user_id, speaker) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    speakers,
                )
            cur.executemany(
                f"INSERT INTO memory_versions ({VERSION_COLS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s, 'ADD')",
                [
                    (
                        str(uuid.uuid4()),
                        v["memory_id"],
                        v["user_id"],
                        v["text"],
                        _blob(v["embedding"]),
                        json.dumps(v["metadata"]),
                        iso(v["valid_from"]),
                        now,
                    )
                    for v in versions
                ],
            )
            cur.executemany(
                "INSERT INTO audit_log (ts, actor, user_id, memory_id, action, detail) "
                "VALUES (%s, %s, %s, %s, 'ADD', '{}')",
                [(now, v["actor"], v["user_id"], v["memory_id"]) for v in versions],
            )
            cur.executemany(
                "INSERT INTO history (id, memory_id, old_memory, new_memory, event, created_at, "
                "updated_at, is_deleted, actor_id, role) "
                "VALUES (%s, %s, NULL, %s, 'ADD', %s, %s, 0, %s, %s)",
                [
                    (
                        str(uuid.uuid4()),
                        r["id"],
                        r["text"],
                        now,
                        now,
                        r.get("speaker"),
                        r.get("role"),
                    )
                    for r in rows
                ],
            )

    def update_memory(self, memory_id: str, **fields: Any) -> None:
        """Change some columns of a memory row."""
        bad = sorted(set(fields) - UPDATABLE)
        if bad:
            msg = f"unknown memory column(s) {bad}; updatable: {sorted(UPDATABLE)}"
            raise ValueError(msg)
        if "metadata" in fields:
            fields["metadata"] = json.dumps(fields["metadata"] or {})
        if "source_turns" in fields:
            fields["source_turns"] = json.dumps(fields["source_turns"] or [])
        if "embedding" in fields:
            fields["embedding"] = _vector(fields["embedding"])
        sets = ", ".join(f"{k} = %s" for k in fields)
        self._write(f"UPDATE memories SET {sets} WHERE id = %s", (*fields.values(), memory_id))

    def delete_memory_row(self, memory_id: str) -> None:
        """Drop the live row (versions are handled separately)."""
        self._write("DELETE FROM memories WHERE id = %s", (memory_id,))

    def touch(
        self, counts: Mapping[str, int], *, importance_step: float, when: str | None = None
    ) -> int:
        """Count retrievals (``memory id -> times``): access statistics and importance."""
        if not counts:
            return 0
        alone = not self.in_transaction
        updated = 0
        with self.transaction() as cur:
            if alone:
                # Access statistics: losing the last few to a server crash is
                # harmless, waiting for a WAL flush is not.
                cur.execute("SET LOCAL synchronous_commit = off")
            for memory_id, n in counts.items():
                cur.execute(
                    "UPDATE memories SET access_count = access_count + %s, last_accessed_at = %s, "
                    "importance = LEAST(1.0, importance + %s) WHERE id = %s",
                    (n, when or iso(utcnow()), importance_step * n, memory_id),
                )
                updated += max(0, cur.rowcount)
        return updated

    # -- vectors ---------------------------------------------------------------
    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, np.ndarray]]:
        """``memory id -> (owner, vector)`` for live memories that have one."""
        rows = self._rows(
            "SELECT id, user_id, embedding FROM memories WHERE id = ANY(%s) "
            "AND embedding IS NOT NULL",
            (list(ids),),
        )
        return {r["id"]: (r["user_id"], _array(r["embedding"])) for r in rows}

    def memories_and_vectors(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, np.ndarray]]]:
        """Rows (as :meth:`get_memories`) and ``(owner, vector)`` (as :meth:`vectors`) at once."""
        if not ids:
            return {}, {}
        rows = self._rows(
            f"SELECT {MEMORY_COLS}, embedding FROM memories WHERE id = ANY(%s)", (list(ids),)
        )
        vecs = {
            r["id"]: (r["user_id"], _array(r["embedding"]))
            for r in rows
            if r["embedding"] is not None
        }
        out = {}
        for r in rows:
            row = dict(r)
            row.pop("embedding")  # vectors travel apart from rows, as in get_memories
            out[r["id"]] = _memory(row)
        return out, vecs

    def memory_ids(self) -> set[str]:
        """Ids of every live memory."""
        return {r["id"] for r in self._rows("SELECT id FROM memories")}

    # -- erasure --------------------------------------------------------------
    def erase_memory(self, memory_id: str) -> None:
        """Remove every trace of a memory's content; history keeps only the events."""
        with self.transaction() as cur:
            cur.execute("DELETE FROM memories WHERE id = %s", (memory_id,))
            cur.execute("DELETE FROM memory_versions WHERE memory_id = %s", (memory_id,))
            cur.execute(
                "UPDATE history SET old_memory = NULL, new_memory = NULL WHERE memory_id = %s",
                (memory_id,),
            )

    def erase_user(self, user_id: str) -> list[str]:
        """Remove all of a user's rows, turns included; returns the memory ids seen."""
        with self.transaction() as cur:
            cur.execute(
                "SELECT memory_id AS id FROM memory_versions WHERE user_id = %s "
                "UNION SELECT id FROM memories WHERE user_id = %s",
                (user_id, user_id),
            )
            ids = [r["id"] for r in cur.fetchall()]
            for table in ("memories", "memory_versions", "turns", "speakers"):
                cur.execute(f"DELETE FROM {table} WHERE user_id = %s", (user_id,))
            cur.execute(
                "UPDATE history SET old_memory = NULL, new_memory = NULL WHERE memory_id = ANY(%s)",
                (ids,),
            )
        return ids

    def checkpoint(self) -> None:
        """Nothing to fold: PostgreSQL's WAL and dead tuples are the server's (autovacuum)."""

    def reset(self) -> None:
        """Empty every table of this store (the manifest too)."""
        with self.transaction() as cur:
            for table in TABLES:
                cur.execute(f"DELETE FROM {table}")
