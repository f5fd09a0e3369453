"""SQLite FTS5 keyword index over memories, scored with BM25.

The dense store finds paraphrases; this index finds the rare exact words
(names, places, titles, numbers) that a 384-dimensional sentence embedding
blurs. It lives in the engine's own SQLite file, so it adds no dependency and
no process.

Queries are never passed to FTS5 as written: user text may contain FTS5 syntax
(``"``, ``*``, ``AND``, ``NEAR``, ``-``, ``:``, ``^``, parentheses). Every query is
reduced to word tokens, each token is quoted as an FTS5 string, and the tokens
are joined with ``OR`` so that a memory matching only some query words still
ranks (an implicit ``AND`` finds almost nothing for a natural-language question).
"""

from __future__ import annotations

import re
import sqlite3
import threading

from langmem_local.encryption import operational_errors

# sqlite3's, and SQLCipher's when memory.db is encrypted (a separate class tree).
_OPERATIONAL_ERRORS = operational_errors()

__all__ = ["DEFAULT_STOPWORDS", "KeywordIndex", "match_expression", "tokenize"]

_DOCS = "lm_keyword_docs"
_FTS = "lm_keyword_fts"

# Words that carry no topic: question words, pronouns, auxiliaries, articles.
# Removing them from OR-queries stops "what did you do" matching every turn.
DEFAULT_STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves s t d ll m re ve just also will would kind type
    """.split()
)

# Unicode word characters plus apostrophes inside words ("don't", "Caroline's").
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (possessive ``'s`` stripped).

    Args:
        text: Any string.

    Returns:
        Tokens in order of appearance, duplicates kept.
    """
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("\u2019", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if tok:
            out.append(tok)
    return out


def match_expression(query: str, stopwords: frozenset[str] | None = DEFAULT_STOPWORDS) -> str:
    """Build a safe FTS5 ``MATCH`` expression: quoted tokens joined by ``OR``.

    Args:
        query: Arbitrary user text; never interpreted as FTS5 syntax.
        stopwords: Tokens to drop; if every token is a stopword they are kept,
            so "who are you" still searches something. ``None`` keeps all.

    Returns:
        The expression, or ``""`` when the query has no word tokens.
    """
    toks = tokenize(query)
    if stopwords:
        kept = [t for t in toks if t not in stopwords]
        toks = kept or toks
    seen: list[str] = []
    for t in toks:
        # Apostrophes split words in unicode61; FTS5 would treat "don't" as a phrase,
        # which is fine, but the bare stem is what the index holds for "don".
        for part in t.split("'"):
            if part and part not in seen:
                seen.append(part)
    # Double quotes make each token an FTS5 string; embedded quotes are doubled.
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in seen)


