"""``langmem-local memories ...``: list, search, add, history, delete, reset, retry, pending.

Destructive commands cannot surprise: ``delete`` takes a full id, or an
unambiguous prefix of at least :data:`MIN_PREFIX` characters among the
memories of ``--user``; it shows what will go and asks (``--yes`` skips).
Commands that change nothing say so. :func:`register` adds the commands to the
``memories`` Typer app; helpers of :mod:`langmem_local.cli` are imported inside
each command because that module imports this one.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

__all__ = ["MIN_PREFIX", "confirm_or_stop", "register", "resolve_id"]

MIN_PREFIX = 8
"""Shortest id prefix a destructive command accepts (the tables show 8 characters)."""
_LIST_HINT = "list ids with `langmem-local memories list --user {user}`"


def resolve_id(memory: Any, given: str, user: str | None) -> dict[str, Any]:
    """The one memory ``given`` names: a full id, or a unique prefix within ``user``.

    Raises:
        ValueError: Empty id, a prefix shorter than :data:`MIN_PREFIX`, no
            ``user`` for a prefix, no match, or several matches.
    """
    given = given.strip()
    if not given:
        msg = (
            "a memory id is required; pass the full id or its first 8 characters, e.g. "
            "`langmem-local memories delete 1a2b3c4d --user alice`"
        )
        raise ValueError(msg)
    row = memory.get(given)
    if row is not None and (user is None or row["user_id"] == user):
        return row
    if user is None:
        msg = (
            f"no memory has the id {given!r}; to use an id prefix, say whose memory it "
            "is with --user U"
        )
        raise ValueError(msg)
    if row is None and len(given) < MIN_PREFIX:
        msg = (
            f"id prefix {given!r} is too short; give at least {MIN_PREFIX} characters "
            f"of the id ({_LIST_HINT.format(user=user)})"
        )
        raise ValueError(msg)
    matches = [
        r
        for r in memory.get_all(user_id=user, include_expired=True)["results"]
        if r["id"].startswith(given)
    ]
    if not matches:
        msg = f"no memory of {user!r} has an id starting with {given!r}; " + _LIST_HINT.format(
            user=user
        )
        raise ValueError(msg)
    if len(matches) > 1:
        msg = (
            f"id prefix {given!r} matches {len(matches)} memories of {user!r}; give more characters"
        )
        raise ValueError(msg)
    return matches[0]


def confirm_or_stop(question: str, *, yes: bool) -> None:
    """Ask ``question`` unless ``--yes``; on no, say nothing changed and exit 1."""
    from langmem_local.cli import console

    if yes:
        return
    if not typer.confirm(question, default=False):
        console.print("nothing changed", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def memories_list(
    user: str = typer.Option(..., "--user", "-u"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List every memory of a user."""
    from langmem_local.cli import _clear_errors, _open, _table, console

    with _clear_errors():
        memory = _open(quiet=True)
        rows = memory.get_all(user_id=user)["results"]
        if as_json:
            sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        else:
            console.print(_table(rows, title=f"Memories of {user} ({len(rows)})"))


def memories_search(
    query: str = typer.Argument(...),
    user: str = typer.Option(..., "--user", "-u"),
    limit: int = typer.Option(5, "--limit", "-k"),
) -> None:
    """Search a user's memories and show the score breakdown."""
    from langmem_local.cli import _clear_errors, _open, _table, console

    with _clear_errors():
        memory = _open(quiet=True)
        hits = memory.search(query, user_id=user, limit=limit)
        console.print(_table(hits["results"], title=f"{query!r}", score=True))
        for rel in hits.get("relations", [])[:10]:
            console.print(
                f"  [dim]{escape(rel['source'])} —{escape(rel['relationship'])}→ "
                f"{escape(rel['destination'])}[/]",
                highlight=False,
            )


