"""Statements that end a stored one without sharing its words.

Content-word overlap relates most updates to what they update
(:func:`langmem_local.reconcile.compare`). These do not overlap enough, yet end
the stored statement:

* giving up what a habit consumes or does: "Gave up coffee" ends "Drinks
  three coffees a day" (but not "Loves coffee": giving it up is not disliking it);
* cancelling a plan: "Had to cancel the Iceland trip" ends "Is planning a trip
  to Iceland in June";
* a death: "Golden retriever Max passed away" ends "Has a golden retriever
  named Max";
* a birth: "Baby Olivia was born on March 1st" ends "Is expecting a baby";
* retiring: "Is officially retired" ends "Teaches 5th grade at Lincoln Elementary";
* staying: "Is staying in Ohio" ends "Is planning to move to Denver this summer";
* a thing sold: "Sold the AE-1 and upgraded to a Leica" ends "Bought a Canon AE-1";
* a break-up: "Broke up last week with Kevin" ends "Has been together 2 years
  with their boyfriend Kevin" (the user's own relationship only, not "Sister
  is dating Tom");
* a new amount: "Raised their rate to $75/hr" ends "Charges 60 an hour",
  "Metformin bumped up to 1000mg" ends "Takes metformin, 500mg".

:func:`instead_of_given_up` lets what replaces a thing given up ("... switched me
to Wellbutrin instead") take over the update of the stored one.

Example:
    .. code-block:: python

        ends("Gave up coffee", "Drinks three coffees a day")   # "gave up what it does"
        ends("Gave up coffee", "Loves coffee")                 # None
"""

from __future__ import annotations

import re
from functools import lru_cache

from langmem_local import life_events, people
from langmem_local.extraction import Decision

__all__ = ["ends", "instead_of_given_up"]


def ends(new: str, stored: str) -> str | None:
    """Why ``new`` ends the statement ``stored`` makes, or None when it does not."""
    own = _of_one_person(new, stored)
    why = None if own is None else ends(*own)
    if why is not None:  # "Ellie quit soccer" / "Ellie does soccer on tuesdays"
        return why
    if not _may_end(new):
        return None
    if _gives_up(new, stored):
        return "gave up what it does"
    if _cancels(new, stored):
        return "cancelled the plan"
    if _STAYING.match(new) and _MOVING.search(stored):
        return "stays where they are"  # "Is staying in Ohio" ends "Is planning to move to Denver"
    if _RETIRED.match(new) and _WORKING.match(stored):
        return "retired"  # "Is officially retired" ends "Teaches 5th grade at Lincoln"
    if _sold(new, stored):
        return "sold it"
    event = life_events.ends(new, stored)  # a death, a break-up, a birth, an adoption
    if event is not None:
        return event
    free = _FREE.match(new)
    if free and re.search(_FREE_OF[free.group(1).lower()], stored, re.I):
        return "gave up what it does"  # "Has been smoke-free for 3 weeks": "5 cigarettes a day"
    if _changed_amount(new, stored):
        return "changed the amount"
    return None


def _of_one_person(new: str, stored: str) -> tuple[str, str] | None:
    """Both statements without the first name they share, as the user's own, or None.

    "Ellie quit soccer" and "Ellie does soccer on tuesdays" (:mod:`langmem_local.people`)
    end each other as "Gave up soccer" and "Does soccer on tuesdays" would.
    """
    m, n = _PERSON.match(new), _PERSON.match(stored)
    if m is None or n is None or m.group(1) != n.group(1) or people.subject(new) is None:
        return None  # most pairs: "Is ..." / "Is ...", no name (a set look-up, before the rules)
    if people.statement(new) is None or people.statement(stored) is None:
        return None  # "Guest list cut down to 85": no person
    rest = _QUIT.sub("gave up ", m.group(2))
    return rest[0].upper() + rest[1:], n.group(2)[0].upper() + n.group(2)[1:]


