"""In-memory BM25 over one user's memories: NumPy postings, FTS5's formula.

SQLite FTS5 ranks every document any query term matches, one ``bm25()`` call
per row, so a query of moderately common words cost 86 ms at 100k memories (the
whole search tail). This index keeps, per term, an array of document slots and
an array of weighted term frequencies, and scores a query with one
``numpy.bincount`` over the postings of its terms: a term in 50,000 documents
costs a fraction of a millisecond.

Common words still made every query sum and partially sort most of a user's
documents (100k memories, Zipf vocabulary of ``benchmarks/scale.py``: 1.9 ms
p50, of which 1.1 ms was ``argpartition``). So a query is scored *max-score*
style: terms by falling upper bound, rare ones first, until the bounds of the
rest cannot reach the ``limit``-th score of the documents matched so far, which
are scored fully (see :meth:`UserBM25._pruned`); and the per-posting scores of
terms in :data:`CACHE_DF` or more documents are kept until the next change.
Same 100k: 0.8 ms p50 with those cached, 1.4 ms without; 98 of 100 queries
pruned. The candidates of a query with a word in most documents still cost
one binary search each in that word's 90-100k postings (keyword leg p50 0.46
ms, p95 1.3 ms): a term in :data:`DENSE_SHARE` of the documents now also keeps
its contributions by slot, read by candidate, and many candidates are scored
by adding every posting into one array of all slots (p50 0.19 ms, p95 0.77
ms, ``benchmarks/keyword_speed.py``). A write changes every contribution (N,
the average length), so only the NumPy copies of common terms' postings
survive it (:mod:`langmem_local.bm25_terms`), and such a word's contributions
are computed at the candidates that read them: the search right after an
``add`` at 100k, p50 5.5 -> 4.3 ms. Scores stay exact, bit for bit those of
the full scan.

It is a *derived* index: :class:`langmem_local.keyword.KeywordIndex` builds it
from the FTS5 table (the source of truth, in the engine's SQLite file) and keeps
it in step through a change log; nothing here touches a database.

Scoring is FTS5's ``bm25()`` (k1 = 1.2, b = 0.75, IDF floor 1e-6): a term's
frequency is the sum over columns of occurrences times the column weight, and a
document's length is its token count over all columns. The collection
statistics (document count, average length, document frequencies) are the
user's own, since a search only ever ranks one user's memories.

Tokens are what FTS5's ``porter unicode61 remove_diacritics 2`` tokenizer makes:
lower case, diacritics removed, split at anything that is not a letter or digit,
Porter-stemmed with PyStemmer, words under three letters left alone. That gives
FTS5's stems for all but a handful of words (6 of LoCoMo's 4,091 terms differ,
such as "technologi" against "technolog"); queries and memories go through the
same function, so the index agrees with itself either way.

Example:
    >>> idx = UserBM25()
    >>> idx.upsert("m1", "Alice adopted a beagle named Max", "")
    >>> idx.upsert("m2", "Bob painted a lake", "")
    >>> idx.search(["adopt", "beagl"], 5)[0][0]
    'm1'
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache, partial

import numpy as np
import Stemmer

from langmem_local.bm25_terms import K1, B, LengthNorms, Postings, TermArrays

__all__ = ["B", "K1", "UserBM25", "stem_terms"]

CACHE_DF = 256
"""Terms in at least this many of a user's documents keep their contributions cached."""
DENSE_SHARE = 8
"""A term in ``1 / DENSE_SHARE`` of the documents or more (and :data:`CACHE_DF`) also keeps
its contributions by slot, one float per document: read by slot, not by binary search."""
PRUNE_SHARE = 4
"""Max-score pruning gives up (scores every match) past ``1 / PRUNE_SHARE`` of the postings."""

_ALNUM = re.compile(r"[^\W_]+", re.UNICODE)
# The same runs for ASCII text (\w there is [A-Za-z0-9_]), found in two thirds
# of the time: most memories are ASCII, and search tokenises 60-180 a query.
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]+")
_STEMMER = Stemmer.Stemmer("porter")


@lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    """Lower case without diacritics ("Café" -> "cafe"), as unicode61 remove_diacritics 2."""
    decomposed = unicodedata.normalize("NFKD", token.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=262144)
def _stem(token: str) -> str:
    """Index term of one letter-and-digit run (``""`` when folding leaves nothing).

    Cached per word: a user's memories repeat a vocabulary of some thousands of
    words, and stemming every text word by word was the largest share of
    building the reranker's candidates (60-150 texts a query).
    """
    word = _fold(token)
    if not word:
        return ""
    # FTS5's porter leaves words of one or two letters alone ("as", "us", "s").
    return word if len(word) < 3 else (_STEMMER.stemWord(word) or word)


def stem_terms(text: str) -> list[str]:
    """Index terms of ``text`` in order, duplicates kept.

    Args:
        text: Any string.

    Returns:
        Porter stems of its letter-and-digit runs, lower-cased and without diacritics.
    """
    runs = (_ASCII_ALNUM if text.isascii() else _ALNUM).findall(text)
    stems = [_stem(w) for w in runs]
    return [s for s in stems if s]


class UserBM25:
    """BM25 postings of one user's memories, updated in place.

    A document occupies a *slot*; deleting it clears the slot (its postings stay
    until :meth:`compact`, and are masked when scoring), and upserting an id
    deletes its old slot and appends a new one. Not thread-safe: the owner
    serialises calls.

    Args:
        context_weight: Weight of the ``context`` column relative to the text (1.0).
    """

    def __init__(self, context_weight: float = 0.5) -> None:
        self.context_weight = float(context_weight)
        self._ids: list[str | None] = []
        self._slot: dict[str, int] = {}
        self._terms: list[tuple[str, ...]] = []
        self._length = array("d")
        self._alive = array("b")
        self._post_slots: dict[str, array] = {}
        self._post_freq: dict[str, array] = {}
        self._df: Counter[str] = Counter()
        self._total_length = 0.0
        self._dead = 0
        # term -> its Postings under the current statistics: until the next change.
        self._cache: dict[str, Postings] = {}
        self._norms = LengthNorms(self._length)
        self._arrays = TermArrays()  # NumPy copies of common terms' postings: kept

    def __len__(self) -> int:
        """Live documents."""
        return len(self._slot)

    def __contains__(self, memory_id: object) -> bool:
        return memory_id in self._slot

    def upsert(self, memory_id: str, text: str, context: str = "") -> None:
        """Index (or re-index) one memory's text and keyword context."""
        self.delete(memory_id)
        self._changed()
        freq: dict[str, float] = {}
        own = stem_terms(text)
        ctx = stem_terms(context) if context else []
        for t in own:
            freq[t] = freq.get(t, 0.0) + 1.0
        for t in ctx:
            freq[t] = freq.get(t, 0.0) + self.context_weight
        slot = len(self._ids)
        self._ids.append(memory_id)
        self._slot[memory_id] = slot
        self._terms.append(tuple(freq))
        length = float(len(own) + len(ctx))
        self._length.append(length)
        self._alive.append(1)
        self._total_length += length
        for t, f in freq.items():
            if t not in self._post_slots:
                self._post_slots[t] = array("i")
                self._post_freq[t] = array("d")
            self._post_slots[t].append(slot)
            self._post_freq[t].append(f)
            self._df[t] += 1

    def delete(self, memory_id: str) -> None:
        """Remove one memory; unknown ids are ignored."""
        slot = self._slot.pop(memory_id, None)
        if slot is None:
            return
        self._changed()
        self._alive[slot] = 0
        self._ids[slot] = None
        self._total_length -= self._length[slot]
        for t in self._terms[slot]:
            self._df[t] -= 1
            if self._df[t] <= 0:
                del self._df[t]
        self._terms[slot] = ()
        self._dead += 1
        # Dead postings cost time on every query that touches them: rebuild once
        # they are as many as the live ones.
        if self._dead > 64 and self._dead > len(self._slot):
            self.compact()

    def compact(self) -> None:
        """Drop dead slots and their postings (slots are renumbered)."""
        self._changed()
        self._arrays.clear()
        ids = [i for i in self._ids if i is not None]
        old_slot = {i: self._slot[i] for i in ids}
        post_slots, post_freq = self._post_slots, self._post_freq
        remap = np.full(len(self._ids), -1, dtype=np.int64)
        for new, i in enumerate(ids):
            remap[old_slot[i]] = new
        self._post_slots, self._post_freq = {}, {}
        for t, slots in post_slots.items():
            s = np.frombuffer(slots, dtype=np.int32) if len(slots) else np.zeros(0, np.int32)
            f = np.frombuffer(post_freq[t], dtype=np.float64) if len(slots) else np.zeros(0)
            keep = remap[s] >= 0
            if keep.any():
                self._post_slots[t] = array("i", remap[s[keep]].astype(np.int32).tobytes())
                self._post_freq[t] = array("d", f[keep].tobytes())
        self._terms = [self._terms[old_slot[i]] for i in ids]
        self._length = array("d", [self._length[old_slot[i]] for i in ids])
        self._norms = LengthNorms(self._length)
        self._alive = array("b", [1] * len(ids))
        self._ids = list(ids)
        self._slot = {i: n for n, i in enumerate(ids)}
        self._dead = 0

    def _changed(self) -> None:
        """N, the average length and document frequencies change: contributions go."""
        self._cache.clear()

    def idf(self, term: str) -> float:
        """FTS5's IDF of ``term`` in this user's live documents (floor 1e-6)."""
        n, hit = len(self._slot), self._df.get(term, 0)
        value = math.log(0.5 + n - hit) - math.log(0.5 + hit)
        return value if value > 0 else 1e-6

    def search(self, terms: Iterable[str], limit: int) -> list[tuple[str, float]]:
        """Rank documents by BM25 of ``terms`` (OR semantics).

        Args:
            terms: Stemmed query terms (duplicates count once).
            limit: Maximum number of hits.

        Returns:
            ``(memory_id, score)`` pairs, best first (ties by slot, i.e. older
            first, also at the cut), only documents matching at least one term;
            scores are positive and exact.
        """
        live = len(self._slot)
        if limit <= 0 or live == 0:
            return []
        parts = [self._postings(t) for t in dict.fromkeys(terms) if self._df.get(t, 0) > 0]
        if not parts:
            return []
        found = self._pruned(parts, limit)
        if found is None:
            slots = np.concatenate([p.slots for p in parts])
            weights = np.concatenate([p.contrib for p in parts])
            scores = np.bincount(slots, weights=weights, minlength=len(self._ids))
            if self._dead:
                scores *= np.frombuffer(self._alive, dtype=np.int8)
            hit = np.flatnonzero(scores > 0)
            found = hit, scores[hit]
        hit, scores = found
        top = _top(scores, limit)
        ids = self._ids
        found_ids = [str(ids[i]) for i in hit[top].tolist()]
        return list(zip(found_ids, scores[top].tolist(), strict=True))

    def _postings(self, term: str) -> Postings:
        """A term's slots, contributions and a bound on them, by slot for common terms.

        The slots are ascending; a term in ``1 / DENSE_SHARE`` of the documents
        or more is read by slot (:class:`~langmem_local.bm25_terms.Postings`).
        Cached for terms in :data:`CACHE_DF` documents or more until the next
        change: queries repeat common words, whose arrays are the long ones.
        """
        got = self._cache.get(term)
        if got is not None:
            return got
        live, n = len(self._slot), len(self._ids)
        avgdl = self._total_length / live if self._total_length > 0 else 1.0
        post = self._post_slots[term]
        cached = len(post) >= CACHE_DF
        by_slot = cached and len(post) * DENSE_SHARE >= n
        # Not a method of self: Postings are cached here, and a cycle would keep
        # an evicted user's index until the next full garbage collection.
        idf, norms = self.idf(term), partial(self._norms.of, avgdl)
        if cached:  # copies that survive writes (bm25_terms.py)
            s, f, fd, extremes = self._arrays.get(
                term, post, self._post_freq[term], self._length, n_slots=n, by_slot=by_slot
            )
        else:
            s = np.frombuffer(post, dtype=np.int32).copy()
            f, fd, extremes = np.frombuffer(self._post_freq[term], dtype=np.float64), None, None
        if fd is not None and extremes is not None:
            # A bound without computing the contributions: BM25 rises with the
            # frequency and falls with the length, so none exceeds the largest
            # frequency's at the shortest document (a few ulps at most, inside
            # the pruning's 1e-9 margin). As tight in practice: the same pruned
            # queries on the 100k benchmark store; exact per-frequency maxima
            # cost 1.7 ms a term to build.
            top, short = extremes
            bound = idf * (top * (K1 + 1.0)) / (top + K1 * (1.0 - B + B * short / avgdl))
            got = Postings(s, None, bound, freq_by_slot=fd, idf=idf, norms=norms)
        else:
            contrib = idf * (f * (K1 + 1.0)) / (f + norms(s))
            got = Postings(s, contrib, float(contrib.max()))
        if cached:
            self._cache[term] = got
        return got

    def _pruned(self, parts: list[Postings], limit: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Exact scores of the only documents that can rank, or None to score all.

        Max-score pruning: terms are taken by falling upper bound (rare ones
        first); the documents they match are scored *fully* (every query term,
        looked up by binary search). Once the remaining terms' bounds add up to
        less than the ``limit``-th best of those scores, no other document can
        reach the top. Scores are summed in query-term order, as ``bincount``
        does, so they are bit for bit those of the full scan.
        """
        n = len(self._ids)
        ranked = sorted(parts, key=lambda p: -p.bound)
        mark = np.zeros(n, dtype=bool)
        seen = 0
        for j, part in enumerate(ranked):
            slots = part.slots
            seen += len(slots)
            if seen > n // PRUNE_SHARE:
                return None  # candidates would be most documents: scan them all
            mark[slots] = True
            rest = sum(p.bound for p in ranked[j + 1 :])
            if seen < limit and rest > 0:
                continue
            if self._dead:
                mark &= np.frombuffer(self._alive, dtype=np.int8).astype(bool)
            cand = np.flatnonzero(mark)
            if len(cand) < limit and rest > 0:
                continue
            acc = self._scores_of(parts, cand, n)
            if rest == 0:
                return cand, acc
            kth = np.partition(acc, len(acc) - limit)[len(acc) - limit]
            if rest * (1.0 + 1e-9) < kth:
                return cand, acc
        return None

    @staticmethod
    def _scores_of(parts: list[Postings], cand: np.ndarray, n: int) -> np.ndarray:
        """Full BM25 scores of the slots ``cand``, summed in query-term order.

        A term's contribution to each candidate is read from its array by slot
        when it has one (the commonest words), else found by binary search in
        its postings; with many candidates every posting is added into one
        array of all ``n`` slots instead. Either way each sum runs term by term
        from 0.0, as ``bincount`` adds them, so the scores are bit for bit equal.
        """
        if len(cand) * len(parts) * 4 > sum(len(p.slots) for p in parts) + n:
            total = np.zeros(n)
            for p in parts:
                if p.by_slot:
                    total += p.dense
                else:
                    total[p.slots] += p.contrib
            return total[cand]
        acc = np.zeros(len(cand))
        for p in parts:  # query order, as bincount adds
            if p.by_slot:
                acc += p.at(cand)
                continue
            s, contrib = p.slots, p.contrib
            pos = np.searchsorted(s, cand)
            pos[pos == len(s)] = 0
            acc += np.where(s[pos] == cand, contrib[pos], 0.0)
        return acc

    def memory_ids(self) -> Sequence[str]:
        """Ids of the live documents."""
        return list(self._slot)


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` best ``scores``, best first; ties by position, also at the cut."""
    if scores.size > limit:
        kth = np.partition(scores, scores.size - limit)[scores.size - limit]
        above = np.flatnonzero(scores > kth)
        ties = np.flatnonzero(scores == kth)[: limit - above.size]
        keep = np.concatenate([above, ties])
    else:
        keep = np.arange(scores.size)
    return keep[np.lexsort((keep, -scores[keep]))]
