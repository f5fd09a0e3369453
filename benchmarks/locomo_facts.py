"""Baselines over the engine's own extracted facts, for ``benchmarks.locomo --mode facts``.

The raw-turn baselines of :func:`benchmarks.locomo.run_baselines` index the
conversation's turns; in facts mode the engine searches the facts it extracted
from them, which hold less. Comparing the two measures extraction and retrieval
together. These baselines index exactly the stored facts (their text, and the
turns each cites), so the engine's hybrid search is compared with BM25, dense
MiniLM and RRF on the same memories: the like-for-like question "does the
hybrid work on extracted facts too?".

Example:
    .. code-block:: python

        blocks = facts_baselines(stored, convs, embed=emb.embed_documents)
        blocks["B1 BM25 (Okapi, stopwords dropped)"]["overall_1_4"]["recall@10"]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from benchmarks import locomo_split
from benchmarks.locomo_data import Conversation
from benchmarks.retrieval_lab import OkapiBM25, rrf, simple_tokens, top

__all__ = ["facts_baselines"]

Cites = Callable[[dict[str, Any]], list[str]]


def facts_baselines(
    stored: Mapping[str, Sequence[dict[str, Any]]],
    convs: Sequence[Conversation],
    *,
    embed: Callable[[list[str]], list[list[float]]],
    cites: Cites,
    score: Callable[[list[list[str]], Sequence[str]], dict[str, float]],
    aggregate: Callable[[list[tuple[int, dict[str, float]]]], dict[str, Any]],
    depth: int = 10,
) -> dict[str, dict[str, Any]]:
    """BM25, dense and RRF over each conversation's stored facts, scored like the engine.

    Args:
        stored: Each conversation's memories as ``get_all`` returns them.
        convs: The conversations (their questions with evidence are asked).
        embed: Embeds texts (the engine's embedder, so dense is the same model).
        cites: The turns a memory cites (:func:`benchmarks.locomo.hit_citations`).
        score: Scores cited turns against evidence (:func:`benchmarks.locomo.score_citations`).
        aggregate: Pools per-question scores (:func:`benchmarks.locomo.aggregate`).
        depth: Hits per question.

    Returns:
        ``{name: {"overall_1_4", "categories", "splits", "note"}}``, as
        :func:`benchmarks.locomo.run_baselines` returns.
    """
    from langmem_local.keyword import DEFAULT_STOPWORDS

    rows: dict[str, list[tuple[int, dict[str, float]]]] = {}
    conv_ids: list[str] = []
    for conv in convs:
        memories = list(stored.get(conv.conv_id, []))
        texts = [m["memory"] for m in memories]
        cited = [cites(m) for m in memories]
        questions = [q for q in conv.questions if q.evidence]
        if not texts:
            for name in _NAMES:
                rows.setdefault(name, []).extend(
                    (q.category, score([], q.evidence)) for q in questions
                )
            conv_ids += [conv.conv_id] * len(questions)
            continue
        ids = [str(i) for i in range(len(texts))]
        bm25 = OkapiBM25([simple_tokens(t) for t in texts])
        docs = _unit(np.asarray(embed(texts), dtype=np.float32))
        queries = _unit(np.asarray(embed([q.question for q in questions]), dtype=np.float32))
        for q, qv in zip(questions, queries, strict=True):
            toks = simple_tokens(q.question)
            kw = top(bm25.scores([w for w in toks if w not in DEFAULT_STOPWORDS] or toks), ids, 100)
            de = top(docs @ qv, ids, 100)
            for name, ranked in zip(_NAMES, (kw, de, rrf([kw, de])), strict=True):
                hits = [cited[int(i)] for i, _ in ranked[:depth]]
                rows.setdefault(name, []).append((q.category, score(hits, q.evidence)))
            conv_ids.append(conv.conv_id)
    note = "docs: the engine's stored facts (their text), citing the turns each fact cites"
    return {
        name: {
            **aggregate(r),
            "splits": {k: aggregate(v) for k, v in locomo_split.split_rows(r, conv_ids).items()},
            "note": note,
        }
        for name, r in rows.items()
    }


_NAMES = (
    "B1 BM25 over the stored facts",
    "B2 dense MiniLM over the stored facts",
    "B3 RRF k=60 of B1+B2 over the stored facts",
)


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.clip(np.linalg.norm(matrix, axis=-1, keepdims=True), 1e-12, None)
