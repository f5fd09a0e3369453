"""Rule-based reconciliation of new facts with stored memories (``facts`` mode).

A 135M model cannot decide ADD / UPDATE / DELETE / NONE, so the engine decides,
from signals that do not depend on it:

* **slots** (:mod:`langmem_local.slots`): the same single-valued attribute of
  the same subject with another value ("Lives in Denver" → "Lives in Boston")
  is an UPDATE; the same value again is NONE;
* **polarity**: a denial of a stored statement ("No longer drinks coffee" vs
  "Drinks coffee") is an UPDATE when the user marks a change ("anymore", "no
  longer", "stopped") and a DELETE (retraction) when they only deny it; a
  reversal of a denial ("Is vegetarian" after "Is no longer vegetarian") is an
  UPDATE;
* **content overlap**: stems of the content words (:func:`slots.content_stems`).
  Equal stems are the same statement (paraphrase → NONE); a statement that
  adds detail to a stored one UPDATEs it; otherwise a near match needs both
  overlap and embedding similarity, because cosine alone is known to pair
  unrelated facts (``"Likes tea"`` and ``"Likes coffee"`` are close in MiniLM).

* **corrections**: a statement said as one ("Actually I prefer dogs", "Sorry,
  I have three brothers"; :func:`langmem_local.clauses.corrects`) that nothing
  above relates to a stored memory UPDATEs the most similar stored memory with
  the same verb, when it is similar enough (:data:`CORRECTION_COSINE`).

Everything else is an ADD. The output is the engine's
:class:`~langmem_local.extraction.Decision` list, with ``id`` indexing the
``stored`` rows, relations from the slot rules, and one decision per stored
memory at most.

Example:
    .. code-block:: python

        from langmem_local.reconcile import reconcile
        from langmem_local.statements import Fact

        stored = [{"id": "m1", "text": "Lives in Denver"}]
        reconcile([Fact("Lives in Boston", change=True)], stored, cosine=lambda a, b: 0.6)
        # [Decision(event='UPDATE', id=0, text='Lives in Boston', relations=[...lives_in Boston])]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from langmem_local import endings, life_events, paraphrase, references
from langmem_local import slots as slot_rules
from langmem_local.extraction import Decision
from langmem_local.importance import category_of, importance_of
from langmem_local.respelling import respellings
from langmem_local.statements import Fact

__all__ = ["PARAPHRASE_COSINE", "PARAPHRASE_OVERLAP", "Verdict", "compare", "reconcile"]

#: Content-stem Jaccard overlap a paraphrase needs (with :data:`PARAPHRASE_COSINE`).
PARAPHRASE_OVERLAP = 0.5
#: MiniLM cosine a paraphrase needs (with :data:`PARAPHRASE_OVERLAP`); measured in
#: ``benchmarks/scenarios.py`` (paraphrase pairs vs different-fact pairs).
PARAPHRASE_COSINE = 0.8
#: Cosine at which a statement is the stored one whatever the words (MiniLM).
SAME_COSINE = 0.97
#: Cosine a correction ("Actually I prefer dogs") needs with the stored memory of
#: the same verb that it replaces. Set before measuring on scenarios; MiniLM pairs:
#: "Prefers cats" / "Prefers dogs" 0.79, "Plays the piano" / "... the guitar" 0.55,
#: "Speaks French" / "Speaks Spanish" 0.62, "Likes jazz" / "Likes hiking" 0.35.
CORRECTION_COSINE = 0.45
#: Stored memories of the same verb a correction is compared with (most related first).
CORRECTION_CANDIDATES = 20


@dataclass(frozen=True)
class Verdict:
    """How one new fact relates to one stored memory."""

    kind: str
    """``same``, ``refine``, ``conflict``, ``deny``, ``reverse`` or ``unrelated``."""
    why: str = ""
    """The signal that decided it, for the audit trail and tests."""


#: A statement that only denies (no new content): retracts what it denies.
_DENIAL = (
    "doesn't",
    "does not",
    "don't",
    "is not",
    "isn't",
    "hasn't",
    "has not",
    "has no ",
    "not ",
    "didn't",
    "never",
)
_PRIORITY = {"same": 5, "deny": 4, "reverse": 4, "conflict": 3, "refine": 2}


def _same_value(a: str, b: str) -> bool:
    if a == b:
        return True
    wa, wb = f" {a} ", f" {b} "
    return bool(a and b) and (wa in wb or wb in wa)


# A statement that only names someone: "Best friend is Noor", "Sister's name is Anna".
_NAMES_ONLY = re.compile(r"^[\w' -]+?(?:'s name is| is (?:named |called )?)[A-Z][a-z]+$")
_NAMING = re.compile(r"\bname(?:'s| is)\b|\b(?:named|called)\b", re.IGNORECASE)


def _only_names(slots: Sequence[slot_rules.Slot]) -> bool:
    """Whether a statement only names relatives or pets (and what naming a partner implies)."""
    return all(
        (s.attribute == "name" and s.subject != "user") or s.attribute == "relationship"
        for s in slots
    )


def _adds_slots(new: Sequence[slot_rules.Slot], old: Sequence[slot_rules.Slot]) -> bool:
    """Whether ``new`` states an attribute ``old`` does not (a count, a name)."""
    return bool({(s.subject, s.attribute) for s in new} - {(s.subject, s.attribute) for s in old})


def compare(new: str, stored: str, cosine: float) -> Verdict:
    """Relate a new memory text to a stored one (see the module docstring)."""
    if new.strip().lower().rstrip(".") == stored.strip().lower().rstrip("."):
        return Verdict("same", "identical text")
    new_slots, old_slots = slot_rules.parse(new), slot_rules.parse(stored)
    # A relative's name is in every statement about them ("Sister Anna is a
    # nurse", "Sister Anna lives in Oslo"): it decides only between two namings.
    naming = _only_names(new_slots) and bool(_NAMING.search(new))
    for ns in new_slots:
        for os_ in old_slots:
            if (ns.subject, ns.attribute) != (os_.subject, os_.attribute):
                continue
            if ns.attribute == "name" and ns.subject != "user" and not naming:
                if (
                    _only_names(old_slots)
                    and _NAMING.search(stored)
                    and _same_value(ns.value, os_.value)
                ):
                    return Verdict(
                        "refine", f"more about {ns.value}"
                    )  # after "Sister's name is Anna"
                continue
            if _same_value(ns.value, os_.value):
                if ns.negated == os_.negated:
                    # "Has two cats" or "Has a dog named Rex" after "Has a dog": the
                    # count or the name is a detail added.
                    more = len(ns.value) > len(os_.value) or _adds_slots(new_slots, old_slots)
                    return Verdict("refine" if more else "same", f"{ns.attribute} = {ns.value}")
                return Verdict("deny" if ns.negated else "reverse", f"{ns.attribute} polarity")
            if ns.single and not ns.negated and not os_.negated:
                return Verdict("conflict", f"{ns.attribute}: {os_.value} -> {ns.value}")
            if ns.single and not ns.negated and os_.negated:
                continue  # "Lives in Boston" says nothing about a denied "Lives in Paris"
    neg_new, _ = slot_rules.negation(new)
    neg_old, _ = slot_rules.negation(stored)
    # "Gave up coffee" / "Drinks three coffees a day"; "Broke up with Kevin" /
    # "Boyfriend is Kevin" (a naming, which the next rule would set aside).
    ended = None if neg_old else endings.ends(new, stored)
    if ended is not None:
        return Verdict("deny" if ended.startswith("gave up") else "conflict", ended)
    if not naming and _NAMES_ONLY.match(stored) and not _NAMES_ONLY.match(new):
        # "Best friend is Noor": a naming. "Had a huge fight with best friend Noor"
        # holds its words but is another fact about Noor, not a detail of the name.
        return Verdict("unrelated")
    a, b = slot_rules.content_stems(new), slot_rules.content_stems(stored)
    if not a or not b:
        return Verdict("unrelated")
    polarity = "same" if neg_new == neg_old else ("deny" if neg_new else "reverse")
    if a == b:
        return Verdict(polarity, "same content words")
    said = slot_rules.content_stems(new.split(",", 1)[0])  # before an aside ", 6 months sober"
    if polarity == "deny" and len(said) == 1 and said < b and said == _verb_stem(stored):
        # "No longer drinks" denies "Drinks alcohol on weekends": the verb alone.
        return Verdict("deny", "denies the verb")
    if polarity != "same" and len(said) >= 2 and said < b:
        if len(said) / len(b) >= PARAPHRASE_OVERLAP:
            # "Is not getting a tattoo, too scared of needles" after "Is thinking of
            # getting a tattoo": the statement before the aside denies the stored one.
            return Verdict(polarity, "denied before an aside")
    jaccard = len(a & b) / len(a | b)
    if a < b and (len(a) >= 2 or cosine >= PARAPHRASE_COSINE) and jaccard >= PARAPHRASE_OVERLAP:
        # The new statement is contained in the stored one: nothing new,
        # unless it denies it.
        return Verdict(polarity, f"contained (overlap {jaccard:.2f})")
    if b < a and jaccard >= PARAPHRASE_OVERLAP and len(b) >= 2:
        return Verdict("refine" if polarity == "same" else polarity, f"adds detail ({jaccard:.2f})")
    if polarity == "same" and jaccard >= PARAPHRASE_OVERLAP and cosine >= PARAPHRASE_COSINE:
        return Verdict("same", f"paraphrase (overlap {jaccard:.2f}, cosine {cosine:.2f})")
    if polarity == "same" and cosine >= SAME_COSINE:
        return Verdict("same", f"cosine {cosine:.2f}")
    if paraphrase.same(new, stored):  # "Doesn't eat meat" / "Is vegetarian"
        return Verdict("same", "paraphrase (same concepts)")
    return Verdict("unrelated")


def _verb(text: str) -> str:
    """A statement's first word, negation aside ("No longer drinks coffee" → "drinks")."""
    return slot_rules.negation(text)[1].split(" ", 1)[0].lower()


