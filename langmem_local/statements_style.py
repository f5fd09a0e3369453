"""One phrasing per common fact: the memory style of :mod:`langmem_local.statements`.

A first-person clause rewritten in the third person ("Is a nurse", "Got a new
job at Microsoft", "Quit my job at Google") is brought to the one phrasing the
slots and the duplicate rules know (:mod:`langmem_local.slots`): "Works as a
nurse", "Works at Microsoft", "No longer works at Google". Each rule also says
whether the statement marks a change ("now", "stopped", "moved", "turned 30").

Example:
    .. code-block:: python

        normalise_style("Is a nurse", False)          # ("Works as a nurse", False)
        normalise_style("Stopped drinking coffee", False)  # ("No longer drinks coffee", True)
"""

from __future__ import annotations

import re

from langmem_local import lexicon

__all__ = ["PURPOSE", "TIME_TAIL", "conjugate", "normalise_style"]

TIME_TAIL = re.compile(
    r"(?:\s+(?:last|this|next|past) (?:week|month|year|weekend|summer|winter|spring|fall|autumn|"
    r"semester|term)"
    r"|\s+(?:yesterday|today|recently|a while ago|in \d{4}|\d+ (?:days|weeks|months|years) ago)"
    r"|\s+in (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)(?: \d{4})?"
    r"|\s*\([^)]*\))+$",
    re.IGNORECASE,
)


# "a tiny startup called Loomly": the name is the employer.
_CALLED = re.compile(
    r"^(?:a|an|this|the) (?:[\w-]+ ){0,2}(?:startup|company|firm|agency|studio|shop|business|"
    r"place|bank|school|hospital|clinic|restaurant|cafe|lab|nonprofit) (?:called|named) ",
    re.IGNORECASE,
)

_FIELDS = frozenset(
    "accounting nursing teaching engineering consulting marketing banking acting modelling "
    "modeling coding programming law medicine finance sales retail hospitality".split()
)
PURPOSE = re.compile(
    r"\s+(?:for|because of|due to) (?:work|a job|my job|their job|school|uni|university|"
    r"college|studies|family|love|a (?:new )?(?:role|position|gig))\b.*$"
    # "moved to Austin to take a job at Dell"
    r"|\s+to (?:take|start) (?:a|an|the|my|their) (?:new )?(?:job|role|position)\b.*$",
    re.IGNORECASE,
)
"""Why someone moved ("... for work"): not part of where they live."""


