"""People the user names by first name alone: kids, in-laws, pets (people.py, probe19 kinds).

Statement-level cases read one message with :func:`analyse`; the end-to-end
cases play the turns through a real engine (facts mode, real MiniLM, the
scripted model: ``tests/conftest.py``), so the names the memories hold are
found again in later lower-case turns.
"""

from __future__ import annotations

import pytest

from langmem_local import forget, people
from langmem_local.endings import ends
from langmem_local.slots import parse
from langmem_local.statements import analyse


def _facts(text: str, names: dict[str, str] | None = None) -> list[str]:
    return [f.text for f in analyse(text, names).facts]


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Theo has a severe peanut allergy", ["Theo has a severe peanut allergy"]),
        ("Ruby takes 5ml of zyrtec every night", ["Ruby takes 5ml of zyrtec every night"]),
        ("Zoe has piano on wednesdays at 4", ["Zoe has piano on wednesdays at 4"]),
        (
            "Aria's orthodontist consult is March 3 at 10am",
            ["Aria's orthodontist consult is March 3 at 10am"],
        ),
        ("Hudson broke his arm at recess", ["Hudson broke his arm at recess"]),
        ("Rosie just turned 1", ["Rosie is 1"]),
        (
            "ok quick rundown so you know who's who: Maya is 9 and in 4th grade at Lincoln "
            "Elementary, Theo is 6, and the baby Rosie just turned 1",
            ["Maya is 9 and in 4th grade at Lincoln Elementary", "Theo is 6", "Rosie is 1"],
        ),
        (
            "Biscuit (our golden retriever) has his vet appt jan 14 for shots",
            ["Biscuit (our golden retriever) has his vet appt jan 14 for shots"],
        ),
    ],
)
def test_a_person_named_alone_is_stored_with_their_name(text, facts):
    assert _facts(text) == facts


@pytest.mark.parametrize(
    "text",
    [
        "Paris is beautiful in spring",
        "Denver got snow",
        "Chicago has great pizza",
        "Monday is busy",
    ],
)
def test_a_place_or_a_day_is_not_a_person(text):
    assert people.statement(text) is None
    assert _facts(text) == []


def test_several_named_at_once_are_one_memory_each():
    assert _facts("we have a dog named Rufus and a cat named Pepper") == [
        "Has a dog named Rufus",
        "Has a cat named Pepper",
    ]


def test_she_is_the_one_person_named_alone_before():
    said = _facts(
        "what should I pack for Ava's field trip to the science museum friday? she's in 2nd "
        "grade at Oak Hill Elementary and gets really carsick on buses"
    )
    assert said == [
        "Ava is in 2nd grade at Oak Hill Elementary and gets really carsick on buses"
    ]  # not "Is going to Ava": a possessive is no trip
    pulled = _facts(
        "we pulled Sophie out of St Brigid's, she starts at Westview Middle on monday",
        {"Sophie": ""},
    )
    assert pulled[-1] == "Sophie starts at Westview Middle on monday"  # not "Brigid"


@pytest.mark.parametrize(
    ("new", "stored", "why"),
    [
        (
            "Ellie quit soccer",
            "Ellie does soccer on tuesdays and thursdays",
            "gave up what it does",
        ),
        ("Ellie quit soccer", "Maya does soccer on tuesdays", None),  # another child
        ("Pulled Sophie out of St Brigid's", "Sophie is in 6th grade at St. Brigid's", "left it"),
        ("Pulled Sophie out of St Brigid's", "Sophie loves horses", None),
        (
            "Cancelled luna's dental",
            "Booked luna (our cat) for a dental cleaning on feb 20",
            "cancelled the plan",
        ),
        (
            "Disney is off",
            "Is taking the kids to Disney World the week of April 6",
            "cancelled the plan",
        ),
    ],
)
def test_endings_of_one_named_person(new, stored, why):
    assert ends(new, stored) == why


def test_a_named_persons_age_is_a_slot():
    assert [(s.subject, s.attribute, s.value) for s in parse("Theo is 6")] == [("theo", "age", "6")]
    assert parse("Paris is nice") == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "omg the pickup line was 45 minutes, i'm going to lose my mind",
            "a feeling in the moment",
        ),
        ("i swear the laundry multiplies overnight", "a feeling in the moment"),
        (
            "another mom at pickup told me her son is allergic to basically everything",
            "someone else's opinion",
        ),
        ("asking for my neighbor", "a feeling in the moment"),
        ("honestly my toddler is the CEO of this house, i just work here 😂", "joke or sarcasm"),
        ("I don't want him coming up", "a request about the memory"),
    ],
)
def test_household_talk_that_is_not_a_fact(text, why):
    assert why in [w for _, w in analyse(text).skipped]
    assert _facts(text) == []


def test_my_doctor_telling_me_is_still_about_the_user():
    assert _facts("my doctor told me my dad is at risk") != []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("please forget everything about Carol, she'd hate that I told anyone", "Carol"),
        (
            "Rufus passed away last week. please just remove him, I don't want him coming up",
            "Rufus",
        ),
        ("forget the orthodontist thing, we're not doing braces yet", "orthodontist"),
        ("jk. seriously tho how do i get a 4 yr old to sleep past 5am", "that"),
        ("jk", "that"),
    ],
)
def test_forget_requests_in_household_talk(text, what):
    assert forget.target(text) == what


