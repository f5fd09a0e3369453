"""Slots, relations and the rule reconciler (slots.py, reconcile.py)."""

from __future__ import annotations

import pytest

from langmem_local.forget import named_attributes
from langmem_local.reconcile import CORRECTION_COSINE, compare, reconcile
from langmem_local.slots import content_stems, negation, parse, relations
from langmem_local.statements import Fact


def test_single_valued_slots_and_their_values():
    [home] = parse("Lives in Boston")
    assert (home.subject, home.attribute, home.value) == ("user", "home", "boston")
    assert home.single
    job, employer = parse("Works as a software engineer at Google")
    assert (job.value, employer.value) == ("software engineer", "google")
    assert parse("Is no longer vegetarian")[0].negated
    assert [(s.subject, s.attribute, s.value) for s in parse("Sister Anna is a nurse")] == [
        ("anna", "job", "nurse"),
        ("sister", "name", "anna"),
    ]
    assert parse("Loves sailing")[0].single is False  # many things can be liked


def test_negation_gives_the_positive_form():
    assert negation("No longer drinks coffee") == (True, "Drinks coffee")
    assert negation("Doesn't have a cat") == (True, "Has a cat")
    assert negation("Hates mushrooms") == (True, "Likes mushrooms")
    assert negation("Lives in Boston") == (False, "Lives in Boston")


def test_paraphrases_share_content_stems():
    assert content_stems("Has a peanut allergy") == content_stems("Is allergic to peanuts")
    assert content_stems("Likes tea") != content_stems("Likes coffee")


def test_relations_for_the_graph():
    rel = {(r["source"], r["relation"], r["target"]) for r in relations("Sister Anna is a nurse")}
    assert rel == {("user", "sister", "Anna"), ("Anna", "works_as", "nurse")}
    assert relations("Has a dog named Rex") == [
        {"source": "user", "relation": "has_pet", "target": "Rex"}
    ]
    assert relations("Lives in Boston") == [
        {"source": "user", "relation": "lives_in", "target": "Boston"}
    ]
    assert relations("No longer lives in Boston") == []


@pytest.mark.parametrize(
    ("new", "stored", "kind"),
    [
        ("Lives in Boston", "Lives in Denver", "conflict"),
        ("Lives in Boston", "Lives in Boston", "same"),
        ("Is allergic to peanuts", "Has a peanut allergy", "same"),
        ("Favourite colour is green", "Favourite colour is blue", "conflict"),
        ("No longer drinks coffee", "Drinks coffee every morning", "deny"),
        ("Is vegetarian", "Is no longer vegetarian", "reverse"),
        ("Plays tennis every Sunday", "Plays tennis", "refine"),
        ("Likes tea", "Likes coffee", "unrelated"),
        ("Has a cat", "Has a dog", "unrelated"),
        ("Brother Sam is a nurse", "Sister Anna is a nurse", "unrelated"),
        ("Dog is called Max", "Has a dog named Rex", "conflict"),
    ],
)
def test_compare(new, stored, kind):
    assert compare(new, stored, cosine=0.5).kind == kind


def test_high_cosine_alone_is_not_a_duplicate():
    # MiniLM puts these close; the slot values differ, so it is an UPDATE, not NONE.
    assert compare("Works at Microsoft", "Works at Google", cosine=0.95).kind == "conflict"
    assert compare("Likes tea", "Likes coffee", cosine=0.95).kind == "unrelated"


STORED = [
    {"id": "a", "text": "Lives in Denver"},
    {"id": "b", "text": "Has a cat"},
    {"id": "c", "text": "Is vegetarian"},
    {"id": "d", "text": "Drinks coffee"},
]


def events(*facts: Fact) -> list[tuple[str, int, str]]:
    return [(d.event, d.id, d.text) for d in reconcile(facts, STORED, cosine=lambda a, b: 0.5)]


def test_reconcile_decides_each_event():
    assert events(Fact("Lives in Boston", change=True)) == [("UPDATE", 0, "Lives in Boston")]
    assert events(Fact("Lives in Denver")) == [("NONE", 0, "Lives in Denver")]
    assert events(Fact("Doesn't have a cat")) == [("DELETE", 1, "Doesn't have a cat")]
    assert events(Fact("No longer drinks coffee", change=True)) == [
        ("UPDATE", 3, "No longer drinks coffee")
    ]
    assert events(Fact("Loves jazz")) == [("ADD", -1, "Loves jazz")]


