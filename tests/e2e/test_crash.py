"""SIGKILL at random moments of add / update / delete: nothing acknowledged is lost.

A worker process writes in a loop and prints ``BEGIN``/``ACK`` around each
write; the test kills it with SIGKILL after a random delay, reopens the data
directory and checks that

- every acknowledged add/update is there with its acknowledged text, every
  acknowledged delete is gone, and only the one write in flight may have gone
  either way;
- the source of truth, the vector index and the keyword index agree (same ids,
  the index holding each memory's current vector), with nothing left over.

``LANGMEM_CRASH_KILLS`` sets the number of kills (default 40).
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from langmem_local.memory import LocalMemory

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("storage_worker.py")


def _spawn(data: Path, mode: str, seed: int, n: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data), mode, str(seed), str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _lines_until(proc: subprocess.Popen[str], deadline: float, stop: str | None) -> list[str]:
    """Read stdout lines until ``deadline`` or a line starting with ``stop``."""
    out: list[str] = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = proc.stdout.readline()
        if not line:
            break
        out.append(line.rstrip("\n"))
        if stop and line.startswith(stop):
            break
    return out


def _consistency(m: LocalMemory) -> dict[str, set[str]]:
    """Ids per store; the index's vectors must equal the source of truth's."""
    live = m._db.memory_ids()
    index = m._vectors
    assert index.owner
    indexed = index.indexed_ids()
    keyword = {r[0] for r in m._db.conn.execute("SELECT memory_id FROM lm_keyword_docs")}
    fts_rows = m._db.conn.execute("SELECT count(*) FROM lm_keyword_fts").fetchone()[0]
    assert fts_rows == len(keyword)
    if live:
        got = index._store.collection.get(ids=sorted(live), include=["embeddings"])
        truth = m._db.vectors(sorted(live))
        for memory_id, vector in zip(got["ids"], got["embeddings"], strict=True):
            assert np.allclose(vector, truth[memory_id][1], atol=1e-5), memory_id
    assert m._db.outbox() == []
    return {"live": live, "indexed": indexed, "keyword": keyword}


def test_sigkill_mid_write_loses_nothing_acknowledged(tmp_path: Path, minilm) -> None:
    data = tmp_path / "data"
    rng = random.Random(20261201)
    kills = int(os.environ.get("LANGMEM_CRASH_KILLS", "40"))
    expected: dict[str, str] = {}  # acknowledged live memories: id -> text
    in_flight_hits = 0
    for round_no in range(kills):
        proc = _spawn(data, "crash", round_no, 10**6)
        ready = _lines_until(proc, time.monotonic() + 120, "READY")
        assert ready and ready[-1].startswith("READY"), proc.stderr.read()
        lines = _lines_until(proc, time.monotonic() + rng.uniform(0.05, 0.8), None)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        lines += [ln for ln in proc.stdout.read().splitlines() if ln]
        pending = None
        for line in lines:
            kind, payload = line.split(" ", 1)
            event = json.loads(payload)
            if kind == "BEGIN":
                pending = event
            elif kind == "ACK":
                pending = None
                if event["op"] == "delete":
                    expected.pop(event["id"])
                else:
                    expected[event["id"]] = event["text"]

        m = LocalMemory(embeddings=minilm, data_dir=data)
        try:
            stores = _consistency(m)
            actual = {r["id"]: r["memory"] for r in m.get_all(user_id="u")["results"]}
        finally:
            m.close()
        assert stores["live"] == stores["indexed"] == stores["keyword"] == set(actual)
        # The one write in flight may have landed or not; nothing else may differ.
        if pending is not None:
            target = pending.get("id")
            if pending["op"] == "add":
                extra = [i for i, t in actual.items() if i not in expected and t == pending["text"]]
                assert len(extra) <= 1
                if extra:
                    expected[extra[0]] = pending["text"]
                    in_flight_hits += 1
            elif pending["op"] == "update" and actual.get(target) == pending["text"]:
                expected[target] = pending["text"]
                in_flight_hits += 1
            elif pending["op"] == "delete" and target not in actual:
                expected.pop(target, None)
                in_flight_hits += 1
        assert actual == expected, f"round {round_no}: acknowledged state differs"
    assert expected, "the worker never got a write acknowledged"


def test_a_write_that_raises_leaves_nothing_behind(make_memory, monkeypatch) -> None:
    m = make_memory()
    kept = m.add("Kept fact about tea", user_id="u", infer=False)["results"][0]["id"]
    with pytest.raises(TypeError):
        m.add("tea", user_id="u", metadata={"s": set()}, infer=False)

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(m._keyword, "upsert_many", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        m.add("Doomed fact about coffee", user_id="u", infer=False)
    monkeypatch.setattr(m._keyword, "upsert", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        m.update(kept, "Doomed revision")
    monkeypatch.undo()
    assert [r["memory"] for r in m.get_all(user_id="u")["results"]] == ["Kept fact about tea"]
    assert m._db.memory_ids() == m._vectors.indexed_ids() == {kept}
    assert [h["event"] for h in m.history(kept)] == ["ADD"]
    assert [v["text"] for v in m.versions(kept)] == ["Kept fact about tea"]
    dump = "\n".join(m._db.conn.iterdump())
    assert "Doomed" not in dump and "coffee" not in dump
    assert m._db.outbox() == []
