"""Throwaway PostgreSQL server for tests: ``initdb`` + ``pg_ctl`` in a temp dir.

Use the session fixture from a test module by binding it to a module name
(importing it under its own name would shadow it in test signatures)::

    from tests import pg_server

    postgres_dsn = pg_server.postgres_dsn

    def test_something(postgres_dsn: str) -> None:
        conn = psycopg.connect(postgres_dsn)

Resolution order:

* ``LANGMEM_TEST_PG_DSN`` set: that server is used as is (CI service
  containers); nothing is started or stopped.
* The ``pgserver`` wheel (a dev dependency: PostgreSQL 16 with pgvector
  0.6.2, starts in about a second, also as root).
* Otherwise the server binaries are taken from ``LANGMEM_TEST_PG_BIN``, then
  ``/usr/lib/postgresql/15/bin``, then ``PATH``. Absent binaries skip the tests
  with the fix; a server that is present but fails to start is an error, with
  the server log attached, because that is a broken machine, not a missing
  optional tool.

PostgreSQL refuses to run as root, so under root the cluster belongs to the
``postgres`` account (or ``nobody`` when there is none) and the binaries run
as that user. The cluster listens on 127.0.0.1 only, on a free port, trusts
local connections and runs with ``fsync=off``: it is a scratch server.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "PostgresServer",
    "find_pg_bin",
    "pgvector_dsn",
    "postgres_dsn",
    "start_pgserver",
    "start_postgres",
]

DSN_ENV = "LANGMEM_TEST_PG_DSN"
BIN_ENV = "LANGMEM_TEST_PG_BIN"
_DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
_SUPERUSER = "langmem"
_START_ATTEMPTS = 3  # a free port can be taken between probing it and the server binding it


@dataclass(frozen=True)
class PostgresServer:
    """A running throwaway cluster."""

    dsn: str
    data_dir: Path
    port: int


def find_pg_bin() -> Path | None:
    """Directory holding ``initdb`` and ``pg_ctl``, or ``None`` when there is none."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))
    candidates.append(_DEFAULT_BIN)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for directory in candidates:
        if all(os.access(directory / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> pwd.struct_passwd | None:
    """Account to run the server as: ``None`` = the current one (not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    msg = "running as root and no 'postgres' or 'nobody' account exists to run PostgreSQL as"
    raise RuntimeError(msg)


def _run(cmd: list[str], account: pwd.struct_passwd | None, cwd: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    if account is not None:
        env["HOME"] = str(cwd)  # root's home is not readable by the server account
    # user=/group= drop root in the child only; no dependency on su/runuser/sudo.
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        cmd,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        user=None if account is None else account.pw_uid,
        group=None if account is None else account.pw_gid,
        extra_groups=None if account is None else [],
    )
    if result.returncode != 0:
        msg = f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        raise RuntimeError(msg)


@contextlib.contextmanager
def start_postgres(bin_dir: Path) -> Iterator[PostgresServer]:
    """Start a scratch cluster, yield it, then stop it and delete its files.

    Example:
        .. code-block:: python

            with start_postgres(find_pg_bin()) as server:
                psycopg.connect(server.dsn).execute("SELECT 1")

    Raises:
        RuntimeError: ``initdb`` or ``pg_ctl start`` failed (message has the log).

    """
    account = _run_as()
    root = Path(tempfile.mkdtemp(prefix="langmem-pg-"))
    data = root / "data"
    log = root / "server.log"
    try:
        if account is not None:
            os.chown(root, account.pw_uid, account.pw_gid)
        # --no-sync / fsync=off: durability is worthless for a server deleted in a minute.
        _run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", _SUPERUSER, "-A", "trust",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            account, root,
        )  # fmt: skip
        port = 0
        for attempt in range(_START_ATTEMPTS):
            port = _free_port()
            options = (
                f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                _run(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "30",
                     "-o", options, "start"],
                    account, root,
                )  # fmt: skip
                break
            except RuntimeError as err:
                if attempt == _START_ATTEMPTS - 1:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    msg = f"{err}\nserver log:\n{tail}"
                    raise RuntimeError(msg) from err
                time.sleep(0.2)
        try:
            yield PostgresServer(
                dsn=f"postgresql://{_SUPERUSER}@127.0.0.1:{port}/postgres",
                data_dir=data,
                port=port,
            )
        finally:
            # immediate: no checkpoint, the files are deleted right after.
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                _run(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                    account, root,
                )  # fmt: skip
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def start_pgserver() -> Iterator[PostgresServer]:
    """Start the ``pgserver`` wheel's PostgreSQL 16 (with pgvector), then stop and delete it.

    Like :func:`start_postgres` the cluster lives in a fresh ``tempfile`` dir:
    under root the server runs as another account, which must be able to
    traverse the path (pytest keeps ``pytest-of-root`` at mode 0700), and its
    Unix socket path must stay short.

    Raises:
        ImportError: ``pgserver`` is not installed.
    """
    import pgserver  # type: ignore[import-untyped]

    root = Path(tempfile.mkdtemp(prefix="langmem-pgserver-"))
    server = pgserver.get_server(str(root), cleanup_mode="stop")
    try:
        yield PostgresServer(dsn=server.get_uri("postgres"), data_dir=root, port=0)
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """DSN of a PostgreSQL server for the test session (see the module docstring)."""
    external = os.environ.get(DSN_ENV)
    if external:
        yield external
        return
    try:
        import pgserver  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        pass
    else:
        with start_pgserver() as server:
            yield server.dsn
        return
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip(
            f"PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in ${BIN_ENV}, "
            f"{_DEFAULT_BIN} or PATH: install them (apt-get install postgresql-15), "
            f"point {BIN_ENV} at their directory, or set {DSN_ENV} to a running server"
        )
    with start_postgres(bin_dir) as server:
        yield server.dsn


@pytest.fixture(scope="session")
def pgvector_dsn(postgres_dsn: str) -> str:
    """The session server's DSN when it has pgvector (the server profile needs it), else skip."""
    psycopg = pytest.importorskip("psycopg", reason="pip install 'langmem-local[postgres]'")
    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").fetchone()
    if row is None:
        pytest.skip(
            "the test PostgreSQL server has no pgvector extension (Debian's postgresql-15 "
            "does not ship it): pip install pgserver (PostgreSQL 16 + pgvector), "
            "apt-get install postgresql-15-pgvector, or point LANGMEM_TEST_PG_DSN at a server "
            "with pgvector"
        )
    return postgres_dsn
