"""Export and import: live memories as JSON Lines, re-embedded on import.

One JSON object per memory (:class:`MemoryRecord`), no embeddings; import
re-embeds every text with the target's embedder, so it is also how a data
directory migrates to another embedding model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from langmem_local import hybrid, ranking
from langmem_local.maintenance._common import _relations_by_memory, _users
from langmem_local.stores.sqlite import from_iso, iso, utcnow

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

__all__ = [
    "ImportReport",
    "MemoryRecord",
    "RelationRecord",
    "VersionRecord",
    "export_jsonl",
    "import_jsonl",
]

#: Texts embedded per call on import (bounds memory use on large files).
_EMBED_BATCH = 64


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
