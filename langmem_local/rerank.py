"""Learned second-stage ranking of fused candidates: pure functions, one linear model.

:func:`langmem_local.hybrid.retrieve` fuses BM25 and cosine into one score. That
score cannot see *why* a memory matched: which share of the query's rarer words
it holds (coverage), whether it is itself a question ("What did you paint?"
rarely holds the answer), whether the turn after it matched too (answers follow
questions), whether the query asks *when* and the memory names a time. This
module scores the top :data:`POOL` fused candidates with a linear model over
such features and returns them re-ordered.

Every feature is generic to conversation logs; none reads LoCoMo's metadata
(sessions, dia ids, captions, dates). Neighbour features count only between
memories that have a speaker (turns of one conversation); extracted facts and
independent notes get 0 there, so stored one after another they do not lend
each other relevance.

The weights live in ``_assets/rerank.json`` beside this module, written by
``python -m benchmarks.rerank_fit``: a pairwise logistic loss (RankNet) over
standardised features, fitted on the *tune* half of the LoCoMo split only
(:mod:`benchmarks.locomo_split`), plain public-API input. Recall@10 over
categories 1-4 of the fused order against the reranked order, tune / test
half (the fit's own report, :data:`MEASURED`): 0.767 / 0.760 -> 0.799 / 0.808;
multi-hop 0.491 / 0.457 -> 0.571 / 0.539. Through the whole search path
(``python -m benchmarks.locomo``, recency and importance on top): see
``benchmarks/results/locomo_raw.md``.

The dense feature is the *context* cosine
(:func:`langmem_local.rerank_vectors.context_cosines`): the query against a
turn's vector summed with its neighbours'. It replaced the
plain cosine (fit report tune / test 0.793 / 0.805 -> 0.799 / 0.808, multi-hop
0.567 / 0.530 -> 0.571 / 0.539); a real embedding of "previous turn + turn"
measured the same (0.807 / 0.806) at the price of a second vector per memory.
Tried and not kept (test half within 0.003 or worse): query-type interaction
weights, quadratic features, sentence-level cosines (+0.003 for a second vector
per sentence), session diversity (-0.01 to -0.09), centroid (pseudo-relevance)
similarity, candidate pools of 40 / 100 / 150, gradient-boosted trees (fit the
tune half, not the test half), MMR diversity, answer-type features.

Cost per search: one extra embedding when the query names a speaker (the raw
query's, for the ``*_raw`` cosines), one look-up of neighbours and of rows and
vectors for about 150 memories (all of them for turns: the context cosine),
feature columns computed over all candidates at once, and a 60 x 19 matrix product.

Example:
    .. code-block:: python

        order = rerank(query, candidates, neighbours=extra, idf=idf, speakers=["Ann", "Bob"])
        order[0]   # ("<memory id>", 1.0): relevance in [0, 1], best first
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np

from langmem_local import hybrid, rerank_terms

__all__ = ["FEATURES", "MEASURED", "POOL", "Candidate", "features", "rerank"]

POOL = 60
"""Fused candidates the model re-orders (40 measured 0.004 lower, 100 within 0.001)."""

FEATURES: tuple[str, ...] = (
    "fused",  # hybrid.retrieve relevance (after the speaker boost), [0, 1]
    "keyword",  # BM25 / best BM25 of the query
    "cosine_context",  # cosine of the dense query and the turn with its neighbours' vectors
    "coverage",  # IDF-weighted share of query terms in the memory's text
    "coverage_context",  # ... in its text or the previous memory's text
    "speaker",  # 1 when the query names one speaker and the memory is theirs
    "question",  # 1 when the memory contains "?"
    "length",  # log(1 + words)
    "next_fused",  # fused relevance of the next memory (0 when not a candidate)
    "prev_fused",  # fused relevance of the previous memory
    "next_cosine",  # cosine of query and the next memory
    "prev_cosine",  # cosine of query and the previous memory
    "next_keyword",  # BM25 / best of the next memory
    "prev_keyword",  # BM25 / best of the previous memory
    "when_time",  # 1 when the query asks when / how long and the memory names a time
    "keyword_own",  # BM25 of the memory's own text alone (no context), / best
    "cosine_raw",  # cosine of the raw query (speaker names kept) and the memory
    "prev_cosine_raw",  # ... and the previous memory
    "next_cosine_raw",  # ... and the next memory
)

_WEIGHTS_FILE = Path(__file__).resolve().parent / "_assets" / "rerank.json"


def _load() -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Mean, scale and weights per feature, and the fit's report (``_assets/rerank.json``)."""
    data = json.loads(_WEIGHTS_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        msg = (
            f"{_WEIGHTS_FILE} was fitted for features {data['features']}, but this version "
            f"computes {list(FEATURES)}; refit with `python -m benchmarks.rerank_fit`"
        )
        raise RuntimeError(msg)
    arrays = (np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "weights"))
    mean, scale, weights = arrays
    return mean, scale, weights, data["fit"]


