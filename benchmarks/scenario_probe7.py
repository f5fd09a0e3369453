"""An eighth held-out set of scenarios, written blind: the ``probe7`` split.

Fifty conversations by a sixth session that had not read the rules, the other
scenarios, the results, the tests or the README, written and run once
(2026-12-07, on commit ``4a467d2`` with this stop's first three rules in the
working tree: "gave up X" ends the habit, "no more X for me", a new title keeps
the employer; none of them prompted by this split): 36/50 passed. The run and
its author's review are kept verbatim in
``benchmarks/results/scenarios_probe7_first_run.txt``. All 14 failures were
the engine's (one borderline, a passing mood stored): a relative's re-spelt
name taken for the user's while the fact it corrected was dropped ("..., kind
of emotional about it" made the whole clause look dangling), "Her name is Katy
btw, with a y", "forget everything about my ex" with the ex named in commas,
"pls delete ...", "forget everything you know about me", "I quit Google last
month, starting at a tiny startup called Loomly", "just finished moving to
Portland", "Sam proposed in Lisbon", "go celtics!!", "since I was a kid" cut as
a reason, "scratch that, I'm not getting a tattoo, too scared of needles",
"I'm vegetarian, so keep that in mind" and "..., so pescatarian now I guess",
a fact in a question with a typo ("shes 12 y/o, shoud i worry?"), a mood whose
"today" had been dated, and "Met someone! Her name is Rosa, we've been dating".
The author's review also lists faults in passing scenarios (stale memories
next to a cancelled trip, a pet that died, "Started my new job at KPMG";
compound turns kept whole; requests copied into facts); most were fixed too.

After general fixes (``reconcile``, ``endings``, ``respelling``,
``request_facts``, ``clauses``, ``statements``, ``references``), 49 of the 50
pass, no expectation changed; ``v_celtics_paraphrase`` ("been a Celtics fan
since I was a kid" after "a huge fan of the Boston Celtics") is a paraphrase.
Figures on this split after the fixes are tuned; the first run is its held-out
figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import builder

J1 = "2026-01-05"
J2 = "2026-01-20"
F1 = "2026-02-01"
F2 = "2026-02-15"
M1 = "2026-03-01"


_sc = builder("probe7")


PROBE7: list[dict[str, Any]] = [
    _sc(
        "v_intro_compound",
        "compound",
        [
            "hey! so i'm Priya, i work as a data analyst at Shopify and live in Toronto with my boyfriend Marc"
        ],
        has=["priya", "data analyst", "shopify", "toronto", "marc"],
        search=[("where does the user work", "shopify")],
    ),
    _sc(
        "v_move_portland",
        "update",
        [
            ("I live in Denver, been here 5 years now", J1),
            ("just finished moving to Portland!! boxes everywhere lol", F1),
        ],
        has=["portland"],
        search=[("where does the user live", "portland")],
        history=("portland", ["ADD", "UPDATE"]),
        as_of=[("where does the user live", "2026-01-10", "denver")],
    ),
    _sc(
        "v_son_name_spelling",
        "correction",
        [
            "my son Aiden starts kindergarten in september, kind of emotional about it",
            "oops, it's spelled Aidan not Aiden",
        ],
        has=["aidan", "kindergarten"],
        lacks=["aiden"],
    ),
    _sc(
        "v_forget_ex",
        "forget",
        [
            "My ex, Jake, still texts me sometimes, it's so annoying",
            "anyway I'm training for a half marathon in April",
            "please forget everything about my ex",
        ],
        has=["half marathon"],
        lacks=["jake"],
    ),
    _sc(
        "v_smalltalk_only",
        "noise",
        [
            "hi how are you today?",
            "what's the weather like on mars",
            "thanks, that's really helpful!",
        ],
        count=0,
    ),
    _sc(
        "v_hypothetical_dog",
        "noise",
        [
            "If I ever had a dog I'd name it Biscuit haha",
            "how much does it cost to own a dog per year roughly?",
        ],
        lacks=["has a dog", "owns a dog"],
    ),
    _sc(
        "v_diet_pescatarian",
        "update",
        [
            ("I'm vegetarian, so keep that in mind for recipes", J1),
            ("I started eating fish again, so pescatarian now I guess", F1),
        ],
        has=["pescatarian"],
        lacks=["is vegetarian"],
    ),
    _sc(
        "v_gift_for_wife",
        "fact_in_question",
        ["What's a good gift for my wife Sarah? she loves gardening and just turned 40"],
        has=["sarah", "garden"],
    ),
    _sc(
        "v_cover_letter_request",
        "fact_in_request",
        [
            "Can you help me write a cover letter? I'm applying for a UX designer role at Figma, "
            "I've been a graphic designer for 6 years"
        ],
        has=["graphic designer", "figma"],
        lacks=["cover letter"],
    ),
    _sc(
        "v_sick_cat_typos",
        "compound",
        ["my cat mochi has been throwing up alot, shes 12 y/o, shoud i worry?"],
        has=["mochi", "cat"],
    ),
    _sc(
        "v_dog_passed",
        "update",
        [
            ("I have a golden retriever named Max", J1),
            ("Max passed away last week. I'm heartbroken", F2),
        ],
        has=["max"],
        search=[("user's dog", "max")],
    ),
    _sc(
        "v_sister_and_husband",
        "relation",
        ["My sister Emma is a nurse in Chicago and her husband Tom is a firefighter"],
        has=["emma", "nurse", "tom", "firefighter"],
    ),
    _sc(
        "v_job_to_startup",
        "update",
        [
            ("I work at Google as a software engineer", J1),
            ("I quit Google last month, starting at a tiny startup called Loomly on Monday", F1),
        ],
        has=["loomly"],
        search=[("where does the user work", "loomly")],
    ),
    _sc(
        "v_peanut_repeat",
        "dedupe",
        [
            "I'm allergic to peanuts",
            "just a reminder, peanut allergy here, so no peanut recipes pls",
            "what's a good satay-style sauce I could make without peanuts?",
        ],
        has=["peanut"],
        count=1,
    ),
    _sc(
        "v_forget_city",
        "forget",
        [
            "I live in Austin, Texas",
            "I work from home as a translator",
            "actually can you forget where I live? privacy stuff",
        ],
        has=["translator"],
        lacks=["austin"],
    ),
    _sc(
        "v_long_ramble",
        "compound",
        [
            "ok so long story short, we finally adopted a rescue greyhound named Pixel, my husband Dev was "
            "against it at first but now he's obsessed with her, and since I've been working remotely for "
            "Atlassian I can actually walk her midday. also I signed up for a pottery class on thursdays lol"
        ],
        has=["pixel", "greyhound", "dev", "atlassian", "pottery"],
    ),
    _sc(
        "v_engaged_emoji",
        "compound",
        ["just got engaged!!! 💍😭 Sam proposed in Lisbon"],
        has=["engaged", "sam"],
    ),
    _sc(
        "v_quit_caffeine",
        "update",
        [
            ("I love coffee, drink like 4 cups a day", J1),
            ("I quit caffeine completely, switched to herbal tea", F1),
        ],
        has=["tea"],
        search=[("does the user drink coffee", "caffeine")],
    ),
    _sc(
        "v_kids_count_fix",
        "correction",
        ["I have three kids", "sorry, typo, I have two kids, not three"],
        has=["two kids"],
        lacks=["three kids"],
    ),
    _sc(
        "v_brother_city_fix",
        "correction",
        [
            "My brother Luis lives in Madrid",
            "wait no, Luis moved to Barcelona last year, I always forget",
        ],
        has=["luis", "barcelona"],
        lacks=["luis lives in madrid"],
    ),
    _sc(
        "v_job_asof",
        "time",
        [("I work at Deloitte", J1), ("Started my new job at KPMG today", M1)],
        has=["kpmg"],
        as_of=[("where does the user work", "2026-01-20", "deloitte")],
    ),
    _sc(
        "v_diabetes",
        "health",
        ["I was diagnosed with type 2 diabetes in March, trying to cut carbs"],
        has=["diabetes", "carb"],
    ),
    _sc(
        "v_korean_inlaws",
        "fact_in_question",
        ["how do I say 'good morning' in Korean? my in-laws are Korean and visiting next week"],
        has=["in-laws", "korean"],
    ),
    _sc(
        "v_friend_moved",
        "relation",
        ["My friend Kenji just moved to Osaka for work"],
        has=["kenji", "osaka"],
    ),
    _sc(
        "v_forget_meds",
        "forget",
        [
            "I take sertraline for anxiety",
            "I'm a high school history teacher",
            "pls delete the stuff about my meds",
        ],
        has=["history teacher"],
        lacks=["sertraline"],
    ),
    _sc(
        "v_celtics_paraphrase",
        "paraphrase",
        [
            "I'm a huge fan of the Boston Celtics",
            "go celtics!! best team in the nba",
            "been a Celtics fan since I was a kid",
        ],
        has=["celtics"],
        count=1,
    ),
    _sc(
        "v_tokyo_trip",
        "plan",
        [("I'm flying to Tokyo on March 15 for a two-week vacation", F1)],
        has=["tokyo"],
        search=[("upcoming travel plans", "tokyo")],
    ),
    _sc(
        "v_iceland_cancel",
        "update",
        [
            ("We're planning a trip to Iceland in June", J1),
            ("ugh, we had to cancel the Iceland trip, money's tight", F1),
        ],
        has=["iceland", "cancel"],
    ),
    _sc(
        "v_lowercase_run_on",
        "compound",
        ["im 34 and live in leeds with my partner jo we have a dog called biscuit"],
        has=["34", "leeds", "biscuit"],
    ),
    _sc(
        "v_band_broke_up",
        "update",
        [
            ("I play guitar in a band called The Rust Belts", J1),
            ("the band broke up, but I'm still playing guitar on my own", F1),
        ],
        has=["guitar"],
    ),
    _sc(
        "v_katy_spelling",
        "correction",
        [
            "my girlfriend Katie and I are going to a wedding in May",
            "Her name is Katy btw, with a y",
        ],
        has=["katy"],
        lacks=["katie"],
    ),
    _sc(
        "v_forget_dad",
        "forget",
        ["My mom is Linda and my dad is Robert", "they live in Phoenix", "forget about my dad"],
        has=["linda"],
        lacks=["robert"],
    ),
    _sc(
        "v_birthday_reminder",
        "fact_in_request",
        ["my birthday is july 9th, can you remind me to book a restaurant?"],
        has=["july 9"],
    ),
    _sc(
        "v_cilantro",
        "fact_in_request",
        ["I hate cilantro, tastes like soap to me. Can you suggest a guac recipe without it?"],
        has=["cilantro"],
        lacks=["recipe"],
    ),
    _sc(
        "v_leo_birthday",
        "update",
        [("My son Leo is 7", J1), ("Leo turned 8 yesterday!! 🎂", M1)],
        has=["leo", "8"],
        lacks=["leo is 7"],
    ),
    _sc(
        "v_no_alcohol",
        "negation",
        ["I don't drink alcohol at all, so skip the wine pairings"],
        has=["alcohol"],
        lacks=["drinks alcohol"],
    ),
    _sc(
        "v_tattoo_retract",
        "retraction",
        [
            "I'm thinking of getting a tattoo",
            "nah, scratch that, I'm not getting a tattoo, too scared of needles lol",
        ],
        lacks=["is thinking of"],
    ),
    _sc(
        "v_night_shift",
        "compound",
        ["I work night shifts at the hospital, usually 7pm to 7am, so message me in the afternoon"],
        has=["night shift", "hospital"],
    ),
    _sc(
        "v_seattle_roundtrip",
        "update",
        [
            ("I live in Seattle", J1),
            ("Moved to San Diego for a few months", F1),
            ("ok I'm back in Seattle for good", M1),
        ],
        has=["seattle"],
        search=[("where does the user live", "seattle")],
        relations=[("user", "lives_in", "Seattle")],
    ),
    _sc(
        "v_masters",
        "compound",
        ["I'm doing a masters in public health at Johns Hopkins, second year now"],
        has=["public health", "johns hopkins"],
    ),
    _sc(
        "v_noor_falling_out",
        "update",
        [
            ("My best friend is Noor, we've known each other since high school", J1),
            ("Noor and I had a huge fight and we don't talk anymore", F2),
        ],
        has=["noor"],
    ),
    _sc(
        "v_topic_search",
        "search",
        [
            "I'm lactose intolerant",
            "I drive a 2015 Honda Civic",
            "I'm learning Spanish on Duolingo",
            "I do yoga three times a week",
        ],
        search=[
            ("food restrictions", "lactose"),
            ("what car does the user have", "civic"),
            ("languages the user is learning", "spanish"),
        ],
    ),
    _sc(
        "v_hypothetical_visa",
        "noise",
        [
            "Hypothetically, if I moved to Canada, would I need a visa?",
            "Also what's the capital of Australia?",
        ],
        count=0,
    ),
    _sc(
        "v_rent_complaint",
        "fact_in_complaint",
        ["ugh my landlord in Brooklyn raised the rent again, I pay $2800 for a one-bedroom"],
        has=["brooklyn", "rent"],
    ),
    _sc(
        "v_hygienist_fix",
        "correction",
        ["I'm a dentist", "haha no I meant I'm a dental hygienist, not a dentist, big difference"],
        has=["hygienist"],
        lacks=["is a dentist"],
    ),
    _sc(
        "v_forget_everything",
        "forget",
        ["I'm Tom, I live in Oslo", "I like skiing", "please forget everything you know about me"],
        count=0,
    ),
    _sc(
        "v_typo_family",
        "relation",
        ["my husbnd chris is a electrician and we got twin girls named ava and mia"],
        has=["chris", "electrician", "ava", "mia"],
    ),
    _sc(
        "v_second_cat",
        "update",
        [("I have a cat named Luna", J1), ("we adopted a second cat, Sol!", F1)],
        has=["luna", "sol"],
        search=[("user's pets", "luna")],
    ),
    _sc(
        "v_tired_podcast",
        "noise",
        [
            "I'm so tired today",
            "had a rough morning lol",
            "anyway, I'm really into true crime podcasts, any recs?",
        ],
        has=["true crime"],
        count=1,
    ),
    _sc(
        "v_dating_rosa",
        "update",
        [
            ("I'm single and on dating apps, it's exhausting", J1),
            ("Met someone! Her name is Rosa, we've been dating for a month", F2),
        ],
        has=["rosa"],
        lacks=["is single"],
    ),
]
