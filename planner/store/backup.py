"""Consistent copies of the database through SQLite's backup API, written atomically."""
from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from planner.errors import DataFileError
from planner.store.atomic import fsync_folder
from planner.store.paths import backups_dir, make_private
from planner.timeutil import now_utc


def backup_connection(source: sqlite3.Connection, target: Path) -> Path:
    """Copy a live database into target: temp file, integrity check, fsync, rename."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            verdict = dest.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise DataFileError(
                    f"The backup copy failed its integrity check ({verdict}); "
                    "the database itself was not changed."
                )
            # A copy in rollback-journal mode is one self-contained file.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        make_private(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def backup_before_migration(conn: sqlite3.Connection, data_dir: Path, from_version: int) -> Path:
    """Save the file as it was before its schema changes, so a failed upgrade loses nothing."""
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    name = f"amends-before-migration-v{from_version}-{stamp}.db"
    return backup_connection(conn, backups_dir(data_dir) / name)


def backup_stamp(path: Path) -> datetime | None:
    """When a backup was taken, from its modification time."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return None
