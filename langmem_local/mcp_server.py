"""The MCP server: memory tools and resources for MCP clients.

Tool names and arguments follow Mem0's hosted MCP server (``add_memory``,
``search_memories``, ``get_memories``, ``update_memory``, ``delete_memory``,
``delete_all_memories``, ``memory_history``, ``search_graph``), so clients and
prompts written for it work unchanged. Every call goes through
:class:`~langmem_local.scope.ScopedMemory`: with ``--user alice`` the scope is
fixed, whatever arguments arrive.

Built on the official ``mcp`` SDK (2.x ``MCPServer``); served over stdio by
``langmem-local mcp`` and over streamable HTTP at ``/mcp`` by
``langmem-local serve``.

Example:
    .. code-block:: python

        from langmem_local import LocalMemory
        from langmem_local.mcp_server import build_mcp_server
        from langmem_local.scope import ScopedMemory

        server = build_mcp_server(ScopedMemory(LocalMemory(), user_id="alice"))
        server.run("stdio")
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import (
    MCPServerError,
    ResourceError,
    ResourceNotFoundError,
    ToolError,
)
from mcp_types import ToolAnnotations
from pydantic import Field

from langmem_local.errors import LangmemError, MemoryNotFoundError
from langmem_local.scope import ScopedMemory, error_message, not_found_message

INSTRUCTIONS = (
    "Long-term memory of the user, stored on this machine. Call search_memories before "
    "answering anything that may depend on what the user told you earlier (preferences, "
    "people, plans, facts about them). Call add_memory when the user states something "
    "worth remembering. Use update_memory / delete_memory with ids returned by "
    "search_memories or get_memories; memory_history shows how a memory changed."
)

UserId = Annotated[
    str | None,
    Field(
        description=(
            "Whose memories. Leave it out to use the server's user; a server started with "
            "--user only ever acts on that user."
        )
    ),
]
MemoryId = Annotated[
    str, Field(description="Id of a memory, as returned by search_memories or get_memories.")
]

_READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
_ERASE = ToolAnnotations(read_only_hint=False, destructive_hint=True, open_world_hint=False)


def _as_mcp_errors(
    error: type[Exception],
) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
    """Turn the engine's errors into MCP errors (``ToolError``/``ResourceError``).

    Their messages name the argument and the fix; anything unexpected becomes
    one line too, never a traceback in the answer.
    """

    def decorate(fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(fn)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return await fn(*args, **kwargs)
            except MCPServerError:
                raise
            except MemoryNotFoundError as exc:
                found = ResourceNotFoundError if error is ResourceError else error
                raise found(str(exc)) from None
            except (LangmemError, ValueError, TypeError, KeyError) as exc:
                raise error(error_message(exc)) from None
            except Exception as exc:  # noqa: BLE001 - one line to the model, never a traceback
                msg = f"unexpected {type(exc).__name__}: {exc}"
                raise error(msg) from None

        return wrapper

    return decorate


_tool_errors = _as_mcp_errors(ToolError)
_resource_errors = _as_mcp_errors(ResourceError)


def build_mcp_server(scoped: ScopedMemory, *, name: str = "langmem-local") -> MCPServer:
    """Create the MCP server (tools and resources) over one scoped engine.

    Args:
        scoped: The engine access, with or without a fixed user.
        name: The server name shown to clients.

    Returns:
        An ``MCPServer``; run it with ``.run("stdio")`` or mount its
        ``streamable_http_app()``.
    """
    server = MCPServer(name, instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(
        description=(
            "Store something worth remembering about the user (a preference, a fact, a plan). "
            "With infer=true (default) the memory engine extracts the facts and reconciles "
            "them with what is stored (adding, updating or deleting memories); with "
            "infer=false the text is stored verbatim. Returns the memories created or changed."
        ),
        annotations=_WRITE,
    )
    @_tool_errors
    async def add_memory(
        text: Annotated[str, Field(description="What to remember, in plain language.")],
        user_id: UserId = None,
        metadata: Annotated[
            dict[str, Any] | None,
            Field(description="Optional key/value labels stored with the memory."),
        ] = None,
        infer: Annotated[
            bool, Field(description="Extract facts with the LLM (true) or store verbatim (false).")
        ] = True,
    ) -> dict[str, Any]:
        return await scoped.add(text, user_id=user_id, metadata=metadata, infer=infer)

    @server.tool(
        description=(
            "Find the user's memories relevant to a question, best first. Each result has "
            "id, memory (the text), score and metadata; 'relations' lists related entities."
        ),
        annotations=_READ,
    )
    @_tool_errors
    async def search_memories(
        query: Annotated[str, Field(description="Natural-language question or topic.")],
        user_id: UserId = None,
        limit: Annotated[int, Field(ge=1, le=100, description="Maximum results.")] = 5,
    ) -> dict[str, Any]:
        return await scoped.search(query, user_id=user_id, limit=limit)

    @server.tool(
        description="List every stored memory of the user (oldest first), with ids.",
        annotations=_READ,
    )
    @_tool_errors
    async def get_memories(
        user_id: UserId = None,
        limit: Annotated[
            int | None, Field(ge=1, description="At most this many (default: all).")
        ] = None,
    ) -> dict[str, Any]:
        return await scoped.get_all(user_id=user_id, limit=limit)

    @server.tool(
        description=(
            "Replace the text of one memory (the old version stays in its history). "
            "Use when a stored fact changed."
        ),
        annotations=_WRITE,
    )
    @_tool_errors
    async def update_memory(
        memory_id: MemoryId,
        text: Annotated[str, Field(description="The new text of the memory.")],
    ) -> dict[str, Any]:
        return await scoped.update(memory_id, text)

    @server.tool(
        description="Erase one memory everywhere (vectors, keyword index, graph, versions).",
        annotations=_ERASE,
    )
    @_tool_errors
    async def delete_memory(memory_id: MemoryId) -> dict[str, Any]:
        return await scoped.delete(memory_id)

    @server.tool(
        description=(
            "Erase ALL memories of the user. Irreversible; only when the user asks to be "
            "forgotten entirely."
        ),
        annotations=_ERASE,
    )
    @_tool_errors
    async def delete_all_memories(user_id: UserId = None) -> dict[str, Any]:
        return await scoped.delete_all(user_id=user_id)

    @server.tool(
        description="How one memory changed over time: its ADD / UPDATE events, oldest first.",
        annotations=_READ,
    )
    @_tool_errors
    async def memory_history(memory_id: MemoryId) -> dict[str, Any]:
        return {"memory_id": memory_id, "history": await scoped.history(memory_id)}

    @server.tool(
        description=(
            "Entities and relations the memory knows around what the query mentions, e.g. "
            "(user) -[has_pet]-> (Rex)."
        ),
        annotations=_READ,
    )
    @_tool_errors
    async def search_graph(
        query: Annotated[str, Field(description="Names or topic to look up in the graph.")],
        user_id: UserId = None,
    ) -> dict[str, Any]:
        return await scoped.search_graph(query, user_id=user_id)

    _add_resources(server, scoped)
    return server


def _add_resources(server: MCPServer, scoped: ScopedMemory) -> None:
    """Memories as readable resources (a client can attach them as context)."""

    @server.resource(
        "memory://users/{user_id}/memories",
        name="user_memories",
        description="Every live memory of a user, as JSON ({'results': [...]}).",
        mime_type="application/json",
    )
    @_resource_errors
    async def user_memories(user_id: str) -> dict[str, Any]:
        return await scoped.get_all(user_id=user_id)

    @server.resource(
        "memory://memories/{memory_id}",
        name="memory",
        description="One memory by id, as JSON.",
        mime_type="application/json",
    )
    @_resource_errors
    async def one_memory(memory_id: str) -> dict[str, Any]:
        found = await scoped.get(memory_id)
        if found is None:
            raise MemoryNotFoundError(not_found_message(memory_id))
        return found

    if scoped.user_id is not None:
        fixed = scoped.user_id

        @server.resource(
            "memory://memories",
            name="memories",
            description=f"Every live memory of {fixed!r}, the user this server serves.",
            mime_type="application/json",
        )
        @_resource_errors
        async def own_memories() -> dict[str, Any]:
            return await scoped.get_all(user_id=fixed)
