"""After the data is on screen: the rest of the window, built a slice per turn of the event loop;
the day's integrity check and backup on a worker thread; and, when the app ends, the clean
close that lets the next start skip the integrity check."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from planner.errors import AmendsError
from planner.store.paths import database_path
from ui.startup.single_instance import bring_forward

if TYPE_CHECKING:
    from planner.store.daily import DailyBackup, DayCheck
    from ui.window.main_window import MainWindow

log = logging.getLogger("amends")
STOP_WAIT_S = 30.0  # a page copy cannot be cut short: let it finish rather than leave a temp file


class Opened(NamedTuple):
    """The open data file: the window's connection, and the day's check if it is due (its
    write lock already taken, so nothing is written before its verdict)."""

    conn: sqlite3.Connection
    day_check: DayCheck | None = None


class Session(QObject):
    """Runs the steps that can wait until the data is painted, then the day's check and backup."""

    interactive = Signal()  # the workspace and menus are built: everything answers
    damaged = Signal(str)  # what the day's check found (delivered on the GUI thread)
    backed_up = Signal(object)  # the day's BackupInfo

    def __init__(self, window: MainWindow, opened: Opened, listen: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.opened, self.folder = window, opened, window.data_dir
        # The icon first: the frame and the data were shown without it (ui/branding.py).
        self.steps: list[Callable[[], object]] = [
            self._full_icon, self._load_sqlite_utils, *window.finishing_steps(),
            self._know_widget_classes, listen, self._start_daily,
        ]
        self.thread: threading.Thread | None = None
        self.backup: DailyBackup | None = None
        self.finding: str | None = None
        self.damaged.connect(self._on_damage)

    def start(self) -> None:
        """Run the steps one per turn of the event loop, so input is answered between them."""
        # Activated again now that the list is there to take the keyboard (after the paint:
        # on X11 raising and activating cost the first paint a millisecond).
        bring_forward(self.window)
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        if not self.steps:
            return
        step = self.steps.pop(0)
        step()
        if self.steps:
            QTimer.singleShot(0, self._next)
        else:
            self.interactive.emit()

    def _load_sqlite_utils(self) -> None:
        self.window.ctx.db  # noqa: B018 - the first edit must not wait for sqlite-utils to load

    def _full_icon(self) -> None:
        from PySide6.QtWidgets import QApplication

        from ui.branding import full_icon

        app = QApplication.instance()
        if isinstance(app, QApplication):
            full_icon(app)

    def _know_widget_classes(self) -> None:
        # The first widget PySide gets from Qt without knowing its class makes it set up some
        # 60 widget classes (10 ms): here, rather than in the first click on an incident.
        from PySide6.QtWidgets import QWidget

        self.window.findChildren(QWidget)

    def _start_daily(self) -> None:
        from planner.store.daily import DailyBackup

        backup = self.backup = DailyBackup(self.folder)
        check = self.opened.day_check

        def work() -> None:
            from planner.store.daily import Stopped, run_daily

            try:
                info = run_daily(check, backup, self.damaged.emit)
            except Stopped:
                return
            except (OSError, sqlite3.Error, AmendsError) as exc:
                # A failed backup must not keep the rep from their notes: log it and carry on.
                log.warning("The daily backup was not taken: %s", exc)
                return
            if info is not None:
                self.backed_up.emit(info)

        self.thread = threading.Thread(target=work, name="amends-daily", daemon=True)
        self.thread.start()

    def _on_damage(self, finding: str) -> None:
        """The day's check found damage: stop every write, say what to do."""
        self.finding = finding
        try:
            self.window.ctx.conn.execute("PRAGMA query_only=ON")
        except sqlite3.Error:
            pass
        self.window.data_damaged(finding)

    def end(self) -> None:
        """The app is ending: stop the backup, close every connection, record a clean close."""
        from planner.store import check_policy

        self.steps.clear()  # the app ended before they ran: nothing left to build
        if self.backup is not None:
            self.backup.stop()
        if self.thread is not None:
            self.thread.join(STOP_WAIT_S)
        check = self.opened.day_check
        if check is not None:
            check.release()  # a damaged file's lock is held until now
        self.window.close_data()
        damaged = self.finding is not None or (check is not None and check.finding is not None)
        if not damaged and (self.thread is None or not self.thread.is_alive()):
            check_policy.record_clean_close(self.folder, database_path(self.folder))
