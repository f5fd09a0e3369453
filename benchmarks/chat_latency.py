"""Chat latency and reply quality on the bundled model: the old chat path vs the new one.

``python -m benchmarks.chat_latency`` plays the same user turns twice on the
embedded backend (SmolLM2-135M via llama.cpp, MiniLM, real Chroma and SQLite),
each on a fresh data directory, in one run:

* **before**: what ``langmem-local chat`` did up to issue 10: retrieve, then
  ``invoke`` the model with default settings (``max_tokens=512``, no
  repetition penalty, the old system prompt with its ``System time:`` line),
  then extract the turn inline. Nothing is shown until all three are done.
* **after**: :class:`langmem_local.chat.ChatSession`: the turn is persisted,
  the reply streams through the reply filter with the reply settings, and
  extraction runs in the background while the user "types" (``--think-s``).

For each it reports the time to the first words on screen and to the whole
reply (percentiles over the turns), reply length, the most times one sentence
was repeated within a reply, and replies that copied the system prompt.
Writes ``benchmarks/results/chat_latency.{json,md,png}``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
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

TURNS = [
    "Hi, I'm Sarah. I live in Denver and I love hiking.",
    "I'm also really into landscape photography.",
    "What do you know about me?",
    "My mother just died.",
    "Can you suggest something for my trip to Colorado next month?",
    "I have a dog named Rex.",
]

OLD_SYSTEM_PROMPT = """You are a helpful and friendly assistant with long-term memory.

What you remember about the user (most relevant first; may be empty):
<memories>
{memories}
</memories>

