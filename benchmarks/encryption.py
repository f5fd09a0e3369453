"""Cost of encryption at rest: add and search latency with and without SQLCipher.

``python -m benchmarks.encryption`` opens two engines on the embedded profile's
stores (real Chroma, SQLite with FTS5, the offline MiniLM embedder, no LLM:
``infer=False``), one plaintext and one with ``memory.db`` encrypted through
SQLCipher, and times the same ``add`` (one turn per call) and ``search`` calls
on both, interleaved round by round so that machine load hits both alike. The
target is a ratio measured in the same run: encrypted / plaintext p50.

Writes ``benchmarks/results/encryption.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from typing import Any

from benchmarks.common import (
    REPO_ROOT,
    latency_summary,
    md_table,
    provenance_markdown,
    pyplot,
    run_header,
    save_figure,
    write_json,
    write_text,
)

RESULTS = REPO_ROOT / "benchmarks" / "results"
WORK = REPO_ROOT / ".langmem-data" / "bench-encryption"
MODES = ("plaintext", "encrypted")
TOPICS = [
    "hiking",
    "photography",
    "tea",
    "Boston",
    "Denver",
    "peanuts",
    "camera",
    "sister",
    "Colorado",
    "piano",
    "marathon",
    "vegetarian",
    "bicycle",
    "garden",
    "Lisbon",
]
QUERIES = [
    "What does Sarah do outdoors?",
    "Where does she live?",
    "Any allergies?",
    "Which camera does she own?",
    "What does she drink?",
]


def _turn(i: int) -> str:
    a, b = TOPICS[i % len(TOPICS)], TOPICS[(i * 7 + 3) % len(TOPICS)]
    return f"Turn {i}: Sarah talked about {a} and mentioned {b} again on day {i % 31 + 1}."


def _open(mode: str) -> Any:
    from langmem_local.backends.embedded import MiniLMEmbeddings
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.encryption import ENV_KEY
    from langmem_local.memory import LocalMemory

    if mode == "encrypted":
        os.environ[ENV_KEY] = "benchmark passphrase"
    else:
        os.environ.pop(ENV_KEY, None)
    config = LocalMemoryConfig(data_dir=WORK / mode, encrypt=mode == "encrypted")
    memory = LocalMemory(embeddings=MiniLMEmbeddings(), config=config)
    os.environ.pop(ENV_KEY, None)  # read at open; the key is not needed afterwards
    return memory


def run(turns: int, searches: int, warmup: int) -> dict[str, Any]:
    """Time ``turns`` adds and ``searches`` searches per mode, interleaved."""
    shutil.rmtree(WORK, ignore_errors=True)
    engines = {mode: _open(mode) for mode in MODES}
    add_s: dict[str, list[float]] = {m: [] for m in MODES}
    search_s: dict[str, list[float]] = {m: [] for m in MODES}
    try:
        for memory in engines.values():  # warm caches (model session, Chroma, pages)
            for i in range(warmup):
                memory.add(_turn(10_000 + i), user_id="warmup", infer=False)
                memory.search(QUERIES[i % len(QUERIES)], user_id="warmup")
        for i in range(turns):
            order = MODES if i % 2 == 0 else MODES[::-1]
            for mode in order:
                started = time.perf_counter()
                engines[mode].add(_turn(i), user_id="sarah", infer=False)
                add_s[mode].append(time.perf_counter() - started)
        for i in range(searches):
            order = MODES if i % 2 == 0 else MODES[::-1]
            for mode in order:
                started = time.perf_counter()
                engines[mode].search(QUERIES[i % len(QUERIES)], user_id="sarah", limit=5)
                search_s[mode].append(time.perf_counter() - started)
        stored = {m: len(e.get_all(user_id="sarah")["results"]) for m, e in engines.items()}
    finally:
        for memory in engines.values():
            memory.close()
    out: dict[str, Any] = {"stored": stored}
    for mode in MODES:
        out[mode] = {"add": latency_summary(add_s[mode]), "search": latency_summary(search_s[mode])}
    out["ratio_p50"] = {
        op: out["encrypted"][op]["p50_ms"] / out["plaintext"][op]["p50_ms"]
        for op in ("add", "search")
    }
    out["ratio_p95"] = {
        op: out["encrypted"][op]["p95_ms"] / out["plaintext"][op]["p95_ms"]
        for op in ("add", "search")
    }
    shutil.rmtree(WORK, ignore_errors=True)
    return out


def _plot(result: dict[str, Any]) -> None:
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
    for ax, op in zip(axes, ("add", "search"), strict=True):
        xs = range(len(MODES))
        for offset, stat in ((-0.2, "p50_ms"), (0.2, "p95_ms")):
            ax.bar(
                [x + offset for x in xs],
                [result[m][op][stat] for m in MODES],
                width=0.4,
                label=stat.replace("_ms", ""),
            )
        ax.set_xticks(list(xs), MODES)
        ax.set_ylabel("ms")
        ax.set_title(f"{op} (encrypted/plain p50 = {result['ratio_p50'][op]:.2f}x)")
        ax.legend()
    save_figure(fig, RESULTS / "encryption.png")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write JSON, Markdown and PNG results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200, help="adds per mode")
    parser.add_argument("--searches", type=int, default=200, help="searches per mode")
    parser.add_argument("--warmup", type=int, default=5, help="untimed add+search per mode")
    args = parser.parse_args(argv)
    header = run_header("encryption", vars(args), argv if argv is not None else sys.argv[1:])
    started = time.perf_counter()
    result = run(args.turns, args.searches, args.warmup)
    duration = time.perf_counter() - started
    header["load_average_at_end"] = list(os.getloadavg())
    write_json(RESULTS / "encryption.json", {**header, "results": result})
    rows = [
        (
            mode,
            result[mode]["add"]["p50_ms"],
            result[mode]["add"]["p95_ms"],
            result[mode]["search"]["p50_ms"],
            result[mode]["search"]["p95_ms"],
        )
        for mode in MODES
    ]
    rows.append(
        (
            "encrypted / plaintext",
            result["ratio_p50"]["add"],
            result["ratio_p95"]["add"],
            result["ratio_p50"]["search"],
            result["ratio_p95"]["search"],
        )
    )
    md = "\n\n".join(
        [
            "# Encryption at rest: add and search latency",
            f"{args.turns} `add` calls (one turn each, `infer=False`) and {args.searches} "
            "`search` calls per mode on the embedded profile's stores (MiniLM, Chroma, SQLite + "
            "FTS5), interleaved between a plaintext and a SQLCipher-encrypted `memory.db` in "
            "the same run. Latencies in ms; the last row is the encrypted/plaintext ratio.",
            md_table(["mode", "add p50", "add p95", "search p50", "search p95"], rows, digits=2),
            "Only `memory.db` is encrypted (memories, versions, keyword index, graph, turns, "
            "audit log, Mem0's history); Chroma's files are not.",
            provenance_markdown(header, duration),
        ]
    )
    write_text(RESULTS / "encryption.md", md)
    _plot(result)
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
