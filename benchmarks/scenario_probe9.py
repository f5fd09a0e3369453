"""A tenth held-out set of scenarios, written blind: the ``probe9`` split.

Fifty conversations by an eighth session that had not read the rules, the other
scenarios, the results, the tests, the README or the git history, written as
several kinds of users (a retiree, a student, non-native speakers, a parent,
someone with a chronic illness, a freelancer, a teenager, a carer) and run once
(2026-12-07, on commit ``8bd7d48``, after the probe8 fixes): 31/50 passed. The
run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe9_first_run.txt``. All 19 failures were the
engine's: a second fact after a comma about a granddaughter, a dose raised ("they
bumped my metformin up to 1000mg"), a rate raised, a major switched "officially",
a "barista gig" and "quit the library job", a kitten "naming her Mochi", a
break-up typed in lower case ("theo and i broke up 😢 ..."), English as a second
language ("My wife name is Camila", "he has 4 years", "I write wrong before"), a
child's allergy inside a request, "disney is off", "It's mostly managed with
Humira", a medication switched "instead", "delete what you know about my old
job", "nvm forget i said that about maya", "jk", another person's opinion,
"correction, his name is Kowalczyk", "it's the 15th, not the 14th", "just
started as an ER nurse at Mercy Hospital".

After general fixes 49 of the 50 pass, no expectation changed; still failing is
``x_parent_disney_cancel`` (the plan is cancelled, but "mason broke his arm" is
about a child never named before, and is not kept). Figures on this split after
the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
J2 = "2026-01-20"
F1 = "2026-02-01"
F2 = "2026-02-15"
M1 = "2026-03-01"


_sc = builder("probe9")


PROBE9: list[dict[str, Any]] = [
    # ---------------- retiree (Harold) ----------------
    _sc(
        "x_retiree_teacher",
        "compound",
        [
            "Well I finally retired last spring after 38 years teaching high school chemistry. "
            "Now my granddaughter Lily keeps me busy, she just started kindergarten!"
        ],
        has=["retired", "chemistry", "lily", "kindergarten"],
    ),
    _sc(
        "x_retiree_move_sarasota",
        "move",
        [
            ("We've lived in Cleveland for going on forty years now", J1),
            (
                "Big news, we put the house on the market and we're moving down to Sarasota, Florida in February",
                J2,
            ),
            ("Well we made it! Moved into the condo in Sarasota last week, 75 degrees today", M1),
        ],
        has=["sarasota"],
        search=[("where do I live", "sarasota")],
        as_of=[("where does the user live", "2026-01-10", "cleveland")],
    ),
    _sc(
        "x_retiree_metformin_dose",
        "update",
        [
            ("Doctor put me on metformin for my blood sugar, 500mg twice a day", J1),
            ("They bumped my metformin up to 1000mg twice a day at my checkup", F2),
        ],
        has=["metformin", "1000"],
        history=("1000", ["ADD", "UPDATE"]),
    ),
    _sc(
        "x_retiree_smalltalk",
        "noise",
        [
            "Good morning dear! Lovely weather today, isn't it?",
            "Ha, you're very kind. That's all for now, thank you.",
        ],
        count=0,
    ),
    _sc(
        "x_retiree_golf_buddy",
        "relationship",
        ["My old buddy Frank and I play golf every Tuesday morning at Pine Hollow"],
        has=["frank", "golf"],
        search=[("who do I play golf with", "frank")],
    ),
    # ---------------- university student (Priya) ----------------
    _sc(
        "x_student_major_switch",
        "update",
        [
            ("I'm a sophomore at UT Austin, majoring in biology (pre-med track)", J1),
            (
                "ok so I officially switched my major to computer science!! pre-med was NOT for me",
                F1,
            ),
        ],
        has=["computer science", "austin"],
        history=("computer science", ["ADD", "UPDATE"]),
    ),
    _sc(
        "x_student_roommate_request",
        "fact_in_request",
        [
            "my roommate Jess keeps eating my food smh. can u help me write a polite note to her about it"
        ],
        has=["jess", "roommate"],
    ),
    _sc(
        "x_student_exam_question",
        "fact_in_question",
        [
            "whats the difference between mitosis and meiosis again? I have my bio midterm on friday and im panicking"
        ],
        has=["midterm"],
        lacks=["difference between"],
    ),
    _sc(
        "x_student_job_swap",
        "update",
        [
            ("I work part time at the campus library, like 12 hrs a week", J1),
            ("quit the library job lol, got a barista gig at Blue Bottle instead. better tips", F1),
        ],
        has=["blue bottle"],
        history=("blue bottle", ["ADD", "UPDATE"]),
    ),
    _sc(
        "x_student_priya_weeks",
        "multi_turn",
        [
            ("hey! I'm Priya, 20, studying economics at McGill", J1),
            (
                "my boyfriend Theo is visiting from Toronto this weekend, any cheap date ideas in montreal?",
                J2,
            ),
            ("so theo and i broke up 😢 long distance just wasn't working", F1),
            ("on a brighter note I'm adopting a kitten!! naming her Mochi", F2),
            ("also I moved off campus, living in the Plateau now with 2 roommates", M1),
        ],
        has=["priya", "mcgill", "theo", "mochi", "plateau"],
        as_of=[("boyfriend", "2026-01-25", "theo")],
    ),
    # ---------------- non-native English speakers ----------------
    _sc(
        "x_nonnative_family",
        "compound",
        [
            "I am from Brazil but I live in Lisbon since 2 years. My wife name is Camila and we have one son, he has 4 years."
        ],
        has=["brazil", "lisbon", "camila", "son"],
    ),
    _sc(
        "x_nonnative_job",
        "grammar",
        ["i am working like software tester in one bank company, the name is Millennium BCP"],
        has=["tester", "millennium"],
    ),
    _sc(
        "x_nonnative_age_correction",
        "correction",
        [
            "My daughter is called Aiko, she is 7 years",
            "sorry I write wrong before, she is 8 years, not 7",
        ],
        has=["aiko", "8"],
        lacks=["7"],
    ),
    _sc(
        "x_nonnative_move_nagoya",
        "move",
        [
            ("I live in Osaka with my parents", J1),
            ("Now I am moving to Nagoya for new work in Toyota, I start next month", F1),
        ],
        has=["nagoya", "toyota"],
    ),
    # ---------------- busy parent (Dana) ----------------
    _sc(
        "x_parent_kids_activities",
        "family",
        [
            "ugh, juggling soccer practice for Mason (he's 9) and ballet for Ava (6) every tuesday is killing me"
        ],
        has=["mason", "ava", "soccer", "ballet"],
    ),
    _sc(
        "x_parent_peanut_allergy",
        "fact_in_request",
        [
            "Quick one - Ava is allergic to peanuts, can you give me some safe snack ideas for her class party?"
        ],
        has=["ava", "peanut"],
        search=[("food allergies in the family", "peanut")],
    ),
    _sc(
        "x_parent_disney_cancel",
        "plan_cancelled",
        [
            ("we're planning a trip to Disney World in April with the kids!", J2),
            (
                "disney is off, mason broke his arm at practice 😩 probably just a staycation instead",
                F2,
            ),
        ],
        has=["arm"],
    ),
    _sc(
        "x_parent_sister_typo",
        "typos",
        ["omg my sistr anna just got engaged to her bf kyle!! weddings next june in savannah"],
        has=["anna", "engaged", "kyle"],
    ),
    _sc(
        "x_parent_forget_ex",
        "forget",
        [
            ("my ex Derek still hasn't paid child support this month, so frustrating", J1),
            ("please forget everything about Derek. I don't want him in here at all", F1),
        ],
        lacks=["derek"],
        count=0,
    ),
    # ---------------- chronic illness (Sam) ----------------
    _sc(
        "x_chronic_crohns",
        "health",
        [
            "I was diagnosed with Crohn's disease in 2019. It's mostly managed with Humira injections every two weeks."
        ],
        has=["crohn", "humira"],
    ),
    _sc(
        "x_chronic_fodmap",
        "diet",
        [
            "my GI doc wants me on a low-FODMAP diet for the next 6 weeks so no garlic or onion 😭 what can I cook"
        ],
        has=["fodmap"],
    ),
    _sc(
        "x_chronic_flare_timeline",
        "multi_turn",
        [
            ("Been in remission for about a year now, feeling great", J1),
            ("bad news, I'm in a flare again. started prednisone yesterday", F1),
            ("flare is finally calming down, tapering off the prednisone this week", M1),
        ],
        has=["prednisone"],
    ),
    _sc(
        "x_chronic_therapist",
        "health",
        ["My therapist, Dr. Okafor, thinks a lot of my anxiety is tied to the illness itself"],
        has=["okafor", "anxiety"],
    ),
    _sc(
        "x_chronic_med_switch",
        "update",
        [
            ("I take 20mg of Lexapro every morning", J1),
            ("stopped the lexapro, my psychiatrist switched me to Wellbutrin instead", F1),
        ],
        has=["wellbutrin"],
        history=("wellbutrin", ["ADD", "UPDATE"]),
    ),
    # ---------------- freelancer (Leo) ----------------
    _sc(
        "x_freelancer_rate",
        "work",
        [
            "I'm a freelance graphic designer, mostly branding for small businesses. I charge $85/hour."
        ],
        has=["graphic designer", "85"],
    ),
    _sc(
        "x_freelancer_rate_raise",
        "update",
        [
            ("I charge 60 an hour for logo work right now", J1),
            ("raised my rate to $75/hr starting this month, clients didn't even blink", F1),
        ],
        has=["75"],
        history=("75", ["ADD", "UPDATE"]),
    ),
    _sc(
        "x_freelancer_client",
        "work",
        [
            "my biggest client right now is Northwind Coffee and they are a nightmare about paying invoices on time"
        ],
        has=["northwind"],
        search=[("clients", "northwind")],
    ),
    _sc(
        "x_freelancer_hypothetical_portugal",
        "hypothetical",
        [
            "hypothetically, if I ever moved to Portugal on the digital nomad visa, how would taxes work?"
        ],
        lacks=["lives in portugal", "moved to portugal"],
    ),
    _sc(
        "x_freelancer_leo_weeks",
        "multi_turn",
        [
            ("I'm based in Manchester, working from home mostly", J1),
            ("working on a full rebrand for a brewery called Hop Theory this month", J2),
            ("my partner Sam and I are thinking about getting a dog", F1),
            ("we got the dog!!! a rescue greyhound called Bolt", F2),
            ("Hop Theory project wrapped up, they paid in full 🙌", M1),
        ],
        has=["manchester", "sam", "bolt", "greyhound"],
    ),
    _sc(
        "x_freelancer_forget_job",
        "forget",
        [
            ("I used to work at Chase as a bank teller before going freelance", J1),
            ("I have a son named Eli, he's 3", J1),
            ("can you delete what you know about my old job? I don't want that stored", F1),
        ],
        has=["eli"],
        lacks=["chase", "teller"],
    ),
    # ---------------- teenager (Jaylen) ----------------
    _sc(
        "x_teen_school",
        "compound",
        ["im 16 and a junior at lincoln high lol. i play varsity basketball"],
        has=["16", "lincoln", "basketball"],
    ),
    _sc(
        "x_teen_crush_forget",
        "forget",
        [
            "ok dont tell anyone but i have a crush on maya from chem class",
            "actually nvm forget i said that about maya",
        ],
        lacks=["maya"],
        count=0,
    ),
    _sc(
        "x_teen_joke_dog",
        "joke",
        ["my dog ate my homework lmaooo jk i dont even have a dog"],
        lacks=["dog ate", "has a dog"],
    ),
    _sc(
        "x_teen_artist_change",
        "preference_change",
        [
            ("my fav artist rn is Drake fr", J1),
            ("ngl im so over drake now, SZA is my favorite", F1),
        ],
        has=["sza"],
        search=[("favorite musician", "sza")],
    ),
    _sc(
        "x_teen_haiku_request",
        "requests",
        ["write me a haiku about autumn", "make it sadder pls"],
        count=0,
    ),
    # ---------------- caring for elderly parent (Maria) ----------------
    _sc(
        "x_caregiver_mom_alz",
        "family_health",
        ["My mom Rosa is 82 and has early-stage Alzheimer's. She lives with us now."],
        has=["rosa", "alzheimer"],
    ),
    _sc(
        "x_caregiver_assisted_living",
        "update",
        [
            ("mom is still living with us but it's getting really hard", J2),
            ("we moved mom into Sunrise assisted living on Friday. I feel so guilty", F2),
        ],
        has=["sunrise"],
    ),
    _sc(
        "x_caregiver_neuro_appt",
        "fact_in_request",
        [
            "Mom's neurology appointment is March 12 with Dr. Patel. Can you help me make a list of questions to ask?"
        ],
        has=["patel"],
    ),
    _sc(
        "x_caregiver_dad_died",
        "life_event",
        [
            ("My dad lives in a nursing home in Tulsa", J1),
            ("Dad passed away on Sunday. The funeral is Thursday.", F2),
        ],
        as_of=[("dad nursing home", "2026-01-10", "tulsa")],
    ),
    # ---------------- misc users ----------------
    _sc(
        "x_general_knowledge",
        "noise",
        ["how many ounces are in a cup?", "and what's the capital of Australia"],
        count=0,
    ),
    _sc(
        "x_coworker_opinion",
        "other_opinion",
        ["My coworker Jenna thinks pineapple on pizza is disgusting, but honestly I love it"],
        has=["pineapple"],
        lacks=["disgusting"],
    ),
    _sc(
        "x_pet_biscuit_died",
        "life_event",
        [
            ("I have an old beagle named Biscuit, he's 14", J1),
            ("Biscuit passed away last night 💔", F1),
        ],
        has=["biscuit"],
        search=[("my dog", "biscuit")],
    ),
    _sc(
        "x_landlord_correction",
        "correction",
        [
            "my landlord Mr. Kowalski finally fixed the heating",
            "correction, his name is Kowalczyk, I always mess that up",
        ],
        has=["kowalczyk"],
        lacks=["kowalski"],
    ),
    _sc(
        "x_travel_rome_correction",
        "correction",
        [
            ("my flight to Rome is on the 14th", F1),
            ("oops, correction: it's the 15th, not the 14th", F1),
        ],
        has=["rome", "15"],
        lacks=["14th"],
    ),
    _sc(
        "x_hobby_ramble",
        "compound",
        [
            "So lately I've been getting really into sourdough baking, my starter's name is Doughlores lol, and on "
            "weekends I've been trying to get back into trail running since my knee surgery last fall. Oh and I "
            "finally finished that 1000 piece puzzle my kids got me for christmas"
        ],
        has=["sourdough", "trail running", "knee"],
    ),
    _sc(
        "x_diet_pescatarian",
        "update",
        [
            ("I'm vegetarian, have been since college", J1),
            ("started eating fish again, so I guess I'm pescatarian now", F1),
        ],
        has=["pescatarian"],
        history=("pescatarian", ["ADD", "UPDATE"]),
    ),
    _sc(
        "x_work_promotion",
        "update",
        [
            ("I'm a junior accountant at Deloitte", J1),
            ("got promoted to senior accountant today!!", F2),
        ],
        has=["senior accountant", "deloitte"],
        history=("senior", ["ADD", "UPDATE"]),
    ),
    _sc(
        "x_work_nurse_relation",
        "relations",
        ["I just started as an ER nurse at Mercy Hospital in Des Moines"],
        has=["nurse", "mercy"],
        relations=[("user", "works_at", "Mercy Hospital")],
    ),
    _sc(
        "x_repeat_cats",
        "repeat",
        [
            ("I have two cats, Pepper and Salt", J1),
            ("like I said before, I have 2 cats named Pepper and Salt", F1),
        ],
        has=["pepper"],
        count=1,
    ),
    _sc(
        "x_gift_husband",
        "fact_in_request",
        [
            "Can you suggest a birthday gift for my husband Greg? He's turning 50 next month and he loves fly fishing"
        ],
        has=["greg"],
        search=[("husband's hobbies", "fishing")],
    ),
]
