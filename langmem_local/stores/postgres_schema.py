"""Tables of the server profile's source of truth, and how their rows decode.

Same columns as :mod:`langmem_local.stores.sqlite` (JSON as text, times as
ISO-8601 strings), plus ``seq`` where SQLite's ``rowid`` gives order and a
pgvector ``embedding`` column; used by :mod:`.postgres_memories`.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

__all__ = ["DDL", "MEMORY_COLS", "SESSION", "TABLES", "UPDATABLE", "VERSION_COLS"]

DDL = (
    "CREATE TABLE IF NOT EXISTS manifest (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE IF NOT EXISTS turns (
        id text PRIMARY KEY, user_id text NOT NULL, messages text NOT NULL,
        metadata text NOT NULL, status text NOT NULL, attempts integer NOT NULL DEFAULT 0,
        error text, created_at text NOT NULL, processed_at text)""",
    "CREATE INDEX IF NOT EXISTS turns_user_status ON turns (user_id, status)",
    """CREATE TABLE IF NOT EXISTS memories (
        id text PRIMARY KEY, seq bigserial NOT NULL, user_id text NOT NULL, text text NOT NULL,
        metadata text NOT NULL, importance double precision NOT NULL,
        access_count integer NOT NULL DEFAULT 0, last_accessed_at text,
        created_at text NOT NULL, updated_at text NOT NULL, valid_from text, expires_at text,
        source_turns text NOT NULL DEFAULT '[]', category text, speaker text, run_id text,
        embedding vector) WITH (fillfactor = 50)""",
    # Every search bumps access statistics; free room in each page keeps those
    # updates HOT (no new entries in the HNSW and other indexes per search).
    "CREATE INDEX IF NOT EXISTS memories_user ON memories (user_id, seq)",
    # Sessions: IS NOT DISTINCT FROM cannot use an index, so "no session" (NULL)
    # is keyed by a sentinel no real run id holds (see SESSION).
    "CREATE INDEX IF NOT EXISTS memories_session ON memories "
    "(user_id, (coalesce(run_id, E'\\x01')), category, seq)",
    # Live memories per user, kept by triggers (search asks for the user's share).
    "CREATE TABLE IF NOT EXISTS user_counts (user_id text PRIMARY KEY, n bigint NOT NULL)",
    """CREATE OR REPLACE FUNCTION langmem_count_memories() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO user_counts AS c (user_id, n) VALUES (NEW.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET n = c.n + 1;
        ELSE
            UPDATE user_counts SET n = n - 1 WHERE user_id = OLD.user_id;
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER memories_count AFTER INSERT OR DELETE ON memories
        FOR EACH ROW EXECUTE FUNCTION langmem_count_memories()""",
    """CREATE TABLE IF NOT EXISTS speakers (
        user_id text NOT NULL, speaker text NOT NULL, PRIMARY KEY (user_id, speaker))""",
    """CREATE TABLE IF NOT EXISTS memory_versions (
        id text PRIMARY KEY, seq bigserial NOT NULL, memory_id text NOT NULL,
        user_id text NOT NULL, text text NOT NULL, embedding bytea,
        metadata text NOT NULL DEFAULT '{}', valid_from text NOT NULL, valid_to text,
        recorded_at text NOT NULL, event text NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS versions_user ON memory_versions (user_id)",
    "CREATE INDEX IF NOT EXISTS versions_memory ON memory_versions (memory_id)",
    """CREATE TABLE IF NOT EXISTS history (
        id text PRIMARY KEY, seq bigserial NOT NULL, memory_id text, old_memory text,
        new_memory text, event text, created_at text, updated_at text, is_deleted integer,
        actor_id text, role text)""",
    "CREATE INDEX IF NOT EXISTS history_memory ON history (memory_id)",
    """CREATE TABLE IF NOT EXISTS audit_log (
        seq bigserial PRIMARY KEY, ts text NOT NULL, actor text NOT NULL, user_id text,
        memory_id text, action text NOT NULL, detail text NOT NULL DEFAULT '{}')""",
)

SESSION = "coalesce({}.run_id, E'\\x01')"
MEMORY_COLS = (
    "id, user_id, text, metadata, importance, access_count, last_accessed_at, created_at, "
    "updated_at, valid_from, expires_at, source_turns, category, speaker, run_id"
)
VERSION_COLS = (
    "id, memory_id, user_id, text, embedding, metadata, valid_from, valid_to, recorded_at, event"
)
TABLES = (
    "turns", "memories", "memory_versions", "audit_log", "manifest", "speakers",
    "user_counts", "history",
)  # fmt: skip
# Columns update_memory may set (names are interpolated, so they are checked).
UPDATABLE = frozenset(MEMORY_COLS.replace(" ", "").split(",")) | {"embedding"}


def vector(values: Any) -> np.ndarray | None:
    return None if values is None else np.asarray(values, np.float32)


def array(value: Any) -> np.ndarray:
    # pgvector's loader returns its Vector type (or an ndarray, by version).
    data = value.to_numpy() if hasattr(value, "to_numpy") else value
    return np.asarray(data, np.float32)


def blob(values: Any) -> bytes | None:
    return None if values is None else np.asarray(values, np.float32).tobytes()


def turn(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "messages": json.loads(row["messages"]), "metadata": json.loads(row["metadata"])}


def memory(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "metadata": json.loads(row["metadata"]),
        "source_turns": json.loads(row["source_turns"]),
    }


def version(row: dict[str, Any]) -> dict[str, Any]:
    blob = row["embedding"]
    return {
        **row,
        "metadata": json.loads(row["metadata"]),
        "embedding": None if blob is None else np.frombuffer(bytes(blob), dtype=np.float32),
    }
