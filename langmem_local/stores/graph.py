"""Embedded temporal knowledge graph on SQLite.

The role Graphiti plays for Zep, without a graph server: entities and the
relations between them, per user, each relation tied to the memory it was
extracted from and carrying two time axes:

* ``valid_from`` / ``valid_to``: when the fact holds in the world. The engine
  closes a relation (sets ``valid_to``) when its memory is superseded.
* ``recorded_at``: when we learned it, so ``as_of`` queries do not see facts
  learned later ("what did the agent know on 1 May?").

Erasure is different from supersession: :meth:`GraphStore.delete_memory` and
:meth:`GraphStore.delete_user` remove the rows and any entity left without a
relation, so nothing of the erased memory remains in this store.

One relation row is stored per (fact, memory): if two memories both say
"Sarah lives in Boston", erasing one must not erase the fact the other still
states. Reads (:meth:`GraphStore.search`, :meth:`GraphStore.graph`) merge those
rows into one edge listing every supporting memory in ``memory_ids``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from typing import Any, ClassVar

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from langmem_local.errors import ConfigError, ExtractionError
from langmem_local.timeparse import parse_datetime

__all__ = ["GraphStore", "Relation", "normalize_entity", "normalize_relation"]

_ENTITIES = "graph_entities"
_RELATIONS = "graph_relations"
_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# SQLite's default SQLITE_MAX_VARIABLE_NUMBER was 999 before 3.32; stay under it.
_IN_CHUNK = 400
# Characters XML 1.0 forbids; an LLM can emit them and GraphML export must not break.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Edge rows for search() and graph(), in both backends: {rel}/{ent} are the table
# names, filled in by str.format here and by psycopg.sql in PostgresGraphStore.
_SELECT_EDGES = """SELECT r.id, r.source AS s, r.target AS t, r.relation, r.memory_id,
        r.valid_from, r.valid_to, r.recorded_at,
        se.display_name AS source_name, te.display_name AS target_name
    FROM {rel} r
    JOIN {ent} se ON se.user_id = r.user_id AND se.name = r.source
    JOIN {ent} te ON te.user_id = r.user_id AND te.name = r.target"""


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFKC", value)
    value = _XML_ILLEGAL.sub(" ", value)
    return " ".join(value.split())


def normalize_entity(name: str) -> str:
    """Key under which an entity is stored: NFKC, whitespace collapsed, casefolded.

    Example:
        >>> normalize_entity("  New   York ")
        'new york'

    """
    return _clean_text(name).casefold()


def normalize_relation(relation: str) -> str:
    """Relation label in lower snake_case: ``"Lives In"``, ``"livesIn"`` -> ``"lives_in"``.

    Example:
        >>> normalize_relation("worksAt")
        'works_at'

    """
    value = unicodedata.normalize("NFKC", relation)
    value = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value)  # camelCase -> camel_Case
    return re.sub(r"[\W_]+", "_", value).strip("_").lower()


class Relation(BaseModel):
    """One ``(source) -[relation]-> (target)`` fact from the extraction step.

    Accepts Mem0's graph keys too (``relationship``, ``destination``), and
    ignores extra keys so raw LLM output can be passed as is.

    Example:
        .. code-block:: python

            Relation(source="Sarah", relation="Lives In", target="Boston")
            # Relation(source='Sarah', relation='lives_in', target='Boston', ...)

    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    source: str = Field(validation_alias=AliasChoices("source", "subject"))
    """Entity the relation starts from, as written (display form)."""
    relation: str = Field(validation_alias=AliasChoices("relation", "relationship", "predicate"))
    """Relation label, normalised to lower snake_case."""
    target: str = Field(validation_alias=AliasChoices("target", "destination", "object"))
    """Entity the relation points to, as written (display form)."""
    source_type: str | None = None
    """Optional entity type of ``source`` (``person``, ``city``...)."""
    target_type: str | None = Field(
        default=None, validation_alias=AliasChoices("target_type", "destination_type")
    )
    """Optional entity type of ``target``."""

    @field_validator("source", "target", mode="before")
    @classmethod
    def _check_entity(cls, value: Any) -> str:
        if not isinstance(value, str) or not _clean_text(value):
            msg = f"entity name must be a non-empty string, got {value!r}"
            raise ValueError(msg)
        return _clean_text(value)

    @field_validator("relation", mode="before")
    @classmethod
    def _check_relation(cls, value: Any) -> str:
        if not isinstance(value, str) or not normalize_relation(value):
            msg = f"relation must be a non-empty label such as 'lives_in', got {value!r}"
            raise ValueError(msg)
        return normalize_relation(value)

    @field_validator("source_type", "target_type", mode="before")
    @classmethod
    def _check_type(cls, value: Any) -> str | None:
        if value is None or not isinstance(value, str):
            return None
        return normalize_relation(value) or None


