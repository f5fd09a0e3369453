"""Shared pieces of the maintenance jobs: decay constants, the audit actor, small helpers.

Used by :mod:`~langmem_local.maintenance.forgetting`,
:mod:`~langmem_local.maintenance.consolidation` and
:mod:`~langmem_local.maintenance.export_import`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from langmem_local.stores.sqlite import from_iso, iso

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

#: Days after which an untouched memory's importance has halved.
DEFAULT_HALF_LIFE_DAYS = 90.0
#: Who the audit log says did the work.
ACTOR = "maintenance"


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
