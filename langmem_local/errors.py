"""Errors raised by langmem-local.

Every error names the problem and the fix in its message, so the CLI can print
``str(err)`` as one line instead of a traceback.
"""

from __future__ import annotations


class LangmemError(Exception):
    """Base class for every error langmem-local raises on purpose."""


class ConfigError(LangmemError, ValueError):
    """A configuration value is missing, unknown or inconsistent."""


class BackendUnavailableError(LangmemError, ConnectionError):
    """The model server cannot be reached (e.g. Ollama is not running)."""


class ModelNotFoundError(LangmemError, LookupError):
    """The model server answers but does not have the model (not pulled)."""


class BackendTimeoutError(LangmemError, TimeoutError):
    """The model server did not answer in time."""


class EmbedderMismatchError(LangmemError, ValueError):
    """The data directory was built with another embedding model or dimension."""


class MemoryNotFoundError(LangmemError, KeyError):
    """No memory has the given id."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable.
        return str(self.args[0]) if self.args else "memory not found"


class ExtractionError(LangmemError, RuntimeError):
    """The LLM returned no valid extraction even after the repair retry."""


class ScopeError(LangmemError, PermissionError):
    """A request names a user outside the fixed scope of an MCP or HTTP server."""


class AuthenticationError(LangmemError, PermissionError):
    """A request to ``langmem-local serve`` carried no API token or a wrong one."""


class ServerClosingError(LangmemError, ConnectionError):
    """The server is shutting down and takes no new work."""
