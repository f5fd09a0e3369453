"""One call on a helper thread while the caller does other work, then its result.

A search of a user above :data:`langmem_local.dense.EXACT_SCAN_MAX` asks the
vector index (Chroma: 1.9 ms of a 4.4 ms search at 100k memories, in Rust,
without the GIL) and then runs the keyword leg (0.2-0.8 ms of Python). Run
beside each other, the search waits for the longer of the two instead of
their sum.

:class:`Beside` keeps one helper thread per owner, started on first use and
again after a fork (a child process inherits no threads). It takes one call at
a time: while it is busy (another thread's search), a call runs on the
caller's thread at once, so no search waits behind another's.

Example:
    .. code-block:: python

        beside = Beside("langmem-index-query")
        pending = beside.run(lambda: index_query(vector))
        keyword = keyword_leg(query)          # meanwhile, on this thread
        dense = pending()                     # the query's result, or its exception
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["Beside", "ran"]

T = TypeVar("T")


class Beside:
    """A helper thread for one call at a time (see the module docstring).

    Args:
        name: The helper thread's name prefix (shown by ``py-spy`` and friends).
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._pid = -1
        self._executor: ThreadPoolExecutor | None = None
        self._free = threading.Lock()
        self._closed = False

    def run(self, fn: Callable[[], T]) -> Callable[[], T]:
        """Start ``fn`` on the helper thread; the function returned waits for it.

        Calling the returned function gives ``fn``'s result or raises its
        exception. When the helper is busy or closed, ``fn`` runs now, on this
        thread, and the returned function hands over what it gave.
        """
        if self._pid != os.getpid():  # first use, or a forked child: no helper here yet
            self._pid, self._executor, self._free = os.getpid(), None, threading.Lock()
        if self._closed or not self._free.acquire(blocking=False):
            return ran(fn)
        try:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
            future = self._executor.submit(self._call, fn)
        except RuntimeError:  # shut down meanwhile (close() on another thread)
            self._free.release()
            return ran(fn)
        except BaseException:
            self._free.release()
            raise
        return future.result

    def _call(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        finally:
            self._free.release()

    def close(self) -> None:
        """Wait for a call in progress and stop the helper thread (later calls run inline)."""
        self._closed = True
        executor, self._executor = self._executor, None
        if executor is not None and self._pid == os.getpid():
            executor.shutdown(wait=True)


def ran(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn`` called now, on this thread; its result (or exception) handed over later."""
    try:
        value = fn()
    except Exception as exc:  # noqa: BLE001 - re-raised by the returned function
        error = exc  # ``exc`` itself is unbound when the except block ends

        def fail() -> T:
            raise error

        return fail
    return lambda: value
