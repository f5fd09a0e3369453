"""Split what a user said into atomic statements, and write each as a memory.

The bundled 135M model cannot be trusted to tell a question from a fact or to
keep a compound statement apart, so ``facts`` mode starts here, with rules:

1. the user's text is cut into sentences, and a sentence into clauses where a
   new subject starts ("I live in Denver and I am vegetarian" → two clauses);
2. each clause is classified: a **question** or a request ("Can I eat a
   Snickers bar?", "Tell me a joke"), **small talk** ("How are you today",
   "Thanks!", "I'm fine") or a **statement**;
3. a first-person statement is rewritten in the one memory style: third person
   without a subject ("I love sailing" → "Loves sailing", "My sister Anna is a
   nurse" → "Sister Anna is a nurse", "Hi, I'm Sarah" → "Name is Sarah").

A statement the rules cannot rewrite is returned as *residual*: the model may
extract from it, and :mod:`langmem_local.reconcile` keeps its answer only if
it is grounded and well formed.

Example:
    .. code-block:: python

        from langmem_local.statements import analyse

        analyse("Hi, I'm Sarah. I live in Denver and I am vegetarian. Can I eat a Snickers bar?")
        # Analysis(facts=[Fact('Name is Sarah'), Fact('Lives in Denver'),
        #                 Fact('Is vegetarian')], residual=[], skipped=[...])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from langmem_local import (
    asides,
    first_person,
    lexicon,
    people,
    references,
    request_facts,
    respelling,
    revalue,
    subjectless,
)
from langmem_local.clauses import FIRST_PERSON, corrects, sentences, skip_reason, split_clauses
from langmem_local.plain_order import in_plain_order
from langmem_local.spelling import standard_spelling
from langmem_local.statements_style import (
    normalise_style,
)

__all__ = ["Analysis", "Fact", "analyse", "canonical", "split_clauses"]


@dataclass(frozen=True)
class Fact:
    """One atomic statement in memory style."""

    text: str
    """The memory text, e.g. ``"Lives in Boston"``."""
    change: bool = False
    """The user marked it as a change ("now", "anymore", "no longer", "moved")."""
    source: str = ""
    """The clause it was written from."""
    correction: bool = False
    """Said as a correction ("Actually I prefer dogs", :func:`~langmem_local.clauses.corrects`):
    it replaces the stored statement it corrects."""
    respell: str | None = None
    """A name's spelling corrected ("it's spelled Aidan, not Aiden"): the old
    spelling, or ``""`` when not said. The name is the text's last word; the
    stored memory with the old (or a close) spelling is corrected
    (:func:`langmem_local.reconcile.reconcile`)."""
    revalue: revalue.Revalue | None = None
    """A number or date changed ("down to 203", "moved to the 28th"): written into
    the memory it changes (:mod:`langmem_local.revalue`); the text, if any, is kept
    only when no memory has such a value."""


@dataclass
class Analysis:
    """What one turn's user text contains."""

    facts: list[Fact] = field(default_factory=list)
    """Statements the rules wrote as memories."""
    residual: list[str] = field(default_factory=list)
    """Statements the rules could not rewrite (the model may try)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(clause, why)`` for questions, requests and small talk."""


_NAME = r"([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)"
_OWN_NAME = [
    re.compile(
        rf"^(?i:i'?m|i am|im|my name is|my name's|name's|name is|"
        rf"(?:you can |please |just )?call me|i go by|"
        rf"this is|it's|it is|they call me|i am called|i'm called)\s+{_NAME}"
        rf"(?:\s+here)?(?:,\s*(?:that's|thats|it's|nice|pleased|good|glad|because|since|even|as)\b.*)?$"
    ),
    re.compile(rf"^{_NAME}\s+here$"),
]
_BARE = re.compile(r"^(?:is|does|has|was|did|am)(?: not|n't)?(?: though| too| either)?$", re.I)
_BARE_COUNT = re.compile(
    r"^(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) [a-z]+s$", re.IGNORECASE
)
_DANGLING = re.compile(r"\b(?:it|them|this|that|these|those)[.!]*$", re.IGNORECASE)


