"""ScopedMemory rules on a deterministic fake engine: scope, ownership, draining close."""

from __future__ import annotations

import asyncio
import re
import threading
import time

import pytest

from langmem_local.errors import MemoryNotFoundError, ScopeError, ServerClosingError
from langmem_local.scope import ScopedMemory, error_message, not_found_message
from tests.fakes import FakeMemory


class _Recording(FakeMemory):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def engine() -> _Recording:
    m = _Recording()
    m.add("Bob's PIN is 4711", user_id="bob", infer=False)
    m.add("Alice likes tea", user_id="alice", infer=False)
    return m


async def test_fixed_scope_defaults_and_refuses_other_users(engine):
    scoped = ScopedMemory(engine, user_id="alice")
    assert scoped.resolve_user(None) == "alice" and scoped.resolve_user(" alice ") == "alice"
    mine = await scoped.get_all()
    assert [r["memory"] for r in mine["results"]] == ["Alice likes tea"]
    for user in ("bob", "*", "%", "ALICE"):
        with pytest.raises(ScopeError, match=re.escape(f"user_id {user!r} is outside")):
            await scoped.search("PIN", user_id=user)
        with pytest.raises(ScopeError):
            await scoped.delete_all(user_id=user)
    with pytest.raises(TypeError, match="user_id must be a string"):
        scoped.resolve_user(["bob"])
    assert await scoped.users() == ["alice"]


async def test_another_users_id_answers_like_an_unknown_id(engine):
    scoped = ScopedMemory(engine, user_id="alice")
    bob_id = engine.get_all(user_id="bob")["results"][0]["id"]
    assert await scoped.get(bob_id) is None
    for call in (scoped.update(bob_id, "x"), scoped.delete(bob_id), scoped.history(bob_id)):
        with pytest.raises(MemoryNotFoundError) as err:
            await call
        assert str(err.value) == not_found_message(bob_id)
    assert engine.get(bob_id)["memory"] == "Bob's PIN is 4711"  # untouched


async def test_unscoped_server_needs_a_user_id(engine):
    scoped = ScopedMemory(engine)
    with pytest.raises(ValueError, match="user_id is required"):
        await scoped.get_all()
    assert len((await scoped.get_all(user_id="bob"))["results"]) == 1
    assert sorted(await scoped.users()) == ["alice", "bob"]


def test_bad_server_user_is_refused(engine):
    with pytest.raises(ValueError, match="--user"):
        ScopedMemory(engine, user_id="  ")


async def test_close_waits_for_running_calls_then_refuses_new_ones(engine):
    scoped = ScopedMemory(engine)
    started, release = threading.Event(), threading.Event()
    real_add = engine.add

    def slow_add(*args, **kwargs):
        started.set()
        release.wait(5)
        return real_add(*args, **kwargs)

    engine.add = slow_add
    pending = asyncio.ensure_future(scoped.add("late fact", user_id="bob", infer=False))
    await asyncio.to_thread(started.wait, 5)
    closer = threading.Thread(target=scoped.close)
    closer.start()
    time.sleep(0.2)
    assert closer.is_alive() and not engine.closed  # waiting for the write
    release.set()
    closer.join(5)
    assert engine.closed and scoped.closed
    assert (await pending)["results"][0]["memory"] == "late fact"  # finished, not lost
    with pytest.raises(ServerClosingError, match="shutting down"):
        await scoped.get_all(user_id="bob")


def test_error_message_is_one_line_without_key_error_quotes():
    assert error_message(KeyError("no such key")) == "no such key"
    assert error_message(MemoryNotFoundError("no memory with id 'x'")) == "no memory with id 'x'"
    assert error_message(ValueError("a\nb")) == "a b"
