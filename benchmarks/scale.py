"""Engine search latency, add throughput, disk and RAM at 1k / 10k / 100k memories.

Run ``python -m benchmarks.scale`` (``--sizes 1000,10000`` for a shorter run).

One user's store grows through the sizes. Texts come from a small synthetic
vocabulary (Zipf-distributed pseudo-words) and every text and query gets a
PRECOMPUTED random unit vector of dimension 384; :class:`LookupEmbeddings` hands
them to the engine by dictionary look-up, so the embedder is not what is timed.

Measured at every size, in the same process:

* ``LocalMemory.search(query, limit=10)`` p50 / p95 over ``--queries`` queries;
* a NumPy brute-force cosine scan (``matrix @ query`` + top-10) over exactly the
  vectors the engine stored: the floor for exact search on this machine;
* disk bytes per memory (data directory size / N) and RAM per memory (resident
  set growth since the engine was opened / N).

Targets: search p95 at 10k <= 2x the scan's p95; at 100k below the scan's p95.

Ingestion goes through the public ``LocalMemory.add(messages, infer=False)`` only:
the first ``--add-sample`` memories with ``--messages-per-add`` (10) messages per
call, as an agent would write them, the rest with ``--fill-batch`` (1,000) per call,
as an import would. Both throughputs are reported, and a cProfile of the first
``--profile-adds`` memories and of ``--profile-searches`` queries at the largest
size say where the time goes. Results: ``benchmarks/results/scale.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from benchmarks.common import (
    RESULTS_DIR,
    dir_bytes,
    gc_pauses,
    latency_summary,
    load_average,
    make_progress,
    md_table,
    profile_call,
    profile_markdown,
    provenance_markdown,
    pyplot,
    rss_bytes,
    run_header,
    save_figure,
    settle_blas,
    targets_markdown,
    write_json,
    write_text,
)

DIM = 384
"""Vector dimension (that of all-MiniLM-L6-v2)."""
USER = "scale-user"
TOP_K = 10
DEFAULT_SIZES = (1_000, 10_000, 100_000)
_SYLLABLES = "ka ri to mo na lu se vi da po ne ku ba ti ro me sa lo fi ge ha ju ze wo ny".split()


# --------------------------------------------------------------------------- synthetic data


def vocabulary(size: int, seed: int = 0) -> list[str]:
    """``size`` distinct pseudo-words of 2-4 syllables (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        n = int(rng.integers(2, 5))
        w = "".join(_SYLLABLES[i] for i in rng.integers(0, len(_SYLLABLES), n))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def texts(n: int, vocab: Sequence[str], *, seed: int, min_words: int, max_words: int) -> list[str]:
    """``n`` distinct texts of Zipf-distributed words from ``vocab``.

    Word frequencies follow a Zipf law (exponent 1.1), like natural text: a few
    words are in a large share of memories, which is what makes keyword
    search over a big store expensive.
    """
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, len(vocab) + 1, dtype=np.float64)
    p = ranks**-1.1
    p /= p.sum()
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        want = n - len(out)
        lengths = rng.integers(min_words, max_words + 1, want)
        words = rng.choice(len(vocab), size=int(lengths.sum()), p=p)
        pos = 0
        for length in lengths:
            t = " ".join(vocab[i] for i in words[pos : pos + length])
            pos += length
            if t not in seen:
                seen.add(t)
                out.append(t)
    return out


