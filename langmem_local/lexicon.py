"""Word lists shared by the statement, slot and reconciliation rules.

General English, not fitted to any scenario: closed word classes (pronouns,
auxiliaries, adverbs), common occupations, diets, kinship and pet nouns. The
regex alternations are built once here so every rule uses the same lists.
"""

from __future__ import annotations

import re


def _alt(words: str) -> str:
    """A regex alternation, longest first so "software engineer" beats "engineer"."""
    items = sorted({w.strip() for w in words.split("|") if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in items)


IRREGULAR_3RD = {"have": "has", "do": "does", "go": "goes", "be": "is", "am": "is", "are": "is"}
"""Third-person forms that the suffix rules get wrong."""

NO_CONJUGATION = frozenset(
    "was were had went got made took saw met grew bought found left began became came ran wrote "
    "lost won broke flew drove fell felt gave knew spent taught thought told sold said heard kept "
    "built sent brought caught chose forgot hid held meant paid rode sang sat slept spoke stood "
    "swam understood woke wore quit put set cut hit let hurt can could should would must might "
    "may will shall used threw drew blew ate did saw stole tore swore shook bit rose fought "
    "can't cannot couldn't won't wouldn't shouldn't mustn't didn't "
    "sought bent lent dealt dug fed fled led lit shot shut spun stuck struck stung swung "
    "wept wound".split()
)
"""Past tenses and modals: no third-person ending."""

ADVERBS = _alt(
    "really|also|usually|often|always|sometimes|just|still|actually|mostly|absolutely|totally|"
    "definitely|currently|now|recently|finally|generally|normally|rarely|hardly|truly|honestly|"
    "basically|seriously|kind of|sort of|even|only|already|occasionally|regularly|frequently|"
    "mainly|typically|especially|particularly|secretly|slowly|quickly|personally|happily|"
    "proudly|officially|newly|now also|also really"
)
"""Adverbs that may sit between "I" and the verb ("I really love ...")."""

DIETS = _alt(
    "vegetarian|vegan|pescatarian|pescetarian|keto|paleo|omnivore|flexitarian|carnivore|"
    "gluten-free|gluten free|lactose intolerant|lactose-intolerant|dairy-free|dairy free|"
    "halal|kosher|raw vegan|plant-based|plant based"
)
"""Diets: "Is vegetarian" style, one at a time (a single-valued slot)."""

OCCUPATIONS = _alt(
    "engineer|developer|programmer|designer|manager|teacher|nurse|doctor|physician|surgeon|"
    "lawyer|attorney|accountant|chef|cook|architect|writer|author|journalist|editor|student|"
    "professor|lecturer|researcher|scientist|pilot|firefighter|police officer|officer|"
    "electrician|plumber|carpenter|mechanic|pharmacist|dentist|vet|veterinarian|farmer|"
    "consultant|analyst|artist|musician|photographer|librarian|cashier|waiter|waitress|"
    "barista|baker|salesperson|marketer|entrepreneur|freelancer|translator|paramedic|"
    "therapist|psychologist|psychiatrist|banker|tutor|intern|receptionist|secretary|"
    "administrator|technician|coach|trainer|personal trainer|instructor|clerk|driver|"
    "truck driver|cashier|janitor|cleaner|gardener|builder|contractor|realtor|"
    "real estate agent|agent|broker|economist|statistician|mathematician|physicist|chemist|"
    "biologist|historian|nanny|babysitter|caregiver|social worker|counselor|counsellor|"
    "pastor|priest|soldier|sailor|fisherman|miner|tailor|hairdresser|barber|butcher|"
    "optometrist|radiologist|midwife|hygienist|dental hygienist|actor|actress|singer|"
    "dancer|painter|sculptor|"
    "illustrator|animator|filmmaker|producer|director|ceo|cto|founder|co-founder|"
    "data scientist|software engineer|web developer|product manager|project manager|"
    "graphic designer|ux designer|civil engineer|nurse practitioner|paralegal|auditor|"
    "copywriter|blogger|youtuber|streamer|postdoc|phd student|grad student|resident"
)
"""Common occupations, so "I'm a nurse" becomes the job slot and "I'm a runner" does not."""

KIN = _alt(
    "wife|husband|partner|spouse|fiance|fiancee|fiancé|fiancée|girlfriend|boyfriend|mother|"
    "mom|mum|father|dad|sister|brother|son|daughter|aunt|uncle|cousin|niece|nephew|"
    "grandmother|grandma|grandfather|grandpa|granddaughter|grandson|grandchild|grandkid|"
    "friend|best friend|boss|manager|roommate|landlord|landlady|"
    "flatmate|neighbour|neighbor|colleague|coworker|co-worker|kid|child|baby|twin|stepmother|"
    "stepfather|stepson|stepdaughter|mother-in-law|father-in-law|ex-wife|ex-husband|"
    "ex-girlfriend|ex-boyfriend|ex-partner|ex"
)
"""People named by their relation to the user ("my sister Anna")."""

KIN_SET = frozenset(k.replace("\\", "") for k in KIN.split("|"))

UNIQUE_KIN = frozenset(
    "wife husband partner spouse fiance fiancee fiancé fiancée girlfriend boyfriend mother mom "
    "mum father dad boss".split()
)
"""Relations a person normally has one of: a new name for them is an update."""

PETS = _alt(
    "dog|puppy|cat|kitten|hamster|rabbit|bunny|parrot|bird|fish|goldfish|turtle|tortoise|"
    "snake|lizard|horse|pony|guinea pig|ferret|gecko|budgie|chicken|pig|goat|retriever|"
    "golden retriever|labrador|lab|poodle|terrier|beagle|bulldog|husky|german shepherd|"
    "collie|border collie|spaniel|dachshund|corgi|pug|chihuahua|tabby|siamese"
)
"""Pet nouns ("has a dog named Rex" is a pet relation)."""

NOT_NAMES = frozenset(
    "american british english canadian australian german french italian spanish mexican "
    "chinese japanese korean indian irish scottish welsh dutch swedish norwegian danish "
    "finnish polish russian brazilian portuguese greek turkish egyptian nigerian kenyan "
    "african european asian christian muslim jewish hindu buddhist catholic atheist "
    "vegetarian vegan happy sorry fine good great ok okay here back done ready new "
    "monday tuesday wednesday thursday friday saturday sunday not also still just so very "
    "really allergic married single engaged divorced".split()
)
"""Capitalised words after "I'm" that are not a name ("I'm Canadian")."""

DROPPED_SUBJECT_VERBS = frozenset(
    "love like enjoy hate live work have play moved started got am study teach own "
    "prefer adore dislike drink eat run swim cook read write speak go visit travel "
    "collect volunteer relocated turned switched quit joined left bought adopted finished "
    "graduated retired settled made gave met starting joining been traded landed stopped "
    "raised increased lowered sold upgraded donated signed booked ordered "
    # "had to cancel the trip", "lost my job", "picked up pottery": events told without "I".
    "had did cancelled canceled fired hired picked took lost won ran broke was "
    # "went vegan last month", "bike to work most days": a habit or a change.
    "went bike cycle commute jog dropped".split()
)
"""Verbs that start a first-person clause whose "I" was dropped ("Love hiking")."""

DROPPED_SUBJECT_BE = _alt(
    "vegetarian|vegan|pescatarian|keto|gluten-free|lactose intolerant|allergic|intolerant|"
    "retired|pregnant|married|single|engaged|divorced|widowed|a big fan|a huge fan|big fan|"
    "huge fan|a fan|originally from|from|based in|into|a vegetarian|a vegan|a student"
)
"""Words that start a clause whose "I am" was dropped ("Allergic to cats")."""

E_VERBS = frozenset(
    "smoke bake dance drive hike ride skate write make take bike love like hate live use "
    "care come move vote code race dine serve save share type solve trade change share "
    "juggle cycle practise practice date hope dislike".split()
)
"""Verbs whose "-ing" form drops an "e" ("smoking" → "smoke")."""

RELATIONSHIP = _alt(
    "single|married|engaged|divorced|widowed|separated|in a relationship|dating someone new|"
    "dating someone|seeing someone new|seeing someone"
)
"""Relationship statuses (a single-valued slot)."""

LIKE_VERBS = frozenset("like likes love loves enjoy enjoys adore adores prefer prefers".split())
DISLIKE_VERBS = frozenset("hate hates dislike dislikes detest detests loathe loathes".split())

NEGATIONS = frozenset(
    "not no never doesn't don't isn't aren't wasn't didn't won't can't cannot hasn't "
    "haven't longer nor".split()
)
"""Words that flip a statement's polarity (removed before comparing content)."""

STOP = frozenset(
    "the a an and or but of to in on at for with from by about as is am are was were be been "
    "being has have had do does did i im my me we our you your he she they them their theirs "
    "themself his her it its this that these those user users also really very just so yes "
    "now anymore any more still currently actually which who whom would will can could should "
    "into than then there here some lot lots much many".split()
)
"""Function words ignored when comparing the content of two statements."""

KIN_SHORT = {
    "gf": "girlfriend",
    "bf": "boyfriend",
    "hubby": "husband",
    "wifey": "wife",
    "bro": "brother",
    "sis": "sister",
    "bestie": "best friend",
    "bff": "best friend",
    "kiddo": "kid",
    "mil": "mother-in-law",
    "fil": "father-in-law",
    "sil": "sister-in-law",
    "bil": "brother-in-law",
    "grandad": "grandfather",
    "granddad": "grandfather",
    "nan": "grandmother",
    "nana": "grandmother",
}
"""Chat shorthand for a relative ("my gf", "my hubby"), and the word the rules know."""

_MY_WORD = re.compile(r"\b((?i:my|our) )([A-Za-z]+)\b")


def standard_kin(text: str) -> str:
    """``text`` with "my <relative>" in the words the rules know: shorthand and typos.

    "my gf Sarah" → "my girlfriend Sarah"; "my husbnd chris" → "my husband
    chris" (one letter off a relative word of five letters or more, and no
    other relative word as close).

    Example:
        .. code-block:: python

            standard_kin("my hubby Tom and my daugther")   # "my husband Tom and my daughter"
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(2)
        low = word.lower()
        if low in KIN_SET or low in _PET_SET:
            return m.group(0)
        if low in KIN_SHORT:
            return m.group(1) + KIN_SHORT[low]
        if len(low) < 5 or low.rstrip("s") in KIN_SET or low in _NEAR_KIN_WORDS:
            return m.group(0)
        # The same first letter: "my other friend" is not "my mother friend".
        close = [k for k in _KIN_WORDS if len(k) >= 5 and k[0] == low[0] and _one_edit(low, k)]
        return m.group(1) + close[0] if len(close) == 1 else m.group(0)

    return _MY_WORD.sub(fix, text)


#: Words one letter off a relative word that are words of their own ("my bother").
_NEAR_KIN_WORDS = frozenset("bother brothel sisters mothers fathers".split())
_KIN_WORDS = frozenset(k for k in KIN_SET if " " not in k and "-" not in k)
_PET_SET = frozenset(p.replace("\\", "") for p in PETS.split("|"))


def _one_edit(a: str, b: str) -> bool:
    """One letter left out, added, changed, or two neighbours swapped ("husbnd", "daugther")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def dropped_verb(words: list[str]) -> bool:
    """Whether a clause's first words read as a verb whose "I" was dropped.

    Beyond :data:`DROPPED_SUBJECT_VERBS`: an "-ing" verb ("doing keto for
    january", "turning 30 on saturday") or an "-ed" verb before an object
    ("signed a lease in Boulder", "sold the AE-1").
    """
    first = words[0]
    if len(first) < 5 or first in NOT_DROPPED:
        return False
    if first.endswith("ing"):
        return len(words) > 1
    nxt = words[1] if len(words) > 1 else ""
    return first.endswith("ed") and nxt in ("a", "an", "the", "my", "our", "up", "to", "in", "out")


NOT_DROPPED = frozenset(
    "something nothing anything everything thing morning evening during nothing spring king "
    "ring sibling darling ceiling building wedding feeling meeting seed need speed bed red "
    "hundred indeed".split()
)
"""Words with those endings that are not verbs."""

#: Verbs that are a whole fact on their own ("I cycle now" → "Cycles").
ACTIVITIES = frozenset(
    "cycles runs swims bikes smokes vapes drinks cooks knits paints draws sings dances surfs "
    "skis snowboards climbs hikes skates meditates golfs bakes gardens fishes hunts jogs boxes "
    "rows sails sews crochets quilts".split()
)
