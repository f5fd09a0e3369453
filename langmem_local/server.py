"""``langmem-local serve``: one process that owns a data dir and serves it.

- an HTTP JSON API (FastAPI, OpenAPI at ``/openapi.json``, docs at ``/docs``)
  with the operations of :class:`~langmem_local.LocalMemory`, used by
  :class:`~langmem_local.remote.RemoteMemory`;
- MCP over streamable HTTP at ``/mcp`` (the same tools as ``langmem-local mcp``);
- ``/healthz`` (the process answers) and ``/readyz`` (the engine is open and
  takes work).

Every request, ``/mcp`` and the health checks included, must carry
``Authorization: Bearer <token>`` when a token is set (compared in constant
time); binding to anything but loopback without a token is refused. Errors are
JSON ``{"error": {"type", "message"}}`` with a 4xx status naming the argument,
never a traceback. On SIGTERM/SIGINT the server stops accepting, finishes the
requests in flight, waits for running engine calls, then closes the engine.

Example:
    .. code-block:: python

        from langmem_local import LocalMemory
        from langmem_local.server import create_app
        from langmem_local.scope import ScopedMemory

        app = create_app(ScopedMemory(LocalMemory(data_dir="./mem")), token="s3cret")
        # uvicorn.run(app, host="127.0.0.1", port=8765)
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from langmem_local import errors
from langmem_local.api_models import (
    AddRequest,
    DeleteAllResponse,
    ErrorResponse,
    EventResponse,
    GraphResponse,
    GraphSearchRequest,
    Health,
    ListRequest,
    ListResponse,
    MemoryItem,
    SearchRequest,
    SearchResponse,
    UpdateRequest,
    WriteResponse,
)
from langmem_local.mcp_server import build_mcp_server
from langmem_local.scope import ScopedMemory, error_message, not_found_message

logger = logging.getLogger("langmem_local.server")

#: Status of each error class; the first match along the exception's MRO wins.
STATUS = {
    "MemoryNotFoundError": 404,
    "ScopeError": 403,
    "AuthenticationError": 401,
    "ServerClosingError": 503,
    "BackendUnavailableError": 503,
    "BackendTimeoutError": 504,
    "ModelNotFoundError": 503,
    "ExtractionError": 502,
    "EmbedderMismatchError": 409,
    "ConfigError": 400,
    "ValueError": 422,
    "TypeError": 422,
    "KeyError": 422,
    "LangmemError": 400,
}
_ERROR_DOCS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (401, "No token or a wrong one."),
        (403, "user_id outside the server's --user scope."),
        (404, "No such memory (or not in scope)."),
        (422, "Invalid argument; the message names it."),
        (503, "Shutting down, or the model server is down."),
    )
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def error_response(status: int, kind: str, message: str, detail: Any = None) -> JSONResponse:
    """The one error shape: ``{"error": {"type", "message", "detail"?}}``."""
    body: dict[str, Any] = {"type": kind, "message": message}
    if detail is not None:
        body["detail"] = detail
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


class TokenAuth:
    """ASGI middleware: every HTTP request must carry ``Authorization: Bearer <token>``.

    Pure ASGI (not ``BaseHTTPMiddleware``) so MCP's streamed responses pass
    through untouched. The comparison is constant-time.
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request with 401 unless its token matches."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        if not hmac.compare_digest(given, self._expected):
            msg = (
                "missing or wrong API token: send the header 'Authorization: Bearer <token>' "
                "with the token given to serve (--token or LANGMEM_TOKEN)"
            )
            await error_response(401, "AuthenticationError", msg)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _status_of(exc: BaseException) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls.__name__ in STATUS:
            return STATUS[cls.__name__], cls.__name__
    return 500, "InternalError"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Names the fields and the problem; the rejected values (user data)
        # are not echoed back.
        detail = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in detail)
        return error_response(422, "ValidationError", message or "invalid request", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, "HTTPError", str(exc.detail))

    async def engine_error(request: Request, exc: Exception) -> JSONResponse:
        status, kind = _status_of(exc)
        message = error_message(exc) or kind
        if status == 500:
            logger.error(
                "unexpected error in %s %s", request.method, request.url.path, exc_info=exc
            )
            message = f"unexpected {type(exc).__name__}: {message} (see the server log)"
        return error_response(status, kind, message)

    # The package's errors and bad values are answered as handled errors (no
    # log noise); anything else reaches the last-resort 500 handler.
    for cls in (errors.LangmemError, ValueError, TypeError, KeyError, Exception):
        app.add_exception_handler(cls, engine_error)


