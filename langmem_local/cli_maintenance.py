"""CLI commands for the graph and memory maintenance (see :mod:`langmem_local.maintenance`).

``langmem-local graph`` and ``langmem-local memories consolidate | prune |
export | import``. :func:`register` adds them to the main Typer app; helpers
of :mod:`langmem_local.cli` are imported inside each command because that
module imports this one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

__all__ = ["register"]

_FORMATS = ("table", "json", "graphml")


def graph(
    user: str = typer.Option(..., "--user", "-u", help="Whose graph to show."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or graphml."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (json and graphml only)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="The graph as it was then (ISO date, e.g. 2026-05-01)."
    ),
) -> None:
    """Show a user's entity graph as `source -relation-> target` edges."""
    from langmem_local.cli import _clear_errors, _open, console

    with _clear_errors():
        if fmt not in _FORMATS:
            msg = f"--format must be one of {', '.join(_FORMATS)}, not {fmt!r}"
            raise ValueError(msg)
        if output is not None and fmt == "table":
            msg = "--output writes json or graphml; add --format json or --format graphml"
            raise ValueError(msg)
        when = _parse_when(as_of)
        memory = _open(quiet=True)
        store = memory.graph
        if fmt != "table":
            text = (
                store.to_json(user, as_of=when)
                if fmt == "json"
                else store.to_graphml(user, as_of=when)
            )
            _write(text, output)
            if output is not None:
                console.print(f"wrote the {fmt} graph of {user!r} to {output}", highlight=False)
            return
        edges = store.graph(user, as_of=when)["edges"]
        title = f"Graph of {user!r}" + (f" as of {as_of}" if as_of else "")
        table = Table(title=f"{title} ({len(edges)} edges)")
        for col in ("source", "relation", "target", "since", "memories"):
            table.add_column(col, style="dim" if col in ("since", "memories") else None)
        for e in edges:
            table.add_row(
                escape(e["source"]),
                f"-{escape(e['relationship'])}->",
                escape(e["destination"]),
                (e["valid_from"] or "")[:10],
                ", ".join(i[:8] for i in e["memory_ids"]),
            )
        console.print(table)


