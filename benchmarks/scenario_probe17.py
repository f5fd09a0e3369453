"""An eighteenth held-out set of scenarios, written blind: the ``probe17`` split.

Fifty conversations by a sixteenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history,
written as a sample of a general assistant's logs: half short everyday
messages, a quarter requests that carry personal details, a quarter
conversations of three to six turns in which something about the person
changes. Run once (2026-12-08, on commit ``362157a``, after the probe16
fixes): **41/50** passed. The run and its author's review are kept verbatim
in ``benchmarks/results/scenarios_probe17_first_run.txt``. Of the 9
failures 8 were the engine's; in one the author's ``lacks`` string matched a
true memory.

What it showed: an old fact kept beside the change that ends it (a school
"instead of the public school", a home after a move to Jersey City, a
boyfriend after a breakup, a diet after "went fully vegetarian", a salary
after a raise to 80k), a message with no subject ("bike to work most days")
that stored nothing, a forget request for a medication, a therapist's name
lost ("Sees her every thursday") and a friend's opinion stored as a fact.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe17")

PROBE17: list[dict[str, Any]] = [
    # ---------------- everyday casual messages (25) ----------------
    _sc(
        "p17_puppy_corgi",
        "fact",
        [
            "just got a puppy!! a corgi named Biscuit",
        ],
        has=["biscuit"],
        search=[("what's my dog's name", "biscuit")],
    ),
    _sc(
        "p17_shellfish_allergy",
        "fact",
        [
            "fyi i'm allergic to shellfish so keep that in mind for recipes",
        ],
        has=["shellfish"],
        search=[("food allergies", "shellfish")],
    ),
    _sc(
        "p17_rainy_smalltalk",
        "no_store",
        [
            "ugh it's so rainy today lol",
        ],
        count=0,
    ),
    _sc(
        "p17_thanks_worked",
        "no_store",
        [
            "thanks that worked perfectly!",
        ],
        count=0,
    ),
    _sc(
        "p17_capital_question",
        "no_store",
        [
            "what's the capital of australia?",
        ],
        count=0,
    ),
    _sc(
        "p17_lottery_castle",
        "no_store",
        [
            "lol if i won the lottery i'd buy a castle in scotland and never answer email again",
        ],
        count=0,
    ),
    _sc(
        "p17_sister_nursing",
        "fact",
        [
            "my sister Priya just started nursing school",
        ],
        has=["priya", "nurs"],
        search=[("what is my sister doing", "priya")],
    ),
    _sc(
        "p17_vegan_years",
        "fact",
        [
            "i've been vegan for about 3 years now",
        ],
        has=["vegan"],
    ),
    _sc(
        "p17_moved_portland",
        "fact",
        [
            "just moved to Portland last weekend, still unpacking boxes",
        ],
        has=["portland"],
        search=[("where do i live", "portland")],
    ),
    _sc(
        "p17_coffee_black",
        "fact",
        [
            "i take my coffee black, no sugar",
        ],
        has=["black"],
        search=[("how do i like my coffee", "black")],
    ),
    _sc(
        "p17_coworker_pineapple",
        "no_store",
        [
            "my coworker thinks pineapple on pizza is a crime lol, what do you think?",
        ],
        count=0,
    ),
    _sc(
        "p17_birthday_march",
        "fact",
        [
            "my birthday's on march 14th btw",
        ],
        has=["march", "14"],
        search=[("when is my birthday", "14")],
    ),
    _sc(
        "p17_learning_japanese",
        "fact",
        [
            "i'm trying to learn japanese, practicing on duolingo every morning",
        ],
        has=["japanese"],
        search=[("what language am i learning", "japanese")],
    ),
    _sc(
        "p17_torn_acl",
        "fact",
        [
            "tore my ACL playing soccer last month so no running for a while",
        ],
        has=["acl"],
    ),
    _sc(
        "p17_two_cats",
        "fact",
        [
            "my two cats, Mochi and Pepper, keep knocking stuff off my desk",
        ],
        has=["mochi", "pepper"],
        search=[("what are my pets called", "mochi")],
    ),
    _sc(
        "p17_math_teacher",
        "fact",
        [
            "i teach 5th grade math at a public school",
        ],
        has=["math"],
        search=[("what do i do for work", "teach")],
    ),
    _sc(
        "p17_hypothetical_move",
        "no_store",
        [
            "hypothetically, if someone moved from chicago to austin, would their cost of living go down?",
        ],
        count=0,
    ),
    _sc(
        "p17_husband_marco",
        "fact",
        [
            "my husband Marco is making lasagna tonight, he's the cook in our house",
        ],
        has=["marco"],
        search=[("who is my husband", "marco")],
    ),
    _sc(
        "p17_radiohead",
        "fact",
        [
            "radiohead is my all time favorite band",
        ],
        has=["radiohead"],
        search=[("favorite music", "radiohead")],
    ),
    _sc(
        "p17_night_shift",
        "fact",
        [
            "i work night shifts so i usually sleep from 8am to 3pm",
        ],
        has=["night shift"],
    ),
    _sc(
        "p17_good_morning",
        "no_store",
        [
            "hey good morning! how's it going",
        ],
        count=0,
    ),
    _sc(
        "p17_typo_daughter",
        "typos",
        [
            "my daughtr Lila is turnign 6 next week, shes obsesed with dinosaurs",
        ],
        has=["lila", "dinosaur"],
        search=[("what is my daughter into", "dinosaur")],
    ),
    _sc(
        "p17_grocery_budget",
        "fact",
        [
            "i'm trying to keep my grocery spending under $400 a month",
        ],
        has=["400"],
    ),
    _sc(
        "p17_bike_commute",
        "fact",
        [
            "bike to work most days, about 6 miles each way",
        ],
        has=["bike"],
        search=[("how do i get to work", "bike")],
    ),
    _sc(
        "p17_friend_jake_scam",
        "no_store",
        [
            "explain how compound interest works, my friend Jake says it's a scam but i don't buy it",
        ],
        lacks=["scam"],
    ),
    # ---------------- longer messages mixing a request with personal details (12) ----------------
    _sc(
        "p17_recipe_lactose_theo",
        "buried_fact",
        [
            "can you suggest a dinner recipe for tonight? i'm lactose intolerant and my son Theo hates "
            "mushrooms, and we only have like 30 minutes",
        ],
        has=["lactose", "theo"],
        search=[("dietary restrictions", "lactose")],
    ),
    _sc(
        "p17_landlord_email",
        "buried_fact",
        [
            "help me write an email to my landlord about the broken heater. my name is Dana Kowalski, "
            "i'm in apartment 4B and it's been out since Tuesday",
        ],
        has=["dana", "4b"],
        search=[("what's my name", "dana")],
    ),
    _sc(
        "p17_lisbon_trip",
        "buried_fact",
        [
            "planning a trip to Lisbon in May with my girlfriend Ana, we're both into food and neither "
            "of us drinks. any neighborhoods you'd recommend?",
        ],
        has=["lisbon", "ana"],
        search=[("upcoming travel", "lisbon")],
    ),
    _sc(
        "p17_resume_analyst",
        "buried_fact",
        [
            "can you look over my resume summary? i'm a data analyst with 4 years at Target, mostly SQL "
            "and Tableau, and i'm trying to move into product management",
        ],
        has=["data analyst", "target", "product manag"],
        search=[("what is my job", "analyst")],
    ),
    _sc(
        "p17_dad_gift",
        "buried_fact",
        [
            "need gift ideas for my dad's 60th, he's really into fly fishing and old westerns. budget is like $150",
        ],
        has=["fishing"],
        search=[("what does my dad like", "fishing")],
    ),
    _sc(
        "p17_workout_disc",
        "buried_fact",
        [
            "make me a workout plan for 3 days a week. i have a bad lower back from a herniated disc so "
            "nothing with heavy deadlifts, and i only have dumbbells at home",
        ],
        has=["disc", "dumbbell"],
        search=[("injuries", "disc")],
    ),
    _sc(
        "p17_mom_diabetes",
        "buried_fact",
        [
            "my mom was just diagnosed with type 2 diabetes and she's moving in with us next month. "
            "what are some easy low carb dinners i could cook for the whole family?",
        ],
        has=["diabet"],
        search=[("mom health", "diabet")],
    ),
    _sc(
        "p17_munich_conference",
        "buried_fact",
        [
            "how do you say 'where is the train station' in german? i leave for munich on the 12th for a work conference",
        ],
        has=["munich"],
    ),
    _sc(
        "p17_civic_brakes",
        "buried_fact",
        [
            "my 2014 honda civic is making a grinding noise when i brake, is that serious? it's got like 140k miles on it",
        ],
        has=["civic"],
        search=[("what car do i drive", "civic")],
    ),
    _sc(
        "p17_best_man_sam",
        "buried_fact",
        [
            "help me write a best man speech for my brother Sam's wedding in october. we grew up in Ohio "
            "and he's marrying his college girlfriend Rachel",
        ],
        has=["sam", "ohio"],
        search=[("where did i grow up", "ohio")],
    ),
    _sc(
        "p17_quit_daydream",
        "no_store",
        [
            "if i were to quit my job tomorrow, how long would 20k in savings last me in nyc? just "
            "daydreaming, i'm not actually quitting lol",
        ],
        lacks=["quit"],
    ),
    _sc(
        "p17_kid_school_switch",
        "plan_update",
        [
            ("my son Eli starts kindergarten in the fall at Lincoln Elementary", J1),
            ("can you give me a checklist of stuff to buy before kindergarten starts?", J2),
            (
                "change of plans, we're putting Eli in Maple Grove Montessori instead of the public school",
                F1,
            ),
        ],
        has=["eli", "maple grove"],
        lacks=["lincoln"],
    ),
    # ---------------- multi-turn conversations where something changes (13) ----------------
    _sc(
        "p17_barista_to_stripe",
        "multi_update",
        [
            ("i work as a barista at Blue Bottle", J1),
            ("got an offer from Stripe for a support role!!", J2),
            ("accepted it, starting at stripe on monday. last shift at blue bottle was today", F1),
        ],
        has=["stripe"],
        lacks=["works as a barista", "is a barista"],
        search=[("where do i work", "stripe")],
        as_of=[("where do i work", "2026-01-10", "blue bottle")],
    ),
    _sc(
        "p17_brooklyn_to_jersey",
        "multi_update",
        [
            ("living in a studio in Brooklyn right now", J1),
            ("we signed a lease on a 2 bedroom in Jersey City!", F1),
            ("moved in this weekend, the commute is way better", F2),
        ],
        has=["jersey city"],
        lacks=["lives in brooklyn", "lives in a studio"],
        search=[("where do i live", "jersey city")],
    ),
    _sc(
        "p17_kevin_to_luis",
        "multi_update",
        [
            ("my boyfriend Kevin and i have been together 2 years", J1),
            ("kevin and i broke up last week. it's been rough", F1),
            ("can you recommend some good podcasts for getting through a breakup?", F1),
            ("started seeing someone new, his name is Luis, we met at the climbing gym", M1),
        ],
        has=["luis"],
        lacks=["boyfriend is kevin", "dating kevin", "in a relationship with kevin"],
        search=[("who am i dating", "luis")],
    ),
    _sc(
        "p17_forget_lexapro",
        "forget",
        [
            ("my therapist's name is Dr. Hollis, i see her every thursday", J1),
            ("also i'm on 20mg of lexapro", J1),
            ("actually please forget the medication thing, i'd rather you not remember that", J2),
        ],
        has=["hollis"],
        lacks=["lexapro", "20mg"],
    ),
    _sc(
        "p17_forget_etsy",
        "forget",
        [
            ("i have a side business selling candles on etsy called Wick & Co", J1),
            ("i live in Tucson, it's so hot here in summer", J1),
            ("can you forget the etsy shop stuff? i'm keeping it private", F1),
        ],
        has=["tucson"],
        lacks=["etsy", "candle", "wick"],
    ),
    _sc(
        "p17_dentist_moved",
        "plan_update",
        [
            ("dentist appointment on feb 10, remind me to floss more lol", J2),
            ("they called and moved my dentist appt to feb 17", F1),
            ("what should i ask about teeth whitening while i'm there?", F1),
        ],
        has=["dentist", "17"],
        lacks=["feb 10", "february 10", "02-10"],
    ),
    _sc(
        "p17_nina_wedding_off",
        "plan_update",
        [
            ("going to my cousin Nina's wedding in Cancun in april!", J1),
            ("need to find a dress for it, something light since it's a beach wedding", J2),
            ("ugh nina's wedding got called off, they split up", F1),
        ],
        has=["nina"],
        lacks=["going to", "attending", "will attend", "getting married"],
    ),
    _sc(
        "p17_weight_progress",
        "multi_update",
        [
            ("starting weight 210 lbs, goal is 180", J1),
            ("down to 198 now!", F1),
            ("195 this morning, slow but steady", M1),
        ],
        has=["195", "180"],
        lacks=["198"],
        as_of=[("what is my current weight", "2026-02-20", "198")],
    ),
    _sc(
        "p17_pescatarian_to_veg",
        "pref_change",
        [
            ("i'm pescatarian, mostly eat salmon and shrimp", J1),
            ("ok big change, went fully vegetarian this month, no more fish", F1),
            ("can you give me some high protein vegetarian lunches?", F1),
        ],
        has=["vegetarian"],
        lacks=["salmon"],
        search=[("what's my diet", "vegetarian")],
    ),
    _sc(
        "p17_niece_correction",
        "correction",
        [
            ("my niece Chloe is visiting this weekend", F1),
            ("sorry, i meant my niece Zoe, Chloe is my coworker's kid lol", F1),
        ],
        has=["zoe"],
        lacks=["niece chloe", "niece is chloe"],
        search=[("what's my niece's name", "zoe")],
    ),
    _sc(
        "p17_quit_smoking",
        "multi_update",
        [
            ("been smoking about a pack a day since college", J1),
            ("day 10 without a cigarette!! using patches", J2),
            ("any tips for not snacking so much now that i quit?", F1),
            ("officially 2 months smoke free", M1),
        ],
        has=["smok"],
        lacks=["smokes a pack", "smokes about a pack"],
    ),
    _sc(
        "p17_paralegal_raise",
        "multi_update",
        [
            ("i make 72k a year as a paralegal", J1),
            ("got a raise! 80k starting this month", F1),
        ],
        has=["paralegal", "80"],
        lacks=["72"],
        as_of=[("how much do i make", "2026-01-10", "72")],
    ),
    _sc(
        "p17_luna_to_pumpkin",
        "multi_update",
        [
            ("our cat Luna is 16 and still going strong", J1),
            ("Luna passed away last night. i'm heartbroken", F1),
            ("we adopted a kitten from the shelter, named her Pumpkin", M1),
        ],
        has=["pumpkin"],
        lacks=["going strong", "is 16"],
        search=[("what's my cat's name", "pumpkin")],
    ),
]
