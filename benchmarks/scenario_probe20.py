"""A twenty-first held-out set of scenarios, written blind: the ``probe20`` split.

Fifty conversations by a nineteenth session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history: work,
study and money. Freelancers with clients and rates, employees with managers
and coworkers named by first name, job seekers with interviews and offers,
students with classes and loans, small-business owners with staff and
suppliers, people paying off debts or saving toward goals; terse updates with
numbers and long messages that mix a request with details. Run once
(2026-12-08, on commit ``c7e2411``, after the probe19 fixes): **21/50**
passed. The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe20_first_run.txt``. All 29 failures were
the engine's.

What it showed: numbers in follow-up messages lost or kept beside the old
ones (an offer negotiated to 158k, a raise to 134k, a new savings goal, a
supplier's price), "X, not Y" corrections of amounts, days and spellings,
a retainer a client "backed out" of kept, forget requests for a topic ("the
pay", "the side bookkeeping") ignored, a coworker's prediction, a joke, a
passing complaint and a hypothetical stored, and facts split into pieces
that lose the client or person they are about.

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe20")

PROBE20: list[dict[str, Any]] = [
    # 1
    _sc(
        "p20_freelance_rate_raise",
        "multi_update",
        [
            ("I'm a freelance UX designer, I charge $65 an hour for most of my clients", J1),
            ("raising my rate to $80/hr starting february, already emailed everyone about it", J2),
            ("except Orbit — they've been with me 4 years so they stay at $70/hr", J2),
        ],
        has=["80", "orbit", "70"],
        lacks=["65"],
        search=[("what's my hourly rate", "80")],
    ),
    # 2
    _sc(
        "p20_client_lost_one",
        "multi_update",
        [
            (
                "my two main clients rn are Halvorsen Logistics and a bakery chain called Crumbworth. Halvorsen is like 60% of my income",
                J1,
            ),
            ("Crumbworth ended our contract this week, they're moving design in-house", J2),
            ("so basically Halvorsen is my only client at the moment. kinda scary tbh", J2),
        ],
        has=["halvorsen"],
        search=[("who are my clients", "halvorsen")],
    ),
    # 3
    _sc(
        "p20_offer_negotiated",
        "multi_update",
        [
            ("got an offer from Stripe!! base 145k", J1),
            ("negotiated them up to 158k base plus a 10k signing bonus", J2),
            ("signed it. start date is march 2", F1),
        ],
        has=["stripe", "158"],
        lacks=["145"],
        search=[("what's my salary going to be", "158")],
    ),
    # 4
    _sc(
        "p20_interview_fell_through",
        "plan_update",
        [
            ("been applying for SRE jobs since december", J1),
            ("final round interview with Datadog on thursday, super nervous", J1),
            ("update: datadog froze hiring and the role is gone. back to applying", J2),
        ],
        has=["sre"],
        lacks=["thursday"],
    ),
    # 5
    _sc(
        "p20_email_manager_buried",
        "buried_fact",
        [
            "can you draft an email to my manager Tomasz asking if I can move our 1:1 from mondays to wednesdays? for context I'm a data analyst on the growth team",
        ],
        has=["tomasz", "data analyst"],
        search=[("who is my manager", "tomasz")],
    ),
    # 6
    _sc(
        "p20_coworker_opinion_layoffs",
        "no_store",
        [
            "my coworker Dev thinks our whole team is getting laid off in Q2 lol. he says that every quarter",
        ],
        lacks=["laid off", "layoff"],
    ),
    # 7
    _sc(
        "p20_world_question_ira",
        "no_store",
        [
            "what's the difference between a roth ira and a traditional ira?",
        ],
        count=0,
    ),
    # 8
    _sc(
        "p20_lottery_hypothetical",
        "no_store",
        [
            "I work as a paralegal at a law firm downtown",
            "if i won the lottery i'd quit tomorrow and open a bookstore in lisbon haha",
        ],
        has=["paralegal"],
        lacks=["bookstore", "lisbon", "lottery"],
    ),
    # 9
    _sc(
        "p20_student_loan_balance_typo_fix",
        "correction",
        [
            ("student loan balance is at $23,400, trying to kill it by end of 2027", J1),
            ("made a big payment from my tax refund, down to $19,850 now", F2),
            ("ok actually i mistyped, it's 18,850 not 19,850", M1),
        ],
        has=["18,850"],
        lacks=["19,850", "23,400"],
        as_of=[("student loan balance", J2, "23,400")],
    ),
    # 10
    _sc(
        "p20_midterm_moved",
        "plan_update",
        [
            ("my orgo midterm is feb 20th", J1),
            ("prof moved the orgo midterm to feb 27 bc of the snow closure", F1),
            ("gonna study for it with my lab partner Oksana on tuesday nights", F1),
        ],
        has=["27", "oksana"],
        lacks=["20th", "feb 20", "february 20", "02-20"],
    ),
    # 11
    _sc(
        "p20_part_time_job_switch",
        "multi_update",
        [
            "I'm a sophomore at UIC studying nursing",
            "i work at the campus library 12 hrs a week, $15.50/hr",
            "quit the library job, got a tutoring gig at Kumon instead, 18 an hour, 10 hrs/wk",
        ],
        has=["nursing", "kumon"],
        lacks=["15.50"],
        search=[("where do i work", "kumon")],
    ),
    # 12
    _sc(
        "p20_forget_side_bookkeeping",
        "forget",
        [
            "day job: staff accountant at Moss & Reyes",
            "I also freelance on the side doing bookkeeping for 3 small businesses, about $1,200 a month extra",
            "and i'm studying for the CPA, taking REG in april",
            "please forget everything about my side bookkeeping stuff, my employer doesn't need to know lol",
        ],
        has=["moss", "cpa"],
        lacks=["bookkeeping", "1,200"],
    ),
    # 13
    _sc(
        "p20_forget_coworker_jenna",
        "forget",
        [
            "my coworker Jenna covers my shifts when I have class, she's the best",
            "my other coworker Marcus is training me on the espresso machine",
            "forget about Jenna, she got fired and i don't want to think about it",
        ],
        has=["marcus"],
        lacks=["jenna"],
    ),
    # 14
    _sc(
        "p20_typo_copywriter_rates",
        "typos",
        [
            "im a freleance copywritter, charge .12/word for blog posts and 250 flat for landing pges",
        ],
        has=["copywrit", "250"],
        search=[("how much do i charge for landing pages", "250")],
    ),
    # 15
    _sc(
        "p20_roastery_supplier_switch",
        "multi_update",
        [
            (
                "I run a small coffee roastery, we buy green beans from Sweet Maria's at $6.80/lb",
                J1,
            ),
            ("sweet marias raised prices to 7.40 a pound, ugh", J2),
            ("switched suppliers — now buying from Royal Coffee at 6.95/lb", F2),
        ],
        has=["royal coffee", "6.95"],
        lacks=["7.40", "6.80"],
        search=[("who is my green bean supplier", "royal")],
        as_of=[("green bean price per pound", F1, "7.40")],
    ),
    # 16
    _sc(
        "p20_staff_coverage_change",
        "plan_update",
        [
            "we just hired a new barista at the shop, Kofi, starts monday part time",
            "my shift lead Marisol is going on maternity leave in april, Kofi is gonna cover her opening shifts",
            "scratch that, Kofi quit after 2 weeks. Marisol's opening shifts are going to Lorena now",
        ],
        has=["marisol", "lorena"],
        search=[("who is covering the opening shifts", "lorena")],
    ),
    # 17
    _sc(
        "p20_credit_card_payoff",
        "multi_update",
        [
            (
                "I've got 3 credit cards, total about $11k. the chase one has the highest apr at 27%",
                J1,
            ),
            ("paid off the chase card completely!! 🎉", F1),
            ("remaining cc debt is $6,200 across the other two", F1),
        ],
        has=["6,200"],
        lacks=["11k", "11,000"],
    ),
    # 18
    _sc(
        "p20_house_fund_to_sabbatical",
        "pref_change",
        [
            "saving for a house down payment, goal is $60k by 2028",
            "we decided to rent for a few more years, so i'm redirecting the house fund into a sabbatical fund instead. new goal 25k",
            "already have 8,300 saved toward it",
        ],
        has=["sabbatical", "8,300"],
        lacks=["down payment", "60k", "60,000"],
    ),
    # 19
    _sc(
        "p20_promotion_raise",
        "multi_update",
        [
            ("I'm a junior backend engineer at Rivet, been there 8 months", J1),
            ("got promoted to Backend Engineer II today!!", F1),
            ("raise came with it, 118k -> 134k", F1),
        ],
        has=["engineer ii", "rivet", "134"],
        lacks=["junior", "118"],
        search=[("what's my job title", "engineer ii")],
        as_of=[("what's my job title", J2, "junior")],
    ),
    # 20
    _sc(
        "p20_new_manager_reorg",
        "multi_update",
        [
            "my manager is Hollis, he's pretty hands off",
            "reorg happened, hollis moved to the platform team and my new manager is Beatriz",
            "beatriz wants weekly 1:1s, thursdays at 2",
        ],
        has=["beatriz", "thursday"],
        search=[("who's my manager", "beatriz")],
    ),
    # 21
    _sc(
        "p20_deadline_and_budget_bumped",
        "plan_update",
        [
            (
                "client Norrland Foods wants the brand guide delivered by Jan 30. budget is $4,500",
                J1,
            ),
            ("norrland pushed the brand guide deadline to feb 13", J2),
            ("and they bumped the budget to $5,200 since they added packaging mockups", F1),
        ],
        has=["norrland", "13", "5,200"],
        lacks=["jan 30", "january 30", "01-30", "4,500"],
    ),
    # 22
    _sc(
        "p20_boss_pony_joke",
        "no_store",
        [
            "my boss said if I finish the Q1 report early I get a pony. pretty sure that's not in my contract lmao",
        ],
        lacks=["pony"],
    ),
    # 23
    _sc(
        "p20_wifi_complaint",
        "no_store",
        [
            "ugh the office wifi is down AGAIN and i have a call in 10 min",
        ],
        count=0,
    ),
    # 24
    _sc(
        "p20_classes_drop_add",
        "multi_update",
        [
            "this semester i'm taking stats 200, microecon, intro to python and a writing seminar",
            "dropped the writing seminar, too much reading on top of work",
            "picked up a 1-credit yoga class so i stay full-time for financial aid",
        ],
        has=["stat", "python", "micro", "yoga"],
        lacks=["writing seminar"],
        search=[("what classes am i taking", "python")],
    ),
    # 25
    _sc(
        "p20_cover_letter_buried",
        "buried_fact",
        [
            "can you help me write a cover letter for the Deloitte summer internship? I'm a junior at Ohio State majoring in finance, 3.7 GPA, and I was treasurer of the investment club",
        ],
        has=["ohio state", "finance", "3.7"],
    ),
    # 26
    _sc(
        "p20_pm_interview_pipeline",
        "multi_update",
        [
            ("applying for PM roles. got phone screens with Notion and Figma next week", J1),
            ("figma screen went well, moving to onsite", J2),
            ("notion rejected me after the screen :(", J2),
            ("figma onsite is feb 10", F1),
            ("got the figma offer! 172k base, deciding by friday", F2),
        ],
        has=["figma", "172"],
        search=[("did i get any job offers", "figma")],
    ),
    # 27
    _sc(
        "p20_retainer_fell_through",
        "plan_update",
        [
            ("I do social media management for small local businesses", J1),
            ("Brixton Dental signed on for a $2,000/month retainer starting feb!", J1),
            ("brixton dental backed out before it started, never signed the final contract", J2),
            ("picked up a smaller client instead, Quill Coffee, $900/mo", F1),
        ],
        has=["quill", "900"],
        lacks=["2,000"],
    ),
    # 28
    _sc(
        "p20_invoice_paid_terse",
        "multi_update",
        [
            ("sent invoice #0142 to Kestrel Media for $3,800, net 30", J1),
            ("kestrel paid, 3.8k in", F2),
            ("sent kestrel the feb invoice too, $4,100", F2),
        ],
        has=["kestrel", "4,100"],
        search=[("has kestrel paid the january invoice", "paid")],
    ),
    # 29
    _sc(
        "p20_rent_correction_roommate",
        "correction",
        [
            "my rent is 2100 and i split it with my roommate Theo",
            "sorry, rent is 2400 not 2100, i always forget the parking fee is included",
            "theo's moving out end of march, my friend Paloma is taking his room",
        ],
        has=["paloma"],
        lacks=["2100", "2,100"],
        search=[("how much is my rent", "400")],
    ),
    # 30
    _sc(
        "p20_vet_tech_long_message",
        "buried_fact",
        [
            "ok so context: I'm a vet tech at Riverbend Animal Hospital, I work four 10-hour shifts mon-thu, make $22/hr, and I'm trying to build a $5k emergency fund. can you suggest a budget app that works with a credit union?",
        ],
        has=["vet tech", "riverbend", "22", "emergency"],
    ),
    # 31
    _sc(
        "p20_typo_loan_amount",
        "typos",
        [
            "i took out a $8500 subsidzed loan for spring semestr at portland state",
        ],
        has=["portland state"],
        search=[("how much did i borrow in student loans", "500")],
    ),
    # 32
    _sc(
        "p20_coworker_gift_buried",
        "buried_fact",
        [
            "what should i get my coworker Felipe for his birthday? he's really into bouldering, and he's the one who trained me when I started at Lumen Health",
        ],
        has=["felipe", "lumen"],
        search=[("who trained me at work", "felipe")],
    ),
    # 33
    _sc(
        "p20_four_day_week_correction",
        "correction",
        [
            ("I work mon-fri 9-5 at the county clerk's office", J1),
            ("switching to a 4-day week starting feb, tuesdays off", J2),
            ("correction: it's wednesdays off, not tuesdays", F1),
        ],
        has=["wednesday", "clerk"],
        lacks=["tuesday"],
    ),
    # 34
    _sc(
        "p20_forget_pay_keep_job",
        "forget",
        [
            "I'm a nurse at St. Vincent's, night shift, making 48/hr",
            "actually don't keep my pay info stored, just forget what i make",
        ],
        has=["nurse", "vincent"],
        lacks=["48"],
    ),
    # 35
    _sc(
        "p20_amazon_hypothetical",
        "no_store",
        [
            "if i got a job at amazon would i have to relocate to seattle? asking hypothetically, i haven't even applied",
        ],
        count=0,
        lacks=["seattle"],
    ),
    # 36
    _sc(
        "p20_grooming_price_raise",
        "multi_update",
        [
            ("I own a dog grooming shop, Fluff & Fold. full groom is $75, nail trim $15", J1),
            ("raising full groom to $85 in february, nail trims stay the same", J2),
            ("hired a second groomer, Dara, she works tues-sat", F1),
        ],
        has=["85", "15", "dara"],
        lacks=["75"],
        search=[("how much is a full groom", "85")],
    ),
    # 37
    _sc(
        "p20_team_roster_changes",
        "multi_update",
        [
            "my teammates are Rosa (design), Kwame (backend) and Ilse, who's our PM and honestly the reason I stay",
            "Kwame left for a startup last week, we're backfilling his role",
            "Ilse is going on sabbatical for 2 months, Rosa is acting PM in the meantime",
        ],
        has=["rosa", "ilse"],
        search=[("who is the acting pm", "rosa")],
    ),
    # 38
    _sc(
        "p20_budget_categories_change",
        "multi_update",
        [
            ("my monthly budget: rent 1450, groceries 400, eating out 250", J1),
            ("cutting eating out to 120 a month, need to save for bar exam fees", F1),
            ("groceries went up to 475 with everything getting pricier", F2),
        ],
        has=["120", "475", "bar exam"],
        lacks=["250"],
    ),
    # 39
    _sc(
        "p20_internship_rescinded",
        "plan_update",
        [
            ("summer internship at Boeing confirmed, June-August, in Everett", J1),
            ("boeing rescinded the internship, budget cuts. so now i have no summer plans", F1),
            ("ok new plan: doing research with Prof. Adeyemi over the summer, 5k stipend", F2),
        ],
        has=["adeyemi"],
        lacks=["everett"],
        search=[("what am i doing this summer", "adeyemi")],
    ),
    # 40
    _sc(
        "p20_client_name_spelling",
        "correction",
        [
            "new client: a yoga studio called Bloom & Breath, I'm building their website for 3k",
            "oops, it's Bloom & Breathe, with an e at the end",
        ],
        has=["breathe"],
    ),
    # 41
    _sc(
        "p20_commute_buried",
        "buried_fact",
        [
            "what's a good podcast for my commute? it's about 50 min each way on the Red Line to my office in Cambridge",
        ],
        has=["cambridge"],
        search=[("how long is my commute", "50")],
    ),
    # 42
    _sc(
        "p20_accounting_grade_scholarship",
        "multi_update",
        [
            "got a C on my first accounting exam, and I need at least a B in the class to keep my scholarship",
            "midterm went way better, got an A-! now sitting at a B+ overall",
            "final is march 9",
        ],
        has=["scholarship"],
        search=[("what's my grade in accounting", "b+")],
    ),
    # 43
    _sc(
        "p20_salary_market_question",
        "no_store",
        [
            "whats the average salary for a data engineer in austin rn?",
        ],
        count=0,
    ),
    # 44
    _sc(
        "p20_voiceover_rates",
        "multi_update",
        [
            "I do voiceover work. Audible pays me $250 per finished hour, my indie authors pay $200 PFH",
            "Audible bumped me to 300 PFH after my last review",
            "also just booked my first video game role, Saltmarsh Games, flat $1,500 for the session",
        ],
        has=["300", "200", "saltmarsh"],
        lacks=["250"],
    ),
    # 45
    _sc(
        "p20_forget_one_client",
        "forget",
        [
            "clients right now: Pinegrove Realty (monthly newsletter), Tidewater Kayaks (blog posts) and Osei Law (website copy)",
            "forget Tidewater Kayaks entirely please",
        ],
        has=["pinegrove", "osei"],
        lacks=["tidewater"],
    ),
    # 46
    _sc(
        "p20_car_loan_refinance",
        "multi_update",
        [
            ("car loan: 14,200 left at 8.9% apr, $412/month", J1),
            (
                "refinanced the car loan with my credit union, 5.4% now and the payment dropped to $365",
                F1,
            ),
            ("paid an extra 500 toward it this month, balance is 12,900 now", F2),
        ],
        has=["5.4", "365", "12,900"],
        lacks=["8.9", "412", "14,200"],
        as_of=[("car loan interest rate", J2, "8.9")],
    ),
    # 47
    _sc(
        "p20_roommate_gre_opinion",
        "no_store",
        [
            "my roommate says the GRE is pointless for CS PhDs now, is that true?",
        ],
        lacks=["pointless"],
    ),
    # 48
    _sc(
        "p20_cpa_exam_rescheduled",
        "plan_update",
        [
            ("registered for the CPA FAR section, testing march 18 at the Prometric in Tempe", J2),
            (
                "had to cancel my FAR exam, work is insane during tax season. will reschedule for june",
                F2,
            ),
            ("booked it: june 11, same prometric", F2),
        ],
        has=["june"],
        lacks=["march 18", "03-18"],
    ),
    # 49
    _sc(
        "p20_overdue_client_paid",
        "buried_fact",
        [
            (
                "Hey, can you write a polite follow-up to my client Gerrit? He owes me for January — 32 hours at my rate of €70/hour, so €2,240 — and it's now 3 weeks overdue. Keep it friendly, he's my biggest client.",
                F1,
            ),
            ("gerrit paid in full this morning, thank god", F2),
        ],
        has=["gerrit"],
        lacks=["overdue"],
        search=[("who is my biggest client", "gerrit")],
    ),
    # 50
    _sc(
        "p20_pto_days_correction",
        "correction",
        [
            ("I get 15 PTO days a year at my job", J1),
            ("used 3 PTO days for my sister Mina's wedding in Austin", F1),
            (
                "HR said it's actually 18 days for me since I passed 3 years, so I have 15 left after the wedding",
                F2,
            ),
        ],
        has=["18", "mina"],
        search=[("how many pto days do i get per year", "18")],
    ),
]
