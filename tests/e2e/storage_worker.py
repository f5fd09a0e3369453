"""A writer process for the crash and multi-process tests (not a test module).

``python storage_worker.py DATA_DIR MODE SEED N``

- ``crash``: a random mix of add / update / delete on user ``u``, forever
  (until SIGKILL, or N operations). Before each operation it prints
  ``BEGIN <json>`` and after it returns ``ACK <json>``, flushed, so the parent
  knows exactly which writes were acknowledged when it killed the process.
- ``adds``: N verbatim adds with unique texts ``tok<SEED>x<i>``, each ``ACK``-ed.
- ``threads``: the same with 8 threads in this one process.
- ``edit``: updates the memory ``$EDIT_UPDATE`` to the text ``$EDIT_TEXT`` and
  deletes ``$EDIT_DELETE`` (SEED and N unused), each ``ACK``-ed.

Real parts: the bundled MiniLM embedder, Chroma through Mem0, SQLite.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
from pathlib import Path


def _say(kind: str, **payload: object) -> None:
    sys.stdout.write(f"{kind} {json.dumps(payload)}\n")
    sys.stdout.flush()


def main() -> None:
    data_dir, mode, seed, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    from langmem_local.backends.embedded import MiniLMEmbeddings
    from langmem_local.memory import LocalMemory

    memory = LocalMemory(embeddings=MiniLMEmbeddings(), data_dir=data_dir)
    _say("READY", owner=memory._vectors.owner)
    if mode == "crash":
        _crash_loop(memory, random.Random(seed), n)
    elif mode == "adds":
        for i in range(n):
            text = f"tok{seed}x{i} is a fact from process {seed}"
            out = memory.add(text, user_id="shared", infer=False)
            _say("ACK", op="add", id=out["results"][0]["id"], text=text)
    elif mode == "edit":
        memory.update(os.environ["EDIT_UPDATE"], os.environ["EDIT_TEXT"])
        _say("ACK", op="update", id=os.environ["EDIT_UPDATE"], text=os.environ["EDIT_TEXT"])
        memory.delete(os.environ["EDIT_DELETE"])
        _say("ACK", op="delete", id=os.environ["EDIT_DELETE"], text="")
    elif mode == "threads":

        def work(t: int) -> None:
            for i in range(n):
                text = f"tok{seed}t{t}x{i} is a fact from thread {t}"
                out = memory.add(text, user_id="shared", infer=False)
                _say("ACK", op="add", id=out["results"][0]["id"], text=text)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    memory.close()
    _say("DONE")


def _crash_loop(memory: object, rng: random.Random, n: int) -> None:
    live = [r["id"] for r in memory.get_all(user_id="u")["results"]]  # type: ignore[attr-defined]
    for i in range(n):
        op = "add" if len(live) < 3 else rng.choice(["add", "add", "update", "delete"])
        if op == "add":
            text = f"fact {rng.randrange(10**9)} number {i}"
            _say("BEGIN", op="add", text=text)
            out = memory.add(text, user_id="u", infer=False)  # type: ignore[attr-defined]
            live.append(out["results"][0]["id"])
            _say("ACK", op="add", id=live[-1], text=text)
        elif op == "update":
            target = rng.choice(live)
            text = f"revised {rng.randrange(10**9)} number {i}"
            _say("BEGIN", op="update", id=target, text=text)
            memory.update(target, text)  # type: ignore[attr-defined]
            _say("ACK", op="update", id=target, text=text)
        else:
            target = live.pop(rng.randrange(len(live)))
            _say("BEGIN", op="delete", id=target)
            memory.delete(target)  # type: ignore[attr-defined]
            _say("ACK", op="delete", id=target)


if __name__ == "__main__":
    main()
