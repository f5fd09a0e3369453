"""Clause splitting, classification and memory-style rewriting (statements.py)."""

from __future__ import annotations

import pytest

from langmem_local.references import capitalise_names as references_capitalise
from langmem_local.statements import analyse, canonical, split_clauses


def facts(text: str) -> list[str]:
    return [f.text for f in analyse(text).facts]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("I live in Denver and I am vegetarian", ["Lives in Denver", "Is vegetarian"]),
        (
            "I'm a nurse, I have two cats and I love gardening.",
            ["Works as a nurse", "Has two cats", "Loves gardening"],
        ),
        (
            "My name is Tom and I play tennis every Sunday",
            ["Name is Tom", "Plays tennis every Sunday"],
        ),
        ("I love hiking and photography", ["Loves hiking and photography"]),
    ],
)
def test_compound_statements_become_atomic_facts(said, stored):
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("Hi, I'm Sarah", ["Name is Sarah"]),
        ("Sarah here", ["Name is Sarah"]),
        ("My sister Anna is a nurse", ["Sister Anna is a nurse"]),
        ("Anna is my sister", ["Sister's name is Anna"]),
        ("I'm Canadian", ["Is Canadian"]),  # a nationality is not a name
    ],
)
def test_names_are_kept_with_their_relation(said, stored):
    assert facts(said) == stored


@pytest.mark.parametrize(
    "said",
    [
        "How are you today",
        "Can I eat a Snickers bar?",
        "What should I cook tonight",
        "Tell me a joke",
        "Thanks, that's great!",
        "I'm fine, thanks",
        "Good morning",
        "lol ok",
    ],
)
def test_questions_requests_and_small_talk_store_nothing(said):
    out = analyse(said)
    assert out.facts == [] and out.residual == [] and out.skipped


def test_a_fact_next_to_a_question_is_kept_alone():
    out = analyse("I have a nut allergy. Is pesto safe for me?")
    assert [f.text for f in out.facts] == ["Has a nut allergy"]
    assert out.skipped == [("Is pesto safe for me?", "question or request")]


@pytest.mark.parametrize(
    ("said", "stored", "change"),
    [
        ("Actually I moved to Boston", "Lives in Boston", True),
        ("I moved from Denver to Boston last month (February 2026)", "Lives in Boston", True),
        ("My favourite colour is green now", "Favourite colour is green", True),
        ("I don't drink coffee anymore", "No longer drinks coffee", True),
        ("I'm not vegan anymore", "Is no longer vegan", True),
        ("I quit smoking", "No longer smokes", True),
        ("I'm a software engineer at Google", "Works as a software engineer at Google", False),
        ("I got a new job at Microsoft", "Works at Microsoft", True),
        ("I just turned 35", "Is 35 years old", True),
        ("I walk my dog every morning", "Walks their dog every morning", False),
        ("Pizza is my favourite food", "Favourite food is Pizza", False),
        ("I don't have a cat", "Doesn't have a cat", False),
        ("Love hiking!", "Loves hiking", False),
    ],
)
def test_one_memory_style_and_change_markers(said, stored, change):
    fact = canonical(split_clauses(said)[0])
    assert fact is not None and (fact.text, fact.change) == (stored, change)


def test_no_first_person_in_any_rewritten_fact():
    for said in [
        "I really love hiking with my friends",
        "I'm going to visit my mom next week",
        "I've been learning piano for two years",
        "We have two kids",
    ]:
        [text] = facts(said)
        assert not {"i", "my", "me", "i'm"} & set(text.lower().replace(",", "").split()), text


def test_unknown_shapes_about_the_user_are_kept_as_said_in_third_person():
    assert facts("Photography is my passion") == ["Photography is their passion"]
    assert facts("Allergic to cats") == ["Is allergic to cats"]  # "I am" dropped
    assert facts("Big fan of the Lakers") == ["Loves the Lakers"]


def test_statements_about_others_go_to_the_model_or_are_ignored():
    out = analyse("Anna got a job at Google")
    assert out.facts == [] and out.residual == ["Anna got a job at Google"]
    assert analyse("The sky is blue").residual == []  # not about the user: ignored


@pytest.mark.parametrize(
    "said",
    [
        "I'm so happy for you!",
        "I love that!",
        "I know what you mean",
        "I hope so",
        "I really appreciate your help",
        "I think that's a great idea",
    ],
)
def test_replies_to_the_other_speaker_are_not_facts(said):
    assert analyse(said).facts == []


def test_discourse_prefixes_are_dropped_before_the_fact():
    assert facts("I told you I am vegetarian") == ["Is vegetarian"]
    assert facts("I mean, I live in Denver") == ["Lives in Denver"]
    assert facts("I think I will move to Boston") == ["Will move to Boston"]