def test_one_decision_per_stored_memory_and_the_positive_value_wins():
    out = events(Fact("Is no longer vegetarian", change=True), Fact("Is vegan", change=True))
    assert out == [("UPDATE", 2, "Is vegan")]


def test_decisions_carry_relations_and_importance():
    [d] = reconcile([Fact("Lives in Boston")], [], cosine=lambda a, b: 0.0)
    assert d.event == "ADD" and d.importance == 4
    assert [(r.source, r.relation, r.target) for r in d.relations] == [
        ("user", "lives_in", "Boston")
    ]
    [allergy] = reconcile([Fact("Is allergic to peanuts")], [], cosine=lambda a, b: 0.0)
    assert allergy.importance == 5


def test_place_and_company_values_stop_at_the_proper_name():
    assert parse("Lives in Seattle with their wife")[0].value == "seattle"
    assert parse("Works at Google as an engineer")[0].value == "google"
    assert parse("Lives in New York City")[0].display == "New York City"
    assert compare("Lives in Seattle with their wife", "Lives in Seattle", 0.5).kind == "same"


def test_counts_are_one_value_at_a_time():
    [count] = parse("Has two brothers")
    assert (count.attribute, count.value, count.single) == ("number of broth", "2", True)
    assert compare("Has 3 brothers", "Has two brothers", cosine=0.9).kind == "conflict"
    assert compare("Has three cats", "Has two cats", cosine=0.9).kind == "conflict"
    assert compare("Has two cats", "Has a cat", cosine=0.9).kind == "refine"
    assert compare("Has two sisters", "Has two brothers", cosine=0.9).kind == "unrelated"
    assert parse("Has a dog")[0].attribute == "pet"  # "a" states no count


def test_a_home_is_a_street_too():
    assert [(s.attribute, s.value) for s in parse("Lives on Elm Street")] == [
        ("home", "elm street")
    ]


@pytest.mark.parametrize(
    ("phrase", "attributes"),
    [
        ("where I live", {"home"}),
        ("my address", {"home"}),
        ("where I work", {"job", "employer"}),
        ("what I do for a living", {"job", "employer"}),
        ("how old I am", {"age"}),
        ("my favourite colour", {"favourite colour"}),
        ("that I like sushi", set()),  # a statement: matched by retrieval instead
        ("the cat", set()),
    ],
)
def test_requests_that_name_an_attribute(phrase, attributes):
    assert named_attributes(phrase) == attributes


def test_a_correction_replaces_the_most_similar_memory_with_the_same_verb():
    stored = [
        {"id": "a", "text": "Prefers window seats"},
        {"id": "b", "text": "Prefers cats"},
        {"id": "c", "text": "Likes cats"},
    ]
    sims = {"Prefers window seats": 0.2, "Prefers cats": 0.79, "Likes cats": 0.9}

    def cosine(a: str, b: str) -> float:
        return sims[b]

    [d] = reconcile([Fact("Prefers dogs", correction=True)], stored, cosine=cosine)
    assert (d.event, d.id) == ("UPDATE", 1)  # "Likes cats" is closer but another verb
    # Without the correction marker it is a new preference beside the old one.
    [d] = reconcile([Fact("Prefers dogs")], stored, cosine=cosine)
    assert (d.event, d.id) == ("ADD", -1)
    # A correction too far from every stored statement of its verb adds.
    sims["Prefers cats"] = CORRECTION_COSINE - 0.01
    [d] = reconcile([Fact("Prefers dogs", correction=True)], stored, cosine=cosine)
    assert (d.event, d.id) == ("ADD", -1)


def test_a_new_detail_of_the_same_thing_refines_it():
    assert compare("Has a dog named Rex", "Has a dog", cosine=0.9).kind == "refine"


def test_denying_the_verb_alone_denies_the_whole_habit():
    assert compare("No longer drinks", "Drinks alcohol on weekends", cosine=0.5).kind == "deny"
    aside = compare("No longer drinks, 6 months sober", "Drinks alcohol on weekends", cosine=0.5)
    assert aside.kind == "deny"
    # A denial with its own object is not about another object.
    assert compare("No longer drinks coffee", "Drinks tea every day", cosine=0.5).kind == (
        "unrelated"
    )