def create_app(
    scoped: ScopedMemory, *, token: str | None = None, host: str = "127.0.0.1"
) -> ASGIApp:
    """Build the ASGI app: HTTP API, MCP at ``/mcp``, health, token check.

    Args:
        scoped: Engine access (with or without a fixed ``--user``).
        token: Required bearer token, or ``None`` (loopback only).
        host: The address the server binds; MCP's DNS-rebinding protection
            follows it.

    Returns:
        The ASGI application; its lifespan closes ``scoped`` gracefully.
    """
    mcp = build_mcp_server(scoped)
    mcp_app = mcp.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True, host=host
    )
    status = {"value": "starting"}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with mcp.session_manager.run():
            status["value"] = "ready"
            try:
                yield
            finally:
                # uvicorn has finished the requests in flight by now; wait for
                # engine calls of abandoned requests too, then close the engine.
                status["value"] = "closing"
                await asyncio.to_thread(scoped.close)

    app = FastAPI(
        title="langmem-local",
        summary="Local-first long-term memory: the LocalMemory API over HTTP.",
        version="0.1.0",
        lifespan=lifespan,
        responses=_ERROR_DOCS,
    )
    _install_error_handlers(app)
    _add_routes(app, scoped, status)
    app.router.routes.extend(mcp_app.routes)
    return TokenAuth(app, token) if token else app