def test_a_statement_before_a_tacked_on_question_is_kept():
    from langmem_local.clauses import skip_reason, split_clauses

    assert split_clauses("I live in Denver, what about you?") == [
        "I live in Denver",
        "what about you?",
    ]
    assert facts("I am vegetarian, can you suggest a recipe?") == ["Is vegetarian"]
    assert skip_reason("Can I eat a Snickers bar?") == "question or request"
    assert skip_reason("I live in Denver") is None


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("I quit my job at Google", "No longer works at Google"),
        ("I got promoted to senior manager", "Works as a senior manager"),
        ("I gave up sugar", "Gave up sugar"),
        ("I own a dog", "Has a dog"),
        ("I have relocated to Austin", "Lives in Austin"),
        ("Winter is now my favorite season", "Favourite season is Winter"),
        ("Hey there, Tom here", "Name is Tom"),
    ],
)
def test_more_phrasings(said, stored):
    assert facts(said) == [stored]


def test_transient_states_are_small_talk():
    assert facts("I'm hungry") == [] and facts("I'm running late") == []
    # Leaving the conversation, or announcing a question, is not a fact either.
    for said in ("Sorry, I have to go", "I need to run", "I gotta go", "Wait, I have a question"):
        assert facts(said) == [], said
    assert facts("I have to take insulin every day") == ["Has to take insulin every day"]


def test_forgot_to_mention_introduces_the_fact():
    assert facts("Sorry, I forgot to mention I have a cat") == ["Has a cat"]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("Since I'm diabetic, is this cake okay for me?", ["Is diabetic"]),
        ("Because I have a dog, can I rent this flat?", ["Has a dog"]),
        ("Now that I live in Oslo, I cycle to work", ["Lives in Oslo", "Cycles to work"]),
        ("Since when do you like jazz?", []),  # no first-person reason: a question alone
    ],
)
def test_a_reason_before_the_main_clause_is_a_statement(said, stored):
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "correction"),
    [
        ("Actually I prefer dogs", True),
        ("Sorry, I have three brothers", True),
        ("No, I live in Oslo", True),
        ("Wait, my sister is called Ann", True),
        ("Actually I also like tea", False),  # adds to what was said
        ("I have three brothers too", False),
        ("I actually love jazz", False),  # emphasis, not a correction
        ("I prefer dogs", False),
    ],
)
def test_corrections_are_marked(said, correction):
    [fact] = analyse(said).facts
    assert fact.correction is correction


def test_call_me_is_the_users_name():
    assert facts("You can call me Jo.") == ["Name is Jo"]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("relocated to manchester last week for work", "Lives in manchester"),
        ("turned 30 today!", "Is 30 years old"),
        ("got laid off from Deloitte last week", "No longer works at Deloitte"),
        ("honestly I'm kinda over sushi now, can't stand it", "No longer likes sushi"),
        ("I've actually started to enjoy running", "Enjoys running"),
        ("I started liking jazz", "Likes jazz"),
        ("actually it's spelled John, with an h", "Name is John"),
        ("Every morning I have a cup of coffee", "Has a cup of coffee every morning"),
        ("I don't drink anymore, 6 months sober", "No longer drinks, 6 months sober"),
        ("I have a girlfriend now, her name is Mei", "Girlfriend's name is Mei"),
        ("I have a dog, his name is Rex", "Has a dog named Rex"),
    ],
)
def test_phrasings_of_the_blind_probe(said, stored):
    """benchmarks/scenario_probe2.py: phrasings its first run showed the rules missed."""
    assert facts(said) == [stored]


@pytest.mark.parametrize(
    "said",
    [
        "Summarize this article for me please",
        "Translate this into French",
        "Compare these two phones for me",
        "give me 3 ideas for dinner tonight",
    ],
)
def test_imperatives_to_the_assistant_are_requests(said):
    assert analyse(said).skipped == [(said, "question or request")]


def test_a_denial_then_he_is_the_same_relative():
    # The denial retracts "Brother is a pilot"; "he" is the brother named before it.
    assert facts("my brother's not a pilot, he's a flight attendant") == [
        "Brother's not a pilot",
        "Brother is a flight attendant",
    ]


def test_a_first_person_clause_ending_in_please_is_still_a_statement():
    assert facts("My husband cooks for me") == ["Husband cooks for them"]


def test_a_clause_about_a_named_relative_is_about_the_users_relative():
    names = {"Leo": "son", "Anna": "sister", "Rex": "dog"}
    assert [f.text for f in analyse("Leo just turned 5!", names).facts] == ["Son Leo is 5"]
    out = analyse("Anna quit nursing and is a lawyer now", names).facts
    assert [(f.text, f.change) for f in out] == [("Sister Anna is a lawyer", True)]
    assert [f.text for f in analyse("Rex is sick", names).facts] == ["Dog Rex is sick"]
    # Without the names it is about someone the user names alone (langmem_local.people).
    assert [f.text for f in analyse("Leo just turned 5!").facts] == ["Leo is 5"]


