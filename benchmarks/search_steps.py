"""Where one search's time goes, step by step, and what each speed-up is worth.

``python -m benchmarks.search_steps`` builds one user's store as
:mod:`benchmarks.scale` does (same synthetic texts and lookup embeddings, so
no model is timed), then in one process, over that same store:

* times every step of :meth:`langmem_local.retrieval.Retrieval.search` in
  wall-clock time (each step's function wrapped with a timer; cProfile's
  per-call overhead distorts steps made of many small calls);
* runs the search in alternating rounds under variants that each undo one
  speed-up (the row cache, the single-threaded dense product, the int8
  pre-scan of the dense leg) or turn the reranker off, next to the exact
  NumPy scan of the same vectors. Alternating rounds in one process keeps
  machine noise, which moves absolute figures by 30 % from run to run here,
  out of the comparison.

Results: ``benchmarks/results/search_steps.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import scale
from benchmarks.common import (
    RESULTS_DIR,
    latency_summary,
    md_table,
    provenance_markdown,
    pyplot,
    run_and_write,
    save_figure,
    settle_blas,
)

# (label, owner attribute path, function name): the steps timed, outermost last.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("dense leg (vector index)", "index", "start_search"),
    ("keyword leg (BM25)", "keyword", "search"),
    ("query IDF", "keyword", "idf"),
    ("fusion (hybrid.retrieve)", "hybrid", "retrieve"),
    ("rows and cosines of the reranked pool", "rerank_vectors", "rows_and_cosines"),
    ("reranker (features and model)", "rerank", "rerank"),
    ("graph look-ups", "graph", "memory_ids_for"),
    ("graph relations", "graph", "search"),
)
OUTER = (("rerank_inputs", "retrieval", "rerank_inputs"), ("retrieve", "retrieval", "retrieve"))


@contextmanager
def _timers(owners: dict[str, Any], sink: dict[str, list[float]]) -> Iterator[None]:
    """Wrap each step's function with a wall-clock timer; unwrap on exit."""
    undo: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, label: str) -> None:
        fn = getattr(owner, name)

        def finisher(finish: Callable[[], Any]) -> Callable[[], Any]:
            # start_search returns the function that waits for the index query
            # (on a helper thread meanwhile): its wait belongs to the same step.
            def timed_finish() -> Any:
                start = time.perf_counter()
                try:
                    return finish()
                finally:
                    sink[label][-1] += time.perf_counter() - start

            return timed_finish

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                out = fn(*args, **kwargs)
                return finisher(out) if name.startswith("start_") else out
            finally:
                sink.setdefault(label, []).append(time.perf_counter() - start)

        undo.append((owner, name, owner.__dict__.get(name)))
        setattr(owner, name, timed)

    for label, owner, name in (*STEPS, *OUTER):
        wrap(owners[owner], name, label)
    try:
        yield
    finally:
        for owner, name, before in reversed(undo):
            if before is None:
                delattr(owner, name)  # an instance attribute hid the class's method
            else:
                setattr(owner, name, before)


def build(
    args: argparse.Namespace, progress: Any, data_dir: Path
) -> tuple[Any, list[str], np.ndarray]:
    """One user's store of ``args.size`` memories, as :func:`benchmarks.scale.run` builds it."""
    from langmem_local import LocalMemory
    from langmem_local.config import LocalMemoryConfig

    vocab = scale.vocabulary(args.vocab, args.seed)
    corpus = scale.texts(args.size, vocab, seed=args.seed + 1, min_words=6, max_words=16)
    queries = scale.texts(args.queries, vocab, seed=args.seed + 2, min_words=3, max_words=6)
    table = {t: i for i, t in enumerate(corpus)}
    queries = [q for q in queries if q not in table]
    matrix = scale.unit_vectors(args.size + len(queries), scale.DIM, args.seed + 3)
    table.update({q: args.size + i for i, q in enumerate(queries)})
    emb = scale.LookupEmbeddings(table, matrix)
    memory = LocalMemory(embeddings=emb, data_dir=data_dir, config=LocalMemoryConfig())
    task = progress.add_task("ingest", total=args.size)
    for start in range(0, args.size, 1000):
        scale._add_batch(memory, corpus[start : start + 1000])
        progress.advance(task, min(1000, args.size - start))
    return memory, queries, emb.stored_matrix(args.size)


