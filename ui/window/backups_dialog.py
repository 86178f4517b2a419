"""Help > Backups…: the copies Amends keeps, a backup on demand, and restoring one safely."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.store.backups import MANUAL, BackupInfo, list_backups, take_backup
from planner.store.paths import backups_dir
from planner.store.restore import restore_backup
from ui.background import BackgroundTask
from ui.context import AppContext

POLICY = (
    "Amends copies your data on the first start of each day and before every upgrade. It keeps "
    "a copy for each of the last 7 days, then one a week for a month and one a month for half "
    "a year, plus the last 5 you take yourself."
)


class BackupsDialog(QDialog):
    """Lists the backups (newest first) with their date, reason and size."""

    restored = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Backups")
        self.resize(640, 420)
        self.backups: list[BackupInfo] = []
        self.task = BackgroundTask(ctx, self)
        intro = QLabel(POLICY)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No backups yet: the first is taken when Amends opens tomorrow, or "
                            "press “Back up now”.")
        self.empty.setWordWrap(True)
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore…")
        self.folder_button = QPushButton("Show &folder")
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(close)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.show_folder)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the backups folder."""
        self.backups = list_backups(self.ctx.data_dir)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            when = backup.taken_at.astimezone().strftime("%a %d %b %Y, %H:%M")
            size = f"{backup.size / 1024:,.0f} KB"
            for column, text in enumerate((when, backup.label, size)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def back_up_now(self) -> bool:
        """Save pending edits, then take a manual backup on a worker; False if one is running."""
        self.ctx.autosaver.flush()
        data_dir = self.ctx.data_dir
        return self.task.start(
            lambda db, _report: take_backup(db.conn, data_dir, MANUAL),
            title="Back up now", label="Backing up your data…",
            on_done=self._backed_up, on_failed=self._failed, exclusive=True,
        )

    def _backed_up(self, backup: BackupInfo) -> None:
        self.refresh()
        self.ctx.status_message.emit(f"Backed up to {backup.path}.")

    def restore_selected(self) -> bool:
        """Ask, then on a worker back up what is there now and restore the chosen copy.

        The window is disabled meanwhile (the restore has the file to itself) and reloads after.
        """
        backup = self.selected()
        if backup is None or self.task.busy():
            return False
        when = backup.taken_at.astimezone().strftime("%A %d %B %Y at %H:%M")
        answer = QMessageBox.question(
            self, "Restore this backup?",
            f"Replace all your current data with the backup from {when}?\n\nAmends first "
            "makes a copy of your data as it is now (listed as “Before a restore”), so you "
            "can go back.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.ctx.autosaver.flush()
        data_dir, chosen = self.ctx.data_dir, backup.path
        # The whole restore runs on the worker's own connection: the backup API copies into
        # the live file in one write transaction, and the window's idle connection sees the
        # new content (and schema) on its next read. The window must not write meanwhile.
        return self.task.start(
            lambda db, _report: restore_backup(db, data_dir, chosen),
            title="Restore", label=f"Restoring the backup from {when}…",
            on_done=lambda _before: self._restored(when), on_failed=self._failed, exclusive=True,
        )

    def _restored(self, when: str) -> None:
        # Pending edits belonged to the data that was just replaced (it is in the copy).
        self.ctx.autosaver.discard_pending()
        self.ctx.history.clear()  # its steps were edits of the data just replaced
        self.restored.emit()
        self.refresh()
        self.ctx.status_message.emit(f"Restored the backup from {when}.")

    def _failed(self, message: str) -> None:
        self.refresh()  # a failed restore may still have left its "before a restore" copy
        QMessageBox.warning(self, "Amends could not do that", message)

    def reject(self) -> None:
        if not self.task.busy():  # Escape or Close while a job runs would cut it off
            super().reject()

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups_dir(self.ctx.data_dir))))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)


def reload_window_data(window: Any) -> None:
    """After the data under a main window changed wholesale: re-read the list and the incident."""
    window.refresh_list()
    if window.list_panel.current_id() is None:
        window.workspace.load(None)
    else:
        window.workspace.reload()
    window.ctx.incidents_changed.emit()


def show_backups_dialog(window: Any) -> BackupsDialog:
    """Help > Backups… for a main window; a restore reloads what the window shows."""
    dialog = BackupsDialog(window.ctx, window)
    dialog.restored.connect(lambda: reload_window_data(window))
    dialog.exec()
    return dialog