def test_take_it_back_is_a_correction_not_a_fact():
    out = analyse("ok I take it back, I've actually started to enjoy running").facts
    assert [(f.text, f.correction) for f in out] == [("Enjoys running", True)]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("sorry typo, it's John with an h, not Jon", ["Name is John"]),
        (
            "Severance has replaced The Office as my all-time favorite show",
            ["Favourite show is Severance"],
        ),
        ("last day at google was friday, I start at Stripe on monday", ["Works at Stripe"]),
        ("I quit smoking, haven't had one in 2 months", ["No longer smokes"]),
        ("I don't actually have a hamster, I was kidding", ["Doesn't have a hamster"]),
        ("actually I've switched, green is my favorite color now", ["Favourite color is green"]),
        ("finally settled into our new place in San Diego", ["Lives in San Diego"]),
        ("I'm seeing someone now! his name is Leo", ["Is seeing someone named Leo"]),
        ("we just adopted a puppy!! we named her Biscuit", ["Adopted a puppy named Biscuit"]),
        (
            "I'm training for a half marathon in April — what should I eat?",
            ["Is training for a half marathon in April"],
        ),
        (
            "ok so I tried mushrooms again last night and honestly I like them now",
            ["Tried mushrooms again last night", "Likes mushrooms"],
        ),
    ],
)
def test_phrasings_of_the_second_blind_probe(said, stored):
    """benchmarks/scenario_probe3.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    "said", ["omg I know right", "that's wild", "happy friday!!", "hmm let me think about it"]
)
def test_reactions_are_small_talk(said):
    assert facts(said) == []


def test_it_is_not_a_name_without_a_spelling_cue():
    assert facts("It's Tuesday, not Monday") == []


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("Swimming is something I really enjoy", ["Enjoys swimming"]),
        (
            "guitar is something I play a lot in my free time",
            ["Plays guitar a lot in their free time"],
        ),
        ("I'm a huge coffee person", ["Loves coffee"]),
        ("finally made the move to berlin last weekend!!", ["Lives in berlin"]),
        ("and now I'm back in Austin again", ["Lives in Austin"]),
        ("honestly I've gone off sushi, can't stand it anymore", ["No longer likes sushi"]),
        ("weirdly I've started to really enjoy running lately", ["Enjoys running"]),
        (
            "I quit accounting and now I'm a high school math teacher",
            ["No longer works in accounting", "Works as a high school math teacher"],
        ),
        ("Emma and I broke up", ["Broke up with Emma"]),
        (
            "my best friend Kev and I go climbing every sunday",
            ["Goes climbing every sunday with their best friend Kev"],
        ),
        ("I'm seeing someone new, her name's Chloe", ["Is seeing someone new named Chloe"]),
        ("Dune Part Two is my new favourite movie", ["Favourite movie is Dune Part Two"]),
        ("based in london rn", ["Lives in london"]),
        ("ugh mondays, am I right", []),
    ],
)
def test_phrasings_of_the_third_blind_probe(said, stored):
    """benchmarks/scenario_probe4.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


def test_no_x_either_is_a_denial_not_a_filler():
    assert facts("and no pets either")[0] == "Has no pets"


