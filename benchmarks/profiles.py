"""Add, search and delete latency of the embedded and the server profile, side by side.

Run ``python -m benchmarks.profiles`` (starts a throwaway PostgreSQL 16 +
pgvector with the ``pgserver`` wheel) or ``--database-url postgresql://...``
for a server of your own (a fresh schema is created and dropped).

Both profiles get the same data in the same run: ``--memories`` synthetic
texts of one user (plus ``--other`` of a second user) are loaded in batches,
then ``--ops`` single ``add(infer=False)`` calls, ``--ops`` ``search(limit=10)``
calls and ``--ops`` ``delete`` calls are timed one by one. Every vector is
precomputed (:class:`benchmarks.scale.LookupEmbeddings`), so the timings are
the engine and its stores; the real MiniLM query embedding is timed apart.

Two design questions are measured in the same run:

* **Mem0's pgvector provider vs the vector in the row.** Mem0's
  ``PGVector`` (its own table, its own commit) is timed for a single insert
  and a top-10 search over the same vectors; a memory written through it
  would pay that insert on top of the row's transaction and need an outbox.
* **A Redis cache on the server profile's hot path.** A ``SET``/``GET`` round
  trip of a serialised search result against Debian's ``redis-server`` is
  compared with the server profile's search latency and the embedding time.

Needs ``pip install -e ".[bench]"`` (matplotlib, pgserver, psycopg-pool for
Mem0's provider, the redis client) and, for the Redis figures, Debian's
``redis-server`` on ``PATH`` (skipped otherwise).
Results: ``benchmarks/results/profiles.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import (
    RESULTS_DIR,
    latency_summary,
    load_average,
    md_table,
    provenance_markdown,
    pyplot,
    run_header,
    save_figure,
    write_json,
    write_text,
)
from benchmarks.scale import LookupEmbeddings, texts, unit_vectors, vocabulary

OPS = ("add", "search", "delete")


@contextmanager
def server_dsn(url: str | None) -> Iterator[str]:
    """``url``, or a throwaway pgserver (PostgreSQL 16 + pgvector) for the run."""
    if url:
        yield url
        return
    import pgserver  # type: ignore[import-untyped]

    root = Path(tempfile.mkdtemp(prefix="langmem-bench-pg-"))
    server = pgserver.get_server(str(root), cleanup_mode="stop")
    try:
        yield server.get_uri("postgres")
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


def run_profile(
    profile: str, dsn: str, embeddings: LookupEmbeddings, corpus: list[str], args: Any
) -> dict[str, Any]:
    """Load the corpus into one profile, then time single adds, searches and deletes."""
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    workdir = Path(tempfile.mkdtemp(prefix=f"langmem-bench-{profile}-"))
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    cfg = LocalMemoryConfig(data_dir=workdir / "data", database_url=None)
    if profile == "server":
        cfg = cfg.model_copy(update={"database_url": dsn, "database_schema": schema})
    memory = LocalMemory(embeddings=embeddings, config=cfg)
    n, other = args.memories, args.other
    base, extra, queries = corpus[:n], corpus[n : n + other], corpus[n + other :]
    adds, probes = queries[: args.ops], queries[args.ops : 2 * args.ops]
    try:
        for start in range(0, len(base), 500):
            batch = [{"role": "user", "content": t} for t in base[start : start + 500]]
            memory.add(batch, user_id="bench", infer=False)
        if extra:
            memory.add([{"role": "user", "content": t} for t in extra], user_id="other",
                       infer=False)  # fmt: skip
        timings: dict[str, list[float]] = {op: [] for op in OPS}
        ids = []
        for text in adds:
            t0 = time.perf_counter()
            ids.append(memory.add(text, user_id="bench", infer=False)["results"][0]["id"])
            timings["add"].append(time.perf_counter() - t0)
        for text in probes:
            t0 = time.perf_counter()
            memory.search(text, user_id="bench", limit=10)
            timings["search"].append(time.perf_counter() - t0)
        for memory_id in ids:
            t0 = time.perf_counter()
            memory.delete(memory_id)
            timings["delete"].append(time.perf_counter() - t0)
        return {op: latency_summary(v) for op, v in timings.items()}
    finally:
        memory.close()
        if profile == "server":
            import psycopg

            with psycopg.connect(dsn, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        shutil.rmtree(workdir, ignore_errors=True)


def mem0_pgvector(dsn: str, matrix: Any, args: Any) -> dict[str, Any]:
    """Mem0's pgvector provider on the same vectors: single insert and top-10 search."""
    from mem0.vector_stores.pgvector import PGVector

    name = f"bench_mem0_{uuid.uuid4().hex[:8]}"
    store = PGVector(dbname="postgres", collection_name=name, embedding_model_dims=matrix.shape[1],
                     user=None, password=None, host=None, port=None, diskann=False, hnsw=True,
                     minconn=1, maxconn=2, connection_string=dsn)  # fmt: skip
    try:
        n = args.memories
        for start in range(0, n, 500):
            rows = matrix[start : min(n, start + 500)]
            store.insert(vectors=rows.tolist(), payloads=[{"user_id": "bench"}] * len(rows),
                         ids=[str(uuid.uuid4()) for _ in rows])  # fmt: skip
        inserts, searches = [], []
        for row in matrix[n : n + args.ops]:
            t0 = time.perf_counter()
            store.insert(vectors=[row.tolist()], payloads=[{"user_id": "bench"}],
                         ids=[str(uuid.uuid4())])  # fmt: skip
            inserts.append(time.perf_counter() - t0)
        for row in matrix[n + args.ops : n + 2 * args.ops]:
            t0 = time.perf_counter()
            store.search(query="", vectors=row.tolist(), top_k=10, filters={"user_id": "bench"})
            searches.append(time.perf_counter() - t0)
        return {"insert": latency_summary(inserts), "search": latency_summary(searches)}
    finally:
        store.delete_col()
        store.connection_pool.close()


