"""Chat misspellings put right before the rules read a turn.

People type fast: "finaly moved into are new house", "quit the band, picked up
pottery insted", "wat food shud i get her". The rules match words, so a
misspelt cue word ("insted", "finaly") or a missing apostrophe ("shes a
calico") hides the fact. :func:`standard_spelling` rewrites the common ones:
a fixed list of chat misspellings and shorthand whose correction is not in
doubt, apostrophes left out of contractions, and "are" typed for "our" after a
preposition ("into are new house"). Names and rare words are left as typed;
a misspelt name is the user's to correct ("typo, its whiskers").

Example:
    .. code-block:: python

        standard_spelling("finaly moved into are new house")   # "finally moved into our new house"
"""

from __future__ import annotations

import re

__all__ = ["standard_spelling"]

_FIXES = {
    "insted": "instead",
    "instad": "instead",
    "finaly": "finally",
    "jsut": "just",
    "juts": "just",
    "wks": "weeks",
    "mos": "months",
    "yrs": "years",
    "realy": "really",
    "alot": "a lot",
    "becuase": "because",
    "becasue": "because",
    "definately": "definitely",
    "definetly": "definitely",
    "recieve": "receive",
    "recieved": "received",
    "wierd": "weird",
    "tommorow": "tomorrow",
    "tomorow": "tomorrow",
    "tmrw": "tomorrow",
    "untill": "until",
    "beleive": "believe",
    "freind": "friend",
    "freinds": "friends",
    "thier": "their",
    "apartmnt": "apartment",
    "appartment": "apartment",
    "wat": "what",
    "shud": "should",
    "wud": "would",
    "cud": "could",
    "ppl": "people",
    "bday": "birthday",
    "b-day": "birthday",
    "movd": "moved",
    "preferrs": "prefers",
    "gutar": "guitar",
    "guitr": "guitar",
    "weekneds": "weekends",
    "wekends": "weekends",
    "resturant": "restaurant",
    "vaccum": "vacuum",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "shes": "she's",
    "theyre": "they're",
    "youre": "you're",
    "thats": "that's",
    "whats": "what's",
    "ive": "I've",
    "im": "I'm",
}
_WORD = re.compile(r"\b(" + "|".join(map(re.escape, _FIXES)) + r")\b", re.IGNORECASE)
# "moved into are new house": "are" where "our" was meant.
_ARE_FOR_OUR = re.compile(
    r"\b(into|in|to|for|with|of|at|from|on) are (new|old|first|house|home|place|apartment|"
    r"kids?|son|daughter|dog|cat|car|wedding|baby|trip|family)\b",
    re.IGNORECASE,
)


def standard_spelling(text: str) -> str:
    """``text`` with common chat misspellings corrected (see the module docstring)."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        right = _FIXES[word.lower()]
        return right[0].upper() + right[1:] if word[0].isupper() else right

    return _ARE_FOR_OUR.sub(r"\1 our \2", _WORD.sub(fix, text))
