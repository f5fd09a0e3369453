"""ChatSession: the typed turn is saved first, the reply streams clean, extraction runs after.

Real engine (SQLite, Chroma, MiniLM); the extraction model is the scripted one
and the reply model a deterministic word streamer.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from langmem_local.chat import ChatSession
from tests.conftest import decisions


class WordStream(BaseChatModel):
    """Streams ``reply`` word by word (``delay`` seconds apart) and counts what it sent."""

    reply: str = "Hello there."
    delay: float = 0.0
    sent: int = 0
    prompts: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "word-stream"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ):
        self.prompts.append(list(messages))
        for word in re.findall(r"\S+\s*", self.reply):
            time.sleep(self.delay)
            self.sent += 1
            yield ChatGenerationChunk(message=AIMessageChunk(content=word))


def _reply(events) -> tuple[list[str], str]:
    kinds, done = [], ""
    for e in events:
        kinds.append(e.kind)
        if e.kind == "done":
            done = e.text
    return kinds, done


def test_defer_only_queues_the_turn_and_retry_pending_extracts_it(make_memory, scripted):
    memory = make_memory()
    out = memory.add("I live in Oslo", user_id="u", defer=True)
    assert out["results"] == [] and len(out["queued"]) == 1
    assert scripted.calls == []  # no model call yet
    [turn] = memory.pending("u")
    assert turn["id"] == out["queued"][0]
    assert turn["messages"] == [{"role": "user", "content": "I live in Oslo"}]
    scripted.script(decisions(("ADD", -1, "Lives in Oslo", 3)))
    assert [r["memory"] for r in memory.retry_pending("u")["results"]] == ["Lives in Oslo"]
    assert memory.pending("u") == []


def test_defer_without_infer_is_refused(make_memory):
    with pytest.raises(ValueError, match="defer=True queues a turn for extraction"):
        make_memory().add("x", user_id="u", infer=False, defer=True)


def test_turn_is_saved_before_the_reply_and_extracted_after(make_memory, scripted):
    memory = make_memory()
    scripted.script(decisions(("ADD", -1, "Name is Sam", 3)))
    replies = WordStream(reply="Nice to meet you, Sam. Nice to meet you, Sam. Nice to")
    session = ChatSession(memory, "sam", chat_model=replies)
    events = session.send("Hi, I'm Sam")
    first = next(events)
    assert first.kind == "recalled"
    # Saved before any reply text was written.
    assert [t["messages"][0]["content"] for t in memory.pending("sam")] == ["Hi, I'm Sam"]
    assert first.queued == [memory.pending("sam")[0]["id"]]
    kinds, reply = _reply(events)
    assert kinds[-1] == "done" and "reply" in kinds
    assert reply == "Nice to meet you, Sam."  # the loop was cut, not shown
    assert session.wait(timeout=30)
    assert [m["memory"] for m in memory.get_all(user_id="sam")["results"]] == ["Name is Sam"]
    assert memory.pending("sam") == []
    # The extraction model saw only what the user typed.
    assert "Hi, I'm Sam" in scripted.calls[0][-1].content


def test_next_turn_recalls_what_the_previous_one_stored(make_memory, scripted):
    memory = make_memory()
    scripted.script(decisions(("ADD", -1, "Has a dog named Rex", 3)), decisions())
    replies = WordStream(reply="Noted.")
    session = ChatSession(memory, "sam", chat_model=replies)
    _reply(session.send("I have a dog named Rex"))
    recalled = [e for e in session.send("What is my dog called?") if e.kind == "recalled"]
    # send() waited for the first turn's extraction before it recalled.
    assert [m["memory"] for m in recalled[0].memories] == ["Has a dog named Rex"]
    assert "- Has a dog named Rex" in replies.prompts[-1][0].content
    assert session.wait(timeout=30)  # never close a memory under a running extraction


def test_leaving_mid_reply_keeps_the_turn_and_extracts_it(make_memory, scripted):
    memory = make_memory()
    scripted.script(decisions(("ADD", -1, "Lives in Oslo", 3)))
    replies = WordStream(reply=" ".join(["word"] * 50) + ".", delay=0.01)
    session = ChatSession(memory, "u", chat_model=replies)
    events = session.send("I live in Oslo")
    assert next(e for e in events if e.kind == "reply")
    events.close()  # what Ctrl-C does to the iterator
    assert session.wait(timeout=30)
    assert [m["memory"] for m in memory.get_all(user_id="u")["results"]] == ["Lives in Oslo"]
    assert replies.sent < 50  # the model was stopped, not run to the end


def test_cancel_stops_the_reply_and_the_graph_returns_what_was_written(make_memory, scripted):
    memory = make_memory()
    scripted.script(decisions())
    words = [f"w{i}" for i in range(200)]
    replies = WordStream(reply=" ".join(words) + ".", delay=0.005)
    session = ChatSession(memory, "u", chat_model=replies)
    shown, done = [], None
    for event in session.send("Tell me a long story"):
        if event.kind == "reply":
            shown.append(event.text)
            if len(shown) == 3:
                session.cancel()
        elif event.kind == "done":
            done = event.text
    assert done is not None and done.endswith("…")
    assert 3 <= len(done.split()) < 200 and replies.sent < 200
    assert session.wait(timeout=30) and memory.pending("u") == []


def test_catch_up_extracts_turns_left_by_an_earlier_process(make_memory, scripted, tmp_path):
    first = make_memory()
    first.add("My sister Anna is a nurse", user_id="u", defer=True)
    first.close()
    scripted.script(decisions(("ADD", -1, "Sister Anna is a nurse", 3)))
    reopened = make_memory()
    session = ChatSession(reopened, "u", chat_model=WordStream())
    assert session.catch_up() == 1
    assert [m["memory"] for m in reopened.get_all(user_id="u")["results"]] == [
        "Sister Anna is a nurse"
    ]
    assert session.catch_up() == 0


def test_a_failed_extraction_keeps_the_turn_queued_and_says_why(make_memory, scripted):
    memory = make_memory()
    scripted.script(RuntimeError("model crashed"), RuntimeError("model crashed"))
    session = ChatSession(memory, "u", chat_model=WordStream())
    _reply(session.send("I live in Oslo"))
    assert session.wait(timeout=30)
    assert [t["messages"][0]["content"] for t in memory.pending("u")] == ["I live in Oslo"]
    assert session.last_error == "extraction failed"