def canonical(clause: str) -> Fact | None:
    """The memory-style fact of one statement clause, or ``None`` if rules cannot write it.

    Example:
        .. code-block:: python

            canonical("I don't drink coffee anymore").text   # "No longer drinks coffee"
            canonical("My favourite colour is green now").text  # "Favourite colour is green"
    """
    clause = in_plain_order(clause)
    # "I have a girlfriend now, her name is Mei" → "... a girlfriend named Mei".
    m = re.search(r",? (?:and )?(?:her|his|their) name(?:'s| is) ([A-Z][a-z]+)$", clause)
    named = f" named {m.group(1)}" if m else ""
    clause = clause[: m.start()] if m else clause
    change = bool(re.search(r"(?:^|\s)now$|^now\s", clause, re.I))
    clause = re.sub(r"(?:^|,?\s+)now$|^now\s+", "", clause, flags=re.I).strip() or clause
    clause += named
    fact = _canonical(clause)
    if fact is not None and change and not fact.change:
        fact = Fact(fact.text, change=True, source=fact.source)
    return fact


def _canonical(clause: str) -> Fact | None:
    m = re.match(
        r"^it(?:'s| is| was) ((?i:my|our) .+?|[A-Z][a-z]+) who('s)? (.+?)(?:,? not \w+)?$", clause
    )
    if m:  # "it's my cousin Ben who flies planes", "it's Owen who's allergic ..., not Jack"
        said = _canonical(f"{m.group(1)} {'is ' if m.group(2) else ''}{m.group(3)}")
        return said and replace(said, source=clause)  # the ", not Jack" is read from it
    said = subjectless.statement(clause)  # "montreal is home now", "Sam proposed"
    if said is not None:
        return Fact(*said, source=clause)
    respelt = _respelling(clause)
    if respelt is not None:  # "Actually it's spelled John", "her name is Katy, with a y"
        return respelt
    m = re.match(
        r"^(.+?) (?:has |have )?(?:replaced|overtaken|beaten|taken over from) .+? as "
        r"(?:my|our) (?:all-time |new |current )?(favou?rite \w+(?: \w+)?)$",
        clause,
        re.I,
    )
    if m:  # "Severance has replaced The Office as my favourite show"
        return Fact(f"Favourite {m.group(2).split(' ', 1)[1]} is {m.group(1)}", True, clause)
    for pattern in _OWN_NAME:
        m = pattern.match(clause)
        if m and m.group(1).split()[0].lower() not in lexicon.NOT_NAMES:
            return Fact(f"Name is {m.group(1)}", source=clause)
    # "Pizza is my favourite food" → "Favourite food is pizza"; "Anna is my sister" →
    # "Sister's name is Anna".
    m = re.match(
        r"^(.+?) (?:is|are) (?:now |actually )?(?:my|our) (?:new |all-time |current )?"
        r"(favou?rite \w+(?: \w+)?)$",
        clause,
        re.I,
    )
    if m:
        return Fact(normalise_style(f"{m.group(2)} is {m.group(1)}", False)[0], source=clause)
    m = re.match(rf"^{_NAME} is (?:my|our) ({lexicon.KIN})$", clause)
    if m:
        return Fact(f"{m.group(2).capitalize()}'s name is {m.group(1)}", source=clause)
    m = re.match(
        r"^(?:i have|i've got|i got|we have) (?:a |an )?("
        + lexicon.KIN
        + r"|"
        + lexicon.PETS
        + rf") (?:named|called) {_NAME}(.*)$",
        clause,
        re.I,
    )
    if m and m.group(1).lower() in lexicon.KIN_SET and not m.group(3).strip(" ,.!"):
        return Fact(f"{m.group(1).capitalize()}'s name is {m.group(2)}", source=clause)
    written = first_person.rewrite(clause)
    if written is None:
        # Subject dropped ("Love hiking", "Just moved to Boston"): implicit first person.
        rest = re.sub(r"^(?:" + lexicon.ADVERBS + r")\s+", "", clause.lower()).split(" ", 2)
        first = rest[0]
        verb = first in lexicon.DROPPED_SUBJECT_VERBS or lexicon.dropped_verb(rest)
        if verb and len(rest) > 1 and rest[1] in ("has", "is", "was", "been", "'s"):
            verb = False  # "work has been insane": a noun, not "I work"
        if verb and re.match(rf"^(?:{lexicon.DROPPED_SUBJECT_BE})\b", clause, re.I):
            verb = False  # "based in London": "I am", below
        if verb:
            # "starting at Loomly" → "I'm starting ...", "been a fan" → "I've been ...".
            i = "I'm " if first.endswith("ing") else "I've " if first == "been" else "I "
            written = first_person.rewrite(i + clause[0].lower() + clause[1:])
        elif re.match(rf"^(?:{lexicon.DROPPED_SUBJECT_BE})\b", clause, re.I):
            # "Allergic to cats", "Vegetarian, by the way": "I am" was dropped.
            written = first_person.rewrite("I am " + clause[0].lower() + clause[1:])
    if written is None:
        return None
    text, change = normalise_style(*written)
    one_word = len(text.split()) < 2 and text.lower() not in lexicon.ACTIVITIES  # "Cycles"
    if one_word or _BARE.match(text):  # "I'm not though" → "Is not"
        return None
    return Fact(text, change=change, source=clause)


