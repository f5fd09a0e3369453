"""A number or a date changed in few words, written into the memory it changes.

People report progress and changes tersely, often naming nothing: "down to
203!", "196 this morning", "update: at 6,800 now", "landlord raised the rent
to 1550", "they bumped me to $97,000", "had to move my dentist appt to the
28th", "the new date is October 5th". Stored as said, these are fragments
("Down to 203") next to a memory that stays current with the old value
("Is 210 lbs right now, goal is 180"). Matched by words, most share none
with what they change.

:func:`revaluation` reads such a clause: a cue of change ("up to", "down to",
"raised ... to", "moved ... to", "is now", "new date is") and the one new value.
:func:`revalued` then finds the stored memory whose value it changes and
writes the new value in place of the old one, so the rest of the memory stays
("Takes 75mcg of levothyroxine every morning on an empty stomach"):

* a memory that shares a word with the clause ("rent", "levothyroxine",
  "dentist") is preferred; a clause with no word of its own ("down to 203")
  may change any memory, one that names something else ("gym membership went
  up to $60") only one that shares its word;
* an amount changes an amount of the same kind ($, lbs, mg, or a bare number)
  and size (half to double), the closest one; a goal ("goal is 180", "save
  $20,000") only when the clause speaks of a goal ("aim for $30,000");
* a date changes a date.

When no memory has such a value the clause is stored as said, if it says
anything on its own, and dropped if not ("down to 203" about nothing known).

Example:
    .. code-block:: python

        change = revaluation("down to 203!")   # Revalue("amount", "203", ...)
        revalued(change, ["Is 210 lbs right now, goal is 180"])
        # (0, "Is 203 lbs right now, goal is 180")
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from langmem_local import slots

__all__ = ["AMOUNT", "DATE", "Revalue", "figure", "restated", "revaluation", "revalued"]

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# "June 4th", "june 20 2026", "the 28th", "5 March", "next Friday", "in June" (after a preposition).
DATE = _DATE = re.compile(
    rf"\b(?:{_MONTH} {_DAY}(?:,? \d{{4}})?|{_DAY} (?:of )?{_MONTH}(?:,? \d{{4}})?|"
    rf"the {_DAY}\b(?! of)|(?:next |this )?{_WEEKDAY}s?|"
    rf"(?:(?<=\bin )|(?<=\bto )|(?<=\bon )|(?<=\bfor )|(?<=\buntil ))(?!may be\b){_MONTH}|"
    # "postponed the wedding to spring 2027"
    r"(?:(?<=\bto )|(?<=\buntil ))(?:next )?(?:spring|summer|fall|autumn|winter)(?: \d{4})?)"
    r"(?![\w:])",
    re.IGNORECASE,
)
# "$1,850", "68k", "75mcg", "84 lbs", "210": not a clock time, a year or a date's day.
AMOUNT = _AMOUNT = re.compile(
    r"(?<![\w:/.,$-])(\$)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(k\b)?"
    r"(?:\s?(mg|mcg|ml|lbs?|pounds?|kg|kilos?|%|percent)\b|(/(?:hr|hour|h|mo|month|wk|week|yr|year|day)\b))?"
    r"(?![\w:/]|\.\d|,\d)",
    re.IGNORECASE,
)
_UNITS = {"lb": "lbs", "lbs": "lbs", "pound": "lbs", "pounds": "lbs", "kilo": "kg", "kilos": "kg"}
# "7:30", "8pm", "at 7": a time of day (a dinner pushed to 8, a flight that lands at 5:15).
_TIME = re.compile(
    r"(?<![\w:$])(?:\d{1,2}:\d{2}(?:\s?[ap]m)?|\d{1,2}\s?[ap]m|(?<=\bat )\d{1,2})(?![\w:])", re.I
)
_TIME_AFTER = re.compile(
    r"\b(?:to|till|until|at)\s+(\d{1,2}(?::\d{2})?(?:\s?[ap]m)?)(?![\w:])", re.I
)
_AMOUNT_CUE = re.compile(
    r"\b(?:up|down) to\b|\b(?:raised|increased|bumped|upped|lowered|cut|dropped|reduced|"
    r"negotiated|hiked|went up|went down|jumped|climbed|fell|raising|increasing|bumping|lowering|"
    r"cutting|dropping|reducing|switched|changed)\b.*\bto\b|"
    # "so the goal is only 60k now": the value it is now
    r"\b(?:is|are|'s) (?:only |just |actually )*\$?\d[\d,.]*k?\b.*\bnow\b|"
    r"\b(?:is|are|'s|'re) now\b|\bweigh(?:ed|s)? in at\b|\bweigh-?in\b.*\d|"
    r"\d[\d,.]*k?\s*(?:->|→|=>)\s*\$?\d|"  # "raise came with it, 118k -> 134k"
    r"\bfinal (?:\w+ )?is\b|\bnow (?:i've got|i have|we have|we've got|there are|i'm at)\b|"
    r"\bnow at\b|\bat \S+(?: \w+)? now\b|^\W*update\b|\bupdate:|"
    r"^\W*\$?\d[\d,.]*k? (?:this morning|today|now)\b|"
    r"\bnew (?:\w+ )?is\b|\baim(?:ing)? for\b|\b(?:just )?(?:hit|reached) \$?\d|"
    # "80k starting this month", "1600 effective March 1": a value that takes over then.
    r"\$?\d[\d,.]*k?\b.*\b(?:starting|effective|as of|from) (?:this|next|today|tomorrow|now|"
    r"the \d|\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)",
    re.IGNORECASE,
)
_DATE_CUE = re.compile(
    r"\b(?:moved|move|pushed|push|rescheduled|reschedule|postponed|bumped|changed|shifted|delayed|"
    r"switched)"
    r"\b|\bnew date\b|\bdate is now\b|\b(?:is|are|'s) now\b",
    re.IGNORECASE,
)
# The new date follows the change: "... to the 28th", "new date is October 5th".
_DATE_BEFORE = re.compile(
    r"\b(?:to|until|till|is now(?: on)?|new date is|date is now|(?:now )?(?:arriving|landing|"
    r"coming|flying in)(?: on)?)\s+$",
    re.I,
)
# Words that only say a change happened, or cheer it: no anchor in a memory.
_FILLER = re.compile(
    r"\b(?:update|updates|now|this morning|today|let'?s go+|go+|woo+|yay|ugh|lol|haha|finally|"
    r"managed to|at least|so far|had to|got|just|new|date|combined|it|they|them|we|he|she|"
    r"up|down|to|at|is|are|was|the|my|our|me|us|i|i've|have|in|weighed|weigh|"
    r"final(?= (?:headcount|count|number|total|tally|figure|amount)\b)|"
    # What any amount is called: "my rate", "the total", "final headcount".
    r"rate|rates|price|prices|pay|total|number|count|headcount|"
    # Who changed it: "doc upped me to 100mg", "my landlord raised it to 1550".
    r"doc|doctor|dr|gp|psychiatrist|endo|pharmacist|landlord|landlady|boss|manager|company)\b",
    re.IGNORECASE,
)
_CHANGE_VERBS = re.compile(
    r"\b(?:raised|increased|bumped|upped|lowered|cut|dropped|reduced|negotiated?|hiked|went|"
    r"jumped|climbed|fell|moved|move|pushed|push|rescheduled|reschedule|postponed|changed|"
    r"raising|increasing|bumping|lowering|cutting|dropping|reducing|"
    r"shifted|delayed|aim(?:ing)?|for|hit|reached|switched|arriving|landing|coming|flying|"
    r"flights?)\b",
    re.IGNORECASE,
)
_GOAL_BEFORE = re.compile(
    r"\b(?:goal|target|aim|aiming|save|saving|lose|losing|raise|raising|hit|reach)\b"
    r"(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
# "once a day", "twice daily", "3 times a week", "every morning": how often a dose is taken.
_OFTEN = re.compile(
    r"\b(?:once|twice|three times|four times|\d+ times|\d+x)(?: (?:a|per|each) (?:day|week|month)|"
    r" daily| weekly)\b|\bevery (?:day|morning|night|evening|other day|\d+ hours)\b",
    re.IGNORECASE,
)
_PER = {"hour": "hr", "h": "hr", "month": "mo", "week": "wk", "year": "yr"}
_GOAL_SAID = re.compile(r"\b(?:goal|target|aim|aiming)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Revalue:
    """A changed value, as :func:`revaluation` read it from a clause."""

    kind: str
    """``"amount"``, ``"date"`` or ``"time"`` (of day)."""
    new: str
    """The new value as said: "$2,050", "203", "75mcg", "the 28th"."""
    anchor: frozenset[str]
    """Stems of the clause's own words ("rent", "dentist"): empty when it names nothing."""
    goal: bool = False
    """The clause speaks of a goal ("decided to aim for $30,000")."""
    often: str | None = None
    """How often, when the clause says it with the amount ("1000mg once a day")."""