def article(word: str) -> str:
    """The article before ``word`` ("an ER nurse", "a barista")."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def conjugate(verb: str) -> str:
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


def normalise_style(text: str, change: bool) -> tuple[str, bool]:
    """One phrasing per common fact, so duplicates look alike and slots are found."""
    t = text.strip(" ,.")
    # "..., not Titanic" / "... rather than Denver": the correction is the fact.
    # Not "Husband Richard does not eat pork": "not" after a verb is a negation.
    t2 = re.sub(
        r"(?:,? (?:and )?(?:rather than|instead of)|, (?:and )?not) (?:a |an |the )?[\w' -]+$",
        "",
        t,
    )
    if t2 != t and len(t2.split()) >= 2:
        t, change = t2, True
    # "Brother's not a pilot, he's a flight attendant": the second half is the fact.
    m = re.match(
        r"^(.+?)(?:'s| is) not (?:a |an |the )?[^,]+,\s*(?:but\s+)?(?:he|she|they|it)"
        r"(?:'s| is| are) (.+)$",
        t,
        re.I,
    )
    if m:
        return f"{m.group(1)} is {m.group(2)}", True
    low = t.lower()
    # "Got laid off from Deloitte last week": the employer is no longer theirs.
    m = re.match(
        r"^(?:got |was |has been |just got |recently got )?(?:laid off|fired|let go|"
        r"made redundant)(?: (?:from|at|by) (.+))?$",
        TIME_TAIL.sub("", t),
        re.I,
    )
    if m:
        return (f"No longer works at {m.group(1)}" if m.group(1) else "Was laid off"), True
    # "dana and i split up": a break-up is told in the past ("split" reads both ways).
    t = re.sub(r"^splits up\b", "Split up", t, flags=re.I)
    m = re.match(
        r"^is (?:a |an )?(?:huge |big |massive |total |real )?([\w-]+) (?:person|fan)$", t, re.I
    )
    if m:  # "I'm a huge coffee person"
        return f"Loves {m.group(1)}", change
    # "Is kinda over sushi, can't stand it": a preference that ended.
    m = re.match(
        r"^(?:is (?:kinda |kind of |sorta |so |totally |completely |really |pretty much )?"
        r"(?:over|done with)|(?:has )?(?:gone off|lost interest in|fallen out of love with|"
        r"fell out of love with)) ([^,]+?)(?:\s+now)?(?:,|$)",
        t,
        re.I,
    )
    if m:
        return f"No longer likes {m.group(1)}", True
    # "Has actually started to enjoy running" / "Started liking jazz": a new preference.
    m = re.match(
        r"^(?:has )?(?:actually |now |finally |just |recently |really )*(?:started|begun|"
        r"began|come|grown|starting|beginning) (?:to (?:really |actually )?"
        r"(like|love|enjoy|prefer|hate|dislike)|"
        r"(liking|loving|enjoying|preferring|hating|disliking)) (.+)$",
        t,
        re.I,
    )
    if m:
        verb = conjugate(m.group(1)) if m.group(1) else _gerund_to_verb(m.group(2).lower())
        return f"{verb.capitalize()} {m.group(3)}", True
    # "Is a vegetarian" / "Is vegan" → "Is vegetarian"
    m = re.match(r"^is (?:a |an )?(" + lexicon.DIETS + r")$", low)
    if m:
        return f"Is {m.group(1)}", change
    # "Went fully vegetarian this month", "Turned vegan": the diet they have now.
    m = re.match(
        r"^(?:went|has gone|have gone|turned|switched to being|switched to|is going|became) "
        r"(?:fully |full |completely |totally |100% |strictly |officially )?(?:a |an )?("
        + lexicon.DIETS
        + r")$",
        TIME_TAIL.sub("", low),
    )
    if m:
        return f"Is {m.group(1)}", True
    m = re.match(r"^is not (?:a |an )?(" + lexicon.DIETS + r")$", low)
    if m:
        return f"Is {'no longer' if change else 'not'} {m.group(1)}", change
    m = re.match(r"^is no longer (?:a |an )?(" + lexicon.DIETS + r")$", low)
    if m:
        return f"Is no longer {m.group(1)}", True
    # "Is a nurse" → "Works as a nurse" (occupations only; "Is a runner" stays)
    m = re.match(
        r"^is (?:now )?(?:a|an) ((?:[a-z-]+ ){0,3}(?:" + lexicon.OCCUPATIONS + r"))"
        r"(?: (at|for|in) (.+))?$",
        t,
        re.I,
    )
    if m:
        where = f" {m.group(2).lower()} {m.group(3)}" if m.group(3) else ""
        verb = "Is" if m.group(1).lower().endswith(("student", "intern")) else "Works as"
        return f"{verb} {article(m.group(1))} {m.group(1).lower()}{where}", change
    m = re.match(
        r"^(?:got|started|landed|accepted|has|found|took) (?:a |an |the |their |my )?(?:new )?"
        r"(?:([\w -]+?) )?(?:job|position|role|gig)"
        r"(?: as (?:a |an )?(.+?))?(?: (?:at|with|for) (.+?))?(?: instead)?$",
        TIME_TAIL.sub("", t),  # "Started their new job at KPMG today (1 March 2026)"
        re.I,
    )
    if m and (m.group(1) or m.group(2) or m.group(3)):
        role = m.group(2) or m.group(1)  # "a job as a designer", "a junior UX designer job"
        if role:
            where = f" at {m.group(3)}" if m.group(3) else ""
            return f"Works as {article(role)} {role}{where}", True
        return f"Works at {m.group(3)}", True
    m = re.match(
        r"^(?:finally |just )?traded (?:in )?(?:my |the |our |their )?.+? for (?:a |an )?(.+)$",
        t,
        re.I,
    )
    if m:  # "traded in the civic for a used Tesla Model 3": what they drive now
        return f"Drives a {m.group(1)}", True
    m = re.match(
        r"^(?:quit|quits|left|has left) (?:the|my|their) ((?:[\w-]+ )?(?:coffee shop|shop|store|"
        r"library|"
        r"restaurant|cafe|bar|bank|firm|agency|startup|company|hospital|clinic|school|office|"
        r"warehouse|factory|salon|gym))$",
        TIME_TAIL.sub("", t),
        re.I,
    )
    if m:  # "I quit the coffee shop": a workplace left
        return f"No longer works at the {m.group(1)}", True
    m = re.match(r"^(?:quit|quits|left|has left) (?:the|my|their) ([\w-]+) job$", t, re.I)
    if m:  # "quit the library job"
        return f"No longer works at the {m.group(1)}", True
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
        return normalise_style(f"Is a {m.group(1)}", True)[0], True
    m = re.match(r"^is (?:now )?working (as|at|for) (.+)$", t, re.I)
    if m:
        return f"Works {m.group(1).lower()} {m.group(2)}", change
    m = re.match(r"^is (?:a )?(?:big |huge |great )?(?:fan of|passionate about) (.+)$", t, re.I)
    if m:
        return f"Loves {m.group(1)}", change
    m = re.match(
        r"^(?:has |is )?(?:(?:gotten|got|become|getting|really|actually) )*(?:really |so )?into "
        r"([^,]+?)(?: lately| recently| now)?(,.*)?$",
        t,
        re.I,
    )
    if m and not low.startswith(("is into", "is really into")):  # "has gotten really into jazz"
        return f"Likes {m.group(1)}{m.group(2) or ''}", True
    # "I'm a tea person now": a taste changed. Without "now", "a big coffee person, 4 cups
    # a day" is kept as said: a habit, which giving coffee up ends.
    m = re.match(
        r"^is (?:a |an )(?:big |huge |total |real )?(\w+) person( now)?((?:,.*)?)$", t, re.I
    )
    changed = change or bool(m and m.group(2))
    if m and changed and m.group(1).lower() not in ("people", "morning", "night", "bad", "good"):
        return f"Likes {m.group(1)}{m.group(3)}", True
    m = re.match(r"^is (?:really )?into (.+)$", t, re.I)
    if m:
        return f"Likes {m.group(1)}", change
    m = re.match(r"^used to (\S+)(.*)$", t, re.I)
    if m and m.group(1).lower() == "be":  # "used to be a Lakers fan": no longer one
        return f"Is no longer{m.group(2)}", True
    if m:  # a past habit: it is over now
        return f"No longer {conjugate(m.group(1))}{m.group(2)}", True
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
        return f"Lives in {TIME_TAIL.sub('', m.group(1))}", change or low.startswith("now ")
    m = re.match(r"^(?:is )?(?:now )?(\d{1,3})(?: years old| years| yrs old)?$", low)
    if m:
        return f"Is {m.group(1)} years old", change
    m = re.match(r"^(?:just )?turned (\d{1,3})(?: years old)?$", TIME_TAIL.sub("", low))
    if m:
        return f"Is {m.group(1)} years old", True
    m = re.match(
        r"^(?:got|is|just got) (married|engaged|divorced)"
        r"(?: (?:last|this|on) \w+| yesterday| today| recently)?(?: \([^)]*\))?"
        r"(?: (?:to|with) (.+))?$",
        t,
        re.I,
    )
    if m:
        to = f" to {m.group(2)}" if m.group(2) else ""
        return f"Is {m.group(1).lower()}{TIME_TAIL.sub('', to)}", True
    m = re.match(r"^(favou?rite|fav) (.+?) is (?:now )?(.+)$", t, re.I)
    if m:
        return f"Favourite {m.group(2).lower()} is {m.group(3)}", change
    m = re.match(r"^(?:quit|quits|left|has left|lost) (?:their|the) job (?:at|with) (.+)$", t, re.I)
    if m:
        return f"No longer works at {TIME_TAIL.sub('', m.group(1))}", True
    m = re.match(r"^(?:got |was |has been )?promoted to (?:a |an )?(.+)$", t, re.I)
    if m:
        role = TIME_TAIL.sub("", m.group(1))
        return f"Works as {article(role)} {role}", True
    m = re.match(
        r"^(?:has been|have been|is|are) (?:dating|seeing each other|together)"
        r"((?: (?:for|since) .+)?)$",
        t,
        re.I,
    )
    if m:  # "we've been dating for a month": a relationship status
        return f"Is dating someone{m.group(1)}", True
    m = re.match(r"^(?i:is|are) (?:officially |now )*dating(?: now)? (?:with )?([A-Z]\w+)$", t)
    if m:  # "sam and I are officially dating now": dating Sam
        return f"Is dating {m.group(1)}", True
    m = re.match(r"^(?:just )?(?:finished|done) moving (?:in)?to (.+)$", t, re.I)
    if m:  # "just finished moving to Portland": the new home
        return f"Lives in {m.group(1)}", True
    m = re.match(
        r"^(?i:quit|quits|has quit) ([A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*)$", TIME_TAIL.sub("", t)
    )
    if m:  # "quit Google last month": an employer (a city is left, not quit)
        return f"No longer works at {m.group(1)}", True
    m = re.match(
        r"^(?:just )?started (?:as|working as) (?:a |an )?(.+?)(?: (at|for) (.+))?$", t, re.I
    )
    if m:  # "I just started as an ER nurse at Mercy Hospital": a new job
        where = f" at {m.group(3)}" if m.group(3) else ""
        return f"Works as {article(m.group(1))} {m.group(1)}{where}", True
    m = re.match(
        r"^(?:officially |finally |just )?(?:switched|changed) (?:their|my) major to (.+?)$",
        TIME_TAIL.sub("", t),
        re.I,
    )
    if m:  # "switched my major to computer science this semester"
        return f"Studies {m.group(1)}", True
    m = re.match(
        r"^(?i:their |my )?(?i:first day) at ([A-Z][\w .&'-]+?) (?:is|was|will be) (?:on )?(.+)$",
        t,
    )
    if m:  # "first day at Best Buy is March 3rd": the new employer
        return f"Works at {m.group(1)} from {m.group(2)}", True
    m = re.match(
        r"^(?i:finally )?(?i:closed on|bought|got) (?:a|our|their|the) (?:new )?(?:house|home|"
        r"place|flat|apartment|condo) in ([A-Z][\w .'-]+?) and moved in\b",
        t,
    )
    if m:  # "we finally closed on a house in Raleigh and moved in last weekend"
        return f"Lives in {m.group(1)}", True
    m = re.match(
        r"^(?:stopped|quit|quits|has quit|gave up|has given up|has stopped) (.+)$", t, re.I
    )
    if m:  # what was given up ends at an aside: "quit smoking, haven't had one in months"
        what = TIME_TAIL.sub("", m.group(1).split(",", 1)[0])
        if not what.split(" ", 1)[0].lower().endswith("ing"):
            return f"Gave up {what}", True  # "gave up sugar": no verb to negate
        if what.lower() in _FIELDS:  # "quit accounting": a line of work, not a verb
            return f"No longer works in {what.lower()}", True
        return "No longer " + _gerund_to_verb(what), True
    m = re.match(
        r"^(?:starts|is starting|will start|starting|is going to start) "
        r"(?:a new job |work |working |a job )?(?:at|with) (.+?)(?: (?:on|next|this) \w+day)?$",
        t,
        re.I,
    )
    if m:  # "I start at Stripe on Monday", "starting at a startup called Loomly": the employer
        return f"Works at {_CALLED.sub('', m.group(1))}", True
    m = re.match(
        r"^(?:finally |just |has )?moved in with ((?:their |my |our )?)(.+?)(?: now)?$", t, re.I
    )
    if m:  # "moved in with my girlfriend", "moved in with Jake": who they live with
        whose = "their " if m.group(1) else ""
        return f"Lives with {whose}{TIME_TAIL.sub('', m.group(2))}", True
    m = re.match(
        r"^(?:finally |just |has )?(?:settled|moved) (?:down )?in(?:to)? (?:(?:their |our |my |"
        r"the |a )?(?:new )?(?:place|home|house|flat|apartment|condo) in )?([^,]+?)(?: now)?$",
        t,
        re.I,
    )
    if m:  # "Finally settled into our new place in San Diego": a new home
        return f"Lives in {TIME_TAIL.sub('', m.group(1))}", True
    m = re.match(
        r"^(?:is (?:now )?back (?:home )?in|(?:finally )?made the move to|has made the move to) "
        r"(.+?)(?: again)?$",
        t,
        re.I,
    )
    if m:  # "I'm back in Austin again", "made the move to Berlin"
        return f"Lives in {TIME_TAIL.sub('', m.group(1))}", True
    m = re.match(r"^has been (seeing|dating) (someone(?: new)?|[A-Z][a-z]+)$", t, re.I)
    if m:  # "I've been seeing someone": a relationship status
        return f"Is {m.group(1).lower()} {m.group(2)}", True
    m = re.match(r"^(?:owns|has got) (.+)$", t, re.I)
    if m:
        return f"Has {m.group(1)}", change
    m = re.match(r"^started working as (.+)$", t, re.I)
    if m:
        return f"Works as {m.group(1)}", True
    m = re.match(r"^doesn't ([\w'-]+)(.*)$", t, re.I)
    if m and change:
        return f"No longer {conjugate(m.group(1))}{m.group(2)}", True
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
        verb = conjugate(stem)
    return verb + (" " + tail if tail else "")
