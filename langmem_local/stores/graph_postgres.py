"""Temporal entity graph on PostgreSQL: the same contract as the SQLite store.

For the server profile (the graph lives in the profile's schema and joins
its unit of work, so a memory's write and its relations commit together) and
for an embedded engine that keeps only its graph on a server
(``graph_store="postgres"``). Same entities, relations, two time axes,
erasure rules and return values as :mod:`langmem_local.stores.graph`: both
stores compose :class:`~langmem_local.stores.graph_logic.GraphLogic`, which
implements the semantics once, and only read and write rows;
``tests/integration/test_graph_postgres.py`` runs one contract suite against both.

What PostgreSQL changes, on purpose:

* Times are ``timestamptz`` columns (read back as the same fixed-width
  ISO-8601 UTC strings the SQLite store returns).
* A partial unique index makes "one active row per fact and memory" hold under
  concurrent writers from several processes, not only under this store's lock.
* Foreign keys tie relations to their entities.
* Entity matching filters candidate names in the server (substring test)
  before the exact whole-word regex runs in Python.
* Erasure deletes the rows; as with any PostgreSQL table, the dead tuples stay
  in the data files until ``VACUUM`` (autovacuum) reclaims them.

The write path (relations added, closed, erased) lives in
:mod:`~langmem_local.stores.graph_postgres_writes`, a mixin of
:class:`PostgresGraphStore`.

Requires ``pip install 'langmem-local[postgres]'`` (psycopg 3).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING, Any

from langmem_local.errors import ConfigError
from langmem_local.stores.graph_api import GraphQueries
from langmem_local.stores.graph_logic import GraphLogic
from langmem_local.stores.graph_model import (
    ENTITIES,
    RELATIONS,
    SELECT_EDGES,
    normalize_entity,
)
from langmem_local.stores.graph_postgres_writes import _PgGraphWrites
from langmem_local.stores.postgres import (
    _PSYCOPG_ERROR,
    PgDatabase,
    check_schema_name,
    connect_database,
)

if TYPE_CHECKING:
    from psycopg import Cursor

__all__ = ["PostgresGraphStore"]

_ACTIVE_INDEX = "graph_relations_active"
_TIMES = ("valid_from", "valid_to", "recorded_at")
_SELECT_EDGES = SELECT_EDGES

_DDL = (
    """CREATE TABLE IF NOT EXISTS {ent} (
        user_id text NOT NULL,
        name text NOT NULL,
        display_name text NOT NULL,
        type text,
        PRIMARY KEY (user_id, name)
    )""",
    """CREATE TABLE IF NOT EXISTS {rel} (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        source text NOT NULL,
        relation text NOT NULL,
        target text NOT NULL,
        memory_id text NOT NULL,
        valid_from timestamptz,
        valid_to timestamptz,
        recorded_at timestamptz NOT NULL,
        FOREIGN KEY (user_id, source) REFERENCES {ent} (user_id, name),
        FOREIGN KEY (user_id, target) REFERENCES {ent} (user_id, name)
    )""",
    "CREATE INDEX IF NOT EXISTS graph_relations_source ON {rel} (user_id, source)",
    "CREATE INDEX IF NOT EXISTS graph_relations_target ON {rel} (user_id, target)",
    "CREATE INDEX IF NOT EXISTS graph_relations_memory ON {rel} (memory_id)",
    # The dedupe rule of add_relations, enforced across connections and processes.
    """CREATE UNIQUE INDEX IF NOT EXISTS graph_relations_active ON {rel}
        (user_id, source, relation, target, memory_id) WHERE valid_to IS NULL""",
)


def _iso_out(value: datetime | None) -> str | None:
    # Same fixed-width form as the SQLite store, so both backends return identical strings.
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


class PostgresGraphStore(_PgGraphWrites, GraphQueries):
    """Temporal knowledge graph in PostgreSQL.

    Same methods, arguments, return values and errors as
    :class:`~langmem_local.stores.graph.GraphStore`; tables
    ``graph_entities`` and ``graph_relations`` are created on first use in
    ``schema``. Each public method is one transaction, or joins the unit of
    work open on a shared :class:`~langmem_local.stores.postgres.PgDatabase`.
    Threads may share a store: a lock serialises its transactions.

    Example:
        .. code-block:: python

            with PostgresGraphStore("postgresql://app@db:5432/agents") as store:
                fact = {"source": "Sarah", "relation": "lives in", "target": "Boston"}
                store.add_relations("alice", "mem-1", [fact])
                store.search("alice", "Where does Sarah live?")
                # [{"source": "Sarah", "relationship": "lives_in", "destination": "Boston", ...}]

    Args:
        dsn: libpq connection string or URI (the store opens its own
            connection; ``connect_timeout`` defaults to 10 s), or the server
            profile's :class:`PgDatabase` to share its connection and unit of work.
        schema: Schema holding the tables (created if missing) when ``dsn``
            is a string; a shared database brings its own.

    Raises:
        ConfigError: psycopg is not installed, the DSN cannot be parsed, or
            ``schema`` is not a plain identifier.
        BackendUnavailableError: The server cannot be reached or refuses the
            connection.

    """

    #: Typed comparisons in GraphLogic.time_filter's conditions.
    time_mark = "%s::timestamptz"

    def __init__(self, dsn: str | PgDatabase, *, schema: str = "langmem") -> None:
        if _PSYCOPG_ERROR is not None:
            msg = (
                f"PostgresGraphStore needs psycopg 3 ({_PSYCOPG_ERROR}); "
                "install it with: pip install 'langmem-local[postgres]'"
            )
            raise ConfigError(msg) from _PSYCOPG_ERROR
        if isinstance(dsn, PgDatabase):
            self._db, self._owns_db = dsn, False
        else:
            check_schema_name(schema)
            self._db, self._owns_db = connect_database(dsn, schema=schema, vector=False), True
        from psycopg import sql

        self._sql_mod = sql
        self._schema = self._db.schema
        self._names = {
            "schema": sql.Identifier(self._schema),
            "ent": sql.Identifier(self._schema, ENTITIES),
            "rel": sql.Identifier(self._schema, RELATIONS),
        }
        self._logic = GraphLogic(self)
        try:
            self._create_tables()
        except BaseException:
            if self._owns_db:
                self._db.close()
            raise

    # ------------------------------------------------------------------ connection

    @property
    def schema(self) -> str:
        """Schema holding this store's tables."""
        return self._schema

    @property
    def lock(self) -> threading.RLock:
        """The connection's lock (held around a traversal)."""
        return self._db.lock

    def close(self) -> None:
        """Close the connection if this store opened it; the store cannot be used afterwards."""
        if self._owns_db:
            self._db.close()

    def __enter__(self) -> PostgresGraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresGraphStore({self._db.display!r}, schema={self._schema!r})"

    def _sql(self, template: str, **parts: Any) -> Any:
        return self._sql_mod.SQL(template).format(**self._names, **parts)

    @contextmanager
    def _transaction(self) -> Iterator[Cursor[dict[str, Any]]]:
        """One transaction (or the open unit of work): commit, or roll back on any error."""
        with self._db.transaction() as cur:
            yield cur

    # ------------------------------------------------------------------ schema

    def _create_tables(self) -> None:
        # Names are validated identifiers, so quoting them by hand is safe here.
        existing = [f'"{self._schema}".{name}' for name in (ENTITIES, RELATIONS, _ACTIVE_INDEX)]
        # CREATE ... IF NOT EXISTS still needs the CREATE privilege, so a role
        # limited to reading and writing existing tables must not run it.
        row = self._db.fetchone(
            "SELECT bool_and(to_regclass(n) IS NOT NULL) AS ready FROM unnest(%s::text[]) AS n",
            (existing,),
        )
        if row is None or not row["ready"]:
            self._db.ensure_schema("graph", [self._sql(s) for s in _DDL])

    # ------------------------------------------------------------------ reads

    def users(self) -> list[str]:
        """Users with at least one entity or relation, sorted."""
        with self._transaction() as cur:
            # COLLATE "C": code point order, as SQLite and sorted() give, whatever the
            # database's collation.
            cur.execute(
                self._sql(
                    "SELECT user_id FROM (SELECT user_id FROM {ent} UNION "
                    'SELECT user_id FROM {rel}) AS u ORDER BY user_id COLLATE "C"'
                )
            )
            return [row["user_id"] for row in cur.fetchall()]

    def count(self, user_id: str, *, include_expired: bool = True) -> int:
        """Count the stored relation rows of a user; see :meth:`GraphStore.count`."""
        where = "" if include_expired else " AND valid_to IS NULL"
        with self._transaction() as cur:
            cur.execute(
                self._sql("SELECT COUNT(*) AS n FROM {rel} WHERE user_id = %s" + where),
                (user_id,),
            )
            row = cur.fetchone()
        return 0 if row is None else int(row["n"])

    def candidate_names(self, user_id: str, text: str) -> dict[str, str]:
        """Entities ``text`` may mention, narrowed in the server (see GraphRows)."""
        # Called by GraphLogic._match. match_names finds a name only
        # where it is a substring of the normalised text (both sides casefolded,
        # single spaces, no case-insensitive regex), so the server may drop the rest.
        with self._db.cursor() as cur:  # one read: no BEGIN/COMMIT round trips
            cur.execute(
                self._sql(
                    "SELECT name, display_name FROM {ent} WHERE user_id = %s "
                    "AND strpos(%s, name) > 0"
                ),
                (user_id, normalize_entity(text)),
            )
            return {row["name"]: row["display_name"] for row in cur.fetchall()}

    def graph_rows(
        self, user_id: str, when: str, params: tuple[str, ...]
    ) -> tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]:
        """Edge rows passing ``when`` and all entity rows, in one transaction."""
        with self._transaction() as cur:
            cur.execute(
                self._sql(
                    _SELECT_EDGES + " WHERE r.user_id = %s AND {when} "
                    'ORDER BY r.recorded_at, r.id COLLATE "C"',
                    when=self._sql_mod.SQL(when),
                ),
                (user_id, *params),
            )
            rows = [self._row(row) for row in cur.fetchall()]
            cur.execute(
                self._sql("SELECT name, display_name, type FROM {ent} WHERE user_id = %s"),
                (user_id,),
            )
            return rows, cur.fetchall()

    # ------------------------------------------------------------------ helpers

    def rows_touching(
        self, user_id: str, nodes: Sequence[str], when: str, params: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        """Edge rows passing ``when`` touching ``nodes`` (GraphLogic.search, per hop)."""
        with self._db.cursor() as cur:
            cur.execute(
                self._sql(
                    _SELECT_EDGES + " WHERE r.user_id = %s AND {when} "
                    "AND (r.source = ANY(%s) OR r.target = ANY(%s)) "
                    'ORDER BY r.recorded_at, r.id COLLATE "C"',
                    when=self._sql_mod.SQL(when),
                ),
                (user_id, *params, list(nodes), list(nodes)),
            )
            return [self._row(row) for row in cur.fetchall()]

    @staticmethod
    def _row(row: dict[str, Any]) -> dict[str, Any]:
        for name in _TIMES:
            row[name] = _iso_out(row[name])
        return row
