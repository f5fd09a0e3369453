"""Numbers and dates changed in few words, written into the memory they change (revalue.py)."""

from __future__ import annotations

import pytest

from langmem_local.reconcile import reconcile
from langmem_local.revalue import revaluation, revalued
from langmem_local.statements import analyse


@pytest.mark.parametrize(
    ("said", "stored", "index", "text"),
    [
        # Terse progress that names nothing: the nearest value of its kind.
        (
            "down to 203!",
            ["Is 210 lbs right now, goal is 180"],
            0,
            "Is 203 lbs right now, goal is 180",
        ),
        (
            "196 this morning lets gooo",
            ["Is 203 lbs right now, goal is 180"],
            0,
            "Is 196 lbs right now, goal is 180",
        ),
        (
            "update: at 6,800 now",
            ["Is trying to save $15k for a down payment, currently at $4,200"],
            0,
            "Is trying to save $15k for a down payment, currently at $6,800",
        ),
        # Progress changes progress, a goal changes a goal.
        (
            "Savings update: I'm up to $11,200!",
            ["Is trying to save $20,000 for a house by the end of the year", "Has $6,500 so far"],
            1,
            "Has $11,200 so far",
        ),
        (
            "decided to aim for $30,000 since prices went up",
            ["Is trying to save $20,000 for a house by the end of the year", "Has $11,200 so far"],
            0,
            "Is trying to save $30,000 for a house by the end of the year",
        ),
        # What the clause names picks the memory; the rest of the memory stays.
        (
            "my endo upped my levothyroxine to 75mcg since my TSH was still high",
            ["Was diagnosed with hypothyroidism", "Takes 50mcg of levothyroxine every morning"],
            1,
            "Takes 75mcg of levothyroxine every morning",
        ),
        (
            "the new owners raised my rent to $2,050 starting in April",
            ["Rent is $1,850 a month for a one-bedroom", "Has a $2,200 car loan"],
            0,
            "Rent is $2,050 a month for a one-bedroom",
        ),
        (
            "landlord raised the rent to 1550 ugh",
            ["Rent is $1400 a month"],
            0,
            "Rent is $1550 a month",
        ),
        (
            "guest list got cut down to 85",
            ["Guest list is at 120 people"],
            0,
            "Guest list is at 85 people",
        ),
        # Dates: moved, pushed, a new date.
        (
            "had to move my dentist appt to the 28th",
            ["Has a dentist appointment on the 15th"],
            0,
            "Has a dentist appointment on the 28th",
        ),
        (
            "we had to push the wedding to september 12",
            ["Wedding is june 20 2026 in napa"],
            0,
            "Wedding is september 12 in napa",
        ),
        (
            "moved the lisbon trip to june",
            ["Is planning a trip to lisbon in may"],
            0,
            "Is planning a trip to lisbon in june",
        ),
    ],
)
def test_a_changed_value_is_written_into_the_memory_it_changes(said, stored, index, text):
    change = revaluation(said)
    assert change is not None
    assert revalued(change, stored) == (index, text)


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "my gym membership went up to $60",
            ["Rent is $1400 a month", "Pays $50 a month for Netflix"],
        ),
        ("I can lift up to 100 lbs", ["Weighs 180 lbs"]),  # names what nothing stored is about
        ("my dog is down to 2 meals a day", ["Dog Rex weighs 60 lbs"]),  # not the same size
        ("down to 203!", ["Lives in Denver"]),  # no value to change
        ("she's down to 40 kg", ["Rent is $45 a week"]),  # another unit
    ],
)
def test_a_change_leaves_unlike_values_alone(said, stored):
    change = revaluation(said)
    assert change is not None and revalued(change, stored) is None


@pytest.mark.parametrize(
    "said",
    [
        "I now work Monday to Thursday, 7 to 6",  # two numbers: no one new value
        "we moved to Denver in June",  # a move, not a date moved
        "I have 3 kids",  # no cue of change
        "I'm 34 now",
    ],
)
def test_what_is_not_a_changed_value(said):
    assert revaluation(said) is None


def test_a_terse_change_with_nothing_to_change_stores_nothing():
    [fact] = analyse("down to 203!").facts
    assert fact.text == "" and fact.revalue is not None
    assert reconcile([fact], [{"text": "Lives in Denver"}], cosine=lambda a, b: 0.0) == []


