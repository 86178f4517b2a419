"""Small reusable widgets and converters shared by the step pages."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.editing.fields import passes_undo_on


def to_qdatetime(value: datetime | None) -> QDateTime:
    """An aware datetime shown in local time."""
    if value is None:
        return QDateTime.currentDateTime()
    local = value.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """A local QDateTime as an aware datetime."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).astimezone()


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def from_qdate(value: QDate) -> date | None:
    return date(value.year(), value.month(), value.day()) if value.isValid() else None


def commit_open_editors() -> None:
    """Store the text of a table or list cell still being edited, before a flush reads it.

    An item delegate commits when its editor loses focus; taking the focus away does that
    (synchronously: commitData reaches the model, whose edit schedules the save).
    """
    widget = QApplication.focusWidget()
    if widget is None:
        return
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            if widget is not parent:  # an editor inside the view, not the view itself
                widget.clearFocus()
            return
        parent = parent.parentWidget()


class TextBox(QPlainTextEdit):
    """A plain-text editor sized for a few lines, with Tab moving focus like a line edit.

    Like LineEdit, Ctrl+Z goes on to the window's history once the box has nothing to undo.
    """

    edited = Signal()

    def __init__(self, placeholder: str = "", lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height * 2)
        self._loading = False
        self.textChanged.connect(self._changed)

    def set_text(self, text: str) -> None:
        """Replace the text without counting it as an edit (and without an undo step)."""
        if self.toPlainText() == text:
            return
        self._loading = True
        self.setPlainText(text)
        self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def event(self, event: QEvent) -> bool:
        document = self.document()
        if passes_undo_on(event, document.isUndoAvailable(), document.isRedoAvailable()):
            event.ignore()
            return True
        return super().event(event)


class ErrorLabel(QLabel):
    """A red line under a form that names the field and what to do; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("color: #c0392b; font-weight: 600;")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


_OPENING_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                           Qt.Key.Key_Home, Qt.Key.Key_End})
_COMMAND_KEYS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                 | Qt.KeyboardModifier.MetaModifier)


class ChoiceCombo(QComboBox):
    """A drop-down whose choice is made only in its open list.

    A closed QComboBox changes (and reports) its choice on every arrow key, letter or turn of
    the mouse wheel; for a choice with consequences (a failure type offers a playbook, Closed
    closes the incident) that commits what the user only passed over. Here those keys open
    the list, where arrows move the highlight and Enter chooses; the wheel scrolls the page.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        typed = event.text().strip() and not event.modifiers() & _COMMAND_KEYS
        if key in _OPENING_KEYS or typed:
            self.showPopup()
            if typed:
                self.view().keyboardSearch(event.text())  # highlights, chooses nothing
            event.accept()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # the scroll area around the form scrolls instead


class OfferBar(QFrame):
    """A quiet bar across the top of a page that offers something without stopping the user:
    a sentence, an action button and "Not now". Hidden until `offer` is called."""

    accepted = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offerBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Palette roles, so the bar reads in light and dark themes alike.
        self.setStyleSheet("#offerBar { background: palette(alternate-base);"
                           " border: 1px solid palette(highlight); border-radius: 4px; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.action = QPushButton()
        self.later = QPushButton("Not now")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.action)
        row.addWidget(self.later)
        self.action.clicked.connect(self._accept)
        self.later.clicked.connect(self.dismiss)
        self.hide()

    def offer(self, text: str, action: str) -> None:
        """Show ``text`` with an ``action`` button (say "Review…") beside "Not now"."""
        self.text.setText(text)
        self.action.setText(action)
        self.show()

    def dismiss(self) -> None:
        """Put the offer away; nothing it offered is changed."""
        self.hide()
        self.dismissed.emit()

    def _accept(self) -> None:
        self.hide()
        self.accepted.emit()




def fit_combo(combo: QComboBox, characters: int = 10, hint: str = "") -> None:
    """Let a drop-down shrink below its longest entry in a narrow window (its list still shows
    every entry in full); the tooltip names the chosen entry in full, then ``hint``."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)

    def tip(*_: object) -> None:
        combo.setToolTip("\n".join(t for t in (combo.currentText(), hint) if t))

    combo.currentIndexChanged.connect(tip)
    combo.model().modelReset.connect(tip)
    tip()
