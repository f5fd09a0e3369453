"""Ollama backend: health check, one-line errors and the LangChain models.

Ollama failures surface as four unrelated exception types depending on which
client hit them (``httpx.ConnectError`` from :class:`~langchain_ollama.ChatOllama`,
a bare ``ConnectionError`` from :class:`~langchain_ollama.OllamaEmbeddings`,
``ollama.ResponseError`` for a model never pulled, ``httpx`` timeouts). The
backend turns every one of them into a :class:`~langmem_local.errors.LangmemError`
whose message names the server, the problem and the fix, so the CLI can print
one line instead of a traceback.

The error mapping lives in :mod:`~langmem_local.backends.ollama_errors`, the
health check in :mod:`~langmem_local.backends.ollama_health`; this module holds
the two LangChain models and re-exports the rest.

Example:
    .. code-block:: python

        from langmem_local.backends.ollama import ensure_ollama, ollama_models
        from langmem_local.config import OllamaSettings

        settings = OllamaSettings()
        ensure_ollama(settings)  # raises BackendUnavailableError / ModelNotFoundError
        chat, embeddings = ollama_models(settings)
        schema = {"type": "object", "properties": {"facts": {"type": "array"}}}
        reply = chat.invoke("List facts: I live in Lyon.", format=schema)

"""

from __future__ import annotations

from langchain_ollama import ChatOllama, OllamaEmbeddings

from langmem_local.backends.ollama_errors import (
    _TranslatesOllamaErrors,
    _translating,
    translate_ollama_error,
)
from langmem_local.backends.ollama_health import (
    OllamaStatus,
    acheck_ollama,
    check_ollama,
    ensure_ollama,
)
from langmem_local.config import OllamaSettings

__all__ = [
    "OllamaChatModel",
    "OllamaEmbeddingsModel",
    "OllamaStatus",
    "acheck_ollama",
    "check_ollama",
    "ensure_ollama",
    "ollama_models",
    "translate_ollama_error",
]


# --------------------------------------------------------------------------- #
# Models
# --------------------------------------------------------------------------- #


class OllamaChatModel(_TranslatesOllamaErrors, ChatOllama):
    """``ChatOllama`` whose failures are one-line :class:`LangmemError` s.

    Sync, async and streaming calls raise ``BackendUnavailableError``,
    ``ModelNotFoundError`` or ``BackendTimeoutError`` (chained ``from`` the
    original exception) instead of raw ``httpx`` / ``ollama`` errors.

    Schema-constrained JSON: pass Ollama's ``format`` per call, either as an
    ``invoke`` keyword or bound once; both reach the request body.

    Example:
        .. code-block:: python

            chat = OllamaChatModel(model="llama3.2:3b", num_ctx=8192)
            schema = {"type": "object", "properties": {"name": {"type": "string"}},
                      "required": ["name"]}
            reply = chat.invoke("My name is Ada. Reply in JSON.", format=schema)
            json.loads(reply.content)  # {"name": "Ada"}
            extractor = chat.bind(format=schema)  # same, for reuse in a chain

    """

    # Plain assignments, not annotations: pydantic would turn annotated
    # underscore names into private attributes.
    _generate = _translating(ChatOllama._generate)
    _agenerate = _translating(ChatOllama._agenerate)
    _stream = _translating(ChatOllama._stream)
    _astream = _translating(ChatOllama._astream)


class OllamaEmbeddingsModel(_TranslatesOllamaErrors, OllamaEmbeddings):
    """``OllamaEmbeddings`` whose failures are one-line :class:`LangmemError` s.

    Example:
        .. code-block:: python

            embeddings = OllamaEmbeddingsModel(model="nomic-embed-text")
            vector = embeddings.embed_query("I live in Lyon")
            len(vector)  # 768

    """

    embed_documents = _translating(OllamaEmbeddings.embed_documents)
    embed_query = _translating(OllamaEmbeddings.embed_query)
    aembed_documents = _translating(OllamaEmbeddings.aembed_documents)
    aembed_query = _translating(OllamaEmbeddings.aembed_query)


def ollama_models(settings: OllamaSettings) -> tuple[OllamaChatModel, OllamaEmbeddingsModel]:
    """Build the chat model and the embeddings configured by ``settings``.

    ``num_ctx`` is always sent: Ollama's default context (2048/4096 tokens)
    silently drops the start of longer prompts, i.e. the extraction instructions.

    Args:
        settings: Server URL, model names, sampling and timeout.

    Returns:
        ``(chat_model, embeddings)``; neither contacts the server until used.

    Example:
        .. code-block:: python

            chat, embeddings = ollama_models(OllamaSettings(chat_model="qwen2.5:3b"))

    """
    client_kwargs = {"timeout": settings.timeout_s}
    chat = OllamaChatModel(
        model=settings.chat_model,
        base_url=settings.base_url,
        temperature=settings.temperature,
        num_predict=settings.max_tokens,
        num_ctx=settings.num_ctx,
        client_kwargs=dict(client_kwargs),
    )
    embeddings = OllamaEmbeddingsModel(
        model=settings.embed_model,
        base_url=settings.base_url,
        client_kwargs=dict(client_kwargs),
    )
    return chat, embeddings