def memories_add(
    text: str = typer.Argument(..., help="The text to remember, or - to read it from stdin."),
    user: str = typer.Option(..., "--user", "-u"),
    raw: bool = typer.Option(False, "--raw", help="Store verbatim (no LLM extraction)."),
) -> None:
    """Add a memory (extracted by the LLM unless --raw)."""
    from langmem_local.cli import _clear_errors, _fail, _open, console

    with _clear_errors():
        if text == "-":
            text = sys.stdin.read()
        if not text.strip():
            msg = "the text to add is empty; pass it as an argument, or pipe it with `-`"
            raise ValueError(msg)
        memory = _open()
        out = memory.add(text, user_id=user, infer=not raw)
        for r in out["results"]:
            console.print(
                f"{r['event']:>6} {r['id'][:8]} {escape(r['memory'])}",
                highlight=False,
                soft_wrap=True,
            )
        if out.get("queued"):
            _fail(
                f"extraction failed, turn {out['queued'][0][:8]} queued for retry: "
                f"{out.get('error')}; retry with `langmem-local memories retry`"
            )
        if not out["results"]:
            console.print(
                "no facts extracted; nothing stored (use --raw to store the text verbatim)",
                highlight=False,
                soft_wrap=True,
            )


def memories_history(memory_id: str = typer.Argument(...)) -> None:
    """Show the ADD/UPDATE/DELETE history of a memory."""
    from langmem_local.cli import _clear_errors, _fail, _open, _resolve_id, console

    with _clear_errors():
        memory = _open(quiet=True)
        table = Table(title=f"History of {memory_id}")
        for col in ("event", "old", "new", "when"):
            table.add_column(col)
        events = memory.history(_resolve_id(memory, memory_id))
        if not events:
            _fail(
                f"no memory with id {memory_id!r} has any history; list ids with "
                "`langmem-local memories list --user U`"
            )
        for h in events:
            table.add_row(
                h["event"],
                escape(h.get("old_memory") or ""),
                escape(h.get("new_memory") or ""),
                str(h.get("updated_at") or h.get("created_at") or "")[:19],
            )
        console.print(table)


