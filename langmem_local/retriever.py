"""LangChain retriever over a user's long-term memories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

if TYPE_CHECKING:
    from langmem_local.protocol import MemoryAPI
else:
    # Resolved lazily so importing the retriever does not import Mem0, and so
    # any object with LocalMemory's ``search``/``asearch`` works (no validation).
    MemoryAPI = Any


def memory_to_document(hit: dict[str, Any]) -> Document:
    """Turn one engine search hit into a ``Document``.

    ``page_content`` is the memory text; metadata carries the id, the score and
    its breakdown, user id and timestamps, followed by the metadata given at
    ``add`` time (engine keys win on a clash so the id is always the memory's).

    Args:
        hit: One entry of ``LocalMemory.search(...)["results"]``.

    Returns:
        The document.

    """
    metadata: dict[str, Any] = dict(hit.get("metadata") or {})
    metadata.update(
        {
            "id": hit.get("id"),
            "score": hit.get("score"),
            "score_breakdown": hit.get("score_breakdown") or {},
            "user_id": hit.get("user_id"),
            "created_at": hit.get("created_at"),
            "updated_at": hit.get("updated_at"),
        }
    )
    return Document(page_content=hit.get("memory") or "", metadata=metadata, id=hit.get("id"))


class Mem0Retriever(BaseRetriever):
    """Retrieve a user's most relevant memories as LangChain ``Document`` objects.

    Each document's ``page_content`` is the memory text; ``metadata`` holds
    ``id``, ``score``, ``score_breakdown`` (relevance, recency, importance),
    ``user_id``, ``created_at``, ``updated_at`` and the metadata given at add time.
    ``k``, ``user_id`` and ``filters`` can be set on the retriever and
    overridden per call.

    Example:
        .. code-block:: python

            from langmem_local import LocalMemory
            from langmem_local.retriever import Mem0Retriever

            memory = LocalMemory()
            memory.add("I'm vegetarian and allergic to peanuts", user_id="alice")

            retriever = Mem0Retriever(memory=memory, user_id="alice", k=3)
            docs = retriever.invoke("what should I cook tonight?")
            docs = retriever.invoke("dinner ideas", k=1, user_id="bob")  # per-call overrides

    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    memory: MemoryAPI
    """The memory to search: a :class:`~langmem_local.LocalMemory` or a
    :class:`~langmem_local.RemoteMemory`."""
    user_id: str | None = None
    """Whose memories to search; may instead be passed per call as ``user_id=``."""
    k: int = 4
    """How many memories to return; may be overridden per call as ``k=``."""
    filters: dict[str, Any] | None = None
    """Metadata equality conditions, e.g. ``{"category": "food"}``; per-call
    ``filters=`` are merged over these."""

    def _search_kwargs(
        self, k: int | None, user_id: str | None, filters: dict[str, Any] | None
    ) -> dict[str, Any]:
        uid = user_id or self.user_id
        if not uid:
            msg = (
                "Mem0Retriever has no user_id: memories are stored per user. Pass "
                "Mem0Retriever(memory=..., user_id='alice') or retriever.invoke(query, "
                "user_id='alice')."
            )
            raise ValueError(msg)
        limit = self.k if k is None else k
        if limit < 0:
            msg = f"k must be >= 0, got {limit}; pass k=4 (or any non-negative count)."
            raise ValueError(msg)
        merged = {**(self.filters or {}), **(filters or {})} or None
        return {"user_id": uid, "limit": limit, "filters": merged}

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        user_id: str | None = None,
        filters: dict[str, Any] | None = None,
    ) -> list[Document]:
        kwargs = self._search_kwargs(k, user_id, filters)
        if kwargs["limit"] == 0:
            return []
        hits = self.memory.search(query, **kwargs)["results"]
        return [memory_to_document(h) for h in hits[: kwargs["limit"]]]

    async def _aget_relevant_documents(
        self,
        query: str,
        *,
        run_manager: AsyncCallbackManagerForRetrieverRun,
        k: int | None = None,
        user_id: str | None = None,
        filters: dict[str, Any] | None = None,
    ) -> list[Document]:
        kwargs = self._search_kwargs(k, user_id, filters)
        if kwargs["limit"] == 0:
            return []
        hits = (await self.memory.asearch(query, **kwargs))["results"]
        return [memory_to_document(h) for h in hits[: kwargs["limit"]]]
