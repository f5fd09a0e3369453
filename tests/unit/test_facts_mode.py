"""The facts-mode turn through LocalMemory, with a scripted model (facts_mode.py)."""

from __future__ import annotations

import pytest

from langmem_local.facts_mode import usable_model_fact


@pytest.fixture
def memory(facts_memory):
    return facts_memory  # tests/conftest.py: facts mode, real MiniLM, the scripted model


def texts(m, user="u"):
    return [r["memory"] for r in m.get_all(user_id=user)["results"]]


def test_first_person_turns_need_no_model_call(memory, scripted):
    out = memory.add("Hi, I'm Sarah. I live in Denver and I am vegetarian.", user_id="u")
    assert out["llm_calls"] == 0 and scripted.calls == []
    assert [(r["event"], r["memory"]) for r in out["results"]] == [
        ("ADD", "Name is Sarah"),
        ("ADD", "Lives in Denver"),
        ("ADD", "Is vegetarian"),
    ]


def test_update_history_as_of_and_graph(memory):
    memory.add("I live in Denver", user_id="u", timestamp="2026-01-05")
    out = memory.add("Actually I moved to Boston", user_id="u", timestamp="2026-03-01")
    [update] = out["results"]
    assert (update["event"], update["previous_memory"]) == ("UPDATE", "Lives in Denver")
    assert [h["event"] for h in memory.history(update["id"])] == ["ADD", "UPDATE"]
    then = memory.search("where does the user live", user_id="u", as_of="2026-02-01")
    assert [r["memory"] for r in then["results"]] == ["Lives in Denver"]
    edges = {
        (e["source"], e["relationship"], e["destination"]) for e in memory.graph.graph("u")["edges"]
    }
    assert edges == {("user", "lives_in", "Boston")}  # Denver's edge was closed


def test_duplicates_become_none_and_denials_delete(memory):
    memory.add("I have a peanut allergy", user_id="u")
    out = memory.add("I'm allergic to peanuts", user_id="u")
    assert [r["event"] for r in out["results"]] == ["NONE"]
    memory.add("I have a cat", user_id="u")
    out = memory.add("I don't have a cat", user_id="u")
    assert [r["event"] for r in out["results"]] == ["DELETE"]
    assert texts(memory) == ["Has a peanut allergy"]


def test_the_model_is_asked_only_about_others_and_its_junk_is_dropped(memory, scripted):
    scripted.script(
        {
            "facts": [
                "Anna got a job at Google",
                "Has two cats",
                "Anna got a job at Google, Google, Google, Google",
            ]
        }
    )
    out = memory.add("Anna got a job at Google. Can I eat a Snickers bar?", user_id="u")
    assert out["llm_calls"] == 1 and len(scripted.calls) == 1
    assert "Anna got a job at Google" in scripted.calls[0][-1].content
    assert "Snickers" not in scripted.calls[0][-1].content
    assert texts(memory) == ["Anna got a job at Google"]


def test_a_model_failure_keeps_the_turn_queued_when_nothing_else_was_found(memory, scripted):
    scripted.script(RuntimeError("model down"))
    out = memory.add("Anna got a job at Google", user_id="u")
    assert out["queued"] and "model down" in out["error"]
    scripted.script({"facts": ["Anna got a job at Google"]})
    assert [r["memory"] for r in memory.retry_pending()["results"]] == ["Anna got a job at Google"]


@pytest.mark.parametrize(
    ("fact", "ok"),
    [
        ("Anna got a job at Google", True),
        ("Has two cats", False),
        ("I'm a vegetarian, I'm a vegetarian, I'm a vegetarian, I'm a", False),
        ("Is a non-", False),
        ("Can eat Snickers?", False),
        ("Anna", False),
    ],
)
def test_usable_model_fact(fact, ok):
    assert usable_model_fact(fact, "Anna got a job at Google. I'm a vegetarian. Snickers") is ok


def test_a_model_fact_must_keep_names_where_the_user_put_them():
    """SmolLM2 wrote "Just signed a lease in Denver" for a lease in Boulder."""
    said = "just signed a lease in Boulder, moving out of the Denver place on the 28th"
    assert not usable_model_fact("Just signed a lease in Denver", said)
    assert usable_model_fact("Just signed a lease in Boulder", said)
