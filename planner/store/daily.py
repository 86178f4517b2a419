"""The daily backup the app takes once the data is on screen, on a worker thread and a read-only
connection of its own: a consistent copy that never blocks an edit, and can be abandoned when
the app closes. It follows the day's check (planner.store.check_policy.DayCheck), if one is due.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from planner.store.backups import (
    DAILY,
    BackupInfo,
    Copier,
    daily_backup_due,
    page_copy,
    take_backup,
)
from planner.store.check_policy import DayCheck
from planner.store.paths import database_path


class Stopped(Exception):
    """The app is closing: the backup was abandoned (its temp file removed)."""


def vacuum_copy(source: sqlite3.Connection, tmp: Path, _dest: sqlite3.Connection) -> None:
    """VACUUM INTO: a compacted, consistent snapshot written by SQLite into the empty temp file."""
    source.execute("VACUUM INTO ?", [str(tmp)])


COPIERS: dict[str, Copier] = {"pages": page_copy, "vacuum": vacuum_copy}
DEFAULT_COPY = "pages"  # measured in benchmarks/scale.py: see README, "Start-up"


class DailyBackup:
    """Takes the day's backup from a read-only connection of its own; stop() abandons it."""

    def __init__(self, folder: Path, copy: str = DEFAULT_COPY) -> None:
        self.folder = folder
        self.copier = COPIERS[copy]
        self._stop = threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def due(self, *, now: datetime | None = None) -> bool:
        return daily_backup_due(self.folder, now=now)

    def run(self, *, now: datetime | None = None) -> BackupInfo | None:
        """The backup, unless one was taken today; raises Stopped when stop() cut it short."""
        if not self.due(now=now):
            return None
        path = database_path(self.folder)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        with self._lock:
            self._conn = conn
        try:
            if self._stop.is_set():
                raise Stopped
            return take_backup(conn, self.folder, DAILY, now=now, copy=self._checked(self.copier),
                               gently=True)
        except sqlite3.OperationalError as exc:
            if self._stop.is_set():
                raise Stopped from exc
            raise
        finally:
            with self._lock:
                self._conn = None
            conn.close()

    def stop(self) -> None:
        """From any thread: abandon the backup (an interrupted copy leaves no file behind)."""
        self._stop.set()
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()

    def _checked(self, copier: Copier) -> Copier:
        def copy(source: sqlite3.Connection, tmp: Path, dest: sqlite3.Connection) -> None:
            copier(source, tmp, dest)
            if self._stop.is_set():  # the page copy cannot be interrupted midway: drop it after
                raise Stopped
        return copy


def run_daily(check: DayCheck | None, backup: DailyBackup,
              on_damage: Callable[[str], None]) -> BackupInfo | None:
    """The day's check (if one was locked), then the backup; a damaged file gets no backup."""
    if check is not None:
        finding = check.run()
        if finding is not None:
            on_damage(finding)
            return None
    return backup.run()
