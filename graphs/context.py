"""Run-time configuration of the memory agent (``context_schema``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphs import prompts


@dataclass(kw_only=True)
class Context:
    """Per-run settings, passed as ``graph.invoke(..., context=Context(...))``.

    Example:
        .. code-block:: python

            graph.invoke(
                {"messages": [{"role": "user", "content": "I'm vegetarian"}]},
                context=Context(user_id="alice", k=3),
            )

    """

    user_id: str = "default"
    """Whose memories are read and written; every user has a separate memory."""
    k: int | None = None
    """Memories put in the prompt; ``None`` keeps the graph's ``k``."""
    min_score: float = 0.0
    """Memories scoring below this (0..1) are left out of the prompt."""
    system_prompt: str = prompts.SYSTEM_PROMPT
    """System prompt of the reply model; ``{memories}`` and ``{time}`` are filled in."""
    extract: bool = True
    """Whether the turn is stored in memory after the reply (``False`` = read-only)."""
    history: int = 6
    """Newest messages of the thread put in the prompt; older ones stay in the
    checkpoint but are left out, so a long chat never overflows a small model's
    context (and long-term facts come from memory anyway)."""
    cancel: Any = None
    """A ``threading.Event`` (anything with ``is_set()``); once set, the reply stops
    at the next token and the graph returns what was written so far (Ctrl-C in
    ``langmem-local chat``)."""
