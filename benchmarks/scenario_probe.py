"""A second held-out set of scenarios, the ``probe`` split of ``benchmarks/scenarios.py``.

Thirty conversations written in one sitting (2026-12-07) with phrasings that
none of :mod:`benchmarks.scenario_data` uses (semicolons, "you can call me",
a reason before a question, "sorry, ..." and "actually, ..." corrections,
"forget where I live", counts that change), and run once before any rule was
changed for them. That first run, 24/30, is kept verbatim in
``benchmarks/results/scenarios_probe_first_run.txt``. It showed four gaps in
the rules and two expectations that contradicted the house style (a stopped
habit is kept as "No longer ...", as in ``like_to_dislike``):

* ``p_fact_in_question``: a reason before a question ("Since I'm diabetic,
  is this cake okay for me?") was dropped with the question;
* ``p_prefer_now`` and ``p_that_was_wrong``: a correction ("Actually I prefer
  dogs", "Sorry, I have three brothers") was added beside what it corrects;
* ``p_forget_address``: "Please forget where I live" named no stored text.

The rules were then made general (a leading reason clause, correction markers,
a count slot, requests that name an attribute) and the two expectations fixed,
so later figures on this split are optimistic, like those of the ``test``
split. ``p_call_me`` passed the first run with the memory "You can call them
Jo"; its expectation now asks for "Name is Jo".
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1, F1, M1 = "2026-01-05", "2026-02-01", "2026-03-01"


_sc = builder("probe")


PROBE: list[dict[str, Any]] = [
    _sc(
        "p_compound_semicolon",
        "compound",
        ["I'm a dentist; my husband is a chef."],
        has=["dentist", "chef"],
        count=2,
    ),
    _sc(
        "p_compound_also",
        "compound",
        ["I play the violin. Also, I speak Japanese fluently."],
        has=["violin", "japanese"],
        count=2,
    ),
    _sc(
        "p_compound_three",
        "compound",
        ["I live in Toronto, I work in finance and I have a daughter named Mia."],
        has=["toronto", "finance", "mia"],
        count=3,
    ),
    _sc("p_call_me", "names", ["You can call me Jo."], has=["name is jo"], count=1),
    _sc(
        "p_son_engineer",
        "relations",
        ["My son Leo is studying engineering in Munich."],
        has=["leo", "engineering"],
        count=1,
    ),
    _sc(
        "p_partner_city",
        "relations",
        ["My girlfriend Emma lives in Oslo."],
        has=["emma", "oslo"],
        count=1,
    ),
    _sc("p_thanks_bye", "small_talk", ["Thanks a lot, bye!", "Cool, talk soon"], count=0),
    _sc(
        "p_weather_q",
        "questions",
        ["Will it rain tomorrow?", "What's the capital of Peru"],
        count=0,
    ),
    _sc("p_help_request", "questions", ["Can you help me write an email to my landlord?"], count=0),
    _sc(
        "p_fact_in_question",
        "questions",
        ["Since I'm diabetic, is this cake okay for me?"],
        has=["diabetic"],
        count=1,
    ),
    _sc("p_repeat_case", "repeats", ["I love cooking", "i love cooking!"], count=1),
    _sc(
        "p_paraphrase_enjoy",
        "paraphrase",
        ["I enjoy swimming", "Swimming is something I really enjoy"],
        count=1,
    ),
    _sc("p_paraphrase_job", "paraphrase", ["I'm a nurse", "I work as a nurse"], count=1),
    _sc(
        "p_moved_to",
        "relocation",
        [("I live in Paris", J1), ("I moved to Madrid", M1)],
        has=["madrid"],
        lacks=["paris"],
        count=1,
        as_of=[("Where does the user live?", F1, "paris")],
    ),
    _sc(
        "p_living_in_now",
        "relocation",
        [("I'm living in Dublin", J1), ("These days I'm living in Cork", M1)],
        has=["cork"],
        lacks=["dublin"],
        count=1,
    ),
    _sc(
        "p_started_at",
        "job_change",
        [("I work at IBM", J1), ("I started working at Apple", M1)],
        has=["apple"],
        lacks=["ibm"],
        count=1,
    ),
    _sc(
        "p_became",
        "job_change",
        [("I'm a student", J1), ("I became a lawyer", M1)],
        has=["lawyer"],
        lacks=["student"],
        count=1,
    ),
    _sc(
        "p_fav_movie",
        "preference_flip",
        [("My favorite movie is Alien", J1), ("My favorite movie is Heat now", M1)],
        has=["heat"],
        lacks=["alien"],
        count=1,
    ),
    _sc(
        "p_stopped_liking",
        "preference_flip",
        [("I like running", J1), ("I stopped liking running", M1)],
        has=["no longer likes running"],
        count=1,
        history=("running", ["ADD", "UPDATE"]),
    ),
    _sc(
        "p_prefer_now",
        "preference_flip",
        [("I prefer cats", J1), ("Actually I prefer dogs", M1)],
        has=["dogs"],
        lacks=["cats"],
        count=1,
    ),
    _sc("p_dont_smoke", "negation", ["I don't smoke"], has=["smoke"], count=1),
    _sc(
        "p_not_anymore_drink",
        "negation",
        [("I drink beer", J1), ("I don't drink beer anymore", M1)],
        has=["no longer drinks beer"],
        count=1,
        history=("beer", ["ADD", "UPDATE"]),
    ),
    _sc(
        "p_forget_address",
        "retraction",
        [("I live on Elm Street", J1), ("Please forget where I live", M1)],
        lacks=["elm"],
        count=0,
    ),
    _sc(
        "p_that_was_wrong",
        "retraction",
        [("I have two brothers", J1), ("Sorry, I have three brothers", M1)],
        has=["three brothers"],
        lacks=["two brothers"],
        count=1,
    ),
    _sc(
        "p_search_pet",
        "compound",
        ["I have a parrot named Kiwi and I work at a library."],
        search=[("What pet does the user have?", "kiwi"), ("Where does the user work?", "library")],
    ),
    _sc(
        "p_search_allergy",
        "compound",
        ["I'm allergic to shellfish. I love Thai food."],
        search=[("Does the user have any allergies?", "shellfish")],
    ),
    _sc(
        "p_dropped_subject2",
        "compound",
        ["Big fan of football. Hate mornings."],
        has=["football", "mornings"],
        count=2,
    ),
    _sc("p_age", "compound", ["I'm 42 years old"], has=["42"], count=1),
    _sc("p_birthday", "compound", ["My birthday is on July 4th"], has=["july 4"], count=1),
    _sc(
        "p_goal", "compound", ["I'm training for a marathon in October"], has=["marathon"], count=1
    ),
]
