"""The ``mcp`` and ``serve`` commands of ``langmem-local``.

Both open one engine on the data dir (``--backend`` / ``--data-dir`` of the
main command), warm it up (embedder and vector index opened, the embedder
manifest checked), and only then serve. A data dir that cannot be opened is
one line on stderr and exit status 1, before anything listens.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

_WARM_UP_USER = "__langmem_warm_up__"


@contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send fd 1 to stderr while models load: stdout is the MCP wire."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _open_scoped(user: str | None, *, quiet: bool) -> Any:
    """Open and warm up the engine, or print why not in one line and exit 1."""
    from langmem_local import cli
    from langmem_local.scope import ScopedMemory, error_message

    where = cli.state.data_dir or os.environ.get("LANGMEM_DATA_DIR") or "the default data dir"
    memory = None
    try:
        memory = cli._open(quiet=quiet)
        # The first search opens the vector index and loads the embedder, and
        # checks the embedder manifest: fail here, not on the first request.
        memory.search("warm up", user_id=_WARM_UP_USER, limit=1)
        return ScopedMemory(memory, user_id=user)
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        if memory is not None:
            memory.close()
        reason = error_message(exc) or type(exc).__name__
        cli._fail(f"cannot open the memory in {where}: {reason}")


def _own_data_dir(data_dir: Path) -> Any:
    """Hold ``serve.lock`` in the data dir: one ``serve`` per data dir, or one line and exit 1.

    The lock is released by the OS when the process ends, however it ends.
    """
    from langmem_local import cli

    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, no check
        return None
    handle = (data_dir / "serve.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        handle.close()
        cli._fail(
            f"{data_dir} is already served by {owner}; use that server "
            "(RemoteMemory(URL) or its /mcp) or stop it first"
        )
    handle.seek(0)
    handle.truncate()
    handle.write(f"langmem-local serve (pid {os.getpid()})")
    handle.flush()
    return handle


def register(app: typer.Typer) -> None:
    """Add ``mcp`` and ``serve`` to the CLI."""

    @app.command("mcp")
    def mcp_command(
        user: str = typer.Option(
            None,
            "--user",
            "-u",
            envvar="LANGMEM_USER",
            help="The only user this server acts on (default: $LANGMEM_USER or your login).",
        ),
    ) -> None:
        """MCP server over stdio (how MCP clients launch local servers)."""
        from langmem_local.mcp_server import build_mcp_server

        with _stdout_to_stderr():
            scoped = _open_scoped(user or getpass.getuser(), quiet=False)
        try:
            build_mcp_server(scoped).run("stdio")
        except KeyboardInterrupt:
            pass
        finally:
            scoped.close()

    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", help="Address to bind (non-loopback needs a token)."),
        port: int = typer.Option(8765, min=1, max=65535, help="TCP port."),
        token: str = typer.Option(
            None, envvar="LANGMEM_TOKEN", help="API token every request must send as Bearer."
        ),
        user: str = typer.Option(
            None, "--user", "-u", help="Serve only this user (default: every user)."
        ),
    ) -> None:
        """HTTP API + MCP (streamable HTTP at /mcp) for one data dir."""
        from langmem_local import cli
        from langmem_local.server import is_loopback, run

        if not token and not is_loopback(host):
            cli._fail(
                f"refusing to listen on {host} without an API token: anyone who can reach it "
                "could read and erase every memory. Pass --token (or set LANGMEM_TOKEN), or "
                "bind to 127.0.0.1"
            )
        scoped = _open_scoped(user, quiet=False)
        try:
            lock = _own_data_dir(Path(scoped.memory.data_dir))  # noqa: F841 - held until exit
        except typer.Exit:
            scoped.close()
            raise
        scope = f"user {user!r}" if user else "every user"
        cli.err.print(
            f"langmem-local serving {scope} on http://{host}:{port} (MCP at /mcp)",
            highlight=False,
            soft_wrap=True,
        )
        try:
            run(scoped, host=host, port=port, token=token)
        except OSError as exc:  # address not available
            scoped.close()
            cli._fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        finally:
            if scoped.closed:
                cli.err.print("langmem-local serve stopped; every started write finished")
