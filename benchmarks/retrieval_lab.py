"""Retrieval experiments on LoCoMo raw turns (categories 1-4).

Run ``python -m benchmarks.retrieval_lab``. Every raw turn is one memory; each
conversation is one user. For each attempt the lab reports recall@10 overall and
per category (plus recall@5, hit@10 and MRR overall) and writes
``benchmarks/results/retrieval_lab.json`` and ``.md``.

The final rows run the engine's own code path: :class:`langmem_local.keyword.KeywordIndex`
over an SQLite FTS5 table and the functions of :mod:`langmem_local.hybrid`, so
the reported best figure is what the engine reproduces.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.lab_embed import CachedEmbedder
from benchmarks.locomo_data import (
    SCORED_CATEGORIES,
    Conversation,
    Question,
    Turn,
)
from langmem_local import hybrid  # noqa: F401

RESULTS = Path(__file__).resolve().parent / "results"
K_EVAL = 10


# --------------------------------------------------------------------------- metrics


def score_ranking(ranked: list[str], evidence: tuple[str, ...]) -> dict[str, float]:
    """recall@5/10, hit@10 and reciprocal rank of one ranked list of dia ids."""
    ev = set(evidence)
    top10, top5 = ranked[:10], ranked[:5]
    rr = 0.0
    for i, d in enumerate(ranked[:K_EVAL]):
        if d in ev:
            rr = 1.0 / (i + 1)
            break
    return {
        "recall@10": len(ev.intersection(top10)) / len(ev),
        "recall@5": len(ev.intersection(top5)) / len(ev),
        "hit@10": float(bool(ev.intersection(top10))),
        "mrr": rr,
    }


def aggregate(rows: list[tuple[int, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Mean metrics overall and per category."""
    out: dict[str, dict[str, float]] = {}
    groups: dict[str, list[dict[str, float]]] = {"all": [m for _, m in rows]}
    for c in SCORED_CATEGORIES:
        groups[str(c)] = [m for cat, m in rows if cat == c]
    for g, ms in groups.items():
        out[g] = {k: float(np.mean([m[k] for m in ms])) if ms else 0.0 for k in ms[0]} if ms else {}
        out[g]["n"] = len(ms)
    return out


# --------------------------------------------------------------------------- corpus


@dataclass
class ConvData:
    """One conversation prepared for experiments."""

    conv: Conversation
    turns: list[Turn]
    ids: list[str]
    pos: dict[str, int]
    questions: list[Question]
    prev: list[int | None] = field(default_factory=list)
    next: list[int | None] = field(default_factory=list)


def prepare(convs: list[Conversation]) -> list[ConvData]:
    """Index turns and neighbours (same session only) per conversation."""
    out: list[ConvData] = []
    for c in convs:
        turns = list(c.turns)
        ids = [t.dia_id for t in turns]
        pos = {d: i for i, d in enumerate(ids)}
        qs = [q for q in c.questions if q.category in SCORED_CATEGORIES and q.evidence]
        prev = [
            i - 1 if i > 0 and turns[i - 1].session == t.session else None
            for i, t in enumerate(turns)
        ]
        nxt = [
            i + 1 if i + 1 < len(turns) and turns[i + 1].session == t.session else None
            for i, t in enumerate(turns)
        ]
        out.append(ConvData(c, turns, ids, pos, qs, prev, nxt))
    return out


# --------------------------------------------------------------------------- BM25 (python)

_WORD = re.compile(r"\w+")


def simple_tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens; the baseline BM25 tokenisation."""
    return _WORD.findall(text.lower())


class OkapiBM25:
    """Plain Okapi BM25 (k1=1.5, b=0.75, rank_bm25-style IDF floor) over token lists."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = [Counter(d) for d in docs]
        self.dl = np.array([len(d) for d in docs], dtype=np.float64)
        self.avgdl = float(self.dl.mean()) if len(docs) else 1.0
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        idf = {w: math.log(n - f + 0.5) - math.log(f + 0.5) for w, f in df.items()}
        eps = 0.25 * (sum(idf.values()) / max(len(idf), 1))
        self.idf = {w: (v if v > 0 else eps) for w, v in idf.items()}

    def scores(self, query: list[str]) -> np.ndarray:
        s = np.zeros(len(self.tf))
        norm = self.k1 * (1 - self.b + self.b * self.dl / self.avgdl)
        for w in query:
            if w not in self.idf:
                continue
            f = np.array([tf.get(w, 0) for tf in self.tf], dtype=np.float64)
            s += self.idf[w] * f * (self.k1 + 1) / (f + norm)
        return s


# --------------------------------------------------------------------------- helpers

Ranked = list[tuple[str, float]]


def top(scores: np.ndarray, ids: list[str], n: int) -> Ranked:
    """Top-n (id, score) from a dense score vector, best first."""
    n = min(n, len(ids))
    idx = np.argpartition(-scores, n - 1)[:n]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [(ids[i], float(scores[i])) for i in idx]


def rrf(lists: list[Ranked], k: float = 60.0, weights: list[float] | None = None) -> Ranked:
    """Reciprocal rank fusion (the naive baseline)."""
    acc: dict[str, float] = {}
    for li, lst in enumerate(lists):
        w = 1.0 if weights is None else weights[li]
        for r, (d, _) in enumerate(lst):
            acc[d] = acc.get(d, 0.0) + w / (k + r + 1)
    return sorted(acc.items(), key=lambda x: -x[1])


class Lab:
    """Holds data, embeddings and the results table."""

    def __init__(self, cds: list[ConvData], emb: CachedEmbedder) -> None:
        self.cds = cds
        self.emb = emb
        self.rows: list[dict[str, object]] = []
        self._qvec: dict[str, np.ndarray] = {}

    # -- dense
    def doc_matrix(self, cd: ConvData, fn: Callable[[ConvData, int], str]) -> np.ndarray:
        return self.emb.embed([fn(cd, i) for i in range(len(cd.turns))])

    def query_vecs(self, cd: ConvData, fn: Callable[[str], str] = lambda q: q) -> np.ndarray:
        return self.emb.embed([fn(q.question) for q in cd.questions])

    def run(
        self,
        name: str,
        rank: Callable[[ConvData], list[list[str]]],
        note: str = "",
    ) -> dict[str, dict[str, float]]:
        """Score a ranking function (conv -> ranked dia ids per question) and record a row."""
        t0 = time.perf_counter()
        rows: list[tuple[int, dict[str, float]]] = []
        for cd in self.cds:
            ranked = rank(cd)
            for q, r in zip(cd.questions, ranked, strict=True):
                rows.append((q.category, score_ranking(r, q.evidence)))
        agg = aggregate(rows)
        dt = time.perf_counter() - t0
        self.rows.append({"name": name, "note": note, "metrics": agg, "seconds": round(dt, 1)})
        a = agg["all"]
        cats = " ".join(f"{agg[str(c)]['recall@10']:.3f}" for c in SCORED_CATEGORIES)
        print(
            f"{name:<58} R@10 {a['recall@10']:.3f}  R@5 {a['recall@5']:.3f}  "
            f"H@10 {a['hit@10']:.3f}  MRR {a['mrr']:.3f} | c1-4 {cats}  ({dt:.1f}s)",
            flush=True,
        )
        self.emb.save()
        return agg
