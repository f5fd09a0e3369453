"""Deterministic stand-ins for unit tests only.

``FakeMemory`` follows the :class:`langmem_local.memory.LocalMemory` contract
(same method names, arguments and result shapes) with word-overlap scoring,
so the integration layers can be unit-tested without models or disk. The
conformance and standard tests run against the real engine.
"""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
import zlib
from datetime import datetime, timezone
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _as_messages(messages: Any) -> list[dict[str, str]]:
    if isinstance(messages, str):
        return [{"role": "user", "content": messages}]
    if isinstance(messages, dict):
        return [messages]
    out = []
    for m in messages:
        if isinstance(m, BaseMessage):
            role = {"human": "user", "ai": "assistant"}.get(m.type, m.type)
            out.append({"role": role, "content": m.text})
        else:
            out.append(dict(m))
    return out


class FakeMemory:
    """In-memory LocalMemory look-alike.

    ``infer=True`` "extracts" each user message verbatim (one fact per user
    message); ``infer=False`` stores every message verbatim. Search scores are
    the share of query words found in the memory; zero-overlap memories are
    not returned. Every call to ``add`` is recorded in ``add_calls``.
    """

    def __init__(self, *, extract_delay: float = 0.0, fail_extraction: bool = False) -> None:
        self._rows: dict[str, dict[str, Any]] = {}
        self._history: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.add_calls: list[dict[str, Any]] = []
        self.search_calls: list[dict[str, Any]] = []
        self.extract_delay = extract_delay
        self.fail_extraction = fail_extraction

    # -- writes ---------------------------------------------------------------
    def add(
        self,
        messages: Any,
        *,
        user_id: str,
        metadata: dict[str, Any] | None = None,
        infer: bool = True,
    ) -> dict[str, Any]:
        if not user_id:
            msg = "user_id is required; pass add(..., user_id='alice')"
            raise ValueError(msg)
        msgs = _as_messages(messages)
        self.add_calls.append(
            {"messages": msgs, "user_id": user_id, "metadata": metadata, "infer": infer}
        )
        if infer and self.extract_delay:
            threading.Event().wait(self.extract_delay)
        if infer and self.fail_extraction:
            return {"results": [], "queued": [str(uuid.uuid4())]}
        texts = [m["content"] for m in msgs if not infer or m.get("role") == "user"]
        results = []
        for text in texts:
            if not text.strip():
                continue
            now = _now()
            row = {
                "id": str(uuid.uuid4()),
                "memory": text,
                "user_id": user_id,
                "metadata": dict(metadata or {}),
                "created_at": now,
                "updated_at": None,
            }
            with self._lock:
                self._rows[row["id"]] = row
                self._history[row["id"]] = [{"event": "ADD", "new_memory": text}]
            results.append({"id": row["id"], "memory": text, "event": "ADD"})
        return {"results": results, "queued": []}

    def update(self, memory_id: str, text: str) -> dict[str, Any]:
        with self._lock:
            row = self._rows[memory_id]
            old = row["memory"]
            row["memory"] = text
            row["updated_at"] = _now()
            self._history[memory_id].append(
                {"event": "UPDATE", "old_memory": old, "new_memory": text}
            )
        return {"message": "Memory updated successfully!"}

    def delete(self, memory_id: str) -> dict[str, Any]:
        with self._lock:
            self._rows.pop(memory_id)
            self._history[memory_id].append({"event": "DELETE"})
        return {"message": "Memory deleted successfully!"}

    def delete_all(self, *, user_id: str) -> dict[str, Any]:
        with self._lock:
            for mid in [k for k, r in self._rows.items() if r["user_id"] == user_id]:
                self._rows.pop(mid)
        return {"message": "Memories deleted successfully!"}

    def reset(self) -> None:
        with self._lock:
            self._rows.clear()
            self._history.clear()

    # -- reads ----------------------------------------------------------------
    def get(self, memory_id: str) -> dict[str, Any] | None:
        row = self._rows.get(memory_id)
        return dict(row) if row else None

    def _scope(self, user_id: str, filters: dict[str, Any] | None) -> list[dict[str, Any]]:
        with self._lock:
            rows = [r for r in self._rows.values() if r["user_id"] == user_id]
        return [
            dict(r)
            for r in rows
            if all(r["metadata"].get(k) == v for k, v in (filters or {}).items())
        ]

    def get_all(
        self, *, user_id: str, filters: dict[str, Any] | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        rows = self._scope(user_id, filters)
        return {"results": rows[:limit] if limit is not None else rows}

    def search(
        self,
        query: str,
        *,
        user_id: str,
        limit: int = 5,
        filters: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.search_calls.append({"query": query, "user_id": user_id, "limit": limit})
        q = _words(query)
        scored = []
        for row in self._scope(user_id, filters):
            overlap = len(q & _words(row["memory"])) / max(len(q), 1)
            if overlap > 0:
                row["score"] = overlap
                row["score_breakdown"] = {"relevance": overlap, "recency": 1.0, "importance": 0.5}
                scored.append(row)
        scored.sort(key=lambda r: (-r["score"], r["created_at"]))
        return {"results": scored[:limit], "relations": []}

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        return list(self._history.get(memory_id, []))

    def users(self) -> list[str]:
        with self._lock:
            return sorted({r["user_id"] for r in self._rows.values()})

    # -- async twins ----------------------------------------------------------
    async def aadd(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.add, *args, **kwargs)

    async def asearch(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.search, *args, **kwargs)

    async def aget(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.get, *args, **kwargs)

    async def aget_all(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.get_all, *args, **kwargs)

    async def aupdate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.update, *args, **kwargs)

    async def adelete(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.delete, *args, **kwargs)

    async def adelete_all(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.delete_all, *args, **kwargs)

    async def ahistory(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.history, *args, **kwargs)


class RecordingChatModel(BaseChatModel):
    """Chat model that records the messages of every call and answers ``reply``.

    Safe to call from several threads (the background extraction tests do).
    """

    reply: str = "Noted."
    calls: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "recording"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.calls.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])

    def bind_tools(self, tools: Any, **kwargs: Any) -> RecordingChatModel:
        return self

    def system_prompts(self) -> list[str]:
        """The system message text of every call, in order."""
        return [m.text for call in self.calls for m in call if m.type == "system"]


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-words hashed into ``dims`` dimensions (no model, microseconds).

    Equal texts give equal vectors and shared words raise the cosine, which is
    all the engine's write and search paths need in property tests.
    """

    model_id: str = "fake-hash-16d"
    dims: int = 16

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = []
        for text in texts:
            vec = [0.0] * self.dims
            for word in _WORD.findall(text.lower()):
                vec[zlib.crc32(word.encode()) % self.dims] += 1.0
            vec[0] += 0.1  # never the zero vector
            out.append(vec)
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