def _verb_stem(text: str) -> frozenset[str]:
    """The stem of a statement's first word ("Drinks alcohol" → {"drink"})."""
    return slot_rules.content_stems(_verb(text))


def _dedupe_turn(facts: Sequence[Fact]) -> list[Fact]:
    """Within one turn: drop repeats; a later value of a single slot replaces an earlier one."""
    kept: list[Fact] = []
    for fact in facts:
        replaced = False
        for i, earlier in enumerate(kept):
            verdict = compare(fact.text, earlier.text, 0.0)
            if verdict.kind in ("same",):
                replaced = True
                break
            if verdict.kind in ("conflict", "refine", "reverse", "deny"):
                kept[i] = fact
                replaced = True
                break
        if not replaced:
            kept.append(fact)
    return kept


def reconcile(
    facts: Sequence[Fact],
    stored: Sequence[dict[str, Any]],
    *,
    cosine: Callable[[str, str], float],
) -> list[Decision]:
    """Decide ADD / UPDATE / DELETE / NONE for each new fact against ``stored`` rows.

    Args:
        facts: New facts of one turn, in memory style.
        stored: The user's current memories (dicts with ``text``); a decision's
            ``id`` is an index into this list.
        cosine: Embedding similarity of two texts (only asked for pairs that
            share content words).

    Returns:
        One decision per kept fact; no two UPDATE/DELETE decisions share a target.
    """
    decisions: list[Decision] = []
    sources: list[str] = []  # the clause each decision was written from
    claimed: dict[int, int] = {}  # stored index -> position in decisions
    stored_stems = [slot_rules.content_stems(r["text"]) for r in stored]
    stored_keys = [{(s.subject, s.attribute) for s in slot_rules.parse(r["text"])} for r in stored]
    stored = list(stored)  # corrected in place below: later facts meet the corrected text
    facts = [references.moved_in(f, stored) for f in facts]  # "moved in this weekend"
    for fact, respelt in respellings(_dedupe_turn(facts), stored):
        if respelt is not None:  # a stored memory with a name, number or date corrected
            best = (_PRIORITY["conflict"], respelt, Verdict("conflict", "corrected in place"))
            stored[respelt] = {**stored[respelt], "text": fact.text}
            stored_stems[respelt] = slot_rules.content_stems(fact.text)
            stored_keys[respelt] = {(s.subject, s.attribute) for s in slot_rules.parse(fact.text)}
        else:
            best = _best_match(fact, stored, stored_stems, stored_keys, cosine)
        if best is None and fact.correction:
            best = _corrected(fact, stored, cosine)
        if best is not None:
            fact = _in_context(fact, stored[best[1]]["text"])
        decision = _decide(fact, best)
        if decision is None:
            continue
        if decision.id >= 0 and decision.event in ("UPDATE", "DELETE"):
            if decision.id in claimed:
                # Two statements about one stored memory ("no longer vegetarian,
                # vegan now"): the positive, newer value wins.
                earlier = decisions[claimed[decision.id]]
                if (
                    slot_rules.negation(decision.text)[0]
                    and not slot_rules.negation(earlier.text)[0]
                ):
                    continue
                decisions[claimed[decision.id]] = decision
                sources[claimed[decision.id]] = fact.source
                continue
            claimed[decision.id] = len(decisions)
        decisions.append(decision)
        sources.append(fact.source)
    decisions += life_events.also_ended(
        decisions, [r["text"] for r in stored], set(claimed), endings.ends
    )
    return endings.instead_of_given_up(decisions, sources + [""] * (len(decisions) - len(sources)))