def _iso(value: datetime | date | str | None) -> str | None:
    """Fixed-width ISO-8601 UTC so SQLite can compare timestamps as strings."""
    parsed = parse_datetime(value)
    return None if parsed is None else parsed.isoformat(timespec="microseconds")


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]


# The pure halves of the store methods, shared by GraphStore and PostgresGraphStore so
# the two backends differ only in how they read and write rows.


def parse_relations(
    relations: Sequence[Relation | dict[str, Any]], *, skip_invalid: bool
) -> list[Relation]:
    """Validate extraction output for :meth:`GraphStore.add_relations`.

    Args:
        relations: :class:`Relation` objects or dicts accepted by it.
        skip_invalid: Drop malformed relations instead of raising.

    Returns:
        The valid relations, in order.

    Raises:
        ExtractionError: A relation is malformed and ``skip_invalid`` is off.

    """
    parsed: list[Relation] = []
    for index, item in enumerate(relations):
        try:
            parsed.append(item if isinstance(item, Relation) else Relation.model_validate(item))
        except ValidationError as err:
            if skip_invalid:
                continue
            problems = "; ".join(e["msg"] for e in err.errors())
            msg = (
                f"relation #{index} {item!r} is invalid ({problems}); fix the extraction "
                "output or call add_relations(..., skip_invalid=True)"
            )
            raise ExtractionError(msg) from err
    return parsed


def match_names(displays: Mapping[str, str], text: str) -> list[tuple[str, str]]:
    """Entity names mentioned in ``text``, for :meth:`GraphStore.match_entities`.

    Whole words only, any whitespace between words; overlapping names resolve
    to the longest ("New York City" hides "York").

    Args:
        displays: Stored key (:func:`normalize_entity`) -> display name of
            each candidate entity.
        text: Free text, any case or spacing.

    Returns:
        ``(key, display name)`` pairs, longest key first, without duplicates.

    """
    haystack = normalize_entity(text)
    # With no names the pattern would be "(?:)", which matches everywhere.
    if not displays or not haystack:
        return []
    keys = sorted(displays, key=lambda k: (-len(k), k))
    alternatives = [r"\s+".join(re.escape(word) for word in key.split()) for key in keys]
    # (?<!\w)/(?!\w) rather than \b: names may start or end in punctuation ("C++").
    # No re.IGNORECASE: names and text are both casefolded already, and IGNORECASE
    # would also equate "i" with dotless "ı", which casefolding keeps apart.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    found: dict[str, str] = {}
    for match in pattern.finditer(haystack):
        key = normalize_entity(match.group(0))
        if key in displays:
            found.setdefault(key, displays[key])
    return sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def assemble_graph(
    rows: Iterable[Mapping[str, Any]],
    entity_rows: Iterable[Mapping[str, Any]],
    *,
    include_expired: bool,
) -> dict[str, list[dict[str, Any]]]:
    """Build :meth:`GraphStore.graph`'s result from the rows its queries read.

    Args:
        rows: Edge rows (the columns of ``_SELECT_EDGES``), oldest recorded first.
        entity_rows: The user's entities: ``name``, ``display_name``, ``type``.
        include_expired: Whether ``rows`` include closed relations; they are
            then kept apart by ``valid_to``.

    Returns:
        ``{"nodes": [...], "edges": [...]}`` as documented on :meth:`GraphStore.graph`.

    """
    edges: dict[tuple[str | None, ...], dict[str, Any]] = {}
    for row in rows:
        # Current facts merge across memories; closed ones only with rows
        # closed at the same moment, so history keeps its separate intervals.
        key: tuple[str | None, ...] = (row["s"], row["relation"], row["t"])
        if include_expired:
            key = (*key, row["valid_to"])
        _merge(edges, key, row, hops=None)
    used = {e["source_id"] for e in edges.values()} | {e["destination_id"] for e in edges.values()}
    nodes = [
        {"id": row["name"], "name": row["display_name"], "type": row["type"]}
        for row in sorted(entity_rows, key=lambda r: r["name"])
        if row["name"] in used
    ]
    return {"nodes": nodes, "edges": list(edges.values())}