def unit_vectors(n: int, dim: int = DIM, seed: int = 0) -> np.ndarray:
    """``(n, dim)`` float32 random unit vectors."""
    rng = np.random.default_rng(seed)
    m = rng.standard_normal((n, dim), dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return m


class LookupEmbeddings(Embeddings):
    """Embeddings that look precomputed vectors up by text.

    Args:
        table: Text to row of ``matrix``.
        matrix: ``(n, dim)`` unit vectors.

    A text not in ``table`` (the engine may embed a decorated text, or probe the
    dimension) gets a deterministic vector seeded by its hash, and is counted in
    ``misses``. ``stored_rows`` records, in order, the row given for every
    document, so the brute-force scan can run over exactly the engine's vectors.
    """

    model_id = "scale-benchmark-lookup-384"

    def __init__(self, table: dict[str, int], matrix: np.ndarray) -> None:
        self.table = table
        self.matrix = matrix
        self.misses = 0
        self.document_misses = 0
        self.stored_rows: list[int] = []
        self.extra: dict[int, np.ndarray] = {}
        self._texts: list[str | None] = [None] * len(matrix)
        for text, row in table.items():
            self._texts[row] = text

    def _vector(self, text: str) -> tuple[int, np.ndarray]:
        row = self.table.get(text)
        if row is not None:
            return row, self.matrix[row]
        self.misses += 1
        seed = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "little")
        return -1, unit_vectors(1, self.matrix.shape[1], seed)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of documents (recorded for the scan)."""
        out = []
        for t in texts:
            row, vec = self._vector(t)
            if row < 0:
                self.document_misses += 1
                self.extra[len(self.stored_rows)] = vec
            self.stored_rows.append(row)
            out.append(vec.tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        """Vector of a query (not recorded)."""
        return self._vector(text)[1].tolist()

    def stored_texts(self, positions: Sequence[int]) -> list[str]:
        """Texts of the documents stored at ``positions`` (insertion order)."""
        out = []
        for p in positions:
            row = self.stored_rows[p]
            text = self._texts[row] if row >= 0 else None
            if text is not None:
                out.append(text)
        return out

    def stored_matrix(self, n: int) -> np.ndarray:
        """The first ``n`` document vectors the engine received, as a matrix."""
        rows = np.asarray(self.stored_rows[:n])
        m = self.matrix[np.clip(rows, 0, None)]
        for i, vec in self.extra.items():
            if i < n:
                m[i] = vec
        return m


# --------------------------------------------------------------------------- scan


def brute_force_top_k(matrix: np.ndarray, query: np.ndarray, k: int = TOP_K) -> np.ndarray:
    """Indices of the ``k`` rows of ``matrix`` most cosine-similar to ``query``, best first.

    ``matrix`` rows and ``query`` are unit vectors, so the dot product is the cosine.
    """
    scores = matrix @ query
    k = min(k, len(scores))
    idx = np.argpartition(-scores, k - 1)[:k]
    return idx[np.argsort(-scores[idx], kind="stable")]


# --------------------------------------------------------------------------- measurement


def _add_batch(memory: Any, batch: Sequence[str]) -> None:
    memory.add([{"role": "user", "content": t} for t in batch], user_id=USER, infer=False)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def measure_search(
    memory: Any,
    emb: LookupEmbeddings,
    n: int,
    queries: Sequence[str],
    qvecs: np.ndarray,
    warmup: int = 5,
) -> dict[str, Any]:
    """Engine search vs brute-force scan at the current store size ``n``."""
    # Engine and scan in separate loops, each warmed up right before its own.
    # Interleaved, each evicted the other's working set from the CPU caches,
    # which made the scan slower and noisier. And after a scan its BLAS threads
    # spin for a while, waiting for more work, on a CPU the engine's first
    # searches then lacked: with the scan's warm-up before the engine's loop,
    # the first 15 searches at 100k had a median of 5.2-6.8 ms, against 3.8-4.1
    # ms for the rest (lab: 4.9 against 3.6 ms; 3.8 throughout without it).
    for q in queries[:warmup]:
        memory.search(q, user_id=USER, limit=TOP_K)
    engine_s: list[float] = []
    found: list[list[dict[str, Any]]] = []
    with gc_pauses() as pauses:
        for q in queries:
            start = time.perf_counter()
            hits = memory.search(q, user_id=USER, limit=TOP_K)["results"]
            engine_s.append(time.perf_counter() - start)
            found.append(hits)
    # The same queries with the learned reranker off (``ranking.rerank=False``):
    # what the second stage costs, next to the same scan.
    ranking = memory.config.ranking
    ranking.rerank = False
    try:
        plain_s: list[float] = []
        for q in queries:
            start = time.perf_counter()
            memory.search(q, user_id=USER, limit=TOP_K)
            plain_s.append(time.perf_counter() - start)
    finally:
        ranking.rerank = True
    matrix = emb.stored_matrix(n)
    for v in qvecs[:warmup]:
        brute_force_top_k(matrix, v)
    scan_s: list[float] = []
    exacts: list[np.ndarray] = []
    for v in qvecs:
        start = time.perf_counter()
        exact = brute_force_top_k(matrix, v)
        scan_s.append(time.perf_counter() - start)
        exacts.append(exact)
    overlap = [
        len({h["memory"] for h in hits} & set(emb.stored_texts(exact))) / TOP_K
        for hits, exact in zip(found, exacts, strict=True)
    ]
    return {
        "engine": latency_summary(engine_s),
        # Every search in order: shows whether the slowest are the first ones
        # after an import (the vector index still settling) or spread out.
        "engine_ms_in_order": [round(t * 1e3, 3) for t in engine_s],
        # Python's garbage collector during those searches (a full collection of
        # a large heap is a pause of its own, not the engine's search work).
        "gc_pauses_during_engine_searches": pauses,
        "engine_without_reranker": latency_summary(plain_s),
        "scan": latency_summary(scan_s),
        "overlap_with_exact_top10": float(np.mean(overlap)),
    }


def measure_after_add(memory: Any, queries: Sequence[str], turns: Sequence[str]) -> dict:
    """Each search right after one ``add``, as an agent writes a turn and then recalls.

    Every write changes the keyword index's statistics and the change log, so
    the search after it rebuilds what depended on them. Each turn is deleted
    again after its search, so the store keeps its size.
    """
    settle_blas()  # the scan ran just before
    seconds: list[float] = []
    for q, turn in zip(queries, turns, strict=False):
        (added,) = memory.add([{"role": "user", "content": turn}], user_id=USER, infer=False)[
            "results"
        ]
        start = time.perf_counter()
        memory.search(q, user_id=USER, limit=TOP_K)
        seconds.append(time.perf_counter() - start)
        memory.delete(added["id"])
    return latency_summary(seconds)


def run(args: argparse.Namespace, progress: Any) -> dict[str, Any]:
    """Grow one store through ``args.sizes`` and measure at each size."""
    from langmem_local import LocalMemory
    from langmem_local.config import LocalMemoryConfig

    sizes = sorted(args.sizes)
    n_max = sizes[-1]
    vocab = vocabulary(args.vocab, args.seed)
    corpus = texts(n_max, vocab, seed=args.seed + 1, min_words=6, max_words=16)
    queries = texts(args.queries, vocab, seed=args.seed + 2, min_words=3, max_words=6)
    table = {t: i for i, t in enumerate(corpus)}
    queries = [q for q in queries if q not in table]
    # Turns written between searches at the largest size (their own vectors,
    # after the queries': the rows before them are the same as without them).
    turns = [t for t in texts(len(queries), vocab, seed=args.seed + 4, min_words=6,
                              max_words=16) if t not in table]  # fmt: skip
    matrix = unit_vectors(n_max + len(queries) + len(turns), DIM, args.seed + 3)
    table.update({q: n_max + i for i, q in enumerate(queries)})
    table.update({t: n_max + len(queries) + i for i, t in enumerate(turns)})
    qvecs = matrix[n_max : n_max + len(queries)]
    emb = LookupEmbeddings(table, matrix)
    gc.collect()
    rss0 = rss_bytes()
    out: dict[str, Any] = {"sizes": {}, "corpus": _corpus_stats(corpus, vocab)}
    with tempfile.TemporaryDirectory(prefix="langmem-scale-") as tmp:
        data_dir = Path(tmp)
        config = LocalMemoryConfig(vector_store=args.vector_store)
        memory = LocalMemory(embeddings=emb, data_dir=data_dir, config=config)
        memory.search("warm up", user_id="__warmup__", limit=1)  # open the stores
        gc.collect()
        rss_open = rss_bytes()
        done = 0
        add_sample = min(args.add_sample, n_max)
        profile_n = min(args.profile_adds, add_sample, sizes[0])
        task = progress.add_task("ingest", total=n_max)
        # 1. A profiled slice of the add path: where the time goes.
        if profile_n:

            def profiled() -> None:
                for batch in _chunks(corpus[:profile_n], args.messages_per_add):
                    _add_batch(memory, batch)

            _, add_profile = profile_call(profiled, top=args.profile_top)
            out["add_profile"] = {
                "memories": profile_n,
                "messages_per_add": args.messages_per_add,
                **add_profile,
            }
            done = profile_n
            progress.advance(task, profile_n)
        # (seconds, memories) of each timed add call, small and large batches apart.
        timed: dict[str, tuple[list[float], list[int]]] = {"small": ([], []), "large": ([], [])}
        for size in sizes:
            while done < size:
                small = done < add_sample
                step = args.messages_per_add if small else args.fill_batch
                end = min(done + step, size, add_sample) if small else min(done + step, size)
                batch = corpus[done:end]
                start = time.perf_counter()
                _add_batch(memory, batch)
                seconds, counts = timed["small" if small else "large"]
                seconds.append(time.perf_counter() - start)
                counts.append(len(batch))
                done = end
                progress.advance(task, len(batch))
            gc.collect()
            rss = rss_bytes()
            disk = dir_bytes(data_dir)
            s_task = progress.add_task(f"search at {size:,}", total=1)
            search = measure_search(memory, emb, size, queries, qvecs)
            progress.advance(s_task, 1)
            block: dict[str, Any] = {
                "n": size,
                "search": search,
                "disk_bytes": disk,
                "disk_bytes_per_memory": disk / size,
                "rss_delta_bytes": (rss - rss_open) if rss and rss_open else None,
                "rss_bytes_per_memory": (rss - rss_open) / size if rss and rss_open else None,
                "rss_delta_since_start_bytes": (rss - rss0) if rss and rss0 else None,
            }
            out["sizes"][str(size)] = block
            if size == n_max:
                search["after_each_add"] = measure_after_add(memory, queries, turns)
            if size == n_max and args.profile_searches:
                _, sp = profile_call(
                    lambda: [
                        memory.search(q, user_id=USER, limit=TOP_K)
                        for q in queries[: args.profile_searches]
                    ],
                    top=args.profile_top,
                )
                out["search_profile"] = {"n": size, "queries": args.profile_searches, **sp}
        stored = len(emb.stored_rows)
        memory.close()
    out["add"] = {
        "path": "LocalMemory.add(infer=False)",
        "batches": [
            _throughput(*timed["small"], args.messages_per_add),
            _throughput(*timed["large"], args.fill_batch),
        ],
    }
    out["embedder_misses"] = emb.misses
    out["document_misses"] = emb.document_misses
    out["memories_embedded"] = stored
    return out


def _throughput(seconds: list[float], counts: list[int], per_call: int) -> dict[str, Any]:
    """Memories per second of a series of add calls."""
    total = float(sum(seconds))
    n = int(sum(counts))
    return {
        "messages_per_add": per_call,
        "calls": len(seconds),
        "memories": n,
        "seconds": total,
        "memories_per_s": n / total if total else None,
        "ms_per_memory": 1000 * total / n if n else None,
        "per_call": latency_summary(seconds),
    }


def _corpus_stats(corpus: Sequence[str], vocab: Sequence[str]) -> dict[str, Any]:
    lengths = [len(t.split()) for t in corpus[:10_000]]
    return {
        "vocabulary": len(vocab),
        "distribution": "Zipf, exponent 1.1",
        "words_per_memory_mean": float(np.mean(lengths)),
        "example": corpus[0],
    }


NOISY_SCAN = 3.0
"""A scan whose p95 is more than this many times its own p50 was disturbed (another
process took a CPU from its BLAS threads): a target measured against it gets no
verdict. One run here had a 10k scan of 0.71 ms p50 and 4.23 ms p95, which would
have "passed" a 7.3 ms engine p95."""


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Pass/fail of the scale targets for the sizes that were measured.

    ``pass`` is None (no verdict) when the scan it is measured against was noisy
    (:data:`NOISY_SCAN`).
    """
    out: list[dict[str, Any]] = []
    sizes = result["sizes"]
    off = "engine_without_reranker"
    wanted = [
        ("10000", "engine", "search p95 at 10k <= 2x brute-force scan p95", 2.0),
        ("100000", "engine", "search p95 at 100k < brute-force scan p95", 1.0),
        ("10000", off, "(reranker off) search p95 at 10k <= 2x scan p95", 2.0),
        ("100000", off, "(reranker off) search p95 at 100k <= 1x scan p95", 1.0),
    ]
    for key, leg, label, factor in wanted:
        s = sizes.get(key, {}).get("search", {})
        if leg not in s:
            continue
        e, scan = s[leg]["p95_ms"], s["scan"]
        b = scan["p95_ms"]
        noisy = "p50_ms" in scan and b > NOISY_SCAN * scan["p50_ms"]
        # At 100k the engine must beat the scan (strictly), at 10k stay within 2x.
        ok = e < b if factor == 1.0 and leg == "engine" else e <= factor * b
        measured = (
            f"{e:.2f} ms vs {factor:g} x {b:.2f} ms = {factor * b:.2f} ms"
            if factor != 1.0
            else f"{e:.2f} ms vs {b:.2f} ms"
        )
        if noisy:
            measured += f" (scan p95 {b / scan['p50_ms']:.1f}x its p50: noisy, rerun)"
        out.append(
            {
                "target": label,
                "measured": measured,
                "ratio": e / b if b else None,
                "pass": None if noisy else ok,
            }
        )
    return out


