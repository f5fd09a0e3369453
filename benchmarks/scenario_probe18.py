"""A nineteenth held-out set of scenarios, written blind: the ``probe18`` split.

Fifty conversations by a seventeenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history: people
in the middle of life events (a move, a new baby, a lost or new job, a
break-up, a diagnosis, a race, saving for a house, a parent's illness, a new
pet), each over weeks, about half in three to six turns where details change,
get corrected or get called off; the rest single messages, some long, some
that must not be stored. Run once (2026-12-08, on commit ``0645f6e``):
**24/50** passed, the lowest first run since probe12. The run and its
author's review are kept verbatim in
``benchmarks/results/scenarios_probe18_first_run.txt``. Of the 26 failures
25 were the engine's; in one the author's ``lacks`` string matched a true
memory ("No longer works at Stripe").

What it showed: a fact that a later turn supersedes kept beside it (a city
"instead", a dose switched, a hobby dropped, a diet loosened, a parent moved
into care, a promotion, a goal lowered, a pregnancy after the birth, a
cancelled wedding's date and venue), new details lost in long messages (a
job, a kitten's name, an allergy said beside a denied one, a race time), and
a friend's prediction, a vent and sarcasm stored as facts.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe18")

PROBE18: list[dict[str, Any]] = [
    # ---------------- multi-turn life events (25) ----------------
    _sc(
        "p18_move_denver_to_portland",
        "plan_update",
        [
            (
                "we're finally doing it, moving from chicago to denver in march for my wife's job",
                J1,
            ),
            (
                "update: the denver thing fell through, her company moved the role to portland so we're heading to portland instead",
                J2,
            ),
            ("signed a lease on a 2br in portland, sellwood neighborhood. move in is march 7", F2),
        ],
        has=["portland", "sellwood"],
        lacks=["denver"],
        search=[("where am i moving to", "portland")],
    ),
    _sc(
        "p18_baby_born_early",
        "multi_update",
        [
            ("my wife is 30 weeks pregnant, due date is march 12", J1),
            ("we've decided on Theodore if it's a boy. we didn't find out the sex", J2),
            (
                "baby came early!! our daughter Iris was born feb 14, 6 lbs 2 oz, everyone's healthy and home",
                F2,
            ),
        ],
        has=["iris"],
        lacks=["theodore", "30 weeks"],
        search=[("what's my daughter's name", "iris")],
    ),
    _sc(
        "p18_layoff_to_ramp",
        "multi_update",
        [
            ("got laid off from Stripe today. 6 years there. kind of numb tbh", J1),
            ("ok first interview next week at Plaid for a staff eng role, wish me luck", J2),
            ("Plaid passed. BUT Ramp just made me an offer, 245k base, i'm taking it", F1),
            ("first day at ramp is feb 23, nervous lol", F2),
        ],
        has=["ramp", "245"],
        lacks=["works at stripe"],
        search=[("where do i work", "ramp")],
    ),
    _sc(
        "p18_engagement_called_off",
        "plan_update",
        [
            ("i'm engaged!! Marcus proposed last night at the lake", J1),
            ("we set the wedding for october 10 at a vineyard in sonoma", J2),
            ("wedding moved to september 19 bc the vineyard double booked us", F1),
            ("marcus and i broke up. the wedding's off. please don't bring it up", M1),
        ],
        lacks=["vineyard", "september 19", "october 10"],
    ),
    _sc(
        "p18_marathon_injury",
        "multi_update",
        [
            (
                "signed up for the chicago marathon in october!! first one ever. currently running about 15 miles a week",
                J1,
            ),
            ("up to 25 miles a week now, long run was ten miles on saturday", F1),
            (
                "bad news. stress fracture in my left foot, doc says no running for 8 weeks so i deferred chicago to next year",
                M1,
            ),
        ],
        has=["fracture", "chicago"],
        lacks=["15 miles a week", "25 miles a week"],
    ),
    _sc(
        "p18_house_fund",
        "multi_update",
        [
            ("we're saving for a down payment, goal is 80k and we have about 32k so far", J1),
            ("hit 45k in the house fund!!", F1),
            ("ok new plan, we're looking at condos instead so the goal is only 60k now", F2),
        ],
        has=["45", "60"],
        lacks=["32k", "32,000", "80k", "80,000"],
        as_of=[("how much have we saved for the house", "2026-01-10", "32")],
    ),
    _sc(
        "p18_kindergarten_lottery",
        "plan_update",
        [
            ("my son Eli starts kindergarten in the fall at Lincoln Elementary", J1),
            (
                "scratch that!! we got a lottery spot at Maple Grove Montessori so Eli is going there instead",
                F1,
            ),
            ("eli's teacher at maple grove will be Ms. Okafor, we met her at the open house", F2),
        ],
        has=["maple grove", "eli", "okafor"],
        lacks=["lincoln"],
        search=[("where is eli going to school", "maple grove")],
    ),
    _sc(
        "p18_dad_parkinsons",
        "multi_update",
        [
            (
                "my dad was diagnosed with parkinson's last week. he's 71 and lives alone in tucson",
                J1,
            ),
            (
                "we're going to move dad into an assisted living place near us in phoenix next month",
                J2,
            ),
            ("dad moved into Sunrise Villa in phoenix on saturday, he's settling in ok", F2),
        ],
        has=["parkinson", "sunrise villa"],
        lacks=["lives alone"],
    ),
    _sc(
        "p18_adopt_waffles",
        "pref_change",
        [
            ("thinking about adopting a dog, leaning toward a retired greyhound", J1),
            (
                "we adopted a beagle mix named Waffles from the shelter! not a greyhound lol, she picked us. shelter said she's 2",
                J2,
            ),
            ("turns out waffles is actually three not two, the vet checked her teeth", F1),
        ],
        has=["waffles", "beagle"],
        lacks=["greyhound", "2 years old", "age 2"],
    ),
    _sc(
        "p18_diabetes_med_switch",
        "multi_update",
        [
            (
                "just got diagnosed with type 2 diabetes. doc put me on metformin 500mg twice a day",
                J1,
            ),
            (
                "metformin was wrecking my stomach so they switched me to the extended release version, 1000mg once a day with dinner",
                F1,
            ),
            ("A1C came back at 6.9, down from 8.1 in january!", M1),
        ],
        has=["diabetes", "1000"],
        lacks=["500mg", "500 mg", "twice a day"],
    ),
    _sc(
        "p18_breakup_new_roommate",
        "multi_update",
        [
            ("my girlfriend Dana and I live together in a 1 bedroom in Astoria", J1),
            (
                "dana and i split up. she's moving out end of the month, i'm keeping the apartment",
                J2,
            ),
            ("found a roommate finally, my college friend Priya, she moves in march 1", F2),
        ],
        has=["priya", "astoria"],
        lacks=["girlfriend dana", "girlfriend is dana", "lives with dana"],
    ),
    _sc(
        "p18_charge_nurse_promo",
        "multi_update",
        [
            ("I'm a senior nurse on the cardiac floor at Mass General", J1),
            ("got the charge nurse position!!! starts next monday", J2),
            ("they also moved me to nights, 7p-7a, three shifts a week", F1),
        ],
        has=["charge nurse", "mass general", "night"],
        lacks=["senior nurse"],
        as_of=[("what's my job title", "2026-01-10", "senior nurse")],
    ),
    _sc(
        "p18_lisbon_cancelled",
        "plan_update",
        [
            ("booked flights to lisbon april 4-12 for our 10th anniversary", J1),
            ("had to push lisbon to may 16 because of work", F1),
            (
                "ugh, cancelling lisbon completely. putting the money toward the new roof instead",
                M1,
            ),
        ],
        has=["roof"],
        lacks=["april 4", "may 16"],
    ),
    _sc(
        "p18_twins_age_correction",
        "correction",
        [
            ("my twins Leo and Mia are turning 5 next week, planning a dinosaur party", J1),
            ("wait sorry i said 5, they're turning 6. time flies", J1),
            ("party is at the natural history museum saturday, 12 kids coming", J1),
        ],
        has=["leo", "mia"],
        lacks=["turning 5", "turn 5"],
    ),
    _sc(
        "p18_forget_therapist",
        "forget",
        [
            ("my ex-husband Greg has the kids every other weekend", J1),
            ("my kids are Sam (9) and Ruby (6)", J1),
            ("I'm seeing a therapist on tuesdays for anxiety", J2),
            ("please forget the thing about my therapist, i don't want that saved", F1),
        ],
        has=["greg", "sam", "ruby"],
        lacks=["therapist", "anxiety"],
    ),
    _sc(
        "p18_forget_brother_divorce",
        "forget",
        [
            ("my sister Nora just had her second baby, a boy named Caleb", J1),
            ("and my brother Tom is going through a divorce, rough time for him", J1),
            (
                "actually can you forget what i said about tom's divorce? that's his business not mine",
                J2,
            ),
        ],
        has=["nora", "caleb"],
        lacks=["divorce"],
    ),
    _sc(
        "p18_nike_relocation_correction",
        "correction",
        [
            (
                "started a new job at Nike as a product designer, relocated from austin to beaverton for it",
                J1,
            ),
            ("commute is 25 min by bike now which is amazing", J2),
            (
                "correction, i actually live in portland proper, not beaverton. the office is in beaverton",
                F1,
            ),
        ],
        has=["nike", "portland"],
        lacks=["lives in beaverton", "lives in austin"],
    ),
    _sc(
        "p18_vegan_pregnancy",
        "pref_change",
        [
            ("i'm vegan, have been for 4 years", J1),
            ("found out i'm pregnant!! 8 weeks", F1),
            (
                "my OB wants me eating eggs and fish for now so i'm not strictly vegan anymore, more pescatarian plus eggs",
                F2,
            ),
        ],
        has=["pregnan", "pescatarian"],
        lacks=["is vegan"],
    ),
    _sc(
        "p18_teacher_salary_step",
        "multi_update",
        [
            ("i make 68k as a 3rd grade teacher in sacramento", J1),
            ("got my step increase, now at 72,500", F1),
            ("also picking up the robotics club after school, that's an extra 2k stipend", F2),
        ],
        has=["72", "teacher"],
        lacks=["68k", "68,000"],
    ),
    _sc(
        "p18_wedding_guest_list",
        "multi_update",
        [
            ("planning our wedding for june 6, guest list is around 150", J1),
            ("we cut the guest list down to 90 people, venue is the Hollyhock barn", F1),
            (
                "wedding date moved to june 20 because the barn only had that date open for a group our size",
                F2,
            ),
        ],
        has=["june 20", "hollyhock", "90"],
        lacks=["june 6", "150"],
    ),
    _sc(
        "p18_newborn_formula",
        "multi_update",
        [
            (
                "our son Jonah is 3 weeks old, breastfeeding every two to three hours, i'm exhausted",
                F1,
            ),
            (
                "we switched jonah to formula, similac pro-sensitive. he was having a really hard time latching",
                F2,
            ),
            ("jonah's 2 month checkup today: 11 lbs 4 oz, pediatrician is happy with him", M1),
        ],
        has=["jonah", "formula"],
        lacks=["breastfeeding every"],
    ),
    _sc(
        "p18_closing_date_slips",
        "plan_update",
        [
            ("closing on our house in raleigh is march 20", F1),
            ("closing got pushed to april 3, appraisal came in late", F2),
            ("ok closing is now april 10. final answer hopefully", M1),
        ],
        has=["april 10", "raleigh"],
        lacks=["march 20", "april 3"],
        as_of=[("when is the closing", "2026-02-05", "march 20")],
    ),
    _sc(
        "p18_pottery_to_climbing",
        "pref_change",
        [
            ("i've been doing pottery classes on thursday nights at Clayhouse, love it", J1),
            (
                "dropped pottery, it got too expensive. doing a beginner climbing class at Movement instead, mon and wed",
                F1,
            ),
            ("climbing is going great, just sent my first V3!", F2),
        ],
        has=["climbing"],
        lacks=["thursday"],
        search=[("what hobby classes am i taking", "climbing")],
    ),
    _sc(
        "p18_mom_knee_surgery",
        "plan_update",
        [
            ("my mom is having knee replacement surgery on feb 9 at st. luke's", J1),
            ("mom's surgery got moved up to feb 3", J2),
            ("surgery went well! she's in rehab for two weeks then coming to stay with us", F1),
        ],
        has=["knee"],
        lacks=["feb 9", "february 9"],
    ),
    _sc(
        "p18_half_marathon_pr",
        "multi_update",
        [
            (
                "training for a half marathon in may, goal is sub 2 hours. my current 10k time is 58 minutes",
                J1,
            ),
            ("new 10k PR today: 54:30!!", F1),
            ("officially registered for the Eugene half marathon, may 3", F2),
        ],
        has=["54:30", "half marathon"],
        lacks=["58 minutes"],
    ),
    # ---------------- single messages with buried facts (15) ----------------
    _sc(
        "p18_car_swap_outback",
        "fact",
        [
            (
                "we sold the honda civic and bought a used subaru outback, needed the space with the baby coming",
                J1,
            ),
        ],
        has=["outback"],
        lacks=["drives a honda", "drives a civic"],
    ),
    _sc(
        "p18_buried_resume",
        "buried_fact",
        [
            (
                "can you help me rewrite my resume summary? I have 9 years in supply chain, currently logistics manager at Target's distribution center in Fridley, trying to move into operations consulting",
                J2,
            ),
        ],
        has=["target", "supply chain"],
        search=[("what is my job", "logistics")],
    ),
    _sc(
        "p18_buried_celiac_dinner",
        "buried_fact",
        [
            (
                "need a dinner idea for tonight — my husband has celiac so nothing with gluten, and our 4yo won't touch anything spicy. we have chicken thighs and rice",
                F1,
            ),
        ],
        has=["celiac"],
        search=[("food restrictions in my family", "celiac")],
    ),
    _sc(
        "p18_buried_lease_email",
        "buried_fact",
        [
            (
                "write a short email to my landlord asking to break the lease early — we're moving to Minneapolis april 1 because I got into the nursing program at the U of M",
                F1,
            ),
        ],
        has=["minneapolis", "nursing"],
    ),
    _sc(
        "p18_buried_japan_trip",
        "buried_fact",
        [
            (
                "what should i pack for 10 days in japan in late march? it's my first international trip, going with my fiancée Hana to meet her parents in osaka",
                F2,
            ),
        ],
        has=["hana"],
        search=[("who is my fiancée", "hana")],
    ),
    _sc(
        "p18_buried_budget_baby",
        "buried_fact",
        [
            (
                "help me make a monthly budget. take home is 5,200/mo, rent 1,850, car payment 410, and we're putting 600 a month into the baby fund since Lucy is due in june",
                J2,
            ),
        ],
        has=["lucy", "rent"],
    ),
    _sc(
        "p18_buried_lisinopril",
        "buried_fact",
        [
            (
                "is it ok to take ibuprofen with lisinopril? i've been on lisinopril 10mg for blood pressure since last year",
                J1,
            ),
        ],
        has=["lisinopril"],
        search=[("what medications do i take", "lisinopril")],
    ),
    _sc(
        "p18_buried_nut_allergy",
        "buried_fact",
        [
            (
                "my daughter Ava's class is doing a bake sale friday, any nut free cookie recipes? she's severely allergic to tree nuts and peanuts",
                F1,
            ),
        ],
        has=["ava", "nut"],
    ),
    _sc(
        "p18_long_intro_toronto",
        "buried_fact",
        [
            (
                "hi! new here. quick background so you can help me better: i'm 34, just moved from dublin to toronto in january for a job at Shopify (backend dev). my partner Ciaran is still in dublin until his visa comes through, hopefully by summer. we have a cat, Biscuit, who's staying with him for now. anyway can you recommend neighborhoods near good climbing gyms in toronto?",
                J2,
            ),
        ],
        has=["toronto", "shopify", "ciaran", "biscuit"],
        search=[("where do i live", "toronto")],
    ),
    _sc(
        "p18_buried_translator_newborn",
        "buried_fact",
        [
            (
                "any tips for staying focused working from home with a newborn? i'm a freelance translator (spanish-english) and my wife goes back to work in march",
                F2,
            ),
        ],
        has=["translator"],
    ),
    _sc(
        "p18_life_update_tacoma",
        "fact",
        [
            (
                "quick life update: we closed on the house in tacoma, my husband Raj started at Boeing, and our youngest, Anika, starts preschool monday",
                M1,
            ),
        ],
        has=["tacoma", "raj", "boeing", "anika"],
    ),
    _sc(
        "p18_name_spelling_jaxon",
        "correction",
        [
            (
                "my son's name is Jaxon — with an x, not Jackson like everyone spells it. he's turning 8 in april",
                J1,
            ),
        ],
        has=["jaxon"],
        lacks=["jackson"],
    ),
    _sc(
        "p18_friend_lupus",
        "buried_fact",
        [
            ("my best friend Tasha just got diagnosed with lupus, how can i support her?", J2),
        ],
        has=["tasha", "lupus"],
    ),
    _sc(
        "p18_typos_kitten",
        "typos",
        [
            ("jsut brought home our new kitten!! hes a orange tabby named Mango, 10 wks old", F1),
        ],
        has=["mango"],
        search=[("what's my cat's name", "mango")],
    ),
    _sc(
        "p18_sulfa_not_penicillin",
        "correction",
        [
            (
                "i'm not allergic to penicillin btw, the hospital had it wrong in my chart for years. it's actually sulfa drugs i react to",
                F2,
            ),
        ],
        has=["sulfa"],
    ),
    # ---------------- must not store (10) ----------------
    _sc(
        "p18_nostore_passport_time",
        "no_store",
        [
            ("how long does a passport renewal take right now?", J1),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_lottery_farm",
        "no_store",
        [
            (
                "if i won the lottery i'd honestly just buy a farm in vermont and raise goats lol",
                J1,
            ),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_buddy_crypto",
        "no_store",
        [
            ("my buddy keeps saying crypto is going to 10x this year. is that even realistic?", F1),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_vent",
        "no_store",
        [
            (
                "ugh today was so long. i just need to vent for a sec, everything feels like too much right now",
                F1,
            ),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_joke",
        "no_store",
        [
            (
                "why did the scarecrow win an award? because he was outstanding in his field. ok tell me a better one",
                J2,
            ),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_529_question",
        "no_store",
        [
            (
                "what's the difference between a 529 plan and a regular savings account for college?",
                J2,
            ),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_thanks",
        "no_store",
        [
            ("thanks, that was really helpful! talk later", F1),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_sarcasm",
        "no_store",
        [
            ("oh sure, i'll just become a millionaire by next tuesday, no problem 🙄", F2),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_lisbon_vs_barcelona",
        "no_store",
        [
            ("hypothetically what would it cost to live in lisbon vs barcelona for a year", M1),
        ],
        count=0,
    ),
    _sc(
        "p18_nostore_fed_rates",
        "no_store",
        [
            ("did you see the fed cut rates again? what does that mean for mortgage rates", M1),
        ],
        count=0,
    ),
]
