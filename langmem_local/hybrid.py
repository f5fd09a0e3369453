"""Hybrid (dense + BM25 keyword) retrieval over raw memories: pure functions.

The engine stores each raw conversation turn as one memory and calls, in order:

Write time, per memory:
    1. ``doc = index_text(text, speaker=..., image_caption=...)`` is what gets
       embedded (vector store) and keyword-indexed as the memory's own text.
    2. ``ctx = context_text(previous_texts)`` with the texts of the previous
       :data:`CONTEXT_TURNS` memories of the same user and session (oldest first);
       it goes into the keyword index's down-weighted context column:
       ``KeywordIndex.upsert(id, user, doc, context=ctx)``. It is *not* embedded:
       context in the embedded text lowered dense recall@10 (0.450 -> 0.430).

Query time:
    3. ``dense = vector_store.search(embed(dense_query(query, speakers)), limit=CANDIDATES)``
       (cosine; speaker names dropped from the embedded query).
    4. ``keyword = KeywordIndex.search(user, keyword_query(query, speakers), CANDIDATES)``.
    5. ``hits = fuse(dense, keyword)`` (min-max normalised convex combination).
    6. ``hits = speaker_boost(hits, query, speaker_of, speakers)``.
    7. ``hits = expand_neighbours(hits, prev_of=..., next_of=...)`` then keep the first ``k``.

Measured on LoCoMo raw turns, categories 1-4 (1,536 questions with evidence),
offline int8 all-MiniLM-L6-v2, recall@10 (``python -m benchmarks.retrieval_lab``):

==============================================  =========
pipeline                                        recall@10
==============================================  =========
BM25 on "Speaker: text" (baseline)              0.566
dense cosine on "Speaker: text" (baseline)      0.455
RRF k=60 of both (baseline)                     0.527
FTS5 porter, OR-query, stopwords dropped        0.607
+ 2 previous turns as context column (w=0.5)    0.724
+ dense fusion (convex, alpha=0.8, min-max)     0.733
+ names dropped from query, speaker boost 2.0   0.754
+ next-neighbour expansion (beta=0.3)           0.760
==============================================  =========

Best then: recall@10 0.760, recall@5 0.688, hit@10 0.831, MRR 0.586;
recall@10 per category: multi-hop 0.465, temporal 0.775, open-domain 0.408,
single-hop 0.892. Those parameters were tuned on all ten conversations.

Since then LoCoMo is split by conversation (:mod:`benchmarks.locomo_split`: five
to tune on, five only reported) and the headline input is the plain public API;
changes are kept only when they help on both halves. Those that set the
defaults below (speaker from metadata on, neighbour expansion off) and the search
path's since (names dropped from the dense query too; the learned reranker) are
in ``benchmarks/README.md`` ("Hybrid retrieval: changes measured on both halves").

The reranker's features and weights: :mod:`langmem_local.rerank`.

The full report, both halves and both inputs: ``benchmarks/results/locomo_raw.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from langmem_local import fusion

__all__ = [
    "ALPHA",
    "CANDIDATES",
    "CONTEXT_TURNS",
    "CONTEXT_WEIGHT",
    "NEIGHBOUR_BETA",
    "SPEAKER_BOOST",
    "context_text",
    "dense_query",
    "expand_neighbours",
    "fuse",
    "index_text",
    "keyword_query",
    "message_speaker",
    "named_speakers",
    "retrieve",
    "speaker_boost",
]

CONTEXT_TURNS = 2
"""Previous turns (same user, same session) indexed as keyword context.
Measured keyword-only recall@10: 1 turn 0.695, 2 turns 0.724, 3 turns 0.721, 4 turns 0.715."""

CONTEXT_WEIGHT = 0.5
"""BM25 weight of the context column relative to the memory's own text (1.0).
Measured with 2 context turns: 0.35 -> 0.715, 0.5 -> 0.724, 0.7 -> 0.720."""

CANDIDATES = 50
"""Hits requested from each retriever before fusion (20 and 100 measured within 0.001)."""

ALPHA = 0.8
"""Keyword share of the fused score. Measured (min-max): 0.5 0.709, 0.6 0.723, 0.7 0.731,
0.8 0.733, 0.9 0.727; RRF was worse at every k tried (k=60: 0.627, k=10 w=2: 0.725)."""

SPEAKER_BOOST = 2.0
"""Relative bonus for memories spoken by the one speaker a query names.
Measured (alpha 0.8, beta 0.3): 0.5 0.748, 1.0 0.757, 2.0 0.760, 3.0 0.763, 5.0 0.762; 2.0 is
taken from the middle of the plateau rather than its noisy top."""

NEIGHBOUR_BETA = 0.0
"""Share of the next turn's score a memory inherits (answers often follow the question).

