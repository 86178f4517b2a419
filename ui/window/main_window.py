"""The main window: its frame shows at once; the list, workspace and menus join when the data is open."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QWidget

from ui.window.settings import UiSettings

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable
    from datetime import datetime

    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QLabel, QSplitter
    from sqlite_utils import Database

    from ui.autosave import SaveWarning
    from ui.calendar.controls import CalendarControls
    from ui.context import AppContext
    from ui.incidents.incident_list import IncidentListPanel
    from ui.window.edit_menu import EditActions
    from ui.window.navigation import Navigator
    from ui.window.workspace import IncidentWorkspace

# Qt adds the application's name ("— Amends") to every window title itself.
TITLE = "Apology and follow-up planner"
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
    nav: Navigator
    edit_actions: EditActions
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
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.go_menu = self.menuBar().addMenu("&Go")
        self.help_menu = self.menuBar().addMenu("&Help")
        from ui.theme import fit_to_screen

        fit_to_screen(self, 1280, 800)
        self.settings.restore_geometry("main", self)
        self.statusBar().showMessage(OPENING)

    def attach(self, db: Database | sqlite3.Connection) -> None:
        """Build the list, workspace and menus on the open data file, and show what needs doing."""
        self.attach_data(db)
        self.finish_attach()

    def attach_data(self, db: Database | sqlite3.Connection) -> None:
        """The part of attach that shows the data: the list and Today, read through the plain
        connection. Start-up paints this, then calls finish_attach()."""
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QPalette
        from PySide6.QtWidgets import QLabel, QSplitter

        from ui.autosave import SaveWarning
        from ui.context import AppContext
        from ui.incidents.incident_list import IncidentListPanel
        from ui.window.navigation import Navigator

        self.ctx = AppContext(db, self.data_dir, self)
        self._workspace: IncidentWorkspace | None = None
        self.list_panel = IncidentListPanel()
        self.list_panel.attach(self.ctx.conn, self.data_dir)
        self.splitter = QSplitter()  # side by side (Qt.Orientation, as ui/qt_values.py says why)
        self.nav = Navigator(self, self.ctx, self.list_panel, lambda: self.workspace)
        self.splitter.addWidget(self.nav.left)
        self.splitter.addWidget(self.nav.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        # The list takes about a quarter of a small window, so the steps keep their room.
        left = max(240, min(380, self.width() // 4))
        self.splitter.setSizes([left, max(self.width() - left, 600)])
        self.setCentralWidget(self.splitter)
        self.saved_label = QLabel()
        # Muted, by palette role rather than a style sheet (a style sheet's first use costs the
        # data's first paint): it follows light and dark palettes all the same.
        self.saved_label.setForegroundRole(QPalette.ColorRole.Mid)
        self.saved_label.setContentsMargins(8, 0, 8, 0)
        # Stays visible while edits wait to be saved (full disk, locked or read-only file).
        self.save_warning = SaveWarning(self.ctx.autosaver)
        self.statusBar().addPermanentWidget(self.save_warning, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.nav.right.currentChanged.connect(lambda _index: self._update_title())
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
        self.list_panel.select_row(0)
        self.statusBar().clearMessage()
        self.attached = True
        self.nav.show_today()  # the app opens on what needs the user now
        self._data_widgets = self._list_data_widgets()  # Today's tables are built by now
        self._update_title()

    def finish_attach(self) -> None:
        """What the first paint of the data can do without: the workspace and the menus."""
        for step in self.finishing_steps():
            step()

    def finishing_steps(self) -> list[Callable[[], object]]:
        """finish_attach in slices, each well under 50 ms, for start-up to run one per turn of
        the event loop: the checker's warm-up (set going), the workspace, the menus, and the
        first step's page (so the first incident opened does not wait for it to be built)."""
        def menus() -> None:
            from ui.window.edit_menu import EditActions
            from ui.window.menus import build_menus

            build_menus(self)
            self.edit_actions = EditActions(self, self.ctx.history)
            self.nav.add_actions()
            self.ctx.history.restored.connect(self._history_restored)
            self.ctx.history.problem.connect(lambda text: self.statusBar().showMessage(text, 10000))

        def warm_up() -> None:
            from ui.apology.warmup import warm_up_later  # the checker compiles off the GUI thread

            warm_up_later()

        return [warm_up, lambda: self.workspace, menus, lambda: self.workspace.pages["what"]]

    def data_widgets(self) -> list[QWidget]:
        """The widgets that show the data; start-up is ready when the visible ones have painted."""
        return self._data_widgets

    def _list_data_widgets(self) -> list[QWidget]:
        today = self.nav.today
        parts: list[QWidget] = [self.list_panel.viewport, self.list_panel.empty,
                                self.list_panel.count, today.title, today.summary, today.empty]
        for section in today.sections:
            parts += [section.title, section.count]
            if section.viewport is not None:  # built when the section first had rows
                parts.append(section.viewport)
        return parts

    @property
    def workspace(self) -> IncidentWorkspace:
        """The incident workspace, built the first time it is needed (start-up shows Today)."""
        if self._workspace is None:
            from ui.window.workspace import IncidentWorkspace

            workspace = self._workspace = IncidentWorkspace(self.ctx)
            self.nav.right.addWidget(workspace)
            # Leaving an incident whose typed input was refused asks first (fix it, or discard it).
            workspace.leave_guard = self._settle
            workspace.stayed.connect(self._keep_selected)
            workspace.caption_changed.connect(lambda _caption: self._update_title())
            self.list_panel.incident_selected.connect(workspace.load)
            workspace.load(self.list_panel.current_id())
        return self._workspace

    def open_incident_id(self) -> int | None:
        """The incident the workspace shows (or will show, once built)."""
        if self._workspace is None:
            return self.list_panel.current_id()
        return self._workspace.incident_id

    def _update_title(self) -> None:
        """The title says what is on screen: Today, or the open incident with its number."""
        if self.nav.showing_today():
            self.setWindowTitle("Today")
            return
        caption = self._workspace.caption() if self._workspace is not None else ""
        self.setWindowTitle(" ".join(caption.split())[:120] or TITLE)

    def refresh_list(self) -> None:
        """Read the list again (after adding, deleting, restoring, erasing)."""
        self._changed.clear()
        self.list_panel.refresh(keep=self.open_incident_id())

    def refresh_changed(self) -> None:
        """After edits: read the list again (a page at a time, so this is as cheap as a few rows)."""
        if self._changed:
            self.refresh_list()

    def close_data(self) -> None:
        """Close every connection the window holds, its own last, so SQLite folds the WAL back
        into the file and removes it (the app is ending)."""
        if not self.attached:
            return
        self.list_panel.close_reads()
        if self.nav.search_dialog is not None:
            self.nav.search_dialog.close_reads()
        self.ctx.conn.close()
        self.attached = False  # closing the window now has nothing left to save

    def data_damaged(self, finding: str) -> None:
        """The day's check found the file damaged: nothing more is written to it (the session
        made the connection read-only and holds the write lock); say what to do."""
        from PySide6.QtWidgets import QMessageBox

        from planner.store.paths import database_path

        self.ctx.autosaver.retry_timer.stop()
        text = (f"Amends found damage in your data file {database_path(self.data_dir)} (SQLite's "
                f"check found: {finding[:300]}). So that it gets no worse, Amends has stopped "
                "saving: nothing more will be written to it. Quit Amends and start it again: it "
                "will set the damaged file aside, unchanged, and offer your newest backup.")
        self.statusBar().showMessage("Your data file is damaged: changes are no longer saved.")
        QMessageBox.critical(self, "Your data file is damaged", text)

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

        def create() -> int:
            incident = new_incident(self.ctx.db)
            assert incident.id is not None
            return incident.id

        incident_id = self.ctx.history.record_new("New incident", create, step="what")
        self.list_panel.search.clear()
        self.list_panel.status_filter.setCurrentIndex(0)
        self.refresh_list()
        self.list_panel.select(incident_id)
        self.nav.show_workspace()
        self.workspace.show_step("what")
        page = self.workspace.pages["what"]
        title = getattr(page, "title_edit", None)
        if title is not None:
            title.setFocus()
            title.selectAll()

    def meant_incident(self) -> int | None:
        """The incident the user means: the list's when the list has the keyboard (or the
        workspace shows it), on Today the row highlighted there, never a list row out of view."""
        if self.nav.showing_today() and not self.list_panel.view.hasFocus():
            return self.nav.today.current_incident()
        chosen = self.list_panel.current_id()
        if chosen is None and not self.nav.showing_today():
            return self.workspace.incident_id  # open beside a search that hides its row
        return chosen

    def delete_current(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from planner.errors import AmendsError
        from planner.incidents.service import delete_incident, get_incident

        incident_id = self.meant_incident()
        if incident_id is None:
            where = "on Today" if self.nav.showing_today() else "in the list"
            self.statusBar().showMessage(f"Choose the incident to delete {where} first.", 6000)
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
            "Edit ▸ Undo (Ctrl+Z) brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.autosaver.discard_invalid()  # refused edits of the deleted incident are moot
        self.workspace.load(None)
        self.ctx.history.record(incident_id, "Delete incident",
                                lambda: delete_incident(self.ctx.db, incident_id), step="what")
        self.refresh_list()
        if self.list_panel.model.rowCount():
            self.list_panel.select(self.list_panel.model.row_at(0).id)
        self.nav.show_workspace()  # deleting is list work: show what the list now selects
        self.statusBar().showMessage(f"Deleted “{title}”.", 6000)

    def add_sample(self) -> None:
        """Add the sample incident, or, when it is there already, offer to open that one."""
        from PySide6.QtWidgets import QMessageBox

        from planner.sample import add_sample

        self._flush()
        row = self.ctx.db.execute(
            "SELECT id, title FROM incidents WHERE is_sample = 1 ORDER BY id LIMIT 1").fetchone()
        if row is not None:
            answer = QMessageBox.question(
                self, "The sample is already here",
                f"The sample incident is already in your list (#{row[0]} “{row[1]}”), so no "
                "second copy was added. Open it?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Open)
            if answer == QMessageBox.StandardButton.Open:
                self.nav.open_incident(int(row[0]), "what")
            return
        incident_id = self.ctx.history.record_new("Add the sample incident",
                                                  lambda: add_sample(self.ctx.db), step="what")
        self.refresh_list()
        self.list_panel.select(incident_id)
        self.nav.show_workspace()

    def _history_restored(self, incident_id: int, step: str) -> None:
        """Undo or redo rewrote an incident: show it as it now is, where the step was made."""
        from planner.errors import NotFoundError
        from planner.incidents.service import get_incident

        self.refresh_list()
        self.ctx.incidents_changed.emit()
        try:
            get_incident(self.ctx.db, incident_id)
        except NotFoundError:  # an undone "New incident", a redone "Delete incident"
            if self.workspace.incident_id == incident_id:
                self.workspace.load(None)
            return
        if self.workspace.incident_id == incident_id:
            self.workspace.reload()
        elif not self.nav.showing_today():
            self.nav.open_incident(incident_id, step or self.workspace.current_step())
        self.ctx.incident_changed.emit(incident_id)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

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
        if not self.attached:  # closed while the data was still opening, or after it closed
            self.settings.save_geometry("main", self)
            self.settings.sync()
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
        calendar = getattr(self, "calendar", None)  # built with the menus, a moment after ready
        if calendar is not None:
            calendar.runner.stop()
        self.settings.save_geometry("main", self)
        self.settings.save_splitter("main", self.splitter)
        self.settings.sync()
        super().closeEvent(event)


def confirm_close_unsaved(parent: QWidget) -> bool:
    """Ask before closing with saves still failing; True when the user chooses to close."""
    from PySide6.QtWidgets import QMessageBox  # the frame's import path stays light

    box = QMessageBox(QMessageBox.Icon.Warning, "Amends could not save",
                      "Some changes could not be saved (see the status bar). Close anyway and "
                      "lose them?", parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    # exec() returns the standard button chosen; tests answer by patching exec.
    return box.exec() == QMessageBox.StandardButton.Close.value
