"""End to end on the embedded backend: real llama.cpp extraction, real Chroma and
SQLite, and new processes that must recall what an earlier one stored."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.e2e


def _run(code: str, data_dir) -> dict:
    """Run ``code`` in a fresh interpreter (nothing shared but the data dir)."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "LANGMEM_DATA_DIR": str(data_dir)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_real_extraction_persists_across_processes(tmp_path):
    first = _run(
        """
        import json
        from langmem_local import LocalMemory
        m = LocalMemory(backend="embedded")
        out = m.add("Hi, I'm Sarah. I love hiking on mountain trails.", user_id="sarah")
        print(json.dumps({"out": out, "all": m.get_all(user_id="sarah")}))
        """,
        tmp_path,
    )
    # First-person statements are written by the facts-mode rules: no model call.
    assert first["out"]["queued"] == [] and first["out"]["llm_calls"] == 0
    stored = [r["memory"] for r in first["all"]["results"]]
    assert "Name is Sarah" in stored, stored
    assert any("hik" in s.lower() for s in stored), stored
    second = _run(
        """
        import json
        from langmem_local import LocalMemory
        m = LocalMemory(backend="embedded")
        print(json.dumps(m.search("What does Sarah like to do outdoors?", user_id="sarah")))
        """,
        tmp_path,
    )
    assert second["results"] and "hik" in second["results"][0]["memory"].lower()
    assert set(second["results"][0]["score_breakdown"]) >= {"relevance", "recency", "importance"}


def test_graph_recalls_after_restart(tmp_path):
    """Session 1 runs the memory graph in one process; a new process, a new
    thread and a new checkpointer still get the fact into the prompt."""
    code = """
        import json, sys
        from langgraph.checkpoint.memory import InMemorySaver
        from graphs.context import Context
        from graphs.graph import build_graph
        from langmem_local import LocalMemory
        from langmem_local.backends.embedded import LlamaCppChatModel
        m = LocalMemory(backend="embedded")
        g = build_graph(m, LlamaCppChatModel(max_tokens=24), checkpointer=InMemorySaver())
        text = sys.argv[1] if len(sys.argv) > 1 else None
        out = g.invoke({"messages": [{"role": "user", "content": TEXT}]},
                       config={"configurable": {"thread_id": THREAD}},
                       context=Context(user_id="sarah"))
        print(json.dumps({"memories": [h["memory"] for h in out["memories"]],
                          "reply": out["messages"][-1].content}))
    """
    _run(
        code.replace("TEXT", repr("I'm planning a trip to Colorado next month.")).replace(
            "THREAD", "'t1'"
        ),
        tmp_path,
    )
    later = _run(
        code.replace("TEXT", repr("Where am I travelling next month?")).replace("THREAD", "'t2'"),
        tmp_path,
    )
    assert any("colorado" in mem.lower() for mem in later["memories"]), later
    assert later["reply"].strip()
