"""``doctor`` checks the derived vector index against memory.db; ``--repair`` rebuilds it."""

from __future__ import annotations

import chromadb
from chromadb.config import Settings
from typer.testing import CliRunner

from langmem_local.cli import app
from langmem_local.memory import LocalMemory


def test_doctor_reports_a_missing_vector_and_repair_rebuilds_it(
    tmp_path, minilm, monkeypatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    data = tmp_path / "data"
    m = LocalMemory(embeddings=minilm, data_dir=data)
    memory_id = m.add("Keeps bees on the roof", user_id="u", infer=False)["results"][0]["id"]
    m.close()  # a clean close: the next open trusts the index
    client = chromadb.PersistentClient(
        path=str(data / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    client.get_collection("memories").delete(ids=[memory_id])  # damaged out of band
    del client

    runner = CliRunner()
    out = runner.invoke(app, ["--data-dir", str(data), "--backend", "embedded", "doctor"])
    assert (
        "✗ vector index: 0 vectors for 1 memories; run `langmem-local doctor --repair` to "
        "rebuild it" in out.output
    )
    out = runner.invoke(
        app, ["--data-dir", str(data), "--backend", "embedded", "doctor", "--repair"]
    )
    assert "✓ vector index rebuilt from memory.db: 1 vectors" in out.output
    m = LocalMemory(embeddings=minilm, data_dir=data)
    try:
        assert m._vectors.indexed_ids() == {memory_id}
        assert m._vectors.search(minilm.embed_query("bees"), user_id="u", limit=1)[0][0] == (
            memory_id
        )
    finally:
        m.close()
