"""Several processes and threads writing one embedded data directory.

The first process to open the directory owns the vector index (Chroma is not
safe across processes); the others write the source of truth (SQLite WAL) and
search it exactly. Afterwards: 0 lost, 0 duplicated, every acknowledged memory
findable, and the index holding exactly the live memories.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from langmem_local import dense
from langmem_local.memory import LocalMemory

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("storage_worker.py")
PER_PROCESS = int(os.environ.get("LANGMEM_MP_ADDS", "100"))


def _run_workers(
    data: Path, specs: list[tuple[str, int, int]], extra_env: dict[str, str] | None = None
) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(data), mode, str(seed), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for mode, seed, n in specs
    ]
    acks: list[dict] = []
    owners = 0
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-3000:]
        lines = out.splitlines()
        assert lines[-1].startswith("DONE"), err[-3000:]
        owners += json.loads(lines[0].split(" ", 1)[1])["owner"]
        acks += [json.loads(ln.split(" ", 1)[1]) for ln in lines if ln.startswith("ACK ")]
    assert owners <= 1, "two processes held the vector index at once"
    return acks


def _check(data: Path, acks: list[dict], minilm) -> None:
    m = LocalMemory(embeddings=minilm, data_dir=data)
    try:
        rows = m.get_all(user_id="shared")["results"]
        texts = Counter(r["memory"] for r in rows)
        assert len(acks) == len({a["id"] for a in acks})
        assert {r["id"] for r in rows} == {a["id"] for a in acks}, "lost or extra memories"
        assert all(n == 1 for n in texts.values()), "duplicated memories"
        assert m._db.memory_ids() == m._vectors.indexed_ids()
        for ack in acks[:: max(1, len(acks) // 25)]:
            token = ack["text"].split()[0]
            hits = m.search(token, user_id="shared", limit=3)["results"]
            assert hits and hits[0]["id"] == ack["id"], token
            dense = m._vectors.search(
                m.embeddings.embed_query(ack["text"]), user_id="shared", limit=1
            )
            assert dense[0][0] == ack["id"]
    finally:
        m.close()


def test_four_processes_lose_and_duplicate_nothing(tmp_path: Path, minilm) -> None:
    data = tmp_path / "data"
    acks = _run_workers(data, [("adds", p, PER_PROCESS) for p in range(4)])
    assert len(acks) == 4 * PER_PROCESS
    _check(data, acks, minilm)


def test_eight_threads_and_a_second_process(tmp_path: Path, minilm) -> None:
    data = tmp_path / "data"
    acks = _run_workers(data, [("threads", 1, PER_PROCESS // 8 + 1), ("adds", 2, PER_PROCESS // 2)])
    assert len(acks) == 8 * (PER_PROCESS // 8 + 1) + PER_PROCESS // 2
    _check(data, acks, minilm)


def test_an_owner_sees_another_process_write_at_once(tmp_path: Path, minilm, monkeypatch) -> None:
    data = tmp_path / "data"
    owner = LocalMemory(embeddings=minilm, data_dir=data)
    try:
        assert owner._vectors.owner
        owner.add("loaded before the other process writes", user_id="shared", infer=False)
        owner._vectors.search(minilm.embed_query("x"), user_id="shared", limit=1)  # cached
        acks = _run_workers(data, [("adds", 9, 3)])  # a non-owner: the index is held here
        share = owner._db.user_share("shared")
        for ack in acks:  # a small user: the in-memory scan, in step through the change log
            vector = minilm.embed_query(ack["text"])
            hits = owner._vectors.search(vector, user_id="shared", limit=1, user_share=share)
            assert hits[0][0] == ack["id"]
        monkeypatch.setattr(dense, "EXACT_SCAN_MAX", 0)  # now the index path
        for ack in acks:
            vector = minilm.embed_query(ack["text"])
            hits = owner._vectors.search(vector, user_id="shared", limit=1, user_share=share)
            assert hits[0][0] == ack["id"]
        assert owner._db.outbox() == []  # drained by the owner before it asked the index
        assert owner._vectors.indexed_ids() == owner._db.memory_ids()
    finally:
        owner.close()


def test_search_sees_another_process_edit_rows_it_holds(tmp_path: Path, minilm) -> None:
    """The row cache (rows of earlier searches, in memory) drops what another process changed."""
    data = tmp_path / "data"
    m = LocalMemory(embeddings=minilm, data_dir=data)
    try:
        kept, gone = (
            m.add(text, user_id="shared", infer=False)["results"][0]["id"]
            for text in ("My sister lives in Lisbon", "My sister adopted a beagle")
        )
        query = "what about my sister"
        assert {h["id"] for h in m.search(query, user_id="shared")["results"]} == {kept, gone}
        assert len(m._retrieval._rows) >= 2  # both rows are now held in memory
        edit = {"EDIT_UPDATE": kept, "EDIT_TEXT": "My sister moved to Porto", "EDIT_DELETE": gone}
        acks = _run_workers(data, [("edit", 0, 0)], extra_env=edit)
        assert [a["op"] for a in acks] == ["update", "delete"]
        hits = m.search(query, user_id="shared")["results"]
        assert [(h["id"], h["memory"]) for h in hits] == [(kept, "My sister moved to Porto")]
    finally:
        m.close()
