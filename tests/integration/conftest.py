"""Fixtures for tests that need a real Ollama server (marker ``ollama``).

They run against ``OLLAMA_HOST`` (or ``http://localhost:11434``) and skip, with
the reason and the fix, when no server answers or a model is not pulled.
"""

from __future__ import annotations

import pytest

from langmem_local.backends.ollama import check_ollama
from langmem_local.config import OllamaSettings


@pytest.fixture(scope="module")
def ollama_settings() -> OllamaSettings:
    """Settings for the live server; skips the module's tests when it is unusable."""
    settings = OllamaSettings()
    status = check_ollama(settings.base_url, required=[settings.chat_model, settings.embed_model])
    if not status.reachable:
        pytest.skip(
            f"Ollama not reachable at {status.base_url}: start `ollama serve` to run these tests"
        )
    if status.missing:
        pytest.skip(f"{status.error} Then rerun these tests.")
    return settings
