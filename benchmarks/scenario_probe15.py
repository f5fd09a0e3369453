"""A sixteenth held-out set of scenarios, written blind: the ``probe15`` split.

Fifty conversations by a fourteenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history,
written as a product team's acceptance scenarios for a memory feature, about
five for each kind (plain facts, preferences and changes of mind,
corrections, forget requests, facts inside requests, what must not be
stored, people and pets by name, figures and dates that change over several
turns, plans that move or are cancelled, long mixed messages), run once
(2026-12-08, on commit ``61a1c7f``, after the probe11-14 fixes):
**32/50** passed. The run and its
author's review are kept verbatim in
``benchmarks/results/scenarios_probe15_first_run.txt``. 17 of the 18 failures
were the engine's; ``p15_pottery_dropped`` was the author's.

What it showed: chains of three updates whose last one is lost; a change of
preference kept next to the old one ("aisle seat", "vim"); forget requests by
a phrase ("delete the thing about my diabetes", "forget the bar one"); a joke
with a laugh that was not about a profession; a coworker's opinion; a
correction merged into a contradiction ("Beagle Pepper is a basset hound");
"I strongly prefer" written "Stronglies prefer".

After general fixes 42 of the 50 pass, no expectation changed. Figures on this
split after the fixes are tuned; the first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe15")

PROBE15: list[dict[str, Any]] = [
    # ---- 1. plain facts about the user ----
    _sc(
        "p15_fact_er_nurse",
        "fact",
        [
            ("I'm an ER nurse at St. Luke's in Boise, mostly night shifts these days.", J1),
        ],
        has=["nurse", "boise"],
        search=[("what do i do for a living", "nurse")],
    ),
    _sc(
        "p15_fact_shellfish_allergy",
        "fact",
        [
            ("Just so you know, I'm allergic to shellfish. Like, carry-an-EpiPen allergic.", J1),
        ],
        has=["shellfish"],
        search=[("do i have any food allergies", "shellfish")],
    ),
    _sc(
        "p15_fact_languages",
        "fact",
        [
            (
                "Good afternoon. For context, I am a native Portuguese speaker and I am currently learning Japanese.",
                J1,
            ),
        ],
        has=["portuguese", "japanese"],
        search=[("which language am i studying", "japanese")],
    ),
    _sc(
        "p15_fact_car_civic",
        "fact",
        [
            ("i drive a 2014 honda civic, manual transmission", J1),
        ],
        has=["civic"],
        search=[("what car do i drive", "civic")],
    ),
    _sc(
        "p15_fact_brooklyn_walkup",
        "fact",
        [
            (
                "We live in a third-floor walk-up in Brooklyn, no elevator, which is fun with groceries.",
                J1,
            ),
        ],
        has=["brooklyn"],
        search=[("where do i live", "brooklyn")],
    ),
    # ---- 2. preferences and changes of mind ----
    _sc(
        "p15_pref_coffee_to_green_tea",
        "pref_change",
        [
            ("I basically run on black coffee, like 3 cups before noon", J1),
            (
                "I quit coffee a couple weeks ago - doctor thinks the palpitations were from caffeine. Green tea in the mornings now.",
                F1,
            ),
        ],
        has=["green tea"],
        lacks=["3 cups", "three cups"],
        search=[("what do i drink in the morning", "green tea")],
    ),
    _sc(
        "p15_pref_jazz_to_hiphop",
        "pref_change",
        [
            ("Been really into jazz lately, mostly Coltrane and Bill Evans.", J1),
            (
                "honestly I'm burned out on jazz. it's been nothing but 90s hip hop for weeks now",
                F1,
            ),
        ],
        has=["hip hop"],
        search=[("what music am i into", "hip hop")],
    ),
    _sc(
        "p15_pref_aisle_to_window",
        "pref_change",
        [
            ("I always book an aisle seat when I fly.", J1),
            (
                "Changed my mind on aisle seats - I prefer the window now, I can actually sleep leaning on the wall.",
                F1,
            ),
        ],
        has=["window"],
        lacks=["always books an aisle", "prefers aisle", "prefers an aisle"],
        search=[("which seat do i like on planes", "window")],
    ),
    _sc(
        "p15_pref_vegan_to_pescatarian",
        "pref_change",
        [
            ("I've been vegan for about two years now.", J1),
            ("ok confession: I started eating fish again. so pescatarian I guess?", F1),
        ],
        has=["pescatarian"],
        lacks=["is vegan"],
    ),
    _sc(
        "p15_pref_vim_to_vscode",
        "pref_change",
        [
            ("My editor of choice is vim, have used it forever.", J1),
            ("Don't laugh, but I've moved to VS Code. The extensions won me over.", F2),
        ],
        has=["vs code"],
        lacks=["editor of choice is vim", "uses vim"],
        search=[("which code editor do i use", "vs code")],
    ),
    # ---- 3. corrections of something just said ----
    _sc(
        "p15_corr_birthday_digit",
        "correction",
        [
            "My birthday is March 14th.",
            "wait sorry, typo - it's March 4th, not the 14th",
        ],
        has=["march 4"],
        lacks=["14"],
    ),
    _sc(
        "p15_corr_dog_breed",
        "correction",
        [
            "We just adopted a beagle named Pepper!",
            "Oops, my mistake, Pepper is a basset hound, not a beagle. The shelter listing was wrong.",
        ],
        has=["basset", "pepper"],
        lacks=["beagle"],
    ),
    _sc(
        "p15_corr_relocation_city",
        "correction",
        [
            "I'm relocating to Austin for work this summer.",
            "Correction: it's Dallas, not Austin. Got my cities mixed up.",
        ],
        has=["dallas"],
        lacks=["austin"],
    ),
    _sc(
        "p15_corr_age_swapped",
        "correction",
        [
            "I'm 34, for what it's worth",
            "sorry, 43. swapped the digits lol",
        ],
        has=["43"],
        lacks=["34"],
    ),
    _sc(
        "p15_corr_analyst_engineer",
        "correction",
        [
            "I work as a data analyst at Spotify.",
            "Correction - I'm a data engineer, not an analyst. Still at Spotify though.",
        ],
        has=["data engineer", "spotify"],
        lacks=["analyst"],
    ),
    # ---- 4. forget requests ----
    _sc(
        "p15_forget_ex_keep_job",
        "forget",
        [
            "My ex Marco and I broke up in October, still kind of raw.",
            "I work as a graphic designer at a small agency.",
            "Please forget everything about Marco. I don't want him in your memory.",
        ],
        has=["graphic designer"],
        lacks=["marco"],
    ),
    _sc(
        "p15_forget_diabetes_keep_hiking",
        "forget",
        [
            "I have type 2 diabetes, diagnosed last year.",
            "I love hiking in the Cascades on weekends.",
            "Could you delete the thing about my diabetes? I'd rather not have health info saved.",
        ],
        has=["hiking"],
        lacks=["diabetes"],
    ),
    _sc(
        "p15_forget_address_keep_veg",
        "forget",
        [
            "My address is 42 Elm Street, Springfield, in case you need it for anything.",
            "I'm vegetarian btw",
            "forget my address pls",
        ],
        has=["vegetarian"],
        lacks=["elm street"],
    ),
    _sc(
        "p15_forget_bar_keep_restaurant",
        "forget",
        [
            "My favorite restaurant is Nobu and my favorite bar is The Dead Rabbit.",
            "Actually, please forget the bar one. Keep the restaurant.",
        ],
        has=["nobu"],
        lacks=["dead rabbit"],
    ),
    _sc(
        "p15_forget_salary_keep_goal",
        "forget",
        [
            ("I make about $95k a year.", J1),
            ("I'm saving up for a down payment on a house.", J1),
            ("Forget what I told you about my salary.", J2),
        ],
        has=["house"],
        lacks=["95"],
    ),
    # ---- 5. facts inside questions or requests ----
    _sc(
        "p15_q_celiac_breakfast",
        "buried_fact",
        [
            "Can you suggest some breakfast ideas? I'm celiac so nothing with gluten.",
        ],
        has=["celiac"],
        search=[("dietary restrictions", "celiac")],
    ),
    _sc(
        "p15_q_chicago_marathon",
        "buried_fact",
        [
            ("What's a good taper plan? My first marathon is Chicago on October 11.", J1),
        ],
        has=["chicago"],
        search=[("what race am i training for", "chicago")],
    ),
    _sc(
        "p15_q_daughter_lily_books",
        "buried_fact",
        [
            "Any book recs for my daughter Lily? She just turned 7 and is obsessed with dinosaurs.",
        ],
        has=["lily"],
        search=[("how old is my daughter", "7")],
    ),
    _sc(
        "p15_q_pytest_backend_dev",
        "buried_fact",
        [
            "how do i write a unit test in pytest? i'm a junior backend dev at a fintech startup and we just switched our stack to python",
        ],
        has=["backend"],
        search=[("what is my job", "backend")],
    ),
    _sc(
        "p15_q_north_light_plants",
        "buried_fact",
        [
            "My apartment only gets north-facing light. Which houseplants would actually survive that?",
        ],
        has=["north"],
    ),
    # ---- 6. things that must not be stored ----
    _sc(
        "p15_no_smalltalk",
        "no_store",
        [
            "hey how's it going",
            "lol thanks, that's funny",
            "ok cool, talk later",
        ],
        count=0,
    ),
    _sc(
        "p15_no_lottery_hypothetical",
        "no_store",
        [
            "If I won the lottery I'd buy a vineyard in Tuscany. What would you do?",
        ],
        count=0,
        lacks=["vineyard"],
    ),
    _sc(
        "p15_no_hermit_joke",
        "no_store",
        [
            "ugh mondays. I'm going to become a hermit and live in a cave, goodbye society 😂",
        ],
        count=0,
        lacks=["cave", "hermit"],
    ),
    _sc(
        "p15_no_trivia_questions",
        "no_store",
        [
            "What's the capital of Australia?",
            "And how far is it from Sydney?",
        ],
        count=0,
    ),
    _sc(
        "p15_no_coworker_opinion",
        "no_store",
        [
            "My coworker insists pineapple on pizza is a crime. What's your take?",
        ],
        count=0,
        lacks=["pineapple"],
    ),
    # ---- 7. relatives, friends and pets with names ----
    _sc(
        "p15_rel_sister_priya",
        "relative",
        [
            "My sister Priya is a pediatrician in Toronto.",
        ],
        has=["priya"],
        search=[("what does my sister do", "pediatrician")],
    ),
    _sc(
        "p15_rel_dog_waffles",
        "relative",
        [
            (
                "Our golden retriever Waffles turns 5 next week, any cake ideas that are dog-safe?",
                J1,
            ),
        ],
        has=["waffles"],
        search=[("what is my dog's name", "waffles")],
    ),
    _sc(
        "p15_rel_friend_jake_moves",
        "relative",
        [
            ("My best friend Jake lives in Seattle.", J1),
            ("Jake just moved to Denver for a new job, so no more Seattle visits.", F1),
        ],
        has=["denver"],
        lacks=["lives in seattle"],
        search=[("where does jake live", "denver")],
    ),
    _sc(
        "p15_rel_husband_daniel",
        "relative",
        [
            "My husband Daniel and I have our 10th anniversary coming up - help me plan something?",
        ],
        has=["daniel"],
        search=[("what is my husband's name", "daniel")],
    ),
    _sc(
        "p15_rel_cat_sushi_died",
        "relative",
        [
            ("We have two cats, Mochi and Sushi.", J1),
            ("Sad news. Sushi passed away yesterday, she was 16.", F1),
        ],
        has=["mochi"],
        lacks=["has two cats"],
        search=[("what pets do i have", "mochi")],
    ),
    # ---- 8. numbers, amounts and dates that change ----
    _sc(
        "p15_num_weight_loss",
        "multi_update",
        [
            ("Starting weight 210 lbs, goal is 180.", J1),
            ("down to 202!", J2),
            ("198 this morning 🎉", F1),
        ],
        has=["198"],
        lacks=["202"],
        search=[("how much do i weigh now", "198")],
    ),
    _sc(
        "p15_num_emergency_fund",
        "multi_update",
        [
            ("I've got $3,000 in my emergency fund so far.", J1),
            ("emergency fund is at $4,500 now", F1),
            ("just hit $6k in the emergency fund!!", M1),
        ],
        has=["emergency fund"],
        lacks=["3,000", "4,500"],
        search=[("how much is in my emergency fund", "6")],
    ),
    _sc(
        "p15_num_rent_raise",
        "multi_update",
        [
            ("Our rent is $1,850 a month.", J1),
            ("Landlord raised the rent to $2,100 starting next month. ugh.", F1),
        ],
        has=["100"],
        as_of=[("how much is my rent", J2, "850")],
    ),
    _sc(
        "p15_num_pushups",
        "multi_update",
        [
            ("I can do 15 pushups in a row right now", J1),
            ("up to 25 pushups!", F1),
            ("hit 40 pushups today", M1),
        ],
        has=["40"],
        lacks=["15 push", "25 push"],
    ),
    _sc(
        "p15_num_due_date",
        "multi_update",
        [
            ("Baby's due date is June 3!", J1),
            ("Doctor moved my due date to May 28 after the ultrasound.", F1),
        ],
        has=["may 28"],
        as_of=[("when is my due date", J2, "june 3")],
    ),
    # ---- 9. plans that move or get cancelled ----
    _sc(
        "p15_plan_lisbon_cancelled",
        "plan_update",
        [
            ("Flying to Lisbon on April 10 for a week, so excited", J1),
            ("Ugh, had to cancel Lisbon. Work crunch. Maybe in the fall.", F1),
        ],
        lacks=[
            "flying to lisbon",
            "plans to fly to lisbon",
            "going to lisbon on",
            "traveling to lisbon on",
        ],
        as_of=[("upcoming trips", J2, "lisbon")],
    ),
    _sc(
        "p15_plan_dentist_moved",
        "plan_update",
        [
            ("I have a dentist appointment on Jan 14 at 3pm.", J1),
            ("The dentist's office called and moved me to Jan 21, same time.", J1),
        ],
        has=["21"],
        lacks=["jan 14", "january 14"],
    ),
    _sc(
        "p15_plan_wedding_postponed",
        "plan_update",
        [
            ("Our wedding is set for September 20, 2026 at a barn venue in Vermont.", J1),
            ("We postponed the wedding to spring 2027 - the venue double-booked us.", F1),
        ],
        has=["2027"],
        lacks=["september 20"],
    ),
    _sc(
        "p15_plan_pottery_dropped",
        "plan_update",
        [
            ("I signed up for a pottery class on Thursday evenings, starts next week!", J1),
            (
                "Dropped out of pottery before it even started - it conflicts with my new shift schedule.",
                J2,
            ),
        ],
        lacks=[
            "signed up for a pottery",
            "signed up for pottery",
            "takes a pottery",
            "takes pottery",
            "enrolled in a pottery",
            "enrolled in pottery",
        ],
    ),
    _sc(
        "p15_plan_stripe_start_moved",
        "plan_update",
        [
            ("I start my new job at Stripe on March 3.", J2),
            ("Start date got pushed to March 17, background check delays.", F2),
        ],
        has=["march 17", "stripe"],
        lacks=["march 3"],
    ),
    # ---- 10. long multi-topic messages ----
    _sc(
        "p15_long_sofia_intro",
        "long",
        [
            "Hi! Quick intro so you know me: I'm Sofia, 29, a UX researcher based in Lisbon. I have a rescue "
            "greyhound called Bolt, I'm lactose intolerant, and I'm training for my first triathlon in July. "
            "Also I'm terrible at mornings, so please don't suggest anything before 10am.",
        ],
        has=["sofia", "ux research", "bolt", "lactose", "triathlon"],
        search=[("what is my dog called", "bolt")],
    ),
    _sc(
        "p15_long_big_month_update",
        "long",
        [
            ("I work at Deloitte as an auditor and live in Chicago with my roommate Tess.", J1),
            (
                "Big month! I quit Deloitte and joined a small startup called Brightloop as their finance lead. "
                "Also moved out of Chicago - I'm in Milwaukee now, got my own place finally, so no more roommate. "
                "Oh and I adopted a kitten named Pickle.",
                F1,
            ),
        ],
        has=["brightloop", "milwaukee", "pickle"],
        lacks=["works at deloitte", "lives in chicago", "roommate tess"],
        search=[("where do i work", "brightloop")],
    ),
    _sc(
        "p15_long_rant_with_facts",
        "long",
        [
            "ugh sorry for the rant but this week has been brutal. my mom had hip surgery on monday so i've been "
            "driving to her place in Sacramento every day, my manager is on my case about the Q3 report, and my "
            "car's check engine light came on. anyway I'm a project manager so deadlines are basically my whole "
            "life. can you help me make a to-do list?",
        ],
        has=["project manager", "sacramento", "hip"],
    ),
    _sc(
        "p15_long_formal_travel_profile",
        "long",
        [
            "For planning purposes: I am based in Singapore, I travel to London roughly once a quarter for work, "
            "I strongly prefer Singapore Airlines, I require vegetarian meals on flights, and I hold Marriott "
            "Bonvoy Platinum status.",
        ],
        has=["singapore airlines", "vegetarian", "london", "marriott"],
        search=[("which airline do i prefer", "singapore airlines")],
    ),
    _sc(
        "p15_long_health_update",
        "long",
        [
            (
                "Update on me: started physical therapy for my torn ACL (left knee), can't run for 3 months so I'm "
                "swimming instead. Also started a new med, lisinopril, for blood pressure. And I finally booked my "
                "trip to Japan for November!",
                F1,
            ),
        ],
        has=["acl", "swim", "lisinopril", "japan"],
    ),
]