# --------------------------------------------------------------------------- output


def markdown(payload: dict[str, Any], duration_s: float) -> str:
    """Markdown summary."""
    r = payload["results"]
    lines = ["# Scale: search latency, add throughput, disk and RAM", ""]
    lines += [provenance_markdown(payload, duration_s), ""]
    c = r["corpus"]
    store = payload["settings"].get("vector_store", "chroma")
    lines += [
        f"One user; synthetic texts ({c['words_per_memory_mean']:.1f} words on average, "
        f"{c['vocabulary']:,}-word pseudo-vocabulary, {c['distribution']}; e.g. "
        f'"{c["example"]}"), precomputed random unit vectors (dim {DIM}) looked up '
        f"by text, so no embedding model is timed. {payload['settings']['queries']} queries "
        f"per size, `limit={TOP_K}`. Vector store: {store}.",
        "",
    ]
    lines += targets_markdown(
        payload.get("targets") or [], extra=("engine / scan", "ratio"), digits=1
    )
    lines += ["## Search and footprint per size", ""]
    rows = []
    for key, b in r["sizes"].items():
        s = b["search"]
        rows.append(
            (
                int(key),
                s["engine"]["p50_ms"],
                s["engine"]["p95_ms"],
                s["scan"]["p50_ms"],
                s["scan"]["p95_ms"],
                s["engine"]["p95_ms"] / s["scan"]["p95_ms"],
                s.get("engine_without_reranker", {}).get("p95_ms", float("nan")),
                s["overlap_with_exact_top10"],
                b["disk_bytes_per_memory"],
                b["rss_bytes_per_memory"],
            )
        )
    lines.append(
        md_table(
            [
                "memories",
                "engine p50 ms",
                "engine p95 ms",
                "scan p50 ms",
                "scan p95 ms",
                "p95 engine/scan",
                "engine p95 ms, reranker off",
                "top-10 overlap with exact cosine",
                "disk bytes / memory",
                "RAM bytes / memory",
            ],
            rows,
            digits=2,
        )
    )
    lines += [
        "",
        "The scan is `matrix @ query` plus a top-10 partial sort over the same vectors in "
        "NumPy (float32), the floor for exact search on this machine, timed in a loop of its "
        "own after the engine's (interleaved with searches it ran slower and noisier, the "
        "vectors evicted from the CPU caches in between), each warmed up right before its "
        "own loop (a scan's BLAS threads spin for a while after it, on a CPU the engine's "
        "next searches then lack). The engine's search "
        "also runs keyword (BM25) search, fusion and ranking, so the "
        "overlap with the exact cosine top-10 is low by design (random vectors, random "
        "words); it is shown only to confirm both searched the same store. Each size's first "
        "(warm-up) searches build the user's in-memory keyword index (and, up to 25k "
        "memories, load the user's vectors for the engine's exact scan); they are not timed.",
        "RAM is the growth of this process's resident set since the engine was opened, "
        "divided by N (Chroma's HNSW index, SQLite page cache, keyword postings, the "
        "in-memory vectors of users scanned exactly, Python objects).",
        "",
    ]
    slow = []
    for key, b in r["sizes"].items():
        s = b["search"]
        order = s.get("engine_ms_in_order") or []
        pauses = s.get("gc_pauses_during_engine_searches")
        if not order or not pauses:
            continue
        worst = sorted(range(len(order)), key=lambda i: -order[i])[:3]
        slow.append(
            f"{int(key):,}: slowest searches "
            + ", ".join(f"#{i + 1} {order[i]:.1f} ms" for i in worst)
            + "; garbage collections during them, generations 0/1/2: "
            + "/".join(str(n) for n in pauses["count"])
            + f" (longest {pauses['longest_ms']:.1f} ms)"
        )
    if slow:
        lines += ["Where the tail is (every search is in `scale.json`, in order):", ""]
        lines += [f"* {line}" for line in slow] + [""]
    for key, b in r["sizes"].items():
        after = b["search"].get("after_each_add")
        if after:
            plain = b["search"]["engine"]
            lines += [
                f"Each search right after one `add` (an agent writes a turn, then recalls; "
                f"the turn is deleted after the search), at {int(key):,}: p50 "
                f"{after['p50_ms']:.2f} ms, p95 {after['p95_ms']:.2f} ms, against "
                f"{plain['p50_ms']:.2f} / {plain['p95_ms']:.2f} ms without the writes.",
                "",
            ]
    if r.get("many_users"):
        from benchmarks.scale_users import users_markdown

        lines += users_markdown(r["many_users"])
    lines += ["## Ingestion", ""]
    a = r["add"]
    lines.append(
        md_table(
            [
                "path",
                "messages per add",
                "calls",
                "memories",
                "memories / s",
                "ms per memory",
                "p95 ms per call",
            ],
            [
                (
                    a["path"],
                    b["messages_per_add"],
                    b["calls"],
                    b["memories"],
                    b["memories_per_s"],
                    b["ms_per_memory"],
                    b["per_call"]["p95_ms"],
                )
                for b in a["batches"]
                if b["calls"]
            ],
            digits=1,
        )
    )
    lines += [
        "",
        f"The first {r.get('add_profile', {}).get('memories', 0):,} memories were added under "
        "cProfile and are not in the throughput figures.",
    ]
    if r.get("add_profile"):
        p = r["add_profile"]
        lines += [
            "",
            "### Where add time goes (cProfile)",
            "",
            f"{p['messages_per_add']} messages per add call.",
            "",
            profile_markdown(p, p["memories"], "memory", "memories"),
        ]
    if r.get("search_profile"):
        p = r["search_profile"]
        lines += [
            "",
            f"### Where search time goes at {p['n']:,} memories (cProfile)",
            "",
            profile_markdown(p, p["queries"], "query", "queries"),
        ]
    lines += [
        "",
        f"Stored texts without a precomputed vector: {r['document_misses']} (look-up misses "
        f"in all, including the engine's dimension probe: {r['embedder_misses']}).",
        "",
        "![scale](scale.png)",
    ]
    return "\n".join(lines)


