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

import argparse
import json
import math
import re
import sqlite3
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
    load_locomo,
)
from langmem_local import hybrid
from langmem_local.keyword import KeywordIndex

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
            # Each word once per document, in first-seen order: a set would make the
            # order of idf, and so the eps sum below, depend on the hash seed.
            df.update(dict.fromkeys(d, 1))
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


# --------------------------------------------------------------------------- engine path


class EngineSide:
    """Memories indexed exactly as the engine does (KeywordIndex + hybrid functions)."""

    def __init__(
        self,
        lab: Lab,
        *,
        context_turns: int = hybrid.CONTEXT_TURNS,
        context_weight: float = hybrid.CONTEXT_WEIGHT,
        stopwords: bool = True,
        porter: bool = True,
    ) -> None:
        from langmem_local.keyword import DEFAULT_STOPWORDS

        self.lab = lab
        self.conn = sqlite3.connect(":memory:")
        tok = "porter unicode61 remove_diacritics 2" if porter else "unicode61"
        self.index = KeywordIndex(
            self.conn,
            tokenizer=tok,
            stopwords=DEFAULT_STOPWORDS if stopwords else None,
            context_weight=context_weight,
        )
        self.docs: dict[str, np.ndarray] = {}
        for cd in lab.cds:
            uid = cd.conv.conv_id
            texts = [self.doc(t) for t in cd.turns]
            for i, t in enumerate(cd.turns):
                prev: list[str] = []
                j = cd.prev[i]
                while j is not None and len(prev) < context_turns:
                    prev.insert(0, self.raw(cd.turns[j]))
                    j = cd.prev[j]
                ctx = hybrid.context_text(prev, context_turns)
                self.index.upsert(f"{uid}/{t.dia_id}", uid, texts[i], context=ctx)
            self.docs[uid] = lab.emb.embed(texts)

    @staticmethod
    def raw(t: Turn) -> str:
        """Context form of a turn: its text plus image caption, no speaker."""
        return t.text + (f" [photo: {t.image_caption}]" if t.image_caption else "")

    @staticmethod
    def doc(t: Turn) -> str:
        """The engine's index text of a turn."""
        return hybrid.index_text(t.text, speaker=t.speaker, image_caption=t.image_caption)

    def keyword(self, cd: ConvData, query: str, n: int, names: bool) -> Ranked:
        q = hybrid.keyword_query(query, cd.conv.speakers) if names else query
        return [(m.split("/", 1)[1], s) for m, s in self.index.search(cd.conv.conv_id, q, n)]

    def dense(self, cd: ConvData, n: int) -> list[Ranked]:
        s = self.lab.query_vecs(cd) @ self.docs[cd.conv.conv_id].T
        return [top(s[j], cd.ids, n) for j in range(len(cd.questions))]

    def ranker(
        self,
        *,
        use_dense: bool = True,
        use_keyword: bool = True,
        drop_names: bool = True,
        alpha: float = hybrid.ALPHA,
        boost: float = hybrid.SPEAKER_BOOST,
        beta: float = hybrid.NEIGHBOUR_BETA,
        n: int = hybrid.CANDIDATES,
    ) -> Callable[[ConvData], list[list[str]]]:
        """A ranking function running :func:`langmem_local.hybrid.retrieve`."""

        def rank(cd: ConvData) -> list[list[str]]:
            dense = self.dense(cd, n) if use_dense else [[] for _ in cd.questions]
            speaker_of = {d: t.speaker for d, t in zip(cd.ids, cd.turns, strict=True)}
            prev_of = {
                d: (cd.ids[p] if p is not None else None)
                for d, p in zip(cd.ids, cd.prev, strict=True)
            }
            next_of = {
                d: (cd.ids[p] if p is not None else None)
                for d, p in zip(cd.ids, cd.next, strict=True)
            }
            out: list[list[str]] = []
            for j, q in enumerate(cd.questions):
                kw = self.keyword(cd, q.question, n, drop_names) if use_keyword else []
                hits = hybrid.retrieve(
                    q.question,
                    dense[j],
                    kw,
                    speaker_of=speaker_of,
                    speakers=cd.conv.speakers,
                    prev_of=prev_of,
                    next_of=next_of,
                    k=K_EVAL,
                    alpha=alpha if use_dense and use_keyword else (1.0 if use_keyword else 0.0),
                    boost=boost,
                    beta=beta,
                )
                out.append([d for d, _ in hits])
            return out

        return rank


