"""The entity graph's behaviour, written once and composed by both backends.

:class:`GraphLogic` implements what the graph *means*: validating and
deduplicating extracted relations, finding the entities a text names,
breadth-first traversal around them, the two time axes (``as_of``), the
whole-graph view and the JSON / GraphML exports. It reads and writes rows only
through a :class:`GraphRows` backend:

- :class:`~langmem_local.stores.graph.GraphStore` (SQLite, in ``memory.db``);
- :class:`~langmem_local.stores.graph_postgres.PostgresGraphStore`.

Each store holds a ``GraphLogic`` over itself and forwards its public
methods to it, so the semantics cannot drift between backends (one contract
suite runs against both: ``tests/integration/test_graph_postgres.py``).
"""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from langmem_local.errors import ConfigError
from langmem_local.stores.graph_model import (
    _GRAPHML_NS,
    Relation,
    _iso,
    _merge,
    _now_iso,
    _xml_safe,
    assemble_graph,
    match_names,
    parse_relations,
)

__all__ = ["GraphLogic", "GraphRows"]


class GraphRows(Protocol):
    """What a graph backend provides: rows in, rows out, nothing else."""

    lock: threading.RLock
    """Held around multi-statement reads (a traversal sees one state)."""
    time_mark: str
    """SQL placeholder of one timestamp parameter (``?`` or ``%s::timestamptz``)."""

    def write_relations(
        self,
        user_id: str,
        memory_id: str,
        parsed: Sequence[Relation],
        start: str | None,
        learned: str,
    ) -> list[str]:
        """Store validated relations in one transaction; ids in order (existing ones reused)."""
        ...

    def candidate_names(self, user_id: str, text: str) -> dict[str, str]:
        """Key -> display name of the user's entities ``text`` may mention (a superset)."""
        ...

    def rows_touching(
        self, user_id: str, nodes: Sequence[str], when: str, params: tuple[str, ...]
    ) -> Sequence[Mapping[str, Any]]:
        """Edge rows passing ``when`` with an endpoint in ``nodes``, oldest first."""
        ...

    def graph_rows(
        self, user_id: str, when: str, params: tuple[str, ...]
    ) -> tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]:
        """Edge rows passing ``when``, and all entity rows, of a user."""
        ...


