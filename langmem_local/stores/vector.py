"""Mem0 as the vector and history layer.

Mem0 stores each memory's vector and payload and keeps its own ADD/UPDATE/DELETE
history. langmem-local decides *what* to write (extraction and reconciliation
are ours, see :mod:`langmem_local.pipeline`) and hands Mem0 the vectors it has
already computed, so nothing is embedded twice. Every Mem0 call goes through
this module: it is the one place that knows Mem0's internals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import langmem_local._privacy  # noqa: F401  (telemetry off before mem0 import)
from langmem_local._privacy import disable_mem0_network_fallbacks
from langmem_local.config import LocalMemoryConfig
from langmem_local.errors import MemoryNotFoundError


class Mem0VectorStore:
    """A user-scoped vector store backed by a Mem0 ``Memory``.

    Args:
        config: Engine configuration (provider, collection, paths).
        embeddings: LangChain embeddings, handed to Mem0's ``langchain`` embedder.
        chat_model: LangChain chat model, handed to Mem0's ``langchain`` LLM
            (Mem0 requires one; langmem-local never asks Mem0 to call it).
        history_db_path: SQLite file for Mem0's history table.
        dims: Embedding dimension (Qdrant needs it to create the collection).
    """

    def __init__(
        self,
        config: LocalMemoryConfig,
        *,
        embeddings: Any,
        chat_model: Any,
        history_db_path: Path,
        dims: int,
        key: str | None = None,
    ) -> None:
        from mem0 import Memory
        from mem0.configs.base import MemoryConfig

        disable_mem0_network_fallbacks()
        # Mem0 warns that Chroma lacks keyword search; ours runs beside it
        # (SQLite FTS5), so the warning would only mislead.
        logging.getLogger("mem0.memory.main").setLevel(logging.ERROR)
        logging.getLogger("mem0.vector_stores.qdrant").setLevel(logging.ERROR)
        self.provider = config.vector_store
        path = config.vector_store_path or (config.data_dir / self.provider)
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        vs_config: dict[str, Any] = {"collection_name": config.collection_name}
        if self.provider == "chroma":
            import chromadb
            from chromadb.config import Settings

            client = chromadb.PersistentClient(
                path=str(path), settings=Settings(anonymized_telemetry=False)
            )
            # Mem0 creates Chroma collections with the L2 default; create ours
            # first with cosine so scores are cosine similarities.
            client.get_or_create_collection(
                config.collection_name, metadata={"hnsw:space": "cosine"}
            )
            vs_config["client"] = client
        else:
            vs_config.update(path=str(path), embedding_model_dims=dims, on_disk=True)
        mem_config = MemoryConfig(
            vector_store={"provider": self.provider, "config": vs_config},
            embedder={"provider": "langchain", "config": {"model": embeddings}},
            llm={"provider": "langchain", "config": {"model": chat_model}},
            # Encrypted: Mem0 cannot open the SQLCipher file itself; it starts on
            # a scratch in-memory db and gets our encrypted connection below.
            history_db_path=":memory:" if key else str(history_db_path),
        )
        self._mem0 = Memory(mem_config)
        self._history_path, self._key = history_db_path, key
        if key:
            self._encrypt_history()
        # Mem0 writes history through its own connection: erasure must not
        # leave old texts in that connection's freed pages either.
        self._mem0.db.connection.execute("PRAGMA secure_delete=ON")
        self._lock = threading.RLock()

    @property
    def mem0(self) -> Any:
        """The underlying ``mem0.Memory`` (for advanced use)."""
        return self._mem0

    def _to_similarity(self, score: float | None) -> float:
        if score is None:
            return 0.0
        if self.provider == "chroma":
            # Mem0 turns Chroma's cosine distance d into 1 / (1 + d); undo both.
            score = float(score)
            return 1.0 - (1.0 / score - 1.0) if score > 0 else -1.0
        return float(score)  # Qdrant (cosine) already returns the similarity

    def insert_many(
        self,
        texts: list[str],
        vectors: list[list[float]],
        *,
        user_id: str,
        payloads: list[dict[str, Any]],
    ) -> list[str]:
        """Create many memories with one vector-store call and one history transaction.

        Mirrors Mem0's ``_create_memory`` (same payload fields, same ADD history
        rows), batched: a Chroma write costs tens of milliseconds whatever its
        size, so one call per memory made bulk ingestion 20x slower.
        """
        import hashlib
        import uuid
        from datetime import datetime, timezone

        now = datetime.now(timezone.utc).isoformat()
        ids = [str(uuid.uuid4()) for _ in texts]
        full = []
        for text, payload in zip(texts, payloads, strict=True):
            full.append(
                {
                    **payload,
                    "user_id": user_id,
                    "data": text,
                    "hash": hashlib.md5(text.encode()).hexdigest(),  # noqa: S324 - Mem0's id hash
                    "created_at": now,
                    "updated_at": now,
                    "text_lemmatized": text,
                }
            )
        with self._lock:
            self._mem0.vector_store.insert(vectors=vectors, ids=ids, payloads=full)
            self._mem0.db.batch_add_history(
                [
                    {
                        "memory_id": memory_id,
                        "old_memory": None,
                        "new_memory": text,
                        "event": "ADD",
                        "created_at": now,
                        "updated_at": now,
                        "actor_id": payload.get("actor_id"),
                        "role": payload.get("role"),
                    }
                    for memory_id, text, payload in zip(ids, texts, full, strict=True)
                ]
            )
        return ids

    def update(self, memory_id: str, text: str, vector: list[float]) -> None:
        """Replace a memory's text and vector (Mem0 records UPDATE in its history)."""
        with self._lock:
            try:
                self._mem0._update_memory(memory_id, text, {text: vector})
            except ValueError as exc:
                msg = f"no memory with id {memory_id!r} in the vector store"
                raise MemoryNotFoundError(msg) from exc

    def delete(self, memory_id: str) -> None:
        """Delete a memory (Mem0 records DELETE in its history)."""
        with self._lock:
            try:
                self._mem0.delete(memory_id)
            except ValueError as exc:
                msg = f"no memory with id {memory_id!r} in the vector store"
                raise MemoryNotFoundError(msg) from exc

    def search(
        self,
        vector: list[float],
        *,
        user_id: str,
        limit: int,
        owner_of: Callable[[list[str]], dict[str, str]] | None = None,
        user_share: float = 0.0,
    ) -> list[tuple[str, float]]:
        """Nearest memories of one user: ``(id, cosine similarity)``, best first.

        Chroma answers a ``where user_id = ...`` query by materialising every
        matching id first, which costs ~20x an unfiltered HNSW query when the
        user owns most of the collection (measured: 66 ms vs 3.7 ms at 10k).
        So when ``user_share`` (the user's fraction of all memories) is high,
        query unfiltered, over-fetching by ``1 / user_share``, and keep the
        user's ids via ``owner_of``; fall back to the filtered query if that
        leaves too few.
        """
        if self.provider == "chroma" and owner_of is not None and user_share >= 0.3:
            hits = self._query_unscoped(vector, int(limit / user_share * 1.5) + 10)
            owners = owner_of([i for i, _ in hits])
            mine = [(i, sim) for i, sim in hits if owners.get(i) == user_id][:limit]
            if len(mine) >= limit or len(hits) < int(limit / user_share * 1.5) + 10:
                return mine
        with self._lock:
            hits = self._mem0.vector_store.search(
                query="", vectors=vector, top_k=limit, filters={"user_id": user_id}
            )
        return [(str(h.id), self._to_similarity(h.score)) for h in hits]

    def _query_unscoped(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        """Chroma HNSW query over every user, ids and cosine only (no payloads)."""
        with self._lock:
            res = self._mem0.vector_store.collection.query(
                query_embeddings=[vector], n_results=n, include=["distances"]
            )
        ids, dists = res["ids"][0], res["distances"][0]
        return [(str(i), 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def exists(self, memory_id: str) -> bool:
        """Whether the vector store holds this id."""
        with self._lock:
            return self._mem0.vector_store.get(vector_id=memory_id) is not None

    def ids(self, user_id: str) -> list[str]:
        """Every id stored for a user (for consistency checks and erasure)."""
        with self._lock:
            rows = self._mem0.vector_store.list(filters={"user_id": user_id}, top_k=1_000_000)
        rows = rows[0] if rows and isinstance(rows[0], list) else rows
        return [str(r.id) for r in rows]

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        """Mem0's change history of one memory, oldest first."""
        with self._lock:
            return list(self._mem0.history(memory_id))

    def scrub_history(self, memory_id: str) -> None:
        """Erase the texts Mem0's history kept for a memory, keeping the events.

        Mem0 stores the old and new text of every change; after an erasure only
        the fact that the memory existed and was deleted may remain.
        """
        with self._lock:
            db = self._mem0.db
            with db._lock, db.connection:
                db.connection.execute(
                    "UPDATE history SET old_memory = NULL, new_memory = NULL WHERE memory_id = ?",
                    (memory_id,),
                )

    def scrub_write_log(self, memory_id: str) -> None:
        """Erase a deleted memory's payload from Chroma's write-ahead log.

        Chroma keeps every submitted record (metadata, i.e. the memory text,
        included) in its ``embeddings_queue`` table until it compacts, which a
        small store may never do. The DELETE record stays so a replay still
        removes the vector; the records that carry the text go.
        """
        if self.provider != "chroma":
            return
        import sqlite3

        db = self.path / "chroma.sqlite3"
        if not db.exists():
            return
        with self._lock:
            conn = sqlite3.connect(str(db), timeout=30)
            try:
                conn.execute("PRAGMA secure_delete=ON")
                with conn:
                    conn.execute(
                        "DELETE FROM embeddings_queue WHERE id = ? AND operation != 3",
                        (memory_id,),
                    )
                # Chroma deletes without secure_delete, so the text also
                # lingers in freed pages of its metadata tables: rebuild the file.
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()

    def _encrypt_history(self) -> None:
        """Point Mem0's history manager at the encrypted ``memory.db``."""
        from langmem_local.stores.sqlite import connect

        db = self._mem0.db
        db.connection.close()
        db.db_path = str(self._history_path)
        db.connection = connect(self._history_path, key=self._key)
        db._migrate_history_table()
        db._create_history_table()
        db._create_messages_table()

    def reset(self) -> None:
        """Drop every vector and Mem0's history."""
        with self._lock:
            self._mem0.reset()
            if self._key:  # Mem0 re-creates its history manager on reset
                self._encrypt_history()

    def close(self) -> None:
        """Release Mem0's SQLite connection and the vector store's files."""
        with self._lock:
            self._mem0.close()
            # Embedded Qdrant locks its folder until its client is closed.
            client = getattr(self._mem0.vector_store, "client", None)
            if self.provider == "qdrant" and client is not None:
                client.close()
