"""Encryption at rest for ``memory.db`` (SQLCipher, optional).

Install with ``pip install -e ".[encryption]"`` (``sqlcipher3-binary``: a
drop-in DB-API twin of :mod:`sqlite3` bundling SQLCipher 4 with FTS5, so every
store keeps its SQL; chosen over ``apsw-sqlite3mc``, whose wheels cover more
platforms but whose API differs from :mod:`sqlite3` in rows, cursors and
transactions, so each store would need rewriting). The key is read when a
data directory is opened, never written anywhere by langmem-local:

1. ``LANGMEM_ENCRYPTION_KEY`` (environment), else
2. the OS keyring (``pip install keyring``): service ``langmem-local``, user
   name the absolute data directory path.

Encryption is on when a key is found, or required by
``LocalMemoryConfig(encrypt=True)`` (then a missing key is an error rather
than a plaintext store). A store created encrypted cannot be opened without its
key, and a plaintext store is not opened with one: both say so in one line.

Example:
    .. code-block:: python

        import os

        os.environ["LANGMEM_ENCRYPTION_KEY"] = "correct horse battery staple"
        memory = LocalMemory(config=LocalMemoryConfig(data_dir="./memories", encrypt=True))
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from langmem_local.errors import ConfigError

__all__ = [
    "ENV_KEY",
    "KEYRING_SERVICE",
    "EncryptionError",
    "database_errors",
    "is_encrypted",
    "open_encrypted",
    "operational_errors",
    "resolve_key",
]

ENV_KEY = "LANGMEM_ENCRYPTION_KEY"
"""Environment variable holding the SQLCipher passphrase."""
KEYRING_SERVICE = "langmem-local"
"""OS keyring service name; the user name is the absolute data directory."""
_SQLITE_MAGIC = b"SQLite format 3\x00"
_INSTALL = 'pip install -e ".[encryption]" (or pip install sqlcipher3-binary)'


class EncryptionError(ConfigError):
    """The encryption key is missing or wrong, or the SQLCipher driver is not installed."""


def _keyring_hint(data_dir: Path) -> str:
    return (
        f"keyring.set_password({KEYRING_SERVICE!r}, {str(data_dir.resolve())!r}, KEY) "
        "with the optional `keyring` package"
    )


def is_encrypted(db: Path) -> bool:
    """``True`` when ``db`` exists, is not empty and has no plain SQLite header."""
    try:
        with db.open("rb") as fp:
            head = fp.read(len(_SQLITE_MAGIC))
    except OSError:
        return False
    return bool(head) and head != _SQLITE_MAGIC


def _from_keyring(data_dir: Path) -> str | None:
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, str(data_dir.resolve()))
    except Exception:  # noqa: BLE001 - no usable keyring backend is "no key there"
        return None


def resolve_key(data_dir: Path, *, required: bool) -> str | None:
    """The key for ``data_dir``'s ``memory.db``: env var, else keyring, else ``None``.

    Raises:
        EncryptionError: ``required`` (or the file on disk is encrypted) and no key
            was found.
    """
    key = os.environ.get(ENV_KEY) or None
    db = data_dir / "memory.db"
    encrypted_on_disk = is_encrypted(db)
    if key is None and (required or encrypted_on_disk):
        key = _from_keyring(data_dir)
    if key is None and (required or encrypted_on_disk):
        what = (
            f"{db} is not a plain SQLite file: it is encrypted, or damaged"
            if encrypted_on_disk
            else f"encryption is required for {data_dir}"
        )
        msg = (
            f"{what}; set {ENV_KEY} to its key, or store the key with "
            f"{_keyring_hint(data_dir)}"
            + (
                " (if it is damaged: `langmem-local doctor --repair`, or restore from a "
                "`memories export` file)"
                if encrypted_on_disk
                else ""
            )
        )
        raise EncryptionError(msg)
    return key


def _quote(key: str) -> str:
    # PRAGMA takes no bound parameters: quote the passphrase as an SQL string.
    return "'" + key.replace("'", "''") + "'"


def open_encrypted(path: Path, key: str) -> Any:
    """Open (or create) ``path`` with SQLCipher and check that the key opens it.

    Returns a ``sqlcipher3`` connection: the same DB-API as :mod:`sqlite3`,
    rows as ``sqlcipher3.Row``.

    Raises:
        EncryptionError: The driver is missing, the key is wrong, or the file is a
            plaintext SQLite database.
    """
    try:
        import sqlcipher3
    except ImportError as exc:
        msg = f"encryption needs the SQLCipher driver, which is not installed; run {_INSTALL}"
        raise EncryptionError(msg) from exc
    if not key:
        msg = f"the encryption key is empty; set {ENV_KEY} to a passphrase"
        raise EncryptionError(msg)
    existed = path.exists() and path.stat().st_size > 0
    plain = existed and not is_encrypted(path)
    from langmem_local.stores.sqlite import NestedTransactions

    # Same unit-of-work semantics as the plaintext connection (stores/sqlite.py).
    factory = type("EncryptedUnitOfWork", (NestedTransactions, sqlcipher3.Connection), {})
    conn = sqlcipher3.connect(
        str(path), check_same_thread=False, timeout=30, isolation_level=None, factory=factory
    )
    try:
        # A wrong key is our one-line error; SQLCipher would also log it to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        if plain:
            msg = (
                f"{path} is a plaintext (unencrypted) store but {ENV_KEY} is set; unset it "
                "to open this store, or migrate: `langmem-local memories export` without "
                "the key, then `memories import` into a new data directory with it"
            )
        else:
            msg = (
                f"cannot decrypt {path}: the key is wrong (check {ENV_KEY} or the keyring "
                "entry); the file was not changed"
            )
        raise EncryptionError(msg) from None
    conn.row_factory = sqlcipher3.Row
    return conn


def operational_errors() -> tuple[type[Exception], ...]:
    """``sqlite3.OperationalError`` and, when installed, SQLCipher's."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.OperationalError,)
    return (sqlite3.OperationalError, sqlcipher3.OperationalError)


def database_errors() -> tuple[type[Exception], ...]:
    """``sqlite3.DatabaseError`` and, when installed, SQLCipher's (a separate class tree)."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
