"""Statement-like clauses that are not facts about the user (asides.py)."""

from __future__ import annotations

import pytest

from langmem_local.asides import reason


@pytest.mark.parametrize(
    ("clause", "why"),
    [
        ("you're way better than the other chatbot I used", "small talk"),
        ("say I had 3 kids", "hypothetical"),
        ("if I ever had a dog I'd name it Biscuit", "hypothetical"),
        ("We all need a push sometimes", "general remark"),
        ("my dog ate my homework lmaooo jk", "joke or sarcasm"),
        ("I just LOVE waking up at 5am for work 🙄", "joke or sarcasm"),
        ("My coworker Jenna thinks pineapple on pizza is disgusting", "someone else's opinion"),
    ],
)
def test_what_is_not_a_fact_and_why(clause, why):
    assert reason(clause) == why


@pytest.mark.parametrize(
    "clause",
    [
        "you can just call me Jo",  # the user's name, said to the assistant
        "tahoe trip is cancelled, half the group got covid 🙄",  # annoyed, not sarcastic
        "We both love hiking",  # the user is one of "we"
        "My doctor says I should cut back on salt",  # advice about the user, not a taste
        "I live in Denver",
    ],
)
def test_near_misses_are_facts(clause):
    assert reason(clause) is None