def redis_round_trip(args: Any) -> dict[str, Any] | None:
    """SET + GET of a 10-hit search result (JSON) against a local redis-server."""
    exe = shutil.which("redis-server")
    if exe is None:
        return None
    import redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = Path(tempfile.mkdtemp(prefix="langmem-bench-redis-"))
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        hit = {"id": str(uuid.uuid4()), "memory": "x" * 120, "metadata": {}, "score": 0.5,
               "score_breakdown": {k: 0.1 for k in "abcdefghij"}}  # fmt: skip
        payload = json.dumps({"results": [hit] * 10, "relations": []})
        sets, gets = [], []
        for i in range(args.ops):
            t0 = time.perf_counter()
            client.set(f"search:bench:{i}", payload)
            sets.append(time.perf_counter() - t0)
        for i in range(args.ops):
            t0 = time.perf_counter()
            json.loads(client.get(f"search:bench:{i}") or b"{}")
            gets.append(time.perf_counter() - t0)
        return {"set": latency_summary(sets), "get": latency_summary(gets),
                "payload_bytes": len(payload)}  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def embed_latency(queries: list[str]) -> dict[str, float]:
    """The real MiniLM query embedding, for scale (not part of the timings above)."""
    from langmem_local.backends.embedded import MiniLMEmbeddings

    emb = MiniLMEmbeddings()
    emb.embed_query("warm up")
    spent = []
    for q in queries:
        t0 = time.perf_counter()
        emb.embed_query(q)
        spent.append(time.perf_counter() - t0)
    return latency_summary(spent)


