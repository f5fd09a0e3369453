"""``langmem-local doctor``: the data directory and ``memory.db`` (intact? how to recover?).

:func:`check_stores` prints one line per finding: the directory is usable, the
SQLite file passes ``integrity_check`` (else the recovery: ``doctor --repair``
or a ``memories export`` file), and what the stores hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape

from langmem_local.cli_errors import check_data_dir, describe
from langmem_local.encryption import database_errors

__all__ = ["check_stores"]


def check_stores(data_dir: Path, *, repair: bool) -> bool:
    """Data directory and memory.db: writable, intact (else how to recover), counts.

    Returns ``False`` when something needs fixing.
    """
    from langmem_local.cli import console
    from langmem_local.repair import check
    from langmem_local.repair import repair as run_repair

    problem = check_data_dir(data_dir)
    if problem is not None:
        console.print(f"[red]✗[/] {escape(problem)}", highlight=False, soft_wrap=True)
        return False
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".write-probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        line = describe(exc, data_dir) or f"data directory {data_dir}: {exc}"
        console.print(f"[red]✗[/] {escape(line)}", highlight=False, soft_wrap=True)
        return False
    console.print(
        f"[green]✓[/] data directory writable: {data_dir}", highlight=False, soft_wrap=True
    )
    db = data_dir / "memory.db"
    if not db.exists():
        return True
    from langmem_local.encryption import EncryptionError, resolve_key

    try:
        key = resolve_key(data_dir, required=False)
    except EncryptionError as exc:
        console.print(f"[red]✗[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return False
    diagnosis = check(db, key)
    if not diagnosis.ok and key:
        console.print(
            f"[red]✗[/] encrypted {db}: {escape('; '.join(diagnosis.problems))}; "
            "restore it from a `langmem-local memories export` file (--repair "
            "handles unencrypted stores only)",
            highlight=False,
            soft_wrap=True,
        )
        return False
    if not diagnosis.ok:
        detail = "; ".join(diagnosis.problems)[:300]
        if not repair:
            console.print(
                f"[red]✗[/] {db} is corrupted ({escape(detail)}). Recover: run "
                "`langmem-local doctor --repair` (copies every readable row into a new file "
                "and keeps the damaged one as a backup), or restore from a "
                "`langmem-local memories export` file with `memories import`",
                highlight=False,
                soft_wrap=True,
            )
            return False
        report = run_repair(db)
        console.print(
            f"[yellow]✓[/] repaired {db}: recovered {report.recovered_rows} rows "
            f"({report.lost_rows} unreadable); the damaged file is kept as {report.backup}",
            highlight=False,
            soft_wrap=True,
        )
    elif repair:
        console.print(
            f"[green]✓[/] {db} is intact; nothing to repair", highlight=False, soft_wrap=True
        )
    try:
        from langmem_local.stores.sqlite import MetadataStore, connect

        store = MetadataStore(connect(db, key=key))
        man = store.manifest()
        console.print(
            f"[green]✓[/] stores: {len(store.users())} user(s), embedder "
            f"{man.get('embedder', '?')} ({man.get('embedding_dims', '?')} dims), "
            f"{len(store.pending_turns())} turn(s) pending"
            + (", encrypted (SQLCipher)" if key else ""),
            highlight=False,
            soft_wrap=True,
        )
        _check_index(data_dir, store, int(man.get("embedding_dims") or 0), repair=repair)
        store.conn.close()
    except (OSError, *database_errors()) as exc:
        line = describe(exc, data_dir) or f"{db}: {exc}"
        console.print(f"[red]✗[/] {escape(line)}", highlight=False, soft_wrap=True)
        return False
    return True


def _check_index(data_dir: Path, store: Any, dims: int, *, repair: bool) -> None:
    """The derived vector index: in step with memory.db (reconciled on open), or rebuilt."""
    from langmem_local.cli import console
    from langmem_local.config import LocalMemoryConfig
    from langmem_local.vector_index import VectorIndex

    if not dims:
        return  # nothing was ever embedded here
    index = VectorIndex(LocalMemoryConfig(data_dir=data_dir), store, dims=dims)
    try:
        if not index.owner:
            console.print(
                "[yellow]![/] vector index: held by another process using this data directory; "
                "stop it to check or rebuild the index",
                highlight=False,
                soft_wrap=True,
            )
            return
        if repair:
            n = index.rebuild()["restored"]
            console.print(
                f"[green]✓[/] vector index rebuilt from memory.db: {n} vectors",
                highlight=False,
                soft_wrap=True,
            )
            return
        live, indexed = len(store.memory_ids()), len(index.indexed_ids())
        mark = "[green]✓[/]" if live == indexed else "[red]✗[/]"
        console.print(
            f"{mark} vector index: {indexed} vectors for {live} memories"
            + ("" if live == indexed else "; run `langmem-local doctor --repair` to rebuild it"),
            highlight=False,
            soft_wrap=True,
        )
    finally:
        index.close()
