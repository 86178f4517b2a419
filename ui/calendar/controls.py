"""The calendar's place in the window: File menu entries, the status line, and what they open."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMenu, QMessageBox

from ui.background import Job
from ui.calendar.status_line import SyncStatusButton
from ui.calendar.sync_runner import SyncRunner
from ui.context import AppContext


class CalendarControls(QObject):
    """Connect, sync now, choices, disconnect; the runner and the status button they share.

    ``on_moved`` runs after a sync changed follow-ups or visits here (moved in the calendar,
    or a choice was made), so the window shows them afresh.
    """

    def __init__(self, window: QMainWindow, menu: QMenu, ctx: AppContext,
                 on_moved: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.ctx, self.on_moved = window, ctx, on_moved
        self.runner = SyncRunner(ctx, self)
        self.button = SyncStatusButton()
        window.statusBar().addPermanentWidget(self.button)
        self.connect_action = QAction("Connect a &calendar…", window)
        self.connect_action.setStatusTip("Keep follow-ups and visits in your own calendar, both ways")
        self.sync_action = QAction("S&ync calendar now", window, shortcut=QKeySequence("Ctrl+Shift+Y"))
        self.choices_action = QAction("Calendar c&hoices waiting…", window)
        self.disconnect_action = QAction("&Disconnect calendar…", window)
        submenu = menu.addMenu("Ca&lendar sync")
        submenu.addActions([self.connect_action, self.sync_action, self.choices_action,
                            self.disconnect_action])
        window.addAction(self.sync_action)  # the shortcut works where the menu bar is hidden
        self.connect_action.triggered.connect(self.open_connect)
        self.sync_action.triggered.connect(self.sync_now)
        self.choices_action.triggered.connect(self.open_choices)
        self.disconnect_action.triggered.connect(self.ask_disconnect)
        self.button.sync_requested.connect(self.sync_now)
        self.button.choices_requested.connect(self.open_choices)
        self.button.password_requested.connect(self.ask_password)
        self.runner.status_changed.connect(self._status)
        self.runner.failed.connect(self.button.show_problem)
        self.runner.synced.connect(self._synced)
        self.job: Job | None = None

    def start(self) -> None:
        self.runner.start()

    def _status(self, text: str) -> None:
        self.button.show_status(text)
        if text != "Syncing…":
            self.button.problem = self.runner.last_error
        connected = bool(text)
        self.sync_action.setEnabled(connected)
        self.disconnect_action.setEnabled(connected)
        self.choices_action.setEnabled("choice" in text)
        self.connect_action.setText("Connect a &calendar…" if not connected
                                    else "Connect another &calendar…")

    def _synced(self, report: Any) -> None:
        if report.taken_in:
            self.on_moved()
            noun = "item" if report.taken_in == 1 else "items"
            self.ctx.status_message.emit(
                f"{report.taken_in} {noun} moved in your calendar; moved here too.")

    def sync_now(self) -> None:
        self.ctx.autosaver.flush()  # the sync reads the file: what was just typed goes too
        if not self.runner.sync_now():
            self.ctx.status_message.emit("No calendar is connected (File ▸ Calendar sync).")

    def open_connect(self) -> None:
        from ui.calendar.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.ctx, self.window)
        dialog.connected.connect(lambda done: self._connected(dialog, done))
        dialog.exec()
        dialog.deleteLater()

    def _connected(self, dialog: Any, done: Any) -> None:
        if done.password_note:
            self.runner.password = dialog.typed_password()  # this session only, in memory
            QMessageBox.information(self.window, "Calendar connected", done.password_note)
        account = done.account
        self.ctx.status_message.emit(f"Connected to “{account.calendar_name}” on {account.host}.")
        self.runner.refresh_status()
        self.runner.sync_now()

    def ask_password(self) -> None:
        from planner.calendar.sync.account import load_account

        account = load_account(self.ctx.db)
        if account is None:
            return
        text, ok = QInputDialog.getText(
            self.window, "Calendar password",
            f"Password for {account.username} on {account.host}\n(kept only until Amends closes):",
            QLineEdit.EchoMode.Password)
        if ok and text:
            self.runner.password = text
            self.runner.last_error = ""
            self.runner.sync_now()

    def open_choices(self) -> None:
        from ui.calendar.choices_dialog import ChoicesDialog

        dialog = ChoicesDialog(self.ctx, self.window, on_answered=self.on_moved)
        dialog.exec()
        answered = dialog.answers
        dialog.deleteLater()
        self.runner.refresh_status()
        if answered:
            self.runner.sync_now()

    def ask_disconnect(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Disconnect calendar",
                          "Stop syncing follow-ups and visits with the calendar?", parent=self.window)
        box.setInformativeText("You can leave the events Amends put there (they stay as they are) "
                               "or delete them from the calendar first.")
        remove = box.addButton("Delete the events, then disconnect",
                               QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep the events, disconnect", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked not in (remove, keep):
            return
        self.disconnect(remove_events=clicked is remove)

    def disconnect(self, *, remove_events: bool) -> None:
        password = self.runner.password

        def work(db: Any, report: Any) -> object:
            from planner.calendar.sync.service import disconnect

            return disconnect(db, remove_events=remove_events, password=password)

        self.job = Job(self.ctx.data_dir, work)
        self.job.signals.succeeded.connect(self._disconnected)
        self.job.signals.failed.connect(
            lambda text: QMessageBox.warning(self.window, "Disconnect calendar", text))
        QThreadPool.globalInstance().start(self.job)

    def _disconnected(self, removed: object) -> None:
        self.job = None
        self.runner.password = None
        self.runner.refresh_status()
        self.ctx.status_message.emit(f"Calendar disconnected; {removed} event(s) deleted there."
                                     if removed else "Calendar disconnected; its events stay there.")


def add_calendar_controls(window: QMainWindow, menu: QMenu, ctx: AppContext,
                          on_moved: Callable[[], None]) -> CalendarControls:
    """Put the calendar entries in ``menu`` and the status in the status bar, and start syncing."""
    controls = CalendarControls(window, menu, ctx, on_moved)
    controls.start()
    return controls
