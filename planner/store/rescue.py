"""A data file deleted or replaced while open: everything still in the connection goes to a copy.

On Linux and macOS a deleted file lives on while a program has it open, so SQLite keeps taking
writes into it (its -wal grows beside a file nobody can reach) and saving still "works" — until
the window closes and it is all gone. Amends compares the file it opened with what the path
names now (after every save and whenever the window comes to the front); when they differ, the
open connection is copied, through SQLite's backup API, to ``amends-recovered-<time>.db`` in the
data folder, again after every later save, and the user is told where their work is.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from planner.store.connection import DataConnection, file_replaced
from planner.timeutil import now_utc

RECOVERED_PREFIX = "amends-recovered-"


def recovered_copies(folder: Path) -> list[Path]:
    """Copies saved this way in a data folder, oldest first."""
    return sorted(folder.glob(f"{RECOVERED_PREFIX}*.db"))


class FileWatch:
    """Watches one connection's data file; ``check`` rescues its content once the file is gone."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.copy: Path | None = None  # where the content went, once the file was found gone

    @property
    def data_file(self) -> Path | None:
        return self.conn.path if isinstance(self.conn, DataConnection) else None

    def check(self, *, saved: bool = True, now: datetime | None = None) -> str | None:
        """None while the file is where it was opened; else copy everything to the recovered
        file and return what to tell the user. Once rescued, only a new save (``saved``)
        makes a fresh copy."""
        path = self.data_file
        if path is None or (self.copy is None and not file_replaced(self.conn)):
            return None
        if self.copy is not None and not saved:
            return None
        if self.copy is None:
            stamp = (now or now_utc()).astimezone().strftime("%Y%m%d-%H%M%S")
            folder = path.parent if path.parent.is_dir() else Path.home()
            self.copy = folder / f"{RECOVERED_PREFIX}{stamp}.db"
        # Here, not at the top: the window's start-up loads this module, and backups only now.
        from planner.store.backups import backup_connection

        try:
            backup_connection(self.conn, self.copy)
        except (OSError, sqlite3.Error) as exc:
            return (f"Your data file {path} was deleted, moved or replaced while Amends had it "
                    f"open, and Amends could not save a copy to {self.copy} ({exc}). Keep this "
                    "window open: free some space or reconnect the drive, and Amends tries "
                    "again with your next change.")
        # Short enough for the status bar's two lines; the folder comes last, in full.
        return (f"Your data file {path.name} was deleted or replaced while Amends had it open. "
                f"All your work is saved in {self.copy.name} beside it: quit Amends, rename that "
                f"file to {path.name}, then start Amends again. (Folder: {self.copy.parent})")
