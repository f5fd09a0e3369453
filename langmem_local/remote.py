"""``RemoteMemory``: the ``LocalMemory`` API, answered by ``langmem-local serve``.

Several processes (workers, a LangGraph server, scripts) share one embedded
data dir by talking to the one ``serve`` process that owns it. Arguments and
results are those of :class:`~langmem_local.LocalMemory`; the server's errors
come back as the same exception classes with the server's message
(``MemoryNotFoundError``, ``ValueError``, ``ScopeError``, ...).

Each operation is written once, as the HTTP request it makes; the sync method
and its async twin (``aadd``, ``asearch``, ...) both send that request.

Example:
    .. code-block:: python

        from langmem_local import RemoteMemory

        with RemoteMemory("http://127.0.0.1:8765", token="s3cret") as memory:
            memory.add("I'm vegetarian", user_id="alice", infer=False)
            memory.search("what does alice eat?", user_id="alice")["results"]
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from langmem_local import errors

#: Error classes the server names in ``{"error": {"type": ...}}``.
_ERRORS: dict[str, type[Exception]] = {
    "MemoryNotFoundError": errors.MemoryNotFoundError,
    "ScopeError": errors.ScopeError,
    "AuthenticationError": errors.AuthenticationError,
    "ServerClosingError": errors.ServerClosingError,
    "BackendUnavailableError": errors.BackendUnavailableError,
    "BackendTimeoutError": errors.BackendTimeoutError,
    "ModelNotFoundError": errors.ModelNotFoundError,
    "ExtractionError": errors.ExtractionError,
    "EmbedderMismatchError": errors.EmbedderMismatchError,
    "ConfigError": errors.ConfigError,
    "ValidationError": ValueError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "KeyError": ValueError,
    "LangmemError": errors.LangmemError,
}


@dataclass(frozen=True)
class _Request:
    """One API call: what to send, and how to read the answer."""

    method: str
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    pick: str | None = None
    """Return only this key of the JSON answer."""
    none_on_404: bool = False
    """``get`` answers ``None`` for an unknown id, like ``LocalMemory.get``."""


def _jsonable(value: Any) -> Any:
    """Messages, dates and durations as JSON (LangChain messages become dicts)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if hasattr(value, "content") and hasattr(value, "type"):  # LangChain BaseMessage
        out = {"role": value.type, "content": value.content}
        return {**out, "name": value.name} if getattr(value, "name", None) else out
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _drop_none(**fields: Any) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in fields.items() if v is not None}


def _sync(build: Callable[..., _Request]) -> Callable[..., Any]:
    @functools.wraps(build)
    def call(self: RemoteMemory, *args: Any, **kwargs: Any) -> Any:
        return self._send(build(self, *args, **kwargs))

    call.__name__ = build.__name__.lstrip("_")
    return call


def _async(build: Callable[..., _Request]) -> Callable[..., Any]:
    @functools.wraps(build)
    async def call(self: RemoteMemory, *args: Any, **kwargs: Any) -> Any:
        return await self._asend(build(self, *args, **kwargs))

    call.__name__ = "a" + build.__name__.lstrip("_")
    call.__doc__ = f"Async twin of :meth:`{build.__name__.lstrip('_')}` (same arguments)."
    return call


