"""Reply latency of the memory graph: extraction in the foreground vs the background.

``python -m benchmarks.graph_latency`` runs the same short conversation through
``graphs.graph.build_graph`` twice on the embedded backend (llama.cpp SmolLM2 +
MiniLM, real Chroma and SQLite): once with ``extract_and_update`` inline, once
with ``background_extraction=True``. It reports the user-visible reply latency
(``graph.invoke`` wall time) of each mode and, for the background mode, how long
the queued extractions took to land (``flush_background``), and checks that
both modes stored the same number of turns.

Writes ``benchmarks/results/graph_latency.{json,md}``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from typing import Any

from benchmarks.common import (
    REPO_ROOT,
    latency_summary,
    md_table,
    provenance_markdown,
    run_header,
    write_json,
    write_text,
)

RESULTS = REPO_ROOT / "benchmarks" / "results"

TURNS = [
    "Hi, I'm Sarah. I love hiking on mountain trails.",
    "I'm also really into landscape photography.",
    "I'm planning a trip to Colorado next month.",
    "My sister Anna lives in Denver.",
    "I'm allergic to peanuts, by the way.",
    "I just bought a new camera, a Fujifilm X-T5.",
]


def run_mode(background: bool, *, reply_tokens: int, think_s: float) -> dict[str, Any]:
    """One pass of the conversation; returns latencies and what was stored."""
    from langgraph.checkpoint.memory import InMemorySaver

    from graphs.context import Context
    from graphs.graph import build_graph, flush_background
    from langmem_local.backends.embedded import LlamaCppChatModel
    from langmem_local.memory import LocalMemory

    memory = LocalMemory(backend="embedded", data_dir=tempfile.mkdtemp(prefix="lm-graph-"))
    chat = LlamaCppChatModel(max_tokens=reply_tokens)
    graph = build_graph(
        memory, chat, checkpointer=InMemorySaver(), background_extraction=background
    )
    config = {"configurable": {"thread_id": "bench"}}
    # Warm-up: load both models outside the timings.
    memory.search("warm up", user_id="warmup")
    chat.invoke("hi")
    replies: list[float] = []
    start_all = time.perf_counter()
    for i, text in enumerate(TURNS):
        if i:
            # The user reads and types; background extraction uses this gap
            # (one in-process model serves replies and extraction in turn).
            time.sleep(think_s)
        start = time.perf_counter()
        graph.invoke(
            {"messages": [{"role": "user", "content": text}]},
            config=config,
            context=Context(user_id="sarah"),
        )
        replies.append(time.perf_counter() - start)
    conversation_s = time.perf_counter() - start_all
    flush_start = time.perf_counter()
    if background:
        flush_background(timeout=600)
    flush_s = time.perf_counter() - flush_start
    pending = memory.pending()  # turns whose extraction failed, kept for retry
    stored = len(memory.get_all(user_id="sarah")["results"])
    memory.close()
    return {
        "mode": "background" if background else "foreground",
        "reply_latency": latency_summary(replies),
        "conversation_s": conversation_s,
        "flush_after_s": flush_s,
        "memories_stored": stored,
        "turns_pending": len(pending),
    }


def main(argv: list[str] | None = None) -> int:
    """Run both modes and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reply-tokens", type=int, default=32, help="max tokens per reply")
    parser.add_argument("--think-s", type=float, default=3.0, help="user pause between turns")
    args = parser.parse_args(argv)
    header = run_header("graph_latency", vars(args), argv if argv is not None else sys.argv[1:])
    started = time.perf_counter()
    modes = [
        run_mode(background, reply_tokens=args.reply_tokens, think_s=args.think_s)
        for background in (False, True)
    ]
    duration = time.perf_counter() - started
    payload = {**header, "turns": len(TURNS), "results": {m["mode"]: m for m in modes}}
    write_json(RESULTS / "graph_latency.json", payload)
    rows = [
        (
            m["mode"],
            m["reply_latency"]["p50_ms"],
            m["reply_latency"]["p95_ms"],
            m["conversation_s"],
            m["flush_after_s"],
            m["memories_stored"],
            m["turns_pending"],
        )
        for m in modes
    ]
    md = "\n\n".join(
        [
            "# Memory graph: reply latency with foreground vs background extraction",
            f"{len(TURNS)} user turns through `graphs.graph.build_graph` on the embedded "
            "backend (SmolLM2-135M replies and extraction, MiniLM, Chroma, SQLite), "
            f"with {args.think_s:g} s of user think time between turns (not counted in "
            "the reply latency; counted in the conversation time).",
            md_table(
                [
                    "mode",
                    "reply p50 ms",
                    "reply p95 ms",
                    "conversation s",
                    "flush after s",
                    "memories",
                    "turns pending",
                ],
                rows,
                digits=1,
            ),
            "Background mode returns the reply before `extract_and_update` finishes; "
            "`flush_background()` waits for the queued turns (nothing is dropped: "
            "`turns pending` counts turns whose extraction failed and wait for retry).",
            provenance_markdown(header, duration),
        ]
    )
    write_text(RESULTS / "graph_latency.md", md)
    print(md)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
