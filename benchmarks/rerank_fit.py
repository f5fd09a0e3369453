"""Fit the reranker's weights on the LoCoMo tune half; report both halves.

Run ``python -m benchmarks.rerank_fit``. Every conversation is ingested through
the plain public API (:func:`benchmarks.locomo_split.add_call`, one ``add`` per
turn, ``infer=False``) into a real :class:`~langmem_local.LocalMemory`. For each
question of categories 1-4 the engine's own
:meth:`langmem_local.retrieval.Retrieval.rerank_inputs` gives the fused
candidates, and :func:`langmem_local.rerank.features` their features, so the
fit sees exactly what search sees.

The model is linear over standardised features, fitted with a pairwise
logistic loss (RankNet: every evidence candidate against every other candidate
of the same question) and L2 ``--l2``, on the **tune** conversations only
(:data:`benchmarks.locomo_split.TUNE_IDS`). The test half is only scored.
Recall@10 of the fused order and of the reranked order is printed per half and
written, with the weights, to ``langmem_local/_assets/rerank.json`` (which
:mod:`langmem_local.rerank` loads) unless ``--dry-run``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from benchmarks import locomo_split
from benchmarks.common import resolve_locomo_path
from benchmarks.locomo_data import SCORED_CATEGORIES, load_locomo
from langmem_local import rerank

WEIGHTS_PATH = Path(rerank.__file__).resolve().parent / "_assets" / "rerank.json"


class CachedMiniLM(Embeddings):
    """The offline MiniLM through the benchmark cache (same vectors, embedded once)."""

    def __init__(self) -> None:
        from benchmarks.lab_embed import CachedEmbedder

        self._inner = CachedEmbedder()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in v] for v in self._inner.embed(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def collect(root: Path, keyword_weight: float | None = None) -> list[dict[str, Any]]:
    """Ingest every conversation under ``root`` and gather each question's candidates.

    Returns:
        One item per scored question: ``conv``, ``split``, ``category``,
        ``evidence``, ``ids`` (candidate ids), ``dia`` (their dia ids), ``features``.
    """
    from langmem_local import LocalMemory
    from langmem_local.config import LocalMemoryConfig

    convs, _ = load_locomo(resolve_locomo_path())
    emb = CachedMiniLM()
    items: list[dict[str, Any]] = []
    for conv in convs:
        cfg = LocalMemoryConfig(data_dir=root / conv.conv_id)
        if keyword_weight is not None:
            cfg.ranking.keyword_weight = keyword_weight
        memory = LocalMemory(embeddings=emb, config=cfg)
        try:
            if memory.get_all(user_id=conv.conv_id, limit=1)["results"] == []:
                emb.embed_documents([f"{t.speaker}: {t.text}" for t in conv.turns])
                for turn in conv.turns:
                    messages, kwargs = locomo_split.add_call(turn, "plain")
                    memory.add(messages, user_id=conv.conv_id, **kwargs)
            retrieval = memory._retrieval  # the engine's own search path
            for q in conv.questions:
                if q.category not in SCORED_CATEGORIES or not q.evidence:
                    continue
                inputs = retrieval.rerank_inputs(q.question, conv.conv_id, 40)
                cands = inputs.candidates
                matrix = rerank.features(
                    q.question,
                    cands,
                    neighbours=inputs.neighbours,
                    idf=inputs.idf,
                    speakers=inputs.speakers,
                )
                dia = [inputs.rows[c.memory_id]["metadata"].get("dia_id") for c in cands]
                items.append(
                    {
                        "conv": conv.conv_id,
                        "split": locomo_split.split_of(conv.conv_id),
                        "category": q.category,
                        "evidence": set(q.evidence),
                        "dia": dia,
                        "features": matrix,
                    }
                )
        finally:
            memory.close()
        print(f"{conv.conv_id}: {len(conv.turns)} turns", file=sys.stderr, flush=True)
    return items


def fit(items: Sequence[dict[str, Any]], *, l2: float, iters: int = 1500, lr: float = 0.5):
    """RankNet weights on standardised features: ``(mean, scale, weights)``."""
    train = [it for it in items if it["split"] == "tune"]
    stacked = np.vstack([it["features"] for it in train])
    mean, scale = stacked.mean(0), stacked.std(0) + 1e-9
    pairs = []
    for it in train:
        z = (it["features"] - mean) / scale
        label = np.array([d in it["evidence"] for d in it["dia"]])
        pos, neg = z[label], z[~label]
        if len(pos) and len(neg):
            pairs.append((pos[:, None, :] - neg[None, :, :]).reshape(-1, z.shape[1]))
    diff = np.vstack(pairs)
    w = np.zeros(diff.shape[1])
    for _ in range(iters):
        s = diff @ w
        grad = -(diff * (1.0 / (1.0 + np.exp(s)))[:, None]).mean(0) + l2 * w
        w -= lr * grad
    return mean, scale, w


def recall(items: Sequence[dict[str, Any]], model=None) -> dict[str, float]:
    """recall@10 per half and overall, and multi-hop, of fused or reranked order."""
    groups: dict[str, list[float]] = {}
    for it in items:
        if model is None:
            order = list(range(len(it["dia"])))
        else:
            mean, scale, w = model
            s = ((it["features"] - mean) / scale) @ w
            order = list(np.argsort(-s, kind="stable"))
        got = {it["dia"][i] for i in order[:10]}
        r = len(it["evidence"] & got) / len(it["evidence"])
        for key in (it["split"], "all") + (
            (f"multi-hop {it['split']}", "multi-hop all") if it["category"] == 1 else ()
        ):
            groups.setdefault(key, []).append(r)
    return {k: round(float(np.mean(v)), 4) for k, v in sorted(groups.items())}


def main(argv: Sequence[str] | None = None) -> int:
    """Fit, report, and (unless ``--dry-run``) write the weights."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.rerank_fit", description=__doc__)
    ap.add_argument("--data-root", type=Path, default=None, help="keep the ingested data here")
    ap.add_argument("--l2", type=float, default=3e-4, help="L2 penalty (default 3e-4)")
    ap.add_argument("--iters", type=int, default=1500, help="gradient steps (default 1500)")
    ap.add_argument("--dry-run", action="store_true", help="report only; keep the weights")
    args = ap.parse_args(argv)
    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.data_root or Path(tmp)
        items = collect(root)
    model = fit(items, l2=args.l2, iters=args.iters)
    before, after = recall(items), recall(items, model)
    print("fused   ", before)
    print("reranked", after)
    payload = {
        "features": list(rerank.FEATURES),
        "mean": [round(float(x), 6) for x in model[0]],
        "scale": [round(float(x), 6) for x in model[1]],
        "weights": [round(float(x), 6) for x in model[2]],
        "fit": {
            "command": "python -m benchmarks.rerank_fit",
            "split": {"tune": list(locomo_split.TUNE_IDS), "test": list(locomo_split.TEST_IDS)},
            "input": "plain",
            "loss": "pairwise logistic (RankNet)",
            "l2": args.l2,
            "iterations": args.iters,
            "questions": len(items),
            "recall@10 fused": before,
            "recall@10 reranked": after,
            "seconds": round(time.time() - start, 1),
        },
    }
    if not args.dry_run:
        WEIGHTS_PATH.write_text(json.dumps(payload, indent=1) + "\n")
        print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
