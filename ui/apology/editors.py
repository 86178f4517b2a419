"""The writing fields of the Apology step: a checked editor per part, and optional date fields."""
from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner.apology.checker import Finding
from planner.apology.service import CHANNELS, Apology
from planner.playbooks.guidance import NEUTRAL_EXAMPLES
from ui.apology.highlighter import FindingsHighlighter, FindingTips, Linter, Snapshot
from ui.editing.date_field import DateTimeField
from ui.editing.fields import LineEdit
from ui.widgets import TextBox

GUIDANCE: dict[str, tuple[str, str, str]] = {
    # part: (title, one line of guidance, placeholder until the failure type's playbook gives one)
    "regret": ("Regret", "Say sorry, plainly, for what they went through.",
               NEUTRAL_EXAMPLES["regret"]),
    "responsibility": ("Responsibility",
                       "What we did wrong, in the first person. No excuses, no blame.",
                       NEUTRAL_EXAMPLES["responsibility"]),
    "remedy": ("Remedy", "The fix, with a date and an owner, and when we will check back.",
               NEUTRAL_EXAMPLES["remedy"]),
}


class PartTextBox(TextBox):
    """A TextBox that asks for three lines, so three parts and the moments fit on one screen."""

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().lineSpacing() * 3 + 14)