# --------------------------------------------------------------------------- main


def baselines(lab: Lab, doc: Callable[[Turn], str] | None = None) -> None:
    """The three reference numbers: BM25, dense, naive RRF on "Speaker: text".

    Args:
        lab: The lab holding the conversations.
        doc: Text indexed per turn; default ``"Speaker: text"`` (no caption). The
            LoCoMo benchmark passes exactly what the engine was given.
    """
    from langmem_local.keyword import DEFAULT_STOPWORDS

    def spk(t: Turn) -> str:
        return doc(t) if doc is not None else f"{t.speaker}: {t.text}"

    def qtok(q: str) -> list[str]:
        toks = simple_tokens(q)
        return [w for w in toks if w not in DEFAULT_STOPWORDS] or toks

    cache: dict[str, tuple[list[Ranked], list[Ranked]]] = {}

    def both(cd: ConvData) -> tuple[list[Ranked], list[Ranked]]:
        if cd.conv.conv_id not in cache:
            bm = OkapiBM25([simple_tokens(spk(t)) for t in cd.turns])
            kw = [top(bm.scores(qtok(q.question)), cd.ids, 100) for q in cd.questions]
            s = lab.query_vecs(cd) @ lab.emb.embed([spk(t) for t in cd.turns]).T
            de = [top(s[j], cd.ids, 100) for j in range(len(cd.questions))]
            cache[cd.conv.conv_id] = (kw, de)
        return cache[cd.conv.conv_id]

    note = 'docs "Speaker: text"' if doc is None else "docs: the engine's input text"
    lab.run(
        "B1 BM25 (Okapi, stopwords dropped)",
        lambda cd: [[d for d, _ in r[:10]] for r in both(cd)[0]],
        note,
    )
    lab.run(
        "B2 dense MiniLM cosine", lambda cd: [[d for d, _ in r[:10]] for r in both(cd)[1]], note
    )
    lab.run(
        "B3 RRF k=60 of B1+B2 (top-100 each)",
        lambda cd: [[d for d, _ in rrf([a, b])[:10]] for a, b in zip(*both(cd), strict=True)],
        note,
    )


def attempts(lab: Lab) -> None:
    """Every measured step from the baselines to the chosen configuration."""
    dense_variants: dict[str, Callable[[ConvData, int], str]] = {
        "dense, bare text": lambda cd, i: cd.turns[i].text,
        "dense, index_text (speaker + caption)": lambda cd, i: EngineSide.doc(cd.turns[i]),
        "dense, index_text with previous turn prepended": lambda cd, i: (
            (EngineSide.doc(cd.turns[cd.prev[i]]) + "\n" if cd.prev[i] is not None else "")
            + EngineSide.doc(cd.turns[i])
        ),
    }
    for name, fn in dense_variants.items():

        def rank(cd: ConvData, fn: Callable[[ConvData, int], str] = fn) -> list[list[str]]:
            s = lab.query_vecs(cd) @ lab.doc_matrix(cd, fn).T
            return [[d for d, _ in top(s[j], cd.ids, 10)] for j in range(len(cd.questions))]

        lab.run(f"A {name}", rank)

    kw_only = {"use_dense": False, "drop_names": False, "boost": 0.0, "beta": 0.0}
    e0 = EngineSide(lab, context_turns=0, stopwords=False, porter=False)
    lab.run("K FTS5 unicode61, OR-query, no stopwords", e0.ranker(**kw_only))
    e0 = EngineSide(lab, context_turns=0, stopwords=False)
    lab.run("K FTS5 porter, OR-query, no stopwords", e0.ranker(**kw_only))
    e0 = EngineSide(lab, context_turns=0)
    lab.run("K FTS5 porter, OR-query, stopwords dropped", e0.ranker(**kw_only))
    for turns, w in ((1, 0.5), (2, 0.35), (2, 0.7), (3, 0.5)):
        e = EngineSide(lab, context_turns=turns, context_weight=w)
        lab.run(f"K + context column: {turns} prev turns, weight {w}", e.ranker(**kw_only))
    e = EngineSide(lab)  # chosen defaults: 2 turns, weight 0.5
    lab.run("K + context column: 2 prev turns, weight 0.5 (chosen)", e.ranker(**kw_only))
    lab.run(
        "K + speaker names dropped from keyword query",
        e.ranker(use_dense=False, boost=0.0, beta=0.0),
    )
    for b in (0.5, 1.0, 2.0):
        lab.run(f"K + speaker boost {b}", e.ranker(use_dense=False, boost=b, beta=0.0))

    for a in (0.6, 0.7, 0.8, 0.9):
        lab.run(
            f"F convex fusion alpha={a} (no boost, no expansion)",
            e.ranker(alpha=a, drop_names=False, boost=0.0, beta=0.0),
        )
    for a in (0.7, 0.8):
        for b in (0.5, 1.0, 2.0, 3.0):
            lab.run(f"F alpha={a} + speaker boost {b}", e.ranker(alpha=a, boost=b, beta=0.0))
    for a in (0.7, 0.8):
        for beta in (0.15, 0.3, 0.5):
            lab.run(
                f"F alpha={a} + boost 2.0 + next-neighbour beta={beta}",
                e.ranker(alpha=a, boost=2.0, beta=beta),
            )
    lab.run(
        "BEST hybrid.retrieve defaults (engine path)",
        e.ranker(),
        f"alpha={hybrid.ALPHA} boost={hybrid.SPEAKER_BOOST} beta={hybrid.NEIGHBOUR_BETA} "
        f"ctx={hybrid.CONTEXT_TURNS}x{hybrid.CONTEXT_WEIGHT} n={hybrid.CANDIDATES}",
    )


