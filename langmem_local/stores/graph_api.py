"""The graph stores' public queries, written once over :class:`GraphLogic`.

:class:`~langmem_local.stores.graph.GraphStore` (SQLite) and
:class:`~langmem_local.stores.graph_postgres.PostgresGraphStore` differ only in
how rows are read and written; both hold a ``GraphLogic`` in ``self._logic``
and take these methods from :class:`GraphQueries`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from langmem_local.stores.graph_logic import GraphLogic
from langmem_local.stores.graph_model import Relation


class GraphQueries:
    """Forwards the graph API to ``self._logic`` (set by the concrete store)."""

    _logic: GraphLogic

    def add_relations(
        self,
        user_id: str,
        memory_id: str,
        relations: Sequence[Relation | dict[str, Any]],
        *,
        valid_from: datetime | date | str | None = None,
        recorded_at: datetime | date | str | None = None,
        skip_invalid: bool = False,
    ) -> list[str]:
        """Store the relations extracted from one memory; see :meth:`GraphLogic.add_relations`."""
        return self._logic.add_relations(
            user_id, memory_id, relations,
            valid_from=valid_from, recorded_at=recorded_at, skip_invalid=skip_invalid,
        )  # fmt: skip

    def match_entities(self, user_id: str, text: str) -> list[str]:
        """Known entities named in ``text``; see :meth:`GraphLogic.match_entities`."""
        return self._logic.match_entities(user_id, text)

    def search(
        self,
        user_id: str,
        query: str,
        *,
        hops: int = 2,
        as_of: datetime | date | str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Relations around the entities a query names; see :meth:`GraphLogic.search`."""
        return self._logic.search(user_id, query, hops=hops, as_of=as_of, limit=limit)

    def memory_ids_for(
        self,
        user_id: str,
        query: str,
        *,
        hops: int = 2,
        as_of: datetime | date | str | None = None,
        limit: int = 20,
    ) -> dict[str, int]:
        """Memories linked to the query's entities; see :meth:`GraphLogic.memory_ids_for`."""
        return self._logic.memory_ids_for(user_id, query, hops=hops, as_of=as_of, limit=limit)

    def graph(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
    ) -> dict[str, list[dict[str, Any]]]:
        """The user's whole graph; see :meth:`GraphLogic.graph`."""
        return self._logic.graph(user_id, as_of=as_of, include_expired=include_expired)

    def to_json(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
        indent: int | None = 2,
    ) -> str:
        """:meth:`graph` as JSON; see :meth:`GraphLogic.to_json`."""
        return self._logic.to_json(
            user_id, as_of=as_of, include_expired=include_expired, indent=indent
        )

    def to_graphml(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
    ) -> str:
        """:meth:`graph` as GraphML; see :meth:`GraphLogic.to_graphml`."""
        return self._logic.to_graphml(user_id, as_of=as_of, include_expired=include_expired)
