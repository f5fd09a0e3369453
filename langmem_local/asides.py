"""Statements that are not the user's facts: suppositions, jokes, others' opinions, asides.

:func:`langmem_local.clauses.skip_reason` first drops questions, requests,
small talk and replies. What is left looks like a statement, but some of it
says nothing true about the user, and storing it would be wrong:

* talk about the assistant ("you're way better than the other chatbot");
* a supposition ("say I had 3 kids, ...", "if I ever had a dog I'd ...");
* a remark about everyone ("We all need a push sometimes");
* a joke or sarcasm ("jk", "(he was joking obviously)", "I just LOVE waking
  up at 5am 🙄" — an eye-roll with a liking word, not one at a cancelled trip);
* another person's opinion ("My coworker Jenna thinks pineapple on pizza is
  disgusting"; what the user thinks of it is said next, and kept).

Example:
    .. code-block:: python

        reason("say I had 3 kids")                # "hypothetical"
        reason("I just LOVE mondays 🙄")          # "joke or sarcasm"
        reason("I live in Denver")                # None
"""

from __future__ import annotations

import re

from langmem_local import lexicon

__all__ = ["SUPPOSED", "joking", "reason"]


def reason(clause: str) -> str | None:
    """Why a statement-like clause is not a fact about the user, or None."""
    if _ABOUT_YOU.match(clause) or _TO_YOU.match(clause):
        return "small talk"  # about the assistant, not the user
    if SUPPOSED.match(clause):
        return "hypothetical"
    if re.match(r"^we all\b", clause, re.I):  # "We all need a push sometimes": everyone
        return "general remark"
    if _JOKING.search(clause) or _PASTIME_PRO.search(clause) or _AGE_JOKE.search(clause):
        return "joke or sarcasm"
    if _THEIR_OPINION.match(clause) or _THEIR_CLAIM.match(clause) or _TOLD_OF_THEIRS.match(clause):
        return "someone else's opinion"
    if _VENT.match(clause):
        return "a feeling in the moment"
    if _ABOUT_MEMORY.match(clause):
        return "a request about the memory"
    return None


# "I don't want him coming up", "i don't want that saved anywhere": said to the memory.
_ABOUT_MEMORY = re.compile(
    r"^(?:i )?(?:really )?(?:don't|do not|dont) want (?:you to (?:keep|save|store) )?"
    r"(?:him|her|it|that|them|this|those)\b.*\b(?:coming up|come up|brought up|mentioned|saved|"
    r"stored|remembered|kept|anywhere|on file)\b",
    re.IGNORECASE,
)
# "i just need to vent for a sec, everything feels like too much right now".
_VENT = re.compile(
    r"^(?:sorry,? )?(?:i )?(?:just |really |kinda |kind of )?(?:need|want|have|gotta|got) to "
    r"vent\b|^(?:sorry,? )?(?:i'm |im )?(?:just )?venting\b|^let me vent\b|"
    # "i'm going to lose my mind", "i swear the laundry multiplies overnight"
    r"^.*?\b(?:going to|gonna|about to) lose (?:my|our) minds?\b|^.*?\blosing (?:my|our) minds?\b|"
    r"^i swear\b|^(?:i'm |im )?(?:just )?thinking out loud\b|"
    # "asking for my neighbor": someone else's question
    r"^(?:i'm |im )?(?:just )?asking for (?:a|my) (?:friend|neighbou?r|coworker|colleague|"
    r"sister|brother|mom|dad|cousin)\b|"
    r"^(?:i'm |im )?(?:just )?asking (?:hypothetically|out of curiosity|for fun)\b|"
    # "i have a call in 10 min": a moment, over before it could be recalled
    # (not "ran my first 5k in 31 minutes": a time achieved)
    r".*\b(?:have|got|there's) (?:a|an|my) [\w -]{1,20}? in (?:\d+|a few|five|ten|two) "
    r"(?:min|mins|minutes)\b",
    re.IGNORECASE,
)

_TO_YOU = re.compile(
    r"^(?:you're|you are|ur\b|you (?!(?:can |may |could )?(?:just |also )?call me))", re.I
)
# "My coworker Jenna thinks pineapple on pizza is disgusting": her taste, not a fact
# about the user (what the user thinks of it comes next, and is kept).
_THEIR_OPINION = re.compile(
    r"^(?!i\b|we\b)(?:my |our )?[\w' -]{1,40}? (?:thinks|believes|reckons|feels|says|insists|"
    r"swears|claims) (?:that )?"
    r"(?:.+ (?:is|are)|.*?\w(?:'s|'re|’s)) (?:so |really |totally |just |literally )*"
    r"(?:disgusting|gross|a crime|"
    r"overrated|underrated|amazing|the best|the worst|terrible|awful|great|weird|stupid|dumb|"
    r"wrong|boring|pointless|useless|a scam|a waste of \w+)\b.*$",
    re.IGNORECASE,
)


