"""Repair of the derived vector index: reconcile it with ``memory.db``, or rebuild it.

Mixed into :class:`langmem_local.vector_index.VectorIndex` (whose store, lock,
``sync`` and ``_write`` it uses). After an unclean shutdown the index's ids and
vectors are compared with the source of truth and the differences written
back; an index that cannot be read is dropped and written again from
``memory.db`` (also ``doctor --repair``).
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("langmem_local.vector_index")  # the name users configure


class IndexRepair:
    """Reconcile and rebuild methods of :class:`~langmem_local.vector_index.VectorIndex`."""

    _store: Any
    _lock: Any
    _db: Any
    _config: Any
    provider: str
    path: Path

    def reconcile(self, *, full: bool = True) -> dict[str, int]:
        """Drain the outbox and, when ``full``, repair ids that disagree with ``memory.db``.

        Returns:
            ``{"synced", "removed", "restored"}`` counts.
        """
        report = {"synced": self.sync(), "removed": 0, "restored": 0}
        if not full or self._store is None:
            return report
        with self._lock:
            try:
                indexed = self.indexed_ids()
                live = self._db.memory_ids()
                stray = sorted(indexed - live)
                # A kill inside the vector store can leave an id it lists but
                # cannot serve, or an old vector: check every vector it holds.
                missing = sorted((live - indexed) | self._stale(sorted(live & indexed)))
                for start in range(0, len(stray) + len(missing), 2000):
                    self._write((stray + missing)[start : start + 2000])
            except Exception as exc:  # noqa: BLE001 - the index is derived: rebuild it
                log.warning("vector index unreadable (%s); rebuilding it from memory.db", exc)
                return {**report, **self.rebuild()}
        report["removed"], report["restored"] = len(stray), len(missing)
        if stray or missing:
            log.warning("vector index reconciled: %s", report)
        return report

    def _stale(self, ids: list[str]) -> set[str]:
        """Ids whose indexed vector differs from the source of truth's."""
        stale: set[str] = set()
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            truth = self._db.vectors(chunk)
            for memory_id, vector in self._indexed_vectors(chunk).items():
                want = truth.get(memory_id)
                if want is None or not np.allclose(vector, want[1], atol=1e-5):
                    stale.add(memory_id)
        return stale

    def _indexed_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        if self.provider == "chroma":
            got = self._store.collection.get(ids=ids, include=["embeddings"])
            return {
                str(i): np.asarray(v, np.float32)
                for i, v in zip(got["ids"], got["embeddings"], strict=True)
            }
        points = self._store.client.retrieve(
            self._config.collection_name, ids=ids, with_vectors=True
        )
        return {str(p.id): np.asarray(p.vector, np.float32) for p in points}

    def indexed_ids(self) -> set[str]:
        """Ids the index holds (owner only; empty in a process that does not own it)."""
        if self._store is None:
            return set()
        if self.provider == "chroma":
            return {str(i) for i in self._store.collection.get(include=[])["ids"]}
        rows = self._store.list(top_k=10_000_000)
        rows = rows[0] if rows and isinstance(rows[0], list) else rows
        return {str(r.id) for r in rows}

    def rebuild(self) -> dict[str, int]:
        """Drop the index and write it again from ``memory.db`` (``doctor --repair``)."""
        if not self.try_own():
            msg = (
                "another process holds the vector index of this data directory; stop it "
                "(or run the repair from that process) and try again"
            )
            raise RuntimeError(msg)
        with self._lock:
            if self.provider == "chroma":
                # Not Mem0's reset: it recreates the collection with the L2
                # default, and it is the broken collection we must drop.
                client = self._store.client
                name = self._config.collection_name
                if name in {c.name for c in client.list_collections()}:
                    client.delete_collection(name)
                _vacuum_chroma(self.path)
                self._store.collection = client.get_or_create_collection(
                    name, metadata={"hnsw:space": "cosine"}
                )
            else:
                self._store.reset()
            live = sorted(self._db.memory_ids())
            for start in range(0, len(live), 2000):
                self._write(live[start : start + 2000])
        return {"restored": len(live)}


_SEGMENT_DIR = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _vacuum_chroma(path: Path) -> None:
    """Rebuild Chroma's SQLite file so a dropped collection leaves no freed pages.

    Matters when dropping an index of layout 1, whose payloads held memory
    text: ``delete_collection`` removes its rows (write-ahead queue included)
    but Chroma deletes without ``secure_delete``. Runs only on rebuilds, never
    on the write path, so erasure cost does not grow with the store.
    """
    import sqlite3

    db = path / "chroma.sqlite3"
    if not db.exists():
        return
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        live = {row[0] for row in conn.execute("SELECT id FROM segments")}
    except sqlite3.OperationalError as exc:  # Chroma busy: the rows are gone all the same
        log.warning("could not compact %s after dropping the index: %s", db, exc)
        return
    finally:
        conn.close()
    # A dropped collection's segment folder (HNSW files) is removed by Chroma in the
    # background, if at all: seen still on disk right after the rebuild under load.
    for folder in path.iterdir():
        if folder.is_dir() and _SEGMENT_DIR.fullmatch(folder.name) and folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)
