"""A data directory written by the previous release opens, migrated in place.

Layout 1 kept live vectors only in Chroma, with each memory's text (and the
raw user id) in the Chroma payload. Opening it now fills ``memories.embedding``
from the open versions and rebuilds the index from ``memory.db``, so the text
is left in no file of the vector store.
"""

from __future__ import annotations

import sqlite3

import chromadb
from chromadb.config import Settings

from langmem_local.vector_index import FORMAT_KEY


def _make_layout_1(data_dir, memories: dict[str, str]) -> None:
    conn = sqlite3.connect(data_dir / "memory.db")
    with conn:
        # Layout 1 had no vector column (opening adds it, empty, before filling it).
        conn.execute("UPDATE memories SET embedding = NULL")
        conn.execute("DELETE FROM manifest WHERE key LIKE 'vector_index_%'")
        conn.execute("UPDATE manifest SET value = '1' WHERE key = 'schema_version'")
    conn.close()
    client = chromadb.PersistentClient(
        path=str(data_dir / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    col = client.get_collection("memories")
    ids = sorted(memories)
    col.update(ids=ids, metadatas=[{"user_id": "sarah", "data": memories[i]} for i in ids])


def test_layout_1_directory_opens_and_loses_its_payload_text(make_memory, tmp_path) -> None:
    m = make_memory()
    added = m.add(
        [
            {"role": "user", "content": "Quokkaberry farm in Denver"},
            {"role": "user", "content": "Plays the theremin on Sundays"},
        ],
        user_id="sarah",
        infer=False,
    )["results"]
    m.close()
    texts = {r["id"]: r["memory"] for r in added}
    _make_layout_1(m.data_dir, texts)
    files = [p for p in (m.data_dir / "chroma").rglob("*") if p.is_file()]
    chroma_bytes = b"".join(p.read_bytes() for p in files)
    assert b"Quokkaberry" in chroma_bytes  # the old layout really holds the text

    reopened = make_memory()
    hits = reopened.search("quokkaberry farm", user_id="sarah")["results"]
    assert hits[0]["memory"] == "Quokkaberry farm in Denver"
    assert reopened._db.memory_ids() == reopened._vectors.indexed_ids() == set(texts)
    assert set(reopened._db.vectors(sorted(texts))) == set(texts)
    assert reopened._db.manifest()[FORMAT_KEY] == "2"
    reopened.close()
    leftovers = [
        p.name
        for p in (m.data_dir / "chroma").rglob("*")
        if p.is_file() and b"Quokkaberry" in p.read_bytes()
    ]
    assert leftovers == []