def revaluation(clause: str) -> Revalue | None:
    """The value a clause says changed, or None (see the module docstring)."""
    text = clause.strip()
    if _DATE_CUE.search(text):
        moved = [
            m
            for m in _DATE.finditer(text)
            if _DATE_BEFORE.search(text[: m.start()]) and not _inside_parentheses(text, m.start())
        ]
        if moved:  # "moved my dentist appt to the 28th", "the new date is October 5th"
            return Revalue("date", moved[-1].group(0), _before(text, moved[-1].start()))
        at = _TIME_AFTER.search(text)
        if at:  # "we pushed it to 8"
            return Revalue("time", at.group(1), _before(text, at.start()))
    masked = _DATE.sub(" ", text)
    # Not in the "(8 December 2026)" a relative date was resolved to.
    amounts = _amounts(masked)
    if not amounts or not _AMOUNT_CUE.search(masked):
        return None
    after_to = [
        m for m in amounts if re.search(r"(?:\b(?:to|at|for)|->|→|=>)\s*$", masked[: m.start()])
    ]
    chosen = after_to or amounts
    if len(chosen) != 1:
        return None  # "works 7 to 6": two numbers, no one new value
    # What it names comes before the value: "rent" in "raised my rent to $2,050
    # starting in April"; after it is a reason or a detail ("since my TSH was high").
    anchor = _before(masked, chosen[0].start())
    often = _OFTEN.search(masked, chosen[0].end())
    return Revalue(
        "amount",
        chosen[0].group(0).strip(),
        anchor,
        bool(_GOAL_SAID.search(text)),
        often.group(0) if often else None,
    )


