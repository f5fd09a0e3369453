"""A conversation with memory: what ``langmem-local chat`` and ``demo`` run.

:class:`ChatSession` runs one user's turns through the memory graph
(:mod:`graphs.graph`) in the order that loses nothing and keeps the reply fast:

1. the typed message is persisted in the engine's durable turn queue
   (``LocalMemory.add(..., defer=True)``) before anything else happens, so
   Ctrl-C, a crash or a model failure during the reply cannot lose it;
2. memories are retrieved and the reply streams, cleaned as it is written
   (:mod:`langmem_local.replies`);
3. the queued turn is extracted on a background thread
   (``retry_pending``), so the reply is never delayed by it; a turn still
   queued when the process ends is extracted by :meth:`ChatSession.catch_up`
   on the next start.

Example:
    .. code-block:: python

        from langmem_local import LocalMemory
        from langmem_local.chat import ChatSession

        session = ChatSession(LocalMemory(backend="embedded"), user_id="sarah")
        session.catch_up()                         # turns left queued last time
        for event in session.send("I just moved to Boston"):
            if event.kind == "reply":
                print(event.text, end="", flush=True)
        session.wait()                             # extraction done

"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

logger = logging.getLogger(__name__)


@dataclass
class ChatEvent:
    """One step of a turn, in order: ``waiting``?, ``recalled``, ``reply``*, ``done``."""

    kind: Literal["waiting", "recalled", "reply", "done"]
    """``waiting``: the previous turn's extraction is still running (the model is
    busy); ``recalled``: memories retrieved; ``reply``: a piece of the reply;
    ``done``: the whole reply (``text``)."""
    text: str = ""
    """The reply piece (``reply``) or the whole reply (``done``)."""
    memories: list[dict[str, Any]] = field(default_factory=list)
    """The memories put in the prompt (``recalled``)."""
    queued: list[str] = field(default_factory=list)
    """Id of the persisted turn (every event of the turn carries it)."""


class ChatSession:
    """One user's conversation: durable turns, streamed replies, background extraction.

    Args:
        memory: The long-term memory to read and write.
        user_id: Whose memory it is.
        thread_id: Short-term conversation thread (the graph's checkpointer).
        chat_model: Model for the replies; defaults to ``memory.chat_model``.
        k: Memories put in the prompt.

    """

    def __init__(
        self,
        memory: LocalMemory,
        user_id: str,
        *,
        thread_id: str = "chat",
        chat_model: Any = None,
        k: int = 5,
    ) -> None:
        from langgraph.checkpoint.memory import InMemorySaver

        from graphs.graph import build_graph

        self.memory = memory
        self.user_id = user_id
        self.thread_id = thread_id
        self.graph = build_graph(
            memory, chat_model or memory.chat_model, checkpointer=InMemorySaver(), k=k
        )
        self._cancel = threading.Event()
        self._worker: threading.Thread | None = None
        self.last_error: str | None = None
        """Why the last background extraction left turns queued, if it did."""

    # ------------------------------------------------------------ lifecycle
    def warm_up(self) -> None:
        """Load the models and open the stores now, so the first reply is not the slow one."""
        load = getattr(self.memory.chat_model, "load", None)
        if callable(load):
            load()
        self.memory.search("hello", user_id=self.user_id, limit=1)

    def catch_up(self) -> int:
        """Extract this user's turns still queued (from an earlier process); returns how many."""
        pending = len(self.memory.pending(self.user_id))
        if pending:
            out = self.memory.retry_pending(self.user_id)
            self.last_error = "extraction failed" if out["queued"] else None
        return pending

    @property
    def busy(self) -> bool:
        """Whether a background extraction is running."""
        return self._worker is not None and self._worker.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background extraction; ``True`` when none is running any more."""
        if self._worker is not None:
            self._worker.join(timeout)
        return not self.busy

    def cancel(self) -> None:
        """Stop the reply being written at its next token (safe from a signal handler)."""
        self._cancel.set()

    # ----------------------------------------------------------------- turn
    def send(self, text: str) -> Iterator[ChatEvent]:
        """Persist ``text``, then stream the reply as :class:`ChatEvent` s.

        The turn is in the durable queue before the first event; it is
        extracted in the background once the reply ends, also when the reply
        was cancelled or the iterator closed early.
        """
        from graphs.context import Context

        queued = self.memory.add(
            [{"role": "user", "content": text}], user_id=self.user_id, defer=True
        )["queued"]
        self._cancel = threading.Event()
        stream = None
        try:
            if self.busy:
                yield ChatEvent("waiting", queued=queued)
                self.wait()
            stream = self.graph.stream(
                {"messages": [{"role": "user", "content": text}]},
                {"configurable": {"thread_id": self.thread_id}},
                context=Context(user_id=self.user_id, extract=False, cancel=self._cancel),
                stream_mode=["updates", "custom"],
            )
            reply = ""
            for mode, data in stream:
                if mode == "custom" and isinstance(data, dict) and "reply" in data:
                    yield ChatEvent("reply", text=data["reply"], queued=queued)
                elif mode == "updates" and "retrieve_memories" in data:
                    memories = (data["retrieve_memories"] or {}).get("memories", [])
                    yield ChatEvent("recalled", memories=memories, queued=queued)
                elif mode == "updates" and "generate" in data:
                    reply = data["generate"]["messages"][-1].content
            yield ChatEvent("done", text=reply, queued=queued)
        finally:
            self._cancel.set()  # the consumer left early: stop the model first
            if stream is not None:
                stream.close()
            self._extract_in_background()

    def _extract_in_background(self) -> None:
        previous = self._worker

        def run() -> None:
            if previous is not None:
                previous.join()  # one extraction at a time, oldest turn first
            try:
                out = self.memory.retry_pending(self.user_id)
                self.last_error = "extraction failed" if out["queued"] else None
            except Exception as exc:  # noqa: BLE001 - the turn stays queued; say why later
                logger.exception("background extraction failed for user %s", self.user_id)
                self.last_error = str(exc) or type(exc).__name__

        # A daemon thread: leaving the chat must not wait for the model; a turn
        # cut off here is still queued and extracted by catch_up() next time.
        self._worker = threading.Thread(target=run, name="langmem-chat-extract", daemon=True)
        self._worker.start()
