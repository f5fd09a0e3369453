"""Who a clause is about when it does not say it: "he", "them", a first name.

:func:`langmem_local.statements.analyse` reads a turn clause by clause; a later
clause often points back. These functions put the referent in, so the clause
can be rewritten as a memory that stands on its own:

* "... my son Leo? He's turning 7" → "my son Leo is turning 7"
  (:func:`last_relative`, :func:`resolve_he`);
* "I tried mushrooms again and I like them now" → "I like mushrooms now"
  (:func:`resolve_it`);
* "Leo just turned 5", with "Son Leo is 4" stored → "My son Leo just turned 5"
  (:func:`with_names`, names from the user's memories);
* "I'm seeing someone. Her name is Mia": :data:`PRONOUN_NAME` names the
  previous fact's person.

Example:
    .. code-block:: python

        resolve_he("he's turning 7", last_relative("for my son Leo?"))   # "my son Leo is turning 7"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from langmem_local import lexicon

if TYPE_CHECKING:  # statements imports this module
    from langmem_local.statements import Fact

__all__ = [
    "PRONOUN_NAME",
    "capitalise_names",
    "last_relative",
    "resolve_he",
    "resolve_him",
    "named_alone",
    "moved_in",
    "resolve_it",
    "with_names",
]

PRONOUN_NAME = re.compile(
    r"^(?:and )?(?:(?:his|her|their|its) name(?:'s| is)|"
    r"(?:(?:i|we|i'm|we're) )?(?:named|called|naming|calling) (?:him|her|them|it)) "
    r"([A-Z][a-z]+)[.!]*$",
    re.I,
)
# "I tried mushrooms again and I like them now": "them" is the mushrooms.
_TRIED = re.compile(
    r"^(?:i|we) (?:\w+ )?(?:tried|ate|had|tasted|watched|read|played|visited|saw|heard|"
    r"listened to|bought|got|made|cooked|met|finished|started) (?:some |the |a |an |those |these )?"
    r"([a-z][\w'-]*(?: [a-z][\w'-]*){0,2}?)(?: again| yesterday| last \w+| today| this \w+|$)",
    re.I,
)
# "My coworker thinks pineapple on pizza is a crime. Personally I love it": "it" is
# what the other person's opinion was about.
_OPINION = re.compile(
    r"\b(?:thinks?|says?|believes?|reckons?|feels?) (?:that )?([a-z][\w'-]*(?: [a-z][\w'-]*){0,3}?)"
    r" (?:is|are) (?:a |an |so |totally |really )*\w+",
    re.I,
)
_IT = re.compile(
    r"^((?:i|we) (?:\w+ ){0,2}?(?:like|love|hate|enjoy|prefer|dislike|adore|miss)s?) (them|it)\b",
    re.I,
)


#: Names that are also common words: not capitalised when typed in lower case.
_WORD_NAMES = frozenset(
    "will may max rose june art bill mark pat sue ken jack grace hope joy faith summer autumn "
    "april august dawn ray rich sky amber ivy iris rob chase drew sandy holly penny".split()
)


def capitalise_names(text: str, names: Mapping[str, str]) -> str:
    """``text`` with the user's people and pets typed in lower case capitalised ("theo" → "Theo").

    The rules find names by their capital; chat often has none. Only names
    already in the user's memories, and not ones that are common words ("will").
    """
    known = {n.lower(): n for n in names if n.lower() not in _WORD_NAMES}
    if not known:
        return text
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, known))})\b")
    return pattern.sub(lambda m: known[m.group(0)], text)


def capitalise_kin_names(text: str) -> str:
    """A name typed in lower case right after a relative or pet: "my son eli is 7" → "Eli".

    Only where a verb of a statement about them follows ("my best friend marcus
    lives in seattle"), and not a common word ("my dog really loves walks").
    """

    def up(m: re.Match[str]) -> str:
        word = m.group(2)
        if word in lexicon.STOP or word in _WORD_NAMES or re.search(r"(?:ly|ing|ed)$", word):
            return m.group(0)
        return m.group(1) + word.capitalize()

    text = _NAME_IS_LOWER.sub(up, _KIN_LOWER_NAME.sub(up, text))
    # "her name is Mochi she's a calico": a run-on, cut where the next statement starts.
    return _RUN_ON_NAME.sub(r"\1, ", text)


# "her name is mochi": a name, whatever follows.
_NAME_IS_LOWER = re.compile(r"\b((?i:her|his|their) name(?:'s| is) )([a-z]{3,})\b")
_RUN_ON_NAME = re.compile(
    r"(\b(?i:her|his) name(?:'s| is) [A-Z][a-z]+) (?=(?i:she|he)(?:'s| is)\b)"
)
_KIN_LOWER_NAME = re.compile(
    rf"\b((?:my|our) (?:{lexicon.KIN}|{lexicon.PETS}),? )([a-z]{{3,}})(?=,? "
    r"(?:lives|is|has|works|just|moved|was|got|and|said|started|turned|studies|plays|"
    r"loves|likes|hates|went|will|can|does|did)\b)"
)


def with_names(clause: str, names: Mapping[str, str]) -> str:
    """A clause about a relative or pet, with who they are from the user's memories.

    "Leo just turned 5" → "My son Leo just turned 5"; "my sister lives in Austin"
    → "my sister Maria lives in Austin" when Maria is the only sister named.
    """
    first = clause.split(" ", 1)[0].removesuffix("'s")
    if names.get(first) and " " in clause:  # "Maya's daycare is ..." ("" : named alone)
        return f"My {names[first]} {clause}"
    m = _RELATIVE_UNNAMED.match(clause)
    if m:
        named = [name for name, who in names.items() if who == m.group(2).lower()]
        if len(named) == 1 and not re.search(rf"\b{named[0]}\b", clause):
            return f"{m.group(1)} {m.group(2)} {named[0]} {m.group(3)}"
    return clause


_MENTION = re.compile(
    # "\b": "my boss Karen's wife" is not "my boss Kare" followed by "n's".
    rf"\b((?i:my|our) (?:(?i:new|little|baby) )?(?i:{lexicon.KIN}|{lexicon.PETS})"
    r"(?: [A-Z][a-z]+\b)?)"
    # Not "my wife Elena's mom" or "my boss Karen's wife": "she" is then someone else.
    rf"(?!'s [a-z]| [A-Z][a-z]+'s (?i:{lexicon.KIN})\b)"
    r"|\b((?i:the|my) (?i:doctor|dentist|therapist|physio|boss|teacher|coach|landlord|vet|"
    r"nurse|trainer|surgeon|gp|team lead|team leader|supervisor|mentor|landlady))\b"
    rf"(?! [A-Z][a-z]+'s (?i:{lexicon.KIN})\b)"
    rf"|\b(?i:have|has|got) (?i:a|an|one) ((?i:{lexicon.KIN}|{lexicon.PETS}))\b"
)
_NAMING = re.compile(
    rf"\b(?i:my|our) ((?i:{lexicon.KIN}|{lexicon.PETS}))(?:'s name is | is (?:called |named )?)"
    r"([A-Z][a-z]+)\b"
)
# "... and her husband Tom", "Her neurologist is Dr. Huang": someone or something of theirs.
_HIS_KIN = re.compile(
    rf"^(?i:her|his) (?i:{lexicon.KIN}|doctor|neurologist|cardiologist|pediatrician|dentist|"
    r"therapist|allergist|surgeon|teacher|coach|school|class|appointment|appt|surgery|"
    r"medication|meds|dose|birthday)\b"
)
_HE = re.compile(r"^(?:he|she)(?:'s|s| is| was| has|'ll| will)?\b", re.IGNORECASE)  # "shes": typed


def last_relative(clause: str) -> str | None:
    """The last "my <relative> (Name)" a clause mentions, for a later "he" / "she"."""
    named = _NAMING.search(clause)
    if named and named[2].lower() not in lexicon.NOT_NAMES:  # "my husband's name is Tomasz"
        return f"my {named[1]} {named[2]}"
    pet = _NAMED_PET.search(clause)
    if pet:  # "Adopted a kitten named Mochi": "she" is Mochi
        return f"my {pet[1].lower()} {pet[2]}"
    found = _MENTION.findall(re.sub(r"'s (?=not\b|an?\b)", " is ", clause))
    if not found:
        # "snacks for my son's class party? he's got a peanut allergy": the son.
        owner = re.findall(rf"\b(?i:my|our) ((?i:{lexicon.KIN}|{lexicon.PETS}))'s [a-z]", clause)
        return f"my {owner[-1]}" if owner else None
    return found[-1][0] or found[-1][1] or f"my {found[-1][2]}"


_NAMED_PET = re.compile(rf"\b(?:a|an|new) ((?i:{lexicon.PETS})) (?:named|called) ([A-Z][a-z]+)\b")


def resolve_he(clause: str, relative: str | None) -> str:
    """``clause`` with a leading "he" / "she" replaced by who it is ("my son Leo", "the doctor")."""
    if relative is not None and _HIS_KIN.match(clause):
        # "... and her husband Tom is a firefighter": the sister's husband.
        return f"{relative}'s {clause.split(' ', 1)[1]}"
    m = _HE.match(clause)
    if not m or relative is None:
        return clause
    verb = m.group(0)[m.group(0).lower().find("e") + 1 :].replace("'s", " is").strip()
    verb = "is" if verb == "s" else verb
    if verb == "is" and clause[m.end() :].lstrip().startswith("got "):
        verb = "has"  # "he's got a peanut allergy"
    return f"{relative} {verb}{clause[m.end() :]}".replace("  ", " ")


# "i see her every thursday", "I call him on Sundays": the object, then when or how often.
_HIM = re.compile(
    r"^((?:i|we)(?:'ll| will| usually| also| still| normally)? [a-z]+) (him|her)\b"
    r"(?=\s*(?:[,.!]|$|every\b|each\b|on\b|at\b|once\b|twice\b|weekly\b|daily\b|monthly\b|"
    r"tomorrow\b|today\b|tonight\b|next\b|this\b|a lot\b|sometimes\b|often\b|regularly\b|"
    r"\d))",
    re.IGNORECASE,
)


def resolve_him(clause: str, relative: str | None) -> str:
    """``clause`` with an object "him" / "her" replaced by who it is.

    "My therapist's name is Dr. Hollis, i see her every thursday": the user
    sees their therapist, not "her". Only where the pronoun cannot be a
    possessive: right after the verb and before the end or a time ("I love
    her cooking" keeps its "her").
    """
    if relative is None:
        return clause
    m = _HIM.match(clause)
    if m is None or not _fits(relative, m.group(2)):
        return clause  # "eli's teacher ..., we met her": not Eli
    return f"{m.group(1)} {relative}{clause[m.end() :]}"


_MALE = re.compile(
    r"\b(?:son|brother|dad|father|husband|boyfriend|uncle|nephew|grandpa|grandfather|grandson|"
    r"stepson|stepdad|fianc[eé]|bf|hubby)\b",
    re.IGNORECASE,
)
_FEMALE = re.compile(
    r"\b(?:daughter|sister|mom|mum|mother|wife|girlfriend|aunt|niece|grandma|grandmother|"
    r"granddaughter|stepdaughter|stepmom|fianc[eé]e|gf|wifey)\b",
    re.IGNORECASE,
)


def _fits(relative: str, pronoun: str) -> bool:
    """Whether "him" / "her" can stand for the relative ("my son" is not "her")."""
    if pronoun.lower() == "her":
        return _MALE.search(relative) is None
    return _FEMALE.search(relative) is None


_WE = re.compile(
    r"^we(?:'ve| have)? ((?:(?:don't|do not|no longer|never|rarely|still|barely|hardly) )*)"
    r"(known each other|talk|speak|hang out|get along|keep in touch|see each other|text|"
    r"meet up)\b(.*)$",
    re.IGNORECASE,
)


def resolve_we(clause: str, relative: str | None) -> str:
    """``clause`` with "we ... each other" / "we don't talk" about the relative last named.

    "My best friend is Noor, we've known each other since high school": the
    user has known Noor since then ("Has known each other ..." says nothing).
    """
    m = _WE.match(clause)
    if not m or relative is None:
        return clause  # unresolved: see vague_we
    verb = m.group(2).lower()
    if verb.endswith("each other"):
        said = f"I've known {relative}" if verb.startswith("known") else f"I see {relative}"
        return f"{said}{m.group(3)}".replace("I see", f"I {m.group(1)}see", 1)
    return f"I {m.group(1)}{verb} with {relative}{m.group(3)}"


def vague_we(clause: str) -> bool:
    """Whether a clause is "we don't talk anymore" with nobody named to be "we" with."""
    return _WE.match(clause) is not None


_MANAGED = re.compile(
    r"^it(?:'s| is) (?:mostly |mainly |well |now )?(?:managed|treated|controlled) "
    r"(?:with|by) (.+)$",
    re.I,
)
_DIAGNOSED = re.compile(
    r"\b(?:diagnosed with|have|has) ([\w'-]+(?: [\w'-]+){0,2}?)(?: in \d{4}| last \w+| when .+)?$",
    re.I,
)


def resolve_it(clause: str, previous: str) -> str:
    """``clause`` with "it" / "them" after a liking verb replaced by what ``previous`` tried."""
    managed, condition = _MANAGED.match(clause), _DIAGNOSED.search(previous)
    if managed and condition:  # "I was diagnosed with Crohn's. It's managed with Humira"
        return f"I manage my {condition[1]} with {managed[1]}"
    liking = _IT.match(re.sub(r"^(?:personally|honestly|actually),?\s+", "", clause, flags=re.I))
    tried = _TRIED.match(previous) or _OPINION.search(previous)
    if not liking or not tried:
        return clause
    return f"{liking[1]} {tried[1]}{liking.string[liking.end() :]}"


_RELATIVE_UNNAMED = re.compile(
    rf"^((?i:my|our)) ((?i:{lexicon.KIN}|{lexicon.PETS})) (?!(?:[A-Z]|named|called|is called))(.+)$"
)


# "Moved in this weekend, the commute is way better": moved where is stored.
_MOVED_IN = re.compile(
    r"^(?:(?:just|finally|officially|all) )*(?:moved in|got (?:the|our|my) keys)\b"
    r"(?! (?:with|together|to)\b)",
    re.IGNORECASE,
)
# "Signed a lease on a 2 bedroom in Jersey City", "Is moving to Austin in May".
_NEW_HOME = re.compile(
    r"^(?i:signed a lease|bought a (?:house|home|condo|flat|apartment|place)|closed on|"
    r"is (?:moving|relocating)|will (?:move|relocate)|found (?:an apartment|a flat|a place|"
    r"a house)|got (?:an apartment|a flat|a place|a house)|is buying)\b.*?"
    r"\b(?:in|to) ((?:[A-Z][\w.'-]*)(?: [A-Z][\w.'-]*)*)",
)


def moved_in(fact: Fact, stored: Sequence[Mapping[str, Any]]) -> Fact:
    """A move-in as "Lives in <place>", from the newest stored plan's place.

    "Moved in this weekend" after "Signed a lease on a 2 bedroom in Jersey
    City": the user now lives in Jersey City, and that statement replaces
    where they lived before. The fact unchanged when it is no such move-in or
    no stored memory says where the new home is.

    Args:
        fact: A new fact.
        stored: Stored memory rows (``text``, and ``updated_at`` to find the newest).
    """
    if not _MOVED_IN.match(fact.text.strip()):
        return fact
    newest = sorted(stored, key=lambda r: str(r.get("updated_at") or ""), reverse=True)
    for row in newest:
        m = _NEW_HOME.match(row["text"].strip())
        if m:
            return replace(fact, text=f"Lives in {m.group(1)}", change=True)
    return fact


def named_alone(clause: str, names: Mapping[str, str]) -> str | None:
    """The one person a clause names by first name alone, for a later "she" / "he".

    "we pulled Sophie out of St Brigid's, she starts at Westview": Sophie, a
    name the user's memories hold; "what should I pack for Ava's field trip?
    she's in 2nd grade": Ava, said with a possessive. None for none or several.
    """
    known = {n for n, who in names.items() if not who and re.search(rf"\b{n}\b", clause)}
    owners = {
        m.group(1)
        for m in re.finditer(
            rf"(?<![A-Z][a-z] )(?<![A-Z][a-z]\. )\b([A-Z][a-z]{{1,14}})'s\b"
            rf"(?! (?i:{lexicon.KIN})\b)",
            clause,
        )
        if m.group(1).lower() not in lexicon.NOT_NAMES | lexicon.STOP
    }  # not "St Brigid's": a place
    # "mateo's guitar teacher is Mr. Kim, he's great": Mr. Kim is named too.
    titled = set(re.findall(r"\b(?:Mr|Mrs|Ms|Dr|Coach)\.? [A-Z][a-z]+", clause))
    found = known | owners | titled
    return found.pop() if len(found) == 1 and not titled else None
