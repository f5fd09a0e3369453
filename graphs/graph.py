"""The memory agent: ``retrieve_memories`` -> ``generate`` -> ``extract_and_update``.

``build_graph`` compiles it around your :class:`~langmem_local.LocalMemory` and
chat model. The module-level ``graph`` (what ``langgraph.json`` serves to
LangGraph Studio) opens the default memory lazily, on the first run, so
importing this module stays cheap.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, SystemMessage
from langgraph.constants import TAG_NOSTREAM
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from graphs import prompts
from graphs.context import Context
from graphs.state import State
from langmem_local.middleware import format_memories, last_turn, latest_human_text
from langmem_local.replies import REPLY_STOPS, ReplyFilter, reply_model

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langgraph.checkpoint.base import BaseCheckpointSaver
    from langgraph.graph.state import CompiledStateGraph
    from langgraph.store.base import BaseStore

    from langmem_local.memory import LocalMemory
    from langmem_local.protocol import MemoryAPI

logger = logging.getLogger(__name__)


@dataclass
class FailedTurn:
    """A turn whose background ``memory.add`` raised; kept so it can be re-run."""

    memory: MemoryAPI
    """The memory the turn was for."""
    user_id: str
    """Whose turn it was."""
    turn: list[dict[str, str]]
    """The messages that were to be stored."""
    error: BaseException
    """What went wrong."""


class BackgroundExtractor:
    """Runs ``memory.add(turn, infer=True)`` on a worker thread, oldest turn first.

    One worker keeps a user's turns in order (later facts reconcile against
    earlier ones). Queued work finishes before the interpreter exits (the
    executor is joined at shutdown); a turn whose ``add`` raises is logged and
    kept in :attr:`failed`, and :meth:`retry_failed` queues those again.

    Example:
        .. code-block:: python

            from graphs.graph import BACKGROUND, build_graph, flush_background

            graph = build_graph(memory, chat_model, background_extraction=True)
            graph.invoke({"messages": [("user", "I moved to Boston")]},
                         context=Context(user_id="sarah"))   # returns before extraction
            flush_background()                               # wait for it
            BACKGROUND.failed                                # turns that raised, if any

    """

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[dict[str, Any]]] = []
        self._lock = threading.Lock()
        self.failed: list[FailedTurn] = []
        """Turns whose ``add`` raised, oldest first."""

    def submit(
        self, memory: MemoryAPI, turn: list[dict[str, str]], user_id: str
    ) -> Future[dict[str, Any]]:
        """Queue one turn; returns the future of ``memory.add``'s result."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="langmem-extract")
            future = self._pool.submit(self._run, memory, turn, user_id)
            self._pending.append(future)
        return future

    def _run(self, memory: MemoryAPI, turn: list[dict[str, str]], user_id: str) -> dict:
        try:
            return memory.add(turn, user_id=user_id, infer=True)
        except Exception as err:
            logger.exception("background memory extraction failed for user %s", user_id)
            with self._lock:
                self.failed.append(FailedTurn(memory, user_id, turn, err))
            raise

    @property
    def pending(self) -> int:
        """How many turns are queued or running."""
        with self._lock:
            return sum(not f.done() for f in self._pending)

    def flush(self, timeout: float | None = None) -> list[dict[str, Any]]:
        """Wait for every queued turn; return their ``add`` results in queue order.

        Turns that raised are left out of the result (see :attr:`failed`).

        Raises:
            TimeoutError: Work was still running after ``timeout`` seconds.

        """
        with self._lock:
            futures, self._pending = self._pending, []
        _, running = wait(futures, timeout=timeout)
        if running:
            with self._lock:
                self._pending = [*futures, *self._pending]
            msg = (
                f"{len(running)} memory extraction(s) still running after {timeout}s; "
                "call flush_background() again or pass a larger timeout"
            )
            raise TimeoutError(msg)
        return [f.result() for f in futures if f.exception() is None]

    async def aflush(self, timeout: float | None = None) -> list[dict[str, Any]]:
        """Async :meth:`flush`."""
        return await asyncio.to_thread(self.flush, timeout)

    def retry_failed(self) -> list[Future[dict[str, Any]]]:
        """Queue every failed turn again; returns their futures."""
        with self._lock:
            failed, self.failed = self.failed, []
        return [self.submit(f.memory, f.turn, f.user_id) for f in failed]


BACKGROUND = BackgroundExtractor()
"""The process-wide extractor used by graphs built with ``background_extraction=True``."""


def flush_background(timeout: float | None = None) -> list[dict[str, Any]]:
    """Wait until every background extraction has finished; see :meth:`BackgroundExtractor.flush`."""  # noqa: E501
    return BACKGROUND.flush(timeout)


async def aflush_background(timeout: float | None = None) -> list[dict[str, Any]]:
    """Async :func:`flush_background`."""
    return await BACKGROUND.aflush(timeout)


def _recent(messages: list[Any], keep: int) -> list[Any]:
    """The newest ``keep`` messages, starting at a human one (a reply needs its question)."""
    recent = list(messages[-keep:]) if keep > 0 else list(messages[-1:])
    while len(recent) > 1 and recent[0].type != "human":
        recent.pop(0)
    return recent