class GraphLogic:
    """The graph's semantics over one :class:`GraphRows` backend.

    Args:
        rows: The backend that reads and writes rows.

    Example:
        .. code-block:: python

            logic = GraphLogic(sqlite_rows)
            logic.add_relations("alice", "m1", [{"source": "Sarah", "relation": "likes",
                                                 "target": "tea"}])
            logic.search("alice", "what does Sarah like?")
    """

    def __init__(self, rows: GraphRows) -> None:
        self._rows = rows

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
        """Store the relations extracted from one memory.

        A relation identical to an active one of the same memory is not stored
        again; its existing id is returned instead.

        Args:
            user_id: Owner of the memory.
            memory_id: Memory the relations were extracted from.
            relations: :class:`Relation` objects or dicts with ``source``,
                ``relation`` and ``target`` (Mem0's ``relationship`` /
                ``destination`` also work).
            valid_from: When the facts start to hold; ``None`` = unknown
                (treated as always). Naive datetimes are UTC.
            recorded_at: When they were learned; defaults to now.
            skip_invalid: Drop malformed relations instead of raising.

        Returns:
            One relation id per stored (or already present) relation, in order.

        Raises:
            ExtractionError: A relation is malformed and ``skip_invalid`` is off.

        """
        self.check_user(user_id)
        parsed = parse_relations(relations, skip_invalid=skip_invalid)
        start = _iso(valid_from)
        learned = _iso(recorded_at) or _now_iso()
        return self._rows.write_relations(user_id, memory_id, parsed, start, learned)

    def match_entities(self, user_id: str, text: str) -> list[str]:
        """Known entities of a user mentioned in ``text``.

        Case-insensitive, whole words only, any whitespace between words;
        overlapping names resolve to the longest ("New York City" hides
        "York").

        Returns:
            Display names, longest first, without duplicates.

        """
        return [display for _key, display in self._match(user_id, text)]

    def _match(self, user_id: str, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        return match_names(self._rows.candidate_names(user_id, text), text)

    def search(
        self,
        user_id: str,
        query: str,
        *,
        hops: int = 2,
        as_of: datetime | date | str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Relations around the entities a query mentions, breadth first.

        ``hops`` counts entities away from the query: relations touching a
        mentioned entity have ``hops`` 0, relations of their neighbours 1, of
        the neighbours' neighbours 2.

        Args:
            user_id: Owner.
            query: Free text; entities are found with :meth:`match_entities`.
            hops: How far to walk from the mentioned entities (0 = direct only).
            as_of: ``None`` = relations valid now (no ``valid_to``). A time =
                relations valid then and already recorded then.
            limit: Most edges returned.

        Returns:
            Edges sorted by ``hops`` then most recently recorded, each a dict
            with ``source``, ``relationship``, ``destination``, ``memory_id``
            (first memory stating it), ``memory_ids`` (all), ``valid_from``,
            ``valid_to``, ``recorded_at`` (ISO-8601 UTC or ``None``) and
            ``hops``.

        """
        if hops < 0 or limit < 0:
            msg = f"hops and limit must be >= 0, got hops={hops}, limit={limit}; pass 0 or more"
            raise ConfigError(msg)
        seeds = [key for key, _display in self._match(user_id, query)]
        if not seeds or limit == 0:
            return []
        when, params = self.time_filter(as_of, include_expired=False, mark=self._rows.time_mark)

        distance = dict.fromkeys(seeds, 0)
        frontier = list(seeds)
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        with self._rows.lock:
            for level in range(hops + 1):
                next_frontier: list[str] = []
                for row in self._rows.rows_touching(user_id, frontier, when, params):
                    _merge(edges, (row["s"], row["relation"], row["t"]), row, hops=level)
                    for node in (row["s"], row["t"]):
                        if node not in distance:
                            distance[node] = level + 1
                            next_frontier.append(node)
                if not next_frontier:
                    break
                frontier = next_frontier
        # Two stable sorts: newest first within each hop distance.
        ordered = sorted(edges.values(), key=lambda e: e["recorded_at"], reverse=True)
        ordered.sort(key=lambda e: e["hops"])
        return ordered[:limit]

    def memory_ids_for(
        self,
        user_id: str,
        query: str,
        *,
        hops: int = 2,
        as_of: datetime | date | str | None = None,
        limit: int = 20,
    ) -> dict[str, int]:
        """Memories connected to the query's entities, with their distance.

        Same arguments as :meth:`search`; used to boost those memories in
        ranking.

        Returns:
            Memory id -> smallest ``hops`` of an edge it supports.

        """
        result: dict[str, int] = {}
        for edge in self.search(user_id, query, hops=hops, as_of=as_of, limit=limit):
            for memory_id in edge["memory_ids"]:
                result[memory_id] = min(result.get(memory_id, edge["hops"]), edge["hops"])
        return result

    def graph(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
    ) -> dict[str, list[dict[str, Any]]]:
        """Return the user's whole graph, for export and visualisation.

        Args:
            user_id: Owner.
            as_of: As in :meth:`search`.
            include_expired: Also closed relations (history); with ``as_of``,
                everything recorded by then.

        Returns:
            ``{"nodes": [{"id", "name", "type"}], "edges": [...]}``; edges
            carry the :meth:`search` keys (without ``hops``) plus ``id``,
            ``source_id`` and ``destination_id`` (node ids).

        """
        when, params = self.time_filter(
            as_of, include_expired=include_expired, mark=self._rows.time_mark
        )
        rows, entity_rows = self._rows.graph_rows(user_id, when, params)
        return assemble_graph(rows, entity_rows, include_expired=include_expired)

    def to_json(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
        indent: int | None = 2,
    ) -> str:
        """:meth:`graph` as a JSON string."""
        data = self.graph(user_id, as_of=as_of, include_expired=include_expired)
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def to_graphml(
        self,
        user_id: str,
        *,
        as_of: datetime | date | str | None = None,
        include_expired: bool = False,
    ) -> str:
        """:meth:`graph` as GraphML (directed; opens in Gephi, yEd, networkx).

        Node attributes: ``name``, ``type``. Edge attributes: ``relationship``,
        ``memory_ids`` (space separated), ``valid_from``, ``valid_to``,
        ``recorded_at``.
        """
        data = self.graph(user_id, as_of=as_of, include_expired=include_expired)
        ET.register_namespace("", _GRAPHML_NS)
        root = ET.Element(f"{{{_GRAPHML_NS}}}graphml")
        node_keys = ["name", "type"]
        edge_keys = ["relationship", "memory_ids", "valid_from", "valid_to", "recorded_at"]
        for domain, names in (("node", node_keys), ("edge", edge_keys)):
            for name in names:
                ET.SubElement(
                    root,
                    f"{{{_GRAPHML_NS}}}key",
                    {
                        "id": f"{domain}_{name}",
                        "for": domain,
                        "attr.name": name,
                        "attr.type": "string",
                    },
                )
        graph = ET.SubElement(
            root, f"{{{_GRAPHML_NS}}}graph", {"id": _xml_safe(user_id), "edgedefault": "directed"}
        )

        def data_el(parent: ET.Element, key: str, value: str | None) -> None:
            if value is not None:
                el = ET.SubElement(parent, f"{{{_GRAPHML_NS}}}data", {"key": key})
                el.text = _xml_safe(value)

        for node in data["nodes"]:
            el = ET.SubElement(graph, f"{{{_GRAPHML_NS}}}node", {"id": _xml_safe(node["id"])})
            data_el(el, "node_name", node["name"])
            data_el(el, "node_type", node["type"])
        for edge in data["edges"]:
            el = ET.SubElement(
                graph,
                f"{{{_GRAPHML_NS}}}edge",
                {
                    "id": edge["id"],
                    "source": _xml_safe(edge["source_id"]),
                    "target": _xml_safe(edge["destination_id"]),
                },
            )
            data_el(el, "edge_relationship", edge["relationship"])
            data_el(el, "edge_memory_ids", " ".join(edge["memory_ids"]))
            for name in ("valid_from", "valid_to", "recorded_at"):
                data_el(el, f"edge_{name}", edge[name])
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def check_user(user_id: str) -> None:
        """Refuse an empty or non-string owner."""
        if not isinstance(user_id, str) or not user_id.strip():
            msg = f"user_id must be a non-empty string, got {user_id!r}; pass the memory owner's id"
            raise ConfigError(msg)

    @staticmethod
    def required_time(value: datetime | date | str | None, name: str) -> str:
        """``value`` as fixed-width ISO-8601 UTC; a missing time names the argument."""
        iso = _iso(value)
        if iso is None:
            msg = f"{name} is required; pass the datetime at which the facts stopped holding"
            raise ConfigError(msg)
        return iso

    @staticmethod
    def time_filter(
        as_of: datetime | date | str | None, *, include_expired: bool, mark: str = "?"
    ) -> tuple[str, tuple[str, ...]]:
        """SQL condition on relation ``r`` for ``as_of``, and its parameters.

        ``mark`` is the placeholder for one timestamp: ``?`` for SQLite, which
        compares the fixed-width ISO strings, or e.g. ``%s::timestamptz``.
        """
        moment = _iso(as_of)
        if moment is None:
            return ("1 = 1", ()) if include_expired else ("r.valid_to IS NULL", ())
        if include_expired:
            return f"r.recorded_at <= {mark}", (moment,)
        return (
            f"(r.valid_from IS NULL OR r.valid_from <= {mark}) "
            f"AND (r.valid_to IS NULL OR r.valid_to > {mark}) AND r.recorded_at <= {mark}",
            (moment, moment, moment),
        )
