"""4 processes writing one memory on the server profile (PostgreSQL + pgvector).

The processes open a fresh schema at the same moment (schema creation must be
serialised), then each adds its memories one call at a time while the others
do the same, to one shared user and to its own. Afterwards: 0 acknowledged
writes lost, 0 duplicated, every acknowledged memory searchable by any process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PROCESSES = 4
ADDS = 25  # per process: 100 acknowledged writes in all

_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from langmem_local.backends.embedded import MiniLMEmbeddings
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    dsn, schema, proc, adds, start_at, data_dir = sys.argv[1:7]
    proc, adds = int(proc), int(adds)
    emb = MiniLMEmbeddings()
    cfg = LocalMemoryConfig(data_dir=data_dir, database_url=dsn, database_schema=schema)
    time.sleep(max(0.0, float(start_at) - time.time()))  # open the fresh schema together
    memory = LocalMemory(embeddings=emb, config=cfg)
    for i in range(adds):
        user = "shared" if i % 2 == 0 else f"own-{proc}"
        text = f"process {proc} wrote note number {i} with code zq{proc}x{i}"
        out = memory.add(text, user_id=user, infer=False)
        print(json.dumps({"id": out["results"][0]["id"], "user": user, "text": text}), flush=True)
    memory.close()
    """
)


def test_four_processes_lose_nothing_and_duplicate_nothing(
    pgvector_dsn: str, tmp_path: Path, minilm
) -> None:
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    schema = f"t_{uuid.uuid4().hex[:12]}"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    start_at = time.time() + 8  # after every child has loaded MiniLM
    children = [
        subprocess.Popen(  # noqa: S603 - fixed argv
            [
                sys.executable,
                "-c",
                _CHILD,
                pgvector_dsn,
                schema,
                str(p),
                str(ADDS),
                str(start_at),
                str(tmp_path / f"d{p}"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for p in range(PROCESSES)
    ]
    acked: list[dict[str, str]] = []
    for child in children:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err[-3000:]
        acked += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(acked) == PROCESSES * ADDS

    cfg = LocalMemoryConfig(
        data_dir=tmp_path / "reader", database_url=pgvector_dsn, database_schema=schema
    )
    memory = LocalMemory(embeddings=minilm, config=cfg)
    try:
        stored = {u: memory.get_all(user_id=u)["results"] for u in memory.users()}
        rows = [r for rs in stored.values() for r in rs]
        # 0 lost, 0 duplicated: exactly the acknowledged ids, each once, with its text and owner.
        assert sorted(r["id"] for r in rows) == sorted(a["id"] for a in acked)
        by_id = {r["id"]: r for r in rows}
        assert all(
            by_id[a["id"]]["memory"] == a["text"] and by_id[a["id"]]["user_id"] == a["user"]
            for a in acked
        )
        assert memory._keyword.count() == len(acked)
        # Every acknowledged memory is searchable (dense + keyword), by its owner only.
        missing = [
            a["text"] for a in acked
            if a["id"] not in [h["id"] for h in
                               memory.search(a["text"], user_id=a["user"], limit=3)["results"]]
        ]  # fmt: skip
        assert missing == []
    finally:
        memory.close()
        import psycopg

        with psycopg.connect(pgvector_dsn, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