class PartEditor(QWidget):
    """One part of the apology: its title, a line of guidance, and a checked plain-text editor."""

    focused = Signal(str)  # the part, when its editor gets keyboard focus

    def __init__(
        self, part: str, linter: Linter, snapshot: Snapshot | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.part = part
        title, guidance, placeholder = GUIDANCE[part]
        self.title = QLabel(f"<b>{title}</b>")
        self.guidance = QLabel(guidance)
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("color: palette(placeholder-text);")
        self.editor = PartTextBox(placeholder, 3)
        self.editor.setAccessibleName(title)
        self.editor.setMaximumHeight(16_777_215)  # grow with the page; the default caps at 2x
        self.highlighter = FindingsHighlighter(self.editor, linter, snapshot)
        self.tips = FindingTips(self.editor, self.highlighter)
        self.title.setBuddy(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.guidance)
        layout.addWidget(self.editor, 1)
        self.editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusIn:
            self.focused.emit(self.part)
        return False

    def text(self) -> str:
        return self.editor.toPlainText()

    def findings(self) -> list[Finding]:
        return self.highlighter.findings()

    def _cursor_for(self, finding: Finding) -> QTextCursor:
        offsets = self.highlighter.offsets()
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(offsets.qt(finding.start))
        cursor.setPosition(offsets.qt(finding.end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def select_span(self, finding: Finding) -> None:
        """Select the finding's words in the editor and put the keyboard there."""
        self.editor.setTextCursor(self._cursor_for(finding))
        self.editor.ensureCursorVisible()
        self.editor.setFocus()

    def apply_fix(self, finding: Finding) -> None:
        """Put the finding's replacement in place of its words, as one undoable edit (Ctrl+Z
        takes it back). A bracketed prompt in it ("[say what it cost them]") is selected, so
        the rep types their own words straight over it."""
        if finding.replacement is None:
            return
        cursor = self._cursor_for(finding)
        start = cursor.selectionStart()
        cursor.insertText(finding.replacement)
        prompt = finding.replacement.find("[")
        if prompt >= 0 and "]" in finding.replacement[prompt:]:
            end = finding.replacement.index("]", prompt) + 1
            cursor.setPosition(start + prompt)
            cursor.setPosition(start + end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def insert_phrase(self, phrase: str) -> None:
        """Insert a phrase at the cursor, with a space before it when it would touch a word."""
        cursor = self.editor.textCursor()
        before = self.text()[: self.highlighter.offsets().py(cursor.selectionStart())]
        if before and not before[-1].isspace():
            phrase = " " + phrase
        cursor.insertText(phrase)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()


class OptionalDate(QObject):
    """A date (or date and time) that may be left unset: a tick box switches its field on.

    It owns two widgets, ``enabled`` and ``edit`` (a typed DateTimeField looking ahead), for
    the caller to place in its grid.
    """

    changed = Signal()

    def __init__(self, label: str, with_time: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.enabled = QCheckBox(label)
        self.edit = DateTimeField(with_time=with_time, prefer="future", default_time=time(10, 0),
                                  name=label)
        self.edit.setEnabled(False)
        self.enabled.toggled.connect(self._toggled)
        self.edit.changed.connect(self.changed)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.changed.emit()

    def value(self) -> date | datetime | None:
        if not self.enabled.isChecked():
            return None
        return self.edit.value()

    def set_value(self, value: date | datetime | None) -> None:
        """Show value without emitting changed (None: unticked, showing today)."""
        with QSignalBlocker(self.enabled):
            self.enabled.setChecked(value is not None)
            self.edit.setEnabled(value is not None)
            if value is None:
                today = date.today()
                value = datetime.combine(today, time(10, 0)).astimezone() if self.with_time \
                    else today
            self.edit.set_value(value)


class PlanFields(QWidget):
    """The promise around the words: remedy due date and owner, check-back, channel, timing."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.remedy_due = OptionalDate("Remedy due", parent=self)
        self.remedy_owner = LineEdit(placeholderText="Who does it")
        self.remedy_owner.setAccessibleName("Remedy owner")
        self.check_back = OptionalDate("Check back on", parent=self)
        self.channel = QComboBox()
        self.channel.setAccessibleName("Channel")
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.channel.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.planned_for = OptionalDate("on", with_time=True, parent=self)
        self.planned_for.edit.edit.setAccessibleName("Apologize on")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        # One promise a row, so the fields keep their width beside a narrow editor.
        owner = QLabel("Remedy owner")
        owner.setBuddy(self.remedy_owner)
        grid.addWidget(self.remedy_due.enabled, 0, 0)
        grid.addWidget(self.remedy_due.edit, 0, 1)
        grid.addWidget(owner, 1, 0)
        grid.addWidget(self.remedy_owner, 1, 1)
        grid.addWidget(self.check_back.enabled, 2, 0)
        grid.addWidget(self.check_back.edit, 2, 1)
        grid.setColumnStretch(1, 1)
        self.remedy_owner.setMinimumWidth(90)
        # How and when the apology is said sits apart, above the editors, beside its warnings.
        self.how_row = QWidget()
        how = QHBoxLayout(self.how_row)
        how.setContentsMargins(0, 0, 0, 0)
        how.addWidget(QLabel("Apologize"))
        how.addWidget(self.channel)
        how.addWidget(self.planned_for.enabled)
        how.addWidget(self.planned_for.edit)
        how.addStretch(1)
        for field in (self.remedy_due, self.check_back, self.planned_for):
            field.changed.connect(self.changed)
        self.remedy_owner.textEdited.connect(lambda _text: self.changed.emit())
        self.channel.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def show_apology(self, apology: Apology) -> None:
        """Fill the fields from apology without emitting changed."""
        with QSignalBlocker(self.remedy_owner), QSignalBlocker(self.channel):
            self.remedy_owner.setText(apology.remedy_owner)
            self.channel.setCurrentIndex(max(0, self.channel.findData(apology.channel)))
        self.remedy_due.set_value(apology.remedy_due)
        self.check_back.set_value(apology.check_back)
        self.planned_for.set_value(apology.planned_for)

    def read_into(self, apology: Apology) -> None:
        """Copy the fields into apology."""
        due, back = self.remedy_due.value(), self.check_back.value()
        planned = self.planned_for.value()
        apology.remedy_due = None if isinstance(due, datetime) else due
        apology.check_back = None if isinstance(back, datetime) else back
        apology.planned_for = planned if isinstance(planned, datetime) else None
        apology.remedy_owner = self.remedy_owner.text()
        apology.channel = str(self.channel.currentData())
