"""Search as of a past moment: rank the versions that were true then.

Mixed into :class:`langmem_local.retrieval.Retrieval` (whose stores, embedder
and ranking settings it uses). ``search(..., as_of=...)`` lands here: the
versions valid at that time are scanned exactly (few per user), with word
overlap as the keyword evidence.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langmem_local.filters import matches
from langmem_local.ingest_text import normalise_text


class AsOfSearch:
    """The ``as_of`` search of :class:`~langmem_local.retrieval.Retrieval`."""

    _db: Any
    _graph: Any
    embeddings: Any
    config: Any

    def _as_of(
        self,
        query: str,
        user_id: str,
        limit: int,
        filters: dict[str, Any] | None,
        as_of: datetime,
    ) -> dict[str, Any]:
        """Rank the versions that were true at ``as_of`` (brute-force cosine)."""
        import numpy as np

        versions = [
            v
            for v in self._db.versions_as_of(user_id, as_of)
            if v["embedding"] is not None and matches(v["metadata"], filters)
        ]
        if not versions:
            return {"results": [], "relations": self._graph.search(user_id, query, as_of=as_of)}
        q = np.asarray(self.embeddings.embed_query(query), np.float32)
        q /= np.linalg.norm(q) or 1.0
        mat = np.stack([v["embedding"] for v in versions])
        mat /= np.linalg.norm(mat, axis=1, keepdims=True).clip(min=1e-12)
        sims = mat @ q
        # Few versions per user: a brute-force scan beats keeping a second
        # vector index of superseded texts. Keyword evidence is word overlap.
        kw_weight = self.config.ranking.keyword_weight
        terms = set(normalise_text(query).split())
        results = []
        for v, sim in zip(versions, sims, strict=True):
            words = set(normalise_text(v["text"]).split())
            overlap = len(terms & words) / max(1, len(terms))
            rel = (1 - kw_weight) * max(0.0, float(sim)) + kw_weight * overlap
            results.append(
                {
                    "id": v["memory_id"],
                    "memory": v["text"],
                    "score": round(rel, 6),
                    "score_breakdown": {"relevance": round(rel, 6), "score": round(rel, 6)},
                    "metadata": v["metadata"],
                    "user_id": user_id,
                    "valid_from": v["valid_from"],
                    "valid_to": v["valid_to"],
                    "created_at": v["recorded_at"],
                    "updated_at": v["recorded_at"],
                }
            )
        results.sort(key=lambda r: r["score"], reverse=True)
        return {
            "results": results[:limit],
            "relations": self._graph.search(user_id, query, as_of=as_of),
        }
