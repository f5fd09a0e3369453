"""Retrieval statistics collected off the search path and written in batches.

Every hit a search returns counts as a use of the memory: its access count goes
up and its last-access time moves, so memories that keep being used fade more
slowly (see :mod:`langmem_local.maintenance`). Importance rises too only when
``ranking.retrieval_importance_step`` is above its default 0: a retrieval is not
a confirmation, and the bump made popular memories outrank others on every
later query (LoCoMo recall@10 0.800 -> 0.794 at a step of 0.02).
Writing that inside ``search`` made every read a write: one SQLite transaction
per query (3 ms at 100k memories), contending with writers for the file lock.

:class:`AccessLog` only records ids in memory during a search. A background
thread applies what accumulated in one transaction every ``interval_s`` seconds,
or sooner once ``flush_every`` hits are waiting; :meth:`AccessLog.close` (called
by ``LocalMemory.close``) applies the rest.

The flush waits for a pause between searches (``quiet_s`` without one), for at
most ``max_wait_s``. A flush of 1,000 bumps takes 20-200 ms (a transaction on a
second connection, then its commit), and the searches running beside it shared
the two CPUs with it: at 100k memories of one user search p95 went from 4.8 to
6.6 ms and p99 from 5.6 to 21 ms, the vector index query and the SQL look-ups
in them slowed (``benchmarks/scale.py`` store, 300 searches back to back). A
crash loses at most the statistics of the last ``interval_s + max_wait_s``
seconds, never a memory.

Example:
    .. code-block:: python

        log = AccessLog(store, step=0.02)
        log.record(["m1", "m2"])   # no I/O
        log.flush()                # 2 memories updated, in one transaction
        log.close()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from langmem_local.stores.sqlite import iso, utcnow

__all__ = ["AccessLog"]


class AccessLog:
    """Pending retrieval bumps of one engine, applied in batches.

    Args:
        store: The engine's :class:`langmem_local.stores.sqlite.MetadataStore`.
        step: Importance added per retrieval (capped at 1.0); 0 counts access only.
        interval_s: How often the background flush runs.
        flush_every: Pending hits that wake the background flush early.
        quiet_s: The flush waits until no search has recorded hits for this long...
        max_wait_s: ...but no longer than this, nor once ``10 * flush_every`` hits wait.
    """

    def __init__(
        self,
        store: Any,
        *,
        step: float,
        interval_s: float = 2.0,
        flush_every: int = 1000,
        quiet_s: float = 0.05,
        max_wait_s: float = 10.0,
    ) -> None:
        if interval_s <= 0 or flush_every < 1:
            msg = (
                f"interval_s must be > 0 and flush_every >= 1, got {interval_s!r} and "
                f"{flush_every!r}; the defaults are 2.0 and 1000"
            )
            raise ValueError(msg)
        if quiet_s < 0 or max_wait_s < 0:
            msg = (
                f"quiet_s and max_wait_s must be >= 0, got {quiet_s!r} and {max_wait_s!r}; "
                "the defaults are 0.05 and 10.0 (0 flushes without waiting for a pause)"
            )
            raise ValueError(msg)
        self._quiet_s = float(quiet_s)
        self._max_wait_s = float(max_wait_s)
        self._last_record = 0.0
        self._store = store
        self._step = float(step)
        self._interval_s = float(interval_s)
        self._flush_every = int(flush_every)
        self._lock = threading.Lock()
        self._pending: dict[str, int] = {}
        self._last_seen: str | None = None
        self._hits = 0
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None

    def record(self, ids: Sequence[str]) -> None:
        """Count one retrieval of each id; returns at once (no I/O)."""
        if not ids:
            return
        with self._lock:
            if self._closed:
                return
            for i in ids:
                self._pending[i] = self._pending.get(i, 0) + 1
            self._hits += len(ids)
            self._last_seen = iso(utcnow())
            self._last_record = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="langmem-access-flush", daemon=True
                )
                self._thread.start()
            if self._hits >= self._flush_every:
                self._wake.set()

    def pending(self) -> int:
        """Memories with a bump not yet written."""
        with self._lock:
            return len(self._pending)

    def flush(self) -> int:
        """Write every pending bump in one transaction.

        Returns:
            How many memories were bumped (ids erased meanwhile are skipped).
        """
        with self._lock:
            pending, when = self._pending, self._last_seen
            self._pending, self._hits = {}, 0
        if not pending:
            return 0
        try:
            # One batch, one transaction, through the store (either profile).
            updated = self._store.touch(pending, importance_step=self._step, when=when)
        except Exception:
            # Rolled back: keep the bumps for the next flush rather than lose them.
            with self._lock:
                for memory_id, n in pending.items():
                    self._pending[memory_id] = self._pending.get(memory_id, 0) + n
                self._last_seen = self._last_seen or when
            raise
        return updated

    def _run(self) -> None:
        while True:
            self._wake.wait(self._interval_s)
            self._wake.clear()
            if self._wait_for_a_pause():
                return
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - statistics; the next flush retries
                continue

    def _wait_for_a_pause(self) -> bool:
        """Sleep until searches pause (see the module docstring); True once closed."""
        deadline = time.monotonic() + self._max_wait_s
        while True:
            with self._lock:
                if self._closed:
                    return True
                idle = time.monotonic() - self._last_record
                crowded = self._hits >= 10 * self._flush_every
            left = deadline - time.monotonic()
            if idle >= self._quiet_s or crowded or left <= 0:
                return False
            self._wake.wait(min(self._quiet_s - idle, left))
            self._wake.clear()

    def close(self) -> None:
        """Stop the background thread and write what is pending."""
        with self._lock:
            self._closed = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout=5.0)
        self.flush()
