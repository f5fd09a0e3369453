"""Facts a question or request states on the way ("a toast for my brother Marco's wedding").

:func:`langmem_local.statements.analyse` stores nothing of a question or a
request to the assistant. But a request can name the user's people and their
events while asking: "Can you help me write a toast for my brother Marco's
wedding next Saturday?" says that the user has a brother, Marco, and that he
marries next Saturday. This module finds those two shapes, and only those: a
relative or pet named by name ("for my sister Anna"), and a named or unnamed
relative's event ("my brother Marco's wedding next Saturday", "my mum's 60th
birthday"), what the user is said to be like ("for someone vegan like me who
hates tofu"), and a trip being packed for ("pack for a week in Denver in
February"). Anything else in a request stays unsaid.

Example:
    .. code-block:: python

        facts("Can you help me write a toast for my brother Marco's wedding next Saturday?")
        # ["Brother Marco's wedding is next Saturday"]
        facts("Any gift ideas for my sister Anna?")
        # ["Sister's name is Anna"]
"""

from __future__ import annotations

import re

from langmem_local import lexicon

__all__ = ["facts", "in_passing", "named", "named_elsewhere"]

_EVENTS = (
    r"wedding|(?:\d+(?:st|nd|rd|th) )?birthday(?: party)?|graduation|funeral|"
    r"retirement(?: party)?|baby shower|bachelor(?:ette)? party|engagement party|"
    r"(?:\d+(?:st|nd|rd|th) )?(?:wedding )?anniversary|bar mitzvah|bat mitzvah|christening"
)
# "my brother Marco's wedding next Saturday", "my mum's 60th birthday".
_EVENT = re.compile(
    rf"\b(?i:my|our) ((?i:{lexicon.KIN}))(?: ([A-Z][a-z]+))?'s ((?i:{_EVENTS}))"
    r"((?: (?i:next|this|on|in|tomorrow|tonight|today)\b[\w ]*?)?(?: \([^)]*\))?)"
    r"(?=\s*(?:[?.!,;]|$|\band\b))"
)
# "a gift for my sister Anna", "an email to my boss John".
_NAMED = re.compile(
    rf"\b(?i:for|to|with|about|from) (?i:my|our) ((?i:{lexicon.KIN}|{lexicon.PETS})) "
    r"([A-Z][a-z]+)\b(?!'s)"
)


# "for someone vegan like me (who hates tofu)": the user is vegan.
_LIKE_ME = re.compile(
    r"\b(?:someone|somebody|a person|people) (?:who is |who's )?(?!like\b)([\w-]+(?: [\w-]+)?) "
    r"like me\b(?: who (?:absolutely |really |just |totally )?(hates|loves|can't stand|"
    r"is allergic to) ([\w -]+?))?(?=[?.!,]|$)",
    re.IGNORECASE,
)
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
# "pack for a week in Denver in February", "pack for japan in april": a trip.
_PACKING = re.compile(
    r"\bpack(?:ing)? for (?:a |my |our |the )?(?:(?:week|weekend|trip|few days|\w+ days?|"
    r"long weekend) (?:in|to) )?(?:([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?!'s)|"  # not "Ava's trip"
    rf"([a-z]+)(?= in (?i:{_MONTHS})))"
    rf"(?: in ((?i:{_MONTHS})))?\b"
)


def facts(clause: str) -> list[str]:
    """The facts in memory style that a question or request states on the way (may be none)."""
    out: list[str] = []
    for m in _EVENT.finditer(clause):
        who = m.group(1).capitalize() + (f" {m.group(2)}" if m.group(2) else "")
        event, when = m.group(3).lower(), m.group(4).strip()
        out.append(f"{who}'s {event} is {when}" if when else f"{who}'s {event} is coming up")
    for m in _NAMED.finditer(clause):
        if m.group(2).lower() not in lexicon.NOT_NAMES:
            out.append(f"{m.group(1).capitalize()}'s name is {m.group(2)}")
    m = _LIKE_ME.search(clause)
    if m:  # "a protein source for someone vegan like me who hates tofu"
        out.append(f"Is {m.group(1)}")
        if m.group(2):
            out.append(f"{m.group(2).capitalize()} {m.group(3)}")
    m = _PACKING.search(clause)
    if m:  # "what should I pack for a week in Denver in February?"
        place = m.group(1) or m.group(2)
        out.append(
            f"Is going to {place[0].upper()}{place[1:]}"
            + (f" in {m.group(3)}" if m.group(3) else "")
        )
    return out


_MY_NAMED = re.compile(rf"\b(?i:my|our) ((?i:{lexicon.KIN}|{lexicon.PETS})) ([A-Z][a-z]+)\b(?!'s)")


def named(clause: str) -> list[str]:
    """Who a clause names as the user's ("my husband Mike ..."), whatever else it says.

    For a clause no memory can be written from ("my husband Mike is fine with
    it": fine with what?) the relation still stands: "Husband's name is Mike".
    """
    return [
        f"{m.group(1).capitalize()}'s name is {m.group(2)}"
        for m in _MY_NAMED.finditer(clause)
        if m.group(2).lower() not in lexicon.NOT_NAMES
    ]


def named_elsewhere(text: str, said: str) -> bool:
    """Whether a bare naming ("Son's name is Leo") is in another fact ("Son Leo is 7")."""
    m = re.match(r"^(\w+)'s name is ([A-Z][a-z]+)$", text)
    return m is not None and f"{m.group(1)} {m.group(2)} " in said


# "just moved from dublin to toronto for a job at Shopify (backend dev)": the employer.
_JOB_AT = re.compile(
    r"\b(?:for|to take|took|taking|started|starting|got|landed) (?:a |an |my |the )?(?:new )?"
    r"(?:job|position|role|gig) (?:at|with) ([A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*)"
    r"(?: \(([^)]{2,30})\))?"
)


def in_passing(clause: str) -> list[str]:
    """Facts a statement says on its way to another: an employer the move was for.

    Example:
        .. code-block:: python

            in_passing("just moved to toronto for a job at Shopify (backend dev)")
            # ["Works at Shopify as a backend dev"]
    """
    m = _JOB_AT.search(clause)
    if m is None or re.match(
        r"^(?:i |i'm |im |just |finally )*(?:got|landed|started)\b", clause, re.I
    ):
        return []  # "got a job at Shopify" says it itself
    role = (
        f" as {'an' if m.group(2)[0].lower() in 'aeiou' else 'a'} {m.group(2)}"
        if m.group(2)
        else ""
    )
    return [f"Works at {m.group(1)}{role}"]
