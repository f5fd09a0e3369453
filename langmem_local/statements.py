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
from dataclasses import dataclass, field, replace

from langmem_local import lexicon
from langmem_local.clauses import FIRST_PERSON, corrects, sentences, skip_reason, split_clauses

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
        rf"(?:\s+here)?$"
    ),
    re.compile(rf"^{_NAME}\s+here$"),
]
_TIME_TAIL = re.compile(
    r"(?:\s+(?:last|this|next|past) (?:week|month|year|weekend|summer|winter|spring|fall|autumn)"
    r"|\s+(?:yesterday|today|recently|a while ago|in \d{4}|\d+ (?:days|weeks|months|years) ago)"
    r"|\s*\([^)]*\))+$",
    re.IGNORECASE,
)
_EMPHATIC = re.compile(
    r"^(?:really|just|actually|truly|honestly|absolutely|totally|definitely|basically|seriously|"
    r"kind of|sort of|personally|also|even|still|now)\s+",
    re.IGNORECASE,
)


def _conjugate(verb: str) -> str:
    """Third person singular of a present-tense verb ("love" → "loves")."""
    low = verb.lower()
    if low in lexicon.IRREGULAR_3RD:
        return lexicon.IRREGULAR_3RD[low]
    if low in lexicon.NO_CONJUGATION or low.endswith(("ed", "s")) and low not in ("miss", "kiss"):
        return low
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return low + "es"
    if re.search(r"[^aeiou]y$", low):
        return low[:-1] + "ies"
    return low + "s"


def _third_person_rest(rest: str) -> str:
    """Pronouns inside a clause: "my dog" → "their dog", "with me" → "with them"."""
    rest = re.sub(r"\b(?:I'm|I am|Im)\b", "they're", rest)
    rest = re.sub(r"\bI was\b", "they were", rest)
    rest = re.sub(r"\bI\b", "they", rest)
    rest = re.sub(r"\bmy\b", "their", rest, flags=re.I)
    rest = re.sub(r"\bmyself\b", "themself", rest, flags=re.I)
    rest = re.sub(r"\bmine\b", "theirs", rest, flags=re.I)
    return re.sub(r"\bme\b", "them", rest, flags=re.I)


def _rewrite_subject(clause: str) -> tuple[str, bool] | None:
    """First-person clause → memory style, or ``None`` when it is not first person."""
    change = bool(re.search(r"\b(?:now|anymore|any more|no longer|these days)\b", clause, re.I))
    c = re.sub(r"\b(?:any ?more|these days|nowadays)\b", "", clause, flags=re.I)
    c = re.sub(r"\s{2,}", " ", c).strip(" ,")
    m = re.match(
        r"^(?:i|we)(?:'ve|\s+have|\s+had)?\s+(?:just |recently |finally |now )?"
        r"(?:moved|relocated)\s+"
        r"(?:back\s+)?(?:(?:from|out of)\s+.+?\s+)?(?:to|into)\s+(.+)$",
        c,
        re.I,
    )
    if m:
        return f"Lives in {_TIME_TAIL.sub('', m.group(1))}", True
    m = re.match(r"^(?:my|our)\s+(.+)$", c, re.I)
    if m:
        body = m.group(1)
        return body[0].upper() + _third_person_rest(body[1:]), change
    m = re.match(r"^(?:i|we)(?:'m|'re| am| are|m)\s+(.+)$", c, re.I)
    if m:
        rest = m.group(1)
        while _EMPHATIC.match(rest):  # "I'm also really into X" → "Is into X"
            rest = _EMPHATIC.sub("", rest, count=1)
        return "Is " + _third_person_rest(rest), change
    m = re.match(r"^(?:i|we)(?:'ve| have)\s+(?:got\s+)?(.+)$", c, re.I)
    if m:
        rest = m.group(1)
        lead = (
            "Has "
            if not re.match(r"^(?:been|had|never|always|just|lived|worked)\b", rest)
            else "Has "
        )
        return lead + _third_person_rest(rest), change
    m = re.match(r"^(?:i|we)(?:'d| would)\s+(.+)$", c, re.I)
    if m:
        return "Would " + _third_person_rest(m.group(1)), change
    m = re.match(r"^(?:i|we)(?:'ll| will)\s+(.+)$", c, re.I)
    if m:
        return "Will " + _third_person_rest(m.group(1)), change
    m = re.match(r"^(?:i|we)\s+(don't|do not|dont)\s+(.+)$", c, re.I)
    if m:
        return "Doesn't " + _third_person_rest(m.group(2)), change
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
            rest = _conjugate(verb) + (" " + tail if tail else "")
        return f"{aux.capitalize()} {_third_person_rest(rest)}", change or aux == "no longer"
    m = re.match(r"^(?:i|we)\s+((?:(?:" + lexicon.ADVERBS + r")\s+)*)(\S+)(.*)$", c, re.I)
    if m:
        adverbs, verb, tail = m.group(1), m.group(2), m.group(3)
        head = _EMPHATIC.sub("", (adverbs + _conjugate(verb)).strip())
        return head[0].upper() + head[1:] + _third_person_rest(tail), change
    return None