_MEAN, _SCALE, _WEIGHTS, MEASURED = _load()
"""Fitted by ``benchmarks/rerank_fit.py`` on the LoCoMo tune half; ``MEASURED`` is
its report (recall@10 of the fused and the reranked order per half)."""

_TIME = re.compile(
    r"\b(yesterday|today|tonight|tomorrow|ago|last|next|recently|since|week|weekend|month|"
    r"year|years|months|weeks|days|morning|evening|night|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d{4})\b",
    re.IGNORECASE,
)
_WHEN = ("when", "how long", "what year", "what month", "what date", "since when")


@dataclass(slots=True)
class Candidate:
    """What the reranker sees of one memory (built 60-180 times a search: slots, not frozen).

    Attributes:
        memory_id: The memory's id.
        text: Its text as indexed.
        speaker: Who said it, when known.
        cosine: Cosine similarity of the dense query (speaker names dropped,
            :func:`langmem_local.hybrid.dense_query`) and the memory.
        cosine_raw: Cosine similarity of the raw query and the memory.
        cosine_context: Cosine similarity of the dense query and the sum of the
            memory's unit vector and its previous and next turn's
            (:func:`~langmem_local.rerank_vectors.context_cosines`); ``None``
            outside a conversation, where the feature is the plain ``cosine``.
        bm25: Its BM25 score for the query (0 when no query term matches).
        fused: Its relevance from :func:`langmem_local.hybrid.retrieve` (0 if not fused).
        terms: Its text's stemmed index terms, in order, repeats kept
            (:func:`langmem_local.bm25.stem_terms`).
        prev_id: The memory right before it in the same conversation, if any.
        next_id: The memory right after it, if any.
    """

    memory_id: str
    text: str
    speaker: str | None
    cosine: float
    cosine_raw: float
    bm25: float
    fused: float
    terms: tuple[str, ...]
    prev_id: str | None = None
    next_id: str | None = None
    cosine_context: float | None = None


def asks_when(query: str) -> bool:
    """Whether the query asks for a time ("When did ...", "How long ...")."""
    return query.strip().lower().startswith(_WHEN)


def features(
    query: str,
    candidates: Sequence[Candidate],
    *,
    neighbours: Mapping[str, Candidate],
    idf: Mapping[str, float],
    speakers: Iterable[str],
) -> np.ndarray:
    """The ``(len(candidates), len(FEATURES))`` feature matrix.

    Args:
        query: The raw query.
        candidates: The fused candidates, best first.
        neighbours: Candidates and their previous / next memories by id (a
            neighbour that is not itself a candidate has ``fused=0``).
        idf: IDF of each stemmed query term in the user's memories (the
            keyword query's terms: speaker names already dropped).
        speakers: The user's speaker names.

    Returns:
        One row per candidate, columns in :data:`FEATURES` order.
    """
    named = hybrid.named_speakers(query, speakers)
    target = named[0].lower() if len(named) == 1 else None
    n = len(candidates)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    best_bm25 = max(c.bm25 for c in candidates) or 1.0
    total_idf = sum(idf.values()) or 1.0
    when = asks_when(query)
    prev = [neighbours.get(c.prev_id) if c.prev_id else None for c in candidates]
    nxt = [neighbours.get(c.next_id) if c.next_id else None for c in candidates]
    prev2 = [neighbours.get(p.prev_id) if p is not None and p.prev_id else None for p in prev]
    query, weights = list(idf), list(idf.values())
    grid = rerank_terms.term_grid([c.terms for c in candidates], query)
    held = grid > 0
    own = rerank_terms.own_bm25(grid, [len(c.terms) for c in candidates], weights)
    # The context of a turn is its text and the two turns before it: a query
    # term counts when any of the three holds it.
    context = None
    if not all(p is None for p in prev):  # else the context is the text alone
        context = held.copy()
        for before in (prev, prev2):
            context |= (
                rerank_terms.term_grid([() if p is None else p.terms for p in before], query) > 0
            )
    question, length = _text_stats([c.text for c in candidates])

    def column(values: list[float]) -> np.ndarray:
        return np.array(values, dtype=np.float64)

    # Scores of each candidate, a column each (a tuple per candidate cost more),
    # and of its neighbours, one (n, 4) array each (a missing neighbour scores
    # 0): columns fused, bm25, cosine, cosine_raw.
    c_fused, c_bm25, c_raw = (
        column([c.fused for c in candidates]),
        column([c.bm25 for c in candidates]),
        column([c.cosine_raw for c in candidates]),
    )
    p_fused, p_bm25, p_cos, p_raw = _scores(prev)
    n_fused, n_bm25, n_cos, n_raw = _scores(nxt)

    # One array per feature over all candidates (a Python row loop filling the
    # matrix cost about as much as the rest of the reranker). Keep one entry per
    # FEATURES name; a new feature is one more entry.
    cols = {
        "fused": c_fused,
        "keyword": c_bm25 / best_bm25,
        "cosine_context": column(
            [c.cosine if c.cosine_context is None else c.cosine_context for c in candidates]
        ),
        # Summed in idf order, as the row-by-row version did: bit for bit the same.
        "coverage": (own_cover := rerank_terms.coverage(held, weights, total_idf)),
        # Without previous turns the context is the text itself: same column.
        "coverage_context": (
            own_cover if context is None else rerank_terms.coverage(context, weights, total_idf)
        ),
        "speaker": column(
            [
                1.0 if target and c.speaker and c.speaker.lower() == target else 0.0
                for c in candidates
            ]
        ),
        "question": question,
        "length": length,
        "next_fused": n_fused,
        "prev_fused": p_fused,
        "next_cosine": n_cos,
        "prev_cosine": p_cos,
        "next_keyword": n_bm25 / best_bm25,
        "prev_keyword": p_bm25 / best_bm25,
        "when_time": column([1.0 if when and _names_time(c.text) else 0.0 for c in candidates]),
        "keyword_own": own / (float(own.max()) or 1.0),
        "cosine_raw": c_raw,
        "prev_cosine_raw": p_raw,
        "next_cosine_raw": n_raw,
    }
    # One stack, not 19 column assignments into an empty matrix (16 us a search).
    return np.stack([cols[name] for name in FEATURES], axis=1)


