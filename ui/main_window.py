"""The main window: incident list on the left, the workspace on the right, autosave below."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from planner.errors import AmendsError
from planner.incidents import delete_incident, get_incident, list_incident_summaries, new_incident
from planner.sample import add_sample
from ui.autosave import SaveWarning
from ui.calendar_export import add_export_all_action
from ui.context import AppContext
from ui.incident_list import IncidentListPanel
from ui.menu_actions import add_playbooks_action, on_demand
from ui.navigation import Navigator
from ui.ui_settings import UiSettings
from ui.unsaved_prompt import resolve_invalid
from ui.widgets import commit_open_editors
from ui.workspace import IncidentWorkspace

if TYPE_CHECKING:
    from sqlite_utils import Database


class MainWindow(QMainWindow):
    """One window per data folder."""

    def __init__(self, db: Database, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = AppContext(db, data_dir, self)
        self.settings = UiSettings(data_dir)
        self.setWindowTitle("Amends — apology and follow-up planner")
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
        self._build_actions()
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
        self._list_refresh = QTimer(self, singleShot=True, interval=150)
        self._list_refresh.timeout.connect(self.refresh_list)
        self.resize(1280, 800)
        self.settings.restore_geometry("main", self)
        self.settings.restore_splitter("main", self.splitter)
        self.refresh_list()
        if self.list_panel.model.rowCount():
            self.list_panel.select(self.list_panel.model.row_at(0).id)
        self.nav.show_today()  # the app opens on what needs the user now

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = QAction("&New incident", self, shortcut=QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.new_incident)
        self.delete_action = QAction("&Delete incident…", self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        # Only from the list: Delete in a text field must delete text, not the incident.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list_panel.view.addAction(self.delete_action)
        self.delete_action.triggered.connect(self.delete_current)
        self.delete_menu_action = QAction("&Delete incident…", self)
        self.delete_menu_action.triggered.connect(self.delete_current)
        sample_action = QAction("Add the &sample incident", self)
        sample_action.triggered.connect(self.add_sample)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        for action in (self.new_action, self.delete_menu_action, sample_action):
            file_menu.addAction(action)
        self.export_all_action = add_export_all_action(self, file_menu, self.ctx)
        # Shortcuts must work even where the menu bar is native or hidden.
        self.addActions([self.new_action, quit_action])
        file_menu.addSeparator()
        self.playbooks_action = add_playbooks_action(
            self, file_menu, self.ctx.db, Path.home(), on_change=self.workspace.reload)
        export_action = QAction("&Export customer data…", self)
        export_action.triggered.connect(lambda: on_demand("ui.privacy_actions", "export_customer_data")(self))
        erase_action = QAction("E&rase customer…", self)
        erase_action.triggered.connect(lambda: on_demand("ui.privacy_actions", "erase_customer_data")(self))
        file_menu.addActions([export_action, erase_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Amends", self)
        about.triggered.connect(self.show_about)
        backups_action = QAction("&Backups…", self)
        backups_action.triggered.connect(lambda: on_demand("ui.backups_dialog", "show_backups_dialog")(self))
        help_menu.addAction(backups_action)
        help_menu.addAction(about)

    def refresh_list(self) -> None:
        self.list_panel.set_incidents(list_incident_summaries(self.ctx.db), keep=self.workspace.incident_id)

    def _incident_changed(self, _incident_id: int) -> None:
        self._list_refresh.start()

    def new_incident(self) -> None:
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
        self._flush()
        incident_id = add_sample(self.ctx.db)
        self.refresh_list()
        self.list_panel.select(incident_id)
        self.nav.show_workspace()

    def show_about(self) -> None:
        from ui.branding import about_html

        QMessageBox.about(self, "About Amends", about_html(self.ctx.data_dir))

    def _flush(self) -> bool:
        commit_open_editors()  # a cell still being typed in is part of what must be saved
        return self.ctx.autosaver.flush()

    def _settle(self) -> bool:
        """Save what was typed; if some of it was refused as invalid, ask the user.
        False: they went back to fix it, so the action that called must not go on."""
        self._flush()
        return resolve_invalid(self)

    def _keep_selected(self, incident_id: object) -> None:
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

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._settle():
            event.ignore()
            return
        if self.ctx.autosaver.has_pending():
            answer = QMessageBox.warning(
                self, "Amends could not save",
                "Some changes could not be saved (see the status bar). Close anyway and lose them?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        self.settings.save_geometry("main", self)
        self.settings.save_splitter("main", self.splitter)
        self.settings.sync()
        super().closeEvent(event)
