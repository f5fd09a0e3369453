from __future__ import annotations

import shutil
import tempfile
from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_tests.integration_tests import RetrieversIntegrationTests

from langmem_local.retriever import Mem0Retriever
from tests.fakes import FakeMemory

FACTS = [
    "Alice is vegetarian",
    "Alice loves Thai green curry",
    "Alice is allergic to peanuts",
    "Alice drinks oat milk in her coffee",
    "Alice hates coriander",
    "Alice bakes sourdough bread on Sundays",
]


class TestMem0RetrieverStandard(RetrieversIntegrationTests):
    """LangChain's standard retriever suite on the real engine (MiniLM, offline)."""

    _memory: Any = None

    @pytest.fixture(autouse=True, scope="class")
    @classmethod
    def _seeded_memory(cls, minilm):
        from langmem_local.memory import LocalMemory

        data_dir = tempfile.mkdtemp(prefix="langmem-retriever-")
        memory = LocalMemory(embeddings=minilm, data_dir=data_dir)
        for fact in FACTS:
            memory.add(fact, user_id="alice", metadata={"source": "seed"}, infer=False)
        cls._memory = memory
        yield
        memory.close()
        shutil.rmtree(data_dir, ignore_errors=True)

    @property
    def retriever_constructor(self) -> type[Mem0Retriever]:
        return Mem0Retriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"memory": self._memory, "user_id": "alice"}

    @property
    def retriever_query_example(self) -> str:
        return "What food does Alice like?"

    def test_documents_carry_scores_and_metadata(self) -> None:
        docs = Mem0Retriever(memory=self._memory, user_id="alice", k=2).invoke("nut allergy")
        assert docs[0].page_content == "Alice is allergic to peanuts"
        meta = docs[0].metadata
        assert meta["user_id"] == "alice" and meta["source"] == "seed"
        assert set(meta["score_breakdown"]) >= {"relevance", "recency", "importance"}
        assert docs[0].metadata["score"] >= docs[1].metadata["score"]
        assert docs[0].id == meta["id"]


class TestMem0RetrieverStandardServer(TestMem0RetrieverStandard):
    """The same standard suite with the engine on the server profile (PostgreSQL + pgvector)."""

    @pytest.fixture(autouse=True, scope="class")
    @classmethod
    def _seeded_memory(cls, minilm, pgvector_dsn):
        import uuid

        import psycopg

        from langmem_local.config import LocalMemoryConfig
        from langmem_local.memory import LocalMemory

        data_dir = tempfile.mkdtemp(prefix="langmem-retriever-")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        cfg = LocalMemoryConfig(
            data_dir=data_dir, database_url=pgvector_dsn, database_schema=schema
        )
        memory = LocalMemory(embeddings=minilm, config=cfg)
        for fact in FACTS:
            memory.add(fact, user_id="alice", metadata={"source": "seed"}, infer=False)
        cls._memory = memory
        yield
        memory.close()
        with psycopg.connect(pgvector_dsn, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def memory() -> FakeMemory:
    m = FakeMemory()
    m.add("Alice likes green tea", user_id="alice", metadata={"topic": "drinks"}, infer=False)
    m.add("Alice likes black coffee", user_id="alice", metadata={"topic": "drinks"}, infer=False)
    m.add("Alice likes jazz music", user_id="alice", metadata={"topic": "music"}, infer=False)
    m.add("Bob likes green tea", user_id="bob", infer=False)
    return m


def test_documents_map_memory_fields(memory: FakeMemory) -> None:
    docs = Mem0Retriever(memory=memory, user_id="alice").invoke("green tea")
    assert isinstance(docs[0], Document)
    assert docs[0].page_content == "Alice likes green tea"
    meta = docs[0].metadata
    assert meta["topic"] == "drinks"
    assert meta["user_id"] == "alice"
    assert meta["score"] == 1.0
    assert meta["score_breakdown"]["relevance"] == 1.0
    assert meta["created_at"] and "updated_at" in meta and meta["id"]


def test_per_call_overrides(memory: FakeMemory) -> None:
    retriever = Mem0Retriever(memory=memory, user_id="alice", k=1)
    assert len(retriever.invoke("likes")) == 1
    assert len(retriever.invoke("likes", k=3)) == 3
    bob = retriever.invoke("green tea", user_id="bob", k=5)
    assert [d.page_content for d in bob] == ["Bob likes green tea"]
    music = retriever.invoke("likes", k=5, filters={"topic": "music"})
    assert [d.page_content for d in music] == ["Alice likes jazz music"]
    assert retriever.invoke("likes", k=0) == []


def test_constructor_filters_merge_with_call_filters(memory: FakeMemory) -> None:
    retriever = Mem0Retriever(memory=memory, user_id="alice", k=5, filters={"topic": "drinks"})
    assert {d.page_content for d in retriever.invoke("likes")} == {
        "Alice likes green tea",
        "Alice likes black coffee",
    }
    assert retriever.invoke("likes", filters={"topic": "music"})[0].metadata["topic"] == "music"


def test_missing_user_id_names_the_fix(memory: FakeMemory) -> None:
    with pytest.raises(ValueError, match="user_id='alice'"):
        Mem0Retriever(memory=memory).invoke("tea")


def test_negative_k_rejected(memory: FakeMemory) -> None:
    with pytest.raises(ValueError, match="k must be >= 0"):
        Mem0Retriever(memory=memory, user_id="alice").invoke("tea", k=-1)


class AsyncOnlyMemory(FakeMemory):
    def search(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError("ainvoke must use asearch")

    async def asearch(self, query: str, **kwargs: Any) -> dict[str, Any]:
        return FakeMemory.search(self, query, **kwargs)


async def test_ainvoke_uses_native_async_search() -> None:
    m = AsyncOnlyMemory()
    m.add("Alice likes green tea", user_id="alice", infer=False)
    docs = await Mem0Retriever(memory=m, user_id="alice").ainvoke("tea", k=1)
    assert [d.page_content for d in docs] == ["Alice likes green tea"]