def _normalise_style(text: str, change: bool) -> tuple[str, bool]:
    """One phrasing per common fact, so duplicates look alike and slots are found."""
    t = text.strip(" ,.")
    # "..., not Titanic" / "... rather than Denver": the correction is the fact.
    t2 = re.sub(r",? (?:and )?(?:not|rather than|instead of) (?:a |an |the )?[\w' -]+$", "", t)
    if t2 != t and len(t2.split()) >= 2:
        t, change = t2, True
    low = t.lower()
    # "Is a vegetarian" / "Is vegan" → "Is vegetarian"
    m = re.match(r"^is (?:a |an )?(" + lexicon.DIETS + r")$", low)
    if m:
        return f"Is {m.group(1)}", change
    m = re.match(r"^is not (?:a |an )?(" + lexicon.DIETS + r")$", low)
    if m:
        return f"Is {'no longer' if change else 'not'} {m.group(1)}", change
    m = re.match(r"^is no longer (?:a |an )?(" + lexicon.DIETS + r")$", low)
    if m:
        return f"Is no longer {m.group(1)}", True
    # "Is a nurse" → "Works as a nurse" (occupations only; "Is a runner" stays)
    m = re.match(
        r"^is (?:now )?(?:a|an) ((?:[a-z-]+ ){0,2}(?:" + lexicon.OCCUPATIONS + r"))"
        r"(?: (at|for) (.+))?$",
        t,
        re.I,
    )
    if m:
        article = "an" if m.group(1)[0].lower() in "aeiou" else "a"
        where = f" {m.group(2).lower()} {m.group(3)}" if m.group(3) else ""
        verb = "Is" if m.group(1).lower().endswith(("student", "intern")) else "Works as"
        return f"{verb} {article} {m.group(1).lower()}{where}", change
    m = re.match(
        r"^(?:got|started|landed|accepted|has|found|took) (?:a |an )?(?:new )?job"
        r"(?: as (?:a |an )?(.+?))?(?: (?:at|with|for) (.+))?$",
        t,
        re.I,
    )
    if m and (m.group(1) or m.group(2)):
        if m.group(1):
            article = "an" if m.group(1)[0].lower() in "aeiou" else "a"
            where = f" at {m.group(2)}" if m.group(2) else ""
            return f"Works as {article} {m.group(1)}{where}", True
        return f"Works at {m.group(2)}", True
    m = re.match(
        r"^(?:left|quit|quits) .+? (?:and|to) (?:joined|join|started at|start at) "
        r"(.+)$",
        t,
        re.I,
    )
    if m:
        return f"Works at {m.group(1)}", True
    m = re.match(r"^(?:became|has become|is becoming) (?:a|an) (.+)$", t, re.I)
    if m:
        return _normalise_style(f"Is a {m.group(1)}", True)[0], True
    m = re.match(r"^is (?:now )?working (as|at|for) (.+)$", t, re.I)
    if m:
        return f"Works {m.group(1).lower()} {m.group(2)}", change
    m = re.match(r"^is (?:a )?(?:big |huge |great )?(?:fan of|passionate about) (.+)$", t, re.I)
    if m:
        return f"Loves {m.group(1)}", change
    m = re.match(r"^is (?:really )?into (.+)$", t, re.I)
    if m:
        return f"Likes {m.group(1)}", change
    m = re.match(r"^used to (\S+)(.*)$", t, re.I)
    if m:  # a past habit: it is over now
        return f"No longer {_conjugate(m.group(1))}{m.group(2)}", True
    m = re.match(r"^(?:started working|joined|now works|works now) (?:at |for )?(.+)$", t, re.I)
    if m and m.group(1)[:1].isupper():
        return f"Works at {m.group(1)}", True
    m = re.match(
        r"^(?:now )?(?:lives|resides|is based|is living|is located|lives now) (?:in|at) "
        r"(.+)$",
        t,
        re.I,
    )
    if m:
        return f"Lives in {_TIME_TAIL.sub('', m.group(1))}", change or low.startswith("now ")
    m = re.match(r"^(?:is )?(?:now )?(\d{1,3})(?: years old| years| yrs old)?$", low)
    if m:
        return f"Is {m.group(1)} years old", change
    m = re.match(r"^(?:just )?turned (\d{1,3})(?: years old)?$", low)
    if m:
        return f"Is {m.group(1)} years old", True
    m = re.match(r"^(?:got|is|just got) (married|engaged|divorced)(?: to (.+))?$", t, re.I)
    if m:
        to = f" to {m.group(2)}" if m.group(2) else ""
        return f"Is {m.group(1).lower()}{_TIME_TAIL.sub('', to)}", True
    m = re.match(r"^(favou?rite|fav) (.+?) is (?:now )?(.+)$", t, re.I)
    if m:
        return f"Favourite {m.group(2).lower()} is {m.group(3)}", change
    m = re.match(r"^(?:quit|quits|left|has left|lost) (?:their|the) job (?:at|with) (.+)$", t, re.I)
    if m:
        return f"No longer works at {_TIME_TAIL.sub('', m.group(1))}", True
    m = re.match(r"^(?:got |was |has been )?promoted to (?:a |an )?(.+)$", t, re.I)
    if m:
        role = _TIME_TAIL.sub("", m.group(1))
        return f"Works as {'an' if role[0].lower() in 'aeiou' else 'a'} {role}", True
    m = re.match(r"^(?:stopped|quit|quits|gave up|has given up|has stopped) (.+)$", t, re.I)
    if m:
        what = _TIME_TAIL.sub("", m.group(1))
        if not what.split(" ", 1)[0].lower().endswith("ing"):
            return f"Gave up {what}", True  # "gave up sugar": no verb to negate
        return "No longer " + _gerund_to_verb(what), True
    m = re.match(r"^(?:owns|has got) (.+)$", t, re.I)
    if m:
        return f"Has {m.group(1)}", change
    m = re.match(r"^started working as (.+)$", t, re.I)
    if m:
        return f"Works as {m.group(1)}", True
    m = re.match(r"^doesn't (\S+)(.*)$", t, re.I)
    if m and change:
        return f"No longer {_conjugate(m.group(1))}{m.group(2)}", True
    m = re.match(r"^is not (.+)$", t, re.I)
    if m and change:
        return f"Is no longer {m.group(1)}", True
    return t[0].upper() + t[1:], change


