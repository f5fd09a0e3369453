"""Choosing the storage profile: config, environment, errors that name the fix."""

from __future__ import annotations

import socket

import pytest

from langmem_local.config import LocalMemoryConfig
from langmem_local.errors import BackendUnavailableError, ConfigError
from langmem_local.stores.profiles import open_stores


def _dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_environment_selects_the_server_profile_and_repr_hides_the_url(monkeypatch) -> None:
    monkeypatch.setenv("LANGMEM_DATABASE_URL", "postgresql://app:s3cret@db:5432/agents")
    cfg = LocalMemoryConfig()
    assert cfg.database_url == "postgresql://app:s3cret@db:5432/agents"
    assert "s3cret" not in repr(cfg)
    monkeypatch.delenv("LANGMEM_DATABASE_URL")
    assert LocalMemoryConfig().database_url is None


def test_embedded_profile_by_default(tmp_path) -> None:
    stores = open_stores(LocalMemoryConfig(data_dir=tmp_path, database_url=None))
    try:
        assert stores.profile == "embedded" and (tmp_path / "memory.db").is_file()
    finally:
        stores.db.conn.close()  # type: ignore[attr-defined]


def test_unreachable_server_names_it_without_the_password(tmp_path, minilm) -> None:
    from langmem_local.memory import LocalMemory

    url = f"postgresql://agent:s3cret-pw@127.0.0.1:{_dead_port()}/memories?connect_timeout=2"
    with pytest.raises(BackendUnavailableError) as info:
        LocalMemory(embeddings=minilm, data_dir=tmp_path, database_url=url)
    message = str(info.value)
    assert "dbname=memories" in message and "start the server" in message
    assert "s3cret-pw" not in message


def test_bad_schema_is_refused_before_connecting(tmp_path) -> None:
    cfg = LocalMemoryConfig(
        data_dir=tmp_path,
        database_url="postgresql://127.0.0.1:1/x",
        database_schema='x"; DROP TABLE memories; --',
    )
    with pytest.raises(ConfigError, match="schema must be a plain identifier"):
        open_stores(cfg)


def test_reopen_checks_the_embedder_on_the_server_profile(pgvector_dsn, tmp_path, minilm) -> None:
    import uuid

    import psycopg

    from langmem_local.errors import EmbedderMismatchError
    from langmem_local.memory import LocalMemory

    schema = f"t_{uuid.uuid4().hex[:12]}"
    cfg = LocalMemoryConfig(data_dir=tmp_path, database_url=pgvector_dsn, database_schema=schema)
    try:
        with LocalMemory(embeddings=minilm, config=cfg) as memory:
            memory.add("hello world", user_id="u", infer=False)

        class Tiny:
            model_id = "tiny"

            def embed_documents(self, texts):
                return [[1.0, 0.0, 0.0] for _ in texts]

            def embed_query(self, text):
                return [1.0, 0.0, 0.0]

        with LocalMemory(embeddings=Tiny(), config=cfg) as other:
            with pytest.raises(EmbedderMismatchError, match=f"schema {schema}.*tiny"):
                other.search("hello", user_id="u")
    finally:
        with psycopg.connect(pgvector_dsn, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_mem0_pgvector_config_selects_the_server_profile() -> None:
    cfg = LocalMemoryConfig.from_mem0_dict(
        {
            "vector_store": {
                "provider": "pgvector",
                "config": {
                    "connection_string": "postgresql://app@db:5432/agents",
                    "embedding_model_dims": 384,
                },
            }
        }
    )
    assert cfg.database_url == "postgresql://app@db:5432/agents" and cfg.embedding_dims == 384
    parts = LocalMemoryConfig.from_mem0_dict(
        {
            "vector_store": {
                "provider": "pgvector",
                "config": {"host": "db", "port": 5433, "user": "app", "dbname": "m"},
            }
        }
    )
    assert parts.database_url is not None and "port=5433" in parts.database_url
    with pytest.raises(ConfigError, match="connection_string"):
        LocalMemoryConfig.from_mem0_dict({"vector_store": {"provider": "pgvector"}})
