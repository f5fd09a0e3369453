"""A thirteenth held-out set of scenarios, written blind: the ``probe12`` split.

Fifty conversations by an eleventh session that had not read the rules, the
other scenarios, the results, the tests, the README or the git history, by
users who write long messages (three to eight sentences) mixing several
facts, a request, opinions of other people and small talk, some formal
(e-mail style), some rambling, with updates in mid-paragraph, run once
(2026-12-08, on commit ``9efcf36``): **20/50** passed, the second lowest first
run of any split. The run and its author's review are kept verbatim in
``benchmarks/results/scenarios_probe12_first_run.txt``. 28 of the 30 failures
were the engine's; two were the author's (a ``lacks`` that matched a correct
"No longer is a die-hard Lakers fan", and one that matched a fair past fact).

What it showed: amounts changed inside a paragraph ("they bumped me to
$97,000", "my endo upped my levothyroxine to 75mcg", "the new owners raised my
rent to $2,050", "Bruno ... down to 84 lbs", "we're at $12,000 combined
now"); moved dates ("my ASCO presentation has been moved to June 4th"); a
name corrected with a cue ("my manager is Bryan with a Y, not Brian", "his
name is Eitan, not Ethan" after an opening clause); jokes ("a professional
napper at this point", "29 for the fourth time this year"); cancelled plans
("had to cancel the Lisbon trip" read as a question); fragments from
questions ("Can'ts tell who's right").

Figures on this split after the fixes are tuned; the first run is its
held-out figure.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenario_data import F1, F2, J1, J2, M1, builder

_sc = builder("probe12")

PROBE12: list[dict[str, Any]] = [
    # 1
    _sc(
        "zz_email_new_job_minneapolis",
        "fact",
        [
            (
                "Hi there, I hope you're doing well. I wanted to share some news: I've accepted a position as a "
                "senior data analyst at Medtronic and I start on the 2nd of next month. Could you help me draft a "
                "short thank-you note to my previous manager, Priya? She was honestly the best boss I've ever had. "
                "Also, the weather here in Minneapolis has been absolutely brutal this week, minus 20 this morning.",
                J1,
            ),
        ],
        has=["medtronic", "minneapolis"],
        search=[("where do i work", "medtronic")],
    ),
    # 2
    _sc(
        "zz_austin_move_called_off",
        "plan_update",
        [
            (
                "Big news on our end! My husband Marco got a job offer in Austin so we're planning to move there "
                "from Columbus in June. I'm excited but also nervous, I've never lived anywhere but Ohio. Can you "
                "give me a checklist for a cross-country move with two kids?",
                J1,
            ),
            (
                "Hey, hope your week is going ok. I need help planning a 9th birthday party for my son, something "
                "with science experiments. Oh and by the way, we ended up not moving to Austin after all, Marco "
                "turned the offer down because they wouldn't let him stay remote. So we're staying put in Columbus, "
                "which honestly is a relief.",
                F1,
            ),
        ],
        has=["columbus", "marco"],
        lacks=["planning to move", "plans to move"],
        search=[("where do i live", "columbus")],
    ),
    # 3
    _sc(
        "zz_roth_question_no_store",
        "no_store",
        [
            "Ugh, what a Monday. Anyway, can you explain the difference between a Roth IRA and a traditional IRA? "
            "I keep hearing people argue about it on podcasts and I honestly can't tell who's right. "
            "Thanks in advance, you're a lifesaver.",
        ],
        count=0,
    ),
    # 4
    _sc(
        "zz_lottery_hypothetical",
        "hypothetical",
        [
            "If I won the lottery I'd buy a vineyard in Tuscany and never answer another email again lol. "
            "Sometimes I daydream about it during meetings. Anyway, could you give me a quick garlic bread recipe? "
            "I have guests coming in an hour and I'm panicking a little.",
        ],
        lacks=["vineyard", "tuscany", "lottery"],
    ),
    # 5
    _sc(
        "zz_napper_joke_cat",
        "joke",
        [
            "Honestly I'm basically a professional napper at this point, my cat Biscuit is jealous of my skills "
            "haha. But seriously, can you suggest some stretches for lower back pain? I sit at a desk all day "
            "for work and by 4pm my back is screaming.",
        ],
        has=["biscuit"],
        lacks=["professional napper"],
    ),
    # 6
    _sc(
        "zz_vegetarian_to_pescatarian",
        "pref_change",
        [
            (
                "I've been vegetarian for about six years now, mostly for ethical reasons. My partner still eats meat "
                "so dinners can be a bit of a negotiation. Can you suggest some high-protein vegetarian dinners that a "
                "meat eater would also like?",
                J1,
            ),
            (
                "Quick update on the food front: I started eating fish again last month because my doctor said my "
                "iron and B12 were really low. So I guess I'm officially pescatarian now, still no meat though. "
                "Could you suggest a few easy salmon recipes? Nothing too fancy, weeknight stuff.",
                F1,
            ),
        ],
        has=["pescatarian"],
        lacks=["is vegetarian"],
        search=[("what is my diet", "pescatarian")],
    ),
    # 7
    _sc(
        "zz_siblings_hannah_luke",
        "fact",
        [
            "My little sister Hannah just got into nursing school at Johns Hopkins and I'm so proud of her. She's the "
            "first one in our family to go into medicine. My brother Luke on the other hand is still figuring things "
            "out, he's 24 and working at a bike shop, which is fine, he seems happy. Could you help me think of a "
            "good congratulations gift for Hannah?",
        ],
        has=["hannah", "johns hopkins", "luke"],
        search=[("what does my brother do", "bike shop")],
    ),
    # 8
    _sc(
        "zz_forget_therapist_only",
        "forget",
        [
            (
                "Some things you should know about me: I'm allergic to penicillin, I'm training for the Chicago "
                "marathon in October, and I've been seeing a therapist, Dr. Klein, every Tuesday evening. "
                "I want you to keep these in mind when you give me advice about scheduling.",
                J1,
            ),
            (
                "Actually, please forget the therapy thing, I'd rather that not be saved anywhere. Everything else "
                "is fine to keep. Now, can you help me build a 16-week training plan?",
                J2,
            ),
        ],
        has=["penicillin", "marathon"],
        lacks=["klein", "therap"],
    ),
    # 9
    _sc(
        "zz_salary_raise",
        "multi_update",
        [
            (
                "I'm a UX designer at a fintech startup in Brooklyn, making $85,000 a year. I feel like I'm underpaid "
                "compared to friends at bigger companies. Can you help me prep talking points for my annual review "
                "next month?",
                J1,
            ),
            (
                "Okay I had the review today and it went SO well. They bumped me to $97,000 and gave me the title "
                "senior UX designer! My manager Tasha fought for me, she's amazing. Can you help me write her a thank "
                "you message?",
                F1,
            ),
        ],
        has=["97,000"],
        lacks=["85,000"],
        search=[("how much do i earn", "97,000")],
    ),
    # 10
    _sc(
        "zz_wedding_date_moved",
        "plan_update",
        [
            (
                "We finally set a date for the wedding: September 14th, at a barn venue outside Asheville. My "
                "fiancee Jess is already stressing about the seating chart, her family is enormous. Could you "
                "suggest some ways to keep the guest list under 120?",
                J1,
            ),
            (
                "Wedding drama update. The barn venue double-booked us, so we had to move everything. The new date "
                "is October 5th at the Lake Lure Inn, which is actually prettier. Jess cried for a day and then got "
                "over it. Can you help me reword the save-the-date?",
                F1,
            ),
        ],
        has=["lake lure", "jess"],
        lacks=["september 14"],
        search=[("when is my wedding", "october 5")],
    ),
    # 11
    _sc(
        "zz_dog_pepper_died",
        "multi_update",
        [
            (
                "We have two dogs, a golden retriever named Sunny and a beagle named Pepper who is 14 and getting "
                "pretty creaky. Any tips for making stairs easier for an old dog?",
                J1,
            ),
            (
                "Sad week. We had to put Pepper down on Thursday, she just stopped eating. The house feels so quiet. "
                "Sunny keeps looking for her by the back door. How do I help a dog that's grieving?",
                F1,
            ),
        ],
        has=["sunny"],
        lacks=["has two dogs"],
        search=[("what pets do i have", "sunny")],
    ),
    # 12
    _sc(
        "zz_cover_letter_buried_facts",
        "buried_fact",
        [
            "Can you help me write a cover letter for a product manager role at Spotify? For context, I have seven "
            "years of experience in product, mostly at Etsy, and I speak fluent Portuguese because I grew up in "
            "Lisbon. Keep it under a page, the recruiter said the hiring manager hates long letters. Oh and make "
            "it sound less stiff than my usual writing.",
        ],
        has=["etsy", "portuguese", "lisbon"],
    ),
    # 13
    _sc(
        "zz_formal_dinner_allergy",
        "fact",
        [
            "Dear Assistant, I would be grateful if you could assist me in planning a dinner menu for eight guests "
            "this Saturday evening. Please note that I have a severe tree nut allergy, and my husband, Richard, does "
            "not eat pork for religious reasons. We would prefer a Mediterranean theme if possible. Kind regards, "
            "Margaret.",
        ],
        has=["tree nut", "richard", "pork"],
    ),
    # 14
    _sc(
        "zz_civic_to_rav4",
        "multi_update",
        [
            (
                "I drive a 2015 Honda Civic with about 140k miles on it and it's starting to make a weird grinding "
                "noise when I brake. Is that something I can ignore for a few weeks or should I get it checked ASAP?",
                J1,
            ),
            (
                "Finally sold the Civic! Got $9,000 for it, which I think is decent. I bought a used 2021 Toyota RAV4 "
                "hybrid instead, and the mileage is incredible. My dad thinks I overpaid but he thinks everyone "
                "overpays for everything. What maintenance should I expect on a hybrid?",
                F1,
            ),
        ],
        has=["rav4"],
        lacks=["drives a 2015"],
        search=[("what car do i drive", "rav4")],
    ),
    # 15
    _sc(
        "zz_coffee_to_peppermint_tea",
        "pref_change",
        [
            (
                "ok so random but I am SUCH a coffee person, like 3 cups a day minimum, black, no sugar, the stronger "
                "the better. My coworkers make fun of me for it. Can you recommend a good burr grinder under $100?",
                J1,
            ),
            (
                "so funny story, my doctor told me to cut caffeine because of heart palpitations, so no more coffee "
                "for me :( I've switched to herbal tea and honestly peppermint is my new favorite. Still grieving my "
                "grinder lol. Any good loose-leaf tea brands?",
                F1,
            ),
        ],
        has=["peppermint"],
        lacks=["3 cups", "three cups"],
    ),
    # 16
    _sc(
        "zz_kids_maya_theo",
        "fact",
        [
            "My daughter Maya turned 6 last week and she starts first grade in the fall at Lincoln Elementary. My "
            "son Theo is 3 and completely obsessed with dinosaurs, he can name like 40 of them. Any ideas for a "
            "dinosaur-themed birthday party? His is in April and I want to start planning early.",
        ],
        has=["maya", "theo", "lincoln", "dinosaur"],
    ),
    # 17
    _sc(
        "zz_manager_bryan_spelling",
        "correction",
        [
            (
                "My new manager's name is Brian, he started last week. He seems decent, a bit micromanage-y so far. "
                "How do I set expectations with a new boss without seeming difficult?",
                J1,
            ),
            (
                "Sorry, I got that wrong earlier, my manager is Bryan with a Y, not Brian. He's particular about it. "
                "Anyway he approved my PTO for the Japan trip next month, so he's winning me over!",
                J2,
            ),
        ],
        has=["bryan", "japan"],
        lacks=["brian"],
    ),
    # 18
    _sc(
        "zz_forget_ex_jordan",
        "forget",
        [
            (
                "I live in Portland with my roommate Sam, who's a line cook at a ramen place downtown. My ex, Jordan, "
                "still texts me every few weeks which is annoying. Anyway, can you suggest a good houseplant for a "
                "north-facing window?",
                J1,
            ),
            (
                "Please forget everything about Jordan. I don't want to be reminded of that at all. You can keep the "
                "rest. Thanks!",
                J2,
            ),
        ],
        has=["sam", "portland"],
        lacks=["jordan"],
    ),
    # 19
    _sc(
        "zz_lisbon_trip_cancelled",
        "plan_update",
        [
            (
                "Booked flights to Lisbon for March 10 to 17! My girlfriend Ana is Portuguese and she's going to show "
                "me where she grew up. Can you recommend a few day trips from Lisbon?",
                J1,
            ),
            (
                "Ugh, had to cancel the Lisbon trip, work is in crunch mode until April. Ana is bummed, and so am I. "
                "Maybe in the summer. Can you remind me how travel insurance claims usually work?",
                F1,
            ),
        ],
        has=["ana"],
        lacks=["booked flights"],
        as_of=[("upcoming trip", J2, "lisbon")],
    ),
    # 20
    _sc(
        "zz_denver_to_boulder",
        "multi_update",
        [
            (
                "I live in Denver and work remotely for a company based in Seattle. My kids are 7 and 10. Can you "
                "recommend some good weekend hikes near the city that aren't too hard for them?",
                J1,
            ),
            (
                "Long week. The movers finally came Tuesday and we're now officially living in Boulder, about 30 "
                "minutes from our old place in Denver. The new house has a huge backyard which the kids love. Also my "
                "mom is visiting next week, so could you suggest some day trips around here? She's 70 and can't do "
                "long hikes.",
                F1,
            ),
        ],
        has=["boulder"],
        lacks=["lives in denver"],
        search=[("where do i live", "boulder")],
        as_of=[("where do i live", J2, "denver")],
    ),
    # 21
    _sc(
        "zz_levothyroxine_dose",
        "multi_update",
        [
            (
                "I was diagnosed with hypothyroidism back in November. I take 50mcg of levothyroxine every morning "
                "on an empty stomach. Is it okay to have coffee right after?",
                J1,
            ),
            (
                "Had my follow-up bloodwork and my endo upped my levothyroxine to 75mcg since my TSH was still high. "
                "I'm kind of annoyed, I was hoping it'd be sorted by now. Are there side effects to watch for with a "
                "higher dose?",
                F1,
            ),
            (
                "Also can you set a daily reminder for me at 6am? Oh wait, you can't do that, never mind haha. I'll "
                "use my phone.",
                F2,
            ),
        ],
        has=["hypothyroid", "75"],
        lacks=["50mcg", "50 mcg"],
    ),
    # 22
    _sc(
        "zz_coworker_linda_credit",
        "fact",
        [
            "My coworker Linda keeps taking credit for my work in meetings and I'm honestly so done with it. Our "
            "team lead, Kevin, is nice but super conflict-avoidant so he won't do anything. How do I bring this up "
            "without sounding petty? For context I'm a backend engineer at Shopify, been there three years.",
        ],
        has=["shopify", "linda", "kevin"],
    ),
    # 23
    _sc(
        "zz_trivia_questions_no_store",
        "no_store",
        [
            "Hey! Hope you're having a good day. Quick question, what's the capital of Australia? My friend and I "
            "were arguing about it over lunch and I said Sydney, which apparently is wrong lol. Also, how many "
            "ounces are in a cup?",
        ],
        count=0,
    ),
    # 24
    _sc(
        "zz_climbing_injury_to_swimming",
        "pref_change",
        [
            (
                "I've been really into bouldering lately, I go to the climbing gym three times a week. I also play "
                "guitar, badly, but I enjoy it. Can you suggest some finger strength exercises for climbing?",
                J1,
            ),
            (
                "Update: I tore a ligament in my ring finger, so climbing is off the table for at least six months. "
                "Super frustrating. I've picked up swimming instead to stay in shape, doing laps at the Y before work. "
                "Guitar is also on hold obviously. Any tips for improving freestyle breathing?",
                F1,
            ),
        ],
        has=["swim", "ligament"],
        search=[("what exercise do i do", "swim")],
    ),
    # 25
    _sc(
        "zz_rent_increase",
        "multi_update",
        [
            (
                "My rent is $1,850 a month for a one-bedroom in Oakland, which is honestly decent for the Bay. My "
                "landlord is this sweet old guy named Mr. Chen. Can you help me make a monthly budget on a $5,200 "
                "take-home?",
                J1,
            ),
            (
                "Well, Mr. Chen sold the building and the new owners raised my rent to $2,050 starting in April. Ugh. "
                "Can you redo my budget with the new rent? Same take-home.",
                F1,
            ),
        ],
        has=["050", "oakland"],
        lacks=["1,850", "1850"],
        search=[("how much is my rent", "050")],
    ),
    # 26
    _sc(
        "zz_kitten_mochi_typos",
        "typos",
        [
            "sooo i just adopted a kitten!!! her name is mochi shes a calico and like 10 weeks old. im living in "
            "a tiny apartmnt in chicgo so i hope shes ok with small spaces lol. wat food shud i get her and how "
            "often do i feed her",
        ],
        has=["mochi", "calico"],
        search=[("what is my cat's name", "mochi")],
    ),
    # 27
    _sc(
        "zz_meta_layoff_to_kaiser",
        "multi_update",
        [
            (
                "I work at Meta as a technical recruiter, mostly hiring ML engineers. It's been a crazy year. Can you "
                "help me write a LinkedIn post about hiring trends?",
                J1,
            ),
            (
                "So... I got laid off from Meta last week along with half my team. I'm okay, just in shock. Now I'm "
                "job hunting and looking at HR roles at hospitals since healthcare seems more stable. Can you help me "
                "rewrite my resume summary?",
                J2,
            ),
            (
                "Good news!! I accepted an offer at Kaiser Permanente as a talent acquisition partner, I start Monday. "
                "My husband made a cake. Any tips for the first week at a new job?",
                F2,
            ),
        ],
        has=["kaiser"],
        lacks=["works at meta", "job hunting"],
        search=[("where do i work", "kaiser")],
    ),
    # 28
    _sc(
        "zz_mom_carol_diabetes",
        "fact",
        [
            "My mom, Linda... wait no, sorry, Linda is my aunt, my mom's name is Carol. Anyway, Mom was just "
            "diagnosed with type 2 diabetes. She lives alone in Tucson and I'm worried about her. Can you suggest "
            "some easy low-carb meals I could send her?",
        ],
        has=["carol", "diabetes", "tucson"],
        lacks=["mother linda", "mom linda"],
    ),
    # 29
    _sc(
        "zz_forget_adhd_only",
        "forget",
        [
            (
                "A few things about me so you have context: I'm 34, I have ADHD, I live in Atlanta, and I'm learning "
                "Korean for a trip to Seoul next year. I like short, bullet-pointed answers.",
                J1,
            ),
            (
                "Can you forget that I have ADHD? I don't need that stored. Everything else is fine. Thanks!",
                J2,
            ),
        ],
        has=["34", "atlanta", "korean"],
        lacks=["adhd"],
    ),
    # 30
    _sc(
        "zz_anniversary_buried",
        "buried_fact",
        [
            "What's a reasonable amount for a restaurant gift card for a 10th anniversary? My wife Elena and I got "
            "married in 2016 and she loves sushi more than anything. Also unrelated but my back has been killing "
            "me since I started deadlifting, is that normal?",
        ],
        has=["elena", "sushi"],
    ),
    # 31
    _sc(
        "zz_son_eitan_autocorrect",
        "correction",
        [
            (
                "My son Ethan is starting kindergarten in September and I'm a total wreck about it. He's shy and "
                "doesn't know anyone. How can I help him make friends?",
                J1,
            ),
            (
                "Oops, autocorrect got me earlier, his name is Eitan, not Ethan. It's Hebrew, after my grandfather. "
                "Anyway, we did a playdate with a neighbor kid and it went great!",
                J2,
            ),
        ],
        has=["eitan"],
        lacks=["ethan"],
    ),
    # 32
    _sc(
        "zz_down_payment_savings",
        "multi_update",
        [
            (
                "I'm trying to save $20,000 for a house down payment by the end of the year. I've got $6,500 so far. "
                "Can you help me figure out how much I need to put away each month?",
                J1,
            ),
            (
                "Savings update: I'm up to $11,200! Skipping takeout has been brutal but it's working. My sister "
                "thinks I'm being too extreme, but whatever.",
                F1,
            ),
            (
                "Change of plans, my partner and I decided to aim for $30,000 since prices in our area went up. We're "
                "at $12,000 combined now. Can you redo the monthly math?",
                M1,
            ),
        ],
        has=["30,000", "12,000"],
        lacks=["6,500", "11,200", "20,000"],
    ),
    # 33
    _sc(
        "zz_corgi_someday_hypothetical",
        "hypothetical",
        [
            "I've been thinking, if I ever got a dog it would totally be a corgi. Not happening anytime soon though, "
            "my building doesn't allow pets. Anyway, can you recommend a true crime podcast? I listen during my "
            "commute on the 6 train every morning.",
        ],
        lacks=["has a corgi", "owns a corgi", "corgi named"],
    ),
    # 34
    _sc(
        "zz_lakers_to_warriors_midparagraph",
        "pref_change",
        [
            "Man, what a game last night. I used to be a die-hard Lakers fan but after that trade I'm done, I'm "
            "officially rooting for the Warriors now. My brother-in-law Mike is going to roast me for it at "
            "Thanksgiving. Can you give me a quick rundown of the Warriors roster so I can sound like I know what "
            "I'm talking about?",
        ],
        has=["warriors"],
        lacks=["is a lakers fan", "die-hard lakers"],
        search=[("what team do i support", "warriors")],
    ),
    # 35
    _sc(
        "zz_asco_talk_rescheduled",
        "plan_update",
        [
            (
                "Good afternoon. I will be presenting at the ASCO annual meeting in Chicago on June 2nd, and I would "
                "appreciate help structuring a 15-minute talk on immunotherapy outcomes. For context, I am a medical "
                "oncologist at Massachusetts General Hospital. Thank you.",
                J1,
            ),
            (
                "Good morning. A brief update: my ASCO presentation has been moved to June 4th, and my co-presenter "
                "will now be Dr. Amir Patel. Could you revise the preparation timeline accordingly? Many thanks.",
                F1,
            ),
        ],
        has=["asco", "patel", "oncologist"],
        lacks=["june 2"],
        search=[("when is my presentation", "june 4")],
    ),
    # 36
    _sc(
        "zz_roommate_dev_moved_out",
        "multi_update",
        [
            (
                "I share a 3-bedroom in Philly with two roommates, Kayla and Dev. Kayla is a grad student and Dev "
                "works in finance. We get along mostly except about dishes lol. Can you suggest a chore chart system?",
                J1,
            ),
            (
                "Dev moved out last weekend, he took a job in Denver, so it's just me and Kayla now and we're looking "
                "for a third person. Do you have tips for writing a roommate listing that attracts clean people?",
                F1,
            ),
        ],
        has=["kayla"],
        lacks=["two roommates"],
        search=[("who do i live with", "kayla")],
    ),
    # 37
    _sc(
        "zz_signoff_no_store",
        "no_store",
        [
            "lol you're hilarious. ok ok I'll stop procrastinating now and actually get some work done. Thanks for "
            "the chat, talk later!",
        ],
        count=0,
    ),
    # 38
    _sc(
        "zz_forever_29_joke",
        "joke",
        [
            "I'm 29 for the fourth time this year haha. Real talk, my birthday is next Friday and I'm turning 45. "
            "My partner Chris is planning a surprise that is apparently not a surprise anymore because our daughter "
            "spilled the beans. Any ideas for a low-key birthday dinner at home?",
        ],
        has=["45", "chris"],
        lacks=["is 29", "29 years"],
    ),
    # 39
    _sc(
        "zz_hygienist_schedule_change",
        "multi_update",
        [
            (
                "I'm a dental hygienist and I work 8 to 5, Monday through Friday, at a small practice in Tampa. "
                "My wrists are starting to hurt by the end of the week. Any ergonomic tips?",
                J1,
            ),
            (
                "Good news, the practice switched me to a four-day week! I now work Monday to Thursday, 7 to 6, and "
                "have Fridays off. Long days but three-day weekends are worth it. My wrists are already happier.",
                F1,
            ),
        ],
        has=["thursday", "tampa"],
        lacks=["monday through friday", "monday to friday"],
    ),
    # 40
    _sc(
        "zz_spanish_to_japanese_osaka",
        "pref_change",
        [
            "So I've dropped Spanish after a 200-day Duolingo streak, RIP. We're moving to Osaka next year for my "
            "wife's job, so I've started Japanese classes at the community college on Tuesday nights. The teacher, "
            "Sato-sensei, is strict but great. Can you give me some tips for memorizing hiragana?",
        ],
        has=["japanese", "osaka"],
        search=[("what language am i learning", "japanese")],
    ),
    # 41
    _sc(
        "zz_landlord_email_buried",
        "buried_fact",
        [
            "Can you proofread this email to my landlord? 'Hi Mr. Alvarez, I'm writing to let you know the kitchen "
            "faucet in unit 4B has been leaking for two weeks. As you know, I work night shifts at St. Luke's "
            "hospital, so mornings are best for repairs. Thanks, Tom.' Does it sound too passive-aggressive?",
        ],
        has=["night shift", "luke"],
    ),
    # 42
    _sc(
        "zz_alex_proposed_engaged",
        "multi_update",
        [
            (
                "My boyfriend Alex and I just moved in together! It's a tiny place in Seattle but it's ours. We're "
                "already arguing about where the couch goes lol. Any tips for the first month of living together?",
                J1,
            ),
            (
                "ALEX PROPOSED!!! We're engaged!!! He did it on the ferry to Bainbridge at sunset. I'm still shaking. "
                "Can you help me figure out how to tell my parents? They're very traditional.",
                F1,
            ),
        ],
        has=["alex", "engaged"],
        lacks=["boyfriend"],
    ),
    # 43
    _sc(
        "zz_allergy_shellfish_to_sesame",
        "correction",
        [
            (
                "Heads up, I'm allergic to shellfish, so please don't suggest any shrimp or crab recipes. I'm "
                "looking for quick dinner ideas for this week.",
                J1,
            ),
            (
                "Correction on my allergy: my allergist retested me and it turns out it's not shellfish at all, I'm "
                "allergic to sesame! Shrimp is totally fine, which is wild. So please avoid tahini and sesame oil "
                "instead.",
                F1,
            ),
        ],
        has=["sesame"],
        lacks=["allergic to shellfish"],
        search=[("what am i allergic to", "sesame")],
    ),
    # 44
    _sc(
        "zz_friend_priya_birthday",
        "fact",
        [
            "My best friend Priya's birthday is July 22 and she's turning 30, so I want to do something special. "
            "She loves pottery and absolutely hates surprises. Can you brainstorm some ideas? My brother Raj keeps "
            "saying I'm overthinking it, which is classic Raj.",
        ],
        has=["priya", "july 22", "pottery"],
    ),
    # 45
    _sc(
        "zz_forget_job_hunt_keep_promotion",
        "forget",
        [
            (
                "I'm a middle school science teacher in Sacramento. Between us, I'm secretly job hunting, looking at "
                "ed-tech companies. Can you help me translate my teaching experience into corporate language?",
                J1,
            ),
            (
                "Actually, forget the job hunting stuff, I decided to stay at my school. And guess what, my principal "
                "just made me head of the science department! So I'll be sticking around for a while.",
                F1,
            ),
        ],
        has=["science department", "sacramento"],
        lacks=["job hunt"],
    ),
    # 46
    _sc(
        "zz_kitchen_reno_contractor",
        "plan_update",
        [
            (
                "We're planning to redo our kitchen in April, budget around $40k. Our contractor is Mike from "
                "BuildRight, a friend of a friend. Can you help me make a list of questions to ask before we sign?",
                J1,
            ),
            (
                "Kitchen update: we fired Mike, he ghosted us for two weeks. We hired Rosa Construction instead and "
                "pushed the start to June. Budget is now $45k because the cabinets we want are pricier. My husband is "
                "less stressed already.",
                F1,
            ),
        ],
        has=["rosa", "june", "45"],
        lacks=["40k", "in april"],
    ),
    # 47
    _sc(
        "zz_keto_quit_calorie_counting",
        "pref_change",
        [
            (
                "Started keto two weeks ago! It's rough but I'm committed. Any good keto breakfast ideas that aren't "
                "just eggs?",
                J1,
            ),
            (
                "Keto is going great, I'm down 8 pounds already. My coworker Jen is doing it with me which helps.",
                J2,
            ),
            (
                "ok I quit keto, I missed bread too much lol. Just doing general calorie counting now, aiming for "
                "1800 a day. Jen is still going strong, she's a machine.",
                F1,
            ),
        ],
        has=["1800"],
        lacks=["on keto", "on a keto", "follows keto", "follows a keto", "doing keto"],
    ),
    # 48
    _sc(
        "zz_401k_advisor_greg",
        "fact",
        [
            "I'm finally maxing out my 401k this year, which feels like a big adult milestone. My financial "
            "advisor, Greg, thinks I should also open a Roth IRA, but he's kind of pushy honestly. Can you explain "
            "a backdoor Roth in simple terms? I earn around $180k so I think I'm over the income limit.",
        ],
        has=["401", "greg", "180"],
    ),
    # 49
    _sc(
        "zz_iceland_trip_prefs",
        "fact",
        [
            "Planning a trip to Iceland in August with my friend Tasha. For the record, I always want a window seat, "
            "I get motion sick in the back of buses, and I prefer Airbnbs over hotels. Tasha is the opposite, she "
            "loves fancy hotels, which will be a fun negotiation lol. Can you suggest a 7-day Ring Road itinerary?",
        ],
        has=["iceland", "window", "airbnb", "tasha"],
    ),
    # 50
    _sc(
        "zz_bruno_weight_loss",
        "multi_update",
        [
            (
                "My lab, Bruno, weighs 92 pounds and the vet says he needs to lose at least 10. He's a total food "
                "thief. How do I cut his calories without him being miserable?",
                J1,
            ),
            (
                "Bruno update: he's down to 84 lbs!! The vet was thrilled. We switched him to green beans as treats "
                "and he doesn't even care. My husband still sneaks him cheese though.",
                M1,
            ),
        ],
        has=["bruno", "84"],
        lacks=["92"],
    ),
]
