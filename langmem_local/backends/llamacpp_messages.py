"""LangChain messages and ``response_format`` in the OpenAI shape llama.cpp reads.

Conversions used by :class:`~langmem_local.backends.llamacpp.LlamaCppChatModel`
to build a chat completion request: message content flattened to text, each
message turned into an OpenAI chat message, and ``response_format`` normalised
to the one shape llama.cpp constrains by.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from pydantic import BaseModel


def _text_content(content: str | list[str | dict[str, Any]]) -> str:
    """Flatten LangChain content blocks to text; llama.cpp chat here is text only."""
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif block.get("type") == "text":
            parts.append(str(block.get("text", "")))
        else:
            msg = (
                f"content block of type {block.get('type')!r} is not supported by the embedded "
                "llama.cpp model; fix: send text only"
            )
            raise ValueError(msg)
    return "".join(parts)


def _to_openai_message(message: BaseMessage) -> dict[str, Any]:
    """Convert one LangChain message to the OpenAI chat format llama.cpp reads."""
    content = _text_content(message.content)
    if isinstance(message, SystemMessage):
        return {"role": "system", "content": content}
    if isinstance(message, HumanMessage):
        return {"role": "user", "content": content}
    if isinstance(message, AIMessage):
        out: dict[str, Any] = {"role": "assistant", "content": content}
        if message.tool_calls:
            out["tool_calls"] = [
                {
                    "id": call.get("id") or f"call_{i}",
                    "type": "function",
                    "function": {"name": call["name"], "arguments": json.dumps(call["args"])},
                }
                for i, call in enumerate(message.tool_calls)
            ]
        return out
    if isinstance(message, ToolMessage):
        return {"role": "tool", "content": content, "tool_call_id": message.tool_call_id}
    if isinstance(message, ChatMessage):
        return {"role": message.role, "content": content}
    msg = (
        f"message type {type(message).__name__} is not supported by the embedded llama.cpp "
        "model; fix: use System/Human/AI/Tool/ChatMessage"
    )
    raise ValueError(msg)


def _normalise_response_format(response_format: Any) -> dict[str, Any]:
    """Return the one ``response_format`` shape llama.cpp constrains by.

    llama.cpp reads the schema at ``json_schema.schema`` (OpenAI's shape) or at
    ``schema`` when ``type`` is ``json_object``. OpenAI-style callers sometimes put
    it at the top level with ``type: json_schema``, which llama.cpp silently
    ignores (unconstrained output), so that shape is rewritten. A pydantic model
    class is accepted too.
    """
    if isinstance(response_format, type) and issubclass(response_format, BaseModel):
        return {
            "type": "json_schema",
            "json_schema": {
                "name": response_format.__name__,
                "schema": response_format.model_json_schema(),
            },
        }
    if not isinstance(response_format, Mapping):
        msg = (
            f"response_format must be a dict or a pydantic model class, got "
            f"{type(response_format).__name__}; fix: pass "
            '{"type": "json_schema", "json_schema": {"name": ..., "schema": {...}}}'
        )
        raise ValueError(msg)
    fmt = dict(response_format)
    if fmt.get("type") == "json_schema" and "json_schema" not in fmt and "schema" in fmt:
        fmt = {
            "type": "json_schema",
            "json_schema": {"name": fmt.get("name", "response"), "schema": fmt["schema"]},
        }
    return fmt
