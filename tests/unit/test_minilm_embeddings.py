"""MiniLMEmbeddings against the real int8 ONNX model (about 0.1 s to load, ms per text)."""

from __future__ import annotations

import asyncio
import threading

import numpy as np
import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from langmem_local.backends import minilm
from langmem_local.backends.embedded import MiniLMEmbeddings
from langmem_local.errors import ConfigError


@pytest.fixture(scope="module")
def emb() -> MiniLMEmbeddings:
    return MiniLMEmbeddings()


def _cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_class_attributes() -> None:
    assert MiniLMEmbeddings.model_id == "all-MiniLM-L6-v2-onnx-int8"
    assert MiniLMEmbeddings.dimension == 384
    assert MiniLMEmbeddings().batch_size == 32


def test_vectors_are_384_dims_and_unit_length(emb: MiniLMEmbeddings) -> None:
    vectors = emb.embed_documents(["hello world", "a second, longer sentence about memory"])
    assert len(vectors) == 2
    for v in vectors:
        assert len(v) == 384
        assert all(isinstance(x, float) for x in v)
        assert np.linalg.norm(v) == pytest.approx(1.0, abs=1e-5)
    assert vectors[0] != vectors[1]


def test_similar_sentences_score_higher(emb: MiniLMEmbeddings) -> None:
    hike, trails, stocks = emb.embed_documents(
        [
            "I love hiking in the mountains",
            "Hiking on mountain trails is my favourite",
            "The stock market fell today",
        ]
    )
    related = _cos(hike, trails)
    unrelated = _cos(hike, stocks)
    # fp32 sentence-transformers gives ~0.86 vs ~-0.06 here; int8 stays close.
    assert related > 0.7
    assert unrelated < 0.2
    assert related - unrelated > 0.5


def test_matches_fp32_reference_similarities(emb: MiniLMEmbeddings) -> None:
    # Pairwise cosines from the fp32 safetensors of sentence-transformers/all-MiniLM-L6-v2
    # (numpy BERT forward, same tokenizer, mean pooling). A wrong tokenizer setting
    # (case, special tokens) or pooling moves these by far more than int8 does (<0.005).
    texts = [
        "I love hiking in the mountains",
        "Hiking on mountain trails is my favourite",
        "The stock market fell today",
        "My sister's birthday is on March 3rd.",
        "User prefers vegetarian food and dislikes mushrooms.",
        "word " * 100,
    ]
    fp32 = [0.8593, -0.0638, 0.0414, 0.1138, 0.0183, -0.06, 0.0811, 0.1223, 0.0295]
    fp32 += [-0.0059, -0.0036, 0.0756, 0.0274, -0.0125, 0.0775]
    vectors = np.array(emb.embed_documents(texts))
    sims = (vectors @ vectors.T)[np.triu_indices(len(texts), 1)]
    np.testing.assert_allclose(sims, fp32, atol=0.01)


def test_batch_equals_one_by_one(emb: MiniLMEmbeddings) -> None:
    # Very different lengths in one batch: wrong padding or masking changes the
    # short texts' vectors, so this proves the mask is honoured.
    texts = ["hi", "short text", "word " * 200, "I moved to Lisbon last spring.", ""]
    batched = np.array(emb.embed_documents(texts))
    single = np.array([emb.embed_query(t) for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_order_is_kept_across_batches() -> None:
    small = MiniLMEmbeddings(batch_size=2)
    texts = [f"memory number {i} " + "x " * (i * 7 % 23) for i in range(7)]
    batched = np.array(small.embed_documents(texts))
    single = np.array([small.embed_query(t) for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_empty_input_and_empty_string(emb: MiniLMEmbeddings) -> None:
    assert emb.embed_documents([]) == []
    (vec,) = emb.embed_documents([""])
    assert len(vec) == 384
    assert np.linalg.norm(vec) == pytest.approx(1.0, abs=1e-5)


def test_long_text_is_truncated_at_256_tokens(emb: MiniLMEmbeddings) -> None:
    base = "alpha beta gamma " * 100  # 300 words, far past 256 tokens
    # Text past the cut must not change the vector.
    assert emb.embed_query(base) == emb.embed_query(base + " completely different tail")
    tokenizer = minilm._tokenizer(256)
    assert len(tokenizer.encode(base).ids) == 256


async def test_async_matches_sync(emb: MiniLMEmbeddings) -> None:
    texts = ["coffee in the morning", "tea at night"]
    assert await emb.aembed_documents(texts) == emb.embed_documents(texts)
    assert await emb.aembed_query("tea") == emb.embed_query("tea")


def test_session_is_created_once_across_threads() -> None:
    model = MiniLMEmbeddings(intra_op_num_threads=1)
    results: list[list[float]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(model.embed_query("shared session"))
        except BaseException as err:  # noqa: BLE001 - collected for the main thread
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(r == results[0] for r in results)
    keys = [k for k in minilm._ORT_SESSIONS if k[1] == 1]
    assert len(keys) == 1


def test_missing_model_file_names_the_fix(tmp_path) -> None:
    model = MiniLMEmbeddings(model_path=tmp_path / "nope.onnx")
    with pytest.raises(ConfigError, match="model_path"):
        model.embed_query("x")


def test_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="extra"):
        MiniLMEmbeddings(model="nomic-embed-text")  # type: ignore[call-arg]


def test_async_runs_concurrently_without_error(emb: MiniLMEmbeddings) -> None:
    async def many() -> list[list[float]]:
        return await asyncio.gather(*(emb.aembed_query(f"text {i}") for i in range(6)))

    out = asyncio.run(many())
    assert len(out) == 6
    assert out[0] != out[1]


class TestMiniLMStandardUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[MiniLMEmbeddings]:
        return MiniLMEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"batch_size": 8}


class TestMiniLMStandardIntegration(EmbeddingsIntegrationTests):
    """The standard suite runs offline here: the model ships in a package."""

    @property
    def embeddings_class(self) -> type[MiniLMEmbeddings]:
        return MiniLMEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"batch_size": 8}
