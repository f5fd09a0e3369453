"""A name's spelling corrected: "it's spelled Aidan, not Aiden" fixes the stored memories.

:func:`spelling` reads such a clause (a cue is needed: "spelled", "with a y",
"not Aiden"); :func:`langmem_local.statements.analyse` marks its fact
(:attr:`~langmem_local.statements.Fact.respell`). :func:`respellings` then turns
it into one corrected text per stored memory that has the old spelling, or the
closest one when the old one is not said ("her name is Katy, with a y" after
"girlfriend Katie"). The rest of each memory is kept, so "Son Aiden starts
kindergarten" is not replaced by a bare "Name is Aidan".

Example:
    .. code-block:: python

        spelling("it's spelled Aidan not Aiden")   # ("Name is Aidan", "Aiden")
        fact = Fact("Name is Aidan", correction=True, respell="Aiden")
        respellings([fact], [{"text": "Son Aiden is 5"}])
        # [(Fact("Son Aidan is 5", change=True, ...), 0)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from langmem_local import lexicon, revalue
from langmem_local import slots as slot_rules

if TYPE_CHECKING:
    from langmem_local.statements import Fact

__all__ = ["corrected", "fixes_number", "inline_fixes", "respellings", "spelling"]

# ", with a y", "with the i first", "with two n's": a spelling cue.
_WITH = r",? with (?:an? |the |two |double )?[\w']+(?: first| last| at the end)?"
_SPELLING = re.compile(
    r"^(?:it's|it is|its|that's) (?:actually )?(spelled |spelt )?([A-Z][a-z]+)"
    rf"({_WITH})?(,? not [A-Z][a-z]+)?$"
)
# "Her name is Katy btw, with a y", "Aidan with an a": someone else's name re-spelt.
# "my manager is Bryan with a Y, not Brian": a cue ("with a Y", "not Brian") is needed.
_THEIR_SPELLING = re.compile(
    r"^(?:(?i:her|his|their|(?:my|our) \w+'s) name(?:'s| is) (?:actually )?|"
    r"(?i:(?:my|our) [\w-]+ is (?:actually )?))?(?:(?:Dr|Mr|Mrs|Ms|Prof)\.? )?"
    r"(spelled |spelt )?([A-Z][a-z]+)(?:,? (?:btw|by the way))?"
    rf"({_WITH})?(,? not [A-Z][a-z]+)?$"
)


def spelling(clause: str) -> tuple[str, str] | None:
    """The text and old spelling of a clause that corrects a name's spelling, or None.

    "it's spelled Aidan not Aiden" may be the user's own name (``Name is
    Aidan`` when no stored name is close); "her name is Katy, with a y" and
    "Aidan with an a" are someone else's, so their text is the name alone.
    Only with a cue (spelled, "with a y", "not Aiden"): "it's Monday" is not one.
    """
    own = _SPELLING.match(clause)
    m = own or _THEIR_SPELLING.match(clause)
    if m is None or not (m.group(1) or m.group(3) or m.group(4)):
        return None
    if m.group(2).lower() in lexicon.NOT_NAMES:
        return None
    old = m.group(4).rsplit(" ", 1)[-1] if m.group(4) else ""
    return (f"Name is {m.group(2)}" if own else m.group(2)), old


# "it's the 15th, not the 14th", "she is 8 years, not 7": a number corrected.
_NUMBER = r"\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:k|st|nd|rd|th)?"
# "it's 68k not 65k", "$1,450, not $1,540": an amount corrected.
_NUMBER_FIX = re.compile(
    rf"(?<![\w$])({_NUMBER})(?: [a-z]+)?,? not (?:the )?({_NUMBER})(?!\w|,\d)", re.I
)
# "(sorry i said) 5, they're turning 6": what was said, then what is so.
_SAID_FIX = re.compile(
    rf"^({_NUMBER}),? (?:but )?(?:it's|it is|they're|they are|he's|he is|she's|she is|we're|"
    rf"i'm|it should be|should be)(?: (?:actually|really|turning|going to be|gonna be))* "
    rf"({_NUMBER})(?!\w|,\d)",
    re.I,
)
# "correction, his name is Kowalczyk": the name of someone already spoken of.
_NAME_FIX = re.compile(
    r"(?:^|, )(?i:her|his|their) name(?:'s| is) (?:actually )?([A-Z][a-z]+)\b"
    r"(?:,? not ([A-Z][a-z]+))?"
)

# "oops i meant san antonio, not austin": a word put in another's place.
# The clause may be all that is left of it: "(oops i meant) san antonio, not austin".
# Short words each side: "it's my son Leo who has it, not me" is another statement.
_MEANT = re.compile(
    r"(?:^|\bmeant )(?!(?:it|that|this)\b)([\w'-]+(?: [\w'-]+){0,2}),? not "
    r"(?!(?:me|him|her|them|us|a|an|the)\b)([\w'-]+(?: [\w'-]+){0,2})\s*$",
    re.I,
)
# "it's wednesdays off, not tuesdays": the words put in place, as many as it replaces.
_ITS_NOT = re.compile(
    r"^(?:it'?s|it is) (?!(?:spelled|spelt|called|named|pronounced|written)\b)"
    r"([\w'-]+(?: [\w'-]+){0,2}),? not "
    r"(?!(?:me|him|her|them|us|a|an|the)\b)([\w'-]+(?: [\w'-]+){0,2})\s*$",
    re.I,
)
# "lol typo, its whiskers": the word a typo got wrong, said again (the old one is found).
_TYPO = re.compile(
    r"^(?:(?:lol|oops|sorry|ugh)\W+)*(?:(?:typo|autocorrect)\W+)?"
    r"(?:it'?s|it is|i meant|meant|should be) ([a-z][\w-]+)()\s*$",
    re.I,
)


def inline_fixes(text: str) -> str:
    """``text`` with a value it takes back put right where it was said.

    "My anniversary is May 14... scratch that, it's May 17" → "My anniversary
    is May 17"; "I live in Boston, no wait, Cambridge" → "I live in
    Cambridge"; "my sister is 30, no actually she's 31" → "my sister is 31".
    Only a short new value of the kind the text said last (a date, a number,
    a capitalised name); anything else after the cue ("sorry for the late
    reply") leaves the text as it is.
    """
    m = _INLINE.match(text.strip())
    if m is None:
        return text
    head, new = m.group("head").rstrip(" .,;"), m.group("new").strip()
    for kind in (revalue.DATE, revalue.AMOUNT, _CAPITALISED):
        if not kind.fullmatch(new):
            continue
        found = [v for v in kind.finditer(head) if v.start()]  # not the first word
        if found:
            last = found[-1]
            return head[: last.start()] + new + head[last.end() :]
    return text


_INLINE = re.compile(
    r"^(?P<head>.+?)(?:\.{2,}|[,;.]|\s)\s*(?:scratch that|no wait|wait,? no|no,? actually|"
    r"sorry|i mean|i meant|correction)[,:]?\s+(?:(?:it's|it is|make that|she's|he's|they're|"
    r"it was|i'm|i am)\s+)?(?P<new>[^,.!?;]{1,30}?)[.!]*$",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\b")


def fixes_number(clause: str) -> bool:
    """Whether a clause puts one number in another's place ("Amir is 9, not 8")."""
    m = _NUMBER_FIX.search(clause)
    if m is not None and m.group(1) != m.group(2):
        return True
    m = _SAID_FIX.match(clause)
    return m is not None and m.group(1) != m.group(2)


def corrected(clause: str) -> tuple[str, str] | None:
    """``(new, old)`` in a clause said as a correction that only fixes a number or a name.

    "it's the 15th, not the 14th" → ``("15th", "14th")``; "his name is
    Kowalczyk" → ``("Kowalczyk", "")`` (the old spelling is found in the memories).
    """
    m = _NUMBER_FIX.search(clause)
    if m and m.group(1) != m.group(2):
        return m.group(1), m.group(2)
    m = _SAID_FIX.match(clause)
    if m and m.group(1) != m.group(2):
        return m.group(2), m.group(1)
    m = _ITS_NOT.match(clause)
    if m and m.group(1).lower() != m.group(2).lower():
        return " ".join(m.group(1).split()[: len(m.group(2).split())]), m.group(2)
    m = _NAME_FIX.search(clause) or _MEANT.search(clause) or _TYPO.match(clause)
    if m is None or m.group(1).lower() == (m.group(2) or "").lower():
        return None
    return m.group(1), m.group(2) or ""


def respellings(
    facts: Sequence[Fact], stored: Sequence[dict[str, Any]]
) -> list[tuple[Fact, int | None]]:
    """Each fact with None, except a name corrected: the memories it corrects.

    "it's spelled Aidan, not Aiden" becomes one corrected text per stored
    memory that says "Aiden" (:func:`_respelled`). A correction of the user's
    own name that matches none ("it's spelled Jon") is an ordinary "Name is
    Jon"; someone else's that matches none is dropped: who they are is unknown.
    A name put in another's place ("Croatia instead of Lisbon") corrects the
    plan that has the old one (:func:`_swapped`).
    """
    out: list[tuple[Fact, int | None]] = []
    for fact in facts:
        if fact.revalue is not None:  # "down to 203!": the value in the memory it changes
            found = revalue.revalued(fact.revalue, [row["text"] for row in stored])
            if found is not None:
                out.append((replace(fact, text=found[1], revalue=None), found[0]))
            elif fact.text:  # nothing stored has such a value: the clause as said
                out.append((replace(fact, revalue=None), None))
            continue
        if fact.respell is None:
            swaps = _swapped(fact, stored)
            out.extend([(corrected, index) for index, corrected in swaps] or [(fact, None)])
            continue
        new = fact.text.rsplit(" ", 1)[-1]
        # A spelling fixes every memory with the old name; a number or another word
        # put in its place ("meant san antonio, not austin") only the latest.
        other = fact.respell and (
            fact.respell[:1] in "$0123456789" or _near(fact.respell, new) is None
        )
        if other:  # "it's Montreal not Toronto": the word, not "Name is Montreal"
            fixes = _renumbered(replace(fact, text=fact.text.removeprefix("Name is ")), stored)
        else:
            fixes = _respelled(fact, stored)
        if fixes:
            out.extend((corrected, index) for index, corrected in fixes)
        elif fact.text.startswith("Name is ") and not _names_anyone(stored):
            # "it's spelled Jon" with nobody named in the memories: the user's own name.
            out.append((replace(fact, respell=None), None))
    return out


def _respelled(fact: Fact, stored: Sequence[dict[str, Any]]) -> list[tuple[int, Fact]]:
    """The stored memories whose name a spelling correction fixes, with corrected texts.

    "it's spelled Aidan, not Aiden": every memory that says "Aiden". With no
    old spelling given ("her name is Katy, with a y"), the closest spelling
    (:func:`_near`: "Katie") in the memories, the later in ``stored`` on a tie. The
    rest of each memory stays ("Son Aiden starts kindergarten" → "Son Aidan
    starts kindergarten").
    """
    new = fact.text.rsplit(" ", 1)[-1]
    # A name typed in lower case ("its whiskers") may fix a lower-case word.
    words = r"\b[A-Z][a-z]+\b" if new[:1].isupper() else r"\b[A-Za-z][a-z]+\b"
    best: tuple[int, int, str] | None = None  # (distance, -index, old spelling)
    for i, row in enumerate(stored):
        # Not the first word: a memory starts with its verb or relative ("Has", "Sister").
        for word in {m.group(0) for m in re.finditer(words, row["text"]) if m.start()}:
            if word == new or (fact.respell and word != fact.respell):
                continue
            distance = 0 if fact.respell else _near(word, new)
            if distance is not None and (best is None or (distance, -i) < best[:2]):
                best = (distance, -i, word)
    if best is None:
        return []
    old = re.compile(rf"\b{best[2]}\b")
    return [
        (i, replace(fact, text=old.sub(new, row["text"]), change=True, respell=None))
        for i, row in enumerate(stored)
        if old.search(row["text"])
    ]


# "we're doing Croatia instead of Lisbon", "Python rather than Java", "Croatia, not Lisbon".
_INSTEAD = re.compile(
    r"\b([A-Z][\w-]+),? (?:instead of|rather than|not) ([A-Z][\w-]+)\b"
    # "it's Owen who's allergic to penicillin, not Jack"
    r"|\b([A-Z][a-z]+) who(?:'s| is)? [^,]+,? not ([A-Z][a-z]+)\b"
)


def _swapped(fact: Fact, stored: Sequence[dict[str, Any]]) -> list[tuple[int, Fact]]:
    """One name put in another's place in the stored memory it changes (at most one).

    "change of plans, we're doing Croatia instead of Lisbon" after "Is planning
    a trip to Lisbon in June": the plan stays, its place changes ("... a trip
    to Croatia in June"). Only a memory about the user (not "Sister lives in
    Lisbon"), a plan first, else the latest; "Loves Lisbon" is not a plan to
    change. Nothing when no such memory has the old name: the fact is stored
    as said.
    """
    m = _INSTEAD.search(fact.source)
    if m is None or (m.group(1) or m.group(3)) == (m.group(2) or m.group(4)):
        return _place_swapped(fact, stored)
    new, old = m.group(1) or m.group(3), re.compile(rf"\b{re.escape(m.group(2) or m.group(4))}\b")
    mine = [
        i
        for i, row in enumerate(stored)
        if old.search(row["text"]) and not _ABOUT_SOMEONE.match(row["text"])
    ]
    plans = [i for i in mine if _PLAN.search(stored[i]["text"])]
    if not plans and any(_LIKING.match(stored[i]["text"]) for i in mine):
        return []  # "Loves Lisbon": a taste, not a plan to change
    chosen = (plans or mine)[-1:]
    return [(i, replace(fact, text=old.sub(new, stored[i]["text"]), change=True)) for i in chosen]


# "Maple Grove Montessori", "Lincoln Elementary": a place or an organisation by name.
_PROPER = re.compile(r"(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_NAME_WORD = re.compile(r"(?<!^)\b[A-Z][a-z]+\b")


def _place_swapped(fact: Fact, stored: Sequence[dict[str, Any]]) -> list[tuple[int, Fact]]:
    """A named place put "instead" in another's place, the old one left unsaid.

    "we're putting Eli in Maple Grove Montessori instead of the public school"
    after "Son Eli starts kindergarten in the fall at Lincoln Elementary": the
    memory about Eli keeps everything but the school. Only when the turn says
    "instead", the new fact names one such place, and exactly one stored memory
    shares a name with it (Eli) and names one other place.
    """
    if not re.search(r"\binstead\b", fact.source, re.IGNORECASE):
        return []
    new = _PROPER.findall(fact.text)
    if len(new) != 1:
        return []
    inside = set(new[0].lower().split())
    names = {w.lower() for w in re.findall(r"\b[A-Za-z][a-z]+\b", fact.text)} - inside
    found = []
    for i, row in enumerate(stored):
        old = [p for p in _PROPER.findall(row["text"]) if p != new[0]]
        said = {w.lower() for w in _NAME_WORD.findall(row["text"])} - {
            w.lower() for p in old for w in p.split()
        }
        if len(old) == 1 and said & names:
            found.append((i, row["text"].replace(old[0], new[0])))
    if len(found) != 1:
        return []
    return [(found[0][0], replace(fact, text=found[0][1], change=True))]


_ABOUT_SOMEONE = re.compile(rf"^(?i:{lexicon.KIN}|{lexicon.PETS})\b")
_PLAN = re.compile(
    r"\b(?:plan|planning|going|trip|visit|visiting|flying|moving|booked|holiday|vacation|"
    r"honeymoon|will|wants? to|hoping)\b",
    re.IGNORECASE,
)
_LIKING = re.compile(r"^(?:likes|loves|enjoys|adores|prefers|hates|dislikes)\b", re.IGNORECASE)


def _names_anyone(stored: Sequence[dict[str, Any]]) -> bool:
    """Whether a memory names someone ("Sister Aileen had twins"), the user aside."""
    return any(
        s.attribute == "name" and s.subject != "user"
        for row in stored
        for s in slot_rules.parse(row["text"])
    )


def _renumbered(fact: Fact, stored: Sequence[dict[str, Any]]) -> list[tuple[int, Fact]]:
    """The latest stored memory with the old number, the new one in its place (at most one).

    "it's the 15th, not the 14th" after "Flight to Rome is on the 14th". A
    number is in many memories; the correction is of the one said last.
    """
    old = re.compile(rf"(?<![\w$]){re.escape(fact.respell or '')}(?!\w)", re.IGNORECASE)
    found = [i for i, row in enumerate(stored) if old.search(row["text"])]

    def put(m: re.Match[str]) -> str:  # "Austin" → "San Antonio", as the memory wrote it
        return fact.text.title() if m.group(0)[:1].isupper() else fact.text

    return [
        (i, replace(fact, text=old.sub(put, stored[i]["text"]), change=True, respell=None))
        for i in found[-1:]
    ]


def _near(a: str, b: str) -> int | None:
    """Edit distance of two names when one could be a misspelling of the other, else None.

    The same first letter, at least three letters, and at most two edits, no
    more than half the shorter name ("Katie" / "Katy" 2, "Jon" / "John" 1;
    "Ana" / "Dan" no).
    """
    a, b = a.lower(), b.lower()
    if min(len(a), len(b)) < 3 or (a[0] != b[0] and (len(a) != len(b) or a[1:] != b[1:])):
        return None  # a different first letter only as the one change ("Aileen" / "Eileen")
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    distance = row[-1]
    # Up to two edits; more for a long name whose first four letters agree ("Kowalski" /
    # "Kowalczyk": 4), never more than half the shorter name.
    most = min(len(a), len(b)) // 2 if a[:4] == b[:4] else min(2, min(len(a), len(b)) // 2)
    return distance if distance <= most else None
