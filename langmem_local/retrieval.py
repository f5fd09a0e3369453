"""The search path: hybrid retrieval, then ranking, top-down.

:meth:`Retrieval.search`: embed the query (speaker names dropped); dense
candidates from the derived vector index (ids this user owns in the source of
truth only) and BM25 candidates from the keyword index; fuse and speaker boost
(:mod:`langmem_local.hybrid`); rerank the fused head with the learned model
(:mod:`langmem_local.rerank`); graph bonus for memories linked to
entities the query names; filters and TTL; relevance x recency x importance
(:mod:`langmem_local.ranking`) with an exact ``score_breakdown``; relations
around the answer. ``as_of`` searches the versions that were true then
(:mod:`langmem_local.retrieval_as_of`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from langmem_local import hybrid, ranking, rerank, rerank_vectors, validation
from langmem_local.access import AccessLog
from langmem_local.bm25 import stem_terms
from langmem_local.config import LocalMemoryConfig
from langmem_local.filters import matches
from langmem_local.retrieval_as_of import AsOfSearch
from langmem_local.row_cache import rows_for
from langmem_local.stores.protocols import (
    GraphStoreProtocol,
    KeywordIndexProtocol,
    MetadataStoreProtocol,
    VectorIndexProtocol,
)
from langmem_local.stores.sqlite import from_iso, utcnow


class _Candidate(NamedTuple):
    """One retrieved memory (a named tuple: a frozen dataclass cost 1 us each, 40 a search)."""

    memory_id: str
    relevance: float
    cosine: float | None
    bm25: float | None


@lru_cache(maxsize=65536)
def _terms(text: str) -> tuple[str, ...]:
    """Stems of a memory's text, cached in this process.

    The same memories come back query after query; stemming the reranker's
    60-150 texts anew cost 1.5 ms of a 7 ms search at 10k memories.
    """
    return tuple(stem_terms(text))


@lru_cache(maxsize=65536)
def _instant(value: str | None) -> datetime | None:
    """:func:`from_iso`, cached (datetimes are immutable: sharing them is safe).

    The same rows' timestamps are parsed query after query: two parses per
    candidate, 40 candidates a search.
    """
    return from_iso(value)


def _json_copy(value: Any) -> Any:
    """A copy of decoded JSON (dicts and lists copied at every level, scalars shared)."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    return value


def _unit(vector: Any) -> np.ndarray:
    v = np.asarray(vector, dtype=np.float32)
    return v / (float(np.linalg.norm(v)) or 1.0)


@dataclass
class RerankInputs:
    """What one query's retrieval gathered before the reranker ran.

    Attributes:
        fused: ``(id, relevance)`` from :func:`langmem_local.hybrid.retrieve`, best first.
        dense: ``(id, cosine)`` from the vector index.
        keyword: ``(id, bm25)`` from the keyword index.
        speakers: The user's speaker names.
        rows: Stored rows of the reranked candidates and their neighbours.
        candidates: The reranked candidates (the fused head), best first.
        neighbours: Every candidate and neighbour by id.
        idf: IDF of the keyword query's stemmed terms.
    """

    fused: list[tuple[str, float]]
    dense: list[tuple[str, float]]
    keyword: list[tuple[str, float]]
    speakers: list[str]
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    candidates: list[rerank.Candidate] = field(default_factory=list)
    neighbours: dict[str, rerank.Candidate] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)


