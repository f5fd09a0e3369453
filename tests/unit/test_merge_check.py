"""Consolidation never loses a fact: merge validation (merge_check.py) and consolidate."""

from __future__ import annotations

from langmem_local.maintenance import consolidate
from langmem_local.merge_check import merge_problem
from tests.conftest import ScriptedChatModel


class _SchemaScripted(ScriptedChatModel):
    supports_json_schema: bool = True


def test_merge_problem_accepts_faithful_merges():
    assert merge_problem("Lives in Denver", ["Lives in Denver", "Lives in Denver"]) is None
    assert (
        merge_problem("Is allergic to peanuts", ["Has a peanut allergy", "Is allergic to peanuts"])
        is None
    )


def test_merge_problem_rejects_what_smollm2_produced():
    garbage = "2022-01-01 00:00:00.000000.000000" + ".000000" * 50
    assert "too long" in merge_problem(garbage, ["Lives in Denver", "Lives in Denver"])
    assert "loses" in merge_problem("2022-01-01", ["Lives in Denver"])
    assert "repeats" in merge_problem(
        "Is vegetarian, is vegetarian, is vegetarian", ["Is vegetarian"] * 3
    )
    assert "denial" in merge_problem("Drinks coffee", ["No longer drinks coffee", "Drinks coffee"])
    assert "loses" in merge_problem("Lives in Boston", ["Lives in Boston", "Works at Google"])


def _add(m, text):
    return m.add(text, user_id="sam", infer=False)["results"][0]["id"]


def test_consolidate_identical_memories_keeps_the_fact(make_memory):
    model = _SchemaScripted().script({"text": "2022-01-01 00:00:00.000000.000000"})
    m = make_memory(chat_model=model)
    _add(m, "Lives in Denver")
    _add(m, "Lives in Denver")
    [group] = consolidate(m, user_id="sam").groups
    assert group.method == "rules" and "rejected" in group.note
    assert [r["memory"] for r in m.get_all(user_id="sam")["results"]] == ["Lives in Denver"]


def test_consolidate_paraphrases_with_a_lossy_model_answer_falls_back(make_memory):
    model = _SchemaScripted().script({"text": "Has an allergy"})
    m = make_memory(chat_model=model)
    _add(m, "Has a peanut allergy")
    _add(m, "Is allergic to peanuts")
    report = consolidate(m, user_id="sam", similarity=0.7)
    [group] = report.groups
    assert group.method == "rules"
    [merged] = [r["memory"] for r in m.get_all(user_id="sam")["results"]]
    assert "peanut" in merged.lower() and "allerg" in merged.lower()


def test_consolidate_accepts_a_faithful_model_merge(make_memory):
    model = _SchemaScripted().script({"text": "Loves hiking in the mountains on weekends"})
    m = make_memory(chat_model=model)
    _add(m, "Loves hiking in the mountains")
    _add(m, "Loves hiking in the mountains on weekends")
    [group] = consolidate(m, user_id="sam").groups
    assert group.method == "llm" and group.note is None


def test_consolidate_leaves_unrelated_memories_alone(make_memory):
    model = _SchemaScripted()
    m = make_memory(chat_model=model)
    for text in ["Lives in Denver", "Is allergic to peanuts", "Plays the cello"]:
        _add(m, text)
    report = consolidate(m, user_id="sam")
    assert report.groups == [] and model.calls == []
    assert len(m.get_all(user_id="sam")["results"]) == 3