def test_a_statement_about_something_unsaid_is_not_stored():
    out = analyse("and no pets either, my building doesn't allow them")
    assert [f.text for f in out.facts] == ["Has no pets"]
    assert ("my building doesn't allow them", "refers to something not said") in out.skipped
    # "me" is the user: rewritten, not dangling.
    assert facts("My husband cooks for me") == ["Husband cooks for them"]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "this weekend I ran my first half marathon in 1:58",
            ["Ran their first half marathon in 1:58 this weekend"],
        ),
        ("Home is Melbourne for me", ["Lives in Melbourne"]),
        ("my hometown is Porto", ["Is from Porto"]),
        ("big news: relocated to Singapore last week for work", ["Lives in Singapore"]),
        ("I moved to Lisbon last week so everything is chaos", ["Lives in Lisbon"]),
        ("finally escaped london lol, settled in brighton now", ["Lives in brighton"]),
        ("As a type 1 diabetic, what snacks are good before a run?", ["Is a type 1 diabetic"]),
        ("Please call me Sasha, that's what everyone calls me", ["Name is Sasha"]),
        (
            "ok weirdly I've gotten really into jazz lately, Coltrane especially",
            ["Likes jazz, Coltrane especially"],
        ),
        ("Jordan and I got engaged last weekend!!", ["Is engaged to Jordan"]),
        ("I made that up", []),
    ],
)
def test_phrasings_of_the_fourth_blind_probe(said, stored):
    """benchmarks/scenario_probe5.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


def test_as_a_before_a_statement_is_not_a_fact_about_the_user():
    # Only a role before a *question* is read as who the user is.
    assert facts("As a kid, I loved trains") == ["Loved trains"]


def test_an_unnamed_relative_takes_the_only_name_the_memories_know():
    out = analyse("sorry, I meant my sister lives in Austin, not Boston", {"Maria": "sister"})
    assert [(f.text, f.correction) for f in out.facts] == [("Sister Maria lives in Austin", True)]
    two = analyse("my sister lives in Austin", {"Maria": "sister", "Ann": "sister"})
    assert [f.text for f in two.facts] == ["Sister lives in Austin"]  # which one is unknown


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "Can you help me plan a birthday party for my son Leo? He's turning 7 and he's "
            "obsessed with dinosaurs.",
            ["Son Leo is turning 7", "Son Leo is obsessed with dinosaurs"],
        ),
        (
            "My husband's name is Tomasz and he's a firefighter",
            [
                "Husband's name is Tomasz",
                "Husband Tomasz is a firefighter",
            ],
        ),
        (
            "Just got back from the doctor — turns out I'm lactose intolerant, and she wants me "
            "to cut back on caffeine",
            [
                "Got back from the doctor",
                "Is lactose intolerant",
                "The doctor wants them to cut back on caffeine",
            ],
        ),
        (
            "I'm flying to Lisbon for my friend Carla's wedding, and since I'm vegetarian can "
            "you remind me to check the menu?",
            ["Is flying to Lisbon for their friend Carla's wedding", "Is vegetarian"],
        ),
        (
            "finally left toronto - montreal is home now",
            ["Finally left toronto", "Lives in montreal"],
        ),
        ("I've been seeing someone - her name is Mia", ["Is seeing someone named Mia"]),
        ("I work as a nurse at St. Mary's hospital", ["Works as a nurse at St. Mary's hospital"]),
        ("it's my cousin Ben who flies planes", ["Cousin Ben flies planes"]),
    ],
)
def test_phrasings_of_the_fifth_blind_probe(said, stored):
    """benchmarks/scenario_probe6.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


def test_he_without_a_relative_named_before_stays_unresolved():
    assert facts("He's a firefighter") == []


def test_a_relatives_misspelt_name_is_marked_for_the_reconciler_to_correct():
    """The stored memory that says "Aiden" is corrected (test_slots_reconcile.py)."""
    out = analyse("sorry, typo - it's Aidan with an a, not Aiden", {"Aiden": "son"})
    assert [(f.text, f.respell, f.correction) for f in out.facts] == [
        ("Name is Aidan", "Aiden", True)
    ]


@pytest.mark.parametrize(
    ("said", "text", "old"),
    [
        ("oops, it's spelled Aidan not Aiden", "Name is Aidan", "Aiden"),
        ("Her name is Katy btw, with a y", "Katy", ""),  # someone else's: the name alone
        ("Dann with two n's", "Dann", ""),
        ("it's spelled Jon", "Name is Jon", ""),
    ],
)
def test_spelling_corrections_need_a_cue(said, text, old):
    [fact] = analyse(said, {}).facts
    assert (fact.text, fact.respell) == (text, old)