class RemoteMemory:
    """Client of ``langmem-local serve`` with the API of ``LocalMemory``.

    Args:
        url: The server, e.g. ``"http://127.0.0.1:8765"``.
        token: The server's API token (``--token`` / ``LANGMEM_TOKEN``), if set.
        timeout: Seconds to wait for an answer; an ``add`` with ``infer=True``
            runs the LLM, so keep this generous.

    Example:
        .. code-block:: python

            from langmem_local import Mem0Retriever, Mem0Store, RemoteMemory

            memory = RemoteMemory("http://127.0.0.1:8765", token="s3cret")
            retriever = Mem0Retriever(memory=memory, user_id="alice", k=3)
            store = Mem0Store(memory)   # a LangGraph store on the shared data dir
    """

    def __init__(self, url: str, token: str | None = None, timeout: float = 120.0) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            msg = f"url must be an http(s) URL of `langmem-local serve`, got {url!r}"
            raise errors.ConfigError(msg)
        self.url = url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout = timeout
        self._client = httpx.Client(base_url=self.url, headers=self._headers, timeout=timeout)
        self._aclients: dict[int, httpx.AsyncClient] = {}

    # ------------------------------------------------------------ transport
    def _send(self, req: _Request) -> Any:
        try:
            response = self._client.request(req.method, req.path, json=req.json, params=req.params)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from None
        return self._read(req, response)

    async def _asend(self, req: _Request) -> Any:
        # An AsyncClient's pool belongs to one event loop; keep one per loop.
        loop = id(asyncio.get_running_loop())
        client = self._aclients.get(loop)
        if client is None:
            client = httpx.AsyncClient(
                base_url=self.url, headers=self._headers, timeout=self._timeout
            )
            self._aclients[loop] = client
        try:
            response = await client.request(req.method, req.path, json=req.json, params=req.params)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from None
        return self._read(req, response)

    def _transport_error(self, exc: httpx.HTTPError) -> Exception:
        if isinstance(exc, httpx.TimeoutException):
            msg = (
                f"langmem-local serve at {self.url} did not answer within {self._timeout}s; "
                "raise RemoteMemory(timeout=...) or check the server's load"
            )
            return errors.BackendTimeoutError(msg)
        msg = (
            f"Cannot reach langmem-local serve at {self.url}: {exc or type(exc).__name__}. "
            "Start it with `langmem-local serve`, or fix the URL."
        )
        return errors.BackendUnavailableError(msg)

    def _read(self, req: _Request, response: httpx.Response) -> Any:
        if response.status_code == 404 and req.none_on_404:
            return None
        if response.status_code >= 400:
            raise self._server_error(response)
        body = response.json()
        return body[req.pick] if req.pick else body

    def _server_error(self, response: httpx.Response) -> Exception:
        try:
            error = response.json()["error"]
            kind, message = str(error["type"]), str(error["message"])
        except (ValueError, KeyError, TypeError):
            kind, message = "", response.text[:200]
        cls = _ERRORS.get(kind)
        if cls is None:
            msg = (
                f"{self.url} answered {response.status_code}: {message} "
                "(is it a langmem-local serve of the same version?)"
            )
            return errors.LangmemError(msg)
        return cls(message)

    def close(self) -> None:
        """Close the connections (the data stays on the server)."""
        self._client.close()
        for client in self._aclients.values():
            try:
                asyncio.get_running_loop().create_task(client.aclose())
            except RuntimeError:  # no loop running: its transport dies with its loop
                pass
        self._aclients.clear()

    async def aclose(self) -> None:
        """Async :meth:`close`."""
        self._client.close()
        clients, self._aclients = list(self._aclients.values()), {}
        for client in clients:
            await client.aclose()

    def __enter__(self) -> RemoteMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> RemoteMemory:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"RemoteMemory({self.url!r})"

    # ------------------------------------------------------------ operations
    def _add(
        self,
        messages: Any,
        *,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        infer: bool = True,
        timestamp: datetime | date | str | None = None,
        run_id: str | None = None,
        ttl: timedelta | float | None = None,
    ) -> Any:
        """Remember a conversation turn; see ``LocalMemory.add``."""
        body = _drop_none(
            messages=messages,
            user_id=user_id,
            metadata=metadata,
            timestamp=timestamp,
            run_id=run_id,
            ttl=ttl,
        )
        return _Request("POST", "/v1/memories", json={**body, "infer": infer})

    def _search(
        self,
        query: str,
        *,
        user_id: str | None = None,
        limit: int = 5,
        filters: dict[str, Any] | None = None,
        as_of: datetime | date | str | None = None,
        threshold: float | None = None,
    ) -> Any:
        """Find a user's memories relevant to ``query``; see ``LocalMemory.search``."""
        body = _drop_none(
            query=query,
            user_id=user_id,
            limit=limit,
            filters=filters,
            as_of=as_of,
            threshold=threshold,
        )
        return _Request("POST", "/v1/memories/search", json=body)

    def _get(self, memory_id: str, *, user_id: str | None = None) -> Any:
        """One memory by id, or ``None`` (also when ``user_id`` is given and not its owner)."""
        return _Request(
            "GET",
            f"/v1/memories/{_segment(memory_id)}",
            params=_drop_none(user_id=user_id),
            none_on_404=True,
        )

    def _get_all(
        self,
        *,
        user_id: str | None = None,
        filters: dict[str, Any] | None = None,
        limit: int | None = None,
        include_expired: bool = False,
    ) -> Any:
        """Every live memory of a user; see ``LocalMemory.get_all``."""
        body = _drop_none(user_id=user_id, filters=filters, limit=limit)
        return _Request(
            "POST", "/v1/memories/list", json={**body, "include_expired": include_expired}
        )

    def _update(self, memory_id: str, text: str, *, user_id: str | None = None) -> Any:
        """Replace a memory's text (history records UPDATE)."""
        return _Request(
            "PUT",
            f"/v1/memories/{_segment(memory_id)}",
            json={"text": text},
            params=_drop_none(user_id=user_id),
        )

    def _delete(self, memory_id: str, *, user_id: str | None = None) -> Any:
        """Erase a memory from every store."""
        return _Request(
            "DELETE", f"/v1/memories/{_segment(memory_id)}", params=_drop_none(user_id=user_id)
        )

    def _delete_all(self, *, user_id: str | None = None) -> Any:
        """Erase every memory of a user."""
        return _Request("DELETE", "/v1/memories", params=_drop_none(user_id=user_id))

    def _history(self, memory_id: str, *, user_id: str | None = None) -> Any:
        """Change history of a memory (ADD, UPDATE, DELETE events), oldest first."""
        return _Request(
            "GET", f"/v1/memories/{_segment(memory_id)}/history", params=_drop_none(user_id=user_id)
        )

    def _versions(self, memory_id: str, *, user_id: str | None = None) -> Any:
        """Every version of a memory with valid-from / valid-to / recorded-at."""
        return _Request(
            "GET",
            f"/v1/memories/{_segment(memory_id)}/versions",
            params=_drop_none(user_id=user_id),
        )

    def _users(self) -> Any:
        """User ids that have memories."""
        return _Request("GET", "/v1/users", pick="users")

    def _audit_log(self, *, user_id: str | None = None, limit: int = 100) -> Any:
        """Who did what when (no memory text)."""
        return _Request("GET", "/v1/audit", params=_drop_none(user_id=user_id, limit=limit))

    def _pending(self, user_id: str | None = None) -> Any:
        """Turns waiting for extraction (after a model failure)."""
        return _Request("GET", "/v1/pending", params=_drop_none(user_id=user_id))

    def _retry_pending(self, user_id: str | None = None) -> Any:
        """Process turns whose extraction failed earlier."""
        return _Request("POST", "/v1/pending/retry", params=_drop_none(user_id=user_id))

    def _search_graph(self, query: str, *, user_id: str | None = None, limit: int = 20) -> Any:
        """Entities and relations around what ``query`` mentions: ``{"relations": [...]}``."""
        body = _drop_none(query=query, user_id=user_id, limit=limit)
        return _Request("POST", "/v1/graph/search", json=body)

    add = _sync(_add)
    search = _sync(_search)
    get = _sync(_get)
    get_all = _sync(_get_all)
    update = _sync(_update)
    delete = _sync(_delete)
    delete_all = _sync(_delete_all)
    history = _sync(_history)
    versions = _sync(_versions)
    users = _sync(_users)
    audit_log = _sync(_audit_log)
    pending = _sync(_pending)
    retry_pending = _sync(_retry_pending)
    search_graph = _sync(_search_graph)

    aadd = _async(_add)
    asearch = _async(_search)
    aget = _async(_get)
    aget_all = _async(_get_all)
    aupdate = _async(_update)
    adelete = _async(_delete)
    adelete_all = _async(_delete_all)
    ahistory = _async(_history)
    aversions = _async(_versions)
    ausers = _async(_users)
    aaudit_log = _async(_audit_log)
    apending = _async(_pending)
    aretry_pending = _async(_retry_pending)
    asearch_graph = _async(_search_graph)


def _segment(memory_id: Any) -> str:
    """A memory id as one URL path segment (never a path of its own)."""
    if not isinstance(memory_id, str) or not memory_id.strip():
        msg = f"memory_id must be a non-empty string, got {memory_id!r}"
        raise ValueError(msg)
    from urllib.parse import quote

    return quote(memory_id, safe="")
