"""Keeping a memory healthy over time: forgetting, consolidation, export and import.

Three jobs an agent's memory needs once it has been used for months:

* **Forgetting** (:func:`prune`): importance decays exponentially since a
  memory was last used or changed (:func:`decayed_importance`); memories whose
  decayed importance falls under a threshold, or whose TTL (``expires_at``)
  has passed, are archived (superseded: gone from search, still visible to
  ``search(as_of=...)``) or erased. Never silent: every pruned memory gets an
  audit entry with its reason and is listed in the :class:`PruneReport`.
* **Consolidation** (:func:`consolidate`, :class:`ConsolidationWorker`):
  near-duplicate memories of a user are grouped by cosine similarity and each
  group is merged into one denser memory (one LLM call per group, or a
  deterministic merge), keeping the highest importance, the union of
  provenance, the graph relations and links both ways (``merged_from`` on the
  new memory, a ``CONSOLIDATE`` audit entry with ``merged_into`` on each old one).
* **Export / import** (:func:`export_jsonl`, :func:`import_jsonl`): one JSON
  object per memory, no embeddings; import re-embeds every text with the
  target's embedder, so it is also how a data directory migrates to another
  embedding model.

Every function takes a :class:`~langmem_local.memory.LocalMemory` and writes
through its engine helpers while holding its write lock.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from langmem_local import hybrid, ranking
from langmem_local.extraction import structured_kwargs
from langmem_local.merge_check import merge_problem
from langmem_local.stores.sqlite import from_iso, iso, utcnow

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

__all__ = [
    "MERGE_SCHEMA",
    "ConsolidationReport",
    "ConsolidationWorker",
    "ImportReport",
    "MemoryRecord",
    "MergedGroup",
    "PruneReport",
    "PrunedMemory",
    "consolidate",
    "decayed_importance",
    "export_jsonl",
    "import_jsonl",
    "merge_texts",
    "prune",
]

logger = logging.getLogger(__name__)

#: Days after which an untouched memory's importance has halved.
DEFAULT_HALF_LIFE_DAYS = 90.0
#: Who the audit log says did the work.
ACTOR = "maintenance"
#: Texts embedded per call on import (bounds memory use on large files).
_EMBED_BATCH = 64

#: JSON schema of one merge call's output.
MERGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"text": {"type": "string", "maxLength": 400}},
    "required": ["text"],
}

MERGE_SYSTEM = """\
You merge related memories about one user into a single memory.
Write ONE short text that keeps every fact of the memories below: names, \
numbers, dates, places, preferences. Add nothing that is not stated. If two \
memories disagree, keep the later one (they are listed oldest first).
Answer with JSON only: {"text": "..."}"""

MERGE_USER = "MEMORIES (oldest first):\n{memories}\n\nJSON:"


# ----------------------------------------------------------------- forgetting
def decayed_importance(
    importance: float,
    last_touched: datetime,
    now: datetime,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> float:
    """Importance after exponential decay since the memory was last used or changed.

    ``importance * 0.5 ** (days_since_last_touched / half_life_days)``: a memory
    keeps its full importance while it is used, and halves every
    ``half_life_days`` it is not. Naive datetimes are taken as UTC.

    Args:
        importance: Stored importance in [0, 1].
        last_touched: Last retrieval or update.
        now: The moment to evaluate at.
        half_life_days: Days after which an untouched memory's importance halves.

    Returns:
        The decayed importance, in [0, importance].

    Example:
        .. code-block:: python

            from datetime import datetime, timedelta, timezone

            now = datetime.now(timezone.utc)
            decayed_importance(0.8, now - timedelta(days=90), now)  # 0.4
    """
    if half_life_days <= 0:
        msg = f"half_life_days must be > 0, got {half_life_days!r}; pass e.g. 90"
        raise ValueError(msg)
    return importance * ranking.recency(_utc(last_touched), _utc(now), half_life_days)


class PrunedMemory(BaseModel):
    """One memory :func:`prune` removed (or would remove, on a dry run)."""

    id: str
    """Memory id."""
    user_id: str
    """Owner."""
    memory: str
    """The memory's text (kept in the report only, never in the audit log)."""
    reason: str
    """``"expired"`` (TTL passed) or e.g. ``"importance 0.05 < 0.1"``."""
    importance: float
    """Decayed importance at pruning time."""