def _gerund_to_verb(text: str) -> str:
    """Turn a gerund into a verb: "smoking" → "smokes", "drinking coffee" → "drinks coffee"."""
    verb, _, tail = text.partition(" ")
    low = verb.lower()
    if low.endswith("ing") and len(low) > 4:
        stem = low[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            stem = stem[:-1]  # running → run
        elif stem + "e" in lexicon.E_VERBS:
            stem += "e"  # smoking → smoke
        verb = _conjugate(stem)
    return verb + (" " + tail if tail else "")


def canonical(clause: str) -> Fact | None:
    """The memory-style fact of one statement clause, or ``None`` if rules cannot write it.

    Example:
        .. code-block:: python

            canonical("I don't drink coffee anymore").text   # "No longer drinks coffee"
            canonical("My favourite colour is green now").text  # "Favourite colour is green"
    """
    change = bool(re.search(r"(?:^|\s)now$|^now\s", clause, re.I))
    clause = re.sub(r"(?:^|,?\s+)now$|^now\s+", "", clause, flags=re.I).strip() or clause
    fact = _canonical(clause)
    if fact is not None and change and not fact.change:
        fact = Fact(fact.text, change=True, source=fact.source)
    return fact


def _canonical(clause: str) -> Fact | None:
    for pattern in _OWN_NAME:
        m = pattern.match(clause)
        if m and m.group(1).split()[0].lower() not in lexicon.NOT_NAMES:
            return Fact(f"Name is {m.group(1)}", source=clause)
    # "Pizza is my favourite food" → "Favourite food is pizza"; "Anna is my sister" →
    # "Sister's name is Anna".
    m = re.match(
        r"^(.+?) (?:is|are) (?:now |actually )?(?:my|our) (favou?rite \w+(?: \w+)?)$", clause, re.I
    )
    if m:
        return Fact(_normalise_style(f"{m.group(2)} is {m.group(1)}", False)[0], source=clause)
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
    written = _rewrite_subject(clause)
    if written is None:
        # Subject dropped ("Love hiking", "Just moved to Boston"): implicit first person.
        first = re.sub(r"^(?:" + lexicon.ADVERBS + r")\s+", "", clause.lower()).split(" ", 1)[0]
        if first in lexicon.DROPPED_SUBJECT_VERBS:
            written = _rewrite_subject("I " + clause[0].lower() + clause[1:])
        elif re.match(rf"^(?:{lexicon.DROPPED_SUBJECT_BE})\b", clause, re.I):
            # "Allergic to cats", "Vegetarian, by the way": "I am" was dropped.
            written = _rewrite_subject("I am " + clause[0].lower() + clause[1:])
    if written is None:
        return None
    text, change = _normalise_style(*written)
    if len(text.split()) < 2:
        return None
    return Fact(text, change=change, source=clause)


def analyse(text: str) -> Analysis:
    """Classify and rewrite every clause of a user's text (see the module docstring)."""
    out = Analysis()
    clauses = [(c, corrects(s)) for s in sentences(text) for c in split_clauses(s)]
    if not clauses and text.strip():
        out.skipped.append((text.strip(), "small talk"))  # only a greeting or filler
    for clause, correction in clauses:
        why = skip_reason(clause)
        if why is not None:
            out.skipped.append((clause, why))
            continue
        bare = clause.strip()
        fact = canonical(bare)
        if fact is not None:
            out.facts.append(replace(fact, correction=True) if correction else fact)
        elif FIRST_PERSON.search(bare) and not re.match(
            r"^(?:it|that|this|they|he|she|there|which|those|these)\b", bare, re.I
        ):
            # About the user, in a shape the rules do not know ("Photography is
            # my passion"): kept as said, in the third person. Measured: the
            # 135M model's answer for such a clause is this echo at best.
            echo = _third_person_rest(bare)
            out.facts.append(Fact(echo[0].upper() + echo[1:], source=bare, correction=correction))
        elif re.search(r"[a-z]\s[A-Z]", bare):
            out.residual.append(bare)
        else:
            out.skipped.append((clause, "not about the user"))
    return out