def memories_delete(
    memory_id: str = typer.Argument("", help="Full id, or its first 8+ characters with --user."),
    user: str | None = typer.Option(None, "--user", "-u", help="Whose memory it is."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Erase one memory from every store (asks first)."""
    from langmem_local.cli import _clear_errors, _open, console

    with _clear_errors():
        memory = _open(quiet=True)
        row = resolve_id(memory, memory_id, user)
        console.print(
            f"will delete {row['id']} of {row['user_id']!r}: {escape(row['memory'])}",
            highlight=False,
            soft_wrap=True,
        )
        confirm_or_stop("Delete it?", yes=yes)
        memory.delete(row["id"])
        console.print(f"deleted {row['id']}", highlight=False, soft_wrap=True)


def memories_reset(
    user: str | None = typer.Option(None, "--user", "-u", help="Only this user's memories."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Erase a user's memories (or, without --user, the whole data directory)."""
    from langmem_local.cli import _clear_errors, _open, console

    with _clear_errors():
        memory = _open(quiet=True)
        users = [user] if user else memory.users()
        counts = {u: len(memory.get_all(user_id=u, include_expired=True)["results"]) for u in users}
        total = sum(counts.values())
        if user:
            console.print(
                f"will erase {total} memories of {user!r}", highlight=False, soft_wrap=True
            )
        else:
            console.print(
                f"will erase EVERY memory in {memory.data_dir}: {total} memories of "
                f"{len(users)} user(s)",
                highlight=False,
                soft_wrap=True,
            )
        confirm_or_stop("Erase them?", yes=yes)
        if user:
            console.print(
                memory.delete_all(user_id=user)["message"], highlight=False, soft_wrap=True
            )
        else:
            memory.reset()
            console.print(f"reset done: erased {total} memories", highlight=False, soft_wrap=True)


def memories_retry(user: str | None = typer.Option(None, "--user", "-u")) -> None:
    """Retry extraction of queued turns; a turn that fails again stays queued and is reported."""
    from langmem_local.cli import _clear_errors, _fail, _open, console

    with _clear_errors():
        memory = _open()
        if not memory.pending(user):
            console.print("nothing pending", highlight=False, soft_wrap=True)
            return
        out = memory.retry_pending(user)
        for r in out["results"]:
            console.print(f"{r['event']:>6} {escape(r['memory'])}", highlight=False, soft_wrap=True)
        for f in out.get("failed", []):
            console.print(
                f"failed: turn {f['turn_id'][:8]} of {f['user_id']!r}: {escape(f['error'])}",
                highlight=False,
                soft_wrap=True,
            )
        if out["queued"]:
            _fail(
                f"{len(out['queued'])} turn(s) still queued; inspect them with "
                "`langmem-local memories pending`, drop one with "
                "`langmem-local memories drop-pending ID`"
            )


def memories_pending(user: str | None = typer.Option(None, "--user", "-u")) -> None:
    """List turns waiting for extraction, with their last error."""
    from langmem_local.cli import _clear_errors, _open, console

    with _clear_errors():
        memory = _open(quiet=True)
        turns = memory.pending(user)
        if not turns:
            console.print("nothing pending", highlight=False, soft_wrap=True)
            return
        table = Table(title=f"Pending turns ({len(turns)})")
        for col in ("id", "user", "attempts", "text", "last error"):
            table.add_column(col, no_wrap=col == "id")
        for t in turns:
            text = " ".join(m["content"] for m in t["messages"])
            table.add_row(
                t["id"][:8],
                escape(t["user_id"]),
                str(t.get("attempts", 0)),
                escape(text[:60] + ("…" if len(text) > 60 else "")),
                escape(t.get("error") or ""),
            )
        console.print(table)


def memories_drop_pending(
    turn_id: str = typer.Argument("", help="Turn id or its first 8+ characters."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Drop a queued turn that cannot succeed (asks first)."""
    from langmem_local.cli import _clear_errors, _open, console

    with _clear_errors():
        memory = _open(quiet=True)
        given = turn_id.strip()
        if len(given) < MIN_PREFIX:
            msg = (
                f"a turn id of at least {MIN_PREFIX} characters is required; see "
                "`langmem-local memories pending`"
            )
            raise ValueError(msg)
        matches = [t for t in memory.pending() if t["id"].startswith(given)]
        if len(matches) != 1:
            msg = (
                f"no pending turn has an id starting with {given!r}; see "
                "`langmem-local memories pending`"
                if not matches
                else f"{len(matches)} pending turns start with {given!r}; give more characters"
            )
            raise ValueError(msg)
        turn = matches[0]
        text = " ".join(m["content"] for m in turn["messages"])
        console.print(
            f"will drop pending turn {turn['id']} of {turn['user_id']!r}: {escape(text[:80])}",
            highlight=False,
            soft_wrap=True,
        )
        confirm_or_stop("Drop it?", yes=yes)
        memory.drop_pending(turn["id"])
        console.print(f"dropped {turn['id']}", highlight=False, soft_wrap=True)


def register(memories_app: typer.Typer) -> None:
    """Add the ``memories`` commands to the CLI.

    Example:
        .. code-block:: python

            from langmem_local.cli_memories import register

            register(memories_app)  # in langmem_local/cli.py
    """
    memories_app.command("list")(memories_list)
    memories_app.command("search")(memories_search)
    memories_app.command("add")(memories_add)
    memories_app.command("history")(memories_history)
    memories_app.command("delete")(memories_delete)
    memories_app.command("reset")(memories_reset)
    memories_app.command("retry")(memories_retry)
    memories_app.command("pending")(memories_pending)
    memories_app.command("drop-pending")(memories_drop_pending)
