"""Write-path cost as the store grows: delete, add and update at 1k vs 10k memories.

``python -m benchmarks.storage`` fills one embedded data directory (real Chroma
and SQLite; precomputed unit vectors through ``LookupEmbeddings`` so the figures
are storage cost, not embedding time) to 1,000 memories, times deletes, adds and
updates, grows it to 10,000 and times them again, in one run.

Target (issue 8): delete p50 at 10k <= 1.5 x delete p50 at 1k. Before the
source-of-truth redesign every delete VACUUMed Chroma's SQLite file to scrub
memory text out of it (29-36 ms at 1k, 127-139 ms at 10k); now the index holds
no text and a delete is one transaction plus an index delete.

Writes ``benchmarks/results/storage.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
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
from benchmarks.scale import LookupEmbeddings, unit_vectors

RESULTS = REPO_ROOT / "benchmarks" / "results"
TARGET_RATIO = 1.5


def _fill(memory: Any, texts: list[str], start: int, stop: int) -> None:
    for lo in range(start, stop, 200):
        batch = [{"role": "user", "content": t} for t in texts[lo : min(stop, lo + 200)]]
        memory.add(batch, user_id="bench", infer=False)


def _time_ops(memory: Any, texts: list[str], probes: int, offset: int) -> dict[str, Any]:
    """Time ``probes`` each of add, update and delete on the current store (size restored)."""
    adds, updates, deletes = [], [], []
    ids = []
    for i in range(probes):
        text = texts[offset + i]
        t0 = time.perf_counter()
        ids.append(memory.add(text, user_id="bench", infer=False)["results"][0]["id"])
        adds.append(time.perf_counter() - t0)
    for i, memory_id in enumerate(ids):
        t0 = time.perf_counter()
        memory.update(memory_id, texts[offset + probes + i])
        updates.append(time.perf_counter() - t0)
    for memory_id in ids:
        t0 = time.perf_counter()
        memory.delete(memory_id)
        deletes.append(time.perf_counter() - t0)
    return {
        "add": latency_summary(adds),
        "update": latency_summary(updates),
        "delete": latency_summary(deletes),
    }


def run(sizes: list[int], probes: int) -> dict[str, Any]:
    """Fill to each size in turn and time the write operations there."""
    from langmem_local.memory import LocalMemory

    need = max(sizes) + 4 * probes * len(sizes) + 10
    texts = [f"memory number {i} about topic {i % 97}" for i in range(need)]
    emb = LookupEmbeddings({t: i for i, t in enumerate(texts)}, unit_vectors(need, 384, seed=7))
    data = Path(tempfile.mkdtemp(prefix="lm-storage-"))
    memory = LocalMemory(embeddings=emb, data_dir=data)
    results: dict[str, Any] = {}
    filled = 0
    spare = max(sizes)
    for size in sizes:
        _fill(memory, texts, filled, size)
        filled = size
        memory.delete(memory.add("warm up", user_id="bench", infer=False)["results"][0]["id"])
        results[str(size)] = _time_ops(memory, texts, probes, spare)
        spare += 2 * probes
    memory.close()
    return results


def report(payload: dict[str, Any]) -> str:
    """Markdown summary with the target line."""
    res = payload["results"]
    sizes = sorted(res, key=int)
    rows = [
        [
            f"{int(s):,}",
            *(res[s][op]["p50_ms"] for op in ("delete", "add", "update")),
            res[s]["delete"]["p95_ms"],
        ]
        for s in sizes
    ]
    ratio = res[sizes[-1]]["delete"]["p50_ms"] / res[sizes[0]]["delete"]["p50_ms"]
    met = "met" if ratio <= TARGET_RATIO else "NOT met"
    return (
        "# Storage: write cost as the store grows\n\n"
        "One embedded data directory (Chroma + SQLite), precomputed vectors.\n\n"
        + md_table(
            ["memories", "delete p50 ms", "add p50 ms", "update p50 ms", "delete p95 ms"], rows
        )
        + f"\n\nDelete p50 at {int(sizes[-1]):,} / at {int(sizes[0]):,}: **{ratio:.2f}x** "
        f"(target <= {TARGET_RATIO}x: {met}).\n\n"
        + provenance_markdown(payload["header"], payload["duration_s"])
    )


def plot(payload: dict[str, Any], path: Path) -> None:
    """Bar chart of p50 per operation and size."""
    plt = pyplot()
    res = payload["results"]
    sizes = sorted(res, key=int)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ops = ("delete", "add", "update")
    for j, size in enumerate(sizes):
        ax.bar(
            [i + 0.38 * j for i in range(len(ops))],
            [res[size][op]["p50_ms"] for op in ops],
            width=0.36,
            label=f"{int(size):,} memories",
        )
    ax.set_xticks([i + 0.19 for i in range(len(ops))], ops)
    ax.set_ylabel("p50 latency (ms)")
    ax.set_title("Write latency vs store size (embedded profile)")
    ax.legend()
    save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--probes", type=int, default=60)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    header = run_header("storage", vars(args), sys.argv if argv is None else argv)
    results = run(sorted(args.sizes), args.probes)
    payload = {"header": header, "results": results, "duration_s": time.perf_counter() - started}
    RESULTS.mkdir(parents=True, exist_ok=True)
    write_json(RESULTS / "storage.json", payload)
    write_text(RESULTS / "storage.md", report(payload))
    plot(payload, RESULTS / "storage.png")
    print(report(payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