def _variants(memory: Any) -> dict[str, Callable[[], Callable[[], None]]]:
    """Each variant's switch: applying it returns the function that undoes it."""
    from langmem_local import bm25, dense
    from langmem_local.row_cache import StoreRows

    retrieval = memory._retrieval

    def default() -> Callable[[], None]:
        return lambda: None

    def no_row_cache() -> Callable[[], None]:
        cache, retrieval._rows = retrieval._rows, StoreRows(retrieval._db)
        return lambda: setattr(retrieval, "_rows", cache)

    def einsum() -> Callable[[], None]:
        vecdot, dense._VECDOT = dense._VECDOT, None
        return lambda: setattr(dense, "_VECDOT", vecdot)

    def no_prescan() -> Callable[[], None]:
        int8_dot, dense._INT8_DOT = dense._INT8_DOT, None
        return lambda: setattr(dense, "_INT8_DOT", int8_dot)

    def rerank_off() -> Callable[[], None]:
        memory.config.ranking.rerank = False
        return lambda: setattr(memory.config.ranking, "rerank", True)

    def no_slot_arrays() -> Callable[[], None]:
        def use(share: int) -> None:
            bm25.DENSE_SHARE = share
            for index in retrieval._keyword._users.values():
                index._cache.clear()  # cached postings were built with the other setting

        share = bm25.DENSE_SHARE
        use(0)
        return lambda: use(share)

    def flush_at_once() -> Callable[[], None]:
        access = memory._access

        def pause(quiet_s: float, max_wait_s: float) -> None:
            access._quiet_s, access._max_wait_s = quiet_s, max_wait_s

        before = access._quiet_s, access._max_wait_s
        pause(0.0, 0.0)
        return lambda: pause(*before)

    return {
        "default": default,
        "rows from SQLite (no row cache)": no_row_cache,
        "dense product by einsum (no vecdot)": einsum,
        "dense by full float32 product (no int8 pre-scan)": no_prescan,
        "BM25 common terms by binary search (no arrays by slot)": no_slot_arrays,
        "access statistics flushed without waiting for a pause": flush_at_once,
        "reranker off": rerank_off,
    }


def run(args: argparse.Namespace, progress: Any) -> dict[str, Any]:
    """Build the store in a temporary directory, then :func:`measure`."""
    with tempfile.TemporaryDirectory(prefix="langmem-steps-") as tmp:
        memory, queries, matrix = build(args, progress, Path(tmp))
        try:
            return measure(memory, queries, matrix, args, progress)
        finally:
            memory.close()


def measure(
    memory: Any, queries: list[str], matrix: np.ndarray, args: argparse.Namespace, progress: Any
) -> dict[str, Any]:
    """Time the steps, then the variants in alternating rounds, next to the scan."""
    from langmem_local import hybrid, rerank, rerank_vectors

    user = scale.USER
    retrieval = memory._retrieval
    for q in queries[:10]:  # warm: keyword index built, vectors and rows in memory
        memory.search(q, user_id=user, limit=scale.TOP_K)
    owners = {
        "index": retrieval._index(),
        "keyword": retrieval._keyword,
        "hybrid": hybrid,
        "rerank_vectors": rerank_vectors,
        "rerank": rerank,
        "graph": retrieval._graph,
        "retrieval": retrieval,
    }
    steps: dict[str, list[float]] = {}
    totals: list[float] = []
    with _timers(owners, steps):
        for _ in range(args.rounds):
            for q in queries:
                start = time.perf_counter()
                memory.search(q, user_id=user, limit=scale.TOP_K)
                totals.append(time.perf_counter() - start)
    n = len(totals)
    ms = {label: sum(v) / n * 1e3 for label, v in steps.items()}
    total = sum(totals) / n * 1e3
    # Each row once, so they add up to the whole search: the steps inside
    # rerank_inputs, its rest, the reranker, retrieve's rest, the graph, the rest.
    inside = [s[0] for s in STEPS[:5]]
    rows = [(label, ms.get(label, 0.0)) for label in inside]
    rows.append(
        (
            "candidates, speakers, the rest of rerank_inputs",
            ms["rerank_inputs"] - sum(ms.get(label, 0.0) for label in inside),
        )
    )
    reranker = ms.get("reranker (features and model)", 0.0)
    rows.append(("reranker (features and model)", reranker))
    rows.append(("the rest of retrieve", ms["retrieve"] - ms["rerank_inputs"] - reranker))
    graph = [s[0] for s in STEPS[6:]]
    rows += [(label, ms.get(label, 0.0)) for label in graph]
    rows.append(
        (
            "ranking, filters, formatting, the rest of search",
            total - ms["retrieve"] - sum(ms.get(label, 0.0) for label in graph),
        )
    )
    variants = _variants(memory)
    timings: dict[str, list[float]] = {name: [] for name in variants}
    scan: list[float] = []
    task = progress.add_task("variants", total=args.rounds)
    for _ in range(args.rounds):
        for name, switch in variants.items():
            undo = switch()
            try:
                for q in queries[:5]:
                    memory.search(q, user_id=user, limit=scale.TOP_K)
                for q in queries:
                    start = time.perf_counter()
                    memory.search(q, user_id=user, limit=scale.TOP_K)
                    timings[name].append(time.perf_counter() - start)
            finally:
                undo()
        for v in scale.unit_vectors(len(queries), scale.DIM, args.seed + 99):
            start = time.perf_counter()
            scale.brute_force_top_k(matrix, v)
            scan.append(time.perf_counter() - start)
        settle_blas()  # before the next round's first variant
        progress.advance(task, 1)
    return {
        "size": args.size,
        "searches": n,
        "search_mean_ms": total,
        "steps_ms_per_search": dict(rows),
        "variants": {name: latency_summary(ts) for name, ts in timings.items()},
        "scan": latency_summary(scan),
    }


