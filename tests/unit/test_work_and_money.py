"""Work, study and money talk (probe20 kinds): corrections, partial forgets, others' words.

Statement-level cases read one message; the end-to-end cases play the turns
through a real engine (facts mode, real MiniLM, the scripted model).
"""

from __future__ import annotations

import pytest

from langmem_local import forget
from langmem_local.respelling import corrected
from langmem_local.revalue import revaluation
from langmem_local.statements import analyse


def _facts(text: str) -> list[str]:
    return [f.text for f in analyse(text).facts]


@pytest.mark.parametrize(
    ("clause", "fix"),
    [
        ("it's wednesdays off, not tuesdays", ("wednesdays", "tuesdays")),
        ("it's 18,850 not 19,850", ("18,850", "19,850")),
        ("it's Montreal not Toronto", ("Montreal", "Toronto")),
    ],
)
def test_its_x_not_y_puts_as_many_words_as_it_replaces(clause, fix):
    assert corrected(clause) == fix


def test_its_x_not_y_before_more_is_a_statement():
    assert corrected("it's Monday, not Sunday, that I fly") is None


@pytest.mark.parametrize(
    ("what", "text", "left"),
    [
        (
            "pay",
            "Works as a nurse at St. Vincent's, night shift, making 48/hr",
            "Works as a nurse at St. Vincent's, night shift",
        ),
        ("my salary", "Makes 90k a year", None),  # all of it is the pay: deleted whole
        ("my meds", "Has asthma, takes an inhaler daily", "Has asthma"),
        ("my address", "Lives at 12 Elm St, with two cats", None),  # not a trimmed topic
    ],
)
def test_a_topic_forget_takes_out_only_its_part(what, text, left):
    assert forget.trimmed(what, text) == left


@pytest.mark.parametrize(
    ("relevances", "clear"),
    [
        ([0.6, 0.5], True),
        ([0.5, 0.004, 0.001], True),
        ([0.5, 0.3], False),
        ([0.3], False),
        ([], False),
    ],
)
def test_a_forget_by_relevance_needs_a_clear_best_match(relevances, clear):
    assert forget.clear_match(relevances) is clear


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("actually don't keep my pay info stored, just forget what i make", "pay"),
        (
            "please forget everything about my side bookkeeping stuff, my employer doesn't need "
            "to know lol",
            "side bookkeeping",
        ),
    ],
)
def test_forget_targets_in_work_talk(text, what):
    assert forget.target(text) == what


@pytest.mark.parametrize(
    "text",
    [
        "my coworker Dev thinks our whole team is getting laid off in Q2 lol. "
        "he says that every quarter",
        "my roommate says the GRE is pointless for CS PhDs now, is that true?",
        "my boss said if I finish the Q1 report early I get a pony. "
        "pretty sure that's not in my contract lmao",
        "i have a call in 10 min",
        "asking hypothetically",
    ],
)
def test_others_words_and_passing_moments_are_not_stored(text):
    assert _facts(text) == []


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "day job: staff accountant at Moss & Reyes",
            ["Works as a staff accountant at Moss & Reyes"],
        ),
        ("brixton dental backed out before it started", ["Brixton dental is off"]),
    ],
)
def test_work_statements(text, facts):
    assert _facts(text) == facts


def test_an_arrow_gives_the_new_amount():
    change = revaluation("raise came with it, 118k -> 134k")
    assert change is not None and change.new == "134k"


@pytest.mark.parametrize(
    ("turns", "after"),
    [
        (
            [
                "I'm a nurse at St. Vincent's, night shift, making 48/hr",
                "actually don't keep my pay info stored, just forget what i make",
            ],
            ["Works as a nurse at St. Vincent's, night shift"],
        ),
        (
            [
                "day job: staff accountant at Moss & Reyes",
                "I also freelance on the side doing bookkeeping for 3 small businesses, about "
                "$1,200 a month extra",
                "please forget everything about my side bookkeeping stuff, my employer doesn't "
                "need to know lol",
            ],
            ["Works as a staff accountant at Moss & Reyes"],
        ),
        (
            [
                "I work mon-fri 9-5 at the county clerk's office",
                "switching to a 4-day week starting feb, tuesdays off",
                "correction: it's wednesdays off, not tuesdays",
            ],
            [
                "Is switching to a 4-day week starting feb, wednesdays off",
                "Works mon-fri 9-5 at the county clerk's office",
            ],
        ),
        (
            [
                "Brixton Dental signed on for a $2,000/month retainer starting feb!",
                "brixton dental backed out before it started, never signed the final contract",
            ],
            ["Brixton dental is off"],
        ),
        (
            ["I make 118k as a junior engineer at Rivet", "raise came with it, 118k -> 134k"],
            ["Makes 134k as a junior engineer at Rivet"],
        ),
    ],
)
def test_work_turns(played, turns, after):
    assert played(turns) == sorted(after)
