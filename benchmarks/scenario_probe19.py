"""A twentieth held-out set of scenarios, written blind: the ``probe19`` split.

Fifty conversations by an eighteenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history: busy
households and caregivers. Parents with several named children (ages,
schools, activities, allergies), partners and in-laws, pets and their vet
visits, an elderly parent's care, medications and appointments that move;
quick phone texts with typos, long messages that mix a request with details,
and messages that name two or three people at once. Run once (2026-12-08, on
commit ``32beef8``, after the probe17-18 fixes): **14/50** passed, the lowest
first run of any blind split. The run and its author's review are kept
verbatim in ``benchmarks/results/scenarios_probe19_first_run.txt``. All 36
failures were the engine's.

What it showed: a child named by first name alone ("Theo is allergic to
peanuts and sesame", "Zoe starts piano") stored as nothing or as "She ...";
several people in one message; an allergy corrected onto the other child;
doses, weights, flight dates and ages changed in few words; a cancelled
surgery or trip kept; venting, jokes ("selling all three kids on ebay") and
another parent's remark stored; two forget requests (a mother-in-law by name,
a dog that died) ignored.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe19")

PROBE19: list[dict[str, Any]] = [
    _sc(
        "p19_three_kids_rundown",
        "fact",
        [
            (
                "ok quick rundown so you know who's who: Maya is 9 and in 4th grade at Lincoln Elementary, Theo is 6, and the baby Rosie just turned 1",
                J1,
            ),
        ],
        has=["maya", "lincoln", "theo", "rosie"],
        search=[("what school does maya go to", "lincoln")],
    ),
    _sc(
        "p19_peanut_one_kid",
        "fact",
        [
            (
                "Theo has a severe peanut allergy, we carry an epipen everywhere. Maya's fine with nuts tho",
                J1,
            ),
            ("oh and theo also reacts to sesame, we found out at the allergist last month", J2),
        ],
        has=["peanut", "sesame"],
        lacks=["maya is allergic", "maya has a peanut"],
        search=[("who has a peanut allergy", "theo"), ("theo allergies", "sesame")],
    ),
    _sc(
        "p19_soccer_to_swim",
        "pref_change",
        [
            ("Ellie does soccer on tuesdays and thursdays after school", J1),
            ("ellie quit soccer, she's doing swim team now mon/wed mornings at 6am ugh", F1),
            ("ellie's first swim meet is feb 28, she's nervous", F2),
        ],
        has=["swim"],
        lacks=["tuesday"],
        search=[("what sport does ellie do", "swim")],
    ),
    _sc(
        "p19_dad_bp_dose",
        "multi_update",
        [
            ("my dad Frank takes lisinopril 10mg every morning for blood pressure", J1),
            ("dad's doctor bumped his lisinopril up to 20mg, bp was still high", F1),
            ("and now they started him on metformin 500mg too, prediabetic", M1),
        ],
        has=["20", "metformin"],
        lacks=["10mg", "10 mg"],
        search=[("what dose of lisinopril does dad take", "20")],
        as_of=[("dad lisinopril dose", "2026-01-10", "10")],
    ),
    _sc(
        "p19_vet_moved",
        "plan_update",
        [
            ("Biscuit (our golden retriever) has his vet appt jan 14 for shots", J1),
            ("vet office called, biscuit's appointment got moved to the 21st", "2026-01-08"),
            (
                "also remind me biscuit gets his heartworm pill on the 1st of every month",
                "2026-01-09",
            ),
        ],
        has=["biscuit", "21", "heartworm"],
        lacks=["14"],
        search=[("when is biscuit's vet appointment", "21")],
    ),
    _sc(
        "p19_cat_dental_cancelled",
        "plan_update",
        [
            ("Luna is 11, she's our older cat and kind of a grump", J2),
            ("booked Luna (our cat) for a dental cleaning at the vet on feb 20", F1),
            (
                "cancelled luna's dental, the quote came back at $900 and we just can't right now",
                F2,
            ),
        ],
        has=["luna"],
        lacks=["feb 20", "february 20"],
    ),
    _sc(
        "p19_forget_mother_in_law",
        "forget",
        [
            (
                "my mother-in-law Carol is staying with us through March, she's recovering from knee surgery",
                J1,
            ),
            ("my sister Jess is pregnant!! due in June", J2),
            ("please forget everything about Carol, she'd hate that I told anyone", F1),
        ],
        has=["jess"],
        lacks=["carol", "knee"],
    ),
    _sc(
        "p19_forget_noah_therapy",
        "forget",
        [
            ("Noah sees a therapist, Dr. Patel, every other wednesday for his anxiety", J1),
            ("Noah also plays trumpet in the middle school band", J2),
            (
                "actually can you delete the stuff about noah's therapy? i don't want that saved anywhere",
                F1,
            ),
        ],
        has=["trumpet"],
        lacks=["therap", "patel", "anxiety"],
    ),
    _sc(
        "p19_venting_no_store",
        "no_store",
        [
            "omg the school pickup line today was 45 minutes, i'm going to lose my mind",
            "why do kids ALWAYS get sick the week of a holiday??",
            "i swear the laundry multiplies overnight",
        ],
        count=0,
    ),
    _sc(
        "p19_other_mom_said",
        "no_store",
        [
            "another mom at pickup told me her son is allergic to basically everything and they only eat organic",
            "is it true kids shouldn't have juice before age 1?",
        ],
        count=0,
    ),
    _sc(
        "p19_hypothetical_portland",
        "no_store",
        [
            "if we ever moved to Portland, would the kids have to switch schools mid-year? just thinking out loud",
        ],
        count=0,
        lacks=["portland"],
    ),
    _sc(
        "p19_joke_ebay_kids",
        "no_store",
        [
            "lol i'm selling all three kids on ebay, starting bid $5",
            "jk. seriously tho how do i get a 4 yr old to sleep past 5am",
        ],
        lacks=["ebay", "selling"],
    ),
    _sc(
        "p19_buried_lactose",
        "buried_fact",
        [
            "can you give me a quick dinner idea for tonight? has to be dairy-free because my husband Marcus is lactose intolerant, and fast, like 20 min",
        ],
        has=["marcus", "lactose"],
        search=[("dietary restrictions in the family", "lactose")],
    ),
    _sc(
        "p19_buried_field_trip",
        "buried_fact",
        [
            "what should I pack for Ava's field trip to the science museum friday? she's in 2nd grade at Oak Hill Elementary and gets really carsick on buses",
        ],
        has=["oak hill", "carsick"],
        search=[("which school is ava at", "oak hill")],
    ),
    _sc(
        "p19_liam_turns_five",
        "multi_update",
        [
            ("Liam is 4 and obsessed with dinosaurs", J1),
            ("liam started pre-k at Little Acorns in january, loves it", J2),
            ("liam's birthday party was saturday, can't believe he's 5 now!", F2),
        ],
        has=["dinosaur", "acorns"],
        lacks=["is 4", "4 years", "age 4", "4-year"],
        search=[("how old is liam", "5")],
    ),
    _sc(
        "p19_sophie_school_switch",
        "multi_update",
        [
            ("Sophie is in 6th grade at St. Brigid's", J1),
            ("we pulled Sophie out of St Brigid's, she starts at Westview Middle on monday", F1),
            ("sophie's bus comes at 7:10 now, so early", F2),
        ],
        has=["westview"],
        lacks=["attends st. brigid", "attends st brigid", "grade at st. brigid"],
        search=[("where does sophie go to school", "westview")],
    ),
    _sc(
        "p19_puppy_name_fix",
        "correction",
        [
            "we got a puppy!! her name is Mochi, she's a mini aussie",
            "oops autocorrect, it's Mocha not Mochi. the kids will kill me lol",
        ],
        has=["mocha"],
        lacks=["mochi"],
    ),
    _sc(
        "p19_penicillin_wrong_kid",
        "correction",
        [
            ("Jack is allergic to penicillin", J1),
            (
                "sorry correction, it's Owen who's allergic to penicillin, not Jack. Jack doesn't have any allergies",
                J1,
            ),
            ("for reference Owen is 10 and Jack is 7", J2),
        ],
        lacks=["jack is allergic"],
        search=[("who is allergic to penicillin", "owen")],
    ),
    _sc(
        "p19_mom_alzheimers",
        "multi_update",
        [
            (
                "My mom Gloria (82) lives with us now. She has early-stage Alzheimer's and takes donepezil every night. Her neurologist is Dr. Huang.",
                J1,
            ),
            ("Dr. Huang upped mom's donepezil from 5 to 10mg", F1),
            ("mom's next neuro appointment is march 18", F2),
        ],
        has=["gloria", "donepezil", "huang", "march 18"],
        search=[("what medication does my mom take", "donepezil"), ("mom donepezil dose", "10")],
    ),
    _sc(
        "p19_aide_schedule",
        "plan_update",
        [
            ("the home health aide comes for my dad mon/wed/fri 9 to 1", J1),
            ("we added tuesdays for the aide too", J2),
            (
                "update: the agency is switching us to a new aide named Rosa starting next week, same days",
                F1,
            ),
        ],
        has=["rosa", "tue"],
        search=[("who is dad's aide", "rosa")],
    ),
    _sc(
        "p19_dana_day_shift",
        "multi_update",
        [
            ("my wife Dana is a nurse at St. Luke's, works nights mostly", J1),
            ("dana got the day-shift job at the outpatient clinic, no more nights!!", F1),
            ("dana's new hours are 7 to 3:30 mon-fri, so she can do school pickup", F2),
        ],
        has=["dana", "clinic"],
        lacks=["works nights"],
        search=[("where does dana work", "clinic")],
    ),
    _sc(
        "p19_forget_tasha",
        "forget",
        [
            "my ex Brian has the kids every other weekend",
            "Brian's new girlfriend is named Tasha, the kids seem to like her",
            "you know what, forget anything about Tasha, not my business",
        ],
        has=["brian"],
        lacks=["tasha"],
    ),
    _sc(
        "p19_typo_emma_antibiotic",
        "typos",
        [
            "hey so emmas pediatrician put her on amoxicilin 250mg 2x a day for 10 days for an ear infectoin",
        ],
        has=["emma", "amoxicil"],
        search=[("what is emma taking", "amoxicil")],
    ),
    _sc(
        "p19_typo_zoe_piano",
        "typos",
        [
            ("zoe has piano on wednesdys at 4", J1),
            ("zoes piano lesons moved to thrusdays 4:30", J2),
            ("zoes first piano recital is march 8!!", F1),
        ],
        has=["recital"],
        search=[("when is zoe's piano lesson", "thu")],
        as_of=[("zoe piano lesson day", "2026-01-10", "wed")],
    ),
    _sc(
        "p19_two_schools",
        "fact",
        [
            "Lily's a junior at Jefferson High and Ben is at Roosevelt Middle in 7th grade",
        ],
        has=["jefferson", "roosevelt"],
        search=[("which school is ben at", "roosevelt"), ("lily's school", "jefferson")],
    ),
    _sc(
        "p19_beagle_weight",
        "multi_update",
        [
            ("Max our beagle is 38 lbs, vet says he needs to lose a few", J1),
            ("max is on the hill's r/d weight control food now", F1),
            ("max weigh-in today: 34 lbs!! vet is thrilled", M1),
        ],
        lacks=["38"],
        search=[("how much does max weigh", "34")],
    ),
    _sc(
        "p19_dad_hip_cancelled",
        "plan_update",
        [
            ("my dad's hip replacement is scheduled for feb 10 at Mercy", J1),
            ("dad's surgery got pushed to feb 24, the surgeon had a conflict", F1),
            (
                "update: they cancelled dad's hip surgery altogether, his heart numbers aren't good enough for anesthesia. doing PT instead",
                F2,
            ),
        ],
        lacks=["feb 10", "february 10", "feb 24", "february 24"],
        as_of=[("dad's surgery date", "2026-01-10", "feb")],
    ),
    _sc(
        "p19_two_kids_allergies",
        "fact",
        [
            ("Mia is allergic to eggs", J1),
            (
                "just found out at the allergist that Mia's little brother Leo is allergic to tree nuts",
                J2,
            ),
            ("leo's allergist is Dr. Okafor at children's", F1),
        ],
        has=["egg", "tree nut", "okafor"],
        lacks=["mia is allergic to tree"],
        search=[("who is allergic to tree nuts", "leo"), ("mia allergy", "egg")],
    ),
    _sc(
        "p19_general_parenting_questions",
        "no_store",
        [
            "what's a good age to start giving kids an allowance?",
            "are weighted blankets safe for kids?",
        ],
        count=0,
    ),
    _sc(
        "p19_husky_neighbor",
        "no_store",
        [
            "would a husky be a bad idea in a small apartment? asking for my neighbor",
        ],
        count=0,
        lacks=["husky"],
    ),
    _sc(
        "p19_inlaws_flight",
        "plan_update",
        [
            ("my in-laws Ray and Linda are flying in from Phoenix on March 12 for a week", F1),
            ("ugh they changed flights, now arriving march 15", F2),
            ("linda is vegetarian btw so i need to plan meals around that", F2),
        ],
        has=["ray", "linda", "vegetarian"],
        lacks=["12"],
        search=[("when are the in-laws arriving", "15")],
    ),
    _sc(
        "p19_forget_rufus",
        "forget",
        [
            "we have a dog named Rufus and a cat named Pepper",
            "Rufus passed away last week. please just remove him, I don't want him coming up",
            "pepper has a checkup at the vet next tuesday",
        ],
        has=["pepper"],
        lacks=["rufus"],
    ),
    _sc(
        "p19_nora_formula",
        "pref_change",
        [
            ("baby Nora is on Similac formula", J1),
            ("switched nora to enfamil gentlease, similac was giving her terrible gas", J2),
            ("nora's doing about 5 oz every 3 hours now", F1),
        ],
        has=["enfamil"],
        lacks=["is on similac", "uses similac"],
        search=[("what formula does nora drink", "enfamil")],
    ),
    _sc(
        "p19_allowance_raise",
        "multi_update",
        [
            ("we give Jake $10/week allowance and Chloe $5", J1),
            ("raising chloe's allowance to $7 since she turned 8", F1),
            ("jake has to do the dishes every night to earn his", F2),
        ],
        lacks=["$5"],
        search=[("chloe allowance", "7"), ("jake allowance", "10")],
    ),
    _sc(
        "p19_chitchat",
        "no_store",
        [
            "thanks that worked!!",
            "lol ok",
            "good night",
        ],
        count=0,
    ),
    _sc(
        "p19_week_plan_dentist_moved",
        "buried_fact",
        [
            (
                "Ok I need help planning the week. Monday: Ethan's dentist at 3:15 (Dr. Alvarez). Tuesday: Grace has ballet 5-6 like every week. Wednesday my husband Tom flies to Chicago until Friday so I'm solo. Can you make me a checklist?",
                F1,
            ),
            ("ethan's dentist moved to thursday, same time", "2026-02-02"),
        ],
        has=["alvarez", "ballet"],
        search=[("who has ballet", "grace"), ("when is ethan's dentist appointment", "thu")],
    ),
    _sc(
        "p19_mom_blood_thinner",
        "multi_update",
        [
            ("mom takes warfarin 5mg daily and atorvastatin 40mg", J1),
            (
                "cardiologist took mom off warfarin, she's on eliquis now. still on the atorvastatin",
                F1,
            ),
            ("mom's cardiologist is Dr. Reyes at Valley Heart", F2),
        ],
        has=["eliquis", "atorvastatin", "reyes"],
        lacks=["warfarin 5"],
    ),
    _sc(
        "p19_twins_age_fix",
        "correction",
        [
            "my twins Ivy and June are 7",
            "oops i meant 8, they turned 8 in november",
        ],
        has=["ivy", "8"],
        lacks=["7"],
    ),
    _sc(
        "p19_forget_own_zoloft",
        "forget",
        [
            "I'm on zoloft 50mg, been on it a couple years",
            "my son Caleb has ADHD and takes adderall 10mg in the mornings",
            "remove my zoloft info please, only keep the kids' stuff",
        ],
        has=["caleb", "adderall"],
        lacks=["zoloft"],
    ),
    _sc(
        "p19_carpool_shakeup",
        "plan_update",
        [
            ("carpool: I drive Mondays, the Garcias do Tues/Thurs, Priya's mom does Wed/Fri", J1),
            (
                "carpool shakeup: the Garcias dropped out, so I'm taking Thursdays too and Priya's mom picks up Tuesdays",
                F1,
            ),
            ("priya's mom is Anjali btw, she's a lifesaver", F1),
        ],
        has=["priya"],
        search=[("who drives carpool on tuesdays", "priya")],
    ),
    _sc(
        "p19_ziggy_thyroid",
        "multi_update",
        [
            (
                "our cat Ziggy is hyperthyroid, gets methimazole 2.5mg twice a day crushed in tuna",
                J1,
            ),
            ("vet bumped ziggy up to 5mg twice a day, his T4 was still high", F1),
            ("ziggy's recheck bloodwork is march 10", F2),
        ],
        has=["ziggy", "methimazole"],
        lacks=["2.5"],
        search=[("what meds does ziggy take", "methimazole")],
    ),
    _sc(
        "p19_disney_off",
        "plan_update",
        [
            ("we're taking the kids to Disney World the week of April 6!", F1),
            (
                "disney's off. Hudson broke his arm at recess, cast for 6 weeks, so we're rescheduling for the fall",
                F2,
            ),
            ("hudson's cast should come off around march 30", F2),
        ],
        has=["hudson", "arm"],
        lacks=["april 6"],
    ),
    _sc(
        "p19_brother_and_wife",
        "fact",
        [
            "my brother Sam is a firefighter in Tacoma, and his wife Kiara teaches 3rd grade",
        ],
        has=["sam", "firefighter", "kiara"],
        lacks=["kiara is a firefighter"],
        search=[("what does kiara do for work", "teach")],
    ),
    _sc(
        "p19_oliver_sleep",
        "multi_update",
        [
            ("Oliver is in the toddler room at Bright Horizons daycare", J1),
            ("Oliver (3) naps 1-3pm and bedtime is 7:30", J1),
            ("oliver dropped his nap completely, so we moved bedtime up to 7", F1),
        ],
        has=["oliver"],
        lacks=["1-3", "7:30"],
        search=[("what time is oliver's bedtime", "7")],
    ),
    _sc(
        "p19_forget_aria_ortho",
        "forget",
        [
            "Aria's orthodontist consult is March 3 at 10am",
            "Aria's also starting Girl Scouts this month, so excited",
            "forget the orthodontist thing, we're not doing braces yet",
        ],
        has=["scout"],
        lacks=["orthodont"],
    ),
    _sc(
        "p19_toddler_ceo_joke",
        "no_store",
        [
            "honestly my toddler is the CEO of this house, i just work here 😂",
        ],
        count=0,
        lacks=["ceo"],
    ),
    _sc(
        "p19_father_in_law_diet",
        "fact",
        [
            "when my father-in-law Gerald visits I have to cook low sodium, he has congestive heart failure. any good low-salt soup recipes?",
        ],
        has=["gerald", "sodium"],
        search=[("cooking for gerald", "sodium")],
    ),
    _sc(
        "p19_new_baby",
        "multi_update",
        [
            ("we have two kids, Harper 6 and Miles 3", J1),
            ("harper started 1st grade at Maple Grove this year", J2),
            ("BABY IS HERE!! welcome Evelyn, born feb 14, 7 lbs 2 oz", F2),
        ],
        has=["evelyn", "harper", "miles"],
        lacks=["two kids", "2 kids"],
    ),
    _sc(
        "p19_zyrtec_dose_swap",
        "correction",
        [
            ("Ruby takes 5ml of zyrtec every night for allergies", J1),
            ("correction, ruby's zyrtec is 2.5ml, the 5ml is her brother Finn's dose", J1),
            ("finn is 9 and ruby is 4", J2),
        ],
        has=["2.5", "finn"],
        lacks=["ruby takes 5"],
        search=[("ruby zyrtec dose", "2.5")],
    ),
    _sc(
        "p19_mateo_guitar_to_drums",
        "multi_update",
        [
            ("Mateo started guitar lessons on saturdays", J1),
            ("mateo's guitar teacher is Mr. Kim, he's great", J2),
            ("can you remind me what time the super bowl starts?", F1),
            ("mateo switched guitar to sunday afternoons", F1),
            (
                "ugh mateo wants to quit guitar and do drums instead. fine. drum lessons start in march with the same teacher",
                F2,
            ),
            ("mateo's first drum lesson was great, he's hooked", M1),
        ],
        has=["drum", "kim"],
        lacks=["saturday", "super bowl"],
        search=[("what instrument does mateo play", "drum")],
    ),
]
