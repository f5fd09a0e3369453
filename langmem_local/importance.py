"""How much a memory matters, and what kind it is, from its text alone.

The rule-based reconciler (:mod:`langmem_local.reconcile`) gives every memory
it writes an importance of 1..5 (identity, health and diet first) and a
category (``preference`` or ``fact``); a forget request for "my health" finds
health facts with :func:`is_health`.

Example:
    .. code-block:: python

        importance_of("Is allergic to penicillin")   # 5
        category_of("Favourite colour is green")      # "preference"
"""

from __future__ import annotations

import re

from langmem_local import slots as slot_rules

__all__ = ["category_of", "importance_of", "is_health", "is_medication"]

#: Importance (1..5) per attribute; the rest is 3.
_IMPORTANCE = {
    "name": 5,
    "diet": 5,
    "home": 4,
    "job": 4,
    "employer": 4,
    "relationship": 4,
    "partner": 4,
    "age": 4,
    "origin": 4,
    "pet": 4,
}
#: Stems (five letters, as slots.stem makes them) of health facts.
_HEALTH = (
    "aller",
    "diabe",
    "asthm",
    "intol",
    "celia",
    "epile",
    "pregn",
    "medic",
    "disab",
    "insul",
    "cance",
    "depre",
    "anxie",
    "migra",
    "arthr",
    "adhd",
    "autis",
    "thera",
    "surge",
    # injuries and chronic complaints ("Has a bad left knee from soccer")
    "injur",
    "fract",
    "sprai",
    "concu",
    "acl",
    "thyro",
    "chole",
    "hyper",
    "hypot",
    "insom",
    "eczem",
    "crohn",
    "lupus",
)
#: Short health stems that other words begin with ("pain" / "paints"): whole stems only.
_HEALTH_EXACT = frozenset({"kne", "pain"})
# "Is on metformin", "Takes lisinopril daily": a medication by its usual endings;
# "Is on 20mg of lexapro": by its dose; or by the commonest brand names.
_MEDICATION = re.compile(
    r"\b(?:is on|takes|taking|prescribed) [a-z]+(?:in|ol|ide|ine|one|am|pril|artan|statin|"
    r"azole|mab|cillin|cycline)\b|"
    r"\b(?:is on|takes|taking|prescribed|started|stopped|dose of|doses? of)\b.*\b\d+(?:\.\d+)?\s?"
    r"(?:mg|mcg|ml|units?)\b|\b\d+(?:\.\d+)?\s?(?:mg|mcg)\b|"
    r"\b(?:medication|medications|meds|prescription|prescriptions|antidepressants?|ssris?|"
    r"inhaler|insulin|birth control|the pill|lexapro|zoloft|prozac|wellbutrin|celexa|paxil|"
    r"effexor|cymbalta|adderall|ritalin|vyvanse|concerta|xanax|ativan|klonopin|valium|"
    r"lipitor|crestor|synthroid|ozempic|wegovy|mounjaro|zepbound|humira|eliquis|xarelto|"
    r"tylenol|advil|motrin|aleve|zyrtec|claritin|allegra|benadryl|flonase|sudafed|accutane|"
    r"plaquenil|suboxone|seroquel|abilify|lamictal|lithium)\b",
    re.IGNORECASE,
)


def is_medication(text: str) -> bool:
    """Whether a memory is about a medication the user takes.

    Example:
        .. code-block:: python

            is_medication("Is on 20mg of lexapro")   # True
            is_medication("Has asthma")              # False
    """
    return _MEDICATION.search(text) is not None


def is_health(text: str) -> bool:
    """Whether a memory is about health: a condition, an allergy, a medication.

    Example:
        .. code-block:: python

            is_health("Has asthma")        # True
            is_health("Is on metformin")   # True: taking a medication
            is_health("Lives in Oslo")     # False
    """
    stems = slot_rules.content_stems(text)
    if any(s.startswith(_HEALTH) for s in stems) or stems & _HEALTH_EXACT:
        return True
    return is_medication(text)


def importance_of(text: str) -> int:
    """1..5 from what the memory is about (identity, health and diet rank highest)."""
    if is_health(text):
        return 5
    levels = [_IMPORTANCE.get(s.attribute, 3) for s in slot_rules.parse(text)]
    return max(levels, default=3)


def category_of(text: str) -> str:
    """``preference`` for likes and favourites, ``fact`` otherwise."""
    for s in slot_rules.parse(text):
        if s.attribute == "likes" or s.attribute.startswith("favourite"):
            return "preference"
    return "fact"
