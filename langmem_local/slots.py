"""Which attribute a memory states, its value, and the relations it implies.

A memory in the house style ("Lives in Boston", "Sister Anna is a nurse",
"No longer drinks coffee") is parsed into :class:`Slot` s: *whose* attribute
(the user, or a person or pet named by relation), *which* attribute (home, job,
employer, diet, relationship, age, name, origin, car, ``favourite X``, a
preference, how many of a thing) and its value, plus whether the statement is
negated. Single-valued
attributes are what makes a new statement an UPDATE of a stored one
(:mod:`langmem_local.reconcile`). Slots are recomputed from the memory text, so
no schema change is needed and old memories take part too.

Example:
    .. code-block:: python

        from langmem_local.slots import parse, relations

        parse("Lives in Boston")[0]
        # Slot(subject='user', attribute='home', value='boston', single=True, negated=False, ...)
        relations("Sister Anna is a nurse")
        # [{'source': 'user', 'relation': 'sister', 'target': 'Anna'},
        #  {'source': 'Anna', 'relation': 'works_as', 'target': 'nurse'}]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from langmem_local import lexicon, people

__all__ = ["Slot", "content_stems", "negation", "parse", "relations", "stem"]


@dataclass(frozen=True)
class Slot:
    """One attribute stated by a memory."""

    subject: str
    """``"user"``, or the person/pet it is about, lower case ("anna", "sister", "dog")."""
    attribute: str
    """``home``, ``job``, ``employer``, ``diet``, ``relationship``, ``age``, ``name``,
    ``origin``, ``car``, ``favourite <thing>``, ``number of <noun stem>``, ``pet`` or
    ``likes``."""
    value: str
    """Normalised value ("boston", "software engineer")."""
    display: str
    """The value as written ("Boston")."""
    single: bool
    """One value at a time: a different value replaces the stored one."""
    negated: bool
    """The statement denies it ("No longer lives in Boston")."""


_SUBJECT = re.compile(
    rf"^(?P<kin>(?i:{lexicon.KIN}|{lexicon.PETS}))(?: (?P<name>[A-Z][a-z]+))?(?P<poss>'s)? "
    rf"(?P<rest>.+)$"
)
_NAMED = re.compile(r"^([A-Z][a-z]{1,14}) ((?:is|has|does|plays|takes|lives|works)\b.+)$")
_ARTICLE = re.compile(r"^(?:a|an|the|their|his|her)\s+", re.I)
_TIME = re.compile(
    r"(?:\s+(?:since|for|from|until|in|on|last|this|next|every)\b.*|\s*\(.*\))$", re.I
)


def stem(word: str) -> str:
    """A crude stem: plural and common suffixes off, then the first five letters.

    "allergy"/"allergic" and "peanut"/"peanuts" share a stem; so do the
    inflections of a verb. Crude on purpose: it only has to make paraphrases of
    one statement look alike.
    """
    w = word.lower().strip("'")
    w = re.sub(r"'s$", "", w)
    if w in lexicon.LIKE_VERBS or w in lexicon.DISLIKE_VERBS or w == "fan":
        return "like"
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
                w = w[:-1]  # "running" and "run" alike
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]  # "live" and "lives" alike
    return w[:5]


def negation(text: str) -> tuple[bool, str]:
    """``(negated, positive form)``: "No longer drinks coffee" → ``(True, "Drinks coffee")``."""
    t = text.strip()
    rules = [
        (r"^is (?:no longer|not|never)\s+", "Is "),
        (r"^isn't\s+", "Is "),
        (r"^(?:has|have)n't\s+", "Has "),
        (r"^(?:no longer|never)\s+", ""),
        (r"^(?:doesn't|does not|don't|do not)\s+", "~"),
        (r"^(?:can't stand|cannot stand|hates|dislikes|detests|loathes)\s+", "Likes "),
    ]
    for pattern, repl in rules:
        m = re.match(pattern, t, re.I)
        if m:
            rest = t[m.end() :]
            if repl == "~":  # "doesn't drink coffee" → "Drinks coffee"
                verb, _, tail = rest.partition(" ")
                from langmem_local.statements_style import conjugate

                rest = conjugate(verb) + (" " + tail if tail else "")
                repl = ""
            positive = repl + rest
            return True, positive[0].upper() + positive[1:]
    return False, t


@lru_cache(maxsize=4096)
def content_stems(text: str) -> frozenset[str]:
    """Stems of a statement's content words, negation and function words removed."""
    _, positive = negation(text)
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", positive.lower())
    skip = lexicon.STOP | lexicon.NEGATIONS
    return frozenset(stem(w) for w in words if w not in skip and len(w) > 1)