def _best_match(
    fact: Fact,
    stored: Sequence[dict[str, Any]],
    stored_stems: Sequence[frozenset[str]],
    stored_keys: Sequence[set[tuple[str, str]]],
    cosine: Callable[[str, str], float],
) -> tuple[int, int, Verdict] | None:
    """The stored memory a new fact relates to most strongly (by :data:`_PRIORITY`), if any."""
    stems = slot_rules.content_stems(fact.text)
    keys = {(s.subject, s.attribute) for s in slot_rules.parse(fact.text)}
    best: tuple[int, int, Verdict] | None = None
    for i, row in enumerate(stored):
        overlap = stems & stored_stems[i]
        if not (overlap or keys & stored_keys[i] or endings.ends(fact.text, row["text"])):
            if not paraphrase.same(fact.text, row["text"]):
                continue  # no shared word, attribute or concept: compare() says unrelated
        cos = cosine(fact.text, row["text"]) if overlap else 0.0
        verdict = compare(fact.text, row["text"], cos)
        rank = _PRIORITY.get(verdict.kind, 0)
        if rank and (best is None or rank > best[0]):
            best = (rank, i, verdict)
    return best


def _corrected(
    fact: Fact, stored: Sequence[dict[str, Any]], cosine: Callable[[str, str], float]
) -> tuple[int, int, Verdict] | None:
    """The stored memory a correction replaces: the same verb, and the most similar.

    "Prefers cats", then "Actually I prefer dogs": no slot and no shared content
    word relate them, but the user says the earlier statement was wrong. Only
    memories with the same leading verb (negation aside) are candidates, and the
    most similar must reach :data:`CORRECTION_COSINE`, so "Actually I like
    hiking" does not replace "Likes jazz".
    """
    verb = _verb(fact.text)
    same_verb = [i for i, row in enumerate(stored) if _verb(row["text"]) == verb]
    same_verb = same_verb[:CORRECTION_CANDIDATES]
    scored = [(cosine(fact.text, stored[i]["text"]), i) for i in same_verb]
    best = max(scored, default=None, key=lambda pair: pair[0])
    if best is None or best[0] < CORRECTION_COSINE:
        return None
    return _PRIORITY["conflict"], best[1], Verdict("conflict", f"correction ({best[0]:.2f})")