@pytest.mark.parametrize("said", ["It's Monday", "it's Katy", "Her name is Katy"])
def test_a_name_without_a_spelling_cue_is_not_a_respelling(said):
    assert all(f.respell is None for f in analyse(said, {}).facts)


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("no more meat for me", ["Gave up meat"]),
        ("I've switched to coffee, no more tea for me", ["Has switched to coffee", "Gave up tea"]),
        ("No more excuses, I'm going to the gym", ["Is going to the gym"]),  # a resolve
        ("no more emails please", []),  # a request
        (
            "I quit Google last month, starting at a tiny startup called Loomly on Monday",
            ["No longer works at Google", "Works at Loomly"],
        ),
        ("just finished moving to Portland!! boxes everywhere lol", ["Lives in Portland"]),
        ("just got engaged!!! 💍😭 Sam proposed in Lisbon", ["Is engaged", "Is engaged to Sam"]),
        ("go celtics!! best team in the nba", []),  # a cheer
        ("go hiking every weekend", ["Goes hiking every weekend"]),  # not a cheer
        ("been a Celtics fan since I was a kid", ["Has been a Celtics fan since they were a kid"]),
        (
            "Met someone! Her name is Rosa, we've been dating for a month",
            ["Met someone named Rosa", "Is dating someone for a month"],
        ),
        ("I'm vegetarian, so keep that in mind for recipes", ["Is vegetarian"]),
        (
            "I started eating fish again, so pescatarian now I guess",
            ["Started eating fish again", "Is pescatarian"],
        ),
        ("I'm single and on dating apps, it's exhausting", ["Is single and on dating apps"]),
        (
            "my cat mochi has been throwing up alot, shes 12 y/o, shoud i worry?",
            ["Cat Mochi has been throwing up a lot", "Cat Mochi is 12 y/o"],
        ),
        ("If I moved to Japan, would I need a visa?", []),  # a supposition, then the question
        (
            "my son Aiden starts kindergarten in september, kind of emotional about it",
            ["Son Aiden starts kindergarten in september"],
        ),
        ("My ex, Jake, still texts me sometimes", ["Ex Jake still texts them sometimes"]),
        (
            "Please call me Sasha, that's what everyone calls me even though my legal name is "
            "Alexandra",
            ["Name is Sasha", "Legal name is Alexandra"],
        ),
        (
            "Can you help me write a toast for my brother Marco's wedding next Saturday?",
            ["Brother Marco's wedding is next Saturday"],
        ),
        ("Can you write an email to my boss John about the delay?", ["Boss's name is John"]),
        ("How do I talk to my dad about it?", []),
        (
            "Can you help me plan a party for my son Leo? He's turning 7",
            ["Son Leo is turning 7"],  # not also "Son's name is Leo"
        ),
        (
            "i work as a data analyst at Shopify and live in Toronto with my boyfriend Marc",
            ["Works as a data analyst at Shopify", "Lives in Toronto with their boyfriend Marc"],
        ),
        ("im 34 and live in leeds", ["Is 34 years old", "Lives in leeds"]),
        ("I love coffee, drink like 4 cups a day", ["Loves coffee", "Drinks like 4 cups a day"]),
        ("I like cats and dogs", ["Likes cats and dogs"]),  # "dogs" is not a verb
        (
            "I don't drink alcohol at all, so skip the wine pairings",
            ["Doesn't drink alcohol at all"],
        ),
        (
            "I work night shifts at the hospital, so message me in the afternoon",
            ["Works night shifts at the hospital"],
        ),
        ("my dog Max passed away last week. I'm heartbroken", ["Dog Max passed away last week"]),
        ("wait no, my brother moved to Barcelona, I always forget", ["Brother moved to Barcelona"]),
        (
            "haha no I meant I'm a dental hygienist, not a dentist, big difference",
            ["Works as a dental hygienist"],
        ),
        ("Started my new job at KPMG today", ["Works at KPMG"]),
        (
            "My best friend is Noor, we've known each other since high school",
            ["Best friend is Noor", "Has known their best friend Noor since high school"],
        ),
        (
            "My best friend Noor and I had a huge fight and we don't talk anymore",
            [
                "Had a huge fight with their best friend Noor",
                "No longer talks with their best friend Noor",
            ],
        ),
        ("we don't talk anymore", []),  # "we": nobody named
        ("My brother and I rarely see each other", ["Rarely sees their brother"]),
    ],
)
def test_phrasings_of_the_seventh_blind_probe(said, stored):
    """benchmarks/scenario_probe7.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("my gf Sarah is a nurse", ["Girlfriend Sarah is a nurse"]),
        ("My hubby Tom works at Google", ["Husband Tom works at Google"]),
        ("my husbnd chris is an electrician", ["Husband Chris is an electrician"]),  # a typo
        ("I love my neice Ella", ["Loves their niece Ella"]),  # two letters swapped
        ("my sisters live in Oslo", ["Sisters live in Oslo"]),  # a plural, not a typo
        ("my house is big", ["House is big"]),  # not a relative word
        (
            "My sister Emma is a nurse in Chicago and her husband Tom is a firefighter",
            ["Sister Emma is a nurse in Chicago", "Sister Emma's husband Tom is a firefighter"],
        ),
    ],
)
def test_relatives_in_chat_shorthand_and_with_typos(said, stored):
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("say I had 3 kids, how big of a car would I need?", []),  # supposed
        ("If I ever had a dog I'd name it Biscuit haha", []),
        ("oh yeah I just LOVE waking up at 5am for work 🙄", []),  # sarcasm
        ("my boss just announced we're all getting 50% raises (he was joking obviously)", []),
        ("I'm literally dying of boredom in this meeting 😂", []),
        (
            "My coworker Dave thinks pineapple on pizza is a crime lol. personally I love it.",
            ["Loves pineapple on pizza"],  # Dave's opinion is his, not a fact about the user
        ),
        ("gave up on guitar tbh, it's just not for me", ["Gave up on guitar"]),
        (
            "my mom (her name's Carol) is moving in with us next month",
            ["Mom Carol is moving in with us next month"],
        ),
        (
            "my husband Mike is fine with it",  # fine with what? the husband still stands
            ["Husband's name is Mike"],
        ),
        ("sorry, 4 kids — forgot to count the baby lol", ["Has 4 kids"]),
        ("4 kids", []),  # not a correction: nothing to count
        ("finally traded in the civic for a used Tesla Model 3", ["Drives a used Tesla Model 3"]),
        (
            "landed a junior UX designer job at a startup in Boulder",
            ["Works as a junior UX designer at a startup in Boulder"],
        ),
        ("so I quit the coffee shop", ["No longer works at the coffee shop"]),
        ("I'm a barista in Denver", ["Works as a barista in Denver"]),
    ],
)
def test_phrasings_of_the_eighth_blind_probe(said, stored):
    """benchmarks/scenario_probe8.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


