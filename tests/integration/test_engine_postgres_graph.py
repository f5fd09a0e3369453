"""LocalMemory with its entity graph on a real (throwaway) PostgreSQL server."""

from __future__ import annotations

from tests.conftest import decisions


def test_engine_uses_postgres_graph(postgres_dsn, tmp_path, minilm, scripted):
    from langmem_local import LocalMemoryConfig
    from langmem_local.memory import LocalMemory
    from langmem_local.stores.graph_postgres import PostgresGraphStore

    cfg = LocalMemoryConfig(data_dir=tmp_path / "d", graph_store="postgres", graph_dsn=postgres_dsn)
    scripted.script(
        decisions(
            (
                "ADD",
                -1,
                "Has a dog called Rex",
                3,
                [{"source": "user", "relation": "has_pet", "target": "Rex"}],
            )
        )
    )
    m = LocalMemory(chat_model=scripted, embeddings=minilm, config=cfg)
    assert isinstance(m.graph, PostgresGraphStore)
    memory_id = m.add("I have a dog called Rex", user_id="pg-user")["results"][0]["id"]
    rels = m.search("Tell me about Rex", user_id="pg-user")["relations"]
    assert [(r["source"], r["relationship"], r["destination"]) for r in rels] == [
        ("user", "has_pet", "Rex")
    ]
    m.delete(memory_id)
    assert m.graph.count("pg-user") == 0
    m.close()