class KeywordIndex:
    """BM25 keyword index of memories in an SQLite FTS5 table.

    Documents are keyed by ``memory_id`` and scoped by ``user_id``; searches only
    ever return the given user's memories. The tables are created on first use
    (``IF NOT EXISTS``), so it can share the engine's database file.

    Args:
        conn: Open connection; the index commits its own writes.
        tokenizer: FTS5 tokenizer spec. ``porter unicode61 remove_diacritics 2``
            stems English ("painting" matches "paint") and folds accents.
        stopwords: Query tokens to ignore, see :func:`match_expression`.
        context_weight: BM25 weight of the ``context`` column relative to the
            memory's own text (1.0); see :data:`langmem_local.hybrid.CONTEXT_WEIGHT`.

    Example:
        >>> idx = KeywordIndex(sqlite3.connect(":memory:"))
        >>> idx.upsert("m1", "alice", "Alice adopted a beagle named Max")
        >>> idx.search("alice", "what dog did Alice adopt?", 5)[0][0]
        'm1'
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        tokenizer: str = "porter unicode61 remove_diacritics 2",
        stopwords: frozenset[str] | None = DEFAULT_STOPWORDS,
        context_weight: float = 0.5,
    ) -> None:
        self._conn = conn
        self._context_weight = float(context_weight)
        self._tokenizer = tokenizer
        self._stopwords = stopwords
        # One connection may be shared by threads (check_same_thread=False);
        # serialise our statements so upserts stay atomic.
        self._lock = threading.RLock()
        self._create()

    def _create(self) -> None:
        tok = self._tokenizer.replace("'", "''")
        with self._lock, self._conn:
            self._conn.execute(
                f"CREATE TABLE IF NOT EXISTS {_DOCS} ("
                "rowid INTEGER PRIMARY KEY, memory_id TEXT NOT NULL UNIQUE, "
                "user_id TEXT NOT NULL)"
            )
            self._conn.execute(f"CREATE INDEX IF NOT EXISTS {_DOCS}_user ON {_DOCS}(user_id)")
            self._conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_FTS} "
                f"USING fts5(text, context, tokenize='{tok}')"
            )

    def upsert_many(self, items: list[tuple[str, str, str, str]]) -> None:
        """Index many ``(memory_id, user_id, text, context)`` at once, in one transaction."""
        with self._lock, self._conn:
            for memory_id, user_id, text, context in items:
                self._upsert(memory_id, user_id, text, context)

    def upsert(self, memory_id: str, user_id: str, text: str, context: str = "") -> None:
        """Index ``text`` for a memory, replacing any earlier text of that id.

        Args:
            memory_id: Memory id (unique across users).
            user_id: Owner of the memory.
            text: Text to index (see :func:`langmem_local.hybrid.index_text`).
            context: Surrounding text indexed in a down-weighted column (see
                :func:`langmem_local.hybrid.context_text`); empty for none.
        """
        with self._lock, self._conn:
            self._upsert(memory_id, user_id, text, context)

    def _upsert(self, memory_id: str, user_id: str, text: str, context: str) -> None:
        row = self._conn.execute(
            f"SELECT rowid FROM {_DOCS} WHERE memory_id = ?", (memory_id,)
        ).fetchone()
        if row is None:
            cur = self._conn.execute(
                f"INSERT INTO {_DOCS}(memory_id, user_id) VALUES (?, ?)",
                (memory_id, user_id),
            )
            rowid = cur.lastrowid
        else:
            rowid = row[0]
            self._conn.execute(
                f"UPDATE {_DOCS} SET user_id = ? WHERE rowid = ?", (user_id, rowid)
            )
            self._conn.execute(f"DELETE FROM {_FTS} WHERE rowid = ?", (rowid,))
        self._conn.execute(
            f"INSERT INTO {_FTS}(rowid, text, context) VALUES (?, ?, ?)",
            (rowid, text, context),
        )

    def delete(self, memory_id: str) -> None:
        """Remove a memory from the index; unknown ids are ignored."""
        with self._lock, self._conn:
            row = self._conn.execute(
                f"SELECT rowid FROM {_DOCS} WHERE memory_id = ?", (memory_id,)
            ).fetchone()
            if row is not None:
                self._conn.execute(f"DELETE FROM {_FTS} WHERE rowid = ?", (row[0],))
                self._conn.execute(f"DELETE FROM {_DOCS} WHERE rowid = ?", (row[0],))

    def delete_user(self, user_id: str) -> None:
        """Remove every memory of one user."""
        with self._lock, self._conn:
            self._conn.execute(
                f"DELETE FROM {_FTS} WHERE rowid IN (SELECT rowid FROM {_DOCS} WHERE user_id = ?)",
                (user_id,),
            )
            self._conn.execute(f"DELETE FROM {_DOCS} WHERE user_id = ?", (user_id,))

    def reset(self) -> None:
        """Drop all indexed memories of all users (tables are recreated empty)."""
        with self._lock, self._conn:
            self._conn.execute(f"DROP TABLE IF EXISTS {_FTS}")
            self._conn.execute(f"DROP TABLE IF EXISTS {_DOCS}")
        self._create()

    def count(self, user_id: str | None = None) -> int:
        """Number of indexed memories, of one user or of all."""
        with self._lock:
            if user_id is None:
                row = self._conn.execute(f"SELECT count(*) FROM {_DOCS}").fetchone()
            else:
                row = self._conn.execute(
                    f"SELECT count(*) FROM {_DOCS} WHERE user_id = ?", (user_id,)
                ).fetchone()
        return int(row[0])

    #: A term in more documents than this is dropped from a query that also has
    #: rarer terms: BM25 gives it little weight, yet ranking every document it
    #: matches was the whole search cost at 100k memories (137 ms a query).
    COMMON_TERM_DOCS = 2000

    def _prune_common_terms(self, expr: str) -> str:
        """Drop very common terms of an OR-expression when rarer ones remain."""
        terms = expr.split(" OR ")
        if len(terms) < 2:
            return expr
        kept = []
        with self._lock:
            for term in terms:
                # Counting stops at the threshold: the check stays cheap even
                # for a term in every document.
                try:
                    n = self._conn.execute(
                        f"SELECT count(*) FROM (SELECT 1 FROM {_FTS} WHERE {_FTS} MATCH ? "
                        "LIMIT ?)",
                        (term, self.COMMON_TERM_DOCS + 1),
                    ).fetchone()[0]
                except _OPERATIONAL_ERRORS:
                    n = 0  # keep it; the main query degrades safely on its own
                if n <= self.COMMON_TERM_DOCS:
                    kept.append(term)
        return " OR ".join(kept) if kept else expr

    def search(self, user_id: str, query: str, limit: int) -> list[tuple[str, float]]:
        """BM25 search of one user's memories.

        Args:
            user_id: Whose memories to search.
            query: Arbitrary text; FTS5 syntax in it is neutralised.
            limit: Maximum number of hits.

        Returns:
            ``(memory_id, score)`` pairs, best first; ``score`` is the negated FTS5
            ``bm25()`` value, so higher is better and it is positive for any match.
            Empty when the query has no word tokens or nothing matches.
        """
        if limit <= 0:
            return []
        expr = match_expression(query, self._stopwords)
        if not expr:
            return []
        expr = self._prune_common_terms(expr)
        # CROSS JOIN fixes the order: MATCH first, then each hit's row. SQLite 3.51
        # (SQLCipher's) otherwise scans the user's docs and runs one FTS query per
        # doc: measured 135 ms vs 2.5 ms at 200 memories.
        sql = (
            f"SELECT d.memory_id, bm25({_FTS}, 1.0, ?) AS s FROM {_FTS} "
            f"CROSS JOIN {_DOCS} d ON d.rowid = {_FTS}.rowid "
            f"WHERE {_FTS} MATCH ? AND d.user_id = ? ORDER BY s LIMIT ?"
        )
        try:
            with self._lock:
                rows = self._conn.execute(
                    sql, (self._context_weight, expr, user_id, int(limit))
                ).fetchall()
        except _OPERATIONAL_ERRORS:
            # Quoting makes syntax errors impossible in practice; a malformed
            # query must still degrade to "no keyword hits", never to a crash.
            return []
        return [(str(mid), -float(s)) for mid, s in rows]
