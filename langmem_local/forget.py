"""What a "forget ..." request asks the engine to delete (the add path's rule step).

:meth:`langmem_local.ingest.Ingest.add` deletes on an explicit request without
asking the model. This module reads the request: :func:`target` is the thing
to forget ("Please forget that I like sushi" → "I like sushi"; "Forget it" →
None, an idiom for "never mind"), and :func:`named_memories` finds the memories
a request names without quoting them: an attribute ("where I live"), a person
("my ex", "Jordan"), a topic ("my health") or the previous turn ("that").
Anything else is looked up by relevance (:data:`MIN_RELEVANCE`).

Example:
    .. code-block:: python

        target("actually please don't store my address, delete it")   # "my address"
        named_attributes("my address")   # {"home"}
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from langmem_local import lexicon
from langmem_local import slots as slot_rules
from langmem_local.importance import is_health, is_medication

__all__ = [
    "MIN_RELEVANCE",
    "clear_match",
    "is_request",
    "named_attributes",
    "named_memories",
    "named_people",
    "target",
    "trimmed",
]

MIN_RELEVANCE = 0.55
"""A request that names no attribute or person deletes the stored memory at least this
similar to what it names (the best match only)."""

_FORGET = re.compile(
    r"^\W*(?:(?:actually|also|oh|ok|okay|and|so|but|hey|wait|sorry|one more thing|hmm+|um|uh|"
    r"well|yeah|nvm|never mind|"
    r"scratch that|never mind that)\W+)*"
    r"(?:can you |could you |would you |will you )?(?:(?:please|pls|plz)\s+)?(?:just\s+)?"
    r"(?:(?P<verb>forget|delete|remove|erase|wipe|ignore|disregard)\s+|"
    r"(?:do not|don't|dont|never|stop)\s+"
    r"(?:store|storing|remember|remembering|keep|keeping|save|saving|record|recording)\s+)"
    r"(?:(?:that|about|the fact that)\s+|(?:the|that|this) (?:thing|part|bit|stuff|info|"
    r"information|memory|fact|detail)s? (?:about|that|on)\s+|what i (?:just )?(?:said|told you|"
    r"mentioned) about\s+|(?:that )?i (?:said|told you|mentioned) (?:that |this |it )?about\s+|"
    r"what you (?:know|have|remember|stored|saved|got) (?:about|on)\s+|"
    r"(?:everything|anything|all)(?: you (?:have|know|saved|stored|"
    r"remember))? (?:about|on|regarding)\s+|(?:any|all) of\s+)?"
    r"(?P<what>.+?)(?:\s+from (?:your|the) (?:memory|memories|records|notes|database))?"
    r"(?:,?\s+(?:please|pls|plz))?[.!]?\s*$",
    re.IGNORECASE,
)
#: Where the thing to forget ends: a clause after it ("..., delete it", "..., I dropped out").
_FORGET_TAIL = re.compile(
    r"(?:,\s*(?:and\s+|so\s+|because\s+)?(?:delete|remove|erase|forget|please|thanks|thank|i|"
    r"never mind|nvm|"
    r"i'm|i've|i'd|it|it's|that|that's|this|don't|dont|she|he|they|she'd|he'd|they'd|she's|"
    r"he's|they're|we|we're|we've|my|just)\b|[?!.]\s).*$",
    re.IGNORECASE,
)


_WHAT_TAIL = re.compile(
    r"(?:[\s,]+(?:please|pls|plz|thanks|thank you|saved|stored|on file|recorded|kept|"
    r"in (?:your |the )?(?:memory|memories)|anymore|any more))+[.!]*$",
    re.IGNORECASE,
)
_HEALTH_TOPIC = re.compile(
    r"^(?:my )?(?:health|medical(?: (?:stuff|info|information|history|conditions?))?|"
    r"diagnos[ie]s|conditions?)$",
    re.IGNORECASE,
)
# "the medication thing", "my meds": the medications only, not every health fact.
_MEDICATION_TOPIC = re.compile(
    r"^(?:my |the )?(?:medications?|meds|medicines?|prescriptions?|pills)"
    r"(?: (?:thing|stuff|part|bit|info|information|i take|i'm on))?$",
    re.IGNORECASE,
)
_MONEY_TOPIC = re.compile(
    r"^(?:my )?(?:salary|income|pay|wages?|earnings|finances|financial (?:stuff|info|"
    r"information)|money(?: stuff)?|debts?|savings)$|^how much i (?:make|earn)$",
    re.IGNORECASE,
)
# What a memory about the user's money says: "Makes about 95k a year", "Has $20k in debt".
_MONEY = re.compile(
    r"\b(?:makes?|making|earns?|earning|salary|income|paid|wages?|debts?|owes?|savings|"
    r"mortgage|loans?|\d+(?:\.\d+)?/(?:hr|hour|h)|\d+ an hour|\d+ per hour|"
    r"\$\s?\d[\d,.]*k?|\d+k)\b",
    re.IGNORECASE,
)
_RECORDING = re.compile(
    r"\b(?:written down|write (?:it|that) down|stored|saved|recorded|on record|in (?:your )?memory|"
    r"remember(?:ed)?|kept|keep (?:it|that))\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset("him her them it this that these those everything anything all".split())
_OVER = re.compile(r"\b(?:used to|no longer|previously|formerly|before)\b", re.IGNORECASE)
_ME = re.compile(r"^(?:me|myself|us)$", re.IGNORECASE)
_IDIOM = re.compile(r"^(?:it|that|this|about it|about that)$", re.IGNORECASE)
_JUST_SAID = re.compile(
    r"^(?:that|it|this|what i (?:just )?said|what i just told you|the last (?:thing|part|bit)|"
    r"that last (?:thing|part|bit|one))$",
    re.IGNORECASE,
)


_KIDDING = re.compile(
    r"^\W*(?:lol |haha |lmao )?(?:jk|j/k|just kidding|kidding|i'm kidding|im kidding|"
    r"i was (?:just )?(?:kidding|joking))\b[\s.!,]*",
    re.IGNORECASE,
)


_ASKS = re.compile(
    r"^(?:(?:seriously|but|ok|okay|anyway)(?: tho| though)?,? )*(?:how|what|why|where|when|who|"
    r"can|could|should|would|do|does|is|are|any)\b|.*\?\s*$",
    re.IGNORECASE,
)


def _said_last(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The extracted memories the most recent turn wrote (the newest write's turn)."""
    facts = [r for r in rows if r.get("category") != "message" and r.get("source_turns")]
    if not facts:
        return []
    turn = max(facts, key=lambda r: r["updated_at"])["source_turns"][-1]
    return [r for r in facts if r["source_turns"][-1] == turn]


