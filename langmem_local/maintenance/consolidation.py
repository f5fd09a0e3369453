"""Consolidation: grouping near-duplicate memories and merging each group into one.

Near-duplicate memories of a user are grouped by cosine similarity and each
group is merged into one denser memory (one LLM call per group, or a
deterministic merge, see :mod:`~langmem_local.maintenance.merge`), keeping the
highest importance, the union of provenance, the graph relations and links
both ways (``merged_from`` on the new memory, a ``CONSOLIDATE`` audit entry
with ``merged_into`` on each old one). :class:`ConsolidationWorker` runs it
periodically in a background thread.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from langmem_local.maintenance._common import ACTOR, _relations_by_memory, _union
from langmem_local.maintenance.merge import _llm_merge, merge_texts
from langmem_local.merge_check import merge_problem
from langmem_local.stores.sqlite import utcnow

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

__all__ = ["ConsolidationReport", "ConsolidationWorker", "MergedGroup", "consolidate"]

# The logger name of the single-module layout, so logging configuration keeps working.
logger = logging.getLogger("langmem_local.maintenance")


class MergedGroup(BaseModel):
    """One group of related memories and the memory that replaced them."""

    merged_from: list[str]
    """Ids of the memories merged (oldest first)."""
    texts: list[str]
    """Their texts, in the same order."""
    merged_text: str | None = None
    """Text of the merged memory (``None`` on an LLM dry run: no call is made)."""
    new_id: str | None = None
    """Id of the merged memory (``None`` on a dry run or when skipped)."""
    method: Literal["llm", "rules"]
    """How the text was merged: one LLM call, or the deterministic clause merge."""
    min_similarity: float
    """Lowest cosine similarity between the group's first memory and another member."""
    note: str | None = None
    """Why the LLM was not used or the group was skipped, if so."""


class ConsolidationReport(BaseModel):
    """What :func:`consolidate` did for one user."""

    user_id: str
    """Whose memories were consolidated."""
    dry_run: bool
    """``True`` when nothing was changed."""
    groups: list[MergedGroup] = Field(default_factory=list)
    """Each group of two or more related memories."""
    llm_calls: int = 0
    """LLM calls made (one per merged group with ``use_llm``)."""
    memories_before: int = 0
    """Live memories of the user before."""
    memories_after: int = 0
    """Live memories of the user after (unchanged on a dry run)."""