_PERSON = re.compile(r"^([A-Z][a-z]{1,14}) (?!and\b)([a-z].+)$")
_QUIT = re.compile(r"^(?:quit|dropped|stopped) ", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _may_end(new: str) -> bool:
    """Whether ``new`` has any of the shapes below at all.

    A turn's fact meets up to 400 stored memories (:mod:`langmem_local.reconcile`
    asks twice for a pair it compares): most facts have none of these shapes,
    and need not be matched again for every stored memory.
    """
    t = new.strip()
    u = t.rstrip(".")
    return bool(
        _GAVE_UP.match(u)
        or _CANCEL.match(u)
        or _STAYING.match(u)
        or _RETIRED.match(u)
        or _SOLD.match(u)
        or life_events.may_end(new)
        or _FREE.match(t)
        or _AMOUNT.match(t)
    )


# "Raised their rate to $75/hr", "Metformin bumped up to 1000mg twice a day".
_AMOUNT = re.compile(
    r"^(?:(?:raised|increased|bumped|upped|lowered|cut|dropped|reduced|changed|adjusted) "
    r"(?:my |their |the )?(?:dose of )?(.+?)|(.+?) (?:was |got )?(?:raised|increased|bumped|"
    r"upped|lowered|cut|dropped|reduced|changed|adjusted))(?: up| down)? to \S",
    re.IGNORECASE,
)
_PRICES = frozenset("rate rates price prices fee fees hourly rate day rate".split())
# What a stored price says: "Charges 60 an hour", "Charges $500 a day".
_PRICED = re.compile(r"\b(?:charges?|an hour|per hour|/hr|an hr|a day|per day|rate)\b", re.I)


def _changed_amount(new: str, stored: str) -> bool:
    """Whether ``new`` changes the amount ``stored`` states (a dose, a price)."""
    m = _AMOUNT.match(new.strip())
    if m is None:
        return False
    what = (m.group(1) or m.group(2)).lower()
    if what in _PRICES:
        return _PRICED.search(stored) is not None
    held = life_events.held(stored)
    words = [w for w in life_events.words(what) if w not in _FILLER]
    return bool(words) and all(w in held for w in words)


# What was given up ends before a reason or a time ("Gave up tennis after their surgery").
_GAVE_UP = re.compile(
    r"^gave up (?:(?:my|their|the|all|on) )*(.+?)(?: habit)?"
    r"(?: completely| entirely| totally| altogether| for good| cold turkey)?"
    r"(?:\s+(?:after|because|since|when|due to|for|last|this|a|two|three|\d+)\b.*)?$",
    re.IGNORECASE,
)
#: Verbs of a habit that giving up its object ends ("Drinks three coffees a day"),
#: as :func:`langmem_local.life_events.words` spells them.
#: "prefer": a preference between two drinks ends with giving one up. Not
#: "likes" or "loves": giving coffee up does not make it disliked.
#: "learning", "practise", "does": a pursuit given up ("gave up on guitar" ends
#: "Started learning guitar").
_HABITS = frozenset(
    "drink eat smoke vape play chew take snack bake prefer learn learning practice practise "
    "practicing practising study studying do doe doing train training playing "
    # "a big coffee person, like 4 cups a day", "a heavy smoker"
    "cup pint drinker smoker eater addict person "
    # "Runs a 5k every morning": an exercise habit ends when given up.
    "run jog swim cycle bike lift".split()
)


def _gives_up(new: str, stored: str) -> bool:
    """Whether ``new`` ("Gave up coffee") ends the habit ``stored`` states ("Drinks coffee").

    Content stems cannot see it ("Gave up coffee" and "Drinks three coffees a
    day" share only the noun), so: every word of what was given up is in the
    stored statement, and the stored statement has a verb of habit.
    """
    m = _GAVE_UP.match(new.strip().rstrip("."))
    if m is None:
        return False
    held = life_events.held(stored)
    what = life_events.words(m.group(1))
    if set(what) & _JOB_WORDS:  # "Gave up the barista gig" ends "Works as a barista"
        what = [w for w in what if w not in _JOB_WORDS]
        return bool(what) and all(w in held for w in what) and bool(_WORKING.match(stored))
    # "Gave up running" ends "Runs a 5k every morning": the verb's forms are one.
    return bool(what) and all(held & _forms(w) for w in what) and bool(held & _HABITS)


_JOB_WORDS = frozenset("gig job position role".split())


def _forms(word: str) -> set[str]:
    """A word and, for a gerund, its verb ("running" → "run", "smoking" → "smoke")."""
    if not word.endswith("ing") or len(word) < 6:
        return {word}
    base = word[:-3]
    undoubled = base[:-1] if len(base) > 2 and base[-1] == base[-2] else base
    return {word, base, undoubled, base + "e"}


# "Had to cancel the Iceland trip", "We called off the wedding".
_CANCEL = re.compile(
    r"^(?:had to |have to |has to |just |finally |is |are )?(?:cancel(?:l?ed)?|cancell?ing|"
    r"called off|call off|calling off|scrapped|scrapping|dropped out of|dropped|dropping|"
    r"changed (?:my|their) mind (?:on|about)) "
    r"(?:the |their |our |my |a )?(.+?)(?:,.*|\s+(?:before|because|since|after|due to|so)\b.*)?$"
    # "Disney is off", "london trip got cancelled"
    r"|^(?:the |our |my |their )?(.+?) (?:is|are|got|was|were|has been|'s been) "
    r"(?:off|cancell?ed|called off)\b",
    re.IGNORECASE,
)
#: What a plan says (a cancelled one ends only a plan, not "Loves Iceland").
_PLANS = frozenset(
    "plan planning planned going trip booked book visit visiting wedding party holiday "
    "vacation flight flying concert signed enrolled registered moving move relocating taking "
    "scheduled "
    # "Dropped pottery" ends "Has been doing pottery classes on thursday nights".
    "classe class course lesson "
    # "Always books an aisle seat": a habit of choosing, which changing one's mind ends.
    "always".split()
)
# "Is cancelling lisbon completely", "The denver thing is off": words that name no plan.
_FILLER = frozenset(
    "the a an to of in on for at their our my completely entirely altogether totally thing "
    "stuff idea".split()
)


def _cancels(new: str, stored: str) -> bool:
    """Whether ``new`` cancels the plan ``stored`` states (every word of it is there)."""
    m = _CANCEL.match(new.strip().rstrip("."))
    if m is None:
        return False
    held = life_events.held(stored)
    # "tahoe trip is cancelled" ends "Booked a cabin in Tahoe": "trip" need not be said.
    said = [w for w in life_events.words(m.group(1) or m.group(2)) if w not in _FILLER]
    what = [w for w in said if w not in _PLANS] or said  # "the wedding's off": the plan itself
    # "Dad's hip surgery is off" ends "Dad's hip replacement is scheduled": the kind of event
    # need not be said the same way when what it is about is.
    what = [w for w in what if w not in _EVENT_NOUNS] or what
    if _TASTE.match(stored):
        return False  # "Loves weddings": a taste, not a plan to call off
    return bool(what) and all(w in held for w in what) and bool(held & _PLANS)


_EVENT_NOUNS = frozenset(
    "surgery procedure operation appointment appt trip visit party lesson session".split()
)
_TASTE = re.compile(r"^(?:likes|loves|enjoys|adores|prefers|hates|dislikes)\b", re.IGNORECASE)


_STAYING = re.compile(r"^(?:is )?(?:staying(?: put)?(?: in\b| here\b|$)|not moving\b)", re.I)
_MOVING = re.compile(
    r"\b(?:plan|planning|going|hoping|want|wants|thinking)\b.*"
    r"\b(?:move|moving|relocate|relocating) to\b",
    re.I,
)

_RETIRED = re.compile(r"^is (?:now |officially |finally )*retired\b", re.I)
_WORKING = re.compile(r"^(?:works (?:as|at|for)|teaches|is an? [\w -]+ at [A-Z])", re.I)

_SOLD = re.compile(
    r"^(?:sold|got rid of|gave away|donated|traded in) (?:my |the |our |their )?(.+?)"
    r"(?: and .+| to .+| for .+)?$",
    re.IGNORECASE,
)


def _sold(new: str, stored: str) -> bool:
    """Whether ``new`` ("Sold the AE-1 and upgraded ...") ends what ``stored`` says of it."""
    m = _SOLD.match(new.strip().rstrip("."))
    if m is None:
        return False
    held = life_events.held(stored)
    what = [w for w in life_events.words(m.group(1)) if w not in _FILLER]
    return bool(what) and all(w in held for w in what)


_FREE = re.compile(r"^has been (smoke|nicotine|alcohol|booze|sugar|caffeine)-free\b", re.I)
_FREE_OF = {
    "smoke": r"\bsmok|\bcigarette|\bvap",
    "nicotine": r"\bsmok|\bcigarette|\bvap|\bnicotine",
    "alcohol": r"\bdrink|\balcohol|\bbeer|\bwine",
    "booze": r"\bdrink|\balcohol|\bbeer|\bwine",
    "sugar": r"\bsugar|\bsweets|\bsoda",
    "caffeine": r"\bcoffee|\bcaffeine|\bespresso",
}


def instead_of_given_up(decisions: list[Decision], sources: list[str]) -> list[Decision]:
    """A replacement said in the turn takes over the update of what was given up.

    "Stopped the lexapro, my psychiatrist switched me to Wellbutrin instead".

    What was given up is updated by the turn's "Gave up ..." statement, and what
    replaces it would be a memory of its own. When the turn says the new thing
    came *instead* (or by a switch), it takes the old one's place: the stored
    medication becomes the new one, with its history.
    """
    given_up = [i for i, d in enumerate(decisions) if d.event == "UPDATE" and _GAVE.match(d.text)]
    instead = [
        i
        for i, d in enumerate(decisions)
        if d.event == "ADD" and _INSTEAD_OF.search(sources[i]) and not _GAVE.match(d.text)
    ]
    if len(given_up) != 1 or len(instead) != 1:
        return decisions
    old, new = decisions[given_up[0]], decisions[instead[0]]
    merged = new.model_copy(update={"event": "UPDATE", "id": old.id})
    return [merged if i == given_up[0] else d for i, d in enumerate(decisions) if i != instead[0]]


_GAVE = re.compile(r"^(?:gave up|no longer)\b", re.IGNORECASE)
# "... instead", "(my doctor) switched me to ...": what replaces the thing given up.
# Not "I've switched to tea, gave up coffee": two memories, the switch and the giving up.
_INSTEAD_OF = re.compile(r"\binstead\b|\bswitched (?:me|them) (?:over )?to\b", re.IGNORECASE)
