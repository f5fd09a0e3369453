"""Keyword index of the server profile: PostgreSQL full-text search, BM25-weighted.

The embedded profile's :class:`~langmem_local.keyword.KeywordIndex` scores
with FTS5's BM25. PostgreSQL has no BM25, and ``ts_rank_cd`` alone has no
inverse document frequency: a question's common words would outweigh the
rare name that answers it. So each query term is ranked on its own with
``ts_rank_cd`` (term frequency with length normalisation) and weighted by
its BM25 IDF among the user's documents, all in one statement:

    score(d) = sum over terms t of  idf(t) * ts_rank_cd(weights, tsv(d), t, 1)
    idf(t)   = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

``N`` and ``df`` count only this user's documents (exact ``user_id``
equality; the same scope as every other read). A document's own text has
weight 1.0 and its context column 0.5, as in the embedded index.

User text never becomes ``tsquery`` syntax: the query is reduced to word
tokens (:func:`langmem_local.keyword_query.tokenize`, same stop words) and each
token is passed as a bound parameter to ``plainto_tsquery``.
"""

from __future__ import annotations

import math

from langmem_local.keyword_query import DEFAULT_STOPWORDS, tokenize
from langmem_local.stores.postgres import PgDatabase

__all__ = ["PgKeywordIndex", "query_terms"]

#: Most terms of one query that are ranked (a pasted paragraph stays cheap).
MAX_TERMS = 24

