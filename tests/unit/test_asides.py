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


@pytest.mark.parametrize(
    "clause",
    [
        "I'm basically a professional napper at this point",  # hyperbole about a pastime
        "i'm a professional coffee drinker",
        "I'm 29 for the fourth time this year",  # the age joke
    ],
)
def test_hyperbole_is_a_joke_in_its_clause(clause):
    assert reason(clause) == "joke or sarcasm"


def test_a_laugh_after_a_professional_claim_makes_the_whole_sentence_a_joke():
    from langmem_local.asides import joking
    from langmem_local.statements import analyse

    said = "yeah i'm a professional astronaut, i commute to the moon on tuesdays 😂"
    assert joking(said)
    assert analyse(said).facts == []
    # A job with a laugh is still a job; a professional without a laugh is one.
    assert not joking("im a nurse lol")
    assert [f.text for f in analyse("I'm a professional photographer").facts] == [
        "Works as a professional photographer"
    ]
    # The joke's clause goes, the cat in the same sentence stays.
    kept = analyse("I'm basically a professional napper at this point, my cat Biscuit is jealous")
    assert [f.text for f in kept.facts] == ["Cat Biscuit is jealous"]
