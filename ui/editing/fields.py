"""Small text widgets every page shares: fields whose Ctrl+Z goes on to the window's history once
their own typing is undone, and a one-line label that ends in "…" rather than being cut."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget


def passes_undo_on(event: QEvent, can_undo: bool, can_redo: bool) -> bool:
    """For a text field's ShortcutOverride: True when Ctrl+Z (or redo) should go past the field
    to the window's Edit menu, because the field has nothing of its own to undo (or redo).

    Text fields claim Ctrl+Z even with an empty undo history; then the window's history (the
    deleted moment, the follow-up marked done, this field's saved typing) is what to undo.
    """
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if event.matches(QKeySequence.StandardKey.Undo):
        return not can_undo
    if event.matches(QKeySequence.StandardKey.Redo):
        return not can_redo
    return False


class LineEdit(QLineEdit):
    """A one-line field whose Ctrl+Z undoes its own typing first, then the window's last step."""

    def event(self, event: QEvent) -> bool:
        if passes_undo_on(event, self.isUndoAvailable(), self.isRedoAvailable()):
            event.ignore()
            return True
        return super().event(event)


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when it does not fit, with all of it on hover."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = self._tip = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        # All of it when there is room; down to a few letters and "…" when there is not.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str, tip: str = "") -> None:
        """Show ``text`` (cut to the width with "…" when needed; the tooltip holds it all, or
        ``tip`` when given)."""
        self._full, self._tip = text, tip
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("Wwww…")),
                     super().minimumSizeHint().height())

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 24))
        super().setText(shown)
        self.setToolTip(self._tip or (self._full if shown != self._full else ""))
