"""Life events that end what a stored memory says without sharing its words.

Part of :func:`langmem_local.endings.ends`: a death ("Golden retriever Max
passed away" ends "Has a golden retriever named Max"), a break-up ("Broke up
last week with Kevin" ends "Has been together 2 years with their boyfriend
Kevin", the user's own relationship only), a birth ("Baby Olivia was born on
March 1st" ends "Is expecting a baby", the due date and the name picked "if
it's a boy"), an adoption (ends "Is thinking about adopting a dog"), a child
taken out of a school ("Pulled Sophie out of St Brigid's" ends "Sophie is in
6th grade at St. Brigid's"). :func:`also_ended` applies such an ending to every
stored memory of its kind, not only the closest.

Example:
    .. code-block:: python

        ends("Broke up with Kevin", "Boyfriend is Kevin")      # "broke up"
        ends("Broke up with Kevin", "Sister is dating Kevin")  # None
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from langmem_local.extraction import Decision

__all__ = ["also_ended", "ends", "held", "may_end", "words"]


def ends(new: str, stored: str) -> str | None:
    """Which life event in ``new`` ends what ``stored`` says, or None."""
    if _died(new, stored):
        return "died"
    if _broke_up(new, stored):
        return "broke up"
    if _pulled_out(new, stored):
        return "left it"
    if _ADOPTED.match(new) and _ADOPTING.match(stored):
        return "did it"
    if _BORN.search(new) and _EXPECTING.search(stored):
        return "born"
    return None


def may_end(new: str) -> bool:
    """Whether ``new`` has the shape of any of these events at all."""
    t = new.strip()
    return bool(
        _DIED.match(t)
        or _BROKE_UP.match(t)
        or _ADOPTED.match(t)
        or _PULLED.match(t)
        or _BORN.search(new)
    )


@lru_cache(maxsize=4096)
def held(stored: str) -> frozenset[str]:
    """The words of a stored memory (:func:`words`), once per text.

    A turn's fact meets up to 400 stored memories, and an ending asks for the
    same stored text's words again and again (:mod:`langmem_local.endings` too).
    """
    return frozenset(words(stored))


def words(text: str) -> list[str]:
    """Lower-case words, a plural's "s" and a possessive's "'s" dropped.

    "coffees" and "coffee" are one word; "luna's dental" is "luna", "dental".
    """
    return [w.rstrip("s") for w in re.findall(r"[a-z]+", re.sub(r"'s\b", "", text.lower()))]


_FILLER = frozenset("the a an to of in on for at their our my".split())


# "Baby Olivia Rose was born on March 1st" ends "Is expecting their first baby in March".
_BORN = re.compile(r"\bwas born\b|\bgave birth\b|\bhad (?:the|our|my|their) baby\b", re.I)
# What the user's pregnancy (or their partner's) made true until the birth.
_EXPECTING = re.compile(
    r"^(?:(?:wife|partner|girlfriend|fianc[eé]e?) )?(?:is|are) (?:\d+ weeks |\w+ months )?"
    r"(?:expecting|pregnant)\b|\bbaby is due\b|^(?:the )?due date is\b|"
    r"^has decided on \w+ if it's a (?:boy|girl)\b|"
    r"^(?:didn't|did not|doesn't|won't) (?:find out|know) the (?:sex|gender)\b",
    re.I,
)


_DIED = re.compile(
    r"^(?:[\w' -]+ )?([A-Z][a-z]+) (?:passed away|died|was put down|was put to sleep|"
    r"crossed the rainbow bridge)\b"
    # "Had to put Mochi down yesterday"
    r"|^(?:[Hh]ad to |[Ww]e had to )?[Pp]ut ([A-Z][a-z]+) (?:down|to sleep)\b"
)


def _died(new: str, stored: str) -> bool:
    """Whether ``new`` says the relative or pet ``stored`` names (as "named Max") died."""
    m = _DIED.match(new.strip())
    if m is None:
        return False
    name = m.group(1) or m.group(2)
    # "Has a cat named Mochi", "Cat Mochi is 15 now": what was true while they lived.
    said = rf"\b(?:named|called|name is) {name}\b|^(?:[A-Z]?[a-z]+ ){{1,2}}{name} (?:is|has)\b"
    return re.search(said, stored) is not None


_PULLED = re.compile(
    r"^(?i:pulled|took|withdrew|moved) ([A-Z][a-z]+) (?i:out of|from) (?:the )?(.+?)$"
)


def _pulled_out(new: str, stored: str) -> bool:
    """Whether a child taken out of a school or club ends what ``stored`` says of them there."""
    m = _PULLED.match(new.strip().rstrip("."))
    if m is None or not re.search(rf"\b{m.group(1)}\b", stored):
        return False
    said = held(stored)
    place = [w for w in words(m.group(2)) if w not in _FILLER]
    return bool(place) and all(w in said for w in place)


_ADOPTED = re.compile(r"^(?:finally |just |officially )*adopted\b", re.IGNORECASE)
_ADOPTING = re.compile(
    r"^(?:is|are) (?:thinking (?:about|of)|considering|planning (?:on|to)|hoping to|looking "
    r"(?:into|to)|leaning toward) adopt(?:ing)?\b",
    re.IGNORECASE,
)
# "Broke up last week with Kevin", "Split up", "Divorced Mark": a relationship ended.
_BROKE_UP = re.compile(
    r"^(?i:(?:just |finally |officially )?(?:broke up|splits? up|split|separated|divorced|"
    r"ended things|called it quits|got divorced|is (?:now )?(?:single|divorced|separated)))\b"
    r"(?:.*?\b(?i:with|from) (?:their |my )?(?:\w+ )?([A-Z][a-z]+)|(?: ([A-Z][a-z]+)\b))?",
)
# The user's own relationship, as stored: "Boyfriend is Kevin", "Is dating Kevin",
# "Has been together 2 years with their boyfriend Kevin", "Is married to Mark".
_PARTNERED = re.compile(
    r"^(?:(?:boyfriend|girlfriend|partner|husband|wife|fianc[eé]e?)\b|"
    r"(?:is|has been|have been) (?:dating|seeing|together|married|engaged|in a relationship)\b|"
    r"(?:is|has been) with (?:their )?(?:boyfriend|girlfriend|partner)\b|"
    r"lives (?:together\b.*\bwith |with )(?:their )?(?:boyfriend|girlfriend|partner)\b)",
    re.IGNORECASE,
)


def _broke_up(new: str, stored: str) -> bool:
    """Whether ``new`` ends the user's relationship that ``stored`` states.

    With a name ("Broke up with Kevin") the stored memory must name them; a
    break-up without one ("Broke up") ends whichever relationship is stored.
    """
    m = _BROKE_UP.match(new.strip())
    if m is None or not _PARTNERED.match(stored):
        return False
    name = m.group(1) or m.group(2)
    return name is None or re.search(rf"\b{name}\b", stored) is not None


#: Endings that end every memory of their kind, not only the closest: a birth ends
#: the pregnancy, its due date and the name picked "if it's a boy"; a break-up the
#: relationship and the engagement; a cancelled wedding its date and its venue.
_ENDS_ALL = frozenset({"born", "broke up", "cancelled the plan", "died", "retired"})


def also_ended(
    decisions: list[Decision],
    stored: list[str],
    taken: set[int],
    why: Callable[[str, str], str | None],
) -> list[Decision]:
    """DELETE of the other stored memories an ending (:data:`_ENDS_ALL`) also ends.

    Args:
        decisions: One turn's decisions; an UPDATE's ``id`` indexes ``stored``.
        stored: The stored memory texts.
        taken: Indexes some decision already updates or deletes (added to).
        why: Why a new text ends a stored one (:func:`langmem_local.endings.ends`).
    """
    out: list[Decision] = []
    for d in decisions:
        if d.event != "UPDATE" or why(d.text, stored[d.id]) not in _ENDS_ALL:
            continue
        for j, text in enumerate(stored):
            if j in taken or _NEGATED.match(text):
                continue
            if why(d.text, text) in _ENDS_ALL:
                taken.add(j)
                out.append(Decision(event="DELETE", id=j, text=text))
    return out


_NEGATED = re.compile(r"^(?:no longer|not|doesn't|does not|isn't|is not|never)\b", re.IGNORECASE)
