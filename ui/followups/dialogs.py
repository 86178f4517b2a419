"""Small dialogs of the follow-ups step: add or edit one, say what came of it, close the incident."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.errors import ValidationError
from planner.followups.service import (
    PURPOSE_LIMIT,
    FollowUp,
    FollowUpStatus,
    valid_zone,
    validate_followup,
)
from planner.timeutil import local_zone_name
from ui.editing.date_field import DateTimeField
from ui.field_labels import describe
from ui.followups.model import CHANNEL_LABELS, date_text, time_text
from ui.widgets import ErrorLabel, TextBox

DEFAULT_TIME = time(10, 0)


def system_zone_name() -> str:
    """The IANA name of the computer's zone, as Qt knows it (also on Windows)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if valid_zone(name) else local_zone_name()


class FollowUpDialog(QDialog):
    """Date, time or all day, channel and purpose of one follow-up (its outcome once done)."""

    def __init__(self, followup: FollowUp, *, new: bool, parent: QWidget | None = None,
                 clash_check: Callable[[FollowUp], str] | None = None) -> None:
        super().__init__(parent)
        self.original = followup
        self.setWindowTitle("Add follow-up" if new else "Edit follow-up")
        self.setMinimumWidth(600)
        # One typed field: "fri" is all day, "fri 10:00" at ten (in the follow-up's own zone).
        self.when = DateTimeField(with_time=None, prefer="future", default_time=DEFAULT_TIME,
                                  name="Date")
        self.when.set_value(followup.due_date if followup.due_time is None
                            else datetime.combine(followup.due_date, followup.due_time))
        self.clash = QLabel()
        self.clash.setWordWrap(True)
        self.clash.setStyleSheet("color: #b3261e;")
        self.clash.hide()
        self._clash_check = clash_check
        self.when.changed.connect(self._check_clash)
        self.channel = QComboBox()
        for key, label in CHANNEL_LABELS.items():
            self.channel.addItem(label, key)
        self.channel.setCurrentIndex(max(0, self.channel.findData(followup.channel)))
        self.purpose = QLineEdit(followup.purpose)
        self.purpose.setMaxLength(PURPOSE_LIMIT)
        self.purpose.setPlaceholderText("What it is for, e.g. check the replacement end caps arrived")
        self.purpose.setCursorPosition(0)  # show the start of a long purpose, not its end
        self.outcome = TextBox("What came of it", 3)
        self.outcome.set_text(followup.outcome)
        self.error = ErrorLabel()
        form = QFormLayout()
        date_label = QLabel("&When")
        date_label.setBuddy(self.when.edit)
        form.addRow(date_label, self.when)
        note = QLabel("A date alone makes it an all-day follow-up; add a time for a set one.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", note)
        form.addRow("", self.clash)
        form.addRow("&Channel", self.channel)
        form.addRow("&Purpose", self.purpose)
        if followup.status != FollowUpStatus.PENDING:
            form.addRow("&Outcome", self.outcome)
        if followup.tz != system_zone_name():
            form.addRow("Time zone", QLabel(followup.tz))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.purpose.setFocus()

    def followup(self) -> FollowUp:
        """The follow-up as the form now says (its date and time as typed, in its own zone)."""
        value = self.when.value()
        day = value.date() if isinstance(value, datetime) else value or self.original.due_date
        clock = value.time().replace(tzinfo=None) if isinstance(value, datetime) else None
        return replace(
            self.original, due_date=day, due_time=clock,
            channel=str(self.channel.currentData()), purpose=self.purpose.text().strip(),
            outcome=self.outcome.toPlainText().strip()
            if self.original.status != FollowUpStatus.PENDING else self.original.outcome,
        )

    def _check_clash(self) -> None:
        """Say when the time typed is already booked (a warning: it can still be saved)."""
        text = self._clash_check(self.followup()) if self._clash_check else ""
        self.clash.setText(f"⚠ {text} Pick another time, or keep it if you mean to." if text else "")
        self.clash.setVisible(bool(text))

    def accept(self) -> None:
        if not self.when.commit():
            self.error.show_error(f"Date: {self.when.problem()}")
            return
        try:
            validate_followup(self.followup())
        except ValidationError as exc:
            self.error.show_error(describe(exc))
            return
        super().accept()


class OutcomeDialog(QDialog):
    """Asks what came of a follow-up; "Mark done" waits until something is written."""

    def __init__(self, followup: FollowUp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark follow-up done")
        self.setMinimumWidth(460)
        about = QLabel(f"{followup.purpose}\n{date_text(followup)}, {time_text(followup, followup.tz)}")
        about.setWordWrap(True)
        prompt = QLabel("What came of it? What did they say, what was agreed, what happens next?")
        prompt.setWordWrap(True)
        self.outcome = TextBox("For example: Dana confirmed the end caps fit; the handover is on Monday.", 4)
        self.outcome.setAccessibleName("Outcome")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.done_button = buttons.addButton("Mark done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.outcome.textChanged.connect(lambda: self.done_button.setEnabled(bool(self.text())))
        layout = QVBoxLayout(self)
        for widget in (about, prompt, self.outcome, buttons):
            layout.addWidget(widget)
        self.outcome.setFocus()

    def text(self) -> str:
        return self.outcome.toPlainText().strip()


class CloseIncidentDialog(QDialog):
    """Takes the customer's own words of satisfaction; with pending follow-ups, asks to skip them."""

    def __init__(self, pending: int, confirmation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close incident")
        self.setMinimumWidth(480)
        prompt = QLabel("An incident is closed when the customer says they are satisfied. "
                        "What did they say, and when?")
        prompt.setWordWrap(True)
        self.confirmation = TextBox("For example: Dana, by phone on 2 April: “All sorted, thank you.”", 3)
        self.confirmation.set_text(confirmation)
        self.skip = QCheckBox()
        noun = "follow-up is" if pending == 1 else "follow-ups are"
        self.skip.setText(f"{pending} {noun} still pending — skip them and close anyway")
        self.skip.setVisible(pending > 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = buttons.addButton("Close incident", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for signal in (self.confirmation.textChanged, self.skip.toggled):
            signal.connect(self._enable)
        layout = QVBoxLayout(self)
        for widget in (prompt, self.confirmation, self.skip, buttons):
            layout.addWidget(widget)
        self._pending = pending
        self._enable()

    def text(self) -> str:
        return self.confirmation.toPlainText().strip()

    def _enable(self) -> None:
        self.close_button.setEnabled(bool(self.text()) and (not self._pending or self.skip.isChecked()))


# Module-level entry points, so tests replace them instead of driving modal dialogs.
def edit_followup(parent: QWidget | None, followup: FollowUp, *, new: bool,
                  clash_check: Callable[[FollowUp], str] | None = None) -> FollowUp | None:
    """The edited follow-up, or None when cancelled; ``clash_check`` names what else is booked
    at its time, shown as the date is typed."""
    dialog = FollowUpDialog(followup, new=new, parent=parent, clash_check=clash_check)
    dialog._check_clash()
    try:
        return dialog.followup() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_outcome(parent: QWidget | None, followup: FollowUp) -> str | None:
    """What came of the follow-up, or None when cancelled."""
    dialog = OutcomeDialog(followup, parent)
    try:
        return dialog.text() or None if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_close(parent: QWidget | None, pending: int, confirmation: str) -> str | None:
    """The customer's confirmation to close with (pending ones agreed to be skipped), or None."""
    dialog = CloseIncidentDialog(pending, confirmation, parent)
    try:
        return dialog.text() or None if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
