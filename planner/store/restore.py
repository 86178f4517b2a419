"""Restoring a backup into the data file, in one transaction, keeping a copy of what was there."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.store.backups import BEFORE_RESTORE, BackupInfo, check_backup, take_backup
from planner.store.db import apply_pragmas, upgrade
from planner.store.integrity import set_aside_orphan_journals
from planner.store.paths import database_path

if TYPE_CHECKING:
    from sqlite_utils import Database


def restore_backup(
    db: Database | None, data_dir: Path, backup: Path, *, now: datetime | None = None
) -> BackupInfo | None:
    """Replace the data file's content with backup; returns the copy of what was there before.

    With ``db`` (the app's open connection) the current content is backed up first and the
    backup is copied into that same connection in one transaction, so a crash leaves either
    the old or the new content and the window can simply reload. Without it (at start-up or
    from the shell, when nothing else has the file open) a connection is opened for the job.
    """
    check_backup(backup)
    path = database_path(data_dir)
    # Asked before opening: opening a missing file creates it, and switching it to WAL writes
    # a header, so afterwards an empty file would look like data worth a backup slot.
    had_data = path.exists() and path.stat().st_size > 0
    own = db is None
    conn = db.conn if db is not None else _open_live(path)
    try:
        before = None
        if had_data:
            before = take_backup(conn, data_dir, BEFORE_RESTORE, now=now)
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(conn)
        finally:
            source.close()
        apply_pragmas(conn)
        from sqlite_utils import Database as Opened

        upgrade(db or Opened(conn, execute_plugins=False), data_dir)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        if own:
            conn.close()
    return before




def _open_live(path: Path) -> sqlite3.Connection:
    set_aside_orphan_journals(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
