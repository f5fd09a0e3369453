"""Ollama failures as one-line errors: every client exception mapped to a LangmemError.

Ollama failures surface as four unrelated exception types depending on which
client hit them (``httpx.ConnectError`` from :class:`~langchain_ollama.ChatOllama`,
a bare ``ConnectionError`` from :class:`~langchain_ollama.OllamaEmbeddings`,
``ollama.ResponseError`` for a model never pulled, ``httpx`` timeouts).
:func:`translate_ollama_error` turns every one of them into a
:class:`~langmem_local.errors.LangmemError` whose message names the server, the
problem and the fix; :func:`_translating` wraps model methods so they raise it.
The URL and message helpers are shared with
:mod:`~langmem_local.backends.ollama_health`.
"""

from __future__ import annotations

import functools
import inspect
import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import httpx
from ollama import ResponseError

from langmem_local.config import ollama_base_url
from langmem_local.errors import (
    BackendTimeoutError,
    BackendUnavailableError,
    ConfigError,
    LangmemError,
    ModelNotFoundError,
)

__all__ = ["translate_ollama_error"]

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
