"""A fourteenth held-out set of scenarios, written blind: the ``probe13`` split.

Fifty conversations by a twelfth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history, in the
voice of a realistic mix of people using an assistant app over weeks (parents,
students, retirees, freelancers, people with health conditions or planning
events; half the messages short, half two to five sentences), run once
(2026-12-08, on commit ``505e089``, after the probe11 and probe12 fixes):
**31/50** passed. The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe13_first_run.txt``. All 19 failures were
the engine's.

What it showed: updates said as a bare figure ("Has 26", "Pushed it to 8"),
a diagnosis and start and goal weights dropped from informative messages,
facts inside requests ("vegan like me who hates tofu", "my dad Frank's 70th
birthday"), forget requests by topic ("don't keep any of my health stuff"), a
joke ("100 years old after that hike"), and a city correction garbled by the
probe11 fix ("moved to Name Is Montreal"), fixed since.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe13")

PROBE13: list[dict[str, Any]] = [
    _sc(
        "p13_toddler_peanut_allergy",
        "buried_fact",
        [
            "my son Leo is 3 and he's allergic to peanuts. can you give me some snack ideas for his daycare lunchbox? they're a nut-free school anyway",
        ],
        has=["leo", "peanut"],
        search=[("what is my son allergic to", "peanut")],
    ),
    _sc(
        "p13_weight_progress",
        "multi_update",
        [
            ("starting a cut today. 212 lbs, goal is 185 by summer", J1),
            ("down to 204 this morning!!", F1),
            ("weighed in at 198 today, slow but steady", M1),
        ],
        has=["198", "185"],
        lacks=["204"],
        as_of=[("how much do i weigh", F2, "204")],
    ),
    _sc(
        "p13_chitchat_rain",
        "no_store",
        [
            "ugh it's raining again lol",
            "ok thanks that helps",
        ],
        count=0,
    ),
    _sc(
        "p13_rent_raise",
        "pref_change",
        [
            ("my rent is $1450 a month for a one bedroom", J1),
            (
                "landlord just raised my rent to $1600 starting in march. honestly thinking about moving",
                F1,
            ),
        ],
        has=["1600"],
        lacks=["1450"],
    ),
    _sc(
        "p13_forget_ex_keep_job",
        "forget",
        [
            ("I work as a dental hygienist, mostly 4 day weeks", J1),
            ("my ex Jordan still has my xbox and won't give it back, so annoying", J2),
            (
                "please forget everything about Jordan. I don't want him in my life anymore, even here",
                F1,
            ),
        ],
        has=["dental hygienist"],
        lacks=["jordan"],
    ),
    _sc(
        "p13_vegan_hates_tofu",
        "buried_fact",
        [
            "what's a good protein source for someone vegan like me who absolutely hates tofu?",
        ],
        has=["vegan", "tofu"],
    ),
    _sc(
        "p13_lottery_daydream",
        "no_store",
        [
            "if i won the lottery i'd move to Portugal and buy a vineyard haha. a girl can dream",
        ],
        count=0,
    ),
    _sc(
        "p13_age_joke_then_real",
        "no_store",
        [
            "i'm basically 100 years old after that hike lol",
            "I'm 34 for the record, just out of shape",
        ],
        has=["34"],
        lacks=["100"],
    ),
    _sc(
        "p13_dog_name_correction",
        "correction",
        [
            ("we adopted a beagle named Biscuit last week! the kids are obsessed", J1),
            ("correction: our beagle's name is Pickles, not Biscuit. no idea why i typed that", J2),
        ],
        has=["pickles", "beagle"],
        lacks=["biscuit"],
    ),
    _sc(
        "p13_wedding_flight_moved",
        "plan_update",
        [
            ("flying to Lisbon on April 12 for my cousin Ana's wedding", F1),
            (
                "Ana's wedding got pushed to May 3 because of the venue, so I rebooked my flight to Lisbon",
                F2,
            ),
        ],
        has=["lisbon", "may 3"],
        lacks=["april 12"],
    ),
    _sc(
        "p13_vacation_swapped",
        "plan_update",
        [
            ("we're planning a trip to Yellowstone in July with the kids", J1),
            (
                "Yellowstone is off, my husband can't get the time off. we're doing a beach week in the Outer Banks instead, same dates",
                F1,
            ),
        ],
        has=["outer banks"],
        search=[("where are we going on vacation in july", "outer banks")],
    ),
    _sc(
        "p13_sertraline_dose",
        "multi_update",
        [
            ("I take 50mg of sertraline every morning", J1),
            ("doc bumped my sertraline up to 100mg, we'll see how it goes", F1),
        ],
        has=["sertraline", "100"],
        lacks=["50mg", "50 mg"],
        search=[("what dose of sertraline do i take", "100")],
    ),
    _sc(
        "p13_barista_to_analyst",
        "pref_change",
        [
            ("I'm a barista at Blue Bottle while I finish my stats degree", J1),
            (
                "graduated!! starting as a junior data analyst at Humana on monday. no more 5am shifts",
                M1,
            ),
        ],
        has=["data analyst", "humana"],
        search=[("where do i work", "humana")],
    ),
    _sc(
        "p13_forget_brother_only",
        "forget",
        [
            "My sister Priya lives in Austin and my brother Dev lives in Seattle",
            "forget what I told you about my brother",
        ],
        has=["priya", "austin"],
        lacks=["seattle"],
    ),
    _sc(
        "p13_orgo_final_moved",
        "plan_update",
        [
            ("my orgo final is on March 10, I'm so stressed", F1),
            ("prof moved the final to March 17 so at least I get another week", F2),
        ],
        has=["march 17"],
        lacks=["march 10"],
    ),
    _sc(
        "p13_freelance_rate",
        "multi_update",
        [
            ("I charge $85/hr for freelance design work", J1),
            ("raising my rate to $95/hr for everyone starting this month. inflation is real", F1),
        ],
        has=["95"],
        lacks=["$85", "85/h"],
    ),
    _sc(
        "p13_grandkids_ages",
        "fact",
        [
            "My granddaughter Sophie just turned 7 and my grandson Max is 4. They're coming to stay with me over spring break and I want some ideas for rainy days.",
        ],
        has=["sophie", "max"],
        search=[("how old is sophie", "7")],
    ),
    _sc(
        "p13_diabetes_diag",
        "fact",
        [
            "was diagnosed with type 2 diabetes last month. trying to cut down on carbs but bread is my weakness",
        ],
        has=["diabetes"],
        search=[("health conditions", "diabetes")],
    ),
    _sc(
        "p13_coffee_switch",
        "pref_change",
        [
            ("I drink my coffee black, always have", J1),
            ("lately I've been doing oat milk lattes every day, I can't go back", F1),
        ],
        has=["oat milk"],
        search=[("how do i take my coffee", "oat")],
    ),
    _sc(
        "p13_cat_passed_away",
        "multi_update",
        [
            ("our cat Mochi is 15 and has kidney disease, we give him fluids every night", J1),
            ("we had to put Mochi down yesterday. the house feels so empty", F1),
        ],
        has=["mochi"],
        lacks=["has kidney disease", "fluids every night"],
    ),
    _sc(
        "p13_guest_count",
        "multi_update",
        [
            ("we're expecting about 120 guests at the wedding", J1),
            ("cut the guest list down to 85, my mom was NOT happy lol", F1),
            ("final headcount is 92 after RSVPs came back", M1),
        ],
        has=["92"],
        lacks=["120", " 85"],
    ),
    _sc(
        "p13_banana_bread_request",
        "no_store",
        [
            "can you give me a recipe for banana bread? something not too sweet",
        ],
        count=0,
    ),
    _sc(
        "p13_trivia_smalltalk",
        "no_store",
        [
            "good morning!",
            "what's the capital of australia again? i always say sydney",
        ],
        count=0,
    ),
    _sc(
        "p13_packing_denver_brother",
        "buried_fact",
        [
            "what should I pack for a week in Denver in February? I'll be visiting my brother Marcus and he wants to take me snowshoeing",
        ],
        has=["marcus", "denver"],
    ),
    _sc(
        "p13_typo_birthday",
        "typos",
        [
            "my daugter emmas bday is sept 22nd shes turnin 9 this yr",
        ],
        has=["emma", "22"],
    ),
    _sc(
        "p13_forget_health_keep_band",
        "forget",
        [
            "I get migraines pretty often, like twice a week",
            "I also have a bad left knee from soccer in college",
            "fun fact I play bass in a cover band on weekends",
            "actually please don't keep any of my health stuff stored. just not comfortable with that",
        ],
        has=["bass"],
        lacks=["migraine", "knee"],
    ),
    _sc(
        "p13_moved_cities",
        "multi_update",
        [
            ("we live in Columbus, Ohio, been here 6 years", J1),
            ("we just closed on a house in Cincinnati! moving on the 28th", F1),
            (
                "finally all moved in, loving Cincinnati so far. the kids already like their new school",
                M1,
            ),
        ],
        has=["cincinnati"],
        lacks=["lives in columbus"],
        search=[("what city do i live in", "cincinnati")],
    ),
    _sc(
        "p13_wife_nurse",
        "fact",
        [
            "my wife Rachel is a pediatric nurse, she works 3 twelves a week so weekends are hard to plan",
        ],
        has=["rachel", "nurse"],
    ),
    _sc(
        "p13_twins_age_fix",
        "correction",
        [
            "my twins are 5",
            "wait no they turned 6 in january, time flies",
        ],
        has=["twins"],
        lacks=[" 5"],
        search=[("how old are my twins", "6")],
    ),
    _sc(
        "p13_crossfit_to_pilates",
        "pref_change",
        [
            ("I've been doing crossfit for 2 years, 5 days a week", J1),
            (
                "I quit crossfit, my shoulder couldn't take it anymore. doing pilates twice a week now",
                F2,
            ),
        ],
        has=["pilates"],
        search=[("what kind of exercise do i do", "pilates")],
    ),
    _sc(
        "p13_dinner_moved",
        "plan_update",
        [
            ("dinner with Kate and Omar at Nopa on Friday at 7", F1),
            ("Omar can't make it, so it's just me and Kate, and we pushed it to 8", F1),
        ],
        has=["kate", "8"],
        lacks=["at 7", "7pm", "7 pm"],
    ),
    _sc(
        "p13_house_savings",
        "multi_update",
        [
            ("saving for a house. I've got $18k so far, goal is $60k for the down payment", J1),
            ("update: savings at $24k!", F2),
        ],
        has=["60", "24"],
        lacks=["18k", "18,000"],
    ),
    _sc(
        "p13_thai_food",
        "fact",
        [
            "I love Thai food, especially khao soi. if you ever recommend restaurants, that's my go-to",
        ],
        has=["khao soi"],
    ),
    _sc(
        "p13_cilantro",
        "fact",
        [
            "cilantro tastes like soap to me, it's a genetic thing i swear",
        ],
        has=["cilantro"],
    ),
    _sc(
        "p13_yoga_thinking_out_loud",
        "no_store",
        [
            "should I quit my job to become a yoga instructor? lol just thinking out loud, I'm not actually going to do it",
        ],
        lacks=["yoga"],
    ),
    _sc(
        "p13_new_roommate",
        "pref_change",
        [
            ("my roommate Tyler keeps eating my leftovers", J1),
            ("Tyler moved out, my new roommate is Jess and she's way better. she's a vet tech", F1),
        ],
        has=["jess"],
        search=[("who is my roommate", "jess")],
    ),
    _sc(
        "p13_car_trade_in",
        "pref_change",
        [
            ("I drive a 2014 Honda Civic with like 160k miles on it", J1),
            ("traded in the civic yesterday, got a used 2021 RAV4. so much room for the dogs", F2),
        ],
        has=["rav4"],
        lacks=["160k"],
        search=[("what car do i drive", "rav4")],
    ),
    _sc(
        "p13_night_shift_nurse",
        "fact",
        [
            "I work night shifts in the ICU so I sleep from about 8am to 3pm. please don't suggest morning workouts lol",
        ],
        has=["night"],
    ),
    _sc(
        "p13_kindergarten",
        "fact",
        [
            "my son Eli starts kindergarten at Lincoln Elementary in the fall. any tips for getting him ready?",
        ],
        has=["eli", "lincoln"],
    ),
    _sc(
        "p13_forget_pregnancy",
        "forget",
        [
            ("I'm pregnant! 10 weeks. haven't told anyone yet", J1),
            ("actually please forget that, I'm not ready to have it written down anywhere yet", J2),
        ],
        lacks=["pregnan", "10 weeks"],
        count=0,
    ),
    _sc(
        "p13_dog_rehomed",
        "multi_update",
        [
            ("we have two dogs, Luna and Bear", J1),
            (
                "Bear went to live with my parents on their farm, he needed more space. so it's just Luna now",
                F1,
            ),
        ],
        has=["luna"],
        lacks=["two dogs"],
        search=[("what dogs do i have", "luna")],
    ),
    _sc(
        "p13_jlpt_levels",
        "plan_update",
        [
            ("I'm learning Japanese, aiming for JLPT N4 in July", J1),
            ("passed N4!! going for N3 in December now", M1),
        ],
        has=["n3"],
        search=[("what jlpt level am i studying for", "n3")],
    ),
    _sc(
        "p13_anniversary",
        "fact",
        [
            "our anniversary is October 14, remind me to start planning something in september",
        ],
        has=["14"],
        search=[("when is my anniversary", "14")],
    ),
    _sc(
        "p13_quit_smoking",
        "multi_update",
        [
            ("I'm trying to quit smoking, down to 5 cigarettes a day", J1),
            ("3 weeks smoke free today!!", F1),
        ],
        has=["smok"],
        lacks=["5 cigarettes"],
    ),
    _sc(
        "p13_friend_city_fix",
        "correction",
        [
            "my best friend Nadia just moved to Toronto",
            "oh wait, it's Montreal not Toronto, I always mix them up",
        ],
        has=["nadia", "montreal"],
        lacks=["toronto"],
    ),
    _sc(
        "p13_smalltalk_thanks",
        "no_store",
        [
            "lol ok",
            "thanks!! you're the best",
            "goodnight",
        ],
        count=0,
    ),
    _sc(
        "p13_tip_dad_birthday",
        "buried_fact",
        [
            "how much should I tip on a $200 dinner? it's for my dad Frank's 70th birthday and the restaurant is pretty fancy",
        ],
        has=["frank", "70"],
    ),
    _sc(
        "p13_marathon_dropout",
        "multi_update",
        [
            ("training for the Chicago marathon in October, running 30 miles a week right now", J1),
            ("up to 42 miles a week, legs are dead", F1),
            (
                "sprained my ankle badly, had to drop out of Chicago :( doctor says 6 weeks no running",
                M1,
            ),
        ],
        has=["ankle"],
        lacks=["30 miles"],
        as_of=[("how many miles a week do i run", J2, "30")],
    ),
    _sc(
        "p13_friend_sam_gift",
        "buried_fact",
        [
            (
                "my friend Sam is super into bouldering and sour candy, his birthday is next week. gift ideas under $50?",
                F1,
            ),
        ],
        has=["sam", "boulder"],
    ),
    _sc(
        "p13_class_size",
        "multi_update",
        [
            ("I teach 4th grade, 24 kids this year", J1),
            ("two new students joined my class this week, so now I've got 26", F1),
        ],
        has=["26"],
        lacks=["24"],
    ),
]
