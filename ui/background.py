"""Long work off the GUI thread: one callable on the thread pool with its own database connection."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from planner.errors import AmendsError
from planner.store.connection import DataConnection
from planner.store.db import BUSY_TIMEOUT_MS, apply_pragmas
from planner.store.environment import EnvironmentProblemError, Problem, describe, message_for
from planner.store.paths import database_path
from ui.context import AppContext

if TYPE_CHECKING:
    from sqlite_utils import Database

PROGRESS_AFTER_MS = 300  # quick jobs finish before a progress window would even flash
Report = Callable[[int, int], None]  # (done, total); raises Cancelled once the user cancelled
Work = Callable[["Database", Report], Any]  # runs on the worker; its result goes to on_done

log = logging.getLogger("amends")


class Cancelled(Exception):
    """Raised by the progress report inside the work after the user pressed Cancel."""


def open_worker_db(data_dir: Path) -> Database:
    """The worker's own connection (connections must not cross threads) to the window's file.

    Not open_data_dir: the window already checked, backed up and migrated the file, and a
    check from here could set aside the very file the window has open. It never creates a
    file either: one that vanished while the window had it open is reported, not replaced.
    """
    path = database_path(data_dir)
    if not path.exists():
        raise EnvironmentProblemError(message_for(Problem.MOVED, path), Problem.MOVED, path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000, factory=DataConnection)
    try:
        apply_pragmas(conn)
    except BaseException:
        conn.close()
        raise
    from sqlite_utils import Database as Opened  # imported with the data file, not at start-up

    return Opened(conn, execute_plugins=False)


def user_message(exc: BaseException, data_dir: Path) -> str:
    """What to tell the user about exc; unexpected errors are logged with their traceback."""
    if isinstance(exc, AmendsError):  # already says what to do (and names its path)
        return str(exc)
    if isinstance(exc, OSError):  # an OS error names its own file (a backup, an export)
        return describe(exc, Path(exc.filename) if exc.filename else database_path(data_dir))
    if isinstance(exc, sqlite3.Error):
        return describe(exc, database_path(data_dir))
    log.error("Unexpected error in a background job", exc_info=exc)
    return ("Amends ran into a problem it did not expect and stopped what it was doing. The "
            f"details were written to {data_dir / 'logs' / 'amends.log'}; if it keeps happening, "
            "please send that file to whoever supports Amends for you.")


class JobSignals(QObject):
    """Reports from the worker thread, delivered on the GUI thread (queued connections)."""

    progress = Signal(int, int)
    succeeded = Signal(object)  # what the work returned
    failed = Signal(str)  # a user-facing message
    cancelled = Signal()


class Job(QRunnable):
    """The work on a pool thread, between opening and closing the worker's own connection."""

    def __init__(self, data_dir: Path, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the GUI side keeps it until its signals are handled
        self.data_dir, self.work = data_dir, work
        self.signals = JobSignals()
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _report(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise Cancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        # Nothing may escape: a worker's exception would leave the GUI waiting forever.
        try:
            db = open_worker_db(self.data_dir)
        except Exception as exc:  # noqa: BLE001 - reported to the user, logged if unexpected
            self.signals.failed.emit(user_message(exc, self.data_dir))
            return
        outcome: tuple[str, Any]
        try:
            outcome = ("done", self.work(db, self._report))
        except Cancelled:
            outcome = ("cancelled", None)
        except Exception as exc:  # noqa: BLE001 - as above
            outcome = ("failed", user_message(exc, self.data_dir))
        finally:
            db.close()  # before the GUI hears of it: the file is the window's alone again
        kind, value = outcome
        if kind == "done":
            self.signals.succeeded.emit(value)
        elif kind == "cancelled":
            self.signals.cancelled.emit()
        else:
            self.signals.failed.emit(value)


class ProgressDialog(QProgressDialog):
    """A busy (or counting) progress window; without a Cancel button it cannot be closed."""

    def __init__(self, title: str, label: str, cancel_text: str | None, parent: QWidget) -> None:
        super().__init__(label, cancel_text or "", 0, 0, parent)
        self.cancellable = cancel_text is not None
        if not self.cancellable:
            self.setCancelButton(None)
            self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(PROGRESS_AFTER_MS)
        # Starts the show-after timer: until a value is set, Qt waits its default 4 s instead.
        self.setValue(0)

    def reject(self) -> None:  # Escape
        if self.cancellable:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class BackgroundTask(QObject):
    """Runs one job at a time for a widget and reports its outcome on the GUI thread.

    ``exclusive`` jobs (restore, erase) must have the file to themselves: the widget's window
    is disabled and cannot be closed, and autosave retries pause until the job has ended.
    """

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.widget = ctx, parent
        self.job: Job | None = None
        self.progress: ProgressDialog | None = None
        self._blocked: QWidget | None = None
        self._focus: QWidget | None = None
        self._handlers: dict[str, Callable[..., Any] | None] = {}

    def busy(self) -> bool:
        return self.job is not None

    def start(self, work: Work, *, title: str, label: str, on_done: Callable[[Any], Any],
              on_failed: Callable[[str], Any] | None = None,
              on_cancelled: Callable[[], Any] | None = None,
              cancel_text: str | None = None, exclusive: bool = False) -> bool:
        """Start work(db, report) on the pool; False when a job of this task is still running.

        on_failed defaults to a warning box titled ``title`` with the message.
        """
        if self.job is not None:
            return False
        self.job = Job(self.ctx.data_dir, work)
        self._handlers = {"done": on_done, "cancelled": on_cancelled,
                          "failed": on_failed or (lambda text: QMessageBox.warning(self.widget, title, text))}
        self.progress = ProgressDialog(title, label, cancel_text, self.widget)
        self.progress.canceled.connect(self.job.cancel)
        if exclusive:
            self._block()
        # Bound methods of this GUI-thread object: Qt queues the worker's reports onto it.
        signals = self.job.signals
        signals.progress.connect(self._on_progress)
        signals.succeeded.connect(self._on_succeeded)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        QThreadPool.globalInstance().start(self.job)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._blocked and event.type() == QEvent.Type.Close:
            event.ignore()  # closing the window now would cut the job off halfway
            return True
        return super().eventFilter(watched, event)

    def _block(self) -> None:
        window = self.widget.window()
        self._blocked, self._focus = window, QApplication.focusWidget()
        window.installEventFilter(self)
        window.setEnabled(False)  # menus, shortcuts and fields: nothing reaches the file
        assert self.progress is not None
        self.progress.setEnabled(True)  # a child window may be enabled in a disabled parent
        self.ctx.autosaver.retry_timer.stop()

    def _unblock(self) -> None:
        window, self._blocked = self._blocked, None
        if window is None:
            return
        window.removeEventFilter(self)
        window.setEnabled(True)
        if self._focus is not None and shiboken6.isValid(self._focus) and self._focus.isEnabled():
            self._focus.setFocus()
        self._focus = None
        if self.ctx.autosaver.has_pending():
            self.ctx.autosaver.retry_timer.start()

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def _end(self, outcome: str) -> Callable[..., Any] | None:
        self._unblock()
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
        self.progress, self.job = None, None
        return self._handlers.get(outcome)

    def _on_succeeded(self, value: object) -> None:
        handler = self._end("done")
        if handler is not None:
            handler(value)

    def _on_failed(self, message: str) -> None:
        handler = self._end("failed")
        if handler is not None:
            handler(message)

    def _on_cancelled(self) -> None:
        handler = self._end("cancelled")
        if handler is not None:
            handler()
