"""``ScopedMemory``: what the MCP and HTTP servers may do with one engine.

Both servers reach the engine only through this module, so the rules live in
one place:

- **a fixed user scope**: a server started for ``alice`` resolves a missing
  ``user_id`` to ``alice``, refuses any other ``user_id`` with
  :class:`~langmem_local.errors.ScopeError`, and answers a memory id of another
  user exactly like an unknown id (``MemoryNotFoundError``, same message), so
  not even the existence of someone else's memory leaks;
- **blocking engine calls run in worker threads** (the engine's write lock
  serialises writes; reads run side by side), so one slow extraction never
  stalls the event loop that serves everyone else;
- **graceful close**: :meth:`ScopedMemory.close` refuses new work, waits for
  the calls in flight to finish, then closes the engine, so a write that was
  started is finished and durable before the process exits.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from langmem_local.errors import MemoryNotFoundError, ScopeError, ServerClosingError

T = TypeVar("T")


def not_found_message(memory_id: str) -> str:
    """The one message for an unknown id and for another user's id (no existence leak)."""
    return (
        f"no memory with id {memory_id!r}; list ids with get_all(user_id=...) "
        "or `langmem-local memories list --user U`"
    )


def error_message(exc: BaseException) -> str:
    """An error's message as one line (``KeyError`` would quote it)."""
    if isinstance(exc, KeyError) and not isinstance(exc, MemoryNotFoundError) and exc.args:
        return str(exc.args[0])
    return " ".join(str(exc).split())


def _given(**options: Any) -> dict[str, Any]:
    """Only the options a caller set: engines that predate one still work."""
    return {k: v for k, v in options.items() if v is not None}


