"""Statements about someone the user names by first name alone ("Theo has a peanut allergy").

Parents, carers and friends talk about their people by first name: "Maya is 9
and in 4th grade at Lincoln Elementary", "zoe has piano on wednesdays at 4",
"Ruby takes 5ml of zyrtec every night", "Ellie's first swim meet is feb 28".
Said by the user, such a statement is about someone in their life, and the
assistant needs it; the statement rules (:mod:`langmem_local.statements`)
only read the user's own statements and their relatives' ("my son Leo ..."),
so these were dropped as "not about the user".

A name alone does not make a statement personal ("Paris is beautiful in
spring", "Denver got snow", "Taylor Swift is touring"), so :func:`statement`
reads only one capitalised first name followed by a predicate of a person's
life: an age or a school grade, an allergy, a condition or a medication, an
activity, lesson or school, a doctor or therapist seen, a strong liking; or
a possessive of such a thing ("Aria's orthodontist consult is March 3"). The
memory keeps the name as its subject, so who-is-who survives ("Theo has a
severe peanut allergy", never "Has a severe peanut allergy").

Example:
    .. code-block:: python

        statement("Theo has a severe peanut allergy")  # ("Theo has a severe ...", False)
        statement("ellie quit soccer")                 # None: no capital, no known name
        statement("Paris is beautiful in spring")      # None: not a person's predicate
"""

from __future__ import annotations

import re
from collections.abc import Container

from langmem_local import lexicon

__all__ = ["each_named", "statement", "subject"]

_ACTIVITY = (
    r"soccer|swim(?:ming)?|swim team|piano|guitar|drums?|violin|cello|trumpet|flute|ballet|"
    r"dance|karate|taekwondo|judo|gymnastics|tennis|baseball|softball|basketball|football|"
    r"hockey|lacrosse|volleyball|chess|art|theat(?:er|re)|choir|band|orchestra|scouts|"
    r"tutoring|tutor|speech(?: therapy)?|therapy|therapist|lessons?|practice|camp|daycare|"
    r"preschool|pre-?k|kindergarten|school|class(?:es)?|team|club|recital|swim meet|"
    r"[A-Z][a-z]+ (?:Elementary|Middle|High|Academy|School|Montessori)"
)
_CONDITION = (
    r"allergy|allergies|asthma|adhd|autism|eczema|diabetes|epilepsy|anxiety|infection|"
    r"cold|flu|fever|cast|broken \w+|concussion|alzheimer'?s|dementia|parkinson'?s|arthritis"
)
_NOUNS = (
    r"teacher|coach|dentist|doctor|pediatrician|allergist|orthodontist|therapist|neurologist|"
    r"cardiologist|appointment|appt|checkup|check-up|consult|recital|party|birthday|game|"
    r"meet|match|bus|school|class|lesson|lessons|practice|dose|medication|meds|cast|surgery|"
    r"tutor|bedtime|nap|allergy|allergies|field trip|play|concert|tournament"
)
# What a sentence says of a person's life, after their name.
_PREDICATE = re.compile(
    rf"^(?:is \d{{1,2}}(?: years? old| months? old)?(?=$|[ ,.!])|"
    rf"(?:just )?turned \d{{1,2}}\b|"
    rf"is (?:in|starting|in the) (?:\d{{1,2}}(?:st|nd|rd|th) grade|pre-?k|preschool|"
    rf"kindergarten|daycare)\b|"
    rf"(?:is|are) (?:\w+ )?allergic to\b|(?:also )?reacts to\b|"
    rf"(?:has|had|got|was diagnosed with) (?:a |an )?(?:[\w'-]+ ){{0,3}}(?:{_CONDITION})\b|"
    rf"(?:takes|is taking|is on|started on|was put on|is now on)\b.*\b\d+(?:\.\d+)?\s?"
    rf"(?:mg|mcg|ml)\b|"
    rf"(?:does|plays|takes|has|had|started|starts|is doing|is starting|is in|goes to|attends|"
    rf"joined|is on the|made the|quit|dropped|switched to|sees|loves|hates)\b"
    rf"(?: [\w'.-]+){{0,3}} (?:{_ACTIVITY})\b|"
    rf"sees (?:a |an |dr\.? |doctor )\w+|"
    # "Biscuit has his vet appt jan 14", "biscuit gets his heartworm pill on the 1st"
    rf"(?:has|had|gets|needs|takes) (?:his |her |their |a |an |the )?(?:[\w'-]+ ){{0,2}}"
    rf"(?:{_NOUNS}|pills?|shots?|vaccines?|medicine|injections?|drops)\b|"
    # "Hudson broke his arm at recess"
    rf"(?:broke|fractured|sprained|hurt|injured|cut) (?:his|her|their) \w+|"
    rf"(?:loves|hates|is obsessed with|is scared of|is afraid of|can't stand)\b)",
    re.IGNORECASE,
)
# "Aria's orthodontist consult is March 3 at 10am", "ellie's first swim meet is feb 28".
_POSSESSIVE = re.compile(rf"^'s (?:[\w-]+ ){{0,2}}(?:{_NOUNS})\b.+$", re.IGNORECASE)
_PLAIN = re.compile(r"^(?:is|has|had|was|does|did|takes|gets|needs|goes|loves|hates)\b", re.I)
_LOWER_NAME = re.compile(r"^([a-z]{2,14})(?='s\b| (?:has|is|takes|does|plays|started|starts)\b)")
_NAME = re.compile(r"^([A-Z][a-z]{1,14})\b(?!\s+[A-Z])")
_CHANGE = re.compile(r"\b(?:quit|dropped|switched|now|turned|moved|started|starts)\b", re.I)


