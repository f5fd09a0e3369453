"""Shared fixtures: a scripted chat model for deterministic engine tests, real MiniLM."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from tests.pg_server import postgres_dsn  # noqa: F401  (session fixture: one server per run)


class ScriptedChatModel(BaseChatModel):
    """Replies with the scripted answers in order and records every prompt it saw."""

    replies: list[Any] = Field(default_factory=list)
    """Answers to give: dicts are sent as JSON, strings as-is, exceptions are raised."""
    calls: list[list[BaseMessage]] = Field(default_factory=list)
    """The messages of each call, for assertions."""
    call_kwargs: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.calls.append(list(messages))
        self.call_kwargs.append(kwargs)
        if not self.replies:
            raise AssertionError("ScriptedChatModel ran out of replies")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        text = reply if isinstance(reply, str) else json.dumps(reply)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def script(self, *replies: Any) -> ScriptedChatModel:
        self.replies.extend(replies)
        return self


def decisions(*items: Iterable[Any]) -> dict[str, Any]:
    """Build an extraction answer: decisions(("ADD", -1, "Likes tea", 3), ...)."""
    out = []
    for event, idx, text, importance, *rest in items:
        out.append({"event": event, "id": idx, "text": text, "importance": importance,
                    "relations": rest[0] if rest else []})
    return {"memories": out}


@pytest.fixture(scope="session")
def minilm():
    from langmem_local.backends.embedded import MiniLMEmbeddings

    return MiniLMEmbeddings()


@pytest.fixture
def scripted() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def make_memory(tmp_path, minilm, scripted):
    """Open LocalMemory instances on one data dir (a second call = a reopen)."""
    from langmem_local.memory import LocalMemory

    opened: list[LocalMemory] = []

    def _open(chat_model: Any = None, embeddings: Any = None, data_dir: Any = None) -> LocalMemory:
        m = LocalMemory(chat_model=chat_model or scripted, embeddings=embeddings or minilm,
                        data_dir=data_dir or tmp_path / "data")
        opened.append(m)
        return m

    yield _open
    for m in opened:
        try:
            m.close()
        except Exception:
            pass