def report(payload: dict[str, Any], duration: float) -> str:
    """The Markdown summary."""
    r = payload["results"]
    rows = [
        (op, r["embedded"][op]["p50_ms"], r["server"][op]["p50_ms"],
         r["server"][op]["p50_ms"] / r["embedded"][op]["p50_ms"],
         r["embedded"][op]["p95_ms"], r["server"][op]["p95_ms"])
        for op in OPS
    ]  # fmt: skip
    s = payload["settings"]
    out = [
        "# Storage profiles: embedded (SQLite + Chroma) vs server (PostgreSQL + pgvector)",
        "",
        f"One user with {s['memories']} memories (+ {s['other']} of another user); "
        f"{s['ops']} timed calls per operation; vectors precomputed (embedding excluded).",
        "",
        md_table(
            [
                "operation",
                "embedded p50 ms",
                "server p50 ms",
                "server / embedded",
                "embedded p95 ms",
                "server p95 ms",
            ],
            rows,
            digits=2,
        ),
        "",
        f"MiniLM query embedding (not included above): p50 {r['embed']['p50_ms']:.2f} ms.",
    ]
    m0 = r.get("mem0_pgvector")
    if m0:
        out += [
            "",
            "## Mem0's pgvector provider vs the vector in the memory row",
            "",
            md_table(
                ["call", "p50 ms", "p95 ms"],
                [
                    (
                        "Mem0 PGVector.insert (1 vector)",
                        m0["insert"]["p50_ms"],
                        m0["insert"]["p95_ms"],
                    ),
                    (
                        "Mem0 PGVector.search (top 10)",
                        m0["search"]["p50_ms"],
                        m0["search"]["p95_ms"],
                    ),
                    (
                        "server profile add (whole write)",
                        r["server"]["add"]["p50_ms"],
                        r["server"]["add"]["p95_ms"],
                    ),
                    (
                        "server profile search (whole search)",
                        r["server"]["search"]["p50_ms"],
                        r["server"]["search"]["p95_ms"],
                    ),
                ],
                digits=2,
            ),
        ]
    rd = r.get("redis")
    if rd:
        out += [
            "",
            "## Redis as a search-result cache on the server profile",
            "",
            md_table(
                ["call", "p50 ms", "p95 ms"],
                [
                    (
                        f"redis SET ({rd['payload_bytes']} B result)",
                        rd["set"]["p50_ms"],
                        rd["set"]["p95_ms"],
                    ),
                    ("redis GET + decode", rd["get"]["p50_ms"], rd["get"]["p95_ms"]),
                    (
                        "server profile search",
                        r["server"]["search"]["p50_ms"],
                        r["server"]["search"]["p95_ms"],
                    ),
                    ("MiniLM query embedding", r["embed"]["p50_ms"], r["embed"]["p95_ms"]),
                ],
                digits=2,
            ),
        ]
    out += ["", provenance_markdown(payload, duration), ""]
    return "\n".join(out)


def plot(payload: dict[str, Any], path: Path) -> None:
    """Grouped bars: p50 (solid) and p95 (light) per operation and profile."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    r = payload["results"]
    for k, (profile, colour) in enumerate((("embedded", "#4c72b0"), ("server", "#dd8452"))):
        xs = [i + (k - 0.5) * 0.38 for i in range(len(OPS))]
        ax.bar(xs, [r[profile][op]["p95_ms"] for op in OPS], 0.36, color=colour, alpha=0.35)
        ax.bar(xs, [r[profile][op]["p50_ms"] for op in OPS], 0.36, color=colour,
               label=f"{profile} (p50 solid, p95 light)")  # fmt: skip
    ax.set_xticks(range(len(OPS)), OPS)
    ax.set_ylabel("ms per call")
    ax.set_title(f"Profiles at {payload['settings']['memories']} memories (embedding excluded)")
    ax.legend()
    save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write ``benchmarks/results/profiles.*``."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memories", type=int, default=2000)
    parser.add_argument("--other", type=int, default=2000, help="memories of a second user")
    parser.add_argument("--ops", type=int, default=100, help="timed calls per operation")
    parser.add_argument("--database-url", default=None, help="default: a throwaway pgserver")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    started = time.time()
    header = run_header("profiles", {k: v for k, v in vars(args).items()
                                     if k not in ("out", "database_url")}, argv)  # fmt: skip
    total = args.memories + args.other + 2 * args.ops
    vocab = vocabulary(5000, 0)
    corpus = texts(total, vocab, seed=1, min_words=6, max_words=16)
    matrix = unit_vectors(total, 384, 7)
    results: dict[str, Any] = {}
    with server_dsn(args.database_url) as dsn:
        for profile in ("embedded", "server"):
            embeddings = LookupEmbeddings({t: i for i, t in enumerate(corpus)}, matrix)
            results[profile] = run_profile(profile, dsn, embeddings, corpus, args)
        try:
            results["mem0_pgvector"] = mem0_pgvector(dsn, matrix, args)
        except ImportError as exc:  # psycopg-pool: pip install -e ".[bench]"
            print(f"skipped Mem0 pgvector comparison: {exc}", file=sys.stderr)
    try:
        results["redis"] = redis_round_trip(args)
    except ImportError as exc:  # the redis client: pip install -e ".[bench]"
        print(f"skipped Redis measurement: {exc}", file=sys.stderr)
    results["embed"] = embed_latency(corpus[: min(50, total)])
    payload = {**header, "results": results, "load_average_at_end": load_average()}
    args.out.mkdir(parents=True, exist_ok=True)
    duration = time.time() - started
    write_json(args.out / "profiles.json", payload)
    write_text(args.out / "profiles.md", report(payload, duration))
    plot(payload, args.out / "profiles.png")
    print(report(payload, duration))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