_PROPER = re.compile(r"^[A-Z][\w.&'-]*(?:\s+(?:of|de|la|del|on|upon|[A-Z][\w.&'-]*))*")


def _value(text: str) -> tuple[str, str]:
    display = _TIME.sub("", _ARTICLE.sub("", text.strip(" .,"))).strip(" .,")
    proper = _PROPER.match(display)
    if proper:
        # "Seattle with their wife", "Google as an engineer": the name is the value.
        display = re.sub(r"\s+(?:of|de|la|del|on|upon)$", "", proper.group(0))
    return display.lower(), display


def _predicate_slots(subject: str, pred: str, negated: bool) -> list[Slot]:
    """Slots of a positive predicate ("Lives in Boston") about ``subject``."""
    p = pred.strip()
    low = p.lower()

    def slot(attribute: str, raw: str, single: bool = True) -> Slot:
        value, display = _value(raw)
        return Slot(subject, attribute, value, display, single, negated)

    m = re.match(
        r"^lives? (?:alone |together |with [\w ]+? )?(?:in|on|at) (.+)$|"
        r"^(?:new |home |street |current )?address is (.+)$",
        p,
        re.I,
    )
    if m:  # "Lives on Elm Street" is a home as much as "Lives in Boston"
        return [slot("home", m.group(1) or m.group(2))]
    m = re.match(
        r"^(?:just |recently |finally )?moved (?:back )?(?:to|into) ([A-Za-z].+)$", p, re.I
    )
    if m and subject != "user":  # "Best friend Marcus moved to Boston": a new home
        return [slot("home", m.group(1))]
    m = re.match(r"^works? as (?:a |an )?(.+?)(?: (?:at|for) (.+))?$", p, re.I)
    if m:
        out = [slot("job", m.group(1))]
        return out + ([slot("employer", m.group(2))] if m.group(2) else [])
    m = re.match(
        r"^works? (?:part[- ]time |full[- ]time |remotely |nights )?(?:at|for) ([^,]+)", p, re.I
    )
    if m:  # "Works part time at the campus library, like 12 hrs a week"
        return [slot("employer", m.group(1))]
    # "Is vegan, have been for 3 years", "Has been vegetarian for like 6 years"
    m = re.match(
        r"^(?:is|has been) (?:strictly |fully |completely |totally |100% )?(?:a |an )?("
        + lexicon.DIETS
        + r")(?:,.*| for .*)?$",
        low,
    )
    if m:
        return [slot("diet", m.group(1))]
    m = re.match(
        r"^is (?:a|an) ((?:[a-z-]+ ){0,3}(?:" + lexicon.OCCUPATIONS + r"))"
        r"(?: (?:on|in) the [\w -]+?)?(?: (?:at|for) (.+))?$",  # "... on the cardiac floor at"
        p,
        re.I,
    )
    if m:
        out = [slot("job", m.group(1))]
        return out + ([slot("employer", m.group(2))] if m.group(2) else [])
    m = re.match(r"^(?i:is) (dating) ([A-Z][a-z]+)$", p)  # "Is dating Sam"
    if m:
        return [slot("relationship", "dating"), slot("partner", m.group(2))]
    m = re.match(
        r"^is (" + lexicon.RELATIONSHIP + r")(?: (?:to|named|called) (.+?))?"
        r"(?:,? (?:for|since) [\w ]+| and .+)?$",  # "... for a month", "... and on dating apps"
        p,
        re.I,
    )
    if m:
        out = [slot("relationship", m.group(1))]
        return out + ([slot("partner", m.group(2))] if m.group(2) else [])
    m = re.match(r"^is (\d{1,3})(?: years old)?$", low)
    if m:
        return [slot("age", m.group(1))]
    m = re.match(r"^(?:'s )?name is (.+)$|^is (?:called|named) (.+)$|^is ([A-Z][a-z]+)$", p)
    if m and subject != "user":  # "Wife is Maria"
        return [slot("name", m.group(1) or m.group(2) or m.group(3))]
    m = re.match(r"^(?:'s )?name is (.+)$|^is (?:called|named) (.+)$", p, re.I)
    if m:
        return [slot("name", m.group(1) or m.group(2))]
    m = re.match(r"^favou?rite (.+?) is (.+)$", p, re.I)
    if m:  # "film" and "movie" are one favourite
        kind = m.group(1).lower()
        return [slot(f"favourite {_FAVOURITE_KINDS.get(kind, kind)}", m.group(2))]
    m = re.match(r"^(?:broke up with|split up with|separated from|divorced) (.+)$", p, re.I)
    if m:  # "Broke up with Emma" ends "Girlfriend is Emma"
        return [slot("relationship", "single")]
    m = re.match(r"^(?:is (?:originally )?from|comes from|grew up in|was born in) (.+)$", p, re.I)
    if m:
        return [slot("origin", m.group(1))]
    m = re.match(r"^drives (?:a |an )?(.+)$", p, re.I)
    if m:
        return [slot("car", m.group(1))]
    m = re.match(
        r"^(?i:has|owns) (?i:a |an |one |two |three |\d+ )?((?i:"
        + lexicon.PETS
        + r"))s?(?:,? (?:named|called) ([A-Z][a-z]+))?",
        p,
    )
    if m:
        out = [slot("pet", m.group(1), single=False)]
        if m.group(2):
            value, display = _value(m.group(2))
            out.append(Slot(m.group(1).lower(), "name", value, display, True, negated))
        # The count first: "Has three cats" against "Has two cats" is decided by it.
        return _count_slots(subject, p, negated) + out
    counted = _count_slots(subject, p, negated)
    if counted:
        return counted
    m = re.match(
        r"^has (?:a |an )?(girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?)\b", p, re.I
    )
    if m:  # "Has a girlfriend" ends "Is single"
        return [slot("relationship", _PARTNER_STATUS[m.group(1).lower()])]
    m = re.match(r"^(?:studies|is studying|majors in|is majoring in) (.+?)(?: at .+)?$", p, re.I)
    m = m or re.search(r"\b(?:studying|majoring in) ([a-z][a-z ]+?)(?: at .+| \(.*\)|,.*)?$", p)
    if m:  # "Is a junior at Ohio State studying mechanical engineering": one field at a time
        return [slot("study", m.group(1))]
    m = re.match(r"^(?:likes|loves|enjoys|adores|prefers|is into|is a fan of) (.+)$", p, re.I)
    if m:  # what is liked, before an aside ("tea, coffee all the way"): "spicy stuff" is "spicy"
        liked = re.sub(r" (?:stuff|things|food)$", "", m.group(1).split(",", 1)[0])
        return [slot("likes", liked, single=False)]
    return []


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()
_COUNT = re.compile(
    r"^(?:has|owns) (\d{1,3}|" + "|".join(_NUMBER_WORDS) + r") ((?:[a-z-]+ ){0,2}?[a-z-]+s)\b",
    re.I,
)