def _respelling(clause: str) -> Fact | None:
    """A name's spelling corrected, as a :class:`Fact` with ``respell`` set.

    See :func:`langmem_local.respelling.spelling`.
    """
    found = respelling.spelling(clause)
    if found is None:
        return None
    return Fact(found[0], source=clause, correction=True, respell=found[1])


_AFTER_VALUE = re.compile(r",\s+((?:the |our |my )?[a-z]+ (?:is|are|will be)\b.+)$")


def analyse(text: str, names: Mapping[str, str] | None = None, *, values: bool = True) -> Analysis:
    """Classify and rewrite every clause of a user's text (see the module docstring).

    Args:
        text: What the user said.
        names: People and pets the user's memories name, by name ("Leo" →
            "son"): a clause about one of them ("Leo just turned 5") is read
            as about the user's son Leo.
        values: Read changed numbers and dates (:mod:`langmem_local.revalue`).
    """
    out = Analysis()
    text = lexicon.standard_kin(standard_spelling(text))  # "finaly", "my gf", "my husbnd"
    text = respelling.inline_fixes(text)  # "May 14... scratch that, it's May 17"
    text = references.capitalise_names(text, names or {})  # "theo and i broke up"
    text = references.capitalise_kin_names(text)  # "my son eli is in 2nd grade"
    said = sentences(text)
    out.skipped.extend((s, "joke or sarcasm") for s in said if asides.joking(s))
    clauses = [(c, corrects(s)) for s in said if not asides.joking(s) for c in split_clauses(s)]
    if not clauses and text.strip() and not out.skipped:
        out.skipped.append((text.strip(), "small talk"))  # only a greeting or filler
    previous, relative = "", None
    said_names: set[str] = set()  # capitalised words of earlier clauses: "Pepper", "Ziggy"
    for clause, correction in clauses:
        clause, previous = references.resolve_it(clause, previous), clause
        # "... my son Leo? He's turning 7": he / she is the relative last named.
        clause = references.resolve_he(clause, relative)
        clause = references.resolve_him(clause, relative)  # "i see her every thursday"
        clause = references.resolve_we(clause, relative)  # "we don't talk anymore"
        if references.vague_we(clause):
            out.skipped.append((clause, "refers to someone not said"))
            continue
        bare = references.with_names(clause.strip(), names or {})
        relative = (
            references.last_relative(bare) or references.named_alone(bare, names or {}) or relative
        )
        # "Amir is 9, not 8" corrects a number without any "sorry" or "actually".
        fixable = correction or respelling.fixes_number(clause)
        fixed = respelling.corrected(clause) if fixable and not out.facts else None
        if fixed is not None:  # "correction: it's the 15th, not the 14th"
            out.facts.append(Fact(fixed[0], source=clause, correction=True, respell=fixed[1]))
            continue
        figure = revalue.figure(bare) if correction else None  # "sorry, 43"
        # "correction, ruby's zyrtec is 2.5ml": the one value a correction states.
        restated = revalue.restated(bare) if correction else None
        moved = (revalue.revaluation(bare) or figure or restated) if values else None
        if moved is not None:  # "down to 203!", "had to move my dentist appt to the 28th"
            # What the clause says on its own is kept for when no memory has such a value.
            said = analyse(bare, names, values=False).facts or [Fact("")]
            out.facts.append(replace(said[0], change=True, source=bare, revalue=moved))
            out.facts.extend(said[1:])
            # "... down to 90 people, venue is the Hollyhock barn": a statement of its own.
            tail = _AFTER_VALUE.search(bare, max(0, bare.find(moved.new)))
            if tail:  # part of the user's own statement: kept as said if no rule reads it
                rest = analyse(tail[1], names).facts or [Fact(tail[1][0].upper() + tail[1][1:])]
                out.facts.extend(replace(f, source=bare) for f in rest)
            continue
        named = references.PRONOUN_NAME.match(clause)
        if named and out.facts and " named " not in out.facts[-1].text:
            # "I'm seeing someone now! His name is Leo": the name is the last fact's.
            out.facts[-1] = replace(out.facts[-1], text=f"{out.facts[-1].text} named {named[1]}")
            relative = references.last_relative(out.facts[-1].text) or relative  # "she's a calico"
            continue
        if correction and _BARE_COUNT.match(clause):  # "sorry, 4 kids": a count corrected
            out.facts.append(Fact(f"Has {clause}", source=clause, correction=True))
            continue
        of_them = people.statement(bare, {*(names or {}), *said_names})
        said_names.update(re.findall(r"(?<=[\s,(])[A-Z][a-z]+\b", bare))
        if of_them is not None:  # "Theo has a severe peanut allergy": someone they name
            out.facts.append(Fact(*of_them, source=bare, correction=correction))
            # "... she's doing swim team now"; not after "Mateo's teacher is Mr. Kim, he's".
            relative = references.named_alone(bare, {people.subject(bare) or "": ""})
            continue
        why = skip_reason(clause)
        if why is not None:
            out.skipped.append((clause, why))
            if why == "question or request":  # "... a toast for my brother Marco's wedding?"
                out.facts.extend(Fact(t, source=clause) for t in request_facts.facts(clause))
            continue
        bare = bare.rstrip("?") if bare.endswith("??") else bare  # surprise, not a question
        respelt = _respelling(bare)
        if respelt is not None:
            out.facts.append(respelt)
            continue
        fact = canonical(bare)
        if fact is not None and _DANGLING.search(fact.text) and "," in bare:
            # "My son starts school in May, kind of emotional about it": the aside
            # refers back; the statement before it stands on its own.
            head = re.split(r",(?!\d)", bare, maxsplit=1)[0]  # not "$9,000"
            fact = (None if _DANGLING.search(head) else canonical(head)) or fact
        if fact is not None and _DANGLING.search(bare) and _DANGLING.search(fact.text):
            # "My building doesn't allow them": about something this clause does
            # not say, so no memory can stand on its own.
            out.skipped.append((clause, "refers to something not said"))
            # "my husband Mike is fine with it": Mike is still the user's husband.
            out.facts.extend(Fact(t, source=bare) for t in request_facts.named(bare))
        elif fact is not None:
            fact = replace(fact, correction=True) if correction else fact
            out.facts.extend(replace(fact, text=t) for t in people.each_named(fact.text))
            out.facts.extend(Fact(t, source=bare) for t in request_facts.in_passing(bare))
        elif FIRST_PERSON.search(bare) and not re.match(
            r"^(?:it|that|this|they|he|she|there|which|those|these)\b", bare, re.I
        ):
            # About the user, in a shape the rules do not know ("Photography is
            # my passion"): kept as said, in the third person. Measured: the
            # 135M model's answer for such a clause is this echo at best.
            echo = first_person.third_person(bare)
            if len(echo.split()) <= 2:  # "I'm not though" → "They're not": says nothing
                out.skipped.append((clause, "says nothing on its own"))
                continue
            out.facts.append(Fact(echo[0].upper() + echo[1:], source=bare, correction=correction))
        elif re.search(r"[a-z]\s[A-Z]", bare) and not request_facts.facts(bare):
            out.residual.append(bare)
        else:
            out.skipped.append((clause, "not about the user"))
            out.facts.extend(Fact(t, source=clause) for t in request_facts.facts(clause))
    # "... for my son Leo? He's turning 7": "Son Leo is turning 7" names him already.
    said = " ".join(f.text for f in out.facts)
    asked = {c for c, why in out.skipped if why == "question or request"}
    named = request_facts.named_elsewhere
    out.facts = [f for f in out.facts if f.source not in asked or not named(f.text, said)]
    return out