def test_a_small_correction_about_a_named_relative():
    out = analyse("oh small correction, Dana is a pediatric nurse, not a doctor", {"Dana": "wife"})
    assert [(f.text, f.correction) for f in out.facts] == [("Wife Dana is a pediatric nurse", True)]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "Big news — we finally closed on a house in Raleigh and moved in last weekend!",
            ["Lives in Raleigh"],
        ),
        ("accepted it, first day at Best Buy is March 3rd", ["Works at Best Buy from March 3rd"]),
        ("switched my major to computer science this semester", ["Studies computer science"]),
        ("Nina and I got married on Saturday 💍", ["Is married to Nina"]),
        (
            "she's here! Olivia Rose, born March 1st, 7lbs 2oz",
            ["Baby Olivia Rose was born on March 1st"],
        ),
        ("I'm not though lol, I eat everything", ["Eats everything"]),
        ("hey! so i just started using this thing. quick background: i'm 34", ["Is 34 years old"]),
        ("my other friend Marcus is a chef", ["Other friend Marcus is a chef"]),  # not "Mother"
        ("we threw him a surprise party", ["Threw him a surprise party"]),
        (
            "ok confession: I started eating fish again, so I guess I'm pescatarian now",
            ["Started eating fish again", "Is pescatarian"],
        ),
    ],
)
def test_what_the_eighth_probe_found_stored_wrong_in_passing_scenarios(said, stored):
    """benchmarks/results/scenarios_probe8_first_run.txt: the review's faults in passes."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "Now my granddaughter Lily keeps me busy, she just started kindergarten!",
            ["Granddaughter Lily keeps them busy", "Granddaughter Lily just started kindergarten"],
        ),
        (
            "I was diagnosed with Crohn's disease in 2019. It's mostly managed with Humira "
            "injections every two weeks.",
            [
                "Was diagnosed with Crohn's disease in 2019",
                "Manages their Crohn's disease with Humira injections every two weeks",
            ],
        ),
        (
            "on a brighter note I'm adopting a kitten!! naming her Mochi",
            ["Is adopting a kitten named Mochi"],
        ),
        (
            "My wife name is Camila and we have one son, he has 4 years.",
            ["Wife's name is Camila", "Has one son", "Son is 4 years old"],
        ),
        ("I have 5 years of experience", ["Has 5 years of experience"]),  # not an age
        ("my dog ate my homework lmaooo jk i dont even have a dog", []),
        (
            "My coworker Jenna thinks pineapple on pizza is disgusting, but honestly I love it",
            ["Loves pineapple on pizza"],
        ),
        ("My doctor says I should cut back on salt", ["Doctor says they should cut back on salt"]),
        ("I always mess that up", []),
        (
            "quit the library job lol, got a barista gig at Blue Bottle instead. better tips",
            ["No longer works at the library", "Works as a barista at Blue Bottle"],
        ),
        (
            "I just started as an ER nurse at Mercy Hospital in Des Moines",
            ["Works as an ER nurse at Mercy Hospital in Des Moines"],
        ),
        (
            "ok so I officially switched my major to computer science!!",
            ["Studies computer science"],
        ),
        ("disney is off, mason broke his arm at practice", ["Disney is off"]),
        (
            "They bumped my metformin up to 1000mg twice a day at my checkup",
            ["Metformin bumped up to 1000mg twice a day at their checkup"],
        ),
        ("my psychiatrist switched me to Wellbutrin instead", ["Takes Wellbutrin"]),
        (
            "Quick one - Ava is allergic to peanuts, can you give me some safe snack ideas?",
            ["Ava is allergic to peanuts"],
        ),
        ("Paris is beautiful", []),
    ],
)
def test_phrasings_of_the_ninth_blind_probe(said, stored):
    """benchmarks/scenario_probe9.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


