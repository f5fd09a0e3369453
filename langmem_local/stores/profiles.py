"""The two storage profiles, chosen in one place: :func:`open_stores`.

- **embedded** (default): everything in ``<data_dir>/memory.db`` (SQLite:
  rows with their vectors, versions, history, audit, turns, FTS5 keyword
  index, graph) plus a derived vector index (Chroma or Qdrant through Mem0)
  fed by an outbox. One machine; one process owns the vector index, others
  read and write ``memory.db`` and search it exactly.
- **server** (``database_url`` / ``LANGMEM_DATABASE_URL`` / ``--database-url``):
  everything in one PostgreSQL schema, vectors in a pgvector column of the
  memory row, so each write is one transaction and there is nothing to
  derive or reconcile. Many processes and hosts share one memory.

Both hand the engine the same four seams (:mod:`.protocols`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langmem_local.config import LocalMemoryConfig
from langmem_local.errors import ConfigError
from langmem_local.stores.protocols import (
    GraphStoreProtocol,
    KeywordIndexProtocol,
    MetadataStoreProtocol,
    VectorIndexProtocol,
)

__all__ = ["Stores", "open_stores"]


@dataclass
class Stores:
    """The opened stores of one engine."""

    profile: str
    """``"embedded"`` or ``"server"``."""
    db: MetadataStoreProtocol
    """The source of truth."""
    keyword: KeywordIndexProtocol
    """The keyword index (same transaction as ``db``)."""
    graph: GraphStoreProtocol
    """The entity graph."""
    open_vectors: Callable[[int], VectorIndexProtocol]
    """Opens the vector index once the embedding dimension is known."""
    location: str
    """Where the memories live, for messages (a directory, or a DSN without password)."""


def open_stores(config: LocalMemoryConfig) -> Stores:
    """Open the stores of the profile ``config`` selects.

    Example:
        .. code-block:: python

            stores = open_stores(LocalMemoryConfig(database_url="postgresql://app@db/agents"))
            stores.profile   # "server"
    """
    if config.database_url:
        return _server(config, config.database_url)
    return _embedded(config)


def _embedded(config: LocalMemoryConfig) -> Stores:
    from langmem_local.encryption import resolve_key
    from langmem_local.keyword import KeywordIndex
    from langmem_local.stores.sqlite import MetadataStore, connect

    config.data_dir.mkdir(parents=True, exist_ok=True)
    # SQLCipher when a key is set (env or keyring): read now, never stored.
    key = resolve_key(config.data_dir, required=config.encrypt)
    path = config.data_dir / "memory.db"
    # Retrieval statistics get a connection of their own (MetadataStore.touch),
    # unless encrypted: that would keep the key, or derive it twice at open.
    db = MetadataStore(connect(path, key=key), stats_path=None if key else path)
    keyword = KeywordIndex(db.conn)
    # Every store shares one connection, so they must share one lock: a
    # commit in one store must never commit another's half-done work.
    keyword._lock = db.lock
    graph: Any
    if config.graph_store == "postgres":
        if not config.graph_dsn:
            db.conn.close()
            msg = (
                "graph_store='postgres' needs graph_dsn, e.g. "
                "'postgresql://user@localhost:5432/memories'"
            )
            raise ConfigError(msg)
        from langmem_local.stores.graph_postgres import PostgresGraphStore

        graph = PostgresGraphStore(config.graph_dsn)
    else:
        from langmem_local.stores.graph import GraphStore

        graph = GraphStore(db.conn, lock=db.lock)

    def open_vectors(dims: int) -> VectorIndexProtocol:
        from langmem_local.vector_index import VectorIndex

        return VectorIndex(config, db, dims=dims)

    return Stores("embedded", db, keyword, graph, open_vectors, str(config.data_dir))


def _server(config: LocalMemoryConfig, url: str) -> Stores:
    from langmem_local.stores.graph_postgres import PostgresGraphStore
    from langmem_local.stores.pgvector_index import PgVectorIndex
    from langmem_local.stores.postgres import connect_database
    from langmem_local.stores.postgres_keyword import PgKeywordIndex
    from langmem_local.stores.postgres_memories import PgMetadataStore

    database = connect_database(url, schema=config.database_schema)
    try:
        db = PgMetadataStore(database)
        keyword = PgKeywordIndex(database)
        # The graph joins the same unit of work: a memory and its relations
        # commit together (graph_store / graph_dsn apply to the embedded profile).
        graph = PostgresGraphStore(database)
    except BaseException:
        database.close()
        raise

    def open_vectors(dims: int) -> VectorIndexProtocol:
        return PgVectorIndex(database, dims=dims)

    where = f"PostgreSQL {database.display} (schema {database.schema})"
    return Stores("server", db, keyword, graph, open_vectors, where)
