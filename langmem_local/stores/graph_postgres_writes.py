"""Writes of the PostgreSQL graph store: relations added, closed and erased.

Mixed into :class:`~langmem_local.stores.graph_postgres.PostgresGraphStore`
(whose ``_transaction``/``_sql`` run the statements). A partial unique index
keeps one active row per fact and memory under concurrent writers
(:data:`_INSERT_RELATION` with ``ON CONFLICT``); erasure deletes the rows and
any entity left without a relation.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from langmem_local.errors import LangmemError
from langmem_local.stores.graph_logic import GraphLogic
from langmem_local.stores.graph_model import Relation, normalize_entity, normalize_relation

if TYPE_CHECKING:
    from psycopg import Cursor

# ON CONFLICT on the partial unique index: an identical active row of the same memory
# (earlier, in the same batch, or from another process) is kept and nothing returned.
_INSERT_RELATION = """INSERT INTO {rel} (id, user_id, source, relation, target, memory_id,
        valid_from, valid_to, recorded_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s::timestamptz, NULL, %s::timestamptz)
    ON CONFLICT (user_id, source, relation, target, memory_id) WHERE valid_to IS NULL DO NOTHING
    RETURNING id"""


class _PgGraphWrites:
    """Write methods of :class:`PostgresGraphStore`."""

    def write_relations(
        self,
        user_id: str,
        memory_id: str,
        parsed: Sequence[Relation],
        start: str | None,
        learned: str,
    ) -> list[str]:
        """Write validated relations (from GraphLogic.add_relations) in one transaction."""
        # Two batches (entities, then relations) rather than a round trip per statement.
        if not parsed:
            return []
        entities: list[tuple[str, str, str, str | None]] = []
        for rel in parsed:
            for display, type_ in ((rel.source, rel.source_type), (rel.target, rel.target_type)):
                entities.append((user_id, normalize_entity(display), display, type_))
        rows = [
            (
                uuid.uuid4().hex,  # same id form as GraphStore
                user_id,
                normalize_entity(rel.source),
                rel.relation,
                normalize_entity(rel.target),
                memory_id,
                start,
                learned,
            )
            for rel in parsed
        ]
        with self._transaction() as cur:
            # First spelling wins as display name; a type is filled in once known.
            # Statements run in order, so this matches GraphStore's per-relation upserts.
            cur.executemany(
                self._sql(
                    """INSERT INTO {ent} AS e (user_id, name, display_name, type)
                    VALUES (%s, %s, %s, %s)
                    ON CONFLICT (user_id, name) DO UPDATE SET type = COALESCE(e.type, EXCLUDED.type)
                    """
                ),
                entities,
            )
            cur.executemany(
                self._sql(_INSERT_RELATION),
                rows,
                returning=True,
            )
            inserted: list[str | None] = []
            while True:
                row = cur.fetchone()
                inserted.append(None if row is None else row["id"])
                if not cur.nextset():
                    break
            return [
                new_id if new_id is not None else self._insert_or_get(cur, rel_row)
                for rel_row, new_id in zip(rows, inserted, strict=True)
            ]

    def _insert_or_get(self, cur: Cursor[dict[str, Any]], row: tuple[Any, ...]) -> str:
        """Id of the active row equal to ``row``, inserting it if there is none."""
        for _attempt in range(3):
            cur.execute(
                self._sql(
                    """SELECT id FROM {rel} WHERE user_id = %s AND source = %s
                    AND relation = %s AND target = %s AND memory_id = %s AND valid_to IS NULL"""
                ),
                row[1:6],
            )
            existing = cur.fetchone()
            if existing is not None:
                return str(existing["id"])
            # Another connection closed the conflicting row after our INSERT saw it:
            # insert ours after all.
            cur.execute(
                self._sql(_INSERT_RELATION),
                row,
            )
            inserted = cur.fetchone()
            if inserted is not None:
                return str(inserted["id"])
        msg = (
            "relation kept changing under concurrent writers while being deduplicated; "
            "retry add_relations"
        )
        raise LangmemError(msg)

    def invalidate_memory(self, memory_id: str, *, valid_to: datetime | date | str) -> int:
        """Close the active relations of a superseded memory; see :meth:`GraphStore`."""
        end = GraphLogic.required_time(valid_to, "valid_to")
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    """UPDATE {rel} SET valid_to = %s::timestamptz
                    WHERE memory_id = %s AND valid_to IS NULL"""
                ),
                (end, memory_id),
            )
            return cur.rowcount

    def supersede(
        self, user_id: str, source: str, relation: str, *, valid_to: datetime | date | str
    ) -> int:
        """Close every active ``source -[relation]->`` edge of a user; see :meth:`GraphStore`."""
        end = GraphLogic.required_time(valid_to, "valid_to")
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    """UPDATE {rel} SET valid_to = %s::timestamptz WHERE user_id = %s
                    AND source = %s AND relation = %s AND valid_to IS NULL"""
                ),
                (end, user_id, normalize_entity(source), normalize_relation(relation)),
            )
            return cur.rowcount

    def delete_memory(self, memory_id: str) -> int:
        """Erase a memory's relations and orphaned entities; see :meth:`GraphStore`."""
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    "DELETE FROM {rel} WHERE memory_id = %s RETURNING user_id, source, target"
                ),
                (memory_id,),
            )
            gone = cur.fetchall()
            # Only the deleted rows' endpoints can have become orphans (entities are
            # only ever written together with a relation), so prune just those.
            users: list[str] = []
            names: list[str] = []
            for row in gone:
                for name in (row["source"], row["target"]):
                    users.append(row["user_id"])
                    names.append(name)
            if names:
                cur.execute(
                    self._sql(
                        """DELETE FROM {ent} e USING unnest(%s::text[], %s::text[]) AS c(u, n)
                        WHERE e.user_id = c.u AND e.name = c.n AND NOT EXISTS (
                            SELECT 1 FROM {rel} r WHERE r.user_id = e.user_id
                            AND (r.source = e.name OR r.target = e.name))"""
                    ),
                    (users, names),
                )
        return len(gone)

    def delete_user(self, user_id: str) -> int:
        """Erase every relation and entity of a user; see :meth:`GraphStore.delete_user`."""
        with self._transaction() as cur:
            cur.execute(self._sql("DELETE FROM {rel} WHERE user_id = %s"), (user_id,))
            deleted = cur.rowcount
            cur.execute(self._sql("DELETE FROM {ent} WHERE user_id = %s"), (user_id,))
        return deleted

    def reset(self) -> None:
        """Delete every entity and relation of every user (in this schema)."""
        with self._transaction() as cur:
            # DELETE, not TRUNCATE: TRUNCATE takes an exclusive lock that blocks readers.
            cur.execute(self._sql("DELETE FROM {rel}"))
            cur.execute(self._sql("DELETE FROM {ent}"))