def _in_context(fact: Fact, stored: str) -> Fact:
    """A new title or field of study in the context the stored statement gives it.

    "Got promoted to senior accountant" after "Works as a junior accountant at
    Deloitte": the user still works at Deloitte. Only when both titles name
    the same occupation (their last word); "Works as a teacher" after "Works as
    a nurse at St Mary's" is a new career, and the employer is not assumed.
    A new field of study keeps the rest of the stored statement.
    """
    new = {s.attribute: s for s in slot_rules.parse(fact.text) if s.subject == "user"}
    old = {s.attribute: s for s in slot_rules.parse(stored) if s.subject == "user"}
    if "study" in new and "study" in old and old["study"].display in stored:
        # "Studies computer science" after "Is a junior at Ohio State studying mechanical
        # engineering": the field changes, the rest of the memory stays.
        text = stored.replace(old["study"].display, new["study"].display)
        return Fact(text, change=fact.change, source=fact.source, correction=fact.correction)
    if "job" not in new or "employer" in new or "job" not in old or "employer" not in old:
        return fact
    promoted = re.search(r"\bpromoted\b", fact.source, re.IGNORECASE)  # same employer, new title
    same_work = new["job"].value.split()[-1] == old["job"].value.split()[-1]
    if new["job"].negated or not (same_work or promoted):
        return fact
    text = f"{fact.text} at {old['employer'].display}"
    return Fact(text, change=fact.change, source=fact.source, correction=fact.correction)


def _decide(fact: Fact, best: tuple[int, int, Verdict] | None) -> Decision | None:
    base = {
        "text": fact.text,
        "importance": importance_of(fact.text),
        "category": category_of(fact.text),
        "relations": slot_rules.relations(fact.text),
    }
    own_name = [
        s for s in slot_rules.parse(fact.text) if s.subject == "user" and s.attribute == "name"
    ]
    if own_name:
        # Keyword-index "Name is" only: the user's name is in every query about them.
        base["index_text"] = fact.text.replace(own_name[0].display, "").strip()
    if best is None:
        return Decision(event="ADD", id=-1, **base)
    _, index, verdict = best
    if verdict.kind == "same":
        return Decision(event="NONE", id=index, **base)
    if verdict.kind == "deny" and not fact.change and fact.text.lower().startswith(_DENIAL):
        # A plain denial of a stored statement retracts it ("I don't have a cat").
        return Decision(event="DELETE", id=index, **base)
    return Decision(event="UPDATE", id=index, **base)
