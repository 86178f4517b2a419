"""The main window: its frame shows at once; the list, workspace and menus join when the data is open."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from ui.window.settings import UiSettings

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QLabel, QSplitter
    from sqlite_utils import Database

    from ui.autosave import SaveWarning
    from ui.calendar.controls import CalendarControls
    from ui.context import AppContext
    from ui.incidents.incident_list import IncidentListPanel
    from ui.window.navigation import Navigator
    from ui.window.workspace import IncidentWorkspace

TITLE = "Amends — apology and follow-up planner"
OPENING = "Opening your data…"


class MainWindow(QMainWindow):
    """One window per data folder.

    Built in two steps so the window is on screen while the data file opens: the frame
    (title, remembered size, menu bar, "Opening your data…") needs none of the list, workspace
    or database modules, and `attach` adds those once the file is open. The modules the frame
    does not need are imported in the methods that use them, for the same reason.
    """

    ctx: AppContext
    list_panel: IncidentListPanel
    workspace: IncidentWorkspace
    nav: Navigator
    splitter: QSplitter
    saved_label: QLabel
    save_warning: SaveWarning
    new_action: QAction
    delete_action: QAction
    delete_menu_action: QAction
    export_all_action: QAction
    playbooks_action: QAction
    calendar: CalendarControls
    _list_refresh: QTimer

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.attached = False
        self.shutting_down = False  # set by ui.startup.shutdown when the system ends Amends
        self.settings = UiSettings(data_dir)
        self.setWindowTitle(TITLE)
        # The menus are on screen from the first frame (filled by attach), so nothing shifts.
        self.file_menu = self.menuBar().addMenu("&File")
        self.go_menu = self.menuBar().addMenu("&Go")
        self.help_menu = self.menuBar().addMenu("&Help")
        self.resize(1280, 800)
        self.settings.restore_geometry("main", self)
        self.statusBar().showMessage(OPENING)

    def attach(self, db: Database) -> None:
        """Build the list, workspace and menus on the open data file, and show what needs doing."""
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QLabel, QSplitter

        from ui.autosave import SaveWarning
        from ui.context import AppContext
        from ui.incidents.incident_list import IncidentListPanel
        from ui.window.menus import build_menus
        from ui.window.navigation import Navigator
        from ui.window.workspace import IncidentWorkspace

        self.ctx = AppContext(db, self.data_dir, self)
        self.list_panel = IncidentListPanel()
        self.workspace = IncidentWorkspace(self.ctx)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.nav = Navigator(self, self.ctx, self.list_panel, self.workspace)
        self.splitter.addWidget(self.nav.left)
        self.splitter.addWidget(self.nav.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([380, 960])
        self.setCentralWidget(self.splitter)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: palette(mid); padding: 0 8px;")
        # Stays visible while edits wait to be saved (full disk, locked or read-only file).
        self.save_warning = SaveWarning(self.ctx.autosaver)
        self.statusBar().addPermanentWidget(self.save_warning, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        build_menus(self)
        self.nav.add_actions()
        self.list_panel.incident_selected.connect(self.workspace.load)
        # Leaving an incident whose typed input was refused asks first (fix it, or discard it).
        self.workspace.leave_guard = self._settle
        self.workspace.stayed.connect(self._keep_selected)
        self.ctx.incident_changed.connect(self._incident_changed)
        self.ctx.incidents_changed.connect(self.refresh_list)
        self.ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.ctx.autosaver.saved.connect(self._on_saved)
        self.ctx.autosaver.failed.connect(self._on_save_failed)
        self.ctx.autosaver.rescued.connect(
            lambda _message: self.saved_label.setText("Saved to a recovered copy"))
        self._changed: set[int] = set()  # incidents edited since the list last showed them
        self._list_refresh = QTimer(self, singleShot=True, interval=150)
        self._list_refresh.timeout.connect(self.refresh_changed)
        self.settings.restore_splitter("main", self.splitter)
        self.refresh_list()
        if self.list_panel.model.rowCount():
            self.list_panel.select(self.list_panel.model.row_at(0).id)
        self.statusBar().clearMessage()
        self.attached = True
        self.nav.show_today()  # the app opens on what needs the user now
        from ui.apology.warmup import warm_up_later  # the checker compiles off the GUI thread

        warm_up_later()

    def refresh_list(self) -> None:
        """Read every row again (after adding, deleting, restoring, erasing)."""
        from planner.incidents.service import list_incident_summaries

        self._changed.clear()
        self.list_panel.set_incidents(list_incident_summaries(self.ctx.db), keep=self.workspace.incident_id)

    def refresh_changed(self) -> None:
        """Read again only the incidents edited since the last refresh (and their customers')."""
        from planner.incidents.service import list_incident_summaries

        ids, self._changed = self._changed, set()
        if not ids:
            return
        rows = list_incident_summaries(self.ctx.db, around=ids)
        gone = ids - {r.id for r in rows}
        self.list_panel.update_incidents(rows, gone, keep=self.workspace.incident_id)

    def calendar_changed(self) -> None:
        """A sync moved follow-ups or visits (or the rep chose a version): show them afresh."""
        self.refresh_list()
        self.workspace.reload()
        if self.nav.showing_today():
            self.nav.today.refresh()

    def _incident_changed(self, incident_id: int) -> None:
        self._changed.add(incident_id)
        self._list_refresh.start()

    def new_incident(self) -> None:
        from planner.incidents.service import new_incident

        if not self._settle() or self.ctx.autosaver.has_pending():
            return
        incident = new_incident(self.ctx.db)
        assert incident.id is not None
        self.list_panel.search.clear()
        self.list_panel.status_filter.setCurrentIndex(0)
        self.refresh_list()
        self.list_panel.select(incident.id)
        self.nav.show_workspace()
        self.workspace.show_step("what")
        page = self.workspace.pages["what"]
        title = getattr(page, "title_edit", None)
        if title is not None:
            title.setFocus()
            title.selectAll()

    def delete_current(self) -> None:
        from planner.errors import AmendsError
        from planner.incidents.service import delete_incident, get_incident

        incident_id = self.list_panel.current_id()
        if incident_id is None:
            return
        self._flush()
        try:
            title = get_incident(self.ctx.db, incident_id).title
        except AmendsError:
            self.refresh_list()
            return
        answer = QMessageBox.question(
            self, "Delete incident",
            f"Delete “{title}” with its moments, apology, visits and follow-ups?\n"
            "This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.autosaver.discard_invalid()  # refused edits of the deleted incident are moot
        self.workspace.load(None)
        delete_incident(self.ctx.db, incident_id)
        self.refresh_list()
        if self.list_panel.model.rowCount():
            self.list_panel.select(self.list_panel.model.row_at(0).id)
        self.nav.show_workspace()  # deleting is list work: show what the list now selects
        self.statusBar().showMessage(f"Deleted “{title}”.", 6000)

    def add_sample(self) -> None:
        from planner.sample import add_sample

        self._flush()
        incident_id = add_sample(self.ctx.db)
        self.refresh_list()
        self.list_panel.select(incident_id)
        self.nav.show_workspace()

    def show_about(self) -> None:
        from ui.branding import about_html

        QMessageBox.about(self, "About Amends", about_html(self.ctx.data_dir))

    def _flush(self) -> bool:
        from ui.widgets import commit_open_editors

        commit_open_editors()  # a cell still being typed in is part of what must be saved
        return self.ctx.autosaver.flush()

    def _settle(self) -> bool:
        """Save what was typed; if some of it was refused as invalid, ask the user.
        False: they went back to fix it, so the action that called must not go on."""
        from ui.window.unsaved_prompt import resolve_invalid

        self._flush()
        return resolve_invalid(self)

    def _keep_selected(self, incident_id: object) -> None:
        from PySide6.QtCore import QSignalBlocker

        # The user went back to fix the open incident: the list shows it selected again.
        blocker = QSignalBlocker(self.list_panel.view.selectionModel())
        if isinstance(incident_id, int):
            self.list_panel.select(incident_id)
        else:
            self.list_panel.view.clearSelection()
        blocker.unblock()
        self.list_panel.view.viewport().update()

    def _on_saved(self, when: datetime) -> None:
        self.saved_label.setText(f"Saved {when:%H:%M:%S}")

    def _on_save_failed(self, message: str) -> None:
        self.saved_label.setText("Not saved")  # the message itself is in self.save_warning

    def changeEvent(self, event: QEvent) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.attached:
            self.ctx.autosaver.check_file()  # was the data file deleted while we were away?

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed while the data was still opening: nothing to save
            self.settings.save_geometry("main", self)
            super().closeEvent(event)
            return
        if self.shutting_down:
            # The system is ending the session (SIGTERM, logout): save what can be saved and
            # go; nobody is there to answer a question, and waiting would only get us killed.
            self._flush()
        elif not self._settle() or (
            self.ctx.autosaver.has_pending() and not confirm_close_unsaved(self)
        ):
            event.ignore()
            return
        self.calendar.runner.stop()
        self.settings.save_geometry("main", self)
        self.settings.save_splitter("main", self.splitter)
        self.settings.sync()
        super().closeEvent(event)


def confirm_close_unsaved(parent: QWidget) -> bool:
    """Ask before closing with saves still failing; True when the user chooses to close."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Amends could not save",
                      "Some changes could not be saved (see the status bar). Close anyway and "
                      "lose them?", parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    # exec() returns the standard button chosen; tests answer by patching exec.
    return box.exec() == QMessageBox.StandardButton.Close.value