def _count_slots(subject: str, pred: str, negated: bool) -> list[Slot]:
    """``number of <noun>``: how many of a thing, one count at a time.

    "Has two brothers" then "Has three brothers" is a change (or a correction),
    not a second fact; "Has a dog" states no count and takes no slot.
    """
    m = _COUNT.match(pred)
    if not m:
        return []
    number = m.group(1).lower()
    value = str(_NUMBER_WORDS.index(number) + 1) if number in _NUMBER_WORDS else str(int(number))
    noun = m.group(2).lower().split()[-1]
    return [Slot(subject, f"number of {stem(noun)}", value, m.group(1), True, negated)]


_FAVOURITE_KINDS = {
    "film": "movie",
    "tv show": "show",
    "series": "show",
    "tv series": "show",
    "color": "colour",
    "novel": "book",
    "dish": "food",
    "meal": "food",
    "track": "song",
    "sport to watch": "sport",
}
"""Favourites that are one slot under two names."""
_PARTNER_STATUS = {
    "girlfriend": "in a relationship",
    "boyfriend": "in a relationship",
    "partner": "in a relationship",
    "wife": "married",
    "husband": "married",
    **dict.fromkeys(("fiance", "fiancee", "fiancé", "fiancée"), "engaged"),
}
"""The relationship status that having such a partner states ("Girlfriend's name is Mei")."""


def _with_partner(slots: list[Slot], kin: str | None) -> list[Slot]:
    """``slots``, and the user's relationship status when ``kin`` is a partner."""
    status = _PARTNER_STATUS.get(kin or "")
    if status is None or any(s.attribute == "relationship" for s in slots):
        return slots
    return [*slots, Slot("user", "relationship", status, status, True, False)]


