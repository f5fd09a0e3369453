from __future__ import annotations

import importlib.util
import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from graphs.context import Context
from graphs.graph import BACKGROUND, build_graph, flush_background
from tests.fakes import FakeMemory, RecordingChatModel

ROOT = Path(__file__).resolve().parents[2]


def _ask(text: str) -> dict:
    return {"messages": [{"role": "user", "content": text}]}


def _thread(tid: str) -> dict:
    return {"configurable": {"thread_id": tid}}


def test_langgraph_json_points_at_a_compiled_graph(monkeypatch) -> None:
    spec = json.loads((ROOT / "langgraph.json").read_text())
    assert spec["dependencies"] == ["."]
    path, attr = spec["graphs"]["memory_agent"].split(":")
    module_spec = importlib.util.spec_from_file_location("studio_graph", ROOT / path)
    module = importlib.util.module_from_spec(module_spec)
    # As the LangGraph server does: register, then execute the file.
    monkeypatch.setitem(sys.modules, "studio_graph", module)
    module_spec.loader.exec_module(module)
    graph = getattr(module, attr)
    from langgraph.graph.state import CompiledStateGraph

    assert isinstance(graph, CompiledStateGraph)
    assert graph.checkpointer is None  # the server brings its own
    assert {"retrieve_memories", "generate", "extract_and_update"} <= set(graph.nodes)
    # Building it opened nothing: the default memory is created on the first run.
    assert module._default_memory.cache_info().currsize == 0


def test_nodes_run_in_order_and_memories_reach_the_prompt() -> None:
    memory = FakeMemory()
    memory.add("Alice is vegetarian", user_id="alice", infer=False)
    model = RecordingChatModel(reply="How about a veggie curry?")
    graph = build_graph(memory, model, checkpointer=InMemorySaver())
    steps = [
        next(iter(chunk))
        for chunk in graph.stream(
            _ask("Is vegetarian curry ok?"),
            _thread("t1"),
            context=Context(user_id="alice"),
            stream_mode="updates",
        )
    ]
    assert steps == ["retrieve_memories", "generate", "extract_and_update"]
    system = model.calls[0][0]
    assert system.type == "system" and "- Alice is vegetarian" in system.text
    assert memory.add_calls[-1]["messages"] == [
        {"role": "user", "content": "Is vegetarian curry ok?"},
        {"role": "assistant", "content": "How about a veggie curry?"},
    ]
    assert memory.add_calls[-1]["infer"] is True


def test_second_thread_recalls_what_first_stored() -> None:
    memory = FakeMemory()
    model = RecordingChatModel()
    graph = build_graph(memory, model, checkpointer=InMemorySaver())
    ctx = Context(user_id="sam")
    graph.invoke(_ask("My sister Maya lives in Oslo"), _thread("a"), context=ctx)
    out = graph.invoke(_ask("Where does Maya live?"), _thread("b"), context=ctx)
    assert "- My sister Maya lives in Oslo" in model.calls[-1][0].text
    assert [m.type for m in out["messages"]] == ["human", "ai"]  # thread b has its own history
    assert out["memories"][0]["memory"] == "My sister Maya lives in Oslo"
    # Another user does not see it.
    graph.invoke(_ask("Where does Maya live?"), _thread("c"), context=Context(user_id="eve"))
    assert "Maya" not in model.calls[-1][0].text  # the system prompt holds only memories


def test_same_thread_keeps_short_term_history() -> None:
    model = RecordingChatModel()
    graph = build_graph(FakeMemory(), model, checkpointer=InMemorySaver())
    graph.invoke(_ask("hi"), _thread("x"), context=Context(user_id="u"))
    out = graph.invoke(_ask("again"), _thread("x"), context=Context(user_id="u"))
    assert [m.type for m in out["messages"]] == ["human", "ai", "human", "ai"]


def test_context_k_and_extract_switch() -> None:
    memory = FakeMemory()
    for i in range(4):
        memory.add(f"fact {i} about tea", user_id="u", infer=False)
    model = RecordingChatModel()
    graph = build_graph(memory, model, k=3)
    out = graph.invoke(_ask("tea"), context=Context(user_id="u", k=1, extract=False))
    assert len(out["memories"]) == 1
    assert len(memory.add_calls) == 4  # only the seeding calls
    out = graph.invoke(_ask("tea"), context=Context(user_id="u"))
    assert len(out["memories"]) == 3


async def test_ainvoke_works() -> None:
    memory = FakeMemory()
    memory.add("Alice is vegetarian", user_id="alice", infer=False)
    model = RecordingChatModel()
    graph = build_graph(memory, model)
    await graph.ainvoke(_ask("vegetarian dinner?"), context=Context(user_id="alice"))
    assert "- Alice is vegetarian" in model.calls[0][0].text
    assert memory.add_calls[-1]["user_id"] == "alice"


