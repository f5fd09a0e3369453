"""Diagnose and repair a damaged ``memory.db`` (``langmem-local doctor [--repair]``).

:func:`check` runs SQLite's ``integrity_check`` on a read-only connection.
:func:`repair` never deletes data: it copies every row it can still read,
table by table (row by row where a table is damaged), into a new file, then
moves the damaged file (and its ``-wal``/``-shm``) aside as a backup and puts
the new file in its place. FTS5 shadow tables are not copied: the keyword
index is re-created and refilled from its readable rows.

Example:
    .. code-block:: python

        from pathlib import Path

        from langmem_local.repair import check, repair

        db = Path("~/.local/share/langmem-local/memory.db").expanduser()
        if not check(db).ok:
            report = repair(db)
            print(report.recovered_rows, report.lost_rows, report.backup)
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["Diagnosis", "RepairReport", "check", "repair"]


@dataclass
class Diagnosis:
    """What ``integrity_check`` said about one SQLite file."""

    ok: bool
    """``True`` when SQLite reports the file intact."""
    problems: list[str] = field(default_factory=list)
    """SQLite's findings (the first few), or the error that stopped the check."""


@dataclass
class RepairReport:
    """What :func:`repair` recovered and where the damaged file went."""

    backup: Path
    """The damaged file, moved aside (never deleted)."""
    recovered_rows: int = 0
    """Rows copied into the new file."""
    lost_rows: int = 0
    """Rows that could not be read (counted where SQLite still knew the row ids)."""
    tables: dict[str, int] = field(default_factory=dict)
    """Rows recovered per table."""
    unreadable_tables: list[str] = field(default_factory=list)
    """Tables whose schema or rows could not be read at all."""


def _open_ro(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def check(db: Path, key: str | None = None) -> Diagnosis:
    """Run ``PRAGMA integrity_check`` without writing to the file (``key``: SQLCipher)."""
    from langmem_local.encryption import EncryptionError, database_errors, open_encrypted

    try:
        conn = open_encrypted(db, key) if key else _open_ro(db)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchmany(5)]
        finally:
            conn.close()
    except (EncryptionError, *database_errors()) as exc:
        return Diagnosis(ok=False, problems=[str(exc)])
    return Diagnosis(ok=rows == ["ok"], problems=[] if rows == ["ok"] else rows)


def _schema(old: sqlite3.Connection) -> list[tuple[str, str, str]]:
    try:
        rows = old.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 "
            "WHEN 'index' THEN 1 ELSE 2 END"
        ).fetchall()
    except sqlite3.DatabaseError:
        return []
    virtual = [n for t, n, sql in rows if t == "table" and sql.upper().startswith("CREATE VIRTUAL")]
    # FTS5 keeps its index in shadow tables that CREATE VIRTUAL TABLE re-creates.
    return [(t, n, sql) for t, n, sql in rows if not any(n.startswith(f"{v}_") for v in virtual)]


def _copy_rows(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> tuple[int, int]:
    """Copy what is readable; fall back to one row at a time around damaged pages."""
    quoted = '"' + table.replace('"', '""') + '"'
    try:
        cols = [r[1] for r in old.execute(f"PRAGMA table_info({quoted})")]
    except sqlite3.DatabaseError:
        return 0, 0
    marks = ", ".join("?" * (len(cols) + 1))
    names = ", ".join(["rowid", *('"' + c.replace('"', '""') + '"' for c in cols)])
    insert = f"INSERT OR IGNORE INTO {quoted} ({names}) VALUES ({marks})"
    try:
        rows = old.execute(f"SELECT {names} FROM {quoted}").fetchall()
        new.executemany(insert, rows)
        return len(rows), 0
    except sqlite3.DatabaseError:
        pass
    copied = lost = 0
    try:
        ids = [r[0] for r in old.execute(f"SELECT rowid FROM {quoted}")]
    except sqlite3.DatabaseError:
        try:
            top = old.execute(f"SELECT max(rowid) FROM {quoted}").fetchone()[0] or 0
        except sqlite3.DatabaseError:
            return 0, 0
        ids = list(range(1, int(top) + 1))
    for rowid in ids:
        try:
            row = old.execute(f"SELECT {names} FROM {quoted} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            lost += 1
            continue
        if row is not None:
            new.execute(insert, row)
            copied += 1
    return copied, lost


def repair(db: Path) -> RepairReport:
    """Recover the readable rows of ``db`` into a new file; keep the damaged one as a backup."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    backup = db.with_name(f"{db.name}.damaged-{stamp}")
    fresh = db.with_name(f"{db.name}.recovered-{stamp}")
    report = RepairReport(backup=backup)
    old = _open_ro(db)
    new = sqlite3.connect(str(fresh))
    try:
        schema = _schema(old)
        for kind, name, sql in schema:
            if kind != "table":
                continue
            try:
                new.execute(sql)
            except sqlite3.DatabaseError:
                report.unreadable_tables.append(name)
                continue
            copied, lost = _copy_rows(old, new, name)
            report.tables[name] = copied
            report.recovered_rows += copied
            report.lost_rows += lost
        for kind, _name, sql in schema:
            if kind != "table":
                try:
                    new.execute(sql)  # indexes and triggers, after the rows
                except sqlite3.DatabaseError:
                    pass
        new.commit()
    finally:
        old.close()
        new.close()
    for suffix in ("", "-wal", "-shm"):
        part = db.with_name(db.name + suffix)
        if part.exists():
            shutil.move(str(part), str(backup.with_name(backup.name + suffix)))
    shutil.move(str(fresh), str(db))
    return report