def _add_routes(app: FastAPI, scoped: ScopedMemory, status: dict[str, str]) -> None:
    user_q = Query(None, description="Whose memories (default: the server's --user).")
    owner_q = Query(
        None, description="Act only if the memory is this user's (else 404, as for unknown ids)."
    )

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", response_model=Health, tags=["health"])
    async def readyz() -> Any:
        """The engine is open and takes work (503 while starting or closing)."""
        if status["value"] != "ready":
            return error_response(503, "ServerClosingError", f"server is {status['value']}")
        return {"status": "ready"}

    @app.post("/v1/memories", response_model=WriteResponse, tags=["memories"])
    async def add(body: AddRequest) -> Any:
        """Remember messages (``LocalMemory.add``)."""
        return await scoped.add(body.messages, **body.model_dump(exclude={"messages"}))

    @app.post("/v1/memories/search", response_model=SearchResponse, tags=["memories"])
    async def search(body: SearchRequest) -> Any:
        """Rank a user's memories for a query (``LocalMemory.search``)."""
        return await scoped.search(body.query, **body.model_dump(exclude={"query"}))

    @app.post("/v1/memories/list", response_model=ListResponse, tags=["memories"])
    async def get_all(body: ListRequest) -> Any:
        """Every live memory of a user, filtered (``LocalMemory.get_all``)."""
        return await scoped.get_all(**body.model_dump())

    @app.get("/v1/memories", response_model=ListResponse, tags=["memories"])
    async def list_memories(
        user_id: str | None = user_q, limit: int | None = Query(None, ge=1)
    ) -> Any:
        """Every live memory of a user (``get_all`` without filters)."""
        return await scoped.get_all(user_id=user_id, limit=limit)

    @app.delete("/v1/memories", response_model=DeleteAllResponse, tags=["memories"])
    async def delete_all(user_id: str | None = user_q) -> Any:
        """Erase every memory of a user (``LocalMemory.delete_all``)."""
        return await scoped.delete_all(user_id=user_id)

    @app.get("/v1/memories/{memory_id}", response_model=MemoryItem, tags=["memories"])
    async def get(memory_id: str, user_id: str | None = owner_q) -> Any:
        """One memory (404 when unknown, outside the scope or not ``user_id``'s)."""
        found = await scoped.get(memory_id, user_id)
        if found is None:
            raise errors.MemoryNotFoundError(not_found_message(memory_id))
        return found

    @app.put("/v1/memories/{memory_id}", response_model=EventResponse, tags=["memories"])
    async def update(memory_id: str, body: UpdateRequest, user_id: str | None = owner_q) -> Any:
        """Replace a memory's text (``LocalMemory.update``)."""
        return await scoped.update(memory_id, body.text, user_id)

    @app.delete("/v1/memories/{memory_id}", response_model=EventResponse, tags=["memories"])
    async def delete(memory_id: str, user_id: str | None = owner_q) -> Any:
        """Erase one memory from every store (``LocalMemory.delete``)."""
        return await scoped.delete(memory_id, user_id)

    @app.get("/v1/memories/{memory_id}/history", tags=["memories"])
    async def history(memory_id: str, user_id: str | None = owner_q) -> list[dict[str, Any]]:
        """ADD / UPDATE / DELETE events of a memory (``LocalMemory.history``)."""
        return await scoped.history(memory_id, user_id)

    @app.get("/v1/memories/{memory_id}/versions", tags=["memories"])
    async def versions(memory_id: str, user_id: str | None = owner_q) -> list[dict[str, Any]]:
        """Every version with valid-from / valid-to (``LocalMemory.versions``)."""
        return await scoped.versions(memory_id, user_id)

    @app.get("/v1/users", tags=["admin"])
    async def users() -> dict[str, list[str]]:
        """Users that have memories (only the --user itself on a scoped server)."""
        return {"users": await scoped.users()}

    @app.get("/v1/audit", tags=["admin"])
    async def audit_log(
        user_id: str | None = user_q, limit: int = Query(100, ge=1, le=10000)
    ) -> list[dict[str, Any]]:
        """Who did what when; never memory text (``LocalMemory.audit_log``)."""
        return await scoped.audit_log(user_id=user_id, limit=limit)

    @app.get("/v1/pending", tags=["admin"])
    async def pending(user_id: str | None = user_q) -> list[dict[str, Any]]:
        """Turns waiting for extraction after a model failure."""
        return await scoped.pending(user_id)

    @app.post("/v1/pending/retry", response_model=WriteResponse, tags=["admin"])
    async def retry_pending(user_id: str | None = user_q) -> Any:
        """Run extraction again for the waiting turns (``LocalMemory.retry_pending``)."""
        return await scoped.retry_pending(user_id)

    @app.post("/v1/graph/search", response_model=GraphResponse, tags=["graph"])
    async def search_graph(body: GraphSearchRequest) -> Any:
        """Entities and relations around what the query mentions."""
        return await scoped.search_graph(body.query, user_id=body.user_id, limit=body.limit)


def run(
    scoped: ScopedMemory,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    graceful_timeout: float = 30.0,
) -> None:
    """Serve until SIGTERM/SIGINT, then shut down gracefully.

    Raises:
        ConfigError: ``host`` is not loopback and no ``token`` is set.
    """
    if not token and not is_loopback(host):
        msg = (
            f"refusing to listen on {host} without an API token: anyone who can reach it "
            "could read and erase every memory. Pass --token (or set LANGMEM_TOKEN), or "
            "bind to 127.0.0.1"
        )
        raise errors.ConfigError(msg)
    import uvicorn

    config = uvicorn.Config(
        create_app(scoped, token=token, host=host),
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=graceful_timeout,
        lifespan="on",
    )
    # uvicorn re-raises SIGTERM once it has shut down gracefully; answering it
    # with SystemExit(0) makes a requested stop exit 0, as service managers expect.
    previous = signal.signal(signal.SIGTERM, _exit_zero)
    try:
        uvicorn.Server(config).run()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_zero(signum: int, frame: Any) -> None:
    raise SystemExit(0)
