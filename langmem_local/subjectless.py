"""Statements about the user that have no "I": "montreal is home now", "Sam proposed".

:func:`langmem_local.statements.canonical` rewrites first-person clauses; these
say something of the user without a first-person subject, each in a shape
common in chat:

* a home: "montreal is home now", "Home is Melbourne for me", "my hometown is Cork";
* a life event: "Olivia Rose, born March 1st" (a baby born), "Sam proposed in
  Lisbon" (engaged to Sam), "first day at Best Buy is March 3rd" (a new employer);
* something given up: "..., no more tea for me" (not "no more excuses": a resolve);
* a weight said as a figure: "212 lbs, goal is 185";
* something given up, counted: "3 weeks smoke free today";
* an appointment: "dentist appt on the 15th" (the date may move, :mod:`langmem_local.revalue`);
* a named person's allergy or condition ("Ava is allergic to peanuts"), kept as
  said: a parent asking for snack ideas has just said what must be remembered.

Example:
    .. code-block:: python

        statement("Sam proposed in Lisbon")   # ("Is engaged to Sam", True)
        statement("no more excuses")          # None
"""

from __future__ import annotations

import re

from langmem_local.statements_style import article, normalise_style

__all__ = ["statement"]

# "No more excuses, I'm going to the gym": a resolve, not something given up.
_NO_MORE_IDIOM = re.compile(
    r"^(?:excuses|drama|games|questions|worries|waiting|nonsense|mr nice guy|of (?:this|that))$",
    re.I,
)


# "Ava is allergic to peanuts", "Tom has celiac disease": whoever they are, it matters.
_NAMED_HEALTH = re.compile(
    r"^[A-Z][a-z]+ (?:is|has|'s) (?:severely |very |mildly |really )?(?:allergic|intolerant|"
    r"lactose intolerant|diabetic|epileptic|asthmatic|celiac|coeliac|anaphylactic|autistic|"
    r"type [12] diabetic|(?:a |an )?(?:peanut|nut|gluten|dairy|shellfish|egg) allergy)\b"
)


_WEIGHT = re.compile(
    r"^(?:at |now )?(\d{2,3}(?:\.\d)?) ?(lbs?|pounds|kg)\b((?:,? goal is .+)?)$", re.I
)
# "they cancelled dad's hip surgery altogether": someone else called the plan off.
_THEY_CANCELLED = re.compile(
    r"^(?:they|the (?:doctors?|surgeon|hospital|clinic|school|airline|venue|vet|office|company)) "
    r"(?:cancell?ed|called off|scrapped)\s+(?:the |our |my )?([\w' -]+?)"
    r"(?: (?:altogether|completely|entirely|for good))?(?:,.*)?$",
    re.I,
)
_REACT_TO = re.compile(
    r"^(?i:it's|its|it is) (?:actually |really |only )?(.+?) (?:that )?(?i:i)(?:'m| am)? "
    r"(?:react to|reacted to|react badly to|(?:am |'m )?allergic to)$"
)
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "officially 2 months smoke free", "1 year sober today", "day 10 without a cigarette!!".
_SUBSTANCE_FREE = re.compile(
    r"^(?:(?:officially|now|finally|already|almost|nearly|just hit|over|about) )*"
    rf"({_COUNT} (?:days?|weeks?|months?|years?)) (?:(smoke|nicotine|alcohol|booze|sugar|"
    r"caffeine)[- ]free|(sober))\b.*$"
    rf"|^(?:day|week|month) (\d+) (?:without|with no|of no) (?:a |any )?(cigarettes?|smok\w*|"
    r"drinks?|drinking|alcohol|booze|vap\w*)\b.*$",
    re.I,
)
_FREE_OF = {"cigarette": "smoke", "smok": "smoke", "vap": "nicotine", "drink": "alcohol"}
_APPOINTMENT = re.compile(
    r"^(?:my |a |the )?([a-z]+(?: [a-z]+)?) (?:appt|appointment|check-?up)(?: is)? "
    r"((?:on|at|this|next)\b[^,]*?|tomorrow|today)(?:,.*)?$",
    re.I,
)


