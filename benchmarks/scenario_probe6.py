"""A seventh held-out set of scenarios, written blind: the ``probe6`` split.

Fifty conversations by a fifth session that had not read the rules, the other
scenarios, the results, the tests, the README or the git history, written and
run once (2026-12-07, commit ``229e5d3``, after the fixes that ``probe5``
prompted): 35/50 passed. The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe6_first_run.txt``. Of the 15 failures, 13
were the engine's: facts inside requests ("... my son Leo? He's turning 7",
"since I'm vegetarian can you remind me ..."), a relative's misspelt name taken
for the user's, "montreal is home now", "ignore what I said about the
marathon", "delete anything you have about Jordan", "she's a teacher now" about
a girlfriend named before, "I've been seeing someone - her name is Mia", three
paraphrases, a promotion that dropped the employer and "switched to tea, gave
up coffee". Two were the author's: ``u_st_mixed`` (its lacks "ugh" matches
"rough") and ``u_para_shellfish`` (the second message added a detail).

Fixing these showed an older fault: two different statements about one named
relative ("Sister Anna is a nurse", "Sister Anna lives in Oslo") compared as
the same memory through the relative's name slot, so the second replaced or
was dropped against the first. A name now decides only between two namings.

After general fixes 44 of the 50 pass, no expectation changed: besides the
author's two, still failing are ``u_para_job`` and ``u_para_commute``
(paraphrases without shared words), ``u_job_promotion`` (the employer is not
carried into "Works as a senior accountant") and ``u_pref_coffee_tea`` ("gave
up coffee" does not update "Drinks like three coffees a day"). Figures on this
split after the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
J2 = "2026-01-20"
F1 = "2026-02-01"
F2 = "2026-02-15"
M1 = "2026-03-01"


_sc = builder("probe6")


PROBE6: list[dict[str, Any]] = [
    # ---------------- compound ----------------
    _sc(
        "u_cmp_intro",
        "compound",
        [
            "hey! i'm Priya, 34, i work as a pharmacist in Leeds and i've got two cats named Mochi and Biscuit"
        ],
        has=["priya", "34", "pharmacist", "leeds", "mochi", "biscuit"],
        search=[("what pets does the user have", "mochi")],
    ),
    _sc(
        "u_cmp_health",
        "compound",
        [
            "Quick context before I ask anything: I'm type 1 diabetic, I'm allergic to penicillin, and I run about 20 miles a week."
        ],
        has=["type 1", "penicillin", "20 miles"],
        search=[("medication allergies", "penicillin")],
    ),
    _sc(
        "u_cmp_buried",
        "compound",
        [
            "ugh what a day lol. anyway my daughter Maya just started kindergarten and my husband Tom is away for work all week, so it's just me and the dog"
        ],
        has=["maya", "kindergarten", "tom", "husband", "dog"],
    ),
    _sc(
        "u_cmp_plans",
        "compound",
        [
            (
                "I'm flying to Lisbon on March 14 for my friend Carla's wedding, and since I'm vegetarian can you remind me to check the menu?",
                F1,
            )
        ],
        has=["lisbon", "carla", "vegetarian"],
        search=[("diet", "vegetarian")],
    ),
    _sc(
        "u_cmp_two_turns",
        "compound",
        [
            "I speak Spanish and Portuguese fluently and I'm learning Japanese at the moment.",
            "Oh and I play cello in a community orchestra on Thursdays.",
        ],
        has=["spanish", "portuguese", "japanese", "cello", "orchestra"],
    ),
    # ---------------- names ----------------
    _sc(
        "u_nm_call_me",
        "names",
        ["You can call me Jo, by the way - nobody uses Joanna except my mum."],
        has=["jo"],
        search=[("what is the user's name", "jo")],
    ),
    _sc(
        "u_nm_rename",
        "names",
        [
            ("My name is Sam.", J1),
            ("Actually I go by Alex now, I changed my name legally last year.", F1),
        ],
        has=["alex"],
        lacks=["name is sam"],
    ),
    _sc(
        "u_nm_pet_name",
        "names",
        ["we adopted a rescue greyhound last week, we named her Pepper"],
        has=["greyhound", "pepper"],
    ),
    _sc(
        "u_nm_spelling",
        "names",
        ["My son is called Aiden and he's 5.", "sorry, typo - it's Aidan with an a, not Aiden"],
        has=["aidan"],
        lacks=["aiden"],
    ),
    # ---------------- small talk ----------------
    _sc(
        "u_st_weather",
        "small_talk",
        ["lol it's so rainy today", "haha yeah", "ok thanks, that's all for now!"],
        count=0,
    ),
    _sc(
        "u_st_greeting",
        "small_talk",
        ["hi there! how's it going?", "good good", "cool, thanks for asking"],
        count=0,
    ),
    _sc(
        "u_st_reactions",
        "small_talk",
        [
            "wow that's actually really helpful",
            "nice, makes sense",
            "Thanks so much, you're a lifesaver! have a good one",
        ],
        count=0,
    ),
    _sc(
        "u_st_mixed",
        "small_talk",
        [
            "morning!! ugh it's early",
            "anyway, I'm a total night owl so mornings are rough for me",
            "lol ok",
        ],
        has=["night owl"],
        lacks=["ugh", "lol"],
    ),
    # ---------------- questions ----------------
    _sc(
        "u_q_plain",
        "questions",
        [
            "What's the capital of Australia?",
            "How many tablespoons are in a cup?",
            "can you explain what a Roth IRA is?",
            "Write me a short poem about autumn, make it rhyme",
        ],
        count=0,
    ),
    _sc(
        "u_q_with_fact",
        "questions",
        ["Since I'm lactose intolerant, what can I use instead of milk in pancakes?"],
        has=["lactose"],
        count=1,
    ),
    _sc(
        "u_q_fact_in_request",
        "questions",
        [
            "Can you help me plan a birthday party for my son Leo? He's turning 7 and he's obsessed with dinosaurs."
        ],
        has=["leo", "dinosaur", "7"],
    ),
    _sc(
        "u_q_hypothetical",
        "questions",
        [
            "If I moved to Berlin, would I need to learn German?",
            "What would rent cost there for a 2-bedroom?",
        ],
        count=0,
        lacks=["berlin"],
    ),
    # ---------------- repeats ----------------
    _sc(
        "u_rep_exact",
        "repeats",
        ["I have a peanut allergy.", "I have a peanut allergy.", "I have a peanut allergy."],
        has=["peanut"],
        count=1,
    ),
    _sc(
        "u_rep_over_time",
        "repeats",
        [("I live in Austin.", J1), ("i live in austin", F1), ("Like I said, I'm in Austin.", M1)],
        has=["austin"],
        count=1,
        history=("austin", ["ADD"]),
    ),
    _sc(
        "u_rep_interleaved",
        "repeats",
        ["My dog is named Rex.", "I also really like hiking.", "Rex is my dog, btw."],
        has=["rex", "hiking"],
        count=2,
    ),
    _sc(
        "u_rep_multi",
        "repeats",
        [
            "I'm vegan and I do yoga every morning.",
            "just reminding you, I'm vegan and I do yoga every morning",
        ],
        has=["vegan", "yoga"],
        count=2,
    ),
    # ---------------- paraphrase ----------------
    _sc(
        "u_para_job",
        "paraphrase",
        ["I'm a software engineer.", "I write code for a living - software engineering."],
        has=["software"],
        count=1,
    ),
    _sc(
        "u_para_thai",
        "paraphrase",
        ["I really love Thai food.", "thai food is amazing, i'm a huge fan of it"],
        has=["thai"],
        count=1,
    ),
    _sc(
        "u_para_shellfish",
        "paraphrase",
        [
            "I'm allergic to shellfish.",
            "shellfish makes me break out in hives - I have an allergy to it",
        ],
        has=["shellfish"],
        count=1,
    ),
    _sc(
        "u_para_commute",
        "paraphrase",
        ["I bike to work every day.", "My daily commute is by bicycle."],
        count=1,
        search=[("how does the user get to work", "work")],
    ),
    # ---------------- relocation ----------------
    _sc(
        "u_rel_simple",
        "relocation",
        [("I live in Boston.", J1), ("We just moved to Seattle!", F1)],
        has=["seattle"],
        history=("seattle", ["ADD", "UPDATE"]),
        as_of=[("where does the user live", J2, "boston")],
    ),
    _sc(
        "u_rel_casual",
        "relocation",
        [("based in toronto for now", J1), ("finally left toronto - montreal is home now", F1)],
        has=["montreal"],
        search=[("where does the user live", "montreal")],
        as_of=[("where does the user live", J2, "toronto")],
    ),
    _sc(
        "u_rel_country",
        "relocation",
        [
            ("I'm originally from Brazil but I live in Lisbon.", J1),
            ("Relocated to London last month, new chapter!", F1),
        ],
        has=["brazil", "london"],
        as_of=[("where does the user live", J2, "lisbon")],
    ),
    _sc(
        "u_rel_trip",
        "relocation",
        [("I live in Denver.", J1), ("I'm in Paris this week for a conference, it's gorgeous", F1)],
        has=["denver"],
        lacks=["lives in paris"],
    ),
    # ---------------- job change ----------------
    _sc(
        "u_job_new_employer",
        "job_change",
        [
            ("I work at Google as a product manager.", J1),
            ("Big news: I accepted an offer at Stripe and started there Monday, still a PM.", F1),
        ],
        has=["stripe"],
        search=[("where does the user currently work", "stripe")],
        as_of=[("where does the user work", J2, "google")],
    ),
    _sc(
        "u_job_career_switch",
        "job_change",
        [
            ("I'm a high school math teacher.", J1),
            ("I quit teaching over the summer and now I'm a full-time UX designer.", F1),
        ],
        has=["ux designer"],
        lacks=["is a high school math teacher"],
    ),
    _sc(
        "u_job_promotion",
        "job_change",
        [
            ("I'm a junior accountant at Deloitte.", J1),
            ("got promoted to senior accountant this week!!", F1),
        ],
        has=["senior accountant", "deloitte"],
        lacks=["is a junior accountant"],
        history=("senior", ["ADD", "UPDATE"]),
    ),
    _sc(
        "u_job_side",
        "job_change",
        [
            ("I'm a nurse at St. Mary's.", J1),
            ("I also started driving for Uber on weekends for some extra cash.", F1),
        ],
        has=["nurse", "uber"],
    ),
    # ---------------- preference flip ----------------
    _sc(
        "u_pref_color",
        "preference_flip",
        [
            ("My favorite color is green.", J1),
            ("honestly these days my favourite colour is purple", F1),
        ],
        has=["purple"],
        lacks=["color is green", "colour is green"],
        as_of=[("favorite color", J2, "green")],
    ),
    _sc(
        "u_pref_coffee_tea",
        "preference_flip",
        [
            ("I drink like three coffees a day", J1),
            ("I've switched to tea, gave up coffee completely", F1),
        ],
        has=["tea"],
        history=("coffee", ["ADD", "UPDATE"]),
    ),
    _sc(
        "u_pref_running",
        "preference_flip",
        [
            ("I hate running.", J1),
            ("Weirdly I've gotten really into running lately, I love it now", F1),
        ],
        has=["running"],
        history=("running", ["ADD", "UPDATE"]),
    ),
    _sc(
        "u_pref_diet",
        "preference_flip",
        [
            ("I'm vegetarian.", J1),
            ("I started eating fish again, so I guess I'm pescatarian now", F1),
        ],
        has=["pescatarian"],
        lacks=["is vegetarian"],
    ),
    _sc(
        "u_pref_age",
        "preference_flip",
        [("I'm 29.", J1), ("Just turned 30 today!", F1)],
        has=["30"],
        lacks=["29"],
    ),
    # ---------------- negation ----------------
    _sc(
        "u_neg_morning",
        "negation",
        ["I'm not a morning person at all"],
        has=["morning person"],
        lacks=["is a morning person"],
    ),
    _sc(
        "u_neg_smoking",
        "negation",
        [("I smoke.", J1), ("I quit smoking 3 weeks ago!", F1)],
        has=["smok"],
        count=1,
    ),
    _sc(
        "u_neg_no_pets",
        "negation",
        ["I don't have any pets, my building doesn't allow them"],
        has=["pet"],
        lacks=["has a pet", "has pets"],
    ),
    _sc(
        "u_neg_japan",
        "negation",
        ["I've never been to Japan but I really want to go someday"],
        has=["japan"],
        lacks=["has been to japan"],
    ),
    # ---------------- retraction ----------------
    _sc(
        "u_ret_forget_violin",
        "retraction",
        ["I have a cat named Luna.", "I'm learning the violin.", "Please forget the violin thing."],
        has=["luna"],
        lacks=["violin"],
        count=1,
    ),
    _sc(
        "u_ret_marathon",
        "retraction",
        [
            "I work remotely from home.",
            "I'm training for a marathon in April.",
            "actually scratch that, ignore what I said about the marathon",
        ],
        has=["remote"],
        lacks=["marathon"],
    ),
    _sc(
        "u_ret_brother_pilot",
        "retraction",
        [
            "My brother is a pilot.",
            "sorry I mixed that up - my brother isn't a pilot, it's my cousin Ben who flies planes",
        ],
        has=["ben"],
        lacks=["brother is a pilot"],
    ),
    _sc(
        "u_ret_jordan",
        "retraction",
        [
            "My ex is named Jordan.",
            "Jordan and I still text sometimes.",
            "please delete anything you have about Jordan",
        ],
        lacks=["jordan"],
    ),
    # ---------------- relations ----------------
    _sc(
        "u_rl_family",
        "relations",
        ["My sister Anna is a nurse in Portland and her husband Mark is a firefighter."],
        has=["anna", "nurse", "mark", "firefighter"],
        search=[("what does Anna do for work", "nurse")],
    ),
    _sc(
        "u_rl_brother_austin",
        "relations",
        [("I live in Denver.", J1), ("My brother just moved to Austin.", F1)],
        has=["denver", "brother", "austin"],
    ),
    _sc(
        "u_rl_elena",
        "relations",
        [
            ("My girlfriend Elena works as a lawyer.", J1),
            ("Elena just switched careers, she's a teacher now", F1),
        ],
        has=["elena", "teacher"],
        lacks=["elena works as a lawyer", "elena is a lawyer"],
    ),
    _sc(
        "u_rl_single",
        "relations",
        [
            ("I'm single.", J1),
            ("I've been seeing someone - her name is Mia, we're officially dating!", F1),
        ],
        has=["mia"],
        lacks=["is single"],
    ),
]
