"""Ollama backend: health check, one-line errors and the LangChain models.

Ollama failures surface as four unrelated exception types depending on which
client hit them (``httpx.ConnectError`` from :class:`~langchain_ollama.ChatOllama`,
a bare ``ConnectionError`` from :class:`~langchain_ollama.OllamaEmbeddings`,
``ollama.ResponseError`` for a model never pulled, ``httpx`` timeouts). This
module turns every one of them into a :class:`~langmem_local.errors.LangmemError`
whose message names the server, the problem and the fix, so the CLI can print
one line instead of a traceback.

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

import functools
import inspect
import socket
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import httpx
from langchain_ollama import ChatOllama, OllamaEmbeddings
from ollama import ResponseError
from pydantic import BaseModel, Field

from langmem_local.config import OllamaSettings, ollama_base_url
from langmem_local.errors import (
    BackendTimeoutError,
    BackendUnavailableError,
    ConfigError,
    LangmemError,
    ModelNotFoundError,
)

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

_F = TypeVar("_F", bound=Callable[..., Any])

_START_HINT = "Start it with `ollama serve`, or set OLLAMA_HOST to where it runs."


# --------------------------------------------------------------------------- #
# URLs, model names and messages
# --------------------------------------------------------------------------- #


def _normalize_url(base_url: str | None) -> str:
    """Give ``base_url`` a scheme (as ``OLLAMA_HOST`` may omit it) and no trailing slash."""
    url = (base_url or ollama_base_url()).strip()
    if "://" not in url:
        url = f"http://{url}"
    return url.rstrip("/")


def _display_url(base_url: str | None) -> str:
    """Format the URL for messages: normalized, any ``user:password@`` removed.

    Error messages end up in logs and bug reports; credentials must not.
    """
    parts = urlsplit(_normalize_url(base_url))
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _canonical_model(name: str) -> str:
    """Compare model names the way Ollama resolves them.

    ``nomic-embed-text`` means ``nomic-embed-text:latest``; the default registry
    prefix is optional; names are case-insensitive. ``llama3.2`` is *not*
    ``llama3.2:3b``: Ollama would look for ``llama3.2:latest``.
    """
    name = name.strip().lower()
    for prefix in ("registry.ollama.ai/", "library/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    # A ':' before the last '/' is a registry port, not a tag.
    if ":" not in name.rsplit("/", 1)[-1]:
        name = f"{name}:latest"
    return name


def _quote_list(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _unreachable_msg(url: str, reason: str) -> str:
    return f"Cannot reach Ollama at {url}: {reason}. {_START_HINT}"


def _missing_models_msg(url: str, names: Sequence[str]) -> str:
    if len(names) == 1:
        return f"Ollama at {url} has no model {names[0]!r}. Pull it with `ollama pull {names[0]}`."
    pulls = " && ".join(f"ollama pull {n}" for n in names)
    return f"Ollama at {url} has no models {_quote_list(names)}. Pull them with `{pulls}`."


def _timeout_msg(url: str, model: str | None, timeout_s: float | None) -> str:
    within = f"within {timeout_s:g} s" if timeout_s is not None else "in time"
    which = f" (model {model!r})" if model else ""
    return (
        f"Ollama at {url} did not answer {within}{which}. The model may still be loading "
        "or be too slow for this machine: raise `timeout_s` in OllamaSettings, use a "
        "smaller model, or check the server with `ollama ps`."
    )


def _one_line(text: str) -> str:
    """Collapse whitespace so a multi-line server message stays one line."""
    return " ".join(str(text).split())


def _connect_reason(chain: Sequence[BaseException]) -> str:
    """Why a connection failed, in words, from anywhere in the exception chain."""
    for exc in chain:
        text = str(exc).lower()
        if isinstance(exc, ConnectionRefusedError) or "refused" in text:
            return "connection refused"
        if isinstance(exc, socket.gaierror) or any(
            hint in text
            for hint in ("name or service not known", "name resolution", "nodename nor servname")
        ):
            return "unknown host name"
        if isinstance(exc, ConnectionResetError) or "reset by peer" in text:
            return "connection reset by the server"
        if isinstance(exc, httpx.ConnectTimeout) or "timed out" in text:
            return "connection timed out"
        if "unreachable" in text:
            return "network unreachable"
    return "connection failed"


# --------------------------------------------------------------------------- #
# Error translation
# --------------------------------------------------------------------------- #


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception it was raised from or during, outermost first.

    ``__context__`` is followed even when ``raise ... from None`` suppressed it:
    the ollama client hides the ``httpx.ConnectError`` that says *why* it failed.
    """
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def translate_ollama_error(
    exc: BaseException,
    *,
    base_url: str | None,
    model: str | None,
    timeout_s: float | None = None,
) -> LangmemError | None:
    """Map an exception from an Ollama call to a one-line :class:`LangmemError`.

    The exception and everything in its ``__cause__`` / ``__context__`` chain is
    inspected, outermost first, so wrappers such as LangChain's ``ValueError``
    around a connection failure are recognised too.

    Args:
        exc: What the Ollama call raised.
        base_url: The server URL the call went to (credentials are stripped).
        model: The model the call used, named in the message.
        timeout_s: The client timeout, named in timeout messages.

    Returns:
        ``BackendUnavailableError`` (server down, unreachable or failing),
        ``ConfigError`` (the URL itself is unusable),
        ``ModelNotFoundError`` (model not pulled), ``BackendTimeoutError`` (no
        answer in time), ``exc`` itself if it already is a ``LangmemError``, or
        ``None`` when the exception is not an Ollama transport or server error.

    Example:
        .. code-block:: python

            try:
                chat.invoke("hi")
            except Exception as exc:
                err = translate_ollama_error(exc, base_url=url, model="llama3.2:3b")
                if err is None:
                    raise
                raise err from exc

    """
    if isinstance(exc, LangmemError):
        return exc
    url = _display_url(base_url)
    chain = _exception_chain(exc)
    for link in chain:
        if isinstance(link, LangmemError):
            return link
        if isinstance(link, ResponseError):
            return _translate_response_error(link, url, model)
        if isinstance(link, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
            msg = (
                f"{url!r} is not a usable Ollama URL ({_one_line(str(link))}). Set "
                "OLLAMA_HOST or base_url to the server address, e.g. http://localhost:11434."
            )
            return ConfigError(msg)
        # ConnectTimeout is a TimeoutException, but means "cannot reach", not "slow".
        if isinstance(link, (httpx.ConnectError, httpx.ConnectTimeout, ConnectionError)):
            return BackendUnavailableError(_unreachable_msg(url, _connect_reason(chain)))
        if isinstance(link, (httpx.TimeoutException, TimeoutError)):
            return BackendTimeoutError(_timeout_msg(url, model, timeout_s))
        if isinstance(link, httpx.TransportError):
            # Server vanished mid-answer (crash, out of memory) or the URL is unusable.
            which = f" (model {model!r})" if model else ""
            msg = (
                f"Lost the connection to Ollama at {url}{which}: "
                f"{_one_line(str(link)) or type(link).__name__}. Check that the server is "
                "still running (`ollama ps`) and read its log; a model too large for "
                "this machine's memory makes it crash."
            )
            return BackendUnavailableError(msg)
    return None


def _translate_response_error(
    exc: ResponseError, url: str, model: str | None
) -> LangmemError | None:
    text = _one_line(exc.error)
    lowered = text.lower()
    if exc.status_code == 404 or (exc.status_code == -1 and "not found" in lowered):
        if model and ("model" in lowered or "pull" in lowered):
            return ModelNotFoundError(_missing_models_msg(url, [model]))
        # A 404 that is not about a model: the URL does not lead to Ollama's API.
        msg = (
            f"Ollama at {url} answered 404 ({text or 'not found'}): is this an Ollama "
            "server? Set OLLAMA_HOST to the address `ollama serve` listens on."
        )
        return BackendUnavailableError(msg)
    if exc.status_code >= 500:
        which = f" model {model!r}" if model else ""
        msg = (
            f"Ollama at {url} failed to run{which}: {text} (HTTP {exc.status_code}). "
            "Check the Ollama server log; if the model does not fit in memory, use a "
            "smaller one."
        )
        return BackendUnavailableError(msg)
    # 400-class answers to a well-formed server mean a bug in the request: keep the
    # original exception and its traceback.
    return None


class _TranslatesOllamaErrors:
    """Mixin for LangChain Ollama models: re-raise call errors as LangmemErrors.

    Relies on the ``base_url``, ``model`` and ``client_kwargs`` fields that both
    ``ChatOllama`` and ``OllamaEmbeddings`` define.
    """

    base_url: str | None
    model: str
    client_kwargs: dict | None

    def _timeout_s(self) -> float | None:
        timeout = (self.client_kwargs or {}).get("timeout")
        if isinstance(timeout, httpx.Timeout):
            # Streaming calls wait on reads; that is the limit users hit.
            return timeout.read
        return float(timeout) if isinstance(timeout, (int, float)) else None

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except LangmemError:
            raise
        except Exception as exc:
            translated = translate_ollama_error(
                exc, base_url=self.base_url, model=self.model, timeout_s=self._timeout_s()
            )
            if translated is None:
                raise
            raise translated from exc


def _translating(method: _F) -> _F:
    """Wrap a model method so Ollama errors leave it as one-line LangmemErrors.

    Handles the four shapes LangChain model methods take (function, coroutine,
    generator, async generator) so each override is a single line.
    """
    if inspect.isasyncgenfunction(method):

        @functools.wraps(method)
        async def async_gen(self: _TranslatesOllamaErrors, *args: Any, **kwargs: Any) -> Any:
            with self._translated_errors():
                async for item in method(self, *args, **kwargs):
                    yield item

        return cast(_F, async_gen)
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def coroutine(self: _TranslatesOllamaErrors, *args: Any, **kwargs: Any) -> Any:
            with self._translated_errors():
                return await method(self, *args, **kwargs)

        return cast(_F, coroutine)
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def gen(self: _TranslatesOllamaErrors, *args: Any, **kwargs: Any) -> Any:
            with self._translated_errors():
                yield from method(self, *args, **kwargs)

        return cast(_F, gen)

    @functools.wraps(method)
    def function(self: _TranslatesOllamaErrors, *args: Any, **kwargs: Any) -> Any:
        with self._translated_errors():
            return method(self, *args, **kwargs)

    return cast(_F, function)


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


# --------------------------------------------------------------------------- #
# Health check
# --------------------------------------------------------------------------- #


class OllamaStatus(BaseModel):
    """What an Ollama server said about itself; built by :func:`check_ollama`.

    Example:
        .. code-block:: python

            status = check_ollama("http://localhost:11434", required=["llama3.2:3b"])
            if not status.ok:
                print(status.error)

    """

    base_url: str
    """The server URL that was checked (without credentials)."""
    reachable: bool = False
    """Whether an Ollama server answered at ``base_url``."""
    version: str | None = None
    """Server version from ``/api/version``, when reachable."""
    models: list[str] = Field(default_factory=list)
    """Installed model names from ``/api/tags``, as Ollama lists them."""
    missing: list[str] = Field(default_factory=list)
    """Required model names that are not installed, as they were asked for."""
    error: str | None = None
    """One-line problem and fix; ``None`` when reachable with every required model."""

    @property
    def ok(self) -> bool:
        """Reachable and every required model installed."""
        return self.reachable and not self.missing


# The probe is written once as a generator that yields the API paths it needs
# and receives the responses; small drivers run it over sync or async httpx.
_Probe = Generator[str, httpx.Response, OllamaStatus]


def _probe(url: str, required: Sequence[str]) -> _Probe:
    version_response = yield "/api/version"
    if version_response.status_code != 200:
        msg = (
            f"Something answers at {url} but it is not Ollama (GET /api/version gave "
            f"HTTP {version_response.status_code}). Set OLLAMA_HOST to the address "
            "`ollama serve` listens on."
        )
        return OllamaStatus(base_url=url, error=msg)
    version = str(version_response.json().get("version", "")) or None
    tags_response = yield "/api/tags"
    tags_response.raise_for_status()
    models = [
        str(entry.get("name") or entry.get("model"))
        for entry in tags_response.json().get("models") or []
        if entry.get("name") or entry.get("model")
    ]
    installed = {_canonical_model(m) for m in models}
    missing = [name for name in required if _canonical_model(name) not in installed]
    return OllamaStatus(
        base_url=url,
        reachable=True,
        version=version,
        models=models,
        missing=missing,
        error=_missing_models_msg(url, missing) if missing else None,
    )


def _probe_failed(url: str, exc: Exception, timeout: float) -> OllamaStatus:
    translated = translate_ollama_error(exc, base_url=url, model=None, timeout_s=timeout)
    if isinstance(translated, BackendTimeoutError):
        # A health check that times out has not reached a working server.
        message = _unreachable_msg(url, f"no answer within {timeout:g} s")
    elif translated is not None:
        message = str(translated)
    else:  # e.g. a body that is not JSON or not shaped like Ollama's
        message = (
            f"Something answers at {url} but it is not Ollama "
            f"({_one_line(f'{type(exc).__name__}: {exc}')}). Set OLLAMA_HOST to the "
            "address `ollama serve` listens on."
        )
    return OllamaStatus(base_url=url, error=message)


def _client_options(base_url: str, timeout: float) -> tuple[str, str, dict[str, Any]]:
    """Return the display URL, the URL to connect to, and httpx client options."""
    return _display_url(base_url), _normalize_url(base_url), {"timeout": timeout}


def check_ollama(
    base_url: str | None = None,
    required: Sequence[str] = (),
    timeout: float = 3.0,
    *,
    transport: httpx.BaseTransport | None = None,
) -> OllamaStatus:
    """Ask an Ollama server for its version and installed models. Never raises.

    Args:
        base_url: Server URL; ``None`` uses ``OLLAMA_HOST`` or localhost.
        required: Model names that must be installed; ``"nomic-embed-text"``
            matches ``"nomic-embed-text:latest"``, ``"llama3.2:3b"`` needs that tag.
        timeout: Seconds for each request; keep it short, this is a probe.
        transport: httpx transport override (tests inject ``httpx.MockTransport``).

    Returns:
        The :class:`OllamaStatus`; ``status.error`` holds the one-line problem.

    Example:
        .. code-block:: python

            status = check_ollama(required=["llama3.2:3b", "nomic-embed-text"])
            print(status.ok, status.version, status.missing)

    """
    url, target, options = _client_options(base_url, timeout)
    probe = _probe(url, required)
    try:
        with httpx.Client(base_url=target, transport=transport, **options) as client:
            path = next(probe)
            while True:
                path = probe.send(client.get(path))
    except StopIteration as done:
        return cast(OllamaStatus, done.value)
    except Exception as exc:
        return _probe_failed(url, exc, timeout)


async def acheck_ollama(
    base_url: str | None = None,
    required: Sequence[str] = (),
    timeout: float = 3.0,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> OllamaStatus:
    """Async :func:`check_ollama`; same arguments and result. Never raises.

    Example:
        .. code-block:: python

            status = await acheck_ollama(required=["nomic-embed-text"])

    """
    url, target, options = _client_options(base_url, timeout)
    probe = _probe(url, required)
    try:
        async with httpx.AsyncClient(base_url=target, transport=transport, **options) as client:
            path = next(probe)
            while True:
                path = probe.send(await client.get(path))
    except StopIteration as done:
        return cast(OllamaStatus, done.value)
    except Exception as exc:
        return _probe_failed(url, exc, timeout)


def ensure_ollama(settings: OllamaSettings, *, timeout: float = 3.0) -> OllamaStatus:
    """Check that Ollama runs and has the chat and embedding models, or raise.

    Args:
        settings: Server URL and the two model names to require.
        timeout: Seconds for each probe request.

    Returns:
        The :class:`OllamaStatus` of a usable server.

    Raises:
        BackendUnavailableError: No Ollama server answers at ``settings.base_url``.
        ModelNotFoundError: A required model is not pulled; the message says how.

    Example:
        .. code-block:: python

            try:
                ensure_ollama(OllamaSettings())
            except LangmemError as err:
                sys.exit(str(err))

    """
    required = list(dict.fromkeys([settings.chat_model, settings.embed_model]))
    status = check_ollama(settings.base_url, required, timeout)
    msg = status.error or ""
    if not status.reachable:
        raise BackendUnavailableError(msg)
    if status.missing:
        raise ModelNotFoundError(msg)
    return status
