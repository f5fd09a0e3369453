"""Forgetting: importance decay since last use, TTL expiry, and :func:`prune`.

Importance decays exponentially since a memory was last used or changed
(:func:`decayed_importance`); memories whose decayed importance falls under a
threshold, or whose TTL (``expires_at``) has passed, are archived (superseded:
gone from search, still visible to ``search(as_of=...)``) or erased. Never
silent: every pruned memory gets an audit entry with its reason and is listed
in the :class:`PruneReport`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from langmem_local import ranking
from langmem_local.maintenance._common import ACTOR, DEFAULT_HALF_LIFE_DAYS, _users, _utc
from langmem_local.stores.sqlite import from_iso, utcnow

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

__all__ = ["PruneReport", "PrunedMemory", "decayed_importance", "prune"]


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
