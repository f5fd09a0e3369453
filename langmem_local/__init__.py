"""langmem-local: local-first long-term memory for LangChain and LangGraph agents.

Mem0 stores, Ollama (or in-process llama.cpp) thinks, nothing leaves the machine.

Example:
    .. code-block:: python

        from langmem_local import LocalMemory

        memory = LocalMemory(backend="embedded")
        memory.add("I love hiking in Colorado", user_id="sarah")
        memory.search("outdoor hobbies", user_id="sarah")
"""

from __future__ import annotations

# Telemetry off before anything can import mem0 or chromadb.
import langmem_local._privacy  # noqa: F401
from langmem_local.config import LocalMemoryConfig
from langmem_local.errors import (
    BackendTimeoutError,
    BackendUnavailableError,
    ConfigError,
    EmbedderMismatchError,
    ExtractionError,
    LangmemError,
    MemoryNotFoundError,
    ModelNotFoundError,
    ScopeError,
)

__version__ = "0.1.0"

__all__ = [
    "BackendTimeoutError",
    "BackendUnavailableError",
    "ConfigError",
    "EmbedderMismatchError",
    "ExtractionError",
    "LangmemError",
    "LocalMemory",
    "LocalMemoryConfig",
    "Mem0Retriever",
    "Mem0Store",
    "MemoryMiddleware",
    "MemoryNotFoundError",
    "ModelNotFoundError",
    "RemoteMemory",
    "ScopeError",
]

_LAZY = {
    "LocalMemory": "langmem_local.memory",
    "Mem0Retriever": "langmem_local.retriever",
    "Mem0Store": "langmem_local.store",
    "MemoryMiddleware": "langmem_local.middleware",
    "RemoteMemory": "langmem_local.remote",
}


def __getattr__(name: str) -> object:
    # Lazy: importing the package stays cheap (the CLI's --help, LangGraph Studio).
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    msg = f"module 'langmem_local' has no attribute {name!r}"
    raise AttributeError(msg)
