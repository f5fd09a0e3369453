"""A twelfth held-out set of scenarios, written blind: the ``probe11`` split.

Fifty conversations by a tenth session that had not read the rules, the other
scenarios, the results, the tests, the README or the git history, in the voice
of ordinary users of a general assistant (one to three casual sentences, some
typos; about a third change something over several turns), run once
(2026-12-08, on commit ``9efcf36``): **28/50** passed. The run and its author's
review are kept verbatim in ``benchmarks/results/scenarios_probe11_first_run.txt``.
21 of the 22 failures were the engine's; ``z_goldfish_count`` was the
author's (a ``lacks`` that matched a memory still true as history).

What it showed: terse updates that name nothing ("down to 203!", "196 this
morning", "landlord raised the rent to 1550", "negotiate it down to 1500"); a
moved date ("push the wedding to september 12", "move my dentist appt to the
28th"); corrections without the shapes known before ("it's 68k not 65k",
"i meant san antonio, not austin", "it's actually spelled Kirsten, with the i
first", "lol typo, its whiskers"); a joke with a laugh ("a professional
astronaut ... 😂"); a cancelled trip ("london trip got cancelled") and an
abandoned move ("we're staying in ohio"); typos that hid a whole turn.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, J1, J2, M1, builder

_sc = builder("probe11")

PROBE11: list[dict[str, Any]] = [
    # ---------------- fact ----------------
    _sc(
        "z_nurse_nights",
        "fact",
        [
            ("im a nurse, i work nights in the ICU at st marys", J1),
        ],
        has=["nurse"],
        search=[("what do i do for work", "nurse")],
    ),
    _sc(
        "z_penicillin_allergy",
        "fact",
        [
            ("just fyi i'm allergic to penicillin, found that out the hard way lol", J1),
        ],
        has=["penicillin"],
        search=[("am i allergic to any medication", "penicillin")],
    ),
    _sc(
        "z_lives_portland",
        "fact",
        [
            ("I live in Portland, Oregon with my wife and our two boys.", J1),
        ],
        has=["portland"],
        search=[("where do i live", "portland")],
    ),
    _sc(
        "z_vegan_3yrs",
        "fact",
        [
            ("been vegan about 3 yrs now so pls no meat recipes", J1),
        ],
        has=["vegan"],
        search=[("what's my diet", "vegan")],
    ),
    _sc(
        "z_drives_prius",
        "fact",
        [
            ("i drive a 2015 prius, it's got like 180k miles on it", J1),
        ],
        has=["prius"],
        search=[("what car do i have", "prius")],
    ),
    # ---------------- pref_change ----------------
    _sc(
        "z_coffee_to_green_tea",
        "pref_change",
        [
            ("i drink like 3 cups of coffee a day, cant function without it", J1),
            ("quit coffee last week bc my anxiety was bad, drinking green tea instead now", F1),
        ],
        has=["green tea"],
        search=[("what do i drink in the morning", "green tea")],
    ),
    _sc(
        "z_running_to_cycling",
        "pref_change",
        [
            ("i run a 5k every morning before work", J1),
            ("my knee is messed up so no more running for me. got a road bike and i cycle now", F1),
        ],
        has=["cycl"],
        lacks=["5k"],
    ),
    _sc(
        "z_spotify_to_apple_music",
        "pref_change",
        [
            ("i use spotify for all my music", J1),
            ("cancelled spotify, moved to apple music since it comes with my apple one bundle", F1),
        ],
        has=["apple music"],
        search=[("what music app do i use", "apple music")],
    ),
    _sc(
        "z_fav_show_changes",
        "pref_change",
        [
            ("my favorite show rn is severance, i'm obsessed", J1),
            ("ok finished severance. the bear is my new favorite show now", F1),
        ],
        has=["the bear"],
        search=[("what's my favorite tv show", "the bear")],
    ),
    _sc(
        "z_keto_to_calorie_counting",
        "pref_change",
        [
            ("started keto this month, trying to lose 20 lbs", J1),
            ("gave up on keto, it was way too hard. just counting calories now", F1),
        ],
        has=["calorie"],
        search=[("what diet am i doing", "calorie")],
    ),
    # ---------------- correction ----------------
    _sc(
        "z_daughter_age_fix",
        "correction",
        [
            ("my daughter lily just turned 7!", J1),
            ("wait sorry, lily is 8 not 7. i always mess that up lol", J1),
        ],
        has=["lily", "8"],
        lacks=[" 7"],
    ),
    _sc(
        "z_city_fix_brother_austin",
        "correction",
        [
            ("we just moved to austin last month", J1),
            ("oops i meant san antonio, not austin. austin is where my brother lives", J1),
        ],
        has=["san antonio"],
        search=[("what city do i live in", "san antonio")],
    ),
    _sc(
        "z_name_spelling_fix",
        "correction",
        [
            ("hi! my name is Kristen", J1),
            ("it's actually spelled Kirsten, with the i first. autocorrect always does that", J1),
        ],
        has=["kirsten"],
        lacks=["kristen"],
    ),
    _sc(
        "z_birthday_fix_mom",
        "correction",
        [
            ("my birthday is march 14", J1),
            ("wait no, mine is march 15. march 14 is my mom's birthday", J1),
        ],
        has=["march 15"],
        search=[("when is my birthday", "march 15")],
    ),
    _sc(
        "z_salary_fix",
        "correction",
        [
            ("i make 65k a year as a paralegal", J1),
            ("correction, it's 68k not 65k, had the wrong number in my head", J1),
        ],
        has=["68"],
        lacks=["65"],
    ),
    # ---------------- forget ----------------
    _sc(
        "z_forget_divorce_keep_cats",
        "forget",
        [
            ("im going through a divorce right now, its been rough", J1),
            ("on a lighter note i have 2 cats, mochi and bean", J1),
            ("hey can you forget the divorce thing? i dont want that remembered", J2),
        ],
        has=["mochi"],
        lacks=["divorce"],
    ),
    _sc(
        "z_forget_address_keep_job",
        "forget",
        [
            ("my address is 42 elm street, springfield", J1),
            ("i work as a 3rd grade teacher", J1),
            ("please delete my address from your memory", J2),
        ],
        has=["teacher"],
        lacks=["elm"],
    ),
    _sc(
        "z_forget_health_keep_hiking",
        "forget",
        [
            ("i have type 2 diabetes", J1),
            ("i love hiking on weekends, mostly in the smokies", J1),
            ("forget everything about my health please", J2),
        ],
        has=["hik"],
        lacks=["diabet"],
    ),
    _sc(
        "z_forget_ex_keep_friend",
        "forget",
        [
            ("my ex boyfriend's name is jake, we broke up in october", J1),
            ("my best friend is priya, we've known each other since college", J1),
            ("forget about jake entirely pls", J2),
        ],
        has=["priya"],
        lacks=["jake"],
    ),
    _sc(
        "z_forget_parrot_keep_dog",
        "forget",
        [
            ("i have a dog named rufus and a parrot named kiwi", J1),
            ("kiwi died last week :( actually just forget about kiwi, it's too sad", F1),
        ],
        has=["rufus"],
        lacks=["kiwi"],
    ),
    # ---------------- no_store ----------------
    _sc(
        "z_chitchat_cold_thanks",
        "no_store",
        [
            ("lol its so cold today", J1),
            ("anyway thanks for the help!", J1),
        ],
        count=0,
    ),
    _sc(
        "z_hypothetical_lottery",
        "no_store",
        [
            ("if i won the lottery i'd buy a boat and move to fiji haha", J1),
        ],
        count=0,
    ),
    _sc(
        "z_joke_astronaut",
        "no_store",
        [
            ("yeah i'm a professional astronaut, i commute to the moon on tuesdays 😂", J1),
        ],
        count=0,
        lacks=["astronaut"],
    ),
    _sc(
        "z_general_questions",
        "no_store",
        [
            ("whats the capital of australia?", J1),
            ("how many cups are in a liter", J1),
        ],
        count=0,
    ),
    _sc(
        "z_story_request_pirate",
        "no_store",
        [
            ("write me a short story about a pirate named captain redbeard who loves cheese", J1),
        ],
        count=0,
        lacks=["redbeard"],
    ),
    # ---------------- buried_fact ----------------
    _sc(
        "z_buried_celiac_pasta",
        "buried_fact",
        [
            ("can you give me a pasta recipe? has to be gluten free since i have celiac", J1),
        ],
        has=["celiac"],
    ),
    _sc(
        "z_buried_target_shift_lead",
        "buried_fact",
        [
            (
                "help me write an email to my boss asking for friday off. i'm a shift lead at target",
                J1,
            ),
        ],
        has=["target"],
        search=[("where do i work", "target")],
    ),
    _sc(
        "z_buried_japan_anniversary",
        "buried_fact",
        [
            (
                "what should i pack for japan in april? going with my husband for our 10th anniversary",
                J1,
            ),
        ],
        has=["japan"],
        search=[("do i have any trips coming up", "japan")],
    ),
    _sc(
        "z_buried_golden_cooper",
        "buried_fact",
        [
            ("my golden retriever cooper keeps eating socks, is that dangerous??", J1),
        ],
        has=["cooper", "golden retriever"],
    ),
    _sc(
        "z_buried_11th_grade",
        "buried_fact",
        [
            (
                "can u explain the krebs cycle simply, i have a bio exam friday and im in 11th grade",
                J1,
            ),
        ],
        has=["11th"],
    ),
    # ---------------- multi_update ----------------
    _sc(
        "z_weight_progress",
        "multi_update",
        [
            ("im 210 lbs right now, goal is 180", J1),
            ("down to 203!", J2),
            ("196 this morning lets gooo", F1),
        ],
        has=["196", "180"],
        lacks=["203"],
        as_of=[("how much do i weigh", "2026-01-25", "203")],
    ),
    _sc(
        "z_baby_three_born",
        "multi_update",
        [
            ("we have two kids, they're 4 and 6", J1),
            ("guess what, i'm pregnant with #3! due early march", J2),
            ("she's here!! our daughter nora was born yesterday, 7 lbs 2 oz", M1),
        ],
        has=["nora"],
        lacks=["pregnant", "two kids"],
    ),
    _sc(
        "z_rent_changes",
        "multi_update",
        [
            ("my rent is $1400 a month", J1),
            ("landlord raised the rent to 1550 ugh", F1),
            ("managed to negotiate it down to 1500 at least", M1),
        ],
        has=["1500"],
        lacks=["1550", "1400"],
        as_of=[("how much is my rent", "2026-01-20", "1400")],
    ),
    _sc(
        "z_shopify_to_stripe",
        "multi_update",
        [
            ("im a junior dev at shopify", J1),
            ("got promoted to mid level today!!", F1),
            ("big news, leaving shopify. accepted an offer at stripe as a senior engineer", M1),
        ],
        has=["stripe"],
        lacks=["junior"],
        search=[("where do i work", "stripe")],
    ),
    _sc(
        "z_goldfish_count",
        "multi_update",
        [
            ("got 3 goldfish for my son's room", J1),
            ("one of the goldfish died rip", J2),
            ("got two more, so we have 4 now", F1),
        ],
        has=["goldfish"],
        lacks=["3 goldfish", "three goldfish"],
    ),
    # ---------------- plan_update ----------------
    _sc(
        "z_wedding_moved",
        "plan_update",
        [
            ("our wedding is june 20 2026 in napa!", J1),
            ("we had to push the wedding to september 12, the venue double booked us", F1),
        ],
        has=["september"],
        lacks=["june 20"],
    ),
    _sc(
        "z_london_trip_cancelled",
        "plan_update",
        [
            ("flying to london march 10 for a work conference", J1),
            ("london trip got cancelled, the conference went virtual", F1),
        ],
        lacks=["flying to london", "going to london"],
    ),
    _sc(
        "z_dentist_rescheduled",
        "plan_update",
        [
            ("dentist appt on the 15th, dreading it", J1),
            ("had to move my dentist appt to the 28th", J2),
        ],
        has=["28"],
        lacks=["15"],
    ),
    _sc(
        "z_marathon_to_half",
        "plan_update",
        [
            ("signing up for the chicago marathon in october!", J1),
            ("decided to do the half marathon instead, the full is too much with my schedule", F1),
        ],
        has=["half marathon"],
    ),
    _sc(
        "z_denver_move_off",
        "plan_update",
        [
            ("we're planning to move to denver this summer", J1),
            (
                "change of plans, we're staying in ohio. my mom got sick and we want to be near her",
                F1,
            ),
        ],
        has=["ohio"],
        lacks=["planning to move to denver", "plans to move to denver"],
    ),
    # ---------------- relative ----------------
    _sc(
        "z_sister_emma_nurse",
        "relative",
        [
            ("my sister emma is a nurse in chicago", J1),
        ],
        has=["emma"],
        search=[("what does my sister do", "nurse")],
    ),
    _sc(
        "z_dad_frank_retired",
        "relative",
        [
            ("my dad frank just retired after 35 years at ford", J1),
        ],
        has=["frank", "retired"],
    ),
    _sc(
        "z_friend_marcus_moved",
        "relative",
        [
            ("my best friend marcus lives in seattle", J1),
            ("marcus moved to boston for grad school, gonna miss him", F1),
        ],
        has=["boston"],
        lacks=["seattle"],
    ),
    _sc(
        "z_mom_bday_gardening",
        "relative",
        [
            ("my mom's birthday is july 4th, need gift ideas. she loves gardening", J1),
        ],
        has=["july 4", "garden"],
    ),
    _sc(
        "z_son_eli_school_switch",
        "relative",
        [
            ("my son eli is in 2nd grade at lincoln elementary", J1),
            ("we switched eli to a montessori school, lincoln wasn't working out for him", F1),
        ],
        has=["montessori"],
        lacks=["at lincoln"],
    ),
    # ---------------- typos ----------------
    _sc(
        "z_typo_shellfish",
        "typos",
        [
            ("im alergic to shelfish, cant even have shrimp or crab", J1),
        ],
        has=["fish"],
        search=[("what am i allergic to", "fish")],
    ),
    _sc(
        "z_typo_electrician",
        "typos",
        [
            ("i wrok as a electrition, been doing it like 10 yrs now", J1),
        ],
        has=["electri"],
    ),
    _sc(
        "z_typo_tampa_house",
        "typos",
        [
            ("finaly moved into are new house in tampa!! so much unpacking lol", J1),
        ],
        has=["tampa"],
    ),
    _sc(
        "z_typo_cat_name_fix",
        "typos",
        [
            ("my cat is named whiskres", J1),
            ("lol typo, its whiskers", J1),
        ],
        has=["whiskers"],
        lacks=["whiskres"],
    ),
    _sc(
        "z_typo_band_to_pottery",
        "typos",
        [
            ("i play gutar in a band on weekneds", J1),
            ("quit the band, picked up pottery insted", F1),
        ],
        has=["pottery"],
        lacks=["band on week"],
    ),
]