@pytest.mark.parametrize(
    ("new", "status"),
    [
        ("Has a girlfriend", "in a relationship"),
        ("Girlfriend's name is Mei", "in a relationship"),
        ("Wife Maria works at Google", "married"),
        ("Has a fiancée", "engaged"),
    ],
)
def test_a_partner_states_the_relationship_status(new, status):
    assert ("relationship", status) in [(s.attribute, s.value) for s in parse(new)]
    assert compare(new, "Is single", cosine=0.3).kind == "conflict"


def test_a_film_and_a_movie_are_one_favourite():
    assert compare("Favourite movie is Dune", "Favourite film is Inception", 0.5).kind == "conflict"


def test_a_break_up_ends_the_relationship():
    assert compare("Broke up with Emma", "Girlfriend is Emma", 0.5).kind == "conflict"


def test_two_statements_about_one_named_relative_are_two_facts():
    # The relative's name is in both; it must not make them one statement.
    assert compare("Sister Anna lives in Oslo", "Sister Anna is a nurse", 0.5).kind == "unrelated"
    assert compare("Son Leo is obsessed with dinosaurs", "Son Leo is turning 7", 0).kind == (
        "unrelated"
    )
    # Naming them again with another name is a change; saying more after a naming refines it.
    assert compare("Cat's name is Nala", "Has a cat named Luna", 0.5).kind == "conflict"
    assert compare("Sister Anna is a nurse", "Sister's name is Anna", 0.5).kind == "refine"


def _decide(facts, stored, cosine=0.5):
    rows = [{"id": str(i), "text": t} for i, t in enumerate(stored)]
    return [(d.event, d.id, d.text) for d in reconcile(facts, rows, cosine=lambda a, b: cosine)]


@pytest.mark.parametrize(
    ("stored", "event"),
    [
        ("Drinks like three coffees a day", "UPDATE"),  # the habit ends
        ("Mostly drinks tea", "ADD"),  # another drink
        ("Loves coffee", "ADD"),  # giving coffee up does not make it disliked
        ("Favourite coffee shop is Blue Bottle", "ADD"),  # not a habit of drinking it
        ("No longer drinks coffee", "ADD"),  # already denied
    ],
)
def test_giving_something_up_ends_the_habit_that_consumes_it(stored, event):
    decisions = _decide([Fact("Gave up coffee completely", change=True)], [stored])
    assert [d[0] for d in decisions] == [event]


def test_a_denial_before_an_aside_retracts_what_it_denies():
    new = Fact("Is not getting a tattoo, too scared of needles")
    assert _decide([new], ["Is thinking of getting a tattoo"]) == [("DELETE", 0, new.text)]


@pytest.mark.parametrize(
    ("stored", "new", "text"),
    [
        (
            "Works as a junior accountant at Deloitte",
            "Works as a senior accountant",
            "Works as a senior accountant at Deloitte",  # a promotion: the same employer
        ),
        (
            "Works as a nurse at St Mary's",
            "Works as a teacher",
            "Works as a teacher",  # a new career: the employer is not assumed
        ),
        (
            "Works as a junior accountant at Deloitte",
            "Works as a senior accountant at KPMG",
            "Works as a senior accountant at KPMG",
        ),
    ],
)
def test_a_new_title_in_the_same_occupation_keeps_the_employer(stored, new, text):
    assert _decide([Fact(new, change=True)], [stored]) == [("UPDATE", 0, text)]


def test_a_respelt_name_corrects_every_memory_that_has_the_old_spelling():
    stored = ["Son Aiden starts kindergarten in September", "Lives in Leeds", "Son Aiden is 5"]
    fix = Fact("Name is Aidan", correction=True, respell="Aiden")
    assert _decide([fix], stored) == [
        ("UPDATE", 0, "Son Aidan starts kindergarten in September"),
        ("UPDATE", 2, "Son Aidan is 5"),
    ]