_DDL = (
    """CREATE TABLE IF NOT EXISTS keyword_docs (
        memory_id text PRIMARY KEY,
        user_id text NOT NULL,
        tsv tsvector NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS keyword_docs_user ON keyword_docs (user_id)",
    "CREATE INDEX IF NOT EXISTS keyword_docs_tsv ON keyword_docs USING gin (tsv)",
)
_UPSERT = """INSERT INTO keyword_docs (memory_id, user_id, tsv) VALUES (%s, %s,
    setweight(to_tsvector('english', %s), 'A') || setweight(to_tsvector('english', %s), 'B'))
    ON CONFLICT (memory_id) DO UPDATE SET user_id = EXCLUDED.user_id, tsv = EXCLUDED.tsv"""
# ts_rank_cd weights are {D, C, B, A}: context (B) counts half of the text (A).
_WEIGHTS = "'{0, 0, 0.5, 1.0}'"


def query_terms(query: str, stopwords: frozenset[str] | None = DEFAULT_STOPWORDS) -> list[str]:
    """Distinct word tokens of ``query`` to rank by, stop words dropped (kept if all are).

    Example:
        >>> query_terms("What did Caroline's dog eat?")
        ['caroline', 'dog', 'eat']
    """
    toks = tokenize(query)
    if stopwords:
        toks = [t for t in toks if t not in stopwords] or toks
    seen: list[str] = []
    for tok in toks:
        for part in tok.split("'"):
            if part and part not in seen:
                seen.append(part)
    return seen[:MAX_TERMS]


class PgKeywordIndex:
    """BM25-weighted full-text index of memories in the server profile's schema.

    Same methods and return values as :class:`~langmem_local.keyword.KeywordIndex`.

    Args:
        db: The engine's connection and unit of work.
        stopwords: Query tokens to ignore (see :func:`query_terms`).

    Example:
        .. code-block:: python

            idx = PgKeywordIndex(connect_database("postgresql://app@db/agents"))
            idx.upsert("m1", "alice", "Alice adopted a beagle named Max")
            idx.search("alice", "what dog did Alice adopt?", 5)   # [("m1", 0.3...)]
    """

    def __init__(
        self, db: PgDatabase, *, stopwords: frozenset[str] | None = DEFAULT_STOPWORDS
    ) -> None:
        self._db = db
        self._stopwords = stopwords
        db.ensure_schema("keyword", _DDL)

    def upsert_many(self, items: list[tuple[str, str, str, str]]) -> None:
        """Index many ``(memory_id, user_id, text, context)`` at once, in one transaction."""
        if items:
            with self._db.transaction() as cur:
                cur.executemany(_UPSERT, items)

    def upsert(self, memory_id: str, user_id: str, text: str, context: str = "") -> None:
        """Index ``text`` (and down-weighted ``context``) for a memory, replacing earlier text."""
        self.upsert_many([(memory_id, user_id, text, context)])

    def delete(self, memory_id: str) -> None:
        """Remove a memory from the index; unknown ids are ignored."""
        with self._db.transaction() as cur:
            cur.execute("DELETE FROM keyword_docs WHERE memory_id = %s", (memory_id,))

    def delete_user(self, user_id: str) -> None:
        """Remove every memory of exactly this user."""
        with self._db.transaction() as cur:
            cur.execute("DELETE FROM keyword_docs WHERE user_id = %s", (user_id,))

    def reset(self) -> None:
        """Drop all indexed memories of all users."""
        with self._db.transaction() as cur:
            cur.execute("DELETE FROM keyword_docs")

    def count(self, user_id: str | None = None) -> int:
        """Number of indexed memories, of one user or of all."""
        if user_id is None:
            row = self._db.fetchone("SELECT count(*) AS n FROM keyword_docs")
        else:
            row = self._db.fetchone(
                "SELECT count(*) AS n FROM keyword_docs WHERE user_id = %s", (user_id,)
            )
        return int(row["n"]) if row else 0

    #: A term in more of the user's documents than this is dropped from a query
    #: that also has rarer terms: its IDF is small, yet ranking every document
    #: it matches was most of the search cost (the embedded index does the same).
    COMMON_TERM_DOCS = 500

    def _prune_common_terms(self, user_id: str, terms: list[str]) -> list[str]:
        if len(terms) < 2:
            return terms
        # Counting stops at the threshold (LIMIT), so a common term stays cheap.
        counts = ", ".join(
            "(SELECT count(*) FROM (SELECT 1 FROM keyword_docs WHERE user_id = %s "
            f"AND tsv @@ plainto_tsquery('english', %s) LIMIT %s) x) AS df{i}"
            for i in range(len(terms))
        )
        cap = self.COMMON_TERM_DOCS + 1
        row = (
            self._db.fetchone(f"SELECT {counts}", [v for t in terms for v in (user_id, t, cap)])
            or {}
        )
        kept = [t for i, t in enumerate(terms) if row.get(f"df{i}", 0) <= self.COMMON_TERM_DOCS]
        return kept or terms

    def idf(self, user_id: str, query: str) -> dict[str, float]:
        """BM25 IDF of each query term among this user's memories, keyed by its stem.

        The same formula and keys as the embedded index
        (:meth:`langmem_local.keyword.KeywordIndex.idf`: FTS5's IDF, floor 1e-6,
        Porter stems), so :mod:`langmem_local.rerank` sees one scale on both
        profiles. One statement: each term's document count among the user's
        memories, and their number.
        """
        from langmem_local.bm25 import stem_terms

        tokens = query_terms(query, self._stopwords)
        if not tokens:
            return {}
        counts = ", ".join(
            f"count(*) FILTER (WHERE tsv @@ plainto_tsquery('english', %s)) AS df{i}"
            for i in range(len(tokens))
        )
        row = (
            self._db.fetchone(
                f"SELECT count(*) AS n, {counts} FROM keyword_docs WHERE user_id = %s",
                (*tokens, user_id),
            )
            or {}
        )
        n = float(row.get("n") or 0)
        out: dict[str, float] = {}
        for i, tok in enumerate(tokens):
            df = float(row.get(f"df{i}") or 0)
            value = math.log(0.5 + n - df) - math.log(0.5 + df) if n else 0.0
            for stem in stem_terms(tok):
                out.setdefault(stem, value if value > 0 else 1e-6)
        return out

    def search(self, user_id: str, query: str, limit: int) -> list[tuple[str, float]]:
        """BM25-weighted search of one user's memories.

        Args:
            user_id: Whose memories to search (exact equality).
            query: Arbitrary text; never interpreted as ``tsquery`` syntax.
            limit: Maximum number of hits.

        Returns:
            ``(memory_id, score)`` pairs, best first, scores positive. Empty
            when the query has no word tokens or nothing matches.
        """
        terms = query_terms(query, self._stopwords) if limit > 0 else []
        if not terms:
            return []
        terms = self._prune_common_terms(user_id, terms)
        n = len(terms)
        qs = ", ".join(f"plainto_tsquery('english', %s) AS q{i}" for i in range(n))
        any_q = " || ".join(f"q{i}" for i in range(n))
        dfs = ", ".join(f"count(*) FILTER (WHERE tsv @@ q{i}) AS df{i}" for i in range(n))
        score = " + ".join(
            f"ln(1 + (t.n - s.df{i} + 0.5) / (s.df{i} + 0.5)) "
            f"* ts_rank_cd({_WEIGHTS}, c.tsv, q{i}, 1)"
            for i in range(n)
        )
        # MATERIALIZED: the one-row statistics are computed once, not once per
        # candidate (an inlined CTE made a 500-memory search take 0.5 s).
        statement = f"""WITH q AS MATERIALIZED (SELECT {qs}),
            c AS (SELECT d.memory_id, d.tsv FROM keyword_docs d, q
                  WHERE d.user_id = %s AND d.tsv @@ ({any_q})),
            s AS MATERIALIZED (SELECT {dfs} FROM c, q),
            t AS MATERIALIZED (SELECT count(*)::float8 AS n FROM keyword_docs WHERE user_id = %s)
            SELECT c.memory_id, ({score}) AS score FROM c, q, s, t
            ORDER BY score DESC, c.memory_id LIMIT %s"""
        rows = self._db.fetchall(statement, (*terms, user_id, user_id, int(limit)))
        return [(r["memory_id"], float(r["score"])) for r in rows if r["score"] > 0]
