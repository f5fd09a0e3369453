"""Search latency of this tree against an earlier commit, in alternating processes.

``python -m benchmarks.search_ab --base REF`` answers "how much faster is the
search path now than at REF?" on a machine whose speed moves from minute to
minute (on this project's shared 2-CPU machines the same search took 2.4 ms and
3.5 ms p50 half an hour apart, with nothing else running). One run measures
both sides the same way, one after the other, round after round:

* REF is checked out with ``git worktree`` into a temporary folder;
* the stores are built once, by this tree: the :mod:`benchmarks.scale` corpus
  (one user, ``--size`` synthetic memories, lookup embeddings, so no model is
  timed) and, when LoCoMo is found, two of its conversations through the plain
  API with the offline MiniLM (every query embedded before the timing starts);
* each round copies the stores and runs one child process per side, each
  importing its own side's ``langmem_local``; a child asks every query twice:
  the first pass finds new candidates (rows read from SQLite, texts stemmed),
  the second the same ones again.

The ratio head / base of each percentile is the figure to read; absolute
milliseconds move with the machine. Results:
``benchmarks/results/search_ab.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WORKLOADS = ("synthetic", "locomo")
PASSES = ("first", "again")
LOCOMO_USERS = ("conv-26", "conv-44")
"""One conversation of each half of the split (:mod:`benchmarks.locomo_split`)."""
LOCOMO_QUESTIONS = 150
"""Questions asked per conversation."""


# --------------------------------------------------------------------------- child


def child(code: Path, stores: Path, size: int, seed: int) -> dict[str, list[float]]:
    """Latencies of one side (runs in a process whose ``sys.path`` starts at ``code``)."""
    import langmem_local
    from langmem_local import LocalMemory, hybrid
    from langmem_local.config import LocalMemoryConfig

    if not Path(langmem_local.__file__).resolve().is_relative_to(code.resolve()):
        msg = f"imported {langmem_local.__file__}, not the tree under test {code}"
        raise RuntimeError(msg)
    out: dict[str, list[float]] = {}
    emb, _, queries, user = _synthetic(size, seed)
    memory = LocalMemory(embeddings=emb, config=LocalMemoryConfig(data_dir=stores / "synthetic"))
    _ask(memory, {user: queries}, out, "synthetic")
    memory.close()
    if (stores / "locomo.json").exists():
        from langmem_local.backends.embedded import MiniLMEmbeddings

        asked: dict[str, list[str]] = json.loads((stores / "locomo.json").read_text())
        emb = _Remembered(MiniLMEmbeddings())
        memory = LocalMemory(embeddings=emb, config=LocalMemoryConfig(data_dir=stores / "locomo"))
        for user, qs in asked.items():  # both embeddings of every query, before any timing
            speakers = memory._retrieval._db.speakers(user)
            for q in qs:
                emb.embed_query(q)
                emb.embed_query(hybrid.dense_query(q, speakers))
        _ask(memory, asked, out, "locomo")
        memory.close()
    return out


class _Remembered:
    """An embedder that computes each query once (the engine alone is timed)."""

    def __init__(self, inner: Any) -> None:
        self._inner, self._seen = inner, {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._seen:
            self._seen[text] = self._inner.embed_query(text)
        return self._seen[text]


def _synthetic(size: int, seed: int) -> tuple[Any, list[str], list[str], str]:
    """Lookup embeddings, the corpus, the queries and the user of the synthetic store."""
    from benchmarks import scale

    vocab = scale.vocabulary(5000, seed)
    corpus = scale.texts(size, vocab, seed=seed + 1, min_words=6, max_words=16)
    queries = scale.texts(200, vocab, seed=seed + 2, min_words=3, max_words=6)
    table = {t: i for i, t in enumerate(corpus)}
    queries = [q for q in queries if q not in table]
    matrix = scale.unit_vectors(size + len(queries), scale.DIM, seed + 3)
    table.update({q: size + i for i, q in enumerate(queries)})
    return scale.LookupEmbeddings(table, matrix), corpus, queries, scale.USER


def _ask(memory: Any, asked: dict[str, list[str]], out: dict[str, list[float]], name: str) -> None:
    for user, queries in asked.items():
        memory.search(queries[0], user_id=user, limit=10)  # loads the user: not timed
        for label in PASSES:
            sink = out.setdefault(f"{name}/{label}", [])
            for q in queries:
                start = time.perf_counter()
                memory.search(q, user_id=user, limit=10)
                sink.append(time.perf_counter() - start)


# --------------------------------------------------------------------------- parent


def build(stores: Path, size: int, seed: int, locomo: bool) -> list[str]:
    """The stores every round copies; returns the workloads built."""
    from benchmarks import scale
    from langmem_local import LocalMemory
    from langmem_local.config import LocalMemoryConfig

    emb, corpus, _, _ = _synthetic(size, seed)
    memory = LocalMemory(embeddings=emb, config=LocalMemoryConfig(data_dir=stores / "synthetic"))
    for start in range(0, size, 1000):
        scale._add_batch(memory, corpus[start : start + 1000])
    memory.close()
    if not locomo:
        return ["synthetic"]
    from benchmarks import locomo_split
    from benchmarks.common import BenchmarkError
    from benchmarks.locomo import Ledger
    from benchmarks.locomo_data import load_locomo
    from langmem_local.backends.embedded import MiniLMEmbeddings

    try:
        convs, _ = load_locomo()
    except (BenchmarkError, OSError):
        return ["synthetic"]  # no data set here: the synthetic store alone
    memory = LocalMemory(
        embeddings=MiniLMEmbeddings(), config=LocalMemoryConfig(data_dir=stores / "locomo")
    )
    asked = {}
    for conv in convs:
        if conv.conv_id in LOCOMO_USERS:
            locomo_split.ingest(memory, conv, Ledger(), input_mode="plain")
            asked[conv.conv_id] = [q.question for q in conv.questions[:LOCOMO_QUESTIONS]]
    memory.close()
    (stores / "locomo.json").write_text(json.dumps(asked))
    return ["synthetic", "locomo"]


def run(args: argparse.Namespace, progress: Any) -> dict[str, Any]:
    """Check out the base, build the stores, then alternate the two sides."""
    from benchmarks.common import REPO_ROOT, latency_summary

    with tempfile.TemporaryDirectory(prefix="langmem-ab-") as tmp:
        root = Path(tmp)
        base = root / "base"
        git = ["git", "-C", str(REPO_ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(base), args.base], check=True)
        try:
            built = build(root / "stores", args.size, args.seed, args.locomo)
            sides = {"base": base, "head": REPO_ROOT}
            times: dict[str, dict[str, list[float]]] = {s: {} for s in sides}
            task = progress.add_task("rounds", total=args.rounds)
            for _ in range(args.rounds):
                for side, code in sides.items():
                    for key, ts in _side(code, root, args).items():
                        times[side].setdefault(key, []).extend(ts)
                progress.advance(task, 1)
        finally:
            subprocess.run([*git, "remove", "--force", str(base)], check=False)
    summary = {side: {k: latency_summary(v) for k, v in t.items()} for side, t in times.items()}
    return {"base": args.base, "workloads": built, "summary": summary}


def _side(code: Path, root: Path, args: argparse.Namespace) -> dict[str, list[float]]:
    """One child process on a fresh copy of the stores."""
    stores = root / "run"
    shutil.rmtree(stores, ignore_errors=True)
    shutil.copytree(root / "stores", stores)
    env = {**os.environ, "PYTHONPATH": str(code), "MEM0_TELEMETRY": "False"}
    cmd = [sys.executable, __file__, "--child", str(code), str(stores)]
    cmd += ["--size", str(args.size), "--seed", str(args.seed)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"the {code} side failed:\n{done.stderr[-2000:]}"
        raise RuntimeError(msg)
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows(results: dict[str, Any]) -> list[tuple[str, float, float, float, float, float, float]]:
    """``(workload/pass, base p50, head p50, ratio, base p95, head p95, ratio)`` per measure."""
    base, head = results["summary"]["base"], results["summary"]["head"]
    out = []
    for key in base:
        b, h = base[key], head[key]
        out.append(
            (
                key,
                b["p50_ms"],
                h["p50_ms"],
                h["p50_ms"] / b["p50_ms"],
                b["p95_ms"],
                h["p95_ms"],
                h["p95_ms"] / b["p95_ms"],
            )
        )
    return out


def markdown(payload: dict[str, Any], duration_s: float) -> str:
    """The report: one row per workload and pass, head against base."""
    from benchmarks.common import md_table, provenance_markdown

    r = payload["results"]
    s = payload["settings"]
    return "\n".join(
        [
            "# Search, this tree against an earlier commit",
            "",
            provenance_markdown(payload, duration_s),
            "",
            f"Base: `{r['base']}`. {s['rounds']} rounds, each side in its own process on a "
            f"fresh copy of the same stores, alternating. Synthetic: one user, {s['size']:,} "
            "memories (the `benchmarks.scale` corpus, lookup embeddings). LoCoMo: "
            f"{', '.join(LOCOMO_USERS)} through the plain API, {LOCOMO_QUESTIONS} questions "
            "each, MiniLM embeddings computed before the timing. `first`: each query's first "
            "search; `again`: the same queries a second time. `limit=10`.",
            "",
            md_table(
                [
                    "workload / pass",
                    "base p50 ms",
                    "head p50 ms",
                    "head / base",
                    "base p95 ms",
                    "head p95 ms",
                    "head / base",
                ],  # fmt: skip
                rows(r),
                digits=2,
            ),
            "",
        ]
    )


def plot(payload: dict[str, Any], path: Path) -> Path:
    """Grouped bars: base and head p50 and p95 per workload and pass."""
    import numpy as np

    from benchmarks.common import pyplot, save_figure

    plt = pyplot()
    table = rows(payload["results"])
    x = np.arange(len(table))
    fig, ax = plt.subplots(figsize=(8, 4))
    for offset, col, label in ((-0.3, 1, "base p50"), (-0.1, 2, "head p50"),
                               (0.1, 4, "base p95"), (0.3, 5, "head p95")):  # fmt: skip
        ax.bar(x + offset, [row[col] for row in table], width=0.2, label=label)
    ax.set_xticks(x, [row[0] for row in table])
    ax.set_ylabel("ms per search")
    ax.set_title(f"Search latency: this tree vs {payload['results']['base']}")
    ax.legend(fontsize=8)
    return save_figure(fig, path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    from benchmarks.common import RESULTS_DIR

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD", help="git ref to compare against")
    ap.add_argument("--rounds", type=int, default=3, help="alternations of the two sides")
    ap.add_argument("--size", type=int, default=10_000, help="synthetic memories")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-locomo", dest="locomo", action="store_false", help="synthetic only")
    ap.add_argument("--out-dir", type=Path, default=RESULTS_DIR, help="where results go")
    ap.add_argument("--child", nargs=2, metavar=("CODE", "STORES"), help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison (or, with ``--child``, one side of it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.child:
        code, stores = (Path(p) for p in args.child)
        print(json.dumps(child(code, stores, args.size, args.seed)))
        return 0
    from benchmarks.common import run_and_write

    payload = run_and_write("search_ab", args, argv, run, markdown, plot)
    for row in rows(payload["results"]):
        print(f"{row[0]}: p50 {row[1]:.2f} -> {row[2]:.2f} ms ({row[3]:.2f}x), "
              f"p95 {row[4]:.2f} -> {row[5]:.2f} ms ({row[6]:.2f}x)")  # fmt: skip
    print(f"wrote {args.out_dir / 'search_ab'}.json, .md, .png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