def test_a_known_name_typed_in_lower_case_is_the_relative():
    out = analyse(
        "so theo and i broke up 😢 long distance just wasn't working", {"Theo": "boyfriend"}
    )
    assert [f.text for f in out.facts] == ["Broke up with their boyfriend Theo"]
    # A name that is a common word stays a word ("will" is not Will).
    assert references_capitalise("i will call you", {"Will": "brother"}) == "i will call you"


@pytest.mark.parametrize(
    ("said", "text", "old"),
    [
        ("oops, correction: it's the 15th, not the 14th", "15th", "14th"),
        ("sorry I write wrong before, she is 8 years, not 7", "8", "7"),
        ("correction, his name is Kowalczyk, I always mess that up", "Kowalczyk", ""),
    ],
)
def test_corrections_of_a_number_or_a_name_are_marked(said, text, old):
    [fact] = analyse(said, {}).facts
    assert (fact.text, fact.respell, fact.correction) == (text, old, True)


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("We all need a push sometimes, right?", []),  # everyone, not the user
        ("We both love hiking", ["Loves hiking"]),
        ("Let's keep going for our dreams and work hard.", []),  # the request's second verb
        ("I study at MIT and work at a cafe", ["Studies at MIT", "Works at a cafe"]),
    ],
)
def test_what_locomo_showed_the_probe_rules_must_not_store(said, stored):
    """Turns of LoCoMo (facts mode) that this stop's rules first wrote as junk."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("if I ever won the lottery I'd probably buy a boat and live in Greece haha", []),
        (
            "doing keto for january, trying to lose like 10 lbs",
            ["Is doing keto for january, trying to lose like 10 lbs"],
        ),
        ("🎂 turning 30 on saturday!!", ["Is turning 30 on saturday"]),
        ("work has been insane", []),  # "work" is the subject here, not "I work"
        ("based in london rn", ["Lives in london"]),
        ("you're way better than the other chatbot I used tbh", []),  # about the assistant
        ("you can just call me Jo", ["You can just call them Jo"]),
        (
            "tahoe trip is cancelled, half the group got covid 🙄",
            ["Tahoe trip is off"],
        ),  # not sarcasm
        ("dr upped the sertraline to 100mg", ["Sertraline upped to 100mg"]),
        ("ok guest list cut down to 85, his mom was not happy lol", ["Guest list cut down to 85"]),
        ("my brother moved to Barcelona", ["Brother moved to Barcelona"]),  # not a cut or raise
        (
            "weirdly I've started to like cilantro?? my taste buds changed",
            ["Likes cilantro", "Taste buds changed"],
        ),
        (
            "can you suggest snacks for my son's class party? he's got a severe peanut allergy",
            ["Son has got a severe peanut allergy"],
        ),
        (
            "Mom's neurology appointment is March 12 with Dr. Patel.",
            ["Mom's neurology appointment is March 12 with Dr. Patel"],
        ),
        ("just reminding you, I'm vegan", ["Is vegan"]),
        ("nvm I was just venting", []),
        ("sam and I are officially dating now 🥰", ["Is dating Sam"]),
        ("all moved in to boulder! kat stayed in denver", ["Lives in boulder"]),
    ],
)
def test_phrasings_of_the_tenth_blind_probe(said, stored):
    """benchmarks/scenario_probe10.py: phrasings its first run showed the rules missed."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        # A thousands comma is not a clause break; "for it" alone refers back (dropped).
        ("Got $9,000 for the Civic, which is decent", ["Got $9,000 for the Civic"]),
        ("Finally sold the Civic! Got $9,000 for it", ["Finally sold the Civic"]),
        (
            "my husband, Richard, does not eat pork for religious reasons",
            ["Husband Richard does not eat pork for religious reasons"],  # not a correction
        ),
        ("I used to be a die-hard Lakers fan", ["Is no longer a die-hard Lakers fan"]),
        ("I honestly can't tell who is right", ["Can't tell who is right"]),  # not "Can'ts"
        ("got a road bike and i cycle now", ["Got a road bike", "Cycles"]),
        (
            "my knee is messed up so no more running for me",
            ["Knee is messed up", "Gave up running"],
        ),
        (
            "quit coffee last week bc my anxiety was bad, drinking green tea instead now",
            ["Gave up coffee last week bc their anxiety was bad", "Is drinking green tea instead"],
        ),
        (
            "quit the band, picked up pottery insted",
            ["Gave up the band", "Picked up pottery instead"],
        ),
        ("had to cancel the Lisbon trip", ["Had to cancel the Lisbon trip"]),  # not a question
        ("finaly moved into are new house in tampa", ["Lives in our new house in tampa"]),
        (
            "sooo i just adopted a kitten!!! her name is mochi shes a calico",
            ["Adopted a kitten named Mochi", "Kitten Mochi is a calico"],
        ),
        ("my best friend marcus lives in seattle", ["Best friend Marcus lives in seattle"]),
    ],
)
def test_phrasings_of_the_probe11_and_probe12_splits(said, stored):
    """benchmarks/scenario_probe11.py and probe12: phrasings their first runs lost or garbled."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "skipped"),
    [
        ("i agree", "small talk"),  # a one-word verb is a fact only if it is an activity
        ("had a great time", "question or request"),
        ("did you see it?", "question or request"),
    ],
)
def test_near_misses_of_the_probe11_phrasings(said, skipped):
    out = analyse(said)
    assert out.facts == [] and [why for _, why in out.skipped] == [skipped]


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("212 lbs, goal is 185 by summer", ["Weighs 212 lbs, goal is 185 by summer"]),
        ("3 weeks smoke free today!!", ["Has been smoke-free for 3 weeks"]),
        (
            "was diagnosed with type 2 diabetes last month",
            ["Was diagnosed with type 2 diabetes last month"],
        ),
        ("i'm basically 100 years old after that hike lol", []),  # a joke
        (
            "what's a good protein source for someone vegan like me who hates tofu?",
            ["Is vegan", "Hates tofu"],
        ),
        (
            "what should I pack for a week in Denver in February?",
            ["Is going to Denver in February"],
        ),
        ("it's for my dad Frank's 70th birthday", ["Dad Frank's 70th birthday is coming up"]),
        ("any tips for someone like me?", []),  # no trait said
        ("what should I pack for the beach?", []),  # no place
        ("was it fun?", []),
    ],
)
def test_phrasings_of_the_probe13_split(said, stored):
    """benchmarks/scenario_probe13.py: phrasings its first run lost."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "just got off another 12 hour night shift at st. luke's",
            ["Got off another 12 hour night shift at st. luke's"],  # "st." ends no sentence
        ),
        ("humira didn't work, my GI switched me to Stelara", ["GI switched them to Stelara"]),
        ("my mom says i work too much", ["Mom says they work too much"]),
        ("sometimes i think if i dropped out i'd just open a ramen shop in osaka. lol no.", []),
        ("my brother said he's gonna move to mars and become an alien lmao", []),
        ("we're cancelling Oaxaca", ["Is cancelling Oaxaca"]),
        ("I strongly prefer Singapore Airlines", ["Strongly prefers Singapore Airlines"]),
        ("I fly to Boston every month", ["Flies to Boston every month"]),  # "fly" is the verb
    ],
)
def test_phrasings_of_the_probe14_split(said, stored):
    """benchmarks/scenario_probe14.py: phrasings its first run garbled or kept wrongly."""
    assert facts(said) == stored


