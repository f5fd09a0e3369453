"""Shared fixtures: a scripted chat model for deterministic engine tests, real MiniLM.

``make_memory`` opens the engine on the embedded profile (a data dir); in a
module or test marked ``profiles`` it runs once per storage profile,
``embedded`` and ``server`` (PostgreSQL + pgvector from ``tests/pg_server.py``,
a fresh schema per data dir; skipped with the reason when no such server).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from tests.pg_server import pgvector_dsn, postgres_dsn  # noqa: F401  (session fixtures)

#: Storage profiles a ``profiles``-marked test runs on.
PROFILES = ("embedded", "server")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "profiles: run the test's make_memory on both storage profiles"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "memory_profile" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "profiles"
    ):
        metafunc.parametrize("memory_profile", PROFILES, indirect=True)


@pytest.fixture
def memory_profile(request: pytest.FixtureRequest) -> str:
    """``embedded`` unless the test is parametrised over :data:`PROFILES`."""
    return getattr(request, "param", "embedded")


def store_dump(memory: Any) -> str:
    """Every value of every row the memory's source of truth holds, as text."""
    if memory._stores.profile == "embedded":
        return "\n".join(memory._db.conn.iterdump())
    from psycopg import sql

    db = memory._db.database
    tables = db.fetchall(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (db.schema,),
    )
    out: list[str] = []
    for t in tables:
        name = sql.Identifier(db.schema, t["table_name"])
        out += [r["v"] for r in db.fetchall(sql.SQL("SELECT t::text AS v FROM {} t").format(name))]
    return "\n".join(out)


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

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
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
        out.append(
            {
                "event": event,
                "id": idx,
                "text": text,
                "importance": importance,
                "relations": rest[0] if rest else [],
            }
        )
    return {"memories": out}


@pytest.fixture(scope="session")
def minilm():
    from langmem_local.backends.embedded import MiniLMEmbeddings

    return MiniLMEmbeddings()


@pytest.fixture
def scripted() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
def facts_memory(tmp_path, minilm, scripted):
    """An embedded ``LocalMemory`` in facts mode: the rules, real MiniLM, the scripted model."""
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    m = LocalMemory(
        chat_model=scripted,
        embeddings=minilm,
        data_dir=tmp_path / "facts",
        config=LocalMemoryConfig(extraction_mode="facts"),
    )
    yield m
    m.close()


@pytest.fixture
def played(facts_memory):
    """Plays turns for one user through ``facts_memory``; returns their memories now, sorted.

    A date the engine resolved ("last week (week of 30 November 2026)") is left out of
    each text: it depends on the day the test runs.
    """

    def play(turns: list[str], user: str = "u") -> list[str]:
        for i, turn in enumerate(turns):
            facts_memory.add(turn, user_id=user, metadata={"turn": i})
        rows = facts_memory.get_all(user_id=user)["results"]
        return sorted(re.sub(r" \([^()]*\d{4}[^()]*\)", "", r["memory"]) for r in rows)

    return play


@pytest.fixture
def make_memory(request, tmp_path, minilm, scripted, memory_profile):
    """Open LocalMemory instances on one data dir (a second call = a reopen).

    On the server profile each data dir maps to its own schema, dropped after the test.
    """
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    opened: list[LocalMemory] = []
    schemas: set[str] = set()
    dsn: list[str] = []

    def _open(chat_model: Any = None, embeddings: Any = None, data_dir: Any = None) -> LocalMemory:
        where = data_dir or tmp_path / "data"
        cfg = LocalMemoryConfig(data_dir=where, database_url=None)
        if memory_profile == "server":
            if not dsn:
                dsn.append(request.getfixturevalue("pgvector_dsn"))
            schema = "t_" + hashlib.sha1(str(where).encode()).hexdigest()[:16]
            schemas.add(schema)
            cfg = cfg.model_copy(update={"database_url": dsn[0], "database_schema": schema})
        m = LocalMemory(
            chat_model=chat_model or scripted, embeddings=embeddings or minilm, config=cfg
        )
        opened.append(m)
        return m

    yield _open
    for m in opened:
        try:
            m.close()
        except Exception:
            pass
    if schemas:
        import psycopg

        with psycopg.connect(dsn[0], autocommit=True) as admin:
            for schema in schemas:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
