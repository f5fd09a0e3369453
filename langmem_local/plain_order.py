"""A statement clause put in the order the statement rules read: subject first.

People front a time ("Every morning I have coffee"), name someone before
themselves ("Emma and I broke up"), put a name in commas or brackets ("My ex,
Jake, ...", "my mom (her name's Carol)"), or say an age the way their first
language does ("he has 4 years"). :func:`in_plain_order` rewrites these into
the one order :func:`langmem_local.statements.canonical` expects.

Example:
    .. code-block:: python

        in_plain_order("Emma and I broke up")            # "I broke up with Emma"
        in_plain_order("Every morning I have coffee")    # "I have coffee every morning"
"""

from __future__ import annotations

import re

from langmem_local import lexicon
from langmem_local.clauses import NAMED_ONLY

__all__ = ["in_plain_order"]


_FRONTED = re.compile(
    r"^((?:every|each|this|last|next) (?:morning|evening|night|day|week|weekend|month|year|"
    r"summer|winter|spring|autumn|fall|\w+day)|on (?:weekends|\w+days?)|most days|most mornings|"
    r"usually|sometimes|often|always|yesterday|today|tonight|recently|in the (?:mornings?|"
    r"evenings?|afternoons?)|at night|at weekends)(?: \([^)]*\))?,?\s+((?:i|we)\b.+)$",
    re.IGNORECASE,
)


def in_plain_order(clause: str) -> str:
    """A statement clause with its subject first, as the statement rules expect.

    Example:
        .. code-block:: python

            in_plain_order("Emma and I broke up")            # "I broke up with Emma"
            in_plain_order("Every morning I have coffee")    # "I have coffee every morning"
            in_plain_order("My ex, Jake, still texts me")    # "My ex Jake still texts me"
    """
    # "My wife name is Camila" → "My wife's name is Camila"; "he has 4 years" → "... is 4
    # years old": phrasings of users who learnt English second.
    clause = re.sub(
        rf"\b((?i:my|our) (?i:{lexicon.KIN}|{lexicon.PETS})) name (is|was)\b",
        r"\1's name \2",
        clause,
    )
    clause = re.sub(r"^(?i:i) (?:have|has) (\d{1,3}) years?$", r"I am \1 years old", clause)
    clause = re.sub(
        r"\b(?:has|have) (\d{1,3}) years?(?: old)?(?! ago| of)\b", r"is \1 years old", clause
    )
    # "Mom's neurology appointment is ...", "Dad is visiting": a parent named by the word.
    clause = re.sub(
        r"^((?i:mom|mum|dad|grandma|grandpa|nana|papa|mama))(?='s |\s)", r"my \1", clause
    )
    # "austin is where my brother lives" → "my brother lives in austin".
    clause = re.sub(
        rf"^([\w][\w .'-]*?) is where ((?i:my|our) (?i:{lexicon.KIN})) "
        r"(lives|works|grew up|studies)$",
        r"\2 \3 in \1",
        clause,
    )
    # "We both love hiking" → "We love hiking": "both" is not the verb.
    clause = re.sub(r"^((?i:we|they)) (?:both|each|two) ", r"\1 ", clause)
    # "my mom (her name's Carol) is ..." → "my mom Carol is ...".
    clause = re.sub(
        rf"\b((?i:my|our) (?i:{lexicon.KIN}|{lexicon.PETS})) \((?i:her|his|their) "
        r"name(?:'s| is) ([A-Z][a-z]+)\)",
        r"\1 \2",
        clause,
    )
    # "My ex, Jake, still texts me" → "My ex Jake still texts me".
    m = re.match(rf"^((?i:my|our) (?i:{lexicon.KIN}|{lexicon.PETS})), ([A-Z][a-z]+), (.+)$", clause)
    if m:
        clause = f"{m.group(1)} {m.group(2)} {m.group(3)}"
    # "Guitar is something I play a lot" → "I play guitar a lot".
    m = re.match(
        rf"^([\w' -]+?) is something (?:that )?(i|we) ((?:(?:{lexicon.ADVERBS}) )*\w+)(.*)$",
        clause,
        re.I,
    )
    if m:
        clause = f"{m.group(2)} {m.group(3)} {m.group(1).lower()}{m.group(4)}"
    # "Emma and I broke up" → "I broke up with Emma".
    m = re.match(r"^(.+?),? and (?:i|me) (.+)$", clause, re.I)
    if m and re.fullmatch(r"[a-z]{3,12}", m.group(1)):  # "sam and i broke up"
        m = re.match(
            r"^(.+?),? and (?:i|me) (.+)$",
            m.group(1).capitalize() + clause[len(m.group(1)) :],
            re.I,
        )
    if m and NAMED_ONLY.match(m.group(1)):
        rest, who = m.group(2), m.group(1)
        # "My brother and I rarely see each other" → "I rarely see my brother".
        clause = (
            f"I {rest.replace('each other', who)}"
            if "each other" in rest
            else (f"I {rest} with {who}")
        )
    # "Every morning I have coffee" → "I have coffee every morning".
    m = _FRONTED.match(clause)
    if m:
        clause = f"{m.group(2)} {m.group(1).lower()}"
    return clause
