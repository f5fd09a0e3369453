"""A first-person statement in the one memory style: "I love sailing" → "Loves sailing".

:func:`rewrite` turns a clause whose subject is the user ("I", "we", "my ...")
into third person without a subject, the way every memory is written
(:mod:`langmem_local.statements` decides which clauses are statements first);
:func:`third_person` turns the pronouns inside a clause ("my dog" → "their
dog", "with me" → "with them").

Example:
    .. code-block:: python

        rewrite("I really love sailing")       # ("Loves sailing", False)
        rewrite("my son Leo just turned 5")     # ("Son Leo is 5", True)
        third_person("walks my dog with me")    # "walks their dog with them"
"""

from __future__ import annotations

import re

from langmem_local import lexicon
from langmem_local.statements_style import PURPOSE, TIME_TAIL, conjugate

__all__ = ["kin_predicate", "rewrite", "third_person"]

_RELATIVE = re.compile(rf"^((?i:{lexicon.KIN}|{lexicon.PETS})(?: [A-Z][a-z]+)?) (.+)$")
_EMPHATIC = re.compile(
    r"^(?:really|just|actually|truly|honestly|absolutely|totally|definitely|basically|seriously|"
    r"kind of|sort of|personally|also|even|still|now)\s+",
    re.IGNORECASE,
)


def third_person(rest: str) -> str:
    """Pronouns inside a clause: "my dog" → "their dog", "with me" → "with them"."""
    rest = re.sub(r"\b(?:[Ii]'m|[Ii] am|Im)\b", "they're", rest)
    rest = re.sub(r"\bi'(ve|d|ll)\b", r"they'\1", rest)  # chat's lower-case "i've"
    rest = re.sub(r"\bI was\b", "they were", rest)
    # Chat's lower-case "i" too, but not the letter ("Patil, with an i").
    rest = re.sub(r"\bI\b|(?<!\ban )(?<!\ba )(?<!\bthe )\bi\b(?![.'])", "they", rest)
    rest = re.sub(r"\bmy\b", "their", rest, flags=re.I)
    rest = re.sub(r"\bmyself\b", "themself", rest, flags=re.I)
    rest = re.sub(r"\bmine\b", "theirs", rest, flags=re.I)
    return re.sub(r"\bme\b", "them", rest, flags=re.I)


def rewrite(clause: str) -> tuple[str, bool] | None:
    """First-person clause → memory style, or ``None`` when it is not first person."""
    change = bool(re.search(r"\b(?:now|anymore|any more|no longer|these days)\b", clause, re.I))
    c = re.sub(r"\b(?:any ?more|these days|nowadays)\b", "", clause, flags=re.I)
    c = re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", c)).strip(" ,")
    m = re.match(
        r"^(?:i|we)(?:'ve|\s+have|\s+had)?\s+(?:just |recently |finally |now )?"
        r"(?:moved|relocated)\s+"
        r"(?:back\s+)?(?:(?:from|out of)\s+.+?\s+)?(?:in )?(?:to|into)\s+(.+)$",
        c,
        re.I,
    )
    if m:
        where = re.split(r",|\s+(?:so|and|but|because)\s+", m.group(1), maxsplit=1)[0]
        return f"Lives in {TIME_TAIL.sub('', PURPOSE.sub('', where))}", True
    m = re.match(r"^(?:my|our)\s+(.+)$", c, re.I)
    if m:
        body = m.group(1)
        who = _RELATIVE.match(body)
        if who:  # "son Leo just turned 5" → "son Leo is 5"
            pred, moved = kin_predicate(who.group(2))
            body, change = f"{who.group(1)} {pred}", change or moved
        head, sep, tail = body.partition(" ")  # "GI switched me": not "G" + "I switched"
        return head[0].upper() + head[1:] + sep + third_person(tail), change
    m = re.match(r"^(?:i|we)(?:'m|'re| am| are|m)\s+(.+)$", c, re.I)
    if m:
        rest = m.group(1)
        while _EMPHATIC.match(rest):  # "I'm also really into X" → "Is into X"
            rest = _EMPHATIC.sub("", rest, count=1)
        return "Is " + third_person(rest), change
    m = re.match(r"^(?:i|we)(?:'ve| have)\s+(?:got\s+)?(.+)$", c, re.I)
    if m:
        return "Has " + third_person(m.group(1)), change
    m = re.match(r"^(?:i|we)(?:'d| would)\s+(.+)$", c, re.I)
    if m:
        return "Would " + third_person(m.group(1)), change
    m = re.match(r"^(?:i|we)(?:'ll| will)\s+(.+)$", c, re.I)
    if m:
        return "Will " + third_person(m.group(1)), change
    m = re.match(r"^(?:i|we)\s+(don't|do not|dont)\s+(.+)$", c, re.I)
    if m:  # "I don't actually have a hamster" → "Doesn't have a hamster"
        return "Doesn't " + third_person(_EMPHATIC.sub("", m.group(2))), change
    m = re.match(
        r"^(?:i|we)\s+(can't|cannot|can|didn't|won't|was|were|had|haven't|used to|"
        r"could|should|must|might|never|no longer)\s+(.+)$",
        c,
        re.I,
    )
    if m:
        aux = {"were": "was", "haven't": "hasn't"}.get(m.group(1).lower(), m.group(1).lower())
        rest = m.group(2)
        if aux in ("never", "no longer"):
            verb, _, tail = rest.partition(" ")
            rest = conjugate(verb) + (" " + tail if tail else "")
        return f"{aux.capitalize()} {third_person(rest)}", change or aux == "no longer"
    # Any "-ly" word before the verb is an adverb ("I strongly prefer"), not "fly".
    adverb = lexicon.ADVERBS + r"|(?!(?:fly|apply|reply|rely|supply)\b)[a-z]+ly"
    m = re.match(r"^(?:i|we)\s+((?:(?:" + adverb + r")\s+)*)(\S+)(.*)$", c, re.I)
    if m:
        adverbs, verb, tail = m.group(1), m.group(2), m.group(3)
        head = _EMPHATIC.sub("", (adverbs + conjugate(verb)).strip())
        return head[0].upper() + head[1:] + third_person(tail), change
    return None


def kin_predicate(pred: str) -> tuple[str, bool]:
    """What is said of a relative or pet, in the style their slots know, and whether it changed.

    Example:
        .. code-block:: python

            kin_predicate("just turned 5")   # ("is 5", True)
            kin_predicate("quit nursing and is a lawyer now")   # ("is a lawyer", True)
    """
    p = TIME_TAIL.sub("", pred.strip(" ,.!"))
    m = re.match(r"^(?:just |has just )?turned (\d{1,3})(?: years old)?$", p, re.I)
    if m:
        return f"is {m.group(1)}", True
    # "quit nursing and is a lawyer now": the new occupation is the fact.
    m = re.match(
        r"^(?:quit|left|stopped|gave up|changed) .+? and (?:is|works as|became) (?:now )?"
        r"((?:a|an) .+?)(?:\s+now)?$",
        p,
        re.I,
    )
    if m:
        return f"is {m.group(1)}", True
    m = re.match(r"^(?:is now|is) ((?:a|an) .+?) now$", p, re.I)
    if m:
        return f"is {m.group(1)}", True
    return pred, False
