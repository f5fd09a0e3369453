"""The server profile's connection: one PostgreSQL schema, one reentrant unit of work.

Every store of the server profile (memory rows with their pgvector
embeddings, versions, history, audit, turns, keyword index, graph) lives in
one schema (default ``langmem``) and writes on ONE connection per engine,
through :meth:`PgDatabase.transaction`. Like the embedded profile's
:class:`~langmem_local.stores.sqlite.UnitOfWorkConnection`, nested blocks
join the outermost one (psycopg's nested ``transaction()`` makes savepoints,
so a caller catching an inner failure would commit half a write), and an
add / update / delete / supersede commits whole or not at all.

Concurrency between processes and hosts is PostgreSQL's: row-level locks and
MVCC. Creating the schema is serialised with a transaction-scoped advisory
lock, so processes opening a fresh database at once create it one after
another (``CREATE ... IF NOT EXISTS`` alone races in the catalog).

Requires ``pip install 'langmem-local[postgres]'`` (psycopg 3 and pgvector).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from langmem_local.errors import BackendUnavailableError, ConfigError

try:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    from psycopg.rows import dict_row
except ImportError as _err:  # optional extra: connect_database() raises the install hint
    _PSYCOPG_ERROR: ImportError | None = _err
else:
    _PSYCOPG_ERROR = None

__all__ = ["PgDatabase", "check_schema_name", "connect_database", "safe_dsn"]

# Unquoted-identifier rules, and PostgreSQL's 63-byte name limit.
_SCHEMA_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
# Seconds to wait for the server when the DSN does not say (libpq waits forever).
_CONNECT_TIMEOUT = "10"


def _require_psycopg(what: str) -> None:
    if _PSYCOPG_ERROR is not None:
        msg = (
            f"{what} needs psycopg 3 ({_PSYCOPG_ERROR}); "
            "install it with: pip install 'langmem-local[postgres]'"
        )
        raise ConfigError(msg) from _PSYCOPG_ERROR


def check_schema_name(schema: Any) -> str:
    """``schema`` if it is a plain identifier, else a :class:`ConfigError` naming the fix."""
    if not isinstance(schema, str) or not _SCHEMA_RE.fullmatch(schema):
        msg = (
            f"schema must be a plain identifier (letters, digits, _; at most 63), "
            f"got {schema!r}; pass e.g. schema='langmem'"
        )
        raise ConfigError(msg)
    return schema


def safe_dsn(dsn: str) -> str:
    """The DSN as ``key=value`` pairs without the password, for error messages."""
    _require_psycopg("the server profile")
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as err:
        # libpq's parse error quotes the DSN, password included: do not repeat it.
        msg = (
            "the PostgreSQL DSN cannot be parsed; pass a libpq connection string such as "
            "'postgresql://user@localhost:5432/dbname' or 'host=localhost dbname=langmem'"
        )
        raise ConfigError(msg) from err
    params.pop("password", None)
    return make_conninfo("", **params) or "(libpq defaults: PG* environment variables)"


class PgDatabase:
    """One connection to one schema, with a reentrant unit of work.

    Args:
        conn: An open psycopg connection in autocommit mode (statements
            outside :meth:`transaction` commit on their own).
        schema: Validated schema name holding every table.
        display: The DSN without password, for error messages.

    Example:
        .. code-block:: python

            db = connect_database("postgresql://app@db:5432/agents")
            with db.transaction() as cur:
                cur.execute("SELECT count(*) FROM memories")
    """

    def __init__(self, conn: psycopg.Connection[Any], *, schema: str, display: str) -> None:
        self.conn = conn
        self.schema = schema
        self.display = display
        # Threads of one engine share the connection; psycopg serialises
        # statements, but a unit of work must not interleave with another's.
        self.lock = threading.RLock()
        self._depth = 0

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work is open on this connection."""
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor[dict[str, Any]]]:
        """Hold the lock; the outermost block is the transaction, inner ones join it."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    with self.conn.cursor(row_factory=dict_row) as cur:
                        yield cur
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                with self._translate(), self.conn.transaction():
                    with self.conn.cursor(row_factory=dict_row) as cur:
                        yield cur
            finally:
                self._depth = 0

    @contextmanager
    def cursor(self) -> Iterator[psycopg.Cursor[dict[str, Any]]]:
        """A cursor for reads (inside the open unit of work, if any)."""
        with self.lock, self._translate(), self.conn.cursor(row_factory=dict_row) as cur:
            yield cur

    def fetchall(self, query: str | sql.Composable, params: Sequence[Any] = ()) -> list[dict]:
        """Rows of one statement, as dicts."""
        with self.cursor() as cur:
            cur.execute(query, params)  # type: ignore[arg-type]
            return cur.fetchall()

    def fetchone(self, query: str | sql.Composable, params: Sequence[Any] = ()) -> dict | None:
        """The first row of one statement, or ``None``."""
        with self.cursor() as cur:
            cur.execute(query, params)  # type: ignore[arg-type]
            return cur.fetchone()

    def ensure_schema(self, key: str, statements: Sequence[str | sql.Composable]) -> None:
        """Run DDL once per database, safely when several processes open it at once.

        The statements run in one transaction under an advisory lock keyed by
        ``schema:key``: a second process waits for the first to commit, then
        finds everything there (``IF NOT EXISTS``) and changes nothing.
        """
        try:
            with self.transaction() as cur:
                cur.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"langmem:{self.schema}:{key}",)
                )
                for statement in statements:
                    cur.execute(statement)  # type: ignore[arg-type]
        except psycopg.errors.InsufficientPrivilege as err:
            msg = (
                f"the PostgreSQL role of {self.display} may not create schema "
                f"{self.schema!r} or its tables ({err}); grant it CREATE on the database, "
                "or have an administrator open the memory once to create them"
            )
            raise ConfigError(msg) from err

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """A dead connection becomes one line naming the server and the fix."""
        try:
            yield
        except psycopg.OperationalError as err:
            if not (self.conn.closed or self.conn.broken):
                raise
            msg = (
                f"the connection to PostgreSQL at {self.display} is closed or broken "
                f"({str(err).strip() or type(err).__name__}); check the server is running "
                "and open the memory again"
            )
            raise BackendUnavailableError(msg) from err

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self.lock:
            self.conn.close()


def connect_database(dsn: str, *, schema: str = "langmem", vector: bool = True) -> PgDatabase:
    """Open the server profile's connection and create the schema (and pgvector) once.

    Args:
        dsn: libpq connection string or URI. ``connect_timeout`` defaults to
            10 seconds when the DSN does not set it.
        schema: Schema holding every table (created if missing).
        vector: Also make sure the ``vector`` extension exists and register
            its type, so vectors travel as numpy arrays in binary form.

    Raises:
        ConfigError: psycopg/pgvector missing, unparsable DSN, bad schema name,
            or the server lacks pgvector.
        BackendUnavailableError: The server cannot be reached.
    """
    _require_psycopg("the server profile")
    schema = check_schema_name(schema)
    display = safe_dsn(dsn)
    params = conninfo_to_dict(dsn)
    params.setdefault("connect_timeout", _CONNECT_TIMEOUT)
    params.setdefault("application_name", "langmem-local")
    try:
        conn = psycopg.connect(make_conninfo("", **params), autocommit=True)
    except psycopg.OperationalError as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = (
            f"cannot connect to PostgreSQL at {display} ({reason}); start the "
            "server or fix the DSN (host, port, user, dbname, password), then retry"
        )
        raise BackendUnavailableError(msg) from err
    db = PgDatabase(conn, schema=schema, display=display)
    try:
        # Timestamps come back in UTC whatever the server's TimeZone setting is;
        # unqualified names resolve in our schema, extension types in public.
        conn.execute("SET TIME ZONE 'UTC'")
        # A role that may only use an existing schema must not need CREATE.
        if db.fetchone("SELECT 1 AS ok FROM pg_namespace WHERE nspname = %s", (schema,)) is None:
            create = sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
            db.ensure_schema("schema", [create])
        conn.execute(sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema)))
        if vector:
            _enable_pgvector(db)
    except BaseException:
        conn.close()
        raise
    return db


def _enable_pgvector(db: PgDatabase) -> None:
    try:
        from pgvector.psycopg import register_vector
    except ImportError as err:
        msg = f"the server profile needs pgvector ({err}); pip install 'langmem-local[postgres]'"
        raise ConfigError(msg) from err
    have = db.fetchone("SELECT 1 AS ok FROM pg_extension WHERE extname = 'vector'")
    if have is None:
        available = db.fetchone("SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'vector'")
        if available is None:
            msg = (
                f"PostgreSQL at {db.display} has no pgvector extension; install it "
                "(apt-get install postgresql-16-pgvector, or use the pgserver wheel: "
                "pip install pgserver), or use the embedded profile (no database_url)"
            )
            raise ConfigError(msg)
        # Database-wide and racy like any DDL: the advisory lock serialises it.
        db.ensure_schema("vector", ["CREATE EXTENSION IF NOT EXISTS vector SCHEMA public"])
    # The extension may live in any schema (whoever created it chose): resolve
    # its type and operator classes through the search path.
    row = db.fetchone(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'vector'"
    )
    where = row["nspname"] if row else "public"
    db.conn.execute(
        sql.SQL("SET search_path TO {}, {}, public").format(
            sql.Identifier(db.schema), sql.Identifier(where)
        )
    )
    register_vector(db.conn)