def clear_match(relevances: list[float]) -> bool:
    """Whether the best of a forget request's matches (relevance, best first) is the one it means.

    Close enough on its own (:data:`MIN_RELEVANCE`), or a keyword match (0.5 and
    up: :meth:`langmem_local.retrieval.Retrieval.retrieve` floors a keyword hit
    there) five times as relevant as the next: "forget my side bookkeeping
    stuff" names the one memory about bookkeeping (0.50 against 0.004).
    """
    if not relevances:
        return False
    best, rest = relevances[0], relevances[1:]
    return best >= MIN_RELEVANCE or (best >= 0.5 and all(best >= 5 * r for r in rest))


def trimmed(what: str, text: str) -> str | None:
    """A memory with only the part a topic request names taken out, or None to delete it.

    "forget what i make" after "Works as a nurse at St. Vincent's, night shift,
    making 48/hr": the job stays, the pay goes ("Works as a nurse at St.
    Vincent's, night shift"). Only for the money and medication topics, and
    only when the memory says something else in parts of its own (between
    commas); otherwise the whole memory is what was named.
    """
    if _MONEY_TOPIC.match(what):
        named = _MONEY.search
    elif _MEDICATION_TOPIC.match(what):
        named = is_medication  # what named_memories chose the memory by
    else:
        return None
    parts = re.split(r",\s+", text)
    kept = [p for p in parts if not named(p)]
    return ", ".join(kept) if kept and len(kept) < len(parts) else None


def named_memories(
    what: str, memories: Callable[[], list[dict[str, Any]]]
) -> list[dict[str, Any]] | None:
    """The memories a forget request names by attribute, person or topic; None: by none.

    "where I live" names the user's home (:func:`named_attributes`), "my ex" a
    relative and, through the memories, their name (:func:`named_people`),
    "that" what the previous turn stored, "my health" health facts. The user's
    memories are read (``memories()``) only when the request names one of these:
    otherwise the caller looks ``what`` up by relevance.
    """
    if _JUST_SAID.match(what):
        # "Please don't remember that": what the user's previous turn stored.
        return _said_last(memories())
    if _ME.match(what):
        # "Forget everything you know about me": the user's whole memory.
        return memories()
    if _MONEY_TOPIC.match(what):
        # "Forget my salary": what the user earns, owes or saves.
        rows = memories()
        return [r for r in rows if r.get("category") != "message" and _MONEY.search(r["text"])]
    if _MEDICATION_TOPIC.match(what):
        # "Forget the medication thing": what the user takes, not "Has asthma".
        rows = memories()
        return [r for r in rows if r.get("category") != "message" and is_medication(r["text"])]
    if _HEALTH_TOPIC.match(what):
        # "Forget everything about my health": conditions, allergies, medication.
        rows = memories()
        return [r for r in rows if r.get("category") != "message" and is_health(r["text"])]
    attributes, people = named_attributes(what), named_people(what)
    one = re.sub(r"^(?:my|our) (?=[a-z]+$)", "", what)  # "the thing about my diabetes"
    if (
        re.fullmatch(r"[A-Za-z][a-z]+", one)
        and one.lower() not in lexicon.NOT_NAMES
        and one.lower() not in _PRONOUNS
    ):
        people = {one.lower()}  # "delete anything you have about Jordan" (or "maya"): a name
    # "my old job": only what is over ("No longer works at Chase"), not the job they have.
    past = re.search(r"\b(?:old|previous|former|last|ex)\b", what, re.I) is not None
    if not attributes and not people:
        return None
    facts = [(r, slot_rules.parse(r["text"])) for r in memories() if r.get("category") != "message"]
    # "Sister Anna ..." names Anna: memories that name Anna are about the sister too.
    names = {
        s.display for _, sl in facts for s in sl if s.attribute == "name" and s.subject in people
    }
    names |= {p.capitalize() for p in people if p not in lexicon.KIN_SET}
    said = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b", re.I) if names else None

    topic = slot_rules.content_stems(one) if len(people) == 1 and " " not in one else frozenset()

    def named(row: dict[str, Any], slots: list[slot_rules.Slot]) -> bool:
        if said is not None and said.search(row["text"]):
            return True
        if topic and topic <= slot_rules.content_stems(row["text"]):
            return True  # "forget the therapy thing": "Sees a therapist every wednesday"
        over = not past or any(s.negated for s in slots) or _OVER.search(row["text"])
        return any(
            (s.subject == "user" and s.attribute in attributes and over) or s.subject in people
            for s in slots
        )

    return [row for row, slots in facts if named(row, slots)]