def statement(clause: str, known: Container[str] = ()) -> tuple[str, bool] | None:
    """``(memory text, is a change)`` for a statement about a person named alone, or None.

    Args:
        clause: One clause of what the user said.
        known: Names already said by the user (in their memories or earlier in the
            message): any plain predicate of theirs counts ("Ziggy has hip dysplasia"
            after "we have two dogs, Pepper and Ziggy").
    """
    said = clause.strip().rstrip(".!")
    # "aria's also starting Girl Scouts": "Aria is also starting ..."
    said = re.sub(r"^(\w+)'s (?=(?:also |still |now |just )?\w+ing\b)", r"\1 is ", said)
    name = subject(said)
    if name is None:
        return None
    # "Biscuit (our golden retriever) has ...": read past the aside, keep it in the memory.
    rest = re.sub(r"\s*\([^)]*\)", "", said[len(name) :])
    rest = re.sub(
        r"^ ((?:is|has|was) )?(?:also|still|now|just|really|finally|officially) ", r" \1", rest
    )
    said_before = name in known and _PLAIN.match(rest.lstrip()) is not None
    if not (said_before or _PREDICATE.match(rest.lstrip()) or _POSSESSIVE.match(rest)):
        return None
    # "Rosie just turned 1": her age now, the slot a later "she's 2" changes.
    aged = re.sub(r"^ (?:just )?turned (\d{1,2})\b", r" is \1", said[len(name) :])
    return name.capitalize() + aged, bool(_CHANGE.search(rest))


def each_named(text: str) -> list[str]:
    """A memory that names several relatives or pets, one memory each.

    "Has a dog named Rufus and a cat named Pepper" is two facts: when Rufus
    dies, or the user asks to forget him, Pepper stays.

    Example:
        .. code-block:: python

            each_named("Has a dog named Rufus and a cat named Pepper")
            # ["Has a dog named Rufus", "Has a cat named Pepper"]
    """
    m = _SEVERAL_NAMED.match(text)
    if m is None:
        return [text]
    return [f"{m.group(1)} {m.group(2)}", f"{m.group(1)} {m.group(3)}"]


_SEVERAL_NAMED = re.compile(
    rf"^(Has|Have) ((?:a|an|one) (?:[\w-]+ )?(?i:{lexicon.KIN}|{lexicon.PETS}) (?:named|called) "
    rf"[A-Z][a-z]+),? and ((?:a|an|one) (?:[\w-]+ )?(?i:{lexicon.KIN}|{lexicon.PETS}) "
    r"(?:named|called) [A-Z][a-z]+)$"
)


def subject(text: str) -> str | None:
    """The first name a statement starts with, when it is one ("Theo has ..."), else None.

    A name typed in lower case ("zoe has piano on wednesdays") counts when no
    common subject of chat is spelt that way ("school has", "work is").
    """
    m = _NAME.match(text) or _LOWER_NAME.match(text)
    if m is None or m.group(1).lower() in _NOT_PEOPLE:
        return None
    return m.group(1)


_NOT_PEOPLE = (
    lexicon.NOT_NAMES
    | lexicon.STOP
    | frozenset(
        "i i'm im my our we you he she they it this that there here mom mum dad grandma grandpa "
        "nana papa mama what when where why how who which is are was were do does did can could "
        "would should will please thanks thank hey hi hello ok okay yes no so also today "
        "tomorrow yesterday tonight january february march april may june july august september "
        "october november december school work class practice team kids kid baby toddler "
        "teen everyone everybody someone somebody nobody family house home job boss office "
        "traffic weather life it's that's what's there's here's who's everything nothing "
        "something anything one each both all none none mine yours ours theirs his hers "
        "husband wife son daughter brother sister friend partner dog cat puppy kitten "
        # What memories start with that is no person: "Name is Sarah", "Rent is 1650".
        "name favourite favorite goal budget rent salary birthday address phone email weight "
        "height age diet car wedding trip flight venue plan dentist doctor appointment "
        "deadline income savings debt balance guest headcount schedule shift".split()
    )
)