def _merge(
    edges: dict[Any, dict[str, Any]], key: Any, row: Mapping[str, Any], *, hops: int | None
) -> None:
    """Add ``row`` to ``edges`` under ``key``, or its memory to the edge already there."""
    edge = edges.get(key)
    if edge is not None:
        if row["memory_id"] not in edge["memory_ids"]:
            edge["memory_ids"].append(row["memory_id"])
        return
    edge = {
        "source": row["source_name"],
        "relationship": row["relation"],
        "destination": row["target_name"],
        "memory_id": row["memory_id"],
        "memory_ids": [row["memory_id"]],
        "valid_from": row["valid_from"],
        "valid_to": row["valid_to"],
        "recorded_at": row["recorded_at"],
    }
    if hops is None:
        edge.update(id=row["id"], source_id=row["s"], destination_id=row["t"])
    else:
        edge["hops"] = hops
    edges[key] = edge


class GraphStore:
    """Temporal knowledge graph of entities and relations, one SQLite connection.

    Tables ``graph_entities`` and ``graph_relations`` are created on first use
    in the shared ``memory.db``. Every public method commits its own work.

    Example:
        .. code-block:: python

            store = GraphStore(conn)
            store.add_relations(
                "alice", "mem-1", [{"source": "Sarah", "relation": "lives in", "target": "Boston"}]
            )
            store.search("alice", "Where does Sarah live?")
            # [{"source": "Sarah", "relationship": "lives_in", "destination": "Boston", ...}]

    Args:
        conn: Open connection (``row_factory=sqlite3.Row`` is not required).
        lock: Lock serialising this store's transactions; pass the engine's
            lock when several stores share ``conn`` across threads.

    """

    def __init__(self, conn: sqlite3.Connection, *, lock: threading.RLock | None = None) -> None:
        self._conn = conn
        self._lock = lock if lock is not None else threading.RLock()
        self._create_tables()

    # ------------------------------------------------------------------ schema

    def _create_tables(self) -> None:
        # Separate execute() calls, not executescript(): executescript COMMITs
        # whatever transaction another store has open on the shared connection.
        statements = [
            f"""CREATE TABLE IF NOT EXISTS {_ENTITIES} (
                user_id TEXT NOT NULL,
                name TEXT NOT NULL,
                display_name TEXT NOT NULL,
                type TEXT,
                PRIMARY KEY (user_id, name)
            )""",
            f"""CREATE TABLE IF NOT EXISTS {_RELATIONS} (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                source TEXT NOT NULL,
                relation TEXT NOT NULL,
                target TEXT NOT NULL,
                memory_id TEXT NOT NULL,
                valid_from TEXT,
                valid_to TEXT,
                recorded_at TEXT NOT NULL
            )""",
            f"CREATE INDEX IF NOT EXISTS {_RELATIONS}_source ON {_RELATIONS} (user_id, source)",
            f"CREATE INDEX IF NOT EXISTS {_RELATIONS}_target ON {_RELATIONS} (user_id, target)",
            f"CREATE INDEX IF NOT EXISTS {_RELATIONS}_memory ON {_RELATIONS} (memory_id)",
        ]
        with self._lock, self._conn:
            for statement in statements:
                self._conn.execute(statement)

    # ------------------------------------------------------------------ writes

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
        self._check_user(user_id)
        parsed = parse_relations(relations, skip_invalid=skip_invalid)
        start = _iso(valid_from)
        learned = _iso(recorded_at) or _now_iso()
        return self._write_relations(user_id, memory_id, parsed, start, learned)

    def _write_relations(
        self,
        user_id: str,
        memory_id: str,
        parsed: Sequence[Relation],
        start: str | None,
        learned: str,
    ) -> list[str]:
        """Write validated relations in one transaction; see :meth:`add_relations`."""
        ids: list[str] = []
        with self._lock, self._conn:
            for rel in parsed:
                source = self._upsert_entity(user_id, rel.source, rel.source_type)
                target = self._upsert_entity(user_id, rel.target, rel.target_type)
                existing = self._conn.execute(
                    f"""SELECT id FROM {_RELATIONS} WHERE user_id = ? AND source = ?
                        AND relation = ? AND target = ? AND memory_id = ? AND valid_to IS NULL""",
                    (user_id, source, rel.relation, target, memory_id),
                ).fetchone()
                if existing is not None:
                    ids.append(existing[0])
                    continue
                rel_id = uuid.uuid4().hex
                self._conn.execute(
                    f"""INSERT INTO {_RELATIONS} (id, user_id, source, relation, target,
                        memory_id, valid_from, valid_to, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)""",
                    (rel_id, user_id, source, rel.relation, target, memory_id, start, learned),
                )
                ids.append(rel_id)
        return ids

    def _upsert_entity(self, user_id: str, display: str, type_: str | None) -> str:
        key = normalize_entity(display)
        # First spelling wins as display name; a type is filled in once known.
        self._conn.execute(
            f"""INSERT INTO {_ENTITIES} (user_id, name, display_name, type) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, name) DO UPDATE
                SET type = COALESCE({_ENTITIES}.type, excluded.type)""",
            (user_id, key, display, type_),
        )
        return key

    def invalidate_memory(self, memory_id: str, *, valid_to: datetime | date | str) -> int:
        """Close the active relations of a superseded memory.

        The rows stay (history, ``as_of`` queries); only ``valid_to`` is set.

        Args:
            memory_id: The superseded memory.
            valid_to: When its facts stopped holding. Naive datetimes are UTC.

        Returns:
            Number of relations closed.

        """
        end = self._required_time(valid_to, "valid_to")
        with self._lock, self._conn:
            cursor = self._conn.execute(
                f"UPDATE {_RELATIONS} SET valid_to = ? WHERE memory_id = ? AND valid_to IS NULL",
                (end, memory_id),
            )
        return cursor.rowcount

    def supersede(
        self, user_id: str, source: str, relation: str, *, valid_to: datetime | date | str
    ) -> int:
        """Close every active ``source -[relation]->`` edge of a user.

        For callers that know a relation is single-valued ("lives_in"): call it
        before adding the new target.

        Args:
            user_id: Owner.
            source: Source entity, any spelling.
            relation: Relation label, any spelling (normalised like :class:`Relation`).
            valid_to: When the old facts stopped holding.

        Returns:
            Number of relations closed.

        """
        end = self._required_time(valid_to, "valid_to")
        with self._lock, self._conn:
            cursor = self._conn.execute(
                f"""UPDATE {_RELATIONS} SET valid_to = ? WHERE user_id = ? AND source = ?
                    AND relation = ? AND valid_to IS NULL""",
                (end, user_id, normalize_entity(source), normalize_relation(relation)),
            )
        return cursor.rowcount

    def delete_memory(self, memory_id: str) -> int:
        """Erase every relation of a memory, and entities left without relations.

        Returns:
            Number of relation rows deleted.

        """
        with self._lock, self._conn:
            users = [
                row[0]
                for row in self._conn.execute(
                    f"SELECT DISTINCT user_id FROM {_RELATIONS} WHERE memory_id = ?",
                    (memory_id,),
                )
            ]
            cursor = self._conn.execute(
                f"DELETE FROM {_RELATIONS} WHERE memory_id = ?", (memory_id,)
            )
            deleted = cursor.rowcount
            for user_id in users:
                self._prune_entities(user_id)
        return deleted

    def delete_user(self, user_id: str) -> int:
        """Erase every relation and entity of a user.

        Returns:
            Number of relation rows deleted.

        """
        with self._lock, self._conn:
            cursor = self._conn.execute(f"DELETE FROM {_RELATIONS} WHERE user_id = ?", (user_id,))
            self._conn.execute(f"DELETE FROM {_ENTITIES} WHERE user_id = ?", (user_id,))
        return cursor.rowcount

    def _prune_entities(self, user_id: str) -> None:
        self._conn.execute(
            f"""DELETE FROM {_ENTITIES} WHERE user_id = ? AND NOT EXISTS (
                    SELECT 1 FROM {_RELATIONS} r WHERE r.user_id = {_ENTITIES}.user_id
                    AND (r.source = {_ENTITIES}.name OR r.target = {_ENTITIES}.name))""",
            (user_id,),
        )

    def reset(self) -> None:
        """Delete every entity and relation of every user."""
        with self._lock, self._conn:
            self._conn.execute(f"DELETE FROM {_RELATIONS}")
            self._conn.execute(f"DELETE FROM {_ENTITIES}")

    # ------------------------------------------------------------------ reads

    def users(self) -> list[str]:
        """Users with at least one entity or relation, sorted."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT user_id FROM {_ENTITIES} UNION SELECT user_id FROM {_RELATIONS} ORDER BY 1"
            ).fetchall()
        return [row[0] for row in rows]

    def count(self, user_id: str, *, include_expired: bool = True) -> int:
        """Count the stored relation rows of a user (one per fact and memory).

        Args:
            user_id: Owner.
            include_expired: Count closed relations too; ``False`` counts only
                those with no ``valid_to``.

        """
        where = "" if include_expired else " AND valid_to IS NULL"
        with self._lock:
            row = self._conn.execute(
                f"SELECT COUNT(*) FROM {_RELATIONS} WHERE user_id = ?{where}", (user_id,)
            ).fetchone()
        return int(row[0])

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
        return match_names(self._candidate_names(user_id, text), text)

    def _candidate_names(self, user_id: str, text: str) -> dict[str, str]:
        """Key -> display name of the user's entities that ``text`` may mention.

        Here all of them; a backend may narrow them down in the database, as long
        as it keeps every name :func:`match_names` would find in ``text``.
        """
        with self._lock:
            rows = self._conn.execute(
                f"SELECT name, display_name FROM {_ENTITIES} WHERE user_id = ?", (user_id,)
            ).fetchall()
        return {row[0]: row[1] for row in rows}

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
        when, params = self._time_filter(as_of, include_expired=False, mark=self._TIME_MARK)

        distance = dict.fromkeys(seeds, 0)
        frontier = list(seeds)
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        with self._lock:
            for level in range(hops + 1):
                next_frontier: list[str] = []
                for row in self._rows_touching(user_id, frontier, when, params):
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
        when, params = self._time_filter(
            as_of, include_expired=include_expired, mark=self._TIME_MARK
        )
        rows, entity_rows = self._graph_rows(user_id, when, params)
        return assemble_graph(rows, entity_rows, include_expired=include_expired)

    def _graph_rows(
        self, user_id: str, when: str, params: tuple[str, ...]
    ) -> tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]:
        """Edge rows passing the ``when`` filter, and all entity rows, of a user."""
        with self._lock:
            rows = self._query(
                self._select() + f" WHERE r.user_id = ? AND {when} ORDER BY r.recorded_at, r.id",
                (user_id, *params),
            )
            entity_rows = self._query(
                f"SELECT name, display_name, type FROM {_ENTITIES} WHERE user_id = ?",
                (user_id,),
            )
        return rows, entity_rows

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
    def _check_user(user_id: str) -> None:
        if not isinstance(user_id, str) or not user_id.strip():
            msg = f"user_id must be a non-empty string, got {user_id!r}; pass the memory owner's id"
            raise ConfigError(msg)

    @staticmethod
    def _required_time(value: datetime | date | str | None, name: str) -> str:
        iso = _iso(value)
        if iso is None:
            msg = f"{name} is required; pass the datetime at which the facts stopped holding"
            raise ConfigError(msg)
        return iso

    _TIME_MARK: ClassVar[str] = "?"
    """Placeholder for a timestamp parameter in this backend's SQL (see _time_filter)."""

    @staticmethod
    def _time_filter(
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

    @staticmethod
    def _select() -> str:
        return _SELECT_EDGES.format(rel=_RELATIONS, ent=_ENTITIES)

    def _rows_touching(
        self, user_id: str, nodes: Sequence[str], when: str, params: tuple[str, ...]
    ) -> Sequence[Mapping[str, Any]]:
        """Edge rows passing ``when`` with an endpoint in ``nodes``, oldest first."""
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(nodes):
            marks = ",".join("?" * len(chunk))
            rows.extend(
                self._query(
                    self._select() + f" WHERE r.user_id = ? AND {when} AND (r.source IN ({marks})"
                    f" OR r.target IN ({marks})) ORDER BY r.recorded_at, r.id",
                    (user_id, *params, *chunk, *chunk),
                )
            )
        return rows

    def _query(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self._conn.execute(sql, params)
        # Plain dicts, whatever the connection's row_factory: the shared helpers take
        # Mappings, as PostgreSQL's dict rows are.
        cursor.row_factory = None
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _xml_safe(value: str) -> str:
    return _XML_ILLEGAL.sub(" ", value)
