"""Export to calendar from the app: choose a file, export off the GUI thread, then offer to open it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from planner.store.settings import get_setting, set_setting
from planner.timeutil import now_utc
from ui.background import BackgroundTask
from ui.context import AppContext

FOLDER_SETTING = "calendar_export_folder"


def export_calendar(*args: Any, **kwargs: Any) -> int:
    """planner.calendar.export.export_calendar, loaded on first use: the calendar library is
    slow to import and the window should not wait for it at start-up."""
    from planner.calendar.export import export_calendar as export

    return export(*args, **kwargs)


def default_file_name(*parts: str) -> str:
    """A safe file name such as 'Halvorsen Fitouts Ltd - follow-ups.ics'."""
    text = " - ".join(p.strip() for p in parts if p.strip()) or "Amends follow-ups"
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    return " ".join(text.split())[:80].rstrip(" .") + ".ics"


def incident_file_name(incident_id: int, company: str) -> str:
    """A short name for one incident's calendar file: 'amends-12-halvorsen.ics'."""
    words = re.findall(r"[a-z0-9]+", company.casefold().encode("ascii", "ignore").decode())
    return f"amends-{incident_id}-{words[0][:24] if words else 'incident'}.ics"


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
        self.task = BackgroundTask(ctx, parent)
        self.path = Path()

    def busy(self) -> bool:
        return self.task.busy()

    def start(self, *, incident_id: int | None, include_done: bool, suggested_name: str) -> bool:
        """Ask for the file and start; False when the user cancelled or one is still running."""
        if self.task.busy():
            return False
        self.ctx.autosaver.flush()  # the export reads the database: the last edit must be in it
        home = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(get_setting(self.ctx.db, FOLDER_SETTING) or home or Path.home())
        path = choose_path(self.widget, folder / suggested_name)
        if path is None:
            return False
        set_setting(self.ctx.db, FOLDER_SETTING, str(path.parent))
        self.path, now = path, now_utc()
        # Not exclusive: the export only reads (and stamps its events), the window stays usable.
        return self.task.start(
            lambda db, report: export_calendar(db, path, incident_id=incident_id,
                                               include_done=include_done, now=now, progress=report),
            title="Export to calendar", label="Writing the calendar file…", cancel_text="Cancel",
            on_done=self._on_finished, on_failed=self._on_failed, on_cancelled=self._on_cancelled,
        )

    def _on_finished(self, count: int) -> None:
        if count == 0:
            self.ctx.status_message.emit("Nothing to export; no file was written.")
            self.done.emit("", 0)
            QMessageBox.information(
                self.widget, "Nothing to export",
                "There are no upcoming follow-ups or visits to put in a calendar, so no file "
                "was written. Plan a follow-up or a visit first.")
            return
        self.ctx.status_message.emit(f"Exported {count} calendar events to {self.path}.")
        self.done.emit(str(self.path), count)
        offer_to_open(self.widget, self.path, count)

    def _on_cancelled(self) -> None:
        self.ctx.status_message.emit("Export cancelled; no file was changed.")

    def _on_failed(self, message: str) -> None:
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