class PruneReport(BaseModel):
    """What :func:`prune` did, one entry per pruned memory."""

    mode: Literal["archive", "delete"]
    """``archive``: superseded (kept for ``as_of``); ``delete``: erased everywhere."""
    dry_run: bool
    """``True`` when nothing was changed."""
    threshold: float
    """Decayed importance under which memories were pruned."""
    pruned: list[PrunedMemory] = Field(default_factory=list)
    """Every pruned memory with its reason."""
    kept: int = 0
    """Memories examined and kept."""


def prune(
    memory: LocalMemory,
    *,
    user_id: str | None = None,
    threshold: float = 0.1,
    mode: Literal["archive", "delete"] = "archive",
    dry_run: bool = False,
    now: datetime | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> PruneReport:
    """Forget memories that expired or whose decayed importance fell under a threshold.

    A memory is pruned when its ``expires_at`` (TTL) has passed, whatever its
    importance, or when :func:`decayed_importance` (measured since its last
    retrieval or update) is below ``threshold``. ``archive`` supersedes it:
    it disappears from search but ``search(as_of=...)`` still finds it for the
    time it was valid (an expired memory is closed at its expiry time).
    ``delete`` erases it from every store. Each pruned memory gets a ``PRUNE``
    audit entry with its reason and mode.

    Args:
        memory: The engine.
        user_id: Only this user's memories; ``None`` = every user.
        threshold: Decayed importance below which a memory is forgotten, in [0, 1].
        mode: ``"archive"`` (supersede) or ``"delete"`` (erase).
        dry_run: Report what would be pruned, change nothing.
        now: Evaluation time (default: now); naive datetimes are UTC.
        half_life_days: Decay half-life (see :func:`decayed_importance`).

    Returns:
        The report listing each pruned memory and why.

    Example:
        .. code-block:: python

            from langmem_local.maintenance import prune

            report = prune(memory, user_id="sarah", threshold=0.1, dry_run=True)
            for p in report.pruned:
                print(p.memory, "-", p.reason)  # "Likes sushi - importance 0.05 < 0.1"
    """
    if not 0.0 <= threshold <= 1.0:
        msg = f"threshold must be in [0, 1] (importance scale), got {threshold!r}; pass e.g. 0.1"
        raise ValueError(msg)
    if mode not in ("archive", "delete"):
        msg = f"mode must be 'archive' or 'delete', got {mode!r}"
        raise ValueError(msg)
    when = _utc(now) if now is not None else utcnow()
    report = PruneReport(mode=mode, dry_run=dry_run, threshold=threshold)
    memory._access.flush()  # decay counts from the last use, also a second ago
    with memory._write_lock:
        for user in _users(memory, user_id):
            for row in memory._db.user_memories(user):
                expires = from_iso(row.get("expires_at"))
                touched = max(
                    t
                    for t in (from_iso(row["updated_at"]), from_iso(row.get("last_accessed_at")))
                    if t is not None
                )
                decayed = decayed_importance(row["importance"], touched, when, half_life_days)
                if expires is not None and expires <= when:
                    reason, closed_at = "expired", expires
                elif decayed < threshold:
                    reason, closed_at = f"importance {decayed:.3g} < {threshold:g}", when
                else:
                    report.kept += 1
                    continue
                report.pruned.append(
                    PrunedMemory(
                        id=row["id"],
                        user_id=user,
                        memory=row["text"],
                        reason=reason,
                        importance=round(decayed, 6),
                    )
                )
                if dry_run:
                    continue
                if mode == "archive":
                    memory._writer.supersede(row, closed_at, actor=ACTOR, event="ARCHIVE")
                else:
                    memory._writer.erase(row["id"], user)
                memory._db.audit(
                    "PRUNE",
                    actor=ACTOR,
                    user_id=user,
                    memory_id=row["id"],
                    detail={"reason": reason, "mode": mode},
                )
        if mode == "delete" and report.pruned and not dry_run:
            # Erased text must not linger in the write-ahead log.
            memory._db.checkpoint()
    return report


# -------------------------------------------------------------- consolidation
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


def merge_texts(texts: Sequence[str]) -> str:
    """Deterministic merge: the unique clauses of ``texts`` joined with ``"; "``.

    Texts are split into clauses at sentence ends and semicolons; a clause
    equal to (case and punctuation aside) or contained in another is dropped,
    so nothing stated is lost and nothing is repeated.

    Args:
        texts: Memory texts, oldest first.

    Returns:
        One text.

    Example:
        .. code-block:: python

            merge_texts(["Likes tea.", "Likes tea every morning; drinks it daily", "likes tea"])
            # "Likes tea every morning; drinks it daily"
    """
    from langmem_local.ingest_text import normalise_text as _normalise_text

    clauses: list[str] = []
    keys: list[str] = []
    for text in texts:
        for part in re.split(r"(?<=[.!?])\s+|\s*;\s*", text):
            clause = part.strip().rstrip(" .;")
            key = _normalise_text(clause)
            if not key or any(f" {key} " in f" {k} " for k in keys):
                continue
            # A longer clause replaces the shorter ones it contains, in place.
            inside = [i for i, k in enumerate(keys) if f" {k} " in f" {key} "]
            if inside:
                clauses[inside[0]], keys[inside[0]] = clause, key
                for i in reversed(inside[1:]):
                    del clauses[i], keys[i]
            else:
                clauses.append(clause)
                keys.append(key)
    return "; ".join(clauses)


class _MergeOutput(BaseModel):
    text: str = Field(min_length=1, max_length=1000)

    @field_validator("text", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return v.strip() if isinstance(v, str) else v


def _parse_merge(raw: str) -> str:
    """The ``text`` of a merge answer; tolerates code fences and prose around the JSON."""
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end <= start:
        msg = "the answer contains no JSON object"
        raise ValueError(msg)
    try:
        return _MergeOutput.model_validate(json.loads(raw[start : end + 1])).text
    except (json.JSONDecodeError, ValidationError) as exc:
        msg = f"invalid merge answer: {exc}".splitlines()[0]
        raise ValueError(msg) from None


def _llm_merge(memory: LocalMemory, texts: Sequence[str]) -> str:
    numbered = "\n".join(f"{i}. {t}" for i, t in enumerate(texts))
    chat = [("system", MERGE_SYSTEM), ("human", MERGE_USER.format(memories=numbered))]
    reply = memory.chat_model.invoke(chat, **structured_kwargs(memory.chat_model, MERGE_SCHEMA))
    content = reply.content
    if isinstance(content, list):  # content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return _parse_merge(str(content))


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


# -------------------------------------------------------------- export/import
class VersionRecord(BaseModel):
    """One version of a memory in an export line."""

    text: str
    """What the memory said."""
    valid_from: str | None = None
    """When it started to hold (ISO-8601)."""
    valid_to: str | None = None
    """When it stopped holding; ``None`` for the current version."""
    event: str
    """``ADD`` or ``UPDATE``."""


class RelationRecord(BaseModel):
    """One active graph relation stated by a memory, in an export line."""

    model_config = ConfigDict(extra="ignore")

    source: str
    """Source entity (display form)."""
    relation: str
    """Relation label (lower snake_case)."""
    target: str
    """Target entity (display form)."""
    source_type: str | None = None
    """Entity type of ``source``, if known."""
    target_type: str | None = None
    """Entity type of ``target``, if known."""
    valid_from: str | None = None
    """When the relation started to hold (ISO-8601), if known."""


class MemoryRecord(BaseModel):
    """One line of a JSONL export: a live memory with its history and relations."""

    model_config = ConfigDict(extra="ignore")

    user_id: str = Field(min_length=1)
    """Owner."""
    id: str = Field(min_length=1)
    """Id in the exporting data directory (import assigns new ids)."""
    memory: str = Field(min_length=1)
    """The memory's text."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """User metadata, unchanged."""
    importance: float = Field(default_factory=lambda: ranking.importance_from_level(3), ge=0, le=1)
    """Importance in [0, 1]."""
    category: str | None = None
    """fact, preference, entity, event, plan or message."""
    created_at: str | None = None
    """When the memory was first stored (ISO-8601)."""
    updated_at: str | None = None
    """Last change (ISO-8601)."""
    valid_from: str | None = None
    """When the current version started to hold (ISO-8601)."""
    expires_at: str | None = None
    """TTL: when the memory stops being returned (ISO-8601), if any."""
    speaker: str | None = None
    """Who said it (verbatim messages stored with ``infer=False``)."""
    run_id: str | None = None
    """Conversation session of a verbatim message."""
    versions: list[VersionRecord] = Field(default_factory=list)
    """Every version, oldest first (texts and validity, no embeddings)."""
    relations: list[RelationRecord] = Field(default_factory=list)
    """Active graph relations this memory states."""

    @field_validator("created_at", "updated_at", "valid_from", "expires_at")
    @classmethod
    def _timestamp(cls, v: str | None) -> str | None:
        return iso(from_iso(v)) if v else None


class ImportReport(BaseModel):
    """What :func:`import_jsonl` did."""

    imported: int = 0
    """Memories created."""
    duplicates: int = 0
    """Records skipped because the user already had a memory with the same text."""
    id_map: dict[str, str] = Field(default_factory=dict)
    """Old id -> new id (for a duplicate: the id of the identical memory already there)."""
    users: list[str] = Field(default_factory=list)
    """Users that received memories (or already had all of them)."""


def export_jsonl(memory: LocalMemory, fp: IO[str], *, user_id: str | None = None) -> int:
    """Write live memories as JSON Lines, one :class:`MemoryRecord` per line.

    Embeddings are not exported (they belong to the embedder; import
    re-embeds), so the file is also how a data directory moves to another
    embedding model.

    Args:
        memory: The engine.
        fp: Text stream to write to.
        user_id: Only this user's memories; ``None`` = every user.

    Returns:
        Number of memories written.

    Example:
        .. code-block:: python

            from langmem_local.maintenance import export_jsonl

            with open("sarah.jsonl", "w", encoding="utf-8") as fp:
                export_jsonl(memory, fp, user_id="sarah")
    """
    count = 0
    for user in _users(memory, user_id):
        relations = _relations_by_memory(memory, user)
        for row in memory._db.user_memories(user):
            record = MemoryRecord(
                user_id=user,
                id=row["id"],
                memory=row["text"],
                metadata=row["metadata"],
                importance=row["importance"],
                category=row.get("category"),
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                valid_from=row.get("valid_from"),
                expires_at=row.get("expires_at"),
                speaker=row.get("speaker"),
                run_id=row.get("run_id"),
                versions=[VersionRecord.model_validate(v) for v in memory._db.versions(row["id"])],
                relations=[RelationRecord.model_validate(r) for r in relations[row["id"]]],
            )
            fp.write(record.model_dump_json() + "\n")
            count += 1
    return count


def import_jsonl(
    memory: LocalMemory, fp: Iterable[str], *, user_id: str | None = None
) -> ImportReport:
    """Recreate memories from a :func:`export_jsonl` file, re-embedded with this engine.

    Every text is embedded with ``memory``'s embedder, so the source may have
    used another one. Memories get new ids (``id_map`` in the report);
    metadata, importance, category, timestamps, TTL and graph relations are
    restored; of the version history only the current text is replayed
    (older versions stay in the file for reference). A record whose user
    already has a memory with exactly the same text is skipped, so importing a
    file twice changes nothing. The whole file is validated before anything is
    written.

    Args:
        memory: The target engine.
        fp: Text stream (or lines) of the export.
        user_id: Import every record into this user instead of its own.

    Returns:
        Counts and the old -> new id mapping.

    Example:
        .. code-block:: python

            from langmem_local.maintenance import import_jsonl

            with open("sarah.jsonl", encoding="utf-8") as fp:
                report = import_jsonl(new_memory, fp)
            report.imported, report.duplicates
    """
    from langmem_local.validation import check_user_id as _check_user_id

    target = _check_user_id(user_id) if user_id is not None else None
    records: list[MemoryRecord] = []
    for number, line in enumerate(fp, start=1):
        if not line.strip():
            continue
        try:
            records.append(MemoryRecord.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            msg = (
                f"line {number} of the import file is not a memory record ({where}: "
                f"{first['msg']}); import only files written by `langmem-local memories export`"
            )
            raise ValueError(msg) from None
    report = ImportReport()
    existing: dict[str, dict[str, str]] = {}  # user -> text -> id
    todo: list[tuple[str, MemoryRecord]] = []
    for rec in records:
        user = target or rec.user_id
        if user not in existing:
            existing[user] = {r["text"]: r["id"] for r in memory._db.user_memories(user)}
            report.users.append(user)
        text = rec.memory.strip()
        if text in existing[user]:
            report.duplicates += 1
            continue
        existing[user][text] = ""  # claimed: a repeat later in the file is a duplicate too
        todo.append((user, rec))
    texts = [rec.memory.strip() for _, rec in todo]
    # Indexed as the engine indexes what it stores (speaker prefix for verbatim turns).
    docs = [hybrid.index_text(rec.memory.strip(), speaker=rec.speaker) for _, rec in todo]
    vectors = [
        v
        for i in range(0, len(docs), _EMBED_BATCH)
        for v in memory._embed(docs[i : i + _EMBED_BATCH])
    ]
    created: dict[str, int] = defaultdict(int)
    with memory._write_lock:
        for (user, rec), text, doc, vector in zip(todo, texts, docs, vectors, strict=True):
            valid_from = from_iso(rec.valid_from) or from_iso(rec.created_at) or utcnow()
            # Records come oldest first, so a session's earlier turns are back
            # already and become this turn's keyword context, as on add().
            previous = (
                memory._db.recent_messages(user, rec.run_id, hybrid.CONTEXT_TURNS)
                if rec.category == "message"
                else []
            )
            new_id = memory._writer.create(
                text,
                vector,
                user_id=user,
                metadata=rec.metadata,
                importance=rec.importance,
                valid_from=valid_from,
                category=rec.category,
                source_turns=[],
                actor="import",
                speaker=rec.speaker,
                run_id=rec.run_id,
                index_text=doc,
                context=hybrid.context_text(previous),
            )
            stamps = {
                k: v
                for k, v in (
                    ("created_at", rec.created_at),
                    ("updated_at", rec.updated_at),
                    ("expires_at", rec.expires_at),
                )
                if v
            }
            if stamps:
                memory._db.update_memory(new_id, **stamps)
            for rel in rec.relations:
                memory._graph.add_relations(
                    user,
                    new_id,
                    [rel.model_dump()],
                    valid_from=rel.valid_from,
                    skip_invalid=True,
                )
            existing[user][text] = new_id
            report.imported += 1
            created[user] += 1
        for user in report.users:
            memory._db.audit(
                "IMPORT",
                actor="import",
                user_id=user,
                detail={"created": created[user]},
            )
    # Every old id maps to the memory that now holds its text, created or already there.
    report.id_map = {rec.id: existing[target or rec.user_id][rec.memory.strip()] for rec in records}
    return report


# -------------------------------------------------------------------- helpers
def _utc(dt: datetime) -> datetime:
    parsed = from_iso(iso(dt))
    assert parsed is not None
    return parsed


def _users(memory: LocalMemory, user_id: str | None) -> list[str]:
    if user_id is None:
        return memory.users()
    from langmem_local.validation import check_user_id as _check_user_id

    return [_check_user_id(user_id)]


def _union(lists: Iterable[list[Any]]) -> list[Any]:
    out: list[Any] = []
    for items in lists:
        out.extend(i for i in items if i not in out)
    return out


def _relations_by_memory(memory: LocalMemory, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Active relations of a user's graph, listed under every memory that states them."""
    data = memory._graph.graph(user_id)
    types = {node["id"]: node["type"] for node in data["nodes"]}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in data["edges"]:
        rel = {
            "source": edge["source"],
            "relation": edge["relationship"],
            "target": edge["destination"],
            "source_type": types.get(edge["source_id"]),
            "target_type": types.get(edge["destination_id"]),
            "valid_from": edge["valid_from"],
        }
        for memory_id in edge["memory_ids"]:
            out[memory_id].append(rel)
    return out