def _compile(
    get_memory: Callable[[], MemoryAPI],
    get_model: Callable[[], BaseChatModel],
    *,
    checkpointer: BaseCheckpointSaver | None,
    store: BaseStore | None,
    background_extraction: bool,
    k: int,
) -> CompiledStateGraph:
    def retrieve_memories(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        """Search the user's memories for the latest user message."""
        ctx = runtime.context or Context()
        query = latest_human_text(state.messages)
        limit = ctx.k if ctx.k is not None else k
        if not query.strip() or limit <= 0:
            return {"memories": []}
        hits = get_memory().search(query, user_id=ctx.user_id, limit=limit)["results"]
        return {"memories": [h for h in hits if (h.get("score") or 0.0) >= ctx.min_score]}

    def generate(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        """Answer with the retrieved memories in the system prompt, streaming a clean reply.

        The reply is filtered as it streams (:class:`~langmem_local.replies.ReplyFilter`):
        cut at the first repeated sentence, system-prompt echoes dropped. The
        filtered text goes to ``stream_mode="custom"`` as ``{"reply": text}``
        pieces; the raw tokens are kept out of ``stream_mode="messages"``
        (tag ``nostream``), which gets the final, clean message instead.
        """
        ctx = runtime.context or Context()
        cancel = ctx.cancel
        if cancel is not None and cancel.is_set():
            return {"messages": [AIMessage(content="")]}
        now = datetime.now(timezone.utc).strftime("%A %d %B %Y, %H:%M UTC")
        memories = format_memories(state.memories) or prompts.NO_MEMORIES
        system = ctx.system_prompt.format(memories=memories, time=now)
        # The instructions without the memories: saying a memory back is fine.
        clean = ReplyFilter(echo_of=[ctx.system_prompt.format(memories="", time=now)])
        stream = reply_model(get_model()).stream(
            [SystemMessage(content=system), *_recent(state.messages, ctx.history)],
            {"tags": [TAG_NOSTREAM]},
            stop=list(REPLY_STOPS),
        )
        cut = False
        try:
            for chunk in stream:
                if cancel is not None and cancel.is_set():
                    cut = True  # interrupted mid-sentence: shown with an ellipsis
                    break
                cut = cut or chunk.response_metadata.get("finish_reason") == "length"
                shown = clean.feed(chunk.text)
                if shown:
                    runtime.stream_writer({"reply": shown})
                if clean.stopped:
                    break  # a loop began: stop the model instead of waiting for the cap
        finally:
            stream.close()
        tail = clean.close(cut=cut)
        if tail:
            runtime.stream_writer({"reply": tail})
        return {"messages": [AIMessage(content=clean.text)]}

    def extract_and_update(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        """Store the turn: facts are extracted and reconciled with what is known."""
        ctx = runtime.context or Context()
        turn = last_turn(state.messages)
        if not ctx.extract or not any(m["role"] == "user" for m in turn):
            return {}
        if background_extraction:
            BACKGROUND.submit(get_memory(), turn, ctx.user_id)
        else:
            get_memory().add(turn, user_id=ctx.user_id, infer=True)
        return {}

    builder = StateGraph(State, context_schema=Context)
    builder.add_node("retrieve_memories", retrieve_memories)
    builder.add_node("generate", generate)
    builder.add_node("extract_and_update", extract_and_update)
    builder.add_edge(START, "retrieve_memories")
    builder.add_edge("retrieve_memories", "generate")
    builder.add_edge("generate", "extract_and_update")
    builder.add_edge("extract_and_update", END)
    return builder.compile(checkpointer=checkpointer, store=store, name="memory_agent")


def build_graph(
    memory: MemoryAPI,
    chat_model: BaseChatModel,
    *,
    checkpointer: BaseCheckpointSaver | None = None,
    store: BaseStore | None = None,
    background_extraction: bool = False,
    k: int = 5,
) -> CompiledStateGraph:
    """Compile the memory agent graph.

    Args:
        memory: Long-term memory, searched before and written after each reply.
        chat_model: Model that writes the replies.
        checkpointer: Short-term (per-thread) memory, e.g. ``InMemorySaver()``.
        store: Optional LangGraph store, available to nodes as ``runtime.store``.
        background_extraction: Store each turn on a worker thread so the reply
            is not delayed; wait for it with :func:`flush_background`.
        k: Memories put in the prompt (a run's ``Context.k`` overrides it).

    Returns:
        The compiled graph (``context_schema=Context``).

    Example:
        .. code-block:: python

            from langgraph.checkpoint.memory import InMemorySaver
            from graphs.context import Context
            from graphs.graph import build_graph

            graph = build_graph(memory, chat_model, checkpointer=InMemorySaver())
            graph.invoke(
                {"messages": [{"role": "user", "content": "I'm vegetarian"}]},
                {"configurable": {"thread_id": "1"}},
                context=Context(user_id="alice"),
            )

    """
    return _compile(
        lambda: memory,
        lambda: chat_model,
        checkpointer=checkpointer,
        store=store,
        background_extraction=background_extraction,
        k=k,
    )


@functools.cache
def _default_memory() -> LocalMemory:
    # Opened on the first run, not at import: Studio imports the module to
    # draw the graph, and loading models there would make that slow.
    from langmem_local.memory import LocalMemory

    return LocalMemory(backend=os.environ.get("LANGMEM_BACKEND", "auto"))


graph = _compile(
    _default_memory,
    lambda: _default_memory().chat_model,
    checkpointer=None,
    store=None,
    background_extraction=False,
    k=int(os.environ.get("LANGMEM_K", "5")),
)
"""The graph LangGraph Studio serves (``langgraph.json``): default ``LocalMemory``
on ``LANGMEM_BACKEND`` (``auto``: Ollama when it answers, else embedded),
no checkpointer (the server brings its own)."""
