"""Keyword leg alone: FTS5 ranking vs the in-memory BM25 postings, same documents.

Run ``python -m benchmarks.keyword_speed`` (``--sizes 10000,100000``). One user's
synthetic memories (the Zipf texts of :mod:`benchmarks.scale`) go into a
:class:`langmem_local.keyword.KeywordIndex`; then the same queries are answered

* by FTS5 itself, ``bm25()`` over ``MATCH`` of the OR-ed query terms, as the engine
  searched before (with and without dropping terms found in more than 2,000
  documents, the pruning it used last);
* by ``KeywordIndex.search``: the in-memory postings, kept in step with SQLite
  through the change log (one indexed look-up per search).

The top-10 overlap of each FTS5 variant with the in-memory ranking is reported too
(with one user the collection statistics coincide, so the full ranking agrees up to
ties and the handful of words the two Porter stemmers treat differently).
Results: ``benchmarks/results/keyword_speed.{json,md}``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import (
    RESULTS_DIR,
    latency_summary,
    load_average,
    md_table,
    provenance_markdown,
    run_header,
    write_json,
    write_text,
)
from benchmarks.scale import texts, vocabulary
from langmem_local.keyword import KeywordIndex, match_expression

USER = "u"
COMMON_TERM_DOCS = 2000
"""The last FTS5 variant's pruning threshold."""


def _fts5(conn: sqlite3.Connection, query: str, limit: int, prune: bool) -> list[str]:
    """The engine's former FTS5 keyword search."""
    expr = match_expression(query)
    if not expr:
        return []
    if prune:
        terms = expr.split(" OR ")
        kept = [
            t
            for t in terms
            if conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM lm_keyword_fts WHERE lm_keyword_fts "
                "MATCH ? LIMIT ?)",
                (t, COMMON_TERM_DOCS + 1),
            ).fetchone()[0]
            <= COMMON_TERM_DOCS
        ]
        expr = " OR ".join(kept) if kept else expr
    rows = conn.execute(
        "SELECT d.memory_id, bm25(lm_keyword_fts, 1.0, 0.5) AS s FROM lm_keyword_fts "
        "JOIN lm_keyword_docs d ON d.rowid = lm_keyword_fts.rowid "
        "WHERE lm_keyword_fts MATCH ? AND d.user_id = ? ORDER BY s LIMIT ?",
        (expr, USER, limit),
    ).fetchall()
    return [r[0] for r in rows]


def measure(n: int, queries: Sequence[str], vocab: Sequence[str], seed: int) -> dict[str, Any]:
    """Index ``n`` memories and time every variant on ``queries``."""
    corpus = texts(n, vocab, seed=seed + 1, min_words=6, max_words=16)
    with tempfile.TemporaryDirectory(prefix="langmem-kw-") as tmp:
        conn = sqlite3.connect(str(Path(tmp) / "kw.db"), check_same_thread=False)
        index = KeywordIndex(conn)
        for start in range(0, n, 5000):
            index.upsert_many(
                [(f"m{i}", USER, corpus[i], "") for i in range(start, min(n, start + 5000))]
            )
        t0 = time.perf_counter()
        index.search(USER, "warm up", 10)
        build_s = time.perf_counter() - t0
        out: dict[str, Any] = {"n": n, "build_s": build_s}
        ours = {q: [m for m, _ in index.search(USER, q, 10)] for q in queries}
        variants = {
            "FTS5 bm25(), all terms": lambda q: _fts5(conn, q, 10, prune=False),
            f"FTS5 bm25(), terms in > {COMMON_TERM_DOCS:,} docs dropped": lambda q: _fts5(
                conn, q, 10, prune=True
            ),
            "in-memory postings (KeywordIndex.search)": lambda q: [
                m for m, _ in index.search(USER, q, 10)
            ],
        }
        for name, fn in variants.items():
            seconds, overlap = [], []
            for q in queries:
                t0 = time.perf_counter()
                got = fn(q)
                seconds.append(time.perf_counter() - t0)
                want = ours[q]
                overlap.append(len(set(got) & set(want)) / max(1, len(want)))
            out[name] = {
                **latency_summary(seconds),
                "top10_overlap_with_in_memory": sum(overlap) / len(overlap),
            }
        conn.close()
    return out


def markdown(payload: dict[str, Any], duration_s: float) -> str:
    """The Markdown report."""
    rows = []
    for block in payload["results"]["sizes"]:
        for name, s in block.items():
            if isinstance(s, dict):
                rows.append(
                    (
                        f"{block['n']:,}",
                        name,
                        s["p50_ms"],
                        s["p95_ms"],
                        s["max_ms"],
                        s["top10_overlap_with_in_memory"],
                    )
                )
    builds = ", ".join(
        f"{b['n']:,}: {b['build_s'] * 1000:.0f} ms" for b in payload["results"]["sizes"]
    )
    return "\n".join(
        [
            "# Keyword leg: FTS5 ranking vs in-memory BM25 postings",
            "",
            provenance_markdown(payload, duration_s),
            "",
            f"One user, synthetic Zipf texts (see `benchmarks/scale.py`), "
            f"{payload['settings']['queries']} queries of 3-6 words, top 10.",
            "",
            md_table(
                ["memories", "keyword search", "p50 ms", "p95 ms", "max ms", "top-10 overlap"],
                rows,
                digits=2,
            ),
            "",
            f"Building the in-memory index of the user from SQLite on the first search: {builds}.",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m benchmarks.keyword_speed", description=__doc__)
    ap.add_argument(
        "--sizes",
        type=lambda s: [int(x.replace("k", "000")) for x in s.split(",")],
        default=[10_000, 100_000],
    )
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-dir", type=Path, default=RESULTS_DIR)
    args = ap.parse_args(argv)
    payload = run_header(
        "keyword_speed", {"sizes": args.sizes, "queries": args.queries, "seed": args.seed}, argv
    )
    started = time.perf_counter()
    vocab = vocabulary(5_000, args.seed)
    queries = texts(args.queries, vocab, seed=args.seed + 2, min_words=3, max_words=6)
    sizes = [measure(n, queries, vocab, args.seed) for n in args.sizes]
    duration = time.perf_counter() - started
    payload["duration_s"] = duration
    payload["load_average_at_end"] = load_average()
    payload["results"] = {"sizes": sizes}
    write_json(args.out_dir / "keyword_speed.json", payload)
    write_text(args.out_dir / "keyword_speed.md", markdown(payload, duration))
    for b in sizes:
        for name, s in b.items():
            if isinstance(s, dict):
                print(f"n={b['n']:,} {name}: p50 {s['p50_ms']:.2f} ms p95 {s['p95_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
