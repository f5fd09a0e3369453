"""The Ollama backend against a real server; skipped unless Ollama runs."""

from __future__ import annotations

import json

import pytest

from langmem_local.backends.ollama import ensure_ollama, ollama_models
from langmem_local.config import OllamaSettings
from langmem_local.errors import ModelNotFoundError

pytestmark = pytest.mark.ollama

SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "city": {"type": "string"}},
    "required": ["name", "city"],
}


def test_ensure_ollama_passes(ollama_settings: OllamaSettings) -> None:
    status = ensure_ollama(ollama_settings)
    assert status.ok and status.version


def test_chat_returns_schema_constrained_json(ollama_settings: OllamaSettings) -> None:
    chat, _ = ollama_models(ollama_settings)
    reply = chat.invoke(
        [("system", "Answer with JSON only."), ("human", "I am Ada and I live in Lyon.")],
        format=SCHEMA,
    )
    data = json.loads(str(reply.content))
    assert set(SCHEMA["required"]) <= set(data)
    assert "ada" in data["name"].lower()


async def test_embeddings_have_dimensions(ollama_settings: OllamaSettings) -> None:
    _, embeddings = ollama_models(ollama_settings)
    vectors = embeddings.embed_documents(["I live in Lyon", "Ada writes programs"])
    query = await embeddings.aembed_query("Where do I live?")
    assert len(vectors) == 2
    assert len(vectors[0]) == len(vectors[1]) == len(query) > 0


def test_unknown_model_gives_pull_hint(ollama_settings: OllamaSettings) -> None:
    settings = ollama_settings.model_copy(update={"chat_model": "langmem-no-such-model:1b"})
    chat, _ = ollama_models(settings)
    with pytest.raises(ModelNotFoundError, match="ollama pull langmem-no-such-model:1b"):
        chat.invoke("hi")
