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

The jobs live in one module each: :mod:`~langmem_local.maintenance.forgetting`,
:mod:`~langmem_local.maintenance.consolidation` (with the text merge in
:mod:`~langmem_local.maintenance.merge`) and
:mod:`~langmem_local.maintenance.export_import`; everything public is
re-exported here.
"""

from __future__ import annotations

from langmem_local.maintenance._common import ACTOR as ACTOR
from langmem_local.maintenance._common import DEFAULT_HALF_LIFE_DAYS as DEFAULT_HALF_LIFE_DAYS
from langmem_local.maintenance.consolidation import (
    ConsolidationReport,
    ConsolidationWorker,
    MergedGroup,
    consolidate,
)
from langmem_local.maintenance.export_import import (
    ImportReport,
    MemoryRecord,
    export_jsonl,
    import_jsonl,
)
from langmem_local.maintenance.export_import import (
    RelationRecord as RelationRecord,
)
from langmem_local.maintenance.export_import import (
    VersionRecord as VersionRecord,
)
from langmem_local.maintenance.forgetting import (
    PrunedMemory,
    PruneReport,
    decayed_importance,
    prune,
)
from langmem_local.maintenance.merge import MERGE_SCHEMA, merge_texts
from langmem_local.maintenance.merge import MERGE_SYSTEM as MERGE_SYSTEM
from langmem_local.maintenance.merge import MERGE_USER as MERGE_USER

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
