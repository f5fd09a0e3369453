"""A third held-out set of scenarios, written blind: the ``probe2`` split.

Fifty conversations written by a separate session that was told what the
engine is for but did not read its rules (``langmem_local/``) or the other
scenario sets, and that ran them once (2026-12-07, commit ``23133c1``): 31/50
passed. That run and the author's review are kept verbatim in
``benchmarks/results/scenarios_probe2_first_run.txt``. Of the 19 failures, 18
were the engine's (changes said with other verbs, deletion requests not
phrased "forget that", corrections, paraphrases, a relative named by first name
only, requests stored as facts) and one was the author's too strict count
(``q_job_career_switch``: "Switched careers" is true; its ``count`` is dropped).

The rules were then made general (statements, slots, reconcile and the
forget rule; the older splits still all pass). Two expectations were changed
after that run: the count above, and ``q_job_laid_off``, whose ``lacks "works
at deloitte"`` also matched the right answer in the house style, "No longer
works at deloitte". With them 48 of the 50 pass. Still failing, and left so:
``q_para_running`` ("Goes running most days" / "Jogs pretty much daily": no
shared word, a paraphrase only an embedding or a model sees) and
``q_pref_tea_to_coffee`` ("I've switched to coffee" replaces a preference in
a way the rules do not model). Figures on this split after the fixes are
tuned, not held out: the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
F1 = "2026-02-01"
M1 = "2026-03-01"


_s = builder("probe2")


PROBE2: list[dict[str, Any]] = [
    # ---------------- compound ----------------
    _s(
        "q_compound_intro",
        "compound",
        ["hey! i'm 34, i live in Portland and i work as a graphic designer"],
        has=["34", "portland", "graphic designer"],
        count=3,
    ),
    _s(
        "q_compound_diet_pets",
        "compound",
        [
            "I'm vegetarian and allergic to peanuts, oh and I've got two dogs named Biscuit "
            "and Pepper"
        ],
        has=["vegetarian", "peanut", "biscuit", "pepper"],
    ),
    _s(
        "q_compound_chitchat",
        "compound",
        [
            "ugh what a week lol. anyway i just started learning the piano, and my daughter Mia "
            "turns 6 next month. we're thinking of a unicorn party haha"
        ],
        has=["piano", "mia"],
        lacks=["what a week"],
    ),
    _s(
        "q_compound_health_q",
        "compound",
        [
            "Quick context before my question: I have type 1 diabetes and I run marathons. "
            "What should I eat before a long run?"
        ],
        has=["diabetes", "marathon"],
        lacks=["what should"],
    ),
    _s(
        "q_compound_wedding_plan",
        "compound",
        ["so I'm getting married to Jake in June!! still need to find a venue though, any tips?"],
        has=["jake", "june"],
        lacks=["venue tips"],
    ),
    # ---------------- names ----------------
    _s("q_names_call_me", "names", ["you can call me Priya"], has=["priya"], count=1),
    _s(
        "q_names_husband",
        "names",
        ["My husband's name is Tomasz and he's a firefighter"],
        has=["tomasz", "firefighter"],
        search=[("what does my husband do", "firefighter")],
    ),
    _s(
        "q_names_cat",
        "names",
        ["my cat is called Mochi, she's 3"],
        has=["mochi"],
        search=[("what is my cat's name", "mochi")],
    ),
    _s(
        "q_names_spelling_fix",
        "names",
        ["My name is Jon", "actually it's spelled John, with an h"],
        has=["john"],
        lacks=["name is jon"],
        count=1,
    ),
    # ---------------- small_talk ----------------
    _s(
        "q_small_weather",
        "small_talk",
        ["haha yeah the weather's been crazy lately", "thanks, that's super helpful!"],
        count=0,
    ),
    _s("q_small_greetings", "small_talk", ["good morning!", "how's it going?", "ok cool"], count=0),
    _s(
        "q_small_trip_inside",
        "small_talk",
        ["lol that's hilarious", "btw I just got back from Japan, it was amazing"],
        has=["japan"],
        count=1,
    ),
    _s(
        "q_small_replies",
        "small_talk",
        ["sure, sounds good", "yes please", "no that's fine"],
        count=0,
    ),
    # ---------------- questions ----------------
    _s(
        "q_q_trivia",
        "questions",
        ["What's the capital of Australia?", "how do I convert celsius to fahrenheit"],
        count=0,
    ),
    _s(
        "q_q_fact_in_question",
        "questions",
        ["I'm allergic to shellfish - is it safe for me to eat surimi?"],
        has=["shellfish"],
        count=1,
    ),
    _s(
        "q_q_requests",
        "questions",
        [
            "Can you write me a haiku about autumn?",
            "Summarize this article for me please",
            "give me 3 ideas for dinner tonight",
        ],
        count=0,
    ),
    _s(
        "q_q_hypothetical",
        "questions",
        ["If I moved to Berlin, would I need to learn German?"],
        lacks=["lives in berlin"],
    ),
    # ---------------- repeats ----------------
    _s(
        "q_rep_same",
        "repeats",
        ["I love hiking", "I love hiking", "i really love hiking"],
        has=["hiking"],
        count=1,
    ),
    _s(
        "q_rep_as_i_said",
        "repeats",
        [("I'm a nurse", J1), ("as I said, I'm a nurse", F1)],
        has=["nurse"],
        count=1,
        history=("nurse", ["ADD"]),
    ),
    _s(
        "q_rep_reminder",
        "repeats",
        ["I have two kids", "remember, I've got two kids"],
        has=["two kids"],
        count=1,
    ),
    _s(
        "q_rep_overlap_detail",
        "repeats",
        ["I live in Austin and I have a dog", "I have a dog named Rex"],
        has=["austin", "rex"],
        count=2,
    ),
    # ---------------- paraphrase ----------------
    _s(
        "q_para_coffee",
        "paraphrase",
        ["I drink coffee every morning", "Every morning I have a cup of coffee"],
        has=["coffee"],
        count=1,
    ),
    _s(
        "q_para_running",
        "paraphrase",
        ["I go running most days", "I jog pretty much daily"],
        count=1,
    ),
    _s(
        "q_para_jazz",
        "paraphrase",
        ["jazz is my favourite genre of music", "my favorite kind of music is jazz"],
        has=["jazz"],
        count=1,
    ),
    # ---------------- relocation ----------------
    _s(
        "q_reloc_basic",
        "relocation",
        [("I live in Chicago", J1), ("We just moved to Seattle!", M1)],
        has=["seattle"],
        lacks=["lives in chicago"],
        count=1,
        as_of=[("where do I live", F1, "chicago")],
        history=("seattle", ["ADD", "UPDATE"]),
    ),
    _s(
        "q_reloc_casual",
        "relocation",
        [("im based in london", J1), ("relocated to manchester last week for work", M1)],
        has=["manchester"],
        count=1,
        as_of=[("where am i based", F1, "london")],
    ),
    _s(
        "q_reloc_keep_origin",
        "relocation",
        [
            ("I'm originally from Brazil and I live in Lisbon now", J1),
            ("Lisbon got too expensive so we moved to Porto", M1),
        ],
        has=["brazil", "porto"],
        lacks=["lives in lisbon"],
    ),
    _s(
        "q_reloc_just_travel",
        "relocation",
        ["I live in Denver", "I'm in Miami for a conference this week"],
        has=["denver"],
        lacks=["lives in miami"],
    ),
    # ---------------- job_change ----------------
    _s(
        "q_job_employer",
        "job_change",
        [("I work at Google", J1), ("I left Google and joined Stripe", M1)],
        has=["stripe"],
        lacks=["works at google"],
        as_of=[("where do I work", F1, "google")],
    ),
    _s(
        "q_job_career_switch",
        "job_change",
        [
            ("I'm a high school teacher", J1),
            ("I switched careers, I'm a software developer now", M1),
        ],
        has=["developer"],
        as_of=[("what is my job", F1, "teacher")],
    ),
    _s(
        "q_job_laid_off",
        "job_change",
        [
            ("I work as an accountant at Deloitte", J1),
            ("got laid off from deloitte last week, so I'm job hunting now", M1),
        ],
        has=["no longer works at deloitte"],
        lacks=["works as an accountant at deloitte", "works for deloitte"],
    ),
    _s(
        "q_job_promotion",
        "job_change",
        [("I'm a junior analyst at a bank", J1), ("just got promoted to senior analyst!", M1)],
        has=["senior analyst"],
        count=1,
    ),
    # ---------------- preference_flip ----------------
    _s(
        "q_pref_fav_color",
        "preference_flip",
        ["My favorite color is blue", "actually these days my favorite color is green"],
        has=["green"],
        lacks=["favorite color is blue", "favourite color is blue"],
        count=1,
    ),
    _s(
        "q_pref_over_sushi",
        "preference_flip",
        [("I love sushi", J1), ("honestly I'm kinda over sushi now, can't stand it", M1)],
        lacks=["loves sushi"],
        count=1,
        as_of=[("sushi", F1, "loves sushi")],
    ),
    _s(
        "q_pref_tea_to_coffee",
        "preference_flip",
        ["I prefer tea over coffee", "I've switched to coffee, no more tea for me"],
        has=["coffee"],
        lacks=["prefers tea"],
        count=1,
    ),
    _s(
        "q_pref_hate_to_enjoy",
        "preference_flip",
        ["I hate running", "ok I take it back, I've actually started to enjoy running"],
        has=["running"],
        lacks=["hates running"],
        count=1,
    ),
    _s(
        "q_pref_age",
        "preference_flip",
        [("I'm 29", J1), ("turned 30 today!", M1)],
        has=["30"],
        lacks=["29"],
        count=1,
    ),
    # ---------------- negation ----------------
    _s("q_neg_cat", "negation", ["I have a cat", "I don't have a cat"], lacks=["has a cat"]),
    _s(
        "q_neg_sober",
        "negation",
        [("I drink alcohol on weekends", J1), ("I don't drink anymore, 6 months sober", M1)],
        lacks=["drinks alcohol on weekends"],
        as_of=[("do I drink alcohol", F1, "weekends")],
    ),
    _s("q_neg_standalone", "negation", ["I don't eat meat"], has=["meat"], count=1),
    _s(
        "q_neg_not_married",
        "negation",
        ["I'm not married, but I've been with my girlfriend Sara for 5 years"],
        has=["sara"],
        lacks=["is married"],
    ),
    # ---------------- retraction ----------------
    _s(
        "q_retr_forget_sushi",
        "retraction",
        ["I like sushi", "I live in Boston", "please forget that I like sushi"],
        has=["boston"],
        lacks=["sushi"],
        count=1,
    ),
    _s(
        "q_retr_scratch_that",
        "retraction",
        [
            "My brother is a pilot",
            "scratch that, I was wrong, my brother's not a pilot, he's a flight attendant",
        ],
        has=["flight attendant"],
        lacks=["is a pilot"],
        count=1,
    ),
    _s(
        "q_retr_marathon",
        "retraction",
        [
            "I'm training for the Boston marathon",
            "delete the thing about the marathon, I dropped out",
        ],
        lacks=["training for"],
    ),
    _s(
        "q_retr_address",
        "retraction",
        ["I live at 42 Elm Street", "actually please don't store my address, delete it"],
        lacks=["elm"],
        count=0,
    ),
    # ---------------- relations ----------------
    _s(
        "q_rel_parents",
        "relations",
        ["My mom Linda is a retired teacher and my dad is a chef"],
        has=["linda", "retired teacher", "chef"],
    ),
    _s(
        "q_rel_friend_city",
        "relations",
        ["my best friend Carlos lives in Madrid"],
        has=["carlos", "madrid"],
        search=[("where does Carlos live", "madrid")],
    ),
    _s(
        "q_rel_son_birthday",
        "relations",
        [("My son Leo is 4", J1), ("Leo just turned 5!", M1)],
        has=["leo", "5"],
        lacks=["is 4"],
        count=1,
    ),
    _s(
        "q_rel_sister_job",
        "relations",
        ["My sister Anna is a nurse", "I'm a teacher", "Anna quit nursing and is a lawyer now"],
        has=["teacher", "lawyer"],
        lacks=["anna is a nurse"],
        count=2,
    ),
    _s(
        "q_rel_single_to_gf",
        "relations",
        [("I'm single", J1), ("I have a girlfriend now, her name is Mei", M1)],
        has=["mei"],
        lacks=["is single"],
    ),
]