@lru_cache(maxsize=65536)
def _text_stat(text: str) -> tuple[float, float]:
    """Question mark and log(1 + words) of a text, cached: texts come back query after query."""
    return 1.0 if "?" in text else 0.0, math.log1p(len(text.split()))


@lru_cache(maxsize=65536)
def _names_time(text: str) -> bool:
    """Whether a text names a time, cached: the regex cost 0.75 ms of a LoCoMo "when" query."""
    return _TIME.search(text) is not None


def _text_stats(texts: Sequence[str]) -> np.ndarray:
    """``(2, len(texts))``: the :func:`_text_stat` columns of each text."""
    return np.array([_text_stat(t) for t in texts], dtype=np.float64).reshape(len(texts), 2).T


_SCORES = attrgetter("fused", "bm25", "cosine", "cosine_raw")
_ABSENT = (0.0, 0.0, 0.0, 0.0)


def _scores(items: Sequence[Candidate | None]) -> np.ndarray:
    """``(4, len(items))``: fused, bm25, cosine and raw cosine of each item (0 for None)."""
    if not any(items):  # no neighbours at all (notes and facts, not turns)
        return np.zeros((4, len(items)))
    rows = [_ABSENT if x is None else _SCORES(x) for x in items]
    return np.array(rows, dtype=np.float64).reshape(len(items), 4).T


def score(matrix: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Model scores (logits) of a feature matrix; higher is more relevant."""
    w = _WEIGHTS if weights is None else weights
    return ((matrix - _MEAN) / _SCALE) @ w


def rerank(
    query: str,
    candidates: Sequence[Candidate],
    *,
    neighbours: Mapping[str, Candidate],
    idf: Mapping[str, float],
    speakers: Iterable[str],
) -> list[tuple[str, float]]:
    """Re-order fused candidates by the model; relevance in [0, 1], best first.

    Relevance is the logistic of the model score relative to the best
    candidate's, ``2 / (1 + exp(best - score))`` (best = 1.0, one logit behind
    0.54, two 0.24): it keeps the model's order and spacing, so recency and
    importance can still reorder near-ties but not overturn a clear gap. The
    mapping was fixed before measuring; on LoCoMo (plain input, whole set) the
    steeper ``exp(score - best)`` gave recall@10 0.784 and a flatter
    ``2 / (1 + exp((best - score) / 2))`` 0.798 against this one's 0.794, while
    retrieval still raised importance (earlier questions' hits, in the same run).
    Now that it does not by default (``ranking.retrieval_importance_step``), a
    LoCoMo run has equal importance and near-equal recency everywhere and the
    mapping no longer changes its order; it was not tuned on.

    Args:
        query: The raw query.
        candidates: Fused candidates (:data:`POOL` of them is enough), best first.
        neighbours: See :func:`features`.
        idf: See :func:`features`.
        speakers: See :func:`features`.

    Returns:
        ``(memory_id, relevance)`` pairs, best first (ties keep the fused order).
    """
    if not candidates:
        return []
    s = score(features(query, candidates, neighbours=neighbours, idf=idf, speakers=speakers))
    order = np.argsort(-s, kind="stable")
    top = float(s[order[0]])
    return [(candidates[i].memory_id, 2.0 / (1.0 + math.exp(top - float(s[i])))) for i in order]