def markdown(payload: dict[str, Any], duration_s: float) -> str:
    """The report: steps, then variants next to the scan."""
    r = payload["results"]
    total = r["search_mean_ms"]
    step_rows = [
        (label, ms, 100.0 * ms / total if total else 0.0)
        for label, ms in r["steps_ms_per_search"].items()
    ]
    scan = r["scan"]
    variant_rows = [
        (name, s["p50_ms"], s["p95_ms"], s["p95_ms"] / scan["p95_ms"])
        for name, s in r["variants"].items()
    ]
    exact = "exact NumPy scan (`matrix @ query` + top-10)"
    variant_rows.append((exact, scan["p50_ms"], scan["p95_ms"], 1.0))
    return "\n".join(
        [
            "# Search, step by step",
            "",
            provenance_markdown(payload, duration_s),
            "",
            f"One user, {r['size']:,} memories (the `benchmarks.scale` corpus and lookup "
            f"embeddings); {r['searches']:,} timed searches, `limit=10`.",
            "",
            f"## Where a search's time goes (mean {total:.2f} ms)",
            "",
            "Each step's function timed in wall-clock time around its calls.",
            "",
            md_table(["step", "ms per search", "% of search"], step_rows, digits=3),
            "",
            "## Variants in alternating rounds over the same store",
            "",
            "Each undoes one speed-up of issue 12 (or turns the reranker off); p95 / scan p95 is "
            "the figure the issue's target (<= 2 at 10k) is about.",
            "",
            md_table(["variant", "p50 ms", "p95 ms", "p95 / scan p95"], variant_rows, digits=3),
            "",
        ]
    )


def plot(payload: dict[str, Any], path: Path) -> Path:
    """Bar chart of the step means."""
    plt = pyplot()
    steps = payload["results"]["steps_ms_per_search"]
    fig, ax = plt.subplots(figsize=(8, 4))
    labels = list(steps)
    ax.barh(labels[::-1], [steps[k] for k in labels][::-1], color="#4c72b0")
    ax.set_xlabel("ms per search")
    ax.set_title(f"Search at {payload['results']['size']:,} memories, by step")
    return save_figure(fig, path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000, help="memories of the one user")
    ap.add_argument("--queries", type=int, default=100, help="queries per round")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of every variant")
    ap.add_argument("--vocab", type=int, default=5000, help="pseudo-vocabulary size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-dir", type=Path, default=RESULTS_DIR, help="where results go")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    payload = run_and_write("search_steps", args, argv, run, markdown, plot)
    for name, s in payload["results"]["variants"].items():
        print(f"{name}: p50 {s['p50_ms']:.2f} ms p95 {s['p95_ms']:.2f} ms")
    s = payload["results"]["scan"]
    print(f"scan: p50 {s['p50_ms']:.2f} ms p95 {s['p95_ms']:.2f} ms")
    print(f"wrote {args.out_dir / 'search_steps'}.json, .md, .png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
