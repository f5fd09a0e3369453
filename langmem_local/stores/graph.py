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

This module only reads and writes SQLite rows; the semantics (validation,
matching, traversal, time filters, exports) are :class:`~.graph_logic.GraphLogic`,
which :class:`GraphStore` composes, as the PostgreSQL store does.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from langmem_local.stores.graph_api import GraphQueries
from langmem_local.stores.graph_logic import GraphLogic
from langmem_local.stores.graph_model import (
    _ENTITIES,
    _RELATIONS,
    _SELECT_EDGES,
    Relation,
    _chunks,
    assemble_graph,
    match_names,
    normalize_entity,
    normalize_relation,
    parse_relations,
)

__all__ = [
    "GraphStore",
    "Relation",
    "assemble_graph",
    "match_names",
    "normalize_entity",
    "normalize_relation",
    "parse_relations",
]


class GraphStore(GraphQueries):
    """Temporal knowledge graph of entities and relations, one SQLite connection.

    Tables ``graph_entities`` and ``graph_relations`` are created on first use
    in the shared ``memory.db``. Every public method commits its own work (or
    joins the engine's unit of work on a shared
    :class:`~langmem_local.stores.sqlite.UnitOfWorkConnection`).

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
        self._logic = GraphLogic(self)
        self._create_tables()

    # ------------------------------------------------------------------ schema

    #: Timestamp placeholder: SQLite compares the fixed-width ISO strings.
    time_mark = "?"

    @property
    def lock(self) -> threading.RLock:
        """The lock serialising this store's transactions."""
        return self._lock

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

    # ------------------------------------------------------------------ rows

    def write_relations(
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
        end = GraphLogic.required_time(valid_to, "valid_to")
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
        end = GraphLogic.required_time(valid_to, "valid_to")
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

    def candidate_names(self, user_id: str, text: str) -> dict[str, str]:
        """Key -> display name of the user's entities that ``text`` may mention.

        Here all of them; a backend may narrow them down in the database, as long
        as it keeps every name :func:`match_names` would find in ``text``.
        """
        with self._lock:
            rows = self._conn.execute(
                f"SELECT name, display_name FROM {_ENTITIES} WHERE user_id = ?", (user_id,)
            ).fetchall()
        return {row[0]: row[1] for row in rows}

    def graph_rows(
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

    @staticmethod
    def _select() -> str:
        return _SELECT_EDGES.format(rel=_RELATIONS, ent=_ENTITIES)

    def rows_touching(
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
