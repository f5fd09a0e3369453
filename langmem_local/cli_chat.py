"""``langmem-local chat`` and ``langmem-local demo``: conversations with memory.

Both run :class:`~langmem_local.chat.ChatSession` and render its events: a
spinner while memories are recalled (and while the previous turn is still
being saved), then the reply as it streams. Ctrl-C during a reply stops the
reply and returns to the prompt; the message typed is already saved. A second
Ctrl-C, Ctrl-D, ``exit`` or ``quit`` leaves. :func:`register` adds the
commands to the main app; helpers of :mod:`langmem_local.cli` are imported
inside each command because that module imports this one.
"""

from __future__ import annotations

import signal
import time
from typing import Any

import typer
from rich.markup import escape

__all__ = ["register"]

DEMO_USER = "demo_user"
DEMO_SESSION_1 = [
    "Hi, I'm Sarah. I love hiking on mountain trails.",
    "I'm also really into landscape photography.",
    "I'm planning a trip to Colorado next month to hike and photograph the Rocky Mountains.",
]
"""Sarah's first session: who she is, her hobbies, her plan."""
DEMO_SESSION_2 = [
    "Hi, it's me again. What do you remember about me?",
    "Can you suggest something for my trip?",
]
"""The second session, in a new ``LocalMemory``: the assistant should recall her."""
DEMO_QUESTIONS = [
    "What are Sarah's hobbies?",
    "Where is Sarah travelling?",
]


def preview_note(memory: Any) -> str:
    """The one line said at start on the embedded backend (empty on any other)."""
    if memory.config.backend != "embedded":
        return ""
    name = getattr(getattr(memory.chat_model, "model_path", None), "name", "the bundled model")
    return (
        f"Offline preview: replies come from {name}, a very small model bundled so that "
        "everything runs offline; expect clumsy answers (memories are still saved and "
        "recalled). For real quality run `ollama pull llama3.2:3b` and `ollama pull "
        "nomic-embed-text`, then add `--backend ollama`."
    )


def stream_turn(
    session: Any,
    text: str,
    *,
    label: str = "agent>",
    show_memories: bool = True,
    show_timings: bool = False,
) -> bool:
    """Send one message and print the reply as it streams; ``False`` if it was interrupted."""
    from langmem_local.cli import console

    interrupted = False

    def on_sigint(signum: int, frame: Any) -> None:
        nonlocal interrupted
        if interrupted:  # second Ctrl-C: leave the chat
            raise KeyboardInterrupt
        interrupted = True
        session.cancel()  # the reply stops at its next token; the graph returns normally

    previous = signal.signal(signal.SIGINT, on_sigint)
    status = console.status("Recalling memories…")
    status.start()
    started = time.perf_counter()
    first: float | None = None
    try:
        for event in session.send(text):
            if event.kind == "waiting":
                status.update("Still saving your last message to memory…")
            elif event.kind == "recalled":
                if show_memories and event.memories:
                    recalled = "; ".join(m["memory"] for m in event.memories)
                    console.print(f"[dim]  recalled: {escape(recalled)}[/]", highlight=False)
                status.update("Thinking…")
            elif event.kind == "reply" and event.text:
                if first is None:
                    status.stop()
                    first = time.perf_counter() - started
                    console.print(f"[bold green]{label}[/] ", end="")
                console.print(event.text, end="", markup=False, highlight=False, soft_wrap=True)
    finally:
        status.stop()
        signal.signal(signal.SIGINT, previous)
    if first is None:
        console.print(f"[bold green]{label}[/] [dim](no reply)[/]", end="")
    console.print()
    if interrupted:
        console.print("[dim](reply stopped; your message is saved)[/]")
    if show_timings:
        total = time.perf_counter() - started
        first_s = f"{first:.1f} s" if first is not None else "-"
        console.print(f"[dim](first words after {first_s}, whole reply {total:.1f} s)[/]")
    return not interrupted