class Retrieval(AsOfSearch):
    """Searches one data directory.

    Args:
        config: Engine configuration (ranking weights).
        db: The source of truth.
        keyword: The keyword index.
        graph: The entity graph store.
        embeddings: Embeds queries.
        index: Returns the derived vector index (opened lazily by the engine).

    Example:
        .. code-block:: python

            retrieval = Retrieval(config, db, keyword, graph, embeddings, index=get_index)
            retrieval.search("Where does Sarah live?", user_id="sarah")["results"]
    """

    def __init__(
        self,
        config: LocalMemoryConfig,
        db: MetadataStoreProtocol,
        keyword: KeywordIndexProtocol,
        graph: GraphStoreProtocol,
        embeddings: Any,
        *,
        index: Callable[[], VectorIndexProtocol],
        access: Callable[[], AccessLog],
    ) -> None:
        self.config = config
        self._db = db
        self._keyword = keyword
        self._graph = graph
        self.embeddings = embeddings
        self._index = index
        self._access = access
        # Decoded rows of the search path, in memory while unchanged (embedded store).
        self._rows = rows_for(db)

    def retrieve(
        self, query: str, user_id: str, limit: int
    ) -> tuple[list[_Candidate], dict[str, dict[str, Any]]]:
        """Hybrid candidates, reranked, then put on an absolute scale.

        Dense and keyword candidates are fused and turns by the one speaker a
        query names are boosted (:mod:`langmem_local.hybrid`); the reranker
        (:mod:`langmem_local.rerank`) re-orders the first
        :data:`~langmem_local.rerank.POOL` by a linear model (unless
        ``config.ranking.rerank`` is off). Relevance has the best candidate at
        1.0; multiplying by the best cosine keeps "best of poor matches" from
        looking like a perfect match next to recency and importance.
        """
        inputs = self.rerank_inputs(query, user_id, limit)
        hits = inputs.fused
        if self.config.ranking.rerank and inputs.candidates:
            order = rerank.rerank(
                query,
                inputs.candidates,
                neighbours=inputs.neighbours,
                idf=inputs.idf,
                speakers=inputs.speakers,
            )
            # Beyond the reranked head (large limits, filters) the fused order
            # continues, scaled below the head's last relevance.
            floor = order[-1][1]
            head = {c.memory_id for c in inputs.candidates}
            hits = order + [(i, rel * floor) for i, rel in hits if i not in head]
        cosine, bm25 = dict(inputs.dense), dict(inputs.keyword)
        scale = max(0.0, min(1.0, max(cosine.values(), default=0.0)))
        if inputs.keyword:
            scale = max(scale, 0.5)  # a keyword match is real evidence on its own
        candidates = [
            _Candidate(i, rel * scale, cosine.get(i), bm25.get(i)) for i, rel in hits[:limit]
        ]
        kept = {c.memory_id for c in candidates}
        rows = {i: r for i, r in inputs.rows.items() if i in kept}
        missing = [i for i in kept if i not in rows]
        return candidates, {**rows, **self._rows.get(missing)}

    def rerank_inputs(self, query: str, user_id: str, limit: int) -> RerankInputs:
        """Everything the reranker sees for one query (``benchmarks/rerank_fit.py`` fits on it).

        One embedding, one dense and one keyword search, the fused list, and
        for its first :data:`~langmem_local.rerank.POOL` entries their rows,
        their previous / next memories, the vectors of those not among the
        dense hits, and the IDF of the query's terms.
        """
        speakers = self._db.speakers(user_id)
        keyword_query = hybrid.keyword_query(query, speakers)
        dense_query = hybrid.dense_query(query, speakers)
        vector = [float(x) for x in self.embeddings.embed_query(dense_query)]
        pool = max(limit, hybrid.CANDIDATES)
        # An index query runs on a helper thread while the keyword leg runs here.
        dense_leg = self._index().start_search(
            vector, user_id=user_id, limit=pool, user_share=self._db.user_share(user_id)
        )
        # Deeper than the fused pool when turns have neighbours: the reranker
        # reads their BM25 from it.
        depth = pool + rerank.POOL * 2 if speakers and self.config.ranking.rerank else pool
        keyword_all = self._keyword.search(user_id, keyword_query, depth)
        dense = dense_leg()
        keyword = keyword_all[:pool]
        ids = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in keyword]))
        # Only the speaker of every candidate is needed to fuse; full rows only of the kept.
        speaker_of = self._rows.speakers_of(ids) if speakers else {}
        # Neighbour expansion is off by default (hybrid.NEIGHBOUR_BETA): no look-up then.
        prev_of, next_of = self._rows.neighbours(ids) if hybrid.NEIGHBOUR_BETA > 0 else ({}, {})
        fused = hybrid.retrieve(
            query,
            dense,
            keyword,
            speaker_of=speaker_of,
            speakers=speakers,
            prev_of=prev_of,
            next_of=next_of,
            k=max(pool, rerank.POOL),
            # No keyword evidence at all: relevance is the dense signal alone.
            alpha=self.config.ranking.keyword_weight if keyword else 0.0,
        )
        inputs = RerankInputs(fused=fused, dense=dense, keyword=keyword, speakers=speakers)
        if not self.config.ranking.rerank or not fused:
            inputs.rows = self._rows.get([i for i, _ in fused[:limit]])
            return inputs
        head = [i for i, _ in fused[: rerank.POOL]]
        # Neighbour features exist only between turns (memories with a speaker).
        prev_of, next_of = self._turn_neighbours(head) if speakers else ({}, {})
        around = [i for i in dict.fromkeys([*prev_of.values(), *next_of.values()])]
        wanted = list(dict.fromkeys(head + around))
        cosine, bm25, score = dict(dense), dict(keyword_all), dict(fused)
        q = _unit(vector)
        # A second embedding only when the dense query differs (it named a speaker).
        raw = None if dense_query == query else _unit(self.embeddings.embed_query(query))
        inputs.rows, cosine_raw, context = rerank_vectors.rows_and_cosines(
            self._db,
            self._index(),
            user_id,
            wanted,
            read_rows=self._rows.get,
            q=q,
            raw=raw,
            cosine=cosine,
            head=head,
            prev_of=prev_of,
            next_of=next_of,
        )

        make = rerank.Candidate  # positional: keywords cost half the build (140 a search)

        def candidate(memory_id: str, row: dict[str, Any]) -> rerank.Candidate:
            text, speaker = row["text"], row.get("speaker")
            scores = (
                cosine.get(memory_id, 0.0),
                cosine_raw.get(memory_id, 0.0),
                bm25.get(memory_id, 0.0),
                score.get(memory_id, 0.0),
            )
            if not speaker:
                # Neighbours mean something between turns of one conversation
                # (they have a speaker); independent notes stored one after
                # another do not lend each other relevance.
                return make(memory_id, text, speaker, *scores, _terms(text))
            around = (prev_of.get(memory_id), next_of.get(memory_id), context.get(memory_id))
            return make(memory_id, text, speaker, *scores, _terms(text), *around)

        if prev_of or next_of or context:
            inputs.neighbours = {i: candidate(i, r) for i, r in inputs.rows.items()}
        else:
            # No turn has a neighbour (notes and facts, or a store without speakers):
            # every candidate is built as ``candidate`` builds one without a speaker,
            # in one comprehension (60 function calls were a tenth of rerank_inputs).
            c_of, r_of, b_of, s_of = cosine.get, cosine_raw.get, bm25.get, score.get
            inputs.neighbours = {
                i: make(
                    i,
                    t,
                    r.get("speaker"),
                    c_of(i, 0.0),
                    r_of(i, 0.0),
                    b_of(i, 0.0),
                    s_of(i, 0.0),
                    _terms(t),
                )
                for i, r in inputs.rows.items()
                for t in (r["text"],)
            }
        inputs.candidates = [inputs.neighbours[i] for i in head if i in inputs.neighbours]
        inputs.idf = self._keyword.idf(user_id, keyword_query)
        return inputs

    def _turn_neighbours(self, ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Previous and next memory of each id, and the previous one's previous.

        The keyword context of a turn spans the two turns before it
        (:data:`langmem_local.hybrid.CONTEXT_TURNS`), so the reranker's context
        coverage does too.
        """
        prev_of, next_of = self._rows.neighbours(ids)
        prev2_of, _ = self._rows.neighbours([p for p in prev_of.values() if p not in prev_of])
        return {**prev2_of, **prev_of}, next_of

    def search(
        self,
        query: str,
        *,
        user_id: str,
        limit: int = 5,
        filters: dict[str, Any] | None = None,
        as_of: datetime | date | str | None = None,
        threshold: float | None = None,
    ) -> dict[str, Any]:
        """Steps of the search path for one query (see :meth:`LocalMemory.search`)."""
        user_id = validation.user_id(user_id)
        validation.text(query, "query")
        validation.limit(limit)
        validation.filters(filters)
        when = validation.timestamp(as_of, "as_of")
        validation.threshold(threshold)
        now = utcnow()
        if as_of is not None:
            return self._as_of(query, user_id, limit, filters, when)
        pool = max(limit * 4, 40) if not filters else max(limit * 20, 200)
        found, rows = self.retrieve(query, user_id, pool)
        candidates = {c.memory_id: c for c in found}
        relevance = {i: c.relevance for i, c in candidates.items()}
        # Relations feed ranking: memories linked to entities named in the
        # query get a relevance bonus that fades with graph distance.
        for memory_id, hops in self._graph.memory_ids_for(user_id, query).items():
            bonus = 0.15 / (1 + hops)
            relevance[memory_id] = min(1.0, relevance.get(memory_id, 0.0) + bonus)
        # Rows of candidates came with retrieval; fetch only what the graph added
        # (neighbour expansion can add ids that were not among the candidates).
        missing = [i for i in relevance if i not in rows]
        rows = {**rows, **self._rows.get(missing)}
        hits = ranking.top(
            (
                (rel, _instant(row["updated_at"]) or now, row["importance"], row)
                for memory_id, rel in relevance.items()
                if (row := rows.get(memory_id)) is not None
                and (not filters or matches(row["metadata"], filters))
                # filters.expired, with the parse cached
                and not ((ends := row.get("expires_at")) and _instant(ends) <= now)
            ),
            now=now,
            weights=self.config.ranking,
            limit=limit,
            threshold=threshold,
        )
        self._access().record([row["id"] for _, row in hits])  # written later, off the request
        results = []
        for breakdown, row in hits:
            hit = self.format(row, breakdown)
            c = candidates.get(row["id"])
            hit["score_breakdown"]["cosine"] = None if c is None else c.cosine
            hit["score_breakdown"]["bm25"] = None if c is None else c.bm25
            results.append(hit)
        # Relations of entities named in the query or in the hits: what the
        # graph knows around the answer, not just around the question's words.
        context = " ".join([query, *(r["memory"] for r in results)])
        return {"results": results, "relations": self._graph.search(user_id, context, limit=20)}

    def format(self, row: dict[str, Any], breakdown: ranking.ScoreBreakdown | None = None) -> dict:
        """A stored row as the API returns it (with the score breakdown of a hit)."""
        out: dict[str, Any] = {
            "id": row["id"],
            "memory": row["text"],
            # A copy: search rows are shared with the row cache (row_cache.py).
            "metadata": _json_copy(row["metadata"]),
            "user_id": row["user_id"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "importance": round(row["importance"], 4),
            "category": row.get("category"),
            "valid_from": row.get("valid_from"),
            "expires_at": row.get("expires_at"),
        }
        if breakdown is not None:
            out["score"] = round(breakdown.score, 6)
            out["score_breakdown"] = breakdown.as_dict(self.config.ranking)
        return out
