"""When the app syncs: at start (after the first paint), a short pause after a change, on a timer
and on "Sync now" — always on a worker thread with its own connection, never blocking typing."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from planner.timeutil import local_tz, now_utc
from ui.background import Job
from ui.context import AppContext

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger("amends")

START_DELAY_MS = 1500  # after the window is painted and filled
PAUSE_MS = 4000  # after the last change: a burst of typing goes out as one sync
EVERY_MS = 5 * 60 * 1000  # changes made in the calendar come in without asking
WATCH_MS = 1000  # how often the app looks whether anything was written (no query: a counter)


class SyncRunner(QObject):
    """Runs the connected calendar's syncs for one window, one at a time."""

    status_changed = Signal(str)  # the quiet status line's text
    synced = Signal(object)  # the SyncReport of a sync that finished
    failed = Signal(str)  # what went wrong, in words
    password_needed = Signal()  # no keyring holds it: the window asks the rep

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.password: str | None = None  # typed this session when there is no keyring
        self.job: Job | None = None
        self.again = False
        self.last_error = ""
        self._seen_changes = -1
        self.pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self.pause.timeout.connect(self.sync_now)
        self.every = QTimer(self, interval=EVERY_MS)
        self.every.timeout.connect(self.sync_now)
        self.watch = QTimer(self, interval=WATCH_MS)
        self.watch.timeout.connect(self._look_for_changes)

    def connected(self) -> bool:
        from planner.calendar.sync.account import load_account

        return load_account(self.ctx.db) is not None

    def start(self) -> None:
        """Begin: a first sync soon after start-up, then the timers. Cheap when not connected."""
        self.watch.start()
        self.every.start()
        self.refresh_status()
        if self.connected():
            QTimer.singleShot(START_DELAY_MS, self, self.sync_now)

    def stop(self) -> None:
        for timer in (self.pause, self.every, self.watch):
            timer.stop()

    def busy(self) -> bool:
        return self.job is not None

    def _look_for_changes(self) -> None:
        # total_changes counts every row this window's connection wrote: no query, no I/O.
        total = self.ctx.db.conn.total_changes
        if total == self._seen_changes:
            return
        self._seen_changes = total
        from planner.calendar.sync.state import waiting

        if waiting(self.ctx.db):
            self.pause.start()  # restarted by each change: sent once the rep pauses
        self.refresh_status()

    def sync_now(self) -> bool:
        """Start a sync on the worker; False when not connected (one running: runs again after)."""
        if self.job is not None:
            self.again = True
            return True
        if not self.connected():
            self.refresh_status()
            return False
        self.pause.stop()
        password = self.password
        self.status_changed.emit("Syncing…")

        def work(db: Database, report: Any) -> object:
            from planner.calendar.sync.service import sync_now

            return sync_now(db, now=now_utc(), password=password)

        self.job = Job(self.ctx.data_dir, work)
        self.job.signals.succeeded.connect(self._done)
        self.job.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self.job)
        return True

    def _finish(self) -> None:
        self.job = None
        self._seen_changes = self.ctx.db.conn.total_changes
        if self.again:
            self.again = False
            QTimer.singleShot(0, self, self.sync_now)

    def _done(self, report: object) -> None:
        self.last_error = ""
        self._finish()
        self.refresh_status()
        self.synced.emit(report)

    def _failed(self, message: str) -> None:
        self.last_error = message
        self._finish()
        self.refresh_status()
        if "not in the system keyring" in message:
            self.password_needed.emit()
        self.failed.emit(message)

    def status_text(self) -> str:
        from planner.calendar.sync.service import sync_status

        text = sync_status(self.ctx.db).text(local_tz())
        if self.last_error and "not in the system keyring" in self.last_error:
            return "password needed — click to type it"
        return text

    def refresh_status(self) -> None:
        self.status_changed.emit(self.status_text())
