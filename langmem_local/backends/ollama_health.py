"""Ollama health check: is the server up, which version, are the models pulled.

:func:`check_ollama` / :func:`acheck_ollama` probe ``/api/version`` and
``/api/tags`` and never raise (the problem is in :attr:`OllamaStatus.error`);
:func:`ensure_ollama` raises the one-line error instead.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any, cast

import httpx
from pydantic import BaseModel, Field

from langmem_local.backends.ollama_errors import (
    _canonical_model,
    _display_url,
    _missing_models_msg,
    _normalize_url,
    _one_line,
    _unreachable_msg,
    translate_ollama_error,
)
from langmem_local.config import OllamaSettings
from langmem_local.errors import BackendTimeoutError, BackendUnavailableError, ModelNotFoundError

__all__ = ["OllamaStatus", "acheck_ollama", "check_ollama", "ensure_ollama"]


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
