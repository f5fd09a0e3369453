"""``langmem-local``: demo, chat and memory management from the terminal.

Every expected failure (Ollama down, model not pulled, bad input) prints one
line saying what is wrong and how to fix it, and exits 1: no tracebacks.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

import langmem_local._privacy  # noqa: F401
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

DEMO_USER = "demo_user"
DEMO_SESSION_1 = [
    [
        {"role": "user", "content": "Hi, I'm Sarah. I love hiking on mountain trails."},
        {"role": "assistant", "content": "Nice to meet you, Sarah! Hiking is a great hobby."},
    ],
    [
        {"role": "user", "content": "I'm also really into landscape photography."},
        {"role": "assistant", "content": "Mountains and photography go well together."},
    ],
    [
        {
            "role": "user",
            "content": "I'm planning a trip to Colorado next month to hike and photograph "
            "the Rocky Mountains.",
        },
        {"role": "assistant", "content": "That sounds amazing! Colorado has great trails."},
    ],
]
DEMO_QUESTIONS = [
    "What are Sarah's hobbies?",
    "Where is Sarah travelling?",
]


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
    # soft_wrap: one line, whatever the terminal width (scripts grep it).
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@contextmanager
def _clear_errors() -> Iterator[None]:
    """Turn the errors users can fix into one line each."""
    try:
        yield
    except LangmemError as exc:
        _fail(str(exc))
    except (ValueError, TypeError, KeyError) as exc:
        _fail(str(exc).strip("'\""))
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # noqa: BLE001 - last resort: one line, traceback on request
        if os.environ.get("LANGMEM_DEBUG"):
            raise
        _fail(
            f"unexpected {type(exc).__name__}: {exc} "
            "(set LANGMEM_DEBUG=1 for the traceback and please report it)"
        )


def _open(*, quiet: bool = False) -> Any:
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

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
        cells = [r["id"][:8], r["memory"]]
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


# --------------------------------------------------------------------- demo
@app.command()
def demo(
    reset: bool = typer.Option(True, help="Start from an empty demo_user memory."),
) -> None:
    """Two sessions: Sarah talks about herself, then a fresh process recalls it."""
    with _clear_errors():
        memory = _open()
        if reset:
            memory.delete_all(user_id=DEMO_USER)
        console.rule("[bold]Session 1: Sarah talks to the agent")
        for turn in DEMO_SESSION_1:
            console.print(f"[cyan]Sarah:[/] {turn[0]['content']}")
            out = memory.add(turn, user_id=DEMO_USER)
            for r in out["results"]:
                console.print(f"  [green]{r['event']:>6}[/] {r['memory']}", highlight=False)
            if out.get("queued"):
                console.print(
                    f"  [yellow]queued for retry[/] ({out.get('error', 'extraction failed')})",
                    highlight=False,
                )
        memory.close()

        console.rule("[bold]Session 2: a new LocalMemory instance remembers")
        memory = _open(quiet=True)
        for question in DEMO_QUESTIONS:
            hits = memory.search(question, user_id=DEMO_USER, limit=3)["results"]
            console.print(_table(hits, title=question, score=True))
        rows = memory.get_all(user_id=DEMO_USER)["results"]
        console.print(_table(rows, title=f"All memories of {DEMO_USER} ({len(rows)})"))
        console.print(
            f"[dim]Stored in {memory.data_dir}. Try: langmem-local memories list "
            f"--user {DEMO_USER}[/]",
            highlight=False,
        )
        memory.close()


# --------------------------------------------------------------------- chat
@app.command()
def chat(
    user: str = typer.Option(..., "--user", "-u", help="Whose memory to use."),
    thread: str = typer.Option("cli", help="Conversation thread id (short-term memory)."),
) -> None:
    """Talk to an agent that remembers you across sessions (exit/quit to leave)."""
    with _clear_errors():
        from langgraph.checkpoint.memory import InMemorySaver

        from graphs.context import Context
        from graphs.graph import build_graph

        memory = _open()
        graph = build_graph(memory, memory.chat_model, checkpointer=InMemorySaver())
        console.print("[dim]Type exit or quit to leave.[/]")
        while True:
            try:
                text = console.input("[bold cyan]you>[/] ").strip()
            except EOFError:
                break
            if text.lower() in ("exit", "quit"):
                break
            if not text:
                continue
            out = graph.invoke(
                {"messages": [{"role": "user", "content": text}]},
                config={"configurable": {"thread_id": thread}},
                context=Context(user_id=user),
            )
            console.print(f"[bold green]agent>[/] {out['messages'][-1].content}", highlight=False)
        memory.close()


# ------------------------------------------------------------------ memories
@memories_app.command("list")
def memories_list(
    user: str = typer.Option(..., "--user", "-u"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List every memory of a user."""
    with _clear_errors():
        memory = _open(quiet=True)
        rows = memory.get_all(user_id=user)["results"]
        if as_json:
            sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        else:
            console.print(_table(rows, title=f"Memories of {user} ({len(rows)})"))


