from __future__ import annotations

from dataclasses import dataclass

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from langmem_local.errors import ConfigError
from langmem_local.middleware import MemoryMiddleware, last_turn
from tests.fakes import FakeMemory, RecordingChatModel


@dataclass
class Ctx:
    user_id: str


@pytest.fixture
def memory() -> FakeMemory:
    m = FakeMemory()
    m.add("Alice is allergic to peanuts", user_id="alice", infer=False)
    m.add("Bob is allergic to cats", user_id="bob", infer=False)
    return m


def _agent(memory, model, **kw):
    return create_agent(
        model=model,
        tools=[],
        system_prompt="You are a chef.",
        middleware=[MemoryMiddleware(memory, **kw)],
        context_schema=Ctx,
    )


def _ask(text: str) -> dict:
    return {"messages": [{"role": "user", "content": text}]}


def test_invoke_injects_memories_and_stores_turn(memory: FakeMemory) -> None:
    model = RecordingChatModel(reply="Try a peanut-free pad thai.")
    _agent(memory, model).invoke(_ask("Dinner ideas without peanuts?"), context=Ctx("alice"))
    (system,) = model.system_prompts()
    assert system.startswith("You are a chef.")
    assert "- Alice is allergic to peanuts" in system
    assert "Bob" not in system  # other users' memories never leak
    added = memory.add_calls[-1]
    assert added["user_id"] == "alice" and added["infer"] is True
    assert added["messages"] == [
        {"role": "user", "content": "Dinner ideas without peanuts?"},
        {"role": "assistant", "content": "Try a peanut-free pad thai."},
    ]


async def test_ainvoke_injects_memories_and_stores_turn(memory: FakeMemory) -> None:
    model = RecordingChatModel(reply="Avoid cats.")
    agent = _agent(memory, model)
    await agent.ainvoke(_ask("what am I allergic to?"), context=Ctx("bob"))
    assert "- Bob is allergic to cats" in model.system_prompts()[0]
    assert memory.add_calls[-1]["user_id"] == "bob"
    assert memory.add_calls[-1]["messages"][0]["content"] == "what am I allergic to?"


def test_new_turn_is_recalled_next_time(memory: FakeMemory) -> None:
    model = RecordingChatModel()
    agent = _agent(memory, model)
    agent.invoke(_ask("I moved to Lisbon last month"), context=Ctx("carol"))
    agent.invoke(_ask("Which city do I live in? Lisbon or Porto?"), context=Ctx("carol"))
    assert "- I moved to Lisbon last month" in model.system_prompts()[-1]


def test_user_id_from_configurable_when_no_context(memory: FakeMemory) -> None:
    model = RecordingChatModel()
    agent = create_agent(model=model, tools=[], middleware=[MemoryMiddleware(memory)])
    agent.invoke(_ask("peanuts?"), {"configurable": {"user_id": "alice"}})
    assert "Alice is allergic to peanuts" in model.system_prompts()[0]


def test_dict_context_is_accepted(memory: FakeMemory) -> None:
    model = RecordingChatModel()
    agent = create_agent(model=model, tools=[], middleware=[MemoryMiddleware(memory)])
    agent.invoke(_ask("peanuts?"), context={"user_id": "alice"})
    assert "Alice is allergic to peanuts" in model.system_prompts()[0]


def test_missing_user_id_is_a_clear_error(memory: FakeMemory) -> None:
    agent = create_agent(
        model=RecordingChatModel(), tools=[], middleware=[MemoryMiddleware(memory)]
    )
    with pytest.raises(ConfigError, match="user_id"):
        agent.invoke(_ask("hello"))


def test_min_score_k_and_no_system_prompt(memory: FakeMemory) -> None:
    memory.add("Alice likes peanuts butter toast", user_id="alice", infer=False)
    model = RecordingChatModel()
    agent = create_agent(
        model=model, tools=[], middleware=[MemoryMiddleware(memory, k=1, min_score=0.0)]
    )
    agent.invoke(_ask("peanuts allergic"), context={"user_id": "alice"})
    (system,) = model.system_prompts()
    assert system.count("\n- ") == 1  # k=1

    model = RecordingChatModel()
    agent = create_agent(
        model=model, tools=[], middleware=[MemoryMiddleware(memory, min_score=0.99)]
    )
    agent.invoke(_ask("peanuts zebra"), context={"user_id": "alice"})
    assert model.system_prompts() == []  # nothing scored high enough: prompt untouched


def test_custom_template_and_extract_off(memory: FakeMemory) -> None:
    model = RecordingChatModel()
    mw = MemoryMiddleware(memory, prompt_template="FACTS:\n{memories}", extract=False)
    agent = create_agent(model=model, tools=[], middleware=[mw], context_schema=Ctx)
    before = len(memory.add_calls)
    agent.invoke(_ask("peanuts"), context=Ctx("alice"))
    assert model.system_prompts() == ["FACTS:\n- Alice is allergic to peanuts"]
    assert len(memory.add_calls) == before


def test_template_without_slot_rejected(memory: FakeMemory) -> None:
    with pytest.raises(ConfigError, match=r"\{memories\}"):
        MemoryMiddleware(memory, prompt_template="no slot")


def test_last_turn_skips_tool_traffic() -> None:
    msgs = [
        HumanMessage("old"),
        AIMessage("old answer"),
        HumanMessage("weather in Paris?"),
        AIMessage("", tool_calls=[{"name": "w", "args": {}, "id": "1"}]),
        ToolMessage("sunny", tool_call_id="1"),
        AIMessage("It is sunny in Paris."),
    ]
    assert last_turn(msgs) == [
        {"role": "user", "content": "weather in Paris?"},
        {"role": "assistant", "content": "It is sunny in Paris."},
    ]
