"""The data directory's embedder manifest and the lazily opened vector index.

Mixed into :class:`~langmem_local.memory.LocalMemory`: the vector index opens
on first use, after :meth:`_VectorsMixin._check_manifest` refused to mix
vectors of different embedders (:func:`embedder_identity` names them) in one
data directory. Relies on the stores and config set by ``LocalMemory.__init__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langmem_local.errors import EmbedderMismatchError
from langmem_local.stores.sqlite import iso, utcnow

__all__ = ["embedder_identity"]


def embedder_identity(embeddings: Any) -> str:
    """A stable name for an embeddings object, recorded in the data directory."""
    explicit = getattr(embeddings, "model_id", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    model = getattr(embeddings, "model", None) or getattr(embeddings, "model_name", None)
    return f"{type(embeddings).__name__}:{model}" if model else type(embeddings).__name__


class _VectorsMixin:
    """Manifest check, vector index opening and embedding for :class:`LocalMemory`."""

    @property
    def _vectors(self) -> Any:
        """The derived vector index, opened on first use after the manifest check."""
        if self._vectors_obj is None:
            with self._open_lock:
                if self._vectors_obj is None:
                    self._vectors_obj = self._stores.open_vectors(self._check_manifest())
        return self._vectors_obj

    def _index(self) -> Any:
        return self._vectors

    def _check_manifest(self) -> int:
        """Refuse to mix vectors from different embedders in one data directory."""
        ident = embedder_identity(self.embeddings)
        manifest = self._db.manifest()
        stored_dims = int(manifest["embedding_dims"]) if "embedding_dims" in manifest else None
        if manifest.get("embedder") and manifest["embedder"] != ident:
            msg = (
                f"{self._stores.location} was built with embedder {manifest['embedder']!r} "
                f"({stored_dims} dims) but this LocalMemory uses {ident!r}. Vectors from "
                "different models cannot be mixed. Open it with the original embedder, use "
                "another data directory, or migrate: `langmem-local memories export` with the "
                "old embedder, then `langmem-local --data-dir NEW memories import` "
                "(re-embeds every memory)."
            )
            raise EmbedderMismatchError(msg)
        dims = stored_dims or len(self.embeddings.embed_query("dimension probe"))
        if self.config.embedding_dims and self.config.embedding_dims != dims:
            msg = (
                f"config says embedding_model_dims={self.config.embedding_dims} but embedder "
                f"{ident!r} produces {dims}-dimensional vectors; fix embedding_model_dims"
            )
            raise EmbedderMismatchError(msg)
        if not manifest.get("embedder"):
            self._db.set_manifest(
                {
                    "embedder": ident,
                    "embedding_dims": str(dims),
                    "vector_store": self.config.vector_store,
                    "schema_version": "1",
                    "created_at": iso(utcnow()) or "",
                }
            )
        return dims

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, v)) for v in self.embeddings.embed_documents(list(texts))]