@memories_app.command("search")
def memories_search(
    query: str = typer.Argument(...),
    user: str = typer.Option(..., "--user", "-u"),
    limit: int = typer.Option(5, "--limit", "-k"),
) -> None:
    """Search a user's memories and show the score breakdown."""
    with _clear_errors():
        memory = _open(quiet=True)
        hits = memory.search(query, user_id=user, limit=limit)
        console.print(_table(hits["results"], title=f"{query!r}", score=True))
        for rel in hits.get("relations", [])[:10]:
            console.print(
                f"  [dim]{rel['source']} —{rel['relationship']}→ {rel['destination']}[/]",
                highlight=False,
            )


@memories_app.command("add")
def memories_add(
    text: str = typer.Argument(...),
    user: str = typer.Option(..., "--user", "-u"),
    raw: bool = typer.Option(False, "--raw", help="Store verbatim (no LLM extraction)."),
) -> None:
    """Add a memory (extracted by the LLM unless --raw)."""
    with _clear_errors():
        memory = _open()
        out = memory.add(text, user_id=user, infer=not raw)
        for r in out["results"]:
            console.print(f"{r['event']:>6} {r['id'][:8]} {r['memory']}", highlight=False)
        if out.get("queued"):
            _fail(f"extraction failed, turn queued for retry: {out.get('error')}")


@memories_app.command("history")
def memories_history(memory_id: str = typer.Argument(...)) -> None:
    """Show the ADD/UPDATE/DELETE history of a memory."""
    with _clear_errors():
        memory = _open(quiet=True)
        table = Table(title=f"History of {memory_id}")
        for col in ("event", "old", "new", "when"):
            table.add_column(col)
        events = memory.history(_resolve_id(memory, memory_id))
        if not events:
            _fail(f"no memory with id {memory_id!r} has any history; list ids with "
                  "`langmem-local memories list --user U`")
        for h in events:
            table.add_row(
                h["event"],
                h.get("old_memory") or "",
                h.get("new_memory") or "",
                str(h.get("updated_at") or h.get("created_at") or "")[:19],
            )
        console.print(table)


@memories_app.command("delete")
def memories_delete(memory_id: str = typer.Argument(...)) -> None:
    """Erase one memory from every store."""
    with _clear_errors():
        memory = _open(quiet=True)
        full = _resolve_id(memory, memory_id)
        memory.delete(full)
        console.print(f"deleted {full}")


@memories_app.command("reset")
def memories_reset(
    user: str | None = typer.Option(None, "--user", "-u", help="Only this user's memories."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Erase a user's memories (or, without --user, the whole data directory)."""
    with _clear_errors():
        what = f"all memories of {user!r}" if user else "EVERY memory in the data directory"
        if not yes and not typer.confirm(f"Erase {what}?"):
            raise typer.Exit(1)
        memory = _open(quiet=True)
        if user:
            out = memory.delete_all(user_id=user)
            console.print(out["message"])
        else:
            memory.reset()
            console.print("reset done")


@memories_app.command("retry")
def memories_retry(user: str | None = typer.Option(None, "--user", "-u")) -> None:
    """Retry extraction of turns that failed earlier."""
    with _clear_errors():
        memory = _open()
        out = memory.retry_pending(user)
        for r in out["results"]:
            console.print(f"{r['event']:>6} {r['memory']}", highlight=False)
        if out["queued"]:
            _fail(f"{len(out['queued'])} turn(s) still queued")


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
def doctor() -> None:
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
        console.print(f"[green]✓[/] Ollama {status.version} at {o.base_url} with {o.chat_model}, "
                      f"{o.embed_model}", highlight=False)
    try:
        from langmem_local.backends.embedded import MiniLMEmbeddings, find_default_gguf

        console.print(f"[green]✓[/] embedded chat model: {find_default_gguf()}", highlight=False)
        dims = len(MiniLMEmbeddings().embed_query("doctor"))
        console.print(f"[green]✓[/] embedded embedder: all-MiniLM-L6-v2 ({dims} dims)")
    except LangmemError as exc:
        ok = False
        console.print(f"[red]✗[/] embedded backend: {exc}", highlight=False)
    data_dir = config.data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".write-probe"
        probe.write_text("ok")
        probe.unlink()
        console.print(f"[green]✓[/] data directory writable: {data_dir}", highlight=False)
        db = data_dir / "memory.db"
        if db.exists():
            from langmem_local.stores.sqlite import MetadataStore, connect

            store = MetadataStore(connect(db))
            man = store.manifest()
            console.print(
                f"[green]✓[/] stores: {len(store.users())} user(s), embedder "
                f"{man.get('embedder', '?')} ({man.get('embedding_dims', '?')} dims), "
                f"{len(store.pending_turns())} turn(s) pending",
                highlight=False,
            )
    except OSError as exc:
        ok = False
        console.print(f"[red]✗[/] data directory {data_dir}: {exc}", highlight=False)
    raise typer.Exit(0 if ok else 1)


# graph, memories consolidate|prune|export|import
from langmem_local.cli_maintenance import register as _register_maintenance  # noqa: E402

_register_maintenance(app, memories_app)

if __name__ == "__main__":  # pragma: no cover
    app()