def parse(text: str) -> list[Slot]:
    """The slots a memory text states (empty when none is recognised)."""
    return list(_parse(text))


@lru_cache(maxsize=4096)  # a turn compares each new fact with up to 400 stored texts
def _parse(text: str) -> tuple[Slot, ...]:
    t = text.strip().rstrip(".")
    subject, kin, name = "user", None, None
    m = _SUBJECT.match(t)
    named = None if m else _NAMED.match(t)
    if named and people.subject(named.group(0)) is not None:
        # "Theo is 6": someone the user names alone (langmem_local.people).
        subject, t = named.group(1).lower(), named.group(2)
    if m:
        kin, name = m.group("kin").lower(), m.group("name")
        subject = name.lower() if name else kin
        t = ("'s " if m.group("poss") else "") + m.group("rest")
        if m.group("poss"):  # "Sister's name is Anna", "Dog's name is Rex"
            t = t.removeprefix("'s ")
            m2 = re.match(r"^name is (.+)$", t, re.I)
            if m2:
                value, display = _value(m2.group(1))
                return tuple(_with_partner([Slot(kin, "name", value, display, True, False)], kin))
    negated, positive = negation(t)
    out = _predicate_slots(subject, positive, negated)
    if kin and not negated:
        # "Dad is 71 and lives alone in tucson": each predicate states its own slot.
        for part in re.split(r" and (?=(?:is|lives|works|has)\b)", positive)[1:]:
            out += [s for s in _predicate_slots(subject, part, False) if s not in out]
    # "Has a son named Leo and a daughter named Mia": every named relative or pet.
    for m in re.finditer(
        rf"\b((?i:{lexicon.KIN}|{lexicon.PETS})) (?:named|called) ([A-Z][a-z]+)", positive
    ):
        who = m.group(1).lower()
        if not any(s.subject == who and s.attribute == "name" for s in out):
            single = who in lexicon.UNIQUE_KIN or who not in lexicon.KIN_SET
            out.append(Slot(who, "name", m.group(2).lower(), m.group(2), single, negated))
    if kin and name:
        # "Sister Anna ...": also the relation's name (single for a unique relation).
        out.append(Slot(kin, "name", name.lower(), name, kin in lexicon.UNIQUE_KIN, False))
    for who in [kin, *(s.subject for s in out if s.attribute == "name")]:
        out = _with_partner(out, who)
    return tuple(out)


_REL_OF = {
    "home": "lives_in",
    "job": "works_as",
    "employer": "works_at",
    "diet": "diet",
    "relationship": "relationship_status",
    "partner": "partner",
    "origin": "from",
    "car": "drives",
    "likes": "likes",
    "age": "age",
}


def relations(text: str) -> list[dict[str, str]]:
    """``(source, relation, target)`` triples a memory implies, for the graph store.

    Denied statements imply none; values longer than four words are left out
    (they are descriptions, not entities).
    """
    out: list[dict[str, str]] = []
    slots = parse(text)
    people = {s.subject: s for s in slots if s.attribute == "name" and s.subject != "user"}
    for s in slots:
        if s.negated or not s.display or len(s.display.split()) > 4:
            continue
        if s.attribute == "name":
            if s.subject == "user":
                out.append({"source": "user", "relation": "name", "target": s.display})
            elif re.fullmatch(lexicon.PETS, s.subject):
                out.append({"source": "user", "relation": "has_pet", "target": s.display})
            else:
                out.append({"source": "user", "relation": s.subject, "target": s.display})
            continue
        if s.attribute == "pet" and any(p for p in people if p == s.value):
            continue  # the named pet is the entity
        source = "user"
        if s.subject != "user":
            kin = people.get(s.subject)
            source = kin.display if kin else (s.subject.capitalize())
            # "Sister Anna ..." parses Anna as the subject; show her by name.
            source = next((p.display for p in people.values() if p.value == s.subject), source)
        relation = _REL_OF.get(s.attribute)
        if relation is None and s.attribute.startswith("favourite "):
            relation = "favourite_" + re.sub(r"\W+", "_", s.attribute[10:]).strip("_")
        if s.attribute == "pet":
            relation = "has_pet"
        if relation:
            out.append({"source": source, "relation": relation, "target": s.display})
    return out