def figure(clause: str) -> Revalue | None:
    """A bare figure said as a correction ("sorry, 43"): the nearest figure it replaces.

    Also one said first and restated ("(i meant) 8, they turned 8 in november").
    """
    text = clause.strip(" .!")
    m = _AMOUNT.fullmatch(text)
    if m is None:
        head, _, rest = text.partition(", ")
        m = _AMOUNT.fullmatch(head) if rest else None
        if m is not None and [a.group(0) for a in _AMOUNT.finditer(rest)] not in ([], [head]):
            return None  # "8, not 9": another number said, not this figure restated
    return Revalue("amount", m.group(0), frozenset()) if m else None


def restated(clause: str) -> Revalue | None:
    """The one amount a correction states ("ruby's zyrtec is 2.5ml"), named by what precedes it.

    Only for a clause said as a correction: it needs no cue of change, and, like
    any change, it only rewrites a memory that shares a word with it.
    """
    masked = _DATE.sub(" ", clause)
    amounts = _amounts(masked)
    if len(amounts) > 1:  # "ruby's is 2.5ml, the 5ml is Finn's dose": the first statement's
        masked = masked.split(", ", 1)[0]
        amounts = [m for m in amounts if m.end() <= len(masked)]
    if len(amounts) != 1:
        return None
    anchor = _before(masked, amounts[0].start())
    return Revalue("amount", amounts[0].group(0).strip(), anchor) if anchor else None


def revalued(change: Revalue, stored: Sequence[str]) -> tuple[int, str] | None:
    """``(index, corrected text)`` of the stored memory the change is for, or None."""
    shares = [bool(change.anchor & _anchor(text)) for text in stored]
    if change.anchor and not change.goal and not any(shares):
        return None  # "gym membership went up to $60": nothing stored is about a gym
    best: tuple[tuple[int, float, int], int, re.Match[str]] | None = None
    for i, text in enumerate(stored):
        for m in _values(change, text):
            closeness = _closeness(change, m, text, shares[i])
            if closeness is None:
                continue
            # A memory that names what changed first, then the nearest value, then the latest.
            key = (int(shares[i]), -closeness, i)
            if best is None or key > best[0]:
                best = (key, i, m)
    if best is None:
        return None
    _, i, m = best
    text = stored[i]
    end = m.end()
    if change.kind == "date":  # "april 4-12" moved to "may 16": the range goes with its start
        span = re.match(r"\s?[-\u2013]\s?\d{1,2}(?:st|nd|rd|th)?\b", text[end:])
        end += span.end() if span else 0
    text = text[: m.start()] + _written(change, m) + text[end:]
    if change.often:  # "switched me to 1000mg once a day": "twice a day" goes too
        text = _OFTEN.sub(change.often, text, count=1)
    return i, text


