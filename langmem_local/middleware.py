"""Agent middleware giving ``langchain.agents.create_agent`` long-term memory."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from langchain.agents.middleware import (
    AgentMiddleware,
    AgentState,
    ModelRequest,
    ModelResponse,
)
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage
from langgraph.runtime import Runtime

from langmem_local.errors import ConfigError

if TYPE_CHECKING:
    from langchain.agents.middleware import ModelCallResult

    from langmem_local.protocol import MemoryAPI

logger = logging.getLogger(__name__)

DEFAULT_MEMORY_PROMPT = (
    "Long-term memories about this user, most relevant first. Use them when they "
    "help; do not mention them otherwise.\n<memories>\n{memories}\n</memories>"
)
"""Default block appended to the system message; ``{memories}`` is one ``- fact`` per line."""


def resolve_user_id(runtime: Runtime[Any] | None, config: Mapping[str, Any] | None = None) -> str:
    """Find the user id of the current run.

    Looks at ``runtime.context`` (attribute or key ``user_id``), then at
    ``config["configurable"]["user_id"]`` (the given config, else the one of
    the running graph).

    Args:
        runtime: The LangGraph runtime of the node or middleware hook.
        config: The run config; ``None`` reads it from the running graph.

    Returns:
        The user id.

    Raises:
        ConfigError: No user id was given.

    """
    context = getattr(runtime, "context", None)
    user_id = (
        context.get("user_id")
        if isinstance(context, Mapping)
        else getattr(context, "user_id", None)
    )
    if not user_id:
        if config is None:
            from langgraph.config import get_config

            try:
                config = get_config()
            except RuntimeError:  # called outside a running graph
                config = {}
        user_id = (config.get("configurable") or {}).get("user_id")
    if not user_id:
        msg = (
            "no user_id for this run: memories are stored per user. Invoke with "
            "context={'user_id': 'alice'} (create_agent(..., context_schema=...) or "
            "graph.invoke(..., context=...)) or config={'configurable': {'user_id': 'alice'}}."
        )
        raise ConfigError(msg)
    return str(user_id)


def format_memories(hits: Sequence[Mapping[str, Any]]) -> str:
    """Render search hits as ``- fact`` lines for a prompt (empty string for none)."""
    return "\n".join(f"- {h['memory']}" for h in hits if h.get("memory"))


def latest_human_text(messages: Sequence[AnyMessage]) -> str:
    """Text of the last human message, or ``""`` when there is none."""
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            return message.text
    return ""


def last_turn(messages: Sequence[AnyMessage]) -> list[dict[str, str]]:
    """Return the newest exchange as role/content dicts: last human message + final AI reply.

    Tool calls and tool results in between are left out: the facts worth
    remembering are in what the user said and what the agent answered.
    """
    turn: list[dict[str, str]] = []
    for i in range(len(messages) - 1, -1, -1):
        if isinstance(messages[i], HumanMessage):
            turn.append({"role": "user", "content": messages[i].text})
            reply = next(
                (
                    m
                    for m in reversed(messages[i + 1 :])
                    if isinstance(m, AIMessage) and m.text and not m.tool_calls
                ),
                None,
            )
            if reply is not None:
                turn.append({"role": "assistant", "content": reply.text})
            break
    return [m for m in turn if m["content"].strip()]


class MemoryMiddleware(AgentMiddleware):
    """Long-term memory for ``create_agent``: recall before each model call, learn after.

    Before every model call the user's memories most relevant to the latest
    human message are appended to the system message. After the agent
    finishes, the new turn (last human message and final AI reply) is handed
    to ``memory.add(..., infer=True)``, which extracts and reconciles facts.
    The user id comes from ``runtime.context.user_id`` (or the ``user_id``
    key of a dict context), else ``config["configurable"]["user_id"]``.
    Works with ``invoke`` and ``ainvoke`` (async hooks use the engine's async API).

    Example:
        .. code-block:: python

            from dataclasses import dataclass

            from langchain.agents import create_agent
            from langmem_local import LocalMemory
            from langmem_local.middleware import MemoryMiddleware

            @dataclass
            class Context:
                user_id: str

            memory = LocalMemory()
            agent = create_agent(
                model=chat_model,
                tools=[],
                middleware=[MemoryMiddleware(memory, k=5, min_score=0.2)],
                context_schema=Context,
            )
            agent.invoke(
                {"messages": [{"role": "user", "content": "I'm allergic to peanuts"}]},
                context=Context(user_id="alice"),
            )

    """

    def __init__(
        self,
        memory: MemoryAPI,
        *,
        k: int = 5,
        min_score: float = 0.0,
        prompt_template: str = DEFAULT_MEMORY_PROMPT,
        extract: bool = True,
    ) -> None:
        """Configure the middleware.

        Args:
            memory: The memory engine.
            k: Most memories added to the system message per model call.
            min_score: Memories scoring below this (0..1) are left out.
            prompt_template: Text appended to the system message; must contain
                ``{memories}``.
            extract: Whether to store each finished turn (``False`` = read-only).

        Raises:
            ConfigError: ``k`` is negative or the template lacks ``{memories}``.

        """
        super().__init__()
        if "{memories}" not in prompt_template:
            msg = (
                "prompt_template has no {memories} slot; add one, e.g. "
                "'Known facts about the user:\\n{memories}'"
            )
            raise ConfigError(msg)
        if k < 0:
            msg = f"k must be >= 0, got {k}; pass k=5 (or 0 to disable recall)"
            raise ConfigError(msg)
        self.memory = memory
        self.k = k
        self.min_score = min_score
        self.prompt_template = prompt_template
        self.extract = extract

    # -- recall ---------------------------------------------------------------
    def _search_args(self, request: ModelRequest) -> tuple[str, dict[str, Any]] | None:
        query = latest_human_text(request.messages)
        if not query.strip() or self.k == 0:
            return None
        user_id = resolve_user_id(request.runtime)
        return query, {"user_id": user_id, "limit": self.k}

    def _with_memories(self, request: ModelRequest, found: dict[str, Any]) -> ModelRequest:
        hits = [h for h in found.get("results", []) if (h.get("score") or 0.0) >= self.min_score]
        if not hits:
            return request
        block = self.prompt_template.format(memories=format_memories(hits))
        system = request.system_message
        if system is None:
            content: str | list[Any] = block
        elif isinstance(system.content, str):
            content = f"{system.content}\n\n{block}" if system.content else block
        else:  # content blocks: keep them, add ours as one more text block
            content = [*system.content, {"type": "text", "text": block}]
        return request.override(system_message=SystemMessage(content=content))

    def wrap_model_call(
        self,
        request: ModelRequest,
        handler: Callable[[ModelRequest], ModelResponse],
    ) -> ModelCallResult:
        """Add the user's relevant memories to the system message, then call the model."""
        args = self._search_args(request)
        if args is not None:
            request = self._with_memories(request, self.memory.search(args[0], **args[1]))
        return handler(request)

    async def awrap_model_call(
        self,
        request: ModelRequest,
        handler: Callable[[ModelRequest], Awaitable[ModelResponse]],
    ) -> ModelCallResult:
        """Async :meth:`wrap_model_call`."""
        args = self._search_args(request)
        if args is not None:
            found = await self.memory.asearch(args[0], **args[1])
            request = self._with_memories(request, found)
        return await handler(request)

    # -- learn ----------------------------------------------------------------
    def _add_args(
        self, state: AgentState, runtime: Runtime[Any]
    ) -> tuple[list[dict[str, str]], str] | None:
        if not self.extract:
            return None
        turn = last_turn(state.get("messages", []))
        if not any(m["role"] == "user" for m in turn):
            return None
        return turn, resolve_user_id(runtime)

    def _log_add(self, result: dict[str, Any], user_id: str) -> None:
        if result.get("queued"):
            # The engine keeps failed turns and retries them; nothing is lost.
            logger.warning(
                "memory extraction for user %s failed; turn queued for retry: %s",
                user_id,
                result["queued"],
            )

    def after_agent(self, state: AgentState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        """Store the finished turn in long-term memory (fact extraction, ``infer=True``)."""
        args = self._add_args(state, runtime)
        if args is not None:
            self._log_add(self.memory.add(args[0], user_id=args[1], infer=True), args[1])
        return None

    async def aafter_agent(self, state: AgentState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        """Async :meth:`after_agent`."""
        args = self._add_args(state, runtime)
        if args is not None:
            result = await self.memory.aadd(args[0], user_id=args[1], infer=True)
            self._log_add(result, args[1])
        return None
