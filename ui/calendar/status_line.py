"""The quiet calendar status in the status bar ("Synced 10:04", "3 changes waiting — offline")."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QToolButton, QWidget


class SyncStatusButton(QToolButton):
    """Shows how the calendar stands; a click syncs now, or opens what needs the rep's choice."""

    sync_requested = Signal()
    choices_requested = Signal()
    password_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steals the keyboard from a field
        self.setStyleSheet("QToolButton { color: palette(mid); padding: 0 6px; border: none; }")
        self.setAccessibleName("Calendar sync status")
        self.clicked.connect(self._clicked)
        self.problem = ""
        self.setVisible(False)

    def show_status(self, text: str) -> None:
        """Show ``text``; nothing at all while no calendar is connected."""
        self.setVisible(bool(text))
        self.setText(f"Calendar: {text}" if text else "")
        if "choice" in text:
            tip = "Click to see what changed on both sides, or was deleted in the calendar."
        elif "password" in text:
            tip = "Click to type the calendar password for this session."
        else:
            tip = "Click to sync now."
        self.setToolTip(f"{self.problem}\n\n{tip}" if self.problem else tip)

    def show_problem(self, message: str) -> None:
        self.problem = message
        self.show_status(self.text().removeprefix("Calendar: "))

    def _clicked(self) -> None:
        text = self.text()
        if "choice" in text:
            self.choices_requested.emit()
        elif "password" in text:
            self.password_requested.emit()
        else:
            self.sync_requested.emit()
