"""A fifteenth held-out set of scenarios, written blind: the ``probe14`` split.

Fifty conversations by a thirteenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history, in the
voices of people who would use a memory-enabled assistant for months (a night
nurse, a bakery owner, a grad student, a new parent, a retiree learning
Spanish, a teenager, someone with Crohn's, someone divorcing, a remote worker
who travels, an immigrant writing in a second language), run once (2026-12-08,
on commit ``a2a0ec4``, after the probe11-13 fixes): **33/50** passed. The run
and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe14_first_run.txt``. 16 of the 17 failures
were the engine's; ``p14_immigrant_polish_exam`` was partly the author's (a
``search`` for the word "pass" when "Has B2" was stored).

What it showed: "my GI switched me" written "Gthey switched them" (an old
bug) and "with an i" written "with an they" (a bug of the probe11 fixes),
"St. Luke's" cut at "st."; "Amir is 9, not 8" without a "sorry"; "we're
cancelling Oaxaca"; "my brother said he's gonna move to mars lmao"; "sometimes
i think if i dropped out i'd open a ramen shop"; a promotion that lost the
employer; a savings figure that doubled; and, left, a shift change ("moving me
to day shifts"), a date restated without a cue ("ok final answer, defense is
may 9"), an allergy said of an unnamed baby, a divorce, a joke about the wifi.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe14")

PROBE14: list[dict[str, Any]] = [
    # --- night-shift nurse ---
    _sc(
        "p14_nurse_nights_to_days",
        "multi_update",
        [
            (
                "just got off another 12 hour night shift at st. luke's. i work nights 3x a week in the ICU",
                J1,
            ),
            ("good news, they're moving me to day shifts!! finally gonna sleep like a human", J2),
            ("first full week on days done. so weird seeing the sun lol", F2),
        ],
        has=["icu"],
        lacks=["works night"],
        search=[("what shift do i work", "day")],
    ),
    _sc(
        "p14_nurse_vending_smalltalk",
        "no_store",
        [
            "ugh 4am and the vending machine ate my dollar AGAIN. whatever. how's your night going",
        ],
        count=0,
    ),
    _sc(
        "p14_nurse_sleep_question_son",
        "buried_fact",
        [
            "can you help me build a sleep schedule? I work 7pm to 7am and my 6 year old son Arjun has to be dropped at school by 8",
        ],
        has=["arjun"],
        search=[("what are my work hours", "7")],
    ),
    # --- small-business owner (bakery) ---
    _sc(
        "p14_bakery_price_raise",
        "number_change",
        [
            (
                "I run a small bakery in Portland called Rise & Shine. our sourdough loaf sells for $8",
                J1,
            ),
            ("flour went up again so i bumped the sourdough to $9.50 as of today", F1),
        ],
        has=["bakery"],
        search=[("how much does my sourdough cost", "9.50")],
        as_of=[("sourdough price", J2, "$8")],
    ),
    _sc(
        "p14_bakery_staff_change",
        "multi_update",
        [
            "my two employees are Dana on the register and Luis who does the early bake",
            "Luis quit yesterday, he moved back to Texas. ugh. hired a new baker named Keisha, she starts monday",
        ],
        has=["dana", "keisha"],
        search=[("who does the early baking", "keisha")],
    ),
    _sc(
        "p14_bakery_forget_revenue",
        "forget",
        [
            "last month the bakery did about $42k in revenue, best month ever",
            "we're closed on mondays btw, that's my only day off",
            "actually forget the revenue number i told you, i don't want that stored",
        ],
        has=["monday"],
        lacks=["42"],
    ),
    _sc(
        "p14_bakery_loan_typo",
        "correction",
        [
            "applied for an SBA loan for $75,000 to buy a second oven and add seating",
            "sorry typo, the loan is $57,000 not 75",
        ],
        has=["57"],
        lacks=["75,000", "75k"],
    ),
    # --- grad student ---
    _sc(
        "p14_grad_advisor_switch",
        "pref_change",
        [
            (
                "i'm a 3rd year PhD student in computational biology at UW, my advisor is Dr. Hoffman",
                J1,
            ),
            (
                "big news: i'm switching labs. Hoffman is leaving for industry so i'm now working with Dr. Okafor",
                F1,
            ),
        ],
        has=["computational biology"],
        search=[("who is my advisor", "okafor")],
    ),
    _sc(
        "p14_grad_defense_moves",
        "plan_update",
        [
            ("my thesis defense is scheduled for april 14", J1),
            ("committee conflict, defense got pushed to may 2", F1),
            ("ok final answer, defense is may 9. room is booked", F2),
        ],
        lacks=["april 14", "may 2"],
        search=[("when is my thesis defense", "may 9")],
    ),
    _sc(
        "p14_grad_stipend_up",
        "number_change",
        [
            "my stipend is $2,800 a month and rent is $1,450 for a studio. money is tight",
            "GOT THE FELLOWSHIP!!! my stipend is now $3,700 a month",
        ],
        has=["450"],
        search=[("how much is my stipend", "700")],
    ),
    _sc(
        "p14_grad_ramen_daydream",
        "hypothetical",
        [
            "sometimes i think if i dropped out i'd just open a ramen shop in osaka. lol no. anyway can you explain what a p-value actually means",
        ],
        lacks=["ramen", "osaka"],
    ),
    # --- new parent ---
    _sc(
        "p14_parent_baby_born",
        "multi_update",
        [
            ("we're expecting our first in march, a girl! haven't picked a name yet", J1),
            ("she's here!!! Nora Grace, born feb 26, 7 lbs 3 oz. we are exhausted and in love", M1),
        ],
        has=["nora"],
        lacks=["expecting"],
    ),
    _sc(
        "p14_parent_egg_allergy_question",
        "buried_fact",
        [
            "what are some good finger foods for a 9 month old? his pediatrician said he's allergic to eggs so nothing with egg please",
        ],
        has=["egg"],
        search=[("what is my baby allergic to", "egg")],
    ),
    _sc(
        "p14_parent_daycare_to_grandma",
        "multi_update",
        [
            ("Leo started at Little Acorns daycare this week, 3 days a week", J1),
            (
                "pulled Leo out of little acorns, staffing was a mess. my mom Rosa watches him on weekdays now",
                F1,
            ),
        ],
        has=["rosa"],
        search=[("who takes care of leo during the week", "rosa")],
    ),
    # --- retiree learning Spanish ---
    _sc(
        "p14_retiree_background",
        "fact",
        [
            "I retired last year after 34 years as a mail carrier. Now I'm learning Spanish on Tuesdays and Thursdays at the community college.",
        ],
        has=["mail carrier", "spanish"],
    ),
    _sc(
        "p14_retiree_oaxaca_cancel",
        "plan_update",
        [
            ("My wife Judy and I are going to Oaxaca in April so I can practice my Spanish", J1),
            (
                "Well, Judy's knee surgery got scheduled for April so we're cancelling Oaxaca. Maybe next year.",
                F1,
            ),
        ],
        has=["judy", "knee"],
        lacks=["going to oaxaca", "visiting oaxaca"],
    ),
    _sc(
        "p14_retiree_spanglish_teacher",
        "fact",
        [
            "hola! hoy aprendí los verbos irregulares. my teacher Señora Ruiz says I'm her best student, ha!",
        ],
        has=["ruiz"],
    ),
    _sc(
        "p14_retiree_lisinopril_dose",
        "number_change",
        [
            ("Doctor put me on lisinopril 10mg for my blood pressure", J1),
            ("BP still high so he doubled it. I'm on 20mg of lisinopril now", F1),
        ],
        search=[("what dose of lisinopril do i take", "20")],
    ),
    # --- teenager ---
    _sc(
        "p14_teen_license",
        "typos",
        [
            "omg i finally got my license!!! failed parallel parking the first time lmaooo but passed today",
        ],
        has=["license"],
    ),
    _sc(
        "p14_teen_crush_forget",
        "forget",
        [
            "ok dont tell anyone but i have a crush on Ethan from chem class",
            "also i made varsity volleyball!!",
            "wait delete the ethan thing pls thats embarrassing",
        ],
        has=["volleyball"],
        lacks=["ethan"],
    ),
    _sc(
        "p14_teen_job_switch",
        "multi_update",
        [
            ("got a job at chipotle, $15/hr weekends only", J1),
            (
                "quit chipotle lol. working at the movie theater now, $16 an hour plus free popcorn",
                F1,
            ),
        ],
        has=["theater"],
        lacks=["works at chipotle"],
    ),
    _sc(
        "p14_teen_brother_mars_joke",
        "joke",
        [
            "my brother said he's gonna move to mars and become an alien lmao he's so dumb",
        ],
        lacks=["mars", "alien"],
    ),
    # --- chronic illness ---
    _sc(
        "p14_chronic_crohns",
        "health",
        [
            "was diagnosed with Crohn's back in 2019. currently on Humira injections every 2 weeks",
        ],
        has=["crohn", "humira"],
    ),
    _sc(
        "p14_chronic_med_switch",
        "multi_update",
        [
            ("starting Humira next week for my crohn's", J1),
            ("humira didn't work, my GI switched me to Stelara. first infusion was today", F1),
            ("stelara seems to be helping a lot actually, 3 weeks with no flare", M1),
        ],
        has=["stelara"],
        lacks=["starting humira"],
        search=[("what medication am i on for crohn's", "stelara")],
    ),
    _sc(
        "p14_chronic_triggers_question",
        "buried_fact",
        [
            "can you give me some dinner ideas? dairy and raw veggies are my big flare triggers so i avoid those",
        ],
        has=["dairy"],
    ),
    _sc(
        "p14_chronic_doctor_spelling",
        "correction",
        [
            "my GI doctor is Dr. Patel at Mercy",
            "oops I mean Dr. Patil, with an i. i always mix that up",
        ],
        has=["patil"],
        lacks=["patel"],
    ),
    # --- divorce ---
    _sc(
        "p14_divorce_timeline",
        "multi_update",
        [
            (
                "my husband Greg and I have been married 12 years, two kids Mia (10) and Owen (7)",
                J1,
            ),
            (
                "Greg and I are separating. it's mutual, mostly. he's moving into an apartment across town",
                J2,
            ),
            (
                "divorce was finalized today. weird feeling. kids are with me during the week and with greg on weekends",
                M1,
            ),
        ],
        has=["mia", "owen", "weekend"],
        lacks=["married to greg"],
        search=[("what is my relationship status with greg", "divorc")],
    ),
    _sc(
        "p14_divorce_forget_lawyer",
        "forget",
        [
            "my lawyer is Ms. Feldman, she charges $400 an hour which is insane",
            "I'm also moving to a 2 bedroom in Maple Heights next month",
            "please forget everything about my lawyer",
        ],
        has=["maple heights"],
        lacks=["feldman", "$400"],
    ),
    _sc(
        "p14_divorce_maiden_name",
        "multi_update",
        [
            "going back to my maiden name, Rachel Dunn. Whitaker was Greg's name anyway",
            "name change went through at the DMV today, it's official",
        ],
        has=["dunn"],
    ),
    # --- remote worker who travels ---
    _sc(
        "p14_nomad_city_hops",
        "multi_update",
        [
            (
                "working remote from Lisbon this month, company is in SF so my calls are late at night",
                J1,
            ),
            ("made it to Mexico City! here until end of feb", F1),
            ("landed back home in Denver. done traveling for a while", M1),
        ],
        search=[("where am i living right now", "denver")],
        as_of=[("where am i", "2026-02-10", "mexico city")],
    ),
    _sc(
        "p14_nomad_timezone_question",
        "buried_fact",
        [
            "what's a good time to schedule a standup? I'm in Bali (UTC+8) right now and my whole team is in New York",
        ],
        has=["bali", "new york"],
    ),
    _sc(
        "p14_nomad_airline_switch",
        "pref_change",
        [
            "i always fly united, i'm 1K status",
            "done with united after that cancellation fiasco. moving all my flying to delta from now on",
        ],
        search=[("which airline do i prefer", "delta")],
    ),
    _sc(
        "p14_nomad_cafe_wifi",
        "no_store",
        [
            "lol the wifi in this cafe is held together with duct tape i swear",
        ],
        count=0,
    ),
    # --- immigrant, second language ---
    _sc(
        "p14_immigrant_background",
        "typos",
        [
            "Hello. I am come from Ukraine two years ago, now live in Warsaw. I am working in warehouse but I am engineer in my country",
        ],
        has=["ukraine", "warsaw", "engineer"],
    ),
    _sc(
        "p14_immigrant_polish_exam",
        "plan_update",
        [
            ("i have exam B2 polish language on 14 march. very nervous", F1),
            ("exam is passed!! i have B2 now, i am so happy", "2026-03-16"),
        ],
        has=["b2"],
        search=[("did i pass my polish exam", "pass")],
    ),
    _sc(
        "p14_immigrant_family_coming",
        "fact",
        [
            "my wife Olena and my daughter Sofia will come to Poland in summer, finally. 1 year we are apart",
        ],
        has=["olena", "sofia"],
    ),
    _sc(
        "p14_immigrant_son_age_fix",
        "correction",
        [
            "my son Amir is 8 years",
            "sorry, my english. Amir is 9, not 8. his birthday was last week",
        ],
        has=["amir"],
        lacks=["8 years", "age 8", "is 8"],
    ),
    # --- pets ---
    _sc(
        "p14_pet_dog_then_cat",
        "multi_update",
        [
            ("my golden retriever Biscuit is 13 and starting to slow down", J1),
            ("we had to put Biscuit down this morning. 13 good years.", J2),
            ("adopted a rescue cat, named her Pickle", F2),
        ],
        has=["pickle"],
        lacks=["slow"],
    ),
    _sc(
        "p14_pet_cat_question",
        "buried_fact",
        [
            "is it normal for a cat to sleep 18 hours a day? my cat Miso is 2 and she's basically a rug",
        ],
        has=["miso"],
    ),
    # --- home ---
    _sc(
        "p14_home_kitchen_to_roof",
        "plan_update",
        [
            "planning to redo the kitchen this spring, budget around $30k",
            "scrapping the kitchen reno. the roof needs replacing instead, got a quote for $18k",
        ],
        has=["roof"],
        lacks=["plans to redo", "planning to redo"],
    ),
    # --- food ---
    _sc(
        "p14_food_pescatarian",
        "pref_change",
        [
            ("i've been vegetarian for about 5 years", J1),
            (
                "started eating fish again, doctor wants more omega-3s. so pescatarian now i guess",
                F1,
            ),
        ],
        lacks=["is vegetarian"],
        search=[("what's my diet", "pescatarian")],
    ),
    _sc(
        "p14_food_coffee_order",
        "fact",
        [
            "my usual is an oat milk cortado, no sugar",
        ],
        has=["cortado"],
    ),
    # --- work ---
    _sc(
        "p14_work_promotion",
        "multi_update",
        [
            ("I'm a senior accountant at Deloitte", J1),
            ("got promoted to manager today!!", F1),
        ],
        has=["deloitte"],
        search=[("what is my job title", "manager")],
    ),
    _sc(
        "p14_work_layoff_new_job",
        "multi_update",
        [
            ("I'm a UX designer at Spotify, been there 4 years", J1),
            ("got laid off today along with like 200 others. job hunting now", F1),
            ("accepted an offer at Figma! start date is march 2", F2),
        ],
        lacks=["job hunting"],
        search=[("where do i work", "figma")],
    ),
    # --- hobbies / money ---
    _sc(
        "p14_hobby_half_marathon",
        "multi_update",
        [
            ("training for my first half marathon, long run is 8 miles right now", J1),
            ("long run up to 11 miles today!", F1),
            ("ran the half in 2:04:37!!! race was sunday", M1),
        ],
        has=["2:04"],
    ),
    _sc(
        "p14_money_emergency_fund",
        "number_change",
        [
            ("trying to save $10k for an emergency fund, at $3,200 right now", J1),
            ("emergency fund is at $6,500 now", F2),
        ],
        search=[("how much is in my emergency fund", "6,500")],
        as_of=[("emergency fund balance", J2, "3,200")],
    ),
    # --- relatives / friends / misc ---
    _sc(
        "p14_forget_only_brother",
        "forget",
        [
            "my sister Hannah is a dentist in Boston",
            "and my brother Tom is a firefighter in Chicago",
            "forget what i said about Tom please",
        ],
        has=["hannah", "dentist"],
        lacks=["firefighter", "chicago"],
    ),
    _sc(
        "p14_friend_gift_question",
        "buried_fact",
        [
            "need a gift idea for my best friend Tanya, her birthday is march 3 and she's super into pottery",
        ],
        has=["tanya"],
        search=[("what is tanya into", "pottery")],
    ),
    _sc(
        "p14_mom_party_relative_date",
        "relative",
        [
            ("my mom's 70th birthday party is next saturday and i'm in charge of the cake", J1),
        ],
        has=["70"],
        search=[("when is my mom's party", "10")],
    ),
    _sc(
        "p14_smalltalk_trivia",
        "no_store",
        [
            "thanks that's super helpful!",
            "haha ok one more, what's the capital of australia",
        ],
        count=0,
    ),
]
