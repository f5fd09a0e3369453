"""A seventeenth held-out set of scenarios, written blind: the ``probe16`` split.

Fifty conversations by a fifteenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history,
about four for each of the twelve kinds the ``tune`` split was built on
(compound statements, names, small talk, questions, repeats, paraphrases,
relocations, job changes, preference flips, negations, retractions,
relations), in varied voices, run once (2026-12-08, on commit ``84aa0e4``,
after the probe15 fixes): **38/50** passed, the highest first run of any
blind split. The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe16_first_run.txt``. All 12 failures
were the engine's.

What it showed: preference flips kept beside the old preference ("I'm a tea
person now" after "I can't stand tea", "I love spicy stuff now"), a job
ended in other words ("I quit the barista gig", "I'm officially retired"),
"started preferring" written "Preferrs", a typo that hid a move ("movd to
sacramento"), "there" left unresolved in a request, a correction inside the
message it corrects ("May 14... scratch that, it's May 17"), a paraphrase
("a dev over at Stripe"), a death that leaves "Has two dogs", and, in
passing scenarios, "they'm Priya" and "Boss Kare".

After general fixes 45 of the 50 pass, no expectation changed. Figures on this
split after the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, builder

_sc = builder("probe16")

PROBE16: list[dict[str, Any]] = [
    # --- compound statements ---
    _sc(
        "p16_compound_intro",
        "compound",
        [
            "hey, quick intro: i'm Priya, 34, a pediatric nurse in Austin, and i'm allergic to shellfish",
        ],
        has=["priya", "nurse", "austin", "shellfish"],
        search=[("what am i allergic to", "shellfish"), ("what do i do for a living", "nurse")],
    ),
    _sc(
        "p16_compound_weekend",
        "compound",
        [
            "This weekend I ran my first half marathon in 1:58, and my wife Dana and I also finally adopted a beagle named Biscuit.",
        ],
        has=["half marathon", "dana", "biscuit"],
        search=[("what's my dog's name", "biscuit")],
    ),
    _sc(
        "p16_compound_formal",
        "compound",
        [
            "For context on my questions: I work as a tax attorney, I follow a vegan diet, and I drive a 2019 Subaru Outback.",
        ],
        has=["tax attorney", "vegan", "outback"],
        search=[("what car do i drive", "outback")],
    ),
    _sc(
        "p16_compound_typos",
        "compound",
        [
            "ok so i just moved into a 2br apartmnt in queens, i work nights at a bakery and i dont drink coffee at all lol",
        ],
        has=["queens", "bakery", "coffee"],
        search=[("where do i work", "bakery")],
    ),
    # --- names of relatives, friends, pets ---
    _sc(
        "p16_names_kids",
        "names",
        [
            "My kids are Leo (7) and Maya (4), they keep me busy haha",
        ],
        has=["leo", "maya"],
        search=[("what are my children's names", "leo")],
    ),
    _sc(
        "p16_names_cat",
        "names",
        [
            "ugh our cat Mochi knocked my coffee off the desk again \U0001f644",
        ],
        has=["mochi"],
        search=[("what's my cat called", "mochi")],
    ),
    _sc(
        "p16_names_friend",
        "names",
        [
            "My best friend Jasmine is getting married in June and I'm her maid of honor!!",
        ],
        has=["jasmine", "maid of honor"],
        search=[("whose wedding am i in", "jasmine")],
    ),
    _sc(
        "p16_names_dog_died",
        "names",
        [
            ("I have two dogs, Rocky and Pepper.", J1),
            ("we had to put Rocky down last week, it's been a rough few days", F1),
        ],
        has=["pepper"],
        lacks=["two dogs"],
    ),
    # --- small talk, store nothing ---
    _sc(
        "p16_smalltalk_thanks",
        "no_store",
        [
            "thanks, that was super helpful!",
            "ok cool, ttyl",
        ],
        count=0,
    ),
    _sc(
        "p16_smalltalk_howsitgoing",
        "no_store",
        [
            "lol yeah what a day. anyway how's it going with you?",
        ],
        count=0,
    ),
    _sc(
        "p16_smalltalk_joke",
        "no_store",
        [
            "why did the scarecrow win an award? because he was outstanding in his field \U0001f602",
        ],
        count=0,
    ),
    _sc(
        "p16_smalltalk_hypothetical",
        "no_store",
        [
            "if I won the lottery I'd probably buy an island and never answer an email again haha",
        ],
        count=0,
    ),
    # --- questions to the assistant ---
    _sc(
        "p16_question_trivia",
        "question",
        [
            "What's the capital of Australia?",
            "and how many ounces are in a cup?",
        ],
        count=0,
    ),
    _sc(
        "p16_question_buried_diabetes",
        "question",
        [
            "I'm diabetic, can you suggest a few low-sugar breakfast ideas?",
        ],
        has=["diabet"],
        search=[("do i have any health conditions", "diabet")],
    ),
    _sc(
        "p16_question_buried_trip",
        "question",
        [
            (
                "Can you help me plan a 5-day itinerary for Lisbon? I'm flying there on March 12 with my husband.",
                F1,
            ),
        ],
        has=["lisbon"],
        search=[("when is my next trip", "lisbon")],
    ),
    _sc(
        "p16_question_code",
        "question",
        [
            "how do i reverse a list in python?",
        ],
        count=0,
    ),
    # --- repeats ---
    _sc(
        "p16_repeat_lactose",
        "repeat",
        [
            "I'm lactose intolerant.",
            "Just so you know, I'm lactose intolerant.",
        ],
        has=["lactose"],
        count=1,
    ),
    _sc(
        "p16_repeat_portland",
        "repeat",
        [
            ("I live in Portland, Oregon", J1),
            ("as I said before, I live in Portland Oregon", F1),
        ],
        has=["portland"],
        count=1,
    ),
    _sc(
        "p16_repeat_birthday",
        "repeat",
        [
            "my birthday is october 3rd",
            "remember, my birthday's october 3!",
        ],
        has=["october"],
        count=1,
    ),
    _sc(
        "p16_repeat_cello",
        "repeat",
        [
            "I play the cello.",
            "i play the cello btw",
            "Reminder: I play cello.",
        ],
        has=["cello"],
        count=1,
    ),
    # --- paraphrases ---
    _sc(
        "p16_para_vegetarian",
        "paraphrase",
        [
            "I'm vegetarian",
            "I don't eat meat",
        ],
        count=1,
    ),
    _sc(
        "p16_para_stripe",
        "paraphrase",
        [
            "I work as a software engineer at Stripe",
            "I'm a dev over at Stripe",
        ],
        has=["stripe"],
        count=1,
    ),
    _sc(
        "p16_para_sister",
        "paraphrase",
        [
            "I have a younger sister named Chloe",
            "Chloe is my little sis",
        ],
        has=["chloe"],
        count=1,
    ),
    _sc(
        "p16_para_bike",
        "paraphrase",
        [
            "I bike to work every day",
            "my daily commute is by bicycle",
        ],
        count=1,
    ),
    # --- relocations ---
    _sc(
        "p16_move_city",
        "relocation",
        [
            ("I live in Chicago", J1),
            ("We just moved to Seattle last weekend!", F1),
        ],
        has=["seattle"],
        lacks=["lives in chicago"],
        search=[("where do i live", "seattle")],
        as_of=[("where do i live", J2, "chicago")],
    ),
    _sc(
        "p16_move_country",
        "relocation",
        [
            "I'm based in Toronto.",
            "Big news: I relocated to Berlin for work, been here 2 weeks now",
        ],
        has=["berlin"],
        lacks=["lives in toronto", "based in toronto"],
        search=[("what city am i in", "berlin")],
    ),
    _sc(
        "p16_move_street",
        "relocation",
        [
            "my apartment is on Elm Street",
            "moved out of the Elm St place, now renting a house on Birch Avenue",
        ],
        has=["birch"],
        lacks=["apartment is on elm", "apartment on elm", "lives on elm"],
    ),
    _sc(
        "p16_move_planned",
        "relocation",
        [
            "I live in Denver",
            "we're moving to Phoenix in August",
        ],
        has=["denver", "phoenix"],
        search=[("where do i live", "denver")],
    ),
    _sc(
        "p16_move_typo",
        "relocation",
        [
            "i live in san diego",
            "movd to sacramento last month, still unpackin lol",
        ],
        has=["sacramento"],
        lacks=["lives in san diego"],
    ),
    # --- job changes ---
    _sc(
        "p16_job_costco",
        "job",
        [
            ("I work at Target as a shift manager", J1),
            ("Just started my new job at Costco! Finally left Target", F1),
        ],
        has=["costco"],
        lacks=["works at target", "shift manager at target"],
        search=[("where do i work", "costco")],
        as_of=[("where do i work", J2, "target")],
    ),
    _sc(
        "p16_job_promotion",
        "job",
        [
            "I'm a junior analyst at Deloitte",
            "I got promoted to senior analyst today!!",
        ],
        has=["senior analyst"],
        search=[("what's my job title", "senior analyst")],
    ),
    _sc(
        "p16_job_freelance",
        "job",
        [
            "I'm a barista at Blue Bottle",
            "I quit the barista gig, I'm doing freelance graphic design full time now",
        ],
        has=["graphic design"],
        lacks=["is a barista", "works as a barista"],
        search=[("what do i do for work", "graphic design")],
    ),
    _sc(
        "p16_job_retired",
        "job",
        [
            "I teach 5th grade at Lincoln Elementary",
            "Today was my last day \u2014 I'm officially retired after 31 years of teaching!",
        ],
        has=["retired"],
        lacks=["teaches 5th grade"],
        search=[("am i still working", "retired")],
    ),
    # --- preference flips ---
    _sc(
        "p16_pref_tea",
        "pref_change",
        [
            "I can't stand tea, coffee all the way",
            "ok I've been converted, I'm a tea person now, green tea every morning",
        ],
        has=["green tea"],
        lacks=["can't stand tea", "dislikes tea", "does not like tea", "doesn't like tea"],
    ),
    _sc(
        "p16_pref_music",
        "pref_change",
        [
            "Country music is my favorite",
            "Honestly I'm over country music, been really into jazz lately",
        ],
        has=["jazz"],
        search=[("what music do i like", "jazz")],
    ),
    _sc(
        "p16_pref_seat",
        "pref_change",
        [
            "I prefer aisle seats on flights",
            "actually I've started preferring window seats, I like to sleep on long flights",
        ],
        has=["window"],
        lacks=["prefers aisle"],
    ),
    _sc(
        "p16_pref_spicy",
        "pref_change",
        [
            "I don't like spicy food",
            "been eating a lot of Thai food lately and turns out I love spicy stuff now",
        ],
        has=["spicy"],
        lacks=["doesn't like spicy", "does not like spicy", "dislikes spicy"],
    ),
    # --- negations ---
    _sc(
        "p16_neg_rabbits",
        "negation",
        [
            "I don't have a cat, but I do have two rabbits",
        ],
        has=["rabbit"],
        lacks=["has a cat", "owns a cat"],
    ),
    _sc(
        "p16_neg_single",
        "negation",
        [
            "I'm not married, I'm single",
        ],
        has=["single"],
        lacks=["is married"],
    ),
    _sc(
        "p16_neg_no_car",
        "negation",
        [
            "I don't own a car, I take the subway everywhere",
        ],
        has=["subway"],
        lacks=["owns a car", "has a car"],
    ),
    _sc(
        "p16_neg_not_my_cat",
        "negation",
        [
            "I have a cat named Luna",
            "wait no, Luna is my roommate's cat, I don't have any pets myself",
        ],
        has=["luna"],
        lacks=["has a cat named luna", "owns a cat"],
    ),
    # --- retractions and corrections ---
    _sc(
        "p16_retract_anniversary",
        "correction",
        [
            "My wedding anniversary is May 14... scratch that, it's May 17",
        ],
        has=["may 17"],
        lacks=["may 14"],
    ),
    _sc(
        "p16_retract_kids_count",
        "correction",
        [
            "I have 3 kids",
            "sorry, typo \u2014 I meant 2 kids",
        ],
        count=1,
        lacks=["3 kids", "three kids", "3 children", "three children"],
    ),
    _sc(
        "p16_retract_manager_name",
        "correction",
        [
            "My manager's name is Brian",
            "oops, I meant Bryan with a y",
        ],
        has=["bryan"],
        lacks=["brian"],
    ),
    _sc(
        "p16_retract_tokyo_cancel",
        "plan_update",
        [
            ("Booked a trip to Tokyo for April 10!", F1),
            ("Ugh, the Tokyo trip is cancelled, work stuff came up", F2),
        ],
        lacks=[
            "booked a trip to tokyo",
            "has a trip to tokyo",
            "trip to tokyo on april 10",
            "trip to tokyo for april 10",
        ],
    ),
    _sc(
        "p16_retract_forget_marathon",
        "forget",
        [
            "I'm training for the Boston marathon",
            "my favorite book is Dune",
            "please forget what I said about the marathon",
        ],
        has=["dune"],
        lacks=["marathon"],
    ),
    # --- relations between people ---
    _sc(
        "p16_rel_sister_husband",
        "relation",
        [
            "My sister's husband Tom is a firefighter",
        ],
        has=["tom", "firefighter"],
        search=[("who is tom", "sister")],
    ),
    _sc(
        "p16_rel_boss_wife",
        "relation",
        [
            "My boss Karen's wife, Linda, is a pediatric dentist, and she's seeing my son Max next week",
        ],
        has=["linda", "karen", "max"],
        search=[("who is linda", "karen")],
    ),
    _sc(
        "p16_rel_in_laws",
        "relation",
        [
            "My mother-in-law Rosa lives with us now",
            "Rosa is my wife Elena's mom, she moved in from Miami",
        ],
        has=["rosa", "elena"],
        search=[("who is rosa", "mother-in-law"), ("what's my wife's name", "elena")],
    ),
    _sc(
        "p16_rel_cousin_dog",
        "relation",
        [
            "my cousin Jake has a husky named Thor",
            "I'm dogsitting Thor this weekend",
        ],
        has=["thor", "jake"],
        search=[("whose dog is thor", "jake")],
    ),
]