def test_without_the_old_spelling_the_closest_name_is_corrected():
    stored = ["Sister Ana is a nurse", "Girlfriend Katie loves jazz", "Brother Dan is a pilot"]
    assert _decide([Fact("Katy", correction=True, respell="")], stored) == [
        ("UPDATE", 1, "Girlfriend Katy loves jazz")
    ]
    # "Ana" and "Dan" are not misspellings of each other: nothing to correct, nothing stored.
    assert _decide([Fact("Dana", correction=True, respell="")], ["Sister Ana is a nurse"]) == []


def test_the_users_own_name_respelt_with_nothing_close_is_their_name():
    fix = Fact("Name is Jon", correction=True, respell="")
    assert _decide([fix], ["Lives in Leeds"]) == [("ADD", -1, "Name is Jon")]
    assert _decide([fix], ["Name is John"]) == [("UPDATE", 0, "Name is Jon")]


def test_dating_someone_ends_being_single():
    new = Fact("Is dating someone for a month", change=True)
    assert _decide([new], ["Is single and on dating apps"]) == [("UPDATE", 0, new.text)]


@pytest.mark.parametrize(
    ("stored", "event"),
    [
        ("Is planning a trip to Iceland in June", "UPDATE"),  # the plan is off
        ("Loves Iceland", "ADD"),  # not a plan
        ("Is planning a trip to Japan", "ADD"),  # another plan
    ],
)
def test_cancelling_a_plan_ends_it(stored, event):
    new = Fact("Had to cancel the Iceland trip, money's tight")
    assert [d[0] for d in _decide([new], [stored])] == [event]


def test_a_death_ends_the_memory_that_names_them():
    new = Fact("Golden retriever Max passed away last week")
    stored = ["Has a golden retriever named Max", "Lives in Leeds", "Has a cat named Maxine"]
    assert _decide([new], stored) == [("UPDATE", 0, new.text)]


def test_a_fact_about_someone_named_is_not_a_detail_of_their_name():
    """ "Best friend is Noor" stays: a fight with Noor does not rename or refine her."""
    new = Fact("Had a huge fight with their best friend Noor")
    assert _decide([new], ["Best friend is Noor"]) == [("ADD", -1, new.text)]
    # A paraphrase of a fuller statement about a pet is still one memory.
    same = Fact("Has a golden retriever called Biscuit")
    assert _decide([same], ["Dog Biscuit is a golden retriever"], cosine=0.9)[0][0] == "NONE"


def test_a_name_put_in_anothers_place_corrects_the_plan_that_has_it():
    new = Fact("Is doing Croatia", source="we're doing Croatia instead of Lisbon")
    stored = [
        "Is planning a trip to Lisbon in June",
        "Loves Lisbon",  # a taste, not the plan
        "Sister Ana lives in Lisbon",  # about someone else
        "Lives in Leeds",
    ]
    assert _decide([new], stored) == [("UPDATE", 0, "Is planning a trip to Croatia in June")]
    assert _decide([new], ["Loves Lisbon"]) == [("ADD", -1, "Is doing Croatia")]
    # No memory has the old name: the statement is stored as said.
    assert _decide([new], ["Lives in Leeds"]) == [("ADD", -1, "Is doing Croatia")]


def test_giving_up_a_pursuit_ends_learning_it():
    decisions = _decide([Fact("Gave up on guitar", change=True)], ["Started learning guitar"])
    assert [d[0] for d in decisions] == ["UPDATE"]


@pytest.mark.parametrize(
    ("new", "stored", "text"),
    [
        (
            "Studies computer science",
            "Is a junior at Ohio State studying mechanical engineering",
            "Is a junior at Ohio State studying computer science",  # the field, in context
        ),
        ("Cat Mochi passed away last night", "Cat Mochi is 15 now, getting old", None),
        ("Baby Olivia Rose was born on March 1st", "Is expecting our first baby in March", None),
        ("Gave up coffee completely", "Is a big coffee person, like 4 cups a day", None),
        ("Is pescatarian", "Is vegan, have been for about 3 years", None),
    ],
)
def test_changes_the_eighth_probe_left_stale(new, stored, text):
    assert _decide([Fact(new, change=True)], [stored]) == [("UPDATE", 0, text or new)]


def test_a_respelt_name_never_rewrites_a_memorys_first_word():
    """ "Hal" is one letter off "Has", but "Has a dog named Max" names no Hal."""
    assert _decide([Fact("Hal", correction=True, respell="")], ["Has a dog named Max"]) == []