def write_results(lab: Lab, stats: object, label: str) -> None:
    """Save the table as JSON and Markdown under benchmarks/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "dataset": "LoCoMo locomo10.json, raw turns, categories 1-4",
        "questions": lab.rows[0]["metrics"]["all"]["n"] if lab.rows else 0,  # type: ignore[index]
        "embedder": label,
        "evidence_normalisation": {
            "total": stats.total,  # type: ignore[attr-defined]
            "repaired": stats.repaired,  # type: ignore[attr-defined]
            "dropped": dict(stats.dropped_ids),  # type: ignore[attr-defined]
            "questions_without_evidence": stats.questions_without_evidence,  # type: ignore[attr-defined]
        },
        "rows": lab.rows,
    }
    (RESULTS / "retrieval_lab.json").write_text(json.dumps(payload, indent=2))
    lines = [
        "# Retrieval lab: LoCoMo raw turns, categories 1-4",
        "",
        f"Questions scored: {payload['questions']}. Embedder: {label}. "
        f"Evidence: {payload['evidence_normalisation']}.",
        "",
        "| attempt | R@10 | R@5 | H@10 | MRR | R@10 c1 multi-hop | c2 temporal | c3 open-domain "
        "| c4 single-hop | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in lab.rows:
        m = r["metrics"]  # type: ignore[index]
        a = m["all"]  # type: ignore[index]
        cats = " | ".join(f"{m[str(c)]['recall@10']:.3f}" for c in SCORED_CATEGORIES)  # type: ignore[index]
        lines.append(
            f"| {r['name']} | {a['recall@10']:.3f} | {a['recall@5']:.3f} | {a['hit@10']:.3f} "
            f"| {a['mrr']:.3f} | {cats} | {r['note']} |"
        )
    (RESULTS / "retrieval_lab.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run baselines and attempts, print the table, save results."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="baselines and the best row only")
    args = ap.parse_args(argv)
    convs, stats = load_locomo()
    print(
        f"evidence ids: {stats.total} total, {stats.repaired} repaired, dropped "
        f"{dict(stats.dropped_ids)}, {stats.questions_without_evidence} questions without evidence"
    )
    lab = Lab(prepare(convs), CachedEmbedder())
    baselines(lab)
    if args.quick:
        lab.run("BEST hybrid.retrieve defaults (engine path)", EngineSide(lab).ranker())
    else:
        attempts(lab)
    lab.emb.save()
    write_results(lab, stats, lab.emb.label)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