# How a request names one of the user's attributes without stating it ("forget
# where I live"), and the attributes it names.
_NAMED: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(rf"^(?:{pattern})$", re.I), attributes)
    for pattern, attributes in (
        (
            r"where (?:i|we) (?:live|stay|'m based|am based)|(?:my|our) (?:home )?address|"
            r"(?:my|our) home",
            ("home",),
        ),
        (
            r"where (?:i|we) work|what (?:i|we) do(?: for (?:a )?(?:living|work))?|"
            r"(?:my|our) (?:old |previous |former |last |current )?(?:job|work|employer|"
            r"occupation|profession|workplace)",
            ("job", "employer"),
        ),
        (r"how old (?:i am|i'm)|my age", ("age",)),
        (r"my name|what (?:i'm|i am) called", ("name",)),
        (r"where (?:i'm|i am|i come) from|where i grew up|my (?:hometown|origin)", ("origin",)),
        (r"my diet|what i (?:eat|don't eat)", ("diet",)),
        (
            r"my (?:relationship|marital) status|my relationship|whether i'm married",
            ("relationship", "partner"),
        ),
        (r"(?:my|our) car|what (?:i|we) drive", ("car",)),
    )
)


def named_people(phrase: str) -> set[str]:
    """The relatives or pets a phrase names without saying anything of them ("my ex").

    Example:
        .. code-block:: python

            named_people("my sister")   # {"sister"}
            named_people("my sister's job")   # set(): an attribute, not the person
    """
    p = re.sub(r"\s+", " ", phrase.strip(" .!?")).lower()
    m = re.match(rf"^(?:my|our) ({lexicon.KIN}|{lexicon.PETS})$", p)
    return {m.group(1)} if m else set()


def named_attributes(phrase: str) -> set[str]:
    """The user's attributes a phrase names without a value ("where I live" → home).

    Example:
        .. code-block:: python

            named_attributes("where I work")   # {"job", "employer"}
            named_attributes("my favourite colour")   # {"favourite colour"}
    """
    p = re.sub(r"\s+", " ", phrase.strip(" .!?")).replace("’", "'")
    m = re.match(r"^my (favou?rite \w+(?: \w+)?)$", p, re.I)
    if m:
        return {"favourite " + m.group(1).lower().split(" ", 1)[1]}
    return {a for pattern, attributes in _NAMED if pattern.match(p) for a in attributes}


def is_request(text: str) -> bool:
    """Whether a user message asks to forget something (idioms included: not extracted)."""
    return _FORGET.match(text) is not None


def target(text: str) -> str | None:
    """What a forget request names, or None (not a request, or "forget it": never mind).

    The request may follow a statement ("Rufus passed away last week. please just
    remove him"): then "him" / "her" is the one name said before it.
    """
    kidding = _KIDDING.match(text)
    if kidding and (not text[kidding.end() :].strip() or _ASKS.match(text[kidding.end() :])):
        return "that"  # "jk. seriously tho how do i ...": the previous turn was a joke
    match = _FORGET.match(text)
    if not match:
        before, _, after = text.partition(". ")
        found = target(after) if after else None
        names = [
            w
            for w in re.findall(r"\b[A-Z][a-z]+\b", before)
            if w.lower() not in lexicon.NOT_NAMES | lexicon.STOP
        ]
        if found is not None and found.lower() in ("him", "her") and len(set(names)) == 1:
            return names[0]  # "Rufus passed away last week. please just remove him"
        return found
    what = _FORGET_TAIL.sub("", match.group("what")).strip()
    # "everything about jake please", "my address saved", "the therapy thing"
    what = _WHAT_TAIL.sub("", what).strip() or what
    what = re.sub(r"^(?:the|that|this|my) (.+?) (?:thing|stuff|part|bit|info|one)$", r"\1", what)
    if (match.group("verb") or "").lower() in ("forget", "ignore") and _IDIOM.match(what):
        # "Forget it" means "never mind", not "delete"; unless the message speaks of
        # keeping it ("forget that, I'm not ready to have it written down").
        return what if _RECORDING.search(text) else None
    return what
