"""A fifth held-out set of scenarios, written blind: the ``probe4`` split.

Fifty conversations by a third session that had not read the rules, the other
scenarios, the tests or the README, written and run once (2026-12-07, commit
``d876893``, after the fixes that ``probe3`` prompted): 35/50 passed. The run
and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe4_first_run.txt``. Of the 15 failures, 14
were the engine's: four paraphrases not merged ("I'm a huge coffee person",
"guitar is something I play a lot"), relocations said as "made the move to
Berlin" and "back in Austin again", "I quit accounting and now I'm a high
school math teacher", preference flips ("gone off sushi", "weirdly I've started
to really enjoy running", "my new favourite movie" against a favourite *film*),
"no pets either", "please don't remember that", a break-up ("Emma and I broke
up") and "ugh mondays, am I right" stored as a fact. One was the author's own
(``s_jc_laid_off`` expected the words "laid off"; the engine stored "No longer
works at Blue Bottle", which the review called right): that expectation now
asks for it.

The rules were made general once more and 48 of the 50 pass (47 without the
model: ``s_q_request_with_fact`` needs it). Still failing:
``s_pp_vegetarian`` ("Is vegetarian" / "Doesn't eat meat") and ``s_pp_software``
("Works as a software engineer" / "Writes code for a living, software
developer"), paraphrases without shared words. ``s_ng_no_car_pets`` passes
but also keeps the fragment "Building doesn't allow them". Figures on this
split after the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

J1 = "2026-01-05"
F1 = "2026-02-01"
M1 = "2026-03-01"

PROBE4: list[dict[str, Any]] = [
    # ---------------- compound ----------------
    {
        "name": "s_cmp_intro",
        "kind": "compound",
        "split": "probe4",
        "turns": ["hey! i'm Priya, 34, i live in Austin and work as a UX designer at Dell"],
        "has": ["priya", "34", "austin", "ux designer", "dell"],
    },
    {
        "name": "s_cmp_family_pets",
        "kind": "compound",
        "split": "probe4",
        "turns": [
            "So my wife Maria teaches high school chemistry and we have two cats, Pixel and Mochi."
        ],
        "has": ["maria", "chemistry", "pixel", "mochi"],
    },
    {
        "name": "s_cmp_diet_plans",
        "kind": "compound",
        "split": "probe4",
        "turns": [
            "I'm vegan, allergic to peanuts, and I'm training for the Boston marathon in April."
        ],
        "has": ["vegan", "peanut", "marathon"],
        "search": [("food allergies", "peanut")],
    },
    {
        "name": "s_cmp_buried",
        "kind": "compound",
        "split": "probe4",
        "turns": [
            "ugh what a week lol. anyway since I moved to Lisbon last month I've been learning Portuguese, it's hard but kinda fun"
        ],
        "has": ["lisbon", "portuguese"],
    },
    # ---------------- names ----------------
    {
        "name": "s_nm_call_me",
        "kind": "names",
        "split": "probe4",
        "turns": ["You can call me Bex, by the way."],
        "has": ["bex"],
        "count": 1,
    },
    {
        "name": "s_nm_nickname",
        "kind": "names",
        "split": "probe4",
        "turns": ["My name's Tomás Herrera but everyone calls me Tommy."],
        "has": ["herrera", "tommy"],
    },
    {
        "name": "s_nm_spelling_fix",
        "kind": "names",
        "split": "probe4",
        "turns": ["My name is Jon", "Actually it's spelled John, with an h"],
        "has": ["john"],
        "lacks": ["name is jon"],
        "count": 1,
    },
    {
        "name": "s_nm_pet_name",
        "kind": "names",
        "split": "probe4",
        "turns": ["My dog's name is Biscuit, he's a 3 year old beagle"],
        "has": ["biscuit", "beagle"],
        "search": [("what kind of dog does the user have", "beagle")],
    },
    # ---------------- small_talk ----------------
    {
        "name": "s_st_greeting",
        "kind": "small_talk",
        "split": "probe4",
        "turns": ["hi there!", "how's it going?", "haha nice", "ok thanks, bye!"],
        "count": 0,
    },
    {
        "name": "s_st_weather",
        "kind": "small_talk",
        "split": "probe4",
        "turns": ["wow it's really pouring today huh", "lol yeah", "anyway"],
        "count": 0,
    },
    {
        "name": "s_st_thanks",
        "kind": "small_talk",
        "split": "probe4",
        "turns": ["thanks so much, that was super helpful!", "you're the best :)", "ok cool"],
        "count": 0,
    },
    {
        "name": "s_st_mixed",
        "kind": "small_talk",
        "split": "probe4",
        "turns": [
            "good morning!",
            "ugh mondays, am I right",
            "anyway I just adopted a kitten named Olive!",
        ],
        "has": ["olive", "kitten"],
        "count": 1,
    },
    # ---------------- questions ----------------
    {
        "name": "s_q_plain",
        "kind": "questions",
        "split": "probe4",
        "turns": [
            "What's the capital of Australia?",
            "Can you recommend a good book on Roman history?",
            "how do I convert celsius to fahrenheit",
            "Write me a haiku about autumn",
            "make it a bit sadder",
        ],
        "count": 0,
    },
    {
        "name": "s_q_fact_in_question",
        "kind": "questions",
        "split": "probe4",
        "turns": ["Since I'm lactose intolerant, what can I use instead of milk in pancakes?"],
        "has": ["lactose intolerant"],
        "count": 1,
    },
    {
        "name": "s_q_request_with_fact",
        "kind": "questions",
        "split": "probe4",
        "turns": [
            "Can you help me write a birthday card for my mom? She's turning 60 on Saturday."
        ],
        "has": ["60"],
        "lacks": ["birthday card", "help"],
    },
    {
        "name": "s_q_hypothetical",
        "kind": "questions",
        "split": "probe4",
        "turns": [
            "If I moved to Japan, would I need a visa?",
            "What would a vegan diet look like for a week?",
        ],
        "count": 0,
        "lacks": ["japan", "vegan"],
    },
    # ---------------- repeats ----------------
    {
        "name": "s_rp_exact",
        "kind": "repeats",
        "split": "probe4",
        "turns": ["I live in Denver", "I live in Denver"],
        "has": ["denver"],
        "count": 1,
    },
    {
        "name": "s_rp_mentioned",
        "kind": "repeats",
        "split": "probe4",
        "turns": [
            "I've got a golden retriever called Max.",
            "What's a good hiking trail near me?",
            "Like I mentioned, I have a golden retriever, Max.",
        ],
        "has": ["max", "golden retriever"],
        "count": 1,
    },
    {
        "name": "s_rp_history",
        "kind": "repeats",
        "split": "probe4",
        "turns": ["I'm allergic to shellfish", "i'm allergic to shellfish btw"],
        "has": ["shellfish"],
        "count": 1,
        "history": ("shellfish", ["ADD"]),
    },
    {
        "name": "s_rp_spread",
        "kind": "repeats",
        "split": "probe4",
        "turns": ["I work as a nurse", "hi", "I'm a nurse", "did I tell you I'm a nurse?"],
        "has": ["nurse"],
        "count": 1,
    },
    # ---------------- paraphrase ----------------
    {
        "name": "s_pp_coffee",
        "kind": "paraphrase",
        "split": "probe4",
        "turns": ["I love coffee", "I'm a huge coffee person"],
        "has": ["coffee"],
        "count": 1,
    },
    {
        "name": "s_pp_vegetarian",
        "kind": "paraphrase",
        "split": "probe4",
        "turns": ["I'm vegetarian", "I don't eat meat"],
        "has": ["vegetarian"],
        "count": 1,
    },
    {
        "name": "s_pp_software",
        "kind": "paraphrase",
        "split": "probe4",
        "turns": ["I'm a software engineer", "I write code for a living, software developer"],
        "has": ["software"],
        "count": 1,
    },
    {
        "name": "s_pp_guitar",
        "kind": "paraphrase",
        "split": "probe4",
        "turns": ["I play guitar", "guitar is something I play a lot in my free time"],
        "has": ["guitar"],
        "count": 1,
    },
    # ---------------- relocation ----------------
    {
        "name": "s_rl_basic",
        "kind": "relocation",
        "split": "probe4",
        "turns": [("I live in Chicago", J1), ("I just moved to Seattle!", M1)],
        "has": ["seattle"],
        "lacks": ["lives in chicago"],
        "count": 1,
        "as_of": [("where does the user live", "2026-02-01", "chicago")],
    },
    {
        "name": "s_rl_casual",
        "kind": "relocation",
        "split": "probe4",
        "turns": [
            ("based in london rn", J1),
            ("finally made the move to berlin last weekend!!", M1),
        ],
        "has": ["berlin"],
        "lacks": ["lives in london", "based in london"],
        "search": [("where does the user live", "berlin")],
    },
    {
        "name": "s_rl_history",
        "kind": "relocation",
        "split": "probe4",
        "turns": [("I live in Boston", J1), ("We relocated to Portland, Oregon", M1)],
        "has": ["portland"],
        "lacks": ["lives in boston"],
        "history": ("portland", ["ADD", "UPDATE"]),
    },
    {
        "name": "s_rl_back_again",
        "kind": "relocation",
        "split": "probe4",
        "turns": [
            ("I live in Austin", J1),
            ("moved to Dallas for work", F1),
            ("and now I'm back in Austin again", M1),
        ],
        "has": ["austin"],
        "lacks": ["lives in dallas"],
        "as_of": [
            ("where does the user live", "2026-02-15", "dallas"),
            ("where does the user live", "2026-01-20", "austin"),
        ],
    },
    {
        "name": "s_rl_in_question",
        "kind": "relocation",
        "split": "probe4",
        "turns": [
            ("I live in Atlanta", J1),
            ("Now that I live in Miami, which beaches should I check out?", M1),
        ],
        "has": ["miami"],
        "lacks": ["lives in atlanta", "beaches"],
    },
    # ---------------- job_change ----------------
    {
        "name": "s_jc_employer",
        "kind": "job_change",
        "split": "probe4",
        "turns": [("I work at Google", J1), ("I just started a new job at Stripe", M1)],
        "has": ["stripe"],
        "history": ("stripe", ["ADD", "UPDATE"]),
        "as_of": [("where does the user work", "2026-02-01", "google")],
    },
    {
        "name": "s_jc_role",
        "kind": "job_change",
        "split": "probe4",
        "turns": [
            ("I'm an accountant at Deloitte", J1),
            ("I quit accounting and now I'm a high school math teacher", M1),
        ],
        "has": ["teacher"],
        "lacks": ["is an accountant", "works as an accountant"],
    },
    {
        "name": "s_jc_laid_off",
        "kind": "job_change",
        "split": "probe4",
        "turns": [
            ("I work as a barista at Blue Bottle", J1),
            ("got laid off from Blue Bottle last week, so I'm job hunting now", M1),
        ],
        "has": ["no longer works at blue bottle"],  # was "laid off": see the docstring
        "as_of": [("user's job", "2026-02-01", "barista")],
    },
    {
        "name": "s_jc_retired",
        "kind": "job_change",
        "split": "probe4",
        "turns": [
            ("I'm a firefighter", J1),
            ("I retired last month after 30 years on the job", M1),
        ],
        "has": ["retired"],
        "lacks": ["is a firefighter"],
    },
    # ---------------- preference_flip ----------------
    {
        "name": "s_pf_fav_color",
        "kind": "preference_flip",
        "split": "probe4",
        "turns": [
            ("my favorite color is green", J1),
            ("actually my favorite color these days is purple", M1),
        ],
        "has": ["purple"],
        "lacks": ["favorite color is green", "favourite color is green"],
        "count": 1,
        "as_of": [("favorite color", "2026-02-01", "green")],
    },
    {
        "name": "s_pf_sushi",
        "kind": "preference_flip",
        "split": "probe4",
        "turns": [
            ("I love sushi", J1),
            ("honestly I've gone off sushi, can't stand it anymore", M1),
        ],
        "has": ["sushi"],
        "lacks": ["loves sushi"],
    },
    {
        "name": "s_pf_fav_movie",
        "kind": "preference_flip",
        "split": "probe4",
        "turns": [
            ("My favourite film is Inception", J1),
            ("Dune Part Two is my new favourite movie", M1),
        ],
        "has": ["dune"],
        "lacks": [
            "favourite film is inception",
            "favorite film is inception",
            "favorite movie is inception",
            "favourite movie is inception",
        ],
        "count": 1,
    },
    {
        "name": "s_pf_running",
        "kind": "preference_flip",
        "split": "probe4",
        "turns": [
            ("I hate running", J1),
            ("weirdly I've started to really enjoy running lately", M1),
        ],
        "has": ["running"],
        "lacks": ["hates running"],
    },
    # ---------------- negation ----------------
    {
        "name": "s_ng_coffee",
        "kind": "negation",
        "split": "probe4",
        "turns": [("I drink coffee", J1), ("I don't drink coffee anymore", M1)],
        "has": ["coffee"],
        "count": 1,
        "history": ("coffee", ["ADD", "UPDATE"]),
    },
    {
        "name": "s_ng_smoke",
        "kind": "negation",
        "split": "probe4",
        "turns": ["I don't smoke"],
        "has": ["smoke"],
        "count": 1,
    },
    {
        "name": "s_ng_divorced",
        "kind": "negation",
        "split": "probe4",
        "turns": [
            ("I'm married", J1),
            ("we got divorced last year, so I'm not married anymore", M1),
        ],
        "has": ["divorced"],
        "lacks": ["is married"],
    },
    {
        "name": "s_ng_no_car_pets",
        "kind": "negation",
        "split": "probe4",
        "turns": ["I've never owned a car", "and no pets either, my building doesn't allow them"],
        "has": ["car", "pet"],
    },
    {
        "name": "s_ng_red_meat",
        "kind": "negation",
        "split": "probe4",
        "turns": [
            ("I eat a lot of red meat", J1),
            ("I stopped eating red meat in February for health reasons", M1),
        ],
        "has": ["red meat"],
        "history": ("red meat", ["ADD", "UPDATE"]),
    },
    # ---------------- retraction ----------------
    {
        "name": "s_rt_forget_city",
        "kind": "retraction",
        "split": "probe4",
        "turns": ["I live in Denver", "I have a cat named Luna", "please forget where I live"],
        "has": ["luna"],
        "lacks": ["denver"],
        "count": 1,
    },
    {
        "name": "s_rt_disregard",
        "kind": "retraction",
        "split": "probe4",
        "turns": [
            "I'm allergic to penicillin",
            "sorry, disregard that penicillin thing, I'm not actually allergic to anything",
        ],
        "lacks": ["is allergic to penicillin"],
    },
    {
        "name": "s_rt_delete_person",
        "kind": "retraction",
        "split": "probe4",
        "turns": [
            "My boyfriend's name is Sam",
            "Sam and I love hiking together",
            "I like jazz",
            "please delete everything you know about Sam",
        ],
        "has": ["jazz"],
        "lacks": ["sam"],
    },
    {
        "name": "s_rt_dont_remember",
        "kind": "retraction",
        "split": "probe4",
        "turns": [
            "I'm pregnant, 12 weeks",
            "actually please don't remember that, I'm not ready to tell anyone yet",
        ],
        "lacks": ["pregnant"],
        "count": 0,
    },
    # ---------------- relations ----------------
    {
        "name": "s_rel_sister",
        "kind": "relations",
        "split": "probe4",
        "turns": ["My sister Anna is a nurse in Toronto"],
        "has": ["anna", "nurse", "toronto"],
        "search": [("what does Anna do for work", "nurse")],
    },
    {
        "name": "s_rel_coworker",
        "kind": "relations",
        "split": "probe4",
        "turns": ["my coworker Dev keeps stealing my lunch from the office fridge lol"],
        "has": ["dev"],
    },
    {
        "name": "s_rel_friend_bday",
        "kind": "relations",
        "split": "probe4",
        "turns": ["my best friend Kenji's birthday is March 3rd"],
        "has": ["kenji", "march"],
        "search": [("when is Kenji's birthday", "march")],
    },
    {
        "name": "s_rel_partner_change",
        "kind": "relations",
        "split": "probe4",
        "turns": [
            ("My girlfriend is Emma", J1),
            ("Emma and I broke up", F1),
            ("I'm seeing someone new, her name's Chloe", M1),
        ],
        "has": ["chloe"],
        "lacks": ["girlfriend is emma"],
        "as_of": [("user's girlfriend", "2026-01-20", "emma")],
    },
]
