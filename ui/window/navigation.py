"""Getting around the main window: Today (the home page), the incident workspace, and Ctrl+K search."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from planner.errors import NotFoundError
from ui.context import AppContext
from ui.incidents.incident_list import IncidentListPanel
from ui.overview.today_view import TodayView
from ui.step_page import Target

if TYPE_CHECKING:
    from ui.overview.search_dialog import SearchDialog
    from ui.window.workspace import IncidentWorkspace


class Navigator(QObject):
    """Owns the left column (Today button over the list) and the right stack (Today or workspace)."""

    def __init__(self, window: QMainWindow, ctx: AppContext, list_panel: IncidentListPanel,
                 workspace: Callable[[], IncidentWorkspace]) -> None:
        super().__init__(window)
        self.window, self.ctx, self.list_panel = window, ctx, list_panel
        # The workspace is built once the data is on screen (start-up paints Today first);
        # asking for it builds it then, and it joins the right-hand stack.
        self._workspace = workspace
        self.today_button = QPushButton("Today")
        self.today_button.setCheckable(True)
        self.today_button.setToolTip("What needs you now (Ctrl+T)")
        self.today_button.setAccessibleName("Today")
        self.today_button.clicked.connect(self.show_today)
        # Palette roles, so the checked look follows light and dark themes alike.
        self.today_button.setStyleSheet(
            "QPushButton { padding: 6px; font-weight: 600; text-align: left; padding-left: 10px; }"
            "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " border: 1px solid palette(highlight); border-radius: 3px; }")
        self.left = QWidget()
        column = QVBoxLayout(self.left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.today_button)
        column.addWidget(list_panel, 1)
        self.today = TodayView(ctx)
        self.right = QStackedWidget()
        self.right.addWidget(self.today)
        self.search_dialog: SearchDialog | None = None
        self._selected: object = None
        self.today.open_requested.connect(self.open_incident)
        self.today.followup_done.connect(self._followup_done)
        self.today.counts_changed.connect(self._show_count)
        # Only the user's own choice in the list leaves Today: a list refresh re-selects the
        # same row (ignored), a click or arrow key in the list picks another (followed).
        list_panel.view.clicked.connect(lambda _index: self.show_workspace())
        list_panel.incident_selected.connect(self._list_selected)

    @property
    def workspace(self) -> IncidentWorkspace:
        return self._workspace()

    def add_actions(self) -> None:
        """A Go menu (before Help) with Today and Search; their shortcuts work everywhere."""
        from PySide6.QtGui import (  # with the menus, after the first paint
            QAction,
            QKeySequence,
            QShortcut,
        )

        for shortcut in self.list_panel.findChildren(QShortcut):  # for Help ▸ Keyboard shortcuts
            if not shortcut.whatsThis() and shortcut.key() == QKeySequence("Ctrl+F"):
                shortcut.setWhatsThis("Search the incident list")

        self.today_action = QAction("&Today", self.window, shortcut=QKeySequence("Ctrl+T"))
        self.today_action.triggered.connect(self.show_today)
        self.search_action = QAction("&Search…", self.window, shortcut=QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.open_search)
        go = getattr(self.window, "go_menu", None)  # the window frame shows it from the start
        if go is None:
            bar = self.window.menuBar()
            menus = [a for a in bar.actions() if a.menu() is not None]
            go = bar.addMenu("&Go")
            if len(menus) > 1:
                bar.insertMenu(menus[-1], go)  # keep Help last
        go.addAction(self.today_action)
        go.addAction(self.search_action)
        self.window.addActions([self.today_action, self.search_action])

    def showing_today(self) -> bool:
        return self.right.currentWidget() is self.today

    def show_today(self) -> None:
        """Show the Today page (it reads the database afresh as it appears)."""
        if self.window._workspace is not None:  # type: ignore[attr-defined]
            from ui.widgets import commit_open_editors  # no editor can be open before the workspace

            commit_open_editors()  # Ctrl+T while a cell is being typed in keeps that text
        self.ctx.autosaver.flush()
        self.today_button.setChecked(True)
        self.today.refresh()
        self.right.setCurrentWidget(self.today)
        self.today.focus_first()

    def show_workspace(self) -> None:
        self.today_button.setChecked(False)
        self.right.setCurrentWidget(self.workspace)

    def open_incident(self, incident_id: int, step: str, target: Target | None = None) -> None:
        """Select the incident in the list, show it at step (with ``target``, the row or field
        meant there: a search hit, a row of Today); an unknown one refreshes Today."""
        from planner.incidents.service import get_incident  # not needed to paint Today

        try:
            get_incident(self.ctx.db, incident_id)
        except NotFoundError as exc:
            self.ctx.status_message.emit(str(exc))
            self.today.refresh()
            return
        if self.list_panel.model.row_of_key(incident_id) < 0:
            # Hidden by the list's search or status filter: clear them so it can be selected.
            self.list_panel.search.clear()
            self.list_panel.status_filter.setCurrentIndex(0)
        self.list_panel.select(incident_id)
        if self.workspace.incident_id != incident_id and self.list_panel.current_id() == incident_id:
            self.workspace.load(incident_id)
        if self.workspace.incident_id != incident_id:
            return  # the user went back to fix what they typed in the incident still open
        self.workspace.show_step(step)
        self.show_workspace()
        if target is not None:
            self.workspace.reveal(step, target)

    def open_search(self) -> None:
        if self.search_dialog is None:
            from ui.overview.search_dialog import SearchDialog  # on first Ctrl+K, not at start-up

            self.search_dialog = SearchDialog(self.ctx, self.window)
            self.search_dialog.open_requested.connect(self.open_incident)
        self.ctx.autosaver.flush()  # search what was just typed
        self.search_dialog.popup()

    def _list_selected(self, incident_id: object) -> None:
        changed, self._selected = incident_id != self._selected, incident_id
        if changed and self.list_panel.view.hasFocus():
            self.show_workspace()

    def _show_count(self, due: int) -> None:
        self.today_button.setText(f"Today  ·  {due:,} due" if due else "Today")

    def _followup_done(self, incident_id: int) -> None:
        if self.workspace.incident_id == incident_id:
            self.workspace.reload()  # the follow-ups page must not show it as pending