class ScopedMemory:
    """Async, user-scoped access to one ``LocalMemory`` shared by a server process.

    Args:
        memory: The engine (one per process; it owns the data directory).
        user_id: The fixed user scope, or ``None`` to serve every user (then each
            call must name its ``user_id``).

    Example:
        .. code-block:: python

            scoped = ScopedMemory(LocalMemory(data_dir="./mem"), user_id="alice")
            await scoped.add("I like tea", infer=False)        # stored for alice
            await scoped.search("drinks", user_id="bob")       # ScopeError
    """

    def __init__(self, memory: Any, *, user_id: str | None = None) -> None:
        if user_id is not None and (not isinstance(user_id, str) or not user_id.strip()):
            msg = f"the server's user must be a non-empty string, not {user_id!r}; use --user bob"
            raise ValueError(msg)
        self.memory = memory
        self.user_id = user_id.strip() if user_id else None
        self._cond = threading.Condition()
        self._in_flight = 0
        self._closing = False
        self._closed = False

    # ------------------------------------------------------------ scope rules
    def resolve_user(self, user_id: str | None) -> str:
        """The user a call acts on: the fixed scope, or the caller's ``user_id``."""
        if user_id is not None and not isinstance(user_id, str):
            msg = f"user_id must be a string, got {type(user_id).__name__}; pass user_id='alice'"
            raise TypeError(msg)
        given = user_id.strip() if user_id else None
        if self.user_id is None:
            if not given:
                msg = "user_id is required: this server serves every user; pass user_id='alice'"
                raise ValueError(msg)
            return given
        if given is not None and given != self.user_id:
            msg = (
                f"user_id {given!r} is outside this server's scope: it serves only "
                f"{self.user_id!r}. Leave user_id out, or start a server for that user "
                "(`langmem-local mcp --user NAME`)."
            )
            raise ScopeError(msg)
        return self.user_id

    def _owned(self, memory_id: Any, user_id: str | None = None) -> dict[str, Any]:
        """The memory if it exists, lies in scope and (when given) is ``user_id``'s."""
        if not isinstance(memory_id, str) or not memory_id.strip():
            msg = f"memory_id must be a non-empty string, got {memory_id!r}; pass an id from search"
            raise ValueError(msg)
        row = self.memory.get(memory_id)
        owner = row.get("user_id") if row else None
        if (
            row is None
            or (self.user_id is not None and owner != self.user_id)
            or (user_id is not None and owner != user_id)
        ):
            raise MemoryNotFoundError(not_found_message(memory_id))
        return row

    # -------------------------------------------------- threads and draining
    def _tracked(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        # Counted inside the worker thread: a caller that gives up (client
        # disconnect) cannot make close() think the write has finished.
        with self._cond:
            if self._closing:
                msg = "the server is shutting down; retry against the restarted server"
                raise ServerClosingError(msg)
            self._in_flight += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(self._tracked, fn, *args, **kwargs)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has finished (the engine is closed)."""
        return self._closed

    @property
    def in_flight(self) -> int:
        """Engine calls running now."""
        return self._in_flight

    def close(self, timeout: float = 60.0) -> None:
        """Refuse new calls, wait (up to ``timeout`` s) for running ones, close the engine."""
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._closed:
                return
            self._closing = True
            while self._in_flight and time.monotonic() < deadline:
                self._cond.wait(timeout=max(0.0, deadline - time.monotonic()))
            self._closed = True
        self.memory.close()

    # -------------------------------------------------------------- the API
    async def add(
        self,
        messages: Any,
        *,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        infer: bool = True,
        timestamp: str | None = None,
        run_id: str | None = None,
        ttl: float | None = None,
    ) -> dict[str, Any]:
        """Remember messages for the (scoped) user; see ``LocalMemory.add``."""
        user = self.resolve_user(user_id)
        extra = _given(timestamp=timestamp, run_id=run_id, ttl=ttl)
        return await self._run(
            self.memory.add, messages, user_id=user, metadata=metadata, infer=infer, **extra
        )

    async def search(
        self,
        query: str,
        *,
        user_id: str | None = None,
        limit: int = 5,
        filters: dict[str, Any] | None = None,
        as_of: str | None = None,
        threshold: float | None = None,
    ) -> dict[str, Any]:
        """Rank the (scoped) user's memories for ``query``; see ``LocalMemory.search``."""
        user = self.resolve_user(user_id)
        extra = _given(as_of=as_of, threshold=threshold)
        return await self._run(
            self.memory.search, query, user_id=user, limit=limit, filters=filters, **extra
        )

    async def get(self, memory_id: str, user_id: str | None = None) -> dict[str, Any] | None:
        """One memory, or ``None`` when unknown or out of scope."""
        try:
            return await self._run(self._owned, memory_id, user_id)
        except MemoryNotFoundError:
            return None

    async def get_all(
        self,
        *,
        user_id: str | None = None,
        filters: dict[str, Any] | None = None,
        limit: int | None = None,
        include_expired: bool = False,
    ) -> dict[str, Any]:
        """Every live memory of the (scoped) user."""
        user = self.resolve_user(user_id)
        extra = _given(include_expired=include_expired or None)
        return await self._run(
            self.memory.get_all, user_id=user, filters=filters, limit=limit, **extra
        )

    async def update(self, memory_id: str, text: str, user_id: str | None = None) -> dict[str, Any]:
        """Replace the text of a memory in scope."""

        def run() -> dict[str, Any]:
            self._owned(memory_id, user_id)
            return self.memory.update(memory_id, text)

        return await self._run(run)

    async def delete(self, memory_id: str, user_id: str | None = None) -> dict[str, Any]:
        """Erase a memory in scope from every store."""

        def run() -> dict[str, Any]:
            self._owned(memory_id, user_id)
            return self.memory.delete(memory_id)

        return await self._run(run)

    async def delete_all(self, *, user_id: str | None = None) -> dict[str, Any]:
        """Erase every memory of the (scoped) user."""
        user = self.resolve_user(user_id)
        return await self._run(self.memory.delete_all, user_id=user)

    async def history(self, memory_id: str, user_id: str | None = None) -> list[dict[str, Any]]:
        """Change history (ADD / UPDATE / DELETE) of a memory in scope."""
        return await self._run(self._by_owned_id, "history", memory_id, user_id)

    async def versions(self, memory_id: str, user_id: str | None = None) -> list[dict[str, Any]]:
        """Every version (valid-from / valid-to) of a memory in scope."""
        return await self._run(self._by_owned_id, "versions", memory_id, user_id)

    def _by_owned_id(self, method: str, memory_id: str, user_id: str | None = None) -> Any:
        # A scoped server (or a caller naming its user) must check ownership;
        # an unscoped one answers as the engine does (history of an unknown id
        # is empty there).
        if self.user_id is not None or user_id is not None:
            self._owned(memory_id, user_id)
        elif not isinstance(memory_id, str) or not memory_id.strip():
            msg = f"memory_id must be a non-empty string, got {memory_id!r}; pass an id from search"
            raise ValueError(msg)
        return getattr(self.memory, method)(memory_id)

    async def users(self) -> list[str]:
        """Users with memories (only the scope's own user on a scoped server)."""
        users = await self._run(self.memory.users)
        return [u for u in users if self.user_id is None or u == self.user_id]

    async def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict]:
        """Audit entries (never memory text); a scoped server shows only its user's."""
        user = self.resolve_user(user_id) if (self.user_id or user_id) else None
        return await self._run(self.memory.audit_log, user_id=user, limit=limit)

    async def pending(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns waiting for extraction after a model failure."""
        user = self.resolve_user(user_id) if (self.user_id or user_id) else None
        return await self._run(self.memory.pending, user)

    async def retry_pending(self, user_id: str | None = None) -> dict[str, Any]:
        """Run extraction again for the waiting turns."""
        user = self.resolve_user(user_id) if (self.user_id or user_id) else None
        return await self._run(self.memory.retry_pending, user)

    async def search_graph(
        self, query: str, *, user_id: str | None = None, limit: int = 20
    ) -> dict[str, Any]:
        """Entities and relations around what ``query`` mentions."""
        user = self.resolve_user(user_id)
        if not isinstance(query, str) or not query.strip():
            msg = "query must be a non-empty string, e.g. query='Rex'"
            raise ValueError(msg)
        if not isinstance(limit, int) or limit < 1:
            msg = f"limit must be a positive integer, got {limit!r}"
            raise ValueError(msg)
        relations = await self._run(self.memory.graph.search, user, query, limit=limit)
        return {"relations": relations}