def test_the_letter_i_is_not_the_user():
    from langmem_local.respelling import spelling

    assert spelling("Dr. Patil, with an i") == ("Patil", "")


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "ok confession: I started eating fish again. so pescatarian I guess?",
            ["Started eating fish again", "Is pescatarian"],
        ),
        ("is that normal I guess?", []),  # still a question
        ("My coworker insists pineapple on pizza is a crime", []),  # someone else's view
    ],
)
def test_phrasings_of_the_probe15_split(said, stored):
    """benchmarks/scenario_probe15.py: phrasings its first run lost or kept wrongly."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        (
            "hey, quick intro: i'm Priya, 34, a nurse",
            ["Name is Priya", "Is 34 years old", "Works as a nurse"],
        ),
        ("my mom says i've been working too much", ["Mom says they've been working too much"]),
        # "she" after "my boss Karen's wife, Linda" is not the boss: nothing is guessed.
        (
            "My boss Karen's wife, Linda, is a dentist, and she's seeing my son Max",
            ["Boss Karen's wife, Linda, is a dentist"],
        ),
        ("actually I've started preferring window seats", ["Prefers window seats"]),
        ("movd to sacramento last month", ["Lives in sacramento"]),
    ],
)
def test_phrasings_of_the_probe16_split(said, stored):
    """benchmarks/scenario_probe16.py: phrasings its first run garbled or lost."""
    assert facts(said) == stored


@pytest.mark.parametrize(
    ("said", "stored"),
    [
        ("I'm a tea person now, green tea every morning", ["Likes tea, green tea every morning"]),
        # Without "now" a habit is kept as said (giving coffee up ends it).
        (
            "I'm a big coffee person, like 4 cups a day",
            ["Is a big coffee person, like 4 cups a day"],
        ),
        (
            "been eating a lot of Thai food lately and turns out I love spicy stuff now",
            ["Has been eating a lot of Thai food", "Loves spicy stuff"],
        ),
    ],
)
def test_a_changed_taste_said_the_probe16_way(said, stored):
    assert facts(said) == stored
