"""A fourth held-out set of scenarios, written blind: the ``probe3`` split.

Fifty conversations by another session that had not read the rules or the
other scenarios, written and run once (2026-12-07, commit ``fb7a615``, after
the fixes that ``probe2`` prompted): 37/50 passed. The run and its author's
review are kept verbatim in ``benchmarks/results/scenarios_probe3_first_run.txt``.
All 13 failures were the engine's: a misspelt name corrected ("it's John with
an h, not Jon"), reactions stored as facts ("omg I know right"), a fact before
an em dash, two paraphrases with different words, a new employer said as "I
start at Stripe on Monday", "I tried mushrooms again and I like them now",
"Severance has replaced The Office as my favourite show", "I quit smoking,
haven't had one in 2 months", deletion requests about a person ("the stuff
about my ex") and an address, a retraction with "actually" in it, and a
partner's name in the next sentence.

The rules were then made general again and 48 of the 50 pass, with no
expectation changed. Still failing: ``r_par_remote`` ("Works from home" /
"Is fully remote for their job") and ``r_par_gym`` ("Goes to the gym every
morning" / "Hit the gym before work every morning"): paraphrases with no
shared content word. Figures on this split after the fixes are tuned; the
first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

J1 = "2026-01-05"
F1 = "2026-02-01"
M1 = "2026-03-01"
S = "probe3"

PROBE3: list[dict[str, Any]] = [
    # ---------------- compound ----------------
    {
        "name": "r_cmp_intro",
        "kind": "compound",
        "split": S,
        "turns": ["hey! i'm Priya, 34, i work as a pharmacist in Leeds and i've got a daughter"],
        "has": ["priya", "34", "pharmacist", "leeds", "daughter"],
    },
    {
        "name": "r_cmp_health",
        "kind": "compound",
        "split": S,
        "turns": ["I'm vegetarian and allergic to peanuts, and I try to run about 3 times a week"],
        "has": ["vegetarian", "peanut", "run"],
        "search": [("what food allergies do I have", "peanut")],
    },
    {
        "name": "r_cmp_buried",
        "kind": "compound",
        "split": S,
        "turns": [
            "ugh long day. anyway my brother Tom just moved to Austin and my cat Miso knocked over my monstera lol"
        ],
        "has": ["tom", "austin", "miso"],
    },
    {
        "name": "r_cmp_trip",
        "kind": "compound",
        "split": S,
        "turns": [
            "I'm flying to Tokyo on March 12 for a conference and my wife Elena is coming with me, it's her first time in Japan"
        ],
        "has": ["tokyo", "elena", "wife"],
    },
    {
        "name": "r_cmp_diagnosis",
        "kind": "compound",
        "split": S,
        "turns": [
            "so i got diagnosed with type 2 diabetes last year, been cutting carbs since and i've lost like 10 kg"
        ],
        "has": ["diabetes", "carb"],
    },
    # ---------------- names ----------------
    {
        "name": "r_nm_callme",
        "kind": "names",
        "split": S,
        "turns": ["you can just call me Jo, nobody uses Joanna"],
        "has": ["jo"],
        "search": [("what is my name", "jo")],
    },
    {
        "name": "r_nm_typo",
        "kind": "names",
        "split": S,
        "turns": ["My name is Jon", "sorry typo, it's John with an h, not Jon"],
        "has": ["john"],
        "lacks": ["jon"],
        "count": 1,
    },
    {
        "name": "r_nm_pet",
        "kind": "names",
        "split": S,
        "turns": ["we just adopted a puppy!! we named her Biscuit"],
        "has": ["biscuit"],
        "search": [("what is my pet's name", "biscuit")],
    },
    {
        "name": "r_nm_manager",
        "kind": "names",
        "split": S,
        "turns": ["my manager's name is Deepak and he's super strict about deadlines"],
        "has": ["deepak", "manager"],
    },
    # ---------------- small_talk ----------------
    {
        "name": "r_st_greetings",
        "kind": "small_talk",
        "split": S,
        "turns": ["hi there!", "how's it going?", "lol that's funny", "thanks, you're the best"],
        "count": 0,
    },
    {
        "name": "r_st_weather",
        "kind": "small_talk",
        "split": S,
        "turns": ["good morning :)", "wow it's so rainy today huh", "ok cool"],
        "count": 0,
    },
    {
        "name": "r_st_acks",
        "kind": "small_talk",
        "split": S,
        "turns": ["haha yeah", "sure, sounds good", "np", "bye for now!"],
        "count": 0,
    },
    {
        "name": "r_st_reactions",
        "kind": "small_talk",
        "split": S,
        "turns": ["omg I know right", "that's wild", "happy friday!!", "hmm let me think about it"],
        "count": 0,
    },
    # ---------------- questions ----------------
    {
        "name": "r_q_trivia",
        "kind": "questions",
        "split": S,
        "turns": [
            "What's the capital of Australia?",
            "Can you recommend a good sci-fi book?",
            "Write me a haiku about autumn",
            "translate 'good night' into German pls",
        ],
        "count": 0,
    },
    {
        "name": "r_q_lactose",
        "kind": "questions",
        "split": S,
        "turns": ["Since I'm lactose intolerant, what can I use instead of milk in pancakes?"],
        "has": ["lactose"],
        "count": 1,
    },
    {
        "name": "r_q_coverletter",
        "kind": "questions",
        "split": S,
        "turns": [
            "Can you help me write a cover letter? I'm applying for a nurse position at Mercy Hospital"
        ],
        "has": ["mercy"],
    },
    {
        "name": "r_q_recall",
        "kind": "questions",
        "split": S,
        "turns": ["I live in Oslo", "where do I live again?", "what do you know about me?"],
        "has": ["oslo"],
        "count": 1,
    },
    {
        "name": "r_q_marathon",
        "kind": "questions",
        "split": S,
        "turns": [
            "I'm training for a half marathon in April — what should I eat the night before a long run?"
        ],
        "has": ["half marathon"],
    },
    # ---------------- repeats ----------------
    {
        "name": "r_rep_hiking",
        "kind": "repeats",
        "split": S,
        "turns": ["I love hiking", "I love hiking", "I love hiking"],
        "count": 1,
        "history": ("hiking", ["ADD"]),
    },
    {
        "name": "r_rep_dog",
        "kind": "repeats",
        "split": S,
        "turns": ["My dog is called Rex", "yeah like I said, my dog's name is Rex"],
        "has": ["rex"],
        "count": 1,
    },
    {
        "name": "r_rep_nurse",
        "kind": "repeats",
        "split": S,
        "turns": ["I'm a nurse", "i'm a nurse btw", "as I mentioned, I work as a nurse"],
        "has": ["nurse"],
        "count": 1,
    },
    {
        "name": "r_rep_case",
        "kind": "repeats",
        "split": S,
        "turns": ["I LIVE IN BERLIN", "i live in berlin"],
        "has": ["berlin"],
        "count": 1,
    },
    # ---------------- paraphrase ----------------
    {
        "name": "r_par_jazz",
        "kind": "paraphrase",
        "split": S,
        "turns": ["I'm really into jazz", "I really love jazz music"],
        "has": ["jazz"],
        "count": 1,
    },
    {
        "name": "r_par_peanut",
        "kind": "paraphrase",
        "split": S,
        "turns": ["I have a peanut allergy", "I'm allergic to peanuts"],
        "has": ["peanut"],
        "count": 1,
    },
    {
        "name": "r_par_remote",
        "kind": "paraphrase",
        "split": S,
        "turns": ["I work from home", "I'm fully remote for my job"],
        "count": 1,
    },
    {
        "name": "r_par_gym",
        "kind": "paraphrase",
        "split": S,
        "turns": ["I go to the gym every morning", "every morning I hit the gym before work"],
        "has": ["gym"],
        "count": 1,
    },
    # ---------------- relocation ----------------
    {
        "name": "r_rel_denver_portland",
        "kind": "relocation",
        "split": S,
        "turns": [("I live in Denver", J1), ("We just moved to Portland! boxes everywhere", M1)],
        "has": ["portland"],
        "history": ("portland", ["ADD", "UPDATE"]),
        "as_of": [("where do I live", F1, "denver")],
    },
    {
        "name": "r_rel_london_berlin",
        "kind": "relocation",
        "split": S,
        "turns": [
            ("I'm based in London", J1),
            ("relocated to Berlin for work last week, still getting used to it", M1),
        ],
        "has": ["berlin"],
        "search": [("which city do I live in", "berlin")],
        "as_of": [("which city do I live in", F1, "london")],
    },
    {
        "name": "r_rel_travel_not_move",
        "kind": "relocation",
        "split": S,
        "turns": ["I live in Denver", "I'm in Paris this week for a work trip"],
        "has": ["lives in denver"],
    },
    {
        "name": "r_rel_hometown",
        "kind": "relocation",
        "split": S,
        "turns": [
            ("i'm from chicago originally but i live in seattle now", J1),
            ("finally settled into our new place in San Diego", M1),
        ],
        "has": ["chicago", "san diego"],
        "search": [("where do I live", "san diego")],
        "as_of": [("where do I live", F1, "seattle")],
    },
    # ---------------- job_change ----------------
    {
        "name": "r_job_deloitte",
        "kind": "job_change",
        "split": S,
        "turns": [
            ("I work as an accountant at Deloitte", J1),
            ("I quit Deloitte, I'm a freelance graphic designer now", M1),
        ],
        "has": ["graphic designer"],
        "lacks": ["works as an accountant"],
        "as_of": [("what is my job", F1, "accountant")],
    },
    {
        "name": "r_job_promotion",
        "kind": "job_change",
        "split": S,
        "turns": [
            ("I'm a teacher at Lincoln Middle School", J1),
            ("got promoted to vice principal!!", M1),
        ],
        "has": ["vice principal"],
        "history": ("vice principal", ["ADD", "UPDATE"]),
    },
    {
        "name": "r_job_google_stripe",
        "kind": "job_change",
        "split": S,
        "turns": [
            ("I work at Google", J1),
            ("last day at google was friday, I start at Stripe on monday", M1),
        ],
        "has": ["stripe"],
        "history": ("stripe", ["ADD", "UPDATE"]),
        "as_of": [("where do I work", F1, "google")],
    },
    {
        "name": "r_job_laidoff",
        "kind": "job_change",
        "split": S,
        "turns": [
            ("I'm a software engineer at a fintech startup", J1),
            ("good news, I landed a job as a data analyst at a hospital after the layoffs", M1),
        ],
        "has": ["data analyst"],
        "lacks": ["works as a software engineer"],
    },
    # ---------------- preference_flip ----------------
    {
        "name": "r_pref_color",
        "kind": "preference_flip",
        "split": S,
        "turns": [
            ("My favorite color is blue", J1),
            ("actually I've switched, green is my favorite color now", M1),
        ],
        "has": ["green"],
        "lacks": ["favorite color is blue"],
        "history": ("green", ["ADD", "UPDATE"]),
    },
    {
        "name": "r_pref_coffee_tea",
        "kind": "preference_flip",
        "split": S,
        "turns": [
            ("I love coffee, I drink like 3 cups a day", J1),
            ("I've given up coffee completely and switched to green tea", M1),
        ],
        "has": ["tea"],
        "search": [("what do I drink", "tea")],
        "as_of": [("what do I drink", F1, "coffee")],
    },
    {
        "name": "r_pref_mushrooms",
        "kind": "preference_flip",
        "split": S,
        "turns": [
            "I hate mushrooms",
            "ok so I tried mushrooms again last night and honestly I like them now",
        ],
        "has": ["likes mushrooms"],
    },
    {
        "name": "r_pref_show",
        "kind": "preference_flip",
        "split": S,
        "turns": [
            ("My favourite show is The Office", J1),
            ("Severance has replaced The Office as my all-time favorite show", M1),
        ],
        "has": ["severance"],
        "history": ("severance", ["ADD", "UPDATE"]),
    },
    # ---------------- negation ----------------
    {
        "name": "r_neg_coffee",
        "kind": "negation",
        "split": S,
        "turns": [("I drink coffee every morning", J1), ("I don't drink coffee anymore", M1)],
        "has": ["no longer", "coffee"],
        "history": ("coffee", ["ADD", "UPDATE"]),
    },
    {
        "name": "r_neg_meat",
        "kind": "negation",
        "split": S,
        "turns": ["I don't eat meat"],
        "has": ["meat"],
        "lacks": ["eats meat"],
        "count": 1,
    },
    {
        "name": "r_neg_other_pet",
        "kind": "negation",
        "split": S,
        "turns": [
            "I have a cat named Pickles",
            "I don't have a dog though, my building doesn't allow them",
        ],
        "has": ["has a cat", "pickles"],
    },
    {
        "name": "r_neg_smoking",
        "kind": "negation",
        "split": S,
        "turns": [
            ("I smoke about half a pack a day", J1),
            ("I quit smoking, haven't had one in 2 months", M1),
        ],
        "has": ["smok"],
        "history": ("smok", ["ADD", "UPDATE"]),
        "as_of": [("do I smoke", F1, "pack")],
    },
    # ---------------- retraction ----------------
    {
        "name": "r_ret_sushi",
        "kind": "retraction",
        "split": S,
        "turns": ["I like sushi", "Please forget that I like sushi"],
        "count": 0,
    },
    {
        "name": "r_ret_ex",
        "kind": "retraction",
        "split": S,
        "turns": [
            "My ex Mark still texts me sometimes",
            "can you delete the stuff about my ex? don't want that saved",
        ],
        "lacks": ["mark"],
        "count": 0,
    },
    {
        "name": "r_ret_hamster",
        "kind": "retraction",
        "split": S,
        "turns": [
            "I have a hamster named Gizmo",
            "lol that's not true, I don't actually have a hamster, I was kidding",
        ],
        "lacks": ["has a hamster"],
    },
    {
        "name": "r_ret_address",
        "kind": "retraction",
        "split": S,
        "turns": [
            "My address is 12 Elm Street, Springfield",
            "actually forget my address, I'd rather you not keep that",
        ],
        "lacks": ["elm"],
    },
    # ---------------- relations ----------------
    {
        "name": "r_rela_sister",
        "kind": "relations",
        "split": S,
        "turns": ["My sister Anna is a nurse in Boston"],
        "has": ["anna", "nurse", "boston"],
        "search": [("what does my sister do", "nurse")],
    },
    {
        "name": "r_rela_family",
        "kind": "relations",
        "split": S,
        "turns": ["My husband Raj is a chef, and our son Arjun just started kindergarten"],
        "has": ["raj", "chef", "arjun", "kindergarten"],
    },
    {
        "name": "r_rela_friend",
        "kind": "relations",
        "split": S,
        "turns": ["my best friend Kev and I go climbing every sunday"],
        "has": ["kev", "climb"],
    },
    {
        "name": "r_rela_status",
        "kind": "relations",
        "split": S,
        "turns": [("I'm single", J1), ("I'm seeing someone now! his name is Leo", M1)],
        "has": ["leo"],
        "lacks": ["is single"],
        "as_of": [("relationship status", F1, "single")],
    },
]
