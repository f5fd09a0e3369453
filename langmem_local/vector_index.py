"""The dense vector index: derived from the source of truth, never trusted over it.

Mem0's vector store (Chroma by default, Qdrant by config) holds, per memory,
its id, its vector and an owner key (a hash of the user id): no text, no
metadata. Everything it holds can be rebuilt from ``memory.db``:

- **Outbox.** A write puts the changed memory ids in ``vector_outbox`` inside
  its own transaction; after the commit :meth:`VectorIndex.sync` copies the
  current vector (or the deletion) into the index and drops the entries. A
  crash in between leaves the entries, and the next open drains them.
- **Reconcile on open.** After an unclean shutdown the index's ids are compared
  with the live memories: strays are removed, missing ones written back
  (:mod:`langmem_local.vector_index_repair`, which also rebuilds the index).
- **Ownership is checked against the source of truth.** A search keeps only ids
  that ``memory.db`` says this user owns (read there, or from the user's vectors
  held in memory in step with it), whatever the vector store's filter syntax
  makes of the owner key. A user id never reaches a vector-store filter (no
  wildcard).
- **The index query runs beside the keyword leg** (:meth:`VectorIndex.start_search`,
  :mod:`langmem_local.beside`), on a helper thread.
- **One process owns the index.** Embedded Chroma and Qdrant are not safe
  across processes (measured: 4 writers left vectors out of Chroma's HNSW), so
  the first process takes ``vector-index.lock``. Every other process still
  reads and writes ``memory.db`` (SQLite WAL serialises writers) and searches
  by an exact scan of the user's vectors (held in memory, in step with
  ``memory.db``: :mod:`langmem_local.vector_cache`); its outbox entries wait for the
  owner, which drains them before its next search. No process loses a write,
  and none touches the index files it does not own.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import langmem_local._privacy  # noqa: F401  (telemetry off before mem0/chromadb import)
from langmem_local import dense
from langmem_local.beside import Beside, ran
from langmem_local.config import LocalMemoryConfig
from langmem_local.stores.sqlite import MetadataStore
from langmem_local.vector_cache import VectorCache
from langmem_local.vector_index_repair import IndexRepair

log = logging.getLogger(__name__)

#: Manifest key: "0" while an owner has the index open, "1" after a clean close.
CLEAN_KEY = "vector_index_clean"
#: Manifest key of the index layout. Layout 1 (before 0.2) kept memory text in
#: the payloads; an index of any other layout is rebuilt from ``memory.db``.
FORMAT_KEY = "vector_index_format"
INDEX_FORMAT = "2"


def owner_key(user_id: str) -> str:
    """The owner key stored beside a vector: a hash, so no id syntax can reach a filter."""
    return hashlib.sha256(user_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class VectorIndex(IndexRepair):
    """Derived dense index of one data directory (see the module docstring).

    Args:
        config: Engine configuration (provider, collection, paths).
        db: The source of truth.
        dims: Embedding dimension.

    Example:
        .. code-block:: python

            index = VectorIndex(config, db, dims=384)
            index.sync()                                   # after a committed write
            index.search(vector, user_id="alice", limit=10)  # [(memory_id, cosine)]
    """

    def __init__(self, config: LocalMemoryConfig, db: MetadataStore, *, dims: int) -> None:
        self._config = config
        self._db = db
        self._dims = dims
        self.provider = config.vector_store
        self.path = config.vector_store_path or (config.data_dir / self.provider)
        self._lock = threading.RLock()
        self._lock_fd: int | None = None
        self._store: Any = None  # Mem0 vector store, only while this process owns it
        self._cache = VectorCache(db)  # exact search of users up to dense.EXACT_SCAN_MAX
        self._beside = Beside("langmem-index-query")  # index queries beside the keyword leg
        self.try_own()

    # ------------------------------------------------------------ ownership
    @property
    def owner(self) -> bool:
        """Whether this process owns (and has open) the vector index."""
        return self._store is not None

    def try_own(self) -> bool:
        """Take the index if no other process holds it; reconcile it on taking."""
        if self._store is not None:
            return True
        with self._lock:
            if self._store is not None:
                return True
            fd = _try_flock(self._config.data_dir / "vector-index.lock")
            if fd is None:
                return False
            try:
                manifest = self._db.manifest()
                self._store = self._open_store()
                self._lock_fd = fd
                self._db.set_manifest({CLEAN_KEY: "0"})
                if manifest.get(FORMAT_KEY) != INDEX_FORMAT:
                    self.rebuild()
                    self._db.set_manifest({FORMAT_KEY: INDEX_FORMAT})
                else:
                    self.reconcile(full=manifest.get(CLEAN_KEY) != "1")
            except BaseException:
                self._store = None
                self._lock_fd = None
                os.close(fd)
                raise
            return True

    def _open_store(self) -> Any:
        from mem0.utils.factory import VectorStoreFactory

        from langmem_local._privacy import disable_mem0_network_fallbacks

        disable_mem0_network_fallbacks()
        # Mem0 logs a warning for every reset (our rebuilds) and on Qdrant opens.
        for name in ("mem0.vector_stores.chroma", "mem0.vector_stores.qdrant"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.path.mkdir(parents=True, exist_ok=True)
        name = self._config.collection_name
        if self.provider == "chroma":
            import chromadb
            from chromadb.config import Settings

            client = chromadb.PersistentClient(
                path=str(self.path), settings=Settings(anonymized_telemetry=False)
            )
            # Mem0 creates Chroma collections with the L2 default; create ours
            # first with cosine so distances are 1 - cosine.
            client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
            return VectorStoreFactory.create("chroma", {"collection_name": name, "client": client})
        return VectorStoreFactory.create(
            "qdrant",
            {
                "collection_name": name,
                "path": str(self.path),
                "embedding_model_dims": self._dims,
                "on_disk": True,
            },
        )

    # ----------------------------------------------------------------- sync
    def sync(self) -> int:
        """Copy committed changes from the outbox into the index; returns how many.

        Does nothing in a process that does not own the index (the owner, or
        the next process to open the directory, drains those entries).
        """
        if self._store is None:
            return 0
        done = 0
        with self._lock:
            while True:
                entries = self._db.outbox(limit=2000)
                if not entries:
                    return done
                ids = list(dict.fromkeys(memory_id for _, memory_id in entries))
                try:
                    self._write(ids)
                except Exception as exc:  # noqa: BLE001 - a broken derived index is rebuilt
                    log.warning("vector index write failed (%s); rebuilding it from memory.db", exc)
                    self.rebuild()
                self._db.clear_outbox(max(seq for seq, _ in entries), ids)
                done += len(ids)

    def _write(self, ids: list[str]) -> None:
        """Make the index agree with the source of truth for these ids (idempotent)."""
        live = self._db.vectors(ids)
        gone = [i for i in ids if i not in live]
        if self.provider == "chroma":
            collection = self._store.collection
            if gone:
                collection.delete(ids=gone)
            if live:
                keys = list(live)
                collection.upsert(
                    ids=keys,
                    embeddings=[live[k][1].tolist() for k in keys],
                    metadatas=[{"owner": owner_key(live[k][0])} for k in keys],
                )
            return
        for memory_id in gone:
            self._store.delete(memory_id)
        if live:
            keys = list(live)
            self._store.insert(  # Qdrant upserts: idempotent
                vectors=[live[k][1].tolist() for k in keys],
                payloads=[{"owner": owner_key(live[k][0])} for k in keys],
                ids=keys,
            )

    # --------------------------------------------------------------- search
    def search(
        self, vector: list[float], *, user_id: str, limit: int, user_share: float = 0.0
    ) -> list[tuple[str, float]]:
        """Nearest live memories of one user: ``(id, cosine)``, best first.

        A user of up to :data:`langmem_local.dense.EXACT_SCAN_MAX` memories, and
        any user in a process that does not own the index, is scanned exactly
        over their vectors in memory (in step with ``memory.db``). Otherwise the
        owner asks the index (after draining the outbox, so other processes'
        writes are visible). Either way only ids that the source of truth says
        ``user_id`` owns come back.
        """
        return self.start_search(vector, user_id=user_id, limit=limit, user_share=user_share)()

    def start_search(
        self, vector: list[float], *, user_id: str, limit: int, user_share: float = 0.0
    ) -> Callable[[], list[tuple[str, float]]]:
        """:meth:`search`, started: the function returned finishes it (call it once).

        An index query runs on a helper thread (:mod:`langmem_local.beside`)
        until then, so the caller can run the keyword leg beside it; an exact
        scan is done before this returns. The query stays on this thread when
        it holds the store's lock (a unit of work): the helper would wait for
        that lock to check ownership, and this thread for the helper.
        """
        if limit <= 0:
            return lambda: []
        n = self._db.user_count(user_id)
        if n == 0:
            return lambda: []
        if (self._store is None and not self.try_own()) or n <= dense.EXACT_SCAN_MAX:
            # Their vectors in memory (VectorCache): one matrix product, exact,
            # faster than HNSW up to this size (see langmem_local.dense).
            hits = self._exact(vector, user_id, limit)
            return lambda: hits
        if self._db.outbox(limit=1):
            self.sync()

        def query() -> list[tuple[str, float]]:
            return self._query(vector, user_id, limit, user_share)[:limit]

        held = getattr(self._db.lock, "_is_owned", lambda: True)()
        pending = ran(query) if held else self._beside.run(query)

        def finish() -> list[tuple[str, float]]:
            try:
                return pending()
            except Exception as exc:  # noqa: BLE001 - never fail a search on a derived index
                log.warning("vector index query failed (%s); rebuilding it from memory.db", exc)
                self.rebuild()
                return self._exact(vector, user_id, limit)

        return finish

    def cached_vectors(
        self, user_id: str, ids: Sequence[str]
    ) -> tuple[list[str], np.ndarray] | None:
        """Vectors of those ``ids`` held in memory for this user, in the order given.

        The reranker takes its candidates' vectors from here: the same float32
        values as in ``memory.db``, without a look-up. A user above
        :data:`langmem_local.dense.EXACT_SCAN_MAX` is searched in the index but
        their vectors are loaded here too, if they fit in the cache: reading
        60-180 vectors from ``memory.db`` cost 1.0 ms of a 7.9 ms search at
        100k memories. None when they do not fit: read ``memory.db`` then.
        """
        load = 0 if self._cache.cached(user_id) else self._db.user_count(user_id) * self._dims * 4
        return self._cache.vectors_of(user_id, ids, load_bytes=load)

    def _owned(self, hits: list[tuple[str, float]], user_id: str) -> list[tuple[str, float]]:
        """The hits that ``memory.db`` says ``user_id`` owns (the index's owner key is a hint).

        From the user's vectors in memory when they are held (kept in step with
        ``memory.db`` before the answer): the look-up cost 0.3 ms of a 4 ms
        search at 100k memories.
        """
        ids = [i for i, _ in hits]
        held = self._cache.owned(user_id, ids)
        if held is not None:
            return [(i, sim) for i, sim in hits if i in held]
        owners = self._db.owners(ids)
        return [(i, sim) for i, sim in hits if owners.get(i) == user_id]

    def _query(
        self, vector: list[float], user_id: str, limit: int, user_share: float
    ) -> list[tuple[str, float]]:
        key = owner_key(user_id)
        with self._lock:
            if self.provider != "chroma":
                found = self._store.search(
                    query="", vectors=vector, top_k=limit, filters={"owner": key}
                )
                return self._owned([(str(h.id), float(h.score)) for h in found], user_id)
            collection = self._store.collection
            # Chroma answers a filtered query by materialising every matching id
            # first: ~20x an unfiltered HNSW query when the user owns most of
            # the collection (66 ms vs 3.7 ms at 10k). Then over-fetch
            # unfiltered; ownership is checked in SQL anyway. Distances only:
            # asking for the owner metadata too doubled the query (10k: 2.35
            # vs 1.25 ms; 100k: 3.56 vs 1.76 ms), and SQL decides ownership.
            if user_share >= 0.3:
                # The only user: every hit is theirs (HNSW searches max(ef, n) deep
                # either way, so asking for fewer does not change the hits).
                n = limit if user_share >= 1.0 else int(limit / user_share * 1.5) + 10
                res = collection.query(
                    query_embeddings=[vector], n_results=n, include=["distances"]
                )
                hits = self._owned(_chroma_hits(res), user_id)
                if len(hits) >= limit or len(res["ids"][0]) < n:
                    return hits
            res = collection.query(
                query_embeddings=[vector],
                n_results=limit,
                where={"owner": key},
                include=["distances"],
            )
            return self._owned(_chroma_hits(res), user_id)

    def _exact(self, vector: list[float], user_id: str, limit: int) -> list[tuple[str, float]]:
        return self._cache.search(user_id, vector, limit)

    # ------------------------------------------------------------- lifecycle
    def reset(self) -> None:
        """Empty the index (every user). Only the owner has files to empty."""
        if self._store is not None:
            self.rebuild()

    def close(self) -> None:
        """Drain the outbox, mark a clean shutdown and release the index."""
        self._beside.close()  # a query in flight finishes first
        with self._lock:
            if self._store is None:
                return
            try:
                self.sync()
                self._db.set_manifest({CLEAN_KEY: "1"})
            finally:
                client = getattr(self._store, "client", None)
                if self.provider == "qdrant" and client is not None:
                    client.close()  # embedded Qdrant locks its folder until closed
                self._store = None
                if self._lock_fd is not None:
                    os.close(self._lock_fd)
                    self._lock_fd = None


def _chroma_hits(res: dict[str, Any]) -> list[tuple[str, float]]:
    return [
        (str(i), 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
    ]


def _try_flock(path: Path) -> int | None:
    """An exclusive, non-blocking lock on ``path``; the fd, or None when held elsewhere."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: one process per data dir
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd
