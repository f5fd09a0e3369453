"""NumPy copies of a user's common BM25 terms that survive writes.

:class:`~langmem_local.bm25.UserBM25` keeps its postings in ``array`` buffers
that grow in place, and scores a common term from NumPy arrays: its slots, its
frequencies, and for the commonest its frequencies by slot. Its cached
contributions depend on the collection statistics, which every write changes,
so they are computed again on the term's next use; copying the postings and
scattering them by slot anew each time was most of that cost (100k memories:
1.6 ms of a 5.5 ms search right after an ``add``).

A posting never changes once appended (a re-indexed memory takes a new slot, a
deleted one is masked when scoring), so these copies only grow: a write's new
postings go into the spare room at their end. Renumbering the slots
(:meth:`UserBM25.compact`) drops them all. They cost 12 bytes a posting of the
terms kept, and 8 bytes a slot for each term kept by slot.

Example:
    >>> from array import array
    >>> terms = TermArrays()
    >>> lengths = array("d", [4.0, 6.0, 5.0])
    >>> slots, freq, by_slot, extremes = terms.get(
    ...     "beagl", array("i", [0, 2]), array("d", [1.0, 2.0]), lengths, n_slots=3, by_slot=True
    ... )
    >>> by_slot.tolist(), extremes
    ([1.0, 0.0, 2.0], (2.0, 4.0))
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable

import numpy as np

__all__ = ["LengthNorms", "Postings", "TermArrays"]

K1 = 1.2
"""BM25 term-frequency saturation (FTS5's value)."""
B = 0.75
"""BM25 length normalisation (FTS5's value)."""


class Postings:
    """One term's postings and BM25 contributions under the current statistics.

    A term kept by slot (the commonest words) computes its contributions only
    where they are read (:meth:`at`), or for every slot on the first read of
    :attr:`dense` or :attr:`contrib`: a pruned query reads such a word at a few
    thousand candidates, not at its 90-100k postings. Each contribution is
    ``idf * (f * (K1 + 1)) / (f + norm)``, the same operations in the same
    order by every route, so the same floats.

    Args:
        slots: The term's document slots, ascending (read-only).
        contrib: Its contribution to each of them (None for a term kept by slot).
        bound: No contribution is larger (max-score pruning; the largest one for a
            term by posting).
        freq_by_slot: Frequencies of every slot, 0.0 where absent (a term kept by slot).
        idf: Its IDF (a term kept by slot).
        norms: Length norms of the slots given, or of all slots for None (a term kept by slot).
    """

    __slots__ = (
        "_contrib",
        "_dense",
        "_freq_by_slot",
        "_idf",
        "_norms",
        "_reads",
        "bound",
        "slots",
    )

    def __init__(
        self,
        slots: np.ndarray,
        contrib: np.ndarray | None,
        bound: float,
        *,
        freq_by_slot: np.ndarray | None = None,
        idf: float = 0.0,
        norms: Callable[[np.ndarray | None], np.ndarray] | None = None,
    ) -> None:
        self.slots = slots
        self.bound = bound
        self._contrib = contrib
        self._dense: np.ndarray | None = None
        self._freq_by_slot = freq_by_slot
        self._idf = idf
        self._norms = norms
        self._reads = 0

    @property
    def by_slot(self) -> bool:
        """Whether contributions are read by slot (no binary search in the postings)."""
        return self._freq_by_slot is not None

    @property
    def contrib(self) -> np.ndarray:
        """The contribution to each of :attr:`slots`."""
        if self._contrib is None:
            self._contrib = self.dense[self.slots]
        return self._contrib

    @property
    def dense(self) -> np.ndarray:
        """Contributions of every slot (0.0 where absent); only for a term kept by slot."""
        if self._dense is None:
            self._dense = self._compute(None)
        return self._dense

    def at(self, slots: np.ndarray | None) -> np.ndarray:
        """Contributions to ``slots`` (of every slot for None); only for a term kept by slot.

        Read a third time under the same statistics (no write in between: the
        searches of a read-mostly store), they are computed for every slot
        once and read from there after.
        """
        if self._dense is None and slots is not None:
            self._reads += 1
            if self._reads > 2:
                self._dense = self._compute(None)
        if self._dense is not None:
            return self._dense if slots is None else self._dense[slots]
        return self._compute(slots)

    def _compute(self, slots: np.ndarray | None) -> np.ndarray:
        if self._freq_by_slot is None or self._norms is None:
            msg = "Postings.at() reads by slot: this term's contributions are by posting (contrib)"
            raise ValueError(msg)
        f = self._freq_by_slot if slots is None else self._freq_by_slot[slots]
        return self._idf * (f * (K1 + 1.0)) / (f + self._norms(slots))


class LengthNorms:
    """BM25's length normalisation of slots, ``K1 * (1 - B + B * length / avgdl)``.

    Every slot's is kept while the average length and the slot count stay: a
    slot's length never changes, so it holds for any query at that average.

    Args:
        lengths: Every slot's document length (the index's own buffer, appended to).
    """

    __slots__ = ("_held", "_lengths")

    def __init__(self, lengths: array) -> None:
        self._lengths = lengths
        self._held: tuple[float, np.ndarray] | None = None

    def of(self, avgdl: float, slots: np.ndarray | None) -> np.ndarray:
        """The norms of ``slots`` (of every slot for None) at ``avgdl``."""
        held = self._held
        if held is None or held[0] != avgdl or len(held[1]) != len(self._lengths):
            # A view of the buffer only while computing: held, it would stop
            # the buffer from growing.
            lengths = np.frombuffer(self._lengths, dtype=np.float64)
            if slots is not None:
                return K1 * (1.0 - B + B * lengths[slots] / avgdl)
            held = self._held = (avgdl, K1 * (1.0 - B + B * lengths / avgdl))
            del lengths
        return held[1] if slots is None else held[1][slots]


class _Buffer:
    """A NumPy array that grows at its end, into spare room doubled when full.

    Views handed out (:meth:`view`) stay valid: later values go past their end,
    or into a new array once the room runs out.
    """

    __slots__ = ("data", "size")

    def __init__(self, dtype: type) -> None:
        self.data = np.zeros(16, dtype=dtype)
        self.size = 0

    def extend(self, values: np.ndarray) -> None:
        need = self.size + len(values)
        if need > len(self.data):
            grown = np.zeros(max(need, 2 * len(self.data)), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : need] = values
        self.size = need

    def view(self) -> np.ndarray:
        return self.data[: self.size]


class _Term:
    __slots__ = ("by_slot", "freq", "most", "shortest", "slots")

    def __init__(self) -> None:
        self.slots = _Buffer(np.int32)
        self.freq = _Buffer(np.float64)
        self.by_slot: np.ndarray | None = None  # frequency of every slot, 0.0 where absent
        # With by_slot: the largest frequency and the shortest document among
        # the postings, which bound every contribution (max-score pruning).
        self.most = 0.0
        self.shortest = math.inf


class TermArrays:
    """Per-term NumPy copies of postings, brought up to date on each read.

    Not thread-safe: the owning :class:`~langmem_local.bm25.UserBM25` serialises calls.
    """

    def __init__(self) -> None:
        self._terms: dict[str, _Term] = {}

    def clear(self) -> None:
        """Forget every copy (the slots were renumbered)."""
        self._terms.clear()

    def get(
        self, term: str, slots: array, freq: array, lengths: array, *, n_slots: int, by_slot: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, tuple[float, float] | None]:
        """The term's slots and frequencies as arrays, and by slot when asked.

        Args:
            term: The index term.
            slots: Its postings' slots (ascending; only ever appended to).
            freq: Its postings' weighted frequencies, in the same order.
            lengths: Every slot's document length.
            n_slots: Slots in the index (live or dead): the length by slot.
            by_slot: Also return the frequencies of all ``n_slots`` slots.

        Returns:
            ``(slots, freq, by_slot, extremes)``: read-only arrays (``by_slot``
            None unless asked), and with ``by_slot`` the largest frequency and
            the shortest document length among the postings (else None).
        """
        t = self._terms.get(term)
        if t is None:
            t = self._terms[term] = _Term()
        start = t.slots.size
        if start < len(slots):
            # Views of the array buffers only for the copy: held, they would
            # stop the arrays from growing.
            new_slots = np.frombuffer(slots, dtype=np.int32)[start:]
            new_freq = np.frombuffer(freq, dtype=np.float64)[start:]
            t.slots.extend(new_slots)
            t.freq.extend(new_freq)
            if t.by_slot is not None:
                t.by_slot = _room(t.by_slot, n_slots)
                t.by_slot[new_slots] = new_freq
                new_lengths = np.frombuffer(lengths, dtype=np.float64)[new_slots]
                t.most = max(t.most, float(new_freq.max()))
                t.shortest = min(t.shortest, float(new_lengths.min()))
                del new_lengths
            del new_slots, new_freq
        if not by_slot:
            return t.slots.view(), t.freq.view(), None, None
        if t.by_slot is None:
            t.by_slot = np.zeros(n_slots + n_slots // 4 + 16)
            t.by_slot[t.slots.view()] = t.freq.view()
            own = np.frombuffer(lengths, dtype=np.float64)[t.slots.view()]
            t.most, t.shortest = float(t.freq.view().max()), float(own.min())
            del own
        else:
            t.by_slot = _room(t.by_slot, n_slots)
        return t.slots.view(), t.freq.view(), t.by_slot[:n_slots], (t.most, t.shortest)


def _room(values: np.ndarray, n: int) -> np.ndarray:
    """``values`` with room for ``n`` entries (zeros past the old end)."""
    if len(values) >= n:
        return values
    grown = np.zeros(max(n, 2 * len(values)))
    grown[: len(values)] = values
    return grown
