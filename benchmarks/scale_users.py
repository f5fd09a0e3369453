"""Many users in one data directory: the latency of one user's search.

Part of ``python -m benchmarks.scale`` (``--users 1000 --per-user 100``; ``--users 0``
skips it). Every user gets ``per_user`` synthetic memories (the texts and random
vectors of :mod:`benchmarks.scale`), added through ``LocalMemory.add(infer=False)``
with all of one user's messages in one call. Then ``queries`` searches, each by a
different randomly chosen user, are timed twice:

* *first search of the user in this process*: the user's in-memory keyword
  index is built from SQLite inside the timed call;
* *repeat*: the same query again, everything warm.

Beside them, the NumPy scan of that user's own vectors (the exact-search floor
for one user's memories), and of all memories of all users.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import dir_bytes, latency_summary

__all__ = ["run_many_users"]


def run_many_users(
    *,
    users: int,
    per_user: int,
    queries: int,
    vocab: list[str],
    seed: int,
    vector_store: str,
    progress: Any,
) -> dict[str, Any]:
    """Fill ``users`` x ``per_user`` memories and time one user's search.

    Returns:
        ``{"users", "per_user", "first_search", "repeat_search", "scan_user",
        "scan_all", "disk_bytes_per_memory", "add_s"}`` (latency summaries in ms).
    """
    from benchmarks import scale
    from langmem_local import LocalMemory
    from langmem_local.config import LocalMemoryConfig

    n = users * per_user
    corpus = scale.texts(n, vocab, seed=seed + 11, min_words=6, max_words=16)
    qtexts = scale.texts(queries, vocab, seed=seed + 12, min_words=3, max_words=6)
    table = {t: i for i, t in enumerate(corpus)}
    qtexts = [q for q in qtexts if q not in table]
    matrix = scale.unit_vectors(n + len(qtexts), scale.DIM, seed + 13)
    table.update({q: n + i for i, q in enumerate(qtexts)})
    emb = scale.LookupEmbeddings(table, matrix)
    rng = np.random.default_rng(seed + 14)
    picked = rng.choice(users, size=len(qtexts), replace=len(qtexts) > users)
    first: list[float] = []
    repeat: list[float] = []
    scan_user: list[float] = []
    scan_all: list[float] = []
    with tempfile.TemporaryDirectory(prefix="langmem-users-") as tmp:
        memory = LocalMemory(
            embeddings=emb,
            data_dir=Path(tmp),
            config=LocalMemoryConfig(vector_store=vector_store),
        )
        try:
            task = progress.add_task(f"ingest {users:,} users x {per_user}", total=n)
            start = time.perf_counter()
            for u in range(users):
                batch = corpus[u * per_user : (u + 1) * per_user]
                memory.add(
                    [{"role": "user", "content": t} for t in batch],
                    user_id=f"user-{u}",
                    infer=False,
                )
                progress.advance(task, len(batch))
            add_s = time.perf_counter() - start
            all_vectors = matrix[:n]
            memory.search("warm up", user_id="__warmup__", limit=1)
            s_task = progress.add_task("search, one user each", total=len(qtexts))
            for u, q in zip(picked, qtexts, strict=True):
                uid = f"user-{int(u)}"
                for bucket in (first, repeat):
                    t0 = time.perf_counter()
                    memory.search(q, user_id=uid, limit=scale.TOP_K)
                    bucket.append(time.perf_counter() - t0)
                progress.advance(s_task, 1)
            # The scans after every search, not between them: a scan's BLAS
            # threads spin for a while after it, on a CPU the next search lacks.
            for u, q in zip(picked, qtexts, strict=True):
                qv = matrix[table[q]]
                own = all_vectors[int(u) * per_user : (int(u) + 1) * per_user]
                t0 = time.perf_counter()
                scale.brute_force_top_k(own, qv)
                scan_user.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                scale.brute_force_top_k(all_vectors, qv)
                scan_all.append(time.perf_counter() - t0)
            disk = dir_bytes(Path(tmp))
        finally:
            memory.close()
    return {
        "users": users,
        "per_user": per_user,
        "queries": len(qtexts),
        "first_search": latency_summary(first),
        "repeat_search": latency_summary(repeat),
        "scan_user": latency_summary(scan_user),
        "scan_all": latency_summary(scan_all),
        "disk_bytes_per_memory": disk / n,
        "add_s": add_s,
    }


def users_markdown(block: dict[str, Any]) -> list[str]:
    """The many-users section of ``scale.md``."""
    from benchmarks.common import md_table

    rows = [
        ("LocalMemory.search, first search of the user", block["first_search"]),
        ("LocalMemory.search, repeated", block["repeat_search"]),
        (f"NumPy scan of the user's {block['per_user']} vectors", block["scan_user"]),
        (f"NumPy scan of all {block['users'] * block['per_user']:,} vectors", block["scan_all"]),
    ]
    return [
        f"## Many users: {block['users']:,} users x {block['per_user']} memories",
        "",
        f"{block['queries']} searches, each by a different random user, `limit=10`; the first "
        "search of a user builds its in-memory keyword index and loads its vectors from "
        f"SQLite inside the timed call. Ingest: {block['add_s']:.0f} s (one `add` of "
        f"{block['per_user']} messages per user); disk "
        f"{block['disk_bytes_per_memory']:,.0f} bytes per memory.",
        "",
        md_table(
            ["operation", "p50 ms", "p95 ms", "mean ms"],
            [(name, s["p50_ms"], s["p95_ms"], s["mean_ms"]) for name, s in rows],
            digits=2,
        ),
        "",
    ]