def plot(payload: dict[str, Any], path: Path) -> Path:
    """Latency vs N (engine and scan), and bytes per memory."""
    plt = pyplot()
    r = payload["results"]
    ns = [int(k) for k in r["sizes"]]
    blocks = list(r["sizes"].values())
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    ax = axes[0]
    for who, style, color in (("engine", "o-", "tab:blue"), ("scan", "s--", "tab:red")):
        for pct in ("p50", "p95"):
            ax.plot(
                ns,
                [b["search"][who][f"{pct}_ms"] for b in blocks],
                style,
                color=color,
                alpha=1.0 if pct == "p95" else 0.45,
                label=f"{'LocalMemory.search' if who == 'engine' else 'NumPy scan'} {pct}",
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("memories (one user)")
    ax.set_ylabel("ms per query")
    ax.set_title("search latency vs store size")
    ax.legend(fontsize=8)
    ax = axes[1]
    x = np.arange(len(ns))
    ax.bar(x - 0.2, [b["disk_bytes_per_memory"] / 1024 for b in blocks], 0.4, label="disk")
    ax.bar(x + 0.2, [(b["rss_bytes_per_memory"] or 0) / 1024 for b in blocks], 0.4, label="RAM")
    ax.set_xticks(x, [f"{n:,}" for n in ns])
    ax.set_ylabel("KiB per memory")
    ax.set_title("footprint per memory")
    ax.legend(fontsize=8)
    rates = ", ".join(
        f"{b['memories_per_s']:.0f}/s with {b['messages_per_add']} per call"
        for b in r["add"]["batches"]
        if b["memories_per_s"]
    )
    fig.suptitle(f"Scale (dim {DIM}, random vectors); add throughput: {rates}")
    return save_figure(fig, path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.scale",
        description="Engine search latency vs a brute-force scan, add throughput, disk, RAM.",
    )
    ap.add_argument(
        "--sizes",
        type=lambda s: [int(x.replace("_", "").replace("k", "000")) for x in s.split(",")],
        default=list(DEFAULT_SIZES),
        help="store sizes to measure, e.g. 1000,10000,100000 or 1k,10k (default 1k,10k,100k)",
    )
    ap.add_argument("--queries", type=int, default=100, help="timed queries per size")
    ap.add_argument(
        "--add-sample",
        type=int,
        default=1_000,
        help="memories added with --messages-per-add per call; the rest use --fill-batch",
    )
    ap.add_argument("--messages-per-add", type=int, default=10, help="messages per add call")
    ap.add_argument(
        "--fill-batch", type=int, default=1_000, help="messages per add call beyond --add-sample"
    )
    ap.add_argument("--profile-adds", type=int, default=200, help="memories added under cProfile")
    ap.add_argument(
        "--profile-searches", type=int, default=20, help="queries profiled at the largest size"
    )
    ap.add_argument("--profile-top", type=int, default=15, help="rows per profile table")
    ap.add_argument(
        "--vector-store",
        choices=("chroma", "qdrant"),
        default="chroma",
        help="the engine's vector store (default chroma, the engine's default)",
    )
    ap.add_argument(
        "--users",
        type=int,
        default=1_000,
        help="many-users run: this many users in one data directory (0 skips it)",
    )
    ap.add_argument("--per-user", type=int, default=100, help="many-users run: memories per user")
    ap.add_argument("--vocab", type=int, default=5_000, help="pseudo-words in the vocabulary")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-dir", type=Path, default=RESULTS_DIR, help="where results go")
    args = ap.parse_args(argv)
    if min(args.sizes) < 1 or min(args.queries, args.messages_per_add, args.fill_batch) < 1:
        ap.error("sizes, --queries, --messages-per-add and --fill-batch must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    payload = run_header("scale", settings, argv)
    started = time.perf_counter()
    with make_progress() as progress:
        result = run(args, progress)
        if args.users > 0:
            from benchmarks.scale_users import run_many_users

            result["many_users"] = run_many_users(
                users=args.users,
                per_user=args.per_user,
                queries=args.queries,
                vocab=vocabulary(args.vocab, args.seed),
                seed=args.seed,
                vector_store=args.vector_store,
                progress=progress,
            )
    duration = time.perf_counter() - started
    payload["duration_s"] = duration
    payload["load_average_at_end"] = load_average()
    payload["results"] = result
    payload["targets"] = targets(result)
    out: Path = args.out_dir
    write_json(out / "scale.json", payload)
    write_text(out / "scale.md", markdown(payload, duration))
    plot(payload, out / "scale.png")
    for key, b in result["sizes"].items():
        s = b["search"]
        print(
            f"n={int(key):>7,}: engine p50 {s['engine']['p50_ms']:.2f} ms p95 "
            f"{s['engine']['p95_ms']:.2f} ms | scan p50 {s['scan']['p50_ms']:.2f} ms p95 "
            f"{s['scan']['p95_ms']:.2f} ms | disk {b['disk_bytes_per_memory']:.0f} B/mem"
        )
    for b in result["add"]["batches"]:
        if b["memories_per_s"]:
            print(f"add: {b['memories_per_s']:.1f} memories/s, {b['messages_per_add']} per call")
    if "many_users" in result:
        mu = result["many_users"]
        print(
            f"{mu['users']:,} users x {mu['per_user']}: search p95 first "
            f"{mu['first_search']['p95_ms']:.2f} ms, "
            f"repeated {mu['repeat_search']['p95_ms']:.2f} ms"
        )
    for t in payload["targets"]:
        verdict = "NO VERDICT" if t["pass"] is None else "PASS" if t["pass"] else "FAIL"
        print(f"{verdict}: {t['target']} ({t['measured']})")
    print(f"wrote {out / 'scale'}.json, .md, .png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
