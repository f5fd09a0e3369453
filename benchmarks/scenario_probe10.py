"""An eleventh held-out set of scenarios, written blind: the ``probe10`` split.

Fifty conversations by a ninth session that had not read the rules, the other
scenarios, the results, the tests, the README or the git history, about the
everyday business people bring an assistant (trips, diets, parenting, dating,
money, appointments), many terse, number-based or voice-dictated, run once
(2026-12-07, on commit ``2502026`` after the probe9 fixes): **16/50** passed,
the lowest first run of any split. The run and its author's review are kept
verbatim in ``benchmarks/results/scenarios_probe10_first_run.txt``. 33 of the
34 failures were the engine's; ``y_coffee_oat_latte`` was the author's (the
history was checked on the wrong memory).

What it showed: short subjectless turns stored nothing ("doing keto for
january", "🎂 turning 30 on saturday", "dr upped the sertraline to 100mg",
"guest list cut down to 85"); forget requests with a tail ("... about jake
please. fresh start", "my address saved", "the therapy thing"); a supposition
split at "and" ("... buy a boat and live in Greece" stored "Lives in Greece");
the offline model writing a city where the user had not put it ("signed a lease
in Denver" for a lease in Boulder); an eye-roll at a cancelled trip taken for
sarcasm; a name re-spelt "his name is Brisket not Biscuit"; talk about the
assistant stored; a lower-case name ("sam and I are officially dating").

After general fixes 37 of the 50 pass, no expectation changed. Still failing:
updates said only by a number ("update: at 6,800 now", "it lands at 5:15"),
a moved appointment whose first mention was never stored, a joke ("a
professional coffee drinker"), a third party's story, an income inside a
question, "I'm not quitting" after "I'm gonna quit" (the verb's forms differ),
a long ramble, a city implied by "it's raining here in Seattle", the author's
own wrong expectation. Figures on this split after the fixes are tuned; the
first run is its held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
J2 = "2026-01-20"
F1 = "2026-02-01"
F2 = "2026-02-15"
M1 = "2026-03-01"


_sc = builder("probe10")


PROBE10: list[dict[str, Any]] = [
    # 1 trip planning, date moved
    _sc(
        "y_trip_lisbon_moved",
        "plan_update",
        [
            (
                "hey can you help me plan a trip to lisbon? going with my wife Carla in may, we're both big on seafood",
                J1,
            ),
            ("we booked flights for May 12-19", J2),
            (
                "ugh change of plans, we moved the lisbon trip to june because carla's conference got moved",
                F1,
            ),
        ],
        has=["lisbon", "carla", "june", "seafood"],
        search=[("when is the lisbon trip", "june")],
    ),
    # 2 diet preference changes
    _sc(
        "y_veg_to_pescatarian",
        "pref_change",
        [
            ("i've been vegetarian for like 6 years now", J1),
            (
                "started eating fish again last month, doctor said i need more omega 3s. so pescatarian now i guess",
                F1,
            ),
        ],
        has=["pescatarian"],
        lacks=["is vegetarian", "has been vegetarian"],
    ),
    # 3 small talk only
    _sc(
        "y_smalltalk_only",
        "no_store",
        [
            "lol thanks, that's hilarious 😂",
            "what's the capital of australia again?",
            "ok cool, have a good one",
        ],
        count=0,
    ),
    # 4 hypothetical + request
    _sc(
        "y_lottery_hypothetical",
        "no_store",
        [
            "if I ever won the lottery I'd probably buy a boat and live in Greece haha",
            "anyway, what's a good recipe for banana bread?",
        ],
        count=0,
        lacks=["boat", "greece"],
    ),
    # 5 pet name correction
    _sc(
        "y_puppy_name_fix",
        "correction",
        [
            "just adopted a beagle puppy named Biscuit!! 🐶",
            "oops autocorrect, his name is Brisket not Biscuit lol",
        ],
        has=["brisket", "beagle"],
        lacks=["biscuit"],
    ),
    # 6 job hunt over several dates
    _sc(
        "y_job_hunt_arc",
        "multi_update",
        [
            (
                "I got laid off from Shopify last week, so I'm job hunting now. mostly looking at backend roles in Toronto",
                J1,
            ),
            ("had a first round interview with Wealthsimple today, went pretty well I think", J2),
            (
                "Wealthsimple rejected me after the onsite 😞 but I've got a final round with Cohere next tuesday",
                F1,
            ),
            ("I GOT THE COHERE OFFER!!! starting march 16", F2),
        ],
        has=["cohere", "march 16"],
        search=[("new job", "cohere")],
    ),
    # 7 fact inside a request
    _sc(
        "y_son_peanut_allergy",
        "buried_fact",
        [
            "can you suggest some snacks for my son's class party? he's got a severe peanut allergy so nothing with nuts",
        ],
        has=["son", "peanut"],
        search=[("food allergies in the family", "peanut")],
    ),
    # 8 forget the ex
    _sc(
        "y_forget_ex_jake",
        "forget",
        [
            "my ex Jake still texts me sometimes, it's annoying",
            "I started seeing someone new, her name is Priya, we met at a climbing gym",
            "can you forget everything about jake please. fresh start",
        ],
        has=["priya"],
        lacks=["jake"],
    ),
    # 9 typos
    _sc(
        "y_typo_portland_nike",
        "typos",
        [
            "im movin to portland next moth for my new job at nike, kinda nervous tbh",
        ],
        has=["portland", "nike"],
    ),
    # 10 voice dictated run-on
    _sc(
        "y_voice_mom_bday",
        "voice_runon",
        [
            "okay so remind me that my mom's birthday is on april third and she likes orchids and also my brother Tom is flying in from Chicago that weekend so I need to pick him up from the airport on the second",
        ],
        has=["april", "orchid", "tom", "chicago"],
    ),
    # 11 fitness progression
    _sc(
        "y_c25k_to_half",
        "progression",
        [
            ("started couch to 5k this week, week 1 is brutal", J1),
            ("finished couch to 5k! ran my first 5k in 31 minutes", F1),
            ("signed up for a half marathon in May, the Vancouver one", M1),
        ],
        has=["31 min", "half marathon", "vancouver"],
    ),
    # 12 keto quit
    _sc(
        "y_keto_quit",
        "pref_change",
        [
            ("doing keto for january, trying to lose like 10 lbs", J1),
            (
                "ok I quit keto, it was making me miserable. going back to normal eating but cutting sugar",
                F1,
            ),
        ],
        has=["sugar"],
        as_of=[("diet", "2026-01-10", "keto")],
    ),
    # 13 pet passed away
    _sc(
        "y_cat_mochi_passed",
        "life_event",
        [
            ("my cat Mochi is 14 now, she's getting old but still loves her window perch", J1),
            ("Mochi passed away this morning. I'm heartbroken 💔", F1),
        ],
        has=["mochi"],
        search=[("user's cat", "mochi")],
    ),
    # 14 exam study
    _sc(
        "y_lsat_scores",
        "study",
        [
            "i have my LSAT on march 14th and i'm scoring around 158 on practice tests, goal is 170",
        ],
        has=["lsat", "158", "170"],
    ),
    # 15 other people's opinions
    _sc(
        "y_coworker_opinion",
        "no_store_other",
        [
            "my coworker Dana thinks remote work is overrated but whatever, I love working from home",
        ],
        has=["work"],
        lacks=["overrated"],
    ),
    # 16 forget address
    _sc(
        "y_forget_address",
        "forget",
        [
            "my new address is 42 Elm Street, Apt 3B, Somerville",
            "actually please don't keep my address saved, delete it",
        ],
        lacks=["elm", "somerville"],
    ),
    # 17 parenting logistics
    _sc(
        "y_daycare_maya",
        "multi_update",
        [
            ("my daughter Maya starts daycare on Feb 3rd, drop-off is at 8am", J1),
            ("Maya's daycare is called Little Sprouts btw", J2),
            ("switched maya's drop off to 8:30 since my shift changed", F2),
        ],
        has=["maya", "little sprouts", "8:30"],
        history=("8:30", ["ADD", "UPDATE"]),
    ),
    # 18 emoji terse
    _sc(
        "y_emoji_30th",
        "terse",
        [
            ("🎂 turning 30 on saturday!!", J2),
        ],
        has=["30"],
        count=1,
    ),
    # 19 talk about the assistant
    _sc(
        "y_about_assistant",
        "no_store",
        [
            "you're way better than the other chatbot I used tbh",
            "are you chatgpt or something else? how do you even remember things",
        ],
        count=0,
    ),
    # 20 wedding planning
    _sc(
        "y_wedding_guestlist",
        "multi_update",
        [
            (
                "we set the date! getting married to Luis on September 12 at his family's vineyard in Napa",
                J1,
            ),
            ("guest list is at 120 people now, way more than we wanted", F1),
            ("ok guest list cut down to 85, his mom was not happy lol", M1),
        ],
        has=["luis", "september 12", "napa", "85"],
        history=("85", ["ADD", "UPDATE"]),
    ),
    # 21 sister name spelling
    _sc(
        "y_sister_eileen",
        "correction",
        [
            "my sister Aileen just had twins!",
            "sorry it's Eileen with an E",
        ],
        has=["eileen", "twins"],
        lacks=["aileen"],
    ),
    # 22 savings progress
    _sc(
        "y_down_payment_savings",
        "numeric_update",
        [
            ("trying to save $15k for a down payment by end of year, currently at $4,200", J1),
            ("update: at 6,800 now 💪", F2),
        ],
        has=["15", "6,800"],
        history=("6,800", ["ADD", "UPDATE"]),
    ),
    # 23 taste changes
    _sc(
        "y_cilantro_flip",
        "pref_change",
        [
            ("i hate cilantro, tastes like soap to me", J1),
            ("weirdly I've started to like cilantro?? my taste buds changed", M1),
        ],
        has=["cilantro"],
        history=("cilantro", ["ADD", "UPDATE"]),
    ),
    # 24 general knowledge
    _sc(
        "y_general_knowledge",
        "no_store",
        [
            "how many grams of protein are in an egg?",
            "what's the difference between baking soda and baking powder",
        ],
        count=0,
    ),
    # 25 facts buried in gift question
    _sc(
        "y_gift_marcus",
        "buried_fact",
        [
            "what's a good gift for my boyfriend Marcus? he's really into vinyl records and jazz, and his birthday is next friday",
        ],
        has=["marcus", "vinyl", "jazz"],
    ),
    # 26 plan cancelled
    _sc(
        "y_tahoe_cancelled",
        "plan_cancel",
        [
            ("booked a cabin in Tahoe for presidents day weekend with the college crew", J1),
            ("tahoe trip is cancelled, half the group got covid 🙄", F1),
        ],
        lacks=["booked a cabin", "booked cabin"],
    ),
    # 27 medication dose change
    _sc(
        "y_sertraline_dose",
        "numeric_update",
        [
            ("my doctor put me on 50mg of sertraline, starting tomorrow", J1),
            ("dr upped the sertraline to 100mg", F1),
        ],
        has=["100"],
        history=("100", ["ADD", "UPDATE"]),
    ),
    # 28 long ramble moving house
    _sc(
        "y_ramble_round_rock",
        "long_ramble",
        [
            "So we've finally decided — after literally months of going back and forth — to sell the condo in Austin and move to a house in Round Rock, mostly because of the schools for the kids (Ella is 7 and Ben is 4), and my husband Dev can work remote now so commute doesn't matter, though honestly I'm going to miss our neighbors, the Hendersons, who have been amazing. Closing is supposedly March 20th but who knows with these things.",
        ],
        has=["round rock", "ella", "ben", "dev", "march 20"],
    ),
    # 29 repeated fact
    _sc(
        "y_penicillin_repeat",
        "dedupe",
        [
            ("I'm allergic to penicillin", J1),
            ("just a reminder I'm allergic to penicillin, in case it comes up", F1),
        ],
        has=["penicillin"],
        count=1,
    ),
    # 30 joke
    _sc(
        "y_coffee_joke",
        "no_store_joke",
        [
            "work has been insane, I'm basically a professional coffee drinker now lol. anyway what's a quick dinner I can make in 15 min",
        ],
        lacks=["professional"],
    ),
    # 31 colleagues
    _sc(
        "y_colleagues_q3",
        "relations",
        [
            "my manager Rebecca wants the Q3 deck by thursday, and my teammate Oliver is out on paternity leave so I'm covering his accounts",
        ],
        has=["rebecca", "oliver"],
    ),
    # 32 language learning
    _sc(
        "y_japanese_tutor",
        "progression",
        [
            ("started learning japanese on duolingo, day 1!", J1),
            ("switched from duolingo to a real tutor, Kenji, we meet tuesdays and thursdays", F2),
        ],
        has=["japanese", "kenji"],
        search=[("how is the user learning japanese", "kenji")],
    ),
    # 33 retraction of venting
    _sc(
        "y_quit_venting",
        "retraction",
        [
            "I think I'm gonna quit my job",
            "nvm I was just venting, I'm not quitting",
        ],
        lacks=[
            "thinking of quitting",
            "plans to quit",
            "considering quitting",
            "gonna quit",
            "going to quit",
        ],
    ),
    # 34 all lowercase routine
    _sc(
        "y_gym_routine",
        "lowercase",
        [
            "i wake up at 5:30 every day to hit the gym before work, usually push pull legs split",
        ],
        has=["5:30", "push"],
    ),
    # 35 dating then breakup
    _sc(
        "y_sam_breakup",
        "multi_update",
        [
            ("going on a second date with Sam tonight, kinda nervous", J1),
            ("sam and I are officially dating now 🥰", J2),
            ("sam and i broke up. it's fine. it's fine.", F2),
        ],
        has=["sam"],
        lacks=["is dating sam", "in a relationship with sam"],
    ),
    # 36 forget one topic, keep others
    _sc(
        "y_forget_therapy",
        "forget",
        [
            "I see a therapist every wednesday for anxiety, and I also do pottery classes on weekends",
            "hey can you forget the therapy thing? not comfortable having that saved",
        ],
        has=["pottery"],
        lacks=["therap", "anxiety"],
    ),
    # 37 in-laws dietary needs in a request
    _sc(
        "y_inlaws_dinner",
        "buried_fact",
        [
            "cooking for my in-laws sunday, my father-in-law is diabetic and mother-in-law doesn't eat pork. any ideas for a main?",
        ],
        has=["diabetic", "pork"],
    ),
    # 38 time correction
    _sc(
        "y_flight_time_fix",
        "correction",
        [
            "flight to denver on the 14th lands at 3pm",
            "wait, it lands at 5:15, i misread the itinerary",
        ],
        has=["5:15"],
        lacks=["3pm", "3 pm"],
    ),
    # 39 kid age update
    _sc(
        "y_leo_turns_6",
        "numeric_update",
        [
            ("my son Leo is 5", J1),
            ("Leo turned 6 today! 🎉", M1),
        ],
        has=["leo", "6"],
        lacks=["is 5"],
    ),
    # 40 hobby camera upgrade
    _sc(
        "y_film_camera",
        "progression",
        [
            ("bought my first film camera, a Canon AE-1", J1),
            ("developing my own black and white film at home now, it's so satisfying", F1),
            ("sold the AE-1 and upgraded to a Leica M6 😍", M1),
        ],
        has=["leica", "black and white"],
        history=("leica", ["ADD", "UPDATE"]),
    ),
    # 41 not about the user
    _sc(
        "y_friends_brother_everest",
        "no_store_other",
        [
            "my friend's brother apparently climbed Everest last year, crazy right?",
        ],
        count=0,
    ),
    # 42 appointment rescheduled
    _sc(
        "y_dentist_moved",
        "reschedule",
        [
            ("dentist appointment on jan 28 at 2pm", J1),
            ("moved the dentist to feb 4, same time", J2),
        ],
        has=["dentist"],
        history=("dentist", ["ADD", "UPDATE"]),
        as_of=[("dentist appointment", "2026-01-10", "28")],
    ),
    # 43 self-correction within a turn
    _sc(
        "y_seat_pref_selffix",
        "correction_inline",
        [
            "always book me a window seat, I get claustrophobic in the aisle... wait no, other way around, aisle seat, I need to get up a lot",
        ],
        has=["aisle"],
        lacks=["prefers window", "prefers a window"],
    ),
    # 44 money question with facts
    _sc(
        "y_car_teacher",
        "buried_fact",
        [
            "is it dumb to buy a $40k car when I make 65k a year? I'm a teacher btw",
        ],
        has=["teacher", "65"],
    ),
    # 45 two dogs
    _sc(
        "y_two_dogs_vet",
        "pets",
        [
            "we have two dogs, Pepper (a lab) and Ziggy (a corgi), and Ziggy has hip dysplasia so we're going to the vet thursday",
        ],
        has=["pepper", "ziggy", "corgi", "dysplasia"],
    ),
    # 46 forget everything
    _sc(
        "y_wipe_all",
        "forget_all",
        [
            "I live in Leeds and work as an electrician",
            "actually wipe everything you know about me please",
        ],
        count=0,
    ),
    # 47 move city multi-turn
    _sc(
        "y_denver_to_boulder",
        "move",
        [
            ("I live in Denver with my roommate Kat", J1),
            ("just signed a lease in Boulder, moving out of the Denver place on the 28th", F1),
            ("all moved in to boulder! kat stayed in denver", M1),
        ],
        has=["boulder", "kat"],
        search=[("where does the user live", "boulder")],
        relations=[("user", "lives_in", "Boulder")],
    ),
    # 48 major switch
    _sc(
        "y_major_switch",
        "pref_change",
        [
            ("i'm a sophomore at UCLA majoring in bio, premed track", J1),
            ("officially switched my major to econ, premed was killing me", F2),
        ],
        has=["econ", "ucla"],
        history=("econ", ["ADD", "UPDATE"]),
    ),
    # 49 coffee preference change
    _sc(
        "y_coffee_oat_latte",
        "pref_change",
        [
            ("I take my coffee black", J1),
            ("oat milk latte is my go-to these days, gave up black coffee", F1),
        ],
        has=["oat"],
        history=("oat", ["ADD", "UPDATE"]),
    ),
    # 50 small talk + fact + request
    _sc(
        "y_seattle_acl_workout",
        "mixed",
        [
            "haha good morning! it's raining again here in Seattle, typical. can you give me a 20 min bodyweight workout? my knee's still bad from the ACL surgery in november",
        ],
        has=["seattle", "acl"],
        lacks=["raining"],
    ),
]