def _vectors_of(memory: LocalMemory, rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """Unit vectors of the memories' current versions (re-embedded where none is stored)."""
    vectors: list[np.ndarray | None] = []
    for row in rows:
        current = [v for v in memory._db.versions(row["id"]) if v["valid_to"] is None]
        emb = current[-1]["embedding"] if current else None
        vectors.append(None if emb is None else np.asarray(emb, np.float32))
    missing = [i for i, v in enumerate(vectors) if v is None]
    for i, vec in zip(missing, memory._embed([rows[i]["text"] for i in missing]), strict=True):
        vectors[i] = np.asarray(vec, np.float32)
    mat = np.stack([v for v in vectors if v is not None])
    return mat / np.linalg.norm(mat, axis=1, keepdims=True).clip(min=1e-12)


def _group(sims: np.ndarray, similarity: float, max_group: int) -> list[list[int]]:
    """Greedy clustering into groups of two or more.

    Each unassigned memory (oldest first) takes its most similar unassigned
    neighbours at or above ``similarity``, up to ``max_group`` in all.
    """
    assigned: set[int] = set()
    groups: list[list[int]] = []
    for seed in range(len(sims)):
        if seed in assigned:
            continue
        near = [
            j
            for j in np.argsort(-sims[seed], kind="stable").tolist()
            if j != seed and j not in assigned and sims[seed, j] >= similarity
        ][: max_group - 1]
        if near:
            members = [seed, *sorted(near)]
            assigned.update(members)
            groups.append(members)
    return groups


def consolidate(
    memory: LocalMemory,
    *,
    user_id: str,
    similarity: float = 0.8,
    max_group: int = 5,
    use_llm: bool = True,
    dry_run: bool = False,
) -> ConsolidationReport:
    """Merge groups of closely related memories of a user into denser memories.

    Memories are grouped greedily by cosine similarity of their current
    vectors. Each group of two or more becomes one new memory whose text comes
    from one LLM call (schema-constrained where the backend supports it) or,
    with ``use_llm=False`` or when the model's answer is unusable, from
    :func:`merge_texts`. The new memory keeps the group's highest importance,
    the union of list-valued metadata and source turns, the active graph
    relations, and ``metadata["merged_from"]``; each old memory is superseded
    (kept for ``search(as_of=...)``) with a ``CONSOLIDATE`` audit entry whose
    detail is ``{"merged_into": new_id}``.

    LLM calls run without the write lock; a group whose memories changed
    meanwhile is skipped (and reported), so consolidation never blocks ``add``
    for long and never overwrites a concurrent update.

    Args:
        memory: The engine.
        user_id: Whose memories to consolidate.
        similarity: Cosine similarity to a group's first memory needed to join it.
        max_group: Most memories merged into one.
        use_llm: Merge texts with the chat model; ``False`` = deterministic merge.
        dry_run: Report the groups, change nothing (and make no LLM call).

    Returns:
        The groups and what they were merged into.

    Example:
        .. code-block:: python

            from langmem_local.maintenance import consolidate

            report = consolidate(memory, user_id="sarah", similarity=0.8)
            for g in report.groups:
                print(g.texts, "->", g.merged_text)
    """
    from langmem_local.validation import check_user_id as _check_user_id

    user_id = _check_user_id(user_id)
    if not 0.0 < similarity <= 1.0:
        msg = f"similarity must be in (0, 1], got {similarity!r}; pass e.g. 0.8"
        raise ValueError(msg)
    if max_group < 2:
        msg = f"max_group must be at least 2 (a group merges two or more), got {max_group!r}"
        raise ValueError(msg)
    rows = memory._db.user_memories(user_id)
    report = ConsolidationReport(
        user_id=user_id, dry_run=dry_run, memories_before=len(rows), memories_after=len(rows)
    )
    if len(rows) < 2:
        return report
    unit = _vectors_of(memory, rows)
    sims = unit @ unit.T
    for members in _group(sims, similarity, max_group):
        group_rows = [rows[i] for i in members]
        texts = [r["text"] for r in group_rows]
        group = MergedGroup(
            merged_from=[r["id"] for r in group_rows],
            texts=texts,
            method="llm" if use_llm else "rules",
            min_similarity=round(float(min(sims[members[0], j] for j in members[1:])), 6),
        )
        report.groups.append(group)
        if dry_run:
            group.merged_text = None if use_llm else merge_texts(texts)
            continue
        if use_llm:
            report.llm_calls += 1
            try:
                group.merged_text = _llm_merge(memory, texts)
            except Exception as exc:  # noqa: BLE001 - any model failure: merge without it
                group.method = "rules"
                group.note = f"LLM merge failed ({str(exc) or type(exc).__name__}); merged by rules"
            problem = None if group.merged_text is None else merge_problem(group.merged_text, texts)
            if problem is not None:
                # A merge that loses or invents a fact is never written (merge_check.py).
                group.method, group.merged_text = "rules", None
                group.note = f"LLM merge rejected ({problem}); merged by rules"
        if group.merged_text is None:
            group.merged_text = merge_texts(texts)
        _apply_merge(memory, user_id, group, group_rows)
    report.memories_after = len(memory._db.user_memories(user_id))
    return report


def _apply_merge(
    memory: LocalMemory,
    user_id: str,
    group: MergedGroup,
    group_rows: list[dict[str, Any]],
) -> None:
    """Write one merged memory and supersede its sources (under the write lock)."""
    from langmem_local.ingest_text import merge_metadata as _merge_metadata

    assert group.merged_text is not None
    vector = memory._embed([group.merged_text])[0]
    with memory._write_lock:
        current = memory._db.get_memories(group.merged_from)
        if any(r["id"] not in current or current[r["id"]]["text"] != r["text"] for r in group_rows):
            group.note = "skipped: a memory of the group changed meanwhile"
            return
        rows = [current[r["id"]] for r in group_rows]
        now = utcnow()
        metadata: dict[str, Any] = {}
        for row in rows:  # oldest first: later scalars win, lists are unioned
            metadata = _merge_metadata(metadata, row["metadata"])
        metadata["merged_from"] = list(group.merged_from)
        top = max(rows, key=lambda r: r["importance"])
        relations = _relations_by_memory(memory, user_id)
        new_id = memory._writer.create(
            group.merged_text,
            vector,
            user_id=user_id,
            metadata=metadata,
            importance=top["importance"],
            valid_from=now,
            category=top.get("category"),
            source_turns=_union(r["source_turns"] for r in rows),
            actor=ACTOR,
        )
        expiries = [r.get("expires_at") for r in rows]
        if all(expiries):  # stays temporary only if every source was
            memory._db.update_memory(new_id, expires_at=max(e for e in expiries if e))
        kept = {json.dumps(rel, sort_keys=True): rel for r in rows for rel in relations[r["id"]]}
        if kept:
            memory._graph.add_relations(user_id, new_id, list(kept.values()), valid_from=now)
        for row in rows:
            memory._writer.supersede(row, now, actor=ACTOR, event="SUPERSEDE")
            memory._db.audit(
                "CONSOLIDATE",
                actor=ACTOR,
                user_id=user_id,
                memory_id=row["id"],
                detail={"merged_into": new_id},
            )
        group.new_id = new_id


class ConsolidationWorker:
    """Background thread that consolidates every user's memories periodically.

    Runs :func:`consolidate` for each user every ``interval_s`` seconds (first
    run after one interval). Errors are logged and kept in ``last_error``; the
    thread keeps going.

    Args:
        memory: The engine.
        interval_s: Seconds between runs.
        **kwargs: Passed to :func:`consolidate` (``similarity``, ``max_group``,
            ``use_llm``).

    Example:
        .. code-block:: python

            from langmem_local.maintenance import ConsolidationWorker

            with ConsolidationWorker(memory, interval_s=3600, use_llm=False):
                run_agent()  # consolidation happens in the background
    """

    def __init__(self, memory: LocalMemory, interval_s: float, **kwargs: Any) -> None:
        if interval_s <= 0:
            msg = f"interval_s must be > 0, got {interval_s!r}; pass e.g. 3600 (hourly)"
            raise ValueError(msg)
        if "user_id" in kwargs or "dry_run" in kwargs:
            msg = "ConsolidationWorker consolidates every user for real; drop user_id/dry_run"
            raise ValueError(msg)
        self.memory = memory
        self.interval_s = interval_s
        self.kwargs = kwargs
        self.runs = 0
        self.last_reports: list[ConsolidationReport] = []
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> list[ConsolidationReport]:
        """Consolidate every user now (in the calling thread); returns one report per user."""
        reports = [consolidate(self.memory, user_id=u, **self.kwargs) for u in self.memory.users()]
        self.runs += 1
        self.last_reports = reports
        return reports

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.run_once()
                self.last_error = None
            except Exception as exc:  # noqa: BLE001 - a background job must not die silently
                self.last_error = str(exc) or type(exc).__name__
                logger.exception("consolidation run failed")

    def start(self) -> ConsolidationWorker:
        """Start the background thread (once)."""
        if self._thread is not None and self._thread.is_alive():
            msg = "ConsolidationWorker is already running; call stop() before start()"
            raise RuntimeError(msg)
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, name="langmem-consolidation", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to stop and wait for it (a run in progress finishes first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        """Whether the background thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ConsolidationWorker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
