"""The same fact said in other words, with no content word in common (paraphrase.py)."""

from __future__ import annotations

import pytest

from langmem_local.paraphrase import same
from langmem_local.reconcile import compare, reconcile
from langmem_local.statements import Fact


@pytest.mark.parametrize(
    ("new", "stored"),
    [
        ("Jogs pretty much daily", "Goes running most days"),
        ("Is fully remote for their job", "Works from home"),
        ("Doesn't eat meat", "Is vegetarian"),
        ("Writes code for a living", "Works as a software engineer"),
        ("Cycles to the office every day", "Bikes to work"),
        ("Daily commute is by bicycle", "Bikes to work every day"),
        ("Shellfish makes them break out in hives", "Is allergic to shellfish"),
        ("Has been a celtics fan since they were a kid", "Loves the Boston Celtics"),
        ("Hit the gym before work every morning", "Goes to the gym every morning"),
        ("Is a dev over at Stripe", "Works as a software engineer at Stripe"),
    ],
)
def test_paraphrases_are_the_same_fact(new, stored):
    assert same(new, stored)
    assert compare(new, stored, 0.5).kind == "same"


@pytest.mark.parametrize(
    ("new", "stored"),
    [
        ("Works at the office", "Works from home"),  # the opposite arrangement
        ("Hates cilantro", "Loves cilantro"),  # the opposite taste
        ("Is not vegetarian", "Is vegetarian"),
        ("Sister is vegetarian", "Doesn't eat meat"),  # someone else
        ("Drives to work", "Bikes to work"),
        ("Loves running", "Loves hiking"),
        ("Is a huge Lakers fan", "Loves the Celtics"),
        ("Runs a bakery", "Jogs every morning"),  # one word, two senses
        ("Is allergic to peanuts", "Is allergic to shellfish"),
    ],
)
def test_near_misses_are_not_the_same_fact(new, stored):
    assert not same(new, stored)


def test_a_paraphrase_stores_nothing_new():
    decisions = reconcile(
        [Fact("Doesn't eat meat")], [{"text": "Is vegetarian"}], cosine=lambda a, b: 0.5
    )
    assert [d.event for d in decisions] == ["NONE"]
