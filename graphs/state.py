"""State of the memory agent graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages


@dataclass(kw_only=True)
class State:
    """Conversation plus the memories retrieved for the current turn."""

    messages: Annotated[list[AnyMessage], add_messages] = field(default_factory=list)
    """The conversation; new messages are appended (or replace same-id ones)."""
    memories: list[dict[str, Any]] = field(default_factory=list)
    """Search hits of ``retrieve_memories`` for the latest user message."""
