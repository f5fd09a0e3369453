"""Model backends: Ollama (quality) and embedded llama.cpp + MiniLM (offline).

:func:`load_models` turns a config into a (chat model, embeddings) pair.
``auto`` picks Ollama when it answers with the configured models and falls
back to the embedded backend otherwise, saying which in one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from langmem_local.config import LocalMemoryConfig

BackendChoice = Literal["auto", "ollama", "embedded"]


@dataclass
class LoadedModels:
    """The models a LocalMemory runs on, and a one-line description of them."""

    chat_model: Any
    embeddings: Any
    backend: str
    note: str


def load_models(config: LocalMemoryConfig, backend: BackendChoice | str) -> LoadedModels:
    """Build the chat model and embeddings for ``backend``.

    Raises:
        BackendUnavailableError: ``ollama`` was asked for and does not answer.
        ModelNotFoundError: ``ollama`` answers but lacks a configured model.
        ConfigError: the embedded model files are not installed.
    """
    if backend == "auto":
        from langmem_local.backends.ollama import check_ollama

        o = config.ollama
        status = check_ollama(o.base_url, required=(o.chat_model, o.embed_model), timeout=2.0)
        if status.reachable and not status.missing:
            backend = "ollama"
            note = f"Using Ollama at {o.base_url} ({o.chat_model}, {o.embed_model})."
        else:
            backend = "embedded"
            why = (
                f"missing model(s) {', '.join(status.missing)}"
                if status.reachable
                else f"no answer at {o.base_url}"
            )
            note = (
                f"Ollama not used ({why}); using the embedded backend "
                "(llama.cpp + MiniLM, offline, lower quality)."
            )
    else:
        note = ""
    if backend == "ollama":
        from langmem_local.backends.ollama import ensure_ollama, ollama_models

        ensure_ollama(config.ollama)
        chat, emb = ollama_models(config.ollama)
        o = config.ollama
        return LoadedModels(
            chat, emb, "ollama", note or f"Using Ollama at {o.base_url} ({o.chat_model})."
        )
    if backend == "embedded":
        from langmem_local.backends.embedded import embedded_models

        chat, emb = embedded_models(config.embedded)
        return LoadedModels(
            chat, emb, "embedded", note or "Using the embedded backend (llama.cpp + MiniLM)."
        )
    from langmem_local.errors import ConfigError

    msg = f"unknown backend {backend!r}; choose 'auto', 'ollama' or 'embedded'"
    raise ConfigError(msg)
