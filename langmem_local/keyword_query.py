"""What a keyword query becomes: word tokens, stop words dropped, never FTS5 syntax.

User text may contain FTS5 operators (``"``, ``*``, ``AND``, ``NEAR``, ``-``,
``:``); every function here reduces it to plain word tokens first. Both
keyword indexes (SQLite FTS5, :mod:`langmem_local.keyword`, and PostgreSQL,
:mod:`langmem_local.stores.postgres_keyword`) tokenise queries here, so they
agree on what a query's words are.
"""

from __future__ import annotations

import re

from langmem_local.bm25 import stem_terms

__all__ = ["DEFAULT_STOPWORDS", "match_expression", "query_terms", "tokenize"]

# Words that carry no topic: question words, pronouns, auxiliaries, articles.
# Removing them from OR-queries stops "what did you do" matching every turn.
DEFAULT_STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves s t d ll m re ve just also will would kind type
    """.split()
)

# Unicode word characters plus apostrophes inside words ("don't", "Caroline's").
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (possessive ``'s`` stripped).

    Args:
        text: Any string.

    Returns:
        Tokens in order of appearance, duplicates kept.
    """
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("\u2019", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if tok:
            out.append(tok)
    return out


def match_expression(query: str, stopwords: frozenset[str] | None = DEFAULT_STOPWORDS) -> str:
    """Build a safe FTS5 ``MATCH`` expression: quoted tokens joined by ``OR``.

    Args:
        query: Arbitrary user text; never interpreted as FTS5 syntax.
        stopwords: Tokens to drop; if every token is a stopword they are kept,
            so "who are you" still searches something. ``None`` keeps all.

    Returns:
        The expression, or ``""`` when the query has no word tokens.
    """
    toks = tokenize(query)
    if stopwords:
        kept = [t for t in toks if t not in stopwords]
        toks = kept or toks
    seen: list[str] = []
    for t in toks:
        # Apostrophes split words in unicode61; FTS5 would treat "don't" as a phrase,
        # which is fine, but the bare stem is what the index holds for "don".
        for part in t.split("'"):
            if part and part not in seen:
                seen.append(part)
    # Double quotes make each token an FTS5 string; embedded quotes are doubled.
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in seen)


def query_terms(query: str, stopwords: frozenset[str] | None = DEFAULT_STOPWORDS) -> list[str]:
    """Stemmed index terms of a query, stopwords dropped (kept if nothing else remains).

    Args:
        query: Arbitrary user text.
        stopwords: Tokens to drop, see :func:`match_expression`; ``None`` keeps all.

    Returns:
        Distinct terms in order of appearance (``[]`` when the query has no words).

    Example:
        >>> query_terms("What did Caroline's dog adopt?")
        ['carolin', 'dog', 'adopt']
    """
    toks = tokenize(query)
    if stopwords:
        toks = [t for t in toks if t not in stopwords] or toks
    return list(dict.fromkeys(stem_terms(" ".join(toks))))