def test_jk_before_a_statement_is_not_a_forget():
    assert forget.target("jk, i live in Boston") is None


@pytest.mark.parametrize(
    ("turns", "after"),
    [
        (
            [
                "Ellie does soccer on tuesdays and thursdays after school",
                "ellie quit soccer, she's doing swim team now mon/wed mornings at 6am ugh",
            ],
            ["Ellie is doing swim team now mon/wed mornings at 6am ugh", "Ellie quit soccer"],
        ),
        (
            [
                "Liam is 4 and obsessed with dinosaurs",
                "liam's birthday party was saturday, can't believe he's 5 now!",
            ],
            ["Liam is 5 and obsessed with dinosaurs", "Liam's birthday party was saturday"],
        ),
        (
            [
                "Jack is allergic to penicillin",
                "sorry correction, it's Owen who's allergic to penicillin, not Jack.",
            ],
            ["Owen is allergic to penicillin"],
        ),
        (
            ["my twins Ivy and June are 7", "oops i meant 8, they turned 8 in november"],
            ["Twins Ivy and June are 8"],
        ),
        (
            [
                "Ruby takes 5ml of zyrtec every night for allergies",
                "correction, ruby's zyrtec is 2.5ml, the 5ml is her brother Finn's dose",
            ],
            ["Ruby takes 2.5ml of zyrtec every night for allergies"],
        ),
        (
            [
                "we have a dog named Rufus and a cat named Pepper",
                "Rufus passed away last week. please just remove him, I don't want him coming up",
            ],
            ["Has a cat named Pepper"],
        ),
        (
            [
                "i live in Denver",
                "lol i'm selling all three kids on ebay, starting bid $5",
                "jk. seriously tho how do i get a 4 yr old to sleep past 5am",
            ],
            ["Lives in Denver"],
        ),
        (
            [
                "Max our beagle is 38 lbs, vet says he needs to lose a few",
                "max weigh-in today: 34 lbs!!",
            ],
            ["Max our beagle is 34 lbs, vet says he needs to lose a few"],
        ),
        (
            [
                "my in-laws Ray and Linda are flying in from Phoenix on March 12 for a week",
                "ugh they changed flights, now arriving march 15",
            ],
            ["In-laws Ray and Linda are flying in from Phoenix on march 15 for a week"],
        ),
    ],
)
def test_household_turns(played, turns, after):
    assert played(turns) == sorted(after)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "Noah also plays trumpet in the middle school band",
            ["Noah also plays trumpet in the middle school band"],
        ),
        (
            "Aria's also starting Girl Scouts this month",
            ["Aria is also starting Girl Scouts this month"],
        ),
        ("zoe has piano on wednesdays at 4", ["Zoe has piano on wednesdays at 4"]),
        ("leo's allergist is Dr. Okafor", ["Leo's allergist is Dr. Okafor"]),
        (
            "My mom Gloria lives with us now. Her neurologist is Dr. Huang.",
            ["Mom Gloria lives with us", "Mom Gloria's neurologist is Dr. Huang"],
        ),
        (
            "Monday: Ethan's dentist at 3:15 (Dr. Alvarez). "
            "Tuesday: Grace has ballet 5-6 like every week.",
            [
                "Ethan's dentist at 3:15 (Dr. Alvarez) on Monday",
                "Grace has ballet 5-6 like every week on Tuesday",
            ],
        ),
        ("update: they cancelled dad's hip surgery altogether", ["Dad's hip surgery is off"]),
    ],
)
def test_more_ways_people_are_named(text, facts):
    assert _facts(text) == facts


@pytest.mark.parametrize(
    "text",
    [
        "school has piano on wednesdays",
        "work is crazy",
        "kids have soccer tonight",
        "I need help planning the week",
    ],
)
def test_lower_case_words_that_are_no_names(text):
    assert _facts(text) == []


@pytest.mark.parametrize(
    ("new", "stored", "why"),
    [
        (
            "Dad's hip surgery is off",
            "Dad's hip replacement is scheduled for feb 24 at Mercy",
            "cancelled the plan",
        ),
        ("Dad's hip surgery is off", "Dad is scheduled for a colonoscopy", None),
        ("Trip is off", "Loves Paris", None),
    ],
)
def test_an_event_called_off_in_other_words(new, stored, why):
    assert ends(new, stored) == why


@pytest.mark.parametrize("text", ["Name is Sarah", "Rent is 1650", "Goal is 180", "Budget is 20k"])
def test_what_a_memory_starts_with_is_no_person(text):
    """ "Name is Sarah" keeps the user's own name slot (the keyword index leaves the name out)."""
    assert people.subject(text) is None
    assert all(s.subject == "user" for s in parse(text))


def test_the_users_name_is_still_their_name_slot():
    assert [(s.subject, s.attribute, s.value) for s in parse("Name is Sarah")] == [
        ("user", "name", "sarah")
    ]
