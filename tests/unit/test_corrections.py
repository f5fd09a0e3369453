"""Corrections written into the memories they correct: numbers, words, names (respelling.py)."""

from __future__ import annotations

import pytest

from langmem_local.respelling import corrected, spelling


@pytest.mark.parametrize(
    ("clause", "fix"),
    [
        ("it's 68k not 65k, had the wrong number in my head", ("68k", "65k")),
        ("it's $1,450, not $1,540", ("$1,450", "$1,540")),
        ("it's the 15th, not the 14th", ("15th", "14th")),
        ("Oops, autocorrect got me earlier, his name is Eitan, not Ethan", ("Eitan", "Ethan")),
        ("i meant san antonio, not austin", ("san antonio", "austin")),
        ("san antonio, not austin", ("san antonio", "austin")),  # "oops i meant" split off
        ("coffee, not tea", ("coffee", "tea")),
        ("lol typo, its whiskers", ("whiskers", "")),
    ],
)
def test_what_a_correction_puts_in_place_of_what(clause, fix):
    assert corrected(clause) == fix


@pytest.mark.parametrize(
    "clause",
    [
        "it's my son Leo who has the peanut allergy, not me",  # another statement
        "Dana is a pediatric nurse, not a doctor",  # a whole statement corrected
        "it's Monday, not Sunday, that I fly",
    ],
)
def test_statements_are_not_word_swaps(clause):
    assert corrected(clause) is None


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        ("it's actually spelled Kirsten, with the i first", ("Name is Kirsten", "")),
        ("my manager is Bryan with a Y, not Brian", ("Bryan", "Brian")),
    ],
)
def test_spelling_cues(clause, found):
    assert spelling(clause) == found


def test_a_role_said_without_a_spelling_cue_is_not_a_respelling():
    assert spelling("my manager is Bryan") is None


@pytest.fixture
def memory(facts_memory):
    return facts_memory  # tests/conftest.py: facts mode, real MiniLM, the scripted model


def _texts(m, user):
    return [r["memory"] for r in m.get_all(user_id=user)["results"]]


@pytest.mark.parametrize(
    ("turns", "after"),
    [
        (
            ["i make 65k a year as a paralegal", "correction, it's 68k not 65k"],
            ["Makes 68k a year as a paralegal"],
        ),
        (
            ["hi! my name is Kristen", "it's actually spelled Kirsten, with the i first"],
            ["Name is Kirsten"],
        ),
        (["my cat is named whiskres", "lol typo, its whiskers"], ["Cat is named whiskers"]),
        (
            [
                "we just moved to austin last month",
                "oops i meant san antonio, not austin. austin is where my brother lives",
            ],
            ["Lives in san antonio", "Brother lives in austin"],
        ),
        (
            [
                "My son Ethan is starting kindergarten in September",
                "Oops, autocorrect got me earlier, his name is Eitan, not Ethan.",
            ],
            ["Son Eitan is starting kindergarten in September"],
        ),
    ],
)
def test_a_correction_fixes_the_memory_in_place(memory, turns, after):
    memory.add("my name is Kristen and I make 65k", user_id="other")
    for turn in turns:
        memory.add(turn, user_id="u")
    assert _texts(memory, "u") == after
    assert len(_texts(memory, "other")) == 2  # another user's memories are untouched


def test_forget_that_with_a_word_about_keeping_it_forgets_the_last_turn(memory):
    memory.add("I'm pregnant! 10 weeks. haven't told anyone yet", user_id="u")
    memory.add("actually please forget that, I'm not ready to have it written down", user_id="u")
    assert _texts(memory, "u") == []
    memory.add("I love hiking", user_id="u")
    memory.add("forget it, never mind", user_id="u")  # an idiom: nothing is deleted
    assert _texts(memory, "u") == ["Loves hiking"]


def test_forgetting_health_stuff_keeps_the_rest(memory):
    for turn in (
        "I get migraines pretty often",
        "I also have a bad left knee from soccer in college",
        "I paint on weekends",
    ):
        memory.add(turn, user_id="u")
    memory.add("please don't keep any of my health stuff stored", user_id="u")
    assert _texts(memory, "u") == ["Paints on weekends"]


def test_a_number_put_in_another_ones_place_needs_no_sorry(memory):
    memory.add("my son Amir is 8 years", user_id="u")
    memory.add("sorry, my english. Amir is 9, not 8. his birthday was last week", user_id="u")
    texts = _texts(memory, "u")
    assert texts[0] == "Son Amir is 9 years"
    # "his birthday" is Amir's: a dated event of its own (references.resolve_he).
    assert [t.split(" (")[0] for t in texts[1:]] == ["Son Amir's birthday was last week"]


@pytest.mark.parametrize(
    ("turns", "forget", "after"),
    [
        (
            ["I have type 2 diabetes, diagnosed last year.", "I love hiking in the Cascades."],
            "Could you delete the thing about my diabetes? I'd rather not have health info saved.",
            ["Loves hiking in the Cascades"],
        ),
        (
            ["My favorite restaurant is Nobu and my favorite bar is The Dead Rabbit."],
            "Actually, please forget the bar one. Keep the restaurant.",
            ["Favourite restaurant is Nobu"],
        ),
    ],
)
def test_forget_requests_that_name_a_topic_by_a_phrase(memory, turns, forget, after):
    for turn in turns:
        memory.add(turn, user_id="u")
    memory.add(forget, user_id="u")
    assert _texts(memory, "u") == after


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "My wedding anniversary is May 14... scratch that, it's May 17",
            "My wedding anniversary is May 17",
        ),
        ("I live in Boston, no wait, Cambridge", "I live in Cambridge"),
        ("my sister is 30, no actually she's 31", "my sister is 31"),
        ("I work at Google... scratch that, Microsoft", "I work at Microsoft"),
        # Not a value taken back: the text stays as said.
        ("I'm 30, sorry for the late reply", "I'm 30, sorry for the late reply"),
        ("I love Paris, I mean who doesn't", "I love Paris, I mean who doesn't"),
        ("Sorry, I live in Boston", "Sorry, I live in Boston"),
    ],
)
def test_a_value_taken_back_in_the_same_message(said, read):
    from langmem_local.respelling import inline_fixes

    assert inline_fixes(said) == read


def test_a_value_taken_back_is_stored_corrected(memory):
    memory.add("My wedding anniversary is May 14... scratch that, it's May 17", user_id="u")
    assert _texts(memory, "u") == ["Wedding anniversary is May 17"]
