"""Cut a user's text into clauses and tell statements from questions and small talk.

The first step of ``facts`` mode (:mod:`langmem_local.statements`): sentences are
split where a new subject starts ("I live in Denver and I am vegetarian") and
after a first-person reason ("Since I'm diabetic, is this cake okay?"),
greetings and discourse fillers at the ends are removed ("Hi, ...", "...,
by the way"), and each clause is classified. A sentence that opens with a
correction ("Actually ...", "Sorry, ...") is marked as one (:func:`corrects`).

Example:
    .. code-block:: python

        from langmem_local.clauses import skip_reason, split_clauses

        split_clauses("Hi! I live in Denver, what about you?")
        # ["I live in Denver", "what about you?"]
        skip_reason("Can I eat a Snickers bar?")   # "question or request"
        skip_reason("I live in Denver")            # None
"""

from __future__ import annotations

import re

from langmem_local import asides, lexicon

__all__ = [
    "FIRST_PERSON",
    "NAMED_ONLY",
    "corrects",
    "sentences",
    "skip_reason",
    "split_clauses",
]

_SENTENCE = re.compile(
    # "St. Mary's", "Dr. Lee": an abbreviation's period does not end a sentence.
    r"(?<!\b[SDMsdm][rtsR]\.)(?<!\b[JS]r\.)(?<!\bMrs\.)(?<=[.!?;])\s+|\n+|\s+(?:-{1,2}|[—–])\s+"
    r"|\s*[—–]\s*"
    # An emoji between two clauses ends the first ("broke up 😢 long distance wasn't
    # working"); not 🙄 (U+1F644), which marks sarcasm.
    r"|\s*[\U0001F300-\U0001F643\U0001F645-\U0001FAFF\u2600-\u27BF]+\s+(?=\w)"
)
# Verbs that start a second clause whose "I" was dropped ("... and live in Toronto").
_SECOND_VERBS = "live|work|study|teach|own|drink|eat|play|speak|volunteer|commute|drive"
# A new clause starts where a conjunction or comma is followed by a subject.
_CLAUSE = re.compile(
    # "..., settled in Brighton now": a comma before a verb of moving or starting
    # starts a clause whose "I" was dropped.
    r",\s*(?=(?:just |finally |now )?(?:settled|moved|relocated|started|joined|bought|adopted|"
    r"picked up|took up|"
    r"starting (?!tomorrow|today|tonight|next|on|in|this|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|joining|got a|landed|found a)\b)|"
    # "I work at Shopify and live in Toronto", "I love coffee, drink 4 cups a day": the
    # second verb's "I" was dropped.
    rf"(?:,\s*|\s+and\s+)(?=(?:{_SECOND_VERBS})\s)|"
    # "I started eating fish again, so pescatarian now": the diet it makes them.
    rf",\s*so\s+(?=(?:{lexicon.DIETS})\b)|"
    r",\s*(?=(?:gave up|quit|stopped|switched|no more|(?:my |our )?first day at)\b)|"
    r",?\s+so\s+(?=no more\b)|"  # "my knee is messed up so no more running for me"
    r",?\s+and\s+(?=turns out\b)|"  # "... lately and turns out I love spicy stuff"
    # "quit coffee last week, drinking green tea instead now": what replaced it.
    r",\s*(?=(?:drinking|eating|taking|using|doing|playing|trying)\b[^,]*\binstead\b)|"
    # "... and since I'm vegetarian can you ...": the reason, then the request.
    r",?\s*(?:and\s+)?(?=(?:since|because)\s+(?:i|i'm|im|i've|my|we|we're)\b)"
    r"(?!since\s+(?:i|we)\s+(?:was|were)\b)|"
    r"(?<=\w)\s+(?=(?:can|could|would|will) you\b)|"
    r",\s*(?=(?:i )?(?:can't|cannot) believe\b)|"  # "..., can't believe he's 5 now!"
    # "Maya is 9 ..., Theo is 6, and the baby Rosie just turned 1": one person each.
    r",\s*(?:and\s+)?(?:(?i:the) (?i:baby|little one|oldest|youngest|middle one|twins) )?"
    r"(?-i:(?=[A-Z][a-z]+(?:'s)? (?:is \d|is in\b|has|does|plays|takes|just|turned|goes|started|"
    r"loves)\b))|"
    r"\s*(?:,\s*(?:and|but|so|plus)?|\band\b|\bbut\b|\bso\b|\balthough\b|\bwhile\b|"
    r"\beven though\b|\bwhereas\b)\s+"
    r"(?=(?:(?:now|actually|also|then|these days|honestly|really|still|finally|even)\s+)?"
    rf"(?:i|i'm|im|i've|i'd|i'll|my|we|we're|he|she|he's|she's|hes|shes|it's my|"
    rf"(?:her|his) (?:{lexicon.KIN})|"
    r"we've|our)\b)",
    re.IGNORECASE,
)
# A question tacked on after a comma ("..., what about you?").
_QUESTION_TAIL = re.compile(
    r",\s*(?=(?:what|how|where|when|why|who|which|do you|can you|could you|would you|are you|"
    r"have you|did you|is it|is that|any|am i right|right\?)\b)",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:(?:hi|hello|hey)(?: there| again| everyone)?|hiya|howdy|greetings|"
    r"good (?:morning|afternoon|evening)|yo|oh|ok|okay|"
    # "quick background so you can help me better: i'm 34", "quick rundown so you know
    # who's who: Maya is 9"
    r"(?:(?:quick |a quick |short )?(?:rundown|intro|overview|summary) )?"
    r"so (?:that )?you (?:can|could|know|understand|get)\b[^:.!?]{0,40}(?=:)|"
    r"(?:quick |a quick |short )?(?:rundown|intro|overview)(?=:)|"
    r"so+|well|um|uh|hmm|yeah|yes|yep|no(?!\s+more\b)|nope|nah|actually|by the way|btw|also|"
    r"turns out|it turns out|"
    r"and|but|anyway|"
    r"omg|oh my god|typo|lol|haha|i(?:'ve)? switched(?=,)|i(?:'ve)? changed my mind|"
    r"(?:small |quick |one )?correction|change of plans?|long story(?: short)?|basically|"
    r"(?:quick |some |a bit of )?(?:background|context)(?: on me| about me)?|confession|"
    r"on a (?:brighter|happier|better|lighter|different) note|in other news|anyway|"
    r"(?:please |can you |could you )?remind me (?:that|about)|just a reminder(?: that)?|"
    # "also remind me biscuit gets his heartworm pill on the 1st": a standing fact
    r"(?:please |can you |could you )?remind me(?= [A-Za-z]+(?:'s)? (?:gets|has|takes|needs|is|"
    r"are)\b)|"
    r"(?:just )?reminding you(?: that)?|nvm|all(?= (?:moved|settled|packed|unpacked|done)\b)|"
    r"(?:oops )?autocorrect|auto-correct|update:|"
    r"tbh|honestly|seriously(?: tho| though)?|(?:i'm |im )?pretty sure(?= that's| it's)|"
    r"(?:i )?(?:can't|cannot|can not) believe(?: that)?|"
    r"ugh|meh|weirdly|funnily enough|surprisingly|oddly enough|oddly|big news|good news|"
    r"(?:big |small |huge |major |quick |a )?(?:change|update|life update)(?=\s*[,:!])|"
    r"bad news|news|i meant(?: to say)?(?: that)?|i mixed (?:that|it|them) up|i mixed up|"
    r"(?:since|because|cause)(?=\s+(?:i|i'm|im|i've|my|we|we're)\b)|"
    r"fyi|just so you know|for the record|guess what|wow|great|cool|sure|right|alright|"
    r"please (?:remember|note) that|remember that|note that|keep in mind that|"
    r"i (?:want|wanted) (?:you )?to (?:tell you|let you know|mention) that|"
    r"(?:just )?to let you know|update|correction|sorry|oops|scratch that|wait|"
    r"i was wrong|i misspoke|that's wrong|that was wrong|that's not true|not true|"
    r"never mind|these days|now|i think(?: that)?|i guess|i mean|i believe(?: that)?|i suppose|"
    r"i take (?:it|that) back|take that back|i stand corrected|my bad|my mistake|"
    r"i (?:wrote|write|typed|said|spelled|spelt|got) (?:it |that )?wrong(?: before| earlier)?|"
    r"i feel like|i bet|honestly|to be honest|tbh|i forgot to (?:mention|tell you|say)(?: that)?|"
    r"(?:as |like )?i (?:told you|said|mentioned)"
    r"(?: before| earlier)?(?: that)?)\b[\s,:!.-]*)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    # "so pescatarian I guess?": a hedge after the statement.
    r",?\s+i (?:guess|suppose)\??$|"
    # "..., it's exhausting": the user's comment on what they said.
    r",\s*(?:it's|it is|which is|that's|its)\s+(?:so |really |pretty |super |very |kinda |"
    r"kind of |a bit )*(?:exhausting|annoying|great|awesome|hard|tough|fun|crazy|weird|nice|"
    r"amazing|wild|insane|frustrating|stressful|exciting|scary|sad|funny|cool|a lot)$|"
    # "..., so keep that in mind for recipes": an instruction to the assistant.
    r",?\s+so (?:please )?(?:keep|bear|remember) (?:that|this)(?: in mind)?(?: (?:for|when) .+)?$|"
    # "..., so message me in the afternoon", "..., so skip the wine pairings": asks of it.
    r",\s*so (?:please )?(?:message|call|text|email|skip|avoid|don't|dont|do not|remind|"
    r"recommend|suggest|send|tell|book|order|leave|no need|make sure|only|just)\b.*$|"
    r",\s*(?:big|huge|important) difference$|"
    r"(?:[\s,]+(?:actually|originally|by the way|btw|too|as well|lol|haha|though|these days|"
    r"i guess|i think|i suppose|tbh|honestly|so proud|in case it comes up|but whatever|"
    r"whatever|"
    r"rn|atm|right now|at the moment|currently|lately|either|for now|for the time being|"
    r"nowadays|then|ok|okay|:\)|!+))+[.!]*$|[\s.!,;:]+$",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?!please call me\b|call me\b)"
    r"(?:what|where|when|who|whom|whose|why|how|which|can|could|should|would|will|shall|may|"
    r"might|do|does|did(?! (?:a|an|my|the|some)\b)|is|are|am|"
    # "was diagnosed with diabetes last month": a statement with "I" dropped.
    r"was(?! (?:diagnosed|born|laid off|fired|promoted|hired|told|offered|prescribed)\b)|were|"
    # "had to cancel the trip", "did a 5k": a statement with "I" dropped, not a question.
    r"have(?! to\b)|has|had(?! to\b)|isn't|aren't|don't|doesn't|didn't|"
    r"won't|can't|couldn't|shouldn't|any idea|any ideas|is it|tell me|give me|show me|help me|"
    r"explain|suggest|recommend|remind me|let's|lets|please|could you|can you|write|list|"
    r"describe|i (?:was )?wonder(?:ing)?|i'd like to know|i want to know|do you know|"
    r"i (?:have|got|'ve got) (?:a |one )?(?:quick |small |another )?question|"
    r"(?:i )?(?:really )?need (?:some )?help\b|"
    # Imperatives addressed to the assistant that are never a dropped "I".
    r"summari[sz]e|translate|draft|generate|calculate|compute|proofread|rephrase|paraphrase|"
    r"brainstorm|outline|convert|rewrite|define|compare|analy[sz]e|look up|search for|"
    r"find me|make me|send me|book me|quiz me|teach me|walk me through|talk me through)\b"
    # Any verb with "... for me / please" at the end is a request too.
    r"|^(?!(?:i|i'm|im|i've|i'd|i'll|my|we|we're|our|no more(?!.*please$))\b)"
    r"\w+\b(?! (?:is|are|was|were)\b)"
    r".*\b(?<!not )(?:for me|please)$",  # "it's just not for me" is an opinion
    re.IGNORECASE,
)
_SMALL_TALK = re.compile(
    r"^(?:i'?m|i am|im|we're|all is)?\s*(?:(?:really|very|pretty|so|doing|feeling|just|quite)\s+)*"
    r"(?:fine|good|great|ok|okay|well|alright|all right|not bad|tired|bored|back|here|ready|"
    r"sorry|sure|glad|happy to hear(?: that)?|excited|curious|confused|so so|hungry|thirsty|"
    r"sleepy|busy|stressed|exhausted|late|running late|on my way|at work|at home|home|"
    r"heartbroken|devastated|gutted|sad|upset|thrilled|over the moon|relieved|overwhelmed|"
    r"in a hurry|stuck in traffic|sick of (?:it|this)|done)"
    r"(?:,? thanks?(?: you)?)?(?: today| tonight| right now| this morning| at the moment)?"
    r"(?: \([^)]*\))?$"  # the date a relative time was resolved to
    r"|^(?:thanks?(?: you)?(?: so much| a lot)?|thx|ty|bye|goodbye|good night|see you(?: later)?|"
    r"cheers|nice|cool|great|awesome|interesting|lol|haha|ok|okay|hm+|i see|i know|i agree|"
    # "go celtics!!": a cheer ("go hiking", "go to the gym" are not).
    r"go(?: go)* (?!to\b|for\b|on\b|out\b|back\b|home\b|with\b)(?:the )?[a-z]+(?<!ing)|"
    r"i (?:have|need|got|gotta) to (?:go|leave|run|head out|get going|log off)(?: now| soon)?|"
    r"i know,? right|let me (?:think|see|check|guess)(?: about it| on it)?|"
    r"i (?:always |often |keep |still )?forget(?: that)?|i can never remember|"
    r"i (?:always |often |keep )?(?:mess|mix) (?:that|it|this|them) up|"
    r"i (?:was )?(?:just )?(?:venting|ranting)|i misread (?:the|my|it|that)(?: \w+)?|"
    r"(?:i was|i'm|i am|just) (?:kidding|joking)|jk|just kidding|i made (?:that|it|this) up|"
    r"that's (?:wild|crazy|insane|amazing|hilarious|so cool|so funny)|happy \w+day|"
    r"i gotta (?:go|run)(?: now)?|"
    r"i think so|i guess(?: so)?|i'm not sure|i don't know|no idea|me too|same here|sounds good|"
    r"that's (?:great|nice|cool|good|interesting|funny|true|right|fine|ok|okay|awesome)|"
    r"nice to meet you|good to know|you too|no problem|never mind|how about you|and you|"
    r"(?:it's |what )?a (?:nice|lovely|beautiful|great) day(?: today)?|"
    r"(?:the )?weather is (?:nice|lovely|bad|awful|great)(?: today)?)$",
    re.IGNORECASE,
)
# Replies to the other speaker ("I'm so happy for you", "I love that!"), not facts.
_REPLY = re.compile(
    r"^(?:i'?m|i am|im)\s+(?:so |really |very |just )?(?:happy|glad|sorry|proud|excited|thrilled|"
    r"grateful|thankful|impressed|jealous)\s+(?:for|that|to hear|of|about)\b"
    r"|^i\s+(?:really |totally |completely )?(?:love|like|appreciate|agree|understand|know|see|"
    r"hope|wish|miss|believe|feel|can't wait|cannot wait|admire)\b.*\b(?:you|your|yours)\b"
    r"|^i\s+(?:really |totally )?(?:love|like|hate|agree with|appreciate|get|understand)\s+"
    r"(?:that|it|this|those|them|these)\b"
    r"|^(?:i'?m|i am|im)\s+(?:off|heading out|going now|leaving now)\b"
    r"|^i\s+(?:hope|wish|guess|think|suppose)\s+(?:so|not)$",
    re.IGNORECASE,
)
# A sentence that corrects what was said before ("Actually I prefer dogs",
# "Sorry, I have three brothers"); "also" / "too" add to it instead.
_CORRECTION = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|lol|haha|oh|hmm|well|um|so)[,!.]?\s+)*"
    r"(?:(?:actually|sorry|(?:small |quick |one )?correction|oops|scratch that|wait|"
    r"i was wrong|i misspoke|"
    r"that's wrong|that was wrong|that's not (?:true|right)|not true|i meant|i mean|"
    r"i take (?:it|that) back|take that back|i stand corrected|my bad|my mistake|typo)\b|no,)",
    re.IGNORECASE,
)
_ADDITIVE = re.compile(r"\b(?:also|too|as well|another|again)\b", re.IGNORECASE)
# A reason given before a question or a statement ("Since I'm diabetic, is
# this cake okay?"): the reason is a statement of its own.
_REASON = re.compile(
    r"^\s*(?:since|because|cause|given that|now that|seeing as)\s+"
    r"(?P<reason>(?:i|i'm|im|i've|my|we|we're|we've|our)\b[^,]+),\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
# "As a type 1 diabetic, what snacks ...?": who the user is, before a question.
_AS_A = re.compile(r"^\s*as (?P<reason>an? [\w -]+?),\s*(?P<rest>.+\?)\s*$", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|i'd|i'll|my|me|mine|myself|we|our|us)\b", re.I)


def split_clauses(text: str) -> list[str]:
    """Sentences, then clauses that start a new subject; fillers at the ends removed.

    In a question ("I live in Denver, what about you?") only the clauses from
    the first question-like one on keep the "?", so a statement before it is
    still a statement.
    """
    out: list[str] = []
    for sentence in sentences(text):
        # "so pescatarian I guess?": a hedge, not a question.
        hedged = re.search(r"\bi (?:guess|suppose)\?+\s*$", sentence, re.I)
        question = sentence.rstrip().endswith("?") and not hedged
        reason = _REASON.match(sentence) or (question and _AS_A.match(sentence))
        lead = [reason.group("reason")] if reason else []
        if lead and lead[0].lower().startswith(("a ", "an ")):
            lead = [f"I am {lead[0]}"]  # "As a type 1 diabetic, ...?"
        sentence = reason.group("rest") if reason else sentence
        pieces = _question_apart(sentence) if question else [sentence]
        parts = lead + [
            q for piece in pieces for p in _CLAUSE.split(piece) for q in _QUESTION_TAIL.split(p)
        ]
        parts = [_NONE_EITHER.sub(r"I have no \1", p.strip()) for p in parts]
        # Emoji and symbols go ("💍😭 Sam proposed", "got married on Saturday 💍"),
        # and chat fillers before a comma ("gave up on guitar tbh, ...").
        parts = [_FILLER_WORD.sub("", _EMOJI.sub("", p)).strip() for p in parts]
        parts = [re.sub(r"^[^\w\"'(]+", "", p) for p in parts]
        cleaned = [_TRAILING.sub("", _LEADING.sub("", p)).strip(" ,") for p in parts]
        cleaned = _rejoin_compound_subjects([c for c in cleaned if c], sentence)
        cleaned = _rejoin_asked_verbs(cleaned)
        # "Monday: Ethan's dentist at 3:15": the day a plan's entry is for, after it.
        cleaned = [_DAY_LABEL.sub(r"\2 on \1", c) for c in cleaned]
        # "day job: staff accountant at Moss & Reyes": what the user works as.
        cleaned = [_JOB_LABEL.sub(r"I work as a \1", c) for c in cleaned]
        # "i'm Priya, 34, a nurse": a name, an age and a job, each its own statement.
        cleaned = [c for one in cleaned for c in _intro_parts(one)]
        asking = [i for i, c in enumerate(cleaned) if _QUESTION_START.match(c)]
        first_q = asking[0] if asking else len(cleaned) - 1
        for i, clause in enumerate(cleaned):
            mark = question and i >= first_q and not clause.endswith("?")
            out.append(clause + ("?" if mark else ""))
    return out


_DAY_LABEL = re.compile(
    r"^((?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)):\s*(.+?)[.!]?$"
)
_JOB_LABEL = re.compile(
    r"^(?i:(?:my )?(?:day job|job|work|occupation)):\s*(?:(?i:a|an) )?(.+?)[.!]?$"
)
_INTRO = re.compile(r"^(?i:i'?m|i am|im) ([A-Z][a-z]+), (\d{1,2}),? (?:and )?((?i:a|an) .+)$")


def _intro_parts(clause: str) -> list[str]:
    """A name, an age and a job said at once ("I'm Priya, 34, a nurse"), one clause each."""
    m = _INTRO.match(clause)
    return [f"I'm {part}" for part in m.groups()] if m else [clause]


_SUPPOSING = re.compile(
    r"^\W*(?:\w+,\s*)?(?:if|what if|suppose|supposing|imagine|assuming|say|hypothetically|"
    r"in case|unless|whether|when|once)\b",
    re.IGNORECASE,
)


# Emoji, except 🙄 (U+1F644): an eye-roll marks sarcasm (skip_reason reads it).
_EMOJI = re.compile(r"\s*[\U0001F000-\U0001F643\U0001F645-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")
_FILLER_WORD = re.compile(r"\s+(?:tbh|lol|lmao|haha|imo|ngl|honestly)(?=[,.!?;]|$)", re.I)


def _question_apart(sentence: str) -> list[str]:
    """A question sentence with its short last part apart: "my cat is 12, should i worry?".

    The question a user tacks on after a comma is short, whatever its words
    (typos included: "shoud i worry?"); what comes before it may be statements.
    """
    head, comma, tail = sentence.rpartition(",")
    if _SUPPOSING.match(head):  # "If I moved to Japan, would I need a visa?": no statement
        return [sentence]
    if comma and len(tail.split()) <= 8 and len(head.split()) >= 3:
        return [head, tail]
    return [sentence]


# "And no pets either": a denial whose "I have" was dropped (and whose "no" is
# not the filler "No, ..."); said before the fillers are taken off.
_NONE_EITHER = re.compile(
    r"^(?:and |also |plus )?no ([\w -]+?) (?:either|at all|whatsoever)[.!]*$", re.IGNORECASE
)
NAMED_ONLY = re.compile(
    rf"^(?:(?i:my|our) (?i:{lexicon.KIN}|{lexicon.PETS})(?: [A-Z][a-z]+)?|[A-Z][a-z]+)$"
)
"""Only a person ("Emma", "my best friend Kev"): the first half of "X and I ..."."""


_VERB_PART = re.compile(rf"^(?:{_SECOND_VERBS})\s", re.I)  # split off by _CLAUSE


def _rejoin_asked_verbs(parts: list[str]) -> list[str]:
    """A second verb after a request or a supposition is theirs.

    "Let's keep going and work hard"; "if I won the lottery I'd buy a boat and
    live in Greece".
    """
    out: list[str] = []
    for part in parts:
        if (
            out
            and _VERB_PART.match(part)
            and (_QUESTION_START.match(out[-1]) or asides.SUPPOSED.match(out[-1]))
        ):
            out[-1] = f"{out[-1]} and {part}"
        else:
            out.append(part)
    return out


# "sam and I are dating": a name typed in lower case (not a filler or a pronoun).
_LOWER_NAME = re.compile(
    r"(?!(?:so|and|but|yeah|ok|okay|well|then|now|also|he|she|they|you|it|we|me|him|her)\b)"
    r"[a-z]{3,12}"
)


def _rejoin_compound_subjects(parts: list[str], sentence: str) -> list[str]:
    """Undo a split inside "Emma and I broke up" / "my friend Kev and I climb".

    A part that is only a name or "my <relative> (Name)", followed by "and I",
    was the first half of the subject, not a clause of its own.
    """
    out: list[str] = []
    for part in parts:
        if (
            out
            and (NAMED_ONLY.match(out[-1]) or _LOWER_NAME.fullmatch(out[-1]))
            and re.match(r"^(?:i|we)\b", part, re.I)
            and re.search(rf"{re.escape(out[-1])},? and {re.escape(part[:2])}", sentence)
        ):
            out[-1] = f"{out[-1]} and {part}"
        else:
            out.append(part)
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a text (what :func:`split_clauses` cuts into clauses)."""
    return _SENTENCE.split(text.strip())


def corrects(sentence: str) -> bool:
    """Whether a sentence corrects an earlier statement ("Actually, I prefer dogs").

    Example:
        .. code-block:: python

            corrects("Sorry, I have three brothers")   # True
            corrects("Actually I also like tea")       # False: it adds, not replaces
    """
    return bool(_CORRECTION.match(sentence)) and not _ADDITIVE.search(sentence)


def skip_reason(clause: str) -> str | None:
    """Why a clause is not a fact ("question or request", "small talk", "reply ..."), or None."""
    bare = clause.rstrip("?").strip()
    # "I've started to like cilantro??": surprise, not a question.
    surprised = clause.endswith("??") and re.match(r"^(?:i|i've|i'm|im|my)\b", bare, re.I)
    if (clause.endswith("?") and not surprised) or _QUESTION_START.match(bare):
        return "question or request"
    if (
        _SMALL_TALK.match(bare)
        or len(re.findall(r"[A-Za-z]+", bare)) < 2
        and not re.match(r"^[A-Z][a-z]+$|^(?:i'?m|i am) \d", bare, re.I)  # "im 34": an age
    ):
        return "small talk"
    if _REPLY.match(bare):
        return "reply to the other speaker"
    return asides.reason(bare)
