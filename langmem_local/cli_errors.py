"""Turn failures a user can fix into one CLI line: the condition and the fix.

The library's messages speak Python (``user_id='alice'``, ``get_all(...)``),
because that is how a Python caller fixes them. The CLI maps them here to its
own words (``--user alice``) instead of changing the library. Conditions of the
data directory (a file where a directory should be, no permission, read-only,
a corrupted ``memory.db``) are recognised from the OS / SQLite error and named
with the path and the fix, rather than "unexpected ... please report it".

Example:
    .. code-block:: python

        from langmem_local.cli_errors import to_cli

        to_cli("user_id must be a non-empty string, got ''; pass user_id='alice'")
        # "--user must be a non-empty string, got ''; pass --user alice"
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

__all__ = ["check_data_dir", "describe", "to_cli"]

_access = os.access  # one seam: tests running as root (who reads everything) deny through it

_CLI_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bpass user_id='([^']*)'"), r"pass --user \1"),
    (
        re.compile(r"\bget_all\(user_id=\.\.\.\)(?: or `langmem-local memories list --user U`)?"),
        "`langmem-local memories list --user U`",
    ),
    (re.compile(r"\buser_id=\.\.\."), "--user U"),
    (re.compile(r"\buser_id='([^']*)'"), r"--user \1"),
    (re.compile(r"\buser_id\b"), "--user"),
    (re.compile(r"\blimit=(\d+)"), r"--limit \1"),
    (re.compile(r"\blimit\b(?= must)"), "--limit"),
    (re.compile(r"\bmessages\[0\] content\b"), "the text"),
    (re.compile(r"\bmessages\[\d+\] content\b"), "a message"),
    (re.compile(r"\bstore it verbatim with infer=False\b"), "store it verbatim with --raw"),
    (re.compile(r"\badd\(\.\.\., infer=False\)"), "--raw"),
]


def to_cli(message: str) -> str:
    """Rewrite a library message in the CLI's terms (options, not keyword arguments)."""
    for pattern, replacement in _CLI_WORDS:
        message = pattern.sub(replacement, message)
    return message


def _corrupted(db: Path, detail: str) -> str:
    return (
        f"{db} is corrupted ({detail}); run `langmem-local doctor --repair` to recover what "
        "is readable into a new file (the damaged one is kept as a backup), or restore "
        "from a `langmem-local memories export` file with `memories import`"
    )


def check_data_dir(data_dir: Path) -> str | None:
    """Say what is wrong with a data directory before any store opens it (``None``: fine)."""
    if data_dir.exists() and not data_dir.is_dir():
        return (
            f"the data directory {data_dir} is a file, not a directory; move the file away, "
            "or pass --data-dir (or LANGMEM_DATA_DIR) pointing to a directory"
        )
    if data_dir.is_dir():
        if not _access(data_dir, os.R_OK | os.X_OK):
            return (
                f"cannot read the data directory {data_dir} (permission denied); fix its "
                f"permissions (chmod u+rwx {data_dir}) or pass --data-dir"
            )
        if not _access(data_dir, os.W_OK):
            return _read_only(data_dir)
        db = data_dir / "memory.db"
        if db.exists() and not _access(db, os.R_OK | os.W_OK):
            return (
                f"cannot open {db} (permission denied); fix its permissions "
                f"(chmod u+rw {db}) or pass --data-dir"
            )
    return None


def _read_only(data_dir: Path) -> str:
    return (
        f"the data directory {data_dir} is read-only; SQLite must write its journal there "
        f"even to read, so make it writable (chmod u+w {data_dir}, or remount it "
        "read-write) or copy it to a writable place and pass --data-dir"
    )


def describe(exc: BaseException, data_dir: Path | None) -> str | None:
    """One line for an OS or SQLite failure on the data directory, or ``None``."""
    where = data_dir if data_dir is not None else Path("the data directory")
    text = str(exc)
    from langmem_local.encryption import database_errors

    if isinstance(exc, database_errors()):
        low = text.lower()
        if "readonly" in low or "read-only" in low:
            return _read_only(where)
        if "not a database" in low or "malformed" in low or "corrupt" in low:
            return _corrupted(where / "memory.db", text)
        if "unable to open" in low:
            return check_data_dir(where) or (
                f"cannot open {where / 'memory.db'} ({text}); check that {where} is a "
                "writable directory, or pass --data-dir"
            )
        if "disk" in low and "full" in low:
            return f"the disk holding {where} is full; free some space and run it again"
        return None
    if isinstance(exc, OSError):
        target = exc.filename or where
        if exc.errno in (errno.EACCES, errno.EPERM):
            return (
                f"permission denied on {target}; fix its permissions or pass --data-dir "
                "to a directory you own"
            )
        if exc.errno == errno.EROFS:
            return _read_only(where)
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            return check_data_dir(where) or f"{target} is not a directory; pass --data-dir"
        if exc.errno == errno.ENOSPC:
            return f"the disk holding {where} is full; free some space and run it again"
    return None
