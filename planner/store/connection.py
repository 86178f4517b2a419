"""The data file's connection: writers wait for the lock, and the file it opened is remembered.

Two things plain ``sqlite3`` connections get wrong for Amends:

- A deferred transaction that reads and then writes cannot wait for the write lock: when
  another process wrote meanwhile, SQLite answers "database is locked" at once rather than
  invoking the busy timeout (waiting could deadlock). Every write transaction here starts with
  ``BEGIN IMMEDIATE`` instead, so it takes the lock first and waits its turn, up to the busy
  timeout. That covers Python's implicit transactions (``isolation_level``) and the explicit
  ``BEGIN`` of sqlite-utils' ``db.atomic()``.
- A data file deleted or replaced while open goes on taking writes into the unlinked file;
  ``opened`` remembers which file (device and inode) was opened, so callers can notice.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple


class FileIdentity(NamedTuple):  # not a dataclass: cheaper to define, on start-up's path
    """Which file a path named at one moment: the same path may later name another."""

    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        """The identity of the file at path now, or None when there is none."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_dev, info.st_ino)


class DataConnection(sqlite3.Connection):
    """A connection whose write transactions begin IMMEDIATE; pass as ``factory=`` to connect."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        # Python begins an implicit transaction before INSERT/UPDATE/DELETE with this mode.
        self.isolation_level = "IMMEDIATE"
        self.path = _file_of(database, kwargs.get("uri", False))
        self.opened = FileIdentity.of(self.path) if self.path is not None else None
        self.notices: list[str] = []  # things the user should hear about (e.g. a damaged WAL)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        # sqlite-utils' db.atomic() says "BEGIN"; a write transaction must take its lock first.
        if sql.strip().rstrip(";").upper() == "BEGIN":
            sql = "BEGIN IMMEDIATE"
        return super().execute(sql, parameters)


def _file_of(database: Any, uri: bool) -> Path | None:
    """The file a connect() argument names (a plain path, or a file: URI)."""
    if not isinstance(database, (str, bytes, os.PathLike)):
        return None
    text = os.fsdecode(database)
    if uri and text.startswith("file:"):
        from urllib.parse import unquote, urlsplit

        return Path(unquote(urlsplit(text).path, errors="surrogateescape"))
    return None if text in ("", ":memory:") else Path(text)


def database_file(conn: sqlite3.Connection) -> Path:
    """The file a connection has open, even when its folder's name is not UTF-8.

    ``PRAGMA database_list`` returns the name as text, which Python must decode as UTF-8; a
    folder named in Latin-1 (``café`` from an old USB stick) would make that fail, after the
    work itself succeeded. So the name is read as bytes and decoded the way the OS does it.
    """
    if isinstance(conn, DataConnection) and conn.path is not None:
        return conn.path
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        raw = conn.execute("PRAGMA database_list").fetchone()[2]
    finally:
        conn.text_factory = previous
    return Path(os.fsdecode(raw))


def file_replaced(conn: sqlite3.Connection) -> bool:
    """True when the file this connection opened is no longer at its path (deleted, moved,
    or another file put there). Connections not opened by Amends are never judged."""
    if not isinstance(conn, DataConnection) or conn.opened is None or conn.path is None:
        return False
    opened, path = conn.opened, conn.path
    return FileIdentity.of(path) != opened
