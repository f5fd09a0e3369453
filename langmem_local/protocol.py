"""``MemoryAPI``: what the LangChain/LangGraph integrations need from a memory.

Both :class:`~langmem_local.LocalMemory` (in process) and
:class:`~langmem_local.RemoteMemory` (through ``langmem-local serve``) satisfy
it, so the retriever, the store, the middleware and the memory graph accept
either.

Example:
    .. code-block:: python

        from langmem_local import LocalMemory, RemoteMemory
        from langmem_local.protocol import MemoryAPI

        def remember(memory: MemoryAPI, text: str) -> None:
            memory.add(text, user_id="alice", infer=False)

        remember(LocalMemory(), "likes tea")
        remember(RemoteMemory("http://127.0.0.1:8765"), "likes tea")
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class MemoryAPI(Protocol):
    """The Mem0-style memory API, sync and async (arguments as ``LocalMemory``'s)."""

    def add(self, messages: Any, *, user_id: str, **kwargs: Any) -> dict[str, Any]:
        """Remember a conversation turn."""
        ...

    def search(self, query: str, *, user_id: str, **kwargs: Any) -> dict[str, Any]:
        """Find a user's memories relevant to ``query``."""
        ...

    def get(self, memory_id: str, *, user_id: str | None = None) -> dict[str, Any] | None:
        """One memory by id, or ``None``."""
        ...

    def get_all(self, *, user_id: str, **kwargs: Any) -> dict[str, Any]:
        """Every live memory of a user."""
        ...

    def update(self, memory_id: str, text: str, *, user_id: str | None = None) -> dict[str, Any]:
        """Replace a memory's text."""
        ...

    def delete(self, memory_id: str, *, user_id: str | None = None) -> dict[str, Any]:
        """Erase a memory."""
        ...

    def delete_all(self, *, user_id: str) -> dict[str, Any]:
        """Erase every memory of a user."""
        ...

    def history(self, memory_id: str, *, user_id: str | None = None) -> list[dict[str, Any]]:
        """Change history of a memory."""
        ...

    def users(self) -> list[str]:
        """User ids that have memories."""
        ...

    async def aadd(self, messages: Any, *, user_id: str, **kwargs: Any) -> dict[str, Any]:
        """Async :meth:`add`."""
        ...

    async def asearch(self, query: str, *, user_id: str, **kwargs: Any) -> dict[str, Any]:
        """Async :meth:`search`."""
        ...

    def close(self) -> None:
        """Release connections and file handles."""
        ...