def test_a_change_that_says_something_on_its_own_is_kept_when_nothing_matches():
    [fact] = analyse("guest list is at 120 people now, way more than we wanted").facts
    decisions = reconcile([fact], [], cosine=lambda a, b: 0.0)
    assert [(d.event, d.text) for d in decisions] == [
        ("ADD", "Guest list is at 120 people now, way more than we wanted")
    ]


@pytest.fixture
def memory(facts_memory):
    return facts_memory  # tests/conftest.py: facts mode, real MiniLM, the scripted model


def _texts(m, user):
    return [r["memory"] for r in m.get_all(user_id=user)["results"]]


def test_terse_progress_updates_one_memory_with_its_history(memory):
    memory.add("im 210 lbs right now, goal is 180", user_id="a")
    memory.add("im 95 kg, trying to get under 90", user_id="b")
    memory.add("down to 203!", user_id="a")
    memory.add("196 this morning lets gooo", user_id="a")
    [row] = memory.get_all(user_id="a")["results"]
    assert row["memory"] == "Is 196 lbs right now, goal is 180"
    assert [h["event"] for h in memory.history(row["id"])] == ["ADD", "UPDATE", "UPDATE"]
    assert _texts(memory, "b") == ["Is 95 kg, trying to get under 90"]  # another user's stays


def test_a_moved_appointment_keeps_one_memory(memory):
    memory.add("dentist appt on the 15th, dreading it", user_id="u")
    memory.add("had to move my dentist appt to the 28th", user_id="u")
    assert _texts(memory, "u") == ["Has a dentist appointment on the 28th"]


@pytest.mark.parametrize(
    ("said", "stored", "text"),
    [
        (
            "raising my rate to $95/hr for everyone starting this month",
            ["Charges $85/hr for freelance design work", "Rent is $90 a week"],
            "Charges $95/hr for freelance design work",  # a rate changes a rate
        ),
        (
            "final headcount is 92 after RSVPs came back",
            ["Is expecting about 85 guests"],
            "Is expecting about 92 guests",
        ),
        (
            "two new students joined my class this week, so now I've got 26",
            ["Teaches 4th grade, 24 kids this year"],
            "Teaches 4th grade, 26 kids this year",  # "4th" is no amount
        ),
        ("weighed in at 198 today", ["Weighs 204 lbs, goal is 185"], "Weighs 198 lbs, goal is 185"),
        (
            "prof moved the final to March 17",
            ["Orgo final is on March 10"],
            "Orgo final is on March 17",
        ),
        (
            "we pushed it to 8",
            ["Dinner with Kate at Nopa on Friday at 7"],
            "Dinner with Kate at Nopa on Friday at 8",
        ),
    ],
)
def test_changes_the_probe13_split_said(said, stored, text):
    change = revaluation(said)
    assert change is not None
    assert revalued(change, stored) == (0, text)


def test_a_memory_that_names_what_changed_allows_a_larger_change():
    change = revaluation("emergency fund is at $6,500 now")
    stored = ["Is trying to save $10k for an emergency fund, at $3,200"]
    assert revalued(change, stored) == (
        0,
        "Is trying to save $10k for an emergency fund, at $6,500",
    )
    # Unnamed, the same jump is too large to be the same figure.
    assert revalued(revaluation("at 6,500 now"), ["Has $3,200 in checking"]) is None


def test_probe15_figures_and_dates():
    hit = revaluation("just hit $6k in the emergency fund!!")
    assert revalued(hit, ["Has $4,500 in their emergency fund so far"]) == (
        0,
        "Has $6k in their emergency fund so far",
    )
    later = revaluation("We postponed the wedding to spring 2027 - the venue double-booked us")
    assert revalued(later, ["Wedding is set for September 20, 2026 at a barn venue"]) == (
        0,
        "Wedding is set for spring 2027 at a barn venue",
    )


def test_a_bare_figure_said_as_a_correction(memory):
    memory.add("I'm 34, for what it's worth", user_id="u")
    memory.add("sorry, 43. swapped the digits lol", user_id="u")
    assert "Is 43, for what it's worth" in _texts(memory, "u")
    memory.add("I have 2 kids", user_id="v")
    memory.add("3", user_id="v")  # without a correction cue a bare figure changes nothing
    assert _texts(memory, "v") == ["Has 2 kids"]