def statement(clause: str) -> tuple[str, bool] | None:
    """``(memory text, is a change)`` for a subjectless statement about the user, or None."""
    m = re.match(r"^([A-Za-z][\w .'-]+?) is (?:my |our )?(?:new )?home(?: now)?$", clause)
    if m and m.group(1).lower() not in ("this", "that", "it", "here", "there"):
        return f"Lives in {m.group(1)}", True  # "montreal is home now"
    m = re.match(r"^(?i:my )?(?i:home|(home ?town)) is ([A-Z][\w .'-]+?)(?: for me| now)?$", clause)
    if m:  # "Home is Melbourne for me"; a hometown is where they come from
        return f"{'Is from' if m.group(1) else 'Lives in'} {m.group(2)}", False
    m = re.match(
        r"^(?i:(?:welcome|meet|introducing|say hi to) )?([A-Z][a-z]+(?: [A-Z][a-z]+)?),? "
        r"(?:was )?born (?:on )?([^,]+)",
        clause,
    )
    if m:  # "Olivia Rose, born March 1st, 7lbs 2oz": a baby born
        return f"Baby {m.group(1)} was born on {m.group(2)}", True
    m = re.match(r"^([A-Z][a-z]+) (?:proposed|popped the question)(?: to me)?(.*)$", clause)
    if m:  # "Sam proposed in Lisbon": engaged to Sam
        return f"Is engaged to {m.group(1)}", True
    m = re.match(r"^(?i:my )?((?i:first day) at .+)$", clause)
    if m:  # "first day at Best Buy is March 3rd": no subject, but about the user
        return normalise_style(m.group(1)[0].upper() + m.group(1)[1:], True)
    m = re.match(
        r"^(?:the |our |my )?([\w' -]+?)(?: (?:is|are|got|was|were|has been|'s been)|'s) "
        r"(?:off|cancell?ed|called off)(?:,.*)?$"
        # "the denver thing fell through": the plan is off
        r"|^(?:the |our |my )?([\w' -]+?) (?:fell through|is not happening|isn't happening|"
        r"won't happen|didn't work out|backed out|pulled out|withdrew)"
        r"(?:,.*| (?:before|because|since|after|at)\b.*)?$",
        clause,
        re.I,
    )
    m = m or _THEY_CANCELLED.match(clause)
    what = m and (m.group(1) or m.group(2))
    if what and what.lower() not in ("it", "that", "this", "the deal", "everything", "she", "he"):
        return f"{what[0].upper()}{what[1:]} is off", True  # "disney is off"
    m = _REACT_TO.match(clause)
    if m:  # "it's actually sulfa drugs i react to": an allergy, named first
        return f"Is allergic to {m.group(1)}", False
    m = _WEIGHT.match(clause)
    if m:  # "212 lbs, goal is 185 by summer": a weight (later "down to 204" changes it)
        return f"Weighs {m.group(1)} {m.group(2)}{m.group(3)}", False
    m = _SUBSTANCE_FREE.match(clause)
    if m:  # "3 weeks smoke free today!!": the habit is over
        if m.group(4):  # "day 10 without a cigarette": 10 days
            what = next((v for k, v in _FREE_OF.items() if m.group(5).lower().startswith(k)), "")
            what = what or m.group(5).lower()
            return f"Has been {what}-free for {m.group(4)} {m.group(0).split()[0].lower()}s", True
        what = "alcohol" if m.group(3) else m.group(2).lower()
        return f"Has been {what}-free for {m.group(1)}", True
    m = _APPOINTMENT.match(clause)
    if m:  # "dentist appt on the 15th, dreading it": an appointment, said without "I have"
        what = m.group(1).lower()
        return f"Has {article(what)} {what} appointment {m.group(2)}", False
    m = re.match(
        r"^(?:they|my doctor|the doctor|my doc|doc|dr\.?|my dr\.?|my gp|my psychiatrist) "
        r"((?:bumped|increased|raised|upped|lowered|cut|reduced|dropped|changed)) "
        r"(?:me |my |the )?(.+?)( up| down)? to (.+)$",
        clause,
        re.I,
    )
    if m:  # "They bumped my metformin up to 1000mg": a dose changed
        what = m.group(2)[0].upper() + m.group(2)[1:]
        to = re.sub(r"\bmy\b", "their", m.group(4))
        return f"{what} {m.group(1)}{m.group(3) or ''} to {to}", True
    m = re.match(
        r"^(?:my |the )?(?:doctor|doc|psychiatrist|gp|they) (?:switched|moved|changed|put) me "
        r"(?:over )?(?:from .+? )?(?:to|on) (.+?)(?: instead)?$",
        clause,
        re.I,
    )
    if m:  # "my psychiatrist switched me to Wellbutrin instead": what they take now
        return f"Takes {m.group(1)}", True
    m = re.match(
        r"^(?!(?:i|we|i've|we've|i'm|he|she|they|you|my|our)\b)(?:the )?([\w' -]+?) "
        r"(?:was |got |is )?(?:cut|raised|increased|bumped|"
        r"lowered|reduced|dropped|upped)(?: up| down| back)? to (.+)$",
        clause,
        re.I,
    )
    if m and m.group(1).lower() not in ("it", "that", "this", "everything"):
        # "guest list cut down to 85": an amount, or a date, changed
        return clause[0].upper() + clause[1:].rstrip(" .!"), True
    m = _NAMED_HEALTH.match(clause)
    if m:  # "Ava is allergic to peanuts": a person in the user's life; safety first
        return clause.rstrip(" .!"), False
    m = re.match(r"^no more ([\w' -]+?)(?: for (?:me|us))?$", clause, re.I)
    if m and not _NO_MORE_IDIOM.match(m.group(1)):
        # "I've switched to coffee, no more tea for me": what they gave up
        return f"Gave up {m.group(1)}", True
    return None