def consolidate(
    user: str = typer.Option(..., "--user", "-u", help="Whose memories to consolidate."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the groups, change nothing."),
    no_llm: bool = typer.Option(False, "--no-llm", help="Merge by rules, without the LLM."),
    similarity: float = typer.Option(0.8, help="Cosine similarity needed to group memories."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Merge near-duplicate memories of a user into denser ones (shows the groups, asks)."""
    from langmem_local.cli import _clear_errors, _open, console
    from langmem_local.cli_memories import confirm_or_stop
    from langmem_local.maintenance import consolidate as run

    with _clear_errors():
        memory = _open(quiet=True)
        if not dry_run:
            # Show what will be merged (no LLM call, nothing changed), then ask.
            plan = run(memory, user_id=user, similarity=similarity, use_llm=False, dry_run=True)
            if not plan.groups:
                console.print(
                    f"0 group(s); {plan.memories_before} -> {plan.memories_after} "
                    f"memories of {user!r} (nothing to consolidate)",
                    highlight=False,
                    soft_wrap=True,
                )
                return
            n = sum(len(g.merged_from) for g in plan.groups)
            console.print(
                f"will merge {n} memories of {user!r} into {len(plan.groups)}:",
                highlight=False,
                soft_wrap=True,
            )
            for g in plan.groups:
                for memory_id, text in zip(g.merged_from, g.texts, strict=True):
                    console.print(
                        f"  - {memory_id[:8]} {escape(text)}", highlight=False, soft_wrap=True
                    )
            confirm_or_stop("Merge them?", yes=yes)
        report = run(
            memory, user_id=user, similarity=similarity, use_llm=not no_llm, dry_run=dry_run
        )
        verb = "would merge" if dry_run else "merged"
        for g in report.groups:
            console.print(f"[bold]{verb}[/] {len(g.merged_from)} memories:", highlight=False)
            for memory_id, text in zip(g.merged_from, g.texts, strict=True):
                console.print(f"  - {memory_id[:8]} {escape(text)}", highlight=False)
            if g.merged_text is not None:
                new = g.new_id[:8] if g.new_id else "(new)"
                console.print(
                    f"  = {new} {escape(g.merged_text)} [dim]({g.method})[/]", highlight=False
                )
            if g.note:
                console.print(f"  [yellow]{escape(g.note)}[/]", highlight=False)
        console.print(
            f"{len(report.groups)} group(s); {report.memories_before} -> "
            f"{report.memories_after} memories of {user!r}"
            + (" (dry run, nothing changed)" if dry_run else ""),
            highlight=False,
        )


def prune(
    user: str | None = typer.Option(None, "--user", "-u", help="Only this user (default: all)."),
    threshold: float = typer.Option(0.1, help="Forget below this decayed importance (0..1)."),
    delete: bool = typer.Option(False, "--delete", help="Erase instead of archiving (asks)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would go, change nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --delete."),
) -> None:
    """Forget expired and faded memories, printing each one and why."""
    from langmem_local.cli import _clear_errors, _open, console
    from langmem_local.cli_memories import confirm_or_stop
    from langmem_local.maintenance import prune as run

    with _clear_errors():
        memory = _open(quiet=True)
        if delete and not dry_run:
            # Erasure cannot be undone: show what would go, then ask.
            plan = run(memory, user_id=user, threshold=threshold, mode="delete", dry_run=True)
            if not plan.pruned:
                console.print(
                    f"0 memories deleted, {plan.kept} kept (nothing to prune)",
                    highlight=False,
                    soft_wrap=True,
                )
                return
            console.print(
                f"will delete {len(plan.pruned)} memor{'y' if len(plan.pruned) == 1 else 'ies'}:",
                highlight=False,
                soft_wrap=True,
            )
            for p in plan.pruned:
                console.print(
                    f"  - {p.id[:8]} {escape(f'[{p.user_id}]')} {escape(p.memory)}  "
                    f"[dim]({escape(p.reason)})[/]",
                    highlight=False,
                    soft_wrap=True,
                )
            confirm_or_stop("Delete them?", yes=yes)
        report = run(
            memory,
            user_id=user,
            threshold=threshold,
            mode="delete" if delete else "archive",
            dry_run=dry_run,
        )
        verb = {"archive": "archived", "delete": "deleted"}[report.mode]
        if dry_run:
            verb = f"would be {verb}"
        for p in report.pruned:
            console.print(
                f"{verb}: {p.id[:8]} {escape(f'[{p.user_id}]')} {escape(p.memory)}  "
                f"[dim]({p.reason})[/]",
                highlight=False,
            )
        console.print(
            f"{len(report.pruned)} memor{'y' if len(report.pruned) == 1 else 'ies'} {verb}, "
            f"{report.kept} kept",
            highlight=False,
        )


def export(
    user: str | None = typer.Option(None, "--user", "-u", help="Only this user (default: all)."),
    output: str = typer.Option("-", "--output", "-o", help="File to write, or - for stdout."),
) -> None:
    """Export memories as JSON Lines (no embeddings; import re-embeds)."""
    from langmem_local.cli import _clear_errors, _open, err
    from langmem_local.maintenance import export_jsonl

    with _clear_errors():
        memory = _open(quiet=True)
        if output == "-":
            count = export_jsonl(memory, sys.stdout, user_id=user)
        else:
            with Path(output).expanduser().open("w", encoding="utf-8") as fp:
                count = export_jsonl(memory, fp, user_id=user)
        # stderr, so `export > file` stays pure JSONL.
        err.print(f"exported {count} memories", highlight=False)


def import_(
    file: Path = typer.Argument(..., help="A file written by `memories export` (- for stdin)."),
    user: str | None = typer.Option(None, "--user", "-u", help="Import everything into this user."),
) -> None:
    """Import memories from JSON Lines, re-embedding them with this data directory's embedder."""
    from langmem_local.cli import _clear_errors, _open, console
    from langmem_local.maintenance import import_jsonl

    with _clear_errors():
        if str(file) == "-":
            lines: Any = sys.stdin.read().splitlines()
        else:
            if not file.is_file():
                msg = f"no such file: {file}; pass the path written by `memories export -o FILE`"
                raise ValueError(msg)
            lines = file.read_text(encoding="utf-8").splitlines()
        memory = _open(quiet=True)
        report = import_jsonl(memory, lines, user_id=user)
        console.print(
            f"imported {report.imported} memories, skipped {report.duplicates} already present "
            f"({', '.join(report.users) or 'no users'})",
            highlight=False,
        )


def register(app: typer.Typer, memories_app: typer.Typer) -> None:
    """Add the graph and maintenance commands to the CLI.

    Args:
        app: The top-level ``langmem-local`` app (gets ``graph``).
        memories_app: Its ``memories`` sub-app (gets ``consolidate``, ``prune``,
            ``export``, ``import``).

    Example:
        .. code-block:: python

            from langmem_local.cli_maintenance import register

            register(app, memories_app)  # in langmem_local/cli.py
    """
    app.command("graph")(graph)
    memories_app.command("consolidate")(consolidate)
    memories_app.command("prune")(prune)
    memories_app.command("export")(export)
    memories_app.command("import")(import_)


def _parse_when(value: str | None) -> Any:
    if not value:
        return None
    from langmem_local.timeparse import parse_datetime

    return parse_datetime(value)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        output.expanduser().write_text(text + "\n", encoding="utf-8")