def test_a_corrected_number_fixes_the_latest_memory_that_has_it():
    fix = Fact("15th", correction=True, respell="14th")
    stored = ["Mum's birthday is on the 14th", "Flight to Rome is on the 14th", "Lives in Rome"]
    assert _decide([fix], stored) == [("UPDATE", 1, "Flight to Rome is on the 15th")]
    assert _decide([fix], ["Lives in Rome"]) == []  # nothing to correct: "15th" alone says nothing


def test_a_long_name_corrected_without_its_old_spelling():
    fix = Fact("Kowalczyk", correction=True, respell="")
    stored = ["Landlord Mr. Kowalski finally fixed the heating"]
    assert _decide([fix], stored) == [
        ("UPDATE", 0, "Landlord Mr. Kowalczyk finally fixed the heating")
    ]


def test_what_replaces_a_thing_given_up_takes_over_its_update():
    facts = [
        Fact("Gave up the lexapro", change=True),
        Fact(
            "Takes Wellbutrin",
            change=True,
            source="my psychiatrist switched me to Wellbutrin instead",
        ),
    ]
    assert _decide(facts, ["Takes 20mg of Lexapro every morning"]) == [
        ("UPDATE", 0, "Takes Wellbutrin")
    ]
    # Without "instead" or a switch, the two stay two memories.
    facts[1] = Fact("Switched to tea", change=True, source="I've switched to tea")
    assert [d[0] for d in _decide(facts, ["Takes 20mg of Lexapro every morning"])] == [
        "UPDATE",
        "ADD",
    ]


@pytest.mark.parametrize(
    ("new", "stored", "event"),
    [
        ("Raised their rate to $75/hr", "Charges 60 an hour for logo work", "UPDATE"),
        (
            "Metformin bumped up to 1000mg twice a day",
            "Doctor put them on metformin, 500mg twice a day",
            "UPDATE",
        ),
        ("Metformin bumped up to 1000mg twice a day", "Loves hiking", "ADD"),
        ("Disney is off", "Is planning a trip to Disney World in April", "UPDATE"),
        (
            "No longer works at the library",
            "Works part time at the campus library, like 12 hrs a week",
            "UPDATE",
        ),
    ],
)
def test_changes_the_ninth_probe_left_stale(new, stored, event):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == [event]


@pytest.mark.parametrize(
    ("new", "stored", "event"),
    [
        (
            "Sold the AE-1 and upgraded to a Leica M6",
            "Bought their first film camera, a Canon AE-1",
            "UPDATE",
        ),
        ("Tahoe trip is off", "Booked a cabin in Tahoe with the college crew", "UPDATE"),
        ("Guest list cut down to 85", "Guest list is at 120 people now", "UPDATE"),
        ("Is pescatarian", "Has been vegetarian for like 6 years", "UPDATE"),
        ("Broke up with Sam", "Is dating Sam", "UPDATE"),
    ],
)
def test_changes_the_tenth_probe_left_stale(new, stored, event):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == [event]


def test_a_pet_renamed_with_the_old_name_said():
    fix = Fact("Brisket", correction=True, respell="Biscuit")
    assert _decide([fix], ["Adopted a beagle puppy named Biscuit"]) == [
        ("UPDATE", 0, "Adopted a beagle puppy named Brisket")
    ]


def test_a_spelling_with_other_people_named_is_not_the_users_name():
    """ "it's Eileen with an E" after "Sister Aileen": the sister, not "Name is Eileen"."""
    fix = Fact("Name is Eileen", correction=True, respell="")
    assert _decide([fix], ["Sister Aileen just had twins"]) == [
        ("UPDATE", 0, "Sister Eileen just had twins")
    ]
    assert _decide([fix], ["Sister Anna is a nurse"]) == []  # someone named, nobody close


@pytest.mark.parametrize(
    ("new", "stored"),
    [
        ("London trip is off", "Is flying to london march 10 for a work conference"),
        ("Had to cancel the Lisbon trip", "Booked flights to Lisbon for March 10 to 17"),
        ("Is staying in ohio", "Is planning to move to denver this summer"),
    ],
)
def test_a_cancelled_or_abandoned_plan_ends(new, stored):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == ["UPDATE"]