def _finish(session: Any, what: str) -> None:
    """Wait for the background extraction, then close the memory.

    Ctrl-C while waiting leaves at once: the turn stays in the durable queue
    and is extracted on the next start. The memory is then *not* closed, since
    the extraction thread still uses it (the process is ending anyway).
    """
    from langmem_local.cli import console, err

    try:
        if session.busy:
            with console.status(what):
                session.wait()
    except KeyboardInterrupt:
        err.print("[dim]left before saving finished; it is saved on the next start[/]")
        return
    session.memory.close()


def chat(
    user: str = typer.Option(..., "--user", "-u", help="Whose memory to use."),
    thread: str = typer.Option("cli", help="Conversation thread id (short-term memory)."),
    show_memories: bool = typer.Option(True, help="Show the memories recalled for each message."),
    show_timings: bool = typer.Option(False, help="Show how long each reply took."),
) -> None:
    """Talk to an agent that remembers you across sessions (exit, quit or Ctrl-D to leave)."""
    from langmem_local.chat import ChatSession
    from langmem_local.cli import _clear_errors, _open, console, err

    with _clear_errors():
        with console.status("Loading the models…"):
            memory = _open(quiet=True)
            session = ChatSession(memory, user, thread_id=thread)
            session.warm_up()
        note = preview_note(memory) or memory.backend_note
        if note:
            err.print(f"[dim]{escape(note)}[/]", highlight=False, soft_wrap=True)
        waiting = len(memory.pending(user))
        if waiting:
            with console.status(f"Saving {waiting} message(s) left from last time…"):
                session.catch_up()
        console.print("[dim]Type exit or quit to leave; Ctrl-C stops a reply.[/]")
        while True:
            try:
                text = console.input("[bold cyan]you>[/] ").strip()
            except (EOFError, KeyboardInterrupt):
                console.print()
                break
            if text.lower() in ("exit", "quit"):
                break
            if text:
                stream_turn(session, text, show_memories=show_memories, show_timings=show_timings)
        _finish(session, "Saving your last message to memory…")


def demo(
    reset: bool = typer.Option(True, help="Start from an empty demo_user memory."),
) -> None:
    """Sarah chats with the assistant, then a new LocalMemory (same process) recalls her."""
    from langmem_local.chat import ChatSession
    from langmem_local.cli import _clear_errors, _open, _table, console, err

    with _clear_errors():
        memory = _open(quiet=True)
        note = preview_note(memory) or memory.backend_note
        if note:
            err.print(f"[dim]{escape(note)}[/]", highlight=False, soft_wrap=True)
        if reset:
            memory.delete_all(user_id=DEMO_USER)
        session = ChatSession(memory, DEMO_USER, thread_id="demo-1")
        with console.status("Loading the models…"):
            session.warm_up()
        console.rule("[bold]Session 1: Sarah talks to the assistant")
        for text in DEMO_SESSION_1:
            console.print(f"[bold cyan]Sarah:[/] {escape(text)}")
            stream_turn(session, text, label="Assistant:", show_memories=False)
        with console.status("Saving session 1 to memory…"):
            session.wait()
        if memory.pending(DEMO_USER):
            console.print(
                "[yellow]some turns are queued for retry[/] "
                f"({escape(session.last_error or 'extraction failed')})"
            )
        memory.close()

        console.rule("[bold]Session 2: a new LocalMemory instance remembers her")
        memory = _open(quiet=True)
        session = ChatSession(memory, DEMO_USER, thread_id="demo-2")
        for text in DEMO_SESSION_2:
            console.print(f"[bold cyan]Sarah:[/] {escape(text)}")
            stream_turn(session, text, label="Assistant:")
        with console.status("Saving session 2 to memory…"):
            session.wait()
        console.rule("[bold]What the new LocalMemory recalls")
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


def register(app: typer.Typer) -> None:
    """Add ``chat`` and ``demo`` to the CLI app (called by :mod:`langmem_local.cli`)."""
    app.command("demo")(demo)
    app.command("chat")(chat)
