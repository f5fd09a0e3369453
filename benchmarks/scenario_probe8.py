"""A ninth held-out set of scenarios, written blind: the ``probe8`` split.

Fifty conversations by a seventh session that had not read the rules, the other
scenarios, the results, the tests, the README or the git history, written and
run once (2026-12-07, on commit ``dac8d67``, after the probe7 fixes, with the
next commit's shorthand rules for relatives in the working tree): 33/50 passed.
The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe8_first_run.txt``. Of the 17 failures, 16
were the engine's: suppositions ("say I had 3 kids, ...") and jokes stored,
sarcasm taken literally ("I just LOVE waking up at 5am 🙄"), "gave up on guitar"
not ending "learning guitar", a twin named with a sibling ("twins Ella and
Max") not known by name later, a rambling turn that lost the husband, "sorry,
4 kids", "don't keep any of my medical stuff", "Croatia instead of Lisbon",
"traded in the civic for a Tesla", "hmm actually forget my salary", "down to
196", "small correction, Dana is a pediatric nurse, not a doctor", "landed a
junior UX designer job". One was the author's (``w_seattle_question``: a
toddler only implied).

After general fixes 46 of the 50 pass (45 before the probe9 round skipped
another person's opinion), no expectation changed. Still failing: ``w_typo_spanish`` ("spansih"), ``w_weight_progress`` ("down to 196"),
``w_sarcasm_5am`` (nothing is stored from sarcasm, where the author wanted the
5am start kept) and the author's ``w_seattle_question``. Figures on this split
after the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
J2 = "2026-01-20"
F1 = "2026-02-01"
F2 = "2026-02-15"
M1 = "2026-03-01"


_sc = builder("probe8")


PROBE8: list[dict[str, Any]] = [
    # 1
    _sc(
        "w_intro_ramble",
        "compound",
        [
            "hey! so i just started using this thing. quick background: i'm 34, i work as a physical "
            "therapist at a clinic in Portland, and i've got a golden retriever named Biscuit who is "
            "basically my whole personality lol",
        ],
        has=["physical therapist", "portland", "biscuit"],
    ),
    # 2
    _sc(
        "w_move_raleigh",
        "update",
        [
            ("I live in Austin, Texas", J1),
            ("Big news — we finally closed on a house in Raleigh and moved in last weekend!", F1),
        ],
        has=["raleigh"],
        search=[("where do I live", "raleigh")],
        as_of=[("where does the user live", "2026-01-10", "austin")],
    ),
    # 3
    _sc(
        "w_daughter_name_fix",
        "correction",
        [
            "My daughter Maddie starts kindergarten in September",
            "oops typo, it's Maddy with a y, not Maddie",
        ],
        has=["maddy", "kindergarten"],
        lacks=["maddie"],
    ),
    # 4
    _sc(
        "w_forget_ex",
        "forget",
        [
            "My ex, Jordan, still has half my record collection and won't give it back",
            "anyway I'm seeing someone new now, her name is Priya",
            "please forget everything about Jordan, I don't want to be reminded",
        ],
        has=["priya"],
        lacks=["jordan"],
    ),
    # 5
    _sc(
        "w_smalltalk_only",
        "noise",
        [
            "hi",
            "how's it going?",
            "lol thanks, that was helpful",
            "what's the capital of Australia?",
        ],
        count=0,
    ),
    # 6
    _sc(
        "w_hypotheticals",
        "noise",
        [
            "hypothetically, if someone moved to Canada, would they need a visa?",
            "say I had 3 kids, how big of a car would I need?",
        ],
        count=0,
    ),
    # 7
    _sc(
        "w_vegan_to_pescatarian",
        "update",
        [
            ("I'm vegan, have been for about 3 years", J1),
            ("ok confession: I started eating fish again, so I guess I'm pescatarian now", F2),
        ],
        has=["pescatarian"],
        search=[("what does the user eat", "pescatarian")],
        as_of=[("diet", "2026-01-10", "vegan")],
    ),
    # 8
    _sc(
        "w_dinner_request_facts",
        "buried",
        [
            "Can you suggest some easy weeknight dinners? I'm lactose intolerant and my husband hates mushrooms.",
        ],
        has=["lactose intolerant", "mushroom"],
        lacks=["weeknight"],
    ),
    # 9
    _sc(
        "w_coworker_opinion",
        "other_opinion",
        [
            "My coworker Dave thinks pineapple on pizza is a crime lol. personally I love it.",
        ],
        has=["pineapple"],
        lacks=["crime"],
    ),
    # 10
    _sc(
        "w_typo_spanish",
        "casual",
        [
            "ya so im tryin to learn spansih for my trip to mexico city in april",
        ],
        has=["spanish", "mexico city"],
    ),
    # 11
    _sc(
        "w_job_target_bestbuy",
        "multi_update",
        [
            ("I work as a data analyst at Target", J1),
            ("ugh my manager Kevin is driving me nuts this week", J2),
            ("I got an offer from Best Buy!! senior analyst role", F1),
            ("accepted it, first day at Best Buy is March 3rd", F2),
        ],
        has=["best buy"],
        search=[("where does the user work", "best buy")],
        as_of=[("where do I work", "2026-01-10", "target")],
    ),
    # 12
    _sc(
        "w_allergy_is_sons",
        "retraction",
        [
            "I have a peanut allergy",
            "wait no sorry, it's my son Leo who has the peanut allergy, not me",
        ],
        has=["leo", "peanut"],
        count=1,
    ),
    # 13
    _sc(
        "w_marathon_repeat",
        "dedupe",
        [
            "I'm training for the Chicago marathon in October",
            "as I mentioned, I'm training for the chicago marathon, it's in october",
            "ok thanks for the tips!",
        ],
        has=["chicago marathon"],
        count=1,
    ),
    # 14
    _sc(
        "w_forget_where_i_live",
        "forget",
        [
            "I live in Leeds, near Roundhay Park",
            "I'm a secondary school teacher",
            "actually can you forget where I live? privacy stuff",
        ],
        has=["teacher"],
        lacks=["leeds", "roundhay"],
    ),
    # 15
    _sc(
        "w_cat_passed",
        "update",
        [
            ("my cat Mochi is 15 now, getting old", J1),
            ("Mochi passed away last night. I'm gutted.", F1),
        ],
        has=["mochi", "passed away"],
    ),
    # 16
    _sc(
        "w_twins_school",
        "family",
        [
            "my twins Ella and Max just started 2nd grade at Lincoln Elementary",
            "Max got moved up into the gifted program this week, so proud",
        ],
        has=["ella", "max", "lincoln elementary", "gifted"],
    ),
    # 17
    _sc(
        "w_student_loans",
        "finance",
        [
            "I'm trying to pay off about $18k in student loans before I turn 30",
            "also I max out my Roth IRA every year",
        ],
        has=["student loan", "roth ira"],
    ),
    # 18
    _sc(
        "w_honeymoon_japan",
        "plan",
        [
            ("We're going to Japan for our honeymoon in May — Tokyo first, then Kyoto", M1),
        ],
        has=["japan", "honeymoon"],
        search=[("upcoming trips", "japan")],
    ),
    # 19
    _sc(
        "w_diabetes",
        "health",
        [
            "I was diagnosed with type 2 diabetes last month so I'm watching my carbs now",
        ],
        has=["type 2 diabetes", "carb"],
    ),
    # 20
    _sc(
        "w_coffee_to_tea",
        "preference_change",
        [
            ("I'm a big coffee person, like 4 cups a day", J1),
            ("I've quit coffee completely, switched to green tea", F1),
        ],
        has=["green tea"],
        search=[("what does the user drink", "green tea")],
    ),
    # 21
    _sc(
        "w_siblings",
        "relationship",
        [
            "my brother Tomás is a firefighter in Phoenix",
            "and my sister Lucia just graduated from nursing school!",
        ],
        has=["brother", "firefighter", "phoenix", "lucia", "nursing"],
    ),
    # 22
    _sc(
        "w_jokes_no_facts",
        "noise",
        [
            "I'm literally dying of boredom in this meeting 😂",
            "my boss just announced we're all getting 50% raises (he was joking obviously)",
        ],
        lacks=["50%", "raise"],
    ),
    # 23
    _sc(
        "w_general_questions",
        "noise",
        [
            "how many grams of protein are in an egg?",
            "what's the difference between a roth and a traditional ira?",
        ],
        count=0,
    ),
    # 24
    _sc(
        "w_colleagues",
        "colleague",
        [
            "my team lead is Sarah Kim and honestly she's the best manager I've had",
            "the new intern on our team, Raj, is from Pune",
        ],
        has=["sarah kim", "raj"],
    ),
    # 25
    _sc(
        "w_hobbies_5turn",
        "hobby_multi",
        [
            ("I've been getting into bouldering lately", J1),
            ("also started learning guitar, mostly fingerstyle stuff", J1),
            ("what's a good beginner guitar song?", J2),
            ("bouldering update: I finally sent my first V4!", F1),
            ("gave up on guitar tbh, it's just not for me", F2),
        ],
        has=["bouldering", "v4"],
        lacks=["fingerstyle"],
        search=[("user's hobbies", "bouldering")],
    ),
    # 26
    _sc(
        "w_long_ramble_family",
        "long",
        [
            "Okay so long story, but basically my mom (her name's Carol) is moving in with us next month "
            "because her knee surgery didn't go great, and my husband Mike is fine with it but we're going "
            "to have to convert the home office into a bedroom, which means I'll be working from the "
            "kitchen table, which, fun. Anyway, I work remote for a fintech startup as a product designer "
            "so I guess it doesn't really matter where I sit.",
        ],
        has=["carol", "mike", "product designer", "fintech"],
    ),
    # 27
    _sc(
        "w_kids_count_fix",
        "correction",
        [
            "I have 3 kids",
            "sorry, 4 kids — forgot to count the baby lol",
        ],
        has=["4"],
        lacks=["3"],
        count=1,
    ),
    # 28
    _sc(
        "w_half_marathon_done",
        "event",
        [
            ("I ran my first half marathon today! finished in 2:05", F1),
        ],
        has=["half marathon", "2:05"],
    ),
    # 29
    _sc(
        "w_forget_medical",
        "forget",
        [
            "I'm a paralegal in Boston",
            "I take sertraline for anxiety",
            "I also have mild asthma",
            "actually please don't keep any of my medical stuff, delete it",
        ],
        has=["paralegal"],
        lacks=["sertraline", "asthma", "anxiety"],
    ),
    # 30
    _sc(
        "w_engaged_to_married",
        "relationship_update",
        [
            ("my girlfriend Nina and I just got engaged!!", J1),
            ("Nina and I got married on Saturday 💍", M1),
        ],
        has=["nina", "married"],
        search=[("who is the user's partner", "nina")],
    ),
    # 31
    _sc(
        "w_lowercase_allergy",
        "casual",
        [
            "im allergic to shellfish and i dont drink alcohol",
        ],
        has=["shellfish", "alcohol"],
        count=2,
    ),
    # 32
    _sc(
        "w_lisbon_to_croatia",
        "plan_change",
        [
            ("I'm planning a trip to Lisbon in June", J1),
            ("change of plans, we're doing Croatia instead of Lisbon", F1),
        ],
        has=["croatia"],
        history=("croatia", ["ADD", "UPDATE"]),
    ),
    # 33
    _sc(
        "w_roommate_not_me",
        "other_person",
        [
            "my roommate Alex is vegetarian and allergic to cats",
            "I'm not though lol, I eat everything",
        ],
        has=["alex", "vegetarian"],
    ),
    # 34
    _sc(
        "w_civic_to_tesla",
        "update",
        [
            ("I drive a 2012 Honda Civic", J1),
            ("finally traded in the civic for a used Tesla Model 3", F2),
        ],
        has=["tesla"],
        as_of=[("what car does the user drive", "2026-01-10", "civic")],
    ),
    # 35
    _sc(
        "w_forget_salary",
        "forget",
        [
            "I make about 95k a year",
            "hmm actually forget my salary, I don't want that saved",
        ],
        lacks=["95"],
        count=0,
    ),
    # 36
    _sc(
        "w_night_shift_prefs",
        "preference",
        [
            "I work night shifts, so please don't suggest morning workouts",
            "also I prefer short answers, bullet points if possible",
        ],
        has=["night shift", "bullet"],
    ),
    # 37
    _sc(
        "w_grandpa_90",
        "relationship_event",
        [
            "my grandpa turned 90 yesterday, we threw him a surprise party",
        ],
        has=["90"],
    ),
    # 38
    _sc(
        "w_baby_born",
        "family_update",
        [
            ("we're expecting our first baby in March!", J1),
            ("she's here! Olivia Rose, born March 1st, 7lbs 2oz", M1),
        ],
        has=["olivia"],
        search=[("user's children", "olivia")],
    ),
    # 39
    _sc(
        "w_my_name",
        "identity",
        [
            "btw my name is Siobhan, people always mispronounce it, it's said shiv-awn",
        ],
        has=["siobhan"],
    ),
    # 40
    _sc(
        "w_major_switch",
        "update",
        [
            ("I'm a junior at Ohio State studying mechanical engineering", J1),
            ("switched my major to computer science this semester", F1),
        ],
        has=["computer science", "ohio state"],
        as_of=[("what does the user study", "2026-01-10", "mechanical engineering")],
    ),
    # 41
    _sc(
        "w_seattle_question",
        "buried",
        [
            "since I'm moving to Seattle next month, what neighborhoods are good for families with a toddler?",
        ],
        has=["seattle", "toddler"],
        lacks=["neighborhood"],
    ),
    # 42
    _sc(
        "w_forget_one_friend",
        "forget",
        [
            "My best friend Chloe lives in Dublin",
            "my other friend Marcus is a chef",
            "forget about Chloe please",
        ],
        has=["marcus"],
        lacks=["chloe", "dublin"],
    ),
    # 43
    _sc(
        "w_emoji_pup",
        "casual",
        [
            "just adopted a rescue pup 🐶🐶 his name is Waffles!!! 🧇",
        ],
        has=["waffles"],
    ),
    # 44
    _sc(
        "w_weight_progress",
        "health_update",
        [
            ("I weigh 210 right now, goal is 180", J1),
            ("down to 196 this morning!!", F1),
        ],
        has=["196", "180"],
    ),
    # 45
    _sc(
        "w_no_pets_allergy",
        "negation",
        [
            "I don't have any pets, I'm allergic to dogs actually",
        ],
        has=["allergic to dogs"],
    ),
    # 46
    _sc(
        "w_retired_principal",
        "compound",
        [
            "I retired last year after 30 years as a high school principal",
            "now I volunteer at the food bank on tuesdays",
        ],
        has=["retired", "principal", "food bank"],
    ),
    # 47
    _sc(
        "w_wife_job_fix",
        "correction",
        [
            "My wife Dana is a pediatrician",
            "oh small correction, Dana is a pediatric nurse, not a doctor",
        ],
        has=["pediatric nurse"],
        lacks=["pediatrician"],
    ),
    # 48
    _sc(
        "w_sarcasm_5am",
        "sarcasm",
        [
            "oh yeah I just LOVE waking up at 5am for work 🙄",
        ],
        has=["5"],
        lacks=["loves"],
    ),
    # 49
    _sc(
        "w_barista_to_ux",
        "long_multi",
        [
            ("I'm a barista in Denver", J1),
            ("started a UX bootcamp on nights and weekends", J2),
            ("finished the bootcamp! now job hunting", F1),
            ("landed a junior UX designer job at a startup in Boulder", F2),
            ("so I quit the coffee shop", F2),
            ("moved to Boulder to be closer to work", M1),
        ],
        has=["ux designer", "boulder"],
        search=[("user's job", "ux designer")],
        as_of=[("where does the user live", "2026-01-10", "denver")],
    ),
    # 50
    _sc(
        "w_maybe_chicago",
        "tentative",
        [
            "I might move to Chicago next year, not sure yet",
        ],
        has=["chicago"],
        lacks=["lives in chicago"],
    ),
]
