"""A sixth held-out set of scenarios, written blind: the ``probe5`` split.

Fifty conversations by a fourth session that had not read the rules, the other
scenarios, the results, the tests or the README, written and run once
(2026-12-07, commit ``1cc2a7f``, after the fixes that ``probe4`` prompted; an
edit to ``statements.py`` was in progress in the working tree during that run,
the dangling-pronoun filter of the next commit, which affects none of its
results): 34/50 passed. The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe5_first_run.txt``. All 16 failures were the
engine's, three of them borderline (a paraphrase or an extra true memory):
a time phrase before "I" ("this weekend I ran my first half marathon"), "please
call me Sasha", "as a type 1 diabetic, what ...?", a fact inside a request,
paraphrases without shared words, "settled in brighton now", "Home is
Melbourne", "relocated to Singapore" after "big news:", "gotten really into
jazz", "forget what I said about my cat", "delete my address from your memory",
"I meant my sister lives in Austin", "forget everything about my health" and
"Jordan and I got engaged" against "dating Jordan".

After general fixes 44 of the 50 passed, no expectation changed, and 45 after
the probe6 round (``t_par_guitar`` merges). Still failing: three paraphrases
with no shared content word (``t_par_veg``, ``t_par_early``, ``t_par_bike``), ``t_nm_call_me`` (the legal name after "even
though" is lost) and ``t_q_toast`` (a fact inside a request for help). Figures
on this split after the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
F1 = "2026-02-01"
M1 = "2026-03-01"


sc = builder("probe5")


PROBE5: list[dict[str, Any]] = [
    # ---------------- compound ----------------
    sc(
        "t_cmp_intro",
        "compound",
        [
            "hey! i'm Priya, 34, i live in Austin and work as a data engineer at Dell. "
            "also i have two cats named Miso and Tofu"
        ],
        has=["priya", "34", "austin", "data engineer", "miso", "tofu"],
        search=[("where does the user live", "austin")],
    ),
    sc(
        "t_cmp_health",
        "compound",
        [
            "Just got back from the doctor \u2014 turns out I'm lactose intolerant, and she wants me "
            "to cut back on caffeine too. ugh. anyway can you suggest a dairy-free breakfast?"
        ],
        has=["lactose intolerant", "caffeine"],
        lacks=["suggest"],
    ),
    sc(
        "t_cmp_weekend",
        "compound",
        [
            "so this weekend I ran my first half marathon in 1:58, and my wife Dana and I "
            "finally adopted a rescue dog, a beagle called Waffles"
        ],
        has=["half marathon", "dana", "waffles", "beagle"],
    ),
    sc(
        "t_cmp_family_work",
        "compound",
        [
            "I'm a high school chemistry teacher in Leeds, my husband Tom is a firefighter, "
            "and our daughter Isla just started nursery"
        ],
        has=["chemistry teacher", "leeds", "tom", "firefighter", "isla"],
    ),
    sc(
        "t_cmp_trip",
        "compound",
        [
            "booked flights to Tokyo for March 14th!! going with my college roommate Jess, "
            "we're staying two weeks"
        ],
        has=["tokyo", "jess"],
    ),
    # ---------------- names ----------------
    sc(
        "t_nm_call_me",
        "names",
        [
            "Please call me Sasha, that's what everyone calls me even though my legal name is Alexandra"
        ],
        has=["sasha", "alexandra"],
    ),
    sc(
        "t_nm_friend",
        "names",
        ["my best friend Kwame lives in Accra and we talk every sunday"],
        has=["kwame", "accra"],
    ),
    sc(
        "t_nm_manager",
        "names",
        ["my manager is called Rebecca Hollis and she's super supportive"],
        has=["rebecca"],
    ),
    sc(
        "t_nm_surname",
        "names",
        ["I got married last month and changed my last name from Ortiz to Brennan"],
        has=["brennan", "married"],
    ),
    # ---------------- small_talk ----------------
    sc(
        "t_st_weather",
        "small_talk",
        ["ugh it's so rainy today lol", "anyway how are you doing?", "haha ok cool thanks"],
        count=0,
    ),
    sc(
        "t_st_greet",
        "small_talk",
        ["good morning!", "thanks, that was really helpful \U0001f642", "bye for now"],
        count=0,
    ),
    sc(
        "t_st_replies",
        "small_talk",
        ["lol that's hilarious", "ok sure, sounds good", "nah never mind"],
        count=0,
    ),
    sc(
        "t_st_fact_buried",
        "small_talk",
        [
            "haha yeah mondays are the worst. btw i just moved to Lisbon last week so everything is chaos"
        ],
        has=["lisbon"],
        lacks=["monday"],
    ),
    # ---------------- questions ----------------
    sc(
        "t_q_pure",
        "questions",
        [
            "what's the capital of australia?",
            "how many tablespoons are in a cup?",
            "can you explain how compound interest works?",
        ],
        count=0,
    ),
    sc(
        "t_q_diabetic",
        "questions",
        ["As a type 1 diabetic, what snacks are good before a run?"],
        has=["diabet"],
    ),
    sc(
        "t_q_toast",
        "questions",
        ["Can you help me write a toast for my brother Marco's wedding next Saturday?"],
        has=["marco", "wedding"],
    ),
    sc(
        "t_q_requests",
        "questions",
        [
            "write me a haiku about autumn",
            "now translate 'good night' into spanish",
            "summarize the plot of hamlet in two sentences",
        ],
        count=0,
    ),
    # ---------------- repeats ----------------
    sc(
        "t_rep_denver",
        "repeats",
        ["I live in Denver", "i live in denver", "Like I said, I live in Denver."],
        has=["denver"],
        count=1,
        history=("denver", ["ADD"]),
    ),
    sc(
        "t_rep_peanut",
        "repeats",
        [
            "I'm allergic to peanuts",
            "reminder: peanut allergy here, so no peanuts in recipes please",
        ],
        has=["peanut"],
        count=1,
    ),
    sc(
        "t_rep_dog",
        "repeats",
        ["my dog Biscuit is a golden retriever", "I have a golden retriever called Biscuit"],
        has=["biscuit"],
        count=1,
    ),
    sc(
        "t_rep_nurse",
        "repeats",
        ["I work as a nurse", "as I mentioned I'm a nurse", "yeah, nurse here"],
        has=["nurse"],
        count=1,
    ),
    # ---------------- paraphrase ----------------
    sc(
        "t_par_veg",
        "paraphrase",
        ["I'm vegetarian", "I don't eat meat"],
        has=["vegetarian"],
        count=1,
    ),
    sc(
        "t_par_guitar",
        "paraphrase",
        ["I play guitar", "I've been playing the guitar for years, it's my main hobby"],
        has=["guitar"],
        count=1,
    ),
    sc(
        "t_par_early",
        "paraphrase",
        ["I get up at 5am every day", "yeah I'm an early riser, always up by 5"],
        has=["5"],
        count=1,
    ),
    sc("t_par_bike", "paraphrase", ["I bike to work", "I cycle to the office every day"], count=1),
    # ---------------- relocation ----------------
    sc(
        "t_rel_seattle",
        "relocation",
        [("I live in Chicago", J1), ("We just moved to Seattle!", M1)],
        has=["seattle"],
        lacks=["lives in chicago"],
        search=[("where does the user live", "seattle")],
        as_of=[("where does the user live", F1, "chicago")],
    ),
    sc(
        "t_rel_brighton",
        "relocation",
        [("i'm based in london", J1), ("finally escaped london lol, settled in brighton now", M1)],
        has=["brighton"],
        lacks=["lives in london", "based in london"],
    ),
    sc(
        "t_rel_back_home",
        "relocation",
        [
            ("I live in Toronto", J1),
            ("Moved to Montreal for a job", F1),
            ("and now I'm back in Toronto again", M1),
        ],
        has=["toronto"],
        lacks=["lives in montreal"],
        as_of=[("where does the user live", "2026-02-15", "montreal")],
    ),
    sc(
        "t_rel_singapore",
        "relocation",
        [
            ("Home is Melbourne for me", J1),
            ("big news: relocated to Singapore last week for work", M1),
        ],
        has=["singapore"],
        lacks=["lives in melbourne", "home is melbourne"],
    ),
    # ---------------- job_change ----------------
    sc(
        "t_job_spotify",
        "job_change",
        [
            ("I work as an accountant at Deloitte", J1),
            ("I quit Deloitte and I'm now a UX designer at Spotify", M1),
        ],
        has=["spotify", "ux designer"],
        lacks=["works as an accountant"],
        as_of=[("what is the user's job", F1, "accountant")],
    ),
    sc(
        "t_job_laidoff",
        "job_change",
        [
            ("I'm a software engineer at Meta", J1),
            ("got laid off from meta last week, job hunting now", M1),
        ],
        has=["job"],
        lacks=["is a software engineer at meta"],
        as_of=[("where does the user work", F1, "meta")],
    ),
    sc(
        "t_job_promo",
        "job_change",
        [("I'm a junior analyst at Barclays", J1), ("got promoted! I'm a senior analyst now", M1)],
        has=["senior analyst"],
        lacks=["is a junior analyst"],
    ),
    sc(
        "t_job_retired",
        "job_change",
        [
            ("I teach maths at a secondary school", J1),
            ("As of this week I'm officially retired!", M1),
        ],
        has=["retired"],
        search=[("what does the user do for work", "retired")],
        as_of=[("what does the user do for work", F1, "math")],
    ),
    # ---------------- preference_flip ----------------
    sc(
        "t_pref_colour",
        "preference_flip",
        [
            ("my favourite colour is green", J1),
            ("actually these days my favorite color is purple", M1),
        ],
        has=["purple"],
        lacks=["colour is green", "color is green"],
    ),
    sc(
        "t_pref_sushi",
        "preference_flip",
        [("I love sushi", J1), ("honestly I've gone off sushi, can't stand it anymore", M1)],
        has=["sushi"],
        lacks=["loves sushi"],
        as_of=[("sushi", F1, "love")],
    ),
    sc(
        "t_pref_tea",
        "preference_flip",
        [
            ("I drink coffee every morning", J1),
            ("switched from coffee to green tea in the mornings", M1),
        ],
        has=["green tea"],
        as_of=[("what does the user drink in the morning", F1, "coffee")],
    ),
    sc(
        "t_pref_jazz",
        "preference_flip",
        [
            ("I can't stand jazz", J1),
            ("ok weirdly I've gotten really into jazz lately, Coltrane especially", M1),
        ],
        has=["jazz", "coltrane"],
        lacks=["can't stand jazz", "cannot stand jazz", "hates jazz"],
    ),
    # ---------------- negation ----------------
    sc("t_neg_smoke", "negation", ["I don't smoke"], has=["smoke"], lacks=["smokes"]),
    sc(
        "t_neg_no_kids",
        "negation",
        ["we don't have kids, just two dogs"],
        has=["dogs"],
        lacks=["has kids", "has children"],
    ),
    sc(
        "t_neg_coffee",
        "negation",
        [("I drink coffee", J1), ("I don't drink coffee anymore", M1)],
        has=["coffee"],
        count=1,
        history=("coffee", ["ADD", "UPDATE"]),
    ),
    sc(
        "t_neg_not_vegan",
        "negation",
        ["I'm not vegan, just vegetarian"],
        has=["vegetarian"],
        lacks=["is vegan"],
    ),
    # ---------------- retraction ----------------
    sc(
        "t_ret_forget_cat",
        "retraction",
        ["I have a cat named Pepper", "please forget what I said about my cat"],
        lacks=["pepper"],
        count=0,
    ),
    sc(
        "t_ret_made_up",
        "retraction",
        ["I work at Google", "wait no, I made that up, I don't work at google"],
        lacks=["works at google"],
    ),
    sc(
        "t_ret_delete_address",
        "retraction",
        ["my address is 12 Elm Street", "actually delete my address from your memory"],
        lacks=["elm"],
        count=0,
    ),
    sc(
        "t_ret_sister_city",
        "retraction",
        ["my sister Maria lives in Boston", "sorry, I meant my sister lives in Austin, not Boston"],
        has=["austin"],
        lacks=["lives in boston"],
    ),
    sc(
        "t_ret_forget_health",
        "retraction",
        [
            "I have asthma",
            "I'm on metformin",
            "I live in Oslo",
            "forget everything about my health please",
        ],
        has=["oslo"],
        lacks=["asthma", "metformin"],
    ),
    # ---------------- relations ----------------
    sc(
        "t_rl_parents",
        "relations",
        [
            "my mom's name is Linda and she's a retired pharmacist",
            "my dad Bob passed away two years ago",
        ],
        has=["linda", "pharmacist", "bob"],
    ),
    sc(
        "t_rl_girlfriend_brother",
        "relations",
        ["my girlfriend Chloe's brother Sam is staying with us this week"],
        has=["chloe", "sam"],
    ),
    sc(
        "t_rl_engaged",
        "relations",
        [("I'm dating someone named Jordan", J1), ("Jordan and I got engaged last weekend!!", M1)],
        has=["engaged", "jordan"],
        lacks=["is dating"],
    ),
    sc(
        "t_rl_son",
        "relations",
        ["my son Leo is 7 and obsessed with dinosaurs"],
        has=["leo", "7", "dinosaur"],
    ),
]