Use these memories when they help. Never say that you looked them up.
System time: {time}"""
"""``graphs/prompts.py`` before issue 10."""


def _max_repeat(text: str) -> int:
    parts = [
        " ".join(re.findall(r"[a-z0-9]+", p.lower())) for p in re.split(r"(?<=[.!?])\s+|\n+", text)
    ]
    counts = Counter(p for p in parts if p)
    return max(counts.values(), default=0)


def _echoes(text: str) -> bool:
    return "System time" in text or "<memories>" in text or "helpful and friendly" in text


def run_before(think_s: float) -> dict[str, Any]:
    """The pre-issue-10 chat path, rebuilt here so both run on the same code and machine."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from langmem_local.backends.embedded import LlamaCppChatModel
    from langmem_local.memory import LocalMemory
    from langmem_local.middleware import format_memories

    memory = LocalMemory(backend="embedded", data_dir=tempfile.mkdtemp(prefix="lm-chat-before-"))
    model = LlamaCppChatModel()  # the defaults extraction uses: max_tokens=512, no penalty
    model.load()
    memory.search("warm up", user_id="warmup")
    first, whole, replies, tokens = [], [], [], []
    history: list[Any] = []
    for i, text in enumerate(TURNS):
        if i:
            time.sleep(think_s)
        start = time.perf_counter()
        hits = memory.search(text, user_id="sarah", limit=5)["results"]
        system = OLD_SYSTEM_PROMPT.format(
            memories=format_memories(hits) or "(nothing yet)",
            time=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        history.append(HumanMessage(content=text))
        reply = model.invoke([SystemMessage(content=system), *history])
        history.append(reply)
        memory.add(
            [{"role": "user", "content": text}, {"role": "assistant", "content": reply.text}],
            user_id="sarah",
        )
        elapsed = time.perf_counter() - start
        first.append(elapsed)  # nothing was printed before all of it was done
        whole.append(elapsed)
        replies.append(reply.text)
        tokens.append((reply.usage_metadata or {}).get("output_tokens", 0))
    memory.close()
    return _summary("before", first, whole, replies, tokens, extraction_wait_s=0.0)


def run_after(think_s: float) -> dict[str, Any]:
    """The ChatSession path of ``langmem-local chat``."""
    from langmem_local.chat import ChatSession
    from langmem_local.memory import LocalMemory

    memory = LocalMemory(backend="embedded", data_dir=tempfile.mkdtemp(prefix="lm-chat-after-"))
    session = ChatSession(memory, "sarah")
    session.warm_up()
    first, whole, replies, tokens = [], [], [], []
    for i, text in enumerate(TURNS):
        if i:
            time.sleep(think_s)
        start = time.perf_counter()
        seen: float | None = None
        reply = ""
        for event in session.send(text):
            if event.kind == "reply" and seen is None:
                seen = time.perf_counter() - start
            elif event.kind == "done":
                reply = event.text
        whole.append(time.perf_counter() - start)
        first.append(seen if seen is not None else whole[-1])
        replies.append(reply)
        tokens.append(len(reply.split()))
    wait_start = time.perf_counter()
    session.wait()
    extraction_wait = time.perf_counter() - wait_start
    memory.close()
    return _summary("after", first, whole, replies, tokens, extraction_wait_s=extraction_wait)


def _summary(
    mode: str,
    first: list[float],
    whole: list[float],
    replies: list[str],
    tokens: list[int],
    *,
    extraction_wait_s: float,
) -> dict[str, Any]:
    return {
        "mode": mode,
        "first_words": latency_summary(first),
        "whole_reply": latency_summary(whole),
        "reply_chars_mean": sum(map(len, replies)) / len(replies),
        "max_sentence_repeats": max(map(_max_repeat, replies)),
        "replies_with_a_repeat": sum(_max_repeat(r) > 1 for r in replies),
        "replies_echoing_the_prompt": sum(map(_echoes, replies)),
        "extraction_wait_after_s": extraction_wait_s,
        "replies": replies,
        "first_words_s": first,
        "whole_reply_s": whole,
    }


def main(argv: list[str] | None = None) -> int:
    """Run both paths and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--think-s", type=float, default=3.0, help="user pause between turns")
    args = parser.parse_args(argv)
    header = run_header("chat_latency", vars(args), argv if argv is not None else sys.argv[1:])
    started = time.perf_counter()
    before, after = run_before(args.think_s), run_after(args.think_s)
    duration = time.perf_counter() - started
    payload = {**header, "turns": TURNS, "results": {"before": before, "after": after}}
    write_json(RESULTS / "chat_latency.json", payload)
    ratio = before["first_words"]["p50_ms"] / max(after["first_words"]["p50_ms"], 1e-9)
    rows = [
        (
            m["mode"],
            m["first_words"]["p50_ms"],
            m["first_words"]["p95_ms"],
            m["whole_reply"]["p50_ms"],
            m["whole_reply"]["p95_ms"],
            m["reply_chars_mean"],
            m["max_sentence_repeats"],
            m["replies_with_a_repeat"],
            m["replies_echoing_the_prompt"],
        )
        for m in (before, after)
    ]
    md = "\n\n".join(
        [
            "# Chat on the bundled model: latency and reply quality, before vs after issue 10",
            f"{len(TURNS)} user turns on the embedded backend (SmolLM2-135M replies and "
            "extraction, MiniLM, Chroma, SQLite), each path on a fresh data directory, "
            f"{args.think_s:g} s of user think time between turns. *before*: retrieve, "
            "`invoke` with default settings, extract inline, then show the reply. *after*: "
            "`ChatSession`: persist the turn, stream the filtered reply with the reply "
            "settings, extract in the background.",
            md_table(
                [
                    "path",
                    "first words p50 ms",
                    "first words p95 ms",
                    "whole reply p50 ms",
                    "whole reply p95 ms",
                    "reply chars",
                    "max repeats of a sentence",
                    "replies with a repeat",
                    "replies echoing the prompt",
                ],
                rows,
                digits=1,
            ),
            f"First words appear **{ratio:.1f}x** sooner (p50). After the last turn the "
            f"background extraction needed {after['extraction_wait_after_s']:.1f} s more.",
            "![latency](chat_latency.png)",
            provenance_markdown(header, duration),
        ]
    )
    write_text(RESULTS / "chat_latency.md", md)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    labels = ["first words p50", "first words p95", "whole reply p50", "whole reply p95"]
    keys = [
        ("first_words", "p50_ms"),
        ("first_words", "p95_ms"),
        ("whole_reply", "p50_ms"),
        ("whole_reply", "p95_ms"),
    ]
    xs = range(len(labels))
    for offset, m in ((-0.2, before), (0.2, after)):
        ax.bar(
            [x + offset for x in xs], [m[a][b] / 1000 for a, b in keys], width=0.4, label=m["mode"]
        )
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("seconds")
    ax.set_title("langmem-local chat on SmolLM2-135M")
    ax.legend()
    save_figure(fig, RESULTS / "chat_latency.png")
    print(md)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
