"""Export to calendar from the app: choose a file, export off the GUI thread, then offer to open it."""
from __future__ import annotations

import re
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QStandardPaths, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QProgressDialog, QWidget

from planner.db import open_data_dir
from planner.errors import AmendsError
from planner.settings import get_setting, set_setting
from planner.timeutil import now_utc
from ui.context import AppContext

FOLDER_SETTING = "calendar_export_folder"
PROGRESS_AFTER_MS = 400  # small exports finish before a progress window would even show


class Cancelled(Exception):
    """Raised inside the export when the user pressed Cancel; nothing is written."""


class ExportSignals(QObject):
    """Reports from the worker thread, delivered on the GUI thread (queued connections)."""

    progress = Signal(int, int)
    finished = Signal(int)  # how many events were written
    failed = Signal(str)  # a user-facing message
    cancelled = Signal()


class ExportJob(QRunnable):
    """One export on a pool thread, with its own database connection (they must not cross threads)."""

    def __init__(self, data_dir: Path, path: Path, *, incident_id: int | None, include_done: bool,
                 now: datetime) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the GUI side keeps it until its signals are handled
        self.data_dir, self.path, self.now = data_dir, path, now
        self.incident_id, self.include_done = incident_id, include_done
        self.signals = ExportSignals()
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise Cancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            db = open_data_dir(self.data_dir)
        except AmendsError as exc:
            self.signals.failed.emit(str(exc))
            return
        try:
            count = export_calendar(db, self.path, incident_id=self.incident_id,
                                    include_done=self.include_done, now=self.now,
                                    progress=self._progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except AmendsError as exc:
            self.signals.failed.emit(str(exc))
        except sqlite3.Error as exc:
            self.signals.failed.emit(f"The database reported a problem ({exc}). Nothing was "
                                     "exported; try again in a moment.")
        else:
            self.signals.finished.emit(count)
        finally:
            db.close()


def export_calendar(*args: Any, **kwargs: Any) -> int:
    """planner.calendar_export.export_calendar, loaded on first use: the calendar library is
    slow to import and the window should not wait for it at start-up."""
    from planner.calendar_export import export_calendar as export

    return export(*args, **kwargs)


def default_file_name(*parts: str) -> str:
    """A safe file name such as 'Halvorsen Fitouts Ltd - follow-ups.ics'."""
    text = " - ".join(p.strip() for p in parts if p.strip()) or "Amends follow-ups"
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    return " ".join(text.split())[:80].rstrip(" .") + ".ics"


def choose_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save; None when cancelled (tests replace this)."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export to calendar", str(suggested),
                                          "Calendar files (*.ics)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".ics" else path.with_name(path.name + ".ics")


def open_in_calendar(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def offer_to_open(parent: QWidget | None, path: Path, count: int) -> None:
    """Say what was written and offer "Open in calendar" and "Show in folder"."""
    noun = "event" if count == 1 else "events"
    box = QMessageBox(QMessageBox.Icon.Information, "Exported to calendar",
                      f"Wrote {count} {noun} to {path.name}.", parent=parent)
    box.setInformativeText("Open it to import it into your calendar. Exporting again later "
                           "updates the same events instead of adding copies.")
    open_button = box.addButton("Open in calendar", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is open_button:
        open_in_calendar(path)
    elif clicked is folder_button:
        show_in_folder(path)


class CalendarExporter(QObject):
    """Runs one export: a file dialog, the job on the thread pool, a progress dialog, the result."""

    done = Signal(str, int)  # path, event count
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.widget = ctx, parent
        self.job: ExportJob | None = None
        self.path = Path()
        self.progress: QProgressDialog | None = None

    def busy(self) -> bool:
        return self.job is not None

    def start(self, *, incident_id: int | None, include_done: bool, suggested_name: str) -> bool:
        """Ask for the file and start; False when the user cancelled or one is still running."""
        if self.job is not None:
            return False
        self.ctx.autosaver.flush()  # the export reads the database: the last edit must be in it
        home = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(get_setting(self.ctx.db, FOLDER_SETTING) or home or Path.home())
        path = choose_path(self.widget, folder / suggested_name)
        if path is None:
            return False
        set_setting(self.ctx.db, FOLDER_SETTING, str(path.parent))
        self.job = ExportJob(self.ctx.data_dir, path, incident_id=incident_id,
                             include_done=include_done, now=now_utc())
        self.progress = QProgressDialog("Writing the calendar file…", "Cancel", 0, 0, self.widget)
        self.progress.setWindowTitle("Export to calendar")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(PROGRESS_AFTER_MS)
        self.progress.canceled.connect(self.job.cancel)
        self.path = path
        # Bound methods of this GUI-thread object: Qt queues the worker's reports onto it.
        signals = self.job.signals
        signals.progress.connect(self._on_progress)
        signals.finished.connect(self._on_finished)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        QThreadPool.globalInstance().start(self.job)
        return True

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def _end(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
        self.progress, self.job = None, None

    def _on_finished(self, count: int) -> None:
        self._end()
        self.ctx.status_message.emit(f"Exported {count} calendar events to {self.path}.")
        self.done.emit(str(self.path), count)
        offer_to_open(self.widget, self.path, count)

    def _on_cancelled(self) -> None:
        self._end()
        self.ctx.status_message.emit("Export cancelled; no file was changed.")

    def _on_failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)
        QMessageBox.warning(self.widget, "Export to calendar", message)


def add_export_all_action(window: QWidget, menu: QMenu, ctx: AppContext) -> QAction:
    """File ▸ "Export all upcoming to calendar…": every open incident's plans from today on."""
    exporter = CalendarExporter(ctx, window)
    action = QAction("Export all upcoming to &calendar…", window)
    action.setStatusTip("Write every upcoming follow-up and visit to one .ics file")
    action.triggered.connect(lambda: exporter.start(
        incident_id=None, include_done=False, suggested_name=default_file_name("Amends upcoming")))
    menu.addAction(action)
    action.exporter = exporter  # type: ignore[attr-defined]  # reachable from tests
    return action
