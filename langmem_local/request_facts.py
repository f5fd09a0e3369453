"""Facts a question or request states on the way ("a toast for my brother Marco's wedding").

:func:`langmem_local.statements.analyse` stores nothing of a question or a
request to the assistant. But a request can name the user's people and their
events while asking: "Can you help me write a toast for my brother Marco's
wedding next Saturday?" says that the user has a brother, Marco, and that he
marries next Saturday. This module finds those two shapes, and only those: a
relative or pet named by name ("for my sister Anna"), and a named or unnamed
relative's event ("my brother Marco's wedding next Saturday", "my mum's 60th
birthday"). Anything else in a request stays unsaid.

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

__all__ = ["facts", "named"]

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