def _values(change: Revalue, text: str) -> list[re.Match[str]]:
    """The values of the change's kind in a stored text, not inside "(...)" notes."""
    pattern = {"date": _DATE, "time": _TIME}.get(change.kind, _AMOUNT)
    masked = text if change.kind != "amount" else _DATE.sub(lambda m: "#" * len(m.group(0)), text)
    return [m for m in pattern.finditer(masked) if not _inside_parentheses(text, m.start())]


def _closeness(change: Revalue, m: re.Match[str], text: str, shared: bool = False) -> float | None:
    """How near a stored value is to the new one (smaller is nearer), or None if unlike."""
    if change.kind != "amount":
        return 0.0 if m.group(0).lower() != change.new.lower() else None
    new = _AMOUNT.match(change.new)
    if new is None:
        return None
    old_value, new_value = _number(m), _number(new)
    if old_value == new_value or not old_value or not new_value:
        return None
    # Half to double; a third to three times for a memory that names what changed
    # ("emergency fund is at $6,500 now" after "... at $3,200").
    low, high = (1 / 3, 3.0) if shared else (0.5, 2.0)
    if not low <= new_value / old_value <= high:
        return None  # "2 meals" does not change "weighs 60 lbs"
    if _unit(new) and _unit(m) and _unit(new) != _unit(m):
        return None
    if bool(_GOAL_BEFORE.search(text[: m.start()])) != change.goal:
        return None  # "goal is 180" changes with a goal, "210 lbs" with progress
    return abs(new_value - old_value) / old_value


def _written(change: Revalue, m: re.Match[str]) -> str:
    """The new value in the stored value's place, its currency sign and unit kept."""
    if change.kind != "amount":
        return change.new
    new = _AMOUNT.match(change.new)
    assert new is not None  # _closeness matched it
    dollar = "$" if (m.group(1) or new.group(1)) else ""
    unit = new.group(4) or m.group(4) or new.group(5) or m.group(5)
    gap = m.group(0)[len(m.group(0).rstrip()) :]  # keep what followed the value
    written = f"{dollar}{new.group(2)}{new.group(3) or ''}"
    if unit:
        spaced = (
            " "
            if (m.group(4) and " " in m.group(0).strip())
            or (not m.group(4) and " " in new.group(0).strip())
            else ""
        )
        written += spaced + unit
    return written + gap


def _number(m: re.Match[str]) -> float:
    return float(m.group(2).replace(",", "")) * (1000 if m.group(3) else 1)


def _unit(m: re.Match[str]) -> str:
    if m.group(5):  # "/hr": a rate, whatever the currency sign
        return "/" + _PER.get(m.group(5).lower().lstrip("/"), m.group(5).lower().lstrip("/"))
    unit = (m.group(4) or "").lower()
    if m.group(1) or (m.group(3) and not unit):
        return "$"
    return _UNITS.get(unit, unit)


def _anchor(text: str) -> frozenset[str]:
    """Stems of what a text names, its cue and filler words aside."""
    bare = re.sub(r"\b(?:i|we|you|they|he|she|it|that)'(?:re|m|s|ve|ll|d)\b", " ", text, flags=re.I)
    bare = _CHANGE_VERBS.sub(" ", _FILLER.sub(" ", bare))
    bare = re.sub(r"\b(?:savings|saved|saving)\b", "save", bare, flags=re.I)
    return slots.content_stems(bare)


def _before(text: str, at: int) -> frozenset[str]:
    """The anchor of a clause: what it names before the value, after its last comma.

    "two new students joined my class this week, so now I've got 26" says
    nothing more of what the 26 counts than "now I've got".
    """
    return _anchor(re.split(r"[,;]\s", text[:at])[-1])


def _amounts(masked: str) -> list[re.Match[str]]:
    """The amounts in a clause with its dates masked, not inside a "(...)" note."""
    return [m for m in _AMOUNT.finditer(masked) if not _inside_parentheses(masked, m.start())]


def _inside_parentheses(text: str, at: int) -> bool:
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)
