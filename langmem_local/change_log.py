"""Where a reader of a change log is, and what changed since it last looked.

Three in-memory copies of what SQLite holds follow its writes through change
logs that are filled in each writer's own transaction: the users' vectors
(:mod:`langmem_local.vector_cache`) and the search path's rows
(:mod:`langmem_local.row_cache`), both on ``lm_vector_changes``, and the
keyword postings (:mod:`langmem_local.keyword`) on ``lm_keyword_changes``. Each
holds a :class:`LogCursor` and, before every read, asks it what changed: the
``(user id, memory id)`` pairs to apply, or None when it must drop everything
and reload (the log was reset, or trimmed past what it saw, or it fell too far
behind).

The newest sequence number is read *before* the changes, and only changes up to
it are returned: a write committed in between is returned next time, so
re-applying a change must be harmless (re-reading a row is).

Example:
    .. code-block:: python

        cursor = LogCursor("lm_vector_changes")
        cursor.skip_to_end(conn)                  # start from now
        changed = cursor.changes(conn, wanted=True, reload=5000)
        if changed is None:
            cache.clear()                         # start over
        else:
            for user_id, memory_id in changed: ...
"""

from __future__ import annotations

import sqlite3
from collections.abc import Container, Iterable

__all__ = ["LogCursor", "by_user"]


class LogCursor:
    """A reader's position in one change log table (``seq``, ``user_id``, ``memory_id``).

    Args:
        table: The log table; ``seq`` is an increasing integer key.
    """

    def __init__(self, table: str) -> None:
        self.table = table
        self.seq = 0

    def _ends(self, conn: sqlite3.Connection) -> tuple[int, int | None]:
        top, bottom = conn.execute(
            f"SELECT (SELECT max(seq) FROM {self.table}), (SELECT min(seq) FROM {self.table})"
        ).fetchone()
        return int(top or 0), (None if bottom is None else int(bottom))

    def skip_to_end(self, conn: sqlite3.Connection) -> None:
        """Start after every change logged so far (the reader holds nothing yet)."""
        self.seq = self._ends(conn)[0]

    def changes(
        self, conn: sqlite3.Connection, *, wanted: bool, reload: int, reset: bool = False
    ) -> list[tuple[str, str]] | None:
        """The changes committed since the last call, oldest first; the cursor moves past them.

        Args:
            conn: A connection to the log's database.
            wanted: Whether the reader holds anything the changes could touch;
                when not, none are read (the cursor still moves on).
            reload: More changes than this: start over rather than apply them.
            reset: The reader knows it must start over (another epoch of its data).

        Returns:
            ``(user id, memory id)`` pairs (an id may repeat), or None when the
            reader must drop everything it holds.
        """
        top, bottom = self._ends(conn)
        seq, self.seq = self.seq, top
        if reset or top < seq or (bottom is not None and bottom > seq + 1):
            return None  # the log was reset, or trimmed past what the reader saw
        if top == seq or not wanted:
            return []
        if top - seq > reload:
            return None
        return conn.execute(
            f"SELECT user_id, memory_id FROM {self.table} WHERE seq > ? AND seq <= ?", (seq, top)
        ).fetchall()


def by_user(changes: Iterable[tuple[str, str]], held: Container[str]) -> dict[str, set[str]]:
    """The changed memory ids of each user in ``held`` (the users a reader holds)."""
    out: dict[str, set[str]] = {}
    for user_id, memory_id in changes:
        if user_id in held:
            out.setdefault(user_id, set()).add(memory_id)
    return out