Off by default: on the rich input over all ten conversations it helped (0.0 0.754,
0.15 0.760, 0.3 0.760), but on the plain input it lowered recall@10 on both halves
(0.3 -> 0.0: tune 0.755 -> 0.758, test 0.743 -> 0.753), so the rule fits how LoCoMo
was ingested, not conversations in general. Pass ``beta`` to :func:`retrieve` to use it."""

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*", re.UNICODE)


def index_text(
    text: str,
    *,
    speaker: str | None = None,
    image_caption: str | None = None,
) -> str:
    """Text to embed and keyword-index for one memory.

    The speaker prefix is what makes dense retrieval work on turns at all
    (measured dense recall@10: bare text 0.288, ``"Speaker: text"`` 0.455), because
    almost every question names a person. The image caption gives a turn such as
    "Here's my latest!" the words of what it shows.

    Args:
        text: The memory's raw text.
        speaker: Who said it, if known.
        image_caption: Caption of an image shared with the text, if any.

    Returns:
        ``"Speaker: text [shares a photo of caption]"`` (parts present only when given).
    """
    out = f"{speaker}: {text}" if speaker else text
    if image_caption:
        out = f"{out} [shares a photo of {image_caption}]"
    return out


def message_speaker(message: Mapping[str, object], metadata: Mapping[str, object]) -> str | None:
    """Who said a verbatim message: its ``name``, else ``metadata["speaker"]``.

    A chat log exported as ``{"role": "user", "content": "Ann: ..."}`` with the
    speaker in the metadata gets the same speaker signals (the boost of
    :func:`speaker_boost`, names dropped from the keyword query) as one sent with
    ``name``. Only the stored speaker changes: the indexed text is not prefixed
    again. Measured on LoCoMo's plain-API input, recall@10 over categories 1-4:
    tune half 0.726 -> 0.755, test half: see ``benchmarks/results/locomo_raw.md``.

    Args:
        message: One normalised message (``role``, ``content``, optional ``name``).
        metadata: The metadata given with it (the call's and the message's own).

    Returns:
        The speaker's name, or ``None`` when neither is a non-empty string.
    """
    for value in (message.get("name"), metadata.get("speaker")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def context_text(previous: Sequence[str], turns: int = CONTEXT_TURNS) -> str:
    """Keyword context for a memory from the texts before it (oldest first).

    Questions are usually phrased like the *question* in the dialogue ("What did
    you paint?") while the evidence is the *answer* turn; indexing the preceding
    turns (down-weighted) lets the answer match the question's words.

    Args:
        previous: Raw texts of earlier memories of the same user and session, oldest
            first (captions may be appended). Only the last ``turns`` are used.
        turns: How many to keep.

    Returns:
        The kept texts joined with spaces (``""`` when there are none).
    """
    if turns <= 0:
        return ""
    return " ".join(t for t in list(previous)[-turns:] if t)


def named_speakers(query: str, speakers: Iterable[str]) -> list[str]:
    """Speakers whose name occurs in ``query`` as a word (case-insensitive)."""
    words = {w.lower() for w in _WORD.findall(query)}
    words |= {w[:-2] for w in words if w.endswith(("'s", "\u2019s"))}
    return [s for s in speakers if s and s.lower() in words]


def keyword_query(query: str, speakers: Iterable[str] = ()) -> str:
    """The query as sent to the keyword index: speaker names removed.

    A speaker's name is in every one of their memories (and in many of the other
    side's), so it matches hundreds of turns and only adds noise to BM25; the
    name is used instead by :func:`speaker_boost`. Stopwords and FTS5 syntax are
    handled by :class:`langmem_local.keyword.KeywordIndex`.

    Args:
        query: Natural-language query.
        speakers: Names of the user's speakers (from stored metadata).

    Returns:
        The query words without speaker names; the original query if nothing else remains.
    """
    names = {s.lower() for s in speakers if s}
    if not names:
        return query
    kept = []
    for w in _WORD.findall(query):
        lw = w.lower().replace("\u2019", "'")
        base = lw[:-2] if lw.endswith("'s") else lw
        if base not in names:
            kept.append(w)
    return " ".join(kept) if kept else query


def dense_query(query: str, speakers: Iterable[str] = ()) -> str:
    """The query as embedded for the dense leg: speaker names removed, as for keywords.

    Every turn's text starts with its speaker's name, so a query naming a
    speaker is pulled towards *all* of that speaker's turns and away from the
    one that answers; the name is used by :func:`speaker_boost` instead.
    Measured on LoCoMo's plain input, dense-only recall@10 over categories
    1-4, tune / test half: raw query 0.508 / 0.404, names dropped 0.609 / 0.543;
    fused (alpha 0.8): 0.761 / 0.752 -> 0.767 / 0.760.

    Args:
        query: Natural-language query.
        speakers: Names of the user's speakers.

    Returns:
        :func:`keyword_query` of the query (the query itself when it names nobody).
    """
    return keyword_query(query, speakers)


def _minmax(hits: Sequence[tuple[str, float]]) -> dict[str, float]:
    if not hits:
        return {}
    vals = [s for _, s in hits]
    lo, hi = min(vals), max(vals)
    if hi <= lo:
        return {i: 1.0 for i, _ in hits}
    return {i: (s - lo) / (hi - lo) for i, s in hits}


def _normalised(scores: Mapping[str, float]) -> list[tuple[str, float]]:
    """Sort descending and divide by the best score so results lie in [0, 1]."""
    return _scaled(sorted(scores.items(), key=lambda x: (-x[1], x[0])))


class _Ranked(list):  # type: ignore[type-arg]
    """``(id, score >= 0)``, unique ids, best first, ties by id (:func:`fuse`): no re-sort."""


def _scaled(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Divide pairs sorted as :func:`_normalised` sorts them by the first (new ties keep order)."""
    top = ranked[0][1] if ranked else 0.0
    if top == 1.0 and isinstance(ranked, _Ranked):
        return ranked  # best 1.0, none below 0: dividing and clamping change nothing
    if top <= 0:
        return _Ranked((i, 0.0) for i, _ in ranked)
    return _Ranked((i, min(1.0, max(0.0, s / top))) for i, s in ranked)


def fuse(
    dense: Sequence[tuple[str, float]],
    keyword: Sequence[tuple[str, float]],
    *,
    alpha: float = ALPHA,
) -> list[tuple[str, float]]:
    """Convex combination of min-max normalised dense and keyword scores.

    Each list is scaled to [0, 1] over its own candidates (a memory absent from
    a list scores 0 there), then ``alpha * keyword + (1 - alpha) * dense``.
    Score fusion beats reciprocal rank fusion here because BM25 scores are very
    peaked: a strong exact-word match should outrank a mediocre paraphrase,
    which ranks alone cannot express.

    Args:
        dense: ``(id, cosine)`` pairs, any order.
        keyword: ``(id, bm25)`` pairs (higher better), any order.
        alpha: Keyword share in [0, 1].

    Returns:
        ``(id, relevance)`` sorted by descending relevance, relevance in [0, 1]
        (ties broken by id, so the order is deterministic).
    """
    a = min(1.0, max(0.0, alpha))
    d, k = _minmax(dense), _minmax(keyword)
    scores = {i: a * k.get(i, 0.0) + (1 - a) * d.get(i, 0.0) for i in set(d) | set(k)}
    return _Ranked(sorted(scores.items(), key=lambda x: (-x[1], x[0])))


def speaker_boost(
    hits: Sequence[tuple[str, float]],
    query: str,
    speaker_of: Mapping[str, str | None],
    speakers: Iterable[str],
    *,
    boost: float = SPEAKER_BOOST,
) -> list[tuple[str, float]]:
    """Favour memories spoken by the person a query is about.

    Only when exactly one speaker is named ("What did Caroline paint?"); with
    none or both named, ``hits`` are returned re-sorted but otherwise unchanged.

    Args:
        hits: ``(id, relevance)`` pairs.
        query: The query text.
        speaker_of: Speaker of each memory id (missing ids get no boost).
        speakers: All speaker names of the user.
        boost: Relative bonus: boosted score = score * (1 + boost).

    Returns:
        ``(id, relevance)`` sorted descending, rescaled to [0, 1].
    """
    named = named_speakers(query, speakers)
    target = named[0].lower() if len(named) == 1 else None
    if target is None and isinstance(hits, _Ranked):
        return _scaled(hits)  # nothing to boost: skip building and sorting again
    scores: dict[str, float] = {}
    for i, s in hits:
        sp = speaker_of.get(i)
        hit = target is not None and sp is not None and sp.lower() == target
        scores[i] = s * (1 + boost) if hit else s
    return _normalised(scores)


def expand_neighbours(
    hits: Sequence[tuple[str, float]],
    *,
    prev_of: Mapping[str, str | None],
    next_of: Mapping[str, str | None],
    beta: float = NEIGHBOUR_BETA,
) -> list[tuple[str, float]]:
    """Give each memory a share of its next turn's score, adding unseen predecessors.

    A strong hit on turn ``t+1`` (whose keyword context contains turn ``t``) often
    means ``t`` holds the fact. Every hit's predecessor becomes a candidate; each
    candidate scores ``own + beta * score(next turn)``. Each returned id is still one
    of the ``k`` slots, so this trades some tail hits for predecessors of strong hits.
    Boosting from the previous turn as well was measured and did not help.

    Args:
        hits: ``(id, relevance)`` pairs.
        prev_of: Id of the memory right before each hit id in the same session
            (absent or None at a session start).
        next_of: Id of the memory right after each hit id in the same session.
        beta: Share inherited from the next turn; 0 disables expansion.

    Returns:
        ``(id, relevance)`` sorted descending, rescaled to [0, 1].
    """
    if beta <= 0 or not hits:
        return _scaled(hits) if isinstance(hits, _Ranked) else _normalised(dict(hits))
    own = dict(hits)
    nxt: dict[str, str] = {i: n for i, n in next_of.items() if i in own and n is not None}
    for i in own:
        p = prev_of.get(i)
        if p is not None:
            nxt.setdefault(p, i)
    scores = {i: own.get(i, 0.0) + beta * own.get(nxt.get(i, ""), 0.0) for i in set(own) | set(nxt)}
    return _normalised(scores)


def retrieve(
    query: str,
    dense: Sequence[tuple[str, float]],
    keyword: Sequence[tuple[str, float]],
    *,
    speaker_of: Mapping[str, str | None],
    speakers: Iterable[str],
    prev_of: Mapping[str, str | None],
    next_of: Mapping[str, str | None],
    k: int,
    alpha: float = ALPHA,
    boost: float = SPEAKER_BOOST,
    beta: float = NEIGHBOUR_BETA,
) -> list[tuple[str, float]]:
    """Steps 5-7 of the module docstring in one call: fuse, boost, expand, cut to ``k``.

    Args:
        query: The raw query (for speaker detection).
        dense: Dense candidates ``(id, cosine)``.
        keyword: Keyword candidates ``(id, bm25)`` from a :func:`keyword_query` search.
        speaker_of: Speaker of each candidate id.
        speakers: The user's speaker names.
        prev_of: Previous memory in the same session for each candidate id.
        next_of: Next memory in the same session for each candidate id.
        k: Results to return.
        alpha: See :func:`fuse`.
        boost: See :func:`speaker_boost`.
        beta: See :func:`expand_neighbours`.

    Returns:
        Up to ``k`` ``(id, relevance)`` pairs, relevance in [0, 1], best first.
    """
    if beta <= 0:  # the default: the same steps over arrays (fusion.py)
        named = named_speakers(query, speakers)
        head = fusion.fused_head(dense, keyword, named, speaker_of, k=k, alpha=alpha, boost=boost)
        if head is not None:
            return head
    hits = fuse(dense, keyword, alpha=alpha)
    hits = speaker_boost(hits, query, speaker_of, speakers, boost=boost)
    hits = expand_neighbours(hits, prev_of=prev_of, next_of=next_of, beta=beta)
    return hits[: max(0, k)]