# "my brother said he's gonna move to mars lmao": what someone else claims of themselves.
# "another mom at pickup told me her son is allergic to basically everything": her son.
_TOLD_OF_THEIRS = re.compile(
    rf"^(?!i\b|we\b|my (?:doctor|doc|dr|gp|dentist|therapist|vet)\b)[\w' -]{{1,40}}? "
    rf"(?:told me|said|mentioned) (?:that )?(?:her|his|their) (?:{lexicon.KIN})\b",
    re.IGNORECASE,
)
_THEIR_CLAIM = re.compile(
    r"^(?!i\b|we\b)(?:my |our )?[\w' -]{1,30}? (?:said|says|claims|swears|keeps saying|"
    r"keeps telling me|always says|told me|is convinced|thinks) (?:that )?"
    # "my buddy keeps saying crypto is going to 10x this year": their prediction.
    r"(?:he|she|they|[\w' -]{1,30}?)(?:'s|'re| is| are| was| will| would)? "
    r"(?:gonna|going to|will|getting|being)\b"
    # "my boss said if I finish the report early I get a pony": their words, a what-if
    r"|^(?!i\b|we\b)(?:my |our )?[\w' -]{1,30}? (?:said|says|told me|promised) (?:that )?if\b"
    # "he says that every quarter": says something the clause does not say
    r"|^(?!i\b|we\b)(?:my |our )?[\w' -]{1,30}? (?:says|said|thinks|keeps saying) "
    r"(?:that|it|this|so)(?: \w+){0,3}$",
    re.IGNORECASE,
)
# "hey! so i just started using this thing": about the assistant, not the user.
_ABOUT_YOU = re.compile(
    r"^(?:i'?m |i |we )?(?:just |only )?(?:started|starting|trying|new to|testing) (?:using |out )?"
    r"(?:this|you)(?: thing| app| bot| tool| assistant| chat)?$",
    re.IGNORECASE,
)
# "say I had 3 kids, ...", "if I ever had a dog I'd ...": supposed, not so.
SUPPOSED = re.compile(
    r"^(?:(?:let's |lets )?say (?:i|we)\b|suppose|supposing|imagine|what if|hypothetically|"
    # "sometimes i think if i dropped out i'd open a ramen shop"
    r"(?:sometimes )?(?:i |i'd |i )?(?:think|thought|wonder|feel like),? (?:that )?if (?:i|we)\b|"
    r"if (?:i|we|my)\b)",
    re.IGNORECASE,
)
# "I just LOVE waking up at 5am 🙄", "(he was joking obviously)", "dying of boredom 😂".
_JOKING = re.compile(
    r"\b(?:love|loving|adore|great|perfect|fun|awesome|amazing|best|thrilled|lucky)\b.*🙄|"
    r"/s$|\b(?:was|is|'s|were|am|i'm) (?:just |only |obviously )?(?:joking|kidding)\b|"
    r"\bjk\b|\bjust kidding\b|"
    # "my toddler is the CEO of this house, i just work here 😂"
    r"\bthe (?:ceo|boss|king|queen|ruler|manager) of (?:this|the|our) (?:house|household|"
    r"family|home)\b|\bi just work here\b|"
    r"\bdying of (?:boredom|laughter)\b",
    re.IGNORECASE,
)


def joking(sentence: str) -> bool:
    """Whether a whole sentence is a joke, each of its clauses with it.

    "i'm a professional astronaut, i commute to the moon on tuesdays 😂": the
    laugh marks both clauses. A job said with a laugh ("I'm a nurse lol") is
    not: only "professional" claims are read this way. (Hyperbole about a
    pastime, "a professional napper at this point", is a joke in its clause
    alone: :func:`reason`.)
    """
    professional = _PROFESSIONAL.search(sentence) and not _PASTIME_PRO.search(sentence)
    return bool(professional and _LAUGH.search(sentence)) or bool(_SARCASTIC.match(sentence))


# "oh sure, i'll just become a millionaire by next tuesday, no problem 🙄".
_SARCASTIC = re.compile(
    r"^\W*(?:oh,? )?(?:sure|yeah,? right|right)\b,? .*(?:🙄|\bno problem\b|"
    r"\bwhat could (?:possibly )?go wrong\b|\bno big deal\b|\beasy\b)",
    re.IGNORECASE,
)


_LAUGH = re.compile(r"[😂🤣😆😜😝🙃]|\b(?:haha\w*|hehe\w*|lol|lmao|rofl|jk)\b", re.IGNORECASE)
_PROFESSIONAL = re.compile(
    r"\b(?:i'?m|i am|im) (?:basically |literally |now )?a professional\b", re.I
)
_PASTIME_PRO = re.compile(
    r"\bprofessional (?:nap|procrastinat|overthink|snack|complain|worr|binge|couch|sleep|"
    r"coffee|tea|wine|pizza|taco|chocolate|netflix|scroll|eat|shopp|nerd|hater|lurk)\w*",
    re.IGNORECASE,
)
_AGE_JOKE = re.compile(
    r"\b\d{2} (?:again |for the (?:\w+|\d+(?:st|nd|rd|th)) time)\b"
    # "I'm basically 100 years old after that hike"
    r"|\b(?:basically|practically|literally|like|about) (?:\d{3}|a hundred|a million) years old\b",
    re.I,
)
