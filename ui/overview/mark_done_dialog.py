"""A small dialog that asks what came of a follow-up before it is marked done."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from planner.overview.today import FollowUpItem
from ui.overview.today_models import when_text
from ui.widgets import TextBox


class MarkDoneDialog(QDialog):
    """Shows the follow-up and takes its outcome; "Mark done" waits until something is written."""

    def __init__(self, item: FollowUpItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark follow-up done")
        self.setMinimumWidth(460)
        about = QLabel()
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setWordWrap(True)
        about.setText(
            f"<b>{escape(item.purpose or 'Follow-up')}</b><br>{escape(item.company)} · "
            f"{escape(item.channel)} · {when_text(item.starts_at, item.day)}"
        )
        prompt = QLabel("What came of it? (what they said, what you agreed, what happens next)")
        prompt.setWordWrap(True)
        self.outcome = TextBox("For example: Dana confirmed the end caps fit; call again on the 30th.", 4)
        self.outcome.setAccessibleName("Outcome")
        prompt.setBuddy(self.outcome)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.done_button = self.buttons.addButton("Mark done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.outcome.textChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addSpacing(6)
        layout.addWidget(prompt)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.outcome.setFocus()

    def outcome_text(self) -> str:
        return self.outcome.toPlainText().strip()

    def _enable(self) -> None:
        self.done_button.setEnabled(bool(self.outcome_text()))


def ask_outcome(parent: QWidget | None, item: FollowUpItem) -> str | None:
    """The outcome the user wrote, or None when they cancelled. Tests replace this function."""
    dialog = MarkDoneDialog(item, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.outcome_text():
            return dialog.outcome_text()
        return None
    finally:
        dialog.deleteLater()
