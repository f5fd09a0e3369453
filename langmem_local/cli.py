"""``langmem-local``: demo, chat and memory management from the terminal.

Every expected failure (Ollama down, model not pulled, bad input) prints one
line saying what is wrong and how to fix it, and exits 1: no tracebacks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import langmem_local._privacy  # noqa: F401
from langmem_local.cli_errors import check_data_dir, describe, to_cli
from langmem_local.encryption import database_errors
from langmem_local.errors import LangmemError

app = typer.Typer(
    help="Local-first long-term memory for LangChain/LangGraph agents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
memories_app = typer.Typer(help="Inspect and manage stored memories.", no_args_is_help=True)
app.add_typer(memories_app, name="memories")

console = Console()
err = Console(stderr=True)


class _State:
    backend: str = "auto"
    data_dir: Path | None = None
    database_url: str | None = None


state = _State()


@app.callback()
def main(
    backend: str = typer.Option(
        "auto",
        "--backend",
        "-b",
        help="auto (Ollama when it answers, else embedded), ollama, or embedded.",
        envvar="LANGMEM_BACKEND",
    ),
    data_dir: Path | None = typer.Option(
        None,
        "--data-dir",
        "-d",
        help="Where memories live (default: $LANGMEM_DATA_DIR or the per-user data dir).",
    ),
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        help="Server profile: keep every store in this PostgreSQL database with pgvector "
        "(default: $LANGMEM_DATABASE_URL; unset = the embedded data dir).",
        envvar="LANGMEM_DATABASE_URL",
        show_envvar=False,
    ),
) -> None:
    """Local-first long-term memory for LangChain/LangGraph agents."""
    if backend not in ("auto", "ollama", "embedded"):
        _fail(f"--backend must be auto, ollama or embedded, not {backend!r}")
    state.backend = backend
    state.data_dir = data_dir
    state.database_url = database_url


def _fail(message: str) -> None:
    # soft_wrap: one line, whatever the terminal width (scripts grep it). The
    # message is escaped: "filters['a']" or "[user]" is text, not Rich markup.
    err.print(f"[bold red]error:[/] {escape(to_cli(message))}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _message(exc: BaseException) -> str:
    # str(KeyError("x")) is "'x'" (repr); its message is args[0]. Never strip
    # quotes from the ends of a message: they may belong to it ("... 'alice'").
    if isinstance(exc, KeyError) and not isinstance(exc, LangmemError) and exc.args:
        return str(exc.args[0])
    return str(exc)


@contextmanager
def _clear_errors() -> Iterator[None]:
    """Turn the errors users can fix into one line each."""
    try:
        yield
    except (LangmemError, ValueError, TypeError, KeyError) as exc:
        _fail(_message(exc))
    except (OSError, *database_errors()) as exc:
        line = describe(exc, _data_dir())
        if line is None:
            _unexpected(exc)
        else:
            _fail(line)
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # noqa: BLE001 - last resort: one line, traceback on request
        _unexpected(exc)


def _unexpected(exc: BaseException) -> None:
    if os.environ.get("LANGMEM_DEBUG"):
        raise exc
    _fail(
        f"unexpected {type(exc).__name__}: {exc} "
        "(set LANGMEM_DEBUG=1 for the traceback and please report it)"
    )


def _data_dir() -> Path:
    if state.data_dir is not None:
        return state.data_dir.expanduser()
    from langmem_local.config import default_data_dir

    return default_data_dir()


def _open(*, quiet: bool = False) -> Any:
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    problem = check_data_dir(_data_dir())
    if problem is not None:
        _fail(problem)
    config = LocalMemoryConfig()
    if state.data_dir is not None:
        config = config.model_copy(update={"data_dir": state.data_dir.expanduser()})
    if state.database_url:
        config = config.model_copy(update={"database_url": state.database_url})
    memory = LocalMemory(config=config, backend=state.backend)
    # Say which backend only when it was chosen for the user (auto).
    if memory.backend_note and not quiet and state.backend == "auto":
        err.print(f"[dim]{memory.backend_note}[/]", highlight=False, soft_wrap=True)
    return memory


def _table(rows: list[dict[str, Any]], *, title: str, score: bool = False) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("memory")
    if score:
        table.add_column("score", justify="right")
        table.add_column("rel / rec / imp", justify="right", style="dim")
    table.add_column("updated", style="dim")
    for r in rows:
        cells = [r["id"][:8], escape(r["memory"])]
        if score:
            b = r.get("score_breakdown", {})
            cells += [
                f"{r['score']:.3f}",
                f"{b.get('relevance', 0):.2f} / {b.get('recency', 0):.2f} / "
                f"{b.get('importance', 0):.2f}",
            ]
        cells.append((r.get("updated_at") or "")[:19])
        table.add_row(*cells)
    return table


# ------------------------------------------------------------------ memories
# list, search, add, history, delete, reset, retry, pending, drop-pending:
# langmem_local/cli_memories.py (registered at the bottom of this module).


def _resolve_id(memory: Any, prefix: str) -> str:
    """Accept the 8-character prefix the tables show."""
    if memory.get(prefix) is not None or len(prefix) >= 36:
        return prefix
    matches = [
        r["id"]
        for u in memory.users()
        for r in memory.get_all(user_id=u)["results"]
        if r["id"].startswith(prefix)
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return prefix  # history of an erased memory, or a clear not-found error later
    msg = f"id prefix {prefix!r} is ambiguous ({len(matches)} memories); give more characters"
    raise ValueError(msg)


# -------------------------------------------------------------------- doctor
@app.command()
def doctor(
    repair: bool = typer.Option(
        False, "--repair", help="Recover a corrupted memory.db into a new file (keeps a backup)."
    ),
) -> None:
    """Check Ollama, its models, the embedded models and the stores."""
    from langmem_local.backends.ollama import check_ollama
    from langmem_local.config import LocalMemoryConfig

    config = LocalMemoryConfig()
    if state.data_dir is not None:
        config = config.model_copy(update={"data_dir": state.data_dir})
    ok = True
    o = config.ollama
    status = check_ollama(o.base_url, required=(o.chat_model, o.embed_model), timeout=3.0)
    if not status.reachable:
        console.print(
            f"[yellow]✗[/] Ollama: no answer at {o.base_url}. Start it with `ollama serve` "
            "(or set OLLAMA_HOST); the embedded backend works meanwhile.",
            highlight=False,
        )
    elif status.missing:
        pulls = "; ".join(f"`ollama pull {m}`" for m in status.missing)
        console.print(f"[yellow]✗[/] Ollama {status.version}: missing {pulls}", highlight=False)
    else:
        console.print(
            f"[green]✓[/] Ollama {status.version} at {o.base_url} with {o.chat_model}, "
            f"{o.embed_model}",
            highlight=False,
        )
    try:
        from langmem_local.backends.embedded import MiniLMEmbeddings, find_default_gguf

        console.print(f"[green]✓[/] embedded chat model: {find_default_gguf()}", highlight=False)
        dims = len(MiniLMEmbeddings().embed_query("doctor"))
        console.print(f"[green]✓[/] embedded embedder: all-MiniLM-L6-v2 ({dims} dims)")
    except LangmemError as exc:
        ok = False
        console.print(f"[red]✗[/] embedded backend: {escape(str(exc))}", highlight=False)
    from langmem_local.cli_doctor import check_stores

    ok = check_stores(config.data_dir.expanduser(), repair=repair) and ok
    raise typer.Exit(0 if ok else 1)


# memories list|search|add|history|delete|reset|retry|pending|drop-pending
from langmem_local.cli_memories import register as _register_memories  # noqa: E402

_register_memories(memories_app)

# graph, memories consolidate|prune|export|import
from langmem_local.cli_maintenance import register as _register_maintenance  # noqa: E402

_register_maintenance(app, memories_app)
# mcp, serve
from langmem_local.cli_server import register as _register_server  # noqa: E402

_register_server(app)

# demo, chat
from langmem_local.cli_chat import register as _register_chat  # noqa: E402

_register_chat(app)

if __name__ == "__main__":  # pragma: no cover
    # `python -m langmem_local.cli`: run the app of the importable module, whose
    # state the command modules (cli_memories, cli_maintenance) read, not __main__'s.
    from langmem_local.cli import app as _app

    _app()