def test_staying_does_not_end_where_they_live():
    decisions = _decide([Fact("Is staying in ohio", change=True)], ["Lives in Ohio"])
    assert decisions == [("ADD", -1, "Is staying in ohio")]


@pytest.mark.parametrize(
    ("new", "stored", "event"),
    [
        ("Gave up running", "Runs a 5k every morning before work", "UPDATE"),  # the gerund
        ("Gave up smoking", "Smokes a pack a day", "UPDATE"),
        ("Gave up running", "Loves running", "ADD"),  # a taste is not a habit
    ],
)
def test_a_habit_given_up_by_its_gerund(new, stored, event):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == [event]


def test_a_relative_who_moved_has_a_new_home():
    stored = ["Best friend Marcus lives in seattle"]
    moved = Fact("Best friend Marcus moved to boston for grad school", change=True)
    assert _decide([moved], stored) == [("UPDATE", 0, moved.text)]
    # The user's own move is written "Lives in ..." by the statement rules, not here.
    assert parse("Moved to Boston") == []


@pytest.mark.parametrize(
    ("new", "stored", "event"),
    [
        ("Had to put Mochi down yesterday", "Cat Mochi is 15 and has kidney disease", "UPDATE"),
        ("Had to put Mochi down yesterday", "Has a dog named Rex", "ADD"),
        (
            "Has been smoke-free for 3 weeks",
            "Is trying to quit smoking, down to 5 cigarettes a day",
            "UPDATE",
        ),
        ("Has been smoke-free for 3 weeks", "Drinks coffee every morning", "ADD"),
    ],
)
def test_endings_the_probe13_split_said(new, stored, event):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == [event]


@pytest.mark.parametrize(
    ("new", "stored"),
    [
        ("Is cancelling Oaxaca", "Is going to Oaxaca in April with their wife Judy"),
        ("Is scrapping the kitchen reno", "Is planning to redo the kitchen reno this spring"),
    ],
)
def test_a_plan_being_cancelled_ends(new, stored):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == ["UPDATE"]


def test_a_promotion_keeps_the_employer():
    promoted = Fact("Works as a manager", change=True, source="got promoted to manager today!!")
    assert _decide([promoted], ["Works as a senior accountant at Deloitte"]) == [
        ("UPDATE", 0, "Works as a manager at Deloitte")
    ]
    # Without "promoted", another occupation is a new career: the employer is not assumed.
    career = Fact("Works as a teacher", change=True, source="I'm a teacher now")
    assert _decide([career], ["Works as a nurse at St Mary's"]) == [
        ("UPDATE", 0, "Works as a teacher")
    ]


@pytest.mark.parametrize(
    ("new", "stored", "event"),
    [
        ("Changed their mind on aisle seats", "Always books an aisle seat when they fly", "UPDATE"),
        ("Changed their mind on aisle seats", "Loves aisle seats", "ADD"),  # a taste, not a habit
        (
            "Dropped out of pottery before it even started",
            "Signed up for a pottery class",
            "UPDATE",
        ),
    ],
)
def test_a_mind_changed_or_a_course_dropped_ends_the_plan(new, stored, event):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == [event]


@pytest.mark.parametrize(
    ("new", "stored", "event"),
    [
        (
            "Is officially retired after 31 years of teaching",
            "Teaches 5th grade at Lincoln",
            "UPDATE",
        ),
        ("Is officially retired", "Loves teaching", "ADD"),  # a taste outlives the job
        ("Gave up the barista gig", "Works as a barista at Blue Bottle", "UPDATE"),
        ("Gave up coffee", "Works at a coffee shop", "ADD"),  # a habit is not a job
    ],
)
def test_a_job_ends_by_retiring_or_quitting_the_gig(new, stored, event):
    assert [d[0] for d in _decide([Fact(new, change=True)], [stored])] == [event]


@pytest.mark.parametrize(
    ("new", "stored", "kind"),
    [
        ("Likes tea, green tea every morning", "Can't stand tea, coffee all the way", "reverse"),
        ("Loves spicy stuff", "Doesn't like spicy food", "reverse"),  # "stuff" / "food"
        ("Loves spicy food", "Loves Thai food", "unrelated"),
    ],
)
def test_a_taste_is_compared_before_its_aside(new, stored, kind):
    assert compare(new, stored, 0.5).kind == kind