class GatedMemory(FakeMemory):
    """Extraction blocks until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def add(self, messages: Any, **kwargs: Any) -> dict[str, Any]:
        if kwargs.get("infer", True):
            assert self.gate.wait(10), "gate never opened"
        return super().add(messages, **kwargs)


def test_background_extraction_returns_first_and_flush_completes() -> None:
    memory = GatedMemory()
    graph = build_graph(memory, RecordingChatModel(reply="ok"), background_extraction=True)
    ctx = Context(user_id="bg")
    out = graph.invoke(_ask("I play the cello"), context=ctx)
    assert out["messages"][-1].content == "ok"  # replied while extraction is blocked
    graph.invoke(_ask("I also sing in a choir"), context=ctx)
    assert BACKGROUND.pending == 2
    assert memory.get_all(user_id="bg")["results"] == []
    memory.gate.set()
    results = flush_background(timeout=10)
    assert [r["results"][0]["memory"] for r in results] == [
        "I play the cello",
        "I also sing in a choir",
    ]  # every turn stored, in order
    assert BACKGROUND.pending == 0
    assert len(memory.get_all(user_id="bg")["results"]) == 2


def test_flush_times_out_without_losing_work() -> None:
    memory = GatedMemory()
    graph = build_graph(memory, RecordingChatModel(), background_extraction=True)
    graph.invoke(_ask("remember the milk"), context=Context(user_id="slow"))
    with pytest.raises(TimeoutError, match="flush_background"):
        flush_background(timeout=0.05)
    memory.gate.set()
    assert [r["results"][0]["memory"] for r in flush_background(timeout=10)] == [
        "remember the milk"
    ]


class BrokenMemory(FakeMemory):
    def add(self, messages: Any, **kwargs: Any) -> dict[str, Any]:
        if kwargs.get("infer", True) and not getattr(self, "healed", False):
            raise OSError("disk full")
        return super().add(messages, **kwargs)


def test_failed_background_turn_is_kept_and_retried() -> None:
    memory = BrokenMemory()
    graph = build_graph(memory, RecordingChatModel(), background_extraction=True)
    graph.invoke(_ask("my locker code is 4312"), context=Context(user_id="z"))
    assert flush_background(timeout=10) == []
    assert [f.user_id for f in BACKGROUND.failed] == ["z"]
    memory.healed = True
    BACKGROUND.retry_failed()
    assert [r["results"][0]["memory"] for r in flush_background(timeout=10)] == [
        "my locker code is 4312"
    ]
    assert BACKGROUND.failed == []


def test_runtime_store_is_available_to_nodes() -> None:
    from langgraph.store.memory import InMemoryStore

    store = InMemoryStore()
    graph = build_graph(FakeMemory(), RecordingChatModel(), store=store)
    assert graph.store is store


def test_real_engine_second_thread_recalls_extracted_fact(make_memory, scripted) -> None:
    from tests.conftest import decisions

    scripted.script(decisions(("ADD", -1, "Sister Maya lives in Oslo", 4)))
    memory = make_memory()
    model = RecordingChatModel()
    graph = build_graph(memory, model, checkpointer=InMemorySaver())
    ctx = Context(user_id="sam")
    graph.invoke(_ask("My sister Maya lives in Oslo"), _thread("a"), context=ctx)
    # the extraction model saw the turn, and the fact is stored for sam
    assert "My sister Maya lives in Oslo" in scripted.calls[0][-1].content
    assert [m["memory"] for m in memory.get_all(user_id="sam")["results"]] == [
        "Sister Maya lives in Oslo"
    ]
    graph.invoke(_ask("Where does Maya live?"), _thread("b"), context=ctx)
    assert "- Sister Maya lives in Oslo" in model.calls[-1][0].text


def test_prompt_keeps_the_newest_history_and_the_reply_is_cleaned() -> None:
    model = RecordingChatModel(reply="Noted. Noted. Noted.")
    graph = build_graph(FakeMemory(), model, checkpointer=InMemorySaver())
    for i in range(5):
        out = graph.invoke(_ask(f"m{i}"), _thread("h"), context=Context(user_id="u", history=3))
    # A model without streaming is cleaned too: the loop is cut at the first repeat.
    assert out["messages"][-1].content == "Noted."
    assert len(out["messages"]) == 10  # the checkpoint keeps the whole thread
    prompt = model.calls[-1]
    assert [m.type for m in prompt] == ["system", "human", "ai", "human"]
    assert [m.text for m in prompt[1:]] == ["m3", "Noted.", "m4"]
    assert "System time" not in prompt[0].text
