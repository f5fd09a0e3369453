"""One contract suite per store seam, run against every implementation.

``stores`` opens the seams through the same factory the engine uses
(:func:`langmem_local.stores.profiles.open_stores`): the embedded profile in a
temp data dir, the server profile in a fresh PostgreSQL schema (skipped with
the reason when no pgvector server is available). Tests call the same methods
with the same arguments and assert the same results on both.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pytest

from langmem_local.config import LocalMemoryConfig
from langmem_local.stores.profiles import Stores, open_stores

#: User ids that have wildcard, pattern, path or size meaning somewhere.
HOSTILE_IDS = [
    "*", "%", "_", "..", "a/b", "bob@x.com", "x" * 10_000, "alice%", "al_ce", "' OR 1=1 --",
    "alice ", "ALICE",
]  # fmt: skip
VICTIM = "alice"
DIMS = 8
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(params=["embedded", "server"])
def stores(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Stores]:
    cfg = LocalMemoryConfig(data_dir=tmp_path / "data", database_url=None)
    schema = None
    if request.param == "server":
        dsn = request.getfixturevalue("pgvector_dsn")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        cfg = cfg.model_copy(update={"database_url": dsn, "database_schema": schema})
    opened = open_stores(cfg)
    opened.db.set_manifest({"embedding_dims": str(DIMS)})
    yield opened
    if hasattr(opened.graph, "close"):
        opened.graph.close()
    opened.db.conn.close()  # type: ignore[attr-defined]
    if schema is not None:
        import psycopg

        with psycopg.connect(cfg.database_url or "", autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def unit(i: int, dims: int = DIMS) -> list[float]:
    """A unit vector along axis ``i`` (cosine 1 with itself, 0 with other axes)."""
    v = np.zeros(dims, np.float32)
    v[i % dims] = 1.0
    return v.tolist()


def add(
    stores: Stores,
    user_id: str,
    text: str,
    *,
    vector: list[float] | None = None,
    run_id: str | None = None,
    speaker: str | None = None,
) -> str:
    """Insert one memory the way the writer does (row, first version, keyword entry)."""
    memory_id = str(uuid.uuid4())
    now = T0.isoformat()
    vec = vector if vector is not None else unit(len(text))
    with stores.db.transaction():
        stores.db.insert_memories(
            [
                {
                    "id": memory_id,
                    "user_id": user_id,
                    "text": text,
                    "embedding": vec,
                    "role": "user",
                    "metadata": {"k": "v"},
                    "importance": 0.5,
                    "created_at": now,
                    "updated_at": now,
                    "valid_from": now,
                    "source_turns": [],
                    "category": "message",
                    "speaker": speaker,
                    "run_id": run_id,
                    "expires_at": None,
                }
            ],
            [
                {
                    "memory_id": memory_id,
                    "user_id": user_id,
                    "text": text,
                    "embedding": vec,
                    "metadata": {"k": "v"},
                    "valid_from": T0,
                    "actor": "test",
                }
            ],
        )
        stores.keyword.upsert(memory_id, user_id, text)
    return memory_id
